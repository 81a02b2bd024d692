"""The alarm as a value: its fields, its states, its activity records and its errors.

An ``Alarm`` is frozen; every change makes a new one (``states.apply`` for operators
and system operations, ``folding`` for repeats). Instants are µs UTC. Invariants kept
by the code that builds alarms:

- ``version`` grows by exactly one with every operation applied (repeats folding in do
  not change it: the version guards what operators write, see ``folding``);
- ``count`` ≥ 1 is the number of triggers folded into the alarm, ``first_us`` ≤
  ``last_us`` their first and last times;
- a closed alarm has ``resolution``, ``closed_by`` and ``closed_us``; an open one has none;
- ``acknowledged_by``/``acknowledged_us`` are set once, by the first operator who took the
  alarm out of New, and kept for the statistics.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from vedette_server.errors import FailedPrecondition, InvalidArgument

SYSTEM_ACTOR: Final = "system"
"""The actor of what the server does by itself (creation, merges, auto-close, escalation)."""

PRIORITIES: Final = (1, 2, 3)
"""1 = high, 2 = medium, 3 = low (Milestone's levels)."""


class AlarmState(enum.Enum):
    """Milestone's four built-in states (its levels 1, 4, 9, 11)."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


OPEN_STATES: Final = frozenset({AlarmState.NEW, AlarmState.IN_PROGRESS, AlarmState.ON_HOLD})


class Resolution(enum.Enum):
    """Why an alarm was closed. ``AUTO`` is the system's only (the cause cleared)."""

    TRUE_ALARM = "true_alarm"
    FALSE_ALARM = "false_alarm"
    TEST = "test"
    TECHNICAL_FAULT = "technical_fault"
    OTHER = "other"
    AUTO = "auto"


class ActivityKind(enum.Enum):
    """The ``alarm_activity.kind`` values (research §7.2)."""

    CREATED = "created"
    MERGED = "merged"
    STATE = "state"
    ASSIGN = "assign"
    PRIORITY = "priority"
    CATEGORY = "category"
    COMMENT = "comment"
    ESCALATION = "escalation"
    AUTO_CLOSE = "auto_close"
    ACTION = "action"
    """What one of the rule's actions did (or why it could not); no version change."""


@dataclass(frozen=True)
class Alarm:
    id: int
    rule_id: int
    key: str
    """The source key within the rule (``motion:3``, ``input:7``); with ``rule_id`` the
    identity of "the same alarm again"."""
    title: str
    priority: int
    category: str
    state: AlarmState
    first_us: int
    last_us: int
    count: int = 1
    owner: str | None = None
    acknowledged_by: str | None = None
    acknowledged_us: int | None = None
    closed_by: str | None = None
    closed_us: int | None = None
    resolution: Resolution | None = None
    auto_close: bool = False
    """Copied from the rule when raised: the system may close it when the cause clears."""
    escalated: bool = False
    storm: bool = False
    """A storm alarm: it stands for the alarms its rule would have raised in a storm."""
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class Activity:
    """One line of an alarm's history (Milestone's "Activities"); append-only.

    ``before``/``after`` are the changed field's values as text (a state's value, an
    owner, a priority), empty where not applicable. ``state_before``/``state_after``
    are the alarm's states around it, so statistics need no other table. ``version`` is
    the alarm's version after the activity.
    """

    alarm_id: int
    kind: ActivityKind
    actor: str
    time_us: int
    state_before: AlarmState | None
    state_after: AlarmState
    version: int
    before: str = ""
    after: str = ""
    text: str = ""


class AlarmError(FailedPrecondition):
    """Base of the alarm domain's refusals."""

    error_reason = "ALARM_REFUSED"


class IllegalTransition(AlarmError):
    def __init__(self, alarm_id: int, state: AlarmState, operation: str, reason: str = "") -> None:
        why = f": {reason}" if reason else ""
        super().__init__(f"alarm {alarm_id}: cannot {operation} in state {state.value}{why}")
        self.alarm_id, self.state, self.operation = alarm_id, state, operation


class VersionConflict(AlarmError):
    """Someone changed the alarm since the caller read it (optimistic concurrency)."""

    def __init__(self, alarm_id: int, expected_version: int, current_version: int) -> None:
        super().__init__(
            f"alarm {alarm_id}: version {expected_version} is stale, the alarm is at version"
            f" {current_version} (changed by someone else; reload and retry)"
        )
        self.alarm_id = alarm_id
        self.expected_version, self.current_version = expected_version, current_version


class ResolutionRequired(AlarmError):
    def __init__(self, alarm_id: int) -> None:
        names = ", ".join(r.value for r in Resolution if r is not Resolution.AUTO)
        super().__init__(f"alarm {alarm_id}: closing needs a resolution ({names})")
        self.alarm_id = alarm_id


class KeyAlreadyOpen(AlarmError):
    """A second open alarm for one (rule, key) would break "one open alarm per key"."""

    def __init__(self, rule_id: int, key: str, open_alarm_id: int) -> None:
        super().__init__(f"rule {rule_id} key {key!r} already has open alarm {open_alarm_id}")
        self.rule_id, self.key, self.open_alarm_id = rule_id, key, open_alarm_id


def check_priority(field: str, priority: int) -> None:
    if priority not in PRIORITIES:
        raise InvalidArgument(field, f"priority must be 1, 2 or 3, not {priority!r}")


def check_text(field: str, value: str, *, max_chars: int, required: bool) -> None:
    if required and not value.strip():
        raise InvalidArgument(field, "must not be empty")
    if len(value) > max_chars:
        raise InvalidArgument(field, f"at most {max_chars} characters, got {len(value)}")
