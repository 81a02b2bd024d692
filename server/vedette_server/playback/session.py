"""A playback session: one or more cameras on one shared clock, paced, controlled.

``PlaybackSession`` owns a ``SharedClock`` and one ``CameraFeed`` per camera (a
``CameraCursor`` and the packets read ahead of the clock). One asyncio task, the
pacer, does everything that changes the session: it applies control messages,
emits what the clock has reached, starts the reads ahead, and sleeps until the next
packet is due or a control message or a finished read wakes it. It never sleeps
through a control: ``control()`` sets the event the pacer waits on.

Invariants:
- File reads run in the given executor, one at a time per camera; catalog queries
  go through the ``Recordings`` port (the catalog thread), a few rows at a time.
  Nothing blocks the event loop.
- A control that changes what is read (seek, step, direction, keyframes-only)
  re-positions every camera at the clock's position and drops what was read ahead
  and not yet sent, so its effect is on the wire within one frame interval.
- Forward: a packet is emitted when the clock reaches its timestamp. Reverse: a
  whole GOP is emitted (decode order, ``reverse_gop``, ``gop_end`` on its last
  packet) shortly before the clock reaches its last frame.
- Above ``KEYFRAMES_ONLY_ABOVE`` (either way), or while the client reads too slowly,
  only keyframes are sent (``keyframes_only``).
- With gap skipping, the clock jumps over a gap only when every camera is in one
  (or at the end of its recording); each camera's gaps are announced in both modes.
  When every camera has reached the end of its recording, the clock pauses there
  and the session stays open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from vedette_server.media.packet import CodecParameters, MediaPacket, PacketKind
from vedette_server.playback.clock import ClockState, SharedClock
from vedette_server.playback.cursor import (
    CameraCursor,
    GapItem,
    Item,
    ReadResult,
    ReadState,
    SegmentSpan,
    TrackChange,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

KEYFRAMES_ONLY_ABOVE = 4.0
#: Reverse GOPs leave this long (wall time) before the clock reaches their last frame.
REVERSE_LEAD_S = 0.5
#: How far ahead of the clock (wall time at the session's speed) packets are read.
READ_AHEAD_S = 1.0
READ_PACKETS = 50
CLOCK_EVERY_S = 1.0
LIVE_POLL_S = 0.1  # a camera at the end of its growing segment reads again after this
CATALOG_POLL_S = 0.5  # ... and asks the catalog for new segments after this
END_POLL_S = 2.0  # a camera past the end of its recording looks again after this
LIVE_MARGIN_US = 200_000  # the clock stays this far behind "now"
SEGMENTS_PER_QUERY = 16
MAX_STEP_FRAMES = 1000
#: A message waiting longer than this to be sent means the client (or its link)
#: cannot take the stream: keyframes only until it keeps up again.
BACKLOG_S = 1.0
KEEPS_UP_S = 3.0


class Recordings(Protocol):
    """Where a session finds a camera stream's segments (the catalog, in a server)."""

    async def segments_from(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        """The first ``limit`` segments ending after ``t_us``, by start."""
        ...

    async def segments_before(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        """The last ``limit`` segments starting before ``t_us``, by start."""
        ...


# -- what a session sends ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CameraTracks:
    camera_id: int
    video: CodecParameters | None
    audio: CodecParameters | None


@dataclass(frozen=True, slots=True)
class Started:
    tracks: list[CameraTracks]
    clock: ClockState


@dataclass(frozen=True, slots=True)
class PacketOut:
    camera_id: int
    packet: MediaPacket
    reverse_gop: bool = False
    keyframes_only: bool = False
    decode_only: bool = False
    gop_end: bool = False


@dataclass(frozen=True, slots=True)
class GapOut:
    camera_id: int
    from_us: int
    to_us: int


Output = Started | PacketOut | ClockState | GapOut | CameraTracks


# -- what a client asks ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Play:
    speed: float
    reverse: bool


@dataclass(frozen=True, slots=True)
class Pause:
    pass


@dataclass(frozen=True, slots=True)
class Step:
    frames: int


@dataclass(frozen=True, slots=True)
class Seek:
    time_us: int | None = None
    offset_us: int | None = None


Control = Play | Pause | Step | Seek


@dataclass(frozen=True)
class PlaybackOptions:
    camera_ids: tuple[int, ...]
    stream: int
    start_us: int
    speed: float = 1.0
    reverse: bool = False
    paused: bool = False
    audio: bool = False
    skip_gaps: bool = True


# -- one camera ----------------------------------------------------------------------------


@dataclass
class _Unit:
    """Outputs sent together when the clock reaches ``due_us`` (None: at once)."""

    due_us: int | None
    outputs: list[Output]
    gap: GapOut | None = None  # a gap: where the camera is after it is sent
    lead_us: int = 0  # reverse GOPs go out this much media time early


@dataclass
class CameraFeed:
    camera_id: int
    cursor: CameraCursor
    units: deque[_Unit] = field(default_factory=deque)
    generation: int = 0
    reading: bool = False
    retry_s: float = 0.0  # monotonic time before which no read is started
    catalog_s: float = 0.0  # monotonic time of the next catalog refresh at the live edge
    live: bool = False  # at the end of a segment still being written
    ended: bool = False  # nothing more is recorded in the session's direction
    gap: GapOut | None = None  # the gap the camera is in (last one sent), if any
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class PlaybackSession:
    """Build, ``await open()``, then iterate ``outputs()``; ``control()`` at any time;
    ``aclose()`` at the end."""

    def __init__(
        self,
        options: PlaybackOptions,
        recordings: Recordings,
        executor: Executor,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall_us: Callable[[], int] = lambda: time.time_ns() // 1000,
        backlog_s: float = BACKLOG_S,
    ) -> None:
        self.options = options
        self._recordings = recordings
        self._executor = executor
        self._monotonic = monotonic
        self.clock = SharedClock(
            options.start_us,
            speed=options.speed,
            reverse=options.reverse,
            paused=options.paused,
            monotonic=monotonic,
            ceiling_us=lambda: wall_us() - LIVE_MARGIN_US,
        )
        self._feeds = [CameraFeed(c, CameraCursor(c)) for c in options.camera_ids]
        self._controls: deque[Control] = deque()
        self._wake = asyncio.Event()
        self._out: deque[tuple[float, Output]] = deque()  # (when queued, what)
        self._out_ready = asyncio.Event()
        self._backlog_s = backlog_s
        self._congested_s: float | None = None  # since when the client keeps up again
        self.congested = False
        self._keyframes_only = False
        self._pacer: asyncio.Task[None] | None = None
        self._next_clock_s = 0.0
        self._closed = False

    # -- public ---------------------------------------------------------------------------

    async def open(self) -> Started:
        """Position every camera at the start; returns the ``Started`` message (the
        pre-roll packets follow in ``outputs()``)."""
        self._keyframes_only = self._wants_keyframes_only()
        await self._reseek(self.clock.position_us(), first=True)
        tracks = [
            CameraTracks(
                f.camera_id,
                f.cursor.tracks.video if f.cursor.tracks else None,
                f.cursor.tracks.audio if f.cursor.tracks and self.options.audio else None,
            )
            for f in self._feeds
        ]
        self._pacer = asyncio.get_running_loop().create_task(self._pace())
        return Started(tracks, self.clock.state())

    def control(self, control: Control) -> None:
        """Queue a control message; the pacer applies it at once."""
        self._controls.append(control)
        self._wake.set()

    async def outputs(self) -> AsyncIterator[Output]:
        """What to send, in order, until ``aclose()``; raises what the pacer raised."""
        while True:
            while self._out:
                yield self._out.popleft()[1]
            self._out_ready.clear()
            pacer = self._pacer
            if pacer is not None and pacer.done():
                pacer.result()  # raises the pacer's error
                return
            ready = asyncio.ensure_future(self._out_ready.wait())
            waits: set[asyncio.Future[object]] = {ready}  # type: ignore[arg-type]
            if pacer is not None:
                waits.add(pacer)  # type: ignore[arg-type]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            ready.cancel()

    async def aclose(self) -> None:
        self._closed = True
        if self._pacer is not None:
            self._pacer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pacer
        for feed in self._feeds:
            async with feed.lock:
                await self._run(feed.cursor.close)

    @property
    def backlog(self) -> int:
        """Messages waiting to be sent."""
        return len(self._out)

    # -- the pacer ------------------------------------------------------------------------

    async def _pace(self) -> None:
        while not self._closed:
            self._wake.clear()
            while self._controls:
                await self._apply(self._controls.popleft())
            self._watch_congestion()
            if self._wants_keyframes_only() != self._keyframes_only:
                self._keyframes_only = self._wants_keyframes_only()
                await self._reseek(self.clock.position_us())
            position = self.clock.position_us()
            self._emit_due(position)
            self._skip_or_stop(position)
            self._start_reads(position)
            now = self._monotonic()
            if now >= self._next_clock_s and not self.clock.paused:
                self._send(self.clock.state())
            timeout = self._sleep_s(now)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _send(self, output: Output) -> None:
        if isinstance(output, ClockState):
            self._next_clock_s = self._monotonic() + CLOCK_EVERY_S
        self._out.append((self._monotonic(), output))
        self._out_ready.set()

    def _sleep_s(self, now: float) -> float:
        timeout = max(self._next_clock_s - now, 0.001) if not self.clock.paused else 3600.0
        for feed in self._feeds:
            if feed.units:
                unit = feed.units[0]
                if unit.due_us is None:
                    return 0.0
                due = unit.due_us + unit.lead_us if self.clock.reverse else unit.due_us
                wait = self.clock.seconds_until(due)
                if wait is not None:
                    timeout = min(timeout, wait)
            elif not feed.reading and feed.retry_s > now:
                timeout = min(timeout, feed.retry_s - now)
        return max(timeout, 0.0)

    def _due(self, unit: _Unit, position: int) -> bool:
        if unit.due_us is None:
            return True
        if self.clock.reverse:
            return position <= unit.due_us + unit.lead_us
        return position >= unit.due_us

    def _emit_due(self, position: int) -> None:
        audio = self._audio_on()
        for feed in self._feeds:
            while feed.units and self._due(feed.units[0], position):
                unit = feed.units.popleft()
                for output in unit.outputs:
                    if (
                        isinstance(output, PacketOut)
                        and output.packet.kind is PacketKind.AUDIO
                        and not audio
                    ):
                        continue
                    self._send(output)
                if unit.gap is not None:
                    feed.gap = unit.gap
                elif any(isinstance(o, PacketOut) for o in unit.outputs):
                    feed.gap = None

    def _audio_on(self) -> bool:
        clock = self.clock
        return (
            self.options.audio
            and not clock.reverse
            and clock.speed == 1.0
            and not self._keyframes_only
        )

    def _in_gap(self, feed: CameraFeed, position: int) -> bool:
        gap = feed.gap
        if gap is None:
            return False
        if self.clock.reverse:
            return gap.from_us == 0 or position > gap.from_us
        return gap.to_us == 0 or position < gap.to_us

    def _skip_or_stop(self, position: int) -> None:
        """Jump over a gap every camera is in; pause at the end of every recording."""
        if self.clock.paused or not all(self._in_gap(f, position) for f in self._feeds):
            return
        gaps = [f.gap for f in self._feeds if f.gap is not None]
        if self.clock.reverse:
            ahead = [g.from_us for g in gaps if g.from_us != 0]
            target = max(ahead) if ahead else None
        else:
            ahead = [g.to_us for g in gaps if g.to_us != 0]
            target = min(ahead) if ahead else None
        if target is None:
            self.clock.set(paused=True)  # the end (or the beginning) of every recording
            self._send(self.clock.state())
        elif self.options.skip_gaps:
            self.clock.set(position_us=target)
            self._send(self.clock.state())

    # -- controls -------------------------------------------------------------------------

    async def _apply(self, control: Control) -> None:
        clock = self.clock
        reseek_at: int | None = None
        if isinstance(control, Play):
            changed = control.reverse != clock.reverse
            clock.set(speed=control.speed, reverse=control.reverse, paused=False)
            if changed or self._wants_keyframes_only() != self._keyframes_only:
                reseek_at = clock.position_us()
            for feed in self._feeds:
                feed.retry_s = 0.0
        elif isinstance(control, Pause):
            clock.set(paused=True)
        elif isinstance(control, Seek):
            target = control.time_us
            if target is None:
                target = clock.position_us() + (control.offset_us or 0)
            clock.set(position_us=target)
            reseek_at = clock.position_us()
        elif isinstance(control, Step):
            clock.set(paused=True)
            target = await self._step_target(clock.position_us(), control.frames)
            if target is not None:
                clock.set(position_us=target)
            reseek_at = clock.position_us()
        clock.applied += 1
        if reseek_at is not None:
            self._keyframes_only = self._wants_keyframes_only()
            await self._reseek(reseek_at)
        self._send(clock.state())

    def _wants_keyframes_only(self) -> bool:
        return self.clock.speed > KEYFRAMES_ONLY_ABOVE or self.congested

    def _watch_congestion(self) -> None:
        """Keyframes only while messages wait more than ``backlog_s`` to be sent; full
        again after ``KEEPS_UP_S`` of keeping up."""
        now = self._monotonic()
        waited_s = now - self._out[0][0] if self._out else 0.0
        if not self.congested and waited_s > self._backlog_s:
            self.congested = True
            log.info("playback client reads too slowly: keyframes only")
        elif self.congested:
            if waited_s > 0.1:
                self._congested_s = None
            elif self._congested_s is None:
                self._congested_s = now
            elif now - self._congested_s > KEEPS_UP_S:
                self.congested, self._congested_s = False, None

    async def _step_target(self, position: int, frames: int) -> int | None:
        lead = self._feeds[0]
        async with lead.lock:
            lead.generation += 1
            spans = await self._recordings.segments_before(
                lead.camera_id, self.options.stream, position + 1, 4
            )
            spans += await self._recordings.segments_from(
                lead.camera_id, self.options.stream, position, 4
            )
            await self._run(lead.cursor.replace_segments, spans)
            return await self._run(lead.cursor.step_target, position, frames)

    # -- reading --------------------------------------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))

    async def _reseek(self, position: int, *, first: bool = False) -> None:
        """Every camera to ``position`` in the current mode; unsent packets dropped."""
        self._out.clear()
        for feed in self._feeds:
            feed.generation += 1
            feed.units.clear()
            feed.gap, feed.ended, feed.live, feed.retry_s = None, False, False, 0.0
        await asyncio.gather(*(self._seek_feed(f, position, first) for f in self._feeds))
        if not first:
            self._emit_due(self.clock.position_us())  # the pre-roll before the clock message
        self._wake.set()

    async def _seek_feed(self, feed: CameraFeed, position: int, first: bool) -> None:
        reverse, keyframes_only = self.clock.reverse, self._keyframes_only
        stream = self.options.stream
        async with feed.lock:
            if reverse:
                spans = await self._recordings.segments_before(
                    feed.camera_id, stream, position + 1, SEGMENTS_PER_QUERY
                )
                seek = feed.cursor.seek_backward
            else:
                spans = await self._recordings.segments_from(
                    feed.camera_id, stream, position, SEGMENTS_PER_QUERY
                )
                seek = feed.cursor.seek_forward
            await self._run(feed.cursor.replace_segments, spans)
            result = await self._run(seek, position, keyframes_only=keyframes_only)
            items = result.items
            if first:  # the tracks go in ``Started``
                items = [i for i in items if not isinstance(i, TrackChange)]
            if result.state is ReadState.NEED_SEGMENTS:
                self._end(feed, items, position)
            else:
                self._queue_preroll(feed, items, reverse, keyframes_only)

    def _queue_preroll(
        self, feed: CameraFeed, items: list[Item], reverse: bool, keyframes_only: bool
    ) -> None:
        """A seek's packets go at once: forward, all but the last frame decode-only;
        reverse, the GOP up to the position."""
        if reverse:
            self._queue_backward(feed, items, keyframes_only, at_once=True)
            return
        outputs: list[Output] = []
        gaps: list[GapItem] = []
        video = [i for i in items if isinstance(i, MediaPacket)]
        last = video[-1] if video else None
        for item in items:
            if isinstance(item, MediaPacket):
                outputs.append(
                    PacketOut(
                        feed.camera_id,
                        item,
                        keyframes_only=keyframes_only,
                        decode_only=item is not last,
                    )
                )
            elif isinstance(item, TrackChange):
                outputs.append(CameraTracks(feed.camera_id, item.video, self._audio(item)))
            else:
                gaps.append(item)
        feed.units.append(_Unit(None, outputs))
        for gap in gaps:
            out = GapOut(feed.camera_id, gap.from_us, gap.to_us)
            feed.units.append(_Unit(gap.from_us, [out], gap=out))

    def _audio(self, tracks: TrackChange) -> CodecParameters | None:
        return tracks.audio if self.options.audio else None

    def _end(self, feed: CameraFeed, items: list[Item], position: int) -> None:
        """Nothing more in this direction: announce the end (or the beginning)."""
        cursor = feed.cursor
        if self.clock.reverse:
            edge = cursor.first_start_us if cursor.first_start_us is not None else position
            gap = GapOut(feed.camera_id, 0, edge)
        else:
            edge = cursor.last_end_us if cursor.last_end_us is not None else position
            gap = GapOut(feed.camera_id, edge, 0)
        if items:
            self._queue(feed, items, self.clock.reverse, self._keyframes_only)
        feed.units.append(_Unit(edge, [gap], gap=gap))
        feed.ended = True
        feed.retry_s = self._monotonic() + END_POLL_S

    def _start_reads(self, position: int) -> None:
        now = self._monotonic()
        horizon_us = int(READ_AHEAD_S * 1e6 * self.clock.speed)
        for feed in self._feeds:
            if feed.reading or feed.retry_s > now or len(feed.units) > 64:
                continue
            if feed.units and feed.units[-1].due_us is not None:
                last = feed.units[-1].due_us
                ahead = position - last if self.clock.reverse else last - position
                if ahead > horizon_us:
                    continue
            feed.reading = True
            task = asyncio.get_running_loop().create_task(self._read(feed, feed.generation))
            task.add_done_callback(_log_failure)

    async def _read(self, feed: CameraFeed, generation: int) -> None:
        try:
            async with feed.lock:
                if generation != feed.generation:
                    return
                reverse, keyframes_only = self.clock.reverse, self._keyframes_only
                result = await self._read_once(feed, reverse, keyframes_only)
                if result.state is ReadState.NEED_SEGMENTS:
                    await self._more_segments(feed, reverse)
                    result2 = await self._read_once(feed, reverse, keyframes_only)
                    result = ReadResult(result.items + result2.items, result2.state)
                if generation != feed.generation:
                    return
                self._queue(feed, result.items, reverse, keyframes_only)
                now = self._monotonic()
                if result.state is ReadState.LIVE_EDGE:
                    feed.live, feed.retry_s = True, now + LIVE_POLL_S
                    if now >= feed.catalog_s:
                        feed.catalog_s = now + CATALOG_POLL_S
                        await self._refresh_live(feed)
                        feed.retry_s = 0.0
                elif result.state is ReadState.NEED_SEGMENTS:
                    if not feed.ended:
                        self._end(feed, [], self.clock.position_us())
                    feed.retry_s = now + END_POLL_S
                else:
                    feed.live, feed.ended = False, False
        finally:
            feed.reading = False
            self._wake.set()

    async def _read_once(self, feed: CameraFeed, reverse: bool, keyframes_only: bool) -> ReadResult:
        if reverse:
            return await self._run(feed.cursor.read_backward, keyframes_only=keyframes_only)
        return await self._run(
            feed.cursor.read_forward,
            READ_PACKETS,
            keyframes_only=keyframes_only,
            audio=self.options.audio,
        )

    async def _more_segments(self, feed: CameraFeed, reverse: bool) -> None:
        cursor, stream = feed.cursor, self.options.stream
        if reverse:
            start = cursor.known_start_us
            if start is None:
                start = self.clock.position_us() + 1
            spans = await self._recordings.segments_before(
                feed.camera_id, stream, start, SEGMENTS_PER_QUERY
            )
        else:
            end = cursor.known_end_us
            if end is None:
                end = self.clock.position_us()
            spans = await self._recordings.segments_from(
                feed.camera_id, stream, end, SEGMENTS_PER_QUERY
            )
        await self._run(cursor.set_segments, spans)

    async def _refresh_live(self, feed: CameraFeed) -> None:
        """At the end of a growing segment: has it closed, has the next one opened?"""
        start = feed.cursor.current_start_us
        if start is None:
            return
        spans = await self._recordings.segments_from(
            feed.camera_id, self.options.stream, start, SEGMENTS_PER_QUERY
        )
        await self._run(feed.cursor.set_segments, spans)

    def _queue(
        self, feed: CameraFeed, items: Sequence[Item], reverse: bool, keyframes_only: bool
    ) -> None:
        if reverse:
            self._queue_backward(feed, list(items), keyframes_only, at_once=False)
            return
        for item in items:
            if isinstance(item, MediaPacket):
                out = PacketOut(feed.camera_id, item, keyframes_only=keyframes_only)
                feed.units.append(_Unit(item.timestamp_us, [out]))
            elif isinstance(item, TrackChange):
                due = feed.units[-1].due_us if feed.units else None
                tracks = CameraTracks(feed.camera_id, item.video, self._audio(item))
                feed.units.append(_Unit(due, [tracks]))
            else:
                gap = GapOut(feed.camera_id, item.from_us, item.to_us)
                feed.units.append(_Unit(item.from_us, [gap], gap=gap))

    def _queue_backward(
        self, feed: CameraFeed, items: list[Item], keyframes_only: bool, *, at_once: bool
    ) -> None:
        """Items of reverse reads: gaps, and GOPs (track changes lead their GOP)."""
        lead_us = int(REVERSE_LEAD_S * 1e6 * self.clock.speed)
        pending: list[Output] = []
        packets = [i for i in items if isinstance(i, MediaPacket)]
        for item in items:
            if isinstance(item, GapItem):
                gap = GapOut(feed.camera_id, item.from_us, item.to_us)
                feed.units.append(_Unit(None if at_once else item.to_us, [gap], gap=gap))
                at_once = False  # the GOP before a gap waits for the clock to cross it
            elif isinstance(item, TrackChange):
                pending.append(CameraTracks(feed.camera_id, item.video, self._audio(item)))
            else:
                pending.append(
                    PacketOut(
                        feed.camera_id,
                        item,
                        reverse_gop=True,
                        keyframes_only=keyframes_only,
                        gop_end=item is packets[-1],
                    )
                )
        if packets:
            due = None if at_once else packets[-1].timestamp_us
            feed.units.append(_Unit(due, pending, lead_us=lead_us))
        elif pending:
            feed.units.append(_Unit(None, pending))


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("playback read failed", exc_info=task.exception())
