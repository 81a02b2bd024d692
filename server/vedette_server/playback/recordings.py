"""The catalog as playback sees it: a camera stream's segments near an instant.

Each query runs on the catalog thread and reads a few rows by index (a bounded
range of segment_camera_stream_start), so a session never holds the catalog thread
for long, whatever the recording's size.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Protocol

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.segments import SegmentRow, segments_before, segments_from
from vedette_server.catalog_thread import CatalogThread
from vedette_server.playback.segments import SegmentSpan
from vedette_server.recording.volumes import VolumeManager


class Recordings(Protocol):
    """Where a session finds a camera stream's segments (the catalog, in a server)."""

    async def segments_from(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        """The first ``limit`` segments ending after ``t_us``, by start."""
        ...

    async def segments_before(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        """The last ``limit`` segments starting before ``t_us``, by start."""
        ...


def _spans(rows: list[SegmentRow], roots: dict[int, Path]) -> list[SegmentSpan]:
    return [
        SegmentSpan(
            row.id,
            roots[row.volume_id] / PurePosixPath(row.relpath),
            row.start_us,
            row.end_us,
            row.keyframe_index,
        )
        for row in rows
        if row.volume_id in roots
    ]


class CatalogRecordings:
    """``playback.session.Recordings`` on the server's catalog."""

    def __init__(self, catalog: Catalog, thread: CatalogThread, volumes: VolumeManager) -> None:
        self.catalog = catalog
        self.thread = thread
        self.volumes = volumes

    def _from(self, camera_id: int, stream: int, t_us: int, limit: int) -> list[SegmentSpan]:
        rows = segments_from(self.catalog, camera_id, stream, t_us, limit)
        return _spans(rows, self.volumes.roots()) if rows else []

    def _before(self, camera_id: int, stream: int, t_us: int, limit: int) -> list[SegmentSpan]:
        rows = segments_before(self.catalog, camera_id, stream, t_us, limit)
        return _spans(rows, self.volumes.roots()) if rows else []

    async def segments_from(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        return await self.thread.call(self._from, camera_id, stream, t_us, limit)

    async def segments_before(
        self, camera_id: int, stream: int, t_us: int, limit: int
    ) -> list[SegmentSpan]:
        return await self.thread.call(self._before, camera_id, stream, t_us, limit)
