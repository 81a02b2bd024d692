"""The event log (SEARCH-04): manual recordings, motion, sensor and analytics
triggers, exceptions; written as they happen, searched by type, subtype, camera and
time, and counted per type and subtype.

Blocking (catalog). Invariants: an event's ``end_us`` is set once, when it ends
(None while it lasts), never before its start; ``count`` (repeats folded into the
row by ``alarms/event_rows.py``) is at least 1.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from peewee import fn

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event
from vedette_server.errors import NotFound


class EventType(enum.Enum):
    MANUAL = "manual"
    MOTION = "motion"
    SENSOR = "sensor"
    ANALYTICS = "analytics"
    EXCEPTION = "exception"


@dataclass(frozen=True)
class EventRecord:
    id: int
    type: EventType
    camera_id: int | None
    start_us: int
    end_us: int | None
    source: str
    message: str
    subtype: str = ""
    key: str = ""
    count: int = 1
    #: The last repeat's time; None without one.
    last_us: int | None = None


@dataclass(frozen=True)
class EventCount:
    """Events of one type and subtype in a search: rows, and the occurrences they
    stand for (the sum of their ``count``)."""

    type: EventType
    subtype: str
    events: int
    occurrences: int


def _record(row: Event) -> EventRecord:
    return EventRecord(
        int(row.id),
        EventType(row.type),
        None if row.camera_id is None else int(row.camera_id),
        int(row.start_us),
        None if row.end_us is None else int(row.end_us),
        str(row.source),
        str(row.message),
        str(row.subtype),
        str(row.key),
        max(1, int(row.count)),
        None if row.last_us is None else int(row.last_us),
    )


class EventLog:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def begin(
        self,
        type: EventType,
        camera_id: int | None,
        start_us: int,
        *,
        source: str = "",
        message: str = "",
        detail: dict[str, Any] | None = None,
    ) -> int:
        """Record an event that starts now; returns its id."""
        return int(
            Event.insert(
                type=type.value,
                camera_id=camera_id,
                start_us=start_us,
                source=source,
                message=message,
                detail=None if detail is None else json.dumps(detail, sort_keys=True),
            ).execute(self.catalog.database)
        )

    def get(self, event_id: int) -> EventRecord:
        row = Event.get_or_none(Event.id == event_id)
        if row is None:
            raise NotFound("event", event_id)
        return _record(row)

    def end(self, event_id: int, end_us: int) -> None:
        """End an event (no-op when it has ended already)."""
        Event.update(end_us=end_us).where(
            (Event.id == event_id) & Event.end_us.is_null() & (Event.start_us <= end_us)
        ).execute(self.catalog.database)

    def search(
        self,
        *,
        types: Collection[EventType] = (),
        subtypes: Collection[str] = (),
        camera_ids: Collection[int] | None = None,
        include_no_camera: bool = False,
        start_us: int | None = None,
        end_us: int | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[EventRecord]:
        """Events matching every filter, newest first: those lasting past ``start_us``
        and starting before ``end_us``; of ``types`` and ``subtypes`` (empty: any);
        cameras in ``camera_ids`` (None: any), plus camera-less events when
        ``include_no_camera``."""
        query = self._where(Event.select(), camera_ids, include_no_camera, start_us, end_us)
        if types:
            query = query.where(Event.type.in_([t.value for t in types]))
        if subtypes:
            query = query.where(Event.subtype.in_(list(subtypes)))
        if before_id is not None:
            query = query.where(Event.id < before_id)
        rows = query.order_by(Event.id.desc()).limit(limit).execute(self.catalog.database)
        return [_record(row) for row in rows]

    def counts(
        self,
        *,
        camera_ids: Collection[int] | None = None,
        include_no_camera: bool = False,
        start_us: int | None = None,
        end_us: int | None = None,
    ) -> list[EventCount]:
        """Per type and subtype, the events ``search`` would find with these filters
        and any type or subtype; ordered by type, then subtype."""
        query = self._where(
            Event.select(Event.type, Event.subtype, fn.COUNT(Event.id), fn.SUM(Event.count)),
            camera_ids,
            include_no_camera,
            start_us,
            end_us,
        ).group_by(Event.type, Event.subtype)
        found = [
            EventCount(EventType(type), str(subtype), int(events), int(occurrences or events))
            for type, subtype, events, occurrences in query.tuples().execute(self.catalog.database)
            if type in _TYPE_VALUES
        ]
        return sorted(found, key=lambda c: (_TYPE_ORDER[c.type], c.subtype))

    @staticmethod
    def _where(
        query: Any,
        camera_ids: Collection[int] | None,
        include_no_camera: bool,
        start_us: int | None,
        end_us: int | None,
    ) -> Any:
        if camera_ids is not None:
            by_camera = Event.camera_id.in_(list(camera_ids))
            if include_no_camera:
                by_camera = by_camera | Event.camera_id.is_null()
            query = query.where(by_camera)
        elif not include_no_camera:
            query = query.where(Event.camera_id.is_null(False))
        if start_us is not None:
            query = query.where(Event.end_us.is_null() | (Event.end_us > start_us))
        if end_us is not None:
            query = query.where(Event.start_us < end_us)
        return query


_TYPE_ORDER = {t: i for i, t in enumerate(EventType)}
_TYPE_VALUES = frozenset(t.value for t in EventType)
