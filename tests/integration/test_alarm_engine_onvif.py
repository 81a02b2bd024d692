"""Camera analytics through ONVIF events into alarms, on a real server with camsim's
PullPoint: a scripted line crossing raises the rule's analytics alarm (seen through the
API), its event row (written by the ONVIF watch) is keyed by camera, topic and source
rather than written twice, and motion on the same camera does not match the rule."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import start_camsim
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api.client.alarms import alarm_filter

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Ev-Pass-5521"
WAIT_S = 120.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as process:
        yield process


def catalog_rows(server: ServerProcess, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    uri = f"file:{server.data / 'catalog.sqlite3'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        return db.execute(sql, args).fetchall()


def test_an_onvif_line_crossing_raises_the_analytics_rules_alarm(server: ServerProcess) -> None:
    camsim = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD),
        # Repeated, so a subscription slowed by a loaded machine still sees one.
        *("--fault", "cam1:motion@15s+4s"),
        *(arg for t in (25, 50, 75, 100) for arg in ("--fault", f"cam1:line@{t}s")),
        cameras=1,
    )
    try:
        device_url = onvif_cameras(camsim)["cam1"].device_url
        host, port = device_url.split("//", 1)[1].split("/", 1)[0].split(":")
        with server.client() as client:
            body = {
                "events": {"analytics": ["line_crossing"]},
                "alarm": {"priority": 2, "category": "perimeter"},
            }
            rule = client.put_rule("Fence", json.dumps(body)).rule
            camera = client.add_onvif_camera(
                "Fence cam", host, int(port), camera_user=USER, camera_password=PASSWORD
            )
            (alarm,) = wait_for(
                lambda: list(client.list_alarms(alarm_filter(rule_id=rule.id))),
                WAIT_S,
                "the line crossing's alarm",
            )
            assert alarm.key.startswith(f"onvif:{camera.id}:") and "LineDetector" in alarm.key
            assert alarm.category == "perimeter" and alarm.camera_id == camera.id
            rows = wait_for(
                lambda: catalog_rows(
                    server, "SELECT type, subtype FROM event WHERE key = ?", alarm.key
                ),
                WAIT_S,
                "the ONVIF event row given its key",
            )
            assert set(rows) == {("analytics", "line_crossing")}
            unkeyed = "SELECT count(*) FROM event WHERE camera_id = ? AND key = '' AND type = ?"
            wait_for(
                lambda: catalog_rows(server, unkeyed, camera.id, "analytics") == [(0,)],
                WAIT_S,
                "every analytics row keyed by the engine, none written twice",
            )
            # More crossings fold into the one alarm; motion matches no rule of this one.
            assert [a.id for a in client.list_alarms(alarm_filter(rule_id=rule.id))] == [alarm.id]
    finally:
        camsim.stop()
