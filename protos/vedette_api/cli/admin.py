"""Administration commands of the ``vedette`` CLI: users, groups, sessions, logs,
system information, settings, configuration backup, factory reset, restart, shutdown.

``add_admin_commands`` adds their parsers; ``admin_commands`` maps them to the functions
(in ``cli_accounts`` and ``cli_system``) run on a connected ``Client``. Secrets (new
passwords, passphrases) never come from flags: an environment variable or a prompt.
Every command blocks on the server.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from vedette_api.cli.values import INT64_MAX, result_limit, whole_number
from vedette_api.client import Client
from vedette_api.client.accounts import AREAS, CAMERA_RIGHTS
from vedette_api.client.system import LOG_TYPES
from vedette_api.errors import InvalidArgument

Command = Callable[[Client, argparse.Namespace, int, TextIO, TextIO], None]


def write_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def read_secret(variable: str, prompt: str, *, confirm: bool = False) -> str:
    """``$variable``, else a prompt on the terminal (twice with ``confirm``)."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InvalidArgument(f"no terminal to ask for it: set ${variable}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise InvalidArgument("the two entries differ")
    return first


# -- parsers ----------------------------------------------------------------------------


def _rights_options(parser: argparse.ArgumentParser, scope: str) -> None:
    parser.add_argument(
        f"--{scope}-areas",
        metavar="LIST",
        help=f"{scope} areas, comma-separated: {','.join(AREAS)}",
    )
    parser.add_argument(
        f"--{scope}-cameras",
        metavar="SPEC",
        help=f"{scope} camera rights: RIGHT=all|ID+ID;... with RIGHT in "
        f"{','.join(CAMERA_RIGHTS)} (e.g. 'live=all;playback=1+2')",
    )


def add_admin_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser("users", help="list, add, change and remove users")
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list the users").add_argument("--json", action="store_true")
    add = actions.add_parser(
        "add", help="add a user (password from $VEDETTE_NEW_PASSWORD, or asked)"
    )
    add.add_argument("name")
    add.add_argument("--group", required=True, help="permission group id or name")
    add.add_argument("--email", default="")
    add.add_argument("--mac", default="", help="MAC address the user must log in from")
    add.add_argument("--note", default="")
    add.add_argument("--no-permission-control", action="store_true", help="every right")
    add.add_argument("--disabled", action="store_true")
    change = actions.add_parser("set", help="change a user")
    # Not "user": that is the global --user the command logs in as.
    change.add_argument("target_user", metavar="USER", help="user id or name")
    change.add_argument("--group")
    change.add_argument("--email")
    change.add_argument("--mac")
    change.add_argument("--note")
    change.add_argument("--enable", dest="enabled", action="store_true", default=None)
    change.add_argument("--disable", dest="enabled", action="store_false")
    change.add_argument("--permission-control", choices=("on", "off"))
    actions.add_parser("rm", help="delete a user").add_argument("target_user", metavar="USER")
    passwd = actions.add_parser("passwd", help="set a user's password ($VEDETTE_NEW_PASSWORD)")
    passwd.add_argument("target_user", metavar="USER")
    groups = commands.add_parser("groups", help="list, add, change and remove permission groups")
    gactions = groups.add_subparsers(dest="action", metavar="ACTION", required=True)
    gactions.add_parser("list").add_argument("--json", action="store_true")
    gactions.add_parser("show").add_argument("group")
    gadd = gactions.add_parser("add", help="add a custom group")
    gadd.add_argument("name")
    gadd.add_argument("--copy-from", metavar="GROUP", help="copy this group's rights (save as)")
    _rights_options(gadd, "local")
    _rights_options(gadd, "remote")
    gset = gactions.add_parser("set", help="change a group's name or rights")
    gset.add_argument("group")
    gset.add_argument("--name")
    _rights_options(gset, "local")
    _rights_options(gset, "remote")
    gactions.add_parser("rm", help="delete a custom group").add_argument("group")
    sessions = commands.add_parser("sessions", help="who is logged in; end a session")
    sactions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)
    sactions.add_parser("list").add_argument("--json", action="store_true")
    sactions.add_parser("end").add_argument("session_id")
    logs = commands.add_parser("logs", help="search the system log", allow_abbrev=False)
    logs.add_argument("--type", action="append", choices=sorted(LOG_TYPES), dest="types")
    logs.add_argument("--from", dest="time_from", metavar="T")
    logs.add_argument("--to", dest="time_to", metavar="T")
    logs.add_argument("--text", default="", help="entries containing this text")
    logs.add_argument("--camera", type=whole_number(0, INT64_MAX), default=0, metavar="ID")
    logs.add_argument("--limit", type=result_limit, default=100)
    logs.add_argument("--json", action="store_true")
    info = commands.add_parser("info", help="system information")
    info.add_argument("--json", action="store_true")
    settings = commands.add_parser("settings", help="show or change the server's settings")
    tactions = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    tactions.add_parser("show").add_argument("--json", action="store_true")
    tset = tactions.add_parser("set", help="PATH=VALUE ... (e.g. general.device_name=Lobby)")
    tset.add_argument("assignments", nargs="+", metavar="PATH=VALUE")
    commands.add_parser("password", help="change your own password")
    cexport = commands.add_parser(
        "config-export", help="export the configuration ($VEDETTE_CONFIG_PASSPHRASE or asked)"
    )
    cexport.add_argument("--out", type=Path, required=True, metavar="FILE")
    cimport = commands.add_parser("config-import", help="import a configuration file")
    cimport.add_argument("file", type=Path)
    cimport.add_argument("--yes", action="store_true", help="import without asking")
    cimport.add_argument("--preview", action="store_true", help="only show what would change")
    reset = commands.add_parser(
        "factory-reset", help="restore the defaults ($VEDETTE_ADMIN_PASSWORD, or asked)"
    )
    reset.add_argument("--erase-cameras-and-recordings", action="store_true")
    reset.add_argument("--yes", action="store_true")
    for name in ("restart", "shutdown"):
        power = commands.add_parser(name, help=f"{name} the server")
        power.add_argument(
            "--in", dest="delay_s", type=whole_number(0, 3600), default=0, metavar="SECONDS"
        )
    commands.add_parser("cancel-restart", help="cancel a pending restart or shutdown")


def admin_commands() -> dict[tuple[str, str | None], Command]:
    """The administration commands (imported late: they import this module)."""
    from vedette_api.cli import accounts as a
    from vedette_api.cli import system as s

    return {
        ("users", "list"): a.users_list,
        ("users", "add"): a.users_add,
        ("users", "set"): a.users_set,
        ("users", "rm"): a.users_rm,
        ("users", "passwd"): a.users_passwd,
        ("groups", "list"): a.groups_list,
        ("groups", "show"): a.groups_show,
        ("groups", "add"): a.groups_add,
        ("groups", "set"): a.groups_set,
        ("groups", "rm"): a.groups_rm,
        ("sessions", "list"): a.sessions_list,
        ("sessions", "end"): a.sessions_end,
        ("logs", None): s.logs,
        ("info", None): s.info,
        ("settings", "show"): s.settings_show,
        ("settings", "set"): s.settings_set,
        ("password", None): a.password,
        ("config-export", None): s.config_export,
        ("config-import", None): s.config_import,
        ("factory-reset", None): s.factory_reset,
        ("restart", None): s.restart,
        ("shutdown", None): s.shutdown,
        ("cancel-restart", None): s.cancel_restart,
    }
