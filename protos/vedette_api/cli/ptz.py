"""``vedette ptz CAMERA ACTION``: move a PTZ camera, its presets and cruises, its
serial device.

- ``move --pan X --tilt Y --zoom Z --seconds S``: hold the camera for S seconds
  moving at those speeds (each -1..1), then stop;
- ``centre --x X --y Y [--width W --height H] [--speed S]``: bring the picture's point
  (X, Y), fractions from its top left corner, to the centre; with W × H (fractions of
  the picture) also zoom until that area around the point fills the picture;
- ``stop``; ``status [--json]``: position, moving, holder, running cruise;
- ``preset list|set N [--name NAME]|goto N|rename N NAME|rm N``;
- ``cruise list|put N --step PRESET:DWELL_S:SPEED …|start N|stop``;
- ``device [--protocol pelco-d|pelco-p --port PATH --address A [--baud B]
  [--p-variant standard|d-style] [--reserved N …]] [--json]``: show or set the
  camera's serial dome;
- ``reserve [--minutes N]`` (default 60, up to 1440) and ``release``: an
  administrator's reservation of the camera;
- ``vedette ptz keyboard show|set …``: the control keyboard (``ptz_keyboard``).

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli import ptz_keyboard
from vedette_api.cli.format import format_table, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.values import decimal_number, whole_number
from vedette_api.client import Client
from vedette_api.client.ptz import P_VARIANTS, PROTOCOLS
from vedette_api.errors import FailedPrecondition
from vedette_api.v1 import ptz_pb2

preset_number = whole_number(1, 255)
cruise_number = whole_number(1, 8)
axis_speed = decimal_number(-1.0, 1.0)
move_seconds = decimal_number(0.0, 3600.0, above=True)
_dwell = decimal_number(0.0, 3600.0, above=True)
_speed = decimal_number(0.0, 1.0, above=True)
_fraction = decimal_number(0.0, 1.0)
reserve_minutes = decimal_number(0.0, 1440.0, above=True)
#: How long a control stream may take beyond its moves (a slow server or line).
STREAM_MARGIN_S = 60.0


def cruise_step(text: str) -> tuple[int, float, float]:
    """``PRESET:DWELL_S[:SPEED]`` (speed 1 when left out)."""
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError(f"{text!r} is not PRESET:DWELL_S[:SPEED]")
    preset = preset_number(parts[0])
    dwell_s = _dwell(parts[1])
    speed = _speed(parts[2]) if len(parts) == 3 else 1.0
    return preset, dwell_s, speed


def add_parsers(commands: SubParsers) -> None:
    ptz = commands.add_parser("ptz", help="move a PTZ camera; presets, cruises, its device")
    ptz.add_argument(
        "camera", metavar="CAMERA", help="camera id or name; `keyboard` for the control keyboard"
    )
    actions = ptz.add_subparsers(dest="action", metavar="ACTION", required=True)
    move = actions.add_parser("move", help="move for some seconds, then stop")
    for axis in ("pan", "tilt", "zoom", "focus", "iris"):
        move.add_argument(f"--{axis}", type=axis_speed, default=0.0, metavar="V", help="-1..1")
    move.add_argument("--seconds", type=move_seconds, required=True, metavar="S")
    centre = actions.add_parser(
        "centre", help="centre on a point of the picture; with a size, zoom to that area"
    )
    for name, text in (("x", "0 left … 1 right"), ("y", "0 top … 1 bottom")):
        centre.add_argument(f"--{name}", type=_fraction, required=True, metavar="F", help=text)
    for name in ("width", "height"):
        centre.add_argument(
            f"--{name}", type=_speed, default=0.0, metavar="F",
            help=f"the area's {name}, a fraction of the picture's (0..1]",
        )  # fmt: skip
    centre.add_argument("--speed", type=_speed, default=1.0, metavar="S", help="0..1")
    actions.add_parser("stop", help="stop the camera")
    status = actions.add_parser("status", help="position, motion, holder, cruise")
    status.add_argument("--json", action="store_true", help="machine-readable output")

    preset = actions.add_parser("preset", help="list, set, call, rename, delete presets")
    ops = preset.add_subparsers(dest="preset_action", metavar="OP", required=True)
    ops.add_parser("list", help="the presets").add_argument("--json", action="store_true")
    save = ops.add_parser("set", help="save the current position as preset N")
    save.add_argument("number", type=preset_number, metavar="N")
    save.add_argument("--name", default="", help="its name (default: Preset N)")
    goto = ops.add_parser("goto", help="go to preset N")
    goto.add_argument("number", type=preset_number, metavar="N")
    goto.add_argument("--speed", type=_speed, default=1.0, metavar="S", help="0..1")
    rename = ops.add_parser("rename", help="rename preset N")
    rename.add_argument("number", type=preset_number, metavar="N")
    rename.add_argument("name", metavar="NAME")
    ops.add_parser("rm", help="delete preset N").add_argument(
        "number", type=preset_number, metavar="N"
    )

    cruise = actions.add_parser("cruise", help="list, put, start, stop cruises")
    cops = cruise.add_subparsers(dest="cruise_action", metavar="OP", required=True)
    cops.add_parser("list", help="the cruises").add_argument("--json", action="store_true")
    put = cops.add_parser("put", help="create or replace cruise N")
    put.add_argument("number", type=cruise_number, metavar="N")
    put.add_argument(
        "--step", dest="steps", type=cruise_step, action="append", required=True,
        metavar="PRESET:DWELL_S:SPEED", help="one step (repeat, in order)",
    )  # fmt: skip
    put.add_argument("--name", default="", help="its name (default: Cruise N)")
    cops.add_parser("start", help="start cruise N").add_argument(
        "number", type=cruise_number, metavar="N"
    )
    cops.add_parser("stop", help="stop the running cruise")
    cops.add_parser("rm", help="delete cruise N").add_argument(
        "number", type=cruise_number, metavar="N"
    )

    device = actions.add_parser("device", help="show or set the camera's serial PTZ dome")
    device.add_argument("--protocol", choices=sorted(PROTOCOLS))
    device.add_argument("--port", metavar="PATH", help="serial port, e.g. /dev/ttyUSB0")
    device.add_argument("--address", type=whole_number(1, 256), metavar="A")
    device.add_argument("--baud", type=whole_number(1200, 115_200), default=0, metavar="B")
    device.add_argument("--p-variant", choices=sorted(P_VARIANTS), default="standard")
    device.add_argument(
        "--reserved", type=preset_number, nargs="*", default=[], metavar="N",
        help="the dome's function presets, never saved over",
    )  # fmt: skip
    device.add_argument("--json", action="store_true", help="machine-readable output")

    reserve = actions.add_parser("reserve", help="reserve the camera (administrators)")
    reserve.add_argument(
        "--minutes", type=reserve_minutes, default=None, metavar="N",
        help="how long, up to 1440 (default: 60)",
    )  # fmt: skip
    actions.add_parser("release", help="end the camera's reservation (administrators)")
    ptz_keyboard.add_actions(actions)


def ptz_move(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    with client.ptz_control(camera.id, timeout_s=args.seconds + STREAM_MARGIN_S) as control:
        _granted(control.next_event(), camera.name)
        control.move(args.pan, args.tilt, args.zoom, args.focus, args.iris)
        control.hold(args.seconds)
        control.stop()
        for event in control.finish():
            _tell(event, err)
    out.write(f"{camera.name}: moved for {args.seconds:g} s, stopped\n")


def ptz_centre(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    factor = client.point_at(camera.id, args.x, args.y, args.width, args.height, args.speed)
    zoomed = f", zooming {factor:.2f}x" if factor != 1.0 else ""
    out.write(f"{camera.name}: centring on ({args.x:g}, {args.y:g}){zoomed}\n")


def ptz_stop(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    with client.ptz_control(camera.id, timeout_s=STREAM_MARGIN_S) as control:
        _granted(control.next_event(), camera.name)
        control.stop()
        for event in control.finish():
            _tell(event, err)
    out.write(f"{camera.name}: stopped\n")


def _granted(event: ptz_pb2.ControlResponse | None, name: str) -> None:
    kind = None if event is None else event.WhichOneof("event")
    if event is not None and kind == "denied":
        denied = event.denied
        left = (
            f" for {denied.remaining.ToNanoseconds() / 1e9:.0f} s more"
            if denied.HasField("remaining")
            else " until released"
        )
        raise FailedPrecondition(
            f"camera {name!r} is held by {denied.holder} (priority {denied.priority}){left}"
        )
    if kind != "granted":
        raise FailedPrecondition(f"camera {name!r}: the server did not grant control")


def _tell(event: ptz_pb2.ControlResponse, err: TextIO) -> None:
    kind = event.WhichOneof("event")
    if kind == "taken_over":
        err.write(f"taken over by {event.taken_over.by}\n")
    elif kind == "cruise_stopped":
        err.write(f"stopped cruise {event.cruise_stopped.cruise_number}\n")


def ptz_status(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    state = client.ptz_state(camera.id)
    position: dict[str, Any] | None = None
    if state.HasField("position"):
        position = {"pan_deg": state.position.pan_degrees, "tilt_deg": state.position.tilt_degrees}
        if state.position.HasField("zoom_fraction"):
            position["zoom"] = state.position.zoom_fraction
    result = {
        "camera_id": camera.id,
        "position": position,
        "moving": state.moving if state.HasField("moving") else None,
        "holder": state.holder or None,
        "holder_priority": state.holder_priority or None,
        "holder_kind": _session_kind(state.holder_kind),
        "holder_remaining_s": (
            state.holder_remaining.ToNanoseconds() / 1e9
            if state.HasField("holder_remaining")
            else None
        ),
        "cruise": state.cruise_number or None,
        "max_presets": state.max_presets,
    }
    if args.json:
        write_json(result, out)
        return
    for key, value in result.items():
        out.write(f"{key}: {'-' if value is None else value}\n")


def _session_kind(kind: int) -> str | None:
    if kind == ptz_pb2.PTZ_SESSION_KIND_UNSPECIFIED:
        return None
    return ptz_pb2.PtzSessionKind.Name(kind).removeprefix("PTZ_SESSION_KIND_").lower()


def ptz_preset(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    op = args.preset_action
    if op == "list":
        presets = client.list_presets(camera.id)
        if args.json:
            write_json([message_to_json(p) for p in presets], out)
        else:
            out.write(format_table(("N", "NAME"), ((str(p.number), p.name) for p in presets)))
            out.write("\n")
    elif op == "set":
        preset = client.set_preset(camera.id, args.number, args.name)
        out.write(f"{camera.name}: preset {preset.number} ({preset.name}) saved\n")
    elif op == "goto":
        client.goto_preset(camera.id, args.number, args.speed)
        out.write(f"{camera.name}: going to preset {args.number}\n")
    elif op == "rename":
        preset = client.rename_preset(camera.id, args.number, args.name)
        out.write(f"{camera.name}: preset {preset.number} is now {preset.name}\n")
    else:
        client.delete_preset(camera.id, args.number)
        out.write(f"{camera.name}: preset {args.number} deleted\n")


def ptz_cruise(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    op = args.cruise_action
    if op == "list":
        listing = client.list_cruises(camera.id)
        if args.json:
            write_json(message_to_json(listing), out)
            return
        rows = [
            (
                str(c.number),
                c.name,
                " ".join(
                    f"{s.preset}:{s.dwell.ToNanoseconds() / 1e9:g}:{s.speed:g}" for s in c.steps
                ),
                "running" if c.number == listing.running_cruise_number else "",
            )
            for c in listing.cruises
        ]
        out.write(format_table(("N", "NAME", "STEPS", ""), rows) + "\n")
    elif op == "put":
        cruise = client.put_cruise(camera.id, args.number, args.steps, args.name)
        out.write(f"{camera.name}: cruise {cruise.number} ({cruise.name}) saved\n")
    elif op == "start":
        client.start_cruise(camera.id, args.number)
        out.write(f"{camera.name}: cruise {args.number} started\n")
    elif op == "stop":
        stopped = client.stop_cruise(camera.id)
        what = f"cruise {stopped} stopped" if stopped else "no cruise was running"
        out.write(f"{camera.name}: {what}\n")
    else:
        client.delete_cruise(camera.id, args.number)
        out.write(f"{camera.name}: cruise {args.number} deleted\n")


def ptz_device(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    if args.protocol is not None:  # with --port and --address (checked by the parser)
        device = client.set_ptz_device(
            camera.id,
            protocol=args.protocol,
            serial_port=args.port,
            address=args.address,
            baud_rate=args.baud,
            p_variant=args.p_variant,
            reserved_presets=args.reserved,
        )
    else:
        device = client.get_ptz_device(camera.id)
    if args.json:
        write_json(message_to_json(device), out)
        return
    protocol = next(k for k, v in PROTOCOLS.items() if v == device.protocol)
    out.write(
        f"{camera.name}: {protocol} address {device.address} on {device.serial_port}"
        f" at {device.baud_rate} baud\n"
    )


def ptz_reserve(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    seconds = None if args.minutes is None else args.minutes * 60.0
    reserved = client.reserve_ptz(camera.id, seconds)
    minutes = reserved.remaining.ToNanoseconds() / 60e9
    out.write(f"{camera.name}: reserved by {reserved.holder} for {minutes:g} min\n")


def ptz_release(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    holder = client.release_ptz(camera.id)
    what = f"reservation by {holder} released" if holder else "was not reserved"
    out.write(f"{camera.name}: {what}\n")


COMMANDS: Commands = {
    ("ptz", "move"): ptz_move,
    ("ptz", "centre"): ptz_centre,
    ("ptz", "stop"): ptz_stop,
    ("ptz", "status"): ptz_status,
    ("ptz", "preset"): ptz_preset,
    ("ptz", "cruise"): ptz_cruise,
    ("ptz", "device"): ptz_device,
    ("ptz", "reserve"): ptz_reserve,
    ("ptz", "release"): ptz_release,
    **ptz_keyboard.COMMANDS,
}
