"""recording_run is kept equal to what merging the segments gives, whatever the
sequence of opens, completions, out-of-order adoptions and deletions."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vedette_api.media.packet import Codec
from vedette_server.catalog import (
    Catalog,
    complete_segment,
    open_catalog,
    open_segment,
    timeline,
)
from vedette_server.catalog.models import Camera, Volume
from vedette_server.catalog.runs import MAX_GAP_US, rebuild_all
from vedette_server.catalog.segments import mark_garbage
from vedette_server.catalog.timeline import Run, _clip, merge_runs

T0 = 1_767_225_600_000_000
S = 1_000_000
FAR = T0 + 10**12  # "now", after everything

# (kind, gap or position, length, reasons, tweak)
op = st.tuples(
    st.sampled_from(["append", "append", "append", "adopt", "drop_oldest", "drop_random"]),
    st.sampled_from([0, 1, MAX_GAP_US, MAX_GAP_US + 1, 5 * S, 600 * S]),
    st.integers(1, 300).map(lambda seconds: seconds * S),
    st.sampled_from([1, 1, 2, 5]),
    st.integers(0, 3),
)


def expected(catalog: Catalog, camera: int, t0: int, t1: int, now: int) -> list[Run]:
    rows = catalog.database.execute_sql(
        "SELECT start_us, end_us, record_reasons FROM segment WHERE camera_id = ? AND stream = 1"
        " ORDER BY start_us, id",
        (camera,),
    ).fetchall()
    spans = [(s, now if e is None else e, r) for s, e, r in rows]
    return _clip(merge_runs(spans, MAX_GAP_US), t0, t1)


def check(catalog: Catalog, camera: int, now: int) -> None:
    bounds = catalog.database.execute_sql(
        "SELECT min(start_us), max(coalesce(end_us, start_us)) FROM segment"
    ).fetchone()
    low = bounds[0] or T0
    high = max(bounds[1] or T0, low) + 1
    # The open segment is the newest one (the recorder's and recovery's order), so
    # "now" is never before the end of a completed segment.
    now = max(now, high)
    windows = [(T0 - S, FAR), (low, high), (low + (high - low) // 3, low + 2 * (high - low) // 3)]
    for t0, t1 in windows:
        if t1 <= t0:
            continue
        got = timeline(catalog, [camera], t0, t1, now_us=now)[camera]
        assert got == expected(catalog, camera, t0, t1, now), (t0, t1)


def play(
    catalog: Catalog, camera: int, other: int, ops: list[tuple[str, int, int, int, int]]
) -> None:
    cursor = T0
    open_id: int | None = None
    open_start = 0
    for serial, (kind, gap, length, reasons, tweak) in enumerate(ops):
        if kind == "append":
            if open_id is not None:  # close the open one first, as the recorder does
                end = open_start + length
                complete_segment(
                    catalog,
                    open_id,
                    end,
                    1,
                    1,
                    b"",
                    start_us=open_start + (tweak * 1000 if tweak == 1 else 0),
                    record_reasons=reasons if tweak == 2 else None,
                )
                cursor = end
                open_id = None
                check(catalog, camera, FAR)
            open_start = cursor + gap - (S if tweak == 3 else 0)  # tweak 3: a clock step
            open_id = open_segment(
                catalog, camera, 1, 1, f"a{serial}.vseg", open_start, Codec.H264, 1, 1, reasons
            )
            # The other camera records in step: it must not disturb this one's runs.
            other_id = open_segment(
                catalog, other, 1, 1, f"o{serial}.vseg", open_start, Codec.H264, 1, 1, 1
            )
            complete_segment(catalog, other_id, open_start + S, 1, 1, b"")
            check(catalog, camera, open_start + length // 2)
        elif kind == "adopt":  # an orphan file given a row, anywhere in the past
            start = T0 + (cursor - T0) * tweak // 4 + gap
            adopted = open_segment(
                catalog, camera, 1, 1, f"r{serial}.vseg", start, Codec.H264, 1, 1, reasons
            )
            complete_segment(catalog, adopted, start + length, 1, 1, b"")
        else:
            rows = catalog.database.execute_sql(
                "SELECT id FROM segment WHERE camera_id = ? AND end_us IS NOT NULL"
                " ORDER BY start_us, id",
                (camera,),
            ).fetchall()
            if rows:
                if kind == "drop_oldest":
                    ids = [row[0] for row in rows[: tweak + 1]]
                else:
                    ids = [rows[(gap + length) % len(rows)][0]]
                mark_garbage(catalog, ids)
        check(catalog, camera, FAR)
    if open_id is not None:
        complete_segment(catalog, open_id, open_start + S, 1, 1, b"")
        check(catalog, camera, FAR)
    # Derived data: a rebuild from scratch gives the same rows.
    kept = catalog.database.execute_sql(
        "SELECT camera_id, stream, start_us, end_us, record_reasons FROM recording_run"
        " ORDER BY camera_id, stream, start_us"
    ).fetchall()
    rebuild_all(catalog.database)
    rebuilt = catalog.database.execute_sql(
        "SELECT camera_id, stream, start_us, end_us, record_reasons FROM recording_run"
        " ORDER BY camera_id, stream, start_us"
    ).fetchall()
    assert kept == rebuilt


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, min_size=1, max_size=16))
# A segment opened before one already recorded (the clock stepped back): its open run
# reaches "now" and holds the later one (found by CI).
@example([("adopt", 5 * S, 10 * S, 2, 0), ("append", 0, 1 * S, 1, 0)])
def test_runs_match_the_segments_after_any_sequence_of_changes(
    ops: list[tuple[str, int, int, int, int]],
) -> None:
    with (
        tempfile.TemporaryDirectory() as directory,
        open_catalog(Path(directory) / "catalog.sqlite3") as catalog,
    ):
        db = catalog.database
        Volume.insert(uuid=str(uuid.uuid4()), path="/volume").execute(db)
        camera, other = (
            int(Camera.insert(name=n, main_url="rtsp://c/", created_us=T0, updated_us=T0)
                .execute(db))
            for n in ("a", "b")
        )  # fmt: skip
        play(catalog, camera, other, ops)


def test_a_year_of_segments_is_one_run_and_the_query_reads_only_it(tmp_path: Path) -> None:
    with open_catalog(tmp_path / "catalog.sqlite3") as catalog:
        db = catalog.database
        Volume.insert(uuid=str(uuid.uuid4()), path="/volume").execute(db)
        camera = int(
            Camera.insert(name="a", main_url="rtsp://c/", created_us=T0, updated_us=T0).execute(db)
        )
        minute = 60 * S
        with catalog.atomic():
            db.cursor().executemany(
                "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, end_us,"
                " record_reasons, codec, width, height) VALUES (?, 1, 1, ?, ?, ?, 1, 'h264', 1, 1)",
                [(camera, f"{i}.vseg", T0 + i * minute, T0 + (i + 1) * minute)
                 for i in range(365 * 24 * 60)],
            )  # fmt: skip
            rebuild_all(db)
        assert db.execute_sql("SELECT count(*) FROM recording_run").fetchone() == (1,)
        end = T0 + 365 * 24 * 60 * minute
        assert timeline(catalog, [camera], T0 - S, end + S, now_us=FAR)[camera] == [Run(T0, end, 1)]
        # Retention takes the oldest day: the run starts a day later, still one row.
        day = db.execute_sql("SELECT id FROM segment ORDER BY start_us LIMIT 1440").fetchall()
        mark_garbage(catalog, [row[0] for row in day])
        assert timeline(catalog, [camera], T0, end, now_us=FAR)[camera] == [
            Run(T0 + 1440 * minute, end, 1)
        ]


def test_a_segment_closed_where_it_starts_completes_and_adds_no_run(tmp_path: Path) -> None:
    """Stopped right after it opened, a segment holds one keyframe whose duration is
    not known yet: it ends where it starts. Its completion failed on recording_run's
    CHECK (a run ends after it starts) and the row stayed open (issue 12)."""
    with open_catalog(tmp_path / "catalog.sqlite3") as catalog:
        db = catalog.database
        Volume.insert(uuid=str(uuid.uuid4()), path="/volume").execute(db)
        camera = int(
            Camera.insert(name="a", main_url="rtsp://c/", created_us=T0, updated_us=T0).execute(db)
        )

        def segment(start: int, end: int, name: str) -> None:
            opened = open_segment(catalog, camera, 1, 1, name, start, Codec.H264, 1, 1, 1)
            complete_segment(catalog, opened, end, 1, 1, b"")

        segment(T0, T0 + 60 * S, "a.vseg")
        segment(T0 + 600 * S, T0 + 600 * S, "alone.vseg")  # after a gap: a run of its own
        segment(T0 + 60 * S + 40_000, T0 + 60 * S + 40_000, "joined.vseg")  # adopted later
        assert timeline(catalog, [camera], T0, T0 + 3600 * S, now_us=FAR)[camera] == [
            Run(T0, T0 + 60 * S + 40_000, 1)
        ]
        still_open = db.execute_sql("SELECT count(*) FROM segment WHERE end_us IS NULL")
        assert still_open.fetchone() == (0,)
        check(catalog, camera, FAR)
