"""Restart and shutdown of the server process (SYS-11), now or after a delay.

The action itself is the composition's: this module only keeps the one pending
request and fires ``on_action`` (on the event loop) when its time comes. A restart
re-executes the same command line once every segment is closed cleanly.

Invariants:
- At most one action is pending; a new request replaces it, ``cancel`` drops it.
- Nothing happens after the server has begun to stop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Literal

PowerAction = Literal["restart", "shutdown"]
MAX_DELAY_S = 3600.0


class PowerControl:
    def __init__(self, on_action: Callable[[PowerAction], None]) -> None:
        self._on_action = on_action
        self._pending: asyncio.TimerHandle | None = None
        self.pending_action: PowerAction | None = None
        self.scheduled_us: int | None = None

    def schedule(self, action: PowerAction, delay_s: float) -> int:
        """Do ``action`` in ``delay_s`` seconds; returns when, in µs since the epoch."""
        if not 0 <= delay_s <= MAX_DELAY_S:
            raise ValueError(f"delay {delay_s:g} s is not within 0..{MAX_DELAY_S:g} s")
        self.cancel()
        loop = asyncio.get_running_loop()
        self.pending_action = action
        self.scheduled_us = time.time_ns() // 1000 + int(delay_s * 1e6)
        self._pending = loop.call_later(delay_s, self._fire, action)
        return self.scheduled_us

    def _fire(self, action: PowerAction) -> None:
        self._pending = None
        self.pending_action = None
        self._on_action(action)

    def cancel(self) -> bool:
        if self._pending is None:
            return False
        self._pending.cancel()
        self._pending = None
        self.pending_action = None
        self.scheduled_us = None
        return True
