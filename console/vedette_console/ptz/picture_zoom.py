"""``PictureZoom``: the mouse on the picture of the tile whose PTZ panel is open
(PTZ-01, and "click to centre, drag to zoom" as Nx and Milestone have it):

- **a left click** centres the camera on the point clicked;
- **a left drag** draws a rubber-band rectangle; letting go zooms to it (the camera
  centres on it and zooms in until it fills the picture; the server's PointAt);
- **holding the right button** zooms out while held, and **Ctrl + holding the left
  button** zooms in (the NVR's hold-to-zoom, moved off the plain left button, which
  now aims); the panel's Wide/Tele buttons and the + and − keys zoom as well.

A drag shorter than the platform's drag distance is a click. Points and rectangles go
out as fractions of the picture itself (origin top left), not of the tile: the
letterbox bands are not picture, and a press there is left to the tile. A rectangle
is clipped to the picture.

It is an event filter on that one tile, so the tile itself knows nothing of PTZ
beyond its badge. While it is on, the tile's right-click menu gives way to zooming
out (closing the panel brings the menu back); the badge, the zoom view and the left
drag of a digitally zoomed tile and the wheel (digital zoom) keep their own meaning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QRubberBand, QWidget

from vedette_console.ptz.control import ControlLink, Velocity
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.tile.zoom import DigitalZoom

#: The rubber band: a dark-edged yellow outline that shows on any picture, a light tint.
BAND_EDGE, BAND_LINE, BAND_FILL = (
    QColor(0, 0, 0, 160),
    QColor(255, 210, 63),
    QColor(255, 210, 63, 48),
)


class AimBand(QRubberBand):
    """The rectangle being dragged, drawn plainly (the platform's band is faint on video)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(QRubberBand.Shape.Rectangle, parent)
        self.setObjectName("ptzAimBand")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        inner = self.rect().adjusted(1, 1, -2, -2)
        painter.fillRect(inner, BAND_FILL)
        painter.setPen(QPen(BAND_EDGE, 4))
        painter.drawRect(inner)
        painter.setPen(QPen(BAND_LINE, 2))
        painter.drawRect(inner)


@dataclass(frozen=True)
class PictureTarget:
    """Where to aim, in fractions of the picture (origin top left): the point to
    centre on and, for a rectangle, its size (both 0: a point)."""

    x: float
    y: float
    width: float = 0.0
    height: float = 0.0


def picture_rect(tile: VideoTile) -> QRectF:
    """Where the whole picture is drawn in ``tile`` (no digital zoom: then this filter
    does not aim), letterboxed to the stream's shape once a frame came."""
    frame = tile.last_frame
    return DigitalZoom().picture_rect(tile.size(), None if frame is None else frame.source_size)


def target_of(picture: QRectF, band: QRectF | None, point: QPointF) -> PictureTarget:
    """A click at ``point`` (``band`` None) or a rectangle ``band`` (within
    ``picture``) as fractions of ``picture``; a rectangle is at least a pixel each way."""
    width, height = max(picture.width(), 1.0), max(picture.height(), 1.0)
    if band is None:
        return PictureTarget(
            (point.x() - picture.left()) / width, (point.y() - picture.top()) / height
        )
    centre = band.center()
    w = min(1.0, max(band.width(), 1.0) / width)
    h = min(1.0, max(band.height(), 1.0) / height)
    x = min(max((centre.x() - picture.left()) / width, w / 2), 1.0 - w / 2)
    y = min(max((centre.y() - picture.top()) / height, h / 2), 1.0 - h / 2)
    return PictureTarget(x, y, w, h)


class PictureZoom(QObject):
    """The mouse on one tile's picture drives the camera: ``aim(target)`` for a click
    or a rectangle, ``link`` for hold-to-zoom at ``speed()`` (the panel's slider)."""

    def __init__(
        self,
        link: ControlLink,
        speed: Callable[[], float],
        aim: Callable[[PictureTarget], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = link
        self._speed = speed
        self._aim = aim
        self.tile: VideoTile | None = None
        self._held: Qt.MouseButton | None = None
        #: The left press that may become a click or a drag: where, on what picture.
        self._press: tuple[QPointF, QRectF] | None = None
        self.band: AimBand | None = None

    def attach(self, tile: VideoTile | None) -> None:
        """Drive the camera from ``tile``'s picture from now on (None: from no tile)."""
        if tile is self.tile:
            return
        if self.tile is not None:
            self.tile.removeEventFilter(self)
            if self._held is not None:
                self.link.stop()
        self._held, self._press = None, None
        if self.band is not None:
            self.band.deleteLater()
            self.band = None
        self.tile = tile
        if tile is not None:
            tile.installEventFilter(self)
            self.band = AimBand(tile)
            self.band.hide()

    def _on_picture(self, tile: VideoTile, event: QMouseEvent) -> bool:
        point = event.position()
        badge = tile.ptz_badge()
        if badge is not None and badge.contains(point.toPoint()):
            return False
        return not (tile.zoom > 1 and tile.zoom_box().contains(point))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        tile = self.tile
        if watched is not tile or tile is None or tile.camera_id is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True  # the right button zooms out here
        if not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonPress:
            return self._pressed(tile, event)
        if kind == QEvent.Type.MouseMove and self._press is not None:
            self._dragged(event.position())
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            return self._released(event)
        return False

    def _pressed(self, tile: VideoTile, event: QMouseEvent) -> bool:
        button = event.button()
        left = button == Qt.MouseButton.LeftButton
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        if self._held is not None or self._press is not None or not self._on_picture(tile, event):
            return False
        if left and tile.zoom > 1:
            return False  # a left drag pans the digital zoom
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if not left or ctrl:  # hold to zoom: right out, Ctrl + left in
            if left:
                tile.selected.emit(tile)
            self._held = button
            self.link.move(Velocity(zoom=(1.0 if left else -1.0) * self._speed()))
            return True
        picture = picture_rect(tile)
        if not picture.contains(event.position()):
            return False  # the letterbox band is not picture: the tile's
        tile.selected.emit(tile)
        self._press = (event.position(), picture)
        return True

    def _band_rect(self, point: QPointF) -> QRectF | None:
        """The rectangle dragged so far, within the picture; None while short of the
        drag distance (still a click)."""
        assert self._press is not None
        start, picture = self._press
        if (point - start).manhattanLength() < QApplication.startDragDistance():
            return None

        def inside(x: float, y: float) -> QPointF:
            return QPointF(
                min(max(x, picture.left()), picture.right()),
                min(max(y, picture.top()), picture.bottom()),
            )

        return QRectF(inside(start.x(), start.y()), inside(point.x(), point.y())).normalized()

    def _dragged(self, point: QPointF) -> None:
        rect = self._band_rect(point)
        if self.band is None:
            return
        if rect is None:
            self.band.hide()
            return
        self.band.setGeometry(rect.toAlignedRect())
        self.band.show()

    def _released(self, event: QMouseEvent) -> bool:
        button = event.button()
        if button == self._held:
            self._held = None
            self.link.stop()
            return True
        if button != Qt.MouseButton.LeftButton or self._press is None:
            return False
        rect = self._band_rect(event.position())
        start, picture = self._press
        self._press = None
        if self.band is not None:
            self.band.hide()
        self._aim(target_of(picture, rect, start))
        return True
