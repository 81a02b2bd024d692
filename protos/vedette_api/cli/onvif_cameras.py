"""``vedette cameras discover|test`` and ``vedette cameras add --onvif``: ONVIF cameras
found by WS-Discovery, tested and added from their device service.

``add_actions`` adds the parsers to ``vedette cameras``; ``COMMANDS`` maps them to the
functions, which run on a connected ``Client`` and block on the server. The camera's
password is read before connecting (``vedette_api.cli.camera_password``), never here,
and never printed: stream URLs come from the server without credentials.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.format import format_table, message_to_json
from vedette_api.cli.io import Commands, write_json
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument
from vedette_api.v1 import cameras_pb2, media_pb2

DEFAULT_ONVIF_PORT = 80


def onvif_address(text: str) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or ``[IPv6]:PORT`` → (host, port); port 80 by default."""
    value = text.strip()
    port_text = ""
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif value.count(":") == 1:
        host, _, port_text = value.partition(":")
    else:
        host = value
    if not host:
        raise argparse.ArgumentTypeError(f"{text!r}: give HOST or HOST:PORT")
    if not port_text:
        return host, DEFAULT_ONVIF_PORT
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65_535:
        raise argparse.ArgumentTypeError(f"{text!r}: the port must be 1..65535")
    return host, int(port_text)


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 30:
        raise argparse.ArgumentTypeError(f"{text}: give 0 < S <= 30 seconds")
    return value


def add_actions(actions: Any) -> None:
    """``discover`` and ``test`` under ``vedette cameras`` (``add --onvif`` is in
    ``cameras.py``)."""
    discover = actions.add_parser("discover", help="find ONVIF cameras (WS-Discovery)")
    discover.add_argument(
        "--targets",
        nargs="+",
        default=[],
        metavar="ADDRESSES",
        help="probe these by unicast: A.B.C.D or A.B.C.D-E.F.G.H, optionally :PORT"
        " (e.g. 127.0.1.11-127.0.1.42)",
    )
    discover.add_argument(
        "--multicast",
        action="store_true",
        help="also probe the multicast group 239.255.255.250:3702 on the server's network",
    )
    discover.add_argument(
        "--timeout", type=_positive_seconds, default=3.0, metavar="S", help="seconds (default 3)"
    )
    discover.add_argument("--json", action="store_true", help="machine-readable output")
    test = actions.add_parser("test", help="read an ONVIF camera without adding it")
    test.add_argument(
        "--onvif",
        type=onvif_address,
        required=True,
        metavar="HOST[:PORT]",
        help="the camera's ONVIF device service (port 80 by default)",
    )
    test.add_argument("--cam-user", metavar="U", default="", help="the camera's user")
    test.add_argument(
        "--cam-password",
        metavar="P",
        default=None,
        help="the camera's password (as for 'cameras add': prefer $VEDETTE_CAM_PASSWORD)",
    )
    test.add_argument("--json", action="store_true", help="machine-readable output")


def cameras_discover(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    if not args.targets and not args.multicast:
        raise InvalidArgument("give --targets ADDRESSES, or --multicast")
    found = client.discover_cameras(args.targets, timeout_s=args.timeout, multicast=args.multicast)
    cameras = sorted(found, key=lambda c: (c.address, c.port))
    if args.json:
        write_json([message_to_json(camera) for camera in cameras], out)
        return
    if not cameras:
        out.write("no ONVIF camera answered\n")
        return
    rows = [
        [
            f"{c.address}:{c.port}",
            c.name,
            c.hardware,
            f"yes (camera {c.camera_id})" if c.already_added else "no",
        ]
        for c in cameras
    ]
    out.write(format_table(["ADDRESS", "NAME", "HARDWARE", "ADDED"], rows) + "\n")


def _profile_line(profile: cameras_pb2.OnvifProfile) -> str:
    codec = media_pb2.Codec.Name(profile.codec).removeprefix("CODEC_")
    return (
        f"{profile.stream_url} ({codec} {profile.width}x{profile.height},"
        f" {profile.fps} fps, {profile.bitrate_kbps} kbit/s)"
    )


def _capability_words(capabilities: cameras_pb2.CameraCapabilities) -> str:
    names = ("ptz", "imaging", "events", "media2", "audio", "device_io")
    words = [name for name in names if getattr(capabilities, name)]
    return " ".join(words) or "none"


def cameras_test(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    host, port = args.onvif
    result = client.test_camera(
        host, port, camera_user=args.cam_user, camera_password=args.cam_password
    )
    if args.json:
        write_json(message_to_json(result), out)
    if result.error != cameras_pb2.ONVIF_ERROR_UNSPECIFIED:
        raise FailedPrecondition(result.error_message)
    if args.json:
        return
    lines = [
        f"camera {host}:{port}: {result.manufacturer} {result.model}, firmware"
        f" {result.firmware_version}, serial {result.serial_number}",
    ]
    if result.HasField("clock_offset"):
        offset_s = result.clock_offset.seconds + result.clock_offset.nanos / 1e9
        lines.append(f"clock: {offset_s:+.1f} s from the server's")
    for profile in result.profiles:
        lines.append(f"profile {profile.token}: {_profile_line(profile)}")
    lines.append(f"main stream: {result.main_url or 'none'}")
    lines.append(f"sub stream: {result.sub_url or 'none'}")
    lines.append(f"capabilities: {_capability_words(result.capabilities)}")
    out.write("\n".join(lines) + "\n")


def cameras_add_onvif(client: Client, args: argparse.Namespace) -> cameras_pb2.Camera:
    """The ``cameras add --onvif`` half of ``cameras add``; returns the camera."""
    host, port = args.onvif
    camera = client.add_onvif_camera(
        args.name,
        host,
        port,
        camera_user=args.cam_user,
        camera_password=args.cam_password,
        disk_group=args.disk_group,
        expiry_days=args.expiry_days,
        record_audio=not args.no_audio,
    )
    return camera


COMMANDS: Commands = {
    ("cameras", "discover"): cameras_discover,
    ("cameras", "test"): cameras_test,
}
