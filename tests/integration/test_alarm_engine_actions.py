"""A rule's actions in a real server (in this process, to reach ``AlarmDesk`` before
its gRPC service exists): a manual alarm through a rule that snapshots and records a
camsim camera, pops up its video and sounds the buzzer; the snapshot is stored, the
camera's recording around the alarm is kept with the alarm's reason, every action's
outcome is in the alarm's history, and the desk's operations reach the feed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import start_camsim
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD, wait_for
from vedette_api.client import Client
from vedette_api.v1 import cameras_pb2
from vedette_server.alarms import bus, states
from vedette_server.alarms.model import ActivityKind, AlarmState, VersionConflict
from vedette_server.alarms.rules import RuleDraft
from vedette_server.alarms.store import AlarmFilter
from vedette_server.catalog.models import RecordReason, Stream
from vedette_server.errors import InvalidArgument

pytestmark = pytest.mark.slow

ONLINE = cameras_pb2.STREAM_STATE_ONLINE


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path)
    yield server
    server.stop()


def catalog_rows(inproc: InProcessServer, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    path = inproc.server.config.data.catalog
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def test_a_manual_alarm_runs_its_rules_actions(inproc: InProcessServer) -> None:
    camsim = start_camsim(*SMALL)
    desk = inproc.server.parts.alarm_desk
    try:
        with Client.connect(
            inproc.address, username="admin", password=ADMIN_PASSWORD, insecure=True
        ) as client:
            camera = client.create_camera("door", camsim.url("cam1", "main"))
            wait_for(
                lambda: client.get_camera(camera.id).status.main.state == ONLINE,
                60,
                "the camera online",
            )
        thumbnailer = inproc.server.parts.thumbnailer
        wait_for(
            lambda: inproc.run(thumbnailer.newest_keyframe(camera.id, Stream.MAIN)),
            60,
            "a recorded keyframe to take a live snapshot from",
        )
        body: dict[str, Any] = {
            "events": {"manual": []},
            "actions": [
                {"kind": "snapshot", "camera_ids": [camera.id]},
                {"kind": "record", "camera_ids": [camera.id]},
                {"kind": "video_popup", "duration_s": 20},
                {"kind": "buzzer", "duration_s": 5},
                {"kind": "output", "point_id": 1, "mode": "on"},
            ],
            "alarm": {"priority": 1, "instructions": "check the door"},
        }
        with pytest.raises(InvalidArgument, match="output 1 does not exist"):
            inproc.run(desk.put_rule(RuleDraft("Door", json.dumps(body))))
        body["actions"] = body["actions"][:4]
        rule, created = inproc.run(desk.put_rule(RuleDraft("Door", json.dumps(body))))
        assert created

        seen_before = len(inproc.events)
        manual = inproc.run(
            desk.trigger_manual("Door forced", camera.id, 2, "at the back", "alice")
        )
        assert manual.alarm.title == "Door forced" and manual.camera_id == camera.id
        door = wait_for(
            lambda: inproc.run(desk.list(AlarmFilter(rule_ids=frozenset({rule.id})))),
            30,
            "the rule's alarm",
        )[0]
        assert door.alarm.priority == 1 and door.instructions == "check the door"

        def notes() -> list[str]:
            _, history = inproc.run(desk.get(door.alarm.id))
            return [a.text for a in history if a.kind is ActivityKind.ACTION]

        lines = wait_for(lambda: len(notes()) == 4 and notes(), 60, "the actions' outcomes")
        assert lines[0].startswith("snapshot: snapshots ") and "failed" not in lines[0]
        snapshot_id = int(lines[0].split("→")[1].split(",")[0])
        assert catalog_rows(inproc, "SELECT camera_id FROM snapshot WHERE id = ?", snapshot_id) == [
            (camera.id,)
        ]
        assert lines[1].startswith(f"record: cameras {camera.id} keep")
        assert lines[2] == f"videopopup: video popup of camera {camera.id}"
        assert lines[3] == "buzzer: buzzer for 5 s"
        # The camera's recording around the alarm carries the alarm's reason.
        wait_for(
            lambda: catalog_rows(
                inproc,
                "SELECT count(*) FROM segment WHERE camera_id = ? AND record_reasons & ?",
                camera.id,
                int(RecordReason.SENSOR),
            )[0][0],
            60,
            "a segment kept by the record action",
        )
        kinds = [e.kind for e in inproc.events[seen_before:]]
        assert bus.ALARM_POPUP in kinds and bus.ALARM_BUZZER in kinds
        assert bus.EVENT_LOGGED in kinds and bus.ALARM_CHANGED in kinds
        (event_type, subtype, source) = catalog_rows(
            inproc, "SELECT type, subtype, source FROM event WHERE type = 'manual'"
        )[0]
        assert (event_type, subtype, source) == ("manual", "Door forced", "alice")

        # Two operators: the second one's stale version is refused.
        view, _ = inproc.run(desk.apply(door.alarm.id, states.Acknowledge(), "alice", 1))
        assert view.alarm.state is AlarmState.IN_PROGRESS and view.alarm.owner == "alice"
        with pytest.raises(VersionConflict):
            inproc.run(desk.apply(door.alarm.id, states.Assign("bob"), "bob", 1))
    finally:
        camsim.stop()
