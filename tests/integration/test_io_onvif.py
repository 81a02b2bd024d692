"""A camera's relay outputs over ONVIF DeviceIO as an I/O device, on a real server and
camsim's ONVIF camera (one relay, RO_0): added with `vedette io add-onvif`, a pulse
seen by the camera as active then inactive (camsim's log), and a camera that is not an
ONVIF camera, or unknown, refused with a clear error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server, wait_for
from vedette_api.client import Client
from vedette_api.errors import NotFound
from vedette_api.v1 import io_pb2

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Relay-Pass-7310"
BOUND_S = 60.0


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(*SMALL, cameras=1, user=USER, password=PASSWORD)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("io-onvif")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def vedette(server: ServerProcess, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def relay_lines(camsim: CamsimProcess) -> list[str]:
    return [x for x in camsim.lines if "cam1: relay RO_0 " in x and "set " not in x]


def test_a_cameras_relay_pulses_through_onvif(
    camsim: CamsimProcess, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    host, port = onvif_cameras(camsim)["cam1"].host_port
    camera = client.add_onvif_camera(
        "door-cam", host, port, camera_user=USER, camera_password=PASSWORD, enabled=False
    )
    added = vedette(server, tmp_path, "io", "add-onvif", "door-cam", "--name", "door", "--json")
    assert added.returncode == 0, added.stderr
    device = json.loads(added.stdout)
    assert device["kind"] == "onvif" and device["address"]["camera_id"] == camera.id
    assert device["address"]["relay_tokens"] == ["RO_0"]
    assert [p["name"] for p in device["points"]] == ["door/out0"]
    wait_for(
        lambda: any(d.status == io_pb2.IO_DEVICE_STATUS_ONLINE for d in client.list_io()),
        BOUND_S,
        "the camera's relays online",
    )
    before = len(relay_lines(camsim))
    pulse = vedette(server, tmp_path, "io", "set", "door/out0", "pulse", "1", "--json")
    assert pulse.returncode == 0, pulse.stderr
    assert json.loads(pulse.stdout)["on"] is True
    lines = wait_for(
        lambda: len(found := relay_lines(camsim)[before:]) >= 2 and found,
        BOUND_S,
        "the relay active then inactive on the camera",
    )
    assert "RO_0 active" in lines[0] and "RO_0 inactive" in lines[1], lines


def test_a_camera_that_is_not_onvif_is_refused(
    server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    plain = client.create_camera("plain-rtsp", "rtsp://127.0.0.1:9/x", enabled=False)
    refused = vedette(server, tmp_path, "io", "add-onvif", str(plain.id))
    assert refused.returncode == 1 and "was not added over ONVIF" in refused.stderr
    with pytest.raises(NotFound, match="camera"):
        client.add_onvif_relays(987654)
    assert all(d.kind != io_pb2.IO_DEVICE_KIND_ONVIF or d.name == "door" for d in client.list_io())
