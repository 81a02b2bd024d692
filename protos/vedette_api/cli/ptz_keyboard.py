"""``vedette ptz keyboard show|set``: the RS-485 control keyboard (PTZ-05).

The word ``keyboard`` stands where ``vedette ptz`` takes a camera (a camera named
"keyboard" is reached by its id); ``show`` and ``set`` are actions of the keyboard
only (``entry`` refuses them for a camera before connecting).

- ``show [--json]``: its settings and status (port open or why not, the camera
  selected on it, its last refused command);
- ``set [--port PATH] [--protocol d|p] [--baud B] [--address N] [--priority N]
  [--p-variant standard|d-style] [--sends-only-changes|--repeats-frames]
  [--disable|--enable] [--camera N=CAMERA …] [--unmap N …] [--json]``: changes what
  is given and keeps the rest; the first ``set`` needs ``--port`` and ``--address``.
  ``--camera 5=Gate`` makes keyboard camera number 5 drive the camera "Gate" (a
  number not mapped drives the camera with that id).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from vedette_api.cli.format import message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.values import whole_number
from vedette_api.client import Client
from vedette_api.client.ptz import P_VARIANTS
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import ptz_pb2

#: What stands for the keyboard where a camera is expected.
KEYBOARD = "keyboard"
ACTIONS = ("show", "set")
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_PROTOCOLS = {
    "d": ptz_pb2.PTZ_PROTOCOL_PELCO_D,
    "pelco-d": ptz_pb2.PTZ_PROTOCOL_PELCO_D,
    "p": ptz_pb2.PTZ_PROTOCOL_PELCO_P,
    "pelco-p": ptz_pb2.PTZ_PROTOCOL_PELCO_P,
}
_NAMES = {ptz_pb2.PTZ_PROTOCOL_PELCO_D: "pelco-d", ptz_pb2.PTZ_PROTOCOL_PELCO_P: "pelco-p"}
camera_number = whole_number(1, 256)


def mapping(text: str) -> tuple[int, str]:
    """``N=CAMERA``: keyboard camera number N drives CAMERA (an id or a name)."""
    number, sep, camera = text.partition("=")
    if not sep or not camera.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not NUMBER=CAMERA")
    return camera_number(number.strip()), camera.strip()


def add_actions(actions: SubParsers) -> None:
    """``show`` and ``set`` under ``vedette ptz keyboard``."""
    show = actions.add_parser("show", help="(ptz keyboard show) the control keyboard")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    put = actions.add_parser("set", help="(ptz keyboard set) set the control keyboard")
    put.add_argument("--port", metavar="PATH", help="serial port, e.g. /dev/ttyUSB0")
    put.add_argument("--protocol", choices=sorted(_PROTOCOLS), help="Pelco-D or Pelco-P")
    put.add_argument("--baud", type=int, choices=BAUD_RATES, metavar="B", help="default 9600")
    put.add_argument(
        "--address", type=camera_number, metavar="N",
        help="the server's own address on the keyboard's bus (its DVR keys)",
    )  # fmt: skip
    put.add_argument(
        "--priority", type=whole_number(1, 32_000), metavar="N",
        help="the keyboard's PTZ priority (default 3000, an operator's)",
    )  # fmt: skip
    put.add_argument("--p-variant", choices=sorted(P_VARIANTS))
    frames = put.add_mutually_exclusive_group()
    frames.add_argument(
        "--sends-only-changes", dest="repeats", action="store_false", default=None,
        help="the keyboard sends a frame only when the joystick changes",
    )  # fmt: skip
    frames.add_argument(
        "--repeats-frames", dest="repeats", action="store_true",
        help="it repeats frames while held (the default): silence stops the camera",
    )  # fmt: skip
    state = put.add_mutually_exclusive_group()
    state.add_argument("--disable", dest="enabled", action="store_false", default=None)
    state.add_argument("--enable", dest="enabled", action="store_true")
    put.add_argument(
        "--camera", dest="mapped", type=mapping, action="append", default=[],
        metavar="N=CAMERA", help="keyboard number N drives CAMERA (repeat)",
    )  # fmt: skip
    put.add_argument(
        "--unmap", type=camera_number, action="append", default=[], metavar="N",
        help="number N drives the camera with id N again (repeat)",
    )  # fmt: skip
    put.add_argument("--json", action="store_true", help="machine-readable output")


def usage_error(args: argparse.Namespace) -> str | None:
    """Why the arguments are wrong before anything is sent (None: they are fine)."""
    if args.command != "ptz":
        return None
    if args.action in ACTIONS and args.camera != KEYBOARD:
        return (
            f"ptz {args.action}: only `vedette ptz keyboard {args.action}` (the control keyboard)"
        )
    if args.camera == KEYBOARD and args.action not in ACTIONS:
        return f"ptz keyboard: the actions are {' and '.join(ACTIONS)}"
    return None


def keyboard_show(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    answer = client.get_ptz_keyboard()
    if args.json:
        write_json(message_to_json(answer), out)
        return
    if not answer.configured:
        out.write("no control keyboard (set one with `vedette ptz keyboard set`)\n")
        return
    _describe(client, answer.keyboard, out)
    status = answer.status
    if status.connected:
        out.write("port: open\n")
    elif answer.keyboard.disabled:
        out.write("port: closed (disabled)\n")
    else:
        out.write(f"port: not open: {status.last_error or 'opening'}\n")
    if status.selected_number:
        out.write(
            f"selected: keyboard camera {status.selected_number}"
            f" -> camera {status.selected_camera_id}\n"
        )
    if status.last_refusal:
        out.write(f"last refused: {status.last_refusal}\n")


def _describe(client: Client, keyboard: ptz_pb2.PtzKeyboard, out: TextIO) -> None:
    frames = "sends only changes" if keyboard.sends_only_changes else "repeats frames"
    state = "disabled" if keyboard.disabled else "enabled"
    out.write(
        f"keyboard: {_NAMES.get(keyboard.protocol, '?')} on {keyboard.serial_port} at"
        f" {keyboard.baud_rate} baud, server address {keyboard.address}, priority"
        f" {keyboard.priority}, {frames}, {state}\n"
    )
    names = {int(c.id): c.name for c in client.list_cameras()} if keyboard.cameras else {}
    for entry in keyboard.cameras:
        name = names.get(entry.camera_id, "?")
        out.write(f"  number {entry.number} -> camera {entry.camera_id} ({name})\n")


def keyboard_set(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    current = client.get_ptz_keyboard()
    keyboard = ptz_pb2.PtzKeyboard()
    if current.configured:
        keyboard.CopyFrom(current.keyboard)
    elif args.port is None or args.address is None:
        raise InvalidArgument("the first `ptz keyboard set` needs --port and --address")
    if args.port is not None:
        keyboard.serial_port = args.port
    if args.protocol is not None:
        keyboard.protocol = _PROTOCOLS[args.protocol]
    elif not current.configured:
        keyboard.protocol = ptz_pb2.PTZ_PROTOCOL_PELCO_D
    for field, value in (
        ("baud_rate", args.baud),
        ("address", args.address),
        ("priority", args.priority),
    ):
        if value is not None:
            setattr(keyboard, field, value)
    if args.p_variant is not None:
        keyboard.p_variant = P_VARIANTS[args.p_variant]
    if args.repeats is not None:
        keyboard.sends_only_changes = not args.repeats
    if args.enabled is not None:
        keyboard.disabled = not args.enabled
    cameras = {entry.number: entry.camera_id for entry in keyboard.cameras}
    for number in args.unmap:
        cameras.pop(number, None)
    for number, camera in args.mapped:
        cameras[number] = int(client.find_camera(camera).id)
    del keyboard.cameras[:]
    keyboard.cameras.extend(
        ptz_pb2.PtzKeyboardCamera(number=n, camera_id=c) for n, c in sorted(cameras.items())
    )
    stored = client.set_ptz_keyboard(keyboard)
    if args.json:
        write_json(message_to_json(stored), out)
        return
    _describe(client, stored, out)


COMMANDS: Commands = {
    ("ptz", "show"): keyboard_show,
    ("ptz", "set"): keyboard_set,
}
