"""``vedette cameras network CAMERA… --address A [--prefix N] [--gateway G] [--json]``
moves ONVIF cameras to new IPv4 settings (several cameras: sequential addresses from
A, in the order given); ``vedette cameras password CAMERA… [--new-password-stdin]``
changes their ONVIF password. Each camera's outcome is printed; the command fails
when one camera was not changed.

The new password never comes from the command line (``ps`` shows it to every user):
``$VEDETTE_NEW_CAM_PASSWORD``, else asked twice on the terminal, or, with
``--new-password-stdin``, the first line of standard input.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from vedette_api.cli.io import Commands, read_secret, write_json
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument, VedetteError
from vedette_api.v1 import cameras_pb2

NEW_PASSWORD_VARIABLE = "VEDETTE_NEW_CAM_PASSWORD"


def add_actions(actions: Any) -> None:
    network = actions.add_parser(
        "network", help="move ONVIF cameras to a new IPv4 address (several: sequential)"
    )
    network.add_argument("cameras", nargs="+", metavar="CAMERA", help="camera ids or names")
    network.add_argument(
        "--address", required=True, help="the (first) camera's new address, e.g. 192.168.1.100"
    )
    network.add_argument("--prefix", type=int, default=24, help="prefix length (default 24)")
    network.add_argument("--gateway", default="", help="default gateway (default: unchanged)")
    network.add_argument("--json", action="store_true", help="machine-readable output")
    password = actions.add_parser("password", help="change the ONVIF password of cameras")
    password.add_argument("cameras", nargs="+", metavar="CAMERA", help="camera ids or names")
    password.add_argument(
        "--new-password-stdin",
        action="store_true",
        help="read the new password from the first line of standard input",
    )
    password.add_argument("--json", action="store_true", help="machine-readable output")


def new_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        line = stdin.readline()
        if not line.strip("\r\n"):
            raise InvalidArgument("--new-password-stdin: standard input has no password")
        return line.rstrip("\r\n")
    return read_secret(NEW_PASSWORD_VARIABLE, "New camera password: ", confirm=True)


def _report(
    results: list[cameras_pb2.CameraChangeResult],
    names: dict[int, str],
    json_output: bool,
    out: TextIO,
) -> None:
    if json_output:
        write_json(
            {
                "results": [
                    {
                        "camera_id": r.camera_id,
                        "camera": names.get(r.camera_id, ""),
                        "address": r.address,
                        "error_code": r.error_code,
                        "error": r.error,
                    }
                    for r in results
                ]
            },
            out,
        )
    else:
        for r in results:
            where = f" -> {r.address}" if r.address else ""
            outcome = r.error if r.error_code else "done"
            out.write(
                f"camera {names.get(r.camera_id, '?')} (id {r.camera_id}){where}: {outcome}\n"
            )
    failed = [r for r in results if r.error_code]
    if failed:
        raise VedetteError(f"{len(failed)} of {len(results)} cameras were not changed")


def cameras_network(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    cameras = [client.find_camera(ref) for ref in args.cameras]
    names = {c.id: c.name for c in cameras}
    response = client.set_camera_network(
        [c.id for c in cameras], args.address, prefix_length=args.prefix, gateway=args.gateway
    )
    _report(list(response.results), names, args.json, out)


def cameras_password(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    cameras = [client.find_camera(ref) for ref in args.cameras]
    password = new_password(args.new_password_stdin, sys.stdin)
    response = client.set_camera_password([c.id for c in cameras], password)
    _report(list(response.results), {c.id: c.name for c in cameras}, args.json, out)


COMMANDS: Commands = {
    ("cameras", "network"): cameras_network,
    ("cameras", "password"): cameras_password,
}
