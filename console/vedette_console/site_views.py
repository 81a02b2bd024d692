"""Views and tours of a site (docs/sites.md "Views and tours of a site"): at a site the
live view's saved views and tours are the site directory's, naming the directory's
camera ids, so one view holds cameras of every recording server and follows a
camera that moved to another server.

``SiteViews`` gives ``views.saved_views.SavedViews`` what it needs for that: a
``CallRunner`` that runs an operation's work against the directory's client (on
the main session's workers, with its failure handling), and ``SiteCameras``, which
turns a tile's camera (its server, its id there) into the directory's id and back.

Invariants:
- A directory camera id is shown on the server the directory says records it now,
  by the id that server gives it (the same ``site_camera_id``); a camera that no
  signed-in server has is left out of the grid, never shown on a wrong server.
- A tile whose camera the directory does not know (a server's own camera, not a
  site camera) is not saved into a site view; the save says how many were left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import cameras_pb2

if TYPE_CHECKING:
    from vedette_console.background import OnDone, OnError
    from vedette_console.session import Session

T = TypeVar("T")


class DirectoryCalls:
    """A ``CallRunner`` (``operations.server_op``) whose calls go to the directory."""

    def __init__(self, directory: Client, session: Callable[[], Session]) -> None:
        self.directory = directory
        self._session = session

    def call(
        self,
        work: Callable[[Client], T],
        on_done: OnDone[T] | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
        background: bool = False,
    ) -> None:
        directory = self.directory
        self._session().call(
            lambda _member: work(directory),
            on_done,
            on_error,
            owner=owner,
            background=background,
        )


class SiteCameras:
    """The site's cameras by their directory ids, and where each is recorded now.

    ``member_keys()`` gives each member server's ``host:port`` key by its site name;
    ``member_cameras(key)`` that server's cameras as the console last listed them."""

    def __init__(
        self,
        member_keys: Callable[[], dict[str, str]],
        member_cameras: Callable[[str], list[cameras_pb2.Camera]],
    ) -> None:
        self._keys = member_keys
        self._cameras = member_cameras
        #: The directory's cameras (``set_directory_cameras``, at each views reload).
        self.directory: dict[int, cameras_pb2.Camera] = {}

    def set_directory_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.directory = {camera.id: camera for camera in cameras if camera.site_camera_id}

    def place(self, directory_id: int) -> tuple[str, int] | None:
        """(server key, camera id there) of the server that records the camera now."""
        camera = self.directory.get(directory_id)
        if camera is None:
            return None
        key = self._keys().get(camera.recording_server)
        if key is None:
            return None
        local = next(
            (c.id for c in self._cameras(key) if c.site_camera_id == camera.site_camera_id), None
        )
        return None if local is None else (key, local)

    def directory_id(self, key: str, camera_id: int) -> int | None:
        """The directory's id of camera ``camera_id`` of server ``key`` (None: not a
        site camera, or not one the directory listed)."""
        site_id = next((c.site_camera_id for c in self._cameras(key) if c.id == camera_id), "")
        if not site_id:
            return None
        return next((c.id for c in self.directory.values() if c.site_camera_id == site_id), None)


class SiteViews:
    """What saved views need at a site: where calls go, and the camera mapping."""

    def __init__(self, calls: DirectoryCalls, cameras: SiteCameras) -> None:
        self.calls = calls
        self.cameras = cameras
