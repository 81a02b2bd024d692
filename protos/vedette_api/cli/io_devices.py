"""``vedette io``: I/O devices (Modbus TCP boxes, virtual ones), their points, and
outputs.

- ``list [--json]``: every device with its state and points.
- ``add-modbus --host H --port P [--unit U] --inputs N --outputs N [--input-base A]
  [--output-base A] [--name NAME]``, ``add-onvif CAMERA [--name NAME]`` (a camera's
  relay outputs) and ``add-virtual --inputs N --outputs N``.
- ``device DEVICE [--name NAME] [--enable|--disable]``, ``rm DEVICE``.
- ``point POINT [--name N] [--camera ID] [--normal open|closed] [--debounce-ms MS]
  [--schedule ID] [--pulse S|manual] [--enable|--disable]``: a camera or schedule
  id 0 clears the link.
- ``set OUTPUT on|off|pulse [S]``, ``test OUTPUT`` (a one-second pulse), ``input
  POINT closed|open`` (virtual devices).

DEVICE and POINT are an id or a name.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.format import format_table, rfc3339_from_us
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.values import decimal_number, whole_number
from vedette_api.client import Client
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import io_pb2

MAX_POINTS = 64
_STATUS = {
    io_pb2.IO_DEVICE_STATUS_STARTING: "starting",
    io_pb2.IO_DEVICE_STATUS_ONLINE: "online",
    io_pb2.IO_DEVICE_STATUS_OFFLINE: "offline",
    io_pb2.IO_DEVICE_STATUS_DISABLED: "disabled",
}
_KINDS = {
    io_pb2.IO_DEVICE_KIND_MODBUS: "modbus",
    io_pb2.IO_DEVICE_KIND_VIRTUAL: "virtual",
    io_pb2.IO_DEVICE_KIND_ONVIF: "onvif",
}
_POINT_KINDS = {io_pb2.IO_POINT_KIND_INPUT: "input", io_pb2.IO_POINT_KIND_OUTPUT: "output"}
_CONTACTS = {io_pb2.IO_CONTACT_NORMALLY_OPEN: "open", io_pb2.IO_CONTACT_NORMALLY_CLOSED: "closed"}
pulse_seconds = decimal_number(0, 86400, above=True)
count = whole_number(0, MAX_POINTS)
link_id = whole_number(0, 2**63 - 1)


def pulse_or_manual(text: str) -> float:
    """``manual`` → 0 (on until switched off), else a pulse in (0, 86400] s."""
    return 0.0 if text == "manual" else pulse_seconds(text)


def _enable_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--enable", dest="enabled", action="store_const", const=True)
    group.add_argument("--disable", dest="enabled", action="store_const", const=False)


def add_parsers(commands: SubParsers) -> None:
    io = commands.add_parser("io", help="sensor inputs and relay outputs (I/O devices)")
    actions = io.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="devices, their state and their points")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    modbus = actions.add_parser("add-modbus", help="add a Modbus TCP I/O box")
    modbus.add_argument("--host", required=True, help="host name or IP address")
    modbus.add_argument("--port", type=whole_number(1, 65535), default=502, metavar="P")
    modbus.add_argument("--unit", type=whole_number(0, 255), default=1, metavar="U")
    modbus.add_argument("--inputs", type=count, required=True, metavar="N", help="0-64")
    modbus.add_argument("--outputs", type=count, required=True, metavar="N", help="0-64")
    modbus.add_argument("--input-base", type=whole_number(0, 65535), default=0, metavar="A")
    modbus.add_argument("--output-base", type=whole_number(0, 65535), default=0, metavar="A")
    modbus.add_argument("--name", default="", help="default: modbus HOST:PORT")
    modbus.add_argument("--json", action="store_true", help="machine-readable output")
    onvif = actions.add_parser("add-onvif", help="add the relay outputs of an ONVIF camera")
    onvif.add_argument("camera", metavar="CAMERA", help="camera id or name")
    onvif.add_argument("--name", default="", help="default: camera ID relays")
    onvif.add_argument("--json", action="store_true", help="machine-readable output")
    virtual = actions.add_parser("add-virtual", help="add a virtual device (tests, demos)")
    virtual.add_argument("--inputs", type=count, required=True, metavar="N", help="0-64")
    virtual.add_argument("--outputs", type=count, required=True, metavar="N", help="0-64")
    virtual.add_argument("--name", default="")
    virtual.add_argument("--json", action="store_true", help="machine-readable output")
    device = actions.add_parser("device", help="rename, enable or disable a device")
    device.add_argument("device", metavar="DEVICE", help="device id or name")
    device.add_argument("--name")
    _enable_options(device)
    device.add_argument("--json", action="store_true", help="machine-readable output")
    remove = actions.add_parser("rm", help="remove a device and its points")
    remove.add_argument("device", metavar="DEVICE", help="device id or name")
    point = actions.add_parser("point", help="change an input or output")
    point.add_argument("point", metavar="POINT", help="point id or name")
    point.add_argument("--name")
    point.add_argument("--camera", type=link_id, metavar="ID", help="0: none")
    point.add_argument("--normal", choices=("open", "closed"), help="inputs: NO or NC")
    point.add_argument("--debounce-ms", type=whole_number(0, 60000), metavar="MS")
    point.add_argument(
        "--schedule", type=link_id, metavar="ID", help="arming (inputs) or output schedule; 0: none"
    )
    point.add_argument(
        "--pulse", type=pulse_or_manual, metavar="S|manual", help="outputs: default pulse"
    )
    _enable_options(point)
    point.add_argument("--json", action="store_true", help="machine-readable output")
    switch = actions.add_parser("set", help="switch an output: on, off or pulse [S]")
    switch.add_argument("output", metavar="OUTPUT", help="output id or name")
    switch.add_argument("mode", choices=("on", "off", "pulse"))
    switch.add_argument(
        "seconds",
        nargs="?",
        type=pulse_seconds,
        metavar="S",
        help="pulse length (default: its own)",
    )
    switch.add_argument("--json", action="store_true", help="machine-readable output")
    test = actions.add_parser("test", help="pulse an output for one second")
    test.add_argument("output", metavar="OUTPUT", help="output id or name")
    test.add_argument("--json", action="store_true", help="machine-readable output")
    contact = actions.add_parser("input", help="close or open a virtual device's input")
    contact.add_argument("point", metavar="POINT", help="input id or name")
    contact.add_argument("contact", choices=("closed", "open"))


def usage_error(args: argparse.Namespace) -> str | None:
    """What the parser cannot check alone (``entry._validate`` reports it)."""
    pulse = args.command == "io" and args.action == "set" and args.mode == "pulse"
    if args.command == "io" and args.action == "set" and not pulse and args.seconds is not None:
        return f"io set: only a pulse has a length (got {args.seconds:g} s with {args.mode})"
    return None


def point_json(point: io_pb2.IoPoint) -> dict[str, Any]:
    value: dict[str, Any] = {
        "id": point.id,
        "device_id": point.device_id,
        "kind": _POINT_KINDS.get(point.kind, "?"),
        "number": point.number,
        "name": point.name,
        "camera_id": point.camera_id or None,
        "schedule_id": point.schedule_id or None,
        "enabled": point.enabled,
        "known": point.known,
        "active": point.active if point.known else None,
    }
    if point.kind == io_pb2.IO_POINT_KIND_INPUT:
        value |= {
            "normal": _CONTACTS.get(point.normal, "?"),
            "debounce_ms": point.debounce_ms,
            "armed": point.armed,
            "event_id": point.event_id or None,
        }
    else:
        until = us_from_timestamp(point.until_time) if point.HasField("until_time") else None
        value |= {"pulse_seconds": point.pulse_seconds or None, "until_us": until}
    return value


def device_json(device: io_pb2.IoDevice) -> dict[str, Any]:
    address = getattr(device, _KINDS.get(device.kind, "virtual"))
    return {
        "id": device.id,
        "name": device.name,
        "kind": _KINDS.get(device.kind, "?"),
        "enabled": device.enabled,
        "status": _STATUS.get(device.status, "?"),
        "detail": device.detail,
        "address": {
            f.name: v if isinstance(v, int | float | str) else list(v)
            for f, v in address.ListFields()
        },
        "points": [point_json(p) for p in device.points],
    }


def _write_device(device: io_pb2.IoDevice, out: TextIO) -> None:
    value = device_json(device)
    where = ""
    if value["kind"] == "modbus":
        a = device.modbus
        where = f" {a.host}:{a.port} unit {a.unit_id}"
    elif value["kind"] == "onvif":
        where = f" camera {device.onvif.camera_id}"
    detail = f": {device.detail}" if device.detail else ""
    out.write(
        f"device {device.id} {device.name} ({value['kind']}{where}) {value['status']}{detail}\n"
    )
    rows = []
    for p in value["points"]:
        if p["known"]:
            state = (
                ("active" if p["active"] else "inactive")
                if p["kind"] == "input"
                else ("on" if p["active"] else "off")
            )
        else:
            state = "?"
        if p["kind"] == "input":
            setting = f"N{'O' if p['normal'] == 'open' else 'C'} {p['debounce_ms']} ms"
            if not p["armed"]:
                state += " (disarmed)"
        else:
            pulse = p["pulse_seconds"]
            setting = "manual" if pulse is None else f"pulse {pulse:g} s"
            if p["until_us"]:
                state += f" until {rfc3339_from_us(p['until_us'])}"
        rows.append(
            [str(p["id"]), p["name"], p["kind"], setting, state, "" if p["enabled"] else "disabled"]
        )
    if rows:
        out.write(format_table(["ID", "NAME", "KIND", "SETTING", "STATE", ""], rows) + "\n")


def _show(device: io_pb2.IoDevice, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        write_json(device_json(device), out)
    else:
        _write_device(device, out)


def io_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    devices = client.list_io()
    if args.json:
        write_json({"devices": [device_json(d) for d in devices]}, out)
        return
    if not devices:
        out.write("no I/O devices\n")
    for device in devices:
        _write_device(device, out)


def io_add_modbus(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    device = client.add_modbus_device(
        args.host,
        port=args.port,
        unit_id=args.unit,
        input_count=args.inputs,
        output_count=args.outputs,
        input_base=args.input_base,
        output_base=args.output_base,
        name=args.name,
    )
    _show(device, args, out)


def io_add_virtual(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    device = client.add_virtual_device(
        input_count=args.inputs, output_count=args.outputs, name=args.name
    )
    _show(device, args, out)


def io_add_onvif(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    _show(client.add_onvif_relays(camera.id, name=args.name), args, out)


def io_device(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    device = client.find_device(args.device)
    if args.name is not None or args.enabled is not None:
        device = client.update_device(device.id, name=args.name, enabled=args.enabled)
    _show(device, args, out)


def io_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    device = client.find_device(args.device)
    client.remove_device(device.id)
    out.write(f"removed I/O device {device.id} ({device.name})\n")


def io_point(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    point = client.find_point(args.point)
    changes = {
        "name": args.name,
        "camera_id": args.camera,
        "normal": args.normal,
        "debounce_ms": args.debounce_ms,
        "schedule_id": args.schedule,
        "pulse_seconds": args.pulse,
        "enabled": args.enabled,
    }
    if any(v is not None for v in changes.values()):
        point = client.update_point(point.id, **changes)
    if args.json:
        write_json(point_json(point), out)
    else:
        out.write(f"{point.id} {point.name}: {point_json(point)}\n")


def _write_state(state: io_pb2.IoOutputState, args: argparse.Namespace, out: TextIO) -> None:
    until = us_from_timestamp(state.until_time) if state.HasField("until_time") else None
    if args.json:
        write_json(
            {"point_id": state.point_id, "name": state.name, "on": state.on, "until_us": until},
            out,
        )
        return
    text = f"output {state.name} {'on' if state.on else 'off'}"
    if until is not None:
        text += f" until {rfc3339_from_us(until)}"
    out.write(text + "\n")


def io_set(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    point = client.find_point(args.output)
    state = client.set_output(point.id, args.mode, args.seconds or 0.0)
    _write_state(state, args, out)


def io_test(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    point = client.find_point(args.output)
    _write_state(client.test_output(point.id), args, out)


def io_input(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    point = client.find_point(args.point)
    client.set_virtual_input(point.id, args.contact == "closed")
    out.write(f"input {point.name}: contact {args.contact}\n")


COMMANDS: Commands = {
    ("io", "list"): io_list,
    ("io", "add-modbus"): io_add_modbus,
    ("io", "add-onvif"): io_add_onvif,
    ("io", "add-virtual"): io_add_virtual,
    ("io", "device"): io_device,
    ("io", "rm"): io_rm,
    ("io", "point"): io_point,
    ("io", "set"): io_set,
    ("io", "test"): io_test,
    ("io", "input"): io_input,
}
