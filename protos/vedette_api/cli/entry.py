"""The ``vedette`` command line: parse the arguments, connect, run one command.

``vedette [--server HOST:PORT] [--user NAME] [--insecure] [--trust-new-certificate]
COMMAND``; the commands themselves live in ``vedette_api.cli.cameras``.

Invariants:
- Everything the user typed is validated here, before any connection: a usage error
  (a value out of range included: ``--expiry-days 1000000000000``, ``--from
  0001-01-01`` east of UTC) exits with status 2 and one line naming the option,
  never a traceback; relative times (``-10m``) are resolved against one "now" read
  at start-up, and every time option (``--from``, ``--to``, ``--at``, ``--expire``)
  is parsed here into ``<dest>_us``.
- The user's password never comes from a flag: ``$VEDETTE_PASSWORD`` or a prompt.
  A camera's password may (``--cam-password``, visible in ``ps``), or come from
  ``$VEDETTE_CAM_PASSWORD`` or a prompt (``vedette_api.cli.camera_password``).
- A ``VedetteError`` (server or client side) prints ``vedette: error: <message>`` on
  stderr and exits with status 1; nothing else is printed for it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from vedette_api.cli.admin import add_admin_commands
from vedette_api.cli.camera_password import CAM_PASSWORD_VARIABLE, read_camera_password
from vedette_api.cli.export import add_export_commands
from vedette_api.cli.images import add_image_commands
from vedette_api.cli.live import add_live_commands
from vedette_api.cli.play import add_play_command
from vedette_api.cli.search import add_search_commands
from vedette_api.cli.timeparse import TimeParseError, parse_time
from vedette_api.cli.values import INT32_MAX, expiry_days, record_id, whole_number
from vedette_api.client import Client, ClientCertificate
from vedette_api.client.address import DEFAULT_PORT, is_loopback, parse_address
from vedette_api.client.known_signers import KnownSigningKeys, default_known_signing_keys_path
from vedette_api.errors import InsecureConnectionRefused, InvalidArgument, VedetteError

DEFAULT_SERVER = f"127.0.0.1:{DEFAULT_PORT}"
DEFAULT_USER = "admin"
EXPORT_FORMATS = ("mp4", "mkv", "avi")
TIME_OPTIONS = ("--from", "--to", "--at", "--expire")
#: Where each time option is stored (its ``dest``); ``_validate`` adds ``<dest>_us``.
TIME_DESTS = {"time_from": "--from", "time_to": "--to", "time_at": "--at", "expire": "--expire"}
EXIT_ERROR = 1
EXIT_USAGE = 2
disk_group = whole_number(1, INT32_MAX)


def _add_range_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("camera", metavar="CAMERA", help="camera id or name (case-insensitive)")
    time_help = "ISO 8601 (local time unless a zone is given), 'now', or -10m, -2h, -1d, +5m"
    parser.add_argument("--from", dest="time_from", metavar="T", required=True, help=time_help)
    parser.add_argument("--to", dest="time_to", metavar="T", required=True, help=time_help)
    parser.add_argument("--stream", choices=("main", "sub"), default="main")


def _add_camera_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cameras = commands.add_parser("cameras", help="list, add and remove cameras")
    actions = cameras.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a camera (recording starts at once)")
    add.add_argument("--name", required=True, help="unique camera name")
    add.add_argument("--main", dest="main_url", metavar="URL", required=True, help="main stream")
    add.add_argument("--sub", dest="sub_url", metavar="URL", default="", help="sub stream")
    add.add_argument("--cam-user", metavar="U", default="", help="the camera's RTSP user")
    add.add_argument(
        "--cam-password",
        metavar="P",
        default=None,
        help=f"the camera's password. P shows in 'ps': prefer ${CAM_PASSWORD_VARIABLE},"
        " '-' (asked on a terminal, else the first line of stdin), or nothing (asked on"
        " a terminal when --cam-user is given; none without a terminal)",
    )
    add.add_argument("--disk-group", type=disk_group, default=1, metavar="G")
    add.add_argument(
        "--expiry-days",
        type=expiry_days,
        default=0,
        metavar="D",
        help="0 = no expiry; at most 36500",
    )
    add.add_argument("--no-audio", action="store_true", help="do not record the camera's audio")
    listing = actions.add_parser("list", help="list the cameras")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    remove = actions.add_parser(
        "rm", help="remove a camera and delete its recordings (disable it to keep them)"
    )
    remove.add_argument("camera", metavar="CAMERA", help="camera id or name")


def _add_volume_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    volumes = commands.add_parser("volumes", help="list, add and initialise volumes")
    actions = volumes.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the volumes")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add = actions.add_parser("add", help="register a directory on the server as a volume")
    add.add_argument("path", metavar="PATH", help="absolute path on the server")
    add.add_argument("--disk-group", type=disk_group, default=1, metavar="G")
    init = actions.add_parser("init", help="initialise a volume so that it is recorded on")
    init.add_argument("volume_id", metavar="ID", type=record_id, help="volume id")
    init.add_argument("--force", action="store_true", help="take over a volume of another server")


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    """The argument parser; defaults for --server and --user come from ``environ``."""
    parser = argparse.ArgumentParser(
        prog="vedette",
        description="Command line client of a Vedette recording server.",
        epilog="The password is read from $VEDETTE_PASSWORD, or asked for.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--server",
        metavar="HOST:PORT",
        default=environ.get("VEDETTE_SERVER") or DEFAULT_SERVER,
        help=f"server address (default: $VEDETTE_SERVER or {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--user",
        default=environ.get("VEDETTE_USER") or DEFAULT_USER,
        help=f"user name (default: $VEDETTE_USER or {DEFAULT_USER})",
    )
    parser.add_argument(
        "--insecure", action="store_true", help="plaintext, no TLS (loopback addresses only)"
    )
    parser.add_argument(
        "--trust-new-certificate",
        action="store_true",
        help="accept and pin a server certificate that differs from the pinned one",
    )
    parser.add_argument(
        "--client-cert",
        type=Path,
        metavar="CRT",
        help="client certificate for servers that require mutual TLS (with --client-key)",
    )
    parser.add_argument("--client-key", type=Path, metavar="KEY", help="its private key")
    parser.epilog = (
        "The password is read from $VEDETTE_PASSWORD, or asked for; a camera's password"
        f" (cameras add) from --cam-password, ${CAM_PASSWORD_VARIABLE}, or asked for."
        " `vedette verify PATH` needs no server. Exit status: 0 done, 1 error, 2 usage"
        " error (nothing was sent), 3 (verify) intact but signed by a key not proven"
        " to be the server's, 130 interrupted."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_camera_commands(commands)
    _add_volume_commands(commands)
    # No abbreviations: `--fro -1h` must not slip past join_time_values as `--from`.
    timeline = commands.add_parser(
        "timeline", help="what a camera recorded between two times", allow_abbrev=False
    )
    _add_range_options(timeline)
    timeline.add_argument("--json", action="store_true", help="machine-readable output")
    export = commands.add_parser(
        "export",
        help="export a recording: stream one file (--out), or run an export task that"
        " writes on the server (--root) or is downloaded (--download)",
        allow_abbrev=False,
    )
    _add_range_options(export)
    export.add_argument(
        "--format",
        choices=(*EXPORT_FORMATS, "native"),
        help="container (default: from --out's extension; native: tasks only)",
    )
    where = export.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--out", type=Path, metavar="FILE", help="stream to this file (signed: FILE.vsig)"
    )
    where.add_argument(
        "--download", type=Path, metavar="DIR", help="run a task, download its signed files here"
    )
    where.add_argument(
        "--root", metavar="NAME[/SUBDIR]", help="run a task writing into a server export root"
    )
    export.add_argument("--wait", action="store_true", help="with --root: wait, showing progress")
    status = commands.add_parser("status", help="cameras' recording status and volumes")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    add_admin_commands(commands)
    add_search_commands(commands)
    add_export_commands(commands)
    add_image_commands(commands)
    add_live_commands(commands)
    add_play_command(commands)
    return parser


def _validate(parser: argparse.ArgumentParser, args: argparse.Namespace, now_us: int) -> None:
    if (args.client_cert is None) != (args.client_key is None):
        parser.error("--client-cert and --client-key go together")
    if not args.server.startswith("unix:"):
        try:
            host, _ = parse_address(args.server)
        except VedetteError as exc:
            parser.error(f"--server: {exc.message}")
        if args.insecure and not is_loopback(host):
            parser.error(InsecureConnectionRefused(args.server).message)
    is_camera_add = args.command == "cameras" and args.action == "add"
    if is_camera_add and args.cam_password is not None and not args.cam_user:
        parser.error("--cam-password needs --cam-user")
    for dest, option in TIME_DESTS.items():
        text = getattr(args, dest, None)
        try:
            setattr(args, f"{dest}_us", None if text is None else parse_time(text, now_us=now_us))
        except TimeParseError as exc:
            parser.error(f"{option}: {exc}")
    if args.command in ("timeline", "export"):
        args.start_us, args.end_us = args.time_from_us, args.time_to_us
        if args.end_us <= args.start_us:
            parser.error(f"--to ({args.time_to}) must be after --from ({args.time_from})")
    _validate_values(parser, args)
    if args.command == "export" and args.out is not None and args.format == "native":
        parser.error("--format native makes a folder: use --download DIR or --root NAME")
    if args.command == "export" and args.format is None:
        if args.out is None:
            parser.error("--format is needed with --download and --root")
        suffix = args.out.suffix.lower().lstrip(".")
        if suffix not in EXPORT_FORMATS:
            parser.error(
                f"--format is needed: the extension of --out {str(args.out)!r} "
                f"is not one of {', '.join(EXPORT_FORMATS)}"
            )
        args.format = suffix


def _validate_values(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Values read by the commands' own parsers (rights, settings): refused here too."""
    try:
        if args.command == "groups" and args.action in ("add", "set"):
            from vedette_api.cli.accounts import rights_from_args

            rights_from_args(args, "local")
            rights_from_args(args, "remote")
        if args.command == "settings" and args.action == "set":
            from vedette_api.cli.system import assign_setting
            from vedette_api.v1 import system_pb2

            for assignment in args.assignments:
                assign_setting(system_pb2.Settings(), assignment)
    except InvalidArgument as exc:
        parser.error(exc.message)


def join_time_values(argv: Sequence[str]) -> list[str]:
    """Glue ``--from -10m`` into ``--from=-10m``.

    argparse would read a value starting with ``-`` as an option; relative times
    (``-10m``) do, so they are attached to their option before parsing.
    """
    result: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return result + args[i:]
        if arg in TIME_OPTIONS and i + 1 < len(args) and args[i + 1].startswith("-"):
            result.append(f"{arg}={args[i + 1]}")
            i += 2
            continue
        result.append(arg)
        i += 1
    return result


def parse_command_line(
    argv: Sequence[str], environ: Mapping[str, str], *, now_us: int
) -> argparse.Namespace:
    """Parse and validate ``argv``; exits with status 2 and a message on a usage error.

    Adds ``start_us``/``end_us`` for commands with --from/--to, and fills in
    ``format`` for ``export`` from the extension of --out when it was not given.
    """
    parser = build_parser(environ)
    args = parser.parse_args(join_time_values(argv))
    _validate(parser, args, now_us)
    return args


def read_password(environ: Mapping[str, str], *, user: str, server: str) -> str:
    """$VEDETTE_PASSWORD, else a prompt on the terminal (blocks for the user)."""
    password = environ.get("VEDETTE_PASSWORD")
    if password:
        return password
    return getpass.getpass(f"Password for {user} on {server}: ")


def remember_signing_key(client: Client) -> None:
    """Learn the export-signing key of the server just logged in to, for ``vedette
    verify`` (``vedette_api.client.known_signers``). Best effort: one more RPC, and a
    failure (an older server, an unwritable config directory) changes nothing else."""
    try:
        info = client.get_server_info()
        if info.server_id and info.signing_key_fingerprint:
            store = KnownSigningKeys(default_known_signing_keys_path())
            store.remember(info.server_id, info.signing_key_fingerprint, client.server)
    except (VedetteError, OSError, ValueError):
        pass


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run ``vedette``; returns the exit status (0, 1 on errors, 2 on usage errors,
    3 when ``verify`` finds an export intact but signed by an unproven key)."""
    from vedette_api.cli.cameras import run_command  # keeps `--help` fast

    environ = os.environ if environ is None else environ
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    now_us = time.time_ns() // 1000
    try:
        args = parse_command_line(sys.argv[1:] if argv is None else argv, environ, now_us=now_us)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "verify":
        from vedette_api.cli.export import verify_command

        return verify_command(args, out, err)
    try:
        if args.command == "cameras" and args.action == "add":
            args.cam_password = read_camera_password(
                args.cam_user, args.cam_password, environ, stdin=stdin or sys.stdin
            )
        password = read_password(environ, user=args.user, server=args.server)
        certificate = None
        if args.client_cert is not None:
            certificate = ClientCertificate.from_files(args.client_key, args.client_cert)
        with Client.connect(
            args.server,
            username=args.user,
            password=password,
            insecure=args.insecure,
            trust_new=args.trust_new_certificate,
            client_certificate=certificate,
        ) as client:
            remember_signing_key(client)
            return run_command(client, args, now_us=now_us, out=out, err=err)
    except VedetteError as exc:
        print(f"vedette: error: {exc.message}", file=err)
        return EXIT_ERROR
    except OSError as exc:
        print(f"vedette: error: {exc}", file=err)
        return EXIT_ERROR
    except (KeyboardInterrupt, EOFError):
        print("vedette: interrupted", file=err)
        return 130


if __name__ == "__main__":
    sys.exit(main())
