"""The system log's alarm entries (SYS-09) on a real server: a manual alarm and a
virtual input's event, their alarms raised, acknowledged and closed, are listed by
SearchLogs type ALARM with their cameras; a burst of 200 starts of one input gives a
bounded number of entries."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.integration.test_io_modbus import BoxThread
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client import Client
from vedette_api.client.alarms import alarm_filter
from vedette_api.v1 import io_pb2, system_pb2

pytestmark = pytest.mark.slow

WAIT_S = 90.0
BURST = 200


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-log")) as process:
        yield process


def alarm_entries(client: Client, text: str = "") -> list[system_pb2.LogEntry]:
    return list(client.search_logs(types=["alarm"], text=text, limit=5000))


def actions(entries: list[system_pb2.LogEntry]) -> list[str]:
    return [e.action for e in entries]


def detail(entry: system_pb2.LogEntry) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(entry.detail_json)
    return loaded


def set_input(client: Client, point_id: int, active: bool) -> None:
    """Set a virtual input and wait until the hub has read it (a change undone before
    the next poll is no change)."""
    client.set_virtual_input(point_id, active)
    wait_for(
        lambda: (p := client.find_point(point_id)).known and p.active == active,
        WAIT_S,
        f"input {point_id} {'on' if active else 'off'}",
        interval=0.02,
    )


def of_alarm(client: Client, alarm_id: int) -> list[system_pb2.LogEntry]:
    """The lifecycle entries of one alarm."""
    entries = alarm_entries(client, f"alarm {alarm_id}")
    return [
        e for e in entries if e.action.startswith("alarm.") and detail(e)["alarm_id"] == alarm_id
    ]


def test_alarms_and_their_events_are_in_the_alarm_log(server: ServerProcess) -> None:
    with server.client() as client:
        # Nothing listens there: the camera exists, which is all its log entries need.
        camera = client.create_camera("hall", "rtsp://127.0.0.1:9/none")
        raised = client.trigger_alarm("Log check", camera_id=camera.id, priority=2)
        acked = client.acknowledge_alarm(raised.id, version=raised.version).alarm
        client.close_alarm(raised.id, "false_alarm", "cat", version=acked.version)

        entries = wait_for(
            lambda: of_alarm(client, raised.id) if len(of_alarm(client, raised.id)) >= 3 else None,
            WAIT_S,
            "the manual alarm's entries",
        )
        assert sorted(actions(entries)) == ["alarm.acknowledged", "alarm.closed", "alarm.raised"]
        assert {e.camera_id for e in entries} == {camera.id}
        closed = next(e for e in entries if e.action == "alarm.closed")
        assert closed.username == "admin" and detail(closed)["resolution"] == "false_alarm"
        manual = wait_for(
            lambda: [e for e in alarm_entries(client, "Log check") if e.action == "event.manual"],
            WAIT_S,
            "the manual event's entry",
        )
        assert len(manual) == 1 and manual[0].camera_id == camera.id
        assert detail(manual[0])["type"] == "manual"

        client.add_virtual_device(input_count=1, output_count=1, name="bench")
        door = client.find_point("bench/in0")
        client.update_point(door.id, camera_id=camera.id, debounce_ms=0)
        wait_for(lambda: client.find_point(door.id).known, WAIT_S, "the input polled")
        body = {"events": {"sensor": []}, "sources": {"inputs": [door.id]}, "alarm": {}}
        rule = client.put_rule("Hall door", json.dumps(body)).rule
        key = f"input:{door.id}"

        set_input(client, door.id, True)
        (alarm,) = wait_for(
            lambda: list(client.list_alarms(alarm_filter(rule_id=rule.id))),
            WAIT_S,
            "the input's alarm",
        )
        sensor = wait_for(
            lambda: [e for e in alarm_entries(client, key) if e.action == "event.sensor"],
            WAIT_S,
            "the input event's entry",
        )
        assert len(sensor) == 1 and sensor[0].camera_id == camera.id
        assert detail(sensor[0])["key"] == key
        wait_for(
            lambda: "alarm.raised" in actions(of_alarm(client, alarm.id)),
            WAIT_S,
            "the input alarm's raised entry",
        )

        # A burst: 200 more starts of the same input, folded into the same alarm.
        for _ in range(BURST):
            set_input(client, door.id, False)
            set_input(client, door.id, True)
        wait_for(
            lambda: client.get_alarm(alarm.id).alarm.count > BURST,
            WAIT_S * 2,
            "the burst folded into the alarm",
        )
        starts = [e for e in alarm_entries(client, key) if e.action == "event.sensor"]
        # At most 5 a minute per input (the limiter), whatever the load made it last.
        assert 1 < len(starts) <= 25
        assert actions(of_alarm(client, alarm.id)) == ["alarm.raised"]  # folds are counts


def test_an_io_device_offline_is_an_exception_entry_and_its_return_information(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """No source writes it to the system log but the alarm log (network down, IP
    conflict and I/O device offline are written there; the others by their sources)."""
    box = BoxThread()
    try:
        with (
            running_server(tmp_path_factory.mktemp("alarm-log-io")) as process,
            process.client() as client,
        ):
            device = client.add_modbus_device(
                "127.0.0.1", port=box.link.port, input_count=1, output_count=1, name="box"
            )
            wait_for(
                lambda: client.find_device(device.id).status == io_pb2.IO_DEVICE_STATUS_ONLINE,
                WAIT_S,
                "the box online",
            )
            key = f"exc:io_device_offline:{device.id}"

            def entries(kind: str) -> list[system_pb2.LogEntry]:
                found = client.search_logs(types=[kind], text=key, limit=100)
                return [e for e in found if e.action.startswith("exception.io_device_offline")]

            box.set_silent(True)
            (offline,) = wait_for(lambda: entries("exception"), WAIT_S * 2, "the entry")
            assert offline.action == "exception.io_device_offline"
            box.set_silent(False)
            (back,) = wait_for(lambda: entries("information"), WAIT_S * 2, "its end")
            assert back.action == "exception.io_device_offline.cleared"
            assert back.id > offline.id
            assert len(entries("exception")) == 1
    finally:
        box.close()
