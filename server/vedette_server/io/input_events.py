"""Input events in the event log (SEARCH-04): one ``event`` row per activation of an
input, type "sensor", subtype "input", key ``input:{point_id}``, from activation to
deactivation. Blocking (catalog thread).

Invariants:
- at most one open row per input: ``begin`` ends a row left open under the same key
  before it opens a new one (a crash between the two cannot leave two);
- ``write`` takes one poll's changes in one transaction, each change in a savepoint
  of its own: a change whose row cannot be written is logged and leaves the others
  written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event
from vedette_server.io.settings import PointRecord
from vedette_server.search.events import EventLog, EventType

log = logging.getLogger(__name__)

SUBTYPE = "input"


@dataclass(frozen=True)
class InputRowChange:
    """An enabled input's debounced change, to be logged: an activation opens a row,
    a deactivation ends ``event_id`` (the row its activation opened, if any)."""

    point: PointRecord
    active: bool
    time_us: int
    armed: bool
    event_id: int | None


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

    def write(self, changes: Sequence[InputRowChange]) -> list[int | None]:
        """Log one poll's changes in one transaction, in order; for each, the id of
        its input's open row after it (an activation's new row; None after a
        deactivation). A change that fails keeps its ``event_id`` (logged, the rest
        go on)."""
        after: list[int | None] = []
        with self._catalog.atomic():
            for change in changes:
                try:
                    with self._catalog.atomic():
                        after.append(self._write_one(change))
                except Exception:
                    log.exception(
                        "I/O input %s: the event row could not be written", change.point.name
                    )
                    after.append(change.event_id if change.active else None)
        return after

    def _write_one(self, change: InputRowChange) -> int | None:
        if change.active:
            return self.begin(change.point, change.time_us, armed=change.armed)
        if change.event_id is not None:
            self.end(change.event_id, change.time_us)
        return None
