"""Camera network settings (CAM-05) and passwords (CAM-06) through a real server and the
SDK, against camsim over loopback.

SetNetworkInterfaces really moves a camsim camera: afterwards it answers ONVIF and
WS-Discovery at the new address and no longer at the old one, and the server, which
stored the new address, keeps reaching it and keeps recording. SetUser really changes
camsim's password: the old one is refused, the server (which stored the new one) keeps
recording, and the password is in no audit entry and no server log line.

The moves go to ``127.<3+pid%200>.x.y`` so that test processes running at once never
pick the same addresses.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.polling import wait_until
from tests.support.recorded_packets import segment_files
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    running_server,
)
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument
from vedette_api.v1 import cameras_pb2
from vedette_server.api.network_calls import moved_url
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import CameraUnreachable, NotAuthorised

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Pass-4412"
NEW_PASSWORD = "N3w-Cam-Secret-5093"
ANSWER_S = 20.0
RECORD_S = 90.0
STREAMS = ("--main", "320x180", "--sub", "160x90", "--main-kbps", "300", "--sub-kbps", "100")
#: A /16 of loopback of this process's own.
NET = f"127.{3 + os.getpid() % 200}"
T = TypeVar("T")


def camsim_with(cameras: int) -> CamsimProcess:
    return start_onvif_camsim(
        *STREAMS,
        cameras=cameras,
        user=USER,
        password=PASSWORD,
    )


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = camsim_with(3)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("network"), "--segment-seconds", "2") as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def host_port(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    return onvif_cameras(camsim)[name].host_port


def serial_at(host: str, port: int, password: str = PASSWORD) -> str:
    """The serial number the camera at host:port gives (raises the client's errors)."""

    async def run() -> str:
        async with OnvifDevice(host, port, USER, password, timeout_s=5.0) as device:
            return (await device.device_information()).serial_number

    return asyncio.run(run())


def answering(host: str, port: int, password: str = PASSWORD) -> Callable[[], str | None]:
    """A check for ``wait_for``: the serial number once the camera answers there."""

    def check() -> str | None:
        try:
            return serial_at(host, port, password)
        except CameraUnreachable:
            return None

    return check


def wait_for(what: str, check: Callable[[], T | None], bound_s: float = RECORD_S) -> T:
    return wait_until(what, check, bound_s)


def segments_after(server: ServerProcess, camera_id: int, after_ns: int) -> list[Any] | None:
    """The camera's main segments written after ``after_ns`` (file mtime), or None."""
    found = [
        p
        for p in segment_files(server.data / "recordings", camera_id, "main")
        if p.stat().st_mtime_ns > after_ns and p.stat().st_size > 0
    ]
    return found if len(found) >= 2 else None


def probe_answered(address: str, port: int) -> bool:
    """Whether a WS-Discovery Probe to address:port gets an answer within 2 s."""
    probe = (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
        ' xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
        ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Header>'
        f"<a:MessageID>urn:uuid:{uuid.uuid4()}</a:MessageID>"
        "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
        "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
        "</s:Header><s:Body><d:Probe/></s:Body></s:Envelope>"
    ).encode()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2.0)
        sock.sendto(probe, (address, port))
        try:
            data, _ = sock.recvfrom(65_535)
        except TimeoutError:
            return False
    return b"ProbeMatches" in data


def rtsp_opens(url: str, password: str) -> bool:
    """Whether ffprobe reads the stream at ``url`` as ``USER`` with ``password``."""
    with_credentials = url.replace("rtsp://", f"rtsp://{USER}:{password}@", 1)
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name",
         "-of", "json", with_credentials],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return done.returncode == 0 and "codec_name" in done.stdout


def add(client: Client, camsim: CamsimProcess, name: str, camera: str) -> int:
    host, port = host_port(camsim, camera)
    added = client.add_onvif_camera(name, host, port, camera_user=USER, camera_password=PASSWORD)
    return added.id


def test_a_moved_camera_answers_at_its_new_address_only_and_is_still_recorded(
    camsim: CamsimProcess, server: ServerProcess, client: Client
) -> None:
    gate = add(client, camsim, "Gate", "cam1")
    old_host, port = host_port(camsim, "cam1")
    discovery_port = onvif_cameras(camsim)["cam1"].discovery_port
    wait_for("Gate is recorded", lambda: segments_after(server, gate, 0))
    serial = serial_at(old_host, port)
    new_host = f"{NET}.1.20"

    (result,) = client.set_camera_network([gate], new_host, prefix_length=8).results
    assert (result.camera_id, result.error_code, result.address) == (gate, "", new_host)
    moved_ns = time.time_ns()

    assert wait_for("cam1 answers at its new address", answering(new_host, port)) == serial
    with pytest.raises(CameraUnreachable):
        serial_at(old_host, port)
    assert probe_answered(new_host, discovery_port)
    assert not probe_answered(old_host, discovery_port)
    camera = client.get_camera(gate)
    assert camera.onvif.address == new_host
    # The server reaches it at its new address (its ONVIF calls use the stored host)...
    assert client.get_imaging(gate).settings.HasField("brightness")
    # ...and keeps recording it.
    wait_for("Gate is recorded after the move", lambda: segments_after(server, gate, moved_ns))
    entries = [str(e) for e in client.search_logs(limit=1000) if "camera.network.set" in str(e)]
    assert entries and new_host in entries[0] and old_host in entries[0]


def test_a_batch_gets_sequential_addresses(camsim: CamsimProcess, client: Client) -> None:
    porch = add(client, camsim, "Porch", "cam2")
    yard = add(client, camsim, "Yard", "cam3")
    ports = [host_port(camsim, "cam2")[1], host_port(camsim, "cam3")[1]]
    serials = [serial_at(*host_port(camsim, c)) for c in ("cam2", "cam3")]

    results = client.set_camera_network(
        [yard, porch], f"{NET}.2.250", prefix_length=16, gateway=f"{NET}.0.1"
    ).results
    wanted = [f"{NET}.2.250", f"{NET}.2.251"]
    assert [(r.camera_id, r.error_code, r.address) for r in results] == [
        (yard, "", wanted[0]),
        (porch, "", wanted[1]),
    ]
    assert wait_for("Yard moved", answering(wanted[0], ports[1])) == serials[1]
    assert wait_for("Porch moved", answering(wanted[1], ports[0])) == serials[0]
    assert [client.get_camera(i).onvif.address for i in (yard, porch)] == wanted


def vedette(
    server: ServerProcess, home: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
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
        input=stdin,
    )


def test_the_cli_moves_a_camera_and_reports_each_outcome(
    camsim: CamsimProcess, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    cameras = {c.name: c.id for c in client.list_cameras()}
    porch = cameras.get("Porch") or add(client, camsim, "Porch", "cam2")
    target = f"{NET}.4.10"
    moved = vedette(
        server, tmp_path, "cameras", "network", "Porch", "--address", target, "--prefix", "8",
        "--json",
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    (result,) = json.loads(moved.stdout)["results"]
    assert (result["camera_id"], result["camera"], result["address"]) == (porch, "Porch", target)
    assert client.get_camera(porch).onvif.address == target

    plain = (
        cameras.get("Plain")
        or client.create_camera("Plain", camsim.url("cam1", "main", auth=False)).id
    )
    refused = vedette(
        server, tmp_path, "cameras", "password", str(plain), "--new-password-stdin",
        stdin=NEW_PASSWORD + "\n",
    )  # fmt: skip
    assert refused.returncode != 0
    assert "not added over ONVIF" in refused.stdout + refused.stderr
    assert NEW_PASSWORD not in refused.stdout + refused.stderr


def test_bad_network_input_is_refused_with_a_clear_error(
    camsim: CamsimProcess, server: ServerProcess, client: Client
) -> None:
    cameras = {c.name: c.id for c in client.list_cameras()}
    gate = cameras.get("Gate") or add(client, camsim, "Gate", "cam1")
    # camsim never leaves loopback: the camera itself refuses, with its reason.
    (result,) = client.set_camera_network([gate], "192.168.1.50").results
    assert result.error_code == "INVALID_ARGUMENT"
    assert "127.0.0.0/8" in result.error
    with pytest.raises(InvalidArgument, match="address"):
        client.set_camera_network([gate], "not-an-address")
    with pytest.raises(InvalidArgument, match="run past"):
        client.set_camera_network([gate, gate + 1000], "10.0.0.255", prefix_length=24)
    with pytest.raises(InvalidArgument, match="gateway"):
        client.set_camera_network([gate], f"{NET}.9.9", prefix_length=24, gateway="10.1.1.1")
    (unknown,) = client.set_camera_network([999_999], f"{NET}.9.9").results
    assert unknown.error_code == "NOT_FOUND"
    rtsp_only = (
        cameras.get("Plain")
        or client.create_camera("Plain", camsim.url("cam1", "main", auth=False)).id
    )
    (plain,) = client.set_camera_network([rtsp_only], f"{NET}.9.9").results
    assert plain.error_code == "FAILED_PRECONDITION" and "ONVIF" in plain.error
    (plain,) = client.set_camera_password([rtsp_only], NEW_PASSWORD).results
    assert plain.error_code == "FAILED_PRECONDITION"
    with pytest.raises(InvalidArgument, match="new_password"):
        client.set_camera_password([gate], "")


def test_a_password_change_reaches_the_camera_and_the_server_keeps_recording(
    server: ServerProcess, client: Client
) -> None:
    own = camsim_with(1)  # camsim's account is shared by its cameras: a camsim of its own
    try:
        door = add(client, own, "Door", "cam1")
        host, port = host_port(own, "cam1")
        wait_for("Door is recorded", lambda: segments_after(server, door, 0))

        (result,) = client.set_camera_password([door], NEW_PASSWORD).results
        assert (result.camera_id, result.error_code) == (door, "")

        with pytest.raises(NotAuthorised):
            serial_at(host, port, PASSWORD)
        assert serial_at(host, port, NEW_PASSWORD).startswith("CAMSIM-")
        # RTSP too wants the new password now.
        assert rtsp_opens(own.url("cam1", "main", auth=False), NEW_PASSWORD)
        assert not rtsp_opens(own.url("cam1", "main", auth=False), PASSWORD)
        # The server uses the new password: for ONVIF, and for RTSP once it connects
        # again (disabled and enabled: a new RTSP session, which needs the password).
        assert client.get_imaging(door).settings.HasField("brightness")
        client.update_camera(door, enabled=False)
        client.update_camera(door, enabled=True)
        enabled_ns = time.time_ns()
        wait_for("Door is recorded after", lambda: segments_after(server, door, enabled_ns))
        status = client.get_camera(door).status
        assert status.main.state == cameras_pb2.STREAM_STATE_ONLINE, status

        audit = [str(e) for e in client.search_logs(limit=1000)]
        assert any("camera.password.set" in e for e in audit)
        assert not any(NEW_PASSWORD in e for e in audit)
        assert not any(NEW_PASSWORD in line for line in list(server.lines))
        assert not any(NEW_PASSWORD in line for line in list(own.lines))
    finally:
        own.stop()


def test_a_moved_host_is_replaced_in_stream_urls_that_named_it() -> None:
    assert moved_url("rtsp://u@127.0.1.11:554/main", "127.0.1.11", "127.3.0.5") == (
        "rtsp://u@127.3.0.5:554/main"
    )
    assert moved_url("rtsp://127.0.0.1:8554/cam1/main", "127.0.1.11", "127.3.0.5") == (
        "rtsp://127.0.0.1:8554/cam1/main"
    )
    assert moved_url("rtsp://CAM.local/x", "cam.local", "10.0.0.9") == "rtsp://10.0.0.9/x"


def test_quick_add_without_credentials_uses_the_matching_default_and_says_which(
    server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    factory = "Factory-Default-8821"
    own = start_onvif_camsim(*STREAMS, cameras=1, user=USER, password=factory)
    try:
        host, port = host_port(own, "cam1")
        entry = cameras_pb2.DefaultCredential
        stored = client.set_default_credentials(
            [
                # Accepted by the camera, but for another manufacturer: not used.
                entry(label="Acme factory", manufacturer="Acme", user=USER, password=factory),
                entry(label="Wrong", manufacturer="any", user=USER, password="not-it"),
                entry(label="camsim factory", manufacturer="VEDETTE", user=USER, password=factory),
            ]
        )
        assert [(e.label, e.has_password, e.password) for e in stored] == [
            ("Acme factory", True, ""),
            ("Wrong", True, ""),
            ("camsim factory", True, ""),
        ]
        # Without a password, an entry keeps the one stored under its label.
        kept = client.set_default_credentials(
            [entry(label=e.label, manufacturer=e.manufacturer, user=e.user) for e in stored]
        )
        assert [e.has_password for e in kept] == [True, True, True]
        with pytest.raises(InvalidArgument, match="password"):
            client.set_default_credentials([entry(label="New", manufacturer="any", user="x")])

        tested = client.test_camera(host, port)
        assert (tested.error, tested.credentials_label) == (0, "camsim factory")
        assert tested.manufacturer == "Vedette"
        added = client.add_onvif_camera("Quick", host, port)
        assert added.has_credentials
        wait_for("Quick is recorded", lambda: segments_after(server, added.id, 0))

        audit = [str(e) for e in client.search_logs(limit=1000)]
        assert any("camera.defaults.set" in e for e in audit)
        assert any("camsim factory" in e and "added camera Quick" in e for e in audit)
        assert not any(factory in e for e in audit)
        assert not any(factory in line for line in list(server.lines))
        listed = client.get_default_credentials()
        assert [e.label for e in listed] == ["Acme factory", "Wrong", "camsim factory"]
        assert all(e.password == "" for e in listed)

        secret = "Cli-Default-4410"
        added_cli = vedette(
            server, tmp_path, "cameras", "defaults", "add", "Cli entry", "--manufacturer",
            "Axis", "--cam-user", "root", "--new-password-stdin", stdin=secret + "\n",
        )  # fmt: skip
        assert added_cli.returncode == 0, added_cli.stderr
        shown = vedette(server, tmp_path, "cameras", "defaults", "list", "--json")
        assert shown.returncode == 0, shown.stderr
        assert secret not in shown.stdout
        assert json.loads(shown.stdout)[-1] == {
            "label": "Cli entry", "manufacturer": "Axis", "user": "root", "has_password": True,
        }  # fmt: skip
        removed = vedette(server, tmp_path, "cameras", "defaults", "rm", "Wrong")
        assert removed.returncode == 0, removed.stderr
        labels = [e.label for e in client.get_default_credentials()]
        assert labels == ["Acme factory", "camsim factory", "Cli entry"]
        assert client.test_camera(host, port).credentials_label == "camsim factory"
    finally:
        client.set_default_credentials([])
        own.stop()
