"""The search view (SEARCH-01..06): one tab per way of searching, each in its module.

- ``time_slices``: year → month → day → hour → minute thumbnails, or every camera
  at one instant;
- ``by_time``: up to 16 cameras on a timeline, thumbnails following the pointer;
- ``events``: events by type, time range and camera;
- ``tags``: the tag list;
- ``snapshots``: the snapshot gallery;
- ``motion``: runs of motion in a region of a camera's picture (the motion index).

Every request is a named operation (``vedette_console.operations``) run on the
view's session; pictures are the server's JPEG thumbnails; times are shown in the
server's zone and formats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from vedette_api.v1 import alarms_pb2, cameras_pb2
from vedette_console.session import Session
from vedette_console.views.search.by_time import TimeSearch
from vedette_console.views.search.events import EventSearch
from vedette_console.views.search.motion import MotionSearch
from vedette_console.views.search.snapshots import SnapshotGallery
from vedette_console.views.search.tags import TagList
from vedette_console.views.search.time_slices import TimeSliceView
from vedette_console.views.server_view import follow_session

__all__ = [
    "EventSearch",
    "MotionSearch",
    "SearchView",
    "SnapshotGallery",
    "TagList",
    "TimeSearch",
    "TimeSliceView",
]


class SearchView(QWidget):
    """Signals: ``open_playback(camera_id, time_us)``, ``backup_requested(items)``."""

    open_playback = Signal(object, object)
    backup_requested = Signal(object)

    def __init__(
        self, session: Session, notify: Callable[[str], None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.session = session
        self.slices = TimeSliceView(session, notify)
        self.by_time = TimeSearch(session, notify)
        self.events = EventSearch(session, notify)
        self.tags = TagList(session, notify)
        self.snapshots = SnapshotGallery(session, notify)
        self.motion = MotionSearch(session, notify)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.slices, self.tr("Time slices"))
        self.tabs.addTab(self.by_time, self.tr("By time"))
        self.tabs.addTab(self.events, self.tr("Events"))
        self.tabs.addTab(self.tags, self.tr("Tags"))
        self.tabs.addTab(self.snapshots, self.tr("Snapshots"))
        self.tabs.addTab(self.motion, self.tr("Motion"))
        self.tabs.currentChanged.connect(lambda _: self.activate())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        for part in (self.slices, self.by_time, self.events, self.tags, self.motion):
            part.open_playback.connect(self.open_playback)
        self.events.backup_requested.connect(self.backup_requested)
        self.motion.backup_requested.connect(self.backup_requested)
        follow_session(None, session, changed=self._on_changed, settings=self._on_settings)

    def _parts(self) -> tuple[Any, ...]:
        return (self.slices, self.by_time, self.events, self.tags, self.snapshots, self.motion)

    def set_session(self, session: Session) -> None:
        """Work on another server (its cameras come with set_cameras)."""
        follow_session(self.session, session, changed=self._on_changed, settings=self._on_settings)
        self.session = session
        for part in self._parts():
            part.session = session
            part.clear()
            part.set_display(session.settings.display)

    def signed_in(self) -> None:
        """A (new) sign-in: the shown tab's list again."""
        self.activate()

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.slices.set_cameras(cameras)
        self.by_time.set_cameras(cameras)
        self.events.set_cameras(cameras)
        self.motion.set_cameras(cameras)
        self.tags.names = {c.id: c.name for c in cameras}

    def activate(self) -> None:
        """The lists that are fetched when shown: tags and snapshots."""
        widget = self.tabs.currentWidget()
        if widget is self.tags:
            self.tags.load()
        elif widget is self.snapshots:
            self.snapshots.load()

    def _on_changed(self, kind: int, ids: tuple[int, ...]) -> None:
        if kind == alarms_pb2.RESOURCE_KIND_TAGS and self.tags.loaded:
            self.tags.load(background=True)

    def _on_settings(self, settings: Any) -> None:
        for part in self._parts():
            part.set_display(settings.display)
