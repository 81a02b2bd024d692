"""``vedette volumes list|add|init``: the directories on the server that recordings
are written to.

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from vedette_api.cli.format import (
    VOLUME_RIGHT_ALIGNED,
    enum_label,
    format_table,
    message_to_json,
    volume_rows,
)
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.values import disk_group, record_id
from vedette_api.client import Client
from vedette_api.v1 import storage_pb2


def add_parsers(commands: SubParsers) -> None:
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


def _volume_state(volume: storage_pb2.Volume) -> str:
    return enum_label(storage_pb2.VolumeState, volume.state, "VOLUME_STATE_", separator="-")


def volumes_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    volumes = client.list_volumes()
    if args.json:
        write_json([message_to_json(volume) for volume in volumes], out)
    elif not volumes:
        out.write("no volumes; add one with: vedette volumes add PATH\n")
    else:
        headers, rows = volume_rows(volumes)
        out.write(format_table(headers, rows, right=VOLUME_RIGHT_ALIGNED) + "\n")


def volumes_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    volume = client.add_volume(args.path, disk_group=args.disk_group)
    out.write(f"added volume {volume.id} ({volume.path}), state {_volume_state(volume)}\n")
    if volume.state == storage_pb2.VOLUME_STATE_NONE:
        out.write(f"initialise it to record on it: vedette volumes init {volume.id}\n")


def volumes_init(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    volume = client.initialize_volume(args.volume_id, force=args.force)
    out.write(f"volume {volume.id} ({volume.path}) is now {_volume_state(volume)}\n")


COMMANDS: Commands = {
    ("volumes", "list"): volumes_list,
    ("volumes", "add"): volumes_add,
    ("volumes", "init"): volumes_init,
}
