"""Search by time (SEARCH-03): up to 16 cameras on a timeline; the thumbnails follow
the pointer, a click on one plays from there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client.site_session import SiteSession
from vedette_api.v1 import cameras_pb2, images_pb2
from vedette_console.operations import search as search_ops
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.thumbnails import (
    ROLE_ID,
    ROLE_TIME,
    thumbnail_grid,
    thumbnail_pixmap,
)
from vedette_console.widgets.timeline import Timeline

#: Thumbnails are asked for once the pointer rested this long (late answers for an
#: older position are dropped).
HOVER_DEBOUNCE_MS = 120


class TimeSearch(QWidget):
    """SEARCH-03: up to 16 cameras on a timeline; the thumbnails follow the cursor,
    a click on one opens playback there."""

    open_playback = Signal(object, object)
    MAX_CAMERAS = 16

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.display = session.settings.display
        self.cameras = QListWidget()
        self.cameras.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.cameras.setMaximumWidth(220)
        self.cameras.itemSelectionChanged.connect(self._cameras_changed)
        self.timeline = Timeline()
        self.timeline.set_display(self.display)
        self.timeline.hovered.connect(self._hover)
        self.timeline.seek.connect(self._hover)
        self.timeline.range_changed.connect(lambda *_: self._load_runs())
        self.label = QLabel(self.tr("Pick cameras, then move the pointer along the timeline"))
        self.label.setObjectName("section")
        self.grid = thumbnail_grid()
        self.grid.itemClicked.connect(self._play)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(HOVER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._fetch)
        self._wanted_us = 0
        self._request = 0
        self.shown_time_us: int | None = None
        self.thumbnails: list[images_pb2.Thumbnail] = []
        self.names: dict[int, str] = {}
        #: The cameras' site ids ("" for a camera of this server's own), and the site
        #: (``set_site``).
        self.site_ids: dict[int, str] = {}
        self.site: SiteSession | None = None
        right = QVBoxLayout()
        right.addWidget(self.label)
        right.addWidget(self.grid, 1)
        right.addWidget(self.timeline)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Cameras (up to {count})").format(count=self.MAX_CAMERAS)))
        left.addWidget(self.cameras)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def set_display(self, display: TimeDisplay) -> None:
        self.display = display
        self.timeline.set_display(display)
        if self.shown_time_us is not None:
            self._show_label(self.shown_time_us)

    def clear(self) -> None:
        """Another server: no cameras, no thumbnails."""
        self.cameras.clear()
        self.grid.clear()
        self.thumbnails = []
        self.shown_time_us = None

    def set_site(self, site: SiteSession | None) -> None:
        """At a site: a site camera's runs and pictures come from every server that
        held it (each picture from the server that held it at that instant)."""
        self.site = site

    def _site_cameras(self, ids: list[int]) -> list[tuple[int, str]] | None:
        """(id, site id or "") of ``ids`` when at a site and one is a site camera."""
        pairs = [(camera_id, self.site_ids.get(camera_id, "")) for camera_id in ids]
        return pairs if self.site is not None and any(s for _, s in pairs) else None

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.names = {c.id: c.name for c in cameras}
        self.site_ids = {c.id: c.site_camera_id for c in cameras}
        if self.cameras.count() != len(cameras):
            self.cameras.clear()
            for camera in cameras:
                item = QListWidgetItem(camera.name)
                item.setData(ROLE_ID, camera.id)
                self.cameras.addItem(item)

    def selected_ids(self) -> list[int]:
        return [int(i.data(ROLE_ID)) for i in self.cameras.selectedItems()][: self.MAX_CAMERAS]

    def _cameras_changed(self) -> None:
        if len(self.cameras.selectedItems()) > self.MAX_CAMERAS:
            self.notify(
                self.tr("At most {count} cameras; the first ones are used").format(
                    count=self.MAX_CAMERAS
                )
            )
        self._load_runs()

    def _load_runs(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.timeline.set_runs([])
            return
        start, end = self.timeline.visible_range()
        site, pairs = self.site, self._site_cameras(ids)
        if site is not None and pairs is not None:
            site_op = search_ops.site_timeline_runs(
                parent=self,
                site=site,
                cameras=pairs,
                start_us=start,
                end_us=end,
                resolution_us=self.timeline.resolution_us(),
            )
            site_op.success(self.timeline.set_runs).run(self.session)
            return
        op = search_ops.timeline_runs(
            parent=self,
            camera_ids=ids,
            start_us=start,
            end_us=end,
            resolution_us=self.timeline.resolution_us(),
        )
        op.success(self.timeline.set_runs).run(self.session)

    def _hover(self, time_us: int) -> None:
        self._wanted_us = time_us
        self.timeline.set_position(time_us)
        if not self._debounce.isActive():
            self._debounce.start()

    def _fetch(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        at = self._wanted_us
        self._request += 1
        request = self._request
        site, pairs = self.site, self._site_cameras(ids)
        if site is not None and pairs is not None:
            op = search_ops.site_thumbnails_at(parent=self, site=site, cameras=pairs, time_us=at)
        else:
            op = search_ops.thumbnails_at(parent=self, camera_ids=ids, time_us=at)
        op.success(lambda thumbs: self._show(request, at, thumbs))
        op.failure(
            lambda error: self.label.setText(self.tr("Thumbnails: {error}").format(error=error))
        ).run(self.session)

    def _show(self, request: int, at: int, thumbs: list[images_pb2.Thumbnail]) -> None:
        if request != self._request:
            return  # the cursor moved on
        self.thumbnails = thumbs
        self.shown_time_us = at
        self.grid.clear()
        for thumb in thumbs:
            name = self.names.get(thumb.camera_id, f"#{thumb.camera_id}")
            item = QListWidgetItem(QIcon(thumbnail_pixmap(thumb)), name)
            item.setData(ROLE_ID, thumb.camera_id)
            item.setData(ROLE_TIME, at)
            self.grid.addItem(item)
        self._show_label(at)

    def _show_label(self, at: int) -> None:
        self.label.setText(
            self.tr("{time} · {count} cameras · click one to play from here").format(
                time=self.display.date_time(at), count=len(self.thumbnails)
            )
        )

    def _play(self, item: QListWidgetItem) -> None:
        self.open_playback.emit(int(item.data(ROLE_ID)), int(item.data(ROLE_TIME)))
