"""Per-camera command order: one driver call at a time, the newest move winning.

This module owns the order in which a camera's commands reach its driver. An operator's
joystick sends moves at up to 10 Hz while a serial line takes ~30 ms a frame and a SOAP
call up to 300 ms: queuing every move would leave the camera obeying a joystick
position long gone. So:

- Commands run one at a time, in the order they were submitted.
- A continuous move waiting behind the running command is replaced by a newer move
  (its submitter gets False: superseded). Moves are never queued behind each other.
- Stop, preset calls, saves and clears are never dropped and never replaced; a move
  submitted after one of them waits for it, and a move before it is not replaced by a
  move after it (their relative order holds).
- A submitter that is cancelled does not withdraw its command: a Stop submitted by a
  task that then ends is still sent.
- A Stop is never refused: after ``aclose()`` (the camera's runtime was dropped, e.g.
  after a device error, while a control session or dead-man still holds this gate)
  ``stop()`` goes straight to the driver, and a Stop running or waiting when the gate
  closes is still sent. Only moves, preset calls, saves and clears are refused
  (``GateClosed``). The driver decides how to reach a device whose link failed.
- Each command's error reaches its submitter only; the next commands still run.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from vedette_server.ptz.driver import PtzDriver
from vedette_server.ptz.model import Velocity


class GateClosed(RuntimeError):
    """A command was submitted to, or still waited in, a closed gate."""

    def __init__(self, camera: int) -> None:
        super().__init__(f"PTZ commands of camera {camera} are closed")
        self.camera = camera


@dataclass
class _Pending:
    action: Callable[[], Awaitable[None]]
    is_move: bool
    done: asyncio.Future[bool]
    is_stop: bool = False


def _consume(future: asyncio.Future[bool]) -> None:
    """Mark an outcome nobody awaits any more as seen (a cancelled submitter's)."""
    if not future.cancelled():
        future.exception()


class CommandGate:
    """The command order of one camera's driver. Needs no start; ``aclose()`` ends it
    (the driver stays open: its owner closes it)."""

    def __init__(self, camera: int, driver: PtzDriver) -> None:
        self.camera = camera
        self.driver = driver
        self._queue: collections.deque[_Pending] = collections.deque()
        self._worker: asyncio.Task[None] | None = None
        self._running: _Pending | None = None
        self._closed = False

    @property
    def pending(self) -> int:
        """Commands waiting behind the running one."""
        return len(self._queue)

    async def continuous(self, velocity: Velocity) -> bool:
        """Move at ``velocity``; False when a newer move replaced it before it was sent."""
        return await self._submit(lambda: self.driver.continuous(velocity), is_move=True)

    async def stop(self) -> None:
        if self._closed:
            # Never refused: the submitter's cancellation does not withdraw it either.
            await asyncio.shield(asyncio.ensure_future(self.driver.stop()))
            return
        await self._submit(self.driver.stop, is_move=False, is_stop=True)

    async def goto_preset(self, number: int, speed: float) -> None:
        await self._submit(lambda: self.driver.goto_preset(number, speed), is_move=False)

    async def set_preset(self, number: int) -> None:
        await self._submit(lambda: self.driver.set_preset(number), is_move=False)

    async def clear_preset(self, number: int) -> None:
        await self._submit(lambda: self.driver.clear_preset(number), is_move=False)

    async def run(self, action: Callable[[], Awaitable[None]]) -> None:
        """Another command (a move in the picture): ordered like a preset call."""
        await self._submit(action, is_move=False)

    async def aclose(self) -> None:
        """Refuse new commands but stops, cancel the running command (a running Stop is
        let finish), fail the moves and preset commands waiting and send a waiting Stop."""
        self._closed = True
        worker = self._worker
        if worker is not None:
            running = self._running
            if running is not None and running.is_stop:
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await asyncio.shield(running.done)
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        waiting, self._queue = list(self._queue), collections.deque()
        for item in waiting:
            if not item.is_stop and not item.done.done():
                item.done.set_exception(GateClosed(self.camera))
        stops = [item for item in waiting if item.is_stop and not item.done.done()]
        if stops:
            try:
                await self.driver.stop()
            except Exception as error:
                for item in stops:
                    item.done.set_exception(error)
            else:
                for item in stops:
                    item.done.set_result(True)

    async def _submit(
        self, action: Callable[[], Awaitable[None]], *, is_move: bool, is_stop: bool = False
    ) -> bool:
        if self._closed:
            raise GateClosed(self.camera)
        loop = asyncio.get_running_loop()
        if is_move and self._queue and self._queue[-1].is_move:
            self._queue.pop().done.set_result(False)
        done: asyncio.Future[bool] = loop.create_future()
        done.add_done_callback(_consume)
        self._queue.append(_Pending(action, is_move, done, is_stop))
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._drain(), name=f"ptz-gate {self.camera}")
        return await asyncio.shield(done)

    async def _drain(self) -> None:
        while self._queue:
            item = self._running = self._queue.popleft()
            try:
                await item.action()
            except asyncio.CancelledError:
                if not item.done.done():
                    item.done.set_exception(GateClosed(self.camera))
                raise
            except Exception as error:
                if not item.done.done():
                    item.done.set_exception(error)
            else:
                if not item.done.done():
                    item.done.set_result(True)
            finally:
                self._running = None
