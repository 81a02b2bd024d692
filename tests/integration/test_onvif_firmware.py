"""Camera firmware upgrade over ONVIF (CAM-07) through a real server, the SDK and the
CLI, against camsim over loopback.

camsim answers StartFirmwareUpgrade with a one-time upload address; the server sends
the file there (HTTP Digest, camsim's credentials), and camsim, for an intact image
of its own format, reboots (ONVIF offline for its ExpectedDownTime) and comes back
reporting the image's version. The server reports what the camera says afterwards.
The reboot also cuts the camera's RTSP sessions (new ones get 503 while it is down),
so the server's recording has to resume by itself.
A corrupt image is refused by the camera itself (HTTP 415 and its reason), and the
camera keeps its version; files the server must not take (empty, too big, bytes not
adding up to the announced size) are refused before anything reaches the camera.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import grpc
import pytest

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.polling import wait_until
from tests.support.recorded_packets import segment_files
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument
from vedette_api.v1 import cameras_pb2, cameras_pb2_grpc
from vedette_server.api.firmware_calls import MAX_FIRMWARE_BYTES
from vedette_server.camsim.onvif.firmware import INITIAL_VERSION, make_image
from vedette_server.onvif.client import OnvifDevice

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Firm-7731"
STREAMS = ("--main", "320x180", "--sub", "160x90", "--main-kbps", "300", "--sub-kbps", "100")
RECORD_S = 90.0
STAGE = cameras_pb2.FirmwareUpgradeStage
T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(*STREAMS, cameras=3, user=USER, password=PASSWORD)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("firmware"), "--segment-seconds", "2") as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def add(client: Client, camsim: CamsimProcess, name: str, camera: str) -> int:
    known = {c.name: c.id for c in client.list_cameras()}
    if name in known:
        return known[name]
    host, port = onvif_cameras(camsim)[camera].host_port
    return client.add_onvif_camera(name, host, port, camera_user=USER, camera_password=PASSWORD).id


def firmware_of(camsim: CamsimProcess, camera: str) -> str:
    """What the camera itself reports (GetDeviceInformation), asked directly."""
    host, port = onvif_cameras(camsim)[camera].host_port

    async def run() -> str:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=10.0) as device:
            return (await device.device_information()).firmware_version

    return asyncio.run(run())


def wait_for(what: str, check: Callable[[], T | None], bound_s: float = RECORD_S) -> T:
    return wait_until(what, check, bound_s)


def segments_after(server: ServerProcess, camera_id: int, after_ns: int) -> list[Path] | None:
    found = [
        p
        for p in segment_files(server.data / "recordings", camera_id, "main")
        if p.stat().st_mtime_ns > after_ns and p.stat().st_size > 0
    ]
    return found if len(found) >= 2 else None


def image(tmp_path: Path, version: str, *, corrupt: bool = False) -> Path:
    data = bytearray(make_image(version, os.urandom(300_000)))
    if corrupt:
        data[len(data) // 2] ^= 0xFF
    path = tmp_path / f"camsim-{version}{'-corrupt' if corrupt else ''}.bin"
    path.write_bytes(bytes(data))
    return path


def rtsp_closed(camsim: CamsimProcess, camera: str) -> int | None:
    """How many RTSP connections the camera's firmware reboot closed, once it says."""
    marker = f"{camera}: RTSP down for the reboot: "
    for line in list(camsim.lines):
        if marker in line:
            return int(line.split(marker)[1].split()[0])
    return None


def rtsp_up(camsim: CamsimProcess, camera: str) -> bool | None:
    return any(f"{camera}: RTSP up again" in line for line in list(camsim.lines)) or None


def audit(client: Client) -> list[str]:
    return [str(e) for e in client.search_logs(limit=1000) if "camera.firmware.upgrade" in str(e)]


def test_an_upgrade_changes_the_version_the_camera_reports_and_recording_goes_on(
    camsim: CamsimProcess, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    gate = add(client, camsim, "Gate", "cam1")
    wait_for("Gate is recorded", lambda: segments_after(server, gate, 0))
    assert firmware_of(camsim, "cam1") == INITIAL_VERSION
    seen: list[cameras_pb2.UpgradeCameraFirmwareResponse] = []

    done = client.upgrade_camera_firmware(gate, image(tmp_path, "2.0.1"), progress=seen.append)
    upgraded_ns = time.time_ns()

    assert [m.stage for m in seen] == [
        STAGE.FIRMWARE_UPGRADE_STAGE_RECEIVED,
        STAGE.FIRMWARE_UPGRADE_STAGE_SENT,
        STAGE.FIRMWARE_UPGRADE_STAGE_DONE,
    ]
    assert seen[1].wait.ToTimedelta().total_seconds() > 0
    assert (done.upgraded, done.firmware_before, done.firmware_after) == (
        True,
        INITIAL_VERSION,
        "2.0.1",
    )
    assert "upgraded from firmware 0.1.0 to 2.0.1" in done.message
    # The camera itself says so, and so does the server's test of it.
    assert firmware_of(camsim, "cam1") == "2.0.1"
    host, port = onvif_cameras(camsim)["cam1"].host_port
    tested = client.test_camera(host, port, camera_user=USER, camera_password=PASSWORD)
    assert tested.firmware_version == "2.0.1"
    # Its reboot cut the server's RTSP sessions (camsim says how many it closed)...
    closed = wait_for("camsim says cam1's RTSP went down", lambda: rtsp_closed(camsim, "cam1"))
    assert closed >= 1
    # ...and the server's recording resumed once the camera was back.
    wait_for("cam1's RTSP is up again", lambda: rtsp_up(camsim, "cam1"))
    wait_for("Gate is recorded after", lambda: segments_after(server, gate, upgraded_ns))
    wait_for("Gate says it records", lambda: client.get_camera(gate).status.recording or None)
    entries = audit(client)
    assert entries and "0.1.0" in entries[0] and "2.0.1" in entries[0]
    assert not any(PASSWORD in line for line in list(server.lines))


def test_a_corrupt_image_is_refused_by_the_camera_which_keeps_its_version(
    camsim: CamsimProcess, client: Client, tmp_path: Path
) -> None:
    porch = add(client, camsim, "Porch", "cam2")
    before = firmware_of(camsim, "cam2")

    with pytest.raises(InvalidArgument, match=r"refused it: HTTP 415 .*corrupt"):
        client.upgrade_camera_firmware(porch, image(tmp_path, "3.0.0", corrupt=True))

    assert firmware_of(camsim, "cam2") == before
    # Refused, the camera did not reboot: it answers at once, and takes a good image.
    done = client.upgrade_camera_firmware(porch, image(tmp_path, "3.0.0"))
    assert (done.upgraded, done.firmware_after) == (True, "3.0.0")
    assert any("INVALID_ARGUMENT" in e for e in audit(client))


def test_a_camera_without_onvif_is_refused_before_its_file_is_taken(
    camsim: CamsimProcess, client: Client, tmp_path: Path
) -> None:
    plain = client.create_camera("Plain", camsim.url("cam3", "main", auth=False)).id
    with pytest.raises(FailedPrecondition, match="not added over ONVIF"):
        client.upgrade_camera_firmware(plain, image(tmp_path, "4.0.0"))


def test_files_the_server_must_not_take_are_refused_before_the_camera_is_asked(
    camsim: CamsimProcess, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    yard = add(client, camsim, "Yard", "cam3")
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    with pytest.raises(InvalidArgument, match="empty"):
        client.upgrade_camera_firmware(yard, empty)
    huge = tmp_path / "huge.bin"
    with huge.open("wb") as sparse:
        sparse.truncate(MAX_FIRMWARE_BYTES + 1)
    with pytest.raises(InvalidArgument, match="at most"):
        client.upgrade_camera_firmware(yard, huge)

    def raw(*messages: cameras_pb2.UpgradeCameraFirmwareRequest) -> grpc.RpcError:
        """The call's error, for messages the SDK would never send (its own channel)."""
        stub: cameras_pb2_grpc.CameraServiceStub = client._cameras
        with pytest.raises(grpc.RpcError) as caught:
            list(stub.UpgradeCameraFirmware(iter(messages), metadata=client._metadata, timeout=60))
        return caught.value

    announced = cameras_pb2.UpgradeCameraFirmwareRequest(
        file=cameras_pb2.FirmwareFile(camera_id=yard, file_name="fw.bin", size_bytes=10)
    )
    chunk = cameras_pb2.UpgradeCameraFirmwareRequest(chunk=b"x" * 20)
    for error in (raw(announced, chunk), raw(chunk), raw(announced)):
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, error
    assert firmware_of(camsim, "cam3") == INITIAL_VERSION


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
        timeout=300,
    )


def test_the_cli_upgrades_cameras_one_after_the_other_and_reports_each(
    camsim: CamsimProcess, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    add(client, camsim, "Yard", "cam3")
    plain = {c.name: c.id for c in client.list_cameras()}.get("Plain") or (
        client.create_camera("Plain", camsim.url("cam3", "main", auth=False)).id
    )
    ran = vedette(
        server, tmp_path, "cameras", "firmware", "Yard", str(image(tmp_path, "5.1.0")),
        str(plain), "--json",
    )  # fmt: skip
    assert ran.returncode != 0  # the plain camera cannot be upgraded
    yard, refused = json.loads(ran.stdout)["results"]
    assert (yard["camera"], yard["upgraded"], yard["firmware_after"]) == ("Yard", True, "5.1.0")
    assert (refused["camera"], refused["upgraded"]) == ("Plain", False)
    assert "ONVIF" in refused["error"]
    assert firmware_of(camsim, "cam3") == "5.1.0"
