"""The alarm badge of a live tile (LIVE-03/04): shown while the camera has an open
alarm, as the server's feed says (``alarms/marks.py`` decides; the tile only paints
it). Under the motion badge's place, red."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter

from vedette_console.widgets.tile.motion_badge import motion_badge_rect

_FILL = QColor(214, 69, 69, 230)
_TEXT = QColor(255, 255, 255)


def alarm_badge_rect(size: QSize, metrics: QFontMetrics, ptz_badge: QRect | None) -> QRect:
    """Right-aligned with the motion badge, one row below it."""
    text = QCoreApplication.translate("VideoTile", "Alarm")
    motion = motion_badge_rect(size, metrics, ptz_badge)
    width = metrics.horizontalAdvance(text) + 22
    return QRect(motion.right() + 1 - width, motion.bottom() + 5, width, motion.height())


def paint_alarm_badge(painter: QPainter, rect: QRect) -> None:
    """A red badge with a bell-like dot and "Alarm"."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_FILL)
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
    painter.setBrush(_TEXT)
    h = rect.height()
    painter.drawEllipse(rect.left() + 5, rect.top() + h // 2 - 3, 7, 7)
    painter.setPen(_TEXT)
    text_rect = QRect(rect.left() + 16, rect.top(), rect.width() - 18, h)
    painter.drawText(
        text_rect, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("VideoTile", "Alarm")
    )
    painter.restore()
