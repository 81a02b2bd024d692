"""One operator's control of one camera (PtzService.Control), without gRPC.

A ``ControlSession`` takes what the operator's stream brings (acquire, moves, stops,
pings, the end) and reports what the operator must learn through ``report``:
``SessionGranted``, the arbiter's ``Denied``, ``SessionTakenOver``,
``CruiseInterrupted``.

Invariants:

- Nothing is sent to the camera unless the arbiter grants this session the camera
  for that command; a denied command is reported, not sent.
- Moves are handed to the camera's ``CommandGate`` without waiting, so a newer move
  replaces one still waiting there (newest wins); a move's driver failure is
  reported through ``failed`` and ends the session.
- While this session holds the camera, a ``DeadMan`` stops the camera after
  ``silence_s`` without a message; once another session holds it, this one never
  stops it again (its dead-man is closed).
- ``aclose()`` (the stream ended) stops the camera and releases it when this session
  still holds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from vedette_server.ptz.arbiter import Change, Claimant, ControlEvent, Denied, SessionKind
from vedette_server.ptz.dead_man import DEFAULT_SILENCE_S, DeadMan
from vedette_server.ptz.model import Velocity
from vedette_server.ptz.service import CameraPtz, PtzService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionGranted:
    claimant: Claimant


@dataclass(frozen=True)
class SessionTakenOver:
    by: Claimant


@dataclass(frozen=True)
class CruiseInterrupted:
    cruise_number: int


Report = SessionGranted | Denied | SessionTakenOver | CruiseInterrupted


class ControlSession:
    """Use from the loop: ``acquire`` first, then commands, then ``aclose``."""

    def __init__(
        self,
        service: PtzService,
        claimant: Claimant,
        report: Callable[[Report], object],
        failed: Callable[[Exception], object],
        *,
        silence_s: float = DEFAULT_SILENCE_S,
    ) -> None:
        self._service = service
        self._claimant = claimant
        self._report = report
        self._failed = failed
        self._silence_s = silence_s
        self._camera: CameraPtz | None = None
        self._dead_man: DeadMan | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._moves: set[asyncio.Task[bool]] = set()
        self._closers: set[asyncio.Task[None]] = set()

    @property
    def camera_id(self) -> int | None:
        return None if self._camera is None else self._camera.camera_id

    async def acquire(self, camera_id: int) -> None:
        """Open the camera (NotFound, NoPtzDevice, PtzDeviceUnavailable raise) and ask
        the arbiter for it."""
        if self._camera is not None:
            raise RuntimeError("this control session already has its camera")
        self._camera = await self._service.camera(camera_id)
        self._unsubscribe = self._service.arbiter.subscribe(self._control_changed)
        self._claim(always_report=True)

    async def move(self, velocity: Velocity) -> None:
        camera = self._require_camera()
        if not self._claim():
            return
        task = asyncio.get_running_loop().create_task(
            self._service.command(camera, lambda: camera.gate.continuous(velocity))
        )
        self._moves.add(task)
        task.add_done_callback(self._move_done)

    async def stop(self) -> None:
        camera = self._require_camera()
        if self._claim():
            await self._service.command(camera, camera.gate.stop)

    def ping(self) -> None:
        """Keep the session alive; a ping of a session that does not hold the camera
        is ignored (it must not renew anyone else's silence)."""
        if self._camera is not None and self._holds():
            self._claim()

    async def aclose(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        await self._close_dead_man()
        for task in list(self._closers):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for move in list(self._moves):
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await move
        camera = self._camera
        if camera is not None and self._holds():
            try:
                await self._service.command(camera, camera.gate.stop)
            except Exception as error:  # the stream is over: nobody to tell but the log
                log.warning(
                    "camera %s: stop at the end of control failed: %s", camera.camera_id, error
                )
            self._service.arbiter.release(camera.camera_id, self._claimant.holder)

    def _require_camera(self) -> CameraPtz:
        if self._camera is None:
            raise RuntimeError("acquire the camera first")
        return self._camera

    def _holds(self) -> bool:
        assert self._camera is not None
        session = self._service.arbiter.holder(self._camera.camera_id)
        return session is not None and session.claimant.holder == self._claimant.holder

    def _claim(self, *, always_report: bool = False) -> bool:
        """Ask the arbiter for this command; report the outcome when it is news (a
        grant always, with ``always_report``: the answer to the acquire)."""
        camera = self._require_camera()
        held_before = self._holds()
        result = self._service.arbiter.acquire(camera.camera_id, self._claimant)
        if isinstance(result, Denied):
            self._report(result)
            return False
        if always_report or not held_before:
            self._report(SessionGranted(self._claimant))
        taken = result.took_over
        if taken is not None and taken.kind is SessionKind.CRUISE:
            self._report(CruiseInterrupted(int(taken.holder.partition(":")[2] or 0)))
        if self._dead_man is None:
            self._dead_man = DeadMan(camera.gate, self._silence_s)
            self._dead_man.start()
        self._dead_man.feed()
        return True

    def _control_changed(self, event: ControlEvent) -> None:
        if self._camera is None or event.camera != self._camera.camera_id:
            return
        mine = self._claimant.holder
        if event.after is not None and event.after.holder == mine:
            return
        if event.before is not None and event.before.holder == mine:
            if event.change is Change.TAKEN_OVER and event.after is not None:
                self._report(SessionTakenOver(event.after))
            # Detached now: a grant later in this same call (an expired session renewed
            # by this session's own command) starts a dead-man of its own.
            dead_man, self._dead_man = self._dead_man, None
            if dead_man is not None:
                task = asyncio.get_running_loop().create_task(dead_man.aclose())
                self._closers.add(task)
                task.add_done_callback(self._closers.discard)

    async def _close_dead_man(self) -> None:
        dead_man, self._dead_man = self._dead_man, None
        if dead_man is not None:
            await dead_man.aclose()

    def _move_done(self, task: asyncio.Task[bool]) -> None:
        self._moves.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and isinstance(error, Exception):
            self._failed(error)
