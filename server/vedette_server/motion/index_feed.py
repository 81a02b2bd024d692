"""The server's motion index (``motion.index.MotionIndex``) as a part: opened at start
(``<data>/motion.sqlite``), flushed every second, closed (its pending minutes written)
at the end; ``add`` is the runner's ``on_cells`` hook and does nothing while closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from vedette_api.timestamps import now_us
from vedette_server.motion.index import DEFAULT_BUDGET_BYTES, MotionIndex

log = logging.getLogger(__name__)


class MotionIndexFeed:
    def __init__(self, path: Path, *, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.path = path
        self.budget_bytes = budget_bytes
        self.index: MotionIndex | None = None
        self._flush: asyncio.Task[None] | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.index = await loop.run_in_executor(
            None, lambda: MotionIndex.open(self.path, budget_bytes=self.budget_bytes)
        )
        self._flush = loop.create_task(
            self.index.flush_periodically(now_us), name="motion index flush"
        )

    async def aclose(self) -> None:
        index, self.index = self.index, None
        if self._flush is not None:
            self._flush.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flush
        if index is not None:
            await asyncio.get_running_loop().run_in_executor(None, index.close)

    def add(self, camera_id: int, time_us: int, cells: bytes) -> None:
        """One analysed frame's cells with motion (56 packed bytes)."""
        if self.index is not None:
            self.index.add(camera_id, time_us, cells)
