"""One operator's control session: what it reports, and when its dead-man stops the
camera. Driven against a recording fake driver, with the arbiter on a clock the test
moves and a short silence bound; every wait is a bounded poll."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from vedette_server.ptz.arbiter import Claimant, Denied, PtzArbiter, SessionKind
from vedette_server.ptz.control_session import (
    ControlSession,
    Report,
    SessionGranted,
    SessionTakenOver,
)
from vedette_server.ptz.gate import CommandGate
from vedette_server.ptz.model import Velocity

T = TypeVar("T")
CAMERA = 3
SILENCE_S = 0.05
WAIT_S = 10.0


@dataclass(frozen=True)
class Caps:
    max_presets: int = 255
    has_absolute_position: bool = False
    has_focus: bool = True
    has_iris: bool = True


class RecordingDriver:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.capabilities = Caps()

    async def continuous(self, velocity: Velocity) -> None:
        self.calls.append(f"move {velocity.pan:g}")

    async def stop(self) -> None:
        self.calls.append("stop")


@dataclass
class Camera:
    camera_id: int
    gate: CommandGate


class FakeService:
    """What a ControlSession uses of PtzService: the arbiter, the camera, commands."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.arbiter = PtzArbiter(clock)
        self.driver = RecordingDriver()
        self.cam = Camera(CAMERA, CommandGate(CAMERA, self.driver))  # type: ignore[arg-type]

    async def camera(self, camera_id: int) -> Camera:
        assert camera_id == CAMERA
        return self.cam

    async def command(self, camera: Camera, action: Callable[[], Awaitable[T]]) -> T:
        return await action()


class Clock:
    def __init__(self) -> None:
        self.now_s = 0.0

    def __call__(self) -> float:
        return self.now_s


def session(service: FakeService, holder: str, priority: int, reports: list[Report]) -> Any:
    claimant = Claimant(holder, SessionKind.MANUAL, priority)
    return ControlSession(
        service,  # type: ignore[arg-type]
        claimant,
        reports.append,
        lambda error: reports.append(error),  # type: ignore[arg-type]
        silence_s=SILENCE_S,
    )


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"gave up waiting for {what}"
        await asyncio.sleep(0.005)


def test_a_silent_session_is_stopped_once_and_the_end_of_the_stream_stops_and_releases() -> None:
    async def scenario() -> None:
        service, reports = FakeService(Clock()), []  # type: ignore[var-annotated]
        operator = session(service, "user:ann", 3000, reports)
        await operator.acquire(CAMERA)
        assert reports == [SessionGranted(Claimant("user:ann", SessionKind.MANUAL, 3000))]
        await operator.move(Velocity(pan=0.5))
        await until(lambda: service.driver.calls == ["move 0.5", "stop"], "the dead-man stop")
        await asyncio.sleep(SILENCE_S * 4)
        assert service.driver.calls == ["move 0.5", "stop"]  # once per silence
        await operator.aclose()
        assert service.driver.calls == ["move 0.5", "stop", "stop"]
        assert service.arbiter.holder(CAMERA) is None

    asyncio.run(scenario())


def test_a_session_renewed_after_its_idle_end_still_has_a_dead_man() -> None:
    async def scenario() -> None:
        clock = Clock()
        service, reports = FakeService(clock), []  # type: ignore[var-annotated]
        operator = session(service, "user:ann", 3000, reports)
        await operator.acquire(CAMERA)
        await operator.move(Velocity(pan=0.5))
        await until(lambda: "stop" in service.driver.calls, "the first dead-man stop")
        clock.now_s += service.arbiter.idle_timeout_s + 1  # the session ended by itself
        await operator.move(Velocity(pan=-0.5))  # renews it in the same acquire
        await until(
            lambda: service.driver.calls[-2:] == ["move -0.5", "stop"], "the renewed dead-man"
        )
        await operator.aclose()

    asyncio.run(scenario())


def test_a_lower_priority_is_denied_and_a_taken_over_session_never_stops_the_camera() -> None:
    async def scenario() -> None:
        service = FakeService(Clock())
        low_reports: list[Report] = []
        high_reports: list[Report] = []
        low = session(service, "user:ann", 3000, low_reports)
        high = session(service, "user:boss", 10_000, high_reports)
        await low.acquire(CAMERA)
        await low.move(Velocity(pan=0.2))
        await high.acquire(CAMERA)
        assert isinstance(low_reports[-1], SessionTakenOver)
        assert low_reports[-1].by.holder == "user:boss"
        await high.move(Velocity(pan=1.0))
        await low.move(Velocity(pan=-1.0))  # denied, not sent
        denied = low_reports[-1]
        assert isinstance(denied, Denied) and denied.holder.holder == "user:boss"
        # The holder's own dead-man stop, after its move (an earlier stop, of the move
        # the takeover ended, must not count: a loaded run matched it, and then the
        # holder's stop fell inside the loser's aclose below).
        await until(
            lambda: service.driver.calls[-2:] == ["move 1", "stop"], "the holder's dead-man"
        )
        calls = len(service.driver.calls)
        await low.aclose()  # the loser's end sends nothing
        assert len(service.driver.calls) == calls
        assert "move -1" not in service.driver.calls
        await high.aclose()
        assert service.arbiter.holder(CAMERA) is None

    asyncio.run(scenario())
