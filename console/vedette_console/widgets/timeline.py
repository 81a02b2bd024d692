"""The playback timeline (PLAY-04, PLAY-07): recorded runs coloured by record reason.

24 h shown by default; the wheel zooms around the cursor (down to 2 minutes),
dragging scrolls, a click seeks, shift-drag (or mark start / mark end) selects a
range to back up. The widget only paints what it was given: its owner fetches
``GetTimeline`` for ``visible_range()`` at ``resolution_us()`` (one pixel) whenever
``range_changed`` fires, and calls ``set_runs``. Tick labels are in the server's
zone and formats (``set_display``), and day ticks fall on the server's midnight.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vedette_api.timestamps import US_PER_S, now_us
from vedette_api.v1 import common_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.time_display import TimeDisplay, machine_display

MIN_SPAN_US = 120 * US_PER_S
MAX_SPAN_US = 31 * 24 * 3600 * US_PER_S
DAY_US = 24 * 3600 * US_PER_S

#: Record reason → colour (the manual's: blue schedule, green manual, yellow motion,
#: red sensor; purple analytics).
REASON_COLORS: dict[int, QColor] = {
    common_pb2.RECORD_REASON_SCHEDULE: QColor(61, 127, 224),
    common_pb2.RECORD_REASON_MANUAL: QColor(63, 185, 80),
    common_pb2.RECORD_REASON_MOTION: QColor(227, 197, 58),
    common_pb2.RECORD_REASON_SENSOR: QColor(229, 83, 75),
    common_pb2.RECORD_REASON_ANALYTICS: QColor(176, 124, 240),
}
#: Record reason → its name (translate with context ``Timeline``).
REASON_NAMES: dict[int, str] = {
    common_pb2.RECORD_REASON_SCHEDULE: QT_TRANSLATE_NOOP("Timeline", "Schedule"),
    common_pb2.RECORD_REASON_MANUAL: QT_TRANSLATE_NOOP("Timeline", "Manual"),
    common_pb2.RECORD_REASON_MOTION: QT_TRANSLATE_NOOP("Timeline", "Motion"),
    common_pb2.RECORD_REASON_SENSOR: QT_TRANSLATE_NOOP("Timeline", "Sensor"),
    common_pb2.RECORD_REASON_ANALYTICS: QT_TRANSLATE_NOOP("Timeline", "Analytics"),
}
#: When a run has several reasons, the most telling one gives its colour.
REASON_PRIORITY = (
    common_pb2.RECORD_REASON_SENSOR,
    common_pb2.RECORD_REASON_ANALYTICS,
    common_pb2.RECORD_REASON_MOTION,
    common_pb2.RECORD_REASON_MANUAL,
    common_pb2.RECORD_REASON_SCHEDULE,
)
_UNKNOWN_COLOR = QColor(120, 126, 136)
_TICKS_US = [
    s * US_PER_S
    for s in (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 3 * 3600, 6 * 3600, 12 * 3600)
] + [DAY_US, 2 * DAY_US, 7 * DAY_US]


@dataclass(frozen=True)
class Run:
    start_us: int
    end_us: int
    reasons: frozenset[int]


def run_color(reasons: frozenset[int], shown: set[int]) -> QColor | None:
    """The colour of a run with ``reasons`` when only ``shown`` reasons are on;
    None when it is hidden."""
    if not reasons:
        return _UNKNOWN_COLOR
    for reason in REASON_PRIORITY:
        if reason in reasons and reason in shown:
            return REASON_COLORS[reason]
    return None


class Timeline(QWidget):
    """Signals: ``seek(time_us)``, ``range_changed(start_us, end_us)``,
    ``selection_changed(start_us, end_us)`` (0, 0 when cleared)."""

    seek = Signal(object)
    range_changed = Signal(object, object)
    selection_changed = Signal(object, object)
    hovered = Signal(object)

    RUN_TOP = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        end = now_us() + 3600 * US_PER_S
        self._start, self._end = end - DAY_US, end
        self.runs: list[Run] = []
        self.shown_reasons: set[int] = set(REASON_COLORS)
        self.position_us: int | None = None
        #: At a site: (start, end, server) of each server's custody shown.
        self.custody: list[tuple[int, int, str]] = []
        self.selection: tuple[int, int] | None = None
        self.display = machine_display()
        self._press: QPointF | None = None
        self._press_start = 0
        self._moved = False
        self._selecting = False
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(800, 72)

    # -- model -----------------------------------------------------------------------

    def visible_range(self) -> tuple[int, int]:
        return self._start, self._end

    def resolution_us(self) -> int:
        """One pixel of time: the resolution to ask ``GetTimeline`` for."""
        return max(1, (self._end - self._start) // max(1, self.width()))

    def set_range(self, start_us: int, end_us: int) -> None:
        span = min(MAX_SPAN_US, max(MIN_SPAN_US, end_us - start_us))
        middle = (start_us + end_us) // 2
        self._start, self._end = middle - span // 2, middle - span // 2 + span
        self.update()
        self.range_changed.emit(self._start, self._end)

    def show_day(self, day_start_us: int) -> None:
        self.set_range(day_start_us, day_start_us + DAY_US)

    def center_on(self, time_us: int) -> None:
        span = self._end - self._start
        self.set_range(time_us - span // 2, time_us + span // 2)

    def set_display(self, display: TimeDisplay) -> None:
        """Label ticks in this zone and formats."""
        self.display = display
        self.update()

    def set_runs(self, runs: list[Run]) -> None:
        self.runs = runs
        self.update()

    def set_custody(self, custody: list[tuple[int, int, str]]) -> None:
        """At a site: which server held the camera when, as (start, end, server
        name) in order; drawn as a divider and the server's name at each part's
        start (empty: one server, nothing drawn)."""
        self.custody = custody
        self.update()

    def set_reason_shown(self, reason: int, shown: bool) -> None:
        if shown:
            self.shown_reasons.add(reason)
        else:
            self.shown_reasons.discard(reason)
        self.update()

    def set_position(self, time_us: int | None) -> None:
        self.position_us = time_us
        self.update()

    def set_selection(self, start_us: int, end_us: int) -> None:
        if end_us < start_us:
            start_us, end_us = end_us, start_us
        self.selection = (start_us, end_us) if end_us > start_us else None
        self.update()
        sel = self.selection or (0, 0)
        self.selection_changed.emit(*sel)

    def mark_start(self) -> None:
        at = self.position_us if self.position_us is not None else self._start
        end = self.selection[1] if self.selection else at + 60 * US_PER_S
        self.set_selection(at, max(end, at + US_PER_S))

    def mark_end(self) -> None:
        at = self.position_us if self.position_us is not None else self._end
        start = self.selection[0] if self.selection else at - 60 * US_PER_S
        self.set_selection(min(start, at - US_PER_S), at)

    # -- coordinates -------------------------------------------------------------------

    def x_of(self, time_us: int) -> float:
        return (time_us - self._start) * self.width() / (self._end - self._start)

    def time_at(self, x: float) -> int:
        return int(self._start + x * (self._end - self._start) / max(1, self.width()))

    def run_band(self) -> QRectF:
        return QRectF(0, self.RUN_TOP, self.width(), self.height() - self.RUN_TOP - 8)

    # -- input -------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if not steps:
            return
        anchor = self.time_at(event.position().x())
        factor = 0.8**steps
        span = min(MAX_SPAN_US, max(MIN_SPAN_US, int((self._end - self._start) * factor)))
        fraction = event.position().x() / max(1, self.width())
        self._start = int(anchor - fraction * span)
        self._end = self._start + span
        self.update()
        self.range_changed.emit(self._start, self._end)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = event.position()
        self._press_start = self._start
        self._moved = False
        self._selecting = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            self.hovered.emit(self.time_at(event.position().x()))
            return
        dx = event.position().x() - self._press.x()
        if abs(dx) > 3:
            self._moved = True
        if not self._moved:
            return
        if self._selecting:
            self.set_selection(self.time_at(self._press.x()), self.time_at(event.position().x()))
        else:
            span = self._end - self._start
            self._start = self._press_start - int(dx * span / max(1, self.width()))
            self._end = self._start + span
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        if not self._moved:
            at = self.time_at(event.position().x())
            self.set_position(at)
            self.seek.emit(at)
        elif not self._selecting:
            self.range_changed.emit(self._start, self._end)
        self._press = None

    # -- painting ------------------------------------------------------------------------

    def _tick_step(self) -> int:
        """The smallest step whose labels do not crowd (a 12-hour clock's are wider)."""
        span = self._end - self._start
        widest = self.fontMetrics().horizontalAdvance(self.display.time(0)) + 30
        for step in _TICKS_US:
            if span / step <= max(4, self.width() / max(90, widest)):
                return step
        return _TICKS_US[-1]

    def ticks(self) -> list[tuple[int, str]]:
        """The ticks of the visible range and their labels, on the display zone's
        clock (a day tick is the zone's midnight)."""
        step = self._tick_step()
        display = self.display
        offset = display.utc_offset_us(self._start)
        first = ((self._start + offset) // step + 1) * step - offset
        found = []
        tick = first
        while tick < self._end:
            if step >= DAY_US:
                label = display.day_month(tick)
            elif step >= 60 * US_PER_S:
                hour, minute = display.fields(tick)[3:5]
                midnight = hour == 0 and minute == 0
                label = display.day_month(tick) if midnight else display.time(tick, seconds=False)
            else:
                label = display.time(tick)
            found.append((tick, label))
            tick += step
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(24, 26, 31))
        band = self.run_band()
        painter.fillRect(band, QColor(36, 39, 46))
        self._paint_runs(painter, band)
        self._paint_custody(painter, band)
        self._paint_ticks(painter)
        self._paint_selection(painter)
        self._paint_now_and_position(painter, band)
        painter.end()

    def _paint_runs(self, painter: QPainter, band: QRectF) -> None:
        for run in self.runs:
            color = run_color(run.reasons, self.shown_reasons)
            if color is None or run.end_us <= self._start or run.start_us >= self._end:
                continue
            x0 = max(0.0, self.x_of(run.start_us))
            x1 = min(float(self.width()), self.x_of(run.end_us))
            painter.fillRect(QRectF(x0, band.top(), max(1.0, x1 - x0), band.height()), color)

    def _paint_custody(self, painter: QPainter, band: QRectF) -> None:
        metrics = painter.fontMetrics()
        for start_us, end_us, server in self.custody:
            if end_us <= self._start or start_us >= self._end:
                continue
            x0 = max(0.0, self.x_of(start_us))
            x1 = min(float(self.width()), self.x_of(end_us))
            if start_us > self._start:
                painter.setPen(QPen(QColor(235, 235, 240), 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x0, band.top()), QPointF(x0, band.bottom()))
            width = metrics.horizontalAdvance(server) + 6
            if x1 - x0 < width:
                continue
            label = QRectF(x0 + 2, band.top() + 2, width, metrics.height() + 2)
            painter.fillRect(label, QColor(0, 0, 0, 150))
            painter.setPen(QColor(235, 235, 240))
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, server)

    def _paint_ticks(self, painter: QPainter) -> None:
        painter.setPen(QColor(150, 156, 168))
        metrics = painter.fontMetrics()
        for tick, label in self.ticks():
            x = self.x_of(tick)
            painter.drawLine(QPointF(x, self.RUN_TOP - 6), QPointF(x, self.RUN_TOP))
            width = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(x - width / 2, self.RUN_TOP - 9), label)

    def _paint_selection(self, painter: QPainter) -> None:
        if self.selection is None:
            return
        x0, x1 = self.x_of(self.selection[0]), self.x_of(self.selection[1])
        painter.fillRect(QRectF(x0, 0, x1 - x0, self.height()), QColor(255, 255, 255, 40))
        painter.setPen(QPen(QColor(255, 255, 255, 180), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x0, 0), QPointF(x0, self.height()))
        painter.drawLine(QPointF(x1, 0), QPointF(x1, self.height()))

    def _paint_now_and_position(self, painter: QPainter, band: QRectF) -> None:
        now_x = self.x_of(now_us())
        if 0 <= now_x <= self.width():
            painter.setPen(QPen(QColor(110, 116, 128), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(now_x, band.top()), QPointF(now_x, band.bottom()))
        if self.position_us is not None:
            x = self.x_of(self.position_us)
            painter.setPen(QPen(QColor(255, 255, 255), 2))
            painter.drawLine(QPointF(x, 2), QPointF(x, self.height() - 2))
