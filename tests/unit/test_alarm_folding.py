"""Repeat folding and the storm breaker (alarms/folding.py): one open alarm per (rule,
key), counts that add up, a new alarm after close, the merge window, storms."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vedette_server.alarms.folding import (
    STORM_KEY,
    AlarmIndex,
    Folded,
    FoldKind,
    FoldPolicy,
    Trigger,
    fold,
)
from vedette_server.alarms.model import ActivityKind, Alarm, KeyAlreadyOpen, Resolution
from vedette_server.alarms.states import Close, Reopen, apply
from vedette_server.errors import InvalidArgument

S = 1_000_000
T0 = 1_800_000_000 * S
POLICY = FoldPolicy(merge_window_s=300, storm_threshold=10, storm_window_s=60, storm_quiet_s=300)


def trigger(key: str = "motion:3", time_us: int = T0, rule_id: int = 7) -> Trigger:
    return Trigger(rule_id=rule_id, key=key, time_us=time_us, title=f"Motion on {key}", priority=2)


def run(
    triggers: list[Trigger], index: AlarmIndex | None = None, policy: FoldPolicy = POLICY
) -> tuple[AlarmIndex, list[Folded]]:
    index = index or AlarmIndex()
    results = []
    for t in triggers:
        index, result = fold(index, t, policy)
        results.append(result)
    return index, results


def latest(results: list[Folded]) -> dict[int, Alarm]:
    """Every alarm raised, as it is after the last trigger."""
    return {r.alarm.id: r.alarm for r in results}


def test_repeats_fold_into_the_open_alarm_as_a_count() -> None:
    index, results = run([trigger(time_us=T0 + i * S) for i in range(5)])
    alarms = latest(results)
    assert list(alarms) == [1]
    alarm = alarms[1]
    assert (alarm.count, alarm.first_us, alarm.last_us) == (5, T0, T0 + 4 * S)
    assert alarm.version == 1, "a fold does not bump the version operators write against"
    assert [r.kind for r in results] == [FoldKind.OPENED] + [FoldKind.FOLDED] * 4
    assert [r.activity.kind for r in results] == [ActivityKind.CREATED] + [ActivityKind.MERGED] * 4
    assert [(r.activity.before, r.activity.after) for r in results[1:3]] == [("1", "2"), ("2", "3")]
    assert [r.notify for r in results] == [True, False, False, False, False]
    assert index.open_alarm(7, "motion:3") == alarm


def test_each_rule_and_key_has_its_own_alarm() -> None:
    _, results = run(
        [
            trigger("motion:3"),
            trigger("motion:4"),
            trigger("motion:3", rule_id=8),
            trigger("motion:4", T0 + S),
        ]
    )
    alarms = latest(results)
    assert sorted((a.rule_id, a.key, a.count) for a in alarms.values()) == [
        (7, "motion:3", 1),
        (7, "motion:4", 2),
        (8, "motion:3", 1),
    ]


def test_after_close_the_next_repeat_opens_a_new_alarm() -> None:
    index, results = run([trigger(time_us=T0), trigger(time_us=T0 + S)])
    first = results[-1].alarm
    closed, _ = apply(
        first,
        Close(Resolution.FALSE_ALARM),
        actor="bob",
        now_us=T0 + 2 * S,
        expected_version=first.version,
    )
    index = index.put(closed)
    assert index.open_alarm(7, "motion:3") is None
    index, (again,) = run([trigger(time_us=T0 + 3 * S)], index)
    assert again.kind is FoldKind.OPENED and again.notify
    assert (again.alarm.id, again.alarm.count, again.alarm.first_us) == (2, 1, T0 + 3 * S)


def test_a_reopen_is_refused_while_its_key_has_another_open_alarm() -> None:
    index, (opened,) = run([trigger()])
    closed, _ = apply(
        opened.alarm, Close(Resolution.TEST), actor="bob", now_us=T0 + S, expected_version=1
    )
    index, _ = run([trigger(time_us=T0 + 2 * S)], index.put(closed))
    reopened, _ = apply(closed, Reopen(), actor="bob", now_us=T0 + 3 * S, expected_version=2)
    with pytest.raises(KeyAlreadyOpen) as refused:
        index.put(reopened)
    assert (refused.value.key, refused.value.open_alarm_id) == ("motion:3", 2)


def test_a_repeat_after_a_silence_longer_than_the_merge_window_notifies_again() -> None:
    times = [T0, T0 + 299 * S, T0 + 599 * S, T0 + 900 * S]
    _, results = run([trigger(time_us=t) for t in times])
    assert len(latest(results)) == 1 and results[-1].alarm.count == 4
    assert [r.notify for r in results] == [True, False, False, True]


def test_without_a_merge_window_repeats_never_notify_again() -> None:
    policy = replace(POLICY, merge_window_s=None)
    _, results = run([trigger(time_us=T0 + i * 3600 * S) for i in range(3)], policy=policy)
    assert [r.notify for r in results] == [True, False, False]


def test_a_burst_of_200_gives_at_most_the_threshold_plus_one_storm_alarm() -> None:
    burst = [trigger(f"input:{i}", T0 + i * 5_000) for i in range(200)]
    index, results = run(burst)
    alarms = latest(results)
    storms = [a for a in alarms.values() if a.storm]
    assert len(alarms) == POLICY.storm_threshold + 1 and len(storms) == 1
    assert sum(a.count for a in alarms.values()) == 200
    storm = storms[0]
    assert (storm.key, storm.count) == (STORM_KEY, 190)
    assert "190 folded" in storm.title and not storm.auto_close
    assert [r.notify for r in results].count(True) == 11
    assert index.open_alarm(7, STORM_KEY) == storm


def test_during_a_storm_repeats_of_open_alarms_still_fold_into_their_own() -> None:
    index, _ = run([trigger(f"input:{i}", T0 + i * S) for i in range(11)])
    index, (repeat,) = run([trigger("input:0", T0 + 12 * S)], index)
    assert (repeat.kind, repeat.alarm.key, repeat.alarm.count) == (FoldKind.FOLDED, "input:0", 2)


def test_the_storm_ends_after_the_quiet_time_and_alarms_open_normally_again() -> None:
    index, _ = run([trigger(f"input:{i}", T0 + i * S) for i in range(12)])
    index, (still,) = run([trigger("input:99", T0 + 300 * S)], index)
    assert still.kind is FoldKind.STORM_FOLDED
    index, (after,) = run([trigger("input:100", T0 + 601 * S)], index)
    assert (after.kind, after.alarm.key, after.alarm.storm) == (FoldKind.OPENED, "input:100", False)
    assert 7 not in index.storms


def test_a_closed_storm_alarm_is_followed_by_a_new_one_while_the_storm_lasts() -> None:
    index, results = run([trigger(f"input:{i}", T0 + i * S) for i in range(11)])
    storm = results[-1].alarm
    closed, _ = apply(
        storm,
        Close(Resolution.TECHNICAL_FAULT),
        actor="bob",
        now_us=T0 + 20 * S,
        expected_version=1,
    )
    _, (next_storm,) = run([trigger("input:50", T0 + 30 * S)], index.put(closed))
    assert next_storm.kind is FoldKind.STORM_OPENED
    assert next_storm.alarm.id != storm.id and next_storm.alarm.count == 1


def test_alarms_opening_slower_than_the_threshold_never_storm() -> None:
    # 10 per 60 s is the limit: one every 7 s stays below it.
    _, results = run([trigger(f"input:{i}", T0 + i * 7 * S) for i in range(100)])
    assert len(latest(results)) == 100 and not any(r.alarm.storm for r in results)


def test_storms_are_per_rule() -> None:
    index, _ = run([trigger(f"input:{i}", T0 + i * S) for i in range(15)])
    _, (other,) = run([trigger("input:1", T0 + 16 * S, rule_id=8)], index)
    assert other.kind is FoldKind.OPENED and not other.alarm.storm


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"key": ""}, "key"),
        ({"key": STORM_KEY}, "key"),
        ({"title": " "}, "title"),
        ({"priority": 4}, "priority"),
        ({"time_us": -1}, "time_us"),
        ({"key": "k" * 300}, "key"),
    ],
)
def test_a_bad_trigger_is_a_clear_error(bad: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        fold(AlarmIndex(), replace(trigger(), **bad), POLICY)  # type: ignore[arg-type]
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"merge_window_s": -1}, "merge_window_s"),
        ({"storm_threshold": 0}, "storm_threshold"),
        ({"storm_window_s": 0}, "storm_window_s"),
        ({"storm_quiet_s": 0}, "storm_quiet_s"),
    ],
)
def test_a_bad_policy_is_a_clear_error(bad: dict[str, int], field: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        FoldPolicy(**bad)
    assert refused.value.field == field


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from([7, 8]), st.integers(0, 30), st.integers(0, 20 * S), st.booleans()
        ),
        max_size=150,
    ),
)
def test_any_trigger_sequence_keeps_one_open_alarm_per_key_and_counts_add_up(
    steps: list[tuple[int, int, int, bool]],
) -> None:
    policy = FoldPolicy(merge_window_s=60, storm_threshold=5, storm_window_s=30, storm_quiet_s=60)
    index, alarms, now_us = AlarmIndex(), dict[int, Alarm](), T0
    for rule_id, source, step_us, close_it in steps:
        now_us += step_us
        index, result = fold(index, trigger(f"input:{source}", now_us, rule_id), policy)
        alarms[result.alarm.id] = result.alarm
        if close_it:
            closed, _ = apply(
                result.alarm,
                Close(Resolution.OTHER),
                actor="bob",
                now_us=now_us,
                expected_version=result.alarm.version,
            )
            alarms[closed.id] = closed
            index = index.put(closed)
        open_keys = [(a.rule_id, a.key) for a in alarms.values() if a.is_open]
        assert len(open_keys) == len(set(open_keys))
        assert {k: a.id for k, a in index.open_alarms.items()} == {
            (a.rule_id, a.key): a.id for a in alarms.values() if a.is_open
        }
    assert sum(a.count for a in alarms.values()) == len(steps)
    for rule_id in (7, 8):
        assert (
            sum(1 for a in alarms.values() if a.rule_id == rule_id and a.storm and a.is_open) <= 1
        )
