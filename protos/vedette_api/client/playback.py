"""Playback in ``vedette_api.Client`` (PLAY-01..04): one session per call of
``Client.playback``, for one or more cameras on one shared clock.

A ``PlaybackStream`` is the client side of the bidirectional ``MediaService.Playback``
stream: iterate it (``for``, or ``async for`` from asyncio code, which reads in a
worker thread) for ``PlaybackResponse`` messages; ``play``, ``pause``, ``step`` and
``seek`` send controls at any time, from any thread. The session lasts until
``close()`` (or the end of the ``with`` block): closing the request side ends it.
``close()`` may come from any thread: a read blocked meanwhile ends the iteration,
without an error.

How to show what arrives: decode each camera's packets in order with its
``CodecParameters`` (``started``, then ``codec_changed``); do not show frames of
``decode_only`` packets; for ``reverse_gop`` packets, keep the decoded frames until
the packet flagged ``gop_end``, then show them from the last to the first. An
``unreadable`` message names a range the server's disk cannot read: playback goes
on after it (the stream ends with DATA_LOSS only when nothing after it can be read).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Self

from vedette_api.client.bidi_stream import BidiStream
from vedette_api.client.calls import ServiceCalls
from vedette_api.client.streams import StreamArg, stream_proto
from vedette_api.errors import InvalidArgument
from vedette_api.timestamps import timestamp_from_us
from vedette_api.v1 import media_pb2, media_pb2_grpc

GAP_MODES = {"skip": media_pb2.GAP_MODE_SKIP, "announce": media_pb2.GAP_MODE_ANNOUNCE}


class PlaybackStream(BidiStream[media_pb2.PlaybackRequest, media_pb2.PlaybackResponse]):
    """An open playback session. Built by ``Client.playback``."""

    closed_message = "the playback session is closed"

    def __init__(
        self,
        stub: media_pb2_grpc.MediaServiceStub,
        metadata: tuple[tuple[str, str], ...],
        open_request: media_pb2.PlaybackOpen,
        *,
        server: str,
    ) -> None:
        self.sent_controls = 0  # compare with PlaybackClock.applied
        super().__init__(
            lambda requests: stub.Playback(requests, metadata=metadata),
            media_pb2.PlaybackRequest(open=open_request),
            server=server,
        )

    # -- responses ----------------------------------------------------------------------

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> media_pb2.PlaybackResponse:
        """The next response, read in a worker thread (the event loop never waits)."""
        response = await asyncio.to_thread(self._next_or_none)
        if response is None:
            raise StopAsyncIteration
        return response

    def _next_or_none(self) -> media_pb2.PlaybackResponse | None:
        try:
            return self.__next__()
        except StopIteration:  # cannot cross a Future
            return None

    # -- controls -----------------------------------------------------------------------

    def _send(self, request: media_pb2.PlaybackRequest) -> int:
        """Queue a control; returns its number (1 for the first after ``open``): the
        clock whose ``applied`` reaches it reflects it."""
        with self._lock:
            self._enqueue_locked(request)
            self.sent_controls += 1
            return self.sent_controls

    def play(self, speed: float = 1.0, *, reverse: bool = False) -> int:
        """Play at ``speed`` (1/16 to 32), forward or backward."""
        return self._send(
            media_pb2.PlaybackRequest(play=media_pb2.PlaybackPlay(speed=speed, reverse=reverse))
        )

    def pause(self) -> int:
        return self._send(media_pb2.PlaybackRequest(pause=media_pb2.PlaybackPause()))

    def step(self, frames: int = 1) -> int:
        """Pause and show the frame ``frames`` frames later (earlier when negative)."""
        return self._send(media_pb2.PlaybackRequest(step=media_pb2.PlaybackStep(frames=frames)))

    def seek(self, time_us: int | None = None, *, offset_us: int | None = None) -> int:
        """Move the clock to ``time_us``, or by ``offset_us`` (e.g. -30 000 000)."""
        if (time_us is None) == (offset_us is None):
            raise InvalidArgument("seek: give a time_us or an offset_us")
        if time_us is not None:
            seek = media_pb2.PlaybackSeek(time=timestamp_from_us(time_us))
        else:
            seek = media_pb2.PlaybackSeek(offset_us=offset_us)
        return self._send(media_pb2.PlaybackRequest(seek=seek))


class PlaybackCalls(ServiceCalls):
    """``Client.playback``."""

    _media: media_pb2_grpc.MediaServiceStub

    def playback(
        self,
        camera_ids: Sequence[int],
        *,
        start_us: int | None = None,
        ago_seconds: float = 0.0,
        stream: StreamArg = "main",
        speed: float = 1.0,
        reverse: bool = False,
        paused: bool = False,
        audio: bool = False,
        gaps: str = "skip",
    ) -> PlaybackStream:
        """Open a playback session of ``camera_ids`` from ``start_us`` (None: instant
        playback from ``ago_seconds`` before now). ``gaps``: "skip" or "announce".
        The first response is ``started``; errors (rights, unknown cameras, bad
        values) are raised by the first iteration."""
        if gaps not in GAP_MODES:
            raise InvalidArgument(f"gaps {gaps!r}: skip or announce")
        request = media_pb2.PlaybackOpen(
            camera_ids=list(camera_ids),
            stream=stream_proto(stream),
            ago_seconds=ago_seconds,
            speed=speed,
            reverse=reverse,
            paused=paused,
            audio=audio,
            gaps=GAP_MODES[gaps],
        )
        if start_us is not None:
            request.start_time.CopyFrom(timestamp_from_us(start_us))
        return PlaybackStream(self._media, self._metadata, request, server=self.server)
