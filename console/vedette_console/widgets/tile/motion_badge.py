"""The motion badge of a live tile (LIVE-03): shown while the server's feed says the
camera's motion is on (``views/live_motion.py`` decides; the tile only paints it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

_FILL = QColor(227, 140, 40, 225)
_TEXT = QColor(20, 20, 20)


def motion_badge_rect(size: QSize, metrics: QFontMetrics, ptz_badge: QRect | None) -> QRect:
    """Top right under the frame's time, left of the PTZ badge when there is one."""
    text = QCoreApplication.translate("VideoTile", "Motion")
    width = metrics.horizontalAdvance(text) + 22
    height = metrics.height() + 6
    right = (ptz_badge.left() - 4) if ptz_badge is not None else size.width() - 4
    top = 4 + metrics.height() + 4 + 4
    return QRect(right - width, top, width, height)


def paint_motion_badge(painter: QPainter, rect: QRect) -> None:
    """An amber badge with three motion lines and "Motion"."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_FILL)
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
    painter.setPen(QPen(_TEXT, 1.4))
    h = rect.height()
    left, top = rect.left() + 4.0, rect.top() + h * 0.3
    for i, length in enumerate((9.0, 6.0, 9.0)):
        y = top + i * h * 0.2
        painter.drawLine(QPointF(left + 9 - length, y), QPointF(left + 9, y))
    text_rect = QRect(rect.left() + 16, rect.top(), rect.width() - 18, h)
    painter.drawText(
        text_rect, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("VideoTile", "Motion")
    )
    painter.restore()
