"""Alarm statistics (issue 15 §2): counts per state, priority and owner, and time to
acknowledge and to close (median, p90) overall, per priority and per operator.

Computed from alarms and their activity history only, so a report over any period is
a matter of which rows the caller passes. Definitions:

- **time to acknowledge**: from the alarm's ``created`` activity to the first activity
  by an operator that took it out of New (acknowledge, assign, hold or close); an
  alarm the system closed before anyone reacted has none;
- **time to close**: from ``created`` to the last activity that closed it, for alarms
  closed now (a reopened alarm counts once, by its final close);
- an operator's figures are the alarms they acknowledged and closed, and every
  activity they wrote; the system is not an operator.

p90 is the nearest-rank percentile (a value that occurred, never an interpolation).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vedette_server.alarms.model import SYSTEM_ACTOR, Activity, ActivityKind, Alarm, AlarmState

US_PER_S = 1_000_000


@dataclass(frozen=True)
class Durations:
    count: int
    median_s: float | None
    p90_s: float | None


@dataclass(frozen=True)
class OperatorStats:
    activities: int
    acknowledged: int
    closed: int
    time_to_acknowledge: Durations
    time_to_close: Durations


@dataclass(frozen=True)
class AlarmStats:
    by_state: Mapping[AlarmState, int]
    by_priority: Mapping[int, int]
    by_owner: Mapping[str | None, int]
    time_to_acknowledge: Durations
    time_to_close: Durations
    time_to_acknowledge_by_priority: Mapping[int, Durations]
    time_to_close_by_priority: Mapping[int, Durations]
    by_operator: Mapping[str, OperatorStats]


@dataclass(frozen=True)
class _Handling:
    """One alarm's milestones: (actor, µs after creation) of its acknowledgement and close."""

    priority: int
    acknowledged: tuple[str, int] | None
    closed: tuple[str, int] | None


def durations(values_us: Sequence[int]) -> Durations:
    if not values_us:
        return Durations(0, None, None)
    ordered = sorted(values_us)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return Durations(len(ordered), statistics.median(ordered) / US_PER_S, p90 / US_PER_S)


def alarm_stats(alarms: Iterable[Alarm], activities: Iterable[Activity]) -> AlarmStats:
    """Statistics of ``alarms``; activities of other alarms are ignored."""
    by_id = {alarm.id: alarm for alarm in alarms}
    history: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        if activity.alarm_id in by_id:
            history[activity.alarm_id].append(activity)
    handled = [_handling(by_id[i], sorted(history[i], key=_order)) for i in by_id]
    return AlarmStats(
        by_state=Counter(alarm.state for alarm in by_id.values()),
        by_priority=Counter(alarm.priority for alarm in by_id.values()),
        by_owner=Counter(alarm.owner for alarm in by_id.values()),
        time_to_acknowledge=durations([h.acknowledged[1] for h in handled if h.acknowledged]),
        time_to_close=durations([h.closed[1] for h in handled if h.closed]),
        time_to_acknowledge_by_priority=_per_priority(handled, acknowledged=True),
        time_to_close_by_priority=_per_priority(handled, acknowledged=False),
        by_operator=_per_operator(handled, history.values()),
    )


def _order(activity: Activity) -> tuple[int, int]:
    return activity.time_us, activity.version


def _handling(alarm: Alarm, history: list[Activity]) -> _Handling:
    created_us = next(
        (a.time_us for a in history if a.kind is ActivityKind.CREATED), alarm.first_us
    )
    acknowledged = next(
        (
            (a.actor, a.time_us - created_us)
            for a in history
            if a.actor != SYSTEM_ACTOR
            and a.state_before is AlarmState.NEW
            and a.state_after is not AlarmState.NEW
        ),
        None,
    )
    closes = [
        (a.actor, a.time_us - created_us)
        for a in history
        if a.state_after is AlarmState.CLOSED and a.state_before is not AlarmState.CLOSED
    ]
    closed = closes[-1] if closes and alarm.state is AlarmState.CLOSED else None
    return _Handling(alarm.priority, acknowledged, closed)


def _per_priority(handled: list[_Handling], *, acknowledged: bool) -> dict[int, Durations]:
    values: dict[int, list[int]] = defaultdict(list)
    for h in handled:
        milestone = h.acknowledged if acknowledged else h.closed
        if milestone is not None:
            values[h.priority].append(milestone[1])
    return {priority: durations(v) for priority, v in sorted(values.items())}


def _per_operator(
    handled: list[_Handling], histories: Iterable[list[Activity]]
) -> dict[str, OperatorStats]:
    written = Counter(a.actor for h in histories for a in h if a.actor != SYSTEM_ACTOR)
    acks: dict[str, list[int]] = defaultdict(list)
    closes: dict[str, list[int]] = defaultdict(list)
    for h in handled:
        if h.acknowledged is not None:
            acks[h.acknowledged[0]].append(h.acknowledged[1])
        if h.closed is not None and h.closed[0] != SYSTEM_ACTOR:
            closes[h.closed[0]].append(h.closed[1])
    return {
        actor: OperatorStats(
            activities=written[actor],
            acknowledged=len(acks[actor]),
            closed=len(closes[actor]),
            time_to_acknowledge=durations(acks[actor]),
            time_to_close=durations(closes[actor]),
        )
        for actor in sorted(set(written) | set(acks) | set(closes))
    }
