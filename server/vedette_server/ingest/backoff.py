"""Reconnect delays: capped exponential backoff with full jitter.

The n-th consecutive failure waits a uniformly random time in
``[0, min(cap_s, base_s × 2ⁿ)]`` ("full jitter", as in the AWS architecture blog's
"Exponential Backoff and Jitter"): 64 cameras that drop at the same instant spread
their reconnects over the whole window instead of hammering a switch or an NVR
re-stream in lock-step. A connection that stayed up for ``stable_s`` resets the
count, so a camera that drops once a day reconnects quickly each time.

The default cap is short (5 s) because every second between a camera's return
and the reconnect is video lost, while an attempt at a dead camera costs a TCP
handshake. Failures that will not heal by themselves soon (wrong password,
unsupported codec) use a long cap instead (``SLOW_CAP_S``), so that a camera that
locks accounts after repeated failed logins is not hammered.

Pure logic: the caller passes the time (any monotonic seconds) and may inject the
random generator, so tests are exact.
"""

from __future__ import annotations

import random

DEFAULT_BASE_S = 0.5
DEFAULT_CAP_S = 5.0
SLOW_CAP_S = 60.0
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

    def window_s(self, cap_s: float | None = None) -> float:
        """Upper bound of the next delay (under ``cap_s`` instead of the cap if given)."""
        cap = self.cap_s if cap_s is None else cap_s
        return float(min(cap, self.base_s * 2 ** min(self._failures, 62)))

    def connected(self, now_s: float) -> None:
        """The stream is up (first packet received) at ``now_s``."""
        self._connected_at_s = now_s

    def next_delay_s(self, now_s: float, *, cap_s: float | None = None) -> float:
        """A failure at ``now_s``: how long to wait before the next attempt. ``cap_s``
        replaces the cap for this failure (``SLOW_CAP_S`` for lasting failures)."""
        connected_at, self._connected_at_s = self._connected_at_s, None
        if connected_at is not None and now_s - connected_at >= self.stable_s:
            self._failures = 0
        window = self.window_s(cap_s)
        self._failures += 1
        rng = self._rng if self._rng is not None else random
        return rng.uniform(0.0, window)
