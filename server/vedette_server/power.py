"""Restart and shutdown of the server process (SYS-11), now or after a delay.

``PowerControl`` keeps the one pending request and fires ``on_action`` (on the event
loop) when its time comes; ``StopRequest`` is what the server waits on, set by that
action or by SIGINT/SIGTERM. A restart re-executes the same command line once every
segment is closed cleanly (``composition.restart_process``).

Invariants:
- At most one action is pending; a new request replaces it, ``cancel`` drops it.
- Nothing happens after the server has begun to stop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Literal

from vedette_api.timestamps import now_us

log = logging.getLogger(__name__)
PowerAction = Literal["restart", "shutdown"]
MAX_DELAY_S = 3600.0


class StopRequest:
    """Asked once, by a signal or an API call, and waited for by the server's run."""

    def __init__(self) -> None:
        self._asked = asyncio.Event()
        #: What to do once stopped: exit, or run the same command line again.
        self.action: PowerAction = "shutdown"

    def ask(self, action: PowerAction = "shutdown") -> None:
        if not self._asked.is_set():
            self.action = action
        self._asked.set()

    def from_api(self, action: PowerAction) -> None:
        """``PowerControl``'s action (a Restart or Shutdown call whose time came)."""
        log.info("%s requested through the API", action)
        self.ask(action)

    @property
    def asked(self) -> bool:
        return self._asked.is_set()

    async def wait(self) -> PowerAction:
        await self._asked.wait()
        return self.action


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
        self.scheduled_us = now_us() + int(delay_s * 1e6)
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
