"""The live view: the grid with its toolbar (layout, OSD, stream choice, and actions
on the selected tile: manual record, snapshot, zoom reset)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.v1 import common_pb2
from vedette_console.session import Session
from vedette_console.video.sources import PacketSource
from vedette_console.widgets.grid import LAYOUTS, LiveGrid
from vedette_console.widgets.tile import VideoTile

_OVERRIDES = {
    "Auto stream": None,
    "All main": common_pb2.STREAM_MAIN,
    "All sub": common_pb2.STREAM_SUB,
}


class LiveView(QWidget):
    """Signals: ``instant_playback(camera_id, time_us)`` (PLAY-01)."""

    instant_playback = Signal(object, object)

    def __init__(
        self,
        session: Session,
        source_factory: Callable[[int, int], PacketSource],
        notify: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.notify = notify
        self.grid = LiveGrid(source_factory, self)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(8)
        self.layout_box = QComboBox()
        for count in LAYOUTS:
            self.layout_box.addItem(f"{count} tiles" if count > 1 else "1 tile", count)
        self.layout_box.setCurrentIndex(LAYOUTS.index(4))
        self.layout_box.currentIndexChanged.connect(
            lambda _: self.grid.set_layout(int(self.layout_box.currentData()))
        )
        self.osd = QCheckBox("OSD")
        self.osd.setChecked(True)
        self.osd.toggled.connect(self.grid.set_osd)
        self.stream_box = QComboBox()
        self.stream_box.addItems(list(_OVERRIDES))
        self.stream_box.currentTextChanged.connect(
            lambda text: self.grid.set_override(_OVERRIDES[text])
        )
        self.record = QPushButton("Record")
        self.record.setCheckable(True)
        self.record.setToolTip("Manual recording of the selected tile's camera")
        self.record.clicked.connect(self._toggle_record)
        self.snapshot = QPushButton("Snapshot")
        self.snapshot.setToolTip("Save a full-resolution snapshot on the server")
        self.snapshot.clicked.connect(self._take_snapshot)
        self.instant = QSpinBox()
        self.instant.setRange(1, 120)
        self.instant.setValue(5)
        self.instant.setSuffix(" min ago")
        self.instant.setToolTip("Instant playback goes back this far (PLAY-01)")
        self.instant_button = QPushButton("Instant playback")
        self.instant_button.clicked.connect(self._instant_active)
        self.dwell = QSpinBox()
        self.dwell.setRange(1, 600)
        self.dwell.setValue(10)
        self.dwell.setSuffix(" s dwell")
        self.tour_button = QPushButton("Tour")
        self.tour_button.setCheckable(True)
        self.tour_button.setToolTip(
            "Cycle pages of cameras through the grid (LIVE-07); double-click pauses"
        )
        self.tour_button.toggled.connect(self.set_tour)
        self._tour_timer = QTimer(self)
        self._tour_timer.timeout.connect(self.next_page)
        self.tour_paused = False
        self._tour_page = 0
        #: The cameras a tour cycles through, (server, id), set by the main window.
        self.tour_cameras: Callable[[], list[tuple[str, int]]] = list
        self.unzoom = QPushButton("Reset zoom")
        self.unzoom.clicked.connect(self._reset_zoom)
        self.selected = QLabel("No tile selected")
        self.selected.setObjectName("muted")
        for widget in (QLabel("Layout"), self.layout_box, self.osd, self.stream_box):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.selected)
        bar.addStretch(1)
        bar.addWidget(self.dwell)
        bar.addWidget(self.tour_button)
        bar.addWidget(self.instant)
        for button in (self.instant_button, self.record, self.snapshot, self.unzoom):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        self.grid.active_changed.connect(self._on_active)
        self.grid.double_click_handler = self._tour_double_click
        for tile in self.grid.tiles:
            self._hook(tile)
        self.grid.assignments_changed.connect(self._hook_all)

    def _hook_all(self) -> None:
        for tile in self.grid.tiles:
            self._hook(tile)

    def _hook(self, tile: VideoTile) -> None:
        if tile.property("menu_hooked"):
            return
        tile.setProperty("menu_hooked", True)
        tile.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tile.customContextMenuRequested.connect(lambda pos, t=tile: self._menu(t, QPoint(pos)))

    # -- tour (LIVE-07) --------------------------------------------------------------------

    def set_tour(self, on: bool) -> None:
        """Start or stop cycling pages of ``tour_cameras`` every ``dwell`` seconds."""
        if self.tour_button.isChecked() != on:
            self.tour_button.setChecked(on)  # re-enters through toggled
            return
        self.tour_paused = False
        if on:
            self._tour_page = -1
            self.next_page()
            self._tour_timer.start(self.dwell.value() * 1000)
            self.notify("Tour started: double-click a tile to pause")
        else:
            self._tour_timer.stop()

    def next_page(self) -> None:
        cameras = self.tour_cameras()
        tiles = self.grid.layout_tiles()
        if not cameras or not tiles:
            return
        pages = max(1, -(-len(cameras) // len(tiles)))
        self._tour_page = (self._tour_page + 1) % pages
        page = cameras[self._tour_page * len(tiles) : (self._tour_page + 1) * len(tiles)]
        for index, tile in enumerate(tiles):
            if index < len(page):
                server, camera_id = page[index]
                if (tile.server, tile.camera_id) != (server, camera_id):
                    self.grid.assign(tile, camera_id, server)
            else:
                self.grid.assign(tile, None)

    def _tour_double_click(self, tile: VideoTile) -> bool:
        if not self._tour_timer.isActive() and not self.tour_paused:
            return False
        self.tour_paused = not self.tour_paused
        if self.tour_paused:
            self._tour_timer.stop()
            self.notify("Tour paused: double-click again to go on")
        else:
            self._tour_timer.start(self.dwell.value() * 1000)
            self.notify("Tour resumed")
        return True

    def set_layout(self, count: int) -> None:
        self.layout_box.setCurrentIndex(LAYOUTS.index(count))

    def _menu(self, tile: VideoTile, pos: QPoint) -> None:
        self.grid.set_active(tile)
        menu = QMenu(self)
        if tile.camera_id is not None:
            menu.addAction("Manual record on", lambda: self._record(tile, True))
            menu.addAction("Manual record off", lambda: self._record(tile, False))
            menu.addAction(
                f"Instant playback ({self.instant.value()} min ago)",
                lambda: self._instant(tile),
            )
            menu.addAction("Snapshot", self._take_snapshot)
            menu.addAction("Snapshot to a file…", lambda: self._snapshot_to_file(tile))
            menu.addAction("Reset digital zoom", tile.reset_zoom)
            menu.addAction("Camera info", lambda: self._info(tile))
            menu.addAction("Single view", lambda: self.grid.toggle_single(tile))
            menu.addSeparator()
            menu.addAction("Close", lambda: self.grid.assign(tile, None))
        menu.popup(tile.mapToGlobal(pos))

    def _instant_active(self) -> None:
        if self.grid.active is None or self.grid.active.camera_id is None:
            self.notify("Select a tile with a camera first")
            return
        self._instant(self.grid.active)

    def _instant(self, tile: VideoTile) -> None:
        if tile.camera_id is not None:
            ago_us = self.instant.value() * 60 * 1_000_000
            self.instant_playback.emit(tile.camera_id, time.time_ns() // 1000 - ago_us)

    def _info(self, tile: VideoTile) -> None:
        frame = tile.last_frame
        lines = [
            f"{tile.camera_name} (#{tile.camera_id})"
            + (f" on {tile.server}" if tile.server else ""),
            f"Stream: {'main' if tile.stream == common_pb2.STREAM_MAIN else 'sub'}",
            f"Status: {tile.status or 'unknown'}",
        ]
        if frame is not None:
            size = frame.source_size
            lines.append(f"Picture: {size.width()}×{size.height()}")
        if tile.stats is not None:
            stats = tile.stats
            lines.append(f"Frames: {stats.shown} shown, {stats.dropped} dropped")  # type: ignore[attr-defined]
        QMessageBox.information(self, "Camera info", "\n".join(lines))

    def _on_active(self, tile: VideoTile) -> None:
        name = tile.camera_name or (f"#{tile.camera_id}" if tile.camera_id else "empty")
        self.selected.setText(f"Tile {tile.index + 1}: {name}")

    def _reset_zoom(self) -> None:
        if self.grid.active is not None:
            self.grid.active.reset_zoom()

    def _toggle_record(self, on: bool) -> None:
        tile = self.grid.active
        if tile is None or tile.camera_id is None:
            self.record.setChecked(False)
            self.notify("Select a tile with a camera first")
            return
        self._record(tile, on)

    def _record(self, tile: VideoTile, on: bool) -> None:
        camera_id = tile.camera_id
        if camera_id is None:
            return

        def work(client: Client) -> list[int]:
            if on:
                return client.start_manual_recording([camera_id])
            return client.stop_manual_recording([camera_id])

        self.session.call(
            work,
            lambda _: self.notify(
                f"Manual recording {'started' if on else 'stopped'}: {tile.camera_name}"
            ),
            lambda exc: self.notify(f"Manual recording: {exc}"),
            owner=self,
        )

    def _snapshot_to_file(self, tile: VideoTile, path: Path | None = None) -> None:
        """A full-resolution snapshot saved on the server and as a JPEG here."""
        camera_id = tile.camera_id
        if camera_id is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Save snapshot",
                str(Path.home() / f"{tile.camera_name or camera_id}.jpg"),
                "JPEG (*.jpg)",
            )
            if not chosen:
                return
            path = Path(chosen)
        target = path

        def work(client: Client) -> Path:
            shot = client.take_snapshot(camera_id)
            _, jpeg = client.get_snapshot(shot.id)
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(jpeg)
            partial.replace(target)  # never a half-written picture under its name
            return target

        self.session.call(
            work,
            lambda saved: self.notify(f"Snapshot saved to {saved}"),
            lambda exc: self.notify(f"Snapshot: {exc}"),
            owner=self,
        )

    def _take_snapshot(self) -> None:
        tile = self.grid.active
        if tile is None or tile.camera_id is None:
            self.notify("Select a tile with a camera first")
            return
        camera_id = tile.camera_id
        self.session.call(
            lambda client: client.take_snapshot(camera_id),
            lambda shot: self.notify(f"Snapshot {shot.id} saved ({shot.width}×{shot.height})"),
            lambda exc: self.notify(f"Snapshot: {exc}"),
            owner=self,
        )
