"""Motion events of the server's own detector: begun and ended in the event log and
published on the event bus.

A start begins a MOTION event in the event log (source ``vedette motion``, the areas in
its detail) and is published as ``camera.event`` (kind ``motion``, state on), as ONVIF
motion events are; an end (``end_open``) ends it (state off). Times are the frames'
(wall-clock µs the ingest worker gave the packets), not when the server noticed. A
camera has at most one event open (``MotionCamera.open_event``); the log's writes run on
the catalog thread, and ``drain`` waits for the ends still being written (at stop).
"""

from __future__ import annotations

import asyncio
import logging

from vedette_api.timestamps import now_us
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent
from vedette_server.motion.camera_feed import MotionCamera
from vedette_server.search.events import EventLog, EventType

log = logging.getLogger(__name__)

SOURCE = "vedette motion"
CAMERA_EVENT = "camera.event"


class MotionEvents:
    def __init__(self, thread: CatalogThread, events_log: EventLog, bus: EventBus) -> None:
        self.thread, self.events_log, self.bus = thread, events_log, bus
        self._writes: set[asyncio.Future[None]] = set()

    def begin(self, camera: MotionCamera, start_us: int, areas: tuple[str, ...]) -> None:
        """An event starts at ``start_us`` (nothing when one is open already)."""
        if camera.open_event is not None:
            return
        camera_id = camera.camera_id
        log.info("camera %d: motion started (%s)", camera_id, ", ".join(areas))
        self._publish(camera_id, True, start_us, areas)
        camera.health.event_open = True
        camera.open_event = asyncio.ensure_future(
            self.thread.call(
                lambda: self.events_log.begin(
                    EventType.MOTION,
                    camera_id,
                    start_us,
                    source=SOURCE,
                    message=f"motion in {', '.join(areas)}",
                    detail={"areas": list(areas)},
                )
            )
        )

    def end_open(self, camera: MotionCamera, end_us: int | None) -> None:
        """End the camera's open event, if any, at ``end_us`` (now when None)."""
        opened, camera.open_event = camera.open_event, None
        camera.health.event_open = False
        if opened is None:
            return
        end = now_us() if end_us is None else end_us
        log.info("camera %d: motion ended", camera.camera_id)
        self._publish(camera.camera_id, False, end, ())

        async def write() -> None:
            try:
                event_id = await opened
                await self.thread.call(self.events_log.end, event_id, end)
            except Exception:
                log.exception("camera %d: could not log the end of motion", camera.camera_id)

        task = asyncio.ensure_future(write())
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def drain(self, timeout_s: float = 5.0) -> None:
        """Wait (at most ``timeout_s``) for the ends still being written."""
        if self._writes:
            await asyncio.wait(set(self._writes), timeout=timeout_s)

    def _publish(self, camera_id: int, state: bool, time_us: int, areas: tuple[str, ...]) -> None:
        facts = {
            "camera_id": camera_id,
            "kind": "motion",
            "source": SOURCE,
            "state": state,
            "initial": False,
            "topic": "",
            "camera_time_us": time_us,
            "areas": list(areas),
        }
        self.bus.publish(ServerEvent(CAMERA_EVENT, facts))
