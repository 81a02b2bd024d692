"""``vedette users|groups|sessions|password``: accounts from the command line.

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server. New passwords never come from
flags: ``$VEDETTE_NEW_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.format import enum_label, format_table, local_time_from_us, message_to_json
from vedette_api.cli.io import Commands, SubParsers, read_secret, write_json
from vedette_api.cli.values import INT64_MAX, whole_number
from vedette_api.client import Client
from vedette_api.client.accounts import AREAS, CAMERA_RIGHTS, make_rights
from vedette_api.errors import InvalidArgument
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2

#: A group's PTZ priority (32000 is the administrators', above every group).
group_ptz_priority = whole_number(1, 31_999)


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


def add_parsers(commands: SubParsers) -> None:
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
    gadd.add_argument(
        "--ptz-priority", type=group_ptz_priority, metavar="N",
        help="its users' PTZ priority, 1..31999 (default: from its rights)",
    )  # fmt: skip
    gset = gactions.add_parser("set", help="change a group's name, rights or PTZ priority")
    gset.add_argument("group")
    gset.add_argument("--name")
    _rights_options(gset, "local")
    _rights_options(gset, "remote")
    gset.add_argument(
        "--ptz-priority", type=group_ptz_priority_or_default, metavar="N|default",
        help="its users' PTZ priority, 1..31999, or 'default' (from its rights)",
    )  # fmt: skip
    gactions.add_parser("rm", help="delete a custom group").add_argument("group")
    sessions = commands.add_parser("sessions", help="who is logged in; end a session")
    sactions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)
    sactions.add_parser("list").add_argument("--json", action="store_true")
    sactions.add_parser("end").add_argument("session_id")
    commands.add_parser("password", help="change your own password")


def _group_names(client: Client) -> dict[int, str]:
    return {group.id: group.name for group in client.list_groups()}


def users_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    users = client.list_users()
    if args.json:
        write_json([message_to_json(u) for u in users], out)
        return
    names = _group_names(client)
    rows = [
        [
            str(u.id),
            u.name,
            names.get(u.group_id, str(u.group_id)),
            "yes" if u.enabled else "no",
            "on" if u.permission_control else "off (all rights)",
            u.mac_binding or "-",
            u.email or "-",
        ]
        for u in users
    ]
    headers = ["ID", "NAME", "GROUP", "ENABLED", "PERMISSIONS", "MAC", "E-MAIL"]
    out.write(format_table(headers, rows) + "\n")


def users_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    group = client.find_group(args.group)
    password = read_secret(
        "VEDETTE_NEW_PASSWORD", f"Password for the new user {args.name}: ", confirm=True
    )
    user = client.create_user(
        args.name,
        password,
        group_id=group.id,
        enabled=not args.disabled,
        permission_control=not args.no_permission_control,
        email=args.email,
        mac_binding=args.mac,
        note=args.note,
    )
    out.write(f"added user {user.id} ({user.name}) in group {group.name}\n")


def users_set(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    user = client.find_user(args.target_user)
    changes: dict[str, Any] = {}
    if args.group is not None:
        changes["group_id"] = client.find_group(args.group).id
    for option, field in (("email", "email"), ("mac", "mac_binding"), ("note", "note")):
        if getattr(args, option) is not None:
            changes[field] = getattr(args, option)
    if args.enabled is not None:
        changes["enabled"] = args.enabled
    if args.permission_control is not None:
        changes["permission_control"] = args.permission_control == "on"
    updated = client.update_user(user.id, **changes)
    out.write(f"user {updated.id} ({updated.name}) changed: {', '.join(sorted(changes))}\n")


def users_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    user = client.find_user(args.target_user)
    client.delete_user(user.id)
    out.write(f"deleted user {user.id} ({user.name})\n")


def users_passwd(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    user = client.find_user(args.target_user)
    password = read_secret("VEDETTE_NEW_PASSWORD", f"New password for {user.name}: ", confirm=True)
    client.reset_password(user.id, password)
    out.write(f"password of {user.name} set; their sessions were ended\n")


def password(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    current = read_secret("VEDETTE_PASSWORD", "Current password: ")
    new = read_secret("VEDETTE_NEW_PASSWORD", "New password: ", confirm=True)
    client.change_my_password(current, new)
    out.write("password changed; your other sessions were ended\n")


def parse_camera_rights(text: str) -> dict[str, str | list[int]]:
    """``live=all;playback=1+2`` → ``{"live": "all", "playback": [1, 2]}``."""
    result: dict[str, str | list[int]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        right, sep, value = part.partition("=")
        if not sep:
            raise InvalidArgument(f"camera rights: {part!r} is not RIGHT=all or RIGHT=ID+ID")
        if value.strip() == "all":
            result[right.strip()] = "all"
        else:
            try:
                ids = [int(v) for v in value.split("+") if v.strip()]
            except ValueError:
                message = f"camera rights: {value[:40]!r} is not 'all' or ID+ID"
                raise InvalidArgument(message) from None
            if any(not 1 <= i <= INT64_MAX for i in ids):
                message = f"camera rights: a camera id in {value[:40]!r} is out of range"
                raise InvalidArgument(message)
            result[right.strip()] = ids
    return result


def rights_from_args(args: argparse.Namespace, scope: str) -> accounts_pb2.Rights | None:
    """The ``--SCOPE-areas`` and ``--SCOPE-cameras`` options as ``Rights`` (None when
    neither is given); ``InvalidArgument`` for an unknown name or a bad id."""
    areas, cameras = getattr(args, f"{scope}_areas"), getattr(args, f"{scope}_cameras")
    if areas is None and cameras is None:
        return None
    return make_rights(
        [a.strip() for a in (areas or "").split(",") if a.strip()],
        parse_camera_rights(cameras or ""),
    )


def _rights_text(rights: accounts_pb2.Rights) -> str:
    areas = ",".join(enum_label(accounts_pb2.Area, a, "AREA_") for a in rights.areas) or "-"
    cameras = []
    for access in rights.cameras:
        name = enum_label(accounts_pb2.CameraRight, access.right, "CAMERA_RIGHT_")
        ids = "all" if access.all_cameras else "+".join(map(str, access.camera_ids))
        cameras.append(f"{name}={ids}")
    return f"areas {areas}; cameras {';'.join(cameras) or '-'}"


def groups_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    groups = client.list_groups()
    if args.json:
        write_json([message_to_json(g) for g in groups], out)
        return
    rows = [
        [
            str(g.id),
            g.name,
            enum_label(accounts_pb2.GroupKind, g.kind, "GROUP_KIND_"),
            str(g.user_count),
            _ptz_priority_text(g),
            _rights_text(g.remote_rights),
        ]
        for g in groups
    ]
    headers = ["ID", "NAME", "KIND", "USERS", "PTZ PRIORITY", "REMOTE RIGHTS"]
    out.write(format_table(headers, rows) + "\n")


def _ptz_priority_text(group: accounts_pb2.Group) -> str:
    return str(group.ptz_priority) if group.HasField("ptz_priority") else "default"


def group_ptz_priority_or_default(text: str) -> int | str:
    """``default``, or a group's PTZ priority."""
    return "default" if text == "default" else group_ptz_priority(text)


def groups_show(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    group = client.find_group(args.group)
    out.write(f"group {group.id} ({group.name}), {group.user_count} user(s)\n")
    out.write(f"  local:  {_rights_text(group.local_rights)}\n")
    out.write(f"  remote: {_rights_text(group.remote_rights)}\n")
    out.write(f"  PTZ priority: {_ptz_priority_text(group)}\n")


def groups_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    copy_from = client.find_group(args.copy_from).id if args.copy_from else 0
    group = client.create_group(
        args.name,
        local_rights=rights_from_args(args, "local"),
        remote_rights=rights_from_args(args, "remote"),
        copy_from_group_id=copy_from,
        ptz_priority=args.ptz_priority,
    )
    out.write(f"added group {group.id} ({group.name})\n")


def groups_set(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    group = client.find_group(args.group)
    updated = client.update_group(
        group.id,
        name=args.name,
        local_rights=rights_from_args(args, "local"),
        remote_rights=rights_from_args(args, "remote"),
        ptz_priority=args.ptz_priority,
    )
    out.write(f"group {updated.id} ({updated.name}) changed\n")


def groups_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    group = client.find_group(args.group)
    client.delete_group(group.id)
    out.write(f"deleted group {group.id} ({group.name})\n")


def sessions_list(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    sessions = client.list_sessions()
    if args.json:
        write_json([message_to_json(s) for s in sessions], out)
        return
    rows = [
        [
            s.id + (" (this)" if s.current else ""),
            s.username,
            s.peer,
            "local" if s.local_session else "remote",
            local_time_from_us(us_from_timestamp(s.login_time)),
            str(s.live_streams),
            str(s.playback_streams),
        ]
        for s in sessions
    ]
    headers = ["SESSION", "USER", "FROM", "SCOPE", "SINCE", "LIVE", "PLAYBACK"]
    out.write(format_table(headers, rows) + "\n")


def sessions_end(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.end_session(args.session_id)
    out.write(f"ended session {args.session_id}\n")


COMMANDS: Commands = {
    ("users", "list"): users_list,
    ("users", "add"): users_add,
    ("users", "set"): users_set,
    ("users", "rm"): users_rm,
    ("users", "passwd"): users_passwd,
    ("groups", "list"): groups_list,
    ("groups", "show"): groups_show,
    ("groups", "add"): groups_add,
    ("groups", "set"): groups_set,
    ("groups", "rm"): groups_rm,
    ("sessions", "list"): sessions_list,
    ("sessions", "end"): sessions_end,
    ("password", None): password,
}
