"""Reconnect delays: capped exponential backoff with full jitter.

The n-th consecutive failure waits a uniformly random time in
``[0, min(cap_s, base_s × 2ⁿ)]`` ("full jitter", as in the AWS architecture blog's
"Exponential Backoff and Jitter"): 64 cameras that drop at the same instant spread
their reconnects over the whole window instead of hammering a switch or an NVR
re-stream in lock-step. A connection that stayed up for ``stable_s`` resets the
count, so a camera that drops once a day reconnects quickly each time.

Pure logic: the caller passes the time (any monotonic seconds) and may inject the
random generator, so tests are exact.
"""

from __future__ import annotations

import random

DEFAULT_BASE_S = 0.5
DEFAULT_CAP_S = 30.0
DEFAULT_STABLE_S = 60.0


class Backoff:
    """Delays between reconnect attempts of one stream."""

    def __init__(
        self,
        *,
        base_s: float = DEFAULT_BASE_S,
        cap_s: float = DEFAULT_CAP_S,
        stable_s: float = DEFAULT_STABLE_S,
        rng: random.Random | None = None,
    ) -> None:
        if base_s <= 0 or cap_s < base_s:
            raise ValueError(f"backoff: need 0 < base_s ({base_s}) <= cap_s ({cap_s})")
        self.base_s = base_s
        self.cap_s = cap_s
        self.stable_s = stable_s
        self._rng = rng
        self._failures = 0
        self._connected_at_s: float | None = None

    @property
    def failures(self) -> int:
        """Consecutive failures counted since the last reset."""
        return self._failures

    def window_s(self) -> float:
        """Upper bound of the next delay."""
        return float(min(self.cap_s, self.base_s * 2 ** min(self._failures, 62)))

    def connected(self, now_s: float) -> None:
        """The stream is up (first packet received) at ``now_s``."""
        self._connected_at_s = now_s

    def next_delay_s(self, now_s: float) -> float:
        """A failure at ``now_s``: how long to wait before the next attempt."""
        connected_at, self._connected_at_s = self._connected_at_s, None
        if connected_at is not None and now_s - connected_at >= self.stable_s:
            self._failures = 0
        window = self.window_s()
        self._failures += 1
        rng = self._rng if self._rng is not None else random
        return rng.uniform(0.0, window)
