"""``vedette timeline|record|events|tags|lock|days``: what was recorded, manual
recording, events, tags, evidence locks and the calendar of recorded days, from the
command line.

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server. Times are what
``vedette_api.cli.timeparse`` reads (ISO 8601, ``now``, ``-10m``...), parsed by the
entry point into ``<dest>_us``. At a site directory, ``timeline``, ``days`` and
``events`` of a site camera follow custody (``site_custody``).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from vedette_api.cli.format import (
    enum_label,
    format_table,
    local_time_from_us,
    message_to_json,
    rfc3339_from_us,
    timeline_gaps_us,
    timeline_json,
    timeline_rows,
)
from vedette_api.cli.io import Commands, SubParsers, add_range_options, write_json
from vedette_api.cli.site_custody import site_days, site_events
from vedette_api.cli.timeparse import format_duration_us
from vedette_api.cli.values import record_id, result_limit, year_month
from vedette_api.client import Client, SiteSession
from vedette_api.client.search import EVENT_TYPES
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import cameras_pb2, common_pb2, search_pb2


def _camera_ids(client: Client, refs: list[str] | None) -> list[int]:
    return [client.find_camera(ref).id for ref in refs or ()]


def _range_options(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument("--from", dest="time_from", metavar="T", required=required)
    parser.add_argument("--to", dest="time_to", metavar="T", required=required)


def add_parsers(commands: SubParsers) -> None:
    # No abbreviations: `--fro -1h` must not slip past join_time_values as `--from`.
    timeline = commands.add_parser(
        "timeline", help="what a camera recorded between two times", allow_abbrev=False
    )
    add_range_options(timeline)
    timeline.add_argument("--json", action="store_true", help="machine-readable output")
    record = commands.add_parser("record", help="manual recording on, off, and status")
    actions = record.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("start", "start manual recording"), ("stop", "stop manual recording")):
        action = actions.add_parser(name, help=f"{text} (no CAMERA: every camera)")
        action.add_argument("cameras", nargs="*", metavar="CAMERA")
    actions.add_parser("status", help="what each camera records").add_argument(
        "--json", action="store_true"
    )
    events = commands.add_parser("events", help="search events", allow_abbrev=False)
    events.add_argument("--type", action="append", dest="types", choices=sorted(EVENT_TYPES))
    events.add_argument(
        "--subtype", action="append", dest="subtypes", metavar="SUBTYPE",
        help="line_crossing, camera_offline, an input's name... (repeatable)",
    )  # fmt: skip
    events.add_argument("--camera", action="append", dest="cameras", metavar="CAMERA")
    _range_options(events)
    events.add_argument("--limit", type=result_limit, default=100)
    events.add_argument(
        "--counts", action="store_true", help="how many events per type and subtype, not the events"
    )
    events.add_argument("--json", action="store_true")
    tags = commands.add_parser("tags", help="list, add, rename and remove tags (bookmarks)")
    tactions = tags.add_subparsers(dest="action", metavar="ACTION", required=True)
    tlist = tactions.add_parser("list", allow_abbrev=False)
    tlist.add_argument("--camera", action="append", dest="cameras", metavar="CAMERA")
    _range_options(tlist)
    tlist.add_argument("--text", default="")
    tlist.add_argument("--json", action="store_true")
    tadd = tactions.add_parser("add", help="tag an instant (default now)", allow_abbrev=False)
    tadd.add_argument("camera", metavar="CAMERA")
    tadd.add_argument("--at", dest="time_at", metavar="T", default="now")
    tadd.add_argument("--name", default="", help="default: the instant, in the server's zone")
    trename = tactions.add_parser("rename")
    trename.add_argument("tag_id", type=record_id, metavar="ID")
    trename.add_argument("name")
    tactions.add_parser("rm").add_argument("tag_id", type=record_id, metavar="ID")
    lock = commands.add_parser("lock", help="evidence locks: keep a range from retention")
    lactions = lock.add_subparsers(dest="action", metavar="ACTION", required=True)
    ladd = lactions.add_parser("add", allow_abbrev=False)
    ladd.add_argument("camera", metavar="CAMERA")
    _range_options(ladd, required=True)
    ladd.add_argument("--reason", required=True)
    ladd.add_argument("--expire", metavar="T", help="when the lock ends (default: never)")
    llist = lactions.add_parser("list")
    llist.add_argument("--camera", action="append", dest="cameras", metavar="CAMERA")
    llist.add_argument("--json", action="store_true")
    lactions.add_parser("rm", help="unlock").add_argument("lock_id", type=record_id, metavar="ID")
    days = commands.add_parser("days", help="days of a month with recordings")
    days.add_argument("camera", metavar="CAMERA")
    days.add_argument("--month", required=True, metavar="YYYY-MM", type=year_month)
    days.add_argument("--stream", choices=("main", "sub"), default="main")


def site_timeline(client: Client, camera: cameras_pb2.Camera, args: argparse.Namespace,
                  out: TextIO) -> None:  # fmt: skip
    """``timeline`` at a site directory: each server's part, as custody says."""
    with SiteSession(client, trust_new=args.trust_new_certificate) as site:
        merged = site.camera_timeline(camera.id, args.start_us, args.end_us, stream=args.stream)
    if args.json:
        write_json(
            {
                "camera_id": camera.id,
                "camera_name": camera.name,
                "site_camera_id": merged.site_camera_id,
                "start_time": rfc3339_from_us(args.start_us),
                "end_time": rfc3339_from_us(args.end_us),
                "stream": args.stream,
                "runs": [
                    {
                        "server": run.server,
                        "start_time": rfc3339_from_us(run.start_us),
                        "end_time": rfc3339_from_us(run.end_us),
                    }
                    for run in merged.runs
                ],
                "unreachable": merged.unreachable,
            },
            out,
        )
        return
    out.write(
        f"camera {camera.id} ({camera.name}) across the site, {args.stream} stream, "
        f"{local_time_from_us(args.start_us)} to {local_time_from_us(args.end_us)}: "
        f"{len(merged.runs)} runs, {format_duration_us(merged.recorded_us())} recorded\n"
    )
    rows = [
        [run.server, local_time_from_us(run.start_us), local_time_from_us(run.end_us),
         format_duration_us(run.end_us - run.start_us)]
        for run in merged.runs
    ]  # fmt: skip
    if rows:
        out.write(format_table(["SERVER", "FROM", "TO", "LENGTH"], rows) + "\n")
    for server, why in merged.unreachable.items():
        out.write(f"not counted: {server} could not be asked ({why})\n")


def timeline(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    if camera.recording_server:  # a site directory: the camera's servers, by custody
        site_timeline(client, camera, args, out)
        return
    found = client.get_timeline([camera.id], args.start_us, args.end_us, stream=args.stream)
    line = next(
        (item for item in found if item.camera_id == camera.id),
        search_pb2.CameraTimeline(camera_id=camera.id),
    )
    if args.json:
        result = timeline_json(line, camera.name)
        result.update(
            start_time=rfc3339_from_us(args.start_us),
            end_time=rfc3339_from_us(args.end_us),
            stream=args.stream,
        )
        write_json(result, out)
        return
    recorded_us = sum(
        us_from_timestamp(run.end_time) - us_from_timestamp(run.start_time) for run in line.runs
    )
    out.write(
        f"camera {camera.id} ({camera.name}), {args.stream} stream, "
        f"{local_time_from_us(args.start_us)} to {local_time_from_us(args.end_us)}: "
        f"{len(line.runs)} runs, {len(timeline_gaps_us(line))} gaps, "
        f"{format_duration_us(recorded_us)} recorded\n"
    )
    if line.runs:
        headers, rows = timeline_rows(line)
        out.write(format_table(headers, rows) + "\n")


def record_start(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    cameras = client.start_manual_recording(_camera_ids(client, args.cameras))
    out.write(f"recording by hand: cameras {', '.join(map(str, cameras)) or 'none'}\n")


def record_stop(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    cameras = client.stop_manual_recording(_camera_ids(client, args.cameras))
    out.write(f"manual recording stopped: cameras {', '.join(map(str, cameras)) or 'none'}\n")


def record_status(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    found = client.get_recording_status()
    if args.json:
        write_json([message_to_json(c) for c in found], out)
        return
    names = {c.id: c.name for c in client.list_cameras()}
    rows = [
        [
            str(c.camera_id),
            names.get(c.camera_id, "?"),
            "yes" if c.recording else "no",
            ",".join(
                enum_label(common_pb2.RecordReason, r, "RECORD_REASON_") for r in c.record_reasons
            )
            or "-",
            c.manual_started_by or "-",
            str(c.volume_id or "-"),
            c.not_recording_reason or "-",
        ]
        for c in found
    ]
    headers = ["ID", "CAMERA", "RECORDING", "REASONS", "MANUAL BY", "VOLUME", "WHY NOT"]
    out.write(format_table(headers, rows) + "\n")


def events(client: Client, args: argparse.Namespace, now_us: int, out: TextIO, __: TextIO) -> None:
    cameras = [client.find_camera(ref) for ref in args.cameras or ()]
    if any(camera.recording_server for camera in cameras):  # a site directory: by custody
        site_events(client, cameras, args, now_us, out)
        return
    if args.counts:
        event_counts(client, args, out)
        return
    found = list(
        client.search_events(
            types=args.types,
            subtypes=args.subtypes,
            camera_ids=[camera.id for camera in cameras],
            start_us=args.time_from_us,
            end_us=args.time_to_us,
            limit=args.limit,
        )
    )
    if args.json:
        write_json([message_to_json(e) for e in found], out)
        return
    rows = [
        [
            str(e.id),
            enum_label(search_pb2.EventType, e.type, "EVENT_TYPE_"),
            e.subtype or "-",
            str(e.camera_id or "-"),
            local_time_from_us(us_from_timestamp(e.start_time)),
            local_time_from_us(us_from_timestamp(e.end_time)) if e.HasField("end_time") else "…",
            str(e.count or 1),
            e.message,
        ]
        for e in found
    ]
    headers = ["ID", "TYPE", "SUBTYPE", "CAMERA", "START", "END", "COUNT", "MESSAGE"]
    out.write(format_table(headers, rows) + "\n")


def event_counts(client: Client, args: argparse.Namespace, out: TextIO) -> None:
    """``vedette events --counts``: the filter chips of a search, as a table."""
    found = client.count_events(
        camera_ids=_camera_ids(client, args.cameras),
        start_us=args.time_from_us,
        end_us=args.time_to_us,
    )
    if args.json:
        write_json([message_to_json(c) for c in found], out)
        return
    rows = [
        [
            enum_label(search_pb2.EventType, c.type, "EVENT_TYPE_"),
            c.subtype or "-",
            str(c.events),
            str(c.occurrences),
        ]
        for c in found
    ]
    out.write(format_table(["TYPE", "SUBTYPE", "EVENTS", "OCCURRENCES"], rows) + "\n")


def tags_list(
    client: Client, args: argparse.Namespace, now_us: int, out: TextIO, __: TextIO
) -> None:
    found = list(
        client.list_tags(
            camera_ids=_camera_ids(client, args.cameras),
            start_us=args.time_from_us,
            end_us=args.time_to_us,
            text=args.text,
        )
    )
    if args.json:
        write_json([message_to_json(t) for t in found], out)
        return
    rows = [
        [str(t.id), str(t.camera_id), local_time_from_us(us_from_timestamp(t.time)), t.name]
        for t in found
    ]
    out.write(format_table(["ID", "CAMERA", "TIME", "NAME"], rows) + "\n")


def tags_add(
    client: Client, args: argparse.Namespace, now_us: int, out: TextIO, __: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    at = args.time_at_us
    assert at is not None
    tag = client.create_tag(camera.id, at, args.name)
    out.write(f"added tag {tag.id} ({tag.name}) on camera {camera.name}\n")


def tags_rename(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    tag = client.rename_tag(args.tag_id, args.name)
    out.write(f"tag {tag.id} is now {tag.name!r}\n")


def tags_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.delete_tag(args.tag_id)
    out.write(f"deleted tag {args.tag_id}\n")


def lock_add(
    client: Client, args: argparse.Namespace, now_us: int, out: TextIO, __: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    start = args.time_from_us
    end = args.time_to_us
    assert start is not None and end is not None
    lock = client.lock_range(camera.id, start, end, args.reason, expire_us=args.expire_us)
    out.write(
        f"locked camera {camera.name} from {local_time_from_us(start)} to"
        f" {local_time_from_us(end)} (lock {lock.id}, {lock.segment_count} segments)\n"
    )


def lock_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    found = list(client.list_locks(_camera_ids(client, args.cameras)))
    if args.json:
        write_json([message_to_json(x) for x in found], out)
        return
    rows = [
        [
            str(x.id),
            str(x.camera_id),
            local_time_from_us(us_from_timestamp(x.start_time)),
            local_time_from_us(us_from_timestamp(x.end_time)),
            str(x.segment_count),
            x.reason,
        ]
        for x in found
    ]
    out.write(format_table(["ID", "CAMERA", "FROM", "TO", "SEGMENTS", "REASON"], rows) + "\n")


def lock_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.unlock(args.lock_id)
    out.write(f"removed lock {args.lock_id}\n")


def days(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    year, month = args.month
    camera = client.find_camera(args.camera)
    if camera.recording_server:  # a site directory: the camera's servers, by custody
        site_days(client, camera, args, out)
        return
    found = client.list_recording_days([camera.id], year, month, stream=args.stream)
    (entry,) = found.cameras
    listed = " ".join(str(d) for d in entry.days) or "none"
    out.write(
        f"{camera.name}, {year}-{month:02d} ({found.time_zone}): days with recordings: {listed}\n"
    )
    if entry.HasField("first_recording_time"):
        first = local_time_from_us(us_from_timestamp(entry.first_recording_time))
        last = local_time_from_us(us_from_timestamp(entry.last_recording_time))
        out.write(f"first recording {first}, last {last}\n")


COMMANDS: Commands = {
    ("timeline", None): timeline,
    ("record", "start"): record_start,
    ("record", "stop"): record_stop,
    ("record", "status"): record_status,
    ("events", None): events,
    ("tags", "list"): tags_list,
    ("tags", "add"): tags_add,
    ("tags", "rename"): tags_rename,
    ("tags", "rm"): tags_rm,
    ("lock", "add"): lock_add,
    ("lock", "list"): lock_list,
    ("lock", "rm"): lock_rm,
    ("days", None): days,
}
