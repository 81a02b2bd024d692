"""One I/O device at run time: its poll loop, its inputs' debounced states and event
rows, its outputs' states, and whether it answers.

Invariants:
- The loop never ends on an error: a device that does not answer is marked offline
  (``io.device`` with the error as detail, published once per change), retried with a
  backoff doubling from ``backoff_s[0]`` to ``backoff_s[1]``, and marked online again at
  the first poll that works.
- The first successful poll (and the first after the inputs' settings change) sets
  the inputs' states without an event; an event row left open is kept when its input
  is still active and enabled, ended otherwise.
- An enabled input's change writes (or ends) its event row first, then publishes
  ``io.input``; a disabled input logs and publishes nothing. A poll's changes are
  written in one catalog job (one transaction), then published in order.
- An output's state is what the last command set; a pulse's end and the schedule's
  hold-off (``io.output`` with actor "pulse end" / "schedule") are noticed by the
  loop, at the latest a poll interval (or a second, for schedules) later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from vedette_api.timestamps import now_us
from vedette_hw.io_inputs import InputTracker
from vedette_hw.io_port import IoDevice, IoError
from vedette_server.alarms.ports import OutputMode, OutputState
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition
from vedette_server.events import EventBus, ServerEvent
from vedette_server.io.input_events import InputEvents, InputRowChange
from vedette_server.io.settings import DeviceRecord, PointKind, PointRecord

log = logging.getLogger(__name__)

INPUT = "io.input"
OUTPUT = "io.output"
DEVICE = "io.device"
SCHEDULE_CHECK_S = 1.0


@dataclass(frozen=True)
class RunnerContext:
    """What every runner shares, from the hub."""

    thread: CatalogThread
    events: InputEvents
    bus: EventBus
    #: Whether a schedule (None: always) covers an instant (µs UTC).
    covered: Callable[[int | None, int], bool]
    poll_s: float
    backoff_s: tuple[float, float]


@dataclass(frozen=True)
class InputNow:
    active: bool | None
    armed: bool
    event_id: int | None


@dataclass(frozen=True)
class OutputNow:
    on: bool
    until_us: int | None = None


class DeviceRunner:
    def __init__(
        self,
        record: DeviceRecord,
        device: IoDevice,
        points: Sequence[PointRecord],
        context: RunnerContext,
    ) -> None:
        self.record = record
        self.device = device
        self._ctx = context
        self.online: bool | None = None
        self.detail = "not polled yet"
        self._inputs: tuple[PointRecord, ...] = ()
        self._outputs: dict[int, PointRecord] = {}
        self._tracker: InputTracker | None = None
        self._settings_version = 0
        self.inputs: dict[int, InputNow] = {}
        self.outputs: dict[int, OutputNow] = {}
        self._last_us = 0
        self._next_schedule_check = 0.0
        self._task: asyncio.Task[None] | None = None
        self.set_points(points)

    # -- configuration ----------------------------------------------------------------

    def set_points(self, points: Sequence[PointRecord]) -> None:
        """Take the device's points as configured now; a change of an input's NO/NC,
        debounce or enabled state restarts the inputs' tracking (a new baseline)."""
        inputs = tuple(
            sorted((p for p in points if p.kind is PointKind.INPUT), key=lambda p: p.number)
        )
        old = [(p.id, p.normal, p.debounce_ms, p.enabled) for p in self._inputs]
        new = [(p.id, p.normal, p.debounce_ms, p.enabled) for p in inputs]
        if old != new:
            self._tracker = None
            self._settings_version += 1  # a baseline being taken now is for the old ones
            self.inputs.clear()  # unknown until the new baseline
        self._inputs = inputs
        self._outputs = {p.id: p for p in points if p.kind is PointKind.OUTPUT}
        for point_id in list(self.outputs):
            if point_id not in self._outputs:
                del self.outputs[point_id]

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"I/O poll {self.record.name}"
        )

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.device.aclose()

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                closed = await self.device.read_inputs()
            except IoError as exc:
                failures += 1
                self._set_online(False, exc.detail)
                first, cap = self._ctx.backoff_s
                await asyncio.sleep(min(cap, first * 2 ** min(failures - 1, 16)))
                continue
            failures = 0
            try:
                if self._tracker is None:
                    await self._baseline(closed)
                else:
                    await self._take(closed)
                self._set_online(True, "")
                await self._tick_outputs()
            except IoError as exc:
                self._set_online(False, exc.detail)
            except Exception:  # a bug or the catalog: logged, the loop goes on
                log.exception("I/O device %s: poll handling failed", self.record.name)
            await asyncio.sleep(self._ctx.poll_s)

    def _set_online(self, online: bool, detail: str) -> None:
        if self.online is online and self.detail == detail:
            return
        if online:
            log.info("I/O device %s answers", self.record.name)
        else:
            log.warning("I/O device %s: %s", self.record.name, detail)
        was = self.online
        self.online, self.detail = online, detail
        if was is not online:
            self._ctx.bus.publish(ServerEvent(DEVICE, self._device_facts()))

    def _device_facts(self) -> dict[str, Any]:
        return {
            "device_id": self.record.id,
            "name": self.record.name,
            "online": bool(self.online),
            "detail": self.detail,
        }

    def snapshot(self) -> list[ServerEvent]:
        """The device and its known points now, as the events that would tell them
        (``io.device``, then ``io.input`` / ``io.output``), for a feed's snapshot."""
        if self.online is None:
            return []
        t_us = now_us()
        told = [ServerEvent(DEVICE, self._device_facts())]
        for point in self._inputs:
            now = self.inputs.get(point.id)
            if now is not None and now.active is not None:
                facts = _input_facts(point, now.active, now.armed, t_us, now.event_id)
                told.append(ServerEvent(INPUT, facts))
        for point_id, state in self.outputs.items():
            told.append(ServerEvent(OUTPUT, _output_facts(self._outputs[point_id], state, "")))
        return told

    # -- inputs -----------------------------------------------------------------------

    def _now_us(self) -> int:
        """The wall clock, never going backwards (the tracker refuses that)."""
        self._last_us = max(self._last_us, now_us())
        return self._last_us

    async def _baseline(self, closed: Sequence[bool]) -> None:
        """The inputs' states now, taken as they are (no events), with the settings of
        this moment. The states and the tracker are set together at the end, and only
        if no settings changed meanwhile (the baseline awaits the catalog): otherwise
        the next poll takes a new one. (A CI run's unit test changed a second input's
        debounce while the first change's baseline was under way; the old tracker, with
        the old debounce, was set after it.)"""
        version = self._settings_version
        points = self._inputs
        t_us = self._now_us()
        tracker = InputTracker([p.input_setting for p in points])
        tracker.update(closed[: len(points)], t_us)
        states = tracker.active or ()
        ctx = self._ctx
        known: dict[int, InputNow] = {}
        for point, active in zip(points, states, strict=True):
            open_id = await ctx.thread.call(ctx.events.open_event, point.id)
            keep = active and point.enabled
            if open_id is not None and not keep:
                await ctx.thread.call(ctx.events.end, open_id, t_us)
                open_id = None
            armed = ctx.covered(point.schedule_id, t_us)
            known[point.id] = InputNow(active if point.enabled else None, armed, open_id)
        outputs = await self.device.read_outputs()
        if version != self._settings_version:
            return
        self.inputs.update(known)
        for point in self._outputs.values():
            if point.number < len(outputs) and point.id not in self.outputs:
                self.outputs[point.id] = OutputNow(outputs[point.number])
        self._tracker = tracker

    async def _take(self, closed: Sequence[bool]) -> None:
        """A poll's changes of enabled inputs: their rows written in one catalog job
        (one transaction), then each ``io.input`` published, in order."""
        assert self._tracker is not None
        ctx = self._ctx
        changes: list[InputRowChange] = []
        for seen in self._tracker.update(closed[: len(self._inputs)], self._now_us()):
            point = self._inputs[seen.input]
            if point.enabled:
                previous = self.inputs.get(point.id)
                changes.append(
                    InputRowChange(
                        point,
                        seen.active,
                        seen.time_us,
                        ctx.covered(point.schedule_id, seen.time_us),
                        previous.event_id if previous is not None else None,
                    )
                )
        if not changes:
            return
        try:
            after = await ctx.thread.call(ctx.events.write, changes)
        except Exception:
            log.exception(
                "I/O device %s: the input event rows could not be written", self.record.name
            )
            after = [c.event_id if c.active else None for c in changes]
        for change, event_id in zip(changes, after, strict=True):
            self._input_changed(change, event_id)

    def _input_changed(self, change: InputRowChange, event_id: int | None) -> None:
        """``event_id``: the input's open row after the change (written already)."""
        point, active, armed = change.point, change.active, change.armed
        self.inputs[point.id] = InputNow(active, armed, event_id)
        told = event_id if active else change.event_id
        self._ctx.bus.publish(
            ServerEvent(INPUT, _input_facts(point, active, armed, change.time_us, told))
        )

    # -- outputs ----------------------------------------------------------------------

    async def set_output(
        self, point: PointRecord, mode: OutputMode, seconds: float | None, actor: str
    ) -> OutputState:
        """Switch ``point`` (already checked by the hub); ``seconds`` for a pulse."""
        try:
            if mode is OutputMode.PULSE:
                assert seconds is not None
                await self.device.pulse_output(point.number, seconds)
                state = OutputNow(True, self._pulse_end_us(point.number))
            else:
                on = mode is OutputMode.ON
                await self.device.set_output(point.number, on)
                state = OutputNow(on)
        except IoError as exc:
            raise FailedPrecondition(f"output {point.name!r}: {exc}") from exc
        self._output_now(point, state, actor)
        return OutputState(point.id, point.name, state.on, state.until_us)

    def _pulse_end_us(self, number: int) -> int | None:
        ends = self.device.pulse_ends_at(number)
        if ends is None:
            return None
        return now_us() + max(0, round((ends - asyncio.get_running_loop().time()) * 1e6))

    def _output_now(self, point: PointRecord, state: OutputNow, actor: str) -> None:
        self.outputs[point.id] = state
        self._ctx.bus.publish(ServerEvent(OUTPUT, _output_facts(point, state, actor)))

    async def _tick_outputs(self) -> None:
        for point_id, state in list(self.outputs.items()):
            point = self._outputs[point_id]
            if state.until_us is not None and self.device.pulse_ends_at(point.number) is None:
                self._output_now(point, OutputNow(False), "pulse end")
        loop_now = asyncio.get_running_loop().time()
        if loop_now < self._next_schedule_check:
            return
        self._next_schedule_check = loop_now + SCHEDULE_CHECK_S
        t_us = now_us()
        for point_id, state in list(self.outputs.items()):
            point = self._outputs[point_id]
            if state.on and not self._ctx.covered(point.schedule_id, t_us):
                await self.device.set_output(point.number, False)
                self._output_now(point, OutputNow(False), "schedule")


def _input_facts(
    point: PointRecord, active: bool, armed: bool, t_us: int, event_id: int | None
) -> dict[str, Any]:
    return {
        "point_id": point.id,
        "device_id": point.device_id,
        "name": point.name,
        "camera_id": point.camera_id,
        "active": active,
        "armed": armed,
        "time_us": t_us,
        "event_id": event_id or 0,
    }


def _output_facts(point: PointRecord, state: OutputNow, actor: str) -> dict[str, Any]:
    return {
        "point_id": point.id,
        "device_id": point.device_id,
        "name": point.name,
        "on": state.on,
        "until_us": state.until_us,
        "actor": actor,
    }
