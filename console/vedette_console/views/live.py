"""The live view: the grid with its toolbar (layout, OSD, stream choice, tours, saved
views, and actions on the selected tile: manual record, snapshot, instant
playback, zoom reset) and each tile's right-click menu.

Tiles of PTZ cameras show a PTZ badge (``operations.ptz.fetch_support``, asked when
a camera is placed on the grid and again when the cameras change); the badge or the
menu's "PTZ control" opens the PTZ panel (``ptz.panel.PtzPanel``) beside the grid,
which then follows the selected tile while it shows a PTZ camera of this view's
server.

The tiles black out the privacy masks of this server's cameras unless the user may
see them unmasked (``picture_rules.PictureRules``, CAM-10).

The control keyboard's camera selections (``ChangeFeed.keyboard``) show that camera
alone (``follow_keyboard``).

Tours run in ``tour_player.TourPlayer``; saved views and tours (their menus and
server calls) in ``saved_views.SavedViews``. Cameras dropped on a tile (one, or
every camera of a dropped server or group node) go to that tile and the
following ones, the layout growing to fit them (``place_cameras``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
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
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import US_PER_S, now_us
from vedette_api.v1 import alarms_pb2, common_pb2, views_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import ptz as ptz_ops
from vedette_console.operations import recording as recording_ops
from vedette_console.operations import snapshots as snapshot_ops
from vedette_console.ptz.panel import PtzPanel
from vedette_console.session import Session
from vedette_console.views.live_motion import MotionMarks
from vedette_console.views.picture_rules import PictureRules
from vedette_console.views.saved_views import SavedViews
from vedette_console.views.sequence_dialog import SequenceDialog
from vedette_console.views.server_view import follow_session
from vedette_console.views.tour_player import TourPlayer
from vedette_console.widgets.grid import LAYOUTS, LiveGrid
from vedette_console.widgets.tile import CameraRef, SourceFactory, VideoTile
from vedette_console.widgets.tile.sequence import Sequence

_OVERRIDES: list[tuple[str, int | None]] = [
    (QT_TRANSLATE_NOOP("LiveView", "Auto stream"), None),
    (QT_TRANSLATE_NOOP("LiveView", "All main"), common_pb2.STREAM_MAIN),
    (QT_TRANSLATE_NOOP("LiveView", "All sub"), common_pb2.STREAM_SUB),
]


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
        self.tours = TourPlayer(self.grid, notify, self)
        self.saved = SavedViews(self, self)
        self._build_controls()
        #: PTZ support of this view's server's cameras, by camera id.
        self.ptz_support: dict[int, ptz_ops.PtzSupport] = {}
        self._ptz_asked: set[int] = set()
        #: Which round of questions asked about each camera last (``check_ptz``).
        self._ptz_latest: dict[int, int] = {}
        self._ptz_round = 0
        self.ptz_panel = PtzPanel(session)
        self.ptz_panel.hide()
        self.ptz_panel.closed.connect(self._mark_ptz_tiles)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.ptz_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.splitter, 1)
        self.grid.active_changed.connect(self._on_active)
        self.grid.double_click_handler = self.tours.double_click
        self.grid.drop_handler = self.place_cameras
        for tile in self.grid.tiles:
            self._hook(tile)
        self.grid.assignments_changed.connect(self._hook_all)
        self.grid.assignments_changed.connect(self.check_ptz)
        follow_session(None, session, changed=self._on_changed)
        session.feed.keyboard.connect(self.follow_keyboard)
        self.motion_marks = MotionMarks(session.feed, self.grid, self._own_tile, self)
        #: Privacy masks (CAM-10) of this server's cameras on the tiles.
        self.picture_rules = PictureRules(self.grid, session, self._own_tile, self)

    def _build_controls(self) -> None:
        self.layout_box = QComboBox()
        for count in LAYOUTS:
            self.layout_box.addItem(count_text("LiveView", count, "1 tile", "{count} tiles"), count)
        self.layout_box.setCurrentIndex(LAYOUTS.index(4))
        self.layout_box.currentIndexChanged.connect(
            lambda _: self.grid.set_layout(int(self.layout_box.currentData()))
        )
        self.osd = QCheckBox(self.tr("OSD"))
        self.osd.setChecked(True)
        self.osd.toggled.connect(self.grid.set_osd)
        self.stream_box = QComboBox()
        for label, stream in _OVERRIDES:
            self.stream_box.addItem(self.tr(label), stream)
        self.stream_box.currentIndexChanged.connect(
            lambda _: self.grid.set_override(self.stream_box.currentData())
        )
        self.record = QPushButton(self.tr("Record"))
        self.record.setCheckable(True)
        self.record.setToolTip(self.tr("Manual recording of the selected tile's camera"))
        self.record.clicked.connect(self._toggle_record)
        self.snapshot = QPushButton(self.tr("Snapshot"))
        self.snapshot.setToolTip(self.tr("Save a full-resolution snapshot on the server"))
        self.snapshot.clicked.connect(self._take_snapshot)
        self.instant = QSpinBox()
        self.instant.setRange(1, 120)
        self.instant.setValue(5)
        self.instant.setSuffix(self.tr(" min ago"))
        self.instant.setToolTip(self.tr("Instant playback goes back this far (PLAY-01)"))
        self.instant_button = QPushButton(self.tr("Instant playback"))
        self.instant_button.clicked.connect(self._instant_active)
        self.dwell = QSpinBox()
        self.dwell.setRange(1, 600)
        self.dwell.setValue(10)
        self.dwell.setSuffix(self.tr(" s dwell"))
        self.tour_button = QPushButton(self.tr("Camera tour"))
        self.tour_button.setCheckable(True)
        self.tour_button.setToolTip(
            self.tr("Cycle pages of cameras through the grid (LIVE-07); double-click pauses")
        )
        self.tour_button.toggled.connect(self.set_tour)
        self.views_button = QPushButton(self.tr("Views"))
        self.views_button.setToolTip(self.tr("Saved views: recall, save, rename, delete (LIVE-06)"))
        self.views_button.setMenu(self.saved.views_menu)
        self.tours_button = QPushButton(self.tr("Tours"))
        self.tours_button.setToolTip(self.tr("Saved tours of views, each with its dwell (LIVE-07)"))
        self.tours_button.setMenu(self.saved.tours_menu)
        self.ptz_button = QPushButton(self.tr("PTZ"))
        self.ptz_button.setToolTip(self.tr("PTZ panel of the selected tile's camera"))
        self.ptz_button.setEnabled(False)
        self.ptz_button.clicked.connect(self._toggle_ptz)
        self.unzoom = QPushButton(self.tr("Reset zoom"))
        self.unzoom.clicked.connect(self._reset_zoom)
        self.selected = QLabel(self.tr("No tile selected"))
        self.selected.setObjectName("muted")

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(8)
        shown: list[QWidget] = [
            QLabel(self.tr("Layout")),
            self.layout_box,
            self.osd,
            self.stream_box,
        ]
        for widget in shown:
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.selected)
        bar.addStretch(1)
        actions: list[QWidget] = [
            self.views_button,
            self.tours_button,
            self.dwell,
            self.tour_button,
            self.instant,
            self.instant_button,
            self.record,
            self.snapshot,
            self.ptz_button,
            self.unzoom,
        ]
        for widget in actions:
            bar.addWidget(widget)
        return bar

    def _hook_all(self) -> None:
        for tile in self.grid.tiles:
            self._hook(tile)

    def _hook(self, tile: VideoTile) -> None:
        if tile.property("menu_hooked"):
            return
        tile.setProperty("menu_hooked", True)
        tile.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tile.customContextMenuRequested.connect(lambda pos, t=tile: self._menu(t, QPoint(pos)))
        tile.ptz_clicked.connect(self.open_ptz)

    # -- the server's changes -----------------------------------------------------------

    def reload_saved(self) -> None:
        """Fetch the signed-in user's views and tours from the server."""
        self.saved.reload()

    def _on_changed(self, kind: int, ids: Any) -> None:
        if kind == alarms_pb2.RESOURCE_KIND_VIEWS:
            self.saved.reload(background=True)
        elif kind == alarms_pb2.RESOURCE_KIND_CAMERAS:
            self._ptz_asked.clear()  # a PTZ device or capability may have changed
            self.check_ptz(background=True)

    def follow_keyboard(self, number: int, camera_id: int, dvr_key: int) -> None:
        """The control keyboard (PTZ-05) selected a camera: show it alone, as the
        keyboard's monitor would (on the tile already showing it, else on the selected
        tile); a tour stops. A server key is only told."""
        if dvr_key:
            self.notify(self.tr("Control keyboard: key {key}").format(key=dvr_key))
            return
        if not camera_id:
            return
        self.set_tour(False)
        self.tours.stop()
        grid = self.grid
        tiles = grid.layout_tiles()
        tile = next((t for t in tiles if t.camera_id == camera_id and self._own_tile(t)), None)
        if tile is None:
            tile = grid.active if grid.active in tiles else tiles[0]
            grid.assign(tile, camera_id, self.session.server)
        if grid.single is not None and grid.single is not tile:
            grid.toggle_single(grid.single)  # back to the layout first
        grid.set_active(tile)
        if grid.single is None:
            grid.toggle_single(tile)

    def user(self) -> str:
        client = self.session.client
        return "" if client is None else client.username

    # -- placing cameras -------------------------------------------------------------------

    def place_cameras(self, tile: VideoTile, cameras: list[CameraRef]) -> None:
        """``cameras`` on ``tile`` and the tiles after it; the layout grows to the
        smallest that holds them all (up to 64 tiles)."""
        if not cameras:
            return
        tiles = self.grid.layout_tiles()
        start = tiles.index(tile) if tile in tiles else 0
        needed = start + len(cameras)
        if needed > len(tiles):
            bigger = next((n for n in LAYOUTS if n >= needed), LAYOUTS[-1])
            if bigger > self.grid.count:
                self.set_layout(bigger)
        left = self.grid.place_cameras(self.grid.layout_tiles()[start], cameras)
        if left:
            self.notify(
                count_text(
                    "LiveView",
                    len(left),
                    "{count} camera did not fit in the grid",
                    "{count} cameras did not fit in the grid",
                )
            )

    def show_cameras(self, cameras: list[CameraRef]) -> None:
        """Cameras picked in the tree: from the selected tile on (else the first)."""
        tiles = self.grid.layout_tiles()
        active = self.grid.active
        self.place_cameras(active if active is not None and active in tiles else tiles[0], cameras)

    # -- tours (LIVE-07) --------------------------------------------------------------------

    def set_tour(self, on: bool) -> None:
        """Start or stop cycling pages of cameras every ``dwell`` seconds."""
        if self.tour_button.isChecked() != on:
            self.tour_button.setChecked(on)  # re-enters through toggled
            return
        if on:
            self.tours.start_cameras(self.dwell.value())
        elif self.tours.running_tour is None:
            self.tours.stop()

    def start_saved_tour(self, tour: views_pb2.Tour) -> None:
        self.set_tour(False)
        self.tours.start_saved(
            tour, self.saved.views, lambda view: self.recall_view(view, by_tour=True)
        )

    def recall_view(self, view: views_pb2.View, *, by_tour: bool = False) -> None:
        """Show a saved view: its layout, its cameras on their tiles, forced streams."""
        if not by_tour:
            self.set_tour(False)
            self.tours.stop()
        grid = self.grid
        if grid.single is not None:
            grid.toggle_single(grid.single)
        layout = view.layout if view.layout in LAYOUTS else 4
        self.set_layout(layout)  # the layout box, which lays the grid out when it changes
        if grid.count != layout:
            grid.set_layout(layout)
        wanted = {t.index: t for t in view.tiles}
        server = self.session.server
        site = self.saved.site
        for index, tile in enumerate(grid.layout_tiles()):
            spec = wanted.get(index)
            tile.sequencer.stop()
            tile.set_override(None if spec is None or not spec.stream else int(spec.stream))
            # At a site a view names the directory's ids: the camera is shown on the
            # server that records it now (none signed in has it: an empty tile).
            target: tuple[str, int] | None = None
            if spec is not None:
                target = (
                    (server, spec.camera_id) if site is None else site.cameras.place(spec.camera_id)
                )
            sequence = None
            if spec is not None and spec.HasField("sequence"):
                sequence = Sequence.from_message(spec.sequence)
                if site is not None:  # a sequence holds the first server's cameras
                    places = (site.cameras.place(c) for c in sequence.camera_ids)
                    local = tuple(p[1] for p in places if p is not None and p[0] == server)
                    sequence = replace(sequence, camera_ids=local) if len(local) > 1 else None
            if sequence is not None:
                self.start_sequence(tile, sequence)
            elif target is None:
                if tile.camera_id is not None:
                    grid.assign(tile, None)
            elif (tile.server or server, tile.camera_id) != target:
                grid.assign(tile, target[1], target[0])
        self.saved.current_view = view

    def set_layout(self, count: int) -> None:
        self.layout_box.setCurrentIndex(LAYOUTS.index(count))

    # -- in-tile sequences (LIVE-08) ------------------------------------------------------------

    def start_sequence(self, tile: VideoTile, sequence: Sequence) -> None:
        """Cycle ``tile`` through ``sequence``'s cameras (of this view's server)."""
        server = self.session.server
        tile.sequencer.start(sequence, lambda camera: self.grid.assign(tile, camera, server))

    def edit_sequence(self, tile: VideoTile) -> SequenceDialog:
        """The tile's sequence group dialog (open, not modal); OK starts it."""
        cameras = sorted(self.grid.names.items(), key=lambda item: (item[1].casefold(), item[0]))
        dialog = SequenceDialog(cameras, tile.sequencer.sequence, self)

        def accepted() -> None:
            self.start_sequence(tile, dialog.sequence())
            self.notify(self.tr("Sequence “{name}” runs in the tile: save the view to keep it")
                        .format(name=dialog.sequence().name))  # fmt: skip

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    # -- the selected tile --------------------------------------------------------------------

    def _menu(self, tile: VideoTile, pos: QPoint) -> None:
        self.grid.set_active(tile)
        menu = QMenu(self)
        if tile.server in ("", self.session.server):
            running = tile.sequencer.sequence is not None
            menu.addAction(
                self.tr("Edit the sequence group…") if running else self.tr("Sequence group…"),
                lambda: self.edit_sequence(tile),
            )
            if running:
                menu.addAction(self.tr("Stop the sequence"), tile.sequencer.stop)
        if tile.camera_id is not None:
            menu.addAction(self.tr("Manual record on"), lambda: self._record(tile, True))
            menu.addAction(self.tr("Manual record off"), lambda: self._record(tile, False))
            menu.addAction(
                self.tr("Instant playback ({minutes} min ago)").format(
                    minutes=self.instant.value()
                ),
                lambda: self._instant(tile),
            )
            menu.addAction(
                self.tr("Audio off") if tile.audio_on else self.tr("Audio on"),
                lambda: tile.set_audio(not tile.audio_on),
            )
            menu.addAction(self.tr("Snapshot"), self._take_snapshot)
            menu.addAction(self.tr("Snapshot to a file…"), lambda: self._snapshot_to_file(tile))
            if tile.ptz:
                menu.addAction(self.tr("PTZ control"), lambda: self.open_ptz(tile))
            menu.addAction(self.tr("Reset digital zoom"), tile.reset_zoom)
            menu.addAction(self.tr("Camera info"), lambda: self._info(tile))
            menu.addAction(self.tr("Single view"), lambda: self.grid.toggle_single(tile))
            menu.addSeparator()
            menu.addAction(self.tr("Close"), lambda: self.grid.assign(tile, None))
        menu.popup(tile.mapToGlobal(pos))

    def _active_camera_tile(self) -> VideoTile | None:
        tile = self.grid.active
        if tile is None or tile.camera_id is None:
            self.notify(self.tr("Select a tile with a camera first"))
            return None
        return tile

    def _instant_active(self) -> None:
        tile = self._active_camera_tile()
        if tile is not None:
            self._instant(tile)

    def _instant(self, tile: VideoTile) -> None:
        if tile.camera_id is not None:
            ago_us = self.instant.value() * 60 * US_PER_S
            self.instant_playback.emit(tile.camera_id, now_us() - ago_us)

    def _info(self, tile: VideoTile) -> None:
        frame = tile.last_frame
        name = tile.camera_name or f"#{tile.camera_id}"
        lines = [
            self.tr("{name} (#{id}) on {server}").format(
                name=name, id=tile.camera_id, server=tile.server
            )
            if tile.server
            else f"{name} (#{tile.camera_id})",
            self.tr("Stream: {stream}").format(
                stream=self.tr("main") if tile.stream == common_pb2.STREAM_MAIN else self.tr("sub")
            ),
            self.tr("Status: {status}").format(status=tile.status or self.tr("unknown")),
        ]
        if frame is not None:
            size = frame.source_size
            lines.append(
                self.tr("Picture: {width}×{height}").format(
                    width=size.width(), height=size.height()
                )
            )
        if tile.stats is not None:
            stats = tile.stats
            lines.append(
                self.tr("Frames: {shown} shown, {dropped} dropped").format(
                    shown=stats.shown, dropped=stats.dropped
                )
            )
        QMessageBox.information(self, self.tr("Camera info"), "\n".join(lines))

    # -- PTZ (LIVE-03/04, PTZ-01..03) ----------------------------------------------------------

    def _own_tile(self, tile: VideoTile) -> bool:
        """A tile of this view's server (the PTZ panel drives that server's cameras)."""
        return tile.camera_id is not None and tile.server in ("", self.session.server)

    def check_ptz(self, *, background: bool = False) -> None:
        """Mark the tiles of PTZ cameras, asking the server about cameras not asked yet."""
        self._mark_ptz_tiles()
        shown = {t.camera_id for t in self.grid.tiles if self._own_tile(t) and t.camera_id}
        # A camera taken off the grid is asked again when it comes back (its answer may
        # have changed while the feed's changes did not concern a tile of it).
        self._ptz_asked &= shown
        wanted = sorted(shown - self._ptz_asked)
        if not wanted:
            return
        self._ptz_asked.update(wanted)
        self._ptz_round += 1
        asked_in = self._ptz_round
        for camera_id in wanted:
            self._ptz_latest[camera_id] = asked_in
        op = ptz_ops.ptz_supports(parent=self, camera_ids=wanted)
        op.success(lambda found: self._on_ptz_supports(found, asked_in))
        op.failure(lambda error: self._ptz_unknown(wanted, error))
        (op.background() if background else op).run(self.session)

    def _ptz_unknown(self, camera_ids: list[int], error: Exception) -> None:
        """Asked again at the next change; the operator hears why (status bar)."""
        self._ptz_asked.difference_update(camera_ids)
        self.notify(self.tr("PTZ support unknown: {error}").format(error=error_text(error)))

    def _on_ptz_supports(self, found: dict[int, ptz_ops.PtzSupport], asked_in: int) -> None:
        # Requests run concurrently and may answer out of order: an answer older than
        # the camera's latest question (asked before a dome was set) is dropped.
        self.ptz_support.update(
            (camera_id, support)
            for camera_id, support in found.items()
            if self._ptz_latest.get(camera_id, 0) <= asked_in
        )
        self._mark_ptz_tiles()

    def _mark_ptz_tiles(self) -> None:
        """Badges on PTZ cameras' tiles, highlighted (and hold-to-zoom on the picture)
        on the tile the panel is open for."""
        panel = self.ptz_panel
        shown = panel.camera_id if not panel.isHidden() else None
        zoom_on: VideoTile | None = None
        for tile in self.grid.tiles:
            support = self.ptz_support.get(tile.camera_id or 0, ptz_ops.NO_PTZ)
            capable = self._own_tile(tile) and support.capable
            is_open = capable and tile.camera_id == shown
            tile.set_ptz(capable, is_open)
            if is_open and (zoom_on is None or tile is self.grid.active):
                zoom_on = tile
        panel.picture_zoom.attach(zoom_on)
        active = self.grid.active
        self.ptz_button.setEnabled(active is not None and active.ptz)

    def open_ptz(self, tile: VideoTile) -> None:
        """The PTZ panel for ``tile``'s camera, beside the grid."""
        camera_id = tile.camera_id
        if camera_id is None or not tile.ptz:
            return
        self.grid.set_active(tile)
        support = self.ptz_support.get(camera_id, ptz_ops.NO_PTZ)
        self.ptz_panel.set_camera(camera_id, tile.camera_name, support)
        self.ptz_panel.show()
        self._mark_ptz_tiles()

    def _toggle_ptz(self) -> None:
        """The toolbar's PTZ: open the panel for the selected tile, or close it when
        it already shows that tile's camera."""
        tile = self.grid.active
        if tile is None or not tile.ptz:
            return
        panel = self.ptz_panel
        if not panel.isHidden() and panel.camera_id == tile.camera_id:
            panel.close_panel()
        else:
            self.open_ptz(tile)

    def _on_active(self, tile: VideoTile) -> None:
        self.ptz_button.setEnabled(tile.ptz)
        if (
            not self.ptz_panel.isHidden()
            and tile.ptz
            and tile.camera_id != self.ptz_panel.camera_id
        ):
            self.open_ptz(tile)
        if tile.camera_name:
            name = tile.camera_name
        elif tile.camera_id:
            name = f"#{tile.camera_id}"
        else:
            name = self.tr("empty")
        text = self.tr("Tile {number}: {name}")
        self.selected.setText(text.format(number=tile.index + 1, name=name))

    def _reset_zoom(self) -> None:
        if self.grid.active is not None:
            self.grid.active.reset_zoom()

    def _toggle_record(self, on: bool) -> None:
        tile = self._active_camera_tile()
        if tile is None:
            self.record.setChecked(False)
            return
        self._record(tile, on)

    def _record(self, tile: VideoTile, on: bool) -> None:
        camera_id = tile.camera_id
        if camera_id is None:
            return
        if on:
            done = self.tr("Manual recording started: {camera}")
        else:
            done = self.tr("Manual recording stopped: {camera}")
        op = recording_ops.set_manual_recording(parent=self, camera_id=camera_id, on=on)
        op.success(lambda _: self.notify(done.format(camera=tile.camera_name))).run(self.session)

    def _snapshot_to_file(self, tile: VideoTile, path: Path | None = None) -> None:
        """A full-resolution snapshot saved on the server and as a JPEG here."""
        camera_id = tile.camera_id
        if camera_id is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save snapshot"),
                str(Path.home() / f"{tile.camera_name or camera_id}.jpg"),
                self.tr("JPEG (*.jpg)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        op = snapshot_ops.snapshot_to_file(parent=self, camera_id=camera_id, path=path)
        op.success(
            lambda saved: self.notify(self.tr("Snapshot saved to {path}").format(path=saved))
        ).run(self.session)

    def _take_snapshot(self) -> None:
        tile = self._active_camera_tile()
        if tile is None or tile.camera_id is None:
            return
        op = snapshot_ops.take_snapshot(parent=self, camera_id=tile.camera_id)
        op.success(
            lambda shot: self.notify(
                self.tr("Snapshot {id} saved ({width}×{height})").format(
                    id=shot.id, width=shot.width, height=shot.height
                )
            )
        ).run(self.session)
