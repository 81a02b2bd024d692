"""A job run every so often on the event loop, from ``start()`` to ``aclose()``.

The server's maintenance (retention, volume states, camera states, log trimming) is
made of such jobs, one per concern, each testable alone: the sleep is injected.

Invariants:
- Runs never overlap: the next one waits ``interval_s`` after the end of the last.
- A run that fails is logged with its traceback and the next comes on time; nothing
  a run raises stops the loop.
- ``aclose`` cancels the loop and returns once it has ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class Periodic:
    def __init__(
        self,
        name: str,
        interval_s: float,
        job: Callable[[], Awaitable[object]],
        *,
        first_run_now: bool = False,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """``first_run_now``: the first run at ``start()``, else after one interval."""
        if interval_s <= 0:
            raise ValueError(f"interval_s: {interval_s} is not positive")
        self.name = name
        self.interval_s = interval_s
        self._job = job
        self._first_run_now = first_run_now
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name=self.name)

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        if not self._first_run_now:
            await self._sleep(self.interval_s)
        while True:
            try:
                await self._job()
            except Exception:
                log.exception("%s failed; next run in %g s", self.name, self.interval_s)
            await self._sleep(self.interval_s)
