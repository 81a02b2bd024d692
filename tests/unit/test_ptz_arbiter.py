"""Who may move a camera: priorities, takeover, idle timeout and reservation, on a fake
clock; every change of holder is one event naming the holders before and after."""

from __future__ import annotations

import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.ptz.arbiter import (
    Change,
    Claimant,
    ControlEvent,
    Denied,
    Granted,
    PtzArbiter,
    SessionKind,
)

CAM = 3
ALICE = Claimant("user:alice", SessionKind.MANUAL, 3000)
BOB = Claimant("user:bob", SessionKind.MANUAL, 3000)
CHIEF = Claimant("user:chief", SessionKind.MANUAL, 5000)
GUARD = Claimant("user:guard", SessionKind.MANUAL, 1000)
ADMIN = Claimant("user:admin", SessionKind.RESERVED, 3000)


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 500.0

    def __call__(self) -> float:
        return self.now_s

    def advance(self, seconds: float) -> None:
        self.now_s += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def events() -> list[ControlEvent]:
    return []


@pytest.fixture
def arbiter(clock: FakeClock, events: list[ControlEvent]) -> PtzArbiter:
    arbiter = PtzArbiter(clock, idle_timeout_s=10.0, reservation_s=3600.0)
    arbiter.subscribe(events.append)
    return arbiter


def changes(events: list[ControlEvent]) -> list[tuple[Change, str | None, str | None]]:
    return [
        (e.change, e.before.holder if e.before else None, e.after.holder if e.after else None)
        for e in events
    ]


def test_a_free_camera_goes_to_the_first_claimant(
    arbiter: PtzArbiter, events: list[ControlEvent]
) -> None:
    result = arbiter.acquire(CAM, ALICE)

    assert isinstance(result, Granted)
    assert result.took_over is None
    assert changes(events) == [(Change.ACQUIRED, None, "user:alice")]
    assert events[0].camera == CAM
    assert events[0].at_s == 500.0


def test_an_equal_priority_is_denied_until_the_holder_is_idle_for_the_timeout(
    arbiter: PtzArbiter, clock: FakeClock, events: list[ControlEvent]
) -> None:
    arbiter.acquire(CAM, ALICE)
    clock.advance(6.0)
    arbiter.acquire(CAM, ALICE)  # a move: the idle period starts again
    clock.advance(4.0)

    denied = arbiter.acquire(CAM, BOB)
    assert isinstance(denied, Denied)
    assert denied.holder == ALICE
    assert denied.priority == 3000
    assert denied.remaining_s == pytest.approx(6.0)
    assert "held by user:alice (manual, priority 3000) for 6.0 s more" in str(denied)

    clock.advance(6.0)
    assert isinstance(arbiter.acquire(CAM, BOB), Granted)
    assert changes(events) == [
        (Change.ACQUIRED, None, "user:alice"),
        (Change.EXPIRED, "user:alice", None),
        (Change.ACQUIRED, None, "user:bob"),
    ]


def test_a_higher_priority_takes_over_at_once_and_the_event_names_both(
    arbiter: PtzArbiter, events: list[ControlEvent]
) -> None:
    arbiter.acquire(CAM, ALICE)

    result = arbiter.acquire(CAM, CHIEF)

    assert isinstance(result, Granted)
    assert result.took_over == ALICE
    assert changes(events)[-1] == (Change.TAKEN_OVER, "user:alice", "user:chief")
    assert events[-1].before == ALICE
    assert events[-1].after == CHIEF


def test_a_lower_priority_is_denied_while_the_session_lives(
    arbiter: PtzArbiter, clock: FakeClock
) -> None:
    arbiter.acquire(CAM, ALICE)
    clock.advance(9.9)

    denied = arbiter.acquire(CAM, GUARD)

    assert isinstance(denied, Denied)
    assert denied.remaining_s == pytest.approx(0.1)
    assert arbiter.holder(CAM) is not None


def test_a_cruise_yields_to_a_manual_move_of_equal_priority_but_not_to_a_lower_one(
    arbiter: PtzArbiter, clock: FakeClock, events: list[ControlEvent]
) -> None:
    cruise = Claimant("cruise:1", SessionKind.CRUISE, 3000)
    arbiter.acquire(CAM, cruise)
    clock.advance(3600.0)  # a cruise has no idle timeout

    low = arbiter.acquire(CAM, GUARD)
    assert isinstance(low, Denied)
    assert low.remaining_s is None
    assert "until released" in str(low)

    assert isinstance(arbiter.acquire(CAM, ALICE), Granted)
    assert changes(events)[-1] == (Change.TAKEN_OVER, "cruise:1", "user:alice")


def test_a_reservation_blocks_equal_and_lower_priorities_rules_and_cruises_until_it_ends(
    arbiter: PtzArbiter, clock: FakeClock, events: list[ControlEvent]
) -> None:
    assert isinstance(arbiter.reserve(CAM, ADMIN), Granted)
    clock.advance(600.0)  # idle far beyond the manual timeout

    for claimant in (
        BOB,
        GUARD,
        Claimant("rule:7", SessionKind.RULE, 9000),
        Claimant("cruise:2", SessionKind.CRUISE, 9000),
    ):
        denied = arbiter.acquire(CAM, claimant)
        assert isinstance(denied, Denied), claimant
        assert denied.holder == ADMIN
        assert denied.remaining_s == pytest.approx(3000.0)

    clock.advance(3000.0)
    assert isinstance(arbiter.acquire(CAM, BOB), Granted)
    assert changes(events) == [
        (Change.ACQUIRED, None, "user:admin"),
        (Change.EXPIRED, "user:admin", None),
        (Change.ACQUIRED, None, "user:bob"),
    ]


def test_a_reservation_yields_to_a_person_of_higher_priority_and_ends_when_released(
    arbiter: PtzArbiter, events: list[ControlEvent]
) -> None:
    arbiter.reserve(CAM, ADMIN)
    arbiter.acquire(CAM, Claimant("user:admin", SessionKind.MANUAL, 3000))  # a move under it
    session = arbiter.holder(CAM)
    assert session is not None
    assert session.claimant.kind is SessionKind.RESERVED, "moving keeps the reservation"

    assert isinstance(arbiter.acquire(CAM, CHIEF), Granted)
    assert arbiter.release(CAM, "user:admin") is False, "no longer the holder"
    assert arbiter.release(CAM, "user:chief") is True
    assert arbiter.holder(CAM) is None
    assert changes(events) == [
        (Change.ACQUIRED, None, "user:admin"),
        (Change.TAKEN_OVER, "user:admin", "user:chief"),
        (Change.RELEASED, "user:chief", None),
    ]


def test_the_holder_keeps_its_camera_and_no_event_repeats(
    arbiter: PtzArbiter, clock: FakeClock, events: list[ControlEvent]
) -> None:
    for _ in range(5):
        assert isinstance(arbiter.acquire(CAM, ALICE), Granted)
        clock.advance(9.0)

    assert len(events) == 1
    assert isinstance(arbiter.acquire(4, BOB), Granted), "another camera is its own"


def test_a_failing_listener_does_not_undo_the_change(
    arbiter: PtzArbiter, events: list[ControlEvent]
) -> None:
    def broken(event: ControlEvent) -> None:
        raise RuntimeError("audit log down")

    arbiter.subscribe(broken)
    unsubscribe_later = arbiter.subscribe(lambda event: None)
    unsubscribe_later()

    assert isinstance(arbiter.acquire(CAM, ALICE), Granted)
    assert arbiter.holder(CAM) is not None
    assert len(events) == 1


def test_priorities_and_kinds_are_checked_where_they_enter(clock: FakeClock) -> None:
    with pytest.raises(InvalidArgument, match=r"ptz priority: must be within 1\.\.32000, got 0"):
        Claimant("user:x", SessionKind.MANUAL, 0)
    with pytest.raises(
        InvalidArgument, match=r"ptz priority: must be within 1\.\.32000, got 32001"
    ):
        Claimant("user:x", SessionKind.MANUAL, 32001)
    arbiter = PtzArbiter(clock)
    with pytest.raises(InvalidArgument, match="reservations are made with reserve"):
        arbiter.acquire(CAM, ADMIN)
    with pytest.raises(InvalidArgument, match="a reservation is of kind reserved"):
        arbiter.reserve(CAM, ALICE)
    with pytest.raises(InvalidArgument, match="idle_timeout_s: must be positive"):
        PtzArbiter(clock, idle_timeout_s=0)


def test_a_holder_hands_its_camera_to_a_cruise_it_starts_but_nobody_else_can(
    arbiter: PtzArbiter, events: list[ControlEvent]
) -> None:
    cruise = Claimant("cruise:1", SessionKind.CRUISE, 3000)
    arbiter.acquire(CAM, ALICE)

    assert isinstance(arbiter.acquire(CAM, cruise, handover_from="user:bob"), Denied)
    result = arbiter.acquire(CAM, cruise, handover_from="user:alice")

    assert isinstance(result, Granted)
    assert result.took_over == ALICE
    assert changes(events)[-1] == (Change.TAKEN_OVER, "user:alice", "cruise:1")


def test_a_reservation_lasts_the_duration_asked_and_only_release_with_reservation_ends_it(
    arbiter: PtzArbiter, clock: FakeClock, events: list[ControlEvent]
) -> None:
    granted = arbiter.reserve(CAM, ADMIN, 120.0)
    assert isinstance(granted, Granted) and granted.session.ends_s == clock.now_s + 120.0
    # The holder's control stream ending (a plain release) leaves the reservation.
    assert arbiter.release(CAM, "user:admin") is False
    assert arbiter.holder(CAM) is not None
    clock.advance(100.0)
    renewed = arbiter.reserve(CAM, ADMIN, 60.0)  # reserving again renews it
    assert isinstance(renewed, Granted) and renewed.session.ends_s == clock.now_s + 60.0
    assert arbiter.release(CAM, "user:admin", reservation=True) is True
    assert arbiter.holder(CAM) is None
    assert changes(events) == [
        (Change.ACQUIRED, None, "user:admin"),
        (Change.RELEASED, "user:admin", None),
    ]


@pytest.mark.parametrize("seconds", [0.0, -1.0, 24 * 3600.0 + 0.5, float("nan"), float("inf")])
def test_a_reservation_lasts_more_than_nothing_and_at_most_a_day(
    arbiter: PtzArbiter, seconds: float
) -> None:
    with pytest.raises(InvalidArgument, match=r"duration: a reservation lasts more than 0 s"):
        arbiter.reserve(CAM, ADMIN, seconds)
    assert arbiter.holder(CAM) is None
