"""The PTZ hot path (onvif/ptz_fast.py) against camsim with the real library: ContinuousMove
and Stop sent as prepared envelopes move and stop the head, say what went wrong with the
same typed errors as the same call through zeep, and are the envelope zeep would send.

One camsim serves the module, every camera a PTZ head wanting ``USER``/``PASSWORD``:
cam1 as it should be, cam2 with its clock six hours ahead (tokens must be signed with
the measured offset), cam3 ``digest-only`` (WS-UsernameToken alone gets a Digest
challenge), cam4 ``fault-200`` (faults come with HTTP 200).

Which path a request took is seen by recording what the library's transport sends (the
zeep path's only way out); the fast path posts on the same session without it. Every
wait is a bounded poll; nothing asserts on timing.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import importlib.util
import math
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lxml import etree
from xmlschema.extras.wsdl import Wsdl11Document

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from vedette_server.onvif import ptz_fast, soap_post
from vedette_server.onvif.client import AuthMode, OnvifDevice
from vedette_server.onvif.errors import (
    CameraUnreachable,
    ClockSkew,
    DigestRequired,
    NotAuthorised,
    NotOnvifDevice,
    OnvifError,
)
from vedette_server.onvif.ptz import (
    PAN_TILT_VELOCITY,
    ZOOM_VELOCITY,
    OnvifPtz,
    PtzRefused,
    PtzStatusReading,
)

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Fast-Ptz-Pass-4410"
WAIT_S = 60.0
T = TypeVar("T")
#: Light PTZ cameras (each renders its picture live).
LIGHT = ("--main", "320x180", "--sub", "none", "--main-kbps", "200", "--fps", "5")
ENV = "http://www.w3.org/2003/05/soap-envelope"
TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
WSSE = soap_post.WSSE
WSU = soap_post.WSU


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *LIGHT,
        *("--ptz", "cam1,cam2,cam3,cam4"),
        *("--fault", "cam2:clock=+6h", "--fault", "cam3:digest-only", "--fault", "cam4:fault-200"),
        cameras=4,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


def address(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    return onvif_cameras(camsim)[name].host_port


def run(coroutine: Awaitable[T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, WAIT_S)

    return asyncio.run(bounded())


def move_params(pan: float, timeout_s: float = 30.0, token: str = "main") -> dict[str, Any]:
    """ContinuousMove's parameters as onvif/ptz.py gives them."""
    velocity = {
        "PanTilt": {"x": pan, "y": 0.0, "space": PAN_TILT_VELOCITY},
        "Zoom": {"x": 0.0, "space": ZOOM_VELOCITY},
    }
    return {"ProfileToken": token, "Velocity": velocity, "Timeout": dt.timedelta(seconds=timeout_s)}


STOP = {"ProfileToken": "main", "PanTilt": True, "Zoom": True}


async def ptz_service(device: OnvifDevice) -> Any:
    """The library's PTZ service of ``device`` (what both paths use)."""
    return await device._camera.create_onvif_service("ptz")


async def zeep_sent(device: OnvifDevice) -> list[str]:
    """The operations the zeep path sends from now on (the library's transport)."""
    service = await ptz_service(device)
    transport = service.transport
    sent: list[str] = []
    post_xml = transport.post_xml

    async def recording(address: str, envelope: Any, headers: dict[str, str]) -> Any:
        body = envelope.find(f"{{{ENV}}}Body")
        sent.append(etree.QName(body[0]).localname)
        return await post_xml(address, envelope, headers)

    transport.post_xml = recording
    return sent


async def until(
    ptz: OnvifPtz, done: Callable[[PtzStatusReading], bool], what: str
) -> PtzStatusReading:
    deadline = asyncio.get_running_loop().time() + WAIT_S / 2
    while True:
        status = await ptz.status()
        if done(status):
            return status
        assert asyncio.get_running_loop().time() < deadline, f"{what}: last {status}"
        await asyncio.sleep(0.05)


def pan_of(status: PtzStatusReading) -> float:
    assert status.position is not None
    return status.position.pan_deg


def turned(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


async def move_and_stop(device: OnvifDevice) -> list[str]:
    """Move the head through OnvifPtz, stop it, check it moved and stays stopped; the
    operations zeep sent meanwhile."""
    ptz = await OnvifPtz.open(device)
    sent = await zeep_sent(device)
    still = await until(ptz, lambda s: s.moving is False, "idle at first")
    await ptz.continuous(1.0, 0.0, 0.0, 30.0)
    await until(
        ptz, lambda s: s.moving is True and turned(pan_of(s), pan_of(still)) > 1.0, "moving"
    )
    await ptz.stop()
    stopped = await until(ptz, lambda s: s.moving is False, "stopped")
    await asyncio.sleep(0.5)
    assert (await ptz.status()).position == stopped.position  # stays where it stopped
    return sent


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("cam1", AuthMode.AUTO),
        ("cam2", AuthMode.AUTO),  # clock six hours ahead: signed with the measured offset
        ("cam3", AuthMode.AUTO),  # digest-only: the HTTP Digest middleware answers
        ("cam3", AuthMode.DIGEST),  # no token at all
        ("cam1", AuthMode.WSSE),
    ],
)
def test_fast_moves_and_stops_move_and_stop_the_head(
    camsim: CamsimProcess, name: str, mode: AuthMode
) -> None:
    async def scenario() -> list[str]:
        async with OnvifDevice(*address(camsim, name), USER, PASSWORD, auth=mode) as device:
            return await move_and_stop(device)

    sent = run(scenario())
    assert "GetStatus" in sent  # zeep's path is watched …
    assert "ContinuousMove" not in sent and "Stop" not in sent  # … and was not taken


def test_the_move_timeout_is_sent_the_head_stops_by_itself(camsim: CamsimProcess) -> None:
    async def scenario() -> tuple[PtzStatusReading, PtzStatusReading]:
        async with OnvifDevice(*address(camsim, "cam1"), USER, PASSWORD) as device:
            ptz = await OnvifPtz.open(device)
            still = await until(ptz, lambda s: s.moving is False, "idle at first")
            await ptz.continuous(-0.1, 0.0, 0.0, 0.5)  # no Stop follows
            after = await until(
                ptz,
                lambda s: s.moving is False and turned(pan_of(s), pan_of(still)) > 0.5,
                "stopped by its Timeout",
            )
            return still, after

    still, after = run(scenario())
    # A tenth of camsim's 120°/s for the 0.5 s Timeout is 6°; a Timeout of 4 s or more
    # (camsim's default is 10 s) would turn it past 45°.
    assert 0.5 < turned(pan_of(after), pan_of(still)) < 45.0


def _refusals(
    camsim: CamsimProcess,
    name: str,
    operation: str,
    params: dict[str, Any],
    password: str = PASSWORD,
    mode: AuthMode = AuthMode.AUTO,
) -> tuple[OnvifError, OnvifError, list[str]]:
    """What the fast path and zeep raise for the same call, and what zeep sent."""

    async def both() -> tuple[OnvifError, OnvifError, list[str]]:
        async with OnvifDevice(*address(camsim, name), USER, password, auth=mode) as device:
            sent = await zeep_sent(device)
            with pytest.raises(OnvifError) as fast:
                await ptz_fast.call(device, "ptz", operation, params)
            fast_sent = list(sent)
            with pytest.raises(OnvifError) as zeep:
                await device.call("ptz", operation, params)
            return fast.value, zeep.value, fast_sent

    return run(both())


def _subcodes(error: OnvifError) -> list[str]:
    return [str(getattr(c, "localname", c)) for c in getattr(error.__cause__, "subcodes", [])]


@pytest.mark.parametrize(
    ("name", "operation", "params", "subcode"),
    [
        ("cam1", "ContinuousMove", move_params(2.0), "InvalidVelocity"),
        ("cam1", "ContinuousMove", move_params(0.5, timeout_s=7200.0), "TimeoutNotSupported"),
        ("cam1", "ContinuousMove", move_params(0.5, token="nope"), "NoProfile"),
        ("cam1", "Stop", {**STOP, "ProfileToken": "nope"}, "NoProfile"),
        ("cam4", "ContinuousMove", move_params(2.0), "InvalidVelocity"),  # fault with HTTP 200
    ],
)
def test_a_soap_fault_is_the_same_typed_error_as_through_zeep(
    camsim: CamsimProcess, name: str, operation: str, params: dict[str, Any], subcode: str
) -> None:
    fast, zeep, sent = _refusals(camsim, name, operation, params)
    assert sent == []  # the fast path sent it
    assert type(fast) is type(zeep) is NotOnvifDevice
    assert str(fast) == str(zeep)
    assert _subcodes(fast) == _subcodes(zeep) and subcode in _subcodes(fast)


def test_onvif_ptz_turns_a_fast_fault_into_ptz_refused(camsim: CamsimProcess) -> None:
    async def refused() -> PtzRefused:
        async with OnvifDevice(*address(camsim, "cam1"), USER, PASSWORD) as device:
            ptz = await OnvifPtz.open(device)
            with pytest.raises(PtzRefused) as caught:
                await ptz.continuous(2.0, 0.0, 0.0, 10.0)
            return caught.value

    error = run(refused())
    assert error.operation == "ContinuousMove" and "InvalidVelocity" in error.subcodes


@pytest.mark.parametrize(
    ("name", "password", "mode", "expected"),
    [
        ("cam1", "not-it", AuthMode.AUTO, NotAuthorised),
        ("cam1", "not-it", AuthMode.DIGEST, NotAuthorised),
        ("cam2", "not-it", AuthMode.AUTO, ClockSkew),  # refused, and the clock is far off
        ("cam3", PASSWORD, AuthMode.WSSE, DigestRequired),
        ("cam3", "not-it", AuthMode.AUTO, NotAuthorised),
        ("cam4", "not-it", AuthMode.WSSE, NotAuthorised),
    ],
)
def test_refused_credentials_are_the_same_typed_error_as_through_zeep(
    camsim: CamsimProcess, name: str, password: str, mode: AuthMode, expected: type[OnvifError]
) -> None:
    fast, zeep, sent = _refusals(camsim, name, "Stop", STOP, password, mode)
    assert sent == []
    assert type(fast) is type(zeep) is expected
    assert str(fast) == str(zeep) and PASSWORD not in str(fast) and "not-it" not in str(fast)


def test_an_unreachable_camera_is_the_same_typed_error_as_through_zeep() -> None:
    process = start_onvif_camsim(*LIGHT, "--ptz", "cam1", cameras=1, user=USER, password=PASSWORD)
    stopped = False

    async def scenario() -> tuple[OnvifError, OnvifError]:
        nonlocal stopped
        async with OnvifDevice(*address(process, "cam1"), USER, PASSWORD) as device:
            ptz = await OnvifPtz.open(device)
            await ptz.stop()  # a kept-alive connection the camera then drops
            process.stop()
            stopped = True
            with pytest.raises(OnvifError) as fast:
                await ptz_fast.call(device, "ptz", "Stop", STOP)
            with pytest.raises(OnvifError) as zeep:
                await device.call("ptz", "Stop", STOP)
            return fast.value, zeep.value

    try:
        fast, zeep = run(scenario())
    finally:
        if not stopped:
            process.stop()
    assert type(fast) is type(zeep) is CameraUnreachable


def test_other_shapes_go_through_zeep_and_still_work(camsim: CamsimProcess) -> None:
    int_velocity = {"PanTilt": {"x": 1, "y": 0, "space": PAN_TILT_VELOCITY}}
    whole_numbers = {**move_params(0.5), "Velocity": int_velocity}  # zeep renders ints itself
    for operation, params in [
        ("ContinuousMove", whole_numbers),
        ("ContinuousMove", {**move_params(0.5), "Extra": True}),
        ("Stop", {**STOP, "PanTilt": 1}),
        ("Stop", {**STOP, "ProfileToken": "ma\nin"}),  # lxml keeps the line break
        ("GotoPreset", {"ProfileToken": "main", "PresetToken": "1"}),
    ]:
        assert ptz_fast.request_body(operation, params) is None, params

    async def scenario() -> list[str]:
        async with OnvifDevice(*address(camsim, "cam1"), USER, PASSWORD) as device:
            sent = await zeep_sent(device)
            await ptz_fast.call(device, "ptz", "ContinuousMove", whole_numbers)
            await ptz_fast.call(device, "ptz", "Stop", STOP)
            return sent

    assert run(scenario()) == ["ContinuousMove"]


# ------------------------------------------------------------------ the envelope itself


_TOKEN_VALUES = re.compile(
    rb"(<wsse:Password [^>]*>|<wsse:Nonce [^>]*>|<wsu:Created [^>]*>)[^<]*(<)"
)


def _zeep_envelope(service: Any, operation: str, params: dict[str, Any]) -> bytes:
    from zeep.wsdl.utils import etree_to_string

    message = service.zeep_client.create_message(service.ws_client, operation, **params)
    rendered: bytes = etree_to_string(message)
    return rendered


def _check_token(envelope: bytes, offset: dt.timedelta | None) -> None:
    """The token's digest is Base64(SHA-1(nonce + Created + password)), Created near
    our clock plus the camera's offset."""
    root = etree.fromstring(envelope)
    token = root.find(f"{{{ENV}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
    assert token is not None
    nonce = base64.b64decode(token.findtext(f"{{{WSSE}}}Nonce") or "")
    created = token.findtext(f"{{{WSU}}}Created") or ""
    digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + PASSWORD.encode()).digest())
    assert token.findtext(f"{{{WSSE}}}Password") == digest.decode() and len(nonce) == 16
    assert token.findtext(f"{{{WSSE}}}Username") == USER
    when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    expected = dt.datetime.now(dt.UTC) + (offset or dt.timedelta())
    assert abs((when - expected).total_seconds()) < WAIT_S


@pytest.mark.parametrize(
    ("name", "mode"), [("cam1", AuthMode.AUTO), ("cam2", AuthMode.AUTO), ("cam3", AuthMode.DIGEST)]
)
def test_the_envelope_is_the_one_zeep_renders(
    camsim: CamsimProcess, name: str, mode: AuthMode
) -> None:
    cases = [
        ("ContinuousMove", move_params(0.25)),
        ("ContinuousMove", {**move_params(-1.0, timeout_s=1 / 3), "ProfileToken": 'a&<>"b'}),
        ("Stop", STOP),
        ("Stop", {**STOP, "PanTilt": False}),
    ]

    async def rendered() -> tuple[list[tuple[bytes, bytes]], Any]:
        async with OnvifDevice(*address(camsim, name), USER, PASSWORD, auth=mode) as device:
            service = await ptz_service(device)
            wsse = service.zeep_client.wsse
            pairs = []
            for operation, params in cases:
                ours = ptz_fast.envelope(operation, params, wsse)
                assert ours is not None
                pairs.append((ours, _zeep_envelope(service, operation, params)))
            return pairs, None if wsse is None else wsse.dt_diff

    pairs, offset = run(rendered())
    for ours, zeeps in pairs:
        if mode is AuthMode.DIGEST:
            assert b"<soap-env:Header>" not in ours
        else:
            _check_token(ours, offset)
        # Byte for byte, but the token's fresh values.
        assert _TOKEN_VALUES.sub(rb"\1\2", ours) == _TOKEN_VALUES.sub(rb"\1\2", zeeps)
    if name == "cam2":
        assert offset is not None and abs(offset.total_seconds() - 6 * 3600) < WAIT_S


def wsdl_dir() -> Path:
    spec = importlib.util.find_spec("onvif")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "wsdl"


def test_the_requests_are_valid_against_the_ptz_wsdl_schema() -> None:
    """xmlschema, an engine independent of zeep, checks each request element."""
    elements = Wsdl11Document(str(wsdl_dir() / "ptz.wsdl"), allow="local").schema.maps.elements
    requests = [
        ("ContinuousMove", move_params(0.5, timeout_s=2.5)),
        ("ContinuousMove", move_params(-math.pi / 4)),
        ("Stop", STOP),
    ]
    for operation, params in requests:
        data = ptz_fast.envelope(operation, params, None)
        assert data is not None
        body = etree.fromstring(data).find(f"{{{ENV}}}Body")
        assert body is not None and len(body) == 1
        request = body[0]
        assert request.tag == f"{{{TPTZ}}}{operation}"
        schema = elements[request.tag]
        errors = [str(e) for e in schema.iter_errors(request, namespaces=dict(request.nsmap))]
        assert errors == [], operation
