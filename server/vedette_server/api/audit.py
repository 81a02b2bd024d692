"""Writing the audit trail of API calls to the system log.

``request_summary`` turns a request into JSON-able details with every field marked
``(vedette.v1.secret)`` replaced by ``"***"``, bytes fields by their length, and
strings and lists cut to the log's limits (``log_redaction``), so no secret and no
bulk payload reaches the log. It never fails: a field it cannot show says so.

``AuditTrail.record`` makes the entry's row at once (masked, bounded: a queued entry
is small whatever the request held) and queues it for the catalog thread; it never
blocks the event loop. Entries keep their order, and an entry recorded before a
catalog call is queued is written before that call runs. The writer takes every
entry waiting when it runs and stores them in one transaction.

The queue is bounded for what may be lost, and only for that:
- A *refused operation* (an ``OPERATION`` entry whose outcome is not ``ok``: a call
  the server turned down, nothing changed) is dropped when ``MAX_QUEUED_ENTRIES``
  entries already wait. Drops are counted per action, and ``DROPPED_REPORT_S`` after
  the first drop the counts are stored as one ``audit.dropped`` entry (then again
  for the next drops, so a long flood costs one entry per period). A user with no
  rights can send refused calls as fast as the network allows; they must not grow
  the server's memory or the log without bound.
- Every other entry (an accepted change, a login, an exception, the server's own
  information) is always queued: an accepted change is audited whatever the backlog.
  Their rate is bounded by what they need: a session with the right, the login
  throttle, work on the same catalog thread. As a last stop, ``CallGate`` refuses
  audited calls before they run while ``MAX_QUEUED_KEPT`` entries wait, so no change
  is made that could not be queued.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, Final

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from vedette_api.services import is_secret
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent
from vedette_server.log_redaction import MAX_DEPTH, MAX_LIST_ITEMS, redact_text
from vedette_server.system_log import MASK, LogType, SystemLog, entry_row

log = logging.getLogger(__name__)
_WELL_KNOWN = "google.protobuf."

#: Entries waiting for the catalog thread beyond which a refused operation's entry is
#: dropped (and counted).
MAX_QUEUED_ENTRIES: Final = 1000
#: Entries waiting beyond which audited calls are refused before they run.
MAX_QUEUED_KEPT: Final = 10_000
#: How long after a drop its count is written (one entry per period at most).
DROPPED_REPORT_S: Final = 10.0


def request_summary(message: Message, depth: int = 0) -> dict[str, Any]:
    """The message as a dict, secrets masked, bytes replaced by their size, strings and
    lists cut. Never raises: a field that cannot be shown holds why."""
    out: dict[str, Any] = {}
    for field, value in message.ListFields():
        try:
            out[field.name] = _field_summary(field, value, depth)
        except Exception as error:  # the summary must never fail the audit entry
            out[field.name] = f"<not shown: {type(error).__name__}>"
    return out


def _field_summary(field: FieldDescriptor, value: Any, depth: int) -> Any:
    if is_secret(field):
        return MASK
    if not field.is_repeated:
        return _value_summary(field, value, depth)
    if field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry:
        entries = itertools.islice(value.items(), MAX_LIST_ITEMS)
        return _clipped_list(entries, len(value), lambda kv: _map_entry_summary(field, kv, depth))
    items = value[:MAX_LIST_ITEMS]
    return _clipped_list(items, len(value), lambda v: _value_summary(field, v, depth))


def _clipped_list(items: Iterable[Any], total: int, show: Callable[[Any], Any]) -> list[Any]:
    out = [show(item) for item in items]
    if total > len(out):
        out.append(f"…[{total - len(out)} more items]")
    return out


def _map_entry_summary(field: FieldDescriptor, entry: tuple[Any, Any], depth: int) -> Any:
    value_field = field.message_type.fields_by_name["value"]
    return {"key": _scalar(entry[0]), "value": _value_summary(value_field, entry[1], depth)}


def _value_summary(field: FieldDescriptor, value: Any, depth: int) -> Any:
    if field.type == FieldDescriptor.TYPE_BYTES:
        return f"<{len(value)} bytes>"
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        if field.message_type.full_name.startswith(_WELL_KNOWN):
            return _well_known(value, depth)
        if depth + 1 >= MAX_DEPTH:
            return "<nested message not logged>"
        return request_summary(value, depth + 1)
    if field.type == FieldDescriptor.TYPE_ENUM:
        number = field.enum_type.values_by_number.get(value)
        return value if number is None else number.name
    return _scalar(value)


def _scalar(value: Any) -> Any:
    return redact_text(value) if isinstance(value, str) else value


def _well_known(value: Message, depth: int) -> Any:
    """A Timestamp, Duration or FieldMask as its JSON form; its raw fields when it has
    none (out of range, invalid: the edge refuses those, but the log must not fail)."""
    try:
        return _scalar(MessageToDict(value, preserving_proto_field_name=True))
    except Exception:
        return request_summary(value, depth + 1)


class AuditTrail:
    """The system log as the API writes it: queued, ordered, never blocking the loop."""

    def __init__(self, thread: CatalogThread, system_log: SystemLog, events: EventBus) -> None:
        self.thread = thread
        self.system_log = system_log
        self.events = events
        self._lock = threading.Lock()  # the loop queues, the catalog thread takes
        self._waiting: collections.deque[dict[str, Any]] = collections.deque()
        self._dropped: collections.Counter[str] = collections.Counter()
        self._report_scheduled = False  # a timer will ask for the drop counts' entry
        self._report_due = False  # the next write stores the drop counts

    def queued(self) -> int:
        """Entries waiting for the catalog thread."""
        return len(self._waiting)

    def accepting_changes(self) -> bool:
        """Whether an audited call may run: its entry could be queued."""
        return len(self._waiting) < MAX_QUEUED_KEPT

    def record(
        self,
        type: LogType,
        action: str,
        message: str,
        *,
        username: str = "",
        peer: str = "",
        camera_id: int | None = None,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Queue an entry (see the module's docstring for which may be dropped)."""
        if type is LogType.OPERATION and outcome != "ok" and self._dropped_if_full(action):
            return
        try:
            row = entry_row(
                self.system_log.now_us(), type, action, message, username=username, peer=peer,
                camera_id=camera_id, outcome=outcome, detail=detail,
            )  # fmt: skip
        except Exception:  # entry_row is total; this is a bug, and the entry still goes in
            log.exception("could not prepare a system log entry (%s)", action)
            row = entry_row(self.system_log.now_us(), type, action, message[:200], outcome=outcome)
        with self._lock:
            self._waiting.append(row)
        self.thread.submit(self._write_waiting)

    def _dropped_if_full(self, action: str) -> bool:
        """Count and drop a refused operation's entry when the queue is full."""
        with self._lock:
            if len(self._waiting) < MAX_QUEUED_ENTRIES:
                return False
            self._dropped[action] += 1
            schedule = not self._report_scheduled
            self._report_scheduled = True
        if schedule:
            self._schedule_report()
        return True

    def _schedule_report(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on the loop: the next write reports
            self._report_dropped(submit=False)
            return
        loop.call_later(DROPPED_REPORT_S, self._report_dropped)

    def _report_dropped(self, submit: bool = True) -> None:
        with self._lock:
            self._report_due = True
            self._report_scheduled = False
        if submit:
            try:
                self.thread.submit(self._write_waiting)
            except RuntimeError:  # the server stopped meanwhile
                log.warning("%d refused calls were not logged", sum(self._dropped.values()))

    def _write_waiting(self) -> None:
        """Catalog thread: store every entry waiting, and the drop counts when due, in
        order, in one transaction."""
        dropped: collections.Counter[str] = collections.Counter()
        with self._lock:
            rows = list(self._waiting)
            self._waiting.clear()
            if self._report_due:
                self._report_due = False
                dropped, self._dropped = self._dropped, collections.Counter()
        if dropped:
            rows.append(self._dropped_row(dropped))
        if not rows:
            return  # an earlier call took them
        try:
            self.system_log.append(rows)
        except Exception:
            log.exception("could not write %d system log entries", len(rows))

    def _dropped_row(self, dropped: collections.Counter[str]) -> dict[str, Any]:
        count = sum(dropped.values())
        return entry_row(
            self.system_log.now_us(),
            LogType.EXCEPTION,
            "audit.dropped",
            f"{count} refused calls were not logged one by one: too many came at once",
            outcome="RESOURCE_EXHAUSTED",
            detail={"dropped": dict(dropped.most_common(32)), "count": count},
        )

    def publish(self, kind: str, **facts: Any) -> None:
        self.events.publish(ServerEvent(kind, facts))
