"""The week schedule grid (REC-05, the manual's 7.3): seven days, Monday first, by 48
half hours, drawn with the mouse or the keyboard.

The grid shows one or more layers, each a week (``WeekMinutes``) in its record
type's colour (the timeline's colours: normal blue, motion yellow, sensor red,
analytics purple), one band per layer in each day's row, with a legend. At most one
layer is edited: a press on a half hour that is not fully on draws, a press on one
that is fully on erases (as the manual's single pen), and dragging paints the
rectangle between the press and the pointer the same way. The keyboard does the
same: the arrows move the focused half hour, Space draws or erases it, Shift+arrows
paint from there, the menu key asks for the day's menu.

A half hour partly on (a range entered to the minute) is painted to the minute, so
what is shown is what the server gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.widgets.week_minutes import (
    CELL_MINUTES,
    CELLS,
    DAY_MINUTES,
    DAYS,
    WeekMinutes,
)

#: Day names, Monday first (translate with context ``WeekGrid``).
DAY_NAMES: Final = (
    QT_TRANSLATE_NOOP("WeekGrid", "Monday"),
    QT_TRANSLATE_NOOP("WeekGrid", "Tuesday"),
    QT_TRANSLATE_NOOP("WeekGrid", "Wednesday"),
    QT_TRANSLATE_NOOP("WeekGrid", "Thursday"),
    QT_TRANSLATE_NOOP("WeekGrid", "Friday"),
    QT_TRANSLATE_NOOP("WeekGrid", "Saturday"),
    QT_TRANSLATE_NOOP("WeekGrid", "Sunday"),
)

_OFF = QColor(44, 48, 57)
_LINE = QColor(22, 24, 29)
_FOCUS = QColor(255, 255, 255)
_DAY_GAP = 3


def hhmm(minute: int) -> str:
    """A minute of the day as HH:MM (1440 is 24:00)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass
class GridLayer:
    """One week shown on the grid: its key (``normal``, ``motion``…), its words and
    colour for the legend."""

    key: str
    label: str
    color: QColor
    week: WeekMinutes


Cell = tuple[int, int]  # (day, half hour)


class WeekGrid(QWidget):
    """Signals: ``edited(layer_key)`` after each change drawn or made by a tool;
    ``day_menu_requested(day, global_pos)`` on a right click or the menu key."""

    edited = Signal(str)
    day_menu_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layers: list[GridLayer] = []
        self.active: str | None = None
        self.read_only = False
        #: The half hour the keyboard acts on.
        self.focus_cell: Cell = (0, 0)
        self._anchor: Cell | None = None
        self._brush = True
        self._before: WeekMinutes | None = None
        self._dragging = False
        #: Height of each layer's band when several are shown (``set_compact``).
        self._layer_band = 10
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Week schedule"))

    # -- layers ----------------------------------------------------------------------

    def set_layers(self, layers: list[GridLayer], active: str | None = None) -> None:
        self.layers = list(layers)
        self.active = active
        self._end_stroke()
        self.updateGeometry()
        self.update()

    def layer(self, key: str) -> GridLayer:
        return next(layer for layer in self.layers if layer.key == key)

    def set_week(self, key: str, week: WeekMinutes) -> None:
        """Show ``week`` in layer ``key`` (no ``edited``: nothing was drawn)."""
        self.layer(key).week = week
        self._end_stroke()
        self.update()

    def active_week(self) -> WeekMinutes | None:
        return self.layer(self.active).week if self.active is not None else None

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._end_stroke()
        self.update()

    def editable(self) -> bool:
        return not self.read_only and self.active is not None

    def change(self, edit: Callable[[WeekMinutes], None]) -> None:
        """Apply a tool (``lambda week: week.invert()``) to the edited week."""
        week = self.active_week()
        if week is None or self.read_only:
            return
        self._end_stroke()
        edit(week)
        self.update()
        assert self.active is not None
        self.edited.emit(self.active)

    # -- geometry --------------------------------------------------------------------

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max(metrics.horizontalAdvance(self.tr(name)) for name in DAY_NAMES) + 10

    def _right_margin(self) -> int:
        """Room for half of the last hour's label ("24") right of the cells."""
        return QFontMetrics(self.font()).horizontalAdvance("24") // 2 + 4

    def _header_height(self) -> int:
        return QFontMetrics(self.font()).height() + 4

    def _band_height(self) -> int:
        return 20 if len(self.layers) <= 1 else self._layer_band

    def set_compact(self, compact: bool) -> None:
        """Thinner bands when several layers are shown (an overview)."""
        self._layer_band = 6 if compact else 10
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self._band_height() * max(1, len(self.layers))

    def _legend_height(self) -> int:
        return QFontMetrics(self.font()).height() + 10 if len(self.layers) > 1 else 0

    def _cells_rect(self) -> QRectF:
        left = self._label_width()
        top = self._header_height()
        width = max(CELLS * 6.0, self.width() - left - self._right_margin())
        height = DAYS * (self._row_height() + _DAY_GAP)
        return QRectF(left, top, width, height)

    def cell_width(self) -> float:
        return self._cells_rect().width() / CELLS

    def cell_rect(self, day: int, cell: int) -> QRectF:
        """Where half hour ``cell`` of ``day`` is painted (all its layers' bands)."""
        area = self._cells_rect()
        width = self.cell_width()
        top = area.top() + day * (self._row_height() + _DAY_GAP)
        return QRectF(area.left() + cell * width, top, width, self._row_height())

    def cell_at(self, pos: QPointF, *, clamp: bool = False) -> Cell | None:
        area = self._cells_rect()
        x = (pos.x() - area.left()) / self.cell_width()
        y = (pos.y() - area.top()) / (self._row_height() + _DAY_GAP)
        if clamp:
            x, y = min(max(x, 0), CELLS - 1), min(max(y, 0), DAYS - 1)
        elif not (0 <= x < CELLS and 0 <= y < DAYS):
            return None
        return int(y), int(x)

    def sizeHint(self) -> QSize:
        height = self._header_height() + DAYS * (self._row_height() + _DAY_GAP)
        return QSize(
            self._label_width() + CELLS * 14 + self._right_margin(), height + self._legend_height()
        )

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(self._label_width() + CELLS * 8 + self._right_margin(), hint.height())

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self._text_color())
        self._paint_hours(painter)
        band = self._band_height()
        for day in range(DAYS):
            row = self.cell_rect(day, 0)
            label = QRectF(0, row.top(), self._label_width() - 6, row.height())
            painter.setPen(self._text_color())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._day(day)
            )
            for index, layer in enumerate(self.layers):
                self._paint_band(painter, layer, day, row.top() + index * band, band)
        self._paint_lines(painter)
        if self.hasFocus():
            painter.setPen(QPen(_FOCUS, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cell_rect(*self.focus_cell).adjusted(1, 1, -1, -1))
        if len(self.layers) > 1:
            self._paint_legend(painter)
        painter.end()

    def _paint_band(
        self, painter: QPainter, layer: GridLayer, day: int, top: float, height: float
    ) -> None:
        area = self._cells_rect()
        per_minute = area.width() / DAY_MINUTES
        painter.fillRect(QRectF(area.left(), top, area.width(), height - 1), _OFF)
        color = QColor(layer.color)
        if self.active is not None and layer.key != self.active:
            color.setAlpha(110)  # the layers not edited stay readable but recede
        for start, end in layer.week.day_ranges(day):
            x0 = area.left() + start * per_minute
            painter.fillRect(QRectF(x0, top, (end - start) * per_minute, height - 1), color)

    def _paint_lines(self, painter: QPainter) -> None:
        area = self._cells_rect()
        width = self.cell_width()
        for cell in range(1, CELLS):
            x = area.left() + cell * width
            hour = cell % 2 == 0
            painter.setPen(QPen(_LINE, 2 if cell % 12 == 0 else 1))
            if hour or width >= 10:
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))

    def _paint_hours(self, painter: QPainter) -> None:
        area = self._cells_rect()
        metrics = QFontMetrics(self.font())
        hour_width = self.cell_width() * 2
        step = next(
            (s for s in (1, 2, 3, 6, 12) if hour_width * s >= metrics.horizontalAdvance("00") + 6),
            12,
        )
        for hour in range(0, 25, step):
            x = area.left() + hour * hour_width
            text = f"{hour:02d}"
            half = metrics.horizontalAdvance(text) / 2
            box = QRectF(x - half - 2, 0, 2 * half + 4, self._header_height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        area = self._cells_rect()
        top = area.bottom() + 6
        x = area.left()
        size = metrics.height() - 4
        for layer in self.layers:
            painter.fillRect(QRectF(x, top + 2, size, size), layer.color)
            x += size + 6
            font = QFont(self.font())
            font.setBold(layer.key == self.active)
            painter.setFont(font)
            text = layer.label
            if layer.key == self.active and not self.read_only:
                text = self.tr("{label} (editing)").format(label=layer.label)
            painter.setPen(self._text_color())
            painter.drawText(QPointF(x, top + metrics.ascent()), text)
            x += QFontMetrics(font).horizontalAdvance(text) + 18
        painter.setFont(self.font())

    def _text_color(self) -> QColor:
        """Labels in the theme's text colour (light on the console's dark theme)."""
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _day(self, day: int) -> str:
        return self.tr(DAY_NAMES[day])

    # -- words (tooltips, accessibility) ---------------------------------------------

    def cell_words(self, day: int, cell: int) -> str:
        """``Tuesday 08:30–09:00`` and each layer's state there, in words."""
        start = cell * CELL_MINUTES
        lines = [f"{self._day(day)} {hhmm(start)}–{hhmm(start + CELL_MINUTES)}"]
        for layer in self.layers:
            state = layer.week.cell_state(day, cell)
            if state == "full":
                words = self.tr("on")
            elif state == "empty":
                words = self.tr("off")
            else:
                parts = layer.week.cell_ranges(day, cell)
                words = self.tr("on {ranges}").format(
                    ranges=", ".join(f"{hhmm(a)}–{hhmm(b)}" for a, b in parts)
                )
            lines.append(f"{layer.label}: {words}")
        return "\n".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.cell_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.cell_words(*hit), self)
            return True
        return super().event(event)

    # -- drawing ---------------------------------------------------------------------

    def _begin_stroke(self, anchor: Cell) -> None:
        week = self.active_week()
        assert week is not None
        self._anchor = anchor
        self._brush = week.cell_state(*anchor) != "full"
        self._before = week.copy()

    def _paint_to(self, cell: Cell) -> None:
        """The week before the stroke with the rectangle anchor..cell painted."""
        if self._anchor is None or self._before is None or self.active is None:
            return
        (day0, cell0), (day1, cell1) = self._anchor, cell
        week = self._before.copy()
        week.set_cells(
            range(min(day0, day1), max(day0, day1) + 1),
            range(min(cell0, cell1), max(cell0, cell1) + 1),
            self._brush,
        )
        if week != self.layer(self.active).week:
            self.layer(self.active).week = week
            self.update()
            self.edited.emit(self.active)

    def _end_stroke(self) -> None:
        self._anchor = None
        self._before = None
        self._dragging = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.cell_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or hit is None or not self.editable():
            super().mousePressEvent(event)
            return
        self.focus_cell = hit
        self._begin_stroke(hit)
        self._dragging = True
        self._paint_to(hit)
        self._announce()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._dragging:
            super().mouseMoveEvent(event)
            return
        hit = self.cell_at(event.position(), clamp=True)
        assert hit is not None
        self.focus_cell = hit
        self._paint_to(hit)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._end_stroke()
            self._announce()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        day, cell = self.focus_cell
        moves: dict[Qt.Key, Cell] = {
            Qt.Key.Key_Left: (day, cell - 1),
            Qt.Key.Key_Right: (day, cell + 1),
            Qt.Key.Key_Up: (day - 1, cell),
            Qt.Key.Key_Down: (day + 1, cell),
            Qt.Key.Key_Home: (day, 0),
            Qt.Key.Key_End: (day, CELLS - 1),
        }
        if key in moves:
            target = moves[key]
            target = (min(max(target[0], 0), DAYS - 1), min(max(target[1], 0), CELLS - 1))
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if shift and self.editable():
                if self._anchor is None:
                    self._begin_stroke(self.focus_cell)
                self._paint_to(target)
            elif not shift:
                self._end_stroke()
            self.focus_cell = target
            self._announce()
            self.update()
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.editable():
            self._begin_stroke(self.focus_cell)
            self._paint_to(self.focus_cell)
            self._announce()
        elif key == Qt.Key.Key_Menu:
            rect = self.cell_rect(*self.focus_cell)
            self.day_menu_requested.emit(day, self.mapToGlobal(rect.center().toPoint()))
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        hit = self.cell_at(QPointF(event.pos()))
        if hit is not None:
            self.focus_cell = hit
            self.update()
            self.day_menu_requested.emit(hit[0], event.globalPos())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._announce()

    def _announce(self) -> None:
        """What a screen reader says about the focused half hour."""
        self.setAccessibleDescription(self.cell_words(*self.focus_cell))
        self.update()
