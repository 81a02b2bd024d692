"""The console's Live and Playback wiring against the real server's ``MediaService``
(the session's server recording camsim): live frames whose burned-in clock advances
with their time, and a playback view that opens at an instant, pauses, steps one
frame, seeks back, plays in reverse, switches camera at the same instant and closes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.console.conftest import Recorded, S, now_us
from tests.console.test_console import gray, loop_distance_ms, signed_in_session
from vedette_api.v1 import cameras_pb2
from vedette_console.session import Session
from vedette_console.video.sources import LiveSource
from vedette_console.views.playback import PlaybackView
from vedette_console.widgets.tile import VideoTile
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
FRAME_US = 40_000


def shown_time(tile: VideoTile) -> int:
    assert tile.last_frame is not None
    return tile.last_frame.time_us


@pytest.fixture
def session(qtbot: QtBot, recorded: Recorded) -> Iterator[Session]:
    session = signed_in_session(qtbot, recorded)
    yield session
    session.close()


def test_a_live_tile_shows_frames_whose_burned_in_clock_advances(
    qtbot: QtBot, recorded: Recorded, session: Session
) -> None:
    client = session.client
    assert client is not None
    tile = VideoTile(0)
    tile.source_factory = lambda camera, stream: LiveSource(client, camera, stream)  # type: ignore[arg-type]
    tile.resize(320, 180)
    tile.show()
    qtbot.addWidget(tile)
    clocks: list[tuple[int, int]] = []

    def seen(time_us: int) -> None:
        value = clockcode.read(gray(tile.last_frame.image))  # type: ignore[union-attr]
        if value is not None:
            clocks.append((time_us, value))

    tile.frame_shown.connect(seen)
    tile.set_camera(recorded.camera_id, "Gate")
    qtbot.waitUntil(lambda: len(clocks) >= 25, timeout=10_000)
    tile.set_camera(None)
    # Live: the newest frames are a moment old, not a recording's.
    assert now_us() - clocks[-1][0] < 3 * S
    # Each picture's clock moved on as much as its time (camsim draws its loop time).
    (t0, c0), (t1, c1) = clocks[0], clocks[-1]
    assert t1 - t0 >= 800_000  # about a second of live
    assert loop_distance_ms(c0 + (t1 - t0) / 1000, c1) < 150
    times = [t for t, _ in clocks]
    assert times == sorted(times)


def test_playback_opens_pauses_steps_seeks_reverses_switches_and_closes(
    qtbot: QtBot, recorded: Recorded, session: Session
) -> None:
    client = session.client
    assert client is not None
    lobby = next(c for c in client.list_cameras() if c.name == "Lobby")
    view = PlaybackView(session, lambda text: None)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.set_cameras(
        [cameras_pb2.Camera(id=recorded.camera_id, name="Gate"), cameras_pb2.Camera(id=lobby.id)]
    )
    at = recorded.start_us + 4 * S
    view.open_at([recorded.camera_id], at)
    tile = view.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.frames_shown >= 10, timeout=10_000)
    first = shown_time(tile)
    assert at - 2 * S <= first <= at + 3 * S
    shown = clockcode.read(gray(tile.last_frame.image))  # type: ignore[union-attr]
    assert shown is not None
    assert loop_distance_ms(recorded.expected_clock_ms(first), shown) < 150
    qtbot.waitUntil(lambda: view.timeline.position_us is not None, timeout=5000)
    assert view.timeline.runs, "the timeline shows what was recorded"

    view.pause()
    qtbot.wait(600)  # what was in flight when the pause was sent
    paused_at = shown_time(tile)
    qtbot.wait(500)
    assert shown_time(tile) == paused_at, "frames kept coming while paused"

    view._step(1)
    qtbot.waitUntil(lambda: shown_time(tile) > paused_at, timeout=5000)
    assert shown_time(tile) - paused_at <= 2 * FRAME_US  # one frame

    before = shown_time(tile)
    view._seek_by(-3 * S)
    view.play()
    qtbot.waitUntil(lambda: shown_time(tile) < before - 2 * S, timeout=5000)
    qtbot.waitUntil(lambda: shown_time(tile) > before - 2 * S, timeout=5000)  # playing on

    # Reverse: the shown time goes back, GOP after GOP.
    view.play_reverse()
    reversed_from = shown_time(tile)
    qtbot.waitUntil(lambda: shown_time(tile) < reversed_from - S, timeout=8000)
    view.pause()

    # PLAY-05: switch camera at the same instant, then close it.
    position, count = view.position(), tile.frames_shown
    view.switch_camera(recorded.camera_id, lobby.id)
    assert view.camera_ids == [lobby.id]
    qtbot.waitUntil(
        lambda: tile.camera_id == lobby.id and tile.frames_shown > count + 3, timeout=10_000
    )
    assert abs(shown_time(tile) - position) < 3 * S
    view.close_camera(lobby.id)
    assert view.camera_ids == [] and tile.camera_id is None
    view.stop()
