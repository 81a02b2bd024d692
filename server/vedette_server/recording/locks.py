"""Evidence locks: a camera's time range kept from retention until unlocked or
expired.

Blocking (catalog). A segment's ``locked`` flag is the union of the locks over it:
locking sets it on every segment (both streams) the range overlaps; unlocking or
expiry clears it only where no other active lock covers the segment. ``apply``
runs before every retention pass, so segments written into a lock that reaches
into the future are locked before retention could see them.

Bounds (issue 11: one lock from 1970 to 9999 without expiry switched retention off
for a camera for good):
- Every lock lies within what can be recorded: it starts at most ``LOCK_MARGIN_US``
  before the camera's oldest recording (before now when it has none) and ends at
  most ``MAX_LOCK_LEAD_US`` after now (an incident still under way); ``apply`` never
  locks what a lock reaches beyond its creation plus ``MAX_LOCK_LEAD_US``, whatever
  older locks say.
- A lock longer than ``MAX_PLAIN_LOCK_US``, or without an expiry within
  ``MAX_PLAIN_EXPIRY_US``, is a retention decision: ``beyond_export_right`` says so,
  and the API then asks for the recording area, not only the export right.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Final

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, EvidenceLock, Stream
from vedette_server.catalog.segments import OVERLAP_WHERE, overlap_params, set_locked
from vedette_server.errors import InvalidArgument, NotFound

MAX_REASON = 200
_HOUR_US: Final = 3600 * 1_000_000
_DAY_US: Final = 24 * _HOUR_US
#: How far before the camera's oldest recording a lock may start.
LOCK_MARGIN_US: Final = _HOUR_US
#: How far after now a lock may end (and an old lock still reaches, from its creation).
MAX_LOCK_LEAD_US: Final = _DAY_US
#: The longest range, and the furthest expiry, a user with only the export right may
#: lock: a month of one camera, kept for a quarter while a case is handed over.
MAX_PLAIN_LOCK_US: Final = 31 * _DAY_US
MAX_PLAIN_EXPIRY_US: Final = 90 * _DAY_US


def beyond_export_right(
    start_us: int, end_us: int, expires_us: int | None, now_us: int
) -> tuple[str, str] | None:
    """(field, why) when a lock is more than the export right allows; None if not."""
    if end_us - start_us > MAX_PLAIN_LOCK_US:
        days = (end_us - start_us) / _DAY_US
        return "end_time", f"a lock of {days:.1f} days is longer than {_days(MAX_PLAIN_LOCK_US)}"
    if expires_us is None:
        return "expire_time", "a lock without an expiry lasts until unlocked"
    if expires_us - now_us > MAX_PLAIN_EXPIRY_US:
        days = (expires_us - now_us) / _DAY_US
        return "expire_time", (
            f"an expiry {days:.1f} days ahead is further than {_days(MAX_PLAIN_EXPIRY_US)}"
        )
    return None


def _days(us: int) -> str:
    return f"{us // _DAY_US} days"


def iso_utc(us: int) -> str:
    """An instant for messages: 2026-03-01T12:00:00+00:00."""
    return dt.datetime.fromtimestamp(us / 1_000_000, dt.UTC).isoformat(timespec="seconds")


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
    def __init__(self, catalog: Catalog, *, clock: Callable[[], float] = time.time) -> None:
        self.catalog = catalog
        self._clock = clock

    def now_us(self) -> int:
        return int(self._clock() * 1_000_000)

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
        """Lock [start_us, end_us) of a camera; ``InvalidArgument`` outside the bounds
        of the module docstring. Who may lock beyond ``beyond_export_right`` is the
        caller's to check (``check_request`` first)."""
        now_us = self.now_us()
        reason = self.check_request(start_us, end_us, reason, expires_us, now_us)
        with self.catalog.atomic():
            if Camera.get_or_none(Camera.id == camera_id) is None:
                raise NotFound("camera", camera_id)
            self._check_reach(camera_id, start_us, end_us, now_us)
            lock_id = EvidenceLock.insert(
                camera=camera_id, start_us=start_us, end_us=end_us, reason=reason,
                created_by=created_by, created_us=now_us, expires_us=expires_us,
            ).execute(self.catalog.database)  # fmt: skip
            set_locked(self.catalog, camera_id, start_us, end_us, True)
        return self.get(int(lock_id))

    @staticmethod
    def check_request(
        start_us: int, end_us: int, reason: str, expires_us: int | None, now_us: int
    ) -> str:
        """The checks that need no catalog; returns the reason, trimmed."""
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise InvalidArgument("reason", f"1 to {MAX_REASON} characters: why the range is kept")
        if end_us <= start_us:
            raise InvalidArgument("end_time", "must be after start_time")
        if end_us > now_us + MAX_LOCK_LEAD_US:
            raise InvalidArgument(
                "end_time",
                f"{iso_utc(end_us)} is more than {MAX_LOCK_LEAD_US // _HOUR_US} hours from now;"
                " lock what is recorded, or the next hours at most",
            )
        if expires_us is not None and expires_us <= now_us:
            raise InvalidArgument("expire_time", "must be in the future")
        return reason

    def _check_reach(self, camera_id: int, start_us: int, end_us: int, now_us: int) -> None:
        db = self.catalog.database
        oldest = [
            db.execute_sql(
                "SELECT min(start_us) FROM segment WHERE camera_id = ? AND stream = ?",
                (camera_id, int(stream)),
            ).fetchone()[0]
            for stream in Stream
        ]
        recorded = [us for us in oldest if us is not None]
        first_us = min(recorded) if recorded else now_us
        if start_us < first_us - LOCK_MARGIN_US:
            what = (
                f"camera {camera_id}'s oldest recording ({iso_utc(first_us)})"
                if recorded
                else f"now (camera {camera_id} has recorded nothing yet)"
            )
            raise InvalidArgument(
                "start_time",
                f"{iso_utc(start_us)} is more than {LOCK_MARGIN_US // _HOUR_US} hour before {what}",
            )

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
            # Locks reaching into the future (at most MAX_LOCK_LEAD_US past their
            # creation, even those made before the bound) lock what was written since.
            recent = now_us - 600_000_000
            for row in EvidenceLock.select().where(
                (EvidenceLock.end_us > recent)
                & (EvidenceLock.created_us > recent - MAX_LOCK_LEAD_US)
            ):
                start_us = int(row.start_us)
                end_us = min(int(row.end_us), int(row.created_us) + MAX_LOCK_LEAD_US)
                if end_us > start_us:
                    set_locked(self.catalog, int(row.camera_id), start_us, end_us, True)
        return expired
