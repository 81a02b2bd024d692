"""The console's playback connection hands each camera's packets to that camera's
tile without ever waiting for a tile: one tile that stops reading loses its backlog
and resumes at a keyframe, told how much it missed, while the other cameras of the
same connection keep arriving. Driven through a stand-in for the SDK's
``PlaybackStream`` that the test feeds response by response (the real server's
stream is in test_media_wiring.py)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

from vedette_api.errors import Unimplemented
from vedette_api.v1 import media_pb2
from vedette_console.video.playback import (
    PLAYBACK_UNAVAILABLE,
    PlaybackConnection,
    TileFeed,
)
from vedette_console.video.sources import SourceItem, StreamNote, StreamStart

GATE, LOBBY = 1, 2
GOP = 10
CAPACITY = 50
VIDEO = media_pb2.CodecParameters(codec=media_pb2.CODEC_H264, width=320, height=180)


class _Stream:
    """A playback stream whose responses the test pushes (None ends it, an exception
    is raised where the SDK raises server errors)."""

    def __init__(self) -> None:
        self.responses: queue.Queue[media_pb2.PlaybackResponse | Exception | None] = queue.Queue()
        self.controls: list[str] = []
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[media_pb2.PlaybackResponse]:
        while True:
            response = self.responses.get()
            if response is None or self.closed.is_set():
                return
            if isinstance(response, Exception):
                raise response
            yield response

    def play(self, speed: float = 1.0, *, reverse: bool = False) -> int:
        self.controls.append(f"play {speed} {reverse}")
        return len(self.controls)

    def pause(self) -> int:
        self.controls.append("pause")
        return len(self.controls)

    def seek(self, time_us: int | None = None, *, offset_us: int | None = None) -> int:
        self.controls.append(f"seek {time_us} {offset_us}")
        return len(self.controls)

    def close(self) -> None:
        self.closed.set()
        self.responses.put(None)


class _Client:
    server = "test:1"

    def __init__(self) -> None:
        self.stream = _Stream()
        self.opened: list[dict[str, Any]] = []

    def playback(self, camera_ids: list[int], **options: Any) -> _Stream:
        self.opened.append({"camera_ids": camera_ids, **options})
        return self.stream


def _started(*camera_ids: int) -> media_pb2.PlaybackResponse:
    started = media_pb2.PlaybackStarted(
        tracks=[media_pb2.PlaybackTrack(camera_id=c, video=VIDEO) for c in camera_ids]
    )
    return media_pb2.PlaybackResponse(started=started)


def _packet(camera_id: int, index: int) -> media_pb2.PlaybackResponse:
    packet = media_pb2.MediaPacket(
        kind=media_pb2.PACKET_KIND_VIDEO,
        timestamp_us=index * 40_000,
        keyframe=index % GOP == 0,
        data=bytes(100),
    )
    return media_pb2.PlaybackResponse(
        packet=media_pb2.PlaybackPacket(camera_id=camera_id, packet=packet)
    )


def _read(feed: TileFeed, into: list[SourceItem]) -> threading.Thread:
    def run() -> None:
        for item in feed:
            into.append(item)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _wait(condition: Any, timeout_s: float = 15.0) -> None:
    done = threading.Event()
    deadline = threading.Timer(timeout_s, done.set)
    deadline.start()
    try:
        while not condition():
            assert not done.wait(0.01), "timed out"
    finally:
        deadline.cancel()


def test_a_tile_that_stops_reading_starves_no_other_camera_of_the_connection() -> None:
    client = _Client()
    connection = PlaybackConnection(
        client,  # type: ignore[arg-type]
        [GATE, LOBBY],
        start_us=0,
        feed_capacity=CAPACITY,
    )
    connection.start()
    assert client.opened == [
        {"camera_ids": [GATE, LOBBY], "start_us": 0, "ago_seconds": 0.0, "stream": "sub",
         "paused": False, "speed": 1.0, "reverse": False, "audio": False}
    ]  # fmt: skip
    stream = client.stream
    gate: list[SourceItem] = []
    reader = _read(connection.feeds[GATE], gate)
    stream.responses.put(_started(GATE, LOBBY))
    # The lobby's tile never reads: five times what its feed holds arrive for it ...
    for index in range(5 * CAPACITY):
        stream.responses.put(_packet(LOBBY, index))
    # ... and the gate's packets, behind them on the same stream, all reach the gate
    # (fewer than its feed holds: its reader need not keep up to get them all).
    for index in range(CAPACITY - 10):
        stream.responses.put(_packet(GATE, index))
    _wait(lambda: len(gate) == 1 + CAPACITY - 10)
    assert isinstance(gate[0], StreamStart)
    times = [p.timestamp_us for p in gate[1:]]  # type: ignore[union-attr]
    assert times == [i * 40_000 for i in range(CAPACITY - 10)]

    lobby = connection.feeds[LOBBY]
    assert lobby.queued_packets <= CAPACITY
    assert lobby.dropped == 5 * CAPACITY - lobby.queued_packets
    # When the lobby's tile reads again: the codec parameters (kept through the skip),
    # the count of what it missed, then packets from a keyframe on, in order.
    kept = lobby.queued_packets
    seen: list[SourceItem] = []
    _read(lobby, seen)
    _wait(lambda: len(seen) == 2 + kept)
    assert isinstance(seen[0], StreamStart)
    assert isinstance(seen[1], StreamNote) and not seen[1].final
    assert seen[1].text == f"Packets skipped: {lobby.dropped}"
    packets = seen[2:]
    assert packets[0].keyframe  # type: ignore[union-attr]
    times = [p.timestamp_us for p in packets]  # type: ignore[union-attr]
    assert times == sorted(times) and times[-1] == (5 * CAPACITY - 1) * 40_000

    # The end reaches every feed after what is queued, full or not.
    stream.responses.put(None)
    reader.join(10)
    assert not reader.is_alive()
    assert gate[-1] == StreamNote("End of playback", final=True)
    connection.close()


def test_controls_go_to_the_sdk_stream_and_close_ends_every_feed() -> None:
    client = _Client()
    connection = PlaybackConnection(client, [GATE])  # type: ignore[arg-type]
    connection.pause()  # before start: nothing to send to, nothing raised
    connection.start()
    connection.play(2.0, reverse=True)
    connection.pause()
    connection.seek(5_000_000)
    connection.seek_by(-30_000_000)
    assert client.stream.controls == [
        "play 2.0 True", "pause", "seek 5000000 None", "seek None -30000000"
    ]  # fmt: skip
    items: list[SourceItem] = []
    reader = _read(connection.feeds[GATE], items)
    connection.close()
    reader.join(10)
    assert not reader.is_alive() and items == []
    connection.pause()  # after close: ignored
    assert client.stream.controls[-1] == "seek None -30000000"


def test_a_server_without_playback_says_so_on_every_tile() -> None:
    client = _Client()
    connection = PlaybackConnection(client, [GATE, LOBBY])  # type: ignore[arg-type]
    connection.start()
    client.stream.responses.put(Unimplemented("unknown method Playback"))
    for camera_id in (GATE, LOBBY):
        items: list[SourceItem] = []
        _read(connection.feeds[camera_id], items).join(10)
        assert items == [StreamNote(PLAYBACK_UNAVAILABLE, final=True)]
    assert connection.error == PLAYBACK_UNAVAILABLE
