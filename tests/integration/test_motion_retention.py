"""The motion index goes with the video: retention and camera deletion on a real
catalog, real segment files and a real index file (no server running)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.integration.test_retention_and_fsck import DAY, S, camera, record, setup  # noqa: F401
from vedette_server.catalog.segments import segments_from
from vedette_server.motion import grid
from vedette_server.motion.index import MotionIndex
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.motion.index_retention import MotionIndexRetention
from vedette_server.recording.retention import Retention

MIN = 60 * S
END = 1 << 62


def motion(index: MotionIndex, camera_id: int, t_us: int) -> None:
    """Three seconds of motion from ``t_us``, written at once."""
    for i in range(15):
        index.add(camera_id, t_us + i * S // 5, grid.all_cells())
    index.flush(END).result(timeout=30)


def starts(index: MotionIndex, camera_id: int) -> list[int]:
    return [run.start_us for run in index.search([camera_id], 0, END)]


def open_feed(data_root: Path) -> MotionIndexFeed:
    feed = MotionIndexFeed(data_root / "motion.sqlite")
    feed.index = MotionIndex.open(feed.path)
    return feed


def test_retention_deletes_the_index_before_the_oldest_remaining_segment(setup) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    data, catalog, volumes, volume_id, disk = setup
    now = time.time_ns() // 1000 // MIN * MIN
    short, keep = camera("short", expiry_days=2), camera("keep")
    old, recent = now - 3 * DAY, now - DAY
    record(catalog, volume_id, disk, short, old)
    record(catalog, volume_id, disk, short, recent)
    record(catalog, volume_id, disk, keep, old)
    feed = open_feed(data.root)
    index = feed.index
    assert index is not None
    try:
        for camera_id, t in ((short, old), (short, old + 5 * MIN), (short, recent), (keep, old)):
            motion(index, camera_id, t + 2 * S)
        assert len(starts(index, short)) == 3
        retention = Retention(
            catalog, volumes, MotionIndexRetention(catalog, feed).segments_deleted
        )
        report = retention.run_once(now)
        assert report.expired == 1
        oldest = min(s.start_us for s in segments_from(catalog, short, 1, 0, 10))
        assert oldest == recent
        assert starts(index, short) == [recent + 2 * S], "no motion before the oldest segment"
        assert index.search([short], 0, oldest) == []
        assert starts(index, keep) == [old + 2 * S], "another camera is untouched"
    finally:
        feed.index = None
        index.close()


def test_a_deleted_camera_s_index_rows_all_go_and_only_its_own(setup) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    data, catalog, *_ = setup
    feed = open_feed(data.root)
    index = feed.index
    assert index is not None
    t0 = time.time_ns() // 1000 // MIN * MIN - DAY
    try:
        for camera_id in (1, 2):
            motion(index, camera_id, t0)
            motion(index, camera_id, t0 + 10 * MIN)
        asyncio.run(MotionIndexRetention(catalog, feed).camera_deleted(1))
        assert starts(index, 1) == []
        assert starts(index, 2) == [t0, t0 + 10 * MIN]
    finally:
        feed.index = None
        index.close()
