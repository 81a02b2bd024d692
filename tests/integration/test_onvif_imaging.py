"""A camera's picture settings (CAM-09, ONVIF Imaging) and text overlays (OSD, ONVIF
Media) through a real server, the SDK and the CLI, against camsim over loopback.

One camsim serves the module (cam1, cam2; admin and ``PASSWORD``) and one server; cam1
is added over ONVIF once, and each test leaves the controls it did not set alone.
What the camera itself holds is read straight from camsim with the ONVIF client
library's raw operations (``OnvifDevice.call``), not through the server's mapping.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    running_server,
)
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from vedette_api.v1 import cameras_pb2
from vedette_server.camsim import ptzcode
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Pass-5512"
WRONG = "Wrong-Pass-0093"
#: camsim answers in milliseconds; generous for a loaded machine.
ANSWER_S = 20.0


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *SMALL,
        cameras=2,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("imaging"), "--segment-seconds", "3") as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def host_port(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    return onvif_cameras(camsim)[name].host_port


@pytest.fixture(scope="module")
def front(camsim: CamsimProcess, server: ServerProcess) -> int:
    """Camera "Front": cam1, added over ONVIF (disabled: only its settings matter)."""
    host, port = host_port(camsim, "cam1")
    with server.client() as admin:
        camera = admin.add_onvif_camera(
            "Front", host, port, camera_user=USER, camera_password=PASSWORD, enabled=False
        )
    return camera.id


def on_camera(camsim: CamsimProcess, name: str, operation: tuple[str, str], params: Any) -> Any:
    """One raw ONVIF operation on camsim's camera ``name`` (the library's answer)."""
    host, port = host_port(camsim, name)

    async def run() -> Any:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=ANSWER_S) as device:
            return await device.call(*operation, params)

    return asyncio.run(run())


def camera_settings(camsim: CamsimProcess) -> Any:
    return on_camera(
        camsim, "cam1", ("imaging", "GetImagingSettings"), {"VideoSourceToken": "video_source"}
    )


def test_a_brightness_set_through_the_server_is_the_cameras_and_is_read_back(
    camsim: CamsimProcess, client: Client, front: int
) -> None:
    before = client.get_imaging(front)
    assert before.options.brightness.min == 0 and before.options.brightness.max == 100
    assert list(before.options.white_balance) == ["AUTO", "MANUAL"]
    assert before.settings.HasField("contrast")

    changed = client.set_imaging(front, brightness=70)
    assert changed.settings.brightness == 70
    assert camera_settings(camsim).Brightness == 70
    assert client.get_imaging(front).settings.brightness == 70

    # Only what is given changes: the brightness and contrast stay.
    changed = client.set_imaging(front, white_balance="manual", white_balance_cr_gain=35)
    settings = camera_settings(camsim)
    assert (settings.WhiteBalance.Mode, settings.WhiteBalance.CrGain) == ("MANUAL", 35)
    assert settings.Brightness == 70 and settings.Contrast == before.settings.contrast
    assert changed.settings.white_balance == "MANUAL"

    entries = [str(e) for e in client.search_logs(limit=1000) if "camera.imaging.set" in str(e)]
    assert any("brightness" in e and "70" in e for e in entries), entries


def test_a_value_outside_the_cameras_bounds_is_refused_before_it_is_sent(
    camsim: CamsimProcess, client: Client, front: int
) -> None:
    contrast = camera_settings(camsim).Contrast
    with pytest.raises(InvalidArgument) as caught:
        client.set_imaging(front, contrast=170)
    assert "settings.contrast" in str(caught.value) and "0..100" in str(caught.value)
    with pytest.raises(InvalidArgument) as caught:
        client.set_imaging(front, wide_dynamic_range="SOMETIMES")
    assert "wide_dynamic_range" in str(caught.value) and "OFF, ON" in str(caught.value)
    assert camera_settings(camsim).Contrast == contrast


def test_the_camera_itself_refuses_an_out_of_range_value_naming_the_element(
    camsim: CamsimProcess,
) -> None:
    request = {"VideoSourceToken": "video_source", "ImagingSettings": {"Sharpness": 101.5}}
    with pytest.raises(OnvifError) as caught:
        on_camera(camsim, "cam2", ("imaging", "SetImagingSettings"), request)
    assert "Sharpness '101.5' is not in 0..100" in str(caught.value.__cause__)
    settings = on_camera(
        camsim, "cam2", ("imaging", "GetImagingSettings"), {"VideoSourceToken": "video_source"}
    )
    assert settings.Sharpness == 50


def test_a_camera_without_onvif_has_no_picture_settings(client: Client) -> None:
    plain = client.create_camera("Plain RTSP", "rtsp://127.0.0.1:9/plain", enabled=False)
    for call in (
        lambda: client.get_imaging(plain.id),
        lambda: client.set_imaging(plain.id, brightness=10),
        lambda: client.get_osd(plain.id),
    ):
        with pytest.raises(FailedPrecondition) as caught:
            call()
        assert "not added over ONVIF" in str(caught.value)


def test_a_refused_password_is_reported_as_such(camsim: CamsimProcess, client: Client) -> None:
    host, port = host_port(camsim, "cam2")
    camera = client.add_onvif_camera(
        "Back", host, port, camera_user=USER, camera_password=PASSWORD, enabled=False
    )
    client.update_camera(camera.id, camera_user=USER, camera_password=WRONG)
    with pytest.raises(FailedPrecondition) as caught:
        client.get_imaging(camera.id)
    assert "refused the credentials" in str(caught.value)
    assert WRONG not in str(caught.value)


def test_a_camera_that_is_gone_is_unreachable_in_bounded_time(client: Client) -> None:
    gone = start_camsim(*SMALL, "--onvif", "--onvif-port", "0", "--discovery-port", "0")
    try:
        host, port = host_port(gone, "cam1")
        camera = client.add_onvif_camera("Gone", host, port, enabled=False)
    finally:
        gone.stop()
    with pytest.raises(FailedPrecondition) as caught:
        client.set_imaging(camera.id, brightness=40)
    assert f"camera {host}:{port}: unreachable" in str(caught.value)


def test_text_overlays_round_trip(camsim: CamsimProcess, client: Client, front: int) -> None:
    before = client.get_osd(front)
    assert before.options.max_overlays == 4
    assert cameras_pb2.OSD_POSITION_CUSTOM in before.options.positions
    tokens = {o.token for o in before.overlays}

    added = client.add_osd(
        front,
        position=cameras_pb2.OSD_POSITION_CUSTOM,
        x=0.5,
        y=-0.25,
        text=cameras_pb2.OSD_TEXT_PLAIN,
        plain_text="Gate 3",
    )
    assert added.token and added.token not in tokens
    (mine,) = [o for o in client.get_osd(front).overlays if o.token == added.token]
    assert (mine.position, mine.x, mine.y, mine.plain_text) == (
        cameras_pb2.OSD_POSITION_CUSTOM,
        0.5,
        -0.25,
        "Gate 3",
    )
    on_camera_osd = on_camera(camsim, "cam1", ("media", "GetOSD"), {"OSDToken": added.token})
    assert on_camera_osd.OSD.TextString.PlainText == "Gate 3"

    client.update_osd(
        front, added.token, plain_text="Gate 4", position=cameras_pb2.OSD_POSITION_LOWER_RIGHT
    )
    (mine,) = [o for o in client.get_osd(front).overlays if o.token == added.token]
    assert (mine.plain_text, mine.position) == ("Gate 4", cameras_pb2.OSD_POSITION_LOWER_RIGHT)

    with pytest.raises(InvalidArgument) as caught:
        client.update_osd(front, added.token, font_size=500)
    assert "font_size" in str(caught.value) and "8..64" in str(caught.value)
    with pytest.raises(InvalidArgument):
        client.update_osd(front, added.token, text=cameras_pb2.OSD_TEXT_PLAIN, plain_text=" ")

    client.delete_osd(front, added.token)
    assert {o.token for o in client.get_osd(front).overlays} == tokens
    with pytest.raises(InvalidArgument):
        client.delete_osd(front, added.token)


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
        stdin=subprocess.DEVNULL,
    )


def test_the_cli_reads_and_changes_imaging_and_overlays(
    camsim: CamsimProcess, server: ServerProcess, front: int, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    changed = vedette(
        server, home, "cameras", "imaging", "Front", "--set", "brightness=30", "sharpness=80",
        "--json",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    shown = json.loads(changed.stdout)
    assert shown["settings"]["brightness"] == 30 and shown["settings"]["sharpness"] == 80
    assert shown["options"]["brightness"] == {"min": 0, "max": 100}
    assert camera_settings(camsim).Sharpness == 80

    table = vedette(server, home, "cameras", "imaging", str(front))
    assert table.returncode == 0, table.stderr
    rows = {line.split()[0]: line.split()[1:] for line in table.stdout.splitlines()[2:]}
    assert rows["brightness"] == ["30", "0..100"]
    assert rows["white_balance"][1] == "AUTO|MANUAL"

    refused = vedette(server, home, "cameras", "imaging", "Front", "--set", "contrast=-5")
    assert refused.returncode != 0 and "0..100" in refused.stderr
    unknown = vedette(server, home, "cameras", "imaging", "Front", "--set", "hue=5")
    assert unknown.returncode != 0 and "no control 'hue'" in unknown.stderr

    added = vedette(
        server, home, "cameras", "osd", "Front", "--add", "--set", "position=upper_right",
        "text=plain", "plain_text=Loading bay", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    overlays = json.loads(added.stdout)["overlays"]
    (bay,) = [o for o in overlays if o["plain_text"] == "Loading bay"]
    assert bay["position"] == "OSD_POSITION_UPPER_RIGHT"
    listed = vedette(server, home, "cameras", "osd", "Front")
    assert listed.returncode == 0 and "'Loading bay'" in listed.stdout
    assert "at most 4 overlays" in listed.stdout
    deleted = vedette(server, home, "cameras", "osd", "Front", "--delete", bay["token"])
    assert deleted.returncode == 0, deleted.stderr
    assert "Loading bay" not in deleted.stdout


def test_only_the_cameras_right_may_read_or_change_picture_settings(
    client: Client, server: ServerProcess, front: int
) -> None:
    rights = make_rights(["logs"], {"live": "all", "ptz": "all"})
    group = client.create_group("picture-viewers", local_rights=rights, remote_rights=rights)
    client.create_user("picture-viewer", "Watch-Post-2026!", group_id=group.id)
    with Client.connect(
        server.address,
        username="picture-viewer",
        password="Watch-Post-2026!",
        known_servers_path=server.known_servers,
    ) as viewer:
        for call in (
            lambda: viewer.get_imaging(front),
            lambda: viewer.set_imaging(front, brightness=1),
            lambda: viewer.get_osd(front),
            lambda: viewer.delete_osd(front, "osd_1"),
        ):
            with pytest.raises(PermissionDenied):
                call()
    assert client.get_imaging(front).settings.brightness != 1


@pytest.fixture(scope="module")
def ptz_camsim() -> Iterator[CamsimProcess]:
    """A live-rendered camera (``--ptz``) whose picture shows brightness and contrast."""
    process = start_camsim(
        *SMALL, *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        cameras=1,
    )  # fmt: skip
    yield process
    process.stop()


def set_on_camera(camsim: CamsimProcess, **values: float) -> None:
    request = {"VideoSourceToken": "video_source", "ImagingSettings": values}
    on_camera(camsim, "cam1", ("imaging", "SetImagingSettings"), request)


def first_frame(camsim: CamsimProcess, wanted: Any) -> np.ndarray:
    """The first decoded grey frame of cam1's main stream for which ``wanted`` is true
    (within ``ANSWER_S``); fails showing how many frames were looked at."""
    options = {"rtsp_transport": "tcp", "timeout": str(int(ANSWER_S * 1_000_000))}
    seen = 0
    with av.open(camsim.url("cam1", "main"), options=options) as container:
        for frame in container.decode(video=0):
            grey = frame.to_ndarray(format="gray")
            seen += 1
            if wanted(grey):
                return grey
            assert seen < 25 * ANSWER_S, f"no such frame among {seen}"
    raise AssertionError(f"the stream ended after {seen} frames")


def middle(grey: np.ndarray) -> np.ndarray:
    """The centre of the picture: panorama only, no overlay."""
    h, w = grey.shape
    return grey[2 * h // 5 : 3 * h // 5, 2 * w // 5 : 3 * w // 5].astype(np.float32)


def test_a_live_rendered_camera_shows_its_brightness_and_contrast(
    ptz_camsim: CamsimProcess,
) -> None:
    before = first_frame(ptz_camsim, lambda grey: True)
    assert middle(before).std() > 8, "the scene has detail to flatten"

    set_on_camera(ptz_camsim, Brightness=90)
    brighter = first_frame(
        ptz_camsim, lambda grey: middle(grey).mean() > middle(before).mean() + 40
    )
    strip = ptzcode.read(brighter)
    assert strip is not None, "the position strip stays readable"

    set_on_camera(ptz_camsim, Brightness=50, Contrast=0)
    flat = first_frame(ptz_camsim, lambda grey: middle(grey).std() < 3)
    assert abs(middle(flat).mean() - 128) < 12, "contrast 0 is mid-grey"
    assert ptzcode.read(flat) is not None

    set_on_camera(ptz_camsim, Contrast=50)
    first_frame(ptz_camsim, lambda grey: abs(middle(grey).mean() - middle(before).mean()) < 5)
