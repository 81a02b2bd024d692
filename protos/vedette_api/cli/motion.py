"""``vedette motion show|set|search CAMERA``: a camera's motion-detection settings, and
motion search in the motion index.

``set`` changes only what its options name (the rest is read from the server first):
``--enable``/``--disable``, ``--sensitivity 1-10``, ``--hold S``, ``--make-frames
N`` (analysed frames with motion in a row that start an event, 1-50), and ``--area
NAME=all|CELLS`` (repeatable; the areas given replace the camera's), where CELLS is
one or more boxes ``X0,Y0,X1,Y1`` of the 22×18 grid (columns 0..21, rows 0..17,
inclusive) joined by ``+``.

``search CAMERA --from T --to T [--cells X0,Y0,X1,Y1] [--min-duration S] [--merge-gap
S] [--json]`` lists the runs of motion in those cells (every cell without ``--cells``);
``--json`` gives each run's start and end in µs and as RFC 3339 UTC.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.format import format_table, local_time_from_us, rfc3339_from_us
from vedette_api.cli.io import TIME_HELP, Commands, SubParsers, write_json
from vedette_api.cli.timeparse import format_duration_us
from vedette_api.cli.values import boxes, whole_number
from vedette_api.client import Client
from vedette_api.client.motion import ALL_CELLS, COLUMNS, ROWS, cells_to_rows
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import motion_pb2


def hold_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not in (0, 3600] seconds")
    return value


def seconds_us(text: str) -> int:
    """A number of seconds ≥ 0 → µs."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} is not in [0, 86400] seconds")
    return round(value * 1_000_000)


def area(text: str) -> tuple[str, bytes]:
    """``NAME=all`` or ``NAME=X0,Y0,X1,Y1[+X0,Y0,X1,Y1…]`` → (name, 56 packed bytes)."""
    name, sep, cells = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=all or NAME=X0,Y0,X1,Y1")
    if cells == "all":
        return name, ALL_CELLS
    return name, boxes(cells)


def add_parsers(commands: SubParsers) -> None:
    motion = commands.add_parser("motion", help="a camera's motion detection settings")
    actions = motion.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the settings and the detector's health")
    show.add_argument("camera", metavar="CAMERA", help="camera id or name")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    put = actions.add_parser("set", help="change the settings (applied at once)")
    put.add_argument("camera", metavar="CAMERA", help="camera id or name")
    on = put.add_mutually_exclusive_group()
    on.add_argument("--enable", dest="enabled", action="store_const", const=True)
    on.add_argument("--disable", dest="enabled", action="store_const", const=False)
    put.add_argument("--sensitivity", type=whole_number(1, 10), metavar="1-10")
    put.add_argument("--hold", type=hold_seconds, metavar="S", help="seconds; (0, 3600]")
    put.add_argument(
        "--make-frames",
        type=whole_number(1, 50),
        metavar="N",
        help="analysed frames with motion in a row that start an event (1-50)",
    )
    put.add_argument(
        "--area",
        type=area,
        action="append",
        metavar="NAME=all|CELLS",
        help="CELLS: X0,Y0,X1,Y1 boxes of the 22x18 grid joined by +; replaces the areas",
    )
    put.add_argument("--json", action="store_true", help="machine-readable output")
    # No abbreviations: `--fro -1h` must not slip past join_time_values as `--from`.
    search = actions.add_parser(
        "search", help="runs of motion in a region and time range", allow_abbrev=False
    )
    search.add_argument("camera", metavar="CAMERA", help="camera id or name")
    search.add_argument("--from", dest="time_from", metavar="T", required=True, help=TIME_HELP)
    search.add_argument("--to", dest="time_to", metavar="T", required=True, help=TIME_HELP)
    search.add_argument(
        "--cells",
        type=boxes,
        metavar="CELLS",
        help="X0,Y0,X1,Y1 boxes of the 22x18 grid joined by +; default every cell",
    )
    search.add_argument("--min-duration", type=seconds_us, default=0, metavar="S")
    search.add_argument("--merge-gap", type=seconds_us, default=0, metavar="S")
    search.add_argument("--json", action="store_true", help="machine-readable output")


def _json(config: motion_pb2.MotionConfig, health: motion_pb2.MotionHealth | None) -> Any:
    value: dict[str, Any] = {
        "enabled": config.enabled,
        "sensitivity": config.sensitivity,
        "hold_seconds": config.hold_seconds,
        "make_frames": config.make_frames,
        "areas": [
            {"name": a.name, "cells": cells_to_rows(a.cells), "count": _count(a.cells)}
            for a in config.areas
        ],
    }
    if health is not None:
        value["health"] = {
            "running": health.running,
            "stream": health.stream,
            "worker_pid": health.worker_pid,
            "lag_ms": health.lag_ms,
            "frames_analysed": health.frames_analysed,
            "frames_skipped": health.frames_skipped,
            "cpu_ms": health.cpu_ms,
            "restarts": health.restarts,
            "event_open": health.event_open,
        }
    return value


def _count(cells: bytes) -> int:
    return sum(bin(b).count("1") for b in cells)


def _write(
    config: motion_pb2.MotionConfig, health: motion_pb2.MotionHealth | None, out: TextIO
) -> None:
    out.write(
        f"motion detection {'on' if config.enabled else 'off'}, sensitivity "
        f"{config.sensitivity}, hold {config.hold_seconds:g} s, make {config.make_frames} frames\n"
    )
    for a in config.areas:
        out.write(f"area {a.name}: {_count(a.cells)} of {COLUMNS * ROWS} cells\n")
    if health is not None:
        out.write(
            f"{'running' if health.running else 'not running'} on the {health.stream} stream: "
            f"{health.frames_analysed} frames analysed, {health.frames_skipped} skipped, "
            f"lag {health.lag_ms} ms, CPU {health.cpu_ms:.0f} ms, {health.restarts} restarts\n"
        )


def motion_show(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    response = client.get_motion_config(camera.id)
    health = response.health if response.HasField("health") else None
    if args.json:
        write_json(_json(response.config, health), out)
    else:
        _write(response.config, health, out)


def motion_set(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    current = client.get_motion_config(camera.id).config
    areas = args.area if args.area else [(a.name, a.cells) for a in current.areas]
    config = client.set_motion_config(
        camera.id,
        enabled=current.enabled if args.enabled is None else args.enabled,
        sensitivity=args.sensitivity or current.sensitivity,
        hold_seconds=args.hold or current.hold_seconds,
        make_frames=args.make_frames or current.make_frames,
        areas=areas,
    )
    if args.json:
        write_json(_json(config, None), out)
    else:
        _write(config, None, out)


def run_json(run: motion_pb2.MotionRun) -> dict[str, Any]:
    start, end = us_from_timestamp(run.start_time), us_from_timestamp(run.end_time)
    return {
        "camera_id": run.camera_id,
        "start_us": start,
        "end_us": end,
        "start_time": rfc3339_from_us(start),
        "end_time": rfc3339_from_us(end),
        "seconds": run.seconds,
    }


def motion_search(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    runs = client.search_motion(
        [camera.id],
        args.time_from_us,
        args.time_to_us,
        cells=args.cells or b"",
        min_duration_us=args.min_duration,
        merge_gap_us=args.merge_gap,
    )
    found = [run_json(run) for run in runs]
    if args.json:
        write_json(
            {
                "camera_id": camera.id,
                "camera": camera.name,
                "start_us": args.time_from_us,
                "end_us": args.time_to_us,
                "runs": found,
            },
            out,
        )
        return
    out.write(f"camera {camera.id} ({camera.name}): {len(found)} runs of motion\n")
    if found:
        rows = [
            [
                local_time_from_us(r["start_us"]),
                local_time_from_us(r["end_us"]),
                format_duration_us(r["end_us"] - r["start_us"]),
                str(r["seconds"]),
            ]
            for r in found
        ]
        out.write(format_table(["START", "END", "LENGTH", "MOTION S"], rows) + "\n")


COMMANDS: Commands = {
    ("motion", "show"): motion_show,
    ("motion", "set"): motion_set,
    ("motion", "search"): motion_search,
}
