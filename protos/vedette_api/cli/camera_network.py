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


def add_default_actions(actions: Any) -> None:
    defaults = actions.add_parser(
        "defaults", help="default credentials quick add tries (per manufacturer)"
    )
    what = defaults.add_subparsers(dest="defaults_action", required=True)
    listing = what.add_parser("list", help="list them, in the order they are tried")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add = what.add_parser("add", help="add one at the end (password: $VEDETTE_NEW_CAM_PASSWORD)")
    add.add_argument("label", help="names the entry, e.g. 'Hikvision factory'")
    add.add_argument("--manufacturer", default="any", help="'any' (default) or a manufacturer")
    add.add_argument("--cam-user", required=True, help="the camera user")
    add.add_argument(
        "--new-password-stdin", action="store_true", help="read the password from standard input"
    )
    remove = what.add_parser("rm", help="remove one by its label")
    remove.add_argument("label")


def cameras_defaults(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    current = client.get_default_credentials()
    if args.defaults_action == "list":
        if args.json:
            write_json(
                [
                    {
                        "label": e.label,
                        "manufacturer": e.manufacturer,
                        "user": e.user,
                        "has_password": e.has_password,
                    }
                    for e in current
                ],
                out,
            )
            return
        for e in current:
            out.write(f"{e.label}: {e.manufacturer}, user {e.user!r}\n")
        if not current:
            out.write("no default credentials\n")
        return
    # Entries sent back without passwords keep their stored ones (by label).
    kept = [
        cameras_pb2.DefaultCredential(label=e.label, manufacturer=e.manufacturer, user=e.user)
        for e in current
    ]
    if args.defaults_action == "rm":
        left = [e for e in kept if e.label.lower() != args.label.strip().lower()]
        if len(left) == len(kept):
            raise InvalidArgument(f"no default credentials labelled {args.label!r}")
        client.set_default_credentials(left)
        out.write(f"removed {args.label}\n")
        return
    password = new_password(args.new_password_stdin, sys.stdin)
    added = cameras_pb2.DefaultCredential(
        label=args.label, manufacturer=args.manufacturer, user=args.cam_user, password=password
    )
    client.set_default_credentials([*kept, added])
    out.write(f"added {args.label} ({args.manufacturer}, user {args.cam_user!r})\n")


COMMANDS[("cameras", "defaults")] = cameras_defaults
