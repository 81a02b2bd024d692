"""Argon2id work (checking and hashing passwords) on its own small, bounded pool.

Argon2id is slow on purpose (~100 ms and 64 MiB per call here), so it must neither
run on the event loop nor queue without bound: a flood of logins would otherwise
delay every legitimate one by the whole queue (the probe saw 9 s). The pool runs
``workers`` checks at once and refuses work beyond ``max_pending`` (running plus
waiting) with RESOURCE_EXHAUSTED, so a login waits at most about
``max_pending / workers`` checks. Nothing else (backups, exports) shares it.

Invariants:
- At most ``max_pending`` calls are admitted or still running at any time, even
  when callers give up waiting; the count is taken and released on the loop.
- A refused call did no work.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, TypeVar

from vedette_server.errors import ResourceExhausted

T = TypeVar("T")
DEFAULT_WORKERS: Final = 2
#: Running plus waiting checks: a login queued behind them waits ~8 checks (~1 s).
DEFAULT_MAX_PENDING: Final = 16


class PasswordWork:
    def __init__(
        self, *, workers: int = DEFAULT_WORKERS, max_pending: int = DEFAULT_MAX_PENDING
    ) -> None:
        if workers < 1 or max_pending < workers:
            raise ValueError(f"workers={workers}, max_pending={max_pending}")
        self.workers = workers
        self.max_pending = max_pending
        self.pending = 0
        self.peak_pending = 0  # the most ever admitted at once (status, tests)
        self.refused = 0
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2")

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on the pool; ResourceExhausted when it is full."""
        if self.pending >= self.max_pending:
            self.refused += 1
            raise ResourceExhausted(
                "the server is busy checking passwords; try again in a moment"
            )
        loop = asyncio.get_running_loop()
        self.pending += 1
        self.peak_pending = max(self.peak_pending, self.pending)
        work = self._executor.submit(functools.partial(fn, *args, **kwargs))
        # Released when the work itself ends, not when its caller stops waiting: a
        # cancelled caller's check still occupies a worker until it finishes.
        work.add_done_callback(lambda _: _call_soon(loop, self._release))
        return await asyncio.wrap_future(work)

    def _release(self) -> None:
        self.pending -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
    with contextlib.suppress(RuntimeError):  # the loop closed at shutdown
        loop.call_soon_threadsafe(callback)
