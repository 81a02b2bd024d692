"""``vedette events watch``: the live feed (``AlarmService.WatchEvents``) printed as it
comes, for operators and scripts.

``events watch [--kinds K[,K]] [--camera ID] [--max-priority N] [--json] [--count N]
[--heartbeats]``: ``--kinds`` takes item kinds (``events``, ``alarms``, ``io``,
``popups``, ``buzzer``, ``motion``, ``keyboard``, ``resources``) and resource kinds
(``cameras``, ``camera_status``, ``views``, ...; they imply ``resources``); none:
everything. With ``--json``, one JSON object per line, each with ``seq`` and
``run_id``. When the connection drops, it subscribes again after 1 s (doubling to
30 s) resuming after the last ``seq`` it printed, so nothing is printed twice or
lost while the server keeps it (a ``resync`` line says when it did not). Runs until
interrupted, or until ``--count`` items (heartbeats not counted) were printed.
"""

from __future__ import annotations

import argparse
import json
import threading
from typing import Any, Final, TextIO

from vedette_api.cli.format import local_time_from_us, message_to_json
from vedette_api.cli.io import Commands, SubParsers
from vedette_api.cli.values import whole_number
from vedette_api.client import Client
from vedette_api.errors import Cancelled, DeadlineExceeded, Unavailable
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import alarms_pb2

ITEM_KINDS: Final[dict[str, int]] = {
    "resources": alarms_pb2.WATCH_KIND_RESOURCES,
    "motion": alarms_pb2.WATCH_KIND_MOTION,
    "keyboard": alarms_pb2.WATCH_KIND_KEYBOARD,
    "events": alarms_pb2.WATCH_KIND_EVENTS,
    "alarms": alarms_pb2.WATCH_KIND_ALARMS,
    "io": alarms_pb2.WATCH_KIND_IO,
    "popups": alarms_pb2.WATCH_KIND_POPUPS,
    "buzzer": alarms_pb2.WATCH_KIND_BUZZER,
}
RESOURCE_KINDS: Final[dict[str, int]] = {
    name.removeprefix("RESOURCE_KIND_").lower(): number
    for name, number in alarms_pb2.ResourceKind.items()
    if number
}
RETRY_S: Final = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)


def kind_list(text: str) -> tuple[list[int], list[int]]:
    """``alarms,cameras`` → (item kinds, resource kinds), each name checked."""
    items: list[int] = []
    resources: list[int] = []
    for name in (part.strip() for part in text.split(",")):
        if name in ITEM_KINDS:
            items.append(ITEM_KINDS[name])
        elif name in RESOURCE_KINDS:
            resources.append(RESOURCE_KINDS[name])
        elif name:
            known = ", ".join([*ITEM_KINDS, *RESOURCE_KINDS])
            raise argparse.ArgumentTypeError(f"unknown kind {name!r}; one of {known}")
    if resources and alarms_pb2.WATCH_KIND_RESOURCES not in items and items:
        items.append(alarms_pb2.WATCH_KIND_RESOURCES)
    return items, resources


def add_parsers(commands: SubParsers) -> None:
    # ``vedette events`` (no action) searches the event log (``search``, added before
    # this area): ``watch`` is an action of the same command.
    events = commands.choices.get("events") or commands.add_parser("events")
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=False)
    watch = actions.add_parser("watch", help="print the live feed until interrupted")
    watch.add_argument(
        "--kinds", type=kind_list, default=([], []), metavar="K[,K]", help="default: all"
    )
    watch.add_argument("--camera", type=whole_number(1, 2**63 - 1), action="append", default=[])
    watch.add_argument("--max-priority", type=whole_number(0, 3), default=0, metavar="N")
    watch.add_argument("--json", action="store_true", help="one JSON object per line")
    watch.add_argument("--count", type=whole_number(1, 2**31), metavar="N", help="stop after N")
    watch.add_argument("--heartbeats", action="store_true", help="print heartbeats too")


def response_json(response: alarms_pb2.WatchEventsResponse) -> dict[str, Any]:
    """A feed message as one JSON object: ``seq``, ``run_id``, ``time``, ``kind`` (its
    case) and the case's fields under that name."""
    which = response.WhichOneof("event") or ""
    result: dict[str, Any] = {
        "seq": response.seq,
        "run_id": response.run_id,
        "time": message_to_json(response)["time"],
        "kind": which,
    }
    if which:
        result[which] = message_to_json(getattr(response, which))
    return result


def _line(response: alarms_pb2.WatchEventsResponse) -> str:
    which = response.WhichOneof("event") or "?"
    when = local_time_from_us(us_from_timestamp(response.time))
    body = message_to_json(getattr(response, which)) if which != "?" else {}
    shown = " ".join(f"{k}={v}" for k, v in body.items() if v not in ("", 0, [], None, False))
    return f"{response.seq:>8}  {when}  {which}  {shown}"


class _Printer:
    """Prints messages, remembers where to resume, counts what was printed."""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args, self.out = args, out
        self.seq, self.run_id, self.printed = 0, "", 0

    def take(self, response: alarms_pb2.WatchEventsResponse) -> bool:
        """Print ``response`` (unless a hidden heartbeat); False once done."""
        if response.run_id:
            self.seq, self.run_id = response.seq, response.run_id
        heartbeat = response.HasField("heartbeat")
        if heartbeat and not self.args.heartbeats:
            return True
        text = json.dumps(response_json(response)) if self.args.json else _line(response)
        self.out.write(text + "\n")
        self.out.flush()
        if not heartbeat:
            self.printed += 1
        return self.args.count is None or self.printed < self.args.count


def events_watch(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO
) -> None:
    items, resources = args.kinds
    printer = _Printer(args, out)
    attempt = 0
    stop = threading.Event()
    while True:
        stream = client.watch_events(
            resources,
            items=items,
            camera_ids=args.camera,
            max_priority=args.max_priority,
            resume_after_seq=printer.seq,
            resume_run_id=printer.run_id,
        )
        why = "the server ended it"
        try:
            with stream:
                for response in stream:
                    attempt = 0
                    if not printer.take(response):
                        return
        except (Unavailable, DeadlineExceeded, Cancelled) as error:
            why = error.message
        wait = RETRY_S[min(attempt, len(RETRY_S) - 1)]
        attempt += 1
        err.write(f"vedette: the feed was lost ({why}); again in {wait:g} s\n")
        err.flush()
        stop.wait(wait)


COMMANDS: Commands = {("events", "watch"): events_watch}
