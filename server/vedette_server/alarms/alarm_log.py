"""The system log's alarm entries (SYS-09: "alarm logs"), from the alarm side's bus items.

It listens to ``event.logged`` and ``alarm.changed`` (``bus.py``) and writes
``LogType.ALARM`` entries through the API's ``AuditTrail`` (queued, never blocking):

- ``event.<type>`` when a sensor, motion, analytics or manual event starts: its
  camera (so the log's "play the linked video" works), its subtype and key in the
  detail. Exceptions are not written here when their sources already write
  ``EXCEPTION`` entries (camera offline, volumes, illegal access, ONVIF); those whose
  sources write none (network down, IP conflict, I/O device offline) are:
  ``exception.<subtype>`` (EXCEPTION) when they start, ``….cleared`` (INFORMATION)
  when they end;
- ``alarm.raised``, ``alarm.escalated``, ``alarm.acknowledged``, ``alarm.closed``
  (who, resolution) and ``alarm.state`` (held, resumed, released, reopened) for an
  alarm's lifecycle, with the alarm's first camera.

Each entry's detail carries what its English sentence is made of (the event's
message, the alarm's title and note), so that a console words it in its language.

Invariants:
- a repeat never makes an entry: an event row is written once, when first seen with
  count 1 (its repeats and its end are counts on the row), and a repeat folded into
  an alarm is not a lifecycle change;
- no flood: entries go through ``log_limits.RepeatLimitingHandler`` (the limiter of
  the server's own log), keyed by the event's key or the alarm's id and the action:
  ``burst`` per ``interval_s``, the rest counted into one ``alarm_log.suppressed``
  entry (written by the next entry after the interval, every ``interval_s``, and at
  close);
- never raises into the bus: a malformed item is logged and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final

from vedette_server.alarms.bus import ALARM_CHANGED, EVENT_LOGGED
from vedette_server.alarms.model import Activity, ActivityKind, Alarm, AlarmState
from vedette_server.events import EventBus, ServerEvent
from vedette_server.log_limits import RepeatLimitingHandler
from vedette_server.system_log import EntryWriter, LogType

log = logging.getLogger(__name__)

#: The event types written here (exceptions have their sources' own entries).
EVENT_TYPES: Final = frozenset({"sensor", "motion", "analytics", "manual"})
#: Exception subtypes no source writes to the system log (the network watch's, the
#: I/O hub's): written here.
UNLOGGED_EXCEPTIONS: Final = frozenset({"network_down", "ip_conflict", "io_device_offline"})
#: Entries of one (key, action) written per interval before the rest are counted.
DEFAULT_BURST: Final = 5
DEFAULT_INTERVAL_S: Final = 60.0
#: Event rows remembered as written (their end and repeats come later).
MAX_SEEN_EVENTS: Final = 10_000
_ENTRY = "vedette_alarm_entry"


class _EntryHandler(logging.Handler):
    """The limiter's target: a record carrying an entry writes it; the limiter's own
    summary records become ``alarm_log.suppressed`` entries."""

    def __init__(self, writer: EntryWriter) -> None:
        super().__init__()
        self.writer = writer

    def emit(self, record: logging.LogRecord) -> None:
        entry: dict[str, Any] | None = getattr(record, _ENTRY, None)
        try:
            if entry is not None:
                self.writer.record(**entry)
                return
            self.writer.record(
                LogType.ALARM,
                "alarm_log.suppressed",
                f"{record.name}: {record.getMessage()}",
                detail={"key": record.name},
            )
        except Exception:
            log.exception("could not queue an alarm log entry")


class AlarmLog:
    """Listens to the bus from ``start()`` to ``aclose()``; ``handle`` is the listener."""

    def __init__(
        self,
        events: EventBus,
        writer: EntryWriter,
        *,
        burst: int = DEFAULT_BURST,
        interval_s: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._events = events
        self._limiter = (
            RepeatLimitingHandler(_EntryHandler(writer), burst=burst, interval_s=interval_s)
            if clock is None
            else RepeatLimitingHandler(
                _EntryHandler(writer), burst=burst, interval_s=interval_s, clock=clock
            )
        )
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._stop_listening: Callable[[], None] | None = None
        self._flusher: asyncio.Task[None] | None = None
        self.bad_items = 0

    async def start(self) -> None:
        self._stop_listening = self._events.listen(self.handle)
        self._flusher = asyncio.create_task(self._flush_forever(), name="alarm log summaries")

    async def aclose(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        self._limiter.flush_summaries()

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(self._limiter.interval_s)
            self._limiter.flush_summaries()

    def handle(self, event: ServerEvent) -> None:
        """The bus listener: never raises, never blocks."""
        if event.kind not in (EVENT_LOGGED, ALARM_CHANGED):
            return
        try:
            if event.kind == EVENT_LOGGED:
                self._event_logged(event.facts)
            else:
                self._alarm_changed(event.facts)
        except Exception:
            self.bad_items += 1
            log.exception("alarm log: could not read a %s item", event.kind)

    # -- events ------------------------------------------------------------------------

    def _event_logged(self, facts: dict[str, Any]) -> None:
        kind = str(facts["type"])
        event_id = int(facts["event_id"])
        if kind == "exception" and str(facts["subtype"]) in UNLOGGED_EXCEPTIONS:
            self._exception(event_id, facts)
            return
        if kind not in EVENT_TYPES or int(facts["count"]) != 1 or event_id in self._seen:
            return
        start_us, end_us = int(facts["start_us"]), facts["end_us"]
        if end_us is not None and int(end_us) != start_us:
            return  # the end of an event whose start was not seen: not a start
        self._remember(event_id)
        subtype, key = str(facts["subtype"]), str(facts["key"])
        camera = facts.get("camera_id")
        camera_id = None if camera is None else int(camera)
        what = f"{kind} event" + (f" ({subtype})" if subtype and subtype != kind else "")
        where = "" if camera_id is None else f" on camera {camera_id}"
        message = str(facts.get("message") or "")
        self._write(
            key,
            f"event.{kind}",
            f"{what}{where}" + (f": {message}" if message else ""),
            camera_id=camera_id,
            username=str(facts.get("source") or ""),
            detail={
                "event_id": event_id,
                "type": kind,
                "subtype": subtype,
                "key": key,
                "start_us": start_us,
                "message": message,
            },
        )

    def _exception(self, event_id: int, facts: dict[str, Any]) -> None:
        """A start (first seen, count 1, open) and its end, each once."""
        subtype, key = str(facts["subtype"]), str(facts["key"])
        ended = facts["end_us"] is not None
        if not ended:
            if event_id in self._seen or int(facts["count"]) != 1:
                return
            self._remember(event_id)
        elif event_id in self._seen:
            del self._seen[event_id]  # its end: written once
        else:
            return  # an end whose start was not seen here
        camera = facts.get("camera_id")
        self._write(
            key,
            f"exception.{subtype}" + (".cleared" if ended else ""),
            str(facts.get("message") or subtype) + (" (cleared)" if ended else ""),
            camera_id=None if camera is None else int(camera),
            username="",
            detail={
                "event_id": event_id,
                "subtype": subtype,
                "key": key,
                "message": str(facts.get("message") or ""),
            },
            type=LogType.INFORMATION if ended else LogType.EXCEPTION,
        )

    def _remember(self, event_id: int) -> None:
        self._seen[event_id] = None
        while len(self._seen) > MAX_SEEN_EVENTS:
            self._seen.popitem(last=False)

    # -- alarms ------------------------------------------------------------------------

    def _alarm_changed(self, facts: dict[str, Any]) -> None:
        alarm: Alarm = facts["alarm"]
        activity: Activity | None = facts["activity"]
        if activity is None:
            return
        action = _lifecycle_action(activity)
        if action is None:
            return  # a fold, a comment, an assignment, an action's outcome
        camera_ids = tuple(int(c) for c in facts.get("camera_ids", ()))
        rule = str(facts.get("rule_name", ""))
        verb = action.removeprefix("alarm.")
        if action == "alarm.state":
            verb = f"now {alarm.state.value.replace('_', ' ')}"
        how = ""
        if alarm.resolution is not None and action == "alarm.closed":
            how = f" ({alarm.resolution.value.replace('_', ' ')})"
        by = "" if activity.actor == "system" else f" by {activity.actor}"
        text = f": {activity.text}" if activity.text else ""
        self._write(
            f"alarm {alarm.id}",
            action,
            f"alarm {alarm.id} {verb}{by}{how}: {alarm.title}{text}",
            camera_id=camera_ids[0] if camera_ids else None,
            username=activity.actor,
            detail={
                "alarm_id": alarm.id,
                "rule": rule,
                "key": alarm.key,
                "priority": alarm.priority,
                "state": alarm.state.value,
                "resolution": None if alarm.resolution is None else alarm.resolution.value,
                "count": alarm.count,
                "camera_ids": list(camera_ids),
                "title": alarm.title,
                "text": activity.text or "",
            },
        )

    def _write(
        self,
        key: str,
        action: str,
        message: str,
        *,
        camera_id: int | None,
        username: str,
        detail: dict[str, Any],
        type: LogType = LogType.ALARM,
    ) -> None:
        record = logging.LogRecord(key, logging.INFO, __file__, 0, action, None, None)
        entry = {
            "type": type,
            "action": action,
            "message": message,
            "camera_id": camera_id,
            "username": username,
            "detail": detail,
        }
        setattr(record, _ENTRY, entry)
        self._limiter.handle(record)


def _lifecycle_action(activity: Activity) -> str | None:
    """The entry's action for an activity that changes an alarm's life, else None."""
    match activity.kind:
        case ActivityKind.CREATED:
            return "alarm.raised"
        case ActivityKind.ESCALATION:
            return "alarm.escalated"
        case ActivityKind.AUTO_CLOSE:
            return "alarm.closed"
        case ActivityKind.STATE if activity.state_after is AlarmState.CLOSED:
            return "alarm.closed"
        case ActivityKind.STATE if (
            activity.state_before is AlarmState.NEW
            and activity.state_after is AlarmState.IN_PROGRESS
        ):
            return "alarm.acknowledged"
        case ActivityKind.STATE:
            return "alarm.state"
        case _:
            return None
