"""The motion index (vedette_server.motion.index): per-second cells stored per
camera-minute in a real SQLite file, searched for runs in a region and rolled up per
time slice; retention, size budget, reopening, and a writer killed without close."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.index import MotionIndex, MotionRun

S = 1_000_000
MIN = 60 * S
T0 = 1_800_000_000 * S  # a minute boundary (1_800_000_000 is a multiple of 60)
LEFT = grid.cells_in_rect(0.0, 0.0, 0.25, 0.25)  # top-left cells
RIGHT = grid.cells_in_rect(0.75, 0.75, 0.25, 0.25)  # bottom-right cells, disjoint


@pytest.fixture
def index(tmp_path: Path) -> Iterator[MotionIndex]:
    idx = MotionIndex.open(tmp_path / "motion.sqlite")
    yield idx
    idx.close()


def cell(row: int, col: int) -> np.ndarray:
    mask = grid.no_cells()
    mask[row, col] = True
    return mask


def script(idx: MotionIndex, camera_id: int, start_s: int, end_s: int, cells: np.ndarray) -> None:
    """Motion in ``cells`` at 5 fps during seconds [start_s, end_s) after T0."""
    for t in range((T0 + start_s * S), T0 + end_s * S, S // 5):
        idx.add(camera_id, t, cells)


def close_all(idx: MotionIndex) -> None:
    idx.flush(2**62).result(timeout=30)


def test_frames_of_one_second_are_ored_and_seconds_without_motion_stay_empty(
    index: MotionIndex,
) -> None:
    index.add(1, T0 + 10 * S, cell(0, 0))
    index.add(1, T0 + 10 * S + 400_000, grid.pack(cell(5, 5)))
    index.add(1, T0 + 10 * S + 999_999, cell(17, 21))
    index.add(1, T0 + 11 * S, grid.no_cells())  # analysed, no motion: no second
    close_all(index)
    for mask in (cell(0, 0), cell(5, 5), cell(17, 21)):
        assert index.search([1], T0, T0 + MIN, mask) == [MotionRun(1, T0 + 10 * S, T0 + 11 * S, 1)]
    assert index.search([1], T0, T0 + MIN, cell(9, 9)) == []
    assert index.activity(1, T0, T0 + MIN, 10 * S)[1] == (T0 + 10 * S, T0 + 10 * S)


def test_a_minute_is_written_only_2_s_after_it_ends_or_at_close(tmp_path: Path) -> None:
    idx = MotionIndex.open(tmp_path / "m.sqlite")
    script(idx, 1, 5, 8, LEFT)  # minute T0
    script(idx, 1, 65, 66, LEFT)  # minute T0 + 1 min
    assert idx.flush(T0 + MIN + 2 * S - 1).result(timeout=30) == 0
    assert idx.search([1], T0, T0 + 2 * MIN) == []
    assert idx.flush(T0 + MIN + 2 * S).result(timeout=30) == 1
    assert [r.start_us for r in idx.search([1], T0, T0 + 2 * MIN)] == [T0 + 5 * S]
    assert idx.pending_minutes() == 1
    idx.close()
    reopened = MotionIndex.open(tmp_path / "m.sqlite")
    try:
        runs = reopened.search([1], T0, T0 + 2 * MIN)
        assert [(r.start_us, r.end_us) for r in runs] == [
            (T0 + 5 * S, T0 + 8 * S),
            (T0 + 65 * S, T0 + 66 * S),
        ]
    finally:
        reopened.close()
    with pytest.raises(FailedPrecondition):
        idx.add(1, T0, LEFT)


def test_a_late_frame_is_ored_into_the_minute_already_written(index: MotionIndex) -> None:
    script(index, 2, 10, 12, LEFT)
    index.flush(T0 + 5 * MIN).result(timeout=30)
    index.add(2, T0 + 11 * S, RIGHT)
    index.add(2, T0 + 30 * S, RIGHT)
    index.flush(T0 + 5 * MIN).result(timeout=30)
    assert [(r.start_us, r.end_us) for r in index.search([2], T0, T0 + MIN, LEFT)] == [
        (T0 + 10 * S, T0 + 12 * S)
    ]
    assert [(r.start_us, r.end_us) for r in index.search([2], T0, T0 + MIN, RIGHT)] == [
        (T0 + 11 * S, T0 + 12 * S),
        (T0 + 30 * S, T0 + 31 * S),
    ]


def test_search_finds_scripted_runs_in_their_region_and_none_in_a_disjoint_one(
    index: MotionIndex,
) -> None:
    script(index, 1, 5, 8, LEFT)
    script(index, 1, 200, 230, LEFT | RIGHT)
    script(index, 3, 100, 101, RIGHT)
    close_all(index)
    assert index.search([1, 3], T0, T0 + 10 * MIN, LEFT) == [
        MotionRun(1, T0 + 5 * S, T0 + 8 * S, 3),
        MotionRun(1, T0 + 200 * S, T0 + 230 * S, 30),
    ]
    assert index.search([1, 3], T0, T0 + 10 * MIN, RIGHT) == [
        MotionRun(3, T0 + 100 * S, T0 + 101 * S, 1),
        MotionRun(1, T0 + 200 * S, T0 + 230 * S, 30),
    ]
    disjoint = grid.cells_in_rect(0.45, 0.45, 0.1, 0.1)
    assert not (disjoint & (LEFT | RIGHT)).any()
    assert index.search([1, 3], T0, T0 + 10 * MIN, disjoint) == []
    # No region: every cell. Seconds overlapping the range's ends count, whole.
    assert index.search([1], T0 + 6 * S + 500_000, T0 + 7 * S) == [
        MotionRun(1, T0 + 6 * S, T0 + 7 * S, 1)
    ]
    assert index.search([1], T0 + 8 * S, T0 + 200 * S) == []


def test_runs_across_minute_boundaries_are_one_run(index: MotionIndex) -> None:
    script(index, 1, 50, 190, LEFT)  # minutes 0, 1, 2 and 3
    close_all(index)
    assert index.search([1], T0, T0 + 10 * MIN, LEFT) == [
        MotionRun(1, T0 + 50 * S, T0 + 190 * S, 140)
    ]


def test_merge_gap_joins_runs_and_min_duration_drops_short_ones(index: MotionIndex) -> None:
    script(index, 1, 0, 2, LEFT)  # 2 s
    script(index, 1, 5, 6, LEFT)  # 3 s gap, 1 s
    script(index, 1, 58, 63, LEFT)  # 52 s gap, 5 s across a minute boundary
    close_all(index)
    window = (T0, T0 + 5 * MIN)
    assert [(r.start_us, r.end_us) for r in index.search([1], *window)] == [
        (T0, T0 + 2 * S),
        (T0 + 5 * S, T0 + 6 * S),
        (T0 + 58 * S, T0 + 63 * S),
    ]
    merged = index.search([1], *window, merge_gap_us=3 * S)
    assert merged == [MotionRun(1, T0, T0 + 6 * S, 3), MotionRun(1, T0 + 58 * S, T0 + 63 * S, 5)]
    assert index.search([1], *window, merge_gap_us=3 * S - 1)[0].end_us == T0 + 2 * S
    assert index.search([1], *window, min_duration_us=2 * S) == [
        MotionRun(1, T0, T0 + 2 * S, 2),
        MotionRun(1, T0 + 58 * S, T0 + 63 * S, 5),
    ]
    assert index.search([1], *window, min_duration_us=5 * S + 1) == []


def test_activity_gives_each_slice_its_first_motion_second(index: MotionIndex) -> None:
    script(index, 1, 70, 75, LEFT)
    script(index, 1, 130, 131, RIGHT)
    script(index, 1, 179, 185, LEFT)
    close_all(index)
    slices = index.activity(1, T0, T0 + 4 * MIN, MIN)
    assert slices == [
        (T0, None),
        (T0 + MIN, T0 + 70 * S),
        (T0 + 2 * MIN, T0 + 130 * S),
        (T0 + 3 * MIN, T0 + 180 * S),
    ]
    in_left = index.activity(1, T0, T0 + 4 * MIN, MIN, LEFT)
    assert [first for _, first in in_left] == [None, T0 + 70 * S, T0 + 179 * S, T0 + 180 * S]
    # A range starting inside a motion second: the slice's first motion is its start.
    assert index.activity(1, T0 + 70 * S + 1, T0 + 71 * S, S) == [
        (T0 + 70 * S + 1, T0 + 70 * S + 1)
    ]
    # The last slice is cut at the range's end.
    assert index.activity(1, T0, T0 + 90 * S, MIN) == [(T0, None), (T0 + MIN, T0 + 70 * S)]


def test_delete_before_removes_only_that_cameras_older_minutes(index: MotionIndex) -> None:
    for camera_id in (1, 2):
        script(index, camera_id, 10, 11, LEFT)
        script(index, camera_id, 130, 131, LEFT)
    close_all(index)
    assert index.delete_before(1, T0 + 2 * MIN).result(timeout=30) == 1
    assert [(r.camera_id, r.start_us) for r in index.search([1, 2], T0, T0 + 5 * MIN)] == [
        (2, T0 + 10 * S),
        (1, T0 + 130 * S),
        (2, T0 + 130 * S),
    ]


def test_the_size_budget_deletes_the_oldest_minutes_first(tmp_path: Path) -> None:
    idx = MotionIndex.open(tmp_path / "m.sqlite", budget_bytes=200_000)
    try:
        rng = np.random.default_rng(7)
        # Random cells compress badly: about 3.4 kB a minute, 6 cameras x 2 hours.
        for minute in range(120):
            for camera_id in range(6):
                for second in range(60):
                    mask = rng.random((grid.ROWS, grid.COLUMNS)) < 0.5
                    idx.add(camera_id, T0 + minute * MIN + second * S, mask)
            idx.flush(T0 + (minute + 1) * MIN + 2 * S).result(timeout=30)
        assert idx.size_bytes() <= 200_000
        assert os.path.getsize(tmp_path / "m.sqlite") <= 400_000
        first_kept = [idx.activity(c, T0, T0 + 120 * MIN, 120 * MIN)[0][1] for c in range(6)]
        assert all(t is not None and t > T0 for t in first_kept)
        # What is left is the newest minutes, unbroken, for every camera.
        for camera_id in range(6):
            (run,) = idx.search([camera_id], T0, T0 + 120 * MIN)
            assert run.end_us == T0 + 120 * MIN
            assert run.seconds * S == run.end_us - run.start_us
    finally:
        idx.close()


def test_bad_input_is_invalid_argument_and_an_unknown_camera_has_no_runs(
    index: MotionIndex,
) -> None:
    script(index, 1, 0, 5, LEFT)
    close_all(index)
    assert index.search([99], T0, T0 + MIN) == []
    assert index.activity(99, T0, T0 + MIN, 10 * S) == [(T0 + k * 10 * S, None) for k in range(6)]
    bad_calls = [
        ("region", lambda: index.search([1], T0, T0 + MIN, np.ones((16, 22), bool))),
        ("region", lambda: index.search([1], T0, T0 + MIN, b"\xff" * 55)),
        ("region", lambda: index.search([1], T0, T0 + MIN, b"\xff" * 56)),  # padding set
        ("region", lambda: index.search([1], T0, T0 + MIN, grid.no_cells())),
        ("end_us", lambda: index.search([1], T0 + MIN, T0)),
        ("end_us", lambda: index.activity(1, T0 + MIN, T0, S)),
        ("camera_ids", lambda: index.search([], T0, T0 + MIN)),
        ("camera_id", lambda: index.search([-1], T0, T0 + MIN)),
        ("merge_gap_us", lambda: index.search([1], T0, T0 + MIN, merge_gap_us=-1)),
        ("min_duration_us", lambda: index.search([1], T0, T0 + MIN, min_duration_us=-1)),
        ("slice_us", lambda: index.activity(1, T0, T0 + MIN, 999_999)),
        ("slice_us", lambda: index.activity(1, T0, T0 + 100 * 86_400 * S, S)),
        ("cells", lambda: index.add(1, T0, np.ones((18, 21), bool))),
        ("cells", lambda: index.add(1, T0, b"\0" * 57)),
        ("time_us", lambda: index.add(1, -1, LEFT)),
        ("camera_id", lambda: index.add(True, T0, LEFT)),
    ]
    for field, call in bad_calls:
        with pytest.raises(InvalidArgument) as caught:
            call()
        assert caught.value.field == field
    assert index.search([1], T0, T0) == []


def test_a_file_that_is_not_a_motion_index_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA user_version = 3")
    before = path.read_bytes()
    with pytest.raises(FailedPrecondition, match="not a motion index"):
        MotionIndex.open(path)
    assert path.read_bytes() == before
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(FailedPrecondition, match="cannot open the motion index"):
        MotionIndex.open(garbage)
    assert garbage.read_bytes() == b"not a database at all" * 100


WRITER = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    from pathlib import Path
    from vedette_server.motion.index import MotionIndex
    S, MIN, T0 = 1_000_000, 60_000_000, 1_800_000_000_000_000
    idx = MotionIndex.open(Path(sys.argv[1]))
    cells = np.zeros((18, 22), bool); cells[0, 0] = True
    for minute in range(10):
        idx.add(1, T0 + minute * MIN + 5 * S, cells)
    idx.flush(T0 + 5 * MIN + 2 * S).result(timeout=60)   # minutes 0..4 committed
    print("flushed", flush=True)
    for minute in range(10, 20):
        idx.add(1, T0 + minute * MIN + 5 * S, cells)
    idx.flush(T0 + 6 * MIN + 2 * S)  # minute 5 maybe, not waited for
    time.sleep(600)
    """
)


def test_a_writer_killed_without_close_loses_at_most_the_unflushed_minutes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "motion.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "flushed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    idx = MotionIndex.open(path)
    try:
        starts = [r.start_us for r in idx.search([1], T0, T0 + 30 * MIN)]
    finally:
        idx.close()
    committed = [T0 + m * MIN + 5 * S for m in range(5)]
    assert starts[:5] == committed
    assert starts in (committed, [*committed, T0 + 5 * MIN + 5 * S])


def test_the_periodic_flush_writes_ended_minutes_from_the_event_loop(index: MotionIndex) -> None:
    asyncio.run(periodic_flush(index))


async def periodic_flush(index: MotionIndex) -> None:
    clock = [T0 + 30 * S]
    flusher = asyncio.create_task(index.flush_periodically(lambda: clock[0], period_s=0.01))
    try:
        script(index, 1, 5, 8, LEFT)
        await asyncio.sleep(0.1)
        assert index.pending_minutes() == 1  # the minute has not ended yet
        clock[0] = T0 + MIN + 2 * S
        for _ in range(3000):  # up to 30 s on a loaded machine
            if index.pending_minutes() == 0 and index.search([1], T0, T0 + MIN):
                break
            await asyncio.sleep(0.01)
        assert index.search([1], T0, T0 + MIN) == [MotionRun(1, T0 + 5 * S, T0 + 8 * S, 3)]
    finally:
        flusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher


def test_a_flush_whose_future_is_cancelled_still_writes_its_minutes(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    idx = MotionIndex.open(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        script(idx, 1, 5, 8, LEFT)
        script(idx, 1, 65, 68, LEFT)
        blocker.execute("BEGIN IMMEDIATE")  # the writer waits for this lock
        first = idx.flush(T0 + MIN + 2 * S)
        second = idx.flush(T0 + 2 * MIN + 2 * S)
        assert second.cancel()  # as a task awaiting it would be cancelled at shutdown
        blocker.execute("ROLLBACK")
        assert first.result(timeout=30) == 1
        idx.enforce_budget().result(timeout=30)  # queued after the cancelled flush
        assert [r.start_us for r in idx.search([1], T0, T0 + 2 * MIN)] == [
            T0 + 5 * S,
            T0 + 65 * S,
        ]
    finally:
        blocker.close()
        idx.close()
