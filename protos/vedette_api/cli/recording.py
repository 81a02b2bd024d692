"""``vedette recording show|set CAMERA`` (a camera's recording policy, REC-02..07) and
``vedette schedules list|show|put|rm`` (weekly schedules, REC-05).

``recording set`` changes only what its options name (the rest is read from the server
first): ``--mode`` (a REC-02 preset: 24x7 for the kinds it names, none for the
others), ``--normal-schedule``/``--motion-schedule``/``--sensor-schedule``/
``--analytics-schedule NAME|none`` (over the mode's), ``--normal-stream``/
``--event-stream main|sub|both``, ``--pre S`` (0-600), ``--post S`` (5-600) and
``--copy-to CAMERA ...`` (the same policy for other cameras).

``schedules put NAME`` starts from the schedule of that name (empty when new), then
``--preset NAME`` (another schedule's week, e.g. 24x5), then each ``--day
DAY=HH:MM-HH:MM,...|none``, then each ``--copy DAY=DAY,DAY``. Times are the server's
wall clock; ``24:00`` ends the day.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli.format import format_table
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.values import whole_number
from vedette_api.client import Client
from vedette_api.client.recording_policy import DAYS, MODES, STREAM_NAMES, STREAMS, week_days
from vedette_api.v1 import recording_pb2
from vedette_api.week_text import format_ranges, parse_ranges

KINDS = ("normal", "motion", "sensor", "analytics")
#: The kinds of recording each mode preset turns on (as the server's presets).
MODE_KINDS: dict[str, frozenset[str]] = {
    mode: frozenset() if mode == "none" else frozenset(
        "normal" if part == "always" else part for part in mode.split("+")
    )
    for mode in MODES
}  # fmt: skip


def day_ranges(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``mon=08:00-12:00,13:00-18:00`` (or ``mon=none``) → (day, ranges)."""
    day, sep, ranges = text.partition("=")
    if not sep or day not in DAYS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not DAY=HH:MM-HH:MM,... with DAY one of {', '.join(DAYS)}"
        )
    try:
        return day, parse_ranges(ranges)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{day}: {error}") from None


def day_copy(text: str) -> tuple[str, list[str]]:
    """``mon=tue,wed`` → ("mon", ["tue", "wed"])."""
    source, sep, targets = text.partition("=")
    days = targets.split(",") if targets else []
    if not sep or source not in DAYS or not days or any(d not in DAYS for d in days):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not DAY=DAY,DAY... with days among {', '.join(DAYS)}"
        )
    return source, days


def add_parsers(commands: SubParsers) -> None:
    recording = commands.add_parser("recording", help="a camera's recording policy")
    actions = recording.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the mode, schedules, streams, pre and post")
    show.add_argument("camera", metavar="CAMERA", help="camera id or name")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    put = actions.add_parser("set", help="change the policy (applied at once)")
    put.add_argument("camera", metavar="CAMERA", help="camera id or name")
    put.add_argument("--mode", choices=MODES)
    for kind in KINDS:
        put.add_argument(f"--{kind}-schedule", metavar="NAME|none")
    put.add_argument("--normal-stream", choices=tuple(STREAMS))
    put.add_argument("--event-stream", choices=tuple(STREAMS))
    put.add_argument("--pre", type=whole_number(0, 600), metavar="S", help="seconds, 0-600")
    put.add_argument("--post", type=whole_number(5, 600), metavar="S", help="seconds, 5-600")
    put.add_argument("--copy-to", nargs="+", action="extend", default=[], metavar="CAMERA")
    put.add_argument("--json", action="store_true", help="machine-readable output")

    schedules = commands.add_parser("schedules", help="weekly schedules for recording")
    sactions = schedules.add_subparsers(dest="action", metavar="ACTION", required=True)
    sactions.add_parser("list", help="every schedule").add_argument("--json", action="store_true")
    sshow = sactions.add_parser("show", help="one schedule's ranges")
    sshow.add_argument("name", metavar="NAME")
    sshow.add_argument("--json", action="store_true")
    sput = sactions.add_parser("put", help="create or change a schedule")
    sput.add_argument("name", metavar="NAME")
    sput.add_argument("--preset", metavar="NAME", help="start from this schedule's week")
    sput.add_argument(
        "--day", type=day_ranges, action="append", default=[], metavar="DAY=HH:MM-HH:MM,..."
    )
    sput.add_argument("--copy", type=day_copy, action="append", default=[], metavar="DAY=DAY,...")
    sput.add_argument("--json", action="store_true")
    srm = sactions.add_parser("rm", help="delete a schedule no camera uses")
    srm.add_argument("name", metavar="NAME")


# -- schedules ---------------------------------------------------------------------------


def schedule_json(schedule: recording_pb2.Schedule) -> dict[str, Any]:
    days = week_days(schedule.week)
    return {
        "id": schedule.id,
        "name": schedule.name,
        "builtin": schedule.builtin,
        "read_only": schedule.read_only,
        "used_by_camera_ids": list(schedule.used_by_camera_ids),
        "days": {d: format_ranges(r) for d, r in days.items()},
        "minutes": {d: [list(r) for r in ranges] for d, ranges in days.items()},
    }


def _write_schedule(schedule: recording_pb2.Schedule, out: TextIO) -> None:
    flags = " (built in, read-only)" if schedule.read_only else (
        " (built in)" if schedule.builtin else ""
    )  # fmt: skip
    out.write(f"schedule {schedule.name}{flags}, id {schedule.id}\n")
    for day, ranges in week_days(schedule.week).items():
        out.write(f"  {day}  {format_ranges(ranges)}\n")
    used = ", ".join(str(c) for c in schedule.used_by_camera_ids) or "no camera"
    out.write(f"used by {used}\n")


def schedules_list(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    found = client.list_schedules()
    if args.json:
        write_json([schedule_json(s) for s in found], out)
        return
    rows = [
        [
            str(s.id),
            s.name,
            "read-only" if s.read_only else ("built in" if s.builtin else ""),
            ",".join(str(c) for c in s.used_by_camera_ids),
        ]
        for s in found
    ]
    out.write(format_table(["ID", "NAME", "KIND", "USED BY"], rows) + "\n")


def schedules_show(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    schedule = client.get_schedule(name=args.name)
    if args.json:
        write_json(schedule_json(schedule), out)
    else:
        _write_schedule(schedule, out)


def schedules_put(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    existing = {s.name: s for s in client.list_schedules()}
    days: dict[str, list[tuple[int, int]]] = {d: [] for d in DAYS}
    if args.name in existing:
        days = week_days(existing[args.name].week)
    if args.preset is not None:
        days = week_days(client.get_schedule(name=args.preset).week)
    for day, ranges in args.day:
        days[day] = ranges
    for source, targets in args.copy:
        for target in targets:
            days[target] = list(days[source])
    response = client.put_schedule(args.name, days)
    if args.json:
        write_json({**schedule_json(response.schedule), "created": response.created}, out)
    else:
        _write_schedule(response.schedule, out)


def schedules_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    client.delete_schedule(name=args.name)
    out.write(f"schedule {args.name} deleted\n")


# -- recording policies ------------------------------------------------------------------


def policy_json(
    policy: recording_pb2.RecordingPolicy, names: dict[int, str], camera: str = ""
) -> dict[str, Any]:
    value: dict[str, Any] = {"camera_id": policy.camera_id}
    if camera:
        value["camera"] = camera
    value.update(
        {
            "mode": policy.mode,
            "is_default": policy.is_default,
            **{
                f"{kind}_schedule": names.get(getattr(policy, f"{kind}_schedule_id"))
                for kind in KINDS
            },
            "normal_stream": STREAM_NAMES[policy.normal_streams],
            "event_stream": STREAM_NAMES[policy.event_streams],
            "pre_s": policy.pre_s,
            "post_s": policy.post_s,
            "tentative_segment_s": policy.tentative_segment_s,
        }
    )
    return value


def _write_policy(value: dict[str, Any], out: TextIO) -> None:
    default = " (default: no policy of its own)" if value["is_default"] else ""
    out.write(f"camera {value['camera_id']} records in mode {value['mode']}{default}\n")
    for kind in KINDS:
        out.write(f"  {kind:<9} schedule: {value[f'{kind}_schedule'] or 'none'}\n")
    out.write(
        f"  normal recording of {value['normal_stream']}, event recording of"
        f" {value['event_stream']}, pre {value['pre_s']} s, post {value['post_s']} s\n"
    )


def _schedule_names(client: Client) -> dict[int, str]:
    return {s.id: s.name for s in client.list_schedules()}


def recording_show(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    [policy] = client.get_recording_policies([camera.id])
    value = policy_json(policy, _schedule_names(client), camera.name)
    if args.json:
        write_json(value, out)
    else:
        _write_policy(value, out)


def recording_set(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    camera = client.find_camera(args.camera)
    [current] = client.get_recording_policies([camera.id])
    names = _schedule_names(client)
    ids = {name: schedule_id for schedule_id, name in names.items()}
    chosen = {k: getattr(args, f"{k}_schedule") for k in KINDS}
    given = {k: v for k, v in chosen.items() if v is not None}
    for name in given.values():
        if name != "none" and name not in ids:
            client.get_schedule(name=name)  # NOT_FOUND naming it
    if args.mode is not None:
        always = ids["24x7"]
        schedule_ids = {k: (always if k in MODE_KINDS[args.mode] else 0) for k in KINDS}
    else:
        schedule_ids = {k: getattr(current, f"{k}_schedule_id") for k in KINDS}
    for kind, name in given.items():
        schedule_ids[kind] = 0 if name == "none" else ids[name]
    copies = [client.find_camera(c).id for c in args.copy_to]
    policies = client.set_recording_policy(
        camera.id,
        normal_schedule_id=schedule_ids["normal"],
        motion_schedule_id=schedule_ids["motion"],
        sensor_schedule_id=schedule_ids["sensor"],
        analytics_schedule_id=schedule_ids["analytics"],
        normal_streams=args.normal_stream or STREAM_NAMES[current.normal_streams],
        event_streams=args.event_stream or STREAM_NAMES[current.event_streams],
        pre_s=current.pre_s if args.pre is None else args.pre,
        post_s=current.post_s if args.post is None else args.post,
        copy_to=copies,
    )
    value = policy_json(policies[0], names, camera.name)
    if args.json:
        write_json({**value, "copied_to_camera_ids": [p.camera_id for p in policies[1:]]}, out)
        return
    _write_policy(value, out)
    if copies:
        out.write(f"copied to camera(s) {', '.join(str(p.camera_id) for p in policies[1:])}\n")


COMMANDS: Commands = {
    ("recording", "show"): recording_show,
    ("recording", "set"): recording_set,
    ("schedules", "list"): schedules_list,
    ("schedules", "show"): schedules_show,
    ("schedules", "put"): schedules_put,
    ("schedules", "rm"): schedules_rm,
}
