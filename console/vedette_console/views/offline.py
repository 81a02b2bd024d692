"""The offline player (EXP-02, the "private format player"): opens a native export
from disk and plays it with the same tiles and timeline, no server needed, and
verifies its signed manifest, against the signed-in server's key when there is one
(``vedette_console.export_check``): the label says authentic, unknown signer or NOT
authentic, and its tooltip the signer's key and whether it is this server's.

Reading the export's indexes and checking its signature are file work: they run on
the ``Background`` runner, not on the server session's pool. Times are shown in
the signed-in server's zone and formats (the PC's when there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from vedette_console.background import Background
from vedette_console.export_check import ExportCheck, check_export
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.session import Session
from vedette_console.video.decoder import DecoderThread
from vedette_console.video.native import NativeFileSource, NativeTrack, load_export
from vedette_console.video.sources import NoteSource, PacketSource
from vedette_console.views.server_view import follow_session
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.timeline import Run, Timeline

#: How a verdict looks: its mark, its colour and its words.
_LOOK = {
    "authentic": ("✔", "#6fd38a", QT_TRANSLATE_NOOP("OfflineView", "authentic")),
    "unknown signer": ("⚠", "#f0c060", QT_TRANSLATE_NOOP("OfflineView", "unknown signer")),
    "NOT authentic": ("✖", "#ff8f80", QT_TRANSLATE_NOOP("OfflineView", "NOT authentic")),
}


class OfflineView(QWidget):
    def __init__(
        self,
        session: Session,
        notify: Callable[[str], None],
        parent: QWidget | None = None,
        *,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.notify = session, notify
        self.background = background or Background(self)
        follow_session(None, session, settings=self._on_settings)
        self.folder: Path | None = None
        self.tracks: list[NativeTrack] = []
        self.position_us = 0
        self.playing = False
        self.verdict: Verdict | None = None
        self.check: ExportCheck | None = None
        self.grid = LiveGrid(self._source)
        self.grid.set_display(session.settings.display)
        self.grid.set_layout(1)
        self.grid.set_override(common_pb2.STREAM_SUB)
        self.timeline = Timeline()
        self.timeline.set_display(session.settings.display)
        self.timeline.seek.connect(self.seek)
        self.title = QLabel(
            self.tr("Open a native export (a folder with index.json) to play it here")
        )
        self.title.setObjectName("section")
        self.verdict_label = QLabel()
        bar = QHBoxLayout()
        for text, action in ((self.tr("Open export…"), self._choose), ("▶", self.play),
                             ("❚❚", self.pause), (self.tr("Verify"), self.verify)):  # fmt: skip
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

    def set_session(self, session: Session) -> None:
        """Verify against this server's key, show times in its zone."""
        follow_session(self.session, session, settings=self._on_settings)
        self.session = session
        self._on_settings(session.settings)

    def _on_settings(self, settings: Any) -> None:
        self.timeline.set_display(settings.display)
        self.grid.set_display(settings.display)
        if self.tracks and self.folder is not None:
            self._show_title(self.folder)

    # -- opening -----------------------------------------------------------------------

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Native export folder"), str(Path.home())
        )
        if folder:
            self.open_folder(Path(folder))

    def open_folder(self, folder: Path) -> None:
        """Read the export's indexes (off the UI thread), then show its tracks."""
        self.title.setText(self.tr("Opening {folder}…").format(folder=folder))
        self.background.run(
            lambda: load_export(folder),
            lambda tracks: self._opened(folder, tracks),
            lambda error: self.title.setText(self.tr("Cannot open: {error}").format(error=error)),
            owner=self,
        )

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
        self._show_title(folder)
        self.position_us = start
        self.play()

    def _show_title(self, folder: Path) -> None:
        tracks = self.tracks
        start = min(t.start_us for t in tracks)
        end = max(t.end_us for t in tracks)
        names = ", ".join(sorted({f"{t.camera} ({t.stream})" for t in tracks}))
        display = self.timeline.display
        self.title.setText(
            f"{folder.name}: {names} · {display.date_time(start)} → {display.time(end)}"
        )

    # -- playing -------------------------------------------------------------------------

    def _source(self, index: int, stream: int, *, audio: bool = False) -> PacketSource:
        if not self.playing or index >= len(self.tracks):
            return NoteSource(self.tr("Paused"))
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
                tile.freeze(self.tr("Paused"))

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
        client = self.session.client
        self.background.run(
            lambda: check_export(folder, client),
            self._verified,
            lambda error: self.verdict_label.setText(
                self.tr("Verify: {error}").format(error=error)
            ),
            owner=self,
        )

    def _verified(self, check: ExportCheck) -> None:
        self.check, self.verdict = check, check.verdict
        mark, color, words = _LOOK[check.label]
        key = check.verdict.signer_fingerprint
        mine = self.tr(" (this server's)") if check.key_matches else ""
        shown = self.tr(" · key {key}…{mine}").format(key=key[:11], mine=mine) if key else ""
        self.verdict_label.setText(f"{mark} {self.tr(words)}{shown}")
        self.verdict_label.setStyleSheet(f"color: {color};")
        self.verdict_label.setToolTip("\n".join(check.details()))
        self.notify("; ".join(check.details()))

    def shutdown(self) -> list[DecoderThread]:
        return self.grid.shutdown()
