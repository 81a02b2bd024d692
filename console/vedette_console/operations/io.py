"""Inputs and outputs (ALARM-01, ALARM-06, ALARM-08): what the I/O editor asks the
server. Devices and points are the server's ``IoService`` (SDK ``IoCalls``); the
schedules and cameras a point links to come with them, so the editor picks them
by name.

The server judges every value (a port outside 1..65535, a debounce outside
0..60000 ms, an output held off by its schedule, a device that does not answer):
the editor shows the refusal in the server's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import cameras_pb2, io_pb2, recording_pb2
from vedette_console.operations.server_op import ServerOp


@dataclass(frozen=True)
class IoSnapshot:
    """What the I/O editor shows: every device with its points and their states, and
    the schedules and cameras points link to."""

    devices: list[io_pb2.IoDevice]
    schedules: list[recording_pb2.Schedule] = field(default_factory=list)
    cameras: list[cameras_pb2.Camera] = field(default_factory=list)


def fetch_io(client: Client, *, links: bool = True) -> IoSnapshot:
    """Blocking: devices and points; with ``links`` the schedules and cameras too."""
    devices = client.list_io()
    if not links:
        return IoSnapshot(devices)
    cameras = sorted(client.list_cameras(), key=lambda c: c.id)
    return IoSnapshot(devices, client.list_schedules(), cameras)


def load_io(*, parent: QObject | None, links: bool = True) -> ServerOp[IoSnapshot]:
    return ServerOp(parent, lambda client: fetch_io(client, links=links))


def add_modbus_device(
    *, parent: QObject | None, name: str, address: io_pb2.ModbusAddress
) -> ServerOp[io_pb2.IoDevice]:
    def work(client: Client) -> io_pb2.IoDevice:
        return client.add_modbus_device(
            address.host,
            port=address.port,
            unit_id=address.unit_id,
            input_count=address.input_count,
            output_count=address.output_count,
            input_base=address.input_base,
            output_base=address.output_base,
            name=name,
        )

    return ServerOp(parent, work)


def add_virtual_device(
    *, parent: QObject | None, name: str, inputs: int, outputs: int
) -> ServerOp[io_pb2.IoDevice]:
    return ServerOp(
        parent,
        lambda client: client.add_virtual_device(
            input_count=inputs, output_count=outputs, name=name
        ),
    )


def add_onvif_relays(
    *, parent: QObject | None, camera_id: int, name: str
) -> ServerOp[io_pb2.IoDevice]:
    """A camera's ONVIF relay outputs as a device (the server asks the camera)."""
    return ServerOp(parent, lambda client: client.add_onvif_relays(camera_id, name=name))


def update_device(
    *,
    parent: QObject | None,
    device_id: int,
    name: str | None = None,
    modbus: io_pb2.ModbusAddress | None = None,
    enabled: bool | None = None,
) -> ServerOp[io_pb2.IoDevice]:
    return ServerOp(
        parent,
        lambda client: client.update_device(device_id, name=name, modbus=modbus, enabled=enabled),
    )


def remove_device(*, parent: QObject | None, device_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.remove_device(device_id))


@dataclass(frozen=True)
class PointChanges:
    """The fields of a point the edit dialog changed (None: unchanged)."""

    name: str | None = None
    camera_id: int | None = None
    normal: str | None = None  # "open" | "closed"
    debounce_ms: int | None = None
    schedule_id: int | None = None
    pulse_seconds: float | None = None
    enabled: bool | None = None

    def empty(self) -> bool:
        return all(value is None for value in vars(self).values())


def point_changes(before: io_pb2.IoPoint, after: io_pb2.IoPoint) -> PointChanges:
    """What differs between the stored point and the edited one."""

    def differs(name: str) -> bool:
        return bool(getattr(before, name) != getattr(after, name))

    normal = None
    if differs("normal") and after.normal == io_pb2.IO_CONTACT_NORMALLY_CLOSED:
        normal = "closed"
    elif differs("normal") and after.normal == io_pb2.IO_CONTACT_NORMALLY_OPEN:
        normal = "open"
    return PointChanges(
        name=after.name if differs("name") else None,
        camera_id=after.camera_id if differs("camera_id") else None,
        normal=normal,
        debounce_ms=after.debounce_ms if differs("debounce_ms") else None,
        schedule_id=after.schedule_id if differs("schedule_id") else None,
        pulse_seconds=after.pulse_seconds if differs("pulse_seconds") else None,
        enabled=after.enabled if differs("enabled") else None,
    )


def update_point(
    *, parent: QObject | None, point_id: int, changes: PointChanges
) -> ServerOp[io_pb2.IoPoint]:
    return ServerOp(parent, lambda client: client.update_point(point_id, **vars(changes)))


def set_output(
    *, parent: QObject | None, point_id: int, mode: str, seconds: float = 0.0
) -> ServerOp[io_pb2.IoOutputState]:
    """``mode`` "on", "off", "pulse" (``seconds`` 0: the output's own pulse time) or
    "test" (the one-second test pulse)."""

    def work(client: Client) -> io_pb2.IoOutputState:
        if mode == "test":
            return client.test_output(point_id)
        return client.set_output(point_id, mode, seconds)

    return ServerOp(parent, work)
