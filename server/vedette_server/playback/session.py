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
- A file that cannot be read is announced (``UnreadableOut``) and skipped as a gap;
  when every camera is at its end and one has nothing readable after such a file,
  the session ends with that file's ``UnreadableSegment`` (what was read before it
  has been sent).
- Once ``aclose`` was called, every camera's files are closed, even if the task
  calling it is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from typing import TypeVar

from vedette_api.media.packet import PacketKind
from vedette_api.timestamps import now_us
from vedette_server.playback.clock import ClockState, SharedClock
from vedette_server.playback.cursor import CameraCursor
from vedette_server.playback.feed import CameraFeed, Unit
from vedette_server.playback.messages import (
    CameraTracks,
    Control,
    Output,
    PacketOut,
    Pause,
    Play,
    PlaybackOptions,
    Seek,
    Started,
    Step,
)
from vedette_server.playback.recordings import Recordings
from vedette_server.playback.segments import Item, ReadResult, ReadState, TrackChange

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
        wall_us: Callable[[], int] = now_us,
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
        self._feeds = [
            CameraFeed(c, CameraCursor(c), audio=options.audio) for c in options.camera_ids
        ]
        self._controls: deque[Control] = deque()
        self._wake = asyncio.Event()
        self._out: deque[tuple[float, Output]] = deque()  # (when queued, what)
        self._out_ready = asyncio.Event()
        self._backlog_s = backlog_s
        self._congested_s: float | None = None  # since when the client keeps up again
        self.congested = False
        self._keyframes_only = False
        self._pacer: asyncio.Task[None] | None = None
        # Reads in flight, kept so none is collected before it ends (asyncio keeps
        # only weak references to tasks).
        self._reads: set[asyncio.Task[None]] = set()
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
        """End the session: every camera's files are closed, also when this task is
        cancelled meanwhile (a client gone mid-stream cancels the call running it)."""
        self._closed = True
        cursors = [feed.cursor for feed in self._feeds]
        # Submitted before anything is awaited, without the feeds' locks (a cursor's
        # close is thread-safe, and a read still running closes what it opens after
        # it): a cancellation from here on cannot leave a cursor open. The soak found
        # segment files, deleted ones among them, held by sessions whose close was
        # cancelled while it waited for a feed's lock.
        def close_all() -> None:
            for cursor in cursors:
                cursor.close()

        closing = asyncio.get_running_loop().run_in_executor(self._executor, close_all)
        if self._pacer is not None:
            self._pacer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pacer
        await asyncio.shield(closing)

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

    def _due(self, unit: Unit, position: int) -> bool:
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
            failed = [f.failure for f in self._feeds if f.failure is not None]
            if failed:  # nothing readable after an unreadable file: the session ends
                raise failed[0]
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
            feed.failure = None
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
                feed.queue_preroll(
                    items, reverse=reverse, keyframes_only=keyframes_only, lead_us=self._lead_us()
                )

    def _end(self, feed: CameraFeed, items: list[Item], position: int) -> None:
        """Nothing more in this direction: the end (or the beginning) of the recording."""
        reverse = self.clock.reverse
        if items:
            feed.queue(
                items,
                reverse=reverse,
                keyframes_only=self._keyframes_only,
                lead_us=self._lead_us(),
            )
        feed.queue_end(reverse=reverse, position=position)
        feed.failure = feed.cursor.unreadable
        feed.retry_s = self._monotonic() + END_POLL_S

    def _lead_us(self) -> int:
        """How early reverse GOPs leave, in media time at the current speed."""
        return int(REVERSE_LEAD_S * 1e6 * self.clock.speed)

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
            self._reads.add(task)
            task.add_done_callback(self._reads.discard)
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
                feed.queue(
                    result.items,
                    reverse=reverse,
                    keyframes_only=keyframes_only,
                    lead_us=self._lead_us(),
                )
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
                    feed.live, feed.ended, feed.failure = False, False, None
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


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("playback read failed", exc_info=task.exception())
