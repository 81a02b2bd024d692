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
- ``search``, ``activity``, ``slice_motion``, ``size_bytes`` and ``open``/``close``
  block (SQLite reads, numpy): run them in an executor. Each reading thread has its own connection.

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
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.motion.tracker import (
    MINUTE_US,
    SECOND_US,
    MinuteRow,
    MinuteTracker,
    decode_minute,
    encode_minute,
    packed_words,
    region_words,
)

log = logging.getLogger(__name__)

APPLICATION_ID: Final = 0x56444D49  # "VDMI"
SCHEMA_VERSION: Final = 1
DEFAULT_BUDGET_BYTES: Final = 2 * 2**30
MAX_SLICES: Final = 1_000_000

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


@dataclass(frozen=True, slots=True)
class MotionRun:
    """Motion in a camera from ``start_us`` to ``end_us`` (whole seconds), made of
    ``seconds`` seconds with motion (gaps up to the search's merge gap between them)."""

    camera_id: int
    start_us: int
    end_us: int
    seconds: int


class MotionIndex:
    """An open motion index. Build it with ``MotionIndex.open``; end it with ``close``."""

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
        _check_camera(camera_id)
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
        _check_camera(camera_id)

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
        _check_camera(camera_id)
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

    def search(
        self,
        camera_ids: Iterable[int],
        start_us: int,
        end_us: int,
        region: np.ndarray | bytes | None = None,
        *,
        min_duration_us: int = 0,
        merge_gap_us: int = 0,
    ) -> list[MotionRun]:
        """Runs of motion in ``region`` (every cell when None) of each camera in
        [start_us, end_us), ordered by start then camera. A run is made of the seconds
        with motion in the region that overlap the range, consecutive or separated by at
        most ``merge_gap_us``, and is kept when it lasts at least ``min_duration_us``.
        A camera without rows (unknown, or no motion) has no runs. Blocks."""
        cameras = _check_cameras(camera_ids)
        _check_range(start_us, end_us)
        for field, value in (("min_duration_us", min_duration_us), ("merge_gap_us", merge_gap_us)):
            if value < 0:
                raise InvalidArgument(field, f"must not be negative, not {value}")
        words = None if region is None else region_words(region)
        found = [
            _runs(camera_id, self._motion_seconds(camera_id, start_us, end_us, words), merge_gap_us)
            for camera_id in cameras
        ]
        camera, start, end, seconds = (
            np.concatenate(column) for column in zip(*found, strict=True)
        )
        keep = end - start >= min_duration_us
        camera, start, end, seconds = camera[keep], start[keep], end[keep], seconds[keep]
        order = np.lexsort((camera, start))
        return [
            MotionRun(*run)
            for run in zip(
                camera[order].tolist(),
                start[order].tolist(),
                end[order].tolist(),
                seconds[order].tolist(),
                strict=True,
            )
        ]

    def activity(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        slice_us: int,
        region: np.ndarray | bytes | None = None,
    ) -> list[tuple[int, int | None]]:
        """For each slice [start_us + k × slice_us, + slice_us) of [start_us, end_us): its
        start and the first instant with motion in ``region`` in it (the start of its
        first motion second, or ``start_us`` if that second began before), or None for
        a motionless slice. Blocks."""
        _check_camera(camera_id)
        _check_range(start_us, end_us)
        if slice_us < SECOND_US:
            raise InvalidArgument("slice_us", f"must be at least 1 s, not {slice_us} µs")
        count = -(-(end_us - start_us) // slice_us)
        if count > MAX_SLICES:
            raise InvalidArgument("slice_us", f"{count} slices is more than {MAX_SLICES}")
        words = None if region is None else region_words(region)
        times = np.maximum(self._motion_seconds(camera_id, start_us, end_us, words), start_us)
        firsts: list[int | None] = [None] * count
        slices, first = np.unique((times - start_us) // slice_us, return_index=True)
        for k, i in zip(slices.tolist(), first.tolist(), strict=True):
            firsts[k] = int(times[i])
        return [(start_us + k * slice_us, firsts[k]) for k in range(count)]

    def slice_motion(
        self,
        camera_id: int,
        bounds: Sequence[int],
        region: np.ndarray | bytes | None = None,
    ) -> list[tuple[int | None, int]]:
        """For each slice [bounds[k], bounds[k + 1]) (any lengths, ascending bounds: the
        calendar slices of a thumbnail request): the first instant with motion in
        ``region`` in it, or None, and the number of seconds with motion in it. A second
        with motion counts in the slice holding its start (the first slice for one that
        began before ``bounds[0]``; its first instant is then ``bounds[0]``). Blocks."""
        _check_camera(camera_id)
        if len(bounds) < 2:
            raise InvalidArgument("bounds", "give at least one slice (two bounds)")
        edges = np.array(bounds, np.int64)
        if (np.diff(edges) <= 0).any():
            raise InvalidArgument("bounds", "must be strictly ascending")
        count = len(edges) - 1
        if count > MAX_SLICES:
            raise InvalidArgument("bounds", f"{count} slices is more than {MAX_SLICES}")
        start_us, end_us = int(edges[0]), int(edges[-1])
        if region is None:  # no cells needed: the seconds masks alone, 2.4 x faster
            found = self._any_motion_seconds(camera_id, start_us, end_us)
        else:
            found = self._motion_seconds(camera_id, start_us, end_us, region_words(region))
        times = np.maximum(found, start_us)
        which = np.searchsorted(edges, times, side="right") - 1
        seconds = np.bincount(which, minlength=count).tolist()
        firsts: list[int | None] = [None] * count
        slices, first = np.unique(which, return_index=True)
        for k, i in zip(slices.tolist(), first.tolist(), strict=True):
            firsts[k] = int(times[i])
        return list(zip(firsts, seconds, strict=True))

    def size_bytes(self) -> int:
        """The bytes the index's rows use in its file (pages in use). Blocks."""
        return _used_bytes(self._reader())

    def _any_motion_seconds(self, camera_id: int, start_us: int, end_us: int) -> np.ndarray:
        """Start (µs) of every second with motion in any cell overlapping the range,
        ascending, from the seconds masks only (no cells read)."""
        rows = (
            self._reader()
            .execute(
                "SELECT minute_us, seconds FROM motion_minute"
                " WHERE camera_id = ? AND minute_us > ? AND minute_us < ? ORDER BY minute_us",
                (camera_id, start_us - MINUTE_US, end_us),
            )
            .fetchall()
        )
        if not rows:
            return np.zeros(0, np.int64)
        table = np.array(rows, np.int64)
        rows_i, seconds_i = np.nonzero(_second_bits(table[:, 1]))
        times = table[rows_i, 0] + seconds_i * SECOND_US
        return times[(times + SECOND_US > start_us) & (times < end_us)]

    def _motion_seconds(
        self, camera_id: int, start_us: int, end_us: int, region: np.ndarray | None
    ) -> np.ndarray:
        """Start (µs) of every second with motion in ``region`` overlapping the range,
        ascending: the union prefilter drops rows without a region cell, rows whose
        motion lies wholly inside the region need no decompression."""
        rows = (
            self._reader()
            .execute(
                "SELECT minute_us, seconds, cells_union, cells FROM motion_minute"
                " WHERE camera_id = ? AND minute_us > ? AND minute_us < ? ORDER BY minute_us",
                (camera_id, start_us - MINUTE_US, end_us),
            )
            .fetchall()
        )
        if not rows:
            return np.zeros(0, np.int64)
        minutes_l, seconds_l, unions_l, cells_l = zip(*rows, strict=True)
        minutes = np.array(minutes_l, np.int64)
        bits = _second_bits(np.array(seconds_l, np.int64))
        if region is not None:
            unions = np.frombuffer(b"".join(unions_l), np.uint64).reshape(-1, len(region))
            hit = (unions & region).any(axis=1)
            bits[~hit] = False
            partial = np.flatnonzero(hit & (unions & ~region).any(axis=1))
            if len(partial):
                # The grids of every partial row, one array: row-major order of their
                # seconds' bits is the order they are stored in.
                data = b"".join([zlib.decompress(cells_l[i]) for i in partial.tolist()])
                grids = np.frombuffer(data, np.uint64).reshape(-1, len(region))
                sub = bits[partial]
                if len(grids) != sub.sum():
                    raise ValueError(f"{self.path}: rows hold fewer grids than motion seconds")
                sub[sub] = (grids & region).any(axis=1)
                bits[partial] = sub
        rows_i, seconds_i = np.nonzero(bits)
        times = minutes[rows_i] + seconds_i * SECOND_US
        return times[(times + SECOND_US > start_us) & (times < end_us)]

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


def _second_bits(seconds: np.ndarray) -> np.ndarray:
    """(n, 60) booleans: bit s of each 60-bit mask (little-endian bytes, unpacked)."""
    as_bytes = seconds.astype("<u8").view(np.uint8).reshape(-1, 8)
    return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :60].view(bool)


def _runs(camera_id: int, times: np.ndarray, gap_us: int) -> tuple[np.ndarray, ...]:
    """(camera, start, end, seconds) arrays of the runs in ascending motion seconds."""
    breaks = np.flatnonzero(times[1:] - (times[:-1] + SECOND_US) > gap_us)
    firsts = np.concatenate(([0], breaks + 1)) if len(times) else np.zeros(0, np.int64)
    lasts = np.concatenate((breaks, [len(times) - 1])) if len(times) else firsts
    return (
        np.full(len(firsts), camera_id, np.int64),
        times[firsts],
        times[lasts] + SECOND_US,
        lasts - firsts + 1,
    )


def _check_camera(camera_id: int) -> None:
    if isinstance(camera_id, bool) or not isinstance(camera_id, int) or camera_id < 0:
        raise InvalidArgument("camera_id", f"must be a non-negative integer, not {camera_id!r}")


def _check_cameras(camera_ids: Iterable[int]) -> list[int]:
    cameras = list(dict.fromkeys(camera_ids))
    if not cameras:
        raise InvalidArgument("camera_ids", "name at least one camera")
    for camera_id in cameras:
        _check_camera(camera_id)
    return cameras


def _check_range(start_us: int, end_us: int) -> None:
    if start_us > end_us:
        raise InvalidArgument("end_us", f"{end_us} is before start_us {start_us}")
