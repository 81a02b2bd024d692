"""Retention (REC-08, REC-09): overwrite the oldest recordings, expire old ones.

Blocking; runs periodically on the catalog thread.

Invariants:
- Per disk group, when a volume's free space falls under the group's reserve and
  overwrite is on, the oldest closed, unlocked segments on that volume go first
  (FIFO), and only as many as bring free space back above the reserve plus a
  margin: the bytes of each deleted segment are counted as they go, so a small
  volume keeps its newest recordings up to its capacity (issue 12: deleting in
  batches of 64 before looking at free space again wiped a 128 MB volume at each
  pass). Free space is the larger of what the file system says and what it said
  before plus the bytes deleted, because some file systems report freed blocks
  late. With overwrite off the volume is marked full instead and recording there
  stops cleanly.
- Per camera, closed unlocked segments older than its expiry are deleted.
- Locked (evidence) segments and open segments are never deleted.
- Every deletion goes mark → unlink → forget (the garbage list), so a crash at any
  point leaves neither a row without its file nor a file nobody owns.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vedette_api import timestamps
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import DiskGroup, Volume
from vedette_server.catalog.segments import (
    SegmentRow,
    expired_segments,
    mark_garbage,
    oldest_unlocked_segments,
)
from vedette_server.recording.garbage_files import unlink_garbage
from vedette_server.recording.volumes import VolumeManager

log = logging.getLogger(__name__)
BATCH = 64
MARGIN_FRACTION = 0.01  # of capacity, above the reserve, so we do not delete every cycle
MAX_MARGIN_BYTES = 1 << 30


@dataclass
class RetentionReport:
    overwritten: int = 0
    expired: int = 0
    freed_bytes: int = 0
    volumes_full: int = 0


class Retention:
    def __init__(
        self,
        catalog: Catalog,
        volumes: VolumeManager,
        on_deleted: Callable[[Mapping[int, int]], object] | None = None,
    ) -> None:
        """``on_deleted`` (blocking, same thread) is told after each deletion the
        cameras whose segments went, each with the latest end among them."""
        self.catalog = catalog
        self.volumes = volumes
        self.on_deleted = on_deleted

    def run_once(self, now_us: int | None = None) -> RetentionReport:
        report = RetentionReport()
        now_us = now_us if now_us is not None else timestamps.now_us()
        roots = self.volumes.roots()
        while True:
            expired = expired_segments(self.catalog, now_us, BATCH)
            if not expired:
                break
            self._delete(expired, roots, report)
            report.expired += len(expired)
        for group in DiskGroup.select():
            for volume in Volume.select().where(Volume.disk_group == group.id):
                if volume.state in ("read_write", "full"):
                    self._keep_reserve(group, volume.id, roots, report)
        if report.overwritten or report.expired:
            log.info(
                "retention: %d overwritten, %d expired, %.1f MB freed",
                report.overwritten,
                report.expired,
                report.freed_bytes / 1e6,
            )
        return report

    def _keep_reserve(
        self, group: DiskGroup, volume_id: int, roots: dict[int, Path], report: RetentionReport
    ) -> None:
        info = self.volumes.refresh(volume_id)
        if not group.overwrite:
            report.volumes_full += info.state == "full"
            return
        if info.free_bytes >= group.reserve_bytes:
            return
        target = group.reserve_bytes + min(
            int(info.capacity_bytes * MARGIN_FRACTION), MAX_MARGIN_BYTES
        )
        free = info.free_bytes
        while free < target:
            oldest = [
                s
                for s in oldest_unlocked_segments(self.catalog, group.id, BATCH * 4)
                if s.volume_id == volume_id
            ][:BATCH]
            if not oldest:
                log.warning(
                    "volume %d is under its reserve and holds nothing more to overwrite",
                    volume_id,
                )
                break
            chosen = _enough_oldest(oldest, target - free)
            freed_before = report.freed_bytes
            self._delete(chosen, roots, report)
            report.overwritten += len(chosen)
            counted = free + report.freed_bytes - freed_before
            free = max(counted, _free_bytes(roots[volume_id]))
        self.volumes.refresh(volume_id)

    def _delete(
        self, rows: list[SegmentRow], roots: dict[int, Path], report: RetentionReport
    ) -> None:
        entries = mark_garbage(self.catalog, [r.id for r in rows])
        report.freed_bytes += unlink_garbage(self.catalog, entries, roots)[1]
        if self.on_deleted is not None:
            ends: dict[int, int] = {}
            for r in rows:
                end_us = r.end_us if r.end_us is not None else r.start_us
                ends[r.camera_id] = max(ends.get(r.camera_id, end_us), end_us)
            self.on_deleted(ends)


def _enough_oldest(oldest: list[SegmentRow], missing_bytes: int) -> list[SegmentRow]:
    """The shortest run of ``oldest`` (oldest first) whose sizes add up to
    ``missing_bytes``, or all of them when they do not."""
    chosen, total = [], 0
    for row in oldest:
        chosen.append(row)
        total += row.size_bytes
        if total >= missing_bytes:
            break
    return chosen


def _free_bytes(root: Path) -> int:
    return shutil.disk_usage(root).free
