"""Packet sources: where a tile's ``MediaPacket``s come from.

A source is an iterable of ``SourceItem``s, consumed on the tile's decoder thread
(it may block there), and ``close()``-able from any thread, which ends the
iteration soon. Items:

- ``StreamStart``: codec parameters; first, and again when they change;
- ``media_pb2.MediaPacket``: one video or audio packet;
- ``StreamNote``: something the operator should see on the tile (skipped
  packets, the stream ended, the server cannot serve it).

``LiveSource`` reads ``MediaService.Live``; ``ReplaySource`` replays packets held
in memory at their recorded pace (benchmarks, tests, offline files).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import grpc

from vedette_api.client import Client
from vedette_api.errors import error_from_rpc
from vedette_api.v1 import common_pb2, media_pb2, media_pb2_grpc


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


LIVE_UNAVAILABLE = "Live video is not available on this server version"
NO_AUDIO_RIGHT = "No audio right on this camera: video only"


class LiveSource:
    """One camera stream from ``MediaService.Live``.

    Uses the channel's generated stub so the call can be cancelled from the UI
    thread (``close``) while the decoder thread is blocked reading it. A server
    without the Live RPC answers UNIMPLEMENTED, which becomes a final
    ``StreamNote`` saying so (the tile shows it; nothing is faked).
    """

    def __init__(
        self,
        client: Client,
        camera_id: int,
        stream: common_pb2.Stream = common_pb2.STREAM_SUB,
        *,
        audio: bool = False,
    ) -> None:
        self._client = client
        self._request = media_pb2.LiveRequest(camera_id=camera_id, stream=stream, audio=audio)
        self._call: grpc.Future | None = None
        self._closed = threading.Event()
        self._lock = threading.Lock()

    @property
    def stream(self) -> common_pb2.Stream:
        return self._request.stream

    def __iter__(self) -> Iterator[SourceItem]:
        while True:
            try:
                yield from self._live()
                return
            except grpc.RpcError as exc:
                if self._closed.is_set():
                    return
                code = exc.code()
                if code == grpc.StatusCode.PERMISSION_DENIED and self._request.audio:
                    # No audio right on this camera: the video goes on without it.
                    self._request.audio = False
                    yield StreamNote(NO_AUDIO_RIGHT)
                    continue
                if code == grpc.StatusCode.UNIMPLEMENTED:
                    yield StreamNote(LIVE_UNAVAILABLE, final=True)
                else:
                    error = error_from_rpc(exc, server=self._client.server)
                    yield StreamNote(str(error).splitlines()[0], final=True)
                return

    def _live(self) -> Iterator[SourceItem]:
        stub = media_pb2_grpc.MediaServiceStub(self._client.channel)
        with self._lock:
            if self._closed.is_set():
                return
            call = stub.Live(self._request, metadata=self._client.metadata)
            self._call = call
        for response in call:
            body = response.WhichOneof("body")
            if body == "start":
                start = response.start
                yield StreamStart(start.video, start.audio if start.HasField("audio") else None)
            elif body == "packet":
                yield response.packet
            elif body == "skipped":
                yield StreamNote(f"{response.skipped.dropped_packets} packets skipped")
        yield StreamNote("Live stream ended", final=True)

    def close(self) -> None:
        with self._lock:
            self._closed.set()
            if self._call is not None:
                self._call.cancel()


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
                yield StreamNote("End of recording", final=True)
                return
            shift += span_us

    def close(self) -> None:
        self._closed.set()
