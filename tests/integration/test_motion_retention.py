"""The motion index goes with the video: retention, camera deletion and volume
removal on a real catalog, real segment files and a real index file (no server
running)."""

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
from vedette_server.recording.volumes import VolumeManager

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


def test_removing_a_volume_drops_the_minutes_whose_video_went_with_it(setup) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    data, catalog, volumes, a, disk_a = setup
    feed = open_feed(data.root)
    index = feed.index
    assert index is not None
    manager = VolumeManager(
        catalog,
        volumes.server_id,
        on_segments_removed=MotionIndexRetention(catalog, feed).segments_removed,
    )
    disk_b = data.root.parent / "disk-b"
    disk_b.mkdir()
    b = manager.initialize(manager.add(str(disk_b)).id).id
    t0 = time.time_ns() // 1000 // MIN * MIN - DAY
    cam, gone, untouched = camera("cam"), camera("gone"), camera("untouched")
    # cam: A at t0, B at t0 + 10 min, A at t0 + 20 min; minute t0 + 30 min half on
    # each volume; motion at t0 + 40 min never recorded at all.
    record(catalog, a, disk_a, cam, t0)
    record(catalog, b, disk_b, cam, t0 + 10 * MIN)
    record(catalog, a, disk_a, cam, t0 + 20 * MIN)
    record(catalog, b, disk_b, cam, t0 + 30 * MIN)
    record(catalog, a, disk_a, cam, t0 + 30 * MIN + 40 * S)
    # gone: only on B; its motion after its last segment may be video still coming.
    record(catalog, b, disk_b, gone, t0 + 10 * MIN)
    record(catalog, b, disk_b, gone, t0 + 11 * MIN + 55 * S)  # runs into the next minute
    record(catalog, a, disk_a, untouched, t0 + 10 * MIN)
    try:
        for minute in (0, 10, 20, 30, 40):
            motion(index, cam, t0 + minute * MIN + 2 * S)
        for minute in (10, 12, 50):
            motion(index, gone, t0 + minute * MIN + 2 * S)
        motion(index, untouched, t0 + 10 * MIN + 2 * S)
        manager.mark_unavailable(b, "unplugged")
        manager.remove(b)
        assert starts(index, cam) == [t0 + m * MIN + 2 * S for m in (0, 20, 30, 40)], (
            "the minute recorded only on B went; one still half recorded on A stays, "
            "and so does motion that never had video"
        )
        assert starts(index, gone) == [t0 + 50 * MIN + 2 * S]
        assert starts(index, untouched) == [t0 + 10 * MIN + 2 * S]
    finally:
        feed.index = None
        index.close()


def test_removing_a_volume_while_the_index_is_closed_still_forgets_the_volume(setup) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    data, catalog, volumes, a, disk_a = setup
    feed = MotionIndexFeed(data.root / "motion.sqlite")  # never opened (or closed at stop)
    manager = VolumeManager(
        catalog,
        volumes.server_id,
        on_segments_removed=MotionIndexRetention(catalog, feed).segments_removed,
    )
    record(catalog, a, disk_a, camera("cam"), time.time_ns() // 1000 - DAY)
    manager.mark_unavailable(a, "unplugged")
    manager.remove(a)
    assert manager.list_all() == []
