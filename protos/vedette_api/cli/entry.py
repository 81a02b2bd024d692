"""The ``vedette`` command line: parse the arguments, connect, run one command.

``vedette [--server HOST:PORT] [--user NAME] [--insecure] [--trust-new-certificate]
COMMAND``. Each area of commands is a module of this package that exports
``add_parsers(sub)`` and ``COMMANDS`` (``vedette_api.cli.io``): this module is the
only one that imports them all, builds the parser from them, and runs the command
the arguments name on a connected ``Client``.

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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from vedette_api import timestamps
from vedette_api.cli import (
    accounts,
    alarms,
    cameras,
    events,
    export,
    health,
    images,
    io_devices,
    live,
    motion,
    notify,
    play,
    ptz,
    recording,
    search,
    servers,
    site_users,
    system,
    upgrade,
    views,
    volumes,
)
from vedette_api.cli.accounts import rights_from_args
from vedette_api.cli.camera_password import CAM_PASSWORD_VARIABLE, read_camera_password
from vedette_api.cli.export import EXPORT_FORMATS, verify_command
from vedette_api.cli.io import Commands
from vedette_api.cli.ptz_keyboard import usage_error as ptz_keyboard_usage
from vedette_api.cli.system import assign_setting
from vedette_api.cli.timeparse import TimeParseError, parse_time
from vedette_api.client import Client, ClientCertificate
from vedette_api.client.address import DEFAULT_PORT, is_loopback, parse_address
from vedette_api.client.known_signers import KnownSigningKeys, default_known_signing_keys_path
from vedette_api.errors import InsecureConnectionRefused, InvalidArgument, VedetteError
from vedette_api.v1 import system_pb2

DEFAULT_SERVER = f"127.0.0.1:{DEFAULT_PORT}"
DEFAULT_USER = "admin"
TIME_OPTIONS = ("--from", "--to", "--at", "--expire")
#: Where each time option is stored (its ``dest``); ``_validate`` adds ``<dest>_us``.
TIME_DESTS = {"time_from": "--from", "time_to": "--to", "time_at": "--at", "expire": "--expire"}
EXIT_ERROR = 1
EXIT_USAGE = 2
#: The areas of commands, in the order ``vedette --help`` lists them.
AREAS = (
    cameras, volumes, search, recording, export, images, live, play, ptz, accounts, system,
    motion, io_devices, notify, events, alarms, upgrade, servers, site_users, views,
)  # fmt: skip


def _command_table() -> Commands:
    table: Commands = {}
    for area in AREAS:
        for key, command in area.COMMANDS.items():
            assert key not in table, f"two areas define {key}"
            table[key] = command
    return table


#: Every command but ``verify`` (run without a server), by ``(command, action)``.
COMMANDS = _command_table()


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
        " `vedette verify PATH` needs no server, `vedette health` no login. Exit status:"
        " 0 done, 1 error (health: not SERVING), 2 usage error (nothing was sent),"
        " 3 (verify) intact but signed by a key not proven to be the server's,"
        " 130 interrupted."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for area in AREAS:
        area.add_parsers(commands)
    health.add_parsers(commands)
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
    is_camera_add = args.command == "cameras" and args.action in ("add", "test")
    if is_camera_add and args.cam_password is not None and not args.cam_user:
        parser.error("--cam-password needs --cam-user")
    if is_camera_add and args.action == "add" and args.onvif is not None and args.sub_url:
        parser.error("--sub goes with --main: an ONVIF camera's streams come from its profiles")
    io_problem = io_devices.usage_error(args)
    if io_problem is not None:
        parser.error(io_problem)
    alarms_problem = alarms.usage_error(args)
    if alarms_problem is not None:
        parser.error(alarms_problem)
    keyboard_problem = ptz_keyboard_usage(args)
    if keyboard_problem is not None:
        parser.error(keyboard_problem)
    if args.command == "ptz" and args.action == "device":
        given = [value is not None for value in (args.protocol, args.port, args.address)]
        if any(given) and not all(given):
            parser.error("ptz device: setting a device needs --protocol, --port and --address")
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
            rights_from_args(args, "local")
            rights_from_args(args, "remote")
        if args.command == "settings" and args.action == "set":
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


def run_command(
    client: Client, args: argparse.Namespace, *, now_us: int, out: TextIO, err: TextIO
) -> int:
    """Run the command ``args`` names; returns the exit status (0)."""
    command = COMMANDS[(args.command, getattr(args, "action", None))]
    command(client, args, now_us, out, err)
    return 0


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
    environ = os.environ if environ is None else environ
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    started_us = timestamps.now_us()  # the one "now" of relative times and of status
    try:
        argv = sys.argv[1:] if argv is None else argv
        args = parse_command_line(argv, environ, now_us=started_us)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "verify":
        return verify_command(args, out, err)
    if args.command == "health":
        return health.health_command(args, out, err)
    try:
        if args.command == "cameras" and args.action in ("add", "test"):
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
            return run_command(client, args, now_us=started_us, out=out, err=err)
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
