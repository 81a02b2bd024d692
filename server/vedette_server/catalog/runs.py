"""Recording runs: the timeline, kept up to date as segments open, close and go.

A run is a maximal chain of one camera stream's segments in which each starts within
``MAX_GAP_US`` of the previous one's end and has the same record reasons (what
``timeline.merge_runs`` computes from segments). Keeping them in ``recording_run``
makes a timeline query a few index lookups per camera, whatever the recording holds
(a year of continuous 60 s segments is one row, not half a million).

Invariants:
- ``recording_run`` is derived data: ``rebuild`` recomputes any time window from the
  segments, and every change of ``segment`` rows made by ``catalog.segments`` updates
  it in the same transaction. Code that writes ``segment`` rows by other means (bulk
  loaders, tests) calls ``rebuild_all`` afterwards.
- A camera stream's runs are disjoint; ``end_us`` is NULL exactly when the run's
  last segment is still open.
- The common changes take the fast path (a segment appended at the end of its run,
  its run's end when it closes, the oldest segments of a run deleted); anything
  else rebuilds the runs it touches.

Every function blocks and expects to run inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any, Final, cast

from peewee import SqliteDatabase

from vedette_server.catalog.models import MAX_SEGMENT_US

#: Segments closer than this (end to start) belong to one run (timeline's default).
MAX_GAP_US: Final = 1_500_000
_FOREVER: Final = 1 << 62  # an open end, while merging
_RUN = "id, start_us, end_us, record_reasons"


def _fetch(db: SqliteDatabase, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return list(db.execute_sql(sql, params).fetchall())


def _last_run_from(
    db: SqliteDatabase, camera: int, stream: int, at_us: int
) -> tuple[Any, ...] | None:
    rows = _fetch(
        db,
        f"SELECT {_RUN} FROM recording_run WHERE camera_id = ? AND stream = ? AND start_us <= ?"
        " ORDER BY start_us DESC LIMIT 1",
        (camera, stream, at_us),
    )
    return rows[0] if rows else None


def _starts_after(db: SqliteDatabase, table: str, camera: int, stream: int, at_us: int) -> bool:
    return bool(
        _fetch(
            db,
            f"SELECT 1 FROM {table} WHERE camera_id = ? AND stream = ? AND start_us > ? LIMIT 1",
            (camera, stream, at_us),
        )
    )


def runs_overlapping(
    db: SqliteDatabase, camera: int, stream: int, t0_us: int, t1_us: int
) -> list[tuple[Any, ...]]:
    """Runs overlapping [t0_us, t1_us), by start: (id, start, end or None, reasons)."""
    found = []
    before = _last_run_from(db, camera, stream, t0_us)
    if before is not None and (before[2] is None or before[2] > t0_us):
        found.append(before)
    found += _fetch(
        db,
        f"SELECT {_RUN} FROM recording_run WHERE camera_id = ? AND stream = ?"
        " AND start_us > ? AND start_us < ? ORDER BY start_us",
        (camera, stream, t0_us, t1_us),
    )
    return found


#: The runs overlapping [?3, ?4) of camera ?1, stream ?2, by start, in one statement:
#: from the last run starting at or before ?3 (it may reach into the window; the
#: caller drops it when it ended before) to the last starting before ?4. Both bounds
#: are index searches; the scalar subquery runs once. Runs of tentative segments
#: (mask 0, catalog/segments.py ``RECORDED``) are not recordings and are left out;
#: runs are disjoint, so one before a tentative run cannot reach into the window.
_OVERLAPPING_SQL: Final = (
    "SELECT start_us, end_us, record_reasons FROM recording_run"
    " WHERE camera_id = ?1 AND stream = ?2 AND start_us < ?4 AND record_reasons != 0"
    " AND start_us >= coalesce("
    "(SELECT max(start_us) FROM recording_run WHERE camera_id = ?1 AND stream = ?2"
    " AND start_us <= ?3), ?3) ORDER BY start_us"
)


def timeline_spans(
    db: SqliteDatabase, camera: int, stream: int, t0_us: int, t1_us: int, now_us: int
) -> tuple[list[tuple[int, int, int]], bool]:
    """(start, end, reasons) of the runs overlapping [t0_us, t1_us), an open run
    reaching ``now_us`` or the end of its last closed segment, whichever is later
    (what merging the segments themselves gives); and whether a run was open.

    Closed runs are maximal and disjoint (merging them changes nothing); an open one
    may reach over what follows it, so the caller merges when one was open.

    The timeline's hot path (a day of 64 cameras: 64 calls): one statement on the
    connection itself, rows as SQLite returns them, no object per run."""
    rows: list[tuple[int, int | None, int]] = (
        db.connection().execute(_OVERLAPPING_SQL, (camera, stream, t0_us, t1_us)).fetchall()
    )
    if rows and rows[0][1] is not None and rows[0][1] <= t0_us:
        del rows[0]  # the run before the window ended before it
    if None not in map(itemgetter(1), rows):
        return cast(list[tuple[int, int, int]], rows), False
    spans = []
    for start, end, reasons in rows:
        if end is None:
            closed = _fetch(
                db,
                "SELECT end_us FROM segment WHERE camera_id = ? AND stream = ? AND start_us >= ?"
                " AND end_us IS NOT NULL ORDER BY start_us DESC LIMIT 1",
                (camera, stream, start),
            )
            end = max(now_us, closed[0][0]) if closed else now_us
        spans.append((start, end, reasons))
    return spans, True


def segment_opened(
    db: SqliteDatabase, camera: int, stream: int, start_us: int, reasons: int
) -> None:
    if not _starts_after(db, "recording_run", camera, stream, start_us) and not _starts_after(
        db, "segment", camera, stream, start_us
    ):
        last = _last_run_from(db, camera, stream, start_us)
        if (
            last is None
            or last[3] != reasons
            or (last[2] is not None and start_us - last[2] > MAX_GAP_US)
        ):
            if last is None or (last[2] is not None and last[2] <= start_us):
                db.execute_sql(
                    "INSERT INTO recording_run"
                    " (camera_id, stream, start_us, end_us, record_reasons)"
                    " VALUES (?, ?, ?, NULL, ?)",
                    (camera, stream, start_us, reasons),
                )
                return
        elif last[2] is None or last[2] - MAX_SEGMENT_US <= start_us:
            db.execute_sql("UPDATE recording_run SET end_us = NULL WHERE id = ?", (last[0],))
            return
    rebuild(db, camera, stream, start_us - MAX_GAP_US, start_us + MAX_GAP_US)


def segment_completed(
    db: SqliteDatabase,
    camera: int,
    stream: int,
    opened_start_us: int,
    start_us: int,
    end_us: int,
    reasons_changed: bool,
) -> None:
    run = _last_run_from(db, camera, stream, start_us)
    simple = (
        not reasons_changed
        and run is not None
        and run[2] is None
        and run[1] <= start_us
        and end_us > run[1]  # a segment of no length (closed at once) may make no run
        and start_us == opened_start_us
        and not _starts_after(db, "segment", camera, stream, start_us)
        and not _fetch(  # another open segment in the run keeps it open
            db,
            "SELECT 1 FROM segment INDEXED BY segment_open WHERE end_us IS NULL"
            " AND camera_id = ? AND stream = ? AND start_us >= ? LIMIT 1",
            (camera, stream, run[1] - MAX_SEGMENT_US),  # it may start before (cut)
        )
        and not _fetch(  # nor may an overlapping segment end later (a clock step)
            db,
            "SELECT 1 FROM segment WHERE camera_id = ? AND stream = ? AND start_us >= ?"
            " AND start_us <= ? AND end_us > ? LIMIT 1",
            (camera, stream, end_us - MAX_SEGMENT_US, start_us, end_us),
        )
    )
    if simple:
        assert run is not None
        db.execute_sql("UPDATE recording_run SET end_us = ? WHERE id = ?", (end_us, run[0]))
        return
    low = min(start_us, opened_start_us)
    rebuild(db, camera, stream, low - MAX_GAP_US, end_us + MAX_GAP_US)


def segments_deleted(
    db: SqliteDatabase, camera: int, stream: int, deleted: list[tuple[int, int | None]]
) -> None:
    """After these (start, end) segments' rows are gone: trim or rebuild their runs.

    The fast path is retention's: a run's oldest segments went, and what is left of
    it starts at a segment of its own reasons that nothing deleted overlapped.
    """
    if not deleted:
        return
    spans = [(start, _FOREVER if end is None else end) for start, end in deleted]
    low = min(start for start, _ in spans)
    high = max(end for _, end in spans)
    stale = False
    for run_id, run_start, run_end, run_reasons in runs_overlapping(
        db, camera, stream, low, high + 1
    ):
        stop = _FOREVER if run_end is None else run_end
        touching = [(s, e) for s, e in spans if s < stop and (e > run_start or s >= run_start)]
        if not touching:
            continue
        if any(s < run_start for s, _ in touching):  # a segment cut to fit went
            stale = True
            continue
        first = _fetch(
            db,
            "SELECT start_us, record_reasons FROM segment WHERE camera_id = ? AND stream = ?"
            " AND start_us >= ? AND start_us < ? ORDER BY start_us LIMIT 1",
            (camera, stream, run_start, stop),
        )
        reaching_in = _fetch(  # a segment from before the run, cut to fit, is left
            db,
            "SELECT 1 FROM segment WHERE camera_id = ? AND stream = ? AND start_us >= ?"
            " AND start_us < ? AND (end_us IS NULL OR end_us > ?) LIMIT 1",
            (camera, stream, run_start - MAX_SEGMENT_US, run_start, run_start),
        )
        if reaching_in:
            stale = True
        elif not first:
            db.execute_sql("DELETE FROM recording_run WHERE id = ?", (run_id,))
        elif (
            max(s for s, _ in touching) < first[0][0]
            and max(e for _, e in touching) <= first[0][0]
            and first[0][1] == run_reasons
        ):
            db.execute_sql(
                "UPDATE recording_run SET start_us = ? WHERE id = ?", (first[0][0], run_id)
            )
        else:
            stale = True
    if stale:
        rebuild(db, camera, stream, low, high if high != _FOREVER else low + 1)


def rebuild(db: SqliteDatabase, camera: int, stream: int, t0_us: int, t1_us: int) -> None:
    """Recompute, from the segments, every run touching [t0_us, t1_us]."""
    touched = runs_overlapping(db, camera, stream, t0_us - MAX_GAP_US, t1_us + MAX_GAP_US)
    span0 = min([t0_us, *(r[1] for r in touched)])
    span1 = max([t1_us, *((_FOREVER if r[2] is None else r[2]) for r in touched)])
    while True:  # a segment crossing span0 belongs to a run that starts earlier
        crossing = _fetch(
            db,
            "SELECT min(start_us) FROM segment WHERE camera_id = ? AND stream = ?"
            " AND start_us >= ? AND start_us < ? AND (end_us IS NULL OR end_us > ?)",
            (camera, stream, span0 - MAX_SEGMENT_US, span0, span0),
        )[0][0]
        if crossing is None:
            break
        previous = _fetch(
            db,
            "SELECT min(start_us, ?) FROM recording_run WHERE camera_id = ? AND stream = ?"
            " AND start_us < ? ORDER BY start_us DESC LIMIT 1",
            (crossing, camera, stream, span0),
        )
        span0 = previous[0][0] if previous else crossing
    while True:  # every run starting in the span goes, so the span covers its end too
        ends = _fetch(
            db,
            "SELECT max(coalesce(end_us, ?)) FROM recording_run"
            " WHERE camera_id = ? AND stream = ? AND start_us >= ? AND start_us <= ?",
            (_FOREVER, camera, stream, span0, span1),
        )
        if ends[0][0] is None or ends[0][0] <= span1:
            break
        span1 = ends[0][0]
    if _fetch(  # an open segment reaches "now": everything after it is inside its run
        db,
        "SELECT 1 FROM segment WHERE camera_id = ? AND stream = ? AND start_us >= ?"
        " AND start_us <= ? AND end_us IS NULL LIMIT 1",
        (camera, stream, span0, span1),
    ):
        span1 = _FOREVER
    for run in touched:
        db.execute_sql("DELETE FROM recording_run WHERE id = ?", (run[0],))
    db.execute_sql(
        "DELETE FROM recording_run WHERE camera_id = ? AND stream = ? AND start_us >= ?"
        " AND start_us <= ?",
        (camera, stream, span0, span1),
    )
    segments = _fetch(
        db,
        "SELECT start_us, end_us, record_reasons FROM segment WHERE camera_id = ? AND stream = ?"
        " AND start_us >= ? AND start_us <= ? ORDER BY start_us, id",
        (camera, stream, span0, span1),
    )
    _insert_merged(db, camera, stream, segments)


def _insert_merged(
    db: SqliteDatabase, camera: int, stream: int, segments: Iterable[tuple[int, int | None, int]]
) -> None:
    runs: list[list[int]] = []
    for start, end, reasons in segments:
        stop = _FOREVER if end is None else end
        if runs:
            last = runs[-1]
            if last[1] == _FOREVER:
                # An open segment reaches "now", which is after every completed
                # segment's end: what starts after it is inside it (the timeline's
                # merge gives the same).
                continue
            if start - last[1] <= MAX_GAP_US and reasons == last[2]:
                last[1] = max(last[1], stop)
                continue
            start = max(start, last[1])
        if stop > start:
            runs.append([start, stop, reasons])
    for start, stop, reasons in runs:
        db.execute_sql(
            "INSERT INTO recording_run (camera_id, stream, start_us, end_us, record_reasons)"
            " VALUES (?, ?, ?, ?, ?)",
            (camera, stream, start, None if stop == _FOREVER else stop, reasons),
        )


def rebuild_streams(db: SqliteDatabase, pairs: Iterable[tuple[int, int]]) -> None:
    """Every run of these (camera, stream) pairs, recomputed from their segments."""
    for camera, stream in pairs:
        db.execute_sql(
            "DELETE FROM recording_run WHERE camera_id = ? AND stream = ?", (camera, stream)
        )
        segments = _fetch(
            db,
            "SELECT start_us, end_us, record_reasons FROM segment WHERE camera_id = ?"
            " AND stream = ? ORDER BY start_us, id",
            (camera, stream),
        )
        _insert_merged(db, camera, stream, segments)


def rebuild_all(db: SqliteDatabase) -> None:
    """Every camera stream's runs from its segments (after a bulk load)."""
    db.execute_sql("DELETE FROM recording_run")
    rebuild_streams(db, _fetch(db, "SELECT DISTINCT camera_id, stream FROM segment", ()))
