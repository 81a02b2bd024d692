"""Timeline runs: merging, reasons, open segments, clipping and resolution."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_api.media.packet import Codec
from vedette_server.catalog import (
    DAY_US,
    Catalog,
    InvalidTimeRange,
    RecordReason,
    Run,
    Stream,
    complete_segment,
    open_catalog,
    open_segment,
    timeline,
)
from vedette_server.catalog.models import Camera, Volume
from vedette_server.catalog.runs import rebuild_all
from vedette_server.catalog.timeline import coarsen, merge_runs

T0 = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z
S = 1_000_000
MIN = 60 * S
SCHEDULE, MOTION = RecordReason.SCHEDULE, RecordReason.MOTION


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "catalog.sqlite3") as opened:
        volume_id = Volume.insert(uuid=str(uuid.uuid4()), path="/volume").execute(opened.database)
        assert volume_id == VOLUME_ID
        yield opened


VOLUME_ID = 1  # the first volume of a new catalog


def add_camera(catalog: Catalog, name: str = "cam") -> int:
    query = Camera.insert(name=name, main_url="rtsp://c/", created_us=T0, updated_us=T0)
    return int(query.execute(catalog.database))


def record(
    catalog: Catalog,
    camera_id: int,
    spans: Sequence[tuple[int, int | None, int]],
    stream: Stream = Stream.MAIN,
) -> None:
    """Segments (start_us, end_us or None when open, reasons) through the public API."""
    for start_us, end_us, reasons in spans:
        relpath = f"{camera_id}/{stream}/{start_us}.vseg"
        segment_id = open_segment(
            catalog, camera_id, stream, VOLUME_ID, relpath, start_us, Codec.H264, 1, 1, reasons
        )
        if end_us is not None:
            complete_segment(catalog, segment_id, end_us, 1, 1, b"")


def minute_segments(start_us: int, end_us: int, reasons: int) -> list[tuple[int, int, int]]:
    """[start_us, end_us) as back-to-back segments of at most a minute."""
    starts = range(start_us, end_us, MIN)
    return [(s, min(s + MIN, end_us), reasons) for s in starts]


def bulk_record(catalog: Catalog, rows: list[tuple[int, int, int, int]]) -> None:
    """Many (camera, start_us, end_us, reasons) main-stream segments in one transaction."""
    with catalog.atomic():
        catalog.database.cursor().executemany(
            "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, end_us,"
            " record_reasons, codec, width, height) VALUES (?, 1, ?, ?, ?, ?, ?, 'h264', 1, 1)",
            [(c, VOLUME_ID, f"{c}/{s}.vseg", s, e, r) for c, s, e, r in rows],
        )
        rebuild_all(catalog.database)  # rows written around catalog.segments


def runs_of(catalog: Catalog, camera_id: int, t0_us: int, t1_us: int, **options: int) -> list[Run]:
    return timeline(catalog, [camera_id], t0_us, t1_us, **options)[camera_id]


def test_contiguous_segments_merge_and_gaps_over_max_gap_split(catalog: Catalog) -> None:
    camera = add_camera(catalog)
    max_gap = 1_500_000
    record(
        catalog, camera,
        [
            (T0, T0 + MIN, SCHEDULE),
            (T0 + MIN, T0 + 2 * MIN, SCHEDULE),  # touching
            (T0 + 2 * MIN + max_gap, T0 + 3 * MIN, SCHEDULE),  # exactly max_gap later: merged
            (T0 + 3 * MIN + max_gap + 1, T0 + 4 * MIN, SCHEDULE),  # 1 µs more: a gap
        ],
    )  # fmt: skip
    assert runs_of(catalog, camera, T0, T0 + DAY_US, now_us=T0 + DAY_US) == [
        Run(T0, T0 + 3 * MIN, SCHEDULE),
        Run(T0 + 3 * MIN + max_gap + 1, T0 + 4 * MIN, SCHEDULE),
    ]
    assert len(runs_of(catalog, camera, T0, T0 + DAY_US, max_gap_us=0)) == 3


def test_a_change_of_reasons_starts_a_new_run(catalog: Catalog) -> None:
    camera = add_camera(catalog)
    both = SCHEDULE | MOTION
    record(
        catalog, camera,
        [
            (T0, T0 + MIN, SCHEDULE),
            (T0 + MIN, T0 + 2 * MIN, both),
            (T0 + 2 * MIN, T0 + 3 * MIN, both),
            (T0 + 3 * MIN, T0 + 4 * MIN, SCHEDULE),
        ],
    )  # fmt: skip
    assert runs_of(catalog, camera, T0, T0 + DAY_US) == [
        Run(T0, T0 + MIN, SCHEDULE),
        Run(T0 + MIN, T0 + 3 * MIN, both),
        Run(T0 + 3 * MIN, T0 + 4 * MIN, SCHEDULE),
    ]


def test_an_open_segment_reaches_now(catalog: Catalog) -> None:
    camera = add_camera(catalog)
    record(catalog, camera, [(T0, T0 + MIN, SCHEDULE), (T0 + MIN, None, SCHEDULE)])
    assert runs_of(catalog, camera, T0, T0 + DAY_US, now_us=T0 + MIN + 30 * S) == [
        Run(T0, T0 + MIN + 30 * S, SCHEDULE)
    ]
    # A clock behind the segment's start: nothing past what is known.
    assert runs_of(catalog, camera, T0, T0 + DAY_US, now_us=T0) == [Run(T0, T0 + MIN, SCHEDULE)]


def test_runs_are_clipped_to_the_window_and_every_camera_is_answered(catalog: Catalog) -> None:
    camera, idle = add_camera(catalog, "a"), add_camera(catalog, "idle")
    record(catalog, camera, [(T0, T0 + MIN, SCHEDULE), (T0 + MIN, T0 + 2 * MIN, SCHEDULE)])
    record(catalog, camera, [(T0 + 5 * MIN, T0 + 6 * MIN, MOTION)], stream=Stream.SUB)
    result = timeline(catalog, [camera, idle, camera], T0 + 30 * S, T0 + 90 * S)
    assert result == {camera: [Run(T0 + 30 * S, T0 + 90 * S, SCHEDULE)], idle: []}
    assert timeline(catalog, [camera], T0, T0 + DAY_US, stream=Stream.SUB) == {
        camera: [Run(T0 + 5 * MIN, T0 + 6 * MIN, MOTION)]
    }
    with pytest.raises(InvalidTimeRange):
        timeline(catalog, [camera], T0, T0 - 1)
    with pytest.raises(ValueError, match="max_gap_us"):
        timeline(catalog, [camera], T0, T0 + 1, max_gap_us=-1)


def test_resolution_closes_short_gaps_and_folds_short_runs_into_their_neighbours(
    catalog: Catalog,
) -> None:
    camera = add_camera(catalog)
    stretches = [
        (T0, T0 + 5 * MIN, SCHEDULE),
        (T0 + 5 * MIN + 10 * S, T0 + 10 * MIN, SCHEDULE),  # 10 s gap: closed
        (T0 + 10 * MIN, T0 + 10 * MIN + 20 * S, MOTION),  # 20 s of motion: folded in
        (T0 + 20 * MIN, T0 + 30 * MIN, MOTION),  # after a 9 min 40 s gap: kept apart
        (T0 + 30 * MIN + 5 * S, T0 + 40 * MIN, SCHEDULE),  # long, other reasons: own run
    ]
    record(catalog, camera, [seg for stretch in stretches for seg in minute_segments(*stretch)])
    assert runs_of(catalog, camera, T0, T0 + DAY_US, resolution_us=MIN) == [
        Run(T0, T0 + 10 * MIN + 20 * S, SCHEDULE | MOTION),
        Run(T0 + 20 * MIN, T0 + 30 * MIN + 5 * S, MOTION),  # the 5 s gap closed
        Run(T0 + 30 * MIN + 5 * S, T0 + 40 * MIN, SCHEDULE),
    ]


def test_a_day_of_16_cameras_at_1000_pixels_is_a_few_runs_with_the_real_gaps(
    catalog: Catalog,
) -> None:
    cameras = [add_camera(catalog, f"cam {i}") for i in range(16)]
    outages = [(T0 + 3 * 3600 * S, 10 * MIN), (T0 + 11 * 3600 * S, 30 * MIN)]
    rows = []
    for camera in cameras:
        for i in range(DAY_US // MIN):
            start = T0 + i * MIN
            if any(o <= start < o + length for o, length in outages):
                continue
            gap = 2 * S if i % 2 else 0  # a 2 s hole after every other segment
            rows.append((camera, start, start + MIN - gap, int(SCHEDULE)))
    bulk_record(catalog, rows)
    exact = timeline(catalog, cameras, T0, T0 + DAY_US)
    assert all(len(runs) > 600 for runs in exact.values())  # every 2 s hole is a gap
    coarse = timeline(catalog, cameras, T0, T0 + DAY_US, resolution_us=DAY_US // 1000)
    for runs in coarse.values():
        assert len(runs) <= 300
        gaps = [(a.end_us, b.start_us) for a, b in itertools.pairwise(runs)]
        # Each outage follows an odd minute, whose segment stopped 2 s short.
        assert gaps == [(o - 2 * S, o + length) for o, length in outages]
        assert (runs[0].start_us, runs[-1].end_us) == (T0, T0 + DAY_US - 2 * S)


spans_strategy = st.lists(
    st.tuples(
        st.integers(0, 10_000),  # gap before (may be negative below: overlaps)
        st.integers(1, 300),  # length
        st.sampled_from([1, 4, 5]),  # reasons
        st.booleans(),  # overlap the previous span
    ),
    max_size=60,
)


def build_spans(spec: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    cursor = 0
    for gap, length, reasons, overlap in spec:
        start = cursor - length // 2 if overlap and spans else cursor + gap
        spans.append((start, start + length, reasons))
        cursor = max(cursor, start + length)
    return sorted(spans)


@given(spans_strategy, st.integers(0, 50), st.integers(1, 2_000))
def test_runs_are_ordered_disjoint_cover_every_span_and_respect_the_bound(
    spec: list[tuple[int, int, int, bool]], max_gap_us: int, resolution_us: int
) -> None:
    spans = build_spans(spec)
    for runs in (
        merge_runs(spans, max_gap_us),
        coarsen(merge_runs(spans, max_gap_us), resolution_us),
    ):
        assert all(r.end_us > r.start_us for r in runs)
        assert all(a.end_us <= b.start_us for a, b in itertools.pairwise(runs))
        for start, end, _ in spans:  # every recorded instant is in some run
            covering = [r for r in runs if r.start_us < end and r.end_us > start]
            assert sum(min(r.end_us, end) - max(r.start_us, start) for r in covering) == end - start
    coarse = coarsen(merge_runs(spans, max_gap_us), resolution_us)
    for a, b in itertools.pairwise(coarse):
        assert a.end_us - a.start_us >= resolution_us or b.start_us - a.end_us >= resolution_us
    if spans:
        span_us = max(e for _, e, _ in spans) - spans[0][0]
        assert len(coarse) <= 2 * span_us / resolution_us + 1
