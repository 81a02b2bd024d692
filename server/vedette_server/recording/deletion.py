"""Deleting a camera together with its recordings (through the garbage list).

``delete_camera`` blocks and runs on the catalog thread. It is refused while any of
the camera's segments is locked as evidence: unlock them first, on purpose.
``CameraRemoval`` (event loop) is what the API calls: the deletion, then what must
follow it, the camera forgotten by the permission groups, the ingest workers and
whoever else asked (``on_deleted``: the PTZ service stops a cruise on it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from vedette_server.accounts.authorization import AccountDirectory
from vedette_server.accounts.groups import PermissionGroups
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, Segment
from vedette_server.catalog.segments import mark_garbage
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, NotFound
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.garbage_files import unlink_garbage
from vedette_server.recording.status import StatusBoard
from vedette_server.recording.volumes import VolumeManager


def delete_camera(catalog: Catalog, volumes: VolumeManager, camera_id: int) -> int:
    """Delete the camera and its segments; returns how many segments went."""
    roots = volumes.roots()
    with catalog.atomic():
        camera = Camera.get_or_none(Camera.id == camera_id)
        if camera is None:
            raise NotFound("camera", camera_id)
        segments = Segment.select(Segment.id, Segment.locked).where(Segment.camera == camera_id)
        if any(s.locked for s in segments):
            raise FailedPrecondition(
                f"camera {camera.name!r} has locked (evidence) recordings; unlock them first"
            )
        entries = mark_garbage(catalog, [s.id for s in segments])
        camera.delete_instance()
    unlink_garbage(catalog, entries, roots)
    return len(entries)


class CameraRemoval:
    """Deleting cameras as the API asks: recordings, rights, workers and status."""

    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        volumes: VolumeManager,
        groups: PermissionGroups,
        directory: AccountDirectory,
        status: StatusBoard,
        reconfigure_workers: Callable[[], Awaitable[None]],
        on_deleted: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.volumes = volumes
        self.groups = groups
        self.directory = directory
        self.status = status
        self.reconfigure_workers = reconfigure_workers
        self.on_deleted = on_deleted

    async def delete(self, camera_id: int) -> None:
        """Delete one camera and its recordings; its worker stops."""

        def delete_and_forget() -> None:
            delete_camera(self.catalog, self.volumes, camera_id)
            self.groups.forget_camera(camera_id)
            self.directory.reload()

        await self.thread.call(delete_and_forget)
        await self.reconfigure_workers()
        self.status.forget(camera_id)
        if self.on_deleted is not None:
            await self.on_deleted(camera_id)

    async def erase_all(self) -> None:
        """Every camera (a factory reset that does not keep them)."""
        for camera in await self.thread.call(self.cameras.list_all):
            await self.delete(camera.id)
