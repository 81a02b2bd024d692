"""The system log (SYS-09): operations, alarms, exceptions and information, searchable.

Every configuration change, login, logout, failed login, export and playback start
is written here with who, from where, what, and (for changes) the values before and
after. Functions block (catalog I/O): the server calls them on its catalog thread,
but for ``entry_row``, which is pure.

Invariants:
- Secrets never reach the log and every stored value is bounded: each entry passes
  through ``entry_row`` (``log_redaction``: secret keys and URL credentials masked,
  strings, lists and the detail's JSON cut to their limits) on the way in, whatever
  the caller gave.
- Entries are only appended (a trigger refuses updates); the oldest are trimmed past
  ``max_entries`` entries or ``max_bytes`` bytes, so the catalog stays bounded. The
  catalog keeps the count and the bytes (``log_usage``, by triggers), so checking
  the budgets costs one row read.
- Search pages newest first by id, which increases with time.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

from peewee import SQL

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import LogEntry
from vedette_server.log_redaction import (
    MASK,
    SECRET_KEYS,
    detail_json,
    mask_secrets,
    redact_text,
)

__all__ = [
    "MASK",
    "SECRET_KEYS",
    "EntryWriter",
    "LogRecord",
    "LogType",
    "LogUsage",
    "SystemLog",
    "mask_secrets",
]

DEFAULT_MAX_ENTRIES: Final = 1_000_000
DEFAULT_MAX_BYTES: Final = 256 * 1024 * 1024
MAX_MESSAGE_BYTES: Final = 2048  # of UTF-8
MAX_NAME_BYTES: Final = 256  # action, username, peer, outcome
#: Rounds of one byte trim: each deletes the oldest entries its estimate (from the
#: average entry size) says are over the budget; the next trim goes on if need be.
_TRIM_ROUNDS: Final = 16


class LogType(enum.Enum):
    OPERATION = "operation"  # something a user did
    ALARM = "alarm"  # sensor, motion, analytics
    EXCEPTION = "exception"  # illegal access, disk error, camera offline
    INFORMATION = "information"  # server start/stop, state changes


@dataclass(frozen=True)
class LogRecord:
    id: int
    time_us: int
    type: LogType
    action: str
    username: str
    peer: str
    camera_id: int | None
    outcome: str
    message: str
    detail: dict[str, Any] | None


def _record(row: LogEntry) -> LogRecord:
    return LogRecord(
        id=int(row.id),
        time_us=int(row.time_us),
        type=LogType(row.type),
        action=str(row.action),
        username=str(row.username),
        peer=str(row.peer),
        camera_id=None if row.camera_id is None else int(row.camera_id),
        outcome=str(row.outcome),
        message=str(row.message),
        detail=None if row.detail is None else json.loads(row.detail),
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class LogUsage:
    """How much the system log holds (the catalog's ``log_usage`` row)."""

    entries: int
    size_bytes: int


def entry_row(
    time_us: int,
    type: LogType,
    action: str,
    message: str,
    *,
    username: str = "",
    peer: str = "",
    camera_id: int | None = None,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The columns of one entry as stored: masked and bounded. Pure and cheap (the API
    calls it on the event loop, so a queued entry is already small)."""
    return {
        "time_us": time_us,
        "type": type.value,
        "action": _text(action, MAX_NAME_BYTES) or "?",
        "username": _text(username, MAX_NAME_BYTES),
        "peer": _text(peer, MAX_NAME_BYTES),
        "camera_id": camera_id,
        "outcome": _text(outcome, MAX_NAME_BYTES),
        "message": _text(message, MAX_MESSAGE_BYTES),
        "detail": None if detail is None else detail_json(detail),
    }


def _text(value: str, max_bytes: int) -> str:
    # redact_text masks and clips; "replace" keeps a stray surrogate from failing the insert.
    return redact_text(str(value), max_bytes).encode("utf-8", "replace").decode("utf-8")


class EntryWriter(Protocol):
    """What queues entries without blocking and publishes server events: the API's
    ``AuditTrail``, as the server's own watchers (camera and volume states) see it."""

    def record(
        self,
        type: LogType,
        action: str,
        message: str,
        *,
        camera_id: int | None = None,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> None: ...

    def publish(self, kind: str, **facts: Any) -> None: ...


class SystemLog:
    def __init__(
        self,
        catalog: Catalog,
        *,
        clock: Callable[[], float] = time.time,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.catalog = catalog
        self._clock = clock
        self.max_entries = max_entries
        self.max_bytes = max_bytes

    def now_us(self) -> int:
        return int(self._clock() * 1_000_000)

    def write(
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
    ) -> int:
        """Append one entry; returns its id."""
        row = entry_row(
            self.now_us(), type, action, message, username=username, peer=peer,
            camera_id=camera_id, outcome=outcome, detail=detail,
        )  # fmt: skip
        return self.append([row])

    def append(self, rows: Sequence[dict[str, Any]]) -> int:
        """Append rows made by ``entry_row``, in order, in one transaction (one fsync
        for a batch); then trim if a budget is exceeded. Returns the last row's id."""
        last = 0
        with self.catalog.atomic():
            for row in rows:
                last = int(LogEntry.insert(**row).execute(self.catalog.database))
        usage = self.usage()
        if usage.entries > self.max_entries or usage.size_bytes > self.max_bytes:
            self.trim()
        return last

    def usage(self) -> LogUsage:
        row = self.catalog.database.execute_sql(
            "SELECT entries, size_bytes FROM log_usage WHERE id = 1"
        ).fetchone()
        return LogUsage(0, 0) if row is None else LogUsage(int(row[0]), int(row[1]))

    def search(
        self,
        *,
        types: Collection[LogType] = (),
        start_us: int | None = None,
        end_us: int | None = None,
        text: str = "",
        camera_id: int | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[LogRecord]:
        """Entries matching every filter given, newest first, at most ``limit``."""
        query = LogEntry.select()
        if types:
            query = query.where(LogEntry.type.in_([t.value for t in types]))
        if start_us is not None:
            query = query.where(LogEntry.time_us >= start_us)
        if end_us is not None:
            query = query.where(LogEntry.time_us < end_us)
        if camera_id is not None:
            query = query.where(LogEntry.camera_id == camera_id)
        if before_id is not None:
            query = query.where(LogEntry.id < before_id)
        if text:
            # LIKE is case-insensitive for ASCII in SQLite; the pattern's own % and _
            # are escaped so the operator's text matches literally.
            pattern = f"%{_escape_like(text)}%"
            columns = ("message", "action", "username", "peer", "detail")
            clause = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns)
            query = query.where(SQL(f"({clause})", [pattern] * len(columns)))
        rows = query.order_by(LogEntry.id.desc()).limit(limit).execute(self.catalog.database)
        return [_record(row) for row in rows]

    def trim(self) -> int:
        """Delete the oldest entries beyond ``max_entries`` and ``max_bytes``; returns
        how many went."""
        deleted = 0
        with self.catalog.atomic():
            usage = self.usage()
            if usage.entries > self.max_entries:
                deleted += self._delete_oldest(usage.entries - self.max_entries)
            for _ in range(_TRIM_ROUNDS):
                usage = self.usage()
                excess = usage.size_bytes - self.max_bytes
                if excess <= 0 or usage.entries == 0:
                    break
                average = max(1, usage.size_bytes // usage.entries)
                deleted += self._delete_oldest(-(-excess // average))
        return deleted

    def _delete_oldest(self, count: int) -> int:
        cursor = self.catalog.database.execute_sql(
            "DELETE FROM log_entry WHERE id <="
            " (SELECT id FROM log_entry ORDER BY id LIMIT 1 OFFSET ?)",
            (max(0, count - 1),),
        )
        return int(cursor.rowcount)
