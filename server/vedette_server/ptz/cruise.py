"""Server-run cruises (PTZ-03): one asyncio task per camera visits a cruise's presets in
a loop, as Nx Witness's tour executor does (research note §4, §5.4).

Each step: call the preset at the step's speed (through the camera's ``CommandGate``,
so it keeps its order with manual commands), wait for arrival, stay ``dwell_s``, go on;
after the last step, start again.

Arrival:

- When the driver reports positions: poll ``status()`` every ``poll_s``; arrived when
  two polls agree and the head is away from where the previous step arrived, or when
  it has not moved for ``still_s`` (it was already there, or cannot move), or after
  ``max_travel_s``.
  The measured travel time of each step is kept, and later laps wait it out (less one
  poll) before polling again.
- Otherwise (no position, or the device did not answer): wait a travel-time estimate,
  ``travel_estimate_s`` at full speed, divided by the step's speed.

Invariants:

- A cruise holds its camera in the ``PtzArbiter`` as ``cruise:<number>`` at its
  starter's priority; at most one cruise runs per runner (starting another stops the
  first).
- A cruise ends exactly once, reported to ``on_ended`` with why: stopped on request
  (the camera is then stopped), taken over (any session the arbiter let take the
  camera: a manual move at or above the cruise's priority), or a driver error (reported
  with the exception; nothing is raised into the server). Its session is released
  unless someone took it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

from vedette_server.ptz.arbiter import (
    Change,
    Claimant,
    ControlEvent,
    Denied,
    Granted,
    PtzArbiter,
    SessionKind,
)
from vedette_server.ptz.driver import PositionReading, PtzDriver
from vedette_server.ptz.gate import CommandGate
from vedette_server.ptz.model import Cruise, CruiseStep

log = logging.getLogger(__name__)

_SAME_DEG = 0.05
_SAME_ZOOM = 0.001


@dataclass(frozen=True)
class ArrivalSettings:
    """How a cruise decides a preset call has arrived (module doc)."""

    poll_s: float = 0.333
    still_s: float = 1.0
    max_travel_s: float = 60.0
    travel_estimate_s: float = 3.0

    def __post_init__(self) -> None:
        for name in ("poll_s", "still_s", "max_travel_s", "travel_estimate_s"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be positive, got {value!r}")


class CruiseEndReason(Enum):
    STOPPED = "stopped"
    TAKEN_OVER = "taken_over"
    DRIVER_ERROR = "driver_error"


@dataclass(frozen=True)
class CruiseArrived:
    """The cruise reached step ``step_index`` (0-based) of lap ``lap`` and now dwells."""

    camera: int
    cruise: int
    lap: int
    step_index: int
    preset: int


@dataclass(frozen=True)
class CruiseEnded:
    """Why cruise ``cruise`` of ``camera`` ended; ``by`` is who took the camera,
    ``error`` the driver's failure."""

    camera: int
    cruise: int
    reason: CruiseEndReason
    by: Claimant | None = None
    error: Exception | None = None

    def __str__(self) -> str:
        text = f"cruise {self.cruise} of camera {self.camera} ended: {self.reason.value}"
        if self.by is not None:
            text += f" by {self.by.holder} (priority {self.by.priority})"
        if self.error is not None:
            text += f": {self.error}"
        return text


def _same_place(a: PositionReading, b: PositionReading) -> bool:
    pan_gap = abs((a.pan_deg - b.pan_deg + 180.0) % 360.0 - 180.0)
    zoom_a, zoom_b = a.zoom_fraction, b.zoom_fraction
    return (
        pan_gap <= _SAME_DEG
        and abs(a.tilt_deg - b.tilt_deg) <= _SAME_DEG
        and (zoom_a is None or zoom_b is None or abs(zoom_a - zoom_b) <= _SAME_ZOOM)
    )


@dataclass
class _Run:
    """One run of one cruise: what it holds, and how it ended once it has."""

    cruise: Cruise
    claimant: Claimant
    task: asyncio.Task[None] | None = None
    end: CruiseEnded | None = None
    unsubscribe: Callable[[], None] | None = None


class CruiseRunner:
    """Runs at most one cruise on the camera of ``gate``. ``aclose()`` stops it."""

    def __init__(
        self,
        gate: CommandGate,
        arbiter: PtzArbiter,
        *,
        arrival: ArrivalSettings | None = None,
        on_arrived: Callable[[CruiseArrived], object] | None = None,
        on_ended: Callable[[CruiseEnded], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.camera = gate.camera
        self._driver: PtzDriver = gate.driver  # status() only: commands go through the gate
        self._gate = gate
        self._arbiter = arbiter
        self._arrival = arrival or ArrivalSettings()
        self._on_arrived = on_arrived
        self._on_ended = on_ended
        self._clock = clock
        self._sleep = sleep
        self._run: _Run | None = None
        self._travel_s: dict[int, float] = {}
        self._left_from: PositionReading | None = None

    @property
    def running(self) -> Cruise | None:
        """The cruise running now, if any."""
        run = self._run
        return run.cruise if run is not None and run.end is None else None

    async def start(
        self, cruise: Cruise, priority: int, *, started_by: str | None = None
    ) -> Granted | Denied:
        """Run ``cruise`` at its starter's ``priority``; Denied when the arbiter says the
        camera is someone else's (nothing runs then). ``started_by`` is the starter's
        holder name: a camera they hold passes to the cruise."""
        await self.stop()
        claimant = Claimant(f"cruise:{cruise.number}", SessionKind.CRUISE, priority)
        result = self._arbiter.acquire(self.camera, claimant, handover_from=started_by)
        if isinstance(result, Denied):
            return result
        run = self._run = _Run(cruise, claimant)
        self._travel_s, self._left_from = {}, None
        run.unsubscribe = self._arbiter.subscribe(lambda event: self._control_changed(run, event))
        run.task = asyncio.get_running_loop().create_task(
            self._cruise(run), name=f"ptz-cruise {self.camera}:{cruise.number}"
        )
        run.task.add_done_callback(lambda task: self._finished(run))
        return result

    async def stop(self) -> None:
        """Stop the running cruise, if any, and the camera where it is."""
        run = self._run
        if run is None or run.task is None or run.task.done():
            return
        self._end_with(run, CruiseEndReason.STOPPED)
        with contextlib.suppress(asyncio.CancelledError):
            await run.task
        try:
            await self._gate.stop()
        except Exception as error:  # the cruise has ended all the same
            log.warning("camera %s: stop after cruise failed: %s", self.camera, error)

    async def aclose(self) -> None:
        await self.stop()

    def _control_changed(self, run: _Run, event: ControlEvent) -> None:
        if (
            event.camera == self.camera
            and event.change is Change.TAKEN_OVER
            and event.before == run.claimant
        ):
            self._end_with(run, CruiseEndReason.TAKEN_OVER, by=event.after)

    def _end_with(
        self,
        run: _Run,
        reason: CruiseEndReason,
        *,
        by: Claimant | None = None,
        error: Exception | None = None,
    ) -> None:
        """Record why ``run`` ends (the first reason wins) and cancel its task unless the
        task itself is ending."""
        if run.end is None:
            run.end = CruiseEnded(self.camera, run.cruise.number, reason, by, error)
        task = run.task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()

    async def _cruise(self, run: _Run) -> None:
        cruise, lap = run.cruise, 0
        while True:
            for index, step in enumerate(cruise.steps):
                try:
                    await self._gate.goto_preset(step.preset, step.speed)
                    await self._wait_arrival(index, step)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    self._end_with(run, CruiseEndReason.DRIVER_ERROR, error=error)
                    return
                if self._on_arrived is not None:
                    arrived = CruiseArrived(self.camera, cruise.number, lap, index, step.preset)
                    try:
                        self._on_arrived(arrived)
                    except Exception:  # a listener's bug must not end the cruise
                        log.exception("camera %s: cruise arrival listener failed", self.camera)
                await self._sleep(step.dwell_s)
            lap += 1

    def _finished(self, run: _Run) -> None:
        if run.unsubscribe is not None:
            run.unsubscribe()
        if run.end is None:  # cancelled from outside (the loop closing): still an end
            run.end = CruiseEnded(self.camera, run.cruise.number, CruiseEndReason.STOPPED)
        end = run.end
        if end.reason is not CruiseEndReason.TAKEN_OVER:
            self._arbiter.release(self.camera, run.claimant.holder)
        if end.reason is CruiseEndReason.DRIVER_ERROR:
            log.warning("%s", end)
        else:
            log.info("%s", end)
        if self._on_ended is not None:
            try:
                self._on_ended(end)
            except Exception:
                log.exception("camera %s: cruise end listener failed", self.camera)

    async def _wait_arrival(self, index: int, step: CruiseStep) -> None:
        settings = self._arrival
        if self._driver.capabilities.has_absolute_position:
            learned_s = self._travel_s.get(index)
            started_s = self._clock()
            if learned_s is not None and learned_s > settings.poll_s:
                await self._sleep(learned_s - settings.poll_s)
            if await self._poll_until_still(started_s):
                self._travel_s[index] = self._clock() - started_s
                return
        self._left_from = None
        await self._sleep(settings.travel_estimate_s / step.speed)

    async def _poll_until_still(self, started_s: float) -> bool:
        """Poll positions until arrival (module doc); False when the device gave none.
        The head "left where it started" when it is away from the previous step's
        arrival, or, for the first step, from the first poll."""
        settings = self._arrival
        previous = (await self._driver.status()).position
        if previous is None:
            return False
        start = self._left_from or previous
        still_since_s = self._clock()
        while self._clock() - started_s < settings.max_travel_s:
            await self._sleep(settings.poll_s)
            here = (await self._driver.status()).position
            if here is None:
                return False
            if not _same_place(here, previous):
                previous, still_since_s = here, self._clock()
                continue
            if not _same_place(here, start) or self._clock() - still_since_s >= settings.still_s:
                break
        self._left_from = previous
        return True
