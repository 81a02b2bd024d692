"""The motion index kept no longer than the video (research §3.2): when retention
deletes a camera's segments, the camera's index minutes that start before its oldest
remaining segment go too, in the same job; a deleted camera's minutes all go.

Rows are whole minutes (``MotionIndex.delete_before``): the minute holding a camera's
oldest remaining segment start is kept whole, so up to 59 s of motion before it may
stay. A camera left with no segment at all loses its minutes that start before the end
of the newest segment just deleted (motion after it may belong to video still coming).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Segment
from vedette_server.motion.index_feed import MotionIndexFeed

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

    async def camera_deleted(self, camera_id: int) -> None:
        index = self.feed.index
        if index is not None:
            await asyncio.wrap_future(index.delete_before(camera_id, EVERYTHING_US))
