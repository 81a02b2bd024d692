"""A member server's outbox of alarms for its site directory's alarm feed.

Every change of an alarm (``alarm.changed`` on the event bus: raised, folded into,
acknowledged, held, closed…) becomes an outbox row in the catalog (``site_outbox``:
numbered, AUTOINCREMENT so a number is never reused), with the alarm's state after
the change. The site link sends the rows after each heartbeat
(``SiteSyncService.PushAlarms``) and deletes those the directory says it holds.
While the directory is down the rows wait; when it answers again they go, oldest
first. The directory keeps each alarm's latest state and ignores numbers it already
holds, so a row sent twice (its answer lost) makes no duplicate: every alarm
arrives exactly once.

At start the server also queues every open alarm it has: a change made while the
server was going down, before its row was written, is not lost for an open alarm.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from vedette_server.alarms.bus import ALARM_CHANGED
from vedette_server.alarms.store import AlarmView
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, SiteCameraRow, SiteOutboxRow
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent

log = logging.getLogger("vedette.site")
#: Rows sent per call (the directory takes at most 500).
BATCH = 200


def alarm_payload(view: AlarmView) -> dict[str, Any]:
    alarm = view.alarm
    return {
        "alarm_id": alarm.id,
        "version": alarm.version,
        "title": alarm.title,
        "rule_name": view.rule_name,
        "priority": alarm.priority,
        "state": alarm.state.value,
        "first_us": alarm.first_us,
        "last_us": alarm.last_us,
        "count": alarm.count,
        "camera_ids": list(view.camera_ids),
    }


class SiteOutbox:
    def __init__(
        self,
        events: EventBus,
        thread: CatalogThread,
        catalog: Catalog,
        open_alarms: Callable[[], Awaitable[list[AlarmView]]],
    ) -> None:
        self._events = events
        self._thread = thread
        self._catalog = catalog
        self._open_alarms = open_alarms
        self._pending: deque[dict[str, Any]] = deque()
        self._wake = asyncio.Event()
        self._stop_listening: Callable[[], None] | None = None
        self._writer: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._stop_listening = self._events.listen(self._heard)
        self._writer = asyncio.get_running_loop().create_task(self._write_forever())
        for view in await self._open_alarms():
            self._pending.append(alarm_payload(view))
        self._wake.set()

    async def aclose(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        if self._pending:  # what was heard last is written before the catalog closes
            await self._thread.call(self._write, list(self._pending))

    def _heard(self, event: ServerEvent) -> None:
        if event.kind != ALARM_CHANGED:
            return
        view = AlarmView(
            event.facts["alarm"],
            str(event.facts.get("rule_name", "")),
            None,
            related_cameras=tuple(event.facts.get("camera_ids", ())),
        )
        self._pending.append(alarm_payload(view))
        self._wake.set()

    async def _write_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch = list(self._pending)
            if not batch:
                continue
            try:
                await self._thread.call(self._write, batch)
            except Exception:
                log.exception("alarms for the site could not be queued; retrying in 1 s")
                await asyncio.sleep(1.0)
                self._wake.set()
                continue
            for _ in batch:
                self._pending.popleft()

    def _write(self, batch: list[dict[str, Any]]) -> None:
        """Blocking: the catalog thread. Camera ids become names and site ids here."""
        now = time.time_ns() // 1000
        ids = {i for item in batch for i in item["camera_ids"]}
        names = {
            int(c.id): str(c.name)
            for c in Camera.select(Camera.id, Camera.name).where(Camera.id.in_(ids))
        }
        site_ids = {
            int(r.camera_id): str(r.site_camera_id)
            for r in SiteCameraRow.select().where(SiteCameraRow.camera.in_(ids))
        }
        with self._catalog.atomic():
            for item in batch:
                cameras = [
                    [names.get(i, f"camera {i}"), site_ids.get(i, "")] for i in item["camera_ids"]
                ]
                payload = {k: v for k, v in item.items() if k != "camera_ids"} | {
                    "cameras": cameras
                }
                SiteOutboxRow.insert(payload=json.dumps(payload), created_us=now).execute(
                    self._catalog.database
                )

    def unsent(self, limit: int = BATCH) -> list[tuple[int, dict[str, Any]]]:
        """The oldest rows, (number, payload). Blocking: the catalog thread."""
        rows = SiteOutboxRow.select().order_by(SiteOutboxRow.sequence).limit(limit)
        return [(int(r.sequence), json.loads(str(r.payload))) for r in rows]

    def delete_through(self, sequence: int) -> None:
        """Blocking: the catalog thread."""
        SiteOutboxRow.delete().where(SiteOutboxRow.sequence <= sequence).execute(
            self._catalog.database
        )
