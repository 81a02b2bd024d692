"""Discovering, testing and adding ONVIF cameras (CAM-01..03) through a real server,
the SDK and the CLI, against camsim over loopback with the real client library.

One camsim serves the module: cam1 and cam2 with right clocks, cam3 six hours ahead
(``cam3:clock=+6h``); all need admin and ``PASSWORD``. Each camera answers ONVIF and
WS-Discovery on its own address, 127.0.1.11 to 127.0.1.13, on ephemeral ports
(``--discovery-port 0``), so probes are unicast to ``address:port`` targets and
never multicast. One server serves the module too; tests add different cameras so
that their order does not matter.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import OnvifCamera, onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    running_server,
    wait_for,
)
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.errors import FailedPrecondition, PermissionDenied
from vedette_api.v1 import cameras_pb2

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Pass-8831"
WRONG = "Wrong-Pass-4417"
SIX_HOURS_S = 6 * 3600
#: camsim answers in milliseconds; generous for a loaded machine.
ANSWER_S = 20.0


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *SMALL,
        *("--fault", "cam3:clock=+6h"),
        cameras=3,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("onvif"), "--segment-seconds", "3") as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def cameras(camsim: CamsimProcess) -> dict[str, OnvifCamera]:
    found = onvif_cameras(camsim)
    assert sorted(found) == ["cam1", "cam2", "cam3"]
    return found


def host_port(camera: OnvifCamera) -> tuple[str, int]:
    return camera.host_port


def target(camera: OnvifCamera) -> str:
    return f"{camera.discovery_address}:{camera.discovery_port}"


def discovered(
    client: Client, *names: str, camsim: CamsimProcess
) -> dict[str, cameras_pb2.DiscoveredCamera]:
    found = cameras(camsim)
    answers = client.discover_cameras([target(found[n]) for n in names], timeout_s=ANSWER_S)
    return {camera.name: camera for camera in answers}


def test_discovery_by_unicast_finds_cameras_and_says_which_are_already_added(
    camsim: CamsimProcess, client: Client
) -> None:
    found = cameras(camsim)
    started = time.monotonic()
    before = discovered(client, "cam1", "cam3", camsim=camsim)
    assert time.monotonic() - started < ANSWER_S  # ends when both answered
    assert sorted(before) == ["cam1", "cam3"]
    for name in ("cam1", "cam3"):
        camera = before[name]
        assert (camera.address, camera.port) == host_port(found[name])
        assert camera.xaddrs == [found[name].device_url]
        assert camera.hardware == "camsim" and camera.endpoint.startswith("urn:uuid:")
        assert not camera.already_added and camera.camera_id == 0

    host, port = host_port(found["cam1"])
    added = client.add_onvif_camera(
        "Discovered one", host, port, camera_user=USER, camera_password=PASSWORD
    )
    after = discovered(client, "cam1", "cam3", camsim=camsim)
    assert after["cam1"].already_added and after["cam1"].camera_id == added.id
    assert not after["cam3"].already_added


def test_a_camera_test_reads_identity_profiles_streams_and_capabilities(
    camsim: CamsimProcess, client: Client
) -> None:
    host, port = host_port(cameras(camsim)["cam1"])
    result = client.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
    assert result.error == cameras_pb2.ONVIF_ERROR_UNSPECIFIED, result.error_message
    assert (result.manufacturer, result.model) == ("Vedette", "camsim")
    assert result.serial_number.endswith("cam1")
    assert result.main_url == camsim.url("cam1", "main", auth=False)
    assert result.sub_url == camsim.url("cam1", "sub", auth=False)
    by_token = {p.token: p for p in result.profiles}
    assert (by_token["main"].width, by_token["main"].height) == (640, 360)
    assert (by_token["sub"].width, by_token["sub"].height) == (320, 180)
    assert not result.capabilities.ptz
    assert result.HasField("clock_offset")
    assert abs(result.clock_offset.seconds) < 120  # same host, same clock
    assert PASSWORD not in str(result)


def test_a_wrong_password_is_not_authorised(camsim: CamsimProcess, client: Client) -> None:
    host, port = host_port(cameras(camsim)["cam1"])
    result = client.test_camera(host, port, camera_user=USER, camera_password=WRONG)
    assert result.error == cameras_pb2.ONVIF_ERROR_NOT_AUTHORIZED
    assert f"{host}:{port}" in result.error_message and "'admin'" in result.error_message
    assert WRONG not in str(result)


def test_a_camera_six_hours_ahead_works_and_its_offset_is_reported(
    camsim: CamsimProcess, client: Client
) -> None:
    host, port = host_port(cameras(camsim)["cam3"])
    result = client.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
    assert result.error == cameras_pb2.ONVIF_ERROR_UNSPECIFIED, result.error_message
    assert result.serial_number.endswith("cam3")
    offset_s = result.clock_offset.seconds + result.clock_offset.nanos / 1e9
    assert abs(offset_s - SIX_HOURS_S) < 120, offset_s


def test_an_address_where_nothing_answers_is_unreachable_in_bounded_time(client: Client) -> None:
    with socket.socket() as closed:  # a port nobody listens on: refused at once
        closed.bind(("127.0.1.99", 0))
        port = closed.getsockname()[1]
    result = client.test_camera("127.0.1.99", port, camera_user=USER, camera_password=PASSWORD)
    assert result.error == cameras_pb2.ONVIF_ERROR_UNREACHABLE
    assert f"127.0.1.99:{port}: unreachable" in result.error_message

    with socket.socket() as silent:  # accepts the connection (backlog), never answers
        silent.bind(("127.0.1.98", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        result = client.test_camera("127.0.1.98", port, camera_user=USER, camera_password="x")
        elapsed = time.monotonic() - started
    assert result.error == cameras_pb2.ONVIF_ERROR_UNREACHABLE
    assert "no answer within 5 s" in result.error_message
    assert elapsed < 40, elapsed


def test_adding_an_unreachable_camera_fails_with_the_reason(client: Client) -> None:
    with pytest.raises(FailedPrecondition) as refused:
        client.add_onvif_camera("Nowhere", "127.0.1.99", 9, camera_user=USER, camera_password="x")
    assert "127.0.1.99:9: unreachable" in refused.value.message
    assert all(c.name != "Nowhere" for c in client.list_cameras())


def vedette(
    server: ServerProcess, home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
        **(env or {}),
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_the_cli_discovers_tests_and_adds_an_onvif_camera_that_records(
    camsim: CamsimProcess, server: ServerProcess, tmp_path: Path
) -> None:
    found = cameras(camsim)
    home = tmp_path / "home"
    listed = vedette(
        server, home, "cameras", "discover", "--targets", target(found["cam2"]), "--json"
    )
    assert listed.returncode == 0, listed.stderr
    (camera,) = json.loads(listed.stdout)
    assert camera["name"] == "cam2" and camera["already_added"] is False

    host, port = host_port(found["cam2"])
    secret_env = {"VEDETTE_CAM_PASSWORD": PASSWORD}
    tested = vedette(
        server, home, "cameras", "test", "--onvif", f"{host}:{port}", "--cam-user", USER,
        env=secret_env,
    )  # fmt: skip
    assert tested.returncode == 0, tested.stderr
    assert f"main stream: {camsim.url('cam2', 'main', auth=False)}" in tested.stdout
    assert PASSWORD not in tested.stdout

    wrong = vedette(
        server, home, "cameras", "test", "--onvif", f"{host}:{port}",
        "--cam-user", USER, "--cam-password", WRONG,
    )  # fmt: skip
    assert wrong.returncode != 0 and "refused the credentials" in wrong.stderr

    added = vedette(
        server, home, "cameras", "add", "--onvif", f"{host}:{port}", "--name", "Gate",
        "--cam-user", USER, env=secret_env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    shown = json.loads(vedette(server, home, "cameras", "list", "--json").stdout)
    (gate,) = [c for c in shown if c["name"] == "Gate"]
    assert gate["main_url"] == camsim.url("cam2", "main", auth=False)
    assert gate["sub_url"] == camsim.url("cam2", "sub", auth=False)
    assert gate["has_credentials"] is True
    assert (gate["onvif"]["address"], gate["onvif"]["port"]) == (host, port)
    assert PASSWORD not in json.dumps(shown)

    def recording() -> bool:
        status = json.loads(vedette(server, home, "status", "--json").stdout)
        (camera,) = [c for c in status["cameras"] if c["name"] == "Gate"]
        main = camera["status"]["main"]
        return main["state"] == "STREAM_STATE_ONLINE" and camera["status"].get("recording", False)

    wait_for(recording, 90, "the ONVIF camera online and recording", interval=1.0)


def test_only_users_with_the_camera_management_right_may_discover_test_or_add(
    camsim: CamsimProcess, server: ServerProcess, client: Client
) -> None:
    group = client.create_group(
        "onvif-viewers",
        local_rights=make_rights(["logs"], {"live": "all"}),
        remote_rights=make_rights(["logs"], {"live": "all"}),
    )
    client.create_user("viewer", "Watch-Post-2026!", group_id=group.id)
    host, port = host_port(cameras(camsim)["cam1"])
    with Client.connect(
        server.address,
        username="viewer",
        password="Watch-Post-2026!",
        known_servers_path=server.known_servers,
    ) as viewer:
        with pytest.raises(PermissionDenied):
            list(viewer.discover_cameras([target(cameras(camsim)["cam1"])], timeout_s=1.0))
        with pytest.raises(PermissionDenied):
            viewer.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
        with pytest.raises(PermissionDenied):
            viewer.add_onvif_camera(
                "Not mine", host, port, camera_user=USER, camera_password=PASSWORD
            )
    assert all(c.name != "Not mine" for c in client.list_cameras())


def test_camera_passwords_reach_neither_the_server_output_nor_the_system_log(
    camsim: CamsimProcess, server: ServerProcess, client: Client
) -> None:
    host, port = host_port(cameras(camsim)["cam1"])
    client.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
    client.test_camera(host, port, camera_user=USER, camera_password=WRONG)
    with pytest.raises(FailedPrecondition):
        client.add_onvif_camera("Refused", host, port, camera_user=USER, camera_password=WRONG)
    entries = [str(entry) for entry in client.search_logs(limit=1000)]
    tests = [e for e in entries if "camera.test" in e]
    assert len(tests) >= 2, "each test is traced in the system log"
    assert any(host in e for e in tests)
    for text in (*entries, *list(server.lines)):
        assert PASSWORD not in text and WRONG not in text, text
