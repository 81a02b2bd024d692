"""``vedette thumbnails`` and ``vedette snapshot take|list|get|rm|export``: pictures of
recordings and stored snapshots, from the command line.

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server. Times are what
``vedette_api.cli.timeparse`` reads (ISO 8601, ``now``, ``-10m``...). Thumbnail
files are named by the instant they stand for, UTC: ``20261202T101500.000000Z.jpg``.
At a site directory, ``thumbnails --from --to`` of a site camera follows custody
(``site_custody.site_thumbnails``): each instant from the server that held it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from vedette_api.cli.format import format_bytes, format_table, local_time_from_us, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.site_custody import site_thumbnails
from vedette_api.cli.values import boxes, record_id, whole_number
from vedette_api.client import Client
from vedette_api.client.images import SLICE_UNITS
from vedette_api.client.streams import StreamName
from vedette_api.errors import InvalidArgument
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import images_pb2

#: ``--stream``: auto lets the server choose (the sub stream where it was recorded).
_STREAMS: dict[str, StreamName | None] = {"auto": None, "main": "main", "sub": "sub"}


def _stamp(time_us: int) -> str:
    return datetime.fromtimestamp(time_us / 1e6, UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def add_parsers(commands: SubParsers) -> None:
    thumbs = commands.add_parser(
        "thumbnails",
        help="JPEG thumbnails of a recording: COUNT over a range, or the slices of a unit",
        allow_abbrev=False,
    )
    thumbs.add_argument("camera", metavar="CAMERA")
    thumbs.add_argument("--from", dest="time_from", metavar="T")
    thumbs.add_argument("--to", dest="time_to", metavar="T")
    thumbs.add_argument(
        "--count", type=whole_number(1, 1000), default=10, help="thumbnails over --from..--to"
    )
    thumbs.add_argument(
        "--slices", choices=sorted(SLICE_UNITS), help="the slices of the unit containing --at"
    )
    thumbs.add_argument("--at", dest="time_at", metavar="T", default="now")
    thumbs.add_argument("--zone", default="", help="time zone of --slices (default: server's)")
    thumbs.add_argument(
        "--width", type=whole_number(0, 3840), default=0, help="largest width (default 320)"
    )
    thumbs.add_argument("--stream", choices=sorted(_STREAMS), default="auto")
    thumbs.add_argument(
        "--motion-only", action="store_true", help="only the slices with motion (others skipped)"
    )
    thumbs.add_argument(
        "--motion-instant",
        action="store_true",
        help="show each slice with motion at its first motion second, not its start",
    )
    thumbs.add_argument(
        "--cells",
        type=boxes,
        metavar="CELLS",
        help="count only motion in these X0,Y0,X1,Y1 boxes of the 22x18 grid joined by +",
    )
    thumbs.add_argument("--out", type=Path, required=True, metavar="DIR")
    snapshot = commands.add_parser("snapshot", help="take, list, get, remove, export snapshots")
    actions = snapshot.add_subparsers(dest="action", metavar="ACTION", required=True)
    take = actions.add_parser("take", help="of live, or of --at in the recording")
    take.add_argument("camera", metavar="CAMERA")
    take.add_argument("--at", dest="time_at", metavar="T", help="default: live")
    listing = actions.add_parser("list", allow_abbrev=False)
    listing.add_argument("--camera", action="append", dest="cameras", metavar="CAMERA")
    listing.add_argument("--from", dest="time_from", metavar="T")
    listing.add_argument("--to", dest="time_to", metavar="T")
    listing.add_argument("--json", action="store_true")
    get = actions.add_parser("get", help="download a snapshot's JPEG")
    get.add_argument("snapshot_id", type=record_id, metavar="ID")
    get.add_argument("--out", type=Path, required=True, metavar="FILE")
    actions.add_parser("rm").add_argument("snapshot_id", type=record_id, metavar="ID")
    export = actions.add_parser("export", help="copy to a signed folder in an export root")
    export.add_argument("snapshot_ids", type=record_id, nargs="+", metavar="ID")
    export.add_argument("--root", default="exports", metavar="NAME[/SUBDIR]")


def thumbnails(
    client: Client, args: argparse.Namespace, now_us: int, out: TextIO, err: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    stream = _STREAMS[args.stream]
    unreachable: dict[str, str] = {}
    #: At a directory: the server each thumbnail is of (the one that held the camera).
    servers: list[str] = []
    motion = {
        "motion_only": args.motion_only,
        "motion_instant": args.motion_instant,
        "motion_cells": args.cells or b"",
    }
    found: Iterable[images_pb2.Thumbnail]
    if camera.recording_server:  # a site directory: each instant from its holder then
        merged = site_thumbnails(client, camera, args, stream)
        found, unreachable = [item.thumbnail for item in merged.thumbnails], merged.unreachable
        servers = [item.server for item in merged.thumbnails]
    elif args.slices:
        found = client.time_slices(
            [camera.id], args.slices, args.time_at_us, time_zone=args.zone, max_width=args.width,
            stream=stream, **motion,
        )  # fmt: skip
    else:
        start, end = args.time_from_us, args.time_to_us
        if start is None or end is None:
            raise InvalidArgument("--from and --to are needed (or --slices UNIT)")
        found = client.thumbnails_between(
            [camera.id], start, end, args.count, max_width=args.width, stream=stream, **motion
        )
    args.out.mkdir(parents=True, exist_ok=True)
    written = empty = moving = unknown = 0
    unanswered = dict.fromkeys(unreachable, 0)
    for index, thumb in enumerate(found):
        instant = us_from_timestamp(thumb.time)
        moving += thumb.has_motion
        unknown += not thumb.motion_known
        if thumb.error:
            err.write(f"{local_time_from_us(instant)}: {thumb.error}\n")
        if not thumb.jpeg:
            if servers and servers[index] in unanswered:
                unanswered[servers[index]] += 1
            else:
                empty += 1
            continue
        (args.out / f"{_stamp(instant)}.jpg").write_bytes(thumb.jpeg)
        written += 1
    out.write(
        f"wrote {written} thumbnail(s) to {args.out}; {empty} without recording;"
        f" {moving} with motion, {unknown} not watched for motion"
        + "".join(
            f"; {unanswered[server]} not shown: {server} did not answer ({why})"
            for server, why in unreachable.items()
        )
        + "\n"
    )


def snapshot_take(
    client: Client, args: argparse.Namespace, now_us: int, out: TextIO, _: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    shot = client.take_snapshot(camera.id, args.time_at_us)
    source = "live" if shot.live else "recording"
    out.write(
        f"snapshot {shot.id} of {camera.name} ({source}, {shot.width}x{shot.height},"
        f" {local_time_from_us(us_from_timestamp(shot.time))})\n"
    )


def snapshot_list(
    client: Client, args: argparse.Namespace, now_us: int, out: TextIO, _: TextIO
) -> None:
    found = client.list_snapshots(
        [client.find_camera(ref).id for ref in args.cameras or ()],
        start_us=args.time_from_us,
        end_us=args.time_to_us,
    )
    if args.json:
        write_json([message_to_json(s) for s in found], out)
        return
    rows = [
        [
            str(s.id), str(s.camera_id), local_time_from_us(us_from_timestamp(s.time)),
            "live" if s.live else "recording", f"{s.width}x{s.height}",
            format_bytes(s.size_bytes), s.created_by,
        ]
        for s in found
    ]  # fmt: skip
    headers = ["ID", "CAMERA", "TIME", "SOURCE", "SIZE", "BYTES", "BY"]
    out.write(format_table(headers, rows) + "\n")


def snapshot_get(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    shot, jpeg = client.get_snapshot(args.snapshot_id)
    args.out.write_bytes(jpeg)
    out.write(f"wrote snapshot {shot.id} ({format_bytes(len(jpeg))}) to {args.out}\n")


def snapshot_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.delete_snapshot(args.snapshot_id)
    out.write(f"deleted snapshot {args.snapshot_id}\n")


def snapshot_export(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    root, _sep, subdir = args.root.partition("/")
    result = client.export_snapshots(args.snapshot_ids, root=root, subdir=subdir)
    out.write(f"exported {len(result.files) - 1} snapshot(s) to {result.folder} (signed)\n")


COMMANDS: Commands = {
    ("thumbnails", None): thumbnails,
    ("snapshot", "take"): snapshot_take,
    ("snapshot", "list"): snapshot_list,
    ("snapshot", "get"): snapshot_get,
    ("snapshot", "rm"): snapshot_rm,
    ("snapshot", "export"): snapshot_export,
}
