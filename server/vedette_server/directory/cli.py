"""``vedette-directory``: the site directory of a site with several recording servers.

    vedette-directory init --data DIR --database postgresql://… [--name SITE]
                                    (admin password: VEDETTE_ADMIN_PASSWORD, or asked)
    vedette-directory run --data DIR --listen HOST:PORT [--site-listen HOST:PORT]
    vedette-directory token --data DIR [--valid-seconds N] [--json]

``run`` prints ``vedette-directory ready on HOST:PORT`` (the client port) once both
ports listen, and ``vedette-directory site port on HOST:PORT`` just before; under
systemd (``NOTIFY_SOCKET``) it then sends ``READY=1`` and pings the watchdog. A single
recording server needs none of this (docs/sites.md).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import json
import logging
import os
import signal
import sys
from pathlib import Path

from vedette_server.directory import keys
from vedette_server.directory.data import DirectoryData, NotInitialised
from vedette_server.directory.store import (
    DEFAULT_TOKEN_VALID_S,
    DirectoryStore,
    DirectoryUnavailable,
    JoinRefused,
    open_database,
)
from vedette_server.ops.systemd import Systemd
from vedette_server.security.passwords import PasswordHashing, PasswordPolicy, WeakPassword

PROG = "vedette-directory"
log = logging.getLogger("vedette.directory")


def _fail(message: str, status: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


def _admin_password() -> str:
    if os.environ.get("VEDETTE_ADMIN_PASSWORD"):
        return os.environ["VEDETTE_ADMIN_PASSWORD"]
    if not sys.stdin.isatty():
        raise SystemExit(
            f"{PROG} init: no admin password: set VEDETTE_ADMIN_PASSWORD, or run in a"
            " terminal to be asked"
        )
    first = getpass.getpass("Password for the site's admin account: ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit(f"{PROG} init: the two passwords differ")
    return first


def cmd_init(args: argparse.Namespace) -> int:
    data = DirectoryData(Path(args.data).resolve())
    if data.exists():
        return _fail(f"{data.root} already holds a directory")
    password = _admin_password()
    try:
        PasswordPolicy().check(password, username="admin")
    except WeakPassword as weak:
        return _fail(str(weak))
    name = args.name
    try:
        store = DirectoryStore(open_database(args.database))
        key, cert = keys.create_site_ca(name)
        site_id = store.create_site(name, PasswordHashing().hash(password))
    except (DirectoryUnavailable, JoinRefused) as exc:
        return _fail(str(exc))
    data.write(site_id, name, args.database, key, cert)
    print(f"Initialised the directory of site {name!r} ({site_id}) in {data.root}.")
    print(f"Site CA hash: {keys.ca_hash(cert)}")
    print(f"Next: `{PROG} run --data {data.root} --listen HOST:PORT`, then a join token.")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    data = DirectoryData(Path(args.data).resolve())
    try:
        config = data.load()
        store = DirectoryStore(open_database(config["database"]))
        store.site()
        token, expires_us = store.new_join_token("(command line)", args.valid_seconds)
        store.audit(
            "join_token.created",
            f"join token made on the command line, valid {args.valid_seconds} s",
        )
    except (NotInitialised, DirectoryUnavailable, JoinRefused) as exc:
        return _fail(str(exc))
    ca_hash = keys.ca_hash(data.ca_cert.read_bytes())
    expires = dt.datetime.fromtimestamp(expires_us / 1e6, dt.UTC).isoformat(timespec="seconds")
    if args.json:
        print(json.dumps({"token": token, "ca_hash": ca_hash, "expires": expires}))
    else:
        print(f"Join token: {token}")
        print(f"CA hash:    {ca_hash}")
        print(f"Valid until {expires} (UTC), once. On the recording server:")
        print(
            f"  vedette-server join --data DIR --directory HOST:PORT --token {token}"
            f" --ca-hash {ca_hash} --name NAME"
        )
    return 0


async def _serve(args: argparse.Namespace) -> int:
    from vedette_server.directory.app import Directory, join_address

    data = DirectoryData(Path(args.data).resolve())
    directory = Directory(data, args.listen, args.site_listen)
    ports = await directory.start()
    host = directory.listen[0]
    client_address = join_address(host, ports.client)
    print(f"{PROG} site port on {join_address(directory.site_listen[0], ports.site)}", flush=True)
    print(f"{PROG} ready on {client_address}", flush=True)
    # The Debian unit is Type=notify with a watchdog, as the server's (ops/systemd.py):
    # READY=1 once both ports listen; nothing is sent without NOTIFY_SOCKET.
    systemd = Systemd.from_environ()
    await systemd.start()
    systemd.ready(lambda: f"site {directory.site_name} on {client_address}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    systemd.stopping(restart=False)
    await directory.aclose()
    await systemd.aclose()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_serve(args))
    except (NotInitialised, DirectoryUnavailable, ValueError, OSError) as exc:
        return _fail(str(exc))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Vedette site directory")
    parser.add_argument("-v", "--verbose", action="store_true")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="create the site: its CA, tables and admin")
    init.add_argument("--data", required=True, help="the directory's data folder")
    init.add_argument(
        "--database", required=True, help="PostgreSQL URL, e.g. postgresql://vedette@/vedette"
    )
    init.add_argument("--name", default="site", help="the site's name (default: site)")
    init.set_defaults(func=cmd_init)
    run = commands.add_parser("run", help="run the directory")
    run.add_argument("--data", required=True)
    run.add_argument("--listen", required=True, help="HOST:PORT for consoles and joins")
    run.add_argument(
        "--site-listen",
        help="HOST:PORT for recording servers (mutual TLS; default: the same host, PORT+1)",
    )
    run.set_defaults(func=cmd_run)
    token = commands.add_parser("token", help="make a one-time join token")
    token.add_argument("--data", required=True)
    token.add_argument(
        "--valid-seconds", type=int, default=DEFAULT_TOKEN_VALID_S,
        help=f"how long it works (default {DEFAULT_TOKEN_VALID_S})",
    )  # fmt: skip
    token.add_argument("--json", action="store_true", help='print {"token", "ca_hash", "expires"}')
    token.set_defaults(func=cmd_token)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
