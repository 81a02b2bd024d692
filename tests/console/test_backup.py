"""Backups from the console: a timeline selection backed up to this computer shows
its progress, is downloaded and verified; the offline player plays and verifies a
native export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.console.helpers import gray, signed_in_session
from tests.support.recorded import Recorded, S, loop_distance_ms
from vedette_api.v1 import common_pb2
from vedette_console.export_check import ExportCheck
from vedette_console.main_window import MainWindow
from vedette_console.session import Session
from vedette_console.views.backup import BackupView
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop


def test_a_backup_of_a_timeline_selection_shows_progress_and_verifies(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.signed_in(session.client, cameras=[])  # type: ignore[arg-type]
    playback = window.playback
    qtbot.waitUntil(lambda: bool(playback.cameras) and bool(window.backup.cameras), timeout=10_000)
    playback.camera_ids = [recorded.camera_id]
    playback.timeline.set_selection(recorded.start_us + S, recorded.start_us + 5 * S)
    requested: list[list[tuple[int, int, int]]] = []
    playback.backup_requested.connect(requested.append)
    playback._backup_selection()
    assert requested == [[(recorded.camera_id, recorded.start_us + S, recorded.start_us + 5 * S)]]
    backup: BackupView = window.backup
    dialog = backup.open_dialog(requested[0])
    assert [i.data(Qt.ItemDataRole.UserRole) for i in dialog.cameras.selectedItems()] == [
        recorded.camera_id
    ]
    checks: list[tuple[int, ExportCheck]] = []
    backup.verified.connect(lambda task, check: checks.append((task, check)))
    dialog.to_here.setChecked(True)
    dialog.folder.setText(str(tmp_path))
    dialog.format.setCurrentIndex(dialog.format.findData("mp4"))
    dialog.accept()
    window.show_view("Backup")
    qtbot.waitUntil(lambda: bool(backup.tasks), timeout=10_000)
    (task_id,) = backup.tasks
    assert task_id in backup.bars  # a progress bar per backup
    qtbot.waitUntil(lambda: bool(checks), timeout=30_000)
    ((verified_id, check),) = checks
    assert verified_id == task_id and check.verdict.authentic, check.details()
    assert check.key_matches  # signed by the signed-in server's key
    assert backup.bars[task_id].value() == 1000
    files = sorted(p.name for p in (tmp_path / f"backup-{task_id}").iterdir())
    assert "manifest.vsig" in files and any(name.endswith(".mp4") for name in files)
    assert "authentic" in backup.table.topLevelItem(0).text(8)
    window.close()
    session.close()


def test_the_offline_player_plays_and_verifies_a_native_export(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    from vedette_console.views.offline import OfflineView

    with recorded.client() as client:
        task = client.create_export_task(
            items=[(recorded.camera_id, recorded.start_us, recorded.start_us + 6 * S)],
            export_format="native",
            stream=common_pb2.STREAM_SUB,
        )
        finished = client.wait_for_export_task(task.id, timeout_s=60)
        client.download_export(finished, tmp_path / "case")
    session = Session()  # no server: the player works offline
    player = OfflineView(session, lambda text: None)
    qtbot.addWidget(player)
    player.resize(960, 600)
    player.show()
    player.open_folder(tmp_path / "case")
    qtbot.waitUntil(lambda: bool(player.tracks), timeout=10_000)
    # Every stream is in a native export: the main and the sub one, each on a tile.
    tracks = player.tracks
    assert sorted((t.camera_id, t.stream) for t in tracks) == [
        (recorded.camera_id, "main"),
        (recorded.camera_id, "sub"),
    ]
    tile = player.grid.tiles[next(i for i, t in enumerate(tracks) if t.stream == "sub")]
    qtbot.waitUntil(lambda: tile.frames_shown >= 10, timeout=10_000)
    frame = tile.last_frame
    assert frame is not None and recorded.start_us - 3 * S <= frame.time_us
    shown = clockcode.read(gray(frame.image))
    assert shown is not None
    assert loop_distance_ms(recorded.expected_clock_ms(frame.time_us), shown) < 150
    # The timeline follows the pictures on screen: the last frame either tile painted.
    on_screen = {t.last_frame.time_us for t in player.grid.tiles if t.last_frame is not None}
    assert player.timeline.position_us in on_screen
    # Seek later: the pictures come from there (the keyframe at or before it).
    target = recorded.start_us + 5 * S
    player.seek(target)
    qtbot.waitUntil(
        lambda: tile.last_frame is not None and tile.last_frame.time_us >= target - 2_100_000,
        timeout=10_000,
    )
    player.pause()
    paused = tile.last_frame
    qtbot.wait(300)
    assert tile.last_frame is paused and tile.message == "Paused"
    player.verify()  # not signed in: nothing says whose key signed it
    qtbot.waitUntil(lambda: player.verdict is not None, timeout=10_000)
    assert player.verdict is not None and player.verdict.unproven, player.verdict.lines()
    assert "unknown signer" in player.verdict_label.text()
    segment = next((tmp_path / "case").rglob("*.vseg"))
    with segment.open("r+b") as damaged:
        damaged.seek(-10, 2)
        damaged.write(b"x")
    player.verify()
    qtbot.waitUntil(
        lambda: player.verdict is not None and not player.verdict.intact, timeout=10_000
    )
    assert "NOT authentic" in player.verdict_label.text()
    player.stop()
    session.close()
