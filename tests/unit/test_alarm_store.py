"""The alarm store on a real catalog: folding, versions, acknowledge-all, listing,
statistics and retention."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import IntegrityError

from vedette_server.alarms import states
from vedette_server.alarms.folding import FoldKind, FoldPolicy, Trigger
from vedette_server.alarms.model import (
    ActivityKind,
    AlarmState,
    IllegalTransition,
    KeyAlreadyOpen,
    Resolution,
    VersionConflict,
)
from vedette_server.alarms.store import AlarmFilter, AlarmStore, RaiseContext
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import DAY_US
from vedette_server.errors import InvalidArgument, NotFound

S = 1_000_000
T0 = 1_800_000_000 * S
POLICY = FoldPolicy(merge_window_s=60, storm_threshold=5, storm_window_s=60, storm_quiet_s=60)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        yield catalog


def trigger(key: str, t_us: int, *, rule_id: int = 1, priority: int = 2) -> Trigger:
    return Trigger(rule_id, key, t_us, f"alarm {key}", priority, auto_close=True)


def context(camera_id: int | None = None) -> RaiseContext:
    return RaiseContext("rule", camera_id, "call the guard", (7, 8), {"escalate_after_s": 30})


def test_repeats_fold_into_one_open_alarm_and_a_new_one_after_close(catalog: Catalog) -> None:
    store = AlarmStore(catalog)
    first = store.raise_alarm(trigger("motion:3", T0), POLICY, context(3))
    assert first.fresh and first.folded.kind is FoldKind.OPENED
    for i in range(1, 10):
        again = store.raise_alarm(trigger("motion:3", T0 + i * S), POLICY, context(3))
        assert not again.fresh and again.view.alarm.id == first.view.alarm.id
    view, activities = store.get(first.view.alarm.id)
    assert view.alarm.count == 10 and view.alarm.version == 1
    assert view.camera_ids == (3, 7, 8) and view.instructions == "call the guard"
    assert [a.kind for a in activities] == [ActivityKind.CREATED]  # quiet repeats: no rows
    # A repeat after a silence longer than the merge window notifies and is in the history.
    late = store.raise_alarm(trigger("motion:3", T0 + 200 * S), POLICY, context(3))
    assert late.folded.notify and late.view.alarm.count == 11
    assert [a.kind for a in store.get(view.alarm.id)[1]][-1] is ActivityKind.MERGED

    close = states.Close(Resolution.TRUE_ALARM)
    store.apply(view.alarm.id, close, actor="alice", now_us=T0 + 300 * S, expected_version=1)
    fresh = store.raise_alarm(trigger("motion:3", T0 + 301 * S), POLICY, context(3))
    assert fresh.fresh and fresh.view.alarm.id != view.alarm.id


def test_the_view_a_fold_returns_is_the_alarm_as_written(catalog: Catalog) -> None:
    """Folds (plain and into a storm alarm) between operators' operations: each
    raise's view is what the catalog then holds for the alarm."""
    store = AlarmStore(catalog)
    raised = store.raise_alarm(trigger("input:1", T0), POLICY, context(4))
    alarm_id = raised.view.alarm.id
    version = 1
    operations: list[states.Operation] = [
        states.Acknowledge(),
        states.SetPriority(1),
        states.Hold(),
    ]
    for i in range(1, 40):
        if i % 10 == 0:
            operation = operations[i // 10 - 1]
            store.apply(
                alarm_id, operation, actor="eve", now_us=T0 + i * S, expected_version=version
            )
            version += 1
        raised = store.raise_alarm(trigger("input:1", T0 + i * S), POLICY, context(4))
        assert raised.folded.kind is FoldKind.FOLDED
        assert raised.view == store.get_view(alarm_id)
    assert raised.view.alarm.count == 40 and raised.view.alarm.version == version
    assert raised.view.camera_ids == (4, 7, 8) and raised.view.detail == {"escalate_after_s": 30}
    for n in range(2, 12):  # other keys: a storm opens, then folds its repeats
        raised = store.raise_alarm(trigger(f"input:{n}", T0 + 50 * S + n), POLICY, context())
        assert raised.view == store.get_view(raised.view.alarm.id)
    assert raised.folded.kind is FoldKind.STORM_FOLDED


def test_a_second_store_on_the_same_catalog_folds_too(catalog: Catalog) -> None:
    """The index is loaded from the catalog: a restart keeps one open alarm per key."""
    first = AlarmStore(catalog).raise_alarm(trigger("input:1", T0), POLICY, context())
    again = AlarmStore(catalog).raise_alarm(trigger("input:1", T0 + S), POLICY, context())
    assert again.view.alarm.id == first.view.alarm.id and again.view.alarm.count == 2


def test_an_index_out_of_step_with_the_catalog_is_reloaded(catalog: Catalog) -> None:
    """The partial unique index is the last guard: a store whose index missed a change
    (here, rows changed behind its back) never makes a second open alarm for a key."""
    store = AlarmStore(catalog)
    first = store.raise_alarm(trigger("input:1", T0), POLICY, context()).view.alarm.id
    folds_into_closed = AlarmStore(catalog)
    folds_into_closed._index = folds_into_closed._load_index()  # knows alarm 1 open
    catalog.database.execute_sql("UPDATE alarm SET state = 'closed', closed_us = 1")
    opens_twice = AlarmStore(catalog)
    opens_twice._index = opens_twice._load_index()  # knows no open alarm
    second = store.raise_alarm(trigger("input:1", T0 + S), POLICY, context()).view.alarm.id
    assert second != first
    for stale in (folds_into_closed, opens_twice):
        raised = stale.raise_alarm(trigger("input:1", T0 + 2 * S), POLICY, context())
        assert raised.folded.kind is FoldKind.FOLDED and raised.view.alarm.id == second
    assert store.get_view(first).alarm.count == 1
    assert store.get_view(second).alarm.count == 3


def test_versions_refuse_a_stale_writer_and_keep_the_first(catalog: Catalog) -> None:
    store = AlarmStore(catalog)
    alarm_id = store.raise_alarm(trigger("input:1", T0), POLICY, context()).view.alarm.id
    view, activity = store.apply(
        alarm_id, states.Acknowledge(), actor="alice", now_us=T0 + S, expected_version=1
    )
    assert view.alarm.state is AlarmState.IN_PROGRESS and view.alarm.owner == "alice"
    assert activity.version == 2
    with pytest.raises(VersionConflict) as refused:
        store.apply(alarm_id, states.Assign("bob"), actor="bob", now_us=T0 + S, expected_version=1)
    assert refused.value.current_version == 2
    stored, history = store.get(alarm_id)
    assert stored.alarm.owner == "alice" and stored.alarm.version == 2
    assert [a.kind for a in history] == [ActivityKind.CREATED, ActivityKind.STATE]
    with pytest.raises(IllegalTransition):
        store.apply(alarm_id, states.Acknowledge(), actor="bob", now_us=T0, expected_version=2)
    with pytest.raises(NotFound):
        store.apply(999, states.Acknowledge(), actor="bob", now_us=T0, expected_version=1)


def test_a_reopen_is_refused_when_its_key_has_another_open_alarm(catalog: Catalog) -> None:
    store = AlarmStore(catalog)
    old = store.raise_alarm(trigger("input:1", T0), POLICY, context()).view.alarm.id
    close = states.Close(Resolution.FALSE_ALARM)
    store.apply(old, close, actor="alice", now_us=T0 + S, expected_version=1)
    store.raise_alarm(trigger("input:1", T0 + 2 * S), POLICY, context())
    with pytest.raises(KeyAlreadyOpen):
        store.apply(old, states.Reopen(), actor="alice", now_us=T0 + 3 * S, expected_version=2)
    assert store.get_view(old).alarm.state is AlarmState.CLOSED


def test_acknowledge_all_skips_and_reports_what_changed_meanwhile(catalog: Catalog) -> None:
    store = AlarmStore(catalog)
    ids = [
        store.raise_alarm(trigger(f"input:{i}", T0 + i), POLICY, context(i)).view.alarm.id
        for i in range(1, 5)
    ]
    seen = {view.alarm.id: view.alarm.version for view in store.search(AlarmFilter())}
    # Meanwhile bob takes alarm 2.
    store.apply(ids[1], states.Acknowledge(), actor="bob", now_us=T0 + S, expected_version=1)
    result = store.acknowledge_all(
        AlarmFilter(),
        actor="alice",
        now_us=T0 + 2 * S,
        visible=lambda camera_id: camera_id != 4,
        seen_versions=seen,
    )
    assert sorted(v.alarm.id for v, _ in result.acknowledged) == [ids[0], ids[2]]
    # bob's alarm is no longer New: not selected (the default filter is New alarms).
    assert result.skipped == ()
    assert store.get_view(ids[1]).alarm.owner == "bob"
    assert store.get_view(ids[3]).alarm.state is AlarmState.NEW  # not visible to alice

    # An alarm still New at another version than the caller saw is skipped and reported.
    store.apply(ids[3], states.SetPriority(1), actor="bob", now_us=T0, expected_version=1)
    result = store.acknowledge_all(
        AlarmFilter(), actor="alice", now_us=T0 + 3 * S, seen_versions={ids[3]: 1}
    )
    assert result.acknowledged == ()
    assert [(s.alarm_id, "changed meanwhile" in s.reason) for s in result.skipped] == [
        (ids[3], True)
    ]


def test_acknowledge_all_is_one_transaction(catalog: Catalog) -> None:
    """A failure halfway (the catalog refuses a write) leaves every alarm as it was."""
    store = AlarmStore(catalog)
    for i in range(1, 4):
        store.raise_alarm(trigger(f"input:{i}", T0 + i), POLICY, context(i))
    catalog.database.execute_sql(
        "CREATE TRIGGER refuse_third BEFORE UPDATE ON alarm WHEN old.key = 'input:1'"
        " BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(IntegrityError):
        store.acknowledge_all(AlarmFilter(), actor="alice", now_us=T0 + S)
    store = AlarmStore(catalog)
    assert {v.alarm.state for v in store.search(AlarmFilter())} == {AlarmState.NEW}
    activities = catalog.database.execute_sql("SELECT count(*) FROM alarm_activity").fetchone()
    assert activities == (3,)  # the three "created", nothing else


def test_search_filters_and_pages_newest_first(catalog: Catalog) -> None:
    store = AlarmStore(catalog)
    for i in range(1, 26):
        store.raise_alarm(
            trigger(f"motion:{i}", T0 + i * S, rule_id=1 + i % 2, priority=1 + i % 3),
            FoldPolicy(storm_threshold=100),
            context(i),
        )
    every = store.search(AlarmFilter(), limit=1000)
    assert [v.alarm.id for v in every] == sorted((v.alarm.id for v in every), reverse=True)
    pages, after = [], None
    while page := store.search(AlarmFilter(), limit=7, after_id=after):
        pages.extend(page)
        after = page[-1].alarm.id
    assert pages == every
    high = store.search(AlarmFilter(priorities=frozenset({1})))
    assert high and all(v.alarm.priority == 1 for v in high)
    assert {v.alarm.rule_id for v in store.search(AlarmFilter(rule_ids=frozenset({2})))} == {2}
    by_camera = store.search(AlarmFilter(camera_ids=frozenset({3, 4})))
    assert sorted(v.camera_id or 0 for v in by_camera) == [3, 4]
    timed = store.search(AlarmFilter(since_us=T0 + 10 * S, until_us=T0 + 12 * S))
    assert sorted(v.alarm.key for v in timed) == ["motion:10", "motion:11"]
    assert [v.alarm.key for v in store.search(AlarmFilter(text="MOTION:25"))] == ["motion:25"]
    even = store.search(AlarmFilter(), visible=lambda c: c is not None and c % 2 == 0, limit=5)
    assert len(even) == 5 and all(v.camera_id is not None and v.camera_id % 2 == 0 for v in even)
    with pytest.raises(InvalidArgument, match="priorities"):
        store.search(AlarmFilter(priorities=frozenset({4})))
    with pytest.raises(InvalidArgument, match="limit"):
        store.search(AlarmFilter(), limit=0)


def test_statistics_escalations_and_retention(catalog: Catalog) -> None:
    store = AlarmStore(catalog)
    a = store.raise_alarm(trigger("input:1", T0), POLICY, context()).view.alarm.id
    b = store.raise_alarm(trigger("input:2", T0), POLICY, context()).view.alarm.id
    assert [v.alarm.id for v in store.due_escalations(T0 + 29 * S)] == []
    assert sorted(v.alarm.id for v in store.due_escalations(T0 + 30 * S)) == [a, b]
    store.apply(a, states.Acknowledge(), actor="alice", now_us=T0 + 10 * S, expected_version=1)
    close = states.Close(Resolution.TRUE_ALARM)
    store.apply(a, close, actor="alice", now_us=T0 + 20 * S, expected_version=2)
    assert [v.alarm.id for v in store.due_escalations(T0 + 30 * S)] == [b]
    stats = store.statistics(T0, T0 + S)
    assert stats.time_to_acknowledge.median_s == 10 and stats.time_to_close.median_s == 20
    assert store.statistics(T0 + S, T0 + 2 * S).by_state == {}

    assert store.remove_old(T0 + 20 * S + 89 * DAY_US) == 0
    assert store.remove_old(T0 + 21 * S + 90 * DAY_US) == 1
    with pytest.raises(NotFound):
        store.get(a)
    left = catalog.database.execute_sql(
        "SELECT count(*) FROM alarm_activity WHERE alarm_id = ?", (a,)
    )
    assert left.fetchone() == (0,)
    assert store.get_view(b).alarm.is_open  # open alarms stay
