"""The I/O hub: the configured devices running (one ``DeviceRunner`` each), their
states for the API and the feed, and output commands (the alarm engine's
``OutputPort``).

Invariants:
- What runs is what the catalog says after the last ``reload()``: one runner per
  enabled device; a device whose kind, address or enabled state changed is closed
  (its pulsing outputs turned off) and opened again; other changes (names, cameras,
  schedules, NO/NC, debounce, pulse times) apply to the running device.
- ``set_output`` refuses with the reason, before touching the device: an unknown
  point (NotFound), an input (InvalidArgument), a disabled output or device, an
  output outside its schedule (held off; switching off is always allowed), a device
  that does not answer (FailedPrecondition naming it).
- Schedules (and changes made without the API: a camera deleted, a configuration
  imported) are read from the catalog at most ``SCHEDULE_REFRESH_S`` old; schedules
  apply in the server's time zone (UTC when it is unset or unknown).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from vedette_api.timestamps import now_us
from vedette_hw.io_port import IoDevice
from vedette_hw.modbus_io import ModbusIo
from vedette_hw.virtual_io import VirtualIo
from vedette_server.alarms.ports import OutputMode, OutputState
from vedette_server.catalog.database import Catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.events import EventBus, ServerEvent
from vedette_server.io.input_events import InputEvents
from vedette_server.io.onvif_relays import OnvifRelays, OnvifTarget, relay_tokens
from vedette_server.io.runner import DeviceRunner, InputNow, OutputNow, RunnerContext
from vedette_server.io.settings import (
    DeviceKind,
    DeviceRecord,
    ModbusAddress,
    OnvifAddress,
    PointKind,
    PointRecord,
    check_pulse_s,
)
from vedette_server.io.store import IoStore
from vedette_server.recording.policy_store import PolicyStore
from vedette_server.recording.schedules import Week, covers_instant

log = logging.getLogger(__name__)

SCHEDULE_REFRESH_S: Final = 5.0
POLL_S: Final = 0.1
BACKOFF_S: Final = (0.5, 8.0)


def open_device(record: DeviceRecord) -> IoDevice:
    """The adapter of a device record (nothing is connected yet)."""
    if isinstance(record.address, ModbusAddress):
        return ModbusIo(record.address.config())
    if isinstance(record.address, OnvifAddress):
        raise ValueError("an ONVIF device needs its camera's target: IoHub opens it")
    return VirtualIo(
        record.address.input_count, record.address.output_count, name=f"virtual {record.name}"
    )


@dataclass(frozen=True)
class DeviceState:
    device_id: int
    #: None: not running (disabled) or not polled yet.
    online: bool | None
    detail: str


@dataclass(frozen=True)
class PointState:
    point_id: int
    #: Inputs: the debounced active state (None: unknown, disabled or not polled).
    active: bool | None = None
    armed: bool = True
    event_id: int | None = None
    #: Outputs.
    on: bool | None = None
    until_us: int | None = None


@dataclass(frozen=True)
class IoStates:
    devices: dict[int, DeviceState]
    points: dict[int, PointState]


class IoHub:
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        bus: EventBus,
        *,
        zone_name: Callable[[], str] = lambda: "",
        poll_s: float = POLL_S,
        backoff_s: tuple[float, float] = BACKOFF_S,
        open_device: Callable[[DeviceRecord], IoDevice] = open_device,
        onvif_targets: Callable[[int], OnvifTarget | None] | None = None,
    ) -> None:
        """``onvif_targets``: where a camera answers ONVIF and its credentials (a
        blocking catalog lookup, ``onvif_relays.onvif_targets``); without it a
        camera's relays are unreachable."""
        self.store = IoStore(catalog.database)
        self._thread = thread
        self._schedules = PolicyStore(catalog.database)
        self._zone_name = zone_name
        self._open_device = open_device
        self._onvif_targets = onvif_targets
        self._context = RunnerContext(
            thread, InputEvents(catalog), bus, self.covered, poll_s, backoff_s
        )
        self._devices: dict[int, DeviceRecord] = {}
        self._points: dict[int, PointRecord] = {}
        self._weeks: dict[int, Week] = {}
        self._schedule_names: dict[int, str] = {}
        self._runners: dict[int, DeviceRunner] = {}
        self._lock = asyncio.Lock()
        self._refresh: asyncio.Task[None] | None = None

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        try:
            await self.reload()
        except Exception:  # the recorder must start even when the I/O cannot
            log.exception("I/O: the configured devices could not be started")
        self._refresh = asyncio.get_running_loop().create_task(
            self._refresh_loop(), name="I/O refresh"
        )

    async def aclose(self) -> None:
        if self._refresh is not None:
            self._refresh.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresh
        async with self._lock:
            for runner in self._runners.values():
                await runner.aclose()
            self._runners.clear()

    async def reload(self) -> None:
        """Apply the catalog's configuration (after a change through the API)."""
        async with self._lock:
            devices, points = await self._thread.call(
                lambda: (self.store.devices(), self.store.points())
            )
            await self._load_schedules()
            self._devices = {d.id: d for d in devices}
            self._points = {p.id: p for p in points}
            for device_id in list(self._runners):
                record = self._devices.get(device_id)
                runner = self._runners[device_id]
                if record is None or not _same_device(runner.record, record):
                    del self._runners[device_id]
                    await runner.aclose()
                    if record is None or not record.enabled:  # else the new runner's
                        await self._end_events(runner)  # first poll keeps or ends them
            for record in devices:
                own = [p for p in points if p.device_id == record.id]
                running = self._runners.get(record.id)
                if running is not None:
                    running.record = record
                    running.set_points(own)
                elif record.enabled:
                    device = await self._device_of(record)
                    runner = DeviceRunner(record, device, own, self._context)
                    self._runners[record.id] = runner
                    runner.start()

    async def _device_of(self, record: DeviceRecord) -> IoDevice:
        if not isinstance(record.address, OnvifAddress):
            return self._open_device(record)
        target = await self._onvif_target(record.address.camera_id)
        return OnvifRelays(record.name, target, record.address.relay_tokens)

    async def _onvif_target(self, camera_id: int) -> OnvifTarget | None:
        if self._onvif_targets is None:
            return None
        return await self._thread.call(self._onvif_targets, camera_id)

    async def relay_tokens(self, camera_id: int) -> tuple[str, ...]:
        """The relay outputs' tokens of an ONVIF camera, asked of the camera
        (FailedPrecondition when it is not an ONVIF camera or does not answer)."""
        target = await self._onvif_target(camera_id)
        if target is None:
            raise FailedPrecondition(f"camera {camera_id} was not added over ONVIF")
        return tuple(await relay_tokens(target))

    async def _end_events(self, runner: DeviceRunner) -> None:
        t_us = now_us()
        for state in runner.inputs.values():
            if state.event_id is not None:
                await self._thread.call(self._context.events.end, state.event_id, t_us)

    async def _load_schedules(self) -> None:
        records = await self._thread.call(self._schedules.list_schedules)
        self._weeks = {r.id: r.week for r in records}
        self._schedule_names = {r.id: r.name for r in records}

    async def _refresh_loop(self) -> None:
        """Schedules, and what changed without the API (a camera deleted, a
        configuration imported), re-read every ``SCHEDULE_REFRESH_S``."""
        while True:
            await asyncio.sleep(SCHEDULE_REFRESH_S)
            try:
                await self.reload()
            except Exception:
                log.exception("I/O: re-reading the configuration failed")

    def covered(self, schedule_id: int | None, t_us: int) -> bool:
        """Whether schedule ``schedule_id`` covers ``t_us`` (None: no schedule, always)."""
        if schedule_id is None:
            return True
        week = self._weeks.get(schedule_id)
        if week is None:  # deleted meanwhile (the catalog refuses that while in use)
            return True
        return covers_instant(week, self._zone(), t_us)

    def _zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self._zone_name() or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    # -- states -----------------------------------------------------------------------

    def states(self) -> IoStates:
        """Every device's and point's current state (for ListIo and the feed's snapshot)."""
        devices: dict[int, DeviceState] = {}
        points: dict[int, PointState] = {}
        for device_id in self._devices:
            runner = self._runners.get(device_id)
            if runner is None:
                devices[device_id] = DeviceState(device_id, None, "disabled")
                continue
            devices[device_id] = DeviceState(device_id, runner.online, runner.detail)
            for point_id, now in runner.inputs.items():
                points[point_id] = _input_state(point_id, now)
            for point_id, out in runner.outputs.items():
                points[point_id] = _output_state(point_id, out)
        return IoStates(devices, points)

    def snapshot(self) -> list[ServerEvent]:
        """Every running device and its known points now, as the ``io.device``,
        ``io.input`` and ``io.output`` events that would tell them (``actor`` empty),
        for a live feed's snapshot."""
        return [event for runner in self._runners.values() for event in runner.snapshot()]

    # -- commands ---------------------------------------------------------------------

    def _point(self, point_id: int) -> PointRecord:
        point = self._points.get(point_id)
        if point is None:
            raise NotFound("I/O point", point_id)
        return point

    async def set_output(
        self, point_id: int, mode: OutputMode, seconds: float | None, actor: str
    ) -> OutputState:
        point = self._point(point_id)
        if point.kind is not PointKind.OUTPUT:
            raise InvalidArgument("point_id", f"{point.name!r} is an input, not an output")
        if not point.enabled:
            raise FailedPrecondition(f"output {point.name!r} is disabled")
        runner = self._runners.get(point.device_id)
        if runner is None:
            raise FailedPrecondition(
                f"output {point.name!r}: its device {self._devices[point.device_id].name!r}"
                " is disabled"
            )
        if mode is not OutputMode.OFF and not self.covered(point.schedule_id, now_us()):
            name = self._schedule_names.get(point.schedule_id or 0, str(point.schedule_id))
            raise FailedPrecondition(
                f"output {point.name!r} is outside its schedule {name!r}: it is held off"
            )
        if mode is OutputMode.PULSE:
            if seconds is None:
                seconds = point.pulse_s
            if seconds is None:  # "manual": on until switched off
                mode = OutputMode.ON
            else:
                seconds = check_pulse_s(seconds)
        return await runner.set_output(point, mode, seconds, actor)

    def set_virtual_input(self, point_id: int, closed: bool) -> None:
        """Close or open the contact of a virtual device's input (tests, demos)."""
        point = self._point(point_id)
        if point.kind is not PointKind.INPUT:
            raise InvalidArgument("point_id", f"{point.name!r} is an output, not an input")
        device = self._devices[point.device_id]
        if device.kind is not DeviceKind.VIRTUAL:
            raise FailedPrecondition(f"{point.name!r} is on {device.name!r}, not a virtual device")
        runner = self._runners.get(point.device_id)
        if runner is None or not isinstance(runner.device, VirtualIo):
            raise FailedPrecondition(f"device {device.name!r} is disabled")
        runner.device.set_input(point.number, closed)


def _same_device(running: DeviceRecord, record: DeviceRecord) -> bool:
    return (running.kind, running.address, running.enabled) == (
        record.kind,
        record.address,
        record.enabled,
    )


def _input_state(point_id: int, now: InputNow) -> PointState:
    return PointState(point_id, active=now.active, armed=now.armed, event_id=now.event_id)


def _output_state(point_id: int, now: OutputNow) -> PointState:
    return PointState(point_id, on=now.on, until_us=now.until_us)
