"""The live view's motion badges (LIVE-03): which cameras have motion on, from the
server's feed (``ChangeFeed.motion``), marked on the tiles that show them.

Status is the truth: a camera is marked while some source's last word for it was
"active", and nothing is marked once the feed is lost or subscribes again (the
server tells the cameras whose motion is on right after the new subscription), nor
after a reload of every camera status (the server tells them again after it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from vedette_api.v1 import alarms_pb2
from vedette_console.change_feed import ChangeFeed
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile


class MotionMarks(QObject):
    def __init__(
        self,
        feed: ChangeFeed,
        grid: LiveGrid,
        own_tile: Callable[[VideoTile], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.grid = grid
        self.own_tile = own_tile
        #: camera id → the sources whose motion is on.
        self._on: dict[int, set[str]] = {}
        feed.motion.connect(self._on_motion)
        feed.subscribed.connect(self.clear)
        feed.lost.connect(lambda _error: self.clear())
        feed.changed.connect(self._on_changed)
        grid.assignments_changed.connect(self.mark)

    def cameras(self) -> set[int]:
        """The cameras with motion on now."""
        return {camera_id for camera_id, sources in self._on.items() if sources}

    def clear(self) -> None:
        self._on.clear()
        self.mark()

    def _on_changed(self, kind: int, ids: Any) -> None:
        if kind == alarms_pb2.RESOURCE_KIND_CAMERA_STATUS and not ids:
            self.clear()

    def _on_motion(self, camera_id: int, active: bool, source: str) -> None:
        sources = self._on.setdefault(int(camera_id), set())
        if active:
            sources.add(source)
        else:
            sources.discard(source)
        self.mark()

    def mark(self) -> None:
        on = self.cameras()
        for tile in self.grid.tiles:
            tile.set_motion(self.own_tile(tile) and tile.camera_id in on)
