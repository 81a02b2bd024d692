"""Input to alarm to output, end to end on a real server (issue 15's test plan):
pymodbus's own Modbus TCP server on 127.0.0.1 is the I/O box; an input closed on the
box raises the rule's alarm (seen through the API), the rule's output pulse is read
back from the box's coil, the action is in the alarm's history, and releasing the
input closes the alarm (the rule closes it when the cause clears); a box that stops
answering is an "I/O device offline" alarm, closed when it answers again."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.integration.test_io_modbus import BOUND_S, BoxThread, wait_input
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client import Client
from vedette_api.client.alarms import alarm_filter
from vedette_api.v1 import alarms_pb2, io_pb2

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-io")) as process:
        yield process


@pytest.fixture
def box() -> Iterator[BoxThread]:
    running = BoxThread()
    try:
        yield running
    finally:
        running.close()


def rule_alarms(client: Client, rule_id: int) -> list[alarms_pb2.Alarm]:
    return list(client.list_alarms(alarm_filter(rule_id=rule_id)))


def test_an_input_on_the_box_raises_an_alarm_and_pulses_an_output_on_the_box(
    server: ServerProcess, box: BoxThread
) -> None:
    with server.client() as client:
        device = client.add_modbus_device(
            "127.0.0.1", port=box.link.port, input_count=2, output_count=2, name="box"
        )
        wait_for(
            lambda: client.find_device(device.id).status == io_pb2.IO_DEVICE_STATUS_ONLINE,
            BOUND_S,
            "the box online",
        )
        door, siren = client.find_point("box/in0"), client.find_point("box/out1")
        client.update_point(door.id, debounce_ms=0)
        wait_input(client, "box/in0", False)  # its state at rest known: a change is news
        body = {
            "events": {"sensor": []},
            "sources": {"inputs": [door.id]},
            "actions": [{"kind": "output", "point_id": siren.id, "mode": "pulse", "seconds": 8}],
            "alarm": {"priority": 1, "auto_close": True, "instructions": "go and look"},
        }
        rule = client.put_rule("Back door", json.dumps(body)).rule
        assert box.coils()[1] is False

        box.set_input(0, True)
        (alarm,) = wait_for(lambda: rule_alarms(client, rule.id), BOUND_S, "the rule's alarm")
        assert alarm.key == f"input:{door.id}" and alarm.priority == 1
        wait_for(lambda: box.coils()[1], BOUND_S, "the siren on at the box")
        history = wait_for(
            lambda: [
                a.text for a in client.get_alarm(alarm.id).activities if a.text.startswith("output")
            ],
            BOUND_S,
            "the output's outcome in the alarm's history",
        )
        assert history == ["output: output box/out1 on"]
        wait_for(lambda: not box.coils()[1], BOUND_S, "the pulse's off at the box")

        box.set_input(0, False)
        (closed,) = wait_for(
            lambda: [
                a for a in rule_alarms(client, rule.id) if a.state == alarms_pb2.ALARM_STATE_CLOSED
            ],
            BOUND_S,
            "the alarm closed when the input is released",
        )
        assert closed.id == alarm.id and len(rule_alarms(client, rule.id)) == 1

        # The box stops answering: the built-in "I/O device offline" alarm, closed
        # when it answers again.
        key = f"exc:io_device_offline:{device.id}"
        box.set_silent(True)
        (offline,) = wait_for(
            lambda: [a for a in client.list_alarms() if a.key == key], BOUND_S * 2, "offline"
        )
        assert offline.state == alarms_pb2.ALARM_STATE_NEW and offline.camera_id == 0
        box.set_silent(False)
        wait_for(
            lambda: [
                a
                for a in client.list_alarms()
                if a.key == key and a.resolution == alarms_pb2.RESOLUTION_AUTO
            ],
            BOUND_S * 2,
            "the device's alarm closed when it answers again",
        )
