"""In-tile sequences (LIVE-08) in the live view against a real server and camsim
cameras: made from the tile's menu (name, cameras, dwell), the tile shows each
camera in turn with the group's name, the sequence is saved with the view on the
server and comes back when the view is recalled; another change of the tile's
camera ends it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window, signed_in_session
from tests.support.recorded import Recorded
from vedette_console.views.sequence_dialog import SequenceDialog
from vedette_console.widgets.tile import VideoTile

pytestmark = pytest.mark.interop


def check(dialog: SequenceDialog, camera_id: int) -> None:
    for row in range(dialog.cameras.count()):
        item = dialog.cameras.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == camera_id:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"camera {camera_id} is not in the dialog")


def shows_both_in_turn(qtbot: QtBot, tile: VideoTile, cameras: list[int]) -> None:
    """Each camera comes on the tile and shows pictures there, then the next."""
    for camera in cameras * 2:

        def on_camera(c: int = camera) -> bool:
            return tile.camera_id == c

        qtbot.waitUntil(on_camera, timeout=20_000)
        before = tile.frames_shown

        def shows_it(c: int = camera, b: int = before) -> bool:
            return tile.camera_id == c and tile.frames_shown > b + 2

        qtbot.waitUntil(shows_it, timeout=20_000)


def test_a_tile_cycles_its_sequence_saved_with_the_view(qtbot: QtBot, recorded: Recorded) -> None:
    gate, lobby = recorded.camera_id, recorded.camera_id + 1
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session)
    qtbot.waitUntil(lambda: len(window.live.grid.names) >= 2, timeout=10_000)
    live, grid = window.live, window.live.grid
    live.set_layout(4)
    tile = grid.tiles[1]

    dialog = live.edit_sequence(tile)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name_edit.setText("Doors")
    check(dialog, lobby)
    assert not ok.isEnabled()  # one camera is not a sequence
    check(dialog, gate)
    dialog.dwell.setValue(3)
    assert ok.isEnabled()
    ok.click()
    assert tile.sequencer.running and tile.camera_id == lobby  # the order checked
    shows_both_in_turn(qtbot, tile, [lobby, gate])
    sequence = tile.sequencer.sequence
    assert tile.camera_name and sequence is not None and sequence.name == "Doors"

    live.saved.save_view_as("Sequence of doors")
    qtbot.waitUntil(lambda: live.saved.current_view is not None, timeout=10_000)
    with recorded.client() as client:
        (view,) = [v for v in client.list_views() if v.name == "Sequence of doors"]
    (saved,) = view.tiles
    assert saved.index == 1 and list(saved.sequence.camera_ids) == [lobby, gate]
    assert (saved.sequence.name, saved.sequence.dwell_s) == ("Doors", 3)

    # Another camera put on the tile ends the sequence; recalling the view restarts it.
    grid.assign(tile, gate, session.server)
    ended = not tile.sequencer.running
    live.recall_view(view)
    assert ended
    assert tile.sequencer.running and tile.camera_id == lobby
    shows_both_in_turn(qtbot, tile, [lobby, gate])
    window.close()
    session.close()
