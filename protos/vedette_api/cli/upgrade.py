"""``vedette upgrade BUNDLE`` and ``vedette upgrade status`` (SYS-06): upload a signed
upgrade bundle and show how the upgrade goes.

The upload prints its progress every 10 % and ends with the server's answer: handed
to the host (PENDING), or the reason it was refused (exit status 1, as every error).
``status`` exits with status 1 when the last upgrade FAILED. The word ``status`` is
always the action; a bundle file of that name is ``./status``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from vedette_api.cli.format import enum_label, format_bytes, local_time_from_us, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import system_pb2


def add_parsers(commands: SubParsers) -> None:
    upgrade = commands.add_parser(
        "upgrade",
        help="upload a signed upgrade bundle (BUNDLE), or show the last upgrade (status)",
    )
    upgrade.add_argument("target", metavar="BUNDLE|status", help="a .vup file, or `status`")
    upgrade.add_argument("--json", action="store_true", help="machine-readable output")


def status_line(status: system_pb2.UpgradeStatus) -> str:
    """``pending: version 0.2.0 (running 0.1.0), 0 %: verified; …, since …``."""
    state = enum_label(system_pb2.UpgradeState, status.state, "UPGRADE_STATE_")
    if status.state == system_pb2.UPGRADE_STATE_NONE:
        return f"no upgrade yet (running {status.running_version})"
    since = (
        f", since {local_time_from_us(us_from_timestamp(status.update_time))}"
        if status.HasField("update_time")
        else ""
    )
    return (
        f"{state}: version {status.bundle_version} (running {status.running_version}),"
        f" {status.progress_percent} %: {status.message}{since}"
    )


def _show(status: system_pb2.UpgradeStatus, json_output: bool, out: TextIO) -> None:
    if json_output:
        write_json(message_to_json(status), out)
    else:
        out.write(status_line(status) + "\n")


def upgrade(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    if args.target == "status":
        status = client.get_upgrade_status()
        _show(status, args.json, out)
        if status.state == system_pb2.UPGRADE_STATE_FAILED:
            raise VedetteError(f"the upgrade to {status.bundle_version or '?'} failed")
        return
    shown = [-1]

    def progress(sent: int, total: int) -> None:
        tenth = sent * 10 // total
        if not args.json and tenth > shown[0]:
            shown[0] = tenth
            out.write(f"sent {tenth * 10} % ({format_bytes(sent)} of {format_bytes(total)})\n")
            out.flush()

    status = client.upload_upgrade(Path(args.target), progress=progress)
    _show(status, args.json, out)
    if not args.json:
        out.write("the host installs it now; follow it with: vedette upgrade status\n")


COMMANDS: Commands = {("upgrade", None): upgrade}
