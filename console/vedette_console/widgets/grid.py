"""The live grid (LIVE-01): layouts of 1 to 64 tiles, single view on double-click.

Layouts with a large tile (6 and 8) follow the usual VMS shapes: 6 is a 3×3 grid
whose first tile spans 2×2, 8 a 4×4 grid whose first tile spans 3×3.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from vedette_console.time_display import TimeDisplay, machine_display
from vedette_console.video.decoder import DecoderThread
from vedette_console.video.sources import PacketSource
from vedette_console.widgets.tile import CameraRef, SourceFactory, VideoTile

LAYOUTS = (1, 4, 6, 8, 9, 16, 25, 32, 36, 64)


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    rows: int = 1
    columns: int = 1


def layout_cells(count: int) -> list[Cell]:
    """The cells of a layout, tile order (row-major, the big tile first)."""
    if count not in LAYOUTS:
        raise ValueError(f"layout {count}: one of {', '.join(map(str, LAYOUTS))}")
    if count in (6, 8):
        side = 3 if count == 6 else 4
        big = side - 1
        cells = [Cell(0, 0, big, big)]
        cells += [Cell(r, side - 1) for r in range(big)]
        cells += [Cell(side - 1, c) for c in range(side)]
        return cells
    if count == 32:
        rows, columns = 4, 8
    else:
        rows = columns = int(count**0.5)
    return [Cell(r, c) for r in range(rows) for c in range(columns)]


class LiveGrid(QWidget):
    """Tiles in a layout. Signals: ``assignments_changed()`` (a camera was placed or
    removed), ``active_changed(tile)``.

    Cameras dropped on a tile (one, or every camera of a server or group node) go
    to that tile and the following ones (``place_cameras``), unless
    ``drop_handler`` takes them (the live view first grows the layout to fit)."""

    assignments_changed = Signal()
    active_changed = Signal(object)

    def __init__(self, source_factory: SourceFactory | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.source_factory = source_factory
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.tiles: list[VideoTile] = []
        self.count = 0
        self.single: VideoTile | None = None
        self.active: VideoTile | None = None
        self.names: dict[int, str] = {}
        #: Several servers: ``server_source_factory(server, camera_id, stream)`` and
        #: names by (server, camera id); unset, every tile uses ``source_factory``.
        self.server_source_factory: Callable[[str, int, int], PacketSource] | None = None
        self.server_names: dict[tuple[str, int], str] = {}
        self.double_click_handler: Callable[[VideoTile], bool] | None = None
        self.drop_handler: Callable[[VideoTile, list[CameraRef]], None] | None = None
        #: How the tiles' OSD shows times (their server's zone and formats); with
        #: several servers, ``display_for(server)`` gives each tile its own.
        self.display = machine_display()
        self.display_for: Callable[[str], TimeDisplay] | None = None
        self.set_layout(4)

    def set_layout(self, count: int) -> None:
        """Switch layout; cameras stay on the tiles that remain, extra tiles stop."""
        cells = layout_cells(count)
        while len(self.tiles) < len(cells):
            tile = VideoTile(len(self.tiles), self)
            tile.source_factory = self.source_factory
            tile.set_display(self.display)
            tile.double_clicked.connect(self.toggle_single)
            tile.cameras_dropped.connect(self._on_drop)
            tile.selected.connect(self.set_active)
            self.tiles.append(tile)
        for tile in self.tiles:
            self._layout.removeWidget(tile)
            tile.hide()
        for tile in self.tiles[len(cells) :]:
            tile.set_camera(None)
        self.count = count
        self.single = None
        for row in range(8):
            self._layout.setRowStretch(row, 0)
            self._layout.setColumnStretch(row, 0)
        for tile, cell in zip(self.tiles, cells, strict=False):
            self._layout.addWidget(tile, cell.row, cell.column, cell.rows, cell.columns)
            tile.show()
        rows = max(c.row + c.rows for c in cells)
        columns = max(c.column + c.columns for c in cells)
        for row in range(rows):
            self._layout.setRowStretch(row, 1)
        for column in range(columns):
            self._layout.setColumnStretch(column, 1)

    def visible_tiles(self) -> list[VideoTile]:
        return [t for t in self.tiles[: len(layout_cells(self.count))] if t.isVisible()]

    def layout_tiles(self) -> list[VideoTile]:
        return self.tiles[: len(layout_cells(self.count))]

    def toggle_single(self, tile: VideoTile) -> None:
        """Double-click: this tile alone, or back to the layout (unless
        ``double_click_handler`` takes it: a running tour pauses instead)."""
        if self.double_click_handler is not None and self.double_click_handler(tile):
            return
        if self.single is None:
            self.single = tile
            for other in self.layout_tiles():
                if other is not tile:
                    other.hide()
            self._layout.removeWidget(tile)
            self._layout.addWidget(tile, 0, 0, 8, 8)
        else:
            self.single = None
            self.set_layout(self.count)

    def set_active(self, tile: VideoTile) -> None:
        if self.active is not None and self.active is not tile:
            self.active.set_active(False)
        self.active = tile
        tile.set_active(True)
        self.active_changed.emit(tile)

    def assign(self, tile: VideoTile, camera_id: int | None, server: str = "") -> None:
        name = ""
        if camera_id is not None:
            name = self.server_names.get((server, camera_id)) or self.names.get(camera_id, "")
        tile.server = server
        factory = self.server_source_factory
        if factory is not None and server:
            tile.source_factory = lambda camera, stream, **kw: factory(server, camera, stream, **kw)
        else:
            tile.source_factory = self.source_factory
        tile.set_display(self.display if self.display_for is None else self.display_for(server))
        tile.set_camera(camera_id, name)
        self.assignments_changed.emit()

    def assign_cameras(self, camera_ids: list[int], server: str = "") -> None:
        """Fill the layout's tiles in order (``--cameras``)."""
        for tile, camera_id in zip(self.layout_tiles(), camera_ids, strict=False):
            self.assign(tile, camera_id, server)

    def place_cameras(self, tile: VideoTile, cameras: list[CameraRef]) -> list[CameraRef]:
        """Put ``cameras`` on ``tile`` and the tiles after it, in layout order;
        returns those that did not fit."""
        tiles = self.layout_tiles()
        start = tiles.index(tile) if tile in tiles else 0
        targets = tiles[start:]
        for target, camera in zip(targets, cameras, strict=False):
            if (target.server, target.camera_id) != (camera.server, camera.camera_id):
                self.assign(target, camera.camera_id, camera.server)
        return list(cameras[len(targets) :])

    def _on_drop(self, tile: VideoTile, cameras: list[CameraRef]) -> None:
        if self.drop_handler is not None:
            self.drop_handler(tile, cameras)
        else:
            self.place_cameras(tile, cameras)

    def set_display(self, display: TimeDisplay, server: str | None = None) -> None:
        """Show times in ``display`` on every tile, or on the tiles of ``server``
        ("" also covers tiles without a server: the first server's)."""
        if server is None:
            self.display = display
        for tile in self.tiles:
            if server is None or tile.server == server or (server == "" and not tile.server):
                tile.set_display(display)

    def set_override(self, stream: int | None) -> None:
        for tile in self.tiles:
            tile.set_override(stream)

    def set_osd(self, shown: bool) -> None:
        for tile in self.tiles:
            tile.osd = shown
            tile.update()

    def shutdown(self) -> list[DecoderThread]:
        return [t for t in (tile.shutdown() for tile in self.tiles) if t is not None]
