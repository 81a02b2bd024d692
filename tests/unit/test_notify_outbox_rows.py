"""The outbox's rows on a real catalog: retention (sent 7 days, failed 30, pending
never), retry only of failed rows, and the delivery log's paging, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_server.catalog.database import Catalog, open_catalog
from vedette_server.errors import FailedPrecondition, NotFound
from vedette_server.notify.outbox import (
    DAY_US,
    DeliveryKind,
    DeliveryState,
    NewDelivery,
    Outbox,
)

NOW_US = 1_800_000_000_000_000


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    catalog: Catalog = open_catalog(tmp_path / "catalog.sqlite3")
    try:
        yield Outbox(catalog)
    finally:
        catalog.close()


def row(n: int, state: DeliveryState = DeliveryState.PENDING) -> NewDelivery:
    return NewDelivery("email", 1, DeliveryKind.NOTICE, f"<m{n}@x>", {"n": n}, state=state)


def add_done(outbox: Outbox, state: DeliveryState, age_days: float) -> int:
    (delivery_id,) = outbox.add([row(0)], NOW_US - int(age_days * DAY_US))
    outbox.finish(delivery_id, state, NOW_US - int(age_days * DAY_US))
    return delivery_id


def test_retention_keeps_sent_7_days_failed_30_and_pending_for_ever(outbox: Outbox) -> None:
    kept = {
        add_done(outbox, DeliveryState.SENT, 6.9),
        add_done(outbox, DeliveryState.FAILED, 29),
        add_done(outbox, DeliveryState.DIGESTED, 40),  # not yet in a digest
        *outbox.add([row(1)], NOW_US - 90 * DAY_US),  # pending, however old
    }
    gone = {
        add_done(outbox, DeliveryState.SENT, 7.1),
        add_done(outbox, DeliveryState.SUPPRESSED, 8),
        add_done(outbox, DeliveryState.FAILED, 31),
    }
    assert outbox.purge(NOW_US) == len(gone)
    rows, _ = outbox.page((), 0, 100)
    assert {r.id for r in rows} == kept


def test_only_a_failed_delivery_is_retried_and_it_is_due_at_once(outbox: Outbox) -> None:
    failed = add_done(outbox, DeliveryState.FAILED, 1)
    sent = add_done(outbox, DeliveryState.SENT, 1)
    again = outbox.retry(failed, NOW_US)
    assert again.state is DeliveryState.PENDING and again.attempts == 0
    assert again.next_attempt_us == NOW_US and again.done_us is None
    assert [d.id for d in outbox.due(NOW_US, set(), 10)] == [failed]
    with pytest.raises(FailedPrecondition, match="is sent; only a failed one is retried"):
        outbox.retry(sent, NOW_US)
    with pytest.raises(NotFound):
        outbox.retry(999, NOW_US)


def test_due_rows_are_one_per_target_oldest_first_and_never_a_busy_target(
    outbox: Outbox,
) -> None:
    ids = outbox.add([row(1), row(2)], NOW_US)
    other = NewDelivery("webhook", 1, DeliveryKind.NOTICE, "msg_a", {})
    (hook,) = outbox.add([other], NOW_US)
    assert [d.id for d in outbox.due(NOW_US, set(), 10)] == [ids[0], hook]
    assert [d.id for d in outbox.due(NOW_US, {("email", 1)}, 10)] == [hook]
    assert outbox.due(NOW_US - 1, set(), 10) == []
    assert outbox.next_due_us() == NOW_US


def test_the_log_pages_newest_first_by_state(outbox: Outbox) -> None:
    ids = outbox.add([row(n) for n in range(5)], NOW_US)
    outbox.finish(ids[1], DeliveryState.SENT, NOW_US, status=250)
    first, cursor = outbox.page({DeliveryState.PENDING}, 0, 2)
    second, end = outbox.page({DeliveryState.PENDING}, cursor, 2)
    assert [d.id for d in first] == [ids[4], ids[3]]
    assert [d.id for d in second] == [ids[2], ids[0]] and end == 0
    (sent,) = outbox.page({DeliveryState.SENT}, 0, 10)[0]
    assert sent.last_status == 250 and sent.attempts == 1
