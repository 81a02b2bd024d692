"""The alarm state machine: operations and ``apply``, pure and with optimistic versions.

States are Milestone's built-in four: New → In progress → On hold → Closed. The legal
edges (research §7.3), everything else refused with ``IllegalTransition``::

    new ──acknowledge/assign──▶ in_progress ──hold──▶ on_hold ──resume──▶ in_progress
    new ──hold──▶ on_hold            in_progress/on_hold ──release──▶ new
    new/in_progress/on_hold ──close(resolution)──▶ closed ──reopen──▶ in_progress
    system: new/in_progress/on_hold ──auto_close (rule allows it)──▶ closed (auto)
    system: new, not yet escalated ──escalate──▶ new, priority raised by one

Assign keeps the state except from New (taking an alarm is reacting to it); comment is
legal in every state, also Closed (a note for the report); set_priority and
set_category only while open. An operation that would change nothing (assigning the
current owner, the current priority) is refused too, so that every applied operation
is one activity and one version.

**Reopen: allowed.** In Milestone's Smart Client the state is a field the operator
sets in the alarm's window ("You can change the state of the alarm. Typically … from
New to In progress, and then later to On hold or Closed; but if required you can also
change state from, for example, On hold to New", Smart Client 2018 R1 "Viewing and
editing details of an alarm"); its manuals name no rule that makes Closed final, and
the research design (§7.3) has closed ──reopen──▶ in_progress. An alarm closed by
mistake, or whose cause is back while someone looks at it, keeps its history that way
instead of being copied. Unlike Milestone's free choice, Vedette keeps explicit edges,
so each change is one named activity and the statistics stay well defined.
A reopened alarm goes to In progress, owned by whoever reopened it; the caller must
check that its (rule, key) has no other open alarm (``folding.AlarmIndex.put``).

``apply`` checks, in order: the actor, the version (``VersionConflict`` naming the
current one), the operation's arguments (``InvalidArgument``), then the edge. It is
given the alarm *as stored now* and the version the client read: a repeat folding in
between does not bump the version (``folding``), so the client's operation still
applies, and the stored count is kept.

The first operator operation that takes an alarm out of New (acknowledge, assign, hold,
close) records ``acknowledged_by``/``acknowledged_us``: the operator reacted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from vedette_server.alarms.model import (
    OPEN_STATES,
    SYSTEM_ACTOR,
    Activity,
    ActivityKind,
    Alarm,
    AlarmState,
    IllegalTransition,
    Resolution,
    ResolutionRequired,
    VersionConflict,
    check_priority,
    check_text,
)
from vedette_server.errors import InvalidArgument

MAX_ACTOR_CHARS: Final = 128
MAX_COMMENT_CHARS: Final = 4000
MAX_CATEGORY_CHARS: Final = 64

NEW, IN_PROGRESS, ON_HOLD, CLOSED = (
    AlarmState.NEW,
    AlarmState.IN_PROGRESS,
    AlarmState.ON_HOLD,
    AlarmState.CLOSED,
)


@dataclass(frozen=True)
class Acknowledge:
    """Claim the alarm: New → In progress, owner = the operator unless already owned."""


@dataclass(frozen=True)
class Assign:
    owner: str


@dataclass(frozen=True)
class Hold:
    text: str = ""


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Release:
    """Give the alarm back to the queue: In progress/On hold → New, no owner."""


@dataclass(frozen=True)
class Comment:
    text: str


@dataclass(frozen=True)
class SetPriority:
    priority: int


@dataclass(frozen=True)
class SetCategory:
    category: str


@dataclass(frozen=True)
class Close:
    resolution: Resolution | None
    text: str = ""


@dataclass(frozen=True)
class Reopen:
    text: str = ""


@dataclass(frozen=True)
class AutoClose:
    """The system's: the cause cleared and the alarm's rule says to close on that."""

    text: str = "cause cleared"


@dataclass(frozen=True)
class Escalate:
    """The system's: nobody reacted within ``after_s``; raises the priority by one."""

    after_s: int


Operation = (
    Acknowledge
    | Assign
    | Hold
    | Resume
    | Release
    | Comment
    | SetPriority
    | SetCategory
    | Close
    | Reopen
    | AutoClose
    | Escalate
)
OPERATIONS: Final[tuple[type[Operation], ...]] = (
    Acknowledge,
    Assign,
    Hold,
    Resume,
    Release,
    Comment,
    SetPriority,
    SetCategory,
    Close,
    Reopen,
    AutoClose,
    Escalate,
)
SYSTEM_OPERATIONS: Final = (AutoClose, Escalate)


def operation_name(operation: Operation) -> str:
    """``SetPriority`` → ``set_priority``: the name errors and docs use."""
    name = type(operation).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


@dataclass(frozen=True)
class _Change:
    """What an operation does: the new field values and its activity's facts."""

    fields: dict[str, object]
    kind: ActivityKind
    before: str = ""
    after: str = ""
    text: str = ""


def apply(
    alarm: Alarm, operation: Operation, *, actor: str, now_us: int, expected_version: int
) -> tuple[Alarm, Activity]:
    """The alarm after ``operation`` by ``actor`` at ``now_us``, and its activity record.

    Raises ``VersionConflict`` if ``expected_version`` is not the alarm's,
    ``IllegalTransition`` for an edge the state machine does not have,
    ``ResolutionRequired`` for a close without one, ``InvalidArgument`` for bad input.
    """
    _check_actor(operation, actor)
    if now_us < 0:
        raise InvalidArgument("now_us", f"must be ≥ 0, got {now_us}")
    if expected_version != alarm.version:
        raise VersionConflict(alarm.id, expected_version, alarm.version)
    change = _change(alarm, operation, actor, now_us)
    fields = dict(change.fields)
    state = fields.get("state", alarm.state)
    assert isinstance(state, AlarmState)
    reacted = alarm.state is NEW and state is not NEW and actor != SYSTEM_ACTOR
    if reacted and alarm.acknowledged_by is None:
        fields.update(acknowledged_by=actor, acknowledged_us=now_us)
    after = replace(alarm, **fields, version=alarm.version + 1)  # type: ignore[arg-type]
    activity = Activity(
        alarm_id=alarm.id,
        kind=change.kind,
        actor=actor,
        time_us=now_us,
        state_before=alarm.state,
        state_after=after.state,
        version=after.version,
        before=change.before,
        after=change.after,
        text=change.text,
    )
    return after, activity


def _check_actor(operation: Operation, actor: str) -> None:
    check_text("actor", actor, max_chars=MAX_ACTOR_CHARS, required=True)
    is_system_operation = isinstance(operation, SYSTEM_OPERATIONS)
    if is_system_operation and actor != SYSTEM_ACTOR:
        raise InvalidArgument("actor", f"{operation_name(operation)} is done by the system only")
    if not is_system_operation and actor == SYSTEM_ACTOR:
        raise InvalidArgument("actor", f"{operation_name(operation)} is done by an operator")


def _refuse(alarm: Alarm, operation: Operation, reason: str = "") -> IllegalTransition:
    return IllegalTransition(alarm.id, alarm.state, operation_name(operation), reason)


def _move(
    alarm: Alarm,
    operation: Operation,
    allowed: frozenset[AlarmState] | set[AlarmState],
    to: AlarmState,
    text: str = "",
    **fields: object,
) -> _Change:
    if alarm.state not in allowed:
        raise _refuse(alarm, operation)
    return _Change({"state": to, **fields}, ActivityKind.STATE, alarm.state.value, to.value, text)


def _change(alarm: Alarm, op: Operation, actor: str, now_us: int) -> _Change:
    match op:
        case Acknowledge():
            return _move(alarm, op, {NEW}, IN_PROGRESS, owner=alarm.owner or actor)
        case Hold(text=text):
            check_text("text", text, max_chars=MAX_COMMENT_CHARS, required=False)
            return _move(alarm, op, {NEW, IN_PROGRESS}, ON_HOLD, text)
        case Resume():
            return _move(alarm, op, {ON_HOLD}, IN_PROGRESS)
        case Release():
            return _move(alarm, op, {IN_PROGRESS, ON_HOLD}, NEW, owner=None)
        case Close():
            return _close(alarm, op, actor, now_us)
        case Reopen(text=text):
            check_text("text", text, max_chars=MAX_COMMENT_CHARS, required=False)
            return _move(
                alarm,
                op,
                {CLOSED},
                IN_PROGRESS,
                text,
                owner=actor,
                closed_by=None,
                closed_us=None,
                resolution=None,
            )
        case AutoClose(text=text):
            if alarm.is_open and not alarm.auto_close:
                raise _refuse(alarm, op, "its rule does not close it when the cause clears")
            change = _move(
                alarm,
                op,
                OPEN_STATES,
                CLOSED,
                text,
                closed_by=actor,
                closed_us=now_us,
                resolution=Resolution.AUTO,
            )
            return replace(change, kind=ActivityKind.AUTO_CLOSE)
        case Assign() | Comment() | SetPriority() | SetCategory() | Escalate():
            return _edit(alarm, op)


def _close(alarm: Alarm, op: Close, actor: str, now_us: int) -> _Change:
    check_text("text", op.text, max_chars=MAX_COMMENT_CHARS, required=False)
    if op.resolution is Resolution.AUTO:
        raise InvalidArgument("resolution", "'auto' is the system's (auto_close)")
    if alarm.is_open and op.resolution is None:
        raise ResolutionRequired(alarm.id)
    note = ": ".join(t for t in (op.resolution.value if op.resolution else "", op.text) if t)
    fields = {"closed_by": actor, "closed_us": now_us, "resolution": op.resolution}
    return _move(alarm, op, OPEN_STATES, CLOSED, note, **fields)


def _edit(alarm: Alarm, op: Assign | Comment | SetPriority | SetCategory | Escalate) -> _Change:
    """Operations that change a field and keep the state (except assign from New)."""
    match op:
        case Comment(text=text):
            check_text("text", text, max_chars=MAX_COMMENT_CHARS, required=True)
            return _Change({}, ActivityKind.COMMENT, text=text)
        case Assign(owner=owner):
            check_text("owner", owner, max_chars=MAX_ACTOR_CHARS, required=True)
            _require_open(alarm, op)
            if owner == alarm.owner and alarm.state is not NEW:
                raise _refuse(alarm, op, f"already owned by {owner!r}")
            state = IN_PROGRESS if alarm.state is NEW else alarm.state
            return _Change(
                {"owner": owner, "state": state}, ActivityKind.ASSIGN, alarm.owner or "", owner
            )
        case SetPriority(priority=priority):
            check_priority("priority", priority)
            _require_open(alarm, op)
            if priority == alarm.priority:
                raise _refuse(alarm, op, f"already priority {priority}")
            return _Change(
                {"priority": priority}, ActivityKind.PRIORITY, str(alarm.priority), str(priority)
            )
        case SetCategory(category=category):
            check_text("category", category, max_chars=MAX_CATEGORY_CHARS, required=False)
            _require_open(alarm, op)
            if category == alarm.category:
                raise _refuse(alarm, op, f"already category {category!r}")
            return _Change({"category": category}, ActivityKind.CATEGORY, alarm.category, category)
        case Escalate(after_s=after_s):
            if after_s < 0:
                raise InvalidArgument("after_s", f"must be ≥ 0, got {after_s}")
            if alarm.state is not NEW:
                raise _refuse(alarm, op, "someone already reacted")
            if alarm.escalated:
                raise _refuse(alarm, op, "already escalated")
            priority = max(1, alarm.priority - 1)
            return _Change(
                {"escalated": True, "priority": priority},
                ActivityKind.ESCALATION,
                str(alarm.priority),
                str(priority),
                f"nobody reacted within {after_s} s",
            )


def _require_open(alarm: Alarm, op: Operation) -> None:
    if not alarm.is_open:
        raise _refuse(alarm, op)
