"""Motion events from per-frame activity: start after the make time, end after the hold.

An event starts at the ``make_frames``-th consecutive analysed frame with motion and is
stamped with the *first* of those frames' timestamp; it ends once a frame comes at least
``hold_us`` after the last frame with motion, and its end is that last motion frame's
timestamp + ``hold_us``. Timestamps are the frames' (µs), never a clock; a frame older
than the previous one (a camera clock step back) restarts the count without ending an
event early.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MotionEvent:
    """An event's start and, once it ended, its end (µs, frame time)."""

    start_us: int
    end_us: int | None = None
    last_motion_us: int | None = None


class Hysteresis:
    def __init__(self, make_frames: int, hold_us: int) -> None:
        self.make_frames, self.hold_us = make_frames, hold_us
        self._run = 0  # consecutive frames with motion
        self._run_start_us = 0
        self._last_pts_us: int | None = None
        self.active: MotionEvent | None = None
        self._last_motion_us = 0

    def update(self, motion: bool, pts_us: int) -> tuple[MotionEvent | None, MotionEvent | None]:
        """Feed one analysed frame; returns (started, ended) events, each None if none."""
        if self._last_pts_us is not None and pts_us < self._last_pts_us:
            self._run = 0
            if self.active is not None:
                self._last_motion_us = pts_us  # the hold counts again from the new time
        self._last_pts_us = pts_us
        started = ended = None
        if motion:
            if self._run == 0:
                self._run_start_us = pts_us
            self._run += 1
            if self.active is None and self._run >= self.make_frames:
                self.active = started = MotionEvent(self._run_start_us)
            if self.active is not None:
                self._last_motion_us = pts_us
        else:
            self._run = 0
            if self.active is not None and pts_us - self._last_motion_us >= self.hold_us:
                end_us = self._last_motion_us + self.hold_us
                ended = MotionEvent(self.active.start_us, end_us, self._last_motion_us)
                self.active = None
        return started, ended
