"""What the manual promises the system log holds (SYS-09, REC-11, DISK-05): a camera
going offline and coming back, a volume becoming unavailable and writable again, as
exception and information entries, once per change, with a real server recording a
real camsim camera.

The server runs with short thresholds (``--camera-state-seconds GRACE,DOWN,UP``): a
camera is said offline once down DOWN seconds on end, and back once up UP seconds on
end, so a camera that keeps dropping for a while is said offline once and back once.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from vedette_api.client import Client
from vedette_api.v1 import cameras_pb2, storage_pb2, system_pb2

pytestmark = pytest.mark.slow

GRACE_S, DOWN_S, UP_S = 20, 3, 12
ONLINE = cameras_pb2.STREAM_STATE_ONLINE
TYPES = {system_pb2.LOG_TYPE_EXCEPTION: "exception", system_pb2.LOG_TYPE_INFORMATION: "information"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    data = tmp_path / "data"
    assert init_data_dir(data).returncode == 0
    timings = f"{GRACE_S},{DOWN_S},{UP_S}"
    process = start_server(
        data, tmp_path / "known.json", "--segment-seconds", "2", "--housekeeping-seconds", "1",
        "--camera-state-seconds", timings,
    )  # fmt: skip
    yield process
    process.stop()


def state_entries(client: Client, prefix: str, camera_id: int = 0) -> list[tuple[str, str]]:
    """(type, action) of the camera or volume state entries, oldest first."""
    found = client.search_logs(types=["exception", "information"], camera_id=camera_id)
    entries = [(TYPES[e.type], e.action) for e in found if e.action.startswith(prefix)]
    return entries[::-1]


def online(client: Client, camera_id: int) -> bool:
    return bool(client.get_camera(camera_id).status.main.state == ONLINE)


def test_a_flapping_camera_is_said_offline_once_and_back_once(server: ServerProcess) -> None:
    camsim: CamsimProcess = start_camsim(*SMALL)
    port = camsim.port
    try:
        with server.client() as client:
            camera = client.create_camera("gate", camsim.url("cam1", "main"))
            wait_for(lambda: online(client, camera.id), 60, "the camera online")
            # Four outages of more than DOWN_S, with less than UP_S up in between.
            for outage in range(4):
                camsim.stop()
                wait_for(lambda: not online(client, camera.id), 60, "the camera down")
                if outage == 0:
                    wait_for(
                        lambda: state_entries(client, "camera.", camera.id),
                        GRACE_S + 60,
                        "the camera said offline",
                    )
                else:
                    time.sleep(DOWN_S + 1)  # the outage itself: longer than DOWN_S
                camsim = start_camsim(*SMALL, "--rtsp-port", str(port))
                wait_for(lambda: online(client, camera.id), 60, "the camera back")
            # It holds now: back once it has been up UP_S.
            wait_for(
                lambda: len(state_entries(client, "camera.", camera.id)) >= 2,
                UP_S + 60,
                "the camera said back online",
            )
            assert state_entries(client, "camera.", camera.id) == [
                ("exception", "camera.offline"),
                ("information", "camera.online"),
            ]
            (offline,) = [
                e
                for e in client.search_logs(types=["exception"], camera_id=camera.id)
                if e.action == "camera.offline"
            ]
            assert offline.message.startswith("camera gate is offline")
    finally:
        camsim.stop()


def test_a_volume_that_goes_and_comes_back_is_in_the_system_log_once_each_way(
    server: ServerProcess,
) -> None:
    root = server.data / "recordings"
    with server.client() as client:
        (volume,) = client.list_volumes()
        assert state_entries(client, "volume.") == []  # a usable volume at start: nothing
        away = root.with_name("recordings.away")
        root.rename(away)  # unmounted, as far as the server can tell
        wait_for(lambda: state_entries(client, "volume."), 60, "the volume said unavailable")
        away.rename(root)
        wait_for(lambda: len(state_entries(client, "volume.")) >= 2, 120, "the volume said back")
        assert next(v for v in client.list_volumes() if v.id == volume.id).state == (
            storage_pb2.VOLUME_STATE_READ_WRITE
        )
        assert state_entries(client, "volume.") == [
            ("exception", "volume.unavailable"),
            ("information", "volume.available"),
        ]
        (gone,) = [
            e for e in client.search_logs(types=["exception"]) if e.action == "volume.unavailable"
        ]
        assert str(root) in gone.message
