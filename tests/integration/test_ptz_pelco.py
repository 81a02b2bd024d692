"""The server's PTZ domain driving a real ``PelcoPtzDriver`` over a pty to the dome
simulator: moves and stops, presets, a server-run cruise stopped by a manual move of
higher priority, the dead-man stop, and a port that vanishes under a cruise.

The dome's head moves on a clock the test owns: a ``FakeClock`` advanced by hand where
positions are compared exactly, a ``FastClock`` (20× real time) where a cruise must
travel on its own. Every wait is a bounded poll; nothing asserts on wall-clock timing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial

import pytest

from tests.support.threads import ThreadSafeFakeClock as FakeClock
from tests.support.threads import no_thread_outlives_the_test  # noqa: F401 (autouse)
from vedette_hw.pelco import Protocol
from vedette_hw.pelco_driver import PelcoDevice, PelcoPtzDriver, ReservedPreset
from vedette_hw.serial_port import SerialPortLost
from vedette_hw.sim.pelco_dome import PelcoDome, PtyPelcoDome
from vedette_hw.sim.ptz_model import MoveStatus, PtzLimits, PtzModel, PtzPosition
from vedette_server.ptz.arbiter import (
    Claimant,
    ControlEvent,
    Denied,
    Granted,
    PtzArbiter,
    SessionKind,
)
from vedette_server.ptz.cruise import (
    ArrivalSettings,
    CruiseArrived,
    CruiseEnded,
    CruiseEndReason,
    CruiseRunner,
)
from vedette_server.ptz.dead_man import DeadMan
from vedette_server.ptz.driver import PtzDriver
from vedette_server.ptz.gate import CommandGate
from vedette_server.ptz.model import Cruise, CruiseStep, Velocity

WAIT_S = 10.0
CAMERA = 7  # the dome's Pelco address
CAMERA_ID = 42  # Vedette's id of the camera
LIMITS = PtzLimits(pan_speed_max_deg_s=90.0, pan_accel_deg_s2=900.0)
FAST_ARRIVAL = ArrivalSettings(poll_s=0.02, still_s=0.5, travel_estimate_s=0.1)


class FastClock:
    """Real time, 20 times faster: a cruise's travels take tenths of a second."""

    def __init__(self, factor: float = 20.0) -> None:
        self._start_s = time.monotonic()
        self._factor = factor

    def __call__(self) -> float:
        return (time.monotonic() - self._start_s) * self._factor


@dataclass
class Rig:
    dome: PtyPelcoDome
    model: PtzModel
    driver: PelcoPtzDriver
    gate: CommandGate
    arbiter: PtzArbiter


@pytest.fixture
def dome_factory() -> Iterator[Callable[[Callable[[], float]], tuple[PtyPelcoDome, PtzModel]]]:
    domes: list[PtyPelcoDome] = []

    def start(clock: Callable[[], float]) -> tuple[PtyPelcoDome, PtzModel]:
        model = PtzModel(clock, LIMITS, home=PtzPosition(0.0, 0.0))
        dome = PtyPelcoDome(PelcoDome(CAMERA, Protocol.D, model))
        dome.start()
        domes.append(dome)
        return dome, model

    yield start
    for dome in domes:
        dome.close()


@asynccontextmanager
async def rig(dome: PtyPelcoDome, model: PtzModel, **device: object) -> AsyncIterator[Rig]:
    """The real driver on the dome's pty, its gate and an arbiter; all closed after."""
    # A generous query timeout: a loaded machine must not turn a slow reply into "no
    # read-back" (giving up on a silent dome is tested in test_pelco_driver_wire.py).
    settings: dict[str, object] = {"query_timeout_s": 2.0, **device}
    driver = await PelcoPtzDriver.open(
        dome.device_path,
        PelcoDevice(CAMERA, Protocol.D, **settings),  # type: ignore[arg-type]
        baud_rate=9600,
        inter_frame_gap_s=0.002,
    )
    gate = CommandGate(CAMERA_ID, driver)
    try:
        yield Rig(dome, model, driver, gate, PtzArbiter(time.monotonic))
    finally:
        await gate.aclose()
        await driver.aclose()


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up after {WAIT_S} s waiting for {what}"
        await asyncio.sleep(0.005)


def handled(dome: PtyPelcoDome) -> int:
    return dome.counts()[0]


def test_a_continuous_move_then_stop_turns_the_dome_and_the_driver_reads_it_back(
    dome_factory: Callable[[Callable[[], float]], tuple[PtyPelcoDome, PtzModel]],
) -> None:
    clock = FakeClock()
    dome, model = dome_factory(clock)

    async def scenario() -> None:
        async with rig(dome, model) as r:
            # mypy checks the shape where rig() gives the driver to a CommandGate.
            assert isinstance(r.driver, PtzDriver)
            assert await r.gate.continuous(Velocity(pan=1.0, tilt=-0.5))
            await wait_until(lambda: handled(dome) == 1, "the dome to take the move")
            clock.advance(2.0)
            assert dome.status().pan_tilt is MoveStatus.MOVING
            await r.gate.stop()
            await wait_until(lambda: handled(dome) == 2, "the dome to take the stop")
            clock.advance(1.0)
            status = await r.driver.status()

        here = dome.status()
        assert here.pan_tilt is MoveStatus.IDLE
        # Full deflection is turbo (the dome's top speed, 90°/s): 2 s with 0.1 s ramps.
        assert here.position.pan_deg == pytest.approx(180.0, abs=0.01)
        assert here.position.tilt_deg < -20.0
        assert status.moving is False
        assert status.position is not None
        assert status.position.pan_deg == pytest.approx(here.position.pan_deg, abs=0.01)
        assert status.position.tilt_deg == pytest.approx(here.position.tilt_deg, abs=0.01)

    asyncio.run(scenario())


def test_presets_are_saved_and_called_and_function_presets_need_force(
    dome_factory: Callable[[Callable[[], float]], tuple[PtyPelcoDome, PtzModel]],
) -> None:
    clock = FakeClock()
    dome, model = dome_factory(clock)

    async def scenario() -> None:
        async with rig(dome, model, reserved_presets=frozenset({33, 95})) as r:
            await r.gate.set_preset(1)  # home, pan 0
            await r.gate.continuous(Velocity(pan=0.5))
            await wait_until(lambda: handled(dome) == 2, "the move")
            clock.advance(1.0)
            await r.gate.stop()
            await wait_until(lambda: handled(dome) == 3, "the stop")
            clock.advance(1.0)
            await r.gate.set_preset(2)
            with pytest.raises(ReservedPreset, match="preset 95 of Pelco camera 7 is reserved"):
                await r.gate.set_preset(95)
            await r.driver.set_preset(33, force=True)
            await wait_until(lambda: handled(dome) == 5, "both saves")
            saved = model.presets()
            assert sorted(saved) == [1, 2, 33]
            assert saved[2].pan_deg > 30.0

            await r.gate.goto_preset(1, 1.0)
            await wait_until(lambda: handled(dome) == 6, "the preset call")
            clock.advance(5.0)
            back = await r.driver.status()
            assert back.position is not None
            assert back.position.pan_deg == pytest.approx(0.0, abs=0.01)

            await r.gate.clear_preset(2)
            await wait_until(lambda: 2 not in model.presets(), "preset 2 to be cleared")

    asyncio.run(scenario())


def at_place(dome: PtyPelcoDome, reached: Callable[[PtzPosition], bool]) -> bool:
    return reached(dome.status().position)


async def save_three_presets(r: Rig) -> dict[int, PtzPosition]:
    """Presets 1 (home), 2 (panned right) and 3 (tilted down) on a FastClock dome."""
    await r.gate.set_preset(1)
    places: list[tuple[int, Velocity, Callable[[PtzPosition], bool]]] = [
        (2, Velocity(pan=0.25), lambda p: p.pan_deg >= 90.0),
        (3, Velocity(tilt=-1.0), lambda p: p.tilt_deg <= -40.0),
    ]
    for number, velocity, reached in places:
        await r.gate.continuous(velocity)
        await wait_until(partial(at_place, r.dome, reached), f"preset {number}'s place")
        await r.gate.stop()
        await wait_until(lambda: r.dome.status().pan_tilt is MoveStatus.IDLE, "the head to stop")
        await r.gate.set_preset(number)
    await wait_until(lambda: len(r.model.presets()) == 3, "three presets saved")
    return r.model.presets()


def close_to(a: PtzPosition, b: PtzPosition) -> bool:
    return abs(a.pan_deg - b.pan_deg) < 0.5 and abs(a.tilt_deg - b.tilt_deg) < 0.5


def test_a_three_preset_cruise_runs_until_a_manual_move_of_higher_priority_takes_over(
    dome_factory: Callable[[Callable[[], float]], tuple[PtyPelcoDome, PtzModel]],
) -> None:
    dome, model = dome_factory(FastClock())
    arrivals: list[tuple[CruiseArrived, PtzPosition]] = []
    ended: list[CruiseEnded] = []
    events: list[ControlEvent] = []

    async def scenario() -> None:
        async with rig(dome, model) as r:
            presets = await save_three_presets(r)
            r.arbiter.subscribe(events.append)
            runner = CruiseRunner(
                r.gate,
                r.arbiter,
                arrival=FAST_ARRIVAL,
                on_arrived=lambda a: arrivals.append((a, dome.status().position)),
                on_ended=ended.append,
            )
            cruise = Cruise(1, "yard", tuple(CruiseStep(n, 0.05, 1.0) for n in (1, 2, 3)))
            assert isinstance(await runner.start(cruise, priority=3000), Granted)
            await wait_until(lambda: len(arrivals) >= 4, "a lap and the next step")

            guard = r.arbiter.acquire(CAMERA_ID, Claimant("user:guard", SessionKind.MANUAL, 1000))
            assert isinstance(guard, Denied)
            assert guard.holder.holder == "cruise:1"
            assert [runner.running] == [cruise]

            chief = Claimant("user:chief", SessionKind.MANUAL, 5000)
            taken = r.arbiter.acquire(CAMERA_ID, chief)
            assert isinstance(taken, Granted)
            assert await r.gate.continuous(Velocity(pan=-1.0))
            await wait_until(lambda: bool(ended), "the cruise to end")
            seen = len(arrivals)
            await wait_until(lambda: dome.status().pan_tilt is MoveStatus.MOVING, "the move")
            await r.gate.stop()
            await wait_until(lambda: dome.status().pan_tilt is MoveStatus.IDLE, "the stop")
            assert runner.running is None
            assert len(arrivals) == seen, "nothing moved the head for the cruise after its end"
            holder = r.arbiter.holder(CAMERA_ID)
            assert holder is not None
            assert holder.claimant == chief

        assert [a.preset for a, _ in arrivals[:4]] == [1, 2, 3, 1]
        assert [a.lap for a, _ in arrivals[:4]] == [0, 0, 0, 1]
        for arrived, position in arrivals:
            assert close_to(position, presets[arrived.preset]), (arrived, position)
        assert ended == [CruiseEnded(CAMERA_ID, 1, CruiseEndReason.TAKEN_OVER, by=chief)]
        cruise_holder = Claimant("cruise:1", SessionKind.CRUISE, 3000)
        assert [(e.change.value, e.before, e.after) for e in events] == [
            ("acquired", None, cruise_holder),
            ("taken_over", cruise_holder, chief),
        ]

    asyncio.run(scenario())


def test_a_control_session_silent_for_longer_than_its_limit_stops_the_dome(
    dome_factory: Callable[[Callable[[], float]], tuple[PtyPelcoDome, PtzModel]],
) -> None:
    clock = FakeClock()
    dome, model = dome_factory(clock)
    stops: list[Exception | None] = []

    async def scenario() -> None:
        async with rig(dome, model) as r:
            dead_man = DeadMan(r.gate, silence_s=0.3, on_stopped=stops.append)
            dead_man.start()

            async def console() -> None:
                """Pings far more often than the limit while the joystick is held."""
                while True:
                    dead_man.feed()
                    await asyncio.sleep(0.02)

            pinging = asyncio.create_task(console())
            try:
                await r.gate.continuous(Velocity(pan=0.5))
                await wait_until(lambda: handled(dome) == 1, "the move")
                clock.advance(1.0)
                assert dome.status().pan_tilt is MoveStatus.MOVING
                assert stops == []

                pinging.cancel()  # the console dies: no more pings, no stop from it
                await wait_until(lambda: len(stops) == 1, "the dead-man's stop")
                await wait_until(lambda: handled(dome) == 2, "the dome to take the stop")
                assert [dead_man.fired] == [True]
                clock.advance(1.0)
                assert dome.status().pan_tilt is MoveStatus.IDLE
                assert dome.status().position.pan_deg > 10.0

                dead_man.feed()  # a new message re-arms it
                assert not dead_man.fired
                await wait_until(lambda: len(stops) == 2, "the next silence's stop")
                await wait_until(lambda: handled(dome) == 3, "the dome to take it")
            finally:
                pinging.cancel()
                await dead_man.aclose()

        assert stops == [None, None]

    asyncio.run(scenario())


def test_a_vanished_port_ends_the_cruise_with_the_error_and_every_call_names_the_port(
    dome_factory: Callable[[Callable[[], float]], tuple[PtyPelcoDome, PtzModel]],
) -> None:
    dome, model = dome_factory(FastClock())
    path = dome.device_path
    arrivals: list[CruiseArrived] = []
    ended: list[CruiseEnded] = []

    async def scenario() -> None:
        async with rig(dome, model) as r:
            await save_three_presets(r)
            runner = CruiseRunner(
                r.gate,
                r.arbiter,
                arrival=FAST_ARRIVAL,
                on_arrived=arrivals.append,
                on_ended=ended.append,
            )
            cruise = Cruise(2, "lost", tuple(CruiseStep(n, 0.05, 1.0) for n in (1, 2, 3)))
            assert isinstance(await runner.start(cruise, priority=3000), Granted)
            await wait_until(lambda: len(arrivals) >= 2, "the cruise to be under way")

            dome.close()  # the adapter is pulled
            await wait_until(lambda: bool(ended), "the cruise to end")
            assert runner.running is None
            assert r.arbiter.holder(CAMERA_ID) is None, "the cruise let the camera go"
            with pytest.raises(SerialPortLost, match=f"serial port {path}: lost"):
                await r.gate.continuous(Velocity(pan=1.0))
            with pytest.raises(SerialPortLost, match=f"serial port {path}: lost"):
                await r.driver.status()

        [end] = ended
        assert end.reason is CruiseEndReason.DRIVER_ERROR
        assert isinstance(end.error, SerialPortLost)
        assert end.error.port == path
        assert f"cruise 2 of camera {CAMERA_ID} ended: driver_error: serial port {path}" in str(end)

    asyncio.run(scenario())
