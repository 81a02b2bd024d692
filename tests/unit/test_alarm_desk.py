"""AlarmDesk on a real catalog and catalog thread: what the API calls, and what it
publishes on the event bus."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from vedette_server.alarms import bus, states
from vedette_server.alarms.desk import AlarmDesk
from vedette_server.alarms.folding import FoldPolicy, Trigger
from vedette_server.alarms.model import AlarmState, VersionConflict
from vedette_server.alarms.rule_book import RuleBook
from vedette_server.alarms.rules import RuleDraft
from vedette_server.alarms.store import AlarmFilter, AlarmStore, RaiseContext
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import NotFound
from vedette_server.events import EventBus, ServerEvent

T0 = 1_800_000_000_000_000


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        yield catalog


def drain(queue: asyncio.Queue[ServerEvent]) -> list[ServerEvent]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


def test_operations_are_written_then_published_and_hidden_alarms_are_not_found(
    catalog: Catalog,
) -> None:
    store = AlarmStore(catalog)
    for camera_id in (1, 2, None):
        key = f"motion:{camera_id}"
        store.raise_alarm(
            Trigger(1, key, T0, f"alarm {key}"), FoldPolicy(), RaiseContext("rule", camera_id)
        )
    thread, events = CatalogThread(), EventBus()
    desk = AlarmDesk(thread, store, events, RuleBook(catalog), clock=lambda: T0 + 5_000_000)
    only_camera_1 = {1}.__contains__

    async def scenario() -> None:
        async with events.subscribe() as queue:
            listed = await desk.list(AlarmFilter(), lambda c: c in (1, None))
            assert [v.camera_id for v in listed] == [None, 1]
            hidden = next(v for v in await desk.open_alarms() if v.camera_id == 2)
            with pytest.raises(NotFound):
                await desk.get(hidden.alarm.id, only_camera_1)
            with pytest.raises(NotFound):
                await desk.apply(hidden.alarm.id, states.Acknowledge(), "eve", 1, only_camera_1)
            mine = next(v for v in listed if v.camera_id == 1)
            view, activity = await desk.apply(
                mine.alarm.id, states.Acknowledge(), "alice", 1, only_camera_1
            )
            assert view.alarm.state is AlarmState.IN_PROGRESS
            with pytest.raises(VersionConflict):
                await desk.apply(mine.alarm.id, states.Assign("bob"), "bob", 1)
            (changed,) = drain(queue)
            assert changed.kind == bus.ALARM_CHANGED
            assert changed.facts["alarm"] == view.alarm and changed.facts["activity"] == activity
            assert changed.facts["camera_ids"] == (1,) and changed.facts["fresh"] is False

            result = await desk.acknowledge_all(AlarmFilter(), "carol")
            assert len(result.acknowledged) == 2
            published = drain(queue)
            assert [e.facts["alarm"].owner for e in published] == ["carol", "carol"]
            _, history = await desk.get(mine.alarm.id)
            assert [a.actor for a in history] == ["system", "alice"]

            desk.silence_buzzer("alice")
            (silenced,) = drain(queue)
            assert silenced.kind == bus.ALARM_BUZZER and silenced.facts["on"] is False
            stats = await desk.statistics(T0, T0 + 1)
            assert stats.by_state == {AlarmState.IN_PROGRESS: 3}

            body = '{"events": {"manual": []}, "alarm": {}}'
            rule, created = await desk.put_rule(RuleDraft("Panic", body))
            assert created and (await desk.get_rule(name="Panic")) == rule
            assert [r.name for r in await desk.list_rules()] == ["Panic"]
            await desk.delete_rule(rule.id)
            with pytest.raises(NotFound):
                await desk.get_rule(rule.id)

    try:
        asyncio.run(scenario())
    finally:
        thread.shutdown()
