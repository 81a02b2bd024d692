"""The ``IoService`` part of ``vedette_api.Client``: I/O devices (Modbus TCP boxes,
cameras' ONVIF relays, virtual ones) and their points, and output commands. Every method blocks.

A point is named by its id or its name (``find_point``); output modes are "on",
"off" and "pulse".
"""

from __future__ import annotations

from vedette_api.client.calls import ServiceCalls, apply_changes
from vedette_api.errors import InvalidArgument, NotFound
from vedette_api.v1 import io_pb2, io_pb2_grpc

OUTPUT_MODES = {
    "on": io_pb2.IO_OUTPUT_MODE_ON,
    "off": io_pb2.IO_OUTPUT_MODE_OFF,
    "pulse": io_pb2.IO_OUTPUT_MODE_PULSE,
}
CONTACTS = {"open": io_pb2.IO_CONTACT_NORMALLY_OPEN, "closed": io_pb2.IO_CONTACT_NORMALLY_CLOSED}


class IoCalls(ServiceCalls):
    _io: io_pb2_grpc.IoServiceStub

    def list_io(self) -> list[io_pb2.IoDevice]:
        """Every device with its state and its points with theirs."""
        response: io_pb2.ListIoResponse = self._call(self._io.ListIo, io_pb2.ListIoRequest())
        return list(response.devices)

    def find_point(self, ref: str | int) -> io_pb2.IoPoint:
        """The point whose id, or else whose name (case-insensitive), is ``ref``;
        InvalidArgument when several points have that name."""
        points = [p for d in self.list_io() for p in d.points]
        text = str(ref).strip()
        if text.isdigit():
            for point in points:
                if point.id == int(text):
                    return point
        named = [p for p in points if p.name.casefold() == text.casefold()]
        if len(named) > 1:
            raise InvalidArgument(f"{len(named)} I/O points are named {text!r}: give the id")
        if not named:
            raise NotFound(f"no I/O point has the id or name {text!r}")
        return named[0]

    def find_device(self, ref: str | int) -> io_pb2.IoDevice:
        """The device whose id, or else whose name (case-insensitive), is ``ref``."""
        devices = self.list_io()
        text = str(ref).strip()
        if text.isdigit():
            for device in devices:
                if device.id == int(text):
                    return device
        for device in devices:
            if device.name.casefold() == text.casefold():
                return device
        raise NotFound(f"no I/O device has the id or name {text!r}")

    def add_modbus_device(
        self,
        host: str,
        *,
        port: int = 502,
        unit_id: int = 1,
        input_count: int = 12,
        output_count: int = 6,
        input_base: int = 0,
        output_base: int = 0,
        name: str = "",
        enabled: bool = True,
    ) -> io_pb2.IoDevice:
        address = io_pb2.ModbusAddress(
            host=host,
            port=port,
            unit_id=unit_id,
            input_count=input_count,
            output_count=output_count,
            input_base=input_base,
            output_base=output_base,
        )
        request = io_pb2.AddDeviceRequest(name=name, modbus=address, disabled=not enabled)
        response: io_pb2.AddDeviceResponse = self._call(self._io.AddDevice, request)
        return response.device

    def add_virtual_device(
        self, *, input_count: int = 8, output_count: int = 4, name: str = ""
    ) -> io_pb2.IoDevice:
        address = io_pb2.VirtualAddress(input_count=input_count, output_count=output_count)
        request = io_pb2.AddDeviceRequest(name=name, virtual=address)
        response: io_pb2.AddDeviceResponse = self._call(self._io.AddDevice, request)
        return response.device

    def add_onvif_relays(self, camera_id: int, *, name: str = "") -> io_pb2.IoDevice:
        """The relay outputs of a camera added over ONVIF, as a device (the server asks
        the camera for them)."""
        address = io_pb2.OnvifRelaysAddress(camera_id=camera_id)
        request = io_pb2.AddDeviceRequest(name=name, onvif=address)
        response: io_pb2.AddDeviceResponse = self._call(
            self._io.AddDevice, request, min_timeout_s=30.0
        )
        return response.device

    def update_device(
        self,
        device_id: int,
        *,
        name: str | None = None,
        modbus: io_pb2.ModbusAddress | None = None,
        virtual: io_pb2.VirtualAddress | None = None,
        enabled: bool | None = None,
    ) -> io_pb2.IoDevice:
        request = io_pb2.UpdateDeviceRequest(device_id=device_id)
        changes = {"name": name, "modbus": modbus, "virtual": virtual, "enabled": enabled}
        request.update_mask.CopyFrom(apply_changes(request, changes, method="update_device"))
        response: io_pb2.UpdateDeviceResponse = self._call(self._io.UpdateDevice, request)
        return response.device

    def remove_device(self, device_id: int) -> None:
        self._call(self._io.RemoveDevice, io_pb2.RemoveDeviceRequest(device_id=device_id))

    def update_point(
        self,
        point_id: int,
        *,
        name: str | None = None,
        camera_id: int | None = None,
        normal: str | None = None,
        debounce_ms: int | None = None,
        schedule_id: int | None = None,
        pulse_seconds: float | None = None,
        enabled: bool | None = None,
    ) -> io_pb2.IoPoint:
        """Change what is given; ``normal`` "open" or "closed"; ``camera_id`` /
        ``schedule_id`` 0 clear the link; ``pulse_seconds`` 0 makes the output manual."""
        point = io_pb2.IoPoint(id=point_id)
        contact = None
        if normal is not None:
            contact = CONTACTS.get(normal)
            if contact is None:
                raise InvalidArgument(f"normal: 'open' or 'closed', not {normal!r}")
        changes = {
            "name": name,
            "camera_id": camera_id,
            "normal": contact,
            "debounce_ms": debounce_ms,
            "schedule_id": schedule_id,
            "pulse_seconds": pulse_seconds,
            "enabled": enabled,
        }
        mask = apply_changes(point, changes, method="update_point")
        request = io_pb2.UpdatePointRequest(point=point, update_mask=mask)
        response: io_pb2.UpdatePointResponse = self._call(self._io.UpdatePoint, request)
        return response.point

    def set_output(self, point_id: int, mode: str, seconds: float = 0.0) -> io_pb2.IoOutputState:
        """``mode`` "on", "off" or "pulse" (``seconds`` 0: the output's pulse time)."""
        if mode not in OUTPUT_MODES:
            raise InvalidArgument(f"output mode: one of on, off, pulse, not {mode!r}")
        request = io_pb2.SetOutputRequest(
            point_id=point_id, mode=OUTPUT_MODES[mode], seconds=seconds
        )
        response: io_pb2.SetOutputResponse = self._call(self._io.SetOutput, request)
        return response.state

    def test_output(self, point_id: int) -> io_pb2.IoOutputState:
        """A one-second pulse (the test button)."""
        request = io_pb2.TestOutputRequest(point_id=point_id)
        response: io_pb2.TestOutputResponse = self._call(self._io.TestOutput, request)
        return response.state

    def set_virtual_input(self, point_id: int, closed: bool) -> None:
        request = io_pb2.SetVirtualInputRequest(point_id=point_id, closed=closed)
        self._call(self._io.SetVirtualInput, request)
