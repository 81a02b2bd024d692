"""The console's motion screens (issue 14 §3, ALARM-02, LIVE-03) against a real server
recording camsim's still scene with a scripted box (``--scene still --motion``) and
detecting motion on it.

- the edit dialog's Motion tab: loads the server's settings, draws an area's cells
  with mouse drags (exactly those cells), saves, and GetMotionConfig then equals what
  was drawn; the cells it lights from WatchMotionCells while the box moves are all in
  the box's path; a refusal of the server is shown in its words;
- WatchEvents (the badge's source): motion on and off alternate for who sees the
  camera, nothing for a user who sees none, and a subscription made during a pass
  is told at once that motion is on;
- the live tile: the motion badge shows during the box's pass and goes after it, and
  goes when the feed's connection drops;
- motion search: finds each pass in the box's path, lists it and marks it on the
  timeline; Back up asks for the run's range; a double-click plays it from its start.

Every wait is bounded generously (a loaded 2-core machine).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.helpers import shown_window
from tests.console.test_camera_dialogs import grab
from tests.support.camsim_process import start_camsim
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.client.motion import cells_in_box
from vedette_api.timestamps import now_us, us_from_timestamp
from vedette_console.operations import motion as ops
from vedette_console.session import Session
from vedette_console.views.backup_dialog import ROLE_ID, BackupDialog
from vedette_console.views.camera_edit_dialog import CameraEditDialog
from vedette_console.widgets.motion_cells import CellGrid

pytestmark = pytest.mark.slow

#: The box crosses x 0.1..0.5, y 0.4..0.7 in loop seconds 3..6 of camsim's 10 s loop:
#: columns 2..10, rows 7..12.
SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
#: Rows 3..15: the picture without camsim's clock text and clock strip.
BODY = cells_in_box(0, 3, 21, 15)
#: A cell of margin around the box's path.
PATH = ops.unpack(cells_in_box(1, 6, 11, 13))
HOLD_S = 2.0
S = 1_000_000
MINUTE = 60 * S
WAIT_MS = 120_000
SHOTS = Path("/tmp/shots")
PASSWORD = "Quiet-Corridor-2026!"


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, int, int]]:
    """(server, camera id, when detection was turned on) with detection on the box."""
    camsim = start_camsim(*SMALL, "--fps", "15", "--scene", "still", "--motion", SCRIPT)
    try:
        with running_server(
            tmp_path_factory.mktemp("motion-console"), "--segment-seconds", "2"
        ) as server:
            with server.client() as admin:
                camera = admin.create_camera(
                    "Yard",
                    camsim.url("cam1", "main"),
                    sub_url=camsim.url("cam1", "sub"),
                    record_audio=False,
                )
                enabled_us = now_us()
                admin.set_motion_config(
                    camera.id,
                    enabled=True,
                    sensitivity=6,
                    hold_seconds=HOLD_S,
                    areas=[("body", BODY)],
                )
            yield server, camera.id, enabled_us
    finally:
        camsim.stop()


@pytest.fixture
def session(qtbot: QtBot, scene: tuple[ServerProcess, int, int]) -> Session:
    signed_in = Session()
    signed_in.adopt(scene[0].client())
    return signed_in


def press(grid: CellGrid, kind: QEvent.Type, row: int, column: int) -> None:
    """A mouse event at the cell's centre, the left button held (as a drag has it)."""
    pos = QPointF(grid.cell_rect(row, column).center())
    button = Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    event = QMouseEvent(
        kind, pos, grid.mapToGlobal(pos), button, held, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(grid, event)


def drag(grid: CellGrid, cells: list[tuple[int, int]]) -> None:
    """Press on the first cell, move over the others, release on the last."""
    press(grid, QEvent.Type.MouseButtonPress, *cells[0])
    for cell in cells[1:]:
        press(grid, QEvent.Type.MouseMove, *cell)
    press(grid, QEvent.Type.MouseButtonRelease, *cells[-1])


def open_tab(qtbot: QtBot, session: Session, camera_id: int) -> CameraEditDialog:
    assert session.client is not None
    dialog = CameraEditDialog(session, session.client.get_camera(camera_id))
    qtbot.addWidget(dialog)
    dialog.resize(1040, 640)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.motion)
    qtbot.waitUntil(lambda: dialog.motion.loaded, timeout=WAIT_MS)
    return dialog


def test_motion_tab_lights_the_box_draws_exact_cells_and_saves_what_was_drawn(
    qtbot: QtBot, session: Session, scene: tuple[ServerProcess, int, int]
) -> None:
    server, camera_id, _ = scene
    dialog = open_tab(qtbot, session, camera_id)
    tab = dialog.motion
    assert tab.enabled.isChecked() and tab.sensitivity.value() == 6
    assert tab.hold.currentData() == HOLD_S and tab.make_frames.value() == 2
    assert tab.settings is not None and [a.name for a in tab.settings.areas] == ["body"]
    assert ops.pack(tab.grid.cells) == BODY  # the selected area's cells are drawn
    qtbot.waitUntil(lambda: tab.health.text().startswith("Running on the sub"), timeout=WAIT_MS)

    # The cells the overlay lights while the box moves: all in its path, and some.
    lit: list[np.ndarray] = []
    shot = SHOTS / "motion_tab.png"
    SHOTS.mkdir(exist_ok=True)

    def note(_time: object, _cells: object) -> None:
        lit.append(tab.grid.lit.copy())  # after the tab took the frame (connected first)
        if tab.grid.lit.any() and not shot.exists():
            grab(dialog, str(shot))

    tab.watcher.cells.connect(note)
    qtbot.waitUntil(lambda: sum(bool(c.any()) for c in lit) >= 5, timeout=WAIT_MS)
    union = np.logical_or.reduce(lit)
    assert union.any() and not (union & ~PATH).any(), np.argwhere(union & ~PATH)
    assert "Detection is on" in tab.detection_note.text()

    # A new area, drawn with drags: exactly the cells dragged over, less those erased.
    tab.add_area_named("door")
    assert tab.areas.currentRow() == 1 and not tab.grid.cells.any()
    drag(tab.grid, [(4, c) for c in range(3, 9)])
    drag(tab.grid, [(9, 15), (10, 15), (11, 15)])
    tab.erase_tool.click()
    drag(tab.grid, [(4, 5)])
    expected = np.zeros_like(PATH)
    expected[4, [3, 4, 6, 7, 8]] = True
    expected[9:12, 15] = True
    assert (tab.grid.cells == expected).all(), np.argwhere(tab.grid.cells != expected)
    assert (tab.settings.areas[1].cells == expected).all()
    # Invert twice is where it started; a duplicate name is refused in words.
    tab.invert_button.click()
    assert (tab.grid.cells == ~expected).all()
    tab.invert_button.click()
    tab.rename_selected_area("body")
    assert "already" in tab.status.text() and tab.settings.areas[1].name == "door"
    tab.rename_selected_area("gate door")
    tab.sensitivity.setValue(7)
    assert "Level 7 of 10" in tab.sensitivity_text.text()
    tab.hold.setCurrentIndex(tab.hold.findData(5.0))
    tab.make_frames.setValue(3)
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text() == "Saved", timeout=WAIT_MS)
    with server.client() as admin:
        stored = admin.get_motion_config(camera_id).config
        assert (stored.enabled, stored.sensitivity, stored.hold_seconds, stored.make_frames) == (
            True,
            7,
            5.0,
            3,
        )
        assert [(a.name, a.cells) for a in stored.areas] == [
            ("body", BODY),
            ("gate door", ops.pack(expected)),
        ]
        # Back to what the other tests expect.
        admin.set_motion_config(
            camera_id, enabled=True, sensitivity=6, hold_seconds=HOLD_S, areas=[("body", BODY)]
        )
    tab.stop()
    dialog.close()


def test_motion_tab_says_the_servers_refusal_in_its_words(
    qtbot: QtBot, session: Session, scene: tuple[ServerProcess, int, int]
) -> None:
    server, camera_id, _ = scene
    with server.client() as admin:
        camera = admin.get_camera(camera_id)
        gone = admin.create_camera("Gone soon", camera.main_url, record_audio=False)
    dialog = open_tab(qtbot, session, gone.id)
    tab = dialog.motion
    assert not tab.enabled.isChecked()  # off by default
    assert "Detection is off" in tab.detection_note.text()
    assert tab.health.text() == "Not running: detection is off"
    with server.client() as admin:
        admin.delete_camera(gone.id)
    tab.enabled.setChecked(True)
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text().startswith("Not saved:"), timeout=WAIT_MS)
    assert "camera" in tab.status.text().lower() and tab.save_button.isEnabled()
    tab.stop()
    dialog.close()


def test_live_tile_shows_motion_during_the_pass_and_not_after(
    qtbot: QtBot, session: Session, scene: tuple[ServerProcess, int, int]
) -> None:
    _, camera_id, _ = scene
    window = shown_window(qtbot, session, cameras=[camera_id])
    tile = window.live.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.camera_id == camera_id, timeout=WAIT_MS)
    # Each pass: 3 s of motion in a 10 s loop, then the 2 s hold: on, then off.
    qtbot.waitUntil(lambda: tile.motion, timeout=WAIT_MS)
    assert window.live.motion_marks.cameras() == {camera_id}
    qtbot.waitUntil(lambda: not tile.motion, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tile.motion, timeout=WAIT_MS)  # the next pass
    SHOTS.mkdir(exist_ok=True)
    grab(tile, str(SHOTS / "motion_tile.png"))
    # The feed's connection dropped (as its watchdog drops a silent one): nothing is
    # marked until the server says again (it re-subscribes after a 1 s wait).
    feed = window.session.feed
    with qtbot.waitSignal(feed.lost, timeout=WAIT_MS):
        feed._close_stream()
    assert not tile.motion and not window.live.motion_marks.cameras()
    qtbot.waitUntil(lambda: feed.live, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tile.motion, timeout=WAIT_MS)  # a later pass, on the new feed


def written_events(
    server: ServerProcess, camera_id: int, after_us: int
) -> tuple[int, list[tuple[int, int]]] | None:
    """(cutoff, the detector's events between ``after_us`` and it) once two have
    ended in minutes the motion index has written (2 s after each minute's end)."""
    cutoff = (now_us() - 10 * S) // MINUTE * MINUTE
    with server.client() as admin:
        found = list(admin.search_events(types=["motion"], camera_ids=[camera_id]))
    events = sorted(
        (us_from_timestamp(e.start_time), us_from_timestamp(e.end_time))
        for e in found
        if e.source == "vedette motion" and e.HasField("end_time")
    )
    inside = [e for e in events if after_us < e[0] and e[1] < cutoff]
    return (cutoff, inside) if len(inside) >= 2 else None


def test_motion_search_finds_each_pass_and_a_double_click_plays_it(
    qtbot: QtBot, session: Session, scene: tuple[ServerProcess, int, int]
) -> None:
    server, camera_id, enabled_us = scene
    begin_us = enabled_us + 11 * S  # passes that began a loop after detection was on
    cutoff, events = wait_for(
        lambda: written_events(server, camera_id, begin_us), 300, "two passes in written minutes"
    )
    window = shown_window(qtbot, session)
    window.show_view("Search")
    search = window.search.motion
    window.search.tabs.setCurrentWidget(search)
    qtbot.waitUntil(lambda: search.camera.findData(camera_id) >= 0, timeout=WAIT_MS)
    search.camera.setCurrentIndex(search.camera.findData(camera_id))
    search.start.set_time_us(begin_us)
    search.end.set_time_us(cutoff)
    search.picture_button.click()
    qtbot.waitUntil(lambda: search.grid._image is not None, timeout=WAIT_MS)
    # The region: the box's path, drawn row by row on the picture.
    search.clear_button.click()
    assert not search.grid.cells.any()
    for row in range(6, 14):
        drag(search.grid, [(row, c) for c in range(1, 12)])
    assert (search.grid.cells == PATH).all()
    search.search_button.click()
    assert search.searching and search.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not search.searching, timeout=WAIT_MS)
    assert search.progress.value() == 100, search.status.text()
    found = [(r.start_us, r.end_us) for r in search.runs]
    # Each pass is one run, starting in the second the event started or the one before.
    for start, _end in events:
        matching = [(a, b) for a, b in found if start - 2 * S <= a <= start]
        assert len(matching) == 1, (start, found)
    assert search.results.count() == len(found) and len(search.timeline.runs) == len(found)
    # Cancel: the search stops being waited for, and its answer, when it comes, is dropped.
    shown = list(search.runs)
    search.search_button.click()
    search.cancel_button.click()
    assert search.status.text() == "Cancelled" and not search.cancel_button.isEnabled()
    assert session.runner.wait_for_tasks(60)
    qtbot.wait(200)  # the answer's queued delivery
    assert search.status.text() == "Cancelled" and search.runs == shown
    SHOTS.mkdir(exist_ok=True)
    search.results.setCurrentRow(0)
    grab(window.search, str(SHOTS / "motion_search.png"))

    # Back up opens the backup dialog for the run, a few seconds either side.
    requested: list[list[tuple[int, int, int]]] = []
    search.backup_requested.connect(requested.append)
    search.backup_button.click()
    run = search.runs[0]
    assert requested == [[(camera_id, run.start_us - 5 * S, run.end_us + 5 * S)]]
    dialogs = [d for d in window.backup.findChildren(BackupDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert (dialog.start.time_us(), dialog.end.time_us()) == requested[0][0][1:]
    assert [i.data(ROLE_ID) for i in dialog.cameras.selectedItems()] == [camera_id]
    dialog.reject()

    # A double-click plays the run from its start.
    item = search.results.item(0)
    rect = search.results.visualItemRect(item)
    viewport = search.results.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view() == "Playback"
    playback = window.playback
    assert playback.camera_ids == [camera_id]
    tile = playback.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.last_frame is not None, timeout=WAIT_MS)
    assert tile.last_frame is not None
    assert abs(tile.last_frame.time_us - run.start_us) <= 5 * S, (tile.last_frame.time_us, run)


class FeedReader:
    """A WatchEvents stream read on a thread: each motion message of the camera as
    (server time µs, active), and the first heartbeat's server time."""

    def __init__(self, client: Client, camera_id: int) -> None:
        self.stream = client.watch_events()
        self.camera_id = camera_id
        self.motion: list[tuple[int, bool]] = []
        self.first_heartbeat_us: int | None = None
        #: Whether the first message after the first heartbeat was this camera's motion on.
        self.told_on_at_start: bool | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for message in self.stream:
            which = message.WhichOneof("event")
            if which == "heartbeat" and self.first_heartbeat_us is None:
                self.first_heartbeat_us = us_from_timestamp(message.time)
                continue
            if self.first_heartbeat_us is not None and self.told_on_at_start is None:
                self.told_on_at_start = (
                    which == "motion"
                    and message.motion.camera_id == self.camera_id
                    and message.motion.active
                )
            if which == "motion" and message.motion.camera_id == self.camera_id:
                self.motion.append((us_from_timestamp(message.time), message.motion.active))

    def close(self) -> None:
        self.stream.close()
        self.thread.join(10)


def told_at_start(client: Client, watcher: FeedReader) -> bool:
    """Subscribe again once ``watcher`` hears motion on; True when that pass ended after
    the new subscription was in place (then it must have been told that motion is on
    right after its first heartbeat), False when it ended before (nothing to check)."""
    seen = len(watcher.motion)
    ons = wait_for(
        lambda: [i for i, (_, on) in enumerate(watcher.motion) if i >= seen and on],
        120,
        "motion on",
    )
    start = ons[0]
    late = FeedReader(client, watcher.camera_id)
    try:
        wait_for(lambda: late.told_on_at_start is not None, 120, "the late feed's first news")
        off_us = wait_for(
            lambda: next((t for t, on in watcher.motion[start:] if not on), None), 120, "motion off"
        )
        assert late.first_heartbeat_us is not None
        if off_us < late.first_heartbeat_us:
            return False
        assert late.told_on_at_start, late.motion
        return True
    finally:
        late.close()


def test_watch_events_tells_motion_to_who_sees_the_camera_and_new_subscribers(
    scene: tuple[ServerProcess, int, int],
) -> None:
    server, camera_id, _ = scene
    with server.client() as admin:
        blind_rights = make_rights([], {})
        group = admin.create_group("blind", local_rights=blind_rights, remote_rights=blind_rights)
        admin.create_user("outsider", PASSWORD, group_id=group.id)
    with (
        server.client() as admin,
        Client.connect(
            server.address,
            username="outsider",
            password=PASSWORD,
            known_servers_path=server.known_servers,
        ) as blind,
    ):
        watcher = FeedReader(admin, camera_id)
        outsider = FeedReader(blind, camera_id)
        try:
            # A pass whose end comes after a new subscription proves the state it is told.
            assert any(told_at_start(admin, watcher) for _ in range(3))
            # On and off alternate for the admin; the user who sees no camera hears nothing.
            states = [on for _, on in watcher.motion]
            assert all(a != b for a, b in itertools.pairwise(states)), states
        finally:
            watcher.close()
            outsider.close()
        assert outsider.motion == []
