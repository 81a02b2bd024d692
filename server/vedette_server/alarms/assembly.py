"""The alarm side built from the server's parts (``composition.py`` only calls this):
the store, the rule book, the engine with its action ports, and the desk the API uses.

Ports the server does not offer (yet) are left None: their actions are reported as
unavailable in each alarm's history, never as done.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from vedette_server.alarms.actions import ActionPorts, ActionRunner, Durations
from vedette_server.alarms.arming import ScheduleArming
from vedette_server.alarms.desk import AlarmDesk
from vedette_server.alarms.engine import AlarmEngine
from vedette_server.alarms.event_rows import EventRows
from vedette_server.alarms.ports import NotifyPort, OutputPort
from vedette_server.alarms.recording import AlarmRecordings
from vedette_server.alarms.rule_book import RuleBook
from vedette_server.alarms.store import AlarmStore
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera
from vedette_server.catalog_reader import CatalogReader
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus
from vedette_server.images.snapshots import Snapshots
from vedette_server.ptz.arbiter import Claimant, SessionKind
from vedette_server.ptz.service import PtzService
from vedette_server.recording.volumes import VolumeManager

ACTOR = "alarm engine"
PTZ_SPEED = 1.0


@dataclass(frozen=True)
class Alarms:
    engine: AlarmEngine
    desk: AlarmDesk
    rules: RuleBook


def build_alarms(
    catalog: Catalog,
    thread: CatalogThread,
    events: EventBus,
    *,
    zone: Callable[[], zoneinfo.ZoneInfo],
    recordings: AlarmRecordings,
    snapshots: Snapshots,
    ptz: PtzService,
    volumes: VolumeManager,
    outputs: OutputPort | None = None,
    notify: NotifyPort | None = None,
    durations: Callable[[], Durations] = Durations,
    reader: CatalogReader | None = None,
) -> Alarms:
    store = AlarmStore(catalog)
    rules = RuleBook(catalog)

    async def take_snapshot(camera_id: int, time_us: int) -> int:
        return (await snapshots.take(camera_id, None, created_by=ACTOR)).id

    async def goto_preset(camera_id: int, preset: int, rule_id: int) -> None:
        claimant = Claimant(f"rule:{rule_id}", SessionKind.RULE)
        await ptz.goto_preset(camera_id, preset, PTZ_SPEED, claimant)

    def camera_ids() -> list[int]:
        return [int(row.id) for row in Camera.select(Camera.id).execute(catalog.database)]

    def volume_states() -> list[tuple[int, str, str | None]]:
        return [(v.id, v.state, v.error) for v in volumes.list_all()]

    ports = ActionPorts(
        outputs=outputs,
        notify=notify,
        snapshot=take_snapshot,
        ptz_preset=goto_preset,
        record=recordings,
    )
    engine = AlarmEngine(
        thread,
        store,
        rules,
        EventRows(catalog),
        events,
        ActionRunner(ports, events, actor=ACTOR, durations=durations),
        armed=ScheduleArming(catalog, zone),
        camera_ids=camera_ids,
        volume_states=volume_states,
    )
    desk = AlarmDesk(
        thread, store, events, rules, engine=engine, durations=durations, reader=reader
    )
    return Alarms(engine, desk, rules)
