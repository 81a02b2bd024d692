"""The event log rows of signals (SEARCH-04), with dedup keys. Blocking: catalog thread.

- A start opens a row for its key, or counts a repeat into the row still open
  (``count`` + 1, ``last_us``); a stop ends the open row; an instant is a row that
  starts and ends at once, and a repeat within ``INSTANT_MERGE_US`` of the last one
  with its key counts into it.
- Rows whose source writes them (motion, ONVIF) are never added here: the row the
  source wrote is found (same camera and type, start within ``FIND_SLACK_US``, no key
  yet) and given its key and subtype; the I/O hub's rows come with their id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from vedette_server.alarms.sources import Signal
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event

INSTANT_MERGE_US: Final = 1_000_000
FIND_SLACK_US: Final = 2_000_000


@dataclass(frozen=True)
class LoggedEvent:
    """An event row as it is after a signal (``event.logged``'s facts)."""

    event_id: int
    camera_id: int | None
    type: str
    subtype: str
    key: str
    start_us: int
    end_us: int | None
    count: int
    source: str
    message: str
    repeat: bool

    def facts(self) -> dict[str, object]:
        return {
            "event_id": self.event_id,
            "camera_id": self.camera_id,
            "type": self.type,
            "subtype": self.subtype,
            "key": self.key,
            "start_us": self.start_us,
            "end_us": self.end_us,
            "count": self.count,
            "source": self.source,
            "message": self.message,
        }


def _logged(row: Event, *, repeat: bool) -> LoggedEvent:
    return LoggedEvent(
        int(row.id),
        None if row.camera_id is None else int(row.camera_id),
        str(row.type),
        str(row.subtype),
        str(row.key),
        int(row.start_us),
        None if row.end_us is None else int(row.end_us),
        int(row.count),
        str(row.source),
        str(row.message),
        repeat,
    )


class EventRows:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def record(self, signal: Signal) -> LoggedEvent | None:
        """The row after ``signal`` (None: a stop with nothing open, a source's row not
        found)."""
        with self.catalog.atomic():
            if signal.event_id is not None:
                row = Event.get_or_none(Event.id == signal.event_id)
                return None if row is None else _logged(row, repeat=False)
            if signal.row_by_source:
                return self._tag(signal)
            if signal.state is False:
                return self._stop(signal)
            return self._start(signal)

    def _open_row(self, key: str) -> Event | None:
        return (
            Event.select()
            .where((Event.key == key) & Event.end_us.is_null())
            .order_by(Event.id.desc())
            .first(self.catalog.database)
        )

    def _start(self, signal: Signal) -> LoggedEvent:
        db = self.catalog.database
        t = signal.time_us
        if signal.state is True:
            current = self._open_row(signal.key)
        else:
            current = (
                Event.select()
                .where((Event.key == signal.key) & (Event.start_us >= t - INSTANT_MERGE_US))
                .order_by(Event.id.desc())
                .first(db)
            )
        if current is not None:
            last = max(int(current.last_us or current.start_us), t)
            end = None if current.end_us is None else max(int(current.end_us), t)
            Event.update(count=Event.count + 1, last_us=last, end_us=end).where(
                Event.id == current.id
            ).execute(db)
            return _logged(Event.get_by_id(current.id), repeat=True)
        event_id = Event.insert(
            type=signal.type.value,
            camera_id=signal.camera_id,
            start_us=t,
            end_us=None if signal.state is True else t,
            source=signal.source,
            message=signal.message,
            detail=json.dumps(dict(signal.detail), sort_keys=True, default=str),
            key=signal.key,
            subtype=signal.subtype,
            last_us=t,
        ).execute(db)
        return _logged(Event.get_by_id(event_id), repeat=False)

    def _stop(self, signal: Signal) -> LoggedEvent | None:
        current = self._open_row(signal.key)
        if current is None:
            return None
        end = max(signal.time_us, int(current.start_us))
        Event.update(end_us=end).where(Event.id == current.id).execute(self.catalog.database)
        return _logged(Event.get_by_id(current.id), repeat=False)

    def _tag(self, signal: Signal) -> LoggedEvent | None:
        """Find the row the source wrote (or ended) and give it its key."""
        db = self.catalog.database
        query = Event.select().where(
            (Event.camera_id == signal.camera_id) & (Event.type == signal.type.value)
        )
        if signal.state is False:
            query = query.where((Event.key == signal.key) | (Event.key == ""))
            query = query.where(Event.start_us <= signal.time_us + FIND_SLACK_US)
        else:
            query = query.where(
                (Event.key == "")
                & Event.start_us.between(
                    signal.time_us - FIND_SLACK_US, signal.time_us + FIND_SLACK_US
                )
            )
        row = query.order_by(Event.id.desc()).first(db)
        if row is None:
            return None
        Event.update(key=signal.key, subtype=signal.subtype).where(Event.id == row.id).execute(db)
        return _logged(Event.get_by_id(row.id), repeat=False)
