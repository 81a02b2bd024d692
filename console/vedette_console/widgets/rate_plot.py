"""A small live plot of a network interface's receive and send rates (NET-04): the
last few minutes of samples as two lines, the scale following the largest rate
shown, drawn with ``QPainter`` (no plotting library).

Invariants: at most ``keep`` samples are kept (the oldest dropped first); a sample
is (µs, rx bit/s, tx bit/s); negative or missing rates are drawn as 0.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QCoreApplication, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from vedette_console.i18n import QT_TRANSLATE_NOOP

RX_COLOR = QColor(97, 175, 239)
TX_COLOR = QColor(229, 192, 123)
_UNITS = (
    QT_TRANSLATE_NOOP("RatePlot", "bit/s"),
    QT_TRANSLATE_NOOP("RatePlot", "kbit/s"),
    QT_TRANSLATE_NOOP("RatePlot", "Mbit/s"),
    QT_TRANSLATE_NOOP("RatePlot", "Gbit/s"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("RatePlot", text)


def rate_text(bps: float) -> str:
    """``12.5 Mbit/s``: the rate in the largest unit under 1000."""
    value = max(bps, 0.0)
    unit = 0
    while value >= 1000 and unit < len(_UNITS) - 1:
        value /= 1000
        unit += 1
    return f"{value:.3g} {tr(_UNITS[unit])}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^n at or above ``value`` (at least 1)."""
    ceiling = 1.0
    while ceiling < value:
        for step in (2.0, 2.5, 2.0):
            ceiling *= step
            if ceiling >= value:
                break
    return ceiling


class RatePlot(QWidget):
    """Receive (blue) and send (amber) rates over the last ``keep`` samples."""

    def __init__(self, keep: int = 60, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.samples: deque[tuple[int, float, float]] = deque(maxlen=keep)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(70)

    def sizeHint(self) -> QSize:
        return QSize(260, 80)

    def add(self, time_us: int, rx_bps: float, tx_bps: float) -> None:
        self.samples.append((time_us, max(rx_bps, 0.0), max(tx_bps, 0.0)))
        self.update()

    def scale(self) -> float:
        """The rate at the top of the plot."""
        top = max((max(rx, tx) for _, rx, tx in self.samples), default=0.0)
        return nice_ceiling(top)

    def _line(self, index: int, width: float, height: float, top: float) -> QPainterPath:
        path = QPainterPath()
        keep = self.samples.maxlen or 1
        step = width / max(keep - 1, 1)
        first_x = width - step * (len(self.samples) - 1)
        for i, sample in enumerate(self.samples):
            point = QPointF(first_x + i * step, height - sample[index] / top * height)
            if i == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        return path

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(24, 26, 31))
        margin = 4
        plot_w = self.width() - 2 * margin
        plot_h = self.height() - 2 * margin - painter.fontMetrics().height()
        painter.translate(margin, margin + painter.fontMetrics().height())
        painter.setPen(QPen(QColor(60, 64, 72), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(0, plot_h / 2), QPointF(plot_w, plot_h / 2))
        painter.drawLine(QPointF(0, 0), QPointF(plot_w, 0))
        top = self.scale()
        if len(self.samples) >= 2:
            for index, color in ((1, RX_COLOR), (2, TX_COLOR)):
                painter.setPen(QPen(color, 1.5))
                painter.drawPath(self._line(index, plot_w, plot_h, top))
        painter.resetTransform()
        painter.setPen(QColor(170, 174, 182))
        last = self.samples[-1] if self.samples else (0, 0.0, 0.0)
        painter.drawText(
            margin,
            margin + painter.fontMetrics().ascent(),
            tr("in {rx} · out {tx} · top {top}").format(
                rx=rate_text(last[1]), tx=rate_text(last[2]), top=rate_text(top)
            ),
        )
        painter.end()
