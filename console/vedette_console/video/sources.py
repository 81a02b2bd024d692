"""Packet sources: where a tile's ``MediaPacket``s come from.

A source is an iterable of ``SourceItem``s, consumed on the tile's decoder thread
(it may block there), and ``close()``-able from any thread, which ends the
iteration soon. Items:

- ``StreamStart``: codec parameters; first, and again when they change;
- ``media_pb2.MediaPacket``: one video or audio packet;
- ``StreamNote``: something the operator should see on the tile (skipped
  packets, the stream ended, the server cannot serve it), already translated.

``LiveSource`` reads a camera's live stream through the SDK (``Client.live``);
``NoteSource`` only says something (not signed in, nothing picked);
``ReplaySource`` replays packets held in memory at their recorded pace
(benchmarks, tests). Playback sources are ``video.playback.TileFeed``s.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from vedette_api.client import Client
from vedette_api.client.live import LiveStream
from vedette_api.errors import PermissionDenied, Unimplemented, VedetteError
from vedette_api.v1 import common_pb2, media_pb2


@dataclass(frozen=True)
class StreamStart:
    video: media_pb2.CodecParameters
    audio: media_pb2.CodecParameters | None = None


@dataclass(frozen=True)
class StreamNote:
    text: str
    #: True when the stream will not deliver anything more.
    final: bool = False


@dataclass(frozen=True)
class ReverseGopPacket:
    """A packet of a GOP sent in decode order for reverse play: the decoder decodes
    the whole GOP, then shows its frames last to first."""

    packet: media_pb2.MediaPacket


@dataclass(frozen=True)
class DecodeOnlyPacket:
    """A packet to decode but not show: the pre-roll from a keyframe up to the instant
    a playback starts, seeks or steps to."""

    packet: media_pb2.MediaPacket


SourceItem = StreamStart | media_pb2.MediaPacket | StreamNote | ReverseGopPacket | DecodeOnlyPacket


class PacketSource(Protocol):
    def __iter__(self) -> Iterator[SourceItem]: ...

    def close(self) -> None: ...


# Notes are translated where they are made (``QCoreApplication.translate`` is
# thread-safe); these are the English source texts, shown translated.
LIVE_UNAVAILABLE = str(
    QT_TRANSLATE_NOOP("LiveSource", "Live video is not available on this server version")
)
NO_AUDIO_RIGHT = str(QT_TRANSLATE_NOOP("LiveSource", "No audio right on this camera: video only"))


def error_text(error: Exception) -> str:
    """The first line of an error, for a tile (a server's errors are its own words)."""
    return (str(error).splitlines() or [type(error).__name__])[0]


def stream_name(stream: int) -> Literal["main", "sub"]:
    """The SDK's name of a ``common_pb2.Stream`` (unspecified means main, as on the
    server)."""
    return "sub" if stream == common_pb2.STREAM_SUB else "main"


class NoteSource:
    """A source that only says ``text`` (final): a tile while not signed in, or
    before a playback instant is picked."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __iter__(self) -> Iterator[SourceItem]:
        yield StreamNote(self.text, final=True)

    def close(self) -> None:
        pass


class LiveSource:
    """One camera stream from ``Client.live`` (``MediaService.Live``).

    The stream is opened on the decoder thread that iterates the source, and
    ``close()`` (from the UI thread) cancels it while that thread waits for the next
    packet. Without the audio right, the stream is opened again without audio and
    the tile says so. A server without the Live RPC (UNIMPLEMENTED) ends with a
    final note saying so (the tile shows it; nothing is faked).
    """

    def __init__(
        self,
        client: Client,
        camera_id: int,
        stream: int = common_pb2.STREAM_SUB,
        *,
        audio: bool = False,
    ) -> None:
        self._client = client
        self.camera_id = camera_id
        self._stream = stream
        self._audio = audio
        self._live: LiveStream | None = None
        self._closed = threading.Event()
        self._lock = threading.Lock()

    @property
    def stream(self) -> int:
        return self._stream

    def __iter__(self) -> Iterator[SourceItem]:
        while True:
            try:
                yield from self._read()
                return
            except VedetteError as error:
                if self._closed.is_set():
                    return
                if isinstance(error, PermissionDenied) and self._audio:
                    self._audio = False  # no audio right: the video goes on without it
                    yield StreamNote(QCoreApplication.translate("LiveSource", NO_AUDIO_RIGHT))
                    continue
                if isinstance(error, Unimplemented):
                    text = QCoreApplication.translate("LiveSource", LIVE_UNAVAILABLE)
                    yield StreamNote(text, final=True)
                else:
                    yield StreamNote(error_text(error), final=True)
                return

    def _read(self) -> Iterator[SourceItem]:
        with self._lock:
            if self._closed.is_set():
                return
            live = self._client.live(
                self.camera_id, stream=stream_name(self._stream), audio=self._audio
            )
            self._live = live
        for response in live:
            body = response.WhichOneof("body")
            if body == "start":
                start = response.start
                yield StreamStart(start.video, start.audio if start.HasField("audio") else None)
            elif body == "packet":
                yield response.packet
            elif body == "skipped":
                skipped = response.skipped.dropped_packets
                text = QCoreApplication.translate(
                    "LiveSource", "Packets skipped: %n", None, skipped
                )
                yield StreamNote(text)
        if not self._closed.is_set():
            text = QCoreApplication.translate("LiveSource", "Live stream ended")
            yield StreamNote(text, final=True)

    def close(self) -> None:
        with self._lock:
            self._closed.set()
            if self._live is not None:
                self._live.close()


class ReplaySource:
    """Packets held in memory, replayed at their recorded pace (or as fast as the
    consumer takes them with ``pace=False``), optionally looped with time shifted
    so timestamps keep increasing."""

    def __init__(
        self,
        video: media_pb2.CodecParameters,
        packets: Sequence[media_pb2.MediaPacket],
        *,
        pace: bool = True,
        loop: bool = False,
        speed: float = 1.0,
    ) -> None:
        if not packets:
            raise ValueError("packets: nothing to replay")
        self._video = video
        self._packets = list(packets)
        self._pace, self._loop, self._speed = pace, loop, speed
        self._closed = threading.Event()
        #: Packets handed out so far.
        self.sent = 0

    def __iter__(self) -> Iterator[SourceItem]:
        yield StreamStart(self._video)
        first_us = self._packets[0].timestamp_us
        span_us = self._packets[-1].timestamp_us - first_us + max(self._packets[-1].duration_us, 1)
        started = time.monotonic()
        shift = 0
        while not self._closed.is_set():
            for packet in self._packets:
                if self._closed.is_set():
                    return
                if self._pace:
                    due = started + (packet.timestamp_us + shift - first_us) / 1e6 / self._speed
                    delay = due - time.monotonic()
                    if delay > 0 and self._closed.wait(delay):
                        return
                if shift:
                    shifted = media_pb2.MediaPacket()
                    shifted.CopyFrom(packet)
                    shifted.timestamp_us += shift
                    packet = shifted
                self.sent += 1
                yield packet
            if not self._loop:
                text = QCoreApplication.translate("ReplaySource", "End of recording")
                yield StreamNote(text, final=True)
                return
            shift += span_us

    def close(self) -> None:
        self._closed.set()
