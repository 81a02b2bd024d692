"""OnvifDevice, the server's ONVIF client, against camsim with the real library
(onvif-zeep-async): authentication modes, clock offset, typed errors, and the
library internals it relies on (the HTTP Digest middleware goes into a private
attribute of each service's session: this fails first if an upgrade moves it).

cam1 has a right clock, cam2 is six hours ahead; both need admin/secret.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from typing import Any, TypeVar

import aiohttp
import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import CamsimProcess, start_camsim
from vedette_server.onvif.client import AuthMode, OnvifDevice
from vedette_server.onvif.device_report import read_device
from vedette_server.onvif.errors import NotAuthorised, OnvifError

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "secret"
WAIT_S = 30.0
T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD, "--fault", "cam2:clock=+6h"),
        cameras=2,
    )
    yield process
    process.stop()


def address(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    return onvif_cameras(camsim)[name].host_port


def run(coroutine: Awaitable[T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, WAIT_S)

    return asyncio.run(bounded())


@pytest.mark.parametrize("mode", list(AuthMode))
def test_every_authentication_mode_reads_the_camera(camsim: CamsimProcess, mode: AuthMode) -> None:
    host, port = address(camsim, "cam1")
    report = run(read_device(host, port, USER, PASSWORD, auth=mode, timeout_s=10))
    assert report.information.serial_number.endswith("cam1")
    assert report.streams is not None
    assert report.streams.main.stream_uri == camsim.url("cam1", "main", auth=False)


def test_http_digest_alone_is_answered_after_the_cameras_challenge(camsim: CamsimProcess) -> None:
    """Without a WS-Security token camsim answers 401 with a Digest challenge; the
    request is sent again with HTTP Digest, which does not depend on the clock."""
    host, port = address(camsim, "cam2")  # six hours ahead: no token would pass unsigned

    async def read() -> tuple[bool, str]:
        async with OnvifDevice(host, port, USER, PASSWORD, auth=AuthMode.DIGEST) as device:
            info = await device.device_information()
            return device._challenges.digest_challenge, info.serial_number

    challenged, serial = run(read())
    assert challenged and serial.endswith("cam2")

    with pytest.raises(NotAuthorised):
        run(read_device(host, port, USER, "not-it", auth=AuthMode.DIGEST))


def test_the_digest_middleware_sits_in_each_service_session(camsim: CamsimProcess) -> None:
    host, port = address(camsim, "cam1")

    async def middlewares() -> list[tuple[Any, ...]]:
        async with OnvifDevice(host, port, USER, PASSWORD) as device:
            await device.call("media", "GetProfiles")
            services = list(device._camera.services.values())
            return [service._session._middlewares for service in services]

    found = run(middlewares())
    assert len(found) >= 2  # device management and media
    for chain in found:
        assert any(isinstance(m, aiohttp.DigestAuthMiddleware) for m in chain)


def test_the_clock_offset_is_measured_and_signs_the_tokens(camsim: CamsimProcess) -> None:
    host, port = address(camsim, "cam2")
    report = run(read_device(host, port, USER, PASSWORD, auth=AuthMode.WSSE))
    assert report.clock_offset_s is not None
    assert abs(report.clock_offset_s - 6 * 3600) < 120


def test_close_releases_the_sessions_whatever_connect_did(camsim: CamsimProcess) -> None:
    host, port = address(camsim, "cam1")

    async def sessions() -> tuple[list[bool], bool]:
        device = OnvifDevice(host, port, USER, PASSWORD)
        await device.connect()
        camera = device._camera
        await device.close()
        await device.close()  # twice: nothing left to do
        failed = OnvifDevice("127.0.1.97", 9, USER, PASSWORD, timeout_s=2)
        with pytest.raises(OnvifError):
            await failed.connect()
        await failed.close()
        return [s._session.closed for s in camera.services.values()], failed._camera is None

    closed, released = run(sessions())
    assert closed and all(closed) and released
