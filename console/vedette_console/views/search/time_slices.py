"""Search by time slices (SEARCH-01, SEARCH-02): year → month → day → hour →
minute thumbnails of one camera, or every camera at one instant.

By camera, each slice with motion (the server's motion index) carries an orange
motion mark; "Only slices with motion" asks the server for those slices only (the
others are not decoded), "Thumbnail at first motion" for each slice's picture at its
first motion second. A slice whose camera was not watched for motion has no mark
and says so in its tooltip: no mark never claims "no motion" where nothing watched."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client.images import NEXT_UNIT
from vedette_api.timestamps import now_us, us_from_timestamp
from vedette_api.v1 import cameras_pb2, images_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import search as search_ops
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.thumbnails import (
    ROLE_END,
    ROLE_ID,
    ROLE_JPEG,
    ROLE_TIME,
    thumbnail_grid,
    thumbnail_pixmap,
)
from vedette_console.widgets.server_time_edit import ServerTimeEdit

#: The "by time" display shows at most this many cameras as thumbnails (the manual's
#: limit); beyond it, the cameras are listed by name.
MAX_CAMERA_THUMBNAILS = 64
_UNIT_VIEWS = {
    "year": QT_TRANSLATE_NOOP("TimeSliceView", "Year view"),
    "month": QT_TRANSLATE_NOOP("TimeSliceView", "Month view"),
    "day": QT_TRANSLATE_NOOP("TimeSliceView", "Day view"),
    "hour": QT_TRANSLATE_NOOP("TimeSliceView", "Hour view"),
    "minute": QT_TRANSLATE_NOOP("TimeSliceView", "Minute view"),
}
#: Where playback opens for a slice: its start, or its first motion when the view
#: shows slices at their first motion.
ROLE_PLAY = ROLE_ID + 1
MOTION_COLOUR = QColor(245, 158, 11)


def motion_duration(seconds: int) -> str:
    """How long a slice had motion, short: 12 s, 5 min, 3 h."""
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def motion_marked(pixmap: QPixmap, thumb: images_pb2.Thumbnail) -> QPixmap:
    """The slice's picture with a motion mark (bottom left) when it had motion."""
    if not thumb.has_motion:
        return pixmap
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(11)
    font.setBold(True)
    painter.setFont(font)
    text = QCoreApplication.translate("TimeSliceView", "motion")
    if thumb.motion_seconds > 1:
        text += f" {motion_duration(thumb.motion_seconds)}"
    width = painter.fontMetrics().horizontalAdvance(text) + 12
    badge = QRect(4, pixmap.height() - 21, width, 17)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MOTION_COLOUR)
    painter.drawRoundedRect(badge, 4, 4)
    painter.setPen(QColor(20, 20, 20))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def slice_label(display: TimeDisplay, unit: str, time_us: int) -> str:
    """The label under a slice of a ``unit`` view: its month, day, hour, minute…"""
    if unit == "year":
        return display.month_name(time_us)
    if unit == "month":
        return f"{display.weekday(time_us, short=True)} {display.fields(time_us)[2]:02d}"
    if unit == "day":
        return display.hour(time_us)
    if unit == "hour":
        return display.time(time_us, seconds=False)
    return display.time(time_us)


def slice_title(display: TimeDisplay, unit: str, time_us: int) -> str:
    """What a ``unit`` view covers: the year, the month, the day, the hour…"""
    if unit == "year":
        return str(display.fields(time_us)[0])
    if unit == "month":
        return display.month_year(time_us)
    if unit == "day":
        return f"{display.weekday(time_us)} {display.date(time_us)}"
    if unit == "hour":
        return f"{display.date(time_us)}, {display.hour(time_us)}"
    return display.date_time(time_us, seconds=False)


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
        self.display = session.settings.display
        self.unit = "year"
        self.time_us = now_us()
        self.thumbnails: list[images_pb2.Thumbnail] = []
        self._history: list[tuple[str, int]] = []
        self._request = 0
        self.cameras: list[cameras_pb2.Camera] = []
        self.mode = QComboBox()
        self.mode.addItem(self.tr("By camera"), "camera")
        self.mode.addItem(self.tr("By time (every camera)"), "time")
        self.mode.currentIndexChanged.connect(lambda _: self._mode_changed())
        self.at = ServerTimeEdit(self.time_us, self.display)
        self.at.setVisible(False)
        self.show_at = QPushButton(self.tr("Show"))
        self.show_at.clicked.connect(lambda: self.load_cameras_at(self.at.time_us()))
        self.show_at.setVisible(False)
        self.camera = QComboBox()
        self.camera.currentIndexChanged.connect(lambda _: self.load(self.unit, self.time_us))
        self.motion_only = QCheckBox(self.tr("Only slices with motion"))
        self.motion_only.setToolTip(
            self.tr("Skip the slices in which the server's motion detection saw nothing")
        )
        self.motion_only.toggled.connect(lambda _: self.load(self.unit, self.time_us))
        self.motion_instant = QCheckBox(self.tr("Thumbnail at first motion"))
        self.motion_instant.setToolTip(
            self.tr("Show each slice with motion at its first motion instead of its start")
        )
        self.motion_instant.toggled.connect(lambda _: self.load(self.unit, self.time_us))
        self.up = QPushButton(self.tr("▲ Up"))
        self.up.clicked.connect(self.go_up)
        self.title = QLabel()
        self.title.setObjectName("section")
        self.grid = thumbnail_grid()
        self.grid.itemClicked.connect(self._preview)
        self.grid.itemDoubleClicked.connect(self._drill)
        self.preview = QLabel(
            self.tr("Click a thumbnail to preview it; double-click to go down a level")
        )
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(360, 220))
        self.preview.setWordWrap(True)
        self.preview_time = QLabel()
        self.play = QPushButton(self.tr("Open in playback"))
        self.play.clicked.connect(self._play_selected)
        self._lay_out()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.mode)
        top.addWidget(self.at)
        top.addWidget(self.show_at)
        self.camera_label = QLabel(self.tr("Camera"))
        top.addWidget(self.camera_label)
        top.addWidget(self.camera)
        top.addWidget(self.up)
        top.addWidget(self.motion_only)
        top.addWidget(self.motion_instant)
        top.addWidget(self.title, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel(self.tr("Preview")))
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

    def set_display(self, display: TimeDisplay) -> None:
        """The server's zone or formats changed: relabel (the slices stay)."""
        self.display = display
        self.at.set_display(display)
        if self.thumbnails:
            self._relabel()

    def _relabel(self) -> None:
        if self.by_time():
            self.load_cameras_at(self.time_us)
        else:
            self.load(self.unit, self.time_us)

    def clear(self) -> None:
        """Another server: nothing shown, back to the year view."""
        self.camera.clear()
        self.grid.clear()
        self._history.clear()
        self.thumbnails = []
        self.unit = "year"

    def by_time(self) -> bool:
        return bool(self.mode.currentData() == "time")

    def _mode_changed(self) -> None:
        by_time = self.by_time()
        self._show_mode_widgets(by_time)
        if by_time:
            self.at.set_time_us(self.time_us)
            self.load_cameras_at(self.time_us)
        else:
            self.load(self.unit, self.time_us)

    def _show_mode_widgets(self, by_time: bool) -> None:
        time_widgets: list[QWidget] = [self.at, self.show_at]
        camera_widgets: list[QWidget] = [
            self.camera_label, self.camera, self.up, self.motion_only, self.motion_instant,
        ]  # fmt: skip
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
        self.title.setText(
            self.tr("Every camera at {time} · loading…").format(
                time=self.display.date_time(time_us)
            )
        )
        self._request += 1
        request = self._request
        op = search_ops.thumbnails_at(
            parent=self, camera_ids=[c.id for c in shown], time_us=time_us
        )
        op.success(lambda thumbs: self._show_cameras(request, time_us, thumbs))
        op.failure(self._failed).run(self.session)

    def _failed(self, error: Exception) -> None:
        self.title.setText(self.tr("Time slices: {error}").format(error=error))

    def _show_cameras(self, request: int, time_us: int, thumbs: list[images_pb2.Thumbnail]) -> None:
        if request != self._request:
            return
        self.thumbnails = thumbs
        names = {c.id: c.name for c in self.cameras}
        self.grid.clear()
        shown_time = self.display.date_time(time_us)
        for thumb in thumbs:
            name = names.get(thumb.camera_id, f"#{thumb.camera_id}")
            item = QListWidgetItem(QIcon(thumbnail_pixmap(thumb)), name)
            item.setData(ROLE_TIME, time_us)
            item.setData(ROLE_END, time_us)
            item.setData(ROLE_JPEG, bytes(thumb.jpeg))
            item.setData(ROLE_ID, thumb.camera_id)
            when = self.tr("no recording") if thumb.no_recording else shown_time
            item.setToolTip(f"{name}: {when}")
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
            self.tr(
                "Every camera at {time} · {cameras} cameras, {recorded} with recording · "
                "double-click one to search it by slices"
            ).format(time=shown_time, cameras=len(self.cameras), recorded=recorded)
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
        self.title.setText(
            self.tr("{view} · {title} · loading…").format(
                view=self.tr(_UNIT_VIEWS[unit]), title=slice_title(self.display, unit, time_us)
            )
        )
        self.up.setEnabled(bool(self._history))
        self._request += 1
        request = self._request
        op = search_ops.time_slices(
            parent=self,
            camera_id=int(camera_id),
            unit=unit,
            time_us=time_us,
            motion_only=self.motion_only.isChecked(),
            motion_instant=self.motion_instant.isChecked(),
        )
        op.success(lambda thumbs: self._show(request, thumbs))
        op.failure(self._failed).run(self.session)

    def _show(self, request: int, thumbs: list[images_pb2.Thumbnail]) -> None:
        if request != self._request:
            return
        self.thumbnails = thumbs
        self.grid.clear()
        at_motion = self.motion_instant.isChecked()
        for thumb in thumbs:
            start = us_from_timestamp(thumb.time)
            label = slice_label(self.display, self.unit, start)
            item = QListWidgetItem(QIcon(motion_marked(thumbnail_pixmap(thumb), thumb)), label)
            item.setData(ROLE_TIME, start)
            item.setData(ROLE_END, us_from_timestamp(thumb.slice_end_time))
            item.setData(ROLE_JPEG, bytes(thumb.jpeg))
            play = us_from_timestamp(thumb.motion_time) if at_motion and thumb.has_motion else start
            item.setData(ROLE_PLAY, play)
            item.setToolTip(self._tip(thumb, start))
            self.grid.addItem(item)
        self.title.setText(self._summary(thumbs))

    def _tip(self, thumb: images_pb2.Thumbnail, start: int) -> str:
        if thumb.no_recording:
            return self.tr("no recording")
        when = self.display.date_time(start)
        if thumb.has_motion:
            return self.tr("{when} · motion {duration}, first at {first}").format(
                when=when,
                duration=motion_duration(thumb.motion_seconds),
                first=self.display.date_time(us_from_timestamp(thumb.motion_time)),
            )
        if thumb.motion_known:
            return self.tr("{when} · no motion").format(when=when)
        return self.tr("{when} · motion not watched").format(when=when)

    def _summary(self, thumbs: list[images_pb2.Thumbnail]) -> str:
        view = self.tr(_UNIT_VIEWS[self.unit])
        title = slice_title(self.display, self.unit, self.time_us)
        moving = sum(1 for t in thumbs if t.has_motion)
        if self.motion_only.isChecked():
            if not thumbs:
                return self.tr(
                    "{view} · {title} · no slice with motion (motion is only known where "
                    "the server's motion detection watched this camera)"
                ).format(view=view, title=title)
            return self.tr("{view} · {title} · {moving} slices with motion").format(
                view=view, title=title, moving=moving
            )
        recorded = [t for t in thumbs if not t.no_recording]
        unwatched = sum(1 for t in recorded if not t.motion_known)
        text = self.tr(
            "{view} · {title} · {slices} slices, {recorded} with recording, {moving} with motion"
        ).format(view=view, title=title, slices=len(thumbs), recorded=len(recorded), moving=moving)
        if unwatched:
            text += self.tr(" · {count} not watched for motion").format(count=unwatched)
        return text

    def _preview(self, item: QListWidgetItem) -> None:
        jpeg = item.data(ROLE_JPEG)
        image = QImage.fromData(jpeg) if jpeg else QImage()
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Nothing was recorded in this slice"))
        else:
            self.preview.setPixmap(
                QPixmap.fromImage(image).scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        start, end = int(item.data(ROLE_TIME)), int(item.data(ROLE_END))
        self.preview_time.setText(
            f"{self.display.date_time(start)} → {self.display.date_time(end)}"
        )

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
            self.open_playback.emit(int(self.camera.currentData()), self._play_time(item))

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
            self.open_playback.emit(int(self.camera.currentData()), self._play_time(item))

    @staticmethod
    def _play_time(item: QListWidgetItem) -> int:
        play = item.data(ROLE_PLAY)
        return int(item.data(ROLE_TIME) if play is None else play)
