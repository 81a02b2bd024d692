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
        rows.append([server.name, _state(server), server.address, cameras, seen, server.version])
    headers = ["NAME", "STATE", "ADDRESS", "RECORDING", "LAST SEEN", "VERSION"]
    out.write(format_table(headers, rows) + "\n")


COMMANDS: Commands = {("servers", "list"): servers_list}
