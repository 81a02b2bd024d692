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
        self._closed = False

    @property
    def pending(self) -> int:
        """Commands waiting behind the running one."""
        return len(self._queue)

    async def continuous(self, velocity: Velocity) -> bool:
        """Move at ``velocity``; False when a newer move replaced it before it was sent."""
        return await self._submit(lambda: self.driver.continuous(velocity), is_move=True)

    async def stop(self) -> None:
        await self._submit(self.driver.stop, is_move=False)

    async def goto_preset(self, number: int, speed: float) -> None:
        await self._submit(lambda: self.driver.goto_preset(number, speed), is_move=False)

    async def set_preset(self, number: int) -> None:
        await self._submit(lambda: self.driver.set_preset(number), is_move=False)

    async def clear_preset(self, number: int) -> None:
        await self._submit(lambda: self.driver.clear_preset(number), is_move=False)

    async def aclose(self) -> None:
        """Refuse new commands, cancel the running one and fail those waiting."""
        self._closed = True
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        self._fail_waiting()

    async def _submit(self, action: Callable[[], Awaitable[None]], *, is_move: bool) -> bool:
        if self._closed:
            raise GateClosed(self.camera)
        loop = asyncio.get_running_loop()
        if is_move and self._queue and self._queue[-1].is_move:
            self._queue.pop().done.set_result(False)
        done: asyncio.Future[bool] = loop.create_future()
        done.add_done_callback(_consume)
        self._queue.append(_Pending(action, is_move, done))
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._drain(), name=f"ptz-gate {self.camera}")
        return await asyncio.shield(done)

    async def _drain(self) -> None:
        while self._queue:
            item = self._queue.popleft()
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

    def _fail_waiting(self) -> None:
        while self._queue:
            item = self._queue.popleft()
            if not item.done.done():
                item.done.set_exception(GateClosed(self.camera))
