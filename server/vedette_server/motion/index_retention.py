"""The motion index kept no longer than the video (research §3.2): when retention
deletes a camera's segments, the camera's index minutes that start before its oldest
remaining segment go too, in the same job; a deleted camera's minutes all go.

Rows are whole minutes (``MotionIndex.delete_before``): the minute holding a camera's
oldest remaining segment start is kept whole, so up to 59 s of motion before it may
stay. A camera left with no segment at all loses its minutes that start before the end
of the newest segment just deleted (motion after it may belong to video still coming).

When a volume is removed (``VolumeManager.remove``: the catalog forgets its segments,
wherever they lie in time), the same rule applies to each camera that had segments
there, and besides, every minute that overlapped one of them and overlaps no remaining
segment of the camera (any stream) goes: the index keeps no minute whose video is gone
from the middle of the recordings either. A minute that still overlaps a remaining
segment is kept whole.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping, Sequence

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Segment
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.motion.tracker import MINUTE_US

log = logging.getLogger(__name__)
EVERYTHING_US = 1 << 62


class MotionIndexRetention:
    def __init__(self, catalog: Catalog, feed: MotionIndexFeed) -> None:
        self.catalog = catalog
        self.feed = feed

    def segments_deleted(self, deleted_end_us: Mapping[int, int]) -> int:
        """Blocking (the retention job's thread): ``deleted_end_us`` maps each camera
        whose segments were just deleted to the latest end among them; the number of
        index rows deleted."""
        index = self.feed.index
        if index is None:
            return 0
        deleted = 0
        for camera_id, end_us in deleted_end_us.items():
            oldest = (
                Segment.select(Segment.start_us)
                .where(Segment.camera == camera_id)
                .order_by(Segment.start_us)
                .limit(1)
                .scalar()
            )
            cutoff = end_us if oldest is None else oldest
            try:
                deleted += index.delete_before(camera_id, cutoff).result()
            except Exception:  # closing at stop, or a disk error: the video went anyway
                log.exception("motion index: camera %d not trimmed with its video", camera_id)
        return deleted

    def segments_removed(self, removed: Mapping[int, Sequence[tuple[int, int]]]) -> int:
        """Blocking (the catalog thread, once the catalog forgot the segments):
        ``removed`` maps each camera to the (start_us, end_us) of its segments just
        forgotten; the number of index rows deleted (module doc)."""
        index = self.feed.index
        if index is None:
            return 0
        deleted = self.segments_deleted(
            {
                camera_id: max(end for _, end in spans)
                for camera_id, spans in removed.items()
                if spans
            }
        )
        for camera_id, spans in removed.items():
            gone = _minutes(spans) - self._minutes_with_video(camera_id, spans)
            if not gone:
                continue
            try:
                deleted += index.delete_minutes(camera_id, _ranges(gone)).result()
            except Exception:  # closing at stop, or a disk error: the video went anyway
                log.exception("motion index: camera %d not trimmed with its video", camera_id)
        return deleted

    def _minutes_with_video(self, camera_id: int, spans: Sequence[tuple[int, int]]) -> set[int]:
        """The minutes that the camera's remaining segments overlap within ``spans``'
        extent (an open segment runs on)."""
        first = min(start for start, _ in spans) // MINUTE_US * MINUTE_US
        last = max(end for _, end in spans)
        rows = self.catalog.database.execute_sql(
            "SELECT start_us, coalesce(end_us, ?) FROM segment"
            " WHERE camera_id = ? AND start_us < ? AND (end_us IS NULL OR end_us > ?)",
            (EVERYTHING_US, camera_id, last + MINUTE_US, first),
        ).fetchall()
        covered = _minutes((max(start, first), min(end, last + MINUTE_US)) for start, end in rows)
        return covered

    async def camera_deleted(self, camera_id: int) -> None:
        index = self.feed.index
        if index is not None:
            await asyncio.wrap_future(index.delete_before(camera_id, EVERYTHING_US))


def _minutes(spans: Iterable[tuple[int, int]]) -> set[int]:
    """The starts of the minutes that the spans [start_us, end_us) overlap (an empty
    span, a segment with no frame, overlaps the minute it is in)."""
    minutes: set[int] = set()
    for start_us, end_us in spans:
        first = start_us - start_us % MINUTE_US
        minutes.update(range(first, max(end_us, start_us + 1), MINUTE_US))
    return minutes


def _ranges(minutes: set[int]) -> list[tuple[int, int]]:
    """Consecutive minutes joined: [start_us, end_us) ranges, ascending."""
    ranges: list[tuple[int, int]] = []
    for minute in sorted(minutes):
        if ranges and ranges[-1][1] == minute:
            ranges[-1] = (ranges[-1][0], minute + MINUTE_US)
        else:
            ranges.append((minute, minute + MINUTE_US))
    return ranges
