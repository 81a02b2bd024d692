"""The cruise executor against a fake head on a fake clock: arrival from positions or
from the travel estimate, dwell, laps, and each way a cruise ends (stop, driver error,
denial at start). The fake ``sleep`` advances the clock, so a lap takes no real time."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import pytest

from vedette_server.ptz.arbiter import Claimant, Denied, Granted, PtzArbiter, SessionKind
from vedette_server.ptz.cruise import (
    ArrivalSettings,
    CruiseArrived,
    CruiseEnded,
    CruiseEndReason,
    CruiseRunner,
)
from vedette_server.ptz.gate import CommandGate
from vedette_server.ptz.model import Cruise, CruiseStep, Position, Velocity

CAM = 9
PLACES = {1: Position(0.0, 0.0), 2: Position(90.0, 0.0), 3: Position(90.0, -30.0)}
TRAVEL_S = 2.0  # the fake head takes 2 s at full speed between any two places
ARRIVAL = ArrivalSettings(poll_s=0.25, still_s=1.0, travel_estimate_s=4.0)


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 0.0

    def __call__(self) -> float:
        return self.now_s

    async def sleep(self, seconds: float) -> None:
        self.now_s += seconds
        await asyncio.sleep(0)


@dataclass(frozen=True)
class Caps:
    has_absolute_position: bool
    max_presets: int = 255
    has_focus: bool = False
    has_iris: bool = False


@dataclass(frozen=True)
class Status:
    position: Position | None
    moving: bool | None = None


class FakeHead:
    """Moves linearly from where it is to a preset in ``TRAVEL_S / speed``."""

    def __init__(self, clock: FakeClock, has_positions: bool = True) -> None:
        self.clock = clock
        self.capabilities = Caps(has_absolute_position=has_positions)
        self.calls: list[tuple[float, str, object]] = []
        self.fail_goto_to: int | None = None
        self._from, self._to = PLACES[1], PLACES[1]
        self._start_s, self._travel_s = 0.0, 0.0

    def where(self) -> Position:
        done = 1.0 if self._travel_s == 0 else (self.clock() - self._start_s) / self._travel_s
        done = min(max(done, 0.0), 1.0)
        return Position(
            self._from.pan_deg + (self._to.pan_deg - self._from.pan_deg) * done,
            self._from.tilt_deg + (self._to.tilt_deg - self._from.tilt_deg) * done,
        )

    async def continuous(self, velocity: Velocity) -> None:
        self.calls.append((self.clock(), "move", velocity))

    async def stop(self) -> None:
        self.calls.append((self.clock(), "stop", None))
        self._from = self._to = self.where()
        self._travel_s = 0.0

    async def goto_preset(self, number: int, speed: float) -> None:
        self.calls.append((self.clock(), "goto", number))
        if number == self.fail_goto_to:
            raise OSError("serial port /dev/ttyUSB0: lost")
        self._from, self._to = self.where(), PLACES[number]
        self._start_s, self._travel_s = self.clock(), TRAVEL_S / speed

    async def set_preset(self, number: int) -> None:
        pass

    async def clear_preset(self, number: int) -> None:
        pass

    async def status(self) -> Status:
        self.calls.append((self.clock(), "status", None))
        return Status(self.where() if self.capabilities.has_absolute_position else None)

    async def aclose(self) -> None:
        pass


@dataclass
class Run:
    clock: FakeClock
    head: FakeHead
    arbiter: PtzArbiter
    runner: CruiseRunner
    arrivals: list[tuple[float, CruiseArrived, Position]]
    ended: list[CruiseEnded]


def cruise_run(
    scenario: Callable[[Run], Coroutine[Any, Any, None]], has_positions: bool = True
) -> Run:
    clock = FakeClock()
    head = FakeHead(clock, has_positions)
    arrivals: list[tuple[float, CruiseArrived, Position]] = []
    ended: list[CruiseEnded] = []

    async def main() -> Run:
        gate = CommandGate(CAM, head)
        arbiter = PtzArbiter(clock)
        runner = CruiseRunner(
            gate,
            arbiter,
            arrival=ARRIVAL,
            on_arrived=lambda a: arrivals.append((clock(), a, head.where())),
            on_ended=ended.append,
            clock=clock,
            sleep=clock.sleep,
        )
        run = Run(clock, head, arbiter, runner, arrivals, ended)
        try:
            await scenario(run)
        finally:
            await runner.aclose()
            await gate.aclose()
        return run

    return asyncio.run(main())


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(100_000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never came true")


YARD = Cruise(1, "yard", (CruiseStep(2, 5.0, 1.0), CruiseStep(3, 10.0, 0.5), CruiseStep(1, 5.0)))


def test_a_cruise_arrives_where_the_head_settles_dwells_and_loops() -> None:
    async def scenario(run: Run) -> None:
        assert isinstance(await run.runner.start(YARD, 3000), Granted)
        await until(lambda: len(run.arrivals) >= 6)
        await run.runner.stop()

    run = cruise_run(scenario)

    assert [(a.lap, a.preset) for _, a, _ in run.arrivals[:6]] == [
        (0, 2), (0, 3), (0, 1), (1, 2), (1, 3), (1, 1),
    ]  # fmt: skip
    for _, arrived, position in run.arrivals:
        assert position == PLACES[arrived.preset], "arrived means the head is there"
    gotos = [t for t, name, _ in run.head.calls if name == "goto"]
    for (arrived_s, arrived, _), next_goto_s in zip(run.arrivals, gotos[1:], strict=False):
        assert next_goto_s - arrived_s == pytest.approx(YARD.steps[arrived.step_index].dwell_s)
    # Travel: 2 s at full speed, 4 s at half; arrival is seen within two polls of it.
    for goto_s, (arrived_s, arrived, _) in zip(gotos, run.arrivals, strict=False):
        travel_s = TRAVEL_S / YARD.steps[arrived.step_index].speed
        assert travel_s <= arrived_s - goto_s <= travel_s + 2 * ARRIVAL.poll_s + 1e-9


def test_later_laps_wait_out_the_learned_travel_before_polling() -> None:
    async def scenario(run: Run) -> None:
        await run.runner.start(YARD, 3000)
        await until(lambda: len(run.arrivals) >= 6)
        await run.runner.stop()

    run = cruise_run(scenario)

    gotos = [i for i, (_, name, _) in enumerate(run.head.calls) if name == "goto"]
    polls = [
        sum(1 for _, name, _ in run.head.calls[start:end] if name == "status")
        for start, end in itertools.pairwise(gotos)
    ]
    assert polls[3] < polls[0] and polls[4] < polls[1], polls


def test_without_positions_a_cruise_waits_the_travel_estimate_scaled_by_speed() -> None:
    async def scenario(run: Run) -> None:
        await run.runner.start(YARD, 3000)
        await until(lambda: len(run.arrivals) >= 3)
        await run.runner.stop()

    run = cruise_run(scenario, has_positions=False)

    gotos = [t for t, name, _ in run.head.calls if name == "goto"]
    waited = [t - goto_s for goto_s, (t, _, _) in zip(gotos, run.arrivals, strict=False)]
    assert waited[:3] == [4.0, 8.0, 4.0]


def test_stopping_a_cruise_stops_the_head_and_frees_the_camera() -> None:
    async def scenario(run: Run) -> None:
        await run.runner.start(YARD, 3000)
        await until(lambda: len(run.arrivals) >= 1)
        await run.runner.stop()
        assert run.runner.running is None
        assert run.arbiter.holder(CAM) is None

    run = cruise_run(scenario)

    assert run.head.calls[-1][1] == "stop"
    assert run.ended == [CruiseEnded(CAM, 1, CruiseEndReason.STOPPED)]


def test_a_driver_error_ends_the_cruise_with_the_error_and_frees_the_camera() -> None:
    async def scenario(run: Run) -> None:
        run.head.fail_goto_to = 3
        await run.runner.start(YARD, 3000)
        await until(lambda: bool(run.ended))
        assert run.arbiter.holder(CAM) is None

    run = cruise_run(scenario)

    [end] = run.ended
    assert end.reason is CruiseEndReason.DRIVER_ERROR
    assert isinstance(end.error, OSError)
    assert str(end) == "cruise 1 of camera 9 ended: driver_error: serial port /dev/ttyUSB0: lost"
    assert [a.preset for _, a, _ in run.arrivals] == [2]


def test_a_cruise_cannot_start_on_a_camera_a_higher_priority_holds() -> None:
    async def scenario(run: Run) -> None:
        chief = Claimant("user:chief", SessionKind.MANUAL, 5000)
        run.arbiter.acquire(CAM, chief)

        denied = await run.runner.start(YARD, 3000)

        assert isinstance(denied, Denied)
        assert denied.holder == chief
        assert run.runner.running is None

    run = cruise_run(scenario)

    assert run.head.calls == []
    assert run.ended == []


def test_starting_another_cruise_ends_the_first() -> None:
    other = Cruise(2, "gate", (CruiseStep(1, 5.0),))

    async def scenario(run: Run) -> None:
        await run.runner.start(YARD, 3000)
        await until(lambda: len(run.arrivals) >= 1)
        await run.runner.start(other, 3000)
        assert run.runner.running == other
        session = run.arbiter.holder(CAM)
        assert session is not None
        assert session.claimant.holder == "cruise:2"

    run = cruise_run(scenario)

    assert [(e.cruise, e.reason) for e in run.ended] == [
        (1, CruiseEndReason.STOPPED),
        (2, CruiseEndReason.STOPPED),
    ]


def test_an_operator_holding_the_camera_starts_a_cruise_on_it() -> None:
    alice = Claimant("user:alice", SessionKind.MANUAL, 3000)

    async def scenario(run: Run) -> None:
        run.arbiter.acquire(CAM, alice)
        assert isinstance(await run.runner.start(YARD, 3000), Denied)

        assert isinstance(await run.runner.start(YARD, 3000, started_by="user:alice"), Granted)
        await until(lambda: len(run.arrivals) >= 1)
        session = run.arbiter.holder(CAM)
        assert session is not None
        assert session.claimant.holder == "cruise:1"

    run = cruise_run(scenario)

    assert run.arrivals[0][1].preset == 2
