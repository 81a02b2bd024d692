"""The alarm state machine (alarms/states.py): every (state, operation) pair, optimistic
versions, close needing a resolution, and properties of any sequence of operations."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vedette_server.alarms.model import (
    SYSTEM_ACTOR,
    ActivityKind,
    Alarm,
    AlarmError,
    AlarmState,
    IllegalTransition,
    Resolution,
    ResolutionRequired,
    VersionConflict,
)
from vedette_server.alarms.states import (
    OPERATIONS,
    Acknowledge,
    Assign,
    AutoClose,
    Close,
    Comment,
    Escalate,
    Hold,
    Operation,
    Release,
    Reopen,
    Resume,
    SetCategory,
    SetPriority,
    apply,
    operation_name,
)
from vedette_server.errors import InvalidArgument

S = 1_000_000
T0 = 1_800_000_000 * S
NEW, IN_PROGRESS, ON_HOLD, CLOSED = (
    AlarmState.NEW,
    AlarmState.IN_PROGRESS,
    AlarmState.ON_HOLD,
    AlarmState.CLOSED,
)


def alarm_in(state: AlarmState, **fields: object) -> Alarm:
    """An alarm of rule 7 for camera 3's motion in ``state``, at version 5, as the state
    machine would have left it there."""
    base = Alarm(
        id=42,
        rule_id=7,
        key="motion:3",
        title="Motion at the gate",
        priority=2,
        category="intrusion",
        state=NEW,
        first_us=T0,
        last_us=T0 + 4 * S,
        count=3,
        auto_close=True,
        version=5,
    )
    handled = {"owner": "alice", "acknowledged_by": "alice", "acknowledged_us": T0 + S}
    by_state: dict[AlarmState, dict[str, object]] = {
        NEW: {},
        IN_PROGRESS: handled,
        ON_HOLD: handled,
        CLOSED: {
            **handled,
            "closed_by": "alice",
            "closed_us": T0 + 2 * S,
            "resolution": Resolution.FALSE_ALARM,
        },
    }
    return replace(base, state=state, **by_state[state], **fields)  # type: ignore[arg-type]


# One representative of each operation, with who does it.
SAMPLES: dict[str, tuple[Operation, str]] = {
    "acknowledge": (Acknowledge(), "bob"),
    "assign": (Assign("carol"), "bob"),
    "hold": (Hold("waiting for the guard"), "bob"),
    "resume": (Resume(), "bob"),
    "release": (Release(), "bob"),
    "comment": (Comment("guard on the way"), "bob"),
    "set_priority": (SetPriority(1), "bob"),
    "set_category": (SetCategory("vandalism"), "bob"),
    "close": (Close(Resolution.TRUE_ALARM, "caught"), "bob"),
    "reopen": (Reopen("it is back"), "bob"),
    "auto_close": (AutoClose(), SYSTEM_ACTOR),
    "escalate": (Escalate(after_s=120), SYSTEM_ACTOR),
}

# operation: (state after, from NEW / IN_PROGRESS / ON_HOLD / CLOSED); None = illegal.
TABLE: dict[str, tuple[AlarmState | None, ...]] = {
    "acknowledge": (IN_PROGRESS, None, None, None),
    "assign": (IN_PROGRESS, IN_PROGRESS, ON_HOLD, None),
    "hold": (ON_HOLD, ON_HOLD, None, None),
    "resume": (None, None, IN_PROGRESS, None),
    "release": (None, NEW, NEW, None),
    "comment": (NEW, IN_PROGRESS, ON_HOLD, CLOSED),
    "set_priority": (NEW, IN_PROGRESS, ON_HOLD, None),
    "set_category": (NEW, IN_PROGRESS, ON_HOLD, None),
    "close": (CLOSED, CLOSED, CLOSED, None),
    "reopen": (None, None, None, IN_PROGRESS),
    "auto_close": (CLOSED, CLOSED, CLOSED, None),
    "escalate": (NEW, None, None, None),
}
KINDS = {
    "assign": ActivityKind.ASSIGN,
    "comment": ActivityKind.COMMENT,
    "set_priority": ActivityKind.PRIORITY,
    "set_category": ActivityKind.CATEGORY,
    "auto_close": ActivityKind.AUTO_CLOSE,
    "escalate": ActivityKind.ESCALATION,
}
STATES = (NEW, IN_PROGRESS, ON_HOLD, CLOSED)
PAIRS = [(name, state, TABLE[name][i]) for name in TABLE for i, state in enumerate(STATES)]


def test_the_table_covers_every_operation() -> None:
    assert set(TABLE) == set(SAMPLES) == {operation_name(cls.__new__(cls)) for cls in OPERATIONS}


@pytest.mark.parametrize(
    ("name", "state", "expected"), PAIRS, ids=[f"{n}-{s.value}" for n, s, _ in PAIRS]
)
def test_every_state_and_operation(
    name: str, state: AlarmState, expected: AlarmState | None
) -> None:
    operation, actor = SAMPLES[name]
    alarm = alarm_in(state)
    before = replace(alarm)
    now_us = T0 + 600 * S
    if expected is None:
        with pytest.raises(IllegalTransition) as refused:
            apply(alarm, operation, actor=actor, now_us=now_us, expected_version=5)
        assert (refused.value.state, refused.value.operation) == (state, name)
        assert state.value in str(refused.value) and name in str(refused.value)
        assert alarm == before
        return
    after, activity = apply(alarm, operation, actor=actor, now_us=now_us, expected_version=5)
    assert after.state is expected
    assert after.version == activity.version == 6
    assert activity.kind is KINDS.get(name, ActivityKind.STATE)
    assert (activity.alarm_id, activity.actor, activity.time_us) == (42, actor, now_us)
    assert (activity.state_before, activity.state_after) == (state, expected)
    if activity.kind is ActivityKind.STATE:
        assert (activity.before, activity.after) == (state.value, expected.value)
    assert after.is_open == (expected is not CLOSED)
    assert (after.resolution is not None) == (expected is CLOSED)
    unchanged = ("id", "rule_id", "key", "count", "first_us", "last_us", "title")
    assert all(getattr(after, f) == getattr(alarm, f) for f in unchanged)


def test_acknowledge_claims_the_alarm_and_records_who_reacted_when() -> None:
    after, _ = apply(
        alarm_in(NEW), Acknowledge(), actor="bob", now_us=T0 + 9 * S, expected_version=5
    )
    assert (after.owner, after.acknowledged_by, after.acknowledged_us) == ("bob", "bob", T0 + 9 * S)


def test_acknowledge_keeps_an_initial_owner() -> None:
    alarm = alarm_in(NEW, owner="carol")
    after, _ = apply(alarm, Acknowledge(), actor="bob", now_us=T0 + 9 * S, expected_version=5)
    assert (after.owner, after.acknowledged_by) == ("carol", "bob")


def test_assign_from_new_is_a_reaction_and_later_assigns_keep_the_first_acknowledgement() -> None:
    first, activity = apply(
        alarm_in(NEW), Assign("carol"), actor="bob", now_us=T0 + 7 * S, expected_version=5
    )
    assert (first.owner, first.acknowledged_by, first.acknowledged_us) == (
        "carol",
        "bob",
        T0 + 7 * S,
    )
    assert (activity.before, activity.after) == ("", "carol")
    second, _ = apply(first, Assign("dave"), actor="carol", now_us=T0 + 8 * S, expected_version=6)
    assert (second.owner, second.acknowledged_by, second.acknowledged_us) == (
        "dave",
        "bob",
        T0 + 7 * S,
    )


def test_release_gives_the_alarm_back_without_owner() -> None:
    after, _ = apply(
        alarm_in(ON_HOLD), Release(), actor="alice", now_us=T0 + 9 * S, expected_version=5
    )
    assert (after.state, after.owner, after.acknowledged_by) == (NEW, None, "alice")


def test_close_records_resolution_and_closer_and_reopen_clears_them() -> None:
    closed, activity = apply(
        alarm_in(IN_PROGRESS),
        Close(Resolution.TEST, "drill"),
        actor="bob",
        now_us=T0 + 9 * S,
        expected_version=5,
    )
    assert (closed.resolution, closed.closed_by, closed.closed_us) == (
        Resolution.TEST,
        "bob",
        T0 + 9 * S,
    )
    assert activity.text == "test: drill"
    reopened, _ = apply(closed, Reopen(), actor="carol", now_us=T0 + 10 * S, expected_version=6)
    assert (reopened.state, reopened.owner) == (IN_PROGRESS, "carol")
    assert (reopened.resolution, reopened.closed_by, reopened.closed_us) == (None, None, None)


@pytest.mark.parametrize("state", [NEW, IN_PROGRESS, ON_HOLD])
def test_close_without_resolution_is_refused(state: AlarmState) -> None:
    with pytest.raises(ResolutionRequired, match="needs a resolution"):
        apply(alarm_in(state), Close(None, "done"), actor="bob", now_us=T0, expected_version=5)


def test_an_operator_cannot_close_as_auto() -> None:
    with pytest.raises(InvalidArgument, match="resolution"):
        apply(alarm_in(NEW), Close(Resolution.AUTO), actor="bob", now_us=T0, expected_version=5)


def test_auto_close_only_when_the_rule_says_so() -> None:
    alarm = alarm_in(IN_PROGRESS, auto_close=False)
    with pytest.raises(IllegalTransition, match="does not close it"):
        apply(alarm, AutoClose(), actor=SYSTEM_ACTOR, now_us=T0, expected_version=5)
    closed, activity = apply(
        alarm_in(IN_PROGRESS), AutoClose(), actor=SYSTEM_ACTOR, now_us=T0, expected_version=5
    )
    assert (closed.resolution, closed.closed_by, activity.text) == (
        Resolution.AUTO,
        SYSTEM_ACTOR,
        "cause cleared",
    )


def test_escalation_raises_the_priority_once() -> None:
    escalated, activity = apply(
        alarm_in(NEW),
        Escalate(after_s=120),
        actor=SYSTEM_ACTOR,
        now_us=T0 + 120 * S,
        expected_version=5,
    )
    assert (escalated.priority, escalated.escalated, escalated.acknowledged_by) == (1, True, None)
    assert (activity.before, activity.after, activity.text) == (
        "2",
        "1",
        "nobody reacted within 120 s",
    )
    with pytest.raises(IllegalTransition, match="already escalated"):
        apply(escalated, Escalate(after_s=120), actor=SYSTEM_ACTOR, now_us=T0, expected_version=6)
    top, _ = apply(
        alarm_in(NEW, priority=1),
        Escalate(after_s=5),
        actor=SYSTEM_ACTOR,
        now_us=T0,
        expected_version=5,
    )
    assert top.priority == 1


@pytest.mark.parametrize(
    ("operation", "reason"),
    [
        (Assign("alice"), "already owned"),
        (SetPriority(2), "already priority"),
        (SetCategory("intrusion"), "already category"),
    ],
)
def test_an_operation_that_changes_nothing_is_refused(operation: Operation, reason: str) -> None:
    with pytest.raises(IllegalTransition, match=reason):
        apply(alarm_in(IN_PROGRESS), operation, actor="bob", now_us=T0, expected_version=5)


@pytest.mark.parametrize(
    ("operation", "actor", "field"),
    [
        (Acknowledge(), "", "actor"),
        (Acknowledge(), SYSTEM_ACTOR, "actor"),
        (AutoClose(), "bob", "actor"),
        (Escalate(after_s=60), "bob", "actor"),
        (Escalate(after_s=-1), SYSTEM_ACTOR, "after_s"),
        (Comment("   "), "bob", "text"),
        (Comment("x" * 5000), "bob", "text"),
        (SetPriority(0), "bob", "priority"),
        (SetPriority(4), "bob", "priority"),
        (Assign(""), "bob", "owner"),
        (SetCategory("c" * 65), "bob", "category"),
    ],
)
def test_bad_input_is_a_clear_error(operation: Operation, actor: str, field: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        apply(alarm_in(NEW), operation, actor=actor, now_us=T0, expected_version=5)
    assert refused.value.field == field


def test_two_operators_on_the_same_version_the_second_gets_a_conflict() -> None:
    read_by_both = alarm_in(NEW)
    stored, _ = apply(
        read_by_both,
        Acknowledge(),
        actor="alice",
        now_us=T0 + S,
        expected_version=read_by_both.version,
    )
    with pytest.raises(VersionConflict) as conflict:
        apply(
            stored,
            Assign("bob"),
            actor="bob",
            now_us=T0 + 2 * S,
            expected_version=read_by_both.version,
        )
    assert (conflict.value.expected_version, conflict.value.current_version) == (5, 6)
    assert "version 5 is stale" in str(conflict.value) and "version 6" in str(conflict.value)


def test_a_stale_version_is_reported_before_the_transition_is_judged() -> None:
    # Bob's view is stale; telling him to reload is the useful answer, not "cannot ...".
    with pytest.raises(VersionConflict):
        apply(alarm_in(CLOSED), Acknowledge(), actor="bob", now_us=T0, expected_version=4)


OPERATION_STRATEGY = st.sampled_from(list(SAMPLES.values())) | st.builds(
    lambda p: (SetPriority(p), "dave"), st.sampled_from([1, 2, 3])
)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(st.tuples(OPERATION_STRATEGY, st.integers(0, 10 * S)), max_size=40),
    auto_close=st.booleans(),
)
def test_any_sequence_of_operations_keeps_versions_and_history_consistent(
    steps: list[tuple[tuple[Operation, str], int]], auto_close: bool
) -> None:
    alarm = alarm_in(NEW, auto_close=auto_close)
    history = []
    now_us = T0
    for (operation, actor), step_us in steps:
        now_us += step_us
        try:
            after, activity = apply(
                alarm, operation, actor=actor, now_us=now_us, expected_version=alarm.version
            )
        except AlarmError:
            continue
        assert after.version == alarm.version + 1 == activity.version
        assert activity.state_before is alarm.state and activity.state_after is after.state
        if alarm.acknowledged_us is not None:
            assert (after.acknowledged_by, after.acknowledged_us) == (
                alarm.acknowledged_by,
                alarm.acknowledged_us,
            )
        assert (
            (after.state is CLOSED)
            == (after.resolution is not None)
            == (after.closed_us is not None)
        )
        assert 1 <= after.priority <= 3
        history.append(activity)
        alarm = after
    assert alarm.version == 5 + len(history)
    assert [a.version for a in history] == list(range(6, 6 + len(history)))


def test_a_negative_time_is_a_clear_error() -> None:
    with pytest.raises(InvalidArgument) as refused:
        apply(alarm_in(NEW), Acknowledge(), actor="bob", now_us=-1, expected_version=5)
    assert refused.value.field == "now_us"
