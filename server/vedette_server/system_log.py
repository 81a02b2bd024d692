"""The system log (SYS-09): operations, alarms, exceptions and information, searchable.

Every configuration change, login, logout, failed login, export and playback start
is written here with who, from where, what, and (for changes) the values before and
after. Functions block (catalog I/O): the server calls them on its catalog thread.

Invariants:
- Secrets never reach the log: ``detail`` passes through ``mask_secrets`` on the
  way in, whatever the caller gave.
- Entries are only appended; the oldest are trimmed past ``max_entries`` so the
  catalog stays bounded.
- Search pages newest first by id, which increases with time.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Final

from peewee import SQL

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import LogEntry

#: Keys whose values are replaced by ``MASK`` wherever they appear in a detail.
SECRET_KEYS: Final = frozenset(
    {
        "password",
        "new_password",
        "current_password",
        "admin_password",
        "camera_password",
        "camera_user",
        "passphrase",
        "token",
        "credentials",
    }
)
MASK: Final = "***"
DEFAULT_MAX_ENTRIES: Final = 1_000_000
MAX_MESSAGE: Final = 1000


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


def mask_secrets(value: Any) -> Any:
    """``value`` with every secret key's value (at any depth) replaced by ``MASK``."""
    if isinstance(value, dict):
        return {
            k: (MASK if k in SECRET_KEYS and v not in ("", None) else mask_secrets(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(v) for v in value]
    return value


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


class SystemLog:
    def __init__(
        self,
        catalog: Catalog,
        *,
        clock: Callable[[], float] = time.time,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self.catalog = catalog
        self._clock = clock
        self.max_entries = max_entries

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
        text = (
            None
            if detail is None
            else json.dumps(mask_secrets(detail), sort_keys=True, default=str)
        )
        entry_id = LogEntry.insert(
            time_us=int(self._clock() * 1_000_000),
            type=type.value,
            action=action,
            username=username,
            peer=peer,
            camera_id=camera_id,
            outcome=outcome,
            message=message[:MAX_MESSAGE],
            detail=text,
        ).execute(self.catalog.database)
        return int(entry_id)

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
        """Delete the oldest entries beyond ``max_entries``; returns how many went."""
        newest = (
            LogEntry.select(LogEntry.id)
            .order_by(LogEntry.id.desc())
            .limit(1)
            .scalar(self.catalog.database)
        )
        if newest is None:
            return 0
        cutoff = int(newest) - self.max_entries
        if cutoff <= 0:
            return 0
        return int(LogEntry.delete().where(LogEntry.id <= cutoff).execute(self.catalog.database))
