"""A rule's PTZ preset action on a real server driving camsim's simulated ONVIF PTZ
camera: a manual alarm through the rule moves the head back to the saved preset (read
with GetPtzState), and the action is in the alarm's history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.integration.test_ptz_onvif import (
    PASSWORD,
    USER,
    WAIT_S,
    add,
    go,
    pan_apart_deg,
    remove_camera_presets,
    wait_still,
)
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client.alarms import alarm_filter

pytestmark = pytest.mark.slow


@pytest.fixture
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        *("--user", USER, "--password", PASSWORD),
        cameras=1,
    )
    yield process
    process.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as process:
        yield process


def test_a_manual_alarm_moves_the_camera_to_its_rules_preset(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    remove_camera_presets(camsim)
    go(camsim, 0.5, 0.2, 0.3)  # the gate: preset 3
    with server.client() as client:
        camera = add(client, camsim)
        gate = wait_still(client, camera)
        client.set_preset(camera, 3, "Gate")
        body = {
            "events": {"manual": []},
            "actions": [{"kind": "ptz_preset", "camera_id": camera, "preset": 3}],
            "alarm": {"priority": 2},
        }
        rule = client.put_rule("Look at the gate", json.dumps(body)).rule
        go(camsim, -0.5, -0.6, 0.0)  # somewhere else
        elsewhere = wait_still(client, camera)
        assert pan_apart_deg(elsewhere.position.pan_degrees, gate.position.pan_degrees) > 10

        client.trigger_alarm("Gate bell", camera_id=camera)
        (alarm,) = wait_for(
            lambda: list(client.list_alarms(alarm_filter(rule_id=rule.id))), WAIT_S, "the alarm"
        )

        def at_gate() -> bool:
            now = wait_still(client, camera)
            return pan_apart_deg(now.position.pan_degrees, gate.position.pan_degrees) < 0.01

        wait_for(at_gate, WAIT_S, "the head back at the gate preset")
        lines = wait_for(
            lambda: [a.text for a in client.get_alarm(alarm.id).activities if a.kind == "action"],
            WAIT_S,
            "the action's outcome in the alarm's history",
        )
        assert lines == [f"ptzpreset: camera {camera} to preset 3"]
