"""A camera's commands reach its driver one at a time: the newest move wins, a stop or a
preset call is never dropped and keeps its place. Driven by a fake driver whose calls
block until the test lets them through, so every backlog is built on purpose."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

import pytest

from vedette_server.ptz.gate import CommandGate, GateClosed
from vedette_server.ptz.model import Velocity


@dataclass(frozen=True)
class Caps:
    max_presets: int = 255
    has_absolute_position: bool = False
    has_focus: bool = True
    has_iris: bool = True


@dataclass(frozen=True)
class Status:
    position: None = None
    moving: bool | None = None


class HeldDriver:
    """Records each call, then waits until the test releases it (``release``)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.capabilities = Caps()
        self.fail_on: str | None = None
        self._go = asyncio.Semaphore(0)

    def release(self, count: int = 1) -> None:
        for _ in range(count):
            self._go.release()

    async def _call(self, name: str, arg: object = None) -> None:
        self.calls.append((name, arg))
        await self._go.acquire()
        if name == self.fail_on:
            raise OSError(f"{name} failed")

    async def continuous(self, velocity: Velocity) -> None:
        await self._call("move", velocity.pan)

    async def stop(self) -> None:
        await self._call("stop")

    async def goto_preset(self, number: int, speed: float) -> None:
        await self._call("goto", number)

    async def set_preset(self, number: int) -> None:
        await self._call("set", number)

    async def clear_preset(self, number: int) -> None:
        await self._call("clear", number)

    async def status(self) -> Status:
        return Status()

    async def aclose(self) -> None:
        pass


async def settle() -> None:
    """Let every ready task run (the gate and submitters need a few loop turns)."""
    for _ in range(20):
        await asyncio.sleep(0)


def run(scenario: Coroutine[Any, Any, None]) -> None:
    asyncio.run(scenario)


def test_the_newest_move_replaces_moves_waiting_behind_the_running_one() -> None:
    async def scenario() -> None:
        driver = HeldDriver()
        gate = CommandGate(1, driver)
        first = asyncio.create_task(gate.continuous(Velocity(pan=0.1)))
        await settle()
        later = [asyncio.create_task(gate.continuous(Velocity(pan=p))) for p in (0.2, 0.3, 0.4)]
        await settle()
        assert gate.pending == 1, "moves never queue behind each other"
        driver.release(2)
        results = await asyncio.gather(first, *later)
        await gate.aclose()

        assert driver.calls == [("move", 0.1), ("move", 0.4)]
        assert results == [True, False, False, True]

    run(scenario())


def test_a_stop_is_never_dropped_and_keeps_its_place_between_moves() -> None:
    async def scenario() -> None:
        driver = HeldDriver()
        gate = CommandGate(1, driver)
        first = asyncio.create_task(gate.continuous(Velocity(pan=0.1)))
        tasks: list[asyncio.Task[Any]] = [first]
        await settle()
        tasks.append(asyncio.create_task(gate.continuous(Velocity(pan=0.2))))
        await settle()
        tasks.append(asyncio.create_task(gate.stop()))
        await settle()
        for pan in (0.3, 0.4):
            tasks.append(asyncio.create_task(gate.continuous(Velocity(pan=pan))))
            await settle()
        tasks.append(asyncio.create_task(gate.stop()))
        await settle()
        driver.release(10)
        results = await asyncio.gather(*tasks)
        await gate.aclose()

        # 0.2 was not replaced by 0.3 or 0.4: a stop stood between them. 0.3 was.
        assert driver.calls == [
            ("move", 0.1),
            ("move", 0.2),
            ("stop", None),
            ("move", 0.4),
            ("stop", None),
        ]
        assert results == [True, True, None, False, True, None]

    run(scenario())


def test_preset_calls_saves_and_clears_all_run_in_order_with_the_moves() -> None:
    async def scenario() -> None:
        driver = HeldDriver()
        gate = CommandGate(1, driver)
        first = asyncio.create_task(gate.continuous(Velocity(pan=0.1)))
        tasks: list[asyncio.Task[Any]] = [first]
        await settle()
        calls: list[Coroutine[Any, Any, Any]] = [
            gate.set_preset(5),
            gate.goto_preset(6, 0.5),
            gate.goto_preset(7, 1.0),
            gate.continuous(Velocity(pan=-0.5)),
            gate.clear_preset(5),
        ]
        for call in calls:
            tasks.append(asyncio.create_task(call))
            await settle()
        driver.release(10)
        await asyncio.gather(*tasks)
        await gate.aclose()

        assert driver.calls == [
            ("move", 0.1),
            ("set", 5),
            ("goto", 6),
            ("goto", 7),
            ("move", -0.5),
            ("clear", 5),
        ]

    run(scenario())


def test_a_failing_command_reports_to_its_submitter_and_the_next_still_runs() -> None:
    async def scenario() -> None:
        driver = HeldDriver()
        driver.fail_on = "goto"
        gate = CommandGate(1, driver)
        goto = asyncio.create_task(gate.goto_preset(3, 1.0))
        await settle()
        stop = asyncio.create_task(gate.stop())
        await settle()
        driver.release(2)

        with pytest.raises(OSError, match="goto failed"):
            await goto
        await stop
        await gate.aclose()
        assert driver.calls == [("goto", 3), ("stop", None)]

    run(scenario())


def test_a_stop_whose_submitter_was_cancelled_is_still_sent() -> None:
    async def scenario() -> None:
        driver = HeldDriver()
        gate = CommandGate(1, driver)
        move = asyncio.create_task(gate.continuous(Velocity(pan=1)))
        await settle()
        stop = asyncio.create_task(gate.stop())
        await settle()
        stop.cancel()
        driver.release(2)
        await move
        for _ in range(100):
            if len(driver.calls) == 2 and gate.pending == 0:
                break
            await asyncio.sleep(0)
        await gate.aclose()

        assert driver.calls == [("move", 1.0), ("stop", None)]

    run(scenario())


def test_a_closed_gate_refuses_moves_but_never_a_stop() -> None:
    """The camera's runtime was dropped (a device error) while a control session still
    holds this gate: its moves are refused, but a waiting stop and a later stop still
    reach the driver (a dome left moving has no timeout of its own)."""

    async def scenario() -> None:
        driver = HeldDriver()
        gate = CommandGate(4, driver)
        running = asyncio.create_task(gate.continuous(Velocity(pan=1)))
        await settle()
        waiting_move = asyncio.create_task(gate.goto_preset(3, 1.0))
        waiting_stop = asyncio.create_task(gate.stop())
        await settle()
        closing = asyncio.create_task(gate.aclose())
        await settle()
        driver.release()  # the waiting stop, sent by aclose
        await closing

        for task in (running, waiting_move):
            with pytest.raises(GateClosed, match="PTZ commands of camera 4 are closed"):
                await task
        await waiting_stop
        with pytest.raises(GateClosed):
            await gate.continuous(Velocity(pan=-1))
        with pytest.raises(GateClosed):
            await gate.goto_preset(1, 1.0)
        late_stop = asyncio.create_task(gate.stop())
        await settle()
        driver.release()
        await late_stop

        assert driver.calls == [("move", 1.0), ("stop", None), ("stop", None)]

    run(scenario())
