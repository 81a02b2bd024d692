"""The search view (SEARCH-01..06): time slices year → month → day → hour → minute,
events, tags and snapshots. Every request goes through the session (off the UI
thread); pictures are the server's JPEG thumbnails."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.client_images import NEXT_UNIT
from vedette_api.client_search import EVENT_TYPES
from vedette_api.v1 import cameras_pb2, images_pb2, search_pb2
from vedette_console.session import Session

S = 1_000_000
THUMB = QSize(192, 108)
ROLE_TIME = Qt.ItemDataRole.UserRole
ROLE_END = Qt.ItemDataRole.UserRole + 1
ROLE_JPEG = Qt.ItemDataRole.UserRole + 2
ROLE_ID = Qt.ItemDataRole.UserRole + 3
_LABELS = {"year": "%B", "month": "%a %d", "day": "%H:00", "hour": "%H:%M", "minute": "%H:%M:%S"}
_TITLES = {
    "year": "%Y",
    "month": "%B %Y",
    "day": "%A %d %B %Y",
    "hour": "%d %B %Y, %H:00",
    "minute": "%d %B %Y, %H:%M",
}
_EVENT_NAMES = {value: name for name, value in EVENT_TYPES.items()}


def fmt(time_us: int, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    return datetime.fromtimestamp(time_us / S).strftime(pattern)


def thumbnail_pixmap(thumb: images_pb2.Thumbnail, size: QSize = THUMB) -> QPixmap:
    """The thumbnail scaled into ``size``, or black with "no recording"."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor(0, 0, 0))
    painter = QPainter(pixmap)
    image = QImage.fromData(thumb.jpeg) if thumb.jpeg else QImage()
    if not image.isNull():
        scaled = image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        painter.drawImage(
            (size.width() - scaled.width()) // 2, (size.height() - scaled.height()) // 2, scaled
        )
    else:
        painter.setPen(QColor(90, 94, 102))
        text = "no recording" if thumb.no_recording else (thumb.error or "no picture")
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


#: The "by time" display shows at most this many cameras as thumbnails (the manual's
#: limit); beyond it, the cameras are listed by name.
MAX_CAMERA_THUMBNAILS = 64


class TimeSliceView(QWidget):
    """SEARCH-01/02: drill down by slices; double-click in the minute view plays.

    Two display modes, as in the manual (8.3): *by camera* drills one camera's slices
    year → month → day → hour → minute; *by time* shows every camera at one instant
    (up to 64 thumbnails, then names only), and a double-click on a camera opens its
    day view there, by camera.
    """

    open_playback = Signal(object, object)

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.unit = "year"
        self.time_us = int(datetime.now().timestamp() * S)
        self.thumbnails: list[images_pb2.Thumbnail] = []
        self._history: list[tuple[str, int]] = []
        self._request = 0
        self.cameras: list[cameras_pb2.Camera] = []
        self.mode = QComboBox()
        self.mode.addItem("By camera", "camera")
        self.mode.addItem("By time (every camera)", "time")
        self.mode.currentIndexChanged.connect(lambda _: self._mode_changed())
        self.at = QDateTimeEdit(QDateTime.currentDateTime())
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.at.setCalendarPopup(True)
        self.at.setVisible(False)
        self.show_at = QPushButton("Show")
        self.show_at.clicked.connect(
            lambda: self.load_cameras_at(int(self.at.dateTime().toMSecsSinceEpoch()) * 1000)
        )
        self.show_at.setVisible(False)
        self.camera = QComboBox()
        self.camera.currentIndexChanged.connect(lambda _: self.load(self.unit, self.time_us))
        self.crumbs = QHBoxLayout()
        self.up = QPushButton("▲ Up")
        self.up.clicked.connect(self.go_up)
        self.title = QLabel()
        self.title.setObjectName("section")
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB)
        self.grid.setGridSize(QSize(THUMB.width() + 14, THUMB.height() + 30))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSpacing(4)
        self.grid.setUniformItemSizes(True)
        self.grid.itemClicked.connect(self._preview)
        self.grid.itemDoubleClicked.connect(self._drill)
        self.preview = QLabel("Click a thumbnail to preview it; double-click to go down a level")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(360, 220))
        self.preview.setWordWrap(True)
        self.preview_time = QLabel()
        self.play = QPushButton("Open in playback")
        self.play.clicked.connect(self._play_selected)
        top = QHBoxLayout()
        top.addWidget(self.mode)
        top.addWidget(self.at)
        top.addWidget(self.show_at)
        self.camera_label = QLabel("Camera")
        top.addWidget(self.camera_label)
        top.addWidget(self.camera)
        top.addWidget(self.up)
        top.addWidget(self.title, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel("Preview"))
        side_layout.addWidget(self.preview, 1)
        side_layout.addWidget(self.preview_time)
        side_layout.addWidget(self.play)
        splitter = QSplitter()
        splitter.addWidget(self.grid)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def by_time(self) -> bool:
        return bool(self.mode.currentData() == "time")

    def _mode_changed(self) -> None:
        by_time = self.by_time()
        self._show_mode_widgets(by_time)
        if by_time:
            self.at.setDateTime(QDateTime.fromMSecsSinceEpoch(self.time_us // 1000))
            self.load_cameras_at(self.time_us)
        else:
            self.load(self.unit, self.time_us)

    def _show_mode_widgets(self, by_time: bool) -> None:
        time_widgets: list[QWidget] = [self.at, self.show_at]
        camera_widgets: list[QWidget] = [self.camera_label, self.camera, self.up]
        for widget in time_widgets:
            widget.setVisible(by_time)
        for widget in camera_widgets:
            widget.setVisible(not by_time)

    def load_cameras_at(self, time_us: int) -> None:
        """By time: every camera's thumbnail at ``time_us`` (the first 64)."""
        self.time_us = time_us
        shown = self.cameras[:MAX_CAMERA_THUMBNAILS]
        if not shown:
            return
        self.title.setText(f"Every camera at {fmt(time_us)} · loading…")
        self._request += 1
        request = self._request
        ids = [c.id for c in shown]
        self.session.call(
            lambda c: list(c.thumbnails_at(ids, [time_us], max_width=320)),
            lambda thumbs: self._show_cameras(request, time_us, thumbs),
            lambda exc: self.title.setText(f"Time slices: {exc}"),
            owner=self,
        )

    def _show_cameras(self, request: int, time_us: int, thumbs: list[images_pb2.Thumbnail]) -> None:
        if request != self._request:
            return
        self.thumbnails = thumbs
        names = {c.id: c.name for c in self.cameras}
        self.grid.clear()
        for thumb in thumbs:
            name = names.get(thumb.camera_id, f"#{thumb.camera_id}")
            item = QListWidgetItem(QIcon(thumbnail_pixmap(thumb)), name)
            item.setData(ROLE_TIME, time_us)
            item.setData(ROLE_END, time_us)
            item.setData(ROLE_JPEG, bytes(thumb.jpeg))
            item.setData(ROLE_ID, thumb.camera_id)
            item.setToolTip(f"{name}: " + ("no recording" if thumb.no_recording else fmt(time_us)))
            self.grid.addItem(item)
        for camera in self.cameras[MAX_CAMERA_THUMBNAILS:]:  # names only, as the manual
            item = QListWidgetItem(camera.name)
            item.setData(ROLE_TIME, time_us)
            item.setData(ROLE_END, time_us)
            item.setData(ROLE_JPEG, b"")
            item.setData(ROLE_ID, camera.id)
            self.grid.addItem(item)
        recorded = sum(1 for t in thumbs if not t.no_recording)
        self.title.setText(
            f"Every camera at {fmt(time_us)} · {len(self.cameras)} cameras, "
            f"{recorded} with recording · double-click one to search it by slices"
        )

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.cameras = list(cameras)
        current = self.camera.currentData()
        self.camera.blockSignals(True)
        self.camera.clear()
        for camera in cameras:
            self.camera.addItem(camera.name, camera.id)
        index = self.camera.findData(current)
        self.camera.setCurrentIndex(max(0, index))
        self.camera.blockSignals(False)
        if current is None and cameras:
            self.load(self.unit, self.time_us)

    def load(self, unit: str, time_us: int) -> None:
        camera_id = self.camera.currentData()
        if camera_id is None or self.by_time():
            return
        self.unit, self.time_us = unit, time_us
        self.title.setText(f"{unit.capitalize()} view · {fmt(time_us, _TITLES[unit])} · loading…")
        self.up.setEnabled(bool(self._history))
        self._request += 1
        request = self._request
        self.session.call(
            lambda c: list(c.time_slices([camera_id], unit, time_us, max_width=320)),
            lambda thumbs: self._show(request, thumbs),
            lambda exc: self.title.setText(f"Time slices: {exc}"),
            owner=self,
        )

    def _show(self, request: int, thumbs: list[images_pb2.Thumbnail]) -> None:
        if request != self._request:
            return
        self.thumbnails = thumbs
        self.grid.clear()
        for thumb in thumbs:
            start = thumb.time.ToMicroseconds()
            item = QListWidgetItem(QIcon(thumbnail_pixmap(thumb)), fmt(start, _LABELS[self.unit]))
            item.setData(ROLE_TIME, start)
            item.setData(ROLE_END, thumb.slice_end_time.ToMicroseconds())
            item.setData(ROLE_JPEG, bytes(thumb.jpeg))
            item.setToolTip("no recording" if thumb.no_recording else fmt(start))
            self.grid.addItem(item)
        recorded = sum(1 for t in thumbs if not t.no_recording)
        self.title.setText(
            f"{self.unit.capitalize()} view · {fmt(self.time_us, _TITLES[self.unit])} · "
            f"{len(thumbs)} slices, {recorded} with recording"
        )

    def _preview(self, item: QListWidgetItem) -> None:
        jpeg = item.data(ROLE_JPEG)
        image = QImage.fromData(jpeg) if jpeg else QImage()
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Nothing was recorded in this slice")
        else:
            self.preview.setPixmap(
                QPixmap.fromImage(image).scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.preview_time.setText(f"{fmt(item.data(ROLE_TIME))} → {fmt(item.data(ROLE_END))}")

    def _drill(self, item: QListWidgetItem) -> None:
        start = int(item.data(ROLE_TIME))
        if self.by_time():  # that camera, by slices, from the day of the instant
            index = self.camera.findData(int(item.data(ROLE_ID)))
            self.camera.blockSignals(True)
            self.camera.setCurrentIndex(max(0, index))
            self.camera.blockSignals(False)
            self._history = [("year", start), ("month", start)]
            self.mode.blockSignals(True)
            self.mode.setCurrentIndex(0)
            self.mode.blockSignals(False)
            self._show_mode_widgets(False)
            self.load("day", start)
            return
        if self.unit in NEXT_UNIT and self.unit != "hour":
            self._history.append((self.unit, self.time_us))
            self.load(NEXT_UNIT[self.unit], start)
        else:
            self.open_playback.emit(int(self.camera.currentData()), start)

    def go_up(self) -> None:
        if self._history:
            self.load(*self._history.pop())

    def open_minute_view(self, hour_us: int) -> None:
        """Straight to the 60 thumbnails of an hour."""
        self._history = [("year", hour_us), ("month", hour_us), ("day", hour_us)]
        self.load("hour", hour_us)

    def _play_selected(self) -> None:
        item = self.grid.currentItem()
        if item is not None and self.by_time():
            self.open_playback.emit(int(item.data(ROLE_ID)), int(item.data(ROLE_TIME)))
        elif item is not None and self.camera.currentData() is not None:
            self.open_playback.emit(int(self.camera.currentData()), int(item.data(ROLE_TIME)))


class TimeSearch(QWidget):
    """SEARCH-03: up to 16 cameras on a timeline; the thumbnails follow the cursor,
    a click on one opens playback there."""

    open_playback = Signal(object, object)
    MAX_CAMERAS = 16

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        from PySide6.QtCore import QTimer

        from vedette_console.widgets.timeline import Timeline

        self.session, self.notify = session, notify
        self.cameras = QListWidget()
        self.cameras.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.cameras.setMaximumWidth(220)
        self.cameras.itemSelectionChanged.connect(self._cameras_changed)
        self.timeline = Timeline()
        self.timeline.hovered.connect(self._hover)
        self.timeline.seek.connect(self._hover)
        self.timeline.range_changed.connect(lambda *_: self._load_runs())
        self.label = QLabel("Pick cameras, then move the pointer along the timeline")
        self.label.setObjectName("section")
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB)
        self.grid.setGridSize(QSize(THUMB.width() + 14, THUMB.height() + 30))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.itemClicked.connect(self._play)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self._fetch)
        self._wanted_us = 0
        self._request = 0
        self.shown_time_us: int | None = None
        self.thumbnails: list[images_pb2.Thumbnail] = []
        self.names: dict[int, str] = {}
        right = QVBoxLayout()
        right.addWidget(self.label)
        right.addWidget(self.grid, 1)
        right.addWidget(self.timeline)
        left = QVBoxLayout()
        left.addWidget(QLabel(f"Cameras (up to {self.MAX_CAMERAS})"))
        left.addWidget(self.cameras)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.names = {c.id: c.name for c in cameras}
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
            self.notify(f"At most {self.MAX_CAMERAS} cameras; the first ones are used")
        self._load_runs()

    def _load_runs(self) -> None:
        from vedette_console.views.playback import runs_from_timelines

        ids = self.selected_ids()
        if not ids:
            self.timeline.set_runs([])
            return
        start, end = self.timeline.visible_range()
        resolution = self.timeline.resolution_us()
        self.session.call(
            lambda c: c.get_timeline(ids, start, end, resolution_us=resolution),
            lambda lines: self.timeline.set_runs(runs_from_timelines(lines)),
            owner=self,
        )

    def _hover(self, time_us: int) -> None:
        self._wanted_us = time_us
        self.timeline.set_position(time_us)
        if not self._debounce.isActive():
            self._debounce.start()

    def show_time(self, time_us: int) -> None:
        """Thumbnails of the selected cameras at ``time_us`` (as the cursor does)."""
        self._wanted_us = time_us
        self._fetch()

    def _fetch(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        at = self._wanted_us
        self._request += 1
        request = self._request
        self.session.call(
            lambda c: list(c.thumbnails_at(ids, [at], max_width=320)),
            lambda thumbs: self._show(request, at, thumbs),
            lambda exc: self.label.setText(f"Thumbnails: {exc}"),
            owner=self,
        )

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
        self.label.setText(f"{fmt(at)} · {len(thumbs)} cameras · click one to play from here")

    def _play(self, item: QListWidgetItem) -> None:
        self.open_playback.emit(int(item.data(ROLE_ID)), int(item.data(ROLE_TIME)))


class EventSearch(QWidget):
    """SEARCH-04: events by type, time range and camera; play or back up a row."""

    open_playback = Signal(object, object)
    backup_requested = Signal(object)

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.types = {name: QCheckBox(name.capitalize()) for name in EVENT_TYPES}
        for box in self.types.values():
            box.setChecked(True)
        now = QDateTime.currentDateTime()
        self.start = QDateTimeEdit(now.addDays(-1))
        self.end = QDateTimeEdit(now.addSecs(3600))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.cameras = QListWidget()
        self.cameras.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.cameras.setMaximumWidth(220)
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["Time", "Camera", "Type", "Until", "Details"])
        self.results.setRootIsDecorated(False)
        self.results.itemDoubleClicked.connect(lambda item, _: self._play(item))
        search = QPushButton("Search")
        search.clicked.connect(self.search)
        play = QPushButton("Play")
        play.clicked.connect(lambda: self._play(self.results.currentItem()))
        backup = QPushButton("Back up…")
        backup.clicked.connect(self._backup)
        filters = QHBoxLayout()
        for box in self.types.values():
            filters.addWidget(box)
        filters.addSpacing(12)
        filters.addWidget(QLabel("From"))
        filters.addWidget(self.start)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.end)
        filters.addWidget(search)
        filters.addStretch(1)
        actions = QHBoxLayout()
        self.count = QLabel()
        actions.addWidget(self.count, 1)
        actions.addWidget(play)
        actions.addWidget(backup)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("Cameras (none = all)"))
        left.addWidget(self.cameras)
        body.addLayout(left)
        body.addWidget(self.results, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(body, 1)
        layout.addLayout(actions)
        self.names: dict[int, str] = {}

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.names = {c.id: c.name for c in cameras}
        if self.cameras.count() != len(cameras):
            self.cameras.clear()
            for camera in cameras:
                item = QListWidgetItem(camera.name)
                item.setData(ROLE_ID, camera.id)
                self.cameras.addItem(item)

    def search(self) -> None:
        types = [name for name, box in self.types.items() if box.isChecked()]
        ids = [int(i.data(ROLE_ID)) for i in self.cameras.selectedItems()]
        start = self.start.dateTime().toMSecsSinceEpoch() * 1000
        end = self.end.dateTime().toMSecsSinceEpoch() * 1000
        self.count.setText("Searching…")
        self.session.call(
            lambda c: list(
                c.search_events(types=types, camera_ids=ids, start_us=start, end_us=end, limit=2000)
            ),
            self._show,
            lambda exc: self.count.setText(f"Search: {exc}"),
            owner=self,
        )

    def _show(self, events: list[search_pb2.Event]) -> None:
        self.results.clear()
        for event in events:
            start, end = event.start_time.ToMicroseconds(), event.end_time.ToMicroseconds()
            item = QTreeWidgetItem(
                [
                    fmt(start),
                    self.names.get(event.camera_id, f"#{event.camera_id}"),
                    _EVENT_NAMES.get(event.type, "?"),
                    fmt(end, "%H:%M:%S") if end else "ongoing",
                    event.message or event.source,
                ]
            )
            item.setData(0, ROLE_TIME, start)
            item.setData(0, ROLE_END, end)
            item.setData(0, ROLE_ID, event.camera_id)
            self.results.addTopLevelItem(item)
        for column in range(4):
            self.results.resizeColumnToContents(column)
        self.count.setText(f"{len(events)} events")

    def _play(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_playback.emit(int(item.data(0, ROLE_ID)), int(item.data(0, ROLE_TIME)))

    def _backup(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.notify("Select an event first")
            return
        start = int(item.data(0, ROLE_TIME))
        end = int(item.data(0, ROLE_END)) or start + 60 * S
        self.backup_requested.emit([(int(item.data(0, ROLE_ID)), start - 5 * S, end + 5 * S)])


class TagList(QWidget):
    """SEARCH-05: tags with play, rename, delete."""

    open_playback = Signal(object, object)

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Time", "Camera", "Name", "By"])
        self.list.setRootIsDecorated(False)
        self.list.itemDoubleClicked.connect(lambda item, _: self._play(item))
        buttons = QHBoxLayout()
        for text, action in (
            ("Refresh", self.load),
            ("Play", lambda: self._play(self.list.currentItem())),
            ("Rename…", self._rename),
            ("Delete", self._delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        self.names: dict[int, str] = {}

    def load(self) -> None:
        self.session.call(lambda c: list(c.list_tags(limit=1000)), self._show, owner=self)

    def _show(self, tags: list[search_pb2.Tag]) -> None:
        self.list.clear()
        for tag in tags:
            item = QTreeWidgetItem(
                [
                    fmt(tag.time.ToMicroseconds()),
                    self.names.get(tag.camera_id, f"#{tag.camera_id}"),
                    tag.name,
                    tag.created_by,
                ]
            )
            item.setData(0, ROLE_TIME, tag.time.ToMicroseconds())
            item.setData(0, ROLE_ID, tag.id)
            item.setData(1, ROLE_ID, tag.camera_id)
            self.list.addTopLevelItem(item)
        for column in range(4):
            self.list.resizeColumnToContents(column)

    def _play(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.open_playback.emit(int(item.data(1, ROLE_ID)), int(item.data(0, ROLE_TIME)))

    def _rename(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        name, ok = QInputDialog.getText(self, "Rename tag", "Name", text=item.text(2))
        if ok and name.strip():
            tag_id = int(item.data(0, ROLE_ID))
            self.session.call(
                lambda c: c.rename_tag(tag_id, name.strip()),
                lambda _: self.load(),
                lambda e: self.notify(f"Rename: {e}"),
                owner=self,
            )

    def _delete(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            tag_id = int(item.data(0, ROLE_ID))
            self.session.call(
                lambda c: c.delete_tag(tag_id),
                lambda _: self.load(),
                lambda e: self.notify(f"Delete: {e}"),
                owner=self,
            )


class SnapshotGallery(QWidget):
    """SEARCH-06: snapshots: gallery, view, previous/next, slideshow, export, delete."""

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        from PySide6.QtCore import QTimer

        self.session, self.notify = session, notify
        self.gallery = QListWidget()
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(160, 90))
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.gallery.currentItemChanged.connect(lambda item, _: self._view(item))
        self.viewer = QLabel("Select a snapshot")
        self.viewer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer.setMinimumSize(QSize(400, 240))
        self.caption = QLabel()
        self.slideshow = QTimer(self)
        self.slideshow.setInterval(3000)
        self.slideshow.timeout.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for text, action in (
            ("Refresh", self.load),
            ("◀ Previous", lambda: self._move(-1)),
            ("Next ▶", lambda: self._move(1)),
            ("Slideshow", self._toggle_show),
            ("Export selected", self._export),
            ("Delete selected", self._delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.viewer, 1)
        right_layout.addWidget(self.caption)
        splitter = QSplitter()
        splitter.addWidget(self.gallery)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self._jpegs: dict[int, bytes] = {}

    def load(self) -> None:
        def work(c: Client) -> list[tuple[images_pb2.Snapshot, bytes]]:
            return [c.get_snapshot(s.id) for s in c.list_snapshots(limit=200)]

        self.session.call(work, self._show, lambda e: self.notify(f"Snapshots: {e}"), owner=self)

    def _show(self, shots: list[tuple[images_pb2.Snapshot, bytes]]) -> None:
        self.gallery.clear()
        self._jpegs.clear()
        for shot, jpeg in shots:
            self._jpegs[shot.id] = jpeg
            image = QImage.fromData(jpeg)
            icon = QIcon(
                QPixmap.fromImage(image.scaled(QSize(160, 90), Qt.AspectRatioMode.KeepAspectRatio))
            )
            item = QListWidgetItem(icon, fmt(shot.time.ToMicroseconds(), "%d/%m %H:%M:%S"))
            item.setData(ROLE_ID, shot.id)
            item.setToolTip(
                f"#{shot.id} camera {shot.camera_id} {'live' if shot.live else 'recorded'}"
            )
            self.gallery.addItem(item)

    def _view(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        jpeg = self._jpegs.get(int(item.data(ROLE_ID)), b"")
        image = QImage.fromData(jpeg)
        self.viewer.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.viewer.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.caption.setText(item.toolTip())

    def _move(self, step: int) -> None:
        count = self.gallery.count()
        if count:
            self.gallery.setCurrentRow((self.gallery.currentRow() + step) % count)

    def _toggle_show(self) -> None:
        if self.slideshow.isActive():
            self.slideshow.stop()
        else:
            self.slideshow.start()

    def _selected_ids(self) -> list[int]:
        return [int(i.data(ROLE_ID)) for i in self.gallery.selectedItems()]

    def _export(self) -> None:
        ids = self._selected_ids()
        if ids:
            self.session.call(
                lambda c: c.export_snapshots(ids),
                lambda r: self.notify(f"Exported to {r.folder} on the server"),
                lambda e: self.notify(f"Export: {e}"),
                owner=self,
            )

    def _delete(self) -> None:
        ids = self._selected_ids()

        def work(c: Client) -> None:
            for snapshot_id in ids:
                c.delete_snapshot(snapshot_id)

        if ids:
            self.session.call(
                work, lambda _: self.load(), lambda e: self.notify(f"Delete: {e}"), owner=self
            )


class SearchView(QWidget):
    open_playback = Signal(object, object)
    backup_requested = Signal(object)

    def __init__(
        self, session: Session, notify: Callable[[str], None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.slices = TimeSliceView(session, notify)
        self.by_time = TimeSearch(session, notify)
        self.events = EventSearch(session, notify)
        self.tags = TagList(session, notify)
        self.snapshots = SnapshotGallery(session, notify)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.slices, "Time slices")
        self.tabs.addTab(self.by_time, "By time")
        self.tabs.addTab(self.events, "Events")
        self.tabs.addTab(self.tags, "Tags")
        self.tabs.addTab(self.snapshots, "Snapshots")
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        for part in (self.slices, self.by_time, self.events, self.tags):
            part.open_playback.connect(self.open_playback)
        self.events.backup_requested.connect(self.backup_requested)

    def signed_in(self) -> None:
        pass

    def set_session(self, session: Session) -> None:
        """Work on another server (its cameras come with set_cameras)."""
        for part in (self.slices, self.by_time, self.events, self.tags, self.snapshots):
            part.session = session
        self.by_time.cameras.clear()
        self.by_time.grid.clear()
        self.slices.camera.clear()
        self.slices.grid.clear()
        self.slices._history.clear()
        self.slices.unit = "year"
        self.events.cameras.clear()
        self.events.results.clear()
        self.tags.list.clear()
        self.snapshots.gallery.clear()

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        self.slices.set_cameras(cameras)
        self.by_time.set_cameras(cameras)
        self.events.set_cameras(cameras)
        self.tags.names = {c.id: c.name for c in cameras}

    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.tags:
            self.tags.load()
        elif widget is self.snapshots:
            self.snapshots.load()
