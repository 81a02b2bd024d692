"""Segment bookkeeping and the segment queries, edges included."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from vedette_api.media.packet import Codec
from vedette_server.catalog import (
    MAX_SEGMENT_US,
    CameraNotFound,
    Catalog,
    DiskGroupNotFound,
    InvalidSegment,
    InvalidTimeRange,
    RecordReason,
    SegmentLocked,
    SegmentNotFound,
    SegmentNotOpen,
    SegmentPathTaken,
    SegmentRow,
    Stream,
    VolumeNotFound,
    camera_recording_totals,
    complete_segment,
    expired_segments,
    forget_garbage,
    garbage,
    mark_garbage,
    oldest_unlocked_segments,
    open_catalog,
    open_segment,
    open_segments,
    segments_overlapping,
    set_locked,
    timeline,
    volume_recording_span,
)
from vedette_server.catalog.models import DAY_US, Camera, DiskGroup, Segment, Volume
from vedette_server.catalog.segments import segments_before, segments_from

T0 = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z
S = 1_000_000  # one second in µs


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        yield opened


def add_camera(catalog: Catalog, name: str, *, expiry_days: int | None = None) -> int:
    query = Camera.insert(
        name=name, main_url="rtsp://cam/", expiry_days=expiry_days, created_us=T0, updated_us=T0
    )
    return int(query.execute(catalog.database))


def add_volume(catalog: Catalog, disk_group: int = 1) -> int:
    volume_uuid = str(uuid.uuid4())
    query = Volume.insert(uuid=volume_uuid, path=f"/volumes/{volume_uuid}", disk_group=disk_group)
    return int(query.execute(catalog.database))


def add_segment(
    catalog: Catalog,
    camera_id: int,
    volume_id: int,
    start_us: int,
    end_us: int | None,
    *,
    stream: Stream = Stream.MAIN,
    reasons: int = RecordReason.SCHEDULE,
    size_bytes: int = 1000,
) -> int:
    relpath = f"{camera_id}/{stream.name.lower()}/{start_us}.vseg"
    segment_id = open_segment(
        catalog, camera_id, stream, volume_id, relpath, start_us, Codec.H264, 1920, 1080, reasons
    )
    if end_us is not None:
        complete_segment(catalog, segment_id, end_us, size_bytes, 25, b"\x01\x02")
    return segment_id


def lock(catalog: Catalog, *segment_ids: int) -> None:
    Segment.update(locked=True).where(Segment.id.in_(segment_ids)).execute(catalog.database)


def ids(rows: Sequence[SegmentRow]) -> list[int]:
    return [row.id for row in rows]


def test_a_segment_is_open_from_its_insertion_until_completed(catalog: Catalog) -> None:
    camera, volume = add_camera(catalog, "gate"), add_volume(catalog)
    segment_id = add_segment(catalog, camera, volume, T0, None, reasons=RecordReason.MOTION)
    [row] = open_segments(catalog)
    assert (row.id, row.is_open, row.end_us, row.size_bytes, row.frames) == (
        segment_id, True, None, 0, 0,
    )  # fmt: skip
    assert (row.camera_id, row.stream, row.volume_id, row.codec) == (
        camera, Stream.MAIN, volume, Codec.H264,
    )  # fmt: skip
    complete_segment(
        catalog, segment_id, T0 + 60 * S, 4_000_000, 1500, b"index",
        record_reasons=RecordReason.MOTION | RecordReason.SENSOR,
    )  # fmt: skip
    assert open_segments(catalog) == []
    [row] = segments_overlapping(catalog, camera, Stream.MAIN, T0, T0 + 1)
    assert (row.end_us, row.size_bytes, row.frames, row.keyframe_index) == (
        T0 + 60 * S, 4_000_000, 1500, b"index",
    )  # fmt: skip
    assert row.record_reasons == RecordReason.MOTION | RecordReason.SENSOR
    assert (row.width, row.height, row.locked) == (1920, 1080, False)


def test_completing_twice_or_an_unknown_segment_is_refused(catalog: Catalog) -> None:
    segment_id = add_segment(catalog, add_camera(catalog, "c"), add_volume(catalog), T0, T0 + S)
    with pytest.raises(SegmentNotOpen) as refused:
        complete_segment(catalog, segment_id, T0 + 2 * S, 1, 1, b"")
    assert refused.value.end_us == T0 + S
    with pytest.raises(SegmentNotFound):
        complete_segment(catalog, segment_id + 1, T0 + S, 1, 1, b"")


def test_a_segment_ends_between_its_start_and_max_segment_us_later(catalog: Catalog) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    segment_id = add_segment(catalog, camera, volume, T0, None)
    for bad_end_us in (T0 - 1, T0 + MAX_SEGMENT_US + 1):
        with pytest.raises(InvalidSegment) as refused:
            complete_segment(catalog, segment_id, bad_end_us, 1, 1, b"")
        assert (refused.value.field_name, refused.value.value) == ("end_us", bad_end_us)
    complete_segment(catalog, segment_id, T0 + MAX_SEGMENT_US, 1, 1, b"")


def test_completion_may_correct_the_start_to_the_first_records_time(catalog: Catalog) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    segment_id = add_segment(catalog, camera, volume, T0, None)
    with pytest.raises(InvalidSegment):  # measured from the corrected start
        complete_segment(catalog, segment_id, T0 + 200 * S, 1, 1, b"", start_us=T0 + 250 * S)
    complete_segment(catalog, segment_id, T0 + 200 * S, 1, 1, b"", start_us=T0 + 40 * S)
    [row] = segments_overlapping(catalog, camera, Stream.MAIN, T0, T0 + DAY_US)
    assert (row.start_us, row.end_us) == (T0 + 40 * S, T0 + 200 * S)
    assert row.relpath == f"{camera}/main/{T0}.vseg"  # the file keeps its name


@pytest.mark.parametrize(
    ("field_name", "change"),
    [
        ("stream", {"stream": 3}),
        ("codec", {"codec": Codec.AAC}),
        ("width", {"width": -1}),
        ("record_reasons", {"record_reasons": -1}),
        ("record_reasons", {"record_reasons": 32}),
    ],
)
def test_open_segment_names_the_field_it_refuses(
    catalog: Catalog, field_name: str, change: dict[str, object]
) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    fields: dict[str, object] = {
        "camera_id": camera, "stream": 1, "volume_id": volume, "relpath": "x.vseg",
        "start_us": T0, "codec": Codec.H264, "width": 640, "height": 360, "record_reasons": 1,
    }  # fmt: skip
    with pytest.raises(InvalidSegment) as refused:
        open_segment(catalog, **{**fields, **change})  # type: ignore[arg-type]
    assert refused.value.field_name == field_name
    assert open_segments(catalog) == []


def test_open_segment_names_a_missing_camera_or_volume(catalog: Catalog) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    with pytest.raises(CameraNotFound) as no_camera:
        open_segment(catalog, camera + 1, 1, volume, "a.vseg", T0, Codec.H264, 1, 1, 1)
    assert no_camera.value.camera_id == camera + 1
    with pytest.raises(VolumeNotFound) as no_volume:
        open_segment(catalog, camera, 1, volume + 1, "a.vseg", T0, Codec.H264, 1, 1, 1)
    assert no_volume.value.volume_id == volume + 1
    assert open_segments(catalog) == []


def test_a_path_belongs_to_one_segment_and_is_not_reused_before_its_file_is_gone(
    catalog: Catalog,
) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)

    def open_at(relpath: str) -> int:
        return open_segment(catalog, camera, 1, volume, relpath, T0, Codec.H264, 1, 1, 1)

    first = open_at("same.vseg")
    with pytest.raises(SegmentPathTaken) as taken:
        open_at("same.vseg")
    assert (taken.value.volume_id, taken.value.relpath) == (volume, "same.vseg")
    complete_segment(catalog, first, T0 + S, 1, 1, b"")
    [marked] = mark_garbage(catalog, [first])
    with pytest.raises(SegmentPathTaken):  # its file may still be on disk
        open_at("same.vseg")
    forget_garbage(catalog, [marked.id])
    open_at("same.vseg")
    other_volume = add_volume(catalog)
    open_segment(catalog, camera, 1, other_volume, "same.vseg", T0, Codec.H264, 1, 1, 1)


def test_segments_overlapping_includes_exactly_the_segments_touching_the_window(
    catalog: Catalog,
) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    other = add_camera(catalog, "other")
    a = add_segment(catalog, camera, volume, T0, T0 + 60 * S)
    b = add_segment(catalog, camera, volume, T0 + 60 * S, T0 + 120 * S)
    c = add_segment(catalog, camera, volume, T0 + 120 * S, T0 + 120 * S + MAX_SEGMENT_US)
    d = add_segment(catalog, camera, volume, T0 + 500 * S, None)  # open
    add_segment(catalog, camera, volume, T0 + 30 * S, T0 + 90 * S, stream=Stream.SUB)
    add_segment(catalog, other, volume, T0 + 30 * S, T0 + 90 * S)

    def query(t0_us: int, t1_us: int) -> list[int]:
        return ids(segments_overlapping(catalog, camera, Stream.MAIN, t0_us, t1_us))

    assert query(T0 + 60 * S, T0 + 120 * S) == [b]  # [start, end): a ends, c starts at edges
    assert query(T0 + 60 * S - 1, T0 + 60 * S) == [a]
    assert query(T0 - 10 * S, T0 + 10_000 * S) == [a, b, c, d]
    assert query(T0 + 419 * S, T0 + 421 * S) == [c]  # c lasts MAX_SEGMENT_US: still found
    assert query(T0 + 420 * S, T0 + 499 * S) == []  # c ended at 420 s; d starts at 500 s
    assert query(T0 + 10**6 * S, T0 + 10**6 * S + 1) == []  # d is open, but started too early
    assert query(T0 + 600 * S, T0 + 700 * S) == [d]
    assert ids(segments_overlapping(catalog, camera, Stream.SUB, T0, T0 + S)) == []
    with pytest.raises(InvalidTimeRange):
        query(T0, T0)


def captured_statements(catalog: Catalog, action: Callable[[], object]) -> list[str]:
    statements: list[str] = []
    conn = catalog.database.connection()
    conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return statements


OVERLAP_SEARCH = (
    "SEARCH segment USING INDEX segment_camera_stream_start"
    " (camera_id=? AND stream=? AND start_us>? AND start_us<?)"
)
BY_ID = "SEARCH segment USING INTEGER PRIMARY KEY (rowid=?)"  # rows of the keys found


_BY_CAMERA_STREAM = (
    "SEARCH segment USING INDEX segment_camera_stream_start (camera_id=? AND stream=?"
)
OVERLAP_SEARCH_FROM = f"{_BY_CAMERA_STREAM} AND start_us>?)"
BEFORE_SEARCH = f"{_BY_CAMERA_STREAM} AND start_us<?)"


@pytest.mark.parametrize(
    ("query", "searches"),
    [
        (lambda c: segments_overlapping(c, 1, 1, T0, T0 + 3600 * S), [OVERLAP_SEARCH]),
        # The default timeline reads recording_run (one statement per camera: the
        # window's runs, from the last one starting before it), the segment-merging
        # one segment.
        (
            lambda c: timeline(c, [1], T0, T0 + DAY_US),
            [
                (
                    "SEARCH recording_run USING INDEX recording_run_camera_stream_start"
                    " (camera_id=? AND stream=? AND start_us>? AND start_us<?)",
                    "SCALAR SUBQUERY 1",
                    "SEARCH recording_run USING COVERING INDEX recording_run_camera_stream_start"
                    " (camera_id=? AND stream=? AND start_us<?)",
                ),
            ],
        ),
        (lambda c: timeline(c, [1], T0, T0 + DAY_US, max_gap_us=0), [OVERLAP_SEARCH]),
        (lambda c: set_locked(c, 1, T0, T0 + S, True), [OVERLAP_SEARCH]),
        (
            lambda c: expired_segments(c, T0 + 30 * DAY_US, 10),
            [
                "SEARCH segment USING INDEX segment_camera_stream_start"
                " (camera_id=? AND stream=? AND start_us<?)",
                BY_ID,
            ],
        ),
        (
            lambda c: oldest_unlocked_segments(c, 1, 10),
            ["SEARCH segment USING INDEX segment_volume_start (volume_id=?)", BY_ID],
        ),
        # A scan of the partial index, which holds only the open segments.
        (lambda c: open_segments(c), ["SCAN segment USING INDEX segment_open"]),
        (lambda c: segments_from(c, 1, 1, T0 + DAY_US, 16), [OVERLAP_SEARCH_FROM]),
        (lambda c: segments_before(c, 1, 1, T0 + DAY_US, 16), [BEFORE_SEARCH]),
    ],
    ids=[
        "overlapping",
        "timeline",
        "timeline_segments",
        "set_locked",
        "expired",
        "oldest_unlocked",
        "open",
        "playback_from",
        "playback_before",
    ],
)
def test_segment_queries_search_an_index_instead_of_scanning(
    catalog: Catalog, query: Callable[[Catalog], object], searches: list[str | tuple[str, ...]]
) -> None:
    camera = add_camera(catalog, "c", expiry_days=1)
    volume = add_volume(catalog)
    rows = [
        (camera, stream, volume, f"{stream}/{i}.vseg", T0 + i * 60 * S, T0 + (i + 1) * 60 * S,
         1, "h264", 1, 1)
        for i in range(3000) for stream in (1, 2)
    ]  # fmt: skip
    with catalog.atomic():
        catalog.database.cursor().executemany(
            "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, end_us,"
            " record_reasons, codec, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    plans = [
        [row[3] for row in catalog.database.execute_sql(f"EXPLAIN QUERY PLAN {statement}")]
        for statement in captured_statements(catalog, lambda: query(catalog))
        if statement.startswith(("SELECT", "UPDATE"))
        and any(
            f"{verb} {table}" in statement
            for verb in ("FROM", "UPDATE")
            for table in ("segment ", "recording_run ")
        )
    ]
    expected = [search if isinstance(search, tuple) else (search,) for search in searches]
    assert sorted({tuple(plan) for plan in plans}) == sorted(expected)


def test_fifo_returns_the_oldest_unlocked_complete_segments_of_the_groups_volumes(
    catalog: Catalog,
) -> None:
    DiskGroup.insert(id=2, name="Group 2").execute(catalog.database)
    v1, v2, elsewhere = add_volume(catalog), add_volume(catalog), add_volume(catalog, 2)
    a, b = add_camera(catalog, "a"), add_camera(catalog, "b")
    oldest = add_segment(catalog, a, elsewhere, T0 - 100 * S, T0 - 40 * S)  # group 2
    s1 = add_segment(catalog, a, v1, T0, T0 + 60 * S)
    s2 = add_segment(catalog, b, v2, T0 + 10 * S, T0 + 70 * S)
    locked = add_segment(catalog, b, v1, T0 + 20 * S, T0 + 80 * S)
    s3 = add_segment(catalog, a, v2, T0 + 30 * S, T0 + 90 * S, stream=Stream.SUB)
    add_segment(catalog, a, v1, T0 + 5 * S, None)  # open: still being written
    s4 = add_segment(catalog, b, v1, T0 + 60 * S, T0 + 120 * S)
    lock(catalog, locked)
    # Camera b moving to group 2 does not move its recordings out of group 1's FIFO.
    Camera.update(disk_group=2).where(Camera.id == b).execute(catalog.database)
    assert ids(oldest_unlocked_segments(catalog, 1, 10)) == [s1, s2, s3, s4]
    assert ids(oldest_unlocked_segments(catalog, 1, 2)) == [s1, s2]
    assert ids(oldest_unlocked_segments(catalog, 2, 10)) == [oldest]
    DiskGroup.insert(id=3, name="Group 3").execute(catalog.database)
    assert oldest_unlocked_segments(catalog, 3, 10) == []
    with pytest.raises(DiskGroupNotFound):
        oldest_unlocked_segments(catalog, 4, 10)
    with pytest.raises(ValueError, match="limit"):
        oldest_unlocked_segments(catalog, 1, 0)


def test_expiry_follows_each_cameras_days_and_spares_locked_and_open_segments(
    catalog: Catalog,
) -> None:
    volume = add_volume(catalog)
    one_day = add_camera(catalog, "one day", expiry_days=1)
    three_days = add_camera(catalog, "three days", expiry_days=3)
    forever = add_camera(catalog, "until overwritten")
    now_us = T0 + 10 * DAY_US
    cutoff_1, cutoff_3 = now_us - DAY_US, now_us - 3 * DAY_US
    at_cutoff = add_segment(catalog, one_day, volume, cutoff_1 - 60 * S, cutoff_1)
    add_segment(catalog, one_day, volume, cutoff_1 - 60 * S + 1, cutoff_1 + 1)  # 1 µs too young
    sub = add_segment(catalog, one_day, volume, cutoff_1 - 120 * S, cutoff_1 - 60 * S,
                      stream=Stream.SUB)  # fmt: skip
    old_3 = add_segment(catalog, three_days, volume, cutoff_3 - 3600 * S, cutoff_3 - 3540 * S)
    add_segment(catalog, three_days, volume, cutoff_1 - 120 * S, cutoff_1 - 60 * S)  # 1 day old
    locked = add_segment(catalog, three_days, volume, cutoff_3 - 7200 * S, cutoff_3 - 7140 * S)
    lock(catalog, locked)
    add_segment(catalog, three_days, volume, cutoff_3 - 9000 * S, None)  # open since long ago
    add_segment(catalog, forever, volume, T0, T0 + 60 * S)
    assert ids(expired_segments(catalog, now_us, 10)) == [old_3, sub, at_cutoff]
    assert ids(expired_segments(catalog, now_us, 1)) == [old_3]
    assert expired_segments(catalog, T0, 10) == []


def test_marking_garbage_swaps_segment_rows_for_garbage_rows(catalog: Catalog) -> None:
    camera, volume, other_volume = (
        add_camera(catalog, "c"),
        add_volume(catalog),
        add_volume(catalog),
    )
    s1 = add_segment(catalog, camera, volume, T0, T0 + 60 * S, size_bytes=111)
    s2 = add_segment(catalog, camera, other_volume, T0 + 60 * S, T0 + 120 * S, size_bytes=222)
    kept = add_segment(catalog, camera, volume, T0 + 120 * S, T0 + 180 * S)
    rows = mark_garbage(catalog, [s2, s1, s2], marked_us=T0 + DAY_US)
    assert [(r.volume_id, r.relpath, r.size_bytes, r.camera_id, r.marked_us) for r in rows] == [
        (other_volume, f"{camera}/main/{T0 + 60 * S}.vseg", 222, camera, T0 + DAY_US),
        (volume, f"{camera}/main/{T0}.vseg", 111, camera, T0 + DAY_US),
    ]
    assert garbage(catalog) == sorted(rows, key=lambda r: r.id)
    assert garbage(catalog, volume) == [rows[1]]
    assert ids(segments_overlapping(catalog, camera, 1, T0, T0 + DAY_US)) == [kept]
    assert forget_garbage(catalog, [rows[0].id]) == 1
    assert forget_garbage(catalog, [rows[0].id, rows[1].id]) == 1  # forgetting twice is harmless
    assert garbage(catalog) == []


@pytest.mark.parametrize("problem", ["unknown", "locked"])
def test_mark_garbage_changes_nothing_when_any_segment_cannot_go(
    catalog: Catalog, problem: str
) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    good = add_segment(catalog, camera, volume, T0, T0 + 60 * S)
    bad = add_segment(catalog, camera, volume, T0 + 60 * S, T0 + 120 * S)
    if problem == "locked":
        lock(catalog, bad)
    else:
        mark_garbage(catalog, [bad])
        forget_garbage(catalog, [g.id for g in garbage(catalog)])
    error: type[SegmentLocked | SegmentNotFound] = (
        SegmentLocked if problem == "locked" else SegmentNotFound
    )
    with pytest.raises(error) as refused:
        mark_garbage(catalog, [good, bad])
    assert isinstance(refused.value, (SegmentLocked, SegmentNotFound))
    assert refused.value.segment_id == bad
    assert good in ids(segments_overlapping(catalog, camera, 1, T0, T0 + DAY_US))
    assert garbage(catalog) == []


def test_set_locked_covers_both_streams_open_segments_included(catalog: Catalog) -> None:
    camera, volume = add_camera(catalog, "c"), add_volume(catalog)
    before = add_segment(catalog, camera, volume, T0, T0 + 60 * S)
    main = add_segment(catalog, camera, volume, T0 + 60 * S, T0 + 120 * S)
    sub = add_segment(catalog, camera, volume, T0 + 90 * S, T0 + 150 * S, stream=Stream.SUB)
    live = add_segment(catalog, camera, volume, T0 + 120 * S, None)
    assert set_locked(catalog, camera, T0 + 60 * S, T0 + 200 * S, True) == 3
    assert set_locked(catalog, camera, T0 + 60 * S, T0 + 200 * S, True) == 0
    locked_ids = {
        s.id for stream in Stream
        for s in segments_overlapping(catalog, camera, stream, T0, T0 + DAY_US) if s.locked
    }  # fmt: skip
    assert locked_ids == {main, sub, live}
    assert before not in locked_ids
    assert set_locked(catalog, camera, T0, T0 + DAY_US, False) == 3
    with pytest.raises(CameraNotFound):
        set_locked(catalog, camera + 1, T0, T0 + S, True)


def test_volume_span_runs_from_the_oldest_start_to_the_newest_end(catalog: Catalog) -> None:
    volume, camera = add_volume(catalog), add_camera(catalog, "c")
    assert volume_recording_span(catalog, volume) is None
    add_segment(catalog, camera, volume, T0 + 60 * S, T0 + 120 * S)
    # Starts first but a long (MAX_SEGMENT_US) segment ends last.
    add_segment(catalog, camera, volume, T0 + 30 * S, T0 + 30 * S + MAX_SEGMENT_US,
                stream=Stream.SUB)  # fmt: skip
    elsewhere = add_volume(catalog)
    add_segment(catalog, camera, elsewhere, T0 - DAY_US, T0 - DAY_US + 60 * S)
    add_segment(catalog, camera, elsewhere, T0 + DAY_US, T0 + DAY_US + 60 * S)
    assert volume_recording_span(catalog, volume) == (T0 + 30 * S, T0 + 330 * S)
    add_segment(catalog, camera, volume, T0 + 400 * S, None)  # open: counts from its start
    assert volume_recording_span(catalog, volume) == (T0 + 30 * S, T0 + 400 * S)
    with pytest.raises(VolumeNotFound):
        volume_recording_span(catalog, elsewhere + 1)


def test_camera_totals_count_both_streams_and_open_segments(catalog: Catalog) -> None:
    volume, camera, other = add_volume(catalog), add_camera(catalog, "c"), add_camera(catalog, "o")
    assert camera_recording_totals(catalog, camera) == (0, 0)
    add_segment(catalog, camera, volume, T0, T0 + 60 * S, size_bytes=1000)
    add_segment(catalog, camera, volume, T0, T0 + 60 * S, stream=Stream.SUB, size_bytes=200)
    add_segment(catalog, camera, volume, T0 + 60 * S, None)
    add_segment(catalog, other, volume, T0, T0 + 60 * S, size_bytes=5)
    totals = camera_recording_totals(catalog, camera)
    assert (totals.segments, totals.size_bytes) == (3, 1200)
    with pytest.raises(CameraNotFound):
        camera_recording_totals(catalog, other + 1)


def test_camera_totals_follow_every_insert_completion_and_deletion(catalog: Catalog) -> None:
    volume, camera, other = add_volume(catalog), add_camera(catalog, "c"), add_camera(catalog, "o")

    def recount(camera_id: int) -> tuple[int, int]:
        rows = [
            row for stream in Stream
            for row in segments_overlapping(catalog, camera_id, stream, T0 - DAY_US, T0 + DAY_US)
        ]  # fmt: skip
        return len(rows), sum(row.size_bytes for row in rows)

    ids = [add_segment(catalog, camera, volume, T0 + i * 60 * S, None) for i in range(4)]
    add_segment(catalog, other, volume, T0, T0 + 60 * S, size_bytes=7)
    for i, segment_id in enumerate(ids[:3]):
        complete_segment(catalog, segment_id, T0 + (i + 1) * 60 * S, 1000 * (i + 1), 1, b"")
        assert camera_recording_totals(catalog, camera) == recount(camera)
    mark_garbage(catalog, ids[:2])
    assert camera_recording_totals(catalog, camera) == recount(camera) == (2, 3000)
    assert camera_recording_totals(catalog, other) == (1, 7)
    assert catalog.integrity_check() == []

    catalog.database.execute_sql(
        "UPDATE camera_totals SET size_bytes = 1 WHERE camera_id = ?", (other,)
    )
    assert catalog.integrity_check() == [
        f"camera_totals of camera {other} say 1 segments and 1 bytes;"
        " its segments are 1 and 7 bytes"
    ]
    mark_garbage(catalog, ids[2:])
    assert camera_recording_totals(catalog, camera) == (0, 0)
    Camera.delete().where(Camera.id == camera).execute(catalog.database)
    assert catalog.database.execute_sql(
        "SELECT count(*) FROM camera_totals WHERE camera_id = ?", (camera,)
    ).fetchone() == (0,)


def test_playback_finds_the_segments_after_and_before_an_instant_across_gaps(
    catalog: Catalog,
) -> None:
    camera = add_camera(catalog, "c")
    volume = add_volume(catalog)
    first = add_segment(catalog, camera, volume, T0, T0 + 60 * S)
    second = add_segment(catalog, camera, volume, T0 + 60 * S, T0 + 120 * S)
    far = add_segment(catalog, camera, volume, T0 + 10 * DAY_US, None)  # open, days later
    add_segment(catalog, camera, volume, T0, T0 + 60 * S, stream=Stream.SUB)
    ids = lambda rows: [r.id for r in rows]  # noqa: E731
    assert ids(segments_from(catalog, camera, 1, T0 + 30 * S, 16)) == [first, second, far]
    assert ids(segments_from(catalog, camera, 1, T0 + 120 * S, 16)) == [far]  # across the gap
    assert ids(segments_from(catalog, camera, 1, T0 + 60 * S, 1)) == [second]
    assert ids(segments_before(catalog, camera, 1, T0 + 20 * DAY_US, 2)) == [second, far]
    assert ids(segments_before(catalog, camera, 1, T0 + 61 * S, 16)) == [first, second]
    assert segments_before(catalog, camera, 1, T0, 16) == []
