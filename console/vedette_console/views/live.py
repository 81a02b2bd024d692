"""The live view: the grid with its toolbar (layout, OSD, stream choice, and actions
on the selected tile: manual record, snapshot, zoom reset)."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.v1 import common_pb2, views_pb2
from vedette_console.session import Session
from vedette_console.views.tour_dialog import TourDialog
from vedette_console.widgets.grid import LAYOUTS, LiveGrid
from vedette_console.widgets.tile import SourceFactory, VideoTile

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
        source_factory: SourceFactory,
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
        self.tour_button = QPushButton("Camera tour")
        self.tour_button.setCheckable(True)
        self.tour_button.setToolTip(
            "Cycle pages of cameras through the grid (LIVE-07); double-click pauses"
        )
        self.tour_button.toggled.connect(self.set_tour)
        self._tour_timer = QTimer(self)
        self._tour_timer.timeout.connect(self._on_tour_timer)
        self.tour_paused = False
        self._tour_page = 0
        # Saved views and tours (LIVE-06, LIVE-07), kept on the server (ViewService).
        self.saved_views: list[views_pb2.View] = []
        self.saved_tours: list[views_pb2.Tour] = []
        #: The view last recalled or saved: what "save changes", rename, delete act on.
        self.current_view: views_pb2.View | None = None
        #: The saved tour being shown, and its step.
        self.running_tour: views_pb2.Tour | None = None
        self._tour_step = -1
        self.views_button = QPushButton("Views")
        self.views_button.setToolTip("Saved views: recall, save, rename, delete (LIVE-06)")
        self.views_menu = QMenu(self)
        self.views_menu.aboutToShow.connect(self._fill_views_menu)
        self.views_button.setMenu(self.views_menu)
        self.tours_button = QPushButton("Tours")
        self.tours_button.setToolTip("Saved tours of views, each with its dwell (LIVE-07)")
        self.tours_menu = QMenu(self)
        self.tours_menu.aboutToShow.connect(self._fill_tours_menu)
        self.tours_button.setMenu(self.tours_menu)
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
        bar.addWidget(self.views_button)
        bar.addWidget(self.tours_button)
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
            self.stop_saved_tour()
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
            self._tour_timer.start(self._tour_interval_ms())
            self.notify("Tour resumed")
        return True

    def _tour_interval_ms(self) -> int:
        tour = self.running_tour
        if tour is not None and 0 <= self._tour_step < len(tour.steps):
            return tour.steps[self._tour_step].dwell_seconds * 1000
        return self.dwell.value() * 1000

    def _on_tour_timer(self) -> None:
        if self.running_tour is not None:
            self._next_tour_step()
        else:
            self.next_page()

    # -- saved views and tours (LIVE-06, LIVE-07) -------------------------------------------

    def _primary(self, tile: VideoTile) -> bool:
        """Whether the tile shows a camera of the server views are saved on."""
        return tile.camera_id is not None and tile.server in ("", self.session.server)

    def reload_saved(self) -> None:
        """Fetch the signed-in user's views and tours from the server."""

        def work(client: Client) -> tuple[list[views_pb2.View], list[views_pb2.Tour]]:
            return client.list_views(), client.list_tours()

        self.session.call(
            work,
            self._on_saved,
            lambda exc: self.notify(f"Saved views: {exc}"),
            owner=self,
        )

    def _reload_after(self, text: Callable[[Any], str]) -> Callable[[Any], None]:
        """A call's done callback: say ``text(result)``, then reload views and tours."""

        def done(result: Any) -> None:
            self.notify(text(result))
            self.reload_saved()

        return done

    def _on_saved(self, found: tuple[list[views_pb2.View], list[views_pb2.Tour]]) -> None:
        self.saved_views, self.saved_tours = found
        if self.current_view is not None:
            by_id = {v.id: v for v in self.saved_views}
            self.current_view = by_id.get(self.current_view.id)

    def grid_tiles(self) -> list[tuple[int, int, int]]:
        """The grid as a view's tiles: (index, camera id, forced stream or 0)."""
        return [
            (index, int(tile.camera_id), tile.chooser.override or 0)  # type: ignore[arg-type]
            for index, tile in enumerate(self.grid.layout_tiles())
            if self._primary(tile)
        ]

    def save_view_as(self, name: str, *, shared: bool = False, view_id: int = 0) -> None:
        """Save the grid (layout, cameras, forced streams) as a view on the server."""
        tiles = self.grid_tiles()
        others = sum(
            1 for t in self.grid.layout_tiles() if t.camera_id is not None and not self._primary(t)
        )
        layout = self.grid.count

        def done(view: views_pb2.View) -> None:
            self.current_view = view
            note = f" ({others} tiles of other servers are not saved)" if others else ""
            self.notify(f"View “{view.name}” saved{note}")
            self.reload_saved()

        self.session.call(
            lambda c: c.save_view(name, layout, tiles, view_id=view_id, shared=shared),  # type: ignore[arg-type]
            done,
            lambda exc: self.notify(f"Save view: {exc}"),
            owner=self,
        )

    def save_current_view(self) -> None:
        """Overwrite the current view with the grid as it is now."""
        view = self.current_view
        if view is None:
            self.notify("Recall or save a view first")
            return
        self.save_view_as(view.name, shared=view.shared, view_id=view.id)

    def rename_current_view(self, name: str) -> None:
        view = self.current_view
        if view is None:
            self.notify("Recall or save a view first")
            return
        tiles = [(t.index, t.camera_id, t.stream) for t in view.tiles]
        self.session.call(
            lambda c: c.save_view(name, view.layout, tiles, view_id=view.id, shared=view.shared),
            self._reload_after(lambda renamed: f"View renamed “{renamed.name}”"),
            lambda exc: self.notify(f"Rename view: {exc}"),
            owner=self,
        )

    def delete_current_view(self) -> None:
        view = self.current_view
        if view is None:
            self.notify("Recall or save a view first")
            return
        self.current_view = None
        self.session.call(
            lambda c: c.delete_view(view.id),
            self._reload_after(lambda _: f"View “{view.name}” deleted"),
            lambda exc: self.notify(f"Delete view: {exc}"),
            owner=self,
        )

    def recall_view(self, view: views_pb2.View, *, by_tour: bool = False) -> None:
        """Show a saved view: its layout, its cameras on their tiles, forced streams."""
        if not by_tour:
            self.set_tour(False)
            self.stop_saved_tour()
        if self.grid.single is not None:
            self.grid.toggle_single(self.grid.single)
        layout = view.layout if view.layout in LAYOUTS else 4
        self.set_layout(layout)  # the layout box, which lays the grid out when it changes
        if self.grid.count != layout:
            self.grid.set_layout(layout)
        wanted = {t.index: t for t in view.tiles}
        server = self.session.server
        for index, tile in enumerate(self.grid.layout_tiles()):
            spec = wanted.get(index)
            tile.set_override(None if spec is None or not spec.stream else int(spec.stream))
            if spec is None:
                if tile.camera_id is not None:
                    self.grid.assign(tile, None)
            elif (tile.server or server, tile.camera_id) != (server, spec.camera_id):
                self.grid.assign(tile, spec.camera_id, server)
        self.current_view = view

    def save_tour(
        self, name: str, view_ids: list[int], dwell_s: int, *, shared: bool = False
    ) -> None:
        steps = [(view_id, dwell_s) for view_id in view_ids]
        self.session.call(
            lambda c: c.save_tour(name, steps, shared=shared),
            self._reload_after(lambda tour: f"Tour “{tour.name}” saved"),
            lambda exc: self.notify(f"Save tour: {exc}"),
            owner=self,
        )

    def delete_tour(self, tour: views_pb2.Tour) -> None:
        if self.running_tour is not None and self.running_tour.id == tour.id:
            self.stop_saved_tour()
        self.session.call(
            lambda c: c.delete_tour(tour.id),
            self._reload_after(lambda _: f"Tour “{tour.name}” deleted"),
            lambda exc: self.notify(f"Delete tour: {exc}"),
            owner=self,
        )

    def start_saved_tour(self, tour: views_pb2.Tour) -> None:
        """Show the tour's views in turn, each for its dwell; double-click pauses."""
        if not tour.steps:
            self.notify(f"Tour “{tour.name}” has no view you may see")
            return
        self.set_tour(False)
        self.running_tour, self._tour_step, self.tour_paused = tour, -1, False
        self._next_tour_step()
        self.notify(f"Tour “{tour.name}” started: double-click a tile to pause")

    def stop_saved_tour(self) -> None:
        if self.running_tour is not None:
            self.running_tour = None
            self._tour_timer.stop()
            self.tour_paused = False

    def _next_tour_step(self) -> None:
        tour = self.running_tour
        if tour is None:
            return
        by_id = {v.id: v for v in self.saved_views}
        for _ in range(len(tour.steps)):
            self._tour_step = (self._tour_step + 1) % len(tour.steps)
            view = by_id.get(tour.steps[self._tour_step].view_id)
            if view is not None:
                self.recall_view(view, by_tour=True)
                self._tour_timer.start(self._tour_interval_ms())
                return
        self.notify(f"Tour “{tour.name}”: none of its views is left")
        self.stop_saved_tour()

    def _fill_views_menu(self) -> None:
        menu = self.views_menu
        menu.clear()
        current = None if self.current_view is None else self.current_view.id
        for view in self.saved_views:
            label = view.name + ("" if view.owner == self._user() else f" ({view.owner})")
            action = menu.addAction(label, functools.partial(self.recall_view, view))
            action.setCheckable(True)
            action.setChecked(view.id == current)
        if not self.saved_views:
            menu.addAction("No saved view yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Save view as…", lambda: self._ask_view_name(shared=False))
        menu.addAction("Save shared view as…", lambda: self._ask_view_name(shared=True))
        if self.current_view is not None:
            name = self.current_view.name
            menu.addAction(f"Save changes to “{name}”", self.save_current_view)
            menu.addAction(f"Rename “{name}”…", self._ask_rename)
            menu.addAction(f"Delete “{name}”", self.delete_current_view)
        menu.addAction("Reload from the server", self.reload_saved)

    def _fill_tours_menu(self) -> None:
        menu = self.tours_menu
        menu.clear()
        running = None if self.running_tour is None else self.running_tour.id
        for tour in self.saved_tours:
            action = menu.addAction(tour.name, functools.partial(self.start_saved_tour, tour))
            action.setCheckable(True)
            action.setChecked(tour.id == running)
        if not self.saved_tours:
            menu.addAction("No saved tour yet").setEnabled(False)
        if self.running_tour is not None:
            menu.addAction("Stop the tour", self.stop_saved_tour)
        menu.addSeparator()
        menu.addAction("New tour of saved views…", self._open_tour_dialog)
        if self.saved_tours:
            delete = menu.addMenu("Delete a tour")
            for tour in self.saved_tours:
                delete.addAction(tour.name, functools.partial(self.delete_tour, tour))

    def _user(self) -> str:
        client = self.session.client
        return "" if client is None else client.username

    def _ask_view_name(self, *, shared: bool) -> None:
        name, ok = QInputDialog.getText(self, "Save view", "Name of the view:")
        if ok and name.strip():
            self.save_view_as(name.strip(), shared=shared)

    def _ask_rename(self) -> None:
        if self.current_view is None:
            return
        name, ok = QInputDialog.getText(
            self, "Rename view", "New name:", text=self.current_view.name
        )
        if ok and name.strip():
            self.rename_current_view(name.strip())

    def _open_tour_dialog(self) -> None:
        if not self.saved_views:
            self.notify("Save some views first: a tour shows saved views in turn")
            return
        dialog = TourDialog(self.saved_views, self)
        dialog.accepted.connect(
            lambda: self.save_tour(
                dialog.name(), dialog.view_ids(), dialog.dwell_s(), shared=dialog.shared()
            )
        )
        dialog.open()

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
            menu.addAction(
                "Audio off" if tile.audio_on else "Audio on",
                lambda: tile.set_audio(not tile.audio_on),
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
            lines.append(f"Frames: {stats.shown} shown, {stats.dropped} dropped")
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
