"""The alarm engine in a real server (issue 15): exception alarms from real causes.

A camsim camera whose network drops gives exactly one "camera offline" alarm, closed
by the system when the camera is back; a volume that goes away gives a disk alarm
(and "no disk", the server's only volume) closed when it is back; six bad logins give
an illegal access alarm. The alarms are read through the API (AlarmService); event
rows and activities from the catalog (read-only), as the engine writes them.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import start_camsim
from tests.support.server_process import ServerProcess, running_server, wait_for
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.alarms import STATE_NAMES
from vedette_api.v1 import alarms_pb2, cameras_pb2

pytestmark = pytest.mark.slow

#: The engine's start-up grace for camera offline (60 s) plus the state log's 3 s.
GRACE_S = 60
ONLINE = cameras_pb2.STREAM_STATE_ONLINE


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(
        tmp_path_factory.mktemp("alarms"),
        "--segment-seconds", "2", "--housekeeping-seconds", "1",
        "--camera-state-seconds", "5,3,3",
    ) as process:  # fmt: skip
        yield process


def rows(server: ServerProcess, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    uri = f"file:{server.data / 'catalog.sqlite3'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        return db.execute(sql, args).fetchall()


def alarms_of(client: Client, key: str) -> list[tuple[Any, ...]]:
    """(id, state, resolution, count, rule builtin) of the alarms for ``key``, oldest
    first, through the API."""
    builtin = {rule.id: rule.builtin for rule in client.list_rules()}
    found = [a for a in client.list_alarms() if a.key == key]
    return [
        (
            a.id,
            STATE_NAMES[a.state],
            alarms_pb2.Resolution.Name(a.resolution).removeprefix("RESOLUTION_").lower(),
            a.count,
            builtin.get(a.rule_id, ""),
        )
        for a in reversed(found)
    ]


def test_the_exception_rules_are_seeded_once(server: ServerProcess) -> None:
    builtin = rows(server, "SELECT builtin, enabled FROM rule WHERE builtin IS NOT NULL")
    assert {kind for kind, _ in builtin} >= {
        "camera_offline",
        "disk_full",
        "disk_error",
        "no_disk",
        "disk_removed",
        "illegal_access",
        "io_device_offline",
        "manual",
    }
    assert all(enabled == 1 for _, enabled in builtin)


def online(client: Client, camera_id: int) -> bool:
    return bool(client.get_camera(camera_id).status.main.state == ONLINE)


def test_a_camera_network_drop_is_one_alarm_closed_when_it_is_back(
    server: ServerProcess,
) -> None:
    camsim = start_camsim(*SMALL)
    port = camsim.port
    try:
        client = server.client()
        camera = client.create_camera("gate", camsim.url("cam1", "main"))
        wait_for(lambda: online(client, camera.id), 60, "the camera online")
        key = f"exc:camera_offline:{camera.id}"
        camsim.stop()
        (alarm_id, state, _, _, builtin), *more = wait_for(
            lambda: alarms_of(client, key), GRACE_S + 120, "a camera offline alarm"
        )
        assert more == [] and state == "new" and builtin == "camera_offline"
        time.sleep(5)  # still down: the state log says it once, the engine folds nothing new
        assert [a[0] for a in alarms_of(client, key)] == [alarm_id]
        camsim = start_camsim(*SMALL, "--rtsp-port", str(port))
        closed = wait_for(
            lambda: [a for a in alarms_of(client, key) if a[1] == "closed"], 120, "auto-close"
        )
        assert closed == [(alarm_id, "closed", "auto", 1, "camera_offline")]
        assert len(alarms_of(client, key)) == 1
        (kind, actor), *_ = rows(
            server,
            "SELECT kind, actor FROM alarm_activity WHERE alarm_id = ? ORDER BY id DESC",
            alarm_id,
        )
        assert (kind, actor) == ("auto_close", "system")
        ((count, ended),) = rows(
            server, "SELECT count(*), min(end_us IS NOT NULL) FROM event WHERE key = ?", key
        )
        assert (count, ended) == (1, 1)
        client.close()
    finally:
        camsim.stop()


def test_a_volume_that_goes_away_is_a_disk_alarm_closed_when_it_is_back(
    server: ServerProcess,
) -> None:
    root = server.data / "recordings"
    ((volume_id,),) = rows(server, "SELECT id FROM volume")
    away = root.with_name("recordings.away")
    client = server.client()
    root.rename(away)  # unmounted, as far as the server can tell
    try:
        removed = wait_for(
            lambda: alarms_of(client, f"exc:disk_removed:{volume_id}"), 60, "a disk alarm"
        )
        assert [(a[1], a[4]) for a in removed] == [("new", "disk_removed")]
        no_disk = wait_for(lambda: alarms_of(client, "exc:no_disk:server"), 60, "no disk")
        assert [(a[1], a[4]) for a in no_disk] == [("new", "no_disk")]
    finally:
        away.rename(root)
    for key in (f"exc:disk_removed:{volume_id}", "exc:no_disk:server"):
        wait_for(
            lambda key=key: [a for a in alarms_of(client, key) if a[1] == "closed"],
            120,
            f"{key} closed when the volume is back",
        )
        assert [(a[1], a[2]) for a in alarms_of(client, key)] == [("closed", "auto")]
    client.close()


def test_a_volume_under_its_reserve_without_overwrite_is_a_disk_full_alarm(
    server: ServerProcess,
) -> None:
    with server.client() as client:
        (volume,) = client.list_volumes()
        group = client.list_disk_groups()[0]
        key = f"exc:disk_full:{volume.id}"
        client.update_disk_group(
            group.id, overwrite=False, reserve_bytes=max(volume.capacity_bytes - 1, 1)
        )
        try:
            full = wait_for(lambda: alarms_of(client, key), 60, "a disk full alarm")
            assert [(a[1], a[4]) for a in full] == [("new", "disk_full")]
        finally:
            client.update_disk_group(
                group.id, overwrite=group.overwrite, reserve_bytes=group.reserve_bytes
            )
        wait_for(
            lambda: [a for a in alarms_of(client, key) if a[1] == "closed"],
            120,
            "disk full closed when the volume is writable again",
        )


def test_six_bad_logins_raise_an_illegal_access_alarm(server: ServerProcess) -> None:
    """Last in the module: the guessing address stays throttled for minutes (the
    session opened before keeps working)."""
    with server.client() as client:
        for _ in range(6):
            with pytest.raises((errors.Unauthenticated, errors.ResourceExhausted)):
                server.client(password="not-the-password").close()
        (alarm,) = wait_for(
            lambda: [a for a in client.list_alarms() if a.key.startswith("exc:illegal_access:")],
            60,
            "an illegal access alarm",
        )
        assert (alarm.state, alarm.priority) == (alarms_pb2.ALARM_STATE_NEW, 1)
        assert alarm.rule_name == "Illegal access" and alarm.camera_id == 0
    ((event_type, subtype),) = rows(
        server, "SELECT type, subtype FROM event WHERE key = ? LIMIT 1", alarm.key
    )
    assert (event_type, subtype) == ("exception", "illegal_access")
