"""The spot monitor's window: a live grid showing one saved view (its in-tile
sequences running), or a sentence saying why there is nothing to show. It takes no
input: no menus, no context menu, no drops."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from vedette_api.v1 import views_pb2
from vedette_console.video.decoder import wait_stopped
from vedette_console.widgets.grid import LAYOUTS, LiveGrid
from vedette_console.widgets.tile import SourceFactory, VideoTile
from vedette_console.widgets.tile.sequence import Sequence

log = logging.getLogger(__name__)


class SpotWindow(QWidget):
    def __init__(self, source_factory: SourceFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vedette spot monitor"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.grid = LiveGrid(source_factory, self)
        # No input: no zoom, single view, drop or menu on the tiles.
        self.grid.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.grid.setAcceptDrops(False)
        self.grid.double_click_handler = lambda tile: True
        self.grid.drop_handler = lambda tile, cameras: None
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 20pt; color: #c8ccd4; background: #0c0d10;")
        #: The camera each tile's log last named, by tile index.
        self._logged: dict[int, int | None] = {}
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.message)
        for tile in self.grid.tiles:
            self._watch(tile)
        self.say(self.tr("Starting…"))

    def _watch(self, tile: VideoTile) -> None:
        """Log the first picture of each camera a tile shows (what tests and the
        journal read)."""

        def on_frame(_: object) -> None:
            if tile.camera_id != self._logged.get(tile.index):
                self._logged[tile.index] = tile.camera_id
                log.info("tile %d shows camera %s", tile.index, tile.camera_id)

        tile.frame_shown.connect(on_frame)

    @property
    def saying(self) -> str:
        """What the window says instead of video ("" while it shows a view)."""
        return self.message.text() if self.stack.currentWidget() is self.message else ""

    def say(self, text: str) -> None:
        self.clear()
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        log.info("says: %s", text)

    def clear(self) -> None:
        """Every tile empty (their streams closed)."""
        self._logged.clear()
        for tile in self.grid.tiles:
            tile.sequencer.stop()
            if tile.camera_id is not None:
                self.grid.assign(tile, None)

    def show_view(self, view: views_pb2.View, server: str) -> None:
        """The view's layout, cameras, forced streams and sequences."""
        grid = self.grid
        self.stack.setCurrentWidget(grid)
        layout = view.layout if view.layout in LAYOUTS else 4
        if grid.count != layout:
            grid.set_layout(layout)
        wanted = {t.index: t for t in view.tiles}
        for index, tile in enumerate(grid.layout_tiles()):
            spec = wanted.get(index)
            tile.sequencer.stop()
            tile.set_override(None if spec is None or not spec.stream else int(spec.stream))
            if spec is None:
                if tile.camera_id is not None:
                    grid.assign(tile, None)
            elif spec.HasField("sequence"):
                self._start_sequence(tile, Sequence.from_message(spec.sequence), server)
            elif tile.camera_id != spec.camera_id:
                grid.assign(tile, spec.camera_id, server)
        log.info("shows view %r", view.name)

    def _start_sequence(self, tile: VideoTile, sequence: Sequence, server: str) -> None:
        def assign(camera: int) -> None:
            self.grid.assign(tile, camera, server)

        tile.sequencer.start(sequence, assign)

    def place(self, screen: QScreen) -> None:
        """Full screen on ``screen``."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        log.info("on screen %s %s", screen.name(), screen.geometry().getRect())

    def shutdown(self) -> None:
        for tile in self.grid.tiles:
            tile.sequencer.stop()
        wait_stopped(self.grid.shutdown(), 1.0)
