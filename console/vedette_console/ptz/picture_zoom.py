"""``PictureZoom``: on the picture of the tile whose PTZ panel is open, holding the
left mouse button zooms in and holding the right one zooms out (PTZ-01, as the NVR's
PTZ mode does); letting go stops.

It is an event filter on that one tile, so the tile itself knows nothing of PTZ
beyond its badge. While it is on, the tile's right-click menu gives way to zooming
out (closing the panel brings the menu back); the badge, the zoom view of a
digitally zoomed tile and the wheel (digital zoom) keep their own meaning.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent

from vedette_console.ptz.control import ControlLink, Velocity
from vedette_console.widgets.tile import VideoTile

_BUTTONS = {Qt.MouseButton.LeftButton: 1.0, Qt.MouseButton.RightButton: -1.0}


class PictureZoom(QObject):
    """Hold-to-zoom on one tile's picture through ``link``; ``speed()`` gives the
    zoom speed (the panel's slider)."""

    def __init__(
        self, link: ControlLink, speed: Callable[[], float], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.link = link
        self._speed = speed
        self.tile: VideoTile | None = None
        self._held: Qt.MouseButton | None = None

    def attach(self, tile: VideoTile | None) -> None:
        """Zoom on ``tile``'s picture from now on (None: on no tile)."""
        if tile is self.tile:
            return
        if self.tile is not None:
            self.tile.removeEventFilter(self)
            if self._held is not None:
                self.link.stop()
        self._held = None
        self.tile = tile
        if tile is not None:
            tile.installEventFilter(self)

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
        if kind == QEvent.Type.MouseButtonPress and event.button() in _BUTTONS:
            if self._held is not None or not self._on_picture(tile, event):
                return False
            if tile.zoom > 1 and event.button() == Qt.MouseButton.LeftButton:
                return False  # a left drag pans the digital zoom
            self._held = event.button()
            if event.button() == Qt.MouseButton.LeftButton:
                tile.selected.emit(tile)
            self.link.move(Velocity(zoom=_BUTTONS[event.button()] * self._speed()))
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == self._held:
            self._held = None
            self.link.stop()
            return True
        return False
