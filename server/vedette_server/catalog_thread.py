"""The named executor that owns every catalog call of the main process.

Invariant: one thread runs catalog work, in submission order, so SQLite sees a
single writer and "segment opened" is always recorded before its "segment
closed". The asyncio loop never blocks on the database.

The queue itself is unbounded: what a client can make the server submit must be
bounded by the submitter (``AuditTrail`` keeps at most ``MAX_QUEUED_ENTRIES``
refused calls' entries waiting, and writes every waiting entry in one job).

Every job's time waiting in the queue and running is observed (``wait_seconds``,
``run_seconds``) for the metrics: a growing wait is a catalog falling behind.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from vedette_server.ops.tallies import LatencyHistogram

T = TypeVar("T")


class CatalogThread:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalog")
        self.wait_seconds = LatencyHistogram()
        self.run_seconds = LatencyHistogram()

    def _timed(self, fn: Callable[[], T]) -> Callable[[], T]:
        queued = time.perf_counter()

        def run() -> T:
            started = time.perf_counter()
            self.wait_seconds.observe(started - queued)
            try:
                return fn()
            finally:
                self.run_seconds.observe(time.perf_counter() - started)

        return run

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        job = self._timed(functools.partial(fn, *args, **kwargs))
        return await loop.run_in_executor(self._executor, job)

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Queue work whose result nobody awaits (errors are logged by the callee).
        Unbounded: callers driven by clients bound what they queue."""
        self._executor.submit(self._timed(functools.partial(fn, *args)))

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
