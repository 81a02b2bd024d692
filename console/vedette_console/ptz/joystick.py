"""``Joystick``: the PTZ panel's virtual joystick (PTZ-01). Dragging the knob away
from the centre moves the head that way; the farther from the centre, the faster
(full speed at the rim). Letting go, or bringing the knob back into the dead zone,
stops it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Within this fraction of the radius the knob means "stop".
DEAD_ZONE = 0.08


def deflection(offset: QPointF, radius: float) -> tuple[float, float]:
    """The ``(pan, tilt)`` speeds for the knob ``offset`` from the centre (screen
    coordinates, y down): direction from the angle, magnitude from the distance,
    both axes within -1..1 and their length at most 1."""
    if radius <= 0:
        return 0.0, 0.0
    x, y = offset.x() / radius, -offset.y() / radius
    length = math.hypot(x, y)
    if length < DEAD_ZONE:
        return 0.0, 0.0
    if length > 1.0:
        x, y = x / length, y / length
    return round(x, 3), round(y, 3)


class Joystick(QWidget):
    """Signals: ``moved(pan, tilt)`` while the knob is dragged (each -1..1, +pan
    right, +tilt up), ``released()`` when it is let go."""

    moved = Signal(float, float)
    released = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._knob = QPointF(0.0, 0.0)
        self._dragging = False
        self.setMinimumSize(QSize(120, 120))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(self.tr("Drag to move the camera; the farther from the centre, the faster"))

    def sizeHint(self) -> QSize:
        return QSize(150, 150)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    @property
    def dragging(self) -> bool:
        return self._dragging

    def radius(self) -> float:
        """How far the knob's centre travels from the middle."""
        return max(1.0, min(self.width(), self.height()) / 2 - self._knob_radius() - 4)

    def _knob_radius(self) -> float:
        return min(self.width(), self.height()) * 0.14

    def _centre(self) -> QPointF:
        return QPointF(self.width() / 2, self.height() / 2)

    def _drag_to(self, pos: QPointF) -> None:
        offset = pos - self._centre()
        radius = self.radius()
        length = math.hypot(offset.x(), offset.y())
        if length > radius:
            offset = offset * (radius / length)
        self._knob = offset
        self.update()
        pan, tilt = deflection(offset, radius)
        self.moved.emit(pan, tilt)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self._drag_to(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._drag_to(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self._knob = QPointF(0.0, 0.0)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self.update()
            self.released.emit()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = self._centre()
        outer = min(self.width(), self.height()) / 2 - 2
        base = QRadialGradient(centre, outer)
        base.setColorAt(0.0, QColor(42, 46, 54))
        base.setColorAt(1.0, QColor(27, 30, 36))
        painter.setPen(QPen(QColor(54, 59, 69), 1.5))
        painter.setBrush(base)
        painter.drawEllipse(centre, outer, outer)
        # Speed rings and the two axes.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(58, 64, 76), 1, Qt.PenStyle.DotLine))
        radius = self.radius()
        for fraction in (1 / 3, 2 / 3):
            painter.drawEllipse(centre, radius * fraction, radius * fraction)
        painter.drawLine(
            QPointF(centre.x() - outer, centre.y()), QPointF(centre.x() + outer, centre.y())
        )
        painter.drawLine(
            QPointF(centre.x(), centre.y() - outer), QPointF(centre.x(), centre.y() + outer)
        )
        # Direction marks.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(120, 130, 148))
        mark = outer - 7
        for angle in range(0, 360, 90):
            a = math.radians(angle)
            tip = centre + QPointF(math.cos(a) * mark, -math.sin(a) * mark)
            side = QPointF(-math.sin(a) * 4, -math.cos(a) * 4)
            back = QPointF(math.cos(a) * -6, -math.sin(a) * -6)
            painter.drawPolygon([tip, tip + back + side, tip + back - side])
        # The knob, and a line from the centre while it is pulled.
        knob = centre + self._knob
        if self._dragging:
            painter.setPen(QPen(QColor(70, 150, 255, 160), 2))
            painter.drawLine(centre, knob)
        glow = QRadialGradient(knob, self._knob_radius())
        active = self._dragging
        glow.setColorAt(0.0, QColor(110, 170, 255) if active else QColor(150, 158, 172))
        glow.setColorAt(1.0, QColor(47, 95, 168) if active else QColor(74, 80, 92))
        painter.setPen(QPen(QColor(20, 22, 26), 1))
        painter.setBrush(glow)
        k = self._knob_radius()
        painter.drawEllipse(QRectF(knob.x() - k, knob.y() - k, 2 * k, 2 * k))
        painter.end()
