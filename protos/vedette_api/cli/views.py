"""``vedette views list|save|rm`` and ``vedette tours list|save|rm``: saved live views
and tours (``ViewService``), of the signed-in user and those shared with them.

Against a recording server they are that server's; against a site directory
(``vedette --server DIRECTORY views …``) they are the site's, and a tile names a
camera by its id at the directory (``cameras list`` there), whichever member server
records it (docs/sites.md, "Views and tours of a site").

A tile is ``INDEX:CAMERA_ID`` or ``INDEX:CAMERA_ID:main|sub`` (a forced stream); a
tour step ``VIEW_ID:DWELL_SECONDS``. ``save`` without ``--id`` creates, with it
replaces the whole view or tour (only its owner or an administrator may).
"""

from __future__ import annotations

import argparse
from typing import TextIO, cast

from vedette_api.cli.format import format_table, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.client import Client
from vedette_api.client.streams import StreamName
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import views_pb2

STREAM_NAMES = ("main", "sub")


def add_parsers(commands: SubParsers) -> None:
    views = commands.add_parser("views", help="saved live views (a directory's: the site's)")
    actions = views.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="your views, then those shared with you")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    save = actions.add_parser("save", help="create a view, or replace one (--id)")
    save.add_argument("name", metavar="NAME")
    save.add_argument("--layout", type=int, required=True, help="number of tiles: 1, 4, 9, 16…")
    save.add_argument(
        "--tile", action="append", default=[], metavar="INDEX:CAMERA[:main|sub]",
        help="a tile showing a camera (by id); repeat for each tile",
    )  # fmt: skip
    save.add_argument("--shared", action="store_true", help="visible to every user")
    save.add_argument("--id", type=int, default=0, help="the view to replace")
    remove = actions.add_parser("rm", help="delete a view")
    remove.add_argument("view_id", type=int, metavar="ID")

    tours = commands.add_parser("tours", help="tours of saved views (a directory's: the site's)")
    actions = tours.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="your tours, then those shared with you")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    save = actions.add_parser("save", help="create a tour, or replace one (--id)")
    save.add_argument("name", metavar="NAME")
    save.add_argument(
        "--step", action="append", default=[], metavar="VIEW_ID:SECONDS",
        help="a view shown for SECONDS; repeat for each step, in order",
    )  # fmt: skip
    save.add_argument("--shared", action="store_true", help="visible to every user")
    save.add_argument("--id", type=int, default=0, help="the tour to replace")
    remove = actions.add_parser("rm", help="delete a tour")
    remove.add_argument("tour_id", type=int, metavar="ID")


def _numbers(text: str, what: str, shape: str) -> list[str]:
    parts = text.split(":")
    if not 2 <= len(parts) <= (3 if what == "tile" else 2) or not all(
        p.isdigit() for p in parts[:2]
    ):
        raise InvalidArgument(f"{what} {text!r}: {shape}")
    return parts


def parse_tile(text: str) -> tuple[int, int] | tuple[int, int, StreamName]:
    """``INDEX:CAMERA`` or ``INDEX:CAMERA:main|sub`` → what ``Client.save_view`` takes."""
    parts = _numbers(text, "tile", "INDEX:CAMERA_ID or INDEX:CAMERA_ID:main|sub")
    if len(parts) == 3:
        if parts[2] not in STREAM_NAMES:
            raise InvalidArgument(f"tile {text!r}: the stream is main or sub")
        return int(parts[0]), int(parts[1]), cast(StreamName, parts[2])
    return int(parts[0]), int(parts[1])


def parse_step(text: str) -> tuple[int, int]:
    """``VIEW_ID:SECONDS`` → ``(view_id, dwell_seconds)``."""
    view_id, seconds = _numbers(text, "step", "VIEW_ID:SECONDS")
    return int(view_id), int(seconds)


def _tile_text(tile: views_pb2.ViewTile) -> str:
    if tile.HasField("sequence"):
        cameras = ",".join(map(str, tile.sequence.camera_ids))
        return f"{tile.index}:[{cameras}]"
    return f"{tile.index}:{tile.camera_id}"


def _shared(shared: bool) -> str:
    return "yes" if shared else "no"


def views_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    views = client.list_views()
    if args.json:
        write_json([message_to_json(v) for v in views], out)
        return
    rows = [
        [str(v.id), v.name, v.owner, str(v.layout), _shared(v.shared),
         " ".join(_tile_text(t) for t in v.tiles)]
        for v in views
    ]  # fmt: skip
    out.write(format_table(["ID", "NAME", "OWNER", "LAYOUT", "SHARED", "TILES"], rows) + "\n")


def views_save(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    tiles = [parse_tile(t) for t in args.tile]
    view = client.save_view(args.name, args.layout, tiles, view_id=args.id, shared=args.shared)
    out.write(f"saved view {view.id} {view.name!r}: {len(view.tiles)} of {view.layout} tiles\n")


def views_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.delete_view(args.view_id)
    out.write(f"deleted view {args.view_id}\n")


def tours_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    tours = client.list_tours()
    if args.json:
        write_json([message_to_json(t) for t in tours], out)
        return
    rows = [
        [str(t.id), t.name, t.owner, _shared(t.shared),
         " ".join(f"{s.view_id}:{s.dwell_seconds}s" for s in t.steps)]
        for t in tours
    ]  # fmt: skip
    out.write(format_table(["ID", "NAME", "OWNER", "SHARED", "STEPS"], rows) + "\n")


def tours_save(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    steps = [parse_step(s) for s in args.step]
    tour = client.save_tour(args.name, steps, tour_id=args.id, shared=args.shared)
    out.write(f"saved tour {tour.id} {tour.name!r}: {len(tour.steps)} steps\n")


def tours_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.delete_tour(args.tour_id)
    out.write(f"deleted tour {args.tour_id}\n")


COMMANDS: Commands = {
    ("views", "list"): views_list,
    ("views", "save"): views_save,
    ("views", "rm"): views_rm,
    ("tours", "list"): tours_list,
    ("tours", "save"): tours_save,
    ("tours", "rm"): tours_rm,
}
