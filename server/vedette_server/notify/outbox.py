"""The durable outbox of notifications: the ``delivery`` table, one row per notice and
target. Blocking: the catalog thread calls it; ``notifier.py`` drives it.

A row's life::

    pending ──sent──▶ sent
       │  ╲──permanent error / gave up──▶ failed ──RetryDelivery──▶ pending
       │   ╲──over the recipient's budget──▶ digested (later summarised by one digest row)
       ╰── (at queue time) outside the recipient's schedule, or target disabled ──▶ suppressed

Invariants:
- a notice is in the table before ``NotifyPort.send``'s work is done, and a row leaves
  ``pending`` only when its fate is known: nothing is lost while the mail server or a
  receiver is down, nor across a restart (pending rows are picked up where they are);
- ``attempts`` counts attempts made; ``next_attempt_us`` is set exactly while pending;
- a ``digested`` row gets the ``digest_id`` of the one digest row that summarises it,
  in the same transaction that inserts that digest;
- retention: ``sent``, ``suppressed`` and summarised ``digested`` rows go after
  ``KEEP_DONE_US`` (7 days), ``failed`` rows after ``KEEP_FAILED_US`` (30 days);
  pending rows are never purged.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import peewee

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import DeliveryRow
from vedette_server.errors import FailedPrecondition, NotFound

DAY_US: Final = 86_400_000_000
KEEP_DONE_US: Final = 7 * DAY_US
KEEP_FAILED_US: Final = 30 * DAY_US
MAX_ERROR_CHARS: Final = 500


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SUPPRESSED = "suppressed"
    DIGESTED = "digested"


class DeliveryKind(enum.StrEnum):
    NOTICE = "notice"
    DIGEST = "digest"
    TEST = "test"


@dataclass(frozen=True)
class NewDelivery:
    channel: str
    target_id: int
    kind: DeliveryKind
    message_id: str
    payload: dict[str, Any]
    alarm_id: int = 0
    state: DeliveryState = DeliveryState.PENDING
    next_attempt_us: int | None = None
    last_error: str = ""


@dataclass(frozen=True)
class Delivery:
    id: int
    channel: str
    target_id: int
    kind: DeliveryKind
    alarm_id: int
    message_id: str
    payload: dict[str, Any]
    state: DeliveryState
    attempts: int
    next_attempt_us: int | None
    last_status: int | None
    last_error: str
    digest_id: int | None
    created_us: int
    done_us: int | None


def _record(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=int(row.id),
        channel=str(row.channel),
        target_id=int(row.target_id),
        kind=DeliveryKind(row.kind),
        alarm_id=int(row.alarm_id),
        message_id=str(row.message_id),
        payload=json.loads(row.payload),
        state=DeliveryState(row.state),
        attempts=int(row.attempts),
        next_attempt_us=None if row.next_attempt_us is None else int(row.next_attempt_us),
        last_status=None if row.last_status is None else int(row.last_status),
        last_error=str(row.last_error),
        digest_id=None if row.digest_id is None else int(row.digest_id),
        created_us=int(row.created_us),
        done_us=None if row.done_us is None else int(row.done_us),
    )


class Outbox:
    """The ``delivery`` rows of one catalog. Blocking."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    @property
    def _db(self) -> peewee.Database:
        return self.catalog.database

    def _select(self) -> Any:
        return DeliveryRow.select()

    def get(self, delivery_id: int) -> Delivery:
        rows = list(self._select().where(DeliveryRow.id == delivery_id).execute(self._db))
        if not rows:
            raise NotFound("delivery", delivery_id)
        return _record(rows[0])

    def add(self, deliveries: Iterable[NewDelivery], now_us: int) -> list[int]:
        """Insert the rows in one transaction; their ids in order."""
        ids: list[int] = []
        with self.catalog.atomic():
            for d in deliveries:
                pending = d.state is DeliveryState.PENDING
                ids.append(
                    int(
                        DeliveryRow.insert(
                            channel=d.channel,
                            target_id=d.target_id,
                            kind=d.kind.value,
                            alarm_id=d.alarm_id,
                            message_id=d.message_id,
                            payload=json.dumps(d.payload, sort_keys=True),
                            state=d.state.value,
                            next_attempt_us=(d.next_attempt_us or now_us) if pending else None,
                            last_error=d.last_error[:MAX_ERROR_CHARS],
                            created_us=now_us,
                            done_us=None if pending else now_us,
                        ).execute(self._db)
                    )
                )
        return ids

    def due(self, now_us: int, busy: Collection[tuple[str, int]], limit: int) -> list[Delivery]:
        """Pending rows due by ``now_us``, the oldest first, at most one per target and
        none for the ``busy`` targets (one attempt in flight per target keeps order)."""
        query = (
            self._select()
            .where(
                (DeliveryRow.state == DeliveryState.PENDING.value)
                & (DeliveryRow.next_attempt_us <= now_us)
            )
            .order_by(DeliveryRow.id)
        )
        picked: list[Delivery] = []
        taken = set(busy)
        for row in query.execute(self._db):
            key = (str(row.channel), int(row.target_id))
            if key in taken:
                continue
            taken.add(key)
            picked.append(_record(row))
            if len(picked) >= limit:
                break
        return picked

    def hurry(self, channel: str, now_us: int, target_id: int | None = None) -> int:
        """Make the pending rows of ``channel`` (of one target when given) due now: the
        settings they waited for changed. How many."""
        query = DeliveryRow.update(next_attempt_us=now_us).where(
            (DeliveryRow.channel == channel)
            & (DeliveryRow.state == DeliveryState.PENDING.value)
            & (DeliveryRow.next_attempt_us > now_us)
        )
        if target_id is not None:
            query = query.where(DeliveryRow.target_id == target_id)
        return int(query.execute(self._db))

    def next_due_us(self) -> int | None:
        value = self._db.execute_sql(
            "SELECT min(next_attempt_us) FROM delivery WHERE state = 'pending'"
        ).fetchone()[0]
        return None if value is None else int(value)

    def finish(
        self,
        delivery_id: int,
        state: DeliveryState,
        now_us: int,
        *,
        attempted: bool = True,
        status: int | None = None,
        error: str = "",
    ) -> None:
        """End a pending row (sent, failed, digested, suppressed)."""
        DeliveryRow.update(
            state=state.value,
            attempts=DeliveryRow.attempts + (1 if attempted else 0),
            next_attempt_us=None,
            last_status=status,
            last_error=error[:MAX_ERROR_CHARS],
            done_us=now_us,
        ).where(
            (DeliveryRow.id == delivery_id) & (DeliveryRow.state == DeliveryState.PENDING.value)
        ).execute(self._db)

    def retry_later(
        self, delivery_id: int, next_us: int, *, status: int | None, error: str, attempted: bool
    ) -> None:
        """Keep a row pending, to be tried again at ``next_us``."""
        DeliveryRow.update(
            attempts=DeliveryRow.attempts + (1 if attempted else 0),
            next_attempt_us=next_us,
            last_status=status,
            last_error=error[:MAX_ERROR_CHARS],
        ).where(
            (DeliveryRow.id == delivery_id) & (DeliveryRow.state == DeliveryState.PENDING.value)
        ).execute(self._db)

    def attach(self, delivery_ids: Sequence[int], facts: dict[str, Any], now_us: int) -> None:
        """Merge ``facts`` into the payloads of pending rows and make them due now
        (the snapshots a row waited for)."""
        with self.catalog.atomic():
            for row in (
                self._select()
                .where(
                    DeliveryRow.id.in_(list(delivery_ids))
                    & (DeliveryRow.state == DeliveryState.PENDING.value)
                )
                .execute(self._db)
            ):
                payload = {**json.loads(row.payload), **facts}
                DeliveryRow.update(
                    payload=json.dumps(payload, sort_keys=True), next_attempt_us=now_us
                ).where(DeliveryRow.id == row.id).execute(self._db)

    # -- budgets and digests -----------------------------------------------------------------

    def mails_sent_since(self, recipient_id: int, since_us: int) -> int:
        """Notice mails sent to a recipient since ``since_us`` (what its budget counts)."""
        count = (
            self._select()
            .where(
                (DeliveryRow.channel == "email")
                & (DeliveryRow.target_id == recipient_id)
                & (DeliveryRow.kind == DeliveryKind.NOTICE.value)
                & (DeliveryRow.state == DeliveryState.SENT.value)
                & (DeliveryRow.done_us >= since_us)
            )
            .count(self._db)
        )
        return int(count)

    def undigested(self, before_us: int) -> dict[int, list[Delivery]]:
        """Digested rows not yet summarised, digested before ``before_us``, by recipient."""
        query = (
            self._select()
            .where(
                (DeliveryRow.state == DeliveryState.DIGESTED.value)
                & DeliveryRow.digest_id.is_null()
                & (DeliveryRow.done_us < before_us)
            )
            .order_by(DeliveryRow.id)
        )
        out: dict[int, list[Delivery]] = {}
        for row in query.execute(self._db):
            out.setdefault(int(row.target_id), []).append(_record(row))
        return out

    def add_digest(self, digest: NewDelivery, summarised: Sequence[int], now_us: int) -> int:
        """Insert a digest row and point the rows it summarises at it, atomically."""
        with self.catalog.atomic():
            (digest_id,) = self.add([digest], now_us)
            DeliveryRow.update(digest_id=digest_id).where(
                DeliveryRow.id.in_(list(summarised))
            ).execute(self._db)
        return digest_id

    # -- the log ------------------------------------------------------------------------------

    def page(
        self, states: Collection[DeliveryState], before_id: int, limit: int
    ) -> tuple[list[Delivery], int]:
        """Rows newest first (ids below ``before_id`` when non-zero), in ``states`` (all
        when empty); at most ``limit``, and the cursor of the next page (0: none)."""
        query = self._select().order_by(DeliveryRow.id.desc()).limit(limit + 1)
        if states:
            query = query.where(DeliveryRow.state.in_([s.value for s in states]))
        if before_id:
            query = query.where(DeliveryRow.id < before_id)
        rows = [_record(r) for r in query.execute(self._db)]
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (rows[-1].id if more else 0)

    def retry(self, delivery_id: int, now_us: int) -> Delivery:
        """A failed row back to pending, due now, with a fresh backoff."""
        with self.catalog.atomic():
            current = self.get(delivery_id)
            if current.state is not DeliveryState.FAILED:
                raise FailedPrecondition(
                    f"delivery {delivery_id} is {current.state.value}; only a failed one is retried"
                )
            DeliveryRow.update(
                state=DeliveryState.PENDING.value,
                attempts=0,
                next_attempt_us=now_us,
                done_us=None,
            ).where(DeliveryRow.id == delivery_id).execute(self._db)
        return self.get(delivery_id)

    def purge(self, now_us: int) -> int:
        """Delete rows past their retention; how many went."""
        done = (DeliveryRow.state.in_(["sent", "suppressed"])) | (
            (DeliveryRow.state == "digested") & DeliveryRow.digest_id.is_null(False)
        )
        gone = (
            DeliveryRow.delete()
            .where(
                (done & (DeliveryRow.done_us < now_us - KEEP_DONE_US))
                | (
                    (DeliveryRow.state == "failed")
                    & (DeliveryRow.done_us < now_us - KEEP_FAILED_US)
                )
            )
            .execute(self._db)
        )
        return int(gone)
