"""Manual recording (REC-06): cameras an operator set recording by hand, until stopped.

Blocking (catalog). A manual recording is a ``manual_recording`` row (so it survives
a restart) and a ``manual`` event spanning it; the recorder adds the ``manual``
record reason to the camera's segments while the row exists, and to every segment
that overlaps the event (``manual_during``), which covers the moments between the
operator's request and the worker hearing of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vedette_api import timestamps
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, Event, ManualRecording
from vedette_server.errors import NotFound
from vedette_server.search.events import EventLog, EventType


@dataclass(frozen=True)
class ManualState:
    camera_id: int
    started_us: int
    started_by: str


class ManualRecordings:
    def __init__(self, catalog: Catalog, events: EventLog) -> None:
        self.catalog = catalog
        self.events = events

    def active(self) -> dict[int, ManualState]:
        return {
            int(row.camera_id): ManualState(
                int(row.camera_id), int(row.started_us), str(row.started_by)
            )
            for row in ManualRecording.select().execute(self.catalog.database)
        }

    def _cameras(self, camera_ids: Iterable[int]) -> list[int]:
        ids = list(dict.fromkeys(camera_ids))
        known = {int(c.id) for c in Camera.select(Camera.id).execute(self.catalog.database)}
        if not ids:
            return sorted(known)
        for camera_id in ids:
            if camera_id not in known:
                raise NotFound("camera", camera_id)
        return ids

    def start(self, camera_ids: Iterable[int], *, started_by: str) -> list[int]:
        now_us = timestamps.now_us()
        with self.catalog.atomic():
            cameras = self._cameras(camera_ids)
            active = self.active()
            for camera_id in cameras:
                if camera_id in active:
                    continue
                event_id = self.events.begin(
                    EventType.MANUAL,
                    camera_id,
                    now_us,
                    source=started_by,
                    message=f"manual recording started by {started_by}",
                )
                ManualRecording.insert(
                    camera=camera_id, started_us=now_us, started_by=started_by, event_id=event_id
                ).execute(self.catalog.database)
        return cameras

    def stop(self, camera_ids: Iterable[int]) -> list[int]:
        now_us = timestamps.now_us()
        stopped = []
        with self.catalog.atomic():
            cameras = self._cameras(camera_ids)
            for row in ManualRecording.select().where(ManualRecording.camera.in_(cameras)):
                if row.event_id is not None:
                    self.events.end(int(row.event_id), now_us)
                stopped.append(int(row.camera_id))
            ManualRecording.delete().where(ManualRecording.camera.in_(cameras)).execute(
                self.catalog.database
            )
        return sorted(stopped)


def manual_during(camera_id: int, start_us: int, end_us: int) -> bool:
    """Whether a manual recording of the camera covered some instant of
    [start_us, end_us] (blocking, catalog).

    A camera's manual events never overlap (one recording at a time), so the last
    one to start by ``end_us`` is the only one to look at."""
    latest = (
        Event.select(Event.end_us)
        .where(
            (Event.camera_id == camera_id)
            & (Event.type == EventType.MANUAL.value)
            & (Event.start_us <= end_us)
        )
        .order_by(Event.start_us.desc())
        .first()
    )
    return latest is not None and (latest.end_us is None or latest.end_us >= start_us)
