"""Motion events a killed server left open, ended at start-up.

The runner ends an event when motion stops, when its camera stops being analysed and
when the server closes; a server killed (kill -9, a power cut) while an event lasts
ends nothing, and the event would run for ever on the timeline and in event search.
At start-up, before the runner analyses anything, every MOTION event of source
``vedette motion`` still open ends at the last instant the server can prove it lasted:

- the end of the last second with motion in the camera's index since the event began
  (the index loses the minutes not yet flushed at the kill, at most about a minute);
- or, when that is later or the index has nothing since the start, the end of the
  camera's last recorded segment (no video, nothing anyone can review as motion);
- never before the event's start (nothing proven: it ends where it began), never after
  the restart.

The choice errs short: a hold that would have gone on after the last motion second is
not counted, since the server cannot know motion did not stop there.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from vedette_api.timestamps import now_us
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Event
from vedette_server.catalog_thread import CatalogThread
from vedette_server.motion.events import SOURCE
from vedette_server.motion.index import MotionIndex
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.search.events import EventLog, EventType

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenEvent:
    event_id: int
    camera_id: int | None
    start_us: int


def open_motion_events(catalog: Catalog) -> list[OpenEvent]:
    """The runner's MOTION events without an end. Blocks (catalog)."""
    rows = Event.select(Event.id, Event.camera_id, Event.start_us).where(
        (Event.type == EventType.MOTION.value) & (Event.source == SOURCE) & Event.end_us.is_null()
    )
    return [
        OpenEvent(int(r.id), None if r.camera_id is None else int(r.camera_id), int(r.start_us))
        for r in rows.execute(catalog.database)
    ]


def last_segment_end(catalog: Catalog, camera_id: int, before_us: int) -> int | None:
    """The end of the camera's last closed segment (any stream) ending by ``before_us``
    (the previous run's: the recorder may have closed new ones since). Blocks (catalog)."""
    row = catalog.database.execute_sql(
        "SELECT MAX(end_us) FROM segment WHERE camera_id = ? AND end_us <= ?",
        (camera_id, before_us),
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def last_motion_end(index: MotionIndex, camera_id: int, start_us: int, end_us: int) -> int | None:
    """The end of the camera's last second with motion in [start_us, end_us). Blocks."""
    if end_us <= start_us:
        return None
    runs = index.search([camera_id], start_us, end_us)
    return max((run.end_us for run in runs), default=None)


def proven_end(start_us: int, restart_us: int, evidence: list[int | None]) -> int:
    """The earliest of the evidence (the start when there is none), within
    [start_us, restart_us] (a start after the restart: the start)."""
    found = [e for e in evidence if e is not None]
    end = min(found) if found else start_us
    return max(start_us, min(end, restart_us))


class OpenMotionEvents:
    """A start-up step: ``end_all`` ends the events a killed server left open. Start it
    after the crash recovery (segments closed) and the motion index, before the runner."""

    def __init__(
        self, thread: CatalogThread, catalog: Catalog, events_log: EventLog, index: MotionIndexFeed
    ) -> None:
        self.thread, self.catalog, self.events_log, self.index = thread, catalog, events_log, index

    async def end_all(self) -> None:
        restart_us = now_us()
        loop = asyncio.get_running_loop()
        for event in await self.thread.call(open_motion_events, self.catalog):
            evidence: list[int | None] = []
            camera_id = event.camera_id
            if camera_id is not None:
                evidence.append(
                    await self.thread.call(last_segment_end, self.catalog, camera_id, restart_us)
                )
                index = self.index.index
                if index is not None:
                    evidence.append(
                        await loop.run_in_executor(
                            None, last_motion_end, index, camera_id, event.start_us, restart_us
                        )
                    )
            end_us = proven_end(event.start_us, restart_us, evidence)
            await self.thread.call(self.events_log.end, event.event_id, end_us)
            log.warning(
                "camera %s: a motion event left open by the previous run ended at its last"
                " proven instant (%.1f s after its start)",
                camera_id,
                (end_us - event.start_us) / 1e6,
            )
