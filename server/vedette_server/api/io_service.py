"""IoService: I/O devices and points (configuration and state) and output commands.
Thin: the work is in ``vedette_server.io`` (``IoStore`` for the catalog, ``IoHub`` for
the running devices); every configuration change is applied with ``IoHub.reload``."""

from __future__ import annotations

import math
from typing import Any

import grpc

from vedette_api.v1 import io_pb2, io_pb2_grpc
from vedette_server.accounts.authorization import may
from vedette_server.accounts.rights import Area
from vedette_server.alarms.ports import OutputMode, OutputState
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.status import unary
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument, PermissionDenied
from vedette_server.io.hub import DeviceState, IoHub, PointState
from vedette_server.io.settings import (
    Address,
    DeviceKind,
    DeviceRecord,
    ModbusAddress,
    OnvifAddress,
    PointKind,
    PointRecord,
    VirtualAddress,
)
from vedette_server.io.store import PointChanges

#: The test button's pulse (ALARM-06).
TEST_PULSE_S = 1.0
_DEVICE_KINDS = {
    DeviceKind.MODBUS: io_pb2.IO_DEVICE_KIND_MODBUS,
    DeviceKind.VIRTUAL: io_pb2.IO_DEVICE_KIND_VIRTUAL,
    DeviceKind.ONVIF: io_pb2.IO_DEVICE_KIND_ONVIF,
}
_POINT_KINDS = {
    PointKind.INPUT: io_pb2.IO_POINT_KIND_INPUT,
    PointKind.OUTPUT: io_pb2.IO_POINT_KIND_OUTPUT,
}
_CONTACTS = {io_pb2.IO_CONTACT_NORMALLY_OPEN: "open", io_pb2.IO_CONTACT_NORMALLY_CLOSED: "closed"}
_MODES = {
    io_pb2.IO_OUTPUT_MODE_ON: OutputMode.ON,
    io_pb2.IO_OUTPUT_MODE_OFF: OutputMode.OFF,
    io_pb2.IO_OUTPUT_MODE_PULSE: OutputMode.PULSE,
}
_DEVICE_PATHS = frozenset({"name", "modbus", "virtual", "enabled"})
_POINT_PATHS = frozenset(
    {"name", "camera_id", "normal", "debounce_ms", "schedule_id", "pulse_seconds", "enabled"}
)


def modbus_address(message: io_pb2.ModbusAddress) -> ModbusAddress:
    return ModbusAddress(
        host=message.host,
        port=message.port or 502,
        unit_id=message.unit_id,
        input_count=message.input_count,
        output_count=message.output_count,
        input_base=message.input_base,
        output_base=message.output_base,
    )


def virtual_address(message: io_pb2.VirtualAddress) -> VirtualAddress:
    return VirtualAddress(message.input_count, message.output_count)


def _address_message(address: Address) -> dict[str, Any]:
    if isinstance(address, ModbusAddress):
        return {"modbus": io_pb2.ModbusAddress(**address.to_json())}
    if isinstance(address, OnvifAddress):
        return {"onvif": io_pb2.OnvifRelaysAddress(**address.to_json())}
    return {"virtual": io_pb2.VirtualAddress(**address.to_json())}


def _status(record: DeviceRecord, state: DeviceState | None) -> Any:
    if not record.enabled:
        return io_pb2.IO_DEVICE_STATUS_DISABLED
    if state is None or state.online is None:
        return io_pb2.IO_DEVICE_STATUS_STARTING
    return io_pb2.IO_DEVICE_STATUS_ONLINE if state.online else io_pb2.IO_DEVICE_STATUS_OFFLINE


def point_message(point: PointRecord, state: PointState | None) -> io_pb2.IoPoint:
    message = io_pb2.IoPoint(
        id=point.id,
        device_id=point.device_id,
        kind=_POINT_KINDS[point.kind],
        number=point.number,
        name=point.name,
        camera_id=point.camera_id or 0,
        normal=(
            io_pb2.IO_CONTACT_NORMALLY_OPEN
            if point.normal.value == "open"
            else io_pb2.IO_CONTACT_NORMALLY_CLOSED
        ),
        debounce_ms=point.debounce_ms,
        schedule_id=point.schedule_id or 0,
        pulse_seconds=point.pulse_s or 0.0,
        enabled=point.enabled,
    )
    if state is not None:
        value = state.active if point.kind is PointKind.INPUT else state.on
        if value is not None:
            message.known = True
            message.active = value
        message.armed = state.armed
        message.event_id = state.event_id or 0
        if state.until_us is not None:
            message.until_time.CopyFrom(timestamp(state.until_us))
    return message


def _output_message(state: OutputState) -> io_pb2.IoOutputState:
    message = io_pb2.IoOutputState(point_id=state.point_id, name=state.name, on=state.on)
    if state.until_us is not None:
        message.until_time.CopyFrom(timestamp(state.until_us))
    return message


def _point_changes(message: io_pb2.IoPoint, paths: set[str]) -> PointChanges:
    unknown = paths - _POINT_PATHS
    if unknown:
        raise InvalidArgument("update_mask", f"cannot update {', '.join(sorted(unknown))}")
    if not paths:
        raise InvalidArgument("update_mask", "names no field to update")
    normal = None
    if "normal" in paths:
        normal = _CONTACTS.get(message.normal)
        if normal is None:
            raise InvalidArgument("normal", "give IO_CONTACT_NORMALLY_OPEN or _CLOSED")
    pulse = message.pulse_seconds if "pulse_seconds" in paths else None
    if pulse is not None and not math.isfinite(pulse):
        raise InvalidArgument("pulse_seconds", f"must be a number of seconds, got {pulse}")
    return PointChanges(
        name=message.name if "name" in paths else None,
        camera_id=message.camera_id if "camera_id" in paths else None,
        normal=normal,
        debounce_ms=message.debounce_ms if "debounce_ms" in paths else None,
        schedule_id=message.schedule_id if "schedule_id" in paths else None,
        pulse_s=pulse if pulse else None,
        manual=pulse == 0,
        enabled=message.enabled if "enabled" in paths else None,
    )


class IoServicer(io_pb2_grpc.IoServiceServicer):
    def __init__(self, hub: IoHub, thread: CatalogThread) -> None:
        self.hub = hub
        self.store = hub.store
        self.thread = thread

    async def _device_message(self, record: DeviceRecord) -> io_pb2.IoDevice:
        points = await self.thread.call(self.store.points, record.id)
        states = self.hub.states()
        state = states.devices.get(record.id)
        return io_pb2.IoDevice(
            id=record.id,
            name=record.name,
            kind=_DEVICE_KINDS[record.kind],
            enabled=record.enabled,
            status=_status(record, state),
            detail=state.detail if state is not None and state.online is False else "",
            points=[point_message(p, states.points.get(p.id)) for p in points],
            **_address_message(record.address),
        )

    @unary
    async def ListIo(
        self, request: io_pb2.ListIoRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.ListIoResponse:
        who = call_context.principal()
        if not (may(who, Area.ALARM_VIEW) or may(who, Area.ALARMS)):
            raise PermissionDenied(
                f"user {who.username!r} lacks the 'alarm_view' or 'alarms' right"
                f" ({who.scope.value} sessions)"
            )
        devices = await self.thread.call(self.store.devices)
        return io_pb2.ListIoResponse(devices=[await self._device_message(d) for d in devices])

    @unary
    async def AddDevice(
        self, request: io_pb2.AddDeviceRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.AddDeviceResponse:
        given = [f for f in ("modbus", "virtual", "onvif") if request.HasField(f)]
        if len(given) != 1:
            raise InvalidArgument("modbus", "give one of a Modbus address, onvif or virtual")
        address: Address
        if given == ["onvif"]:
            camera_id = request.onvif.camera_id
            await self.thread.call(self.store.camera, camera_id)  # NOT_FOUND first
            tokens = await self.hub.relay_tokens(camera_id)
            address = OnvifAddress(camera_id, tokens)
            kind = DeviceKind.ONVIF
            name = request.name or f"camera {camera_id} relays"
        elif given == ["modbus"]:
            address = modbus_address(request.modbus)
            kind = DeviceKind.MODBUS
            name = request.name or f"modbus {address.host}:{address.port}"
        else:
            address = virtual_address(request.virtual)
            kind = DeviceKind.VIRTUAL
            name = request.name or f"virtual {address.input_count}x{address.output_count}"
        record = await self.thread.call(
            lambda: self.store.add_device(name, kind, address, enabled=not request.disabled)
        )
        await self.hub.reload()
        call_context.note(
            message=f"{call_context.principal().username} added I/O device {record.name}",
            after={"device_id": record.id, "kind": kind.value, **address.to_json()},
        )
        return io_pb2.AddDeviceResponse(device=await self._device_message(record))

    @unary
    async def UpdateDevice(
        self, request: io_pb2.UpdateDeviceRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.UpdateDeviceResponse:
        paths = set(request.update_mask.paths)
        unknown = paths - _DEVICE_PATHS
        if unknown:
            raise InvalidArgument("update_mask", f"cannot update {', '.join(sorted(unknown))}")
        if not paths:
            raise InvalidArgument("update_mask", "names no field to update")
        if {"modbus", "virtual"} <= paths:
            raise InvalidArgument("update_mask", "a device has one address: modbus or virtual")
        address: Address | None = None
        if "modbus" in paths:
            address = modbus_address(request.modbus)
        elif "virtual" in paths:
            address = virtual_address(request.virtual)
        before = await self.thread.call(self.store.device, request.device_id)
        record = await self.thread.call(
            lambda: self.store.update_device(
                request.device_id,
                name=request.name if "name" in paths else None,
                address=address,
                enabled=request.enabled if "enabled" in paths else None,
            )
        )
        await self.hub.reload()
        call_context.note(
            message=f"{call_context.principal().username} changed I/O device {record.name}:"
            f" {', '.join(sorted(paths))}",
            before={"name": before.name, "enabled": before.enabled, **before.address.to_json()},
            after={"name": record.name, "enabled": record.enabled, **record.address.to_json()},
        )
        return io_pb2.UpdateDeviceResponse(device=await self._device_message(record))

    @unary
    async def RemoveDevice(
        self, request: io_pb2.RemoveDeviceRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.RemoveDeviceResponse:
        record = await self.thread.call(self.store.remove_device, request.device_id)
        await self.hub.reload()
        call_context.note(
            message=f"{call_context.principal().username} removed I/O device {record.name}",
            before={"device_id": record.id, **record.address.to_json()},
        )
        return io_pb2.RemoveDeviceResponse()

    @unary
    async def UpdatePoint(
        self, request: io_pb2.UpdatePointRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.UpdatePointResponse:
        paths = set(request.update_mask.paths)
        changes = _point_changes(request.point, paths)
        before = await self.thread.call(self.store.point, request.point.id)
        point = await self.thread.call(self.store.update_point, request.point.id, changes)
        await self.hub.reload()
        call_context.note(
            message=f"{call_context.principal().username} changed I/O point {point.name}:"
            f" {', '.join(sorted(paths))}",
            camera_id=point.camera_id,
            before=_point_detail(before),
            after=_point_detail(point),
        )
        state = self.hub.states().points.get(point.id)
        return io_pb2.UpdatePointResponse(point=point_message(point, state))

    @unary
    async def SetOutput(
        self, request: io_pb2.SetOutputRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.SetOutputResponse:
        mode = _MODES.get(request.mode)
        if mode is None:
            raise InvalidArgument("mode", "give IO_OUTPUT_MODE_ON, _OFF or _PULSE")
        if mode is not OutputMode.PULSE and request.seconds:
            raise InvalidArgument("seconds", "only a pulse has a length")
        seconds = request.seconds or None
        state = await self._switch(request.point_id, mode, seconds)
        return io_pb2.SetOutputResponse(state=_output_message(state))

    @unary
    async def TestOutput(
        self, request: io_pb2.TestOutputRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.TestOutputResponse:
        state = await self._switch(request.point_id, OutputMode.PULSE, TEST_PULSE_S)
        return io_pb2.TestOutputResponse(state=_output_message(state))

    async def _switch(self, point_id: int, mode: OutputMode, seconds: float | None) -> OutputState:
        who = call_context.principal().username
        state = await self.hub.set_output(point_id, mode, seconds, who)
        what = f"pulsed for {seconds:g} s" if mode is OutputMode.PULSE and seconds else mode.value
        call_context.note(
            message=f"{who} switched output {state.name}: {what}",
            after={"point_id": point_id, "on": state.on, "until_us": state.until_us},
        )
        return state

    @unary
    async def SetVirtualInput(
        self, request: io_pb2.SetVirtualInputRequest, context: grpc.aio.ServicerContext
    ) -> io_pb2.SetVirtualInputResponse:
        self.hub.set_virtual_input(request.point_id, request.closed)
        call_context.note(
            message=f"{call_context.principal().username} set virtual input"
            f" {request.point_id} {'closed' if request.closed else 'open'}",
        )
        return io_pb2.SetVirtualInputResponse()


def _point_detail(point: PointRecord) -> dict[str, Any]:
    return {
        "name": point.name,
        "camera_id": point.camera_id,
        "normal": point.normal.value,
        "debounce_ms": point.debounce_ms,
        "schedule_id": point.schedule_id,
        "pulse_s": point.pulse_s,
        "enabled": point.enabled,
    }
