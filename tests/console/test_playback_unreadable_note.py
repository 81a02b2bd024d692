"""The console's playback connection on a bad spot of the server's disk: the camera's
tile is told the recording there cannot be read (a note, not the end) and its frames
after it follow. Driven through test_playback_feeds.py's stand-in for the SDK stream
(the server's side: tests/integration/test_playback_unreadable.py)."""

from __future__ import annotations

from tests.console.test_playback_feeds import GATE, _Client, _packet, _read, _started, _wait
from vedette_api.v1 import media_pb2
from vedette_console.video.playback import PlaybackConnection
from vedette_console.video.sources import SourceItem, StreamNote, StreamStart


def test_an_unreadable_range_is_a_note_on_the_tile_and_the_frames_after_it_follow() -> None:
    client = _Client()
    connection = PlaybackConnection(client, [GATE])  # type: ignore[arg-type]
    connection.start()
    stream = client.stream
    items: list[SourceItem] = []
    reader = _read(connection.feeds[GATE], items)
    unreadable = media_pb2.PlaybackUnreadable(
        camera_id=GATE, from_us=40_000, to_us=400_000, reason="Input/output error"
    )
    for response in (
        _started(GATE),
        _packet(GATE, 0),
        media_pb2.PlaybackResponse(unreadable=unreadable),
        _packet(GATE, 10),
    ):
        stream.responses.put(response)
    _wait(lambda: len(items) == 4)
    assert isinstance(items[0], StreamStart)
    note = StreamNote("Recording unreadable here (Input/output error); playing on")
    assert items[2] == note  # not final: the tile plays on
    times = [items[1].timestamp_us, items[3].timestamp_us]  # type: ignore[union-attr]
    assert times == [0, 400_000]
    connection.close()
    reader.join(10)
