"""``vedette site-users list|add|set|delete``: the users of a site, at its directory
(``vedette --server DIRECTORY site-users …``; administrators; docs/sites.md). A site
user has a role on every member server (administrator, operator, viewer) and signs
in there with a site token (single sign-on).

``add`` and a password change read the new password from ``$VEDETTE_NEW_PASSWORD``
or a prompt, never from a flag.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TextIO

from vedette_api.cli.format import enum_label, format_table, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument, Unimplemented
from vedette_api.v1 import site_pb2

ROLES = {
    "administrator": site_pb2.SITE_ROLE_ADMINISTRATOR,
    "operator": site_pb2.SITE_ROLE_OPERATOR,
    "viewer": site_pb2.SITE_ROLE_VIEWER,
}
PASSWORD_VARIABLE = "VEDETTE_NEW_PASSWORD"


def add_parsers(commands: SubParsers) -> None:
    users = commands.add_parser("site-users", help="the users of a site (at its directory)")
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the site's users and their roles")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add = actions.add_parser("add", help=f"add a user (password: ${PASSWORD_VARIABLE} or asked)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=sorted(ROLES), required=True)
    change = actions.add_parser("set", help="change a user's role, state or password")
    change.add_argument("name", metavar="NAME")
    change.add_argument("--role", choices=sorted(ROLES))
    state = change.add_mutually_exclusive_group()
    state.add_argument("--enable", dest="enabled", action="store_const", const=True)
    state.add_argument("--disable", dest="enabled", action="store_const", const=False)
    change.add_argument(
        "--password",
        action="store_true",
        help=f"set a new password (${PASSWORD_VARIABLE} or asked)",
    )
    delete = actions.add_parser("delete", help="delete a user")
    delete.add_argument("name", metavar="NAME")
    offline = actions.add_parser(
        "offline-login",
        help="whether site users may sign in on a server with the directory down",
    )
    offline.add_argument("state", choices=["on", "off", "status"])


def _new_password(name: str) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    first = getpass.getpass(f"New password for site user {name}: ")
    if getpass.getpass("Again: ") != first:
        raise InvalidArgument("the two passwords differ")
    return first


def _role(user: site_pb2.SiteUser) -> str:
    return enum_label(site_pb2.SiteRole, user.role, "SITE_ROLE_")


def _users(client: Client) -> site_pb2.ListSiteUsersResponse:
    try:
        return client.list_site_users()
    except Unimplemented:
        raise Unimplemented(
            f"{client.server} is not a site directory: give the directory's address with --server"
        ) from None


def users_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    listed = _users(client)
    if args.json:
        write_json(message_to_json(listed), out)
        return
    rows = [[u.name, _role(u), "yes" if u.enabled else "no"] for u in listed.users]
    out.write(format_table(["NAME", "ROLE", "ENABLED"], rows) + "\n")


def users_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    password = _new_password(args.name)
    put = client.put_site_user(args.name, ROLES[args.role], password=password)
    if not put.created:
        out.write(f"{args.name} existed: its role and password were changed\n")
    else:
        out.write(f"added site user {put.user.name} ({_role(put.user)})\n")


def users_set(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    current = {u.name: u for u in _users(client).users}.get(args.name)
    if current is None:
        raise InvalidArgument(f"no site user is named {args.name!r}")
    role = ROLES[args.role] if args.role else current.role
    enabled = current.enabled if args.enabled is None else args.enabled
    password = _new_password(args.name) if args.password else ""
    put = client.put_site_user(args.name, role, enabled=enabled, password=password)
    state = "enabled" if put.user.enabled else "disabled"
    out.write(f"site user {put.user.name}: {_role(put.user)}, {state}\n")


def users_delete(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.delete_site_user(args.name)
    out.write(f"deleted site user {args.name}\n")


def users_offline_login(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    if args.state == "status":
        on = client.get_site_settings().offline_login
    else:
        on = client.update_site_settings(offline_login=args.state == "on").offline_login
    out.write(f"offline sign-in is {'on' if on else 'off'}\n")


COMMANDS: Commands = {
    ("site-users", "offline-login"): users_offline_login,
    ("site-users", "list"): users_list,
    ("site-users", "add"): users_add,
    ("site-users", "set"): users_set,
    ("site-users", "delete"): users_delete,
}
