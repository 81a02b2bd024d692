"""``vedette alarms`` and ``vedette rules``: alarm handling and alarm rules (issue 15).

- ``alarms list [--state S[,S]] [--priority N] [--camera ID] [--text T] [--limit N]
  [--json]``: newest first; ``alarms show ID [--json]`` with its history;
- ``alarms ack ID [ID …]`` or ``alarms ack --all [filters]`` (the New ones), then
  ``assign ID USER``, ``comment ID TEXT``, ``hold|resume|release|reopen ID``,
  ``priority ID N``, ``close ID --resolution R [--text T]``; each takes
  ``--version N`` (the version read: refused when someone changed the alarm since);
- ``alarms trigger --name NAME [--camera ID] [--priority N] [--text T]``: a manual
  alarm; ``alarms silence``: the buzzer off everywhere; ``alarms stats [--from T]
  [--to T]``;
- ``rules list|show RULE|put NAME --file F|rm RULE`` (RULE: id or name; F: the rule's
  JSON definition, ``-`` for stdin; ``rules show --json`` prints it under
  ``definition``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from vedette_api.cli.format import format_table, local_time_from_us, message_to_json
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.values import whole_number
from vedette_api.client import Client
from vedette_api.client.alarms import (
    RESOLUTION_NAMES,
    RESOLUTIONS,
    STATE_NAMES,
    STATES,
    alarm_filter,
)
from vedette_api.errors import InvalidArgument
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import alarms_pb2, rules_pb2

alarm_id = whole_number(1, 2**63 - 1)
version = whole_number(1, 2**63 - 1)
priority = whole_number(1, 3)
TIME_HELP = "ISO 8601, 'now', or -10m, -2h, -1d"


def state_list(text: str) -> list[str]:
    """``new,in_progress`` → the names, each checked."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in STATES:
            raise argparse.ArgumentTypeError(f"{name!r} is not one of {', '.join(STATES)}")
    return names


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state", type=state_list, default=[], metavar="S[,S]", help=", ".join(STATES)
    )
    parser.add_argument("--priority", type=priority, default=0, metavar="N", help="1..N only")
    parser.add_argument("--camera", type=alarm_id, action="append", default=[], metavar="ID")
    parser.add_argument("--text", default="", help="part of the title, rule, category or owner")


def _version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version", type=version, default=0, metavar="N", help="the version read (checked)"
    )


def add_parsers(commands: SubParsers) -> None:
    alarms = commands.add_parser("alarms", help="alarms: list, acknowledge, handle, trigger")
    actions = alarms.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="alarms, newest first")
    _filter_options(listing)
    listing.add_argument("--limit", type=whole_number(1, 100_000), default=100, metavar="N")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show = actions.add_parser("show", help="an alarm and its history")
    show.add_argument("alarm", type=alarm_id, metavar="ID")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    ack = actions.add_parser("ack", help="acknowledge alarms (IDs, or --all New ones)")
    ack.add_argument("alarms", type=alarm_id, nargs="*", metavar="ID")
    ack.add_argument("--all", action="store_true", help="every New alarm the filters select")
    _filter_options(ack)
    ack.add_argument("--json", action="store_true", help="machine-readable output")
    simple_actions = (
        ("hold", "put on hold"),
        ("resume", "resume from hold"),
        ("release", "give back to the queue"),
        ("reopen", "reopen a closed one"),
    )
    for name, what in simple_actions:
        simple = actions.add_parser(name, help=what)
        simple.add_argument("alarm", type=alarm_id, metavar="ID")
        if name in ("hold", "reopen"):
            simple.add_argument("--text", default="", help="why")
        _version_option(simple)
        simple.add_argument("--json", action="store_true", help="machine-readable output")
    assign = actions.add_parser("assign", help="give an alarm to a user")
    assign.add_argument("alarm", type=alarm_id, metavar="ID")
    assign.add_argument("owner", metavar="USER")
    comment = actions.add_parser("comment", help="add a comment to an alarm's history")
    comment.add_argument("alarm", type=alarm_id, metavar="ID")
    comment.add_argument("text", metavar="TEXT")
    level = actions.add_parser("priority", help="change an alarm's priority")
    level.add_argument("alarm", type=alarm_id, metavar="ID")
    level.add_argument("priority", type=priority, metavar="N", help="1 high, 2, 3 low")
    close = actions.add_parser("close", help="close an alarm with a resolution")
    close.add_argument("alarm", type=alarm_id, metavar="ID")
    close.add_argument("--resolution", required=True, choices=tuple(RESOLUTIONS))
    close.add_argument("--text", default="", help="a closing note")
    for parser in (assign, comment, level, close):
        _version_option(parser)
        parser.add_argument("--json", action="store_true", help="machine-readable output")
    trigger = actions.add_parser("trigger", help="raise a manual alarm")
    trigger.add_argument("--name", required=True, help="the alarm's title")
    trigger.add_argument("--camera", type=alarm_id, default=0, metavar="ID")
    trigger.add_argument("--priority", type=priority, default=0, metavar="N", help="default 2")
    trigger.add_argument("--text", default="", help="what the operators should know")
    trigger.add_argument("--json", action="store_true", help="machine-readable output")
    actions.add_parser("silence", help="silence the buzzer on every console")
    stats = actions.add_parser("stats", help="counts and times to acknowledge and close")
    stats.add_argument("--from", dest="time_from", metavar="T", help=TIME_HELP)
    stats.add_argument("--to", dest="time_to", metavar="T", help=TIME_HELP)
    stats.add_argument("--json", action="store_true", help="machine-readable output")

    rules = commands.add_parser("rules", help="alarm rules: what events raise and do")
    ractions = rules.add_subparsers(dest="action", metavar="ACTION", required=True)
    ractions.add_parser("list", help="every rule").add_argument("--json", action="store_true")
    rshow = ractions.add_parser("show", help="a rule with its definition")
    rshow.add_argument("rule", metavar="RULE", help="rule id or name")
    rshow.add_argument("--json", action="store_true", help="machine-readable output")
    put = ractions.add_parser("put", help="create or replace a rule from a JSON definition")
    put.add_argument("name", metavar="NAME")
    put.add_argument("--file", required=True, metavar="F", help="the definition (JSON; - stdin)")
    enabled = put.add_mutually_exclusive_group()
    enabled.add_argument("--enable", dest="enabled", action="store_const", const=True)
    enabled.add_argument("--disable", dest="enabled", action="store_const", const=False)
    put.add_argument("--schedule", type=whole_number(0, 2**63 - 1), metavar="ID", help="arming")
    _version_option(put)
    put.add_argument("--json", action="store_true", help="machine-readable output")
    remove = ractions.add_parser("rm", help="delete a rule (not a built-in one)")
    remove.add_argument("rule", metavar="RULE", help="rule id or name")


def usage_error(args: argparse.Namespace) -> str | None:
    """What the parser cannot check alone (``entry._validate`` reports it)."""
    if args.command == "alarms" and args.action == "ack":
        if args.all == bool(args.alarms):
            return "alarms ack: name alarm IDs, or --all (with filters)"
        if args.alarms and (args.state or args.priority or args.camera or args.text):
            return "alarms ack: filters go with --all"
    return None


# -- alarms --------------------------------------------------------------------------


def alarm_json(alarm: alarms_pb2.Alarm) -> dict[str, Any]:
    result = message_to_json(alarm)
    result["state"] = STATE_NAMES.get(alarm.state, "")
    result["resolution"] = RESOLUTION_NAMES.get(alarm.resolution, "")
    for feed_only in ("fresh", "snapshot", "activity_kind", "actor"):
        result.pop(feed_only, None)
    return result


def _alarm_row(alarm: alarms_pb2.Alarm) -> list[str]:
    return [
        str(alarm.id),
        STATE_NAMES.get(alarm.state, "?"),
        str(alarm.priority),
        local_time_from_us(us_from_timestamp(alarm.last_time)),
        str(alarm.count),
        alarm.owner or "-",
        str(alarm.camera_id or "-"),
        alarm.title,
    ]


_HEADERS = ("ID", "STATE", "P", "LAST", "COUNT", "OWNER", "CAMERA", "TITLE")


def _write_alarm(alarm: alarms_pb2.Alarm, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        write_json(alarm_json(alarm), out)
    else:
        out.write(format_table(_HEADERS, [_alarm_row(alarm)]) + "\n")


def _filter(args: argparse.Namespace) -> alarms_pb2.AlarmFilter:
    return alarm_filter(
        states=args.state, max_priority=args.priority, camera_ids=args.camera, text=args.text
    )


def alarms_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    found = list(client.list_alarms(_filter(args), limit=args.limit))
    if args.json:
        write_json([alarm_json(a) for a in found], out)
    else:
        out.write(format_table(_HEADERS, [_alarm_row(a) for a in found], right=(0, 2, 4)) + "\n")


def alarms_show(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    detail = client.get_alarm(args.alarm)
    if args.json:
        result = alarm_json(detail.alarm)
        result["activities"] = [message_to_json(a) for a in detail.activities]
        result["playback_start"] = message_to_json(detail)["playback_start"]
        result["playback_end"] = message_to_json(detail)["playback_end"]
        write_json(result, out)
        return
    out.write(format_table(_HEADERS, [_alarm_row(detail.alarm)]) + "\n")
    for activity in detail.activities:
        when = local_time_from_us(us_from_timestamp(activity.time))
        change = f"{activity.before} -> {activity.after}" if activity.after else ""
        note = f"  {activity.text}" if activity.text else ""
        out.write(f"  {when}  {activity.actor}: {activity.kind} {change}{note}\n".rstrip() + "\n")


def alarms_ack(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    if args.all:
        result = client.acknowledge_alarms(alarm_filter=_filter(args))
    else:
        result = client.acknowledge_alarms(args.alarms)
    if args.json:
        write_json(message_to_json(result), out)
    else:
        out.write(f"{result.acknowledged} acknowledged\n")
        for skipped in result.skipped:
            err.write(f"alarm {skipped.alarm_id} skipped: {skipped.reason}\n")
    if not args.all and result.skipped:
        raise InvalidArgument(f"{len(result.skipped)} of {len(args.alarms)} not acknowledged")


def _updated(
    response: alarms_pb2.UpdateAlarmResponse, args: argparse.Namespace, out: TextIO
) -> None:
    _write_alarm(response.alarm, args, out)


def alarms_update(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    alarm, kept = args.alarm, args.version
    action = args.action
    if action == "assign":
        response = client.assign_alarm(alarm, args.owner, version=kept)
    elif action == "comment":
        response = client.comment_alarm(alarm, args.text, version=kept)
    elif action == "priority":
        response = client.set_alarm_priority(alarm, args.priority, version=kept)
    elif action == "close":
        response = client.close_alarm(alarm, args.resolution, args.text, version=kept)
    elif action == "hold":
        response = client.hold_alarm(alarm, args.text, version=kept)
    elif action == "resume":
        response = client.resume_alarm(alarm, version=kept)
    elif action == "release":
        response = client.release_alarm(alarm, version=kept)
    else:
        response = client.reopen_alarm(alarm, args.text, version=kept)
    _updated(response, args, out)


def alarms_trigger(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    alarm = client.trigger_alarm(
        args.name, camera_id=args.camera, priority=args.priority, text=args.text
    )
    _write_alarm(alarm, args, out)


def alarms_silence(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    client.silence_buzzer()
    out.write("buzzer silenced\n")


def alarms_stats(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    stats = client.alarm_statistics(args.time_from_us, args.time_to_us)
    if args.json:
        write_json(message_to_json(stats), out)
        return
    out.write(f"{stats.total} alarms\n")
    for title, counts in (("state", stats.by_state), ("priority", stats.by_priority),
                          ("owner", stats.by_owner)):  # fmt: skip
        shown = ", ".join(f"{c.value or '-'}: {c.count}" for c in counts)
        out.write(f"  by {title}: {shown or '-'}\n")
    for title, durations in (("acknowledge", stats.overall.time_to_acknowledge),
                             ("close", stats.overall.time_to_close)):  # fmt: skip
        if durations.count:
            median = durations.median.ToMicroseconds() / 1e6
            p90 = durations.p90.ToMicroseconds() / 1e6
            out.write(f"  time to {title}: median {median:g} s, p90 {p90:g} s\n")


# -- rules ---------------------------------------------------------------------------


def rule_json(rule: rules_pb2.Rule) -> dict[str, Any]:
    result = message_to_json(rule)
    result["definition"] = json.loads(result.pop("definition_json") or "{}")
    return result


def _rule(client: Client, text: str) -> rules_pb2.Rule:
    if text.isdigit():
        return client.get_rule(int(text))
    return client.get_rule(name=text)


def rules_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    found = client.list_rules()
    if args.json:
        write_json([rule_json(r) for r in found], out)
        return
    rows = [
        [str(r.id), r.name, "yes" if r.enabled else "no", r.builtin or "-", str(r.version)]
        for r in found
    ]
    out.write(format_table(("ID", "NAME", "ENABLED", "BUILT-IN", "VERSION"), rows) + "\n")


def rules_show(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    rule = _rule(client, args.rule)
    if args.json:
        write_json(rule_json(rule), out)
        return
    state = "enabled" if rule.enabled else "disabled"
    out.write(f"{rule.id}  {rule.name}  ({state}, version {rule.version})\n")
    out.write(json.dumps(json.loads(rule.definition_json or "{}"), indent=2) + "\n")


def _read_definition(path: str) -> str:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as file:
                text = file.read()
    except OSError as error:
        raise InvalidArgument(f"--file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InvalidArgument(f"--file {path}: not UTF-8 text") from None
    try:
        body = json.loads(text)
    except ValueError as error:
        raise InvalidArgument(f"--file {path}: not JSON: {error}") from None
    if isinstance(body, dict) and "definition" in body:  # what `rules show --json` prints
        body = body["definition"]
    return json.dumps(body)


def rules_put(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    definition = _read_definition(args.file)
    existing = {r.name: r for r in client.list_rules()}.get(args.name)
    enabled = args.enabled if args.enabled is not None else (existing.enabled if existing else True)
    schedule = args.schedule
    if schedule is None:
        schedule = existing.arming_schedule_id if existing else 0
    response = client.put_rule(
        args.name,
        definition,
        enabled=enabled,
        arming_schedule_id=schedule,
        expected_version=args.version,
    )
    if args.json:
        write_json({**rule_json(response.rule), "created": response.created}, out)
    else:
        what = "created" if response.created else "replaced"
        rule = response.rule
        out.write(f"rule {rule.name} {what} (id {rule.id}, version {rule.version})\n")


def rules_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    rule = _rule(client, args.rule)
    client.delete_rule(rule.id)
    out.write(f"rule {rule.name} deleted\n")


UPDATES = ("assign", "comment", "priority", "close", "hold", "resume", "release", "reopen")
COMMANDS: Commands = {
    ("alarms", "list"): alarms_list,
    ("alarms", "show"): alarms_show,
    ("alarms", "ack"): alarms_ack,
    **{("alarms", action): alarms_update for action in UPDATES},
    ("alarms", "trigger"): alarms_trigger,
    ("alarms", "silence"): alarms_silence,
    ("alarms", "stats"): alarms_stats,
    ("rules", "list"): rules_list,
    ("rules", "show"): rules_show,
    ("rules", "put"): rules_put,
    ("rules", "rm"): rules_rm,
}
