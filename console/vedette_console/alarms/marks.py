"""Alarm badges on live tiles (LIVE-03/04): a tile of a camera with an open alarm
shows one, as long as the ``AlarmBook`` (the feed) says the alarm is open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from vedette_console.alarms.book import AlarmBook
from vedette_console.alarms.later import Later
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile


class AlarmMarks(QObject):
    def __init__(
        self,
        book: AlarmBook,
        grid: LiveGrid,
        own_tile: Callable[[VideoTile], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.grid = grid
        self.own_tile = own_tile
        later = Later(self, self.mark)
        book.changed.connect(later)
        book.reset.connect(later)
        grid.assignments_changed.connect(self.mark)

    def mark(self) -> None:
        cameras = self.book.cameras_with_open_alarms()
        for tile in self.grid.tiles:
            tile.set_alarm(self.own_tile(tile) and tile.camera_id in cameras)
