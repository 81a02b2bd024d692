"""Search events (SEARCH-04): by type, time range and camera; play or back up a row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client.search import EVENT_TYPES
from vedette_api.client.site_session import SiteSession
from vedette_api.timestamps import US_PER_S, now_us, us_from_timestamp
from vedette_api.v1 import cameras_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import search as search_ops
from vedette_console.operations.search import FoundEvent
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.thumbnails import ROLE_END, ROLE_ID, ROLE_TIME
from vedette_console.widgets.server_time_edit import ServerTimeEdit

#: The names of event types, as the type boxes and the Type column show them.
EVENT_TYPE_LABELS: dict[str, str] = {
    "motion": QT_TRANSLATE_NOOP("EventSearch", "Motion"),
    "sensor": QT_TRANSLATE_NOOP("EventSearch", "Sensor"),
    "analytics": QT_TRANSLATE_NOOP("EventSearch", "Analytics"),
    "exception": QT_TRANSLATE_NOOP("EventSearch", "Exception"),
    "manual": QT_TRANSLATE_NOOP("EventSearch", "Manual"),
}
#: A backup of an event takes this much before and after it.
BACKUP_MARGIN_US = 5 * US_PER_S


class EventSearch(QWidget):
    """SEARCH-04: events by type, time range and camera; play or back up a row."""

    open_playback = Signal(object, object)
    backup_requested = Signal(object)

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.display = session.settings.display
        self.types = {name: QCheckBox(self._type_label(name)) for name in EVENT_TYPES}
        for box in self.types.values():
            box.setChecked(True)
        now = now_us()
        self.start = ServerTimeEdit(now - 24 * 3600 * US_PER_S, self.display)
        self.end = ServerTimeEdit(now + 3600 * US_PER_S, self.display)
        self.cameras = QListWidget()
        self.cameras.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.cameras.setMaximumWidth(220)
        self.results = QTreeWidget()
        self.results.setHeaderLabels(
            [self.tr("Time"), self.tr("Camera"), self.tr("Type"), self.tr("Until"),
             self.tr("Details")]
        )  # fmt: skip
        self.results.setRootIsDecorated(False)
        self.results.itemDoubleClicked.connect(lambda item, _: self._play(item))
        self.count = QLabel()
        self.names: dict[int, str] = {}
        #: The cameras' site ids ("" for a camera of this server's own).
        self.site_ids: dict[int, str] = {}
        #: At a site (``set_site``): a site camera's events from every server that held it.
        self.site: SiteSession | None = None
        self._events: list[FoundEvent] = []
        self._lay_out()

    def _type_label(self, name: str) -> str:
        label = EVENT_TYPE_LABELS.get(name)
        return self.tr(label) if label else name.capitalize()

    def _lay_out(self) -> None:
        search = QPushButton(self.tr("Search"))
        search.clicked.connect(self.search)
        play = QPushButton(self.tr("Play"))
        play.clicked.connect(lambda: self._play(self.results.currentItem()))
        backup = QPushButton(self.tr("Back up…"))
        backup.clicked.connect(self._backup)
        filters = QHBoxLayout()
        for box in self.types.values():
            filters.addWidget(box)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("From")))
        filters.addWidget(self.start)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.end)
        filters.addWidget(search)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(play)
        actions.addWidget(backup)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Cameras (none = all)")))
        left.addWidget(self.cameras)
        body.addLayout(left)
        body.addWidget(self.results, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(body, 1)
        layout.addLayout(actions)

    def set_display(self, display: TimeDisplay) -> None:
        self.display = display
        self.start.set_display(display)
        self.end.set_display(display)
        self._show(self._events)

    def clear(self) -> None:
        """Another server: no cameras, no results."""
        self.cameras.clear()
        self.results.clear()
        self._events = []

    def set_site(self, site: SiteSession | None) -> None:
        self.site = site

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.names = {c.id: c.name for c in cameras}
        self.site_ids = {c.id: c.site_camera_id for c in cameras}
        if self.cameras.count() != len(cameras):
            self.cameras.clear()
            for camera in cameras:
                item = QListWidgetItem(camera.name)
                item.setData(ROLE_ID, camera.id)
                self.cameras.addItem(item)

    def search(self) -> None:
        self.count.setText(self.tr("Searching…"))
        types = [name for name, box in self.types.items() if box.isChecked()]
        camera_ids = [int(i.data(ROLE_ID)) for i in self.cameras.selectedItems()]

        def failed(error: Exception) -> None:
            self.count.setText(self.tr("Search: {error}").format(error=error))

        site = self.site
        chosen = camera_ids or list(self.names)
        if site is not None and any(self.site_ids.get(c) for c in chosen):
            site_op = search_ops.search_site_events(
                parent=self,
                site=site,
                types=types,
                cameras=[(c, self.site_ids.get(c, "")) for c in chosen],
                start_us=self.start.time_us(),
                end_us=self.end.time_us(),
            )
            site_op.success(self._show_site).failure(failed).run(self.session)
            return
        op = search_ops.search_events(
            parent=self,
            types=types,
            camera_ids=camera_ids,
            start_us=self.start.time_us(),
            end_us=self.end.time_us(),
        )
        op.success(
            lambda events: self._show([search_ops.FoundEvent(e, e.camera_id) for e in events])
        ).failure(failed).run(self.session)

    def _show_site(self, found: search_ops.SiteEventSearch) -> None:
        self._show(found.events)
        if found.unreachable:
            late = "; ".join(
                f"{server} ({why})" for server, why in sorted(found.unreachable.items())
            )
            self.count.setText(
                self.count.text()
                + " · "
                + self.tr("not searched, did not answer: {servers}").format(servers=late)
            )

    def _show(self, events: list[FoundEvent]) -> None:
        self._events = events
        self.results.clear()
        names = {value: name for name, value in EVENT_TYPES.items()}
        for found in events:
            event = found.event
            start, end = us_from_timestamp(event.start_time), us_from_timestamp(event.end_time)
            camera = self.names.get(found.camera_id, f"#{found.camera_id}")
            item = QTreeWidgetItem(
                [
                    self.display.date_time(start),
                    f"{camera} [{found.server}]" if found.server else camera,
                    self._type_label(names.get(event.type, "?")),
                    self.display.time(end) if end else self.tr("ongoing"),
                    event.message or event.source,
                ]
            )
            item.setData(0, ROLE_TIME, start)
            item.setData(0, ROLE_END, end)
            item.setData(0, ROLE_ID, found.camera_id)
            self.results.addTopLevelItem(item)
        for column in range(4):
            self.results.resizeColumnToContents(column)
        count = len(events)
        self.count.setText(count_text("EventSearch", count, "{count} event", "{count} events"))

    def _play(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_playback.emit(int(item.data(0, ROLE_ID)), int(item.data(0, ROLE_TIME)))

    def _backup(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.notify(self.tr("Select an event first"))
            return
        start = int(item.data(0, ROLE_TIME))
        end = int(item.data(0, ROLE_END)) or start + 60 * US_PER_S
        camera_id = int(item.data(0, ROLE_ID))
        self.backup_requested.emit([(camera_id, start - BACKUP_MARGIN_US, end + BACKUP_MARGIN_US)])
