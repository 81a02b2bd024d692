"""The offline player (EXP-02, the "private format player"): opens a native export
from disk and plays it with the same tiles and timeline, no server needed, and
verifies its signed manifest, against the signed-in server's key when there is one
(``vedette_console.export_check``): the label says authentic, unknown signer or NOT
authentic, and its tooltip the signer's key and whether it is this server's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.evidence import Verdict
from vedette_api.v1 import common_pb2
from vedette_console.export_check import ExportCheck, check_export
from vedette_console.session import Session
from vedette_console.video.decoder import DecoderThread
from vedette_console.video.native import NativeFileSource, NativeTrack, load_export
from vedette_console.video.sources import NoteSource, PacketSource
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.timeline import Run, Timeline

S = 1_000_000
#: How a verdict looks: its mark and colour.
_LOOK = {
    "authentic": ("✔", "#6fd38a"),
    "unknown signer": ("⚠", "#f0c060"),
    "NOT authentic": ("✖", "#ff8f80"),
}


class OfflineView(QWidget):
    def __init__(self, session: Session, notify: Callable[[str], None],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.session, self.notify = session, notify
        self.folder: Path | None = None
        self.tracks: list[NativeTrack] = []
        self.position_us = 0
        self.playing = False
        self.verdict: Verdict | None = None
        self.check: ExportCheck | None = None
        self.grid = LiveGrid(self._source)
        self.grid.set_layout(1)
        self.grid.set_override(common_pb2.STREAM_SUB)
        self.timeline = Timeline()
        self.timeline.seek.connect(self.seek)
        self.title = QLabel("Open a native export (a folder with index.json) to play it here")
        self.title.setObjectName("section")
        self.verdict_label = QLabel()
        bar = QHBoxLayout()
        for text, action in (("Open export…", self._choose), ("▶", self.play),
                             ("❚❚", self.pause), ("Verify", self.verify)):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(action)
            bar.addWidget(button)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.verdict_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.timeline)
        for tile in self.grid.tiles:
            tile.frame_shown.connect(self._on_frame)

    # Views share this small interface with the main window.
    def signed_in(self) -> None:
        pass

    def set_cameras(self, cameras: object) -> None:
        pass

    def set_session(self, session: Session) -> None:
        self.session = session

    # -- opening -----------------------------------------------------------------------

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Native export folder", str(Path.home()))
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path) -> None:
        """Read the export's indexes (off the UI thread), then show its tracks."""
        self.title.setText(f"Opening {folder}…")
        self.session.run_blocking(lambda: load_export(folder),
                                  lambda tracks: self._opened(folder, tracks),
                                  lambda exc: self.title.setText(f"Cannot open: {exc}"),
                                  owner=self)  # fmt: skip

    def _opened(self, folder: Path, tracks: list[NativeTrack]) -> None:
        self.stop()
        self.folder, self.tracks, self.verdict, self.check = folder, tracks, None, None
        self.verdict_label.setText("")
        count = next(n for n in (1, 4, 9, 16) if n >= min(16, len(tracks)))
        self.grid.set_layout(count)
        for tile in self.grid.tiles:
            tile.empty_text = ""
            if not tile.property("offline_hooked"):
                tile.setProperty("offline_hooked", True)
                tile.frame_shown.connect(self._on_frame)
        start = min(t.start_us for t in tracks)
        end = max(t.end_us for t in tracks)
        self.timeline.set_range(start - (end - start) // 20, end + (end - start) // 20)
        self.timeline.set_runs([Run(seg.start_us, seg.end_us, frozenset())
                                for t in tracks for seg in t.segments])  # fmt: skip
        self.timeline.set_selection(start, end)
        names = ", ".join(sorted({f"{t.camera} ({t.stream})" for t in tracks}))
        self.title.setText(
            f"{folder.name}: {names} · {datetime.fromtimestamp(start / S):%Y-%m-%d %H:%M:%S}"
            f" → {datetime.fromtimestamp(end / S):%H:%M:%S}"
        )
        self.position_us = start
        self.play()

    # -- playing -------------------------------------------------------------------------

    def _source(self, index: int, stream: int, *, audio: bool = False) -> PacketSource:
        if not self.playing or index >= len(self.tracks):
            return NoteSource("Paused")
        return NativeFileSource(self.tracks[index], self.position_us)

    def play(self) -> None:
        if not self.tracks:
            return
        self.playing = True
        for index, tile in enumerate(self.grid.layout_tiles()[: len(self.tracks)]):
            track = self.tracks[index]
            tile.set_camera(None)
            tile.set_camera(index, track.camera)

    def pause(self) -> None:
        """Stop reading; the tiles keep their last picture."""
        self.playing = False
        for tile in self.grid.tiles:
            if tile.camera_id is not None:
                tile.freeze("Paused")

    def stop(self) -> None:
        self.playing = False
        for tile in self.grid.tiles:
            tile.set_camera(None)

    def seek(self, time_us: int) -> None:
        self.position_us = time_us
        self.timeline.set_position(time_us)
        if self.tracks:
            self.play()

    def _on_frame(self, time_us: int) -> None:
        self.position_us = time_us
        self.timeline.set_position(time_us)

    def verify(self) -> None:
        folder = self.folder
        if folder is None:
            return
        self.session.run_blocking(lambda: check_export(folder, self.session.client),
                                  self._verified,
                                  lambda exc: self.verdict_label.setText(f"Verify: {exc}"),
                                  owner=self)  # fmt: skip

    def _verified(self, check: ExportCheck) -> None:
        self.check, self.verdict = check, check.verdict
        mark, color = _LOOK[check.label]
        key = check.verdict.signer_fingerprint
        mine = " (this server's)" if check.key_matches else ""
        shown = f" · key {key[:11]}…{mine}" if key else ""
        self.verdict_label.setText(f"{mark} {check.label}{shown}")
        self.verdict_label.setStyleSheet(f"color: {color};")
        self.verdict_label.setToolTip("\n".join(check.details()))
        self.notify("; ".join(check.details()))

    def shutdown(self) -> list[DecoderThread]:
        return self.grid.shutdown()
