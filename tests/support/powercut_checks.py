"""What a power cut did to a server's data directory: kill its process tree as the cut
does, and read from its catalog what each stream kept (tests/integration/test_powercut.py
and bench/powercut.py). Blocking; the catalog is read read-only (WAL: the server may run).
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import time
from pathlib import Path

import psutil

from tests.support.server_process import ServerProcess

S = 1_000_000


def kill_tree(server: ServerProcess) -> int:
    """SIGKILL the server and its ingest workers in one go (a power cut stops them all);
    returns the instant (µs) just before the first signal."""
    processes = [psutil.Process(server.process.pid)]
    processes += processes[0].children(recursive=True)
    killed_us = time.time_ns() // 1000
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signal.SIGKILL)
    server.process.wait(30)
    psutil.wait_procs(processes, timeout=30)
    return killed_us


def catalog_rows(catalog: Path, sql: str, *params: int) -> dict[str, int]:
    """``{"camera/stream": value}`` from a read-only query of the catalog."""
    with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=30)) as db:
        return {f"{c}/{s}": v for c, s, v in db.execute(sql, params).fetchall()}


def first_starts(catalog: Path, after_id: int) -> dict[str, int]:
    """Per stream, where the segments newer than row ``after_id`` begin (this server's)."""
    sql = "SELECT camera_id, stream, MIN(start_us) FROM segment WHERE id > ? GROUP BY 1, 2"
    return catalog_rows(catalog, sql, after_id)


def last_ends(catalog: Path, before_us: int) -> dict[str, int]:
    """Per stream, the latest end of the segments that began before ``before_us``."""
    sql = "SELECT camera_id, stream, MAX(end_us) FROM segment WHERE start_us < ? GROUP BY 1, 2"
    return catalog_rows(catalog, sql, before_us)


def max_id(catalog: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=30)) as db:
        return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM segment").fetchone()[0])


def losses_at_cut(catalog: Path, starts: dict[str, int], killed_us: int) -> dict[str, float]:
    """Per stream, the recording lost at a cut (s): from the last frame kept (after
    recovery) to the kill; only what the killed server recorded counts (a stream whose
    every segment was lost loses from its first frame)."""
    ends = last_ends(catalog, killed_us)
    return {k: (killed_us - max(ends.get(k) or 0, start)) / S for k, start in starts.items()}


def integrity(catalog: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(catalog, timeout=30)) as db:
        return [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
