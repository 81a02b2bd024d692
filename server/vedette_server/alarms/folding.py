"""Repeat folding and the storm breaker: which alarm a rule's trigger becomes.

Pure functions over an immutable in-memory ``AlarmIndex``; time comes with each
trigger (µs UTC), never from a clock, so a replay gives the same alarms.

Invariants:

- **one open alarm per (rule, key)**: a trigger whose (rule, key) has an open alarm
  folds into it (``count`` + 1, ``last_us``, a ``merged`` activity), never a new alarm;
  after that alarm is closed, the next trigger opens a new one. ``AlarmIndex.put``
  refuses an open alarm for a key that already has another (``KeyAlreadyOpen``), which
  is how a reopen is checked.
- **a fold does not bump the version.** The version guards what operators write
  (``states.apply``); a camera repeating every second would otherwise make
  acknowledging its alarm a race the operator always loses. Consoles learn of folds
  from the live feed.
- **the merge window** (``merge_window_s``, research §7.3) decides whether a repeat is
  quiet: within the window after the alarm's last trigger it only updates the count;
  after a longer silence it still folds (the invariant above wins over the research
  note's "otherwise create a new one", which its own unique index forbids) but says
  ``notify``, so the engine shows and sounds it again. ``None``: always quiet.
- **the storm breaker** (research §5.7): a rule that opened ``storm_threshold`` alarms
  within ``storm_window_s`` is in a storm; while it lasts, triggers that would open a
  new alarm fold into the rule's one storm alarm (``storm=True``, key ``STORM_KEY``)
  whose ``count`` says how many were folded. The storm ends after ``storm_quiet_s``
  without such a trigger. Repeats of alarms already open keep folding into those.
  So a burst gives at most ``storm_threshold`` alarms plus one storm alarm, and the
  counts of all of them add up to the number of triggers.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from vedette_server.alarms.model import (
    SYSTEM_ACTOR,
    Activity,
    ActivityKind,
    Alarm,
    AlarmState,
    KeyAlreadyOpen,
    check_priority,
    check_text,
)
from vedette_server.errors import InvalidArgument

STORM_KEY: Final = "*storm*"
"""The key of a rule's storm alarm; no source key may take it."""
MAX_KEY_CHARS: Final = 256
MAX_TITLE_CHARS: Final = 256
US_PER_S: Final = 1_000_000


@dataclass(frozen=True)
class FoldPolicy:
    """A rule's folding settings, validated when built."""

    merge_window_s: int | None = 300
    storm_threshold: int = 100
    storm_window_s: int = 60
    storm_quiet_s: int = 300

    def __post_init__(self) -> None:
        if self.merge_window_s is not None and self.merge_window_s < 0:
            raise InvalidArgument("merge_window_s", f"must be ≥ 0, got {self.merge_window_s}")
        for name in ("storm_threshold", "storm_window_s", "storm_quiet_s"):
            if getattr(self, name) < 1:
                raise InvalidArgument(name, f"must be ≥ 1, got {getattr(self, name)}")


@dataclass(frozen=True)
class Trigger:
    """A rule's "raise alarm" action for one source at one instant."""

    rule_id: int
    key: str
    time_us: int
    title: str
    priority: int = 2
    category: str = ""
    owner: str | None = None
    """The rule's initial owner; the alarm still starts New."""
    auto_close: bool = False

    def check(self) -> None:
        check_text("key", self.key, max_chars=MAX_KEY_CHARS, required=True)
        if self.key == STORM_KEY:
            raise InvalidArgument("key", f"{STORM_KEY!r} is reserved for storm alarms")
        check_text("title", self.title, max_chars=MAX_TITLE_CHARS, required=True)
        check_priority("priority", self.priority)
        if self.time_us < 0:
            raise InvalidArgument("time_us", f"must be ≥ 0, got {self.time_us}")


class FoldKind(enum.Enum):
    OPENED = "opened"
    FOLDED = "folded"
    STORM_OPENED = "storm_opened"
    STORM_FOLDED = "storm_folded"


@dataclass(frozen=True)
class Folded:
    """What a trigger became: the alarm as it is now, its activity, and whether the
    operators should be told again (a new alarm, a storm starting, a repeat after a
    silence longer than the merge window)."""

    kind: FoldKind
    alarm: Alarm
    activity: Activity
    notify: bool


@dataclass(frozen=True)
class Storm:
    since_us: int
    last_us: int


@dataclass(frozen=True)
class AlarmIndex:
    """The open alarms by (rule, key), recent alarm openings per rule, storms per rule."""

    open_alarms: Mapping[tuple[int, str], Alarm] = field(default_factory=dict)
    opened_us: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    """Per rule, the times of the alarms it opened within the last storm window."""
    storms: Mapping[int, Storm] = field(default_factory=dict)
    next_id: int = 1

    def open_alarm(self, rule_id: int, key: str) -> Alarm | None:
        return self.open_alarms.get((rule_id, key))

    def put(self, alarm: Alarm) -> AlarmIndex:
        """The index after ``alarm`` changed (``states.apply``) or was loaded: a closed
        alarm leaves it, an open one replaces its own entry. Raises ``KeyAlreadyOpen``
        if another alarm is open for its (rule, key)."""
        slot = (alarm.rule_id, alarm.key)
        current = self.open_alarms.get(slot)
        alarms = dict(self.open_alarms)
        if alarm.is_open:
            if current is not None and current.id != alarm.id:
                raise KeyAlreadyOpen(alarm.rule_id, alarm.key, current.id)
            alarms[slot] = alarm
        elif current is not None and current.id == alarm.id:
            del alarms[slot]
        return replace(self, open_alarms=alarms, next_id=max(self.next_id, alarm.id + 1))


def fold(index: AlarmIndex, trigger: Trigger, policy: FoldPolicy) -> tuple[AlarmIndex, Folded]:
    """The index after ``trigger``, and what the trigger became."""
    trigger.check()
    current = index.open_alarm(trigger.rule_id, trigger.key)
    if current is not None:
        return _fold_into(index, current, trigger, policy, FoldKind.FOLDED)
    storm = _storm_now(index, trigger, policy)
    storms = {k: v for k, v in index.storms.items() if k != trigger.rule_id}
    if storm is None:
        return _open(replace(index, storms=storms), trigger, policy, storm=False)
    index = replace(index, storms={**storms, trigger.rule_id: storm})
    storm_alarm = index.open_alarm(trigger.rule_id, STORM_KEY)
    if storm_alarm is not None:
        return _fold_into(index, storm_alarm, trigger, policy, FoldKind.STORM_FOLDED)
    return _open(index, trigger, policy, storm=True)


def _storm_now(index: AlarmIndex, trigger: Trigger, policy: FoldPolicy) -> Storm | None:
    """The rule's storm after this trigger (which would open an alarm), or None."""
    t = trigger.time_us
    storm = index.storms.get(trigger.rule_id)
    if storm is not None and t - storm.last_us <= policy.storm_quiet_s * US_PER_S:
        return Storm(storm.since_us, max(storm.last_us, t))
    recent = _recent_openings(index, trigger.rule_id, t, policy)
    return Storm(t, t) if len(recent) >= policy.storm_threshold else None


def _recent_openings(
    index: AlarmIndex, rule_id: int, t: int, policy: FoldPolicy
) -> tuple[int, ...]:
    horizon = t - policy.storm_window_s * US_PER_S
    return tuple(u for u in index.opened_us.get(rule_id, ()) if u > horizon)


def _open(
    index: AlarmIndex, trigger: Trigger, policy: FoldPolicy, *, storm: bool
) -> tuple[AlarmIndex, Folded]:
    t = trigger.time_us
    alarm = Alarm(
        id=index.next_id,
        rule_id=trigger.rule_id,
        key=STORM_KEY if storm else trigger.key,
        title=_storm_title(trigger, 1) if storm else trigger.title,
        priority=trigger.priority,
        category=trigger.category,
        state=AlarmState.NEW,
        first_us=t,
        last_us=t,
        owner=trigger.owner,
        auto_close=trigger.auto_close and not storm,
        storm=storm,
    )
    activity = _activity(alarm, t, ActivityKind.CREATED, None, "", "1", trigger.key)
    opened = index.opened_us
    if not storm:
        recent = _recent_openings(index, trigger.rule_id, t, policy)
        opened = {**opened, trigger.rule_id: (*recent, t)}
    index = replace(index.put(alarm), opened_us=opened)
    kind = FoldKind.STORM_OPENED if storm else FoldKind.OPENED
    return index, Folded(kind, alarm, activity, notify=True)


def _fold_into(
    index: AlarmIndex, alarm: Alarm, trigger: Trigger, policy: FoldPolicy, kind: FoldKind
) -> tuple[AlarmIndex, Folded]:
    t = trigger.time_us
    count = alarm.count + 1
    folded = replace(
        alarm,
        count=count,
        first_us=min(alarm.first_us, t),
        last_us=max(alarm.last_us, t),
        title=_storm_title(trigger, count) if alarm.storm else alarm.title,
    )
    window = policy.merge_window_s
    notify = window is not None and t - alarm.last_us > window * US_PER_S
    activity = _activity(
        folded, t, ActivityKind.MERGED, alarm.state, str(alarm.count), str(count), trigger.key
    )
    return index.put(folded), Folded(kind, folded, activity, notify)


def _storm_title(trigger: Trigger, count: int) -> str:
    return f"Alarm storm on rule {trigger.rule_id}: {count} folded (latest {trigger.key})"


def _activity(
    alarm: Alarm,
    time_us: int,
    kind: ActivityKind,
    state_before: AlarmState | None,
    before: str,
    after: str,
    text: str,
) -> Activity:
    return Activity(
        alarm_id=alarm.id,
        kind=kind,
        actor=SYSTEM_ACTOR,
        time_us=time_us,
        state_before=state_before,
        state_after=alarm.state,
        version=alarm.version,
        before=before,
        after=after,
        text=text,
    )
