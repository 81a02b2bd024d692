"""Crash recovery at start-up (ARCHITECTURE.md "Durability").

Every function blocks (file scans and catalog I/O) and runs before recording
starts, or on the catalog thread.

Invariants kept:
- An open segment row is closed from its file: the file is scanned, cut at the
  last valid record, and the row completed with what the file really holds; a row
  whose file holds nothing (or is gone) is removed through the garbage list.
- A segment file of a known camera that has no row (the process died between
  creating the file and recording it) is adopted, so no recorded second is lost;
  a file nobody can own goes through the garbage list.
- The garbage list is finished: files unlinked, then rows forgotten.
- ``recover`` scans a volume's files only once no process holds the volume for
  writing (storage/writer_lock.py): the workers of a killed main process finish
  their segments first, so what they wrote after the kill is kept. It waits up to
  ``WRITERS_TIMEOUT_S`` (a worker stops within a few seconds), then recovers anyway
  and says so.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from vedette_api.media.packet import Codec
from vedette_api.media.segment_reader import SegmentScan, scan_segment
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import MAX_SEGMENT_US, Camera, Stream
from vedette_server.catalog.segments import (
    SegmentRow,
    complete_segment,
    garbage,
    mark_garbage,
    open_segment,
    open_segments,
)
from vedette_server.recording.garbage_files import unlink_garbage
from vedette_server.storage.layout import TOP_DIRECTORY, parse_segment_relpath
from vedette_server.storage.segment_file import truncate_segment
from vedette_server.storage.writer_lock import VolumeLock, wait_for_writers

log = logging.getLogger(__name__)
RECENT_DAYS = 2  # orphans can only come from a recent crash
#: How long recovery waits for other processes to stop writing on the volumes.
WRITERS_TIMEOUT_S = 10.0


@dataclass
class RecoveryReport:
    closed: int = 0
    truncated_bytes: int = 0
    removed: int = 0
    adopted: int = 0
    garbage_unlinked: int = 0
    waited_for_writers_s: float = 0.0
    problems: list[str] = field(default_factory=list)


def recover_segment(
    catalog: Catalog, row: SegmentRow, root: Path, report: RecoveryReport | None = None
) -> None:
    """Close one open segment row from its file on volume ``root`` (see the invariants)."""
    report = report if report is not None else RecoveryReport()
    path = root / PurePosixPath(row.relpath)
    try:
        scan = scan_segment(path)
    except FileNotFoundError:
        scan = None
    except OSError as error:
        report.problems.append(f"{path}: {error.strerror}; left open")
        return
    if scan is None or scan.header is None or scan.frames == 0:
        unlink_garbage(catalog, mark_garbage(catalog, [row.id]), {row.volume_id: root})
        report.removed += 1
        return
    if scan.valid_size_bytes < scan.file_size_bytes:
        truncate_segment(path, scan.valid_size_bytes)
        report.truncated_bytes += scan.file_size_bytes - scan.valid_size_bytes
    summary = scan.summary()
    complete_segment(
        catalog,
        row.id,
        summary.end_us,
        summary.size_bytes,
        summary.frames,
        summary.keyframe_index_blob,
        start_us=summary.start_us,
    )
    report.closed += 1


def finish_garbage(catalog: Catalog, roots: dict[int, Path], report: RecoveryReport) -> None:
    report.garbage_unlinked += unlink_garbage(catalog, garbage(catalog), roots)[0]


def _recent_files(root: Path) -> list[Path]:
    """Segment files in the newest RECENT_DAYS day folders of every camera stream."""
    out: list[Path] = []
    top = root / TOP_DIRECTORY
    if not top.is_dir():
        return out
    for camera_dir in top.iterdir():
        for stream in ("main", "sub"):
            stream_dir = camera_dir / stream
            if not stream_dir.is_dir():
                continue
            names = os.listdir(stream_dir)
            days = sorted(d for d in names if d.isascii() and d.isdigit())[-RECENT_DAYS:]
            for day in days:
                out += sorted((stream_dir / day).glob("*.vseg"))
    return out


def adopt_orphans(
    catalog: Catalog,
    volume_id: int,
    root: Path,
    report: RecoveryReport,
    *,
    everything: bool = False,
) -> None:
    """Give rows to segment files that have none (recent days only unless ``everything``)."""
    from vedette_server.storage.layout import iter_segment_files

    files = list(iter_segment_files(root)) if everything else _recent_files(root)
    if not files:
        return
    oldest_us = None if everything else _oldest_start(files, root)
    known = (
        _known_relpaths(catalog, volume_id, oldest_us)
        if everything or oldest_us is not None
        else set()
    )
    for path in files:
        relpath = path.relative_to(root).as_posix()
        if relpath in known:
            continue
        try:
            camera_id, stream, _ = parse_segment_relpath(relpath)
            scan = scan_segment(path)
        except (ValueError, OSError) as error:
            report.problems.append(f"{path}: not adoptable: {error}")
            continue
        if Camera.get_or_none(Camera.id == camera_id) is None or not _adoptable(scan):
            path.unlink(missing_ok=True)
            report.removed += 1
            continue
        if scan.valid_size_bytes < scan.file_size_bytes:
            truncate_segment(path, scan.valid_size_bytes)
        _adopt(catalog, volume_id, relpath, camera_id, stream, scan)
        report.adopted += 1


def _oldest_start(files: list[Path], root: Path) -> int | None:
    starts = []
    for path in files:
        try:
            starts.append(parse_segment_relpath(path.relative_to(root).as_posix())[2])
        except ValueError:
            continue
    return min(starts, default=None)


def _known_relpaths(catalog: Catalog, volume_id: int, since_us: int | None) -> set[str]:
    """Relpaths of the volume's rows; only those of segments from ``since_us`` on
    (less a segment's length, a margin) when given: a year of recordings is tens of
    millions of rows, and start-up must not read them all to check two days of files."""
    sql, params = "SELECT relpath FROM segment WHERE volume_id = ?", [volume_id]
    if since_us is not None:
        sql, params = sql + " AND start_us >= ?", [volume_id, since_us - MAX_SEGMENT_US]
    return {relpath for (relpath,) in catalog.database.execute_sql(sql, params)}


def _adoptable(scan: SegmentScan) -> bool:
    return scan.header is not None and scan.frames > 0 and scan.header.video is not None


def _adopt(
    catalog: Catalog, volume_id: int, relpath: str, camera_id: int, stream: str, scan: SegmentScan
) -> None:
    assert scan.header is not None and scan.header.video is not None
    video = scan.header.video
    summary = scan.summary()
    with catalog.atomic():
        segment_id = open_segment(
            catalog,
            camera_id,
            Stream[stream.upper()],
            volume_id,
            relpath,
            scan.header.start_us,
            Codec(video.codec),
            video.width,
            video.height,
            1,
        )
        complete_segment(
            catalog,
            segment_id,
            summary.end_us,
            summary.size_bytes,
            summary.frames,
            summary.keyframe_index_blob,
            start_us=summary.start_us,
        )


def lock_volumes(
    roots: dict[int, Path], timeout_s: float, report: RecoveryReport
) -> list[VolumeLock]:
    """Each volume locked once nobody writes on it (see the invariants); blocking."""
    started = time.monotonic()
    locks: list[VolumeLock] = []
    for volume_id, root in roots.items():
        if not root.is_dir():
            continue
        left_s = max(0.0, started + timeout_s - time.monotonic())
        try:
            lock = wait_for_writers(root, left_s)
        except OSError as error:
            report.problems.append(f"volume {volume_id} ({root}): {error.strerror}")
            continue
        if lock is None:
            report.problems.append(
                f"volume {volume_id} ({root}): still being written by another process"
                f" after {timeout_s:g} s; recovered anyway"
            )
            continue
        locks.append(lock)
    report.waited_for_writers_s = time.monotonic() - started
    return locks


def recover(
    catalog: Catalog, roots: dict[int, Path], *, writers_timeout_s: float = WRITERS_TIMEOUT_S
) -> RecoveryReport:
    """Everything start-up recovery does, in order. Blocking."""
    report = RecoveryReport()
    locks = lock_volumes(roots, writers_timeout_s, report)
    try:
        _recover_locked(catalog, roots, report)
    finally:
        for lock in locks:
            lock.close()
    return report


def _recover_locked(catalog: Catalog, roots: dict[int, Path], report: RecoveryReport) -> None:
    finish_garbage(catalog, roots, report)
    for row in open_segments(catalog):
        root = roots.get(row.volume_id)
        if root is None or not root.is_dir():
            report.problems.append(f"segment {row.relpath}: volume {row.volume_id} unavailable")
            continue
        recover_segment(catalog, row, root, report)
    for volume_id, root in roots.items():
        if root.is_dir():
            adopt_orphans(catalog, volume_id, root, report)
    if report.closed or report.adopted or report.removed or report.problems:
        log.info(
            "recovery: %d segment(s) closed (%d torn bytes cut), %d adopted, %d removed"
            " (after %.2f s waiting for writers); %s",
            report.closed,
            report.truncated_bytes,
            report.adopted,
            report.removed,
            report.waited_for_writers_s,
            "; ".join(report.problems) or "no problems",
        )
