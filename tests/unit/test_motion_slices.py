"""Time slices that know about motion: ``MotionIndex.slice_motion`` on a real index
file, and ``images.motion_slices`` (which slices were watched, which are shown, and
which instant stands for each), and the keyframe chosen for a slice's first motion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.images.keyframe_choice import (
    KeyframeRef,
    RecordedSpan,
    ThumbnailQuery,
    choose_keyframes,
)
from vedette_server.images.motion_slices import (
    WRITTEN_AFTER_US,
    MotionOptions,
    SliceMotion,
    bounds,
    motion_region,
    plan,
    slice_marks,
)
from vedette_server.images.time_slices import SliceUnit, spread, time_slices
from vedette_server.motion import grid
from vedette_server.motion.index import MotionIndex

S = 1_000_000
MIN = 60 * S
T0 = 1_800_000_000 * S  # a minute boundary
LEFT = grid.cells_in_rect(0.0, 0.0, 0.25, 0.25)
RIGHT = grid.cells_in_rect(0.75, 0.75, 0.25, 0.25)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[MotionIndex]:
    idx = MotionIndex.open(tmp_path / "motion.sqlite")
    yield idx
    idx.close()


def script(idx: MotionIndex, start_s: int, end_s: int, cells: object) -> None:
    for t in range(T0 + start_s * S, T0 + end_s * S, S // 5):
        idx.add(1, t, cells)  # type: ignore[arg-type]


def test_slice_motion_counts_seconds_and_first_instant_per_uneven_slice(
    index: MotionIndex,
) -> None:
    script(index, 70, 75, LEFT)  # minute 1, seconds 10..14
    script(index, 130, 131, RIGHT)  # minute 2, second 10
    script(index, 179, 185, LEFT)  # minute 2 seconds 59, minute 3 seconds 0..4
    index.flush(2**62).result(timeout=30)
    edges = [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN, T0 + 5 * MIN]  # the last is 2 min
    assert index.slice_motion(1, edges) == [
        (None, 0),
        (T0 + 70 * S, 5),
        (T0 + 130 * S, 2),
        (T0 + 180 * S, 5),
    ]
    assert index.slice_motion(1, edges, LEFT) == [
        (None, 0),
        (T0 + 70 * S, 5),
        (T0 + 179 * S, 1),
        (T0 + 180 * S, 5),
    ]
    # The same answer as activity() for even slices.
    even = [T0 + k * MIN for k in range(5)]
    assert [f for f, _ in index.slice_motion(1, even)] == [
        f for _, f in index.activity(1, T0, T0 + 4 * MIN, MIN)
    ]
    # A second that began before the first slice counts in it, from its start.
    assert index.slice_motion(1, [T0 + 70 * S + 1, T0 + 72 * S]) == [(T0 + 70 * S + 1, 2)]
    # Another camera, or a region beside the motion: nothing.
    assert index.slice_motion(2, edges) == [(None, 0)] * 4
    only_right = index.slice_motion(1, edges, grid.cells_in_rect(0.9, 0.0, 0.1, 0.1))
    assert only_right == [(None, 0)] * 4
    for bad in ([T0], [T0, T0], [T0 + S, T0]):
        with pytest.raises(InvalidArgument, match="bounds"):
            index.slice_motion(1, bad)
    with pytest.raises(InvalidArgument):
        index.slice_motion(1, edges, b"\x00" * 55)


def test_watched_known_and_unknown_slices() -> None:
    slices = spread(T0, T0 + 4 * MIN, 4)
    found: list[tuple[int | None, int]] = [(None, 0), (T0 + MIN + 3 * S, 2), (None, 0), (None, 0)]
    now = T0 + 4 * MIN + WRITTEN_AFTER_US
    # Detection off: only the slice with motion is known.
    assert [m.known for m in slice_marks(slices, found, None, now)] == [False, True, False, False]
    # On since the second slice's start: known from there.
    on = slice_marks(slices, found, T0 + MIN, now)
    assert [m.known for m in on] == [False, True, True, True]
    assert [m.has_motion for m in on] == [False, True, False, False]
    assert on[1] == SliceMotion(True, T0 + MIN + 3 * S, 2)
    # On since a moment inside the first slice: that slice was not wholly watched.
    assert slice_marks(slices, found, T0 + 1, now)[0].known is False
    # The last slice is not known until the index surely holds its end.
    assert slice_marks(slices, found, T0, now - 1)[3].known is False
    assert slice_marks(slices, found, T0, now)[3].known is True


def test_plan_skips_motionless_slices_and_moves_only_the_rendered_instant() -> None:
    slices = time_slices(SliceUnit.HOUR, T0, ZoneInfo("UTC"))
    marks = [SliceMotion(True, None, 0)] * 60
    marks[5] = SliceMotion(True, slices[5].time_us + 17 * S, 3)
    marks[42] = SliceMotion(True, slices[42].time_us, 60)
    # Off: every slice, at its start.
    plain = plan(slices, marks, MotionOptions())
    assert [p.render for p in plain] == slices and [p.slice for p in plain] == slices
    only = plan(slices, marks, MotionOptions(only=True))
    assert [p.slice for p in only] == [slices[5], slices[42]]
    assert [p.render for p in only] == [slices[5], slices[42]]
    instant = plan(slices, marks, MotionOptions(instant=True))
    assert len(instant) == 60 and instant[0].render == slices[0]
    assert instant[5].slice == slices[5]
    assert instant[5].render == ThumbnailQuery(
        slices[5].time_us + 17 * S, slices[5].slice_end_us, after=True
    )
    both = plan(slices, marks, MotionOptions(only=True, instant=True))
    assert [p.render.time_us for p in both] == [slices[5].time_us + 17 * S, slices[42].time_us]
    assert bounds(slices) == [s.time_us for s in slices] + [T0 + 60 * MIN]


def test_motion_region_refuses_bad_masks_naming_the_field() -> None:
    assert motion_region(b"") is None
    assert motion_region(grid.pack(LEFT)) is not None
    with pytest.raises(InvalidArgument, match="motion_cells") as bad_length:
        motion_region(b"\xff" * 55)
    assert "56 bytes" in str(bad_length.value)
    with pytest.raises(InvalidArgument, match="motion_cells"):
        motion_region(b"\x00" * 55 + b"\x01")  # a padding bit
    with pytest.raises(InvalidArgument, match="no cell"):
        motion_region(bytes(56))


def test_a_first_motion_instant_gets_the_keyframe_at_or_after_it() -> None:
    keyframes = tuple((T0 + k * 2 * S, 100 * k) for k in range(30))  # a 2 s GOP
    span = RecordedSpan("seg", T0, T0 + MIN, keyframes)
    moving = T0 + 10 * S + S // 2  # nearest keyframe: 10 s, the one before
    assert choose_keyframes([span], [ThumbnailQuery(moving)]) == [
        KeyframeRef("seg", 500, T0 + 10 * S)
    ]
    assert choose_keyframes([span], [ThumbnailQuery(moving, T0 + MIN, after=True)]) == [
        KeyframeRef("seg", 600, T0 + 12 * S)
    ]
    # None follows within the slice: the nearest.
    late = ThumbnailQuery(T0 + 59 * S, T0 + MIN, after=True)
    assert choose_keyframes([span], [late]) == [KeyframeRef("seg", 2900, T0 + 58 * S)]
    assert choose_keyframes([span], [ThumbnailQuery(T0 + 11 * S, T0 + 11 * S + 1, True)]) == [
        KeyframeRef("seg", 500, T0 + 10 * S)
    ]
