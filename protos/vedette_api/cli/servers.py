"""``vedette servers list``: the recording servers of a site, asked of its directory
(``vedette --server DIRECTORY servers list``; docs/sites.md).

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from vedette_api.cli.format import enum_label, format_table, local_time_from_us, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.client import Client
from vedette_api.errors import Unimplemented
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import site_pb2


def add_parsers(commands: SubParsers) -> None:
    servers = commands.add_parser("servers", help="the recording servers of a site")
    actions = servers.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the site's servers and their state")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    move = actions.add_parser("move", help="give cameras to another server for good")
    move.add_argument("cameras", nargs="+", metavar="CAMERA", help="camera names or ids")
    move.add_argument("--to", required=True, metavar="NAME", help="the server to record them")
    failback = actions.add_parser(
        "failback", help="give a server back the cameras a failover moved from it"
    )
    failback.add_argument("server", metavar="NAME")
    alarms = actions.add_parser("alarms", help="the site's alarm feed, every server's alarms")
    alarms.add_argument("--open", dest="open_only", action="store_true", help="not closed")
    alarms.add_argument("--limit", type=int, default=100, help="at most this many (1..1000)")
    alarms.add_argument("--json", action="store_true", help="machine-readable output")
    custody = actions.add_parser("custody", help="which server recorded a camera when")
    custody.add_argument("camera", metavar="CAMERA", help="camera name or id")
    custody.add_argument("--json", action="store_true", help="machine-readable output")


def _state(server: site_pb2.SiteServer) -> str:
    return enum_label(site_pb2.SiteServerState, server.state, "SITE_SERVER_STATE_")


def servers_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    try:
        site = client.list_site_servers()
    except Unimplemented:
        raise Unimplemented(
            f"{client.server} is not a site directory: give the directory's address"
            " with --server (a single recording server has no site)"
        ) from None
    if args.json:
        write_json(message_to_json(site), out)
        return
    out.write(f"site {site.site_name} ({site.site_id})\n")
    if not site.servers:
        out.write("no servers yet; join one with: vedette-server join (docs/sites.md)\n")
        return
    rows = []
    for server in site.servers:
        seen = "never"
        if server.HasField("last_seen_time"):
            seen = local_time_from_us(us_from_timestamp(server.last_seen_time))
        cameras = f"{server.cameras_recording}/{server.cameras}"
        role = "standby" if server.standby else "recording"
        rows.append(
            [server.name, role, _state(server), server.address, cameras,
             f"{server.cameras_assigned}/{server.capacity}", seen, server.version]
        )  # fmt: skip
    headers = ["NAME", "ROLE", "STATE", "ADDRESS", "RECORDING", "ASSIGNED", "LAST SEEN", "VERSION"]
    out.write(format_table(headers, rows) + "\n")


def servers_move(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    ids = [client.find_camera(ref).id for ref in args.cameras]
    moved = client.move_cameras(ids, args.to)
    out.write(f"{moved} camera(s) moved to {args.to}\n")


def servers_failback(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    moved = client.failback(args.server)
    out.write(f"{moved} camera(s) back on {args.server}\n")


def servers_custody(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    custody = client.get_custody(camera.id)
    if args.json:
        write_json(message_to_json(custody), out)
        return
    rows = []
    for interval in custody.intervals:
        end = "now"
        if interval.HasField("end_time"):
            end = local_time_from_us(us_from_timestamp(interval.end_time))
        start = local_time_from_us(us_from_timestamp(interval.start_time))
        rows.append([interval.server, start, end, interval.reason])
    out.write(f"camera {camera.name} ({custody.site_camera_id})\n")
    out.write(format_table(["SERVER", "FROM", "TO", "WHY"], rows) + "\n")


def servers_alarms(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    alarms = client.list_site_alarms(limit=args.limit, open_only=args.open_only)
    if args.json:
        write_json([message_to_json(alarm) for alarm in alarms], out)
        return
    rows = [
        [a.server, str(a.alarm_id), local_time_from_us(us_from_timestamp(a.last_time)),
         a.state.replace("_", " "), str(a.priority), a.title, ", ".join(a.camera_names) or "-"]
        for a in alarms
    ]  # fmt: skip
    headers = ["SERVER", "ID", "LAST", "STATE", "PRIORITY", "TITLE", "CAMERAS"]
    out.write(format_table(headers, rows) + "\n" if rows else "no alarms\n")


COMMANDS: Commands = {
    ("servers", "alarms"): servers_alarms,
    ("servers", "list"): servers_list,
    ("servers", "move"): servers_move,
    ("servers", "failback"): servers_failback,
    ("servers", "custody"): servers_custody,
}
