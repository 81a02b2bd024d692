"""Stacked bars of counts per category (the alarm statistics, ALARM-05), painted with
``QPainter``: Qt Charts is GPL-3.0 only in Qt's open-source edition and Vedette is
Apache-2.0, so the console draws its own (docs/licensing.md).

One bar per category (a day, say), one coloured segment per series (a priority),
the first series at the bottom; a value axis with round integer ticks, category
labels thinned to fit, a legend on the right and a tooltip naming the category, the
series and the count under the pointer. Geometry is in logical pixels, so a HiDPI
screen only draws it sharper.

Invariants: every series has one count per category (missing counts are 0, negative
ones are drawn as 0); a segment of count 0 has no rectangle and no tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from vedette_console.widgets.rate_plot import nice_ceiling

BACKGROUND = QColor(24, 26, 31)
GRID = QColor(60, 64, 72)
TEXT = QColor(170, 174, 182)
TITLE = QColor(220, 223, 228)
#: Series colours when the caller gives none: distinct on the dark background.
PALETTE = (
    QColor(97, 175, 239),
    QColor(229, 192, 123),
    QColor(152, 195, 121),
    QColor(198, 120, 221),
    QColor(224, 108, 117),
    QColor(86, 182, 194),
    QColor(209, 154, 102),
    QColor(171, 178, 191),
)
_MARGIN = 8
_GAP = 0.25  # of a category's slot left empty between bars


def tr(text: str) -> str:
    return QCoreApplication.translate("StackedBars", text)


def integer_ticks(top: int, most: int = 6) -> list[int]:
    """At most ``most`` round ticks from 0 to at least ``top``: steps of 1, 2 or 5 × 10^n
    (counts, so never a fraction), at least [0, 1]."""
    top = max(top, 1)
    step = 1
    while math.ceil(top / step) > most - 1:
        step = int(nice_ceiling(step * 1.5))  # the next of 1, 2, 5, 10, 20, 50…
    return list(range(0, math.ceil(top / step) * step + 1, step))


class StackedBars(QWidget):
    """Counts per category as stacked bars, one colour per series."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[str] = []
        self._series: list[tuple[str, list[int]]] = []
        self._colors: list[QColor] = []
        self.title = ""
        #: Drawn instead of bars when there are categories and every count is 0.
        self.placeholder = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(640, 280)

    # -- data ------------------------------------------------------------------------------

    def set_data(
        self,
        categories: list[str],
        series: list[tuple[str, list[int]]],
        colors: Sequence[QColor | str | None] = (),
    ) -> None:
        """Show ``series`` (name, one count per category); ``colors[i]`` colours series
        ``i`` (None or missing: the palette's)."""
        width = len(categories)
        self._categories = list(categories)
        self._series = [
            (name, [max(int(v), 0) for v in values][:width] + [0] * (width - len(values)))
            for name, values in series
        ]
        given = list(colors) + [None] * (len(series) - len(colors))
        self._colors = [
            QColor(color) if color is not None else PALETTE[i % len(PALETTE)]
            for i, color in enumerate(given[: len(series)])
        ]
        self.update()

    def categories(self) -> list[str]:
        return list(self._categories)

    def series(self) -> list[tuple[str, list[int]]]:
        """(name, counts per category) in stacking order, the bottom first."""
        return [(name, list(values)) for name, values in self._series]

    def color(self, index: int) -> QColor:
        return QColor(self._colors[index])

    def totals(self) -> list[int]:
        """The height of each bar."""
        return [sum(values[i] for _, values in self._series) for i in range(len(self._categories))]

    def ticks(self) -> list[int]:
        return integer_ticks(max(self.totals(), default=0))

    # -- geometry --------------------------------------------------------------------------

    def _legend_width(self, metrics: QFontMetrics) -> int:
        if not self._series:
            return 0
        box = metrics.height()
        return box + 6 + max(metrics.horizontalAdvance(name) for name, _ in self._series) + _MARGIN

    def plot_rect(self) -> QRectF:
        """Where the bars are drawn (inside the axes)."""
        metrics = self.fontMetrics()
        # Half a line of room above the top tick, whose label is centred on it.
        top = _MARGIN + metrics.height() // 2 + (metrics.height() + _MARGIN if self.title else 0)
        axis = max(metrics.horizontalAdvance(str(t)) for t in self.ticks()) + 6
        left = _MARGIN + axis
        right = self.width() - _MARGIN - self._legend_width(metrics)
        bottom = self.height() - _MARGIN - metrics.height() - 4
        return QRectF(left, top, max(right - left, 1), max(bottom - top, 1))

    def bar_rect(self, category: int, series: int) -> QRectF | None:
        """The segment of ``series`` in the bar of ``category``; None when its count is 0."""
        count = self._series[series][1][category]
        if count == 0:
            return None
        plot = self.plot_rect()
        slot = plot.width() / len(self._categories)
        scale = plot.height() / self.ticks()[-1]
        below = sum(values[category] for _, values in self._series[:series])
        return QRectF(
            plot.left() + slot * (category + _GAP / 2),
            plot.bottom() - (below + count) * scale,
            slot * (1 - _GAP),
            count * scale,
        )

    def segment_at(self, point: QPointF | QPoint) -> tuple[int, int] | None:
        """(category, series) of the segment under ``point``, if any."""
        at = QPointF(point)
        for category in range(len(self._categories)):
            for series in range(len(self._series)):
                rect = self.bar_rect(category, series)
                if rect is not None and rect.contains(at):
                    return category, series
        return None

    def tooltip_at(self, point: QPointF | QPoint) -> str:
        found = self.segment_at(point)
        if found is None:
            return ""
        category, series = found
        name, values = self._series[series]
        return tr("{category} · {series}: {count}").format(
            category=self._categories[category], series=name, count=values[category]
        )

    def label_step(self) -> int:
        """Show every n-th category label so that labels do not overlap."""
        if not self._categories:
            return 1
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(c) for c in self._categories) + 8
        slot = self.plot_rect().width() / len(self._categories)
        return max(1, math.ceil(widest / slot))

    # -- events ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        metrics = painter.fontMetrics()
        if self.title:
            painter.setPen(TITLE)
            painter.drawText(
                QRectF(0, _MARGIN, self.width(), metrics.height()),
                Qt.AlignmentFlag.AlignHCenter,
                self.title,
            )
        if not self._categories:
            painter.end()
            return
        plot = self.plot_rect()
        ticks = self.ticks()
        for tick in ticks:
            y = plot.bottom() - tick / ticks[-1] * plot.height()
            painter.setPen(QPen(GRID, 1, Qt.PenStyle.DashLine if tick else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            label = QRectF(
                _MARGIN, y - metrics.height() / 2, plot.left() - _MARGIN - 6, metrics.height()
            )
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick)
            )
        if any(self.totals()):
            for category in range(len(self._categories)):
                for series in range(len(self._series)):
                    rect = self.bar_rect(category, series)
                    if rect is not None:
                        painter.fillRect(rect, self._colors[series])
        elif self.placeholder:
            painter.setPen(TEXT)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.placeholder)
        slot = plot.width() / len(self._categories)
        step = self.label_step()
        painter.setPen(TEXT)
        for category in range(0, len(self._categories), step):
            x = plot.left() + slot * category
            painter.drawText(
                QRectF(
                    x + slot / 2 - slot * step / 2, plot.bottom() + 4, slot * step, metrics.height()
                ),
                Qt.AlignmentFlag.AlignHCenter,
                self._categories[category],
            )
        self._paint_legend(painter, plot)
        painter.end()

    def _paint_legend(self, painter: QPainter, plot: QRectF) -> None:
        metrics = painter.fontMetrics()
        box = metrics.height()
        x = plot.right() + _MARGIN
        for index, (name, _) in enumerate(self._series):
            y = plot.top() + index * (box + 4)
            painter.fillRect(QRectF(x, y, box, box), self._colors[index])
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(x + box + 6, y, self.width() - x - box - 6, box),
                Qt.AlignmentFlag.AlignVCenter,
                name,
            )
