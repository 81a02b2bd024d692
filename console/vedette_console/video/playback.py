"""One playback connection (``Client.playback``) for the tiles of several cameras on
a shared clock.

A ``PlaybackConnection`` reads the SDK's ``PlaybackStream`` on its own reader thread
and hands each camera's items to that camera's ``TileFeed``, which the tile's decoder
thread reads like a live stream. Controls (play, pause, step, seek) go to the stream
from the UI thread; clock messages reach the UI through the ``on_clock`` callback
(the owner turns it into a queued signal).

Invariants:
- The reader thread never waits for a tile. A feed holds at most ``capacity``
  packets (and ``capacity_bytes``); when a tile falls that far behind, its queued
  packets are dropped and it resumes at the camera's next video keyframe, after a
  note of how many were skipped (as the server's live hub does for a slow viewer).
  The other cameras of the connection are not slowed at all.
- Codec parameters and the final note are never dropped: a feed keeps the latest
  ``StreamStart`` through a skip, and the end of the connection is delivered after
  whatever is queued.

A server without the Playback RPC answers UNIMPLEMENTED: every camera's feed then
ends with a final note saying playback is not available on this server version.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from vedette_api.client import Client
from vedette_api.client.playback import PlaybackStream
from vedette_api.errors import InvalidArgument, Unimplemented, VedetteError
from vedette_api.v1 import common_pb2, media_pb2
from vedette_console.video.sources import (
    DecodeOnlyPacket,
    ReverseGopPacket,
    SourceItem,
    StreamNote,
    StreamStart,
    error_text,
    stream_name,
)

PLAYBACK_UNAVAILABLE = str(
    QT_TRANSLATE_NOOP("PlaybackConnection", "Playback is not available on this server version")
)
#: A feed's bounds: about 24 s of 25 fps video, and what a few 1080p GOPs weigh.
FEED_CAPACITY = 600
FEED_CAPACITY_BYTES = 32 << 20

_Packet = media_pb2.MediaPacket | ReverseGopPacket | DecodeOnlyPacket


@dataclass(frozen=True)
class _SkipNote(StreamNote):
    """The note before the keyframe a feed resumes at; a skip note dropped unread
    gives its count to the next one."""

    packets: int = 0


def _media_packet(item: _Packet) -> media_pb2.MediaPacket:
    return item if isinstance(item, media_pb2.MediaPacket) else item.packet


class TileFeed:
    """The items of one camera of a playback connection (a ``PacketSource``): filled
    by the reader thread without ever blocking it, read by one tile's decoder thread."""

    def __init__(
        self,
        camera_id: int,
        *,
        capacity: int = FEED_CAPACITY,
        capacity_bytes: int = FEED_CAPACITY_BYTES,
    ) -> None:
        self.camera_id = camera_id
        self.capacity, self.capacity_bytes = capacity, capacity_bytes
        self._items: collections.deque[SourceItem] = collections.deque()
        self._ready = threading.Condition()
        self._packets = 0
        self._bytes = 0
        self._closed = False
        self._ended = False
        #: Dropping packets until the next video keyframe (the tile fell behind).
        self._skipping = False
        #: Packets dropped since the last skip note (told with the next keyframe).
        self._skipped = 0
        #: Packets dropped so far because the tile did not keep up.
        self.dropped = 0

    # -- the reader thread ------------------------------------------------------------------

    def put(self, item: SourceItem) -> None:
        """Queue ``item``; never blocks (see the module's invariants)."""
        with self._ready:
            if self._closed or self._ended:
                return
            if isinstance(item, media_pb2.MediaPacket | ReverseGopPacket | DecodeOnlyPacket):
                if not self._admit(item):
                    return
            elif isinstance(item, StreamNote) and item.final:
                self._ended = True
            self._items.append(item)
            self._ready.notify()

    def _admit(self, item: _Packet) -> bool:
        """Whether a packet is queued; counts it in the bounds when it is."""
        packet = _media_packet(item)
        keyframe = packet.kind == media_pb2.PACKET_KIND_VIDEO and packet.keyframe
        size = len(packet.data)
        if not self._skipping and (
            self._packets + 1 > self.capacity or self._bytes + size > self.capacity_bytes
        ):
            self._count_dropped(self._drop_queued_packets())
            self._skipping = True
        if self._skipping:
            if not keyframe:
                self._count_dropped(1)
                return False
            self._skipping = False
            text = QCoreApplication.translate(
                "PlaybackConnection", "Packets skipped: %n", None, self._skipped
            )
            self._items.append(_SkipNote(text, packets=self._skipped))
            self._skipped = 0
        self._packets += 1
        self._bytes += size
        return True

    def _count_dropped(self, packets: int) -> None:
        self._skipped += packets
        self.dropped += packets

    @property
    def queued_packets(self) -> int:
        with self._ready:
            return self._packets

    def _drop_queued_packets(self) -> int:
        """Forget what is queued but the latest codec parameters; returns how many
        packets that was."""
        dropped = self._packets
        self._skipped += sum(i.packets for i in self._items if isinstance(i, _SkipNote))
        starts = [item for item in self._items if isinstance(item, StreamStart)]
        self._items.clear()
        if starts:
            self._items.append(starts[-1])
        self._packets = self._bytes = 0
        return dropped

    def end(self, text: str) -> None:
        """Nothing more comes: ``text`` as a final note after what is queued."""
        self.put(StreamNote(text, final=True))

    # -- the tile's decoder thread ----------------------------------------------------------

    def __iter__(self) -> Iterator[SourceItem]:
        while True:
            with self._ready:
                while not self._items and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                item = self._items.popleft()
                if not isinstance(item, StreamStart | StreamNote):
                    self._packets -= 1
                    self._bytes -= len(_media_packet(item).data)
            yield item
            if isinstance(item, StreamNote) and item.final:
                return

    def close(self) -> None:
        """The tile stops reading (any thread): the iteration ends."""
        with self._ready:
            self._closed = True
            self._items.clear()
            self._ready.notify_all()


class PlaybackConnection:
    """One ``MediaService.Playback`` stream for up to 16 cameras, through the SDK.

    ``start()`` opens it (the call is set up in the background; nothing waits) and
    starts the reader thread; the controls may be used from then on, from any
    thread; ``close()`` ends it and every feed.
    """

    def __init__(
        self,
        client: Client,
        camera_ids: list[int],
        *,
        start_us: int | None = None,
        ago_seconds: float = 0.0,
        stream: int = common_pb2.STREAM_SUB,
        paused: bool = False,
        speed: float = 1.0,
        reverse: bool = False,
        audio: bool = False,
        on_clock: Callable[[media_pb2.PlaybackClock], None] | None = None,
        on_gap: Callable[[media_pb2.PlaybackGap], None] | None = None,
        feed_capacity: int = FEED_CAPACITY,
    ) -> None:
        """``on_clock`` and ``on_gap`` are called on the reader thread."""
        self.camera_ids = list(camera_ids)
        self.feeds = {c: TileFeed(c, capacity=feed_capacity) for c in self.camera_ids}
        self._open = functools.partial(
            client.playback,
            self.camera_ids,
            start_us=start_us,
            ago_seconds=ago_seconds,
            stream=stream_name(stream),
            paused=paused,
            speed=speed,
            reverse=reverse,
            audio=audio,
        )
        self._on_clock = on_clock
        self._on_gap = on_gap
        self._stream: PlaybackStream | None = None
        self._closed = threading.Event()
        #: Why the connection ended ("" while it runs or after ``close``).
        self.error = ""
        self._thread = threading.Thread(target=self._run, name="playback", daemon=True)

    def start(self) -> None:
        try:
            self._stream = self._open()
        except (VedetteError, ValueError) as error:  # ValueError: the client was closed
            self._end(error_text(error))
            return
        self._thread.start()

    # -- controls (any thread) -------------------------------------------------------------

    def _control(self, send: Callable[[PlaybackStream], object]) -> None:
        stream = self._stream
        if stream is None or self._closed.is_set():
            return
        with contextlib.suppress(InvalidArgument):  # closed meanwhile
            send(stream)

    def play(self, speed: float = 1.0, reverse: bool = False) -> None:
        self._control(lambda stream: stream.play(speed, reverse=reverse))

    def pause(self) -> None:
        self._control(lambda stream: stream.pause())

    def step(self, frames: int) -> None:
        self._control(lambda stream: stream.step(frames))

    def seek(self, time_us: int) -> None:
        self._control(lambda stream: stream.seek(time_us))

    def seek_by(self, offset_us: int) -> None:
        self._control(lambda stream: stream.seek(offset_us=offset_us))

    def close(self) -> None:
        self._closed.set()
        if self._stream is not None:
            self._stream.close()
        for feed in self.feeds.values():
            feed.close()

    # -- reader thread ---------------------------------------------------------------------

    def _run(self) -> None:
        assert self._stream is not None
        try:
            for response in self._stream:
                self._dispatch(response)
        except VedetteError as error:
            if self._closed.is_set():
                return
            if isinstance(error, Unimplemented):
                self._end(QCoreApplication.translate("PlaybackConnection", PLAYBACK_UNAVAILABLE))
            else:
                self._end(error_text(error))
            return
        if not self._closed.is_set():
            self._end(QCoreApplication.translate("PlaybackConnection", "End of playback"))

    def _end(self, text: str) -> None:
        self.error = text
        for feed in self.feeds.values():
            feed.end(text)

    def _dispatch(self, response: media_pb2.PlaybackResponse) -> None:
        body = response.WhichOneof("body")
        if body == "started":
            for track in response.started.tracks:
                self._track(track)
            if self._on_clock is not None:
                self._on_clock(response.started.clock)
        elif body == "packet":
            feed = self.feeds.get(response.packet.camera_id)
            if feed is not None:
                packet = response.packet
                if packet.reverse_gop:
                    feed.put(ReverseGopPacket(packet.packet))
                elif packet.decode_only:
                    feed.put(DecodeOnlyPacket(packet.packet))
                else:
                    feed.put(packet.packet)
        elif body == "clock":
            if self._on_clock is not None:
                self._on_clock(response.clock)
        elif body == "gap":
            gap = response.gap
            feed = self.feeds.get(gap.camera_id)
            if feed is not None:
                if gap.to_us:
                    text = QCoreApplication.translate("PlaybackConnection", "No recording here")
                else:
                    text = QCoreApplication.translate("PlaybackConnection", "End of recording")
                feed.put(StreamNote(text))
            if self._on_gap is not None:
                self._on_gap(gap)
        elif body == "unreadable":  # a bad spot on the server's disk: playback goes on
            feed = self.feeds.get(response.unreadable.camera_id)
            if feed is not None:
                text = QCoreApplication.translate(
                    "PlaybackConnection", "Recording unreadable here ({reason}); playing on"
                )
                feed.put(StreamNote(text.format(reason=response.unreadable.reason)))
        elif body == "codec_changed":
            self._track(response.codec_changed)

    def _track(self, track: media_pb2.PlaybackTrack) -> None:
        if track.video.codec == media_pb2.CODEC_UNSPECIFIED:
            return  # nothing recorded at the start yet: codec_changed comes with the first
        feed = self.feeds.get(track.camera_id)
        if feed is not None:
            audio = track.audio if track.HasField("audio") else None
            feed.put(StreamStart(track.video, audio))
