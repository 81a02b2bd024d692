"""The one clock of a playback session: position, speed, direction, pause.

Every camera of a session is paced by this clock, so they stay in step: a packet is
sent when the clock reaches its timestamp. Pure and deterministic: time comes from
the injected ``monotonic`` (seconds) and ``ceiling_us`` (the newest instant that can
have been recorded, microseconds), so tests drive it without sleeping.

Invariants:
- Any change re-anchors the clock at its current position first, so the position
  never jumps on a speed, direction or pause change, only on ``set(position_us=)``.
- The position never passes ``ceiling_us()`` (playing faster than real time catches
  up with "now" and then follows it).
- ``applied`` counts the control messages taken into account, for the client.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

MIN_SPEED = 1 / 16
MAX_SPEED = 32.0


def valid_speed(speed: float) -> bool:
    """Whether ``speed`` is one a session accepts (0 is read as 1 by callers)."""
    return math.isfinite(speed) and MIN_SPEED <= speed <= MAX_SPEED


@dataclass(frozen=True, slots=True)
class ClockState:
    position_us: int
    speed: float
    reverse: bool
    paused: bool
    applied: int


class SharedClock:
    def __init__(
        self,
        position_us: int,
        *,
        speed: float = 1.0,
        reverse: bool = False,
        paused: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
        ceiling_us: Callable[[], int] | None = None,
    ) -> None:
        if not valid_speed(speed):
            raise ValueError(f"speed {speed} is outside {MIN_SPEED}..{MAX_SPEED}")
        self._monotonic = monotonic
        self._ceiling_us = ceiling_us
        self._anchor_us = position_us
        self._anchor_s = monotonic()
        self.speed = speed
        self.reverse = reverse
        self.paused = paused
        self.applied = 0

    def position_us(self) -> int:
        position = self._anchor_us
        if not self.paused:
            elapsed_us = (self._monotonic() - self._anchor_s) * 1e6 * self.speed
            position += round(-elapsed_us if self.reverse else elapsed_us)
        if self._ceiling_us is not None:
            position = min(position, self._ceiling_us())
        return position

    def set(
        self,
        *,
        position_us: int | None = None,
        speed: float | None = None,
        reverse: bool | None = None,
        paused: bool | None = None,
    ) -> None:
        """Change what is given; the rest keeps going from the current position."""
        if speed is not None and not valid_speed(speed):
            raise ValueError(f"speed {speed} is outside {MIN_SPEED}..{MAX_SPEED}")
        self._anchor_us = self.position_us() if position_us is None else position_us
        self._anchor_s = self._monotonic()
        if speed is not None:
            self.speed = speed
        if reverse is not None:
            self.reverse = reverse
        if paused is not None:
            self.paused = paused

    def seconds_until(self, media_us: int) -> float | None:
        """Wall seconds until the position reaches ``media_us`` (0 when it has); None
        when it never will at this speed and direction (paused, or moving away)."""
        position = self.position_us()
        ahead = position - media_us if self.reverse else media_us - position
        if ahead <= 0:
            return 0.0
        if self.paused:
            return None
        return ahead / (1e6 * self.speed)

    def state(self) -> ClockState:
        return ClockState(self.position_us(), self.speed, self.reverse, self.paused, self.applied)
