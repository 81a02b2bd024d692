"""Wall-clock stamping of one camera stream: stream pts → microseconds since the epoch.

Pure logic (no clock reads, no I/O): the caller passes each packet's pts and its
arrival time, both in microseconds, and gets the packets back with their wall-clock
``timestamp_us``. One :class:`WallClock` serves one stream (all its tracks, which
share the demuxer's pts timeline) for one connection; a reconnect starts a new one.

The model (ARCHITECTURE.md, "Time"):

- **Anchor.** ``timestamp = pts + offset``. The offset is set from the first packets:
  for ``settle_us`` of arrival time after the first packet, packets are held and the
  offset is the smallest ``arrival - pts`` seen. Many RTSP servers (our own re-stream,
  camsim, proxies) replay the last GOP at connection, so the first packets arrive up
  to a GOP late; anchoring on the first packet alone would stamp the whole stream up
  to a GOP in the future. Only the reference track (track 0, the video) anchors when
  it was seen: another track's pts are aligned with it only once RTCP sender reports
  arrive (rtp_timeline.py), and until then sit wherever that track's first packet
  happened to arrive; a first audio packet delayed more than the first video frame
  stamped the whole stream that much early (579 ms in a loaded CI run).
- **Jumps.** A packet whose stamp lands more than ``max_gap_us`` after, or more than
  ``max_backstep_us`` before, the stream's latest stamp is a jump (camera clock reset,
  RTP timestamp wrap, frames lost upstream): the clock re-anchors on the packet's
  arrival and the packet is flagged ``discontinuity``.
- **Drift.** ``drift = arrival - timestamp``. A packet never arrives before it was
  captured, so negative drift means the camera clock runs fast: the offset is slewed
  towards arrival by at most ``slew_fraction`` of the pts step (no backward step, no
  discontinuity). Drift above ``drift_threshold_us`` that lasts ``late_window_us`` of
  arrival time (a slow camera clock, or a camera whose clock stopped while it sent
  nothing) re-anchors with a discontinuity; shorter lateness is a network stall whose
  packets keep their pts-derived times. Drift is judged on the reference track
  alone; another track's packet stamped after its arrival is stamped at its arrival,
  and moves nothing.

Invariants: within a track, timestamps never go backwards (a re-anchored or slewed
stamp is clamped to the track's last one); a packet is returned exactly once, in
the order it was pushed; :meth:`WallClock.flush` returns whatever is still held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_DRIFT_THRESHOLD_US = 2_000_000
DEFAULT_SETTLE_US = 500_000
DEFAULT_LATE_WINDOW_US = 5_000_000
DEFAULT_MAX_BACKSTEP_US = 1_000_000
MAX_HELD_PACKETS = 1_000


@dataclass(frozen=True, slots=True)
class Stamped(Generic[T]):
    """A packet with its wall-clock time; ``discontinuity`` means time jumps before it
    (``reason`` says how, for the discontinuity record)."""

    item: T
    track: int
    timestamp_us: int
    discontinuity: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class _Pending(Generic[T]):
    item: T
    track: int
    pts_us: int
    arrival_us: int


class WallClock(Generic[T]):
    """Stamps one stream's packets; see the module docstring for the model."""

    def __init__(
        self,
        *,
        drift_threshold_us: int = DEFAULT_DRIFT_THRESHOLD_US,
        max_gap_us: int | None = None,
        max_backstep_us: int = DEFAULT_MAX_BACKSTEP_US,
        settle_us: int = DEFAULT_SETTLE_US,
        late_window_us: int = DEFAULT_LATE_WINDOW_US,
        slew_fraction: float = 0.1,
        reference_track: int = 0,
    ) -> None:
        self.reference_track = reference_track
        self.drift_threshold_us = drift_threshold_us
        self.max_gap_us = drift_threshold_us if max_gap_us is None else max_gap_us
        self.max_backstep_us = max_backstep_us
        self.settle_us = settle_us
        self.late_window_us = late_window_us
        self.slew_fraction = slew_fraction
        self._offset_us: int | None = None
        self._held: list[_Pending[T]] = []
        self._last_stamp_us: dict[int, int] = {}
        self._last_pts_us: dict[int, int] = {}
        self._stream_last_us: int | None = None
        self._late_since_us: int | None = None
        self.discontinuities = 0

    @property
    def anchored(self) -> bool:
        return self._offset_us is not None

    def push(self, track: int, pts_us: int, arrival_us: int, item: T) -> list[Stamped[T]]:
        """Stamp one packet; returns the packets that are ready (none while settling)."""
        pending = _Pending(item, track, pts_us, arrival_us)
        if self._offset_us is not None:
            return [self._stamp(pending)]
        out: list[Stamped[T]] = []
        if self._held and self._jumps_within_hold(pending):
            out = self._release()
            out.append(self._stamp(pending))
            return out
        self._held.append(pending)
        settled = arrival_us - self._held[0].arrival_us >= self.settle_us
        if settled or len(self._held) >= MAX_HELD_PACKETS:
            return self._release()
        return out

    def flush(self) -> list[Stamped[T]]:
        """Release held packets (end of stream): anchors on what was seen so far."""
        return self._release() if self._held else []

    # -- internals -------------------------------------------------------------------

    def _jumps_within_hold(self, pending: _Pending[T]) -> bool:
        last = self._held[-1].pts_us
        step = pending.pts_us - last
        return step > self.max_gap_us or step < -self.max_backstep_us

    def _release(self) -> list[Stamped[T]]:
        held, self._held = self._held, []
        reference = [p for p in held if p.track == self.reference_track]
        self._offset_us = min(p.arrival_us - p.pts_us for p in reference or held)
        return [self._stamp(p) for p in held]

    def _stamp(self, p: _Pending[T]) -> Stamped[T]:
        assert self._offset_us is not None
        stamp = p.pts_us + self._offset_us
        reason = ""
        last = self._stream_last_us
        if last is not None and (
            stamp - last > self.max_gap_us or last - stamp > self.max_backstep_us
        ):
            reason = f"stream time jumped by {(stamp - last) / 1e6:+.3f} s"
        elif p.track != self.reference_track:
            stamp = min(stamp, p.arrival_us)
        else:
            drift = p.arrival_us - stamp
            if drift < 0:
                stamp = self._slew(p, drift)
            elif drift > self.drift_threshold_us:
                if self._late_since_us is None:
                    self._late_since_us = p.arrival_us
                if p.arrival_us - self._late_since_us >= self.late_window_us:
                    reason = f"stream time fell {drift / 1e6:.3f} s behind the wall clock"
            else:
                self._late_since_us = None
        if reason:
            self._offset_us = p.arrival_us - p.pts_us
            stamp = p.arrival_us
            self._late_since_us = None
            self.discontinuities += 1
        stamp = max(stamp, self._last_stamp_us.get(p.track, stamp))
        self._last_stamp_us[p.track] = stamp
        self._last_pts_us[p.track] = p.pts_us
        self._stream_last_us = stamp if last is None or reason else max(last, stamp)
        return Stamped(p.item, p.track, stamp, bool(reason), reason)

    def _slew(self, p: _Pending[T], drift_us: int) -> int:
        """Move the offset towards arrival by a bounded step; returns the new stamp."""
        assert self._offset_us is not None
        previous_pts = self._last_pts_us.get(p.track)
        step_us = 0 if previous_pts is None else max(0, p.pts_us - previous_pts)
        correction = min(-drift_us, int(step_us * self.slew_fraction))
        self._offset_us -= correction
        self._late_since_us = None
        return p.pts_us + self._offset_us
