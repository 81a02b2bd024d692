"""The PTZ service (PTZ-01..04): every camera's PTZ device, presets and cruises, one
arbiter for all of them, and the cruises the server runs.

This module owns the running PTZ cameras: for a camera with a PTZ device, one driver,
one ``CommandGate`` and one ``CruiseRunner``, opened on first use and kept until the
device changes, its link fails or the service closes. It knows nothing of gRPC:
callers pass who acts as an arbiter ``Claimant``; ``api/ptz_service.py`` translates.

Invariants:

- Every command that moves a camera goes through the arbiter first: a claimant the
  arbiter denies gets ``PtzHeld`` naming the holder, and nothing is sent.
- A driver failure (port lost, device gone) becomes ``PtzDeviceUnavailable`` naming
  the camera and the port; the camera's runtime is dropped so the next command
  opens the device again. Nothing a device does raises anything else to callers.
- Presets and cruises in the catalog match what the service accepted: a preset is
  stored after the device saved it and removed after the device cleared it; a
  preset a cruise uses cannot be deleted; a running cruise cannot be replaced.
- The running cruise of each camera has one ``ptz_cruise_run`` row, written when it
  starts and deleted when it ends, except when the service closes: ``start()``
  resumes those (retrying with back-off while the device cannot be opened).
- Which device drives a camera is decided in one place, ``source``: the serial dome
  set with SetPtzDevice when there is one (it wins: an ONVIF camera may sit on a
  Pelco head of its own), else the camera's ONVIF PTZ when it was added over ONVIF
  and its capabilities say PTZ, else none (``NoPtzDevice``, saying why). Serial
  drivers are built by ``PelcoLines``, ONVIF ones by ``OnvifPtzDriver.open``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from vedette_hw.pelco_driver import ReservedPreset
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, VedetteError
from vedette_server.ptz.arbiter import (
    Claimant,
    ControlEvent,
    Denied,
    Granted,
    PtzArbiter,
    Session,
    SessionKind,
    may_take_over,
)
from vedette_server.ptz.cruise import ArrivalSettings, CruiseEnded, CruiseRunner
from vedette_server.ptz.driver import DriverStatus, ViewMover
from vedette_server.ptz.gate import CommandGate
from vedette_server.ptz.model import (
    MAX_PRESET,
    Cruise,
    Preset,
    check_cruises,
    check_preset_number,
    check_speed,
)
from vedette_server.ptz.onvif_driver import (
    OnvifPtzDriver,
    OnvifPtzFailed,
    OnvifPtzSource,
    OnvifPtzSources,
)
from vedette_server.ptz.serial_device import (
    PelcoLines,
    PtzDeviceUnavailable,
    SerialPtzDevice,
)
from vedette_server.ptz.store import CruiseRun, PtzStore
from vedette_server.ptz.view_move import ViewTarget

log = logging.getLogger(__name__)
T = TypeVar("T")

RESUME_FIRST_RETRY_S = 2.0
RESUME_MAX_RETRY_S = 60.0


class NoPtzDevice(FailedPrecondition):
    error_reason = "NO_PTZ_DEVICE"
    fact_names = ("camera_id",)

    def __init__(self, camera_id: int, why: str = "") -> None:
        super().__init__(f"camera {camera_id} has no PTZ device{why}; set one with SetPtzDevice")
        self.camera_id = camera_id


class OnvifDrivesPtz(FailedPrecondition):
    """The camera's PTZ is its ONVIF service: it has no serial device to show."""

    error_reason = "PTZ_OVER_ONVIF"
    fact_names = ("camera_id",)

    def __init__(self, source: OnvifPtzSource) -> None:
        super().__init__(
            f"camera {source.camera_id} has no serial PTZ device: its PTZ is driven over"
            f" {source.where}"
        )
        self.camera_id = source.camera_id


PtzSource = SerialPtzDevice | OnvifPtzSource


class NoViewMoves(FailedPrecondition):
    """The camera's PTZ cannot move by fractions of its picture."""

    error_reason = "PTZ_NO_VIEW_MOVES"
    fact_names = ("camera_id",)

    def __init__(self, camera_id: int, where: str) -> None:
        super().__init__(
            f"camera {camera_id} cannot centre on a point: its PTZ ({where}) has no"
            " field-of-view space"
        )
        self.camera_id = camera_id


class PtzHeld(FailedPrecondition):
    """The arbiter denied the command: ``denied`` names the holder."""

    error_reason = "PTZ_HELD"

    def __init__(self, denied: Denied) -> None:
        super().__init__(str(denied))
        self.denied = denied


class PtzJournal(Protocol):
    """Where the service reports what the audit log must show and no RPC did."""

    def control_changed(self, event: ControlEvent) -> None: ...
    def cruise_ended(self, end: CruiseEnded) -> None: ...


@dataclass
class CameraPtz:
    """A camera's open PTZ device."""

    camera_id: int
    device: PtzSource
    gate: CommandGate
    runner: CruiseRunner
    hold: Callable[[], Awaitable[None]]
    lost: Callable[[], bool]
    #: The device's token for a preset number (Pelco: the number itself).
    token_of: Callable[[int], str] = str

    @property
    def where(self) -> str:
        """The device's serial port, or "ONVIF host:port"."""
        device = self.device
        return device.serial_port if isinstance(device, SerialPtzDevice) else device.where


@dataclass(frozen=True)
class PtzState:
    holder: Claimant | None
    cruise: int | None
    status: DriverStatus
    max_presets: int
    #: Seconds until the holder's session ends by itself; None: only when released.
    holder_remaining_s: float | None = None
    #: Whether the device takes the focus and the iris of a move.
    has_focus: bool = False
    has_iris: bool = False


class PtzService:
    """``start()`` resumes persisted cruises; ``aclose()`` stops them (kept for the
    next start) and closes every device. One event loop uses it."""

    def __init__(
        self,
        thread: CatalogThread,
        store: PtzStore,
        journal: PtzJournal,
        *,
        clock: Callable[[], float] = time.monotonic,
        arrival: ArrivalSettings | None = None,
        lines: PelcoLines | None = None,
        onvif: OnvifPtzSources | None = None,
    ) -> None:
        self._thread = thread
        self._store = store
        self._journal = journal
        self._clock = clock
        self.arbiter = PtzArbiter(clock)
        self.arbiter.subscribe(journal.control_changed)
        self._arrival = arrival
        self._lines = lines or PelcoLines()
        self._onvif = onvif
        self._cameras: dict[int, CameraPtz] = {}
        self._opening: dict[int, asyncio.Lock] = {}
        self._resumes: set[asyncio.Task[None]] = set()
        self._closing = False

    async def start(self) -> None:
        for run in await self._thread.call(self._store.runs):
            task = asyncio.get_running_loop().create_task(
                self._resume(run), name=f"ptz-resume {run.camera_id}"
            )
            self._resumes.add(task)
            task.add_done_callback(self._resumes.discard)

    async def aclose(self) -> None:
        self._closing = True
        for task in list(self._resumes):
            task.cancel()
        for task in list(self._resumes):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for camera_id in list(self._cameras):
            await self._drop(camera_id)
        await self._lines.aclose()

    # -- devices -----------------------------------------------------------------------

    async def device(self, camera_id: int) -> SerialPtzDevice:
        """The camera's serial device (GetPtzDevice); ``OnvifDrivesPtz`` when its
        ONVIF service drives it instead, ``NoPtzDevice`` when nothing does."""
        source = await self.source(camera_id)
        if isinstance(source, OnvifPtzSource):
            raise OnvifDrivesPtz(source)
        return source

    async def source(self, camera_id: int) -> PtzSource:
        """What drives the camera's PTZ (module doc): raises NotFound or ``NoPtzDevice``."""
        await self._thread.call(self._store.require_camera, camera_id)
        device = await self._thread.call(self._store.device, camera_id)
        if device is not None:
            return device
        onvif = None if self._onvif is None else self._onvif.source
        found = None if onvif is None else await self._thread.call(onvif, camera_id)
        if found is None:
            raise NoPtzDevice(camera_id)
        if not found.ptz:
            raise NoPtzDevice(
                camera_id, f": its ONVIF service ({found.host}:{found.port}) offers no PTZ"
            )
        return found

    async def set_device(self, camera_id: int, device: SerialPtzDevice) -> None:
        """Store the camera's device; its next command opens it (a running cruise stops)."""
        await self._thread.call(self._store.put_device, camera_id, device)
        await self._drop(camera_id)

    async def camera_deleted(self, camera_id: int) -> None:
        """The camera is gone (its rows went with it): close its device, ending a
        cruise on it, and forget who held it."""
        await self._drop(camera_id)
        session = self.arbiter.holder(camera_id)
        if session is not None:
            self.arbiter.release(camera_id, session.claimant.holder, reservation=True)

    async def camera(self, camera_id: int) -> CameraPtz:
        """The camera's open device; raises NotFound, ``NoPtzDevice`` or
        ``PtzDeviceUnavailable``."""
        lock = self._opening.setdefault(camera_id, asyncio.Lock())
        async with lock:
            current = self._cameras.get(camera_id)
            if current is not None and not current.lost():
                return current
            if current is not None:
                await self._drop(camera_id)
            device = await self.source(camera_id)
            if self._closing:
                where = device.serial_port if isinstance(device, SerialPtzDevice) else device.where
                raise PtzDeviceUnavailable(camera_id, where, "the server is stopping")
            opened = await self._open(camera_id, device)
            self._cameras[camera_id] = opened
            return opened

    async def _open(self, camera_id: int, device: PtzSource) -> CameraPtz:
        if isinstance(device, OnvifPtzSource):
            return await self._open_onvif(camera_id, device)
        driver, hold = await self._lines.open_driver(camera_id, device)
        gate = CommandGate(camera_id, driver)
        runner = CruiseRunner(
            gate, self.arbiter, arrival=self._arrival, on_ended=self._cruise_ended
        )
        return CameraPtz(camera_id, device, gate, runner, hold.aclose, hold.lost)

    async def _open_onvif(self, camera_id: int, source: OnvifPtzSource) -> CameraPtz:
        presets = await self._thread.call(self._store.presets, camera_id)
        try:
            driver = await OnvifPtzDriver.open(source, {p.number: p.token for p in presets})
        except OnvifPtzFailed as error:
            raise PtzDeviceUnavailable(camera_id, source.where, error.detail) from error
        gate = CommandGate(camera_id, driver)
        runner = CruiseRunner(
            gate, self.arbiter, arrival=self._arrival, on_ended=self._cruise_ended
        )

        def token_of(number: int) -> str:
            return driver.preset_token(number) or str(number)

        return CameraPtz(camera_id, source, gate, runner, driver.aclose, lambda: False, token_of)

    async def _drop(self, camera_id: int) -> None:
        """Close the camera's runtime, if open (a cruise on it stops)."""
        current = self._cameras.pop(camera_id, None)
        if current is None:
            return
        await current.runner.aclose()
        await current.gate.aclose()
        await current.hold()

    async def command(self, camera: CameraPtz, action: Callable[[], Awaitable[T]]) -> T:
        """Run a driver command, turning a device failure into ``PtzDeviceUnavailable``."""
        try:
            return await action()
        except ReservedPreset as error:
            raise InvalidArgument("preset number", str(error)) from error
        except (VedetteError, asyncio.CancelledError):
            raise
        except Exception as error:
            log.warning("camera %s: PTZ device failed: %s", camera.camera_id, error)
            if self._cameras.get(camera.camera_id) is camera:
                await self._drop(camera.camera_id)
            raise PtzDeviceUnavailable(camera.camera_id, camera.where, str(error)) from error

    # -- arbitration -------------------------------------------------------------------

    def acquire(self, camera_id: int, claimant: Claimant) -> Granted:
        result = self.arbiter.acquire(camera_id, claimant)
        if isinstance(result, Denied):
            raise PtzHeld(result)
        return result

    # -- reservation (an administrator's, checked by the caller) ---------------------------

    async def reserve(
        self, camera_id: int, claimant: Claimant, duration_s: float | None = None
    ) -> tuple[Claimant, float]:
        """Reserve a camera that has a PTZ device (raises NotFound, ``NoPtzDevice``,
        ``PtzHeld``): returns the reservation and its seconds left."""
        await self.source(camera_id)
        result = self.arbiter.reserve(camera_id, claimant, duration_s)
        if isinstance(result, Denied):
            raise PtzHeld(result)
        return result.session.claimant, self._remaining_s(result.session) or 0.0

    async def unreserve(self, camera_id: int) -> Claimant | None:
        """End the camera's reservation, whoever made it; the reservation ended."""
        await self._thread.call(self._store.require_camera, camera_id)
        session = self.arbiter.holder(camera_id)
        if session is None or session.claimant.kind is not SessionKind.RESERVED:
            return None
        self.arbiter.release(camera_id, session.claimant.holder, reservation=True)
        return session.claimant

    # -- state and presets ---------------------------------------------------------------

    async def state(self, camera_id: int) -> PtzState:
        camera = await self.camera(camera_id)
        status = await self.command(camera, camera.gate.driver.status)
        session = self.arbiter.holder(camera_id)
        running = camera.runner.running
        return PtzState(
            None if session is None else session.claimant,
            None if running is None else running.number,
            status,
            self._max_presets(camera),
            self._remaining_s(session),
            camera.gate.driver.capabilities.has_focus,
            camera.gate.driver.capabilities.has_iris,
        )

    def _remaining_s(self, session: Session | None) -> float | None:
        if session is None or session.ends_s is None:
            return None
        return max(0.0, session.ends_s - self._clock())

    def _max_presets(self, camera: CameraPtz) -> int:
        return min(MAX_PRESET, camera.gate.driver.capabilities.max_presets)

    async def presets(self, camera_id: int) -> tuple[list[Preset], int | None]:
        """The presets, and the device's cap when its device is open."""
        await self.source(camera_id)
        presets = await self._thread.call(self._store.presets, camera_id)
        current = self._cameras.get(camera_id)
        return presets, None if current is None else self._max_presets(current)

    async def set_preset(self, camera_id: int, number: int, name: str) -> Preset:
        """Save where the head is as preset ``number``. Not arbitrated: it moves
        nothing (saving during someone's move saves wherever the head is then)."""
        check_preset_number("preset.number", number)
        preset = Preset(number, name or f"Preset {number}", str(number))
        camera = await self.camera(camera_id)
        top = self._max_presets(camera)
        if number > top:
            raise InvalidArgument(
                "preset.number", f"this device keeps presets 1..{top}, got {number}"
            )
        await self.command(camera, lambda: camera.gate.set_preset(number))
        preset = Preset(number, preset.name, camera.token_of(number))
        await self._thread.call(self._store.put_preset, camera_id, preset)
        return preset

    async def goto_preset(
        self, camera_id: int, number: int, speed: float, claimant: Claimant
    ) -> None:
        check_preset_number("number", number)
        speed = check_speed("speed", speed)
        camera = await self.camera(camera_id)
        await self._thread.call(self._store.preset, camera_id, number)
        self.acquire(camera_id, claimant)
        await self.command(camera, lambda: camera.gate.goto_preset(number, speed))

    async def point_at(
        self, camera_id: int, target: ViewTarget, speed: float, claimant: Claimant
    ) -> float:
        """Centre on a point of the picture, zooming to an area when ``target`` says
        (``ptz.view_move``); takes the camera like GotoPreset. Returns the magnification
        factor asked of the camera (1.0: none). ``NoViewMoves`` for a device that
        cannot, checked before the camera is taken."""
        speed = check_speed("speed", speed)
        camera = await self.camera(camera_id)
        driver = camera.gate.driver
        if not (isinstance(driver, ViewMover) and driver.moves_in_view):
            raise NoViewMoves(camera_id, camera.where)
        self.acquire(camera_id, claimant)
        asked: list[float] = []

        async def move() -> None:
            asked.append(await driver.move_in_view(target, speed))

        await self.command(camera, lambda: camera.gate.run(move))
        return asked[0] if asked else 1.0

    async def rename_preset(self, camera_id: int, number: int, name: str) -> Preset:
        check_preset_number("number", number)
        await self.source(camera_id)
        old = await self._thread.call(self._store.preset, camera_id, number)
        preset = Preset(number, name, old.token)
        await self._thread.call(self._store.put_preset, camera_id, preset)
        return preset

    async def delete_preset(self, camera_id: int, number: int) -> None:
        check_preset_number("number", number)
        camera = await self.camera(camera_id)
        await self._thread.call(self._store.preset, camera_id, number)
        for cruise in await self._thread.call(self._store.cruises, camera_id):
            if any(step.preset == number for step in cruise.steps):
                raise FailedPrecondition(
                    f"preset {number} of camera {camera_id} is used by cruise {cruise.number}"
                    f" ({cruise.name}): change the cruise first"
                )
        await self.command(camera, lambda: camera.gate.clear_preset(number))
        await self._thread.call(self._store.delete_preset, camera_id, number)

    # -- cruises -------------------------------------------------------------------------

    async def cruises(self, camera_id: int) -> tuple[list[Cruise], int | None]:
        await self.source(camera_id)
        cruises = await self._thread.call(self._store.cruises, camera_id)
        current = self._cameras.get(camera_id)
        running = None if current is None else current.runner.running
        return cruises, None if running is None else running.number

    async def put_cruise(self, camera_id: int, cruise: Cruise) -> None:
        await self.source(camera_id)
        if self._running_number(camera_id) == cruise.number:
            raise FailedPrecondition(
                f"cruise {cruise.number} of camera {camera_id} is running: stop it first"
            )
        stored = await self._thread.call(self._store.cruises, camera_id)
        others = [c for c in stored if c.number != cruise.number]
        presets = await self._thread.call(self._store.presets, camera_id)
        check_cruises([*others, cruise], {p.number for p in presets})
        await self._thread.call(self._store.put_cruise, camera_id, cruise)

    async def delete_cruise(self, camera_id: int, number: int, claimant: Claimant) -> None:
        await self.source(camera_id)
        await self._thread.call(self._store.cruise, camera_id, number)
        if self._running_number(camera_id) == number:
            await self.stop_cruise(camera_id, claimant)
        await self._thread.call(self._store.delete_cruise, camera_id, number)

    async def start_cruise(self, camera_id: int, number: int, claimant: Claimant) -> None:
        camera = await self.camera(camera_id)
        cruise = await self._thread.call(self._store.cruise, camera_id, number)
        result = await camera.runner.start(cruise, claimant.priority, started_by=claimant.holder)
        if isinstance(result, Denied):
            raise PtzHeld(result)
        await self._thread.call(
            self._store.put_run, CruiseRun(camera_id, number, claimant.priority, claimant.holder)
        )

    async def stop_cruise(self, camera_id: int, claimant: Claimant) -> int | None:
        """Stop the camera's cruise (the caller must be allowed to take it over);
        returns its number, None when none ran."""
        await self.source(camera_id)
        current = self._cameras.get(camera_id)
        running = None if current is None else current.runner.running
        if current is None or running is None:
            return None
        session = self.arbiter.holder(camera_id)
        cruise_holds = session is not None and session.claimant.kind is SessionKind.CRUISE
        if session is not None and cruise_holds and not may_take_over(claimant, session.claimant):
            raise PtzHeld(Denied(camera_id, session.claimant, None))
        await self.command(current, current.runner.stop)
        return running.number

    def _running_number(self, camera_id: int) -> int | None:
        current = self._cameras.get(camera_id)
        running = None if current is None else current.runner.running
        return None if running is None else running.number

    def _cruise_ended(self, end: CruiseEnded) -> None:
        if self._closing:
            return  # kept: the next start resumes it
        self._thread.submit(self._store.delete_run, end.camera, end.cruise)
        self._journal.cruise_ended(end)

    async def _resume(self, run: CruiseRun) -> None:
        delay_s = RESUME_FIRST_RETRY_S
        claimant = Claimant(run.started_by, SessionKind.MANUAL, run.priority)
        while True:
            try:
                camera = await self.camera(run.camera_id)
                cruise = await self._thread.call(
                    self._store.cruise, run.camera_id, run.cruise_number
                )
                result = await camera.runner.start(cruise, run.priority, started_by=claimant.holder)
            except PtzDeviceUnavailable as error:
                log.warning(
                    "cruise %s of camera %s not resumed yet: %s",
                    run.cruise_number,
                    run.camera_id,
                    error,
                )
                await asyncio.sleep(delay_s)
                delay_s = min(RESUME_MAX_RETRY_S, delay_s * 2)
                continue
            except VedetteError as error:  # the camera, device or cruise is gone
                log.warning(
                    "cruise %s of camera %s not resumed: %s",
                    run.cruise_number,
                    run.camera_id,
                    error,
                )
                return
            if isinstance(result, Denied):
                log.warning(
                    "cruise %s of camera %s not resumed: %s",
                    run.cruise_number,
                    run.camera_id,
                    result,
                )
            else:
                log.info("cruise %s of camera %s resumed", run.cruise_number, run.camera_id)
            return
