"""Opt-in memory tracing of the server's main process, for finding what grows.

``VEDETTE_TRACEMALLOC=DIR`` starts :mod:`tracemalloc` (``VEDETTE_TRACEMALLOC_FRAMES``
frames per allocation, default 12) and writes a snapshot to ``DIR`` every
``VEDETTE_TRACEMALLOC_MINUTES`` (default 10) and once more at the stop;
``bench/memtrace_diff.py`` says which lines of code hold the memory that grew between
two of them. Off by default: tracing slows every allocation (about 2× on this
server's loop) and holds a traceback per live block.

Invariants:
- Only this process traces: the variables are removed from ``os.environ`` at start,
  so ingest workers, the forkserver and re-executed servers do not inherit them.
- A snapshot is written whole or not at all (temporary file, then rename); a write
  that fails is logged and the next comes on time.
- Snapshots leave out tracemalloc's own allocations.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import tracemalloc
from pathlib import Path

log = logging.getLogger(__name__)

ENV_DIR = "VEDETTE_TRACEMALLOC"
ENV_FRAMES = "VEDETTE_TRACEMALLOC_FRAMES"
ENV_MINUTES = "VEDETTE_TRACEMALLOC_MINUTES"


class MemoryTrace:
    def __init__(self, folder: Path, frames: int = 12, interval_s: float = 600.0) -> None:
        if frames < 1:
            raise ValueError(f"{ENV_FRAMES}: {frames} is not a positive number of frames")
        if interval_s <= 0:
            raise ValueError(f"{ENV_MINUTES}: {interval_s / 60:g} is not a positive number")
        self.folder, self.frames, self.interval_s = folder, frames, interval_s
        self.written = 0
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_environ(cls) -> MemoryTrace | None:
        """The trace the environment asks for (and removes the request), else None."""
        folder = os.environ.pop(ENV_DIR, "")
        frames = os.environ.pop(ENV_FRAMES, "12")
        minutes = os.environ.pop(ENV_MINUTES, "10")
        if not folder:
            return None
        if not frames.isascii() or not frames.isdigit():
            raise ValueError(f"{ENV_FRAMES}: {frames!r} is not a positive number of frames")
        try:
            interval_s = float(minutes) * 60
        except ValueError:
            raise ValueError(f"{ENV_MINUTES}: {minutes!r} is not a number of minutes") from None
        return cls(Path(folder), int(frames), interval_s)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tracemalloc.start(self.frames)
        log.warning(
            "memory tracing on (%d frames, a snapshot every %g min in %s): slower",
            self.frames,
            self.interval_s / 60,
            self.folder,
        )
        self._task = asyncio.get_running_loop().create_task(self._run(), name="memory trace")

    def snapshot(self) -> Path | None:
        """Write one snapshot now; returns its path (None if it could not be written)."""
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        path = self.folder / f"tracemalloc-{self.written:04d}-{stamp}.snap"
        partial = path.with_suffix(".partial")
        try:
            snap.dump(str(partial))
            partial.replace(path)
        except OSError as e:
            log.error("memory trace: could not write %s: %s", path, e)
            with contextlib.suppress(OSError):
                partial.unlink()
            return None
        self.written += 1
        current, peak = tracemalloc.get_traced_memory()
        log.info(
            "memory trace: %s (traced %.1f MiB, peak %.1f MiB)", path, current / 2**20, peak / 2**20
        )
        return path

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.interval_s)
            await loop.run_in_executor(None, self.snapshot)

    async def aclose(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        self.snapshot()
        tracemalloc.stop()
