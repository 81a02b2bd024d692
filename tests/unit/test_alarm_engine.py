"""The alarm engine's decisions with an injected clock, on a real catalog, catalog
thread and event bus: dedup keys, interval aggregation counts, arming, the start-up
grace, auto-close, escalation, unavailable ports, bad events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from vedette_server.alarms import bus
from vedette_server.alarms.actions import ActionPorts, ActionRunner
from vedette_server.alarms.engine import AlarmEngine, EngineTimings
from vedette_server.alarms.event_rows import EventRows
from vedette_server.alarms.model import ActivityKind, AlarmState, Resolution
from vedette_server.alarms.ports import (
    AlarmNotice,
    NoticeChange,
    NotifyChannel,
    OutputMode,
    OutputState,
)
from vedette_server.alarms.rule_book import RuleBook
from vedette_server.alarms.rules import RuleDraft
from vedette_server.alarms.store import AlarmFilter, AlarmStore, AlarmView
from vedette_server.catalog import open_catalog
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import Camera, Event
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent
from vedette_server.search.events import EventLog, EventType

S = 1_000_000
T0 = 1_800_000_000 * S


class Outputs:
    """An I/O hub stand-in that remembers the commands (the port's collaborator)."""

    def __init__(self) -> None:
        self.commands: list[tuple[int, OutputMode, float | None]] = []

    async def set_output(
        self, point_id: int, mode: OutputMode, seconds: float | None, actor: str
    ) -> OutputState:
        self.commands.append((point_id, mode, seconds))
        return OutputState(point_id, f"relay {point_id}", mode is not OutputMode.OFF)


class Notices:
    """A notifier stand-in that remembers what it was asked to queue."""

    def __init__(self) -> None:
        self.sent: list[tuple[AlarmNotice, NotifyChannel, tuple[int, ...]]] = []

    def send(
        self, notice: AlarmNotice, channel: NotifyChannel, target_ids: Sequence[int] = ()
    ) -> None:
        self.sent.append((notice, channel, tuple(target_ids)))


class World:
    def __init__(
        self,
        catalog: Catalog,
        ports: ActionPorts,
        grace_s: float = 60,
    ) -> None:
        self.catalog = catalog
        self.now = T0
        self.armed: dict[int, bool] = {}
        self.volumes: list[tuple[int, str, str | None]] = []
        self.thread = CatalogThread()
        self.events = EventBus(queue_size=10_000)
        self.store = AlarmStore(catalog)
        self.rules = RuleBook(catalog, clock=lambda: self.now)
        self.engine = AlarmEngine(
            self.thread,
            self.store,
            self.rules,
            EventRows(catalog),
            self.events,
            ActionRunner(ports, self.events),
            armed=lambda schedule, t: self.armed.get(schedule, True),
            camera_ids=lambda: [int(r.id) for r in Camera.select(Camera.id)],
            volume_states=lambda: self.volumes,
            clock=lambda: self.now,
            timings=EngineTimings(startup_grace_s=grace_s),
        )
        self.engine.started_us = T0
        self.rules.seed()

    def put_rule(self, name: str, body: dict[str, Any], **kw: Any) -> int:
        rule, _ = self.rules.put(RuleDraft(name, json.dumps(body), **kw))
        return rule.id

    def alarms(self) -> list[AlarmView]:
        return self.store.search(AlarmFilter(), limit=1000)

    async def send(self, what: str, t_s: float = 0, /, **facts: Any) -> None:
        self.now = T0 + int(t_s * S)
        await self.engine.handle(ServerEvent(what, facts, time_us=self.now))
        await self.settle()

    async def settle(self) -> None:
        while self.engine._tasks:
            await asyncio.wait(set(self.engine._tasks))


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as catalog:
        yield catalog


def run(world: World, scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    try:
        asyncio.run(scenario())
    finally:
        world.thread.shutdown()


def add_camera(catalog: Catalog, name: str) -> int:
    query = Camera.insert(name=name, main_url="rtsp://cam/main", created_us=1, updated_us=1)
    return int(query.execute(catalog.database))


def drain(queue: asyncio.Queue[ServerEvent]) -> list[ServerEvent]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


def of_kind(events: list[ServerEvent], kind: str) -> list[dict[str, Any]]:
    return [event.facts for event in events if event.kind == kind]


def test_camera_offline_is_one_alarm_one_event_row_and_closes_when_back(
    catalog: Catalog,
) -> None:
    world = World(catalog, ActionPorts())
    camera = add_camera(catalog, "gate")

    async def scenario() -> None:
        async with world.events.subscribe() as queue:
            await world.send("camera_offline", 100, camera_id=camera, camera="gate")
            await world.send("camera_offline", 101, camera_id=camera, camera="gate")
            (alarm,) = world.alarms()
            assert alarm.alarm.key == f"exc:camera_offline:{camera}" and alarm.alarm.count == 1
            assert alarm.camera_id == camera and alarm.alarm.auto_close
            (row,) = Event.select().execute(catalog.database)
            assert (row.type, row.subtype, row.key) == (
                "exception",
                "camera_offline",
                alarm.alarm.key,
            )
            assert row.count == 2 and row.end_us is None
            first = drain(queue)
            assert [c["fresh"] for c in of_kind(first, bus.ALARM_CHANGED)] == [True]
            await world.send("camera_online", 130, camera_id=camera, camera="gate")
            (closed,) = world.alarms()
            assert closed.alarm.state is AlarmState.CLOSED
            assert closed.alarm.resolution is Resolution.AUTO
            assert Event.get_by_id(row.id).end_us == T0 + 130 * S
            logged = of_kind(first + drain(queue), bus.EVENT_LOGGED)
            assert [e["end_us"] is None for e in logged] == [True, True, False]
            assert [e["count"] for e in logged] == [1, 2, 2]
            # Offline again: a new alarm, a new row.
            await world.send("camera_offline", 200, camera_id=camera, camera="gate")
            assert [a.alarm.state for a in world.alarms()] == [AlarmState.NEW, AlarmState.CLOSED]

    run(world, scenario)


def test_the_startup_grace_holds_camera_offline_until_it_ends(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts(), grace_s=60)
    a, b = add_camera(catalog, "a"), add_camera(catalog, "b")

    async def scenario() -> None:
        await world.send("camera_offline", 10, camera_id=a)
        await world.send("camera_offline", 20, camera_id=b)
        await world.send("camera_online", 40, camera_id=a)  # back within the grace
        world.now = T0 + 59 * S
        await world.engine.tick()
        assert world.alarms() == []
        world.now = T0 + 60 * S
        await world.engine.tick()
        (alarm,) = world.alarms()
        assert alarm.camera_id == b and alarm.alarm.first_us == T0 + 20 * S
        assert Event.select().where(Event.camera_id == a).count(catalog.database) == 0

    run(world, scenario)


def test_interval_aggregation_counts_what_it_folded_and_ports_not_wired_are_said(
    catalog: Catalog,
) -> None:
    outputs = Outputs()
    world = World(catalog, ActionPorts(outputs=outputs))
    body = {
        "events": {"exception": ["illegal_access"]},
        "interval_s": 10,
        "actions": [
            {"kind": "output", "point_id": 4, "mode": "pulse", "seconds": 2},
            {"kind": "message_popup", "text": "intruder?", "duration_s": 5},
            {"kind": "snapshot", "camera_ids": [add_camera(catalog, "door")]},
        ],
        "alarm": {"priority": 1},
    }
    catalog.database.execute_sql(
        "INSERT INTO io_device (id, name, kind, updated_us) VALUES (1, 'box', 'virtual', 0)"
    )
    catalog.database.execute_sql(
        "INSERT INTO io_point (id, device_id, kind, number, name, updated_us)"
        " VALUES (4, 1, 'output', 0, 'siren', 0)"
    )
    world.put_rule("Intruder", body)

    async def scenario() -> None:
        async with world.events.subscribe() as queue:
            for i in range(5):  # 0..4 s: one run, four folded
                await world.send("illegal_access", i, username="eve", peer="1.2.3.4", failures=6)
            await world.send("illegal_access", 12, username="eve", peer="1.2.3.4", failures=6)
            popups = of_kind(drain(queue), bus.ALARM_POPUP)
        assert [p["text"] for p in popups] == ["intruder?", "intruder?"]
        alarms = [a for a in world.alarms() if a.rule_name == "Intruder"]
        (alarm,) = alarms
        assert alarm.alarm.count == 6 and alarm.alarm.priority == 1
        _, history = world.store.get(alarm.alarm.id)
        notes = [a.text for a in history if a.kind is ActivityKind.ACTION]
        assert notes == [
            "output: output relay 4 on",
            "messagepopup: message popup",
            "snapshot: unavailable (no snapshots on this server)",
            "output: output relay 4 on (+4 folded)",
            "messagepopup: message popup (+4 folded)",
            "snapshot: unavailable (no snapshots on this server) (+4 folded)",
        ]
        assert outputs.commands == [(4, OutputMode.PULSE, 2.0)] * 2
        # The built-in illegal access rule raised its own alarm too, for the same key.
        builtin = [a for a in world.alarms() if a.rule_name == "Illegal access"]
        assert len(builtin) == 1 and builtin[0].alarm.key == "exc:illegal_access:eve"

    run(world, scenario)


def test_arming_type_subtype_and_source_decide_which_rules_run(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    gate, yard = add_camera(catalog, "gate"), add_camera(catalog, "yard")
    catalog.database.execute_sql(
        "INSERT INTO schedule (id, name, week, updated_us) VALUES (5, 'nights', '{}', 0)"
    )
    world.put_rule(
        "Gate crossing",
        {
            "events": {"analytics": ["line_crossing"]},
            "sources": {"cameras": [gate]},
            "alarm": {"priority": 2},
        },
        arming_schedule_id=5,
    )

    def crossing(camera: int, kind: str = "line_crossing") -> dict[str, Any]:
        return {
            "camera_id": camera,
            "kind": kind,
            "source": "rule1",
            "state": None,
            "initial": False,
            "topic": "RuleEngine/LineDetector/Crossed",
        }

    async def scenario() -> None:
        world.armed[5] = False
        await world.send("camera.event", 1, **crossing(gate))
        assert world.alarms() == []
        world.armed[5] = True
        await world.send("camera.event", 2, **crossing(yard))  # not its source
        await world.send("camera.event", 3, **crossing(gate, "tamper"))  # not its subtype
        await world.send("camera.event", 4, **{**crossing(gate), "initial": True})  # not news
        assert world.alarms() == []
        await world.send("camera.event", 5, **crossing(gate))
        (alarm,) = world.alarms()
        assert alarm.alarm.key == f"onvif:{gate}:RuleEngine/LineDetector/Crossed:rule1"

    run(world, scenario)


def test_escalation_once_after_escalate_after_s_while_new(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    world.put_rule(
        "Panic", {"events": {"manual": []}, "alarm": {"priority": 3, "escalate_after_s": 30}}
    )

    async def scenario() -> None:
        world.now = T0
        view = await world.engine.trigger_manual("Panic button", None, 3, "", "alice")
        assert view.alarm.priority == 3  # the built-in manual rule's alarm
        panic = next(a for a in world.alarms() if a.rule_name == "Panic")
        world.now = T0 + 29 * S
        await world.engine.tick()
        assert world.store.get_view(panic.alarm.id).alarm.priority == 3
        world.now = T0 + 30 * S
        await world.engine.tick()
        await world.engine.tick()
        escalated, history = world.store.get(panic.alarm.id)
        assert escalated.alarm.priority == 2 and escalated.alarm.escalated
        assert [a.kind for a in history].count(ActivityKind.ESCALATION) == 1
        # The manual rule's alarm has no escalation.
        assert world.store.get_view(view.alarm.id).alarm.priority == 3
        (row,) = Event.select().where(Event.type == "manual").execute(catalog.database)
        assert row.source == "alice" and row.subtype == "Panic button"

    run(world, scenario)


def test_disk_exceptions_follow_the_volume_states(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())

    async def scenario() -> None:
        world.volumes = [(1, "full", None), (2, "read_write", None)]
        await world.send("volume_full", 1, volume_id=1, path="/v1", state="full")
        (full,) = world.alarms()
        assert full.alarm.key == "exc:disk_full:1" and full.alarm.state is AlarmState.NEW
        world.volumes = [(1, "full", None), (2, "unavailable", "not mounted or not a directory")]
        await world.send("volume_unavailable", 2, volume_id=2, path="/v2", state="unavailable")
        keys = {a.alarm.key for a in world.alarms()}
        assert keys == {"exc:disk_full:1", "exc:disk_removed:2", "exc:no_disk:server"}
        world.volumes = [(1, "read_write", None), (2, "unavailable", "read-only")]
        await world.send("volume_available", 3, volume_id=1, path="/v1", state="read_write")
        still_open = {a.alarm.key for a in world.alarms() if a.alarm.is_open}
        assert still_open == {"exc:disk_removed:2"}

    run(world, scenario)


def test_bad_events_are_survived(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())

    async def scenario() -> None:
        await world.send("camera_offline", 1, camera_id="three")
        await world.send("camera.event", 2, camera_id=None, kind="motion")
        await world.send("io.device", 3, device_id=1)
        assert world.engine.bad_events == 3
        await world.send("io.device", 4, device_id=1, name="box", online=False)
        (alarm,) = world.alarms()
        assert alarm.alarm.key == "exc:io_device_offline:1"
        # In a burst handled at once, a bad event is skipped and the others stand.
        burst = [
            ServerEvent("io.device", {"device_id": 2, "name": "b", "online": False}),
            ServerEvent("camera_offline", {"camera_id": None}),
            ServerEvent("io.device", {"device_id": 3, "name": "c", "online": False}),
        ]
        steps = await world.engine.handle_all(burst)
        assert len(steps) == 2 and world.engine.bad_events == 4
        # A bad volume event between two good ones: each good one handled once.
        burst = [
            ServerEvent("io.device", {"device_id": 4, "name": "d", "online": False}),
            ServerEvent("volume_full", {"volume_id": "one"}),
            ServerEvent("io.device", {"device_id": 5, "name": "e", "online": False}),
        ]
        assert len(await world.engine.handle_all(burst)) == 2
        keys = sorted(a.alarm.key for a in world.alarms())
        assert keys == [f"exc:io_device_offline:{i}" for i in (1, 2, 3, 4, 5)]

    run(world, scenario)


def test_motion_and_onvif_rows_are_keyed_not_written_twice(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    gate = add_camera(catalog, "gate")
    world.put_rule("Motion", {"events": {"motion": []}, "alarm": {"auto_close": True}})
    log = EventLog(catalog)

    def motion(state: bool, t_s: int) -> dict[str, Any]:
        return {
            "camera_id": gate,
            "kind": "motion",
            "source": "vedette motion",
            "state": state,
            "initial": False,
            "topic": "",
            "camera_time_us": T0 + t_s * S,
        }

    async def scenario() -> None:
        # The detector writes its row (here first; the engine also copes when later).
        row_id = log.begin(EventType.MOTION, gate, T0 + 10 * S, source="vedette motion")
        await world.send("camera.event", 10, **motion(True, 10))
        log.end(row_id, T0 + 20 * S)
        await world.send("camera.event", 20, **motion(False, 20))
        (row,) = Event.select().execute(catalog.database)
        assert (row.id, row.key, row.end_us) == (row_id, f"motion:{gate}", T0 + 20 * S)
        (alarm,) = world.alarms()
        assert alarm.alarm.key == f"motion:{gate}" and alarm.alarm.state is AlarmState.CLOSED
        # The detector's row written after the engine looked: found a little later.
        async with world.events.subscribe() as queue:
            world.now = T0 + 30 * S
            await world.engine.handle(ServerEvent("camera.event", motion(True, 30)))
            late = log.begin(EventType.MOTION, gate, T0 + 30 * S, source="vedette motion")
            await world.settle()
            logged = of_kind(drain(queue), bus.EVENT_LOGGED)
        assert [e["event_id"] for e in logged] == [late]
        assert Event.get_by_id(late).key == f"motion:{gate}"
        assert Event.select().count(catalog.database) == 2

    run(world, scenario)


def test_a_condition_on_motion_areas_chooses_the_events(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    gate = add_camera(catalog, "gate")
    body = {"events": {"motion": []}, "condition": {"areas": ["door"]}, "alarm": {}}
    world.put_rule("Door motion", body)

    def motion(state: bool, areas: list[str]) -> dict[str, Any]:
        facts = {"camera_id": gate, "kind": "motion", "source": "vedette motion"}
        return {**facts, "state": state, "initial": False, "areas": areas}

    async def scenario() -> None:
        await world.send("camera.event", 1, **motion(True, ["yard"]))
        await world.send("camera.event", 2, **motion(False, []))
        assert world.alarms() == []
        await world.send("camera.event", 3, **motion(True, ["yard", "door"]))
        (alarm,) = world.alarms()
        assert alarm.rule_name == "Door motion"

    run(world, scenario)


def test_mail_and_webhook_targets_hear_of_raise_escalation_and_close(catalog: Catalog) -> None:
    notices = Notices()
    world = World(catalog, ActionPorts(notify=notices))
    gate = add_camera(catalog, "gate")
    body = {
        "events": {"exception": ["camera_offline"]},
        "actions": [{"kind": "email", "recipient_ids": []}, {"kind": "webhook"}],
        "alarm": {"priority": 3, "auto_close": True, "escalate_after_s": 60},
    }
    world.put_rule("Tell", body)

    async def scenario() -> None:
        await world.send("camera_offline", 100, camera_id=gate, camera="gate")
        world.now = T0 + 160 * S
        await world.engine.tick()
        await world.settle()
        await world.send("camera_online", 200, camera_id=gate, camera="gate")
        await world.settle()
        told = [(n.change, channel) for n, channel, _ in notices.sent]
        assert told == [
            (NoticeChange.RAISED, NotifyChannel.EMAIL),
            (NoticeChange.RAISED, NotifyChannel.WEBHOOK),
            (NoticeChange.ESCALATED, NotifyChannel.EMAIL),
            (NoticeChange.ESCALATED, NotifyChannel.WEBHOOK),
            (NoticeChange.CLOSED, NotifyChannel.EMAIL),
            (NoticeChange.CLOSED, NotifyChannel.WEBHOOK),
        ]
        assert {n.priority for n, _, _ in notices.sent[2:4]} == {2}
        assert notices.sent[-1][0].state == "closed"
        assert all(n.camera_id == gate and n.alarm_id for n, _, _ in notices.sent)

    run(world, scenario)


def test_a_burst_over_many_sources_is_folded_by_the_storm_breaker(catalog: Catalog) -> None:
    world = World(catalog, ActionPorts())
    world.put_rule("Doors", {"events": {"sensor": []}, "alarm": {"priority": 2}})

    async def scenario() -> None:
        for point in range(1, 201):  # 200 inputs within 20 s
            await world.send(
                "io.input", point / 10, point_id=point, name=f"door {point}", active=True
            )
        alarms = [a for a in world.alarms() if a.rule_name == "Doors"]
        assert len(alarms) == 101  # the threshold, then one storm alarm
        assert sum(a.alarm.count for a in alarms) == 200
        (storm,) = [a for a in alarms if a.alarm.storm]
        assert storm.alarm.count == 100

    run(world, scenario)
