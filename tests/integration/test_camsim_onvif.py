"""camsim's ONVIF device service against the real client library (onvif-zeep-async).

One camsim with three cameras serves the module: cam1 with a right clock, cam2 with its
clock six hours ahead (``cam2:clock=+6h``), cam3 four minutes behind, inside the ±5 min
window; all need admin/secret. Every request goes to a camera's own loopback address,
127.0.1.11 to 127.0.1.13.
"""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

import aiohttp
import pytest
from lxml import etree
from zeep.exceptions import Fault

from tests.conftest import SMALL
from tests.integration.onvif_camsim import host_port_of as host_port
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import CamsimProcess, start_camsim

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "secret"
WAIT_S = 20.0
ENV = "http://www.w3.org/2003/05/soap-envelope"
TER = "http://www.onvif.org/ver10/error"
TDS = "http://www.onvif.org/ver10/device/wsdl"
T = TypeVar("T")


def import_onvif() -> Any:
    """``onvif.client``, imported without the root-logger setup its import does
    (``logging.basicConfig(level=INFO)``), which would outlive this module."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import onvif.client

    root.handlers[:] = handlers
    root.setLevel(level)
    return onvif.client


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0"),
        *("--user", USER, "--password", PASSWORD),
        *("--fault", "cam2:clock=+6h", "--fault", "cam3:clock=-4m"),
        cameras=3,
    )
    yield process
    process.stop()


def device_urls(camsim: CamsimProcess) -> dict[str, str]:
    return {name: camera.device_url for name, camera in onvif_cameras(camsim).items()}


def run(coroutine: Awaitable[T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, WAIT_S)

    return asyncio.run(bounded())


async def with_camera(
    url: str,
    password: str,
    use: Callable[[Any], Awaitable[T]],
    *,
    adjust_time: bool = False,
    encrypt: bool = True,
) -> T:
    """Run ``use(camera)`` on a connected ONVIFCamera (update_xaddrs done), then close it;
    ``encrypt`` False sends PasswordText instead of PasswordDigest."""
    client = import_onvif()
    host, port = host_port(url)
    camera = client.ONVIFCamera(
        host, port, USER, password, no_cache=True, adjust_time=adjust_time, encrypt=encrypt
    )
    try:
        await camera.update_xaddrs()
        return await use(camera)
    finally:
        await camera.close()


def fault_subcodes(error: BaseException) -> list[str]:
    return [q.localname for q in getattr(error, "subcodes", None) or []]


def soap(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{ENV}"'
        f' xmlns:tds="{TDS}"><s:Body>{body}</s:Body></s:Envelope>'
    ).encode()


async def post(
    url: str, data: bytes, middlewares: tuple[aiohttp.ClientMiddlewareType, ...] = ()
) -> tuple[int, dict[str, str], etree._Element]:
    """POST ``data``; the status, headers and parsed SOAP envelope of the answer."""
    headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
    async with (
        aiohttp.ClientSession(middlewares=middlewares) as session,
        session.post(url, data=data, headers=headers) as response,
    ):
        body = await response.read()
        return response.status, dict(response.headers), etree.fromstring(body)


def fault_codes(envelope: etree._Element) -> list[str]:
    """The fault's Code/Value and Subcode values, outer to inner (e.g. env:Sender, ter:…)."""
    values = envelope.iterfind(f".//{{{ENV}}}Fault/{{{ENV}}}Code//{{{ENV}}}Value")
    return [(value.text or "").strip() for value in values]


# --------------------------------------------------------------------------- client


def test_onvif_client_reads_identity_profiles_and_a_stream_uri_that_plays(
    camsim: CamsimProcess,
) -> None:
    urls = device_urls(camsim)
    assert set(urls) == {"cam1", "cam2", "cam3"}
    assert host_port(urls["cam1"])[0] == "127.0.1.11"
    assert host_port(urls["cam2"])[0] == "127.0.1.12"

    async def read(camera: Any) -> tuple[Any, Any, Any, Any]:
        device = await camera.create_devicemgmt_service()
        media = await camera.create_media_service()
        info = await device.GetDeviceInformation()
        profiles = await media.GetProfiles()
        setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
        uri = await media.GetStreamUri({"StreamSetup": setup, "ProfileToken": "main"})
        sub = await media.GetStreamUri({"StreamSetup": setup, "ProfileToken": "sub"})
        return info, profiles, uri, sub

    info, profiles, uri, sub = run(with_camera(urls["cam1"], PASSWORD, read))
    assert (info.Manufacturer, info.Model) == ("Vedette", "camsim")
    assert "cam1" in info.SerialNumber
    by_token = {p.token: p for p in profiles}
    assert set(by_token) == {"main", "sub"}
    for token, (width, height, kbps) in {"main": (640, 360, 1000), "sub": (320, 180, 256)}.items():
        encoder = by_token[token].VideoEncoderConfiguration
        assert encoder.Encoding == "H264"
        assert (encoder.Resolution.Width, encoder.Resolution.Height) == (width, height)
        assert encoder.RateControl.BitrateLimit == kbps
        assert encoder.RateControl.FrameRateLimit == 25
    assert uri.Uri == camsim.url("cam1", "main", auth=False)
    assert sub.Uri == camsim.url("cam1", "sub", auth=False)

    credentials = uri.Uri.replace("rtsp://", f"rtsp://{USER}:{PASSWORD}@", 1)
    probe = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0"),
            *("-show_entries", "stream=codec_name,width,height", "-of", "json", credentials),
        ],
        capture_output=True,
        text=True,
        timeout=WAIT_S,
    )
    assert probe.returncode == 0, probe.stderr
    stream = json.loads(probe.stdout)["streams"][0]
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", 640, 360)


def test_a_wrong_password_is_not_authorized(camsim: CamsimProcess) -> None:
    url = device_urls(camsim)["cam1"]

    async def read(camera: Any) -> Any:
        device = await camera.create_devicemgmt_service()
        return await device.GetDeviceInformation()

    with pytest.raises(Fault) as caught:
        run(with_camera(url, "not-the-password", read))
    assert fault_subcodes(caught.value) == ["NotAuthorized"]


def test_a_password_text_token_is_accepted_and_checked(camsim: CamsimProcess) -> None:
    url = device_urls(camsim)["cam1"]

    async def read(camera: Any) -> Any:
        device = await camera.create_devicemgmt_service()
        return await device.GetHostname()

    hostname = run(with_camera(url, PASSWORD, read, encrypt=False))
    assert hostname.Name == "cam1"
    with pytest.raises(Fault) as caught:
        run(with_camera(url, "not-the-password", read, encrypt=False))
    assert fault_subcodes(caught.value) == ["NotAuthorized"]


def test_no_credentials_get_a_digest_challenge_and_http_digest_alone_is_enough(
    camsim: CamsimProcess,
) -> None:
    url = device_urls(camsim)["cam1"]
    request = soap("<tds:GetDeviceInformation/>")
    status, headers, envelope = run(post(url, request))
    assert status == 401
    assert headers["WWW-Authenticate"].startswith("Digest ")
    assert fault_codes(envelope) == ["env:Sender", "ter:NotAuthorized"]

    digest = aiohttp.DigestAuthMiddleware(USER, PASSWORD)
    status, _, envelope = run(post(url, request, (digest,)))
    assert status == 200
    assert envelope.findtext(f".//{{{TDS}}}Manufacturer") == "Vedette"

    wrong = aiohttp.DigestAuthMiddleware(USER, "not-the-password")
    status, _, envelope = run(post(url, request, (wrong,)))
    assert status == 401
    assert fault_codes(envelope) == ["env:Sender", "ter:NotAuthorized"]


def test_a_clock_six_hours_off_refuses_tokens_unless_the_client_measures_the_offset(
    camsim: CamsimProcess,
) -> None:
    url = device_urls(camsim)["cam2"]

    async def clock(camera: Any) -> Any:
        device = await camera.create_devicemgmt_service()
        return await device.authless_GetSystemDateAndTime()

    async def information(camera: Any) -> Any:
        device = await camera.create_devicemgmt_service()
        return await device.GetDeviceInformation()

    reply = run(with_camera(url, PASSWORD, clock)).UTCDateTime
    camera_time = datetime(
        reply.Date.Year,
        reply.Date.Month,
        reply.Date.Day,
        reply.Time.Hour,
        reply.Time.Minute,
        reply.Time.Second,
        tzinfo=UTC,
    )
    offset_s = (camera_time - datetime.now(UTC)).total_seconds()
    assert abs(offset_s - 6 * 3600) < 300, offset_s

    with pytest.raises(Fault) as caught:
        run(with_camera(url, PASSWORD, information))
    assert fault_subcodes(caught.value) == ["NotAuthorized"]

    info = run(with_camera(url, PASSWORD, information, adjust_time=True))
    assert info.Manufacturer == "Vedette"


def test_a_clock_minutes_off_is_inside_the_window_and_needs_no_measuring(
    camsim: CamsimProcess,
) -> None:
    url = device_urls(camsim)["cam3"]

    async def information(camera: Any) -> Any:
        device = await camera.create_devicemgmt_service()
        return await device.GetDeviceInformation()

    assert run(with_camera(url, PASSWORD, information)).SerialNumber.endswith("cam3")


# ---------------------------------------------------------------------- bad input


def wait_for_line(camsim: CamsimProcess, text: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not any(text in line for line in list(camsim.lines)):
        assert time.monotonic() < deadline, f"camsim never printed {text!r}"
        time.sleep(0.05)


def test_an_unsupported_operation_is_action_not_supported_and_logged_once(
    camsim: CamsimProcess,
) -> None:
    url = device_urls(camsim)["cam1"]

    def call(operation: str) -> Callable[[Any], Awaitable[Any]]:
        async def use(camera: Any) -> Any:
            device = await camera.create_devicemgmt_service()
            return await getattr(device, operation)()

        return use

    for operation in ("GetZeroConfiguration", "GetZeroConfiguration", "GetDynamicDNS"):
        with pytest.raises(Fault) as caught:
            run(with_camera(url, PASSWORD, call(operation)))
        assert fault_subcodes(caught.value) == ["ActionNotSupported"]
    # The output is ordered: once the last warning is there, a second one would be too.
    wait_for_line(camsim, "operation GetDynamicDNS ")
    assert sum("operation GetZeroConfiguration " in line for line in list(camsim.lines)) == 1


@pytest.mark.parametrize(
    ("body", "status", "codes"),
    [
        (b"this is not XML", 400, ["env:Sender", "ter:WellFormed"]),
        (b"", 400, ["env:Sender", "ter:WellFormed"]),
        (b"<Envelope><Body/></Envelope>", 400, ["env:Sender", "ter:WellFormed"]),
        (
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            b"<GetDeviceInformation/></s:Body></s:Envelope>",
            400,
            ["env:VersionMismatch"],
        ),
        (soap(""), 400, ["env:Sender", "ter:WellFormed"]),
        (
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
            b"<x>&b;</x></s:Body></s:Envelope>",
            400,
            ["env:Sender", "ter:WellFormed"],
        ),
        (soap("<tds:GetSystemDateAndTime/>" + " " * 100_000), 413, ["env:Sender"]),
    ],
    ids=["not-xml", "empty", "no-soap-namespace", "soap-1.1", "empty-body", "dtd", "too-large"],
)
def test_malformed_requests_get_a_soap_fault_and_the_camera_keeps_answering(
    camsim: CamsimProcess, body: bytes, status: int, codes: list[str]
) -> None:
    url = device_urls(camsim)["cam1"]
    got_status, headers, envelope = run(post(url, body))
    assert (got_status, fault_codes(envelope)) == (status, codes)
    assert headers["Content-Type"].startswith("application/soap+xml")
    status_after, _, envelope = run(post(url, soap("<tds:GetSystemDateAndTime/>")))
    assert status_after == 200
    assert envelope.find(f".//{{{TDS}}}GetSystemDateAndTimeResponse") is not None


def test_an_oversized_chunked_body_is_refused_before_it_is_read_whole(
    camsim: CamsimProcess,
) -> None:
    url = device_urls(camsim)["cam1"]

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(200):  # 200 KiB without a Content-Length
            yield b" " * 1024

    async def send() -> tuple[int, etree._Element]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=chunks()) as response,
        ):
            return response.status, etree.fromstring(await response.read())

    status, envelope = run(send())
    assert (status, fault_codes(envelope)) == (413, ["env:Sender"])


def test_an_unknown_profile_token_is_no_profile(camsim: CamsimProcess) -> None:
    url = device_urls(camsim)["cam1"]

    async def stream_uri(camera: Any) -> Any:
        media = await camera.create_media_service()
        setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
        return await media.GetStreamUri({"StreamSetup": setup, "ProfileToken": "nope"})

    with pytest.raises(Fault) as caught:
        run(with_camera(url, PASSWORD, stream_uri))
    assert fault_subcodes(caught.value) == ["InvalidArgVal", "NoProfile"]
