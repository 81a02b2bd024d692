"""Input events in the event log (SEARCH-04): one ``event`` row per activation of an
input, type "sensor", subtype "input", key ``input:{point_id}``, from activation to
deactivation. Blocking (catalog thread).

Invariant: at most one open row per input: ``begin`` ends a row left open under the
same key before it opens a new one (a crash between the two cannot leave two).
"""

from __future__ import annotations

import json

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event
from vedette_server.io.settings import PointRecord
from vedette_server.search.events import EventLog, EventType

SUBTYPE = "input"


def input_key(point_id: int) -> str:
    return f"input:{point_id}"


class InputEvents:
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._log = EventLog(catalog)

    def open_event(self, point_id: int) -> int | None:
        """The id of the input's open event row, or None."""
        row = (
            Event.select(Event.id)
            .where((Event.key == input_key(point_id)) & Event.end_us.is_null())
            .order_by(Event.id.desc())
            .first(self._catalog.database)
        )
        return None if row is None else int(row.id)

    def begin(self, point: PointRecord, start_us: int, *, armed: bool) -> int:
        previous = self.open_event(point.id)
        if previous is not None:
            self._log.end(previous, start_us)
        return int(
            Event.insert(
                type=EventType.SENSOR.value,
                camera_id=point.camera_id,
                start_us=start_us,
                source=point.name,
                message=f"input {point.name} active" + ("" if armed else " (disarmed)"),
                detail=json.dumps(
                    {"point_id": point.id, "device_id": point.device_id, "armed": armed},
                    sort_keys=True,
                ),
                key=input_key(point.id),
                subtype=SUBTYPE,
            ).execute(self._catalog.database)
        )

    def end(self, event_id: int, end_us: int) -> None:
        self._log.end(event_id, end_us)
