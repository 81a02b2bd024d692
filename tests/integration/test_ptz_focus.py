"""Focus and iris of PTZ moves on an ONVIF camera end to end: a real vedette-server
driving camsim's simulated lens (Imaging Move/Stop/GetStatus) through a control stream.

The focus position and the iris are read from the camera itself (its Imaging
GetStatus and GetImagingSettings, with the real ONVIF client library), never from the
server. camsim's lens has continuous focus and a manual iris (-22..0 dB); a camera
without one is refused before anything is sent (``tests/unit/test_ptz_onvif_lens.py``).
Every wait is a bounded poll; nothing asserts on wall-clock timing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.integration.test_camsim_onvif import host_port, import_onvif
from tests.integration.test_ptz_onvif import PASSWORD, USER, add
from tests.integration.test_ptz_service import STREAM_S
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, wait_for
from vedette_server.camsim.onvif.media import VIDEO_SOURCE_TOKEN

pytestmark = pytest.mark.slow

WAIT_S = 60.0


@pytest.fixture(scope="module")
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
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    return server_factory()


def lens(camsim: CamsimProcess) -> tuple[float, str]:
    """The camera's own focus position and MoveStatus (Imaging GetStatus)."""

    async def read() -> Any:
        host, port = host_port(onvif_cameras(camsim)["cam1"].device_url)
        device = import_onvif().ONVIFCamera(host, port, USER, PASSWORD, no_cache=True)
        try:
            await device.update_xaddrs()
            imaging = await device.create_imaging_service()
            return await imaging.GetStatus({"VideoSourceToken": VIDEO_SOURCE_TOKEN})
        finally:
            await device.close()

    status = asyncio.run(asyncio.wait_for(read(), WAIT_S)).FocusStatus20
    return float(status.Position), str(status.MoveStatus)


def test_a_focus_move_moves_the_lens_and_a_stop_stops_it(
    server: ServerProcess, camsim: CamsimProcess
) -> None:
    with server.client() as admin:
        camera = add(admin, camsim)
        state = admin.ptz_state(camera)
        assert state.has_focus and state.has_iris  # camsim's lens, as the server read it
        start, status = lens(camsim)
        assert status == "IDLE"
        with admin.ptz_control(camera, timeout_s=STREAM_S) as control:
            assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
            control.move(focus=0.5)  # far

            def focusing() -> bool:
                control.ping()  # held: a silent stream would be stopped after 1 s
                position, moving = lens(camsim)
                return moving == "MOVING" and position > start + 0.05

            wait_for(focusing, WAIT_S, "the lens focusing far", 0.1)
            control.stop()
            wait_for(lambda: lens(camsim)[1] == "IDLE", WAIT_S, "the lens stopped", 0.1)
            stopped, _ = lens(camsim)
            control.ping()
            assert lens(camsim) == (stopped, "IDLE")  # it stays where it stopped

            control.move(pan=0.0, focus=-1.0)  # near, at full speed: to its limit

            def focusing_near() -> bool:
                control.ping()
                return lens(camsim)[0] < stopped - 0.05

            wait_for(focusing_near, WAIT_S, "the lens focusing near", 0.1)
            control.move(pan=0.2)  # a move without focus stops the focus
            wait_for(lambda: lens(camsim)[1] == "IDLE", WAIT_S, "the focus stopped", 0.1)
            control.stop()
            control.finish()
        held, _ = lens(camsim)
        assert lens(camsim) == (held, "IDLE")
        assert 0.0 <= held < stopped


def exposure(camsim: CamsimProcess) -> tuple[str, float]:
    """The camera's own exposure mode and iris (Imaging GetImagingSettings)."""

    async def read() -> Any:
        host, port = host_port(onvif_cameras(camsim)["cam1"].device_url)
        device = import_onvif().ONVIFCamera(host, port, USER, PASSWORD, no_cache=True)
        try:
            await device.update_xaddrs()
            imaging = await device.create_imaging_service()
            return await imaging.GetImagingSettings({"VideoSourceToken": VIDEO_SOURCE_TOKEN})
        finally:
            await device.close()

    settings = asyncio.run(asyncio.wait_for(read(), WAIT_S))
    return str(settings.Exposure.Mode), float(settings.Exposure.Iris)


def test_an_iris_move_steps_the_cameras_manual_iris_and_other_settings_stay(
    server: ServerProcess, camsim: CamsimProcess
) -> None:
    with server.client() as admin:
        camera = add(admin, camsim)
        assert admin.ptz_state(camera).has_iris
        brightness = admin.get_imaging(camera).settings.brightness
        with admin.ptz_control(camera, timeout_s=STREAM_S) as control:
            assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
            control.move(iris=-1.0)  # close by a tenth of -22..0 dB
            wait_for(lambda: exposure(camsim)[1] < 0.0, WAIT_S, "the iris closing", 0.1)
            mode, closed = exposure(camsim)
            assert mode == "MANUAL" and closed == pytest.approx(-2.2)
            control.stop()
            control.move(iris=0.5)  # open by half a step
            wait_for(lambda: exposure(camsim)[1] > closed, WAIT_S, "the iris opening", 0.1)
            mode, opened = exposure(camsim)
            assert mode == "MANUAL" and opened == pytest.approx(-1.1)
            control.stop()
            control.finish()
        assert admin.get_imaging(camera).settings.brightness == brightness
