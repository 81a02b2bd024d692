"""The console's tiles on the real server's ``MediaService`` through the SDK's streams
(``Client.live``, ``Client.playback``) and nothing else: a live tile and a playback
tile of the same camera show pictures side by side, and a second camera of the same
playback connection whose tile never reads slows neither of them (its feed drops
its backlog instead of holding the connection's reader)."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded, S
from vedette_api.client.live import LiveStream
from vedette_api.client.playback import PlaybackStream
from vedette_console.video.playback import PlaybackConnection
from vedette_console.video.sources import LiveSource
from vedette_console.widgets.tile import TileState, VideoTile

pytestmark = pytest.mark.interop
CAPACITY = 40  # packets: 1.6 s of the recording's 25 fps


def test_live_and_playback_tiles_read_the_sdk_streams_and_a_stuck_tile_slows_no_other(
    qtbot: QtBot, recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    with recorded.client() as client:
        opened: list[object] = []
        live, playback = client.live, client.playback

        def noted_live(*args: Any, **kwargs: Any) -> LiveStream:
            opened.append(stream := live(*args, **kwargs))
            return stream

        def noted_playback(*args: Any, **kwargs: Any) -> PlaybackStream:
            opened.append(stream := playback(*args, **kwargs))
            return stream

        monkeypatch.setattr(client, "live", noted_live)
        monkeypatch.setattr(client, "playback", noted_playback)
        lobby = next(c.id for c in client.list_cameras() if c.name == "Lobby")
        connection = PlaybackConnection(
            client, [recorded.camera_id, lobby], start_us=recorded.start_us + 4 * S,
            feed_capacity=CAPACITY,
        )  # fmt: skip
        live_tile, played = VideoTile(0), VideoTile(1)
        live_tile.source_factory = lambda camera, stream: LiveSource(client, camera, stream)
        played.source_factory = lambda camera, stream: connection.feeds[camera]
        for tile in (live_tile, played):
            tile.resize(320, 180)
            tile.show()
            qtbot.addWidget(tile)
            tile.set_camera(recorded.camera_id, "Gate")
        connection.start()
        stuck = connection.feeds[lobby]  # no tile reads the lobby's feed

        qtbot.waitUntil(lambda: stuck.dropped > 0, timeout=30_000)
        shown, dropped = played.frames_shown, stuck.dropped
        # Two more seconds of the gate's playback while the lobby's feed keeps
        # overflowing (a reader held 2 s per packet of the lobby showed ~1 frame/s).
        qtbot.waitUntil(
            lambda: played.frames_shown >= shown + 50 and stuck.dropped > dropped,
            timeout=30_000,
        )
        assert stuck.queued_packets <= CAPACITY
        assert played.state is TileState.PLAYING and connection.error == ""
        assert played.last_frame is not None
        assert played.last_frame.time_us >= recorded.start_us + 2 * S  # the recording's
        qtbot.waitUntil(lambda: live_tile.frames_shown > 10, timeout=15_000)
        assert live_tile.state is TileState.PLAYING
        assert sorted(type(s).__name__ for s in opened) == ["LiveStream", "PlaybackStream"]

        connection.close()
        for tile in (live_tile, played):
            tile.set_camera(None)
