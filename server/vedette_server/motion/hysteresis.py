"""Motion events from per-frame activity: start after the make time, end after the hold.

An event starts at the ``make_frames``-th consecutive analysed frame with motion and is
stamped with the *first* of those frames' timestamp; it ends once a frame comes at least
``hold_us`` after the last frame with motion, and its end is that last motion frame's
timestamp + ``hold_us``. Timestamps are the frames' (µs), never a clock; a frame older
than the previous one (a camera clock step back) ends an event in progress at the last
frame before the step and restarts the count, so every event ends after it starts.
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
        started = ended = None
        previous = self._last_pts_us
        if previous is not None and pts_us < previous:
            # The camera's clock stepped back: an event in progress ends at the last frame
            # before the step (never after its own start), and a new run starts here.
            self._run = 0
            if self.active is not None:
                ended = MotionEvent(self.active.start_us, previous, self._last_motion_us)
                self.active = None
        self._last_pts_us = pts_us
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
