"""The retention cycle: evidence locks applied, then retention (REC-08, REC-09).

:class:`Housekeeper` runs it every ``interval_s`` from ``start()`` to ``aclose()``,
its blocking work on the catalog thread. Each pass applies the locks first, so a
segment written into a lock that reaches into the future is locked before
retention can see it (``locks.py``), then deletes what retention says must go
(``retention.py``). The volume states it changes (a volume found full) are the
``VolumeWatch``'s to report.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from vedette_server.catalog_thread import CatalogThread
from vedette_server.periodic import Periodic, Sleep
from vedette_server.recording.locks import EvidenceLocks
from vedette_server.recording.retention import Retention, RetentionReport


class Housekeeper:
    def __init__(
        self,
        thread: CatalogThread,
        locks: EvidenceLocks,
        retention: Retention,
        *,
        interval_s: float,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """``clock`` (wall seconds) says when now is for locks and expiry."""
        self._thread = thread
        self._locks = locks
        self._retention = retention
        self._clock = clock
        self._timer = Periodic("retention", interval_s, self.run_once, sleep=sleep)

    async def start(self) -> None:
        await self._timer.start()

    async def aclose(self) -> None:
        await self._timer.aclose()

    async def run_once(self) -> RetentionReport:
        """One pass: locks applied, then retention; what retention did."""
        now_us = int(self._clock() * 1_000_000)
        await self._thread.call(self._locks.apply, now_us)
        return await self._thread.call(self._retention.run_once, now_us)
