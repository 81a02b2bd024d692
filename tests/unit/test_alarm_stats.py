"""Alarm statistics (alarms/stats.py) on a history built with the real state machine and
folding: counts per state, priority and owner; time to acknowledge and to close."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from vedette_server.alarms.folding import AlarmIndex, FoldPolicy, Trigger, fold
from vedette_server.alarms.model import SYSTEM_ACTOR, Activity, Alarm, AlarmState, Resolution
from vedette_server.alarms.states import (
    Acknowledge,
    Assign,
    AutoClose,
    Close,
    Comment,
    Operation,
    Reopen,
    apply,
)
from vedette_server.alarms.stats import Durations, OperatorStats, alarm_stats, durations

S = 1_000_000
T0 = 1_800_000_000 * S


@dataclass
class History:
    """Alarms raised through folding and handled through ``apply``, with every activity."""

    index: AlarmIndex = field(default_factory=AlarmIndex)
    alarms: dict[str, Alarm] = field(default_factory=dict)
    activities: list[Activity] = field(default_factory=list)

    def raise_alarm(self, name: str, priority: int, *, auto_close: bool = False) -> None:
        trigger = Trigger(7, name, T0, f"alarm {name}", priority, auto_close=auto_close)
        self.index, result = fold(self.index, trigger, FoldPolicy())
        self.alarms[name] = result.alarm
        self.activities.append(result.activity)

    def do(self, name: str, operation: Operation, actor: str, after_s: int) -> None:
        alarm = self.alarms[name]
        alarm, activity = apply(
            alarm, operation, actor=actor, now_us=T0 + after_s * S, expected_version=alarm.version
        )
        self.alarms[name] = alarm
        self.activities.append(activity)


@pytest.fixture
def history() -> History:
    h = History()
    h.raise_alarm("a", 1)
    h.do("a", Acknowledge(), "alice", 10)
    h.do("a", Comment("on it"), "alice", 20)
    h.do("a", Close(Resolution.TRUE_ALARM), "alice", 100)
    h.raise_alarm("b", 2)
    h.do("b", Acknowledge(), "bob", 30)
    h.do("b", Close(Resolution.FALSE_ALARM), "bob", 50)
    h.raise_alarm("c", 2, auto_close=True)
    h.do("c", AutoClose(), SYSTEM_ACTOR, 20)  # nobody reacted: no acknowledgement
    h.raise_alarm("d", 3)
    h.do("d", Assign("alice"), "alice", 60)  # assigning from New is reacting
    h.raise_alarm("e", 1)
    h.do("e", Close(Resolution.TEST), "bob", 5)  # closed from New: reacted and closed
    h.do("e", Reopen(), "alice", 200)
    h.do("e", Close(Resolution.TRUE_ALARM), "alice", 300)  # the final close counts
    return h


def test_counts_per_state_priority_and_owner(history: History) -> None:
    stats = alarm_stats(history.alarms.values(), history.activities)
    assert stats.by_state == {AlarmState.CLOSED: 4, AlarmState.IN_PROGRESS: 1}
    assert stats.by_priority == {1: 2, 2: 2, 3: 1}
    assert stats.by_owner == {"alice": 3, "bob": 1, None: 1}


def test_time_to_acknowledge_and_to_close(history: History) -> None:
    stats = alarm_stats(history.alarms.values(), history.activities)
    # acknowledged after 10 (a), 30 (b), 60 (d), 5 (e) s; closed after 100, 50, 20, 300 s.
    assert stats.time_to_acknowledge == Durations(4, 20.0, 60.0)
    assert stats.time_to_close == Durations(4, 75.0, 300.0)
    assert stats.time_to_acknowledge_by_priority == {
        1: Durations(2, 7.5, 10.0),
        2: Durations(1, 30.0, 30.0),
        3: Durations(1, 60.0, 60.0),
    }
    assert stats.time_to_close_by_priority == {
        1: Durations(2, 200.0, 300.0),
        2: Durations(2, 35.0, 50.0),
    }


def test_per_operator(history: History) -> None:
    stats = alarm_stats(history.alarms.values(), history.activities)
    assert stats.by_operator == {
        "alice": OperatorStats(
            activities=6,
            acknowledged=2,
            closed=2,
            time_to_acknowledge=Durations(2, 35.0, 60.0),
            time_to_close=Durations(2, 200.0, 300.0),
        ),
        "bob": OperatorStats(
            activities=3,
            acknowledged=2,
            closed=1,
            time_to_acknowledge=Durations(2, 17.5, 30.0),
            time_to_close=Durations(1, 50.0, 50.0),
        ),
    }
    assert SYSTEM_ACTOR not in stats.by_operator


def test_only_the_alarms_passed_are_counted(history: History) -> None:
    stats = alarm_stats([history.alarms["b"]], history.activities)
    assert stats.by_state == {AlarmState.CLOSED: 1}
    assert stats.time_to_close == Durations(1, 50.0, 50.0)
    assert set(stats.by_operator) == {"bob"}


def test_p90_is_a_nearest_rank_value_and_empty_has_none() -> None:
    assert durations([]) == Durations(0, None, None)
    assert durations([s * S for s in range(10, 0, -1)]) == Durations(10, 5.5, 9.0)
    assert durations([3 * S]) == Durations(1, 3.0, 3.0)
