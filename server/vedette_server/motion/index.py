"""The motion index: per camera and wall-clock second, the cells with motion, kept in
their own SQLite file (``<data>/motion.sqlite``, WAL) for motion search and time slices.

Format (research §3.2, docs/motion.md): one row per camera-minute with motion::

    motion_minute(camera_id, minute_us, seconds, cells_union, cells, level)
    PRIMARY KEY (camera_id, minute_us) WITHOUT ROWID

``seconds`` is a 60-bit mask, ``cells_union`` the 56-byte OR of the minute, ``cells``
zlib(56 B × popcount(seconds)) in bit order (``tracker``), ``level`` is NULL (reserved).

Where code runs:
- ``add`` and ``flush`` never block on I/O: ``add`` ORs into the in-memory
  ``MinuteTracker`` under a lock (microseconds), ``flush`` hands the minutes due to the
  writer thread and returns a ``concurrent.futures.Future``. Callers on the asyncio loop
  call them directly (``await asyncio.wrap_future(...)`` if they want the outcome).
- One writer thread owns the only writing connection: flushes, ``delete_before``,
  ``delete_minutes`` and the size budget run there, one transaction each, in the order
  asked.
- ``search``, ``activity``, ``slice_motion`` (the reads, ``motion.index_search``),
  ``size_bytes`` and ``open``/``close`` block (SQLite reads, numpy): run them in an
  executor. Each reading thread has its own connection.

Invariants: a minute is written once it ended + 2 s (``tracker.FLUSH_DELAY_US``) when
``flush`` is called, or at ``close``; a frame arriving for a minute already written is
ORed into the stored row. A process killed without ``close`` loses only the minutes
not yet flushed: every flush is one committed WAL transaction (``synchronous=NORMAL``:
durable across a process kill, maybe not across a power cut; the index is derived data).
After every flush the rows in use are kept under ``budget_bytes``, oldest minutes first
(any camera), and freed pages are returned to the file system (incremental vacuum).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Final

import numpy as np

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.motion.index_search import MotionQueries, check_camera
from vedette_server.motion.index_search import MotionRun as MotionRun  # callers import it here
from vedette_server.motion.tracker import (
    MinuteRow,
    MinuteTracker,
    decode_minute,
    encode_minute,
    packed_words,
)

log = logging.getLogger(__name__)

APPLICATION_ID: Final = 0x56444D49  # "VDMI"
SCHEMA_VERSION: Final = 1
DEFAULT_BUDGET_BYTES: Final = 2 * 2**30

_SCHEMA = """
CREATE TABLE IF NOT EXISTS motion_minute (
    camera_id   INTEGER NOT NULL,
    minute_us   INTEGER NOT NULL,
    seconds     INTEGER NOT NULL,
    cells_union BLOB NOT NULL,
    cells       BLOB NOT NULL,
    level       BLOB,
    PRIMARY KEY (camera_id, minute_us)
) WITHOUT ROWID
"""


class MotionIndex(MotionQueries):
    """An open motion index. Build it with ``MotionIndex.open``; end it with ``close``.
    Its reads (``search``, ``activity``, ``slice_motion``) are ``MotionQueries``'."""

    def __init__(self, path: Path, writer: sqlite3.Connection, budget_bytes: int) -> None:
        self.path = path
        self.budget_bytes = budget_bytes
        self._tracker = MinuteTracker()
        self._lock = threading.Lock()
        self._closed = False
        self._jobs: queue.SimpleQueue[
            tuple[Callable[[sqlite3.Connection], Any], Future[Any]] | None
        ]
        self._jobs = queue.SimpleQueue()
        self._readers: list[sqlite3.Connection] = []
        self._local = threading.local()
        self._thread = threading.Thread(
            target=self._run_writer, args=(writer,), name="motion-index-writer", daemon=True
        )
        self._thread.start()

    @classmethod
    def open(cls, path: Path, *, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> MotionIndex:
        """Open or create the index at ``path`` and start its writer. Blocks."""
        if budget_bytes <= 0:
            raise InvalidArgument("budget_bytes", f"must be positive, not {budget_bytes}")
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError as e:
            raise FailedPrecondition(f"cannot open the motion index {path}: {e}") from e
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if (app_id, version) == (0, 0):
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before the first table
                conn.execute("VACUUM")
                conn.execute(_SCHEMA)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif (app_id, version) != (APPLICATION_ID, SCHEMA_VERSION):
                raise FailedPrecondition(
                    f"{path} is not a motion index of version {SCHEMA_VERSION}"
                    f" (application_id {app_id:#x}, user_version {version}); refusing it"
                )
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as e:
            conn.close()
            raise FailedPrecondition(f"cannot open the motion index {path}: {e}") from e
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, budget_bytes)

    # -- writing (never blocks on I/O) ---------------------------------------------------

    def add(self, camera_id: int, time_us: int, cells: np.ndarray | bytes) -> None:
        """OR one analysed frame's cells ((18, 22) booleans or 56 packed bytes) into the
        wall-clock second of ``time_us`` (µs UTC). InvalidArgument for bad input."""
        check_camera(camera_id)
        if isinstance(time_us, bool) or not isinstance(time_us, int) or time_us < 0:
            raise InvalidArgument("time_us", f"must be a non-negative integer, not {time_us!r}")
        words = packed_words(cells)
        with self._lock:
            self._check_open()
            self._tracker.add(camera_id, time_us, words)

    def flush(self, now_us: int) -> Future[int]:
        """Hand the minutes that ended at least 2 s before ``now_us`` to the writer; the
        future gives the number of rows written once they are committed."""
        future: Future[int] = Future()
        with self._lock:  # taken from memory and queued at once: close() cannot come between
            self._check_open()
            rows = self._tracker.due(now_us)
            self._jobs.put((lambda conn: self._write(conn, rows), future))
        return future

    async def flush_periodically(self, now_us: Callable[[], int], period_s: float = 1.0) -> None:
        """Flush every ``period_s`` with the time ``now_us()`` (µs UTC) until cancelled or
        closed: the task the server runs beside ``add``. A failed write is logged (by the
        writer) and the next flush goes on."""
        while not self._closed:
            try:
                written = self.flush(now_us())
            except FailedPrecondition:  # closed meanwhile
                return
            with contextlib.suppress(Exception):  # the writer logged it
                await asyncio.wrap_future(written)
            await asyncio.sleep(period_s)

    def delete_before(self, camera_id: int, time_us: int) -> Future[int]:
        """Delete a camera's minutes that start before ``time_us`` (retention, with its
        video); the future gives the number of rows deleted."""
        check_camera(camera_id)

        def delete(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                cur = conn.execute(
                    "DELETE FROM motion_minute WHERE camera_id = ? AND minute_us < ?",
                    (camera_id, time_us),
                )
            conn.execute("PRAGMA incremental_vacuum")
            return cur.rowcount

        return self._submit(delete)

    def delete_minutes(self, camera_id: int, ranges: Sequence[tuple[int, int]]) -> Future[int]:
        """Delete a camera's minutes that start in any of ``ranges`` ([start_us, end_us),
        one transaction: video gone from the middle of its recordings); the future gives
        the number of rows deleted."""
        check_camera(camera_id)
        spans = [(camera_id, start_us, end_us) for start_us, end_us in ranges]

        def delete(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                deleted = sum(
                    conn.execute(
                        "DELETE FROM motion_minute"
                        " WHERE camera_id = ? AND minute_us >= ? AND minute_us < ?",
                        span,
                    ).rowcount
                    for span in spans
                )
            conn.execute("PRAGMA incremental_vacuum")
            return deleted

        return self._submit(delete)

    def enforce_budget(self) -> Future[int]:
        """Delete the oldest minutes (any camera) until the rows fit ``budget_bytes``;
        the future gives the number of rows deleted. Also done after every flush."""
        return self._submit(self._enforce_budget)

    def pending_minutes(self) -> int:
        """Camera-minutes gathered in memory, not yet handed to the writer."""
        with self._lock:
            return len(self._tracker)

    def close(self) -> None:
        """Write every pending minute, stop the writer, close every connection. Blocks."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            rows = self._tracker.drain()
        done: Future[int] = Future()
        self._jobs.put((lambda conn: self._write(conn, rows), done))
        self._jobs.put(None)
        self._thread.join()
        with self._lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            conn.close()
        done.result()

    # -- reading (blocks) -----------------------------------------------------------------

    def size_bytes(self) -> int:
        """The bytes the index's rows use in its file (pages in use). Blocks."""
        return _used_bytes(self._reader())

    # -- the writer thread ----------------------------------------------------------------

    def _submit(self, job: Callable[[sqlite3.Connection], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            self._check_open()
            self._jobs.put((job, future))
        return future

    def _run_writer(self, conn: sqlite3.Connection) -> None:
        try:
            while (item := self._jobs.get()) is not None:
                job, future = item
                # A job runs even when its caller cancelled the future (an awaiting task
                # cancelled at shutdown): its minutes were already taken from memory.
                wanted = future.set_running_or_notify_cancel()
                try:
                    result = job(conn)
                except BaseException as e:
                    log.exception("motion index %s: a write failed", self.path)
                    if wanted:
                        future.set_exception(e)
                else:
                    if wanted:
                        future.set_result(result)
        finally:
            conn.close()

    def _write(self, conn: sqlite3.Connection, rows: Sequence[MinuteRow]) -> int:
        if not rows:
            return 0
        with _transaction(conn):
            for row in rows:
                stored = conn.execute(
                    "SELECT seconds, cells FROM motion_minute"
                    " WHERE camera_id = ? AND minute_us = ?",
                    (row.camera_id, row.minute_us),
                ).fetchone()
                if stored is not None:  # a late frame: OR it into the row written before
                    grids = decode_minute(*stored)
                    grids |= decode_minute(row.seconds, row.cells)
                    row = encode_minute(row.camera_id, row.minute_us, grids)
                conn.execute(
                    "INSERT OR REPLACE INTO motion_minute"
                    " (camera_id, minute_us, seconds, cells_union, cells) VALUES (?, ?, ?, ?, ?)",
                    (row.camera_id, row.minute_us, row.seconds, row.cells_union, row.cells),
                )
        self._enforce_budget(conn)
        return len(rows)

    def _enforce_budget(self, conn: sqlite3.Connection) -> int:
        deleted = 0
        while (used := _used_bytes(conn)) > self.budget_bytes:
            count = conn.execute("SELECT count(*) FROM motion_minute").fetchone()[0]
            if count == 0:
                break
            # Rows to drop at the average row size, at least 1 and a 64th of the rest.
            excess = -(-(used - self.budget_bytes) * count // used)
            drop = min(count, max(1, excess, count // 64))
            cutoff = conn.execute(
                "SELECT minute_us FROM motion_minute ORDER BY minute_us LIMIT 1 OFFSET ?",
                (drop - 1,),
            ).fetchone()[0]
            with _transaction(conn):
                cur = conn.execute("DELETE FROM motion_minute WHERE minute_us <= ?", (cutoff,))
            deleted += cur.rowcount
            conn.execute("PRAGMA incremental_vacuum")
        if deleted:
            log.info(
                "motion index %s: %d minutes deleted to fit the size budget", self.path, deleted
            )
        return deleted

    # -- connections ------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        with self._lock:
            self._check_open()
            if conn is None:
                conn = self._local.conn = _connect(self.path)
                conn.execute("PRAGMA query_only = ON")
                self._readers.append(conn)
        return conn

    def _check_open(self) -> None:
        if self._closed:
            raise FailedPrecondition(f"the motion index {self.path} is closed")


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (the connection is in autocommit mode otherwise)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
    try:
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _used_bytes(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    size: int = conn.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)
