"""Segment bookkeeping: opening, completing, finding, locking and deleting segments.

Every function takes the ``Catalog`` first and blocks (SQLite I/O); the server calls
them from an executor. Results are frozen dataclasses: no database object escapes.

Invariants:
- A ``segment`` row is inserted when its file opens (``end_us`` NULL) and completed
  once, with ``start_us <= end_us <= start_us + MAX_SEGMENT_US``.
- A (volume, relpath) belongs to at most one row of ``segment`` or ``garbage``: a
  path waiting to be unlinked is never handed to a new segment.
- Deleting is three steps: ``mark_garbage`` (segment rows out, garbage rows in, one
  transaction) → the caller unlinks the files → ``forget_garbage``. A crash at any
  point leaves every file owned by exactly one row (segment or garbage).
- Retention queries (``oldest_unlocked_segments``, ``expired_segments``) never return
  an open or a locked segment, and ``mark_garbage`` refuses locked ones.

The queries are constant SQL strings: peewee compiles a query anew at every call,
about 300 µs, where SQLite answers the hot overlap query in about 20 µs
(bench/catalog_queries.py). The models name the same columns (a test checks).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple, TypeVar

from peewee import IntegrityError, SqliteDatabase

from vedette_api.media.packet import Codec
from vedette_api.timestamps import now_us
from vedette_server.catalog import runs
from vedette_server.catalog.database import (
    CameraNotFound,
    Catalog,
    DiskGroupNotFound,
    InvalidSegment,
    InvalidTimeRange,
    SegmentLocked,
    SegmentNotFound,
    SegmentNotOpen,
    SegmentPathTaken,
    VolumeNotFound,
)
from vedette_server.catalog.models import (
    ALL_RECORD_REASONS,
    DAY_US,
    MAX_SEGMENT_US,
    RecordReason,
    Stream,
)

_T = TypeVar("_T")
_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """A segment as stored in the catalog; ``end_us`` is None while it is open."""

    id: int
    camera_id: int
    stream: Stream
    volume_id: int
    relpath: str
    start_us: int
    end_us: int | None
    size_bytes: int
    frames: int
    keyframe_index: bytes = field(repr=False)
    record_reasons: RecordReason
    locked: bool
    codec: Codec
    width: int
    height: int

    @property
    def is_open(self) -> bool:
        return self.end_us is None


@dataclass(frozen=True, slots=True)
class GarbageRow:
    """A file to unlink (``<volume path>/<relpath>``), then to forget."""

    id: int
    volume_id: int
    relpath: str
    size_bytes: int
    camera_id: int
    marked_us: int


class RecordingSpan(NamedTuple):
    oldest_us: int  # start of the oldest segment
    newest_us: int  # end of the newest segment (its start while it is open)


class RecordingTotals(NamedTuple):
    segments: int
    size_bytes: int


_COLUMNS: Final = (
    "id, camera_id, stream, volume_id, relpath, start_us, end_us, size_bytes, frames,"
    " keyframe_index, record_reasons, locked, codec, width, height"
)
#: "Segments of camera C, stream S, overlapping [t0, t1)" (parameters from
#: ``overlap_params``): a bounded range of index segment_camera_stream_start, because
#: a segment that overlaps t0 lasts at most MAX_SEGMENT_US, so starts after t0 - that.
OVERLAP_WHERE: Final = (
    "camera_id = ? AND stream = ? AND start_us > ? AND start_us < ?"
    " AND (end_us IS NULL OR end_us > ?)"
)


#: "Recorded": a segment with a reason. A tentative one (mask 0, written for pre-alarm
#: recording) is not a recording until an event claims it: playback, export,
#: thumbnails and the timeline never see it.
RECORDED: Final = "record_reasons != 0"


def overlap_params(camera_id: int, stream: int, t0_us: int, t1_us: int) -> tuple[int, ...]:
    """The parameters of ``OVERLAP_WHERE``."""
    return (camera_id, int(stream), t0_us - MAX_SEGMENT_US, t1_us, t0_us)


def _row(values: tuple[Any, ...]) -> SegmentRow:
    (sid, camera_id, stream, volume_id, relpath, start_us, end_us, size_bytes, frames) = values[:9]
    keyframe_index, reasons, locked, codec, width, height = values[9:]
    return SegmentRow(
        sid, camera_id, Stream(stream), volume_id, relpath, start_us, end_us, size_bytes,
        frames, bytes(keyframe_index), RecordReason(reasons), bool(locked), Codec(codec),
        width, height,
    )  # fmt: skip


def _fetch(db: SqliteDatabase, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    return list(db.execute_sql(sql, tuple(params)).fetchall())


def _segments(db: SqliteDatabase, where: str, params: Sequence[object]) -> list[SegmentRow]:
    return [
        _row(values) for values in _fetch(db, f"SELECT {_COLUMNS} FROM segment {where}", params)
    ]


def _segments_by_id(db: SqliteDatabase, ids: Sequence[int]) -> list[SegmentRow]:
    """The segments of ``ids``, oldest first."""
    rows: list[SegmentRow] = []
    for chunk in _chunks(ids):
        rows += _segments(db, f"WHERE id IN ({_marks(chunk)})", chunk)
    return sorted(rows, key=lambda row: (row.start_us, row.id))


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items))


def _check_reasons(value: int, *, tentative: bool = False) -> RecordReason:
    """A segment's mask; 0 (a tentative segment, kept only if an event claims it)
    only where ``tentative``."""
    if not (0 if tentative else 1) <= value <= ALL_RECORD_REASONS:
        raise InvalidSegment(
            "record_reasons", value, f"must be a mask in 1..{ALL_RECORD_REASONS:d}"
        )
    return RecordReason(value)


def _check_range(t0_us: int, t1_us: int) -> None:
    if t1_us <= t0_us:
        raise InvalidTimeRange(t0_us, t1_us)


def _check_limit(limit: int) -> None:
    if limit <= 0:
        raise ValueError(f"limit must be positive, not {limit}")


def _exists(db: SqliteDatabase, table: str, key: object) -> bool:
    # ``table`` is always one of our literal table names.
    return bool(_fetch(db, f"SELECT 1 FROM {table} WHERE id = ?", (key,)))


def open_segment(
    catalog: Catalog,
    camera_id: int,
    stream: int,
    volume_id: int,
    relpath: str,
    start_us: int,
    codec: Codec,
    width: int,
    height: int,
    record_reasons: int,
) -> int:
    """Insert the row of a segment whose file was just created; returns its id. Blocking."""
    if stream not in tuple(Stream):
        raise InvalidSegment("stream", stream, "must be 1 (main) or 2 (sub)")
    if not codec.is_video:
        raise InvalidSegment("codec", codec.value, "must be a video codec")
    for name, value in (("width", width), ("height", height)):
        if value < 0:
            raise InvalidSegment(name, value, "must not be negative")
    reasons = _check_reasons(record_reasons, tentative=True)
    db = catalog.database
    try:
        with catalog.atomic():
            cursor = db.execute_sql(
                "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, codec,"
                " width, height, record_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (camera_id, int(stream), volume_id, relpath, start_us, codec.value, width,
                 height, int(reasons)),
            )  # fmt: skip
            runs.segment_opened(db, camera_id, int(stream), start_us, int(reasons))
            return int(cursor.lastrowid)
    except IntegrityError as exc:
        if not _exists(db, "camera", camera_id):
            raise CameraNotFound(camera_id) from exc
        if not _exists(db, "volume", volume_id):
            raise VolumeNotFound(volume_id) from exc
        raise SegmentPathTaken(volume_id, relpath) from exc


def complete_segment(
    catalog: Catalog,
    segment_id: int,
    end_us: int,
    size_bytes: int,
    frames: int,
    keyframe_index: bytes,
    *,
    start_us: int | None = None,
    record_reasons: int | None = None,
) -> None:
    """Record that a segment's file is closed. Blocking.

    ``start_us``, when given, replaces the start given at open (the first record's
    time may differ from the header's). ``record_reasons``, when given, joins the
    mask the row has (reasons may be added while the segment is open: by the worker,
    or by an event claiming it, recording/keeper.py).
    """
    for name, value in (("size_bytes", size_bytes), ("frames", frames)):
        if value < 0:
            raise InvalidSegment(name, value, "must not be negative")
    reasons = (
        None if record_reasons is None else int(_check_reasons(record_reasons, tentative=True))
    )
    db = catalog.database
    with catalog.atomic():
        found = _fetch(
            db,
            "SELECT start_us, end_us, camera_id, stream, record_reasons FROM segment WHERE id = ?",
            (segment_id,),
        )
        if not found:
            raise SegmentNotFound(segment_id)
        [(opened_start_us, old_end_us, camera_id, stream, opened_reasons)] = found
        if old_end_us is not None:
            raise SegmentNotOpen(segment_id, old_end_us)
        start_us = opened_start_us if start_us is None else start_us
        if not start_us <= end_us <= start_us + MAX_SEGMENT_US:
            raise InvalidSegment(
                "end_us", end_us, f"must be in [{start_us}, {start_us + MAX_SEGMENT_US}]"
            )
        db.execute_sql(
            "UPDATE segment SET start_us = ?, end_us = ?, size_bytes = ?, frames = ?,"
            " keyframe_index = ?, record_reasons = record_reasons | coalesce(?, 0) WHERE id = ?",
            (start_us, end_us, size_bytes, frames, keyframe_index, reasons, segment_id),
        )
        runs.segment_completed(
            db,
            camera_id,
            stream,
            opened_start_us,
            start_us,
            end_us,
            reasons_changed=reasons is not None and reasons | opened_reasons != opened_reasons,
        )


def open_segments(catalog: Catalog) -> list[SegmentRow]:
    """Every segment not yet completed (after a crash: those to recover). Blocking."""
    return _segments(catalog.database, "WHERE end_us IS NULL ORDER BY id", ())


def segments_overlapping(
    catalog: Catalog, camera_id: int, stream: int, t0_us: int, t1_us: int
) -> list[SegmentRow]:
    """Segments of one camera stream overlapping [t0_us, t1_us), by start. Blocking.

    Open segments count as reaching into the future.
    """
    _check_range(t0_us, t1_us)
    return _segments(
        catalog.database,
        f"WHERE {OVERLAP_WHERE} AND {RECORDED} ORDER BY start_us, id",
        overlap_params(camera_id, stream, t0_us, t1_us),
    )


def first_segment_starting(
    catalog: Catalog, camera_id: int, stream: int, t0_us: int, t1_us: int
) -> SegmentRow | None:
    """The earliest segment of one camera stream starting in [t0_us, t1_us), or None.
    Blocking. (Thumbnails of a slice whose start is not recorded show its first
    recorded picture.)"""
    _check_range(t0_us, t1_us)
    rows = _segments(
        catalog.database,
        "WHERE camera_id = ? AND stream = ? AND start_us >= ? AND start_us < ?"
        f" AND {RECORDED} ORDER BY start_us, id LIMIT 1",
        (camera_id, int(stream), t0_us, t1_us),
    )
    return rows[0] if rows else None


def segments_from(
    catalog: Catalog, camera_id: int, stream: int, t_us: int, limit: int
) -> list[SegmentRow]:
    """The first ``limit`` segments of a camera stream that end after ``t_us`` (open
    ones included), by start: playback's look ahead, across gaps of any length.
    Blocking; a bounded range of index segment_camera_stream_start."""
    _check_limit(limit)
    return _segments(
        catalog.database,
        "WHERE camera_id = ? AND stream = ? AND start_us > ? AND (end_us IS NULL OR end_us > ?)"
        f" AND {RECORDED} ORDER BY start_us, id LIMIT ?",
        (camera_id, int(stream), t_us - MAX_SEGMENT_US, t_us, limit),
    )


def segments_before(
    catalog: Catalog, camera_id: int, stream: int, t_us: int, limit: int
) -> list[SegmentRow]:
    """The last ``limit`` segments of a camera stream that start before ``t_us``, by
    start (oldest first): playback's look behind in reverse. Blocking."""
    _check_limit(limit)
    rows = _segments(
        catalog.database,
        f"WHERE camera_id = ? AND stream = ? AND start_us < ? AND {RECORDED}"
        " ORDER BY start_us DESC, id DESC LIMIT ?",
        (camera_id, int(stream), t_us, limit),
    )
    return rows[::-1]


def unclaimed_tentative(catalog: Catalog, ended_before_us: int, limit: int) -> list[SegmentRow]:
    """The ``limit`` first closed, unlocked tentative segments (mask 0: written for
    pre-alarm recording, claimed by no event) that ended before ``ended_before_us``,
    by end. Blocking; reads index segment_tentative_end only."""
    _check_limit(limit)
    return _segments(
        catalog.database,
        "INDEXED BY segment_tentative_end WHERE record_reasons = 0 AND end_us < ?"
        " AND locked = 0 ORDER BY end_us LIMIT ?",
        (ended_before_us, limit),
    )


def oldest_tentative_end(catalog: Catalog) -> int | None:
    """The end of the oldest closed tentative segment, or None. Blocking; one index
    lookup (segment_tentative_end)."""
    row = _fetch(
        catalog.database,
        "SELECT min(end_us) FROM segment INDEXED BY segment_tentative_end"
        " WHERE record_reasons = 0 AND end_us IS NOT NULL",
    )
    return None if not row or row[0][0] is None else int(row[0][0])


def oldest_unlocked_segments(catalog: Catalog, disk_group_id: int, limit: int) -> list[SegmentRow]:
    """The ``limit`` oldest completed, unlocked segments on the group's volumes. Blocking.

    FIFO across every camera recording to the group (REC-08). It follows the volumes,
    not the cameras' current group, so a camera moved to another group still has its
    old recordings overwritten where they lie.
    """
    _check_limit(limit)
    db = catalog.database
    with db.atomic():  # one snapshot for every volume
        if not _exists(db, "disk_group", disk_group_id):
            raise DiskGroupNotFound(disk_group_id)
        volumes = _fetch(db, "SELECT id FROM volume WHERE disk_group_id = ?", (disk_group_id,))
        # The oldest keys of each volume (index segment_volume_start), merged.
        per_volume = [
            _fetch(
                db,
                "SELECT start_us, id FROM segment WHERE volume_id = ? AND locked = 0"
                " AND end_us IS NOT NULL ORDER BY start_us, id LIMIT ?",
                (volume_id, limit),
            )
            for (volume_id,) in volumes
        ]
        return _segments_by_id(db, _oldest_ids(per_volume, limit))


def expired_segments(catalog: Catalog, now_us: int, limit: int) -> list[SegmentRow]:
    """The ``limit`` oldest segments past their camera's expiry (REC-09). Blocking.

    A segment has expired when it ended at least ``expiry_days`` days before
    ``now_us``; cameras whose ``expiry_days`` is NULL keep theirs until overwritten.
    Open and locked segments never expire.
    """
    _check_limit(limit)
    db = catalog.database
    with db.atomic():
        cameras = _fetch(db, "SELECT id, expiry_days FROM camera WHERE expiry_days IS NOT NULL")
        # The oldest keys of each camera stream (index segment_camera_stream_start), merged.
        per_stream = [
            _fetch(
                db,
                "SELECT start_us, id FROM segment WHERE camera_id = ? AND stream = ?"
                " AND start_us < ? AND end_us <= ? AND locked = 0 ORDER BY start_us, id LIMIT ?",
                (camera_id, int(stream), cutoff_us, cutoff_us, limit),
            )
            for camera_id, expiry_days in cameras
            for cutoff_us in [now_us - expiry_days * DAY_US]
            for stream in Stream
        ]
        return _segments_by_id(db, _oldest_ids(per_stream, limit))


def _oldest_ids(sorted_keys: Iterable[list[tuple[Any, ...]]], limit: int) -> list[int]:
    """The ids of the ``limit`` smallest (start_us, id) keys of sorted lists."""
    return [key[1] for key in itertools.islice(heapq.merge(*sorted_keys), limit)]


def mark_garbage(
    catalog: Catalog, segment_ids: Iterable[int], *, marked_us: int | None = None
) -> list[GarbageRow]:
    """Replace segment rows by garbage rows, all in one transaction. Blocking.

    Raises (and changes nothing) if any id is unknown or locked. Returns the garbage
    rows in the order of ``segment_ids``; unlink their files, then ``forget_garbage``.
    """
    ids = list(dict.fromkeys(segment_ids))
    marked_us = now_us() if marked_us is None else marked_us
    db = catalog.database
    with catalog.atomic():
        found: dict[int, tuple[Any, ...]] = {}
        for chunk in _chunks(ids):
            sql = (
                "SELECT id, volume_id, relpath, size_bytes, camera_id, stream, start_us,"
                f" end_us, locked FROM segment WHERE id IN ({_marks(chunk)})"
            )
            found.update((values[0], values) for values in _fetch(db, sql, chunk))
        for segment_id in ids:
            if segment_id not in found:
                raise SegmentNotFound(segment_id)
            if found[segment_id][-1]:
                raise SegmentLocked(segment_id)
        for chunk in _chunks(ids):
            db.execute_sql(f"DELETE FROM segment WHERE id IN ({_marks(chunk)})", tuple(chunk))
        deleted: dict[tuple[int, int], list[tuple[int, int | None]]] = {}
        for values in found.values():
            deleted.setdefault((values[4], values[5]), []).append((values[6], values[7]))
        for (camera_id, stream), spans in deleted.items():
            runs.segments_deleted(db, camera_id, stream, spans)
        rows = []
        for segment_id in ids:
            _, volume_id, relpath, size_bytes, camera_id, *_ = found[segment_id]
            cursor = db.execute_sql(
                "INSERT INTO garbage (volume_id, relpath, size_bytes, camera_id, marked_us)"
                " VALUES (?, ?, ?, ?, ?)",
                (volume_id, relpath, size_bytes, camera_id, marked_us),
            )
            rows.append(
                GarbageRow(cursor.lastrowid, volume_id, relpath, size_bytes, camera_id, marked_us)
            )
    return rows


def garbage(catalog: Catalog, volume_id: int | None = None) -> list[GarbageRow]:
    """Files marked for deletion and not yet forgotten (all, or one volume's). Blocking."""
    where, params = ("", ()) if volume_id is None else ("WHERE volume_id = ?", (volume_id,))
    sql = (
        "SELECT id, volume_id, relpath, size_bytes, camera_id, marked_us FROM garbage"
        f" {where} ORDER BY id"
    )
    return [GarbageRow(*values) for values in _fetch(catalog.database, sql, params)]


def forget_garbage(catalog: Catalog, garbage_ids: Iterable[int]) -> int:
    """Drop garbage rows whose files are unlinked; unknown ids are ignored. Blocking.

    Returns how many rows went (forgetting twice, e.g. after a crash, is harmless).
    """
    ids = list(dict.fromkeys(garbage_ids))
    forgotten = 0
    with catalog.atomic():
        for chunk in _chunks(ids):
            sql = f"DELETE FROM garbage WHERE id IN ({_marks(chunk)})"
            forgotten += catalog.database.execute_sql(sql, tuple(chunk)).rowcount
    return forgotten


def set_locked(catalog: Catalog, camera_id: int, t0_us: int, t1_us: int, locked: bool) -> int:
    """Lock (or unlock) both streams' segments overlapping [t0_us, t1_us). Blocking.

    Open segments included. Returns how many segments changed.
    """
    _check_range(t0_us, t1_us)
    db = catalog.database
    changed = 0
    with catalog.atomic():
        if not _exists(db, "camera", camera_id):
            raise CameraNotFound(camera_id)
        for stream in Stream:
            cursor = db.execute_sql(
                f"UPDATE segment SET locked = ? WHERE {OVERLAP_WHERE} AND locked <> ?",
                (int(locked), *overlap_params(camera_id, stream, t0_us, t1_us), int(locked)),
            )
            changed += cursor.rowcount
    return changed


def volume_recording_span(catalog: Catalog, volume_id: int) -> RecordingSpan | None:
    """Start of the oldest and end of the newest segment on a volume; None if none.

    Blocking; two index lookups and a bounded range, whatever the volume holds.
    """
    db = catalog.database
    with db.atomic():
        if not _exists(db, "volume", volume_id):
            raise VolumeNotFound(volume_id)
        # One aggregate per query, so SQLite reads each end of index segment_volume_start.
        [(oldest_us,)] = _fetch(
            db, "SELECT min(start_us) FROM segment WHERE volume_id = ?", (volume_id,)
        )
        [(newest_start_us,)] = _fetch(
            db, "SELECT max(start_us) FROM segment WHERE volume_id = ?", (volume_id,)
        )
        if oldest_us is None:
            return None
        # Only segments starting in the last MAX_SEGMENT_US can end last.
        [(newest_us,)] = _fetch(
            db,
            "SELECT max(coalesce(end_us, start_us)) FROM segment"
            " WHERE volume_id = ? AND start_us >= ?",
            (volume_id, newest_start_us - MAX_SEGMENT_US),
        )
    return RecordingSpan(oldest_us, newest_us)


def camera_recording_totals(catalog: Catalog, camera_id: int) -> RecordingTotals:
    """How many segments a camera has (both streams, open ones too) and their bytes.

    Blocking; one row read (``camera_totals``, kept by triggers on ``segment``).
    """
    db = catalog.database
    with db.atomic():
        if not _exists(db, "camera", camera_id):
            raise CameraNotFound(camera_id)
        found = _fetch(
            db, "SELECT segments, size_bytes FROM camera_totals WHERE camera_id = ?", (camera_id,)
        )
    return RecordingTotals(*found[0]) if found else RecordingTotals(0, 0)
