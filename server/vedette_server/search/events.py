"""The event log (SEARCH-04): manual recordings, motion, sensor and analytics
triggers, exceptions; written as they happen, searched by type, camera and time.

Blocking (catalog). Invariant: an event's ``end_us`` is set once, when it ends
(None while it lasts), never before its start.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

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


def _record(row: Event) -> EventRecord:
    return EventRecord(
        int(row.id),
        EventType(row.type),
        None if row.camera_id is None else int(row.camera_id),
        int(row.start_us),
        None if row.end_us is None else int(row.end_us),
        str(row.source),
        str(row.message),
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
        camera_ids: Collection[int] | None = None,
        include_no_camera: bool = False,
        start_us: int | None = None,
        end_us: int | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[EventRecord]:
        """Events matching every filter, newest first: those lasting past ``start_us``
        and starting before ``end_us``; cameras in ``camera_ids`` (None: any), plus
        camera-less events when ``include_no_camera``."""
        query = Event.select()
        if types:
            query = query.where(Event.type.in_([t.value for t in types]))
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
        if before_id is not None:
            query = query.where(Event.id < before_id)
        rows = query.order_by(Event.id.desc()).limit(limit).execute(self.catalog.database)
        return [_record(row) for row in rows]
