"""The console's Live and Playback wiring against the real server's ``MediaService``
(the session's server recording camsim): live frames whose burned-in clock advances
with their time; a playback view that opens at an instant, pauses, steps one frame,
seeks back, plays in reverse, switches camera at the same instant and closes; and a
tile's audio, live and in playback, decoded, metered and played into PulseAudio."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.helpers import gray, signed_in_session
from tests.support.camsim_process import start_camsim
from tests.support.recorded import Recorded, S, loop_distance_ms, now_us
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import cameras_pb2
from vedette_console.session import Session
from vedette_console.video.sources import NO_AUDIO_RIGHT, LiveSource
from vedette_console.views.playback import PlaybackView
from vedette_console.widgets.tile import VideoTile
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
FRAME_US = 40_000
MUTE_PASSWORD = "Quiet-Viewer-2026!"


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


# -- audio (LIVE-04, PLAY-05) -------------------------------------------------------------


@dataclass
class AudioRig:
    server: ServerProcess
    camera_id: int
    start_us: int


@pytest.fixture(scope="module")
def audio_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AudioRig]:
    """camsim with its tone burst every second (AAC), recorded; a user without the
    audio right."""
    tmp = tmp_path_factory.mktemp("audio")
    camsim = start_camsim(*SMALL, "--audio", cameras=1)
    data = tmp / "data"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, tmp / "known.json", "--segment-seconds", "2")
    try:
        with server.client() as client:
            camera = client.create_camera(
                "Hall", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
            )
            group = client.create_group(
                "no audio", remote_rights=make_rights([], {"live": "all", "playback": "all"})
            )
            client.create_user("mute", MUTE_PASSWORD, group_id=group.id)
            wait_for(
                lambda: any(s.recording for s in client.get_recording_status([camera.id])),
                60,
                "recording",
            )
            started = now_us()
            time.sleep(4)  # some recording to play back
        yield AudioRig(server, camera.id, started)
    finally:
        server.stop()
        camsim.stop()


def _noting_levels(tile: VideoTile) -> list[float]:
    levels: list[float] = []
    tile.audio_level.connect(levels.append)
    return levels


def test_a_live_tiles_audio_is_decoded_metered_and_played(
    qtbot: QtBot, pulse: None, audio_rig: AudioRig
) -> None:
    with audio_rig.server.client() as client:
        tile = VideoTile(0)
        tile.source_factory = lambda camera, stream, audio=False: LiveSource(  # type: ignore[assignment]
            client, camera, stream, audio=audio
        )
        tile.resize(320, 180)
        tile.show()
        qtbot.addWidget(tile)
        levels = _noting_levels(tile)
        tile.set_camera(audio_rig.camera_id, "Hall")
        qtbot.waitUntil(lambda: tile.frames_shown > 5, timeout=10_000)
        assert tile.audio_packets == 0  # off by default: no audio asked for
        tile.set_audio(True)
        qtbot.waitUntil(lambda: len(levels) > 50, timeout=15_000)  # 3 s of 64 ms AAC frames
        assert tile.frames_shown > 10 and tile.message == ""
        # camsim's 880 Hz burst (-11 dBFS) for 0.1 s of every second over a 50 Hz hum
        # (-37 dBFS): loud packets and quiet ones.
        assert max(levels) > -20 and min(levels) < max(levels) - 20, (min(levels), max(levels))
        # The null sink is an output: audio must go to it (Qt may still be listing the
        # devices at the first packet; the tile tries the output again while it plays).
        qtbot.waitUntil(lambda: tile.audio_heard, timeout=15_000)
        sink = tile.audio.sink
        assert sink is not None
        qtbot.waitUntil(lambda: sink.processed_us() > 500_000, timeout=5000)
        tile.set_audio(False)
        assert not tile.audio_heard
        count = len(levels)
        qtbot.wait(1000)
        assert len(levels) == count  # off: nothing decoded any more
        tile.set_camera(None)


def test_without_the_audio_right_a_tile_says_so_and_keeps_its_video(
    qtbot: QtBot, audio_rig: AudioRig
) -> None:
    with Client.connect(
        audio_rig.server.address,
        username="mute",
        password=MUTE_PASSWORD,
        known_servers_path=audio_rig.server.known_servers,
    ) as client:
        tile = VideoTile(0)
        tile.source_factory = lambda camera, stream, audio=False: LiveSource(  # type: ignore[assignment]
            client, camera, stream, audio=audio
        )
        tile.resize(320, 180)
        tile.show()
        qtbot.addWidget(tile)
        notes: list[str] = []
        tile.audio_on = True
        tile.set_camera(audio_rig.camera_id, "Hall")
        slot = tile.decoder.slot
        assert slot is not None
        slot.note.connect(lambda text, final: notes.append(text))
        qtbot.waitUntil(lambda: tile.frames_shown > 5, timeout=10_000)
        assert NO_AUDIO_RIGHT in notes and tile.audio_packets == 0
        tile.set_camera(None)


def test_playback_plays_the_audio_of_the_chosen_tile(
    qtbot: QtBot, pulse: None, audio_rig: AudioRig
) -> None:
    with audio_rig.server.client() as client:
        session = Session()
        session.adopt(client)
        view = PlaybackView(session, lambda text: None)
        qtbot.addWidget(view)
        view.resize(800, 500)
        view.show()
        view.set_cameras([cameras_pb2.Camera(id=audio_rig.camera_id, name="Hall")])
        view.open_at([audio_rig.camera_id], audio_rig.start_us)
        tile = view.grid.tiles[0]
        qtbot.waitUntil(lambda: tile.frames_shown > 5, timeout=10_000)
        assert tile.audio_packets == 0
        menu = view._tile_menu(tile)
        (audio,) = [a for a in menu.actions() if a.text().startswith("Audio on")]
        audio.trigger()
        assert view.audio_camera == audio_rig.camera_id and tile.audio_on
        qtbot.waitUntil(lambda: tile.audio_packets > 50, timeout=10_000)
        assert tile.frames_shown > 10
        view.set_audio_camera(None)
        assert not tile.audio_on
        view.stop()
