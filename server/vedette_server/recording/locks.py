"""Evidence locks: a camera's time range kept from retention until unlocked or
expired.

Blocking (catalog). A segment's ``locked`` flag is the union of the locks over it:
locking sets it on every segment (both streams) the range overlaps; unlocking or
expiry clears it only where no other active lock covers the segment. ``apply``
runs before every retention pass, so segments written into a lock that reaches
into the future are locked before retention could see them.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, EvidenceLock, Stream
from vedette_server.catalog.segments import OVERLAP_WHERE, overlap_params, set_locked
from vedette_server.errors import InvalidArgument, NotFound

MAX_REASON = 200


@dataclass(frozen=True)
class LockRecord:
    id: int
    camera_id: int
    start_us: int
    end_us: int
    reason: str
    created_by: str
    created_us: int
    expires_us: int | None
    segment_count: int


class EvidenceLocks:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _count(self, camera_id: int, start_us: int, end_us: int) -> int:
        db = self.catalog.database
        total = 0
        for stream in Stream:
            total += int(
                db.execute_sql(
                    f"SELECT count(*) FROM segment WHERE {OVERLAP_WHERE}",
                    overlap_params(camera_id, stream, start_us, end_us),
                ).fetchone()[0]
            )
        return total

    def _record(self, row: EvidenceLock) -> LockRecord:
        return LockRecord(
            int(row.id), int(row.camera_id), int(row.start_us), int(row.end_us),
            str(row.reason), str(row.created_by), int(row.created_us),
            None if row.expires_us is None else int(row.expires_us),
            self._count(int(row.camera_id), int(row.start_us), int(row.end_us)),
        )  # fmt: skip

    def get(self, lock_id: int) -> LockRecord:
        row = EvidenceLock.get_or_none(EvidenceLock.id == lock_id)
        if row is None:
            raise NotFound("evidence lock", lock_id)
        return self._record(row)

    def lock(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        reason: str,
        *,
        created_by: str,
        expires_us: int | None = None,
    ) -> LockRecord:
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise InvalidArgument("reason", f"1 to {MAX_REASON} characters: why the range is kept")
        if end_us <= start_us:
            raise InvalidArgument("end_time", "must be after start_time")
        now_us = time.time_ns() // 1000
        if expires_us is not None and expires_us <= now_us:
            raise InvalidArgument("expire_time", "must be in the future")
        with self.catalog.atomic():
            if Camera.get_or_none(Camera.id == camera_id) is None:
                raise NotFound("camera", camera_id)
            lock_id = EvidenceLock.insert(
                camera=camera_id, start_us=start_us, end_us=end_us, reason=reason,
                created_by=created_by, created_us=now_us, expires_us=expires_us,
            ).execute(self.catalog.database)  # fmt: skip
            set_locked(self.catalog, camera_id, start_us, end_us, True)
        return self.get(int(lock_id))

    def list(
        self, camera_ids: Collection[int], *, limit: int, before_id: int | None
    ) -> list[LockRecord]:
        query = EvidenceLock.select().where(EvidenceLock.camera.in_(list(camera_ids)))
        if before_id is not None:
            query = query.where(EvidenceLock.id < before_id)
        rows = query.order_by(EvidenceLock.id.desc()).limit(limit).execute(self.catalog.database)
        return [self._record(row) for row in rows]

    def unlock(self, lock_id: int) -> LockRecord:
        with self.catalog.atomic():
            found = self.get(lock_id)
            EvidenceLock.delete().where(EvidenceLock.id == lock_id).execute(self.catalog.database)
            self._release(found.camera_id, found.start_us, found.end_us)
        return found

    def _release(self, camera_id: int, start_us: int, end_us: int) -> None:
        """Unlock the range, then lock again what the remaining locks cover."""
        set_locked(self.catalog, camera_id, start_us, end_us, False)
        for row in EvidenceLock.select().where(
            (EvidenceLock.camera == camera_id)
            & (EvidenceLock.start_us < end_us)
            & (EvidenceLock.end_us > start_us)
        ):
            set_locked(self.catalog, camera_id, int(row.start_us), int(row.end_us), True)

    def apply(self, now_us: int) -> int:
        """Expire old locks and lock segments written into active ones; returns how
        many locks expired. Run before retention."""
        expired = 0
        with self.catalog.atomic():
            for row in EvidenceLock.select().where(
                EvidenceLock.expires_us.is_null(False) & (EvidenceLock.expires_us <= now_us)
            ):
                EvidenceLock.delete().where(EvidenceLock.id == row.id).execute(
                    self.catalog.database
                )
                self._release(int(row.camera_id), int(row.start_us), int(row.end_us))
                expired += 1
            for row in EvidenceLock.select().where(EvidenceLock.end_us > now_us - 600_000_000):
                set_locked(
                    self.catalog, int(row.camera_id), int(row.start_us), int(row.end_us), True
                )
        return expired
