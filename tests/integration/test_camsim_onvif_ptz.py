"""camsim's PTZ camera against the real client library (onvif-zeep-async), and in its picture.

One camsim serves the module: cam1 is a PTZ camera (``--ptz cam1``), cam2 is not. Tests
start from a position they set themselves (the head is shared by the module), wait by
polling GetStatus (bounded by ``WAIT_S``), and never time a move by the wall clock: the
motion model's speed limits decide how long a move takes, a loaded machine only how long
the poll sees it.

Positions are in ONVIF's generic spaces; camsim's heads (vedette_hw.sim.ptz_model's
default limits) map x ∈ [-1, 1] to pan x·180°, y ∈ [-1, 1] to tilt -90°…+10° and zoom
∈ [0, 1] to 1×…30×, which is how the picture's strip is compared with GetStatus.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import aiohttp
import av
import pytest
from lxml import etree
from zeep.exceptions import Fault

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.integration.test_camsim_onvif import fault_subcodes, host_port, import_onvif
from tests.support.camsim_process import CamsimProcess, start_camsim
from vedette_server.camsim import ptzcode

pytestmark = pytest.mark.slow

WAIT_S = 30.0
ENV = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
TILT_MIN_DEG, TILT_MAX_DEG, ZOOM_MAX = -90.0, 10.0, 30.0
T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        cameras=2,
    )
    yield process
    process.stop()


def run(coroutine: Awaitable[T]) -> T:
    async def bounded() -> T:
        return await asyncio.wait_for(coroutine, WAIT_S)

    return asyncio.run(bounded())


def with_ptz(camsim: CamsimProcess, use: Callable[[Any], Awaitable[T]], camera: str = "cam1") -> T:
    """Run ``use(ptz_service)`` against ``camera``'s PTZ service (found by GetServices)."""

    async def connected() -> T:
        host, port = host_port(onvif_cameras(camsim)[camera].device_url)
        device = import_onvif().ONVIFCamera(host, port, "user", "unused", no_cache=True)
        try:
            await device.update_xaddrs()
            return await use(await device.create_ptz_service())
        finally:
            await device.close()

    return run(connected())


async def status(ptz: Any) -> Any:
    return await ptz.GetStatus({"ProfileToken": "main"})


def where(answer: Any) -> tuple[float, float, float]:
    position = answer.Position
    return position.PanTilt.x, position.PanTilt.y, position.Zoom.x


async def wait_idle(ptz: Any) -> Any:
    """Poll GetStatus until pan/tilt and zoom are IDLE; the last status."""
    while True:
        answer = await status(ptz)
        if answer.MoveStatus.PanTilt == "IDLE" and answer.MoveStatus.Zoom == "IDLE":
            return answer
        await asyncio.sleep(0.05)


async def go(ptz: Any, x: float, y: float, zoom: float) -> Any:
    """AbsoluteMove to (x, y, zoom) and wait until the head is there; the status."""
    position = {"PanTilt": {"x": x, "y": y}, "Zoom": {"x": zoom}}
    await ptz.AbsoluteMove({"ProfileToken": "main", "Position": position})
    return await wait_idle(ptz)


async def remove_all_presets(ptz: Any) -> None:
    for preset in await ptz.GetPresets({"ProfileToken": "main"}) or []:
        await ptz.RemovePreset({"ProfileToken": "main", "PresetToken": preset.token})


def degrees(x: float, y: float, zoom: float) -> tuple[float, float, float]:
    """Generic-space position → (pan°, tilt°, zoom factor) for camsim's default head."""
    tilt = TILT_MIN_DEG + (y + 1) / 2 * (TILT_MAX_DEG - TILT_MIN_DEG)
    return (x * 180.0) % 360.0, tilt, 1.0 + zoom * (ZOOM_MAX - 1.0)


def pan_apart_deg(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


# ------------------------------------------------------------------- description


def test_the_ptz_camera_advertises_ptz_with_one_node_and_configuration(
    camsim: CamsimProcess,
) -> None:
    async def describe(ptz: Any) -> tuple[Any, Any, Any, Any]:
        nodes = await ptz.GetNodes()
        configurations = await ptz.GetConfigurations()
        options = await ptz.GetConfigurationOptions({"ConfigurationToken": "ptz_config"})
        node = await ptz.GetNode({"NodeToken": nodes[0].token})
        return nodes, configurations, options, node

    nodes, configurations, options, node = with_ptz(camsim, describe)
    assert [n.token for n in nodes] == ["ptz_node"] == [node.token]
    assert node.MaximumNumberOfPresets == 255 and node.HomeSupported
    spaces = node.SupportedPTZSpaces
    assert spaces.AbsolutePanTiltPositionSpace[0].URI.endswith("PanTiltSpaces/PositionGenericSpace")
    assert spaces.ContinuousZoomVelocitySpace[0].URI.endswith("ZoomSpaces/VelocityGenericSpace")
    assert [c.token for c in configurations] == ["ptz_config"]
    assert configurations[0].NodeToken == "ptz_node"
    assert options.PTZTimeout.Min.total_seconds() > 0
    assert options.Spaces.RelativePanTiltTranslationSpace[0].URI.endswith(
        "PanTiltSpaces/TranslationGenericSpace"
    )

    async def profiles(camera: str) -> tuple[Any, Any]:
        host, port = host_port(onvif_cameras(camsim)[camera].device_url)
        device = import_onvif().ONVIFCamera(host, port, "user", "unused", no_cache=True)
        try:
            await device.update_xaddrs()
            media = await device.create_media_service()
            return device.xaddrs, await media.GetProfiles()
        finally:
            await device.close()

    xaddrs, with_ptz_profiles = run(profiles("cam1"))
    assert xaddrs[TPTZ].endswith("/onvif/ptz_service")
    assert {p.PTZConfiguration.token for p in with_ptz_profiles} == {"ptz_config"}
    xaddrs, plain_profiles = run(profiles("cam2"))
    assert TPTZ not in xaddrs
    assert {p.PTZConfiguration for p in plain_profiles} == {None}


# -------------------------------------------------------------------------- moves


def test_a_continuous_move_then_stop_pans_right_and_tilts_up(camsim: CamsimProcess) -> None:
    async def move(ptz: Any) -> tuple[Any, Any]:
        start = await go(ptz, 0.0, 0.0, 0.0)
        # Slow enough that the default 10 s timeout stops the pan before it wraps past 180°
        # (x = -1), however late a loaded machine lets this poll see it.
        velocity = {"PanTilt": {"x": 0.1, "y": 0.3}}
        await ptz.ContinuousMove({"ProfileToken": "main", "Velocity": velocity})
        while where(await status(ptz))[0] < 0.02:  # until it has visibly moved
            await asyncio.sleep(0.02)
        await ptz.Stop({"ProfileToken": "main", "PanTilt": True, "Zoom": True})
        return start, await wait_idle(ptz)

    start, end = with_ptz(camsim, move)
    assert where(start) == pytest.approx((0.0, 0.0, 0.0), abs=1e-6)
    x, y, zoom = where(end)
    assert x > 0.02 and y > 0.0 and zoom == pytest.approx(0.0, abs=1e-6)


def test_an_absolute_move_reaches_the_position(camsim: CamsimProcess) -> None:
    end = with_ptz(camsim, lambda ptz: go(ptz, -0.5, -0.25, 0.3))
    assert where(end) == pytest.approx((-0.5, -0.25, 0.3), abs=1e-4)


def test_a_relative_move_moves_by_the_translation(camsim: CamsimProcess) -> None:
    async def move(ptz: Any) -> Any:
        await go(ptz, 0.2, 0.0, 0.1)
        translation = {"PanTilt": {"x": -0.3, "y": 0.25}, "Zoom": {"x": 0.2}}
        await ptz.RelativeMove({"ProfileToken": "main", "Translation": translation})
        return await wait_idle(ptz)

    assert where(with_ptz(camsim, move)) == pytest.approx((-0.1, 0.25, 0.3), abs=1e-4)


def test_a_continuous_move_with_a_timeout_stops_by_itself(camsim: CamsimProcess) -> None:
    async def move(ptz: Any) -> tuple[Any, Any]:
        start = await go(ptz, 0.0, -1.0, 0.0)
        velocity = {"PanTilt": {"x": 0.0, "y": 0.1}}
        await ptz.ContinuousMove({"ProfileToken": "main", "Velocity": velocity, "Timeout": "PT1S"})
        return start, await wait_idle(ptz)  # no Stop: the timeout ends the move

    start, end = with_ptz(camsim, move)
    moved_y = where(end)[1] - where(start)[1]
    # 0.1 of 90°/s for 1 s is ~9° of tilt (y +0.18); the 10 s default would tilt it to the top.
    assert 0.1 < moved_y < 0.4


def test_home_is_set_and_gone_to(camsim: CamsimProcess) -> None:
    async def home(ptz: Any) -> Any:
        await go(ptz, 0.6, 0.4, 0.2)
        await ptz.SetHomePosition({"ProfileToken": "main"})
        await go(ptz, -0.6, -0.4, 0.0)
        await ptz.GotoHomePosition(
            {"ProfileToken": "main", "Speed": {"PanTilt": {"x": 0.5, "y": 0.5}}}
        )
        return await wait_idle(ptz)

    assert where(with_ptz(camsim, home)) == pytest.approx((0.6, 0.4, 0.2), abs=1e-4)


# ------------------------------------------------------------------------ presets


def test_presets_are_set_with_names_gone_to_and_removed(camsim: CamsimProcess) -> None:
    async def presets(ptz: Any) -> tuple[str, str, list[Any], Any, list[Any], list[str]]:
        await remove_all_presets(ptz)
        await go(ptz, 0.5, 0.5, 0.5)
        gate = await ptz.SetPreset({"ProfileToken": "main", "PresetName": "gate"})
        await go(ptz, -0.5, -0.5, 0.0)
        yard = await ptz.SetPreset({"ProfileToken": "main", "PresetName": "yard"})
        listed = await ptz.GetPresets({"ProfileToken": "main"})
        await ptz.GotoPreset({"ProfileToken": "main", "PresetToken": gate})
        at_gate = await wait_idle(ptz)
        faults = []
        try:
            await ptz.SetPreset({"ProfileToken": "main", "PresetName": "gate"})
        except Fault as error:  # the name is the gate's already
            faults += fault_subcodes(error)
        await ptz.RemovePreset({"ProfileToken": "main", "PresetToken": gate})
        after = await ptz.GetPresets({"ProfileToken": "main"})
        try:
            await ptz.GotoPreset({"ProfileToken": "main", "PresetToken": gate})
        except Fault as error:
            faults += fault_subcodes(error)
        await remove_all_presets(ptz)
        return gate, yard, listed, at_gate, after, faults

    gate, yard, listed, at_gate, after, faults = with_ptz(camsim, presets)
    assert (gate, yard) == ("1", "2")
    assert [(p.token, p.Name) for p in listed] == [("1", "gate"), ("2", "yard")]
    assert (listed[0].PTZPosition.PanTilt.x, listed[0].PTZPosition.Zoom.x) == pytest.approx(
        (0.5, 0.5), abs=1e-4
    )
    assert where(at_gate) == pytest.approx((0.5, 0.5, 0.5), abs=1e-4)
    assert [p.token for p in after] == ["2"]
    assert faults == ["InvalidArgVal", "PresetExist", "InvalidArgVal", "NoToken"]


def test_255_presets_fit_and_the_256th_is_too_many(camsim: CamsimProcess) -> None:
    async def fill(ptz: Any) -> tuple[list[str], list[str], int]:
        await remove_all_presets(ptz)
        tokens = []
        for i in range(1, 256):
            request = {"ProfileToken": "main", "PresetName": f"preset {i}"}
            tokens.append(await ptz.SetPreset(request))
        try:
            await ptz.SetPreset({"ProfileToken": "main", "PresetName": "one too many"})
            refused = []
        except Fault as error:
            refused = fault_subcodes(error)
        count = len(await ptz.GetPresets({"ProfileToken": "main"}))
        await remove_all_presets(ptz)
        return tokens, refused, count

    tokens, refused, count = with_ptz(camsim, fill)
    assert tokens == [str(i) for i in range(1, 256)]
    assert refused == ["Action", "TooManyPresets"]
    assert count == 255


# ------------------------------------------------------------------------ picture


def test_the_picture_shows_the_position_get_status_reports(camsim: CamsimProcess) -> None:
    end = with_ptz(camsim, lambda ptz: go(ptz, 0.9, -0.2, 0.1))
    pan, tilt, zoom = degrees(*where(end))
    seen = []
    deadline = time.monotonic() + WAIT_S
    options = {"rtsp_transport": "tcp", "timeout": str(int(WAIT_S * 1_000_000))}
    with av.open(camsim.url("cam1", "main"), options=options) as container:
        for frame in container.decode(video=0):
            strip = ptzcode.read(frame.to_ndarray(format="gray"))
            seen.append(strip)
            if (
                strip is not None
                and pan_apart_deg(strip.pan_deg, pan) < 0.05
                and abs(strip.tilt_deg - tilt) < 0.05
                and abs(strip.zoom - zoom) < 0.005
            ):
                break
            assert time.monotonic() < deadline, f"never saw {pan, tilt, zoom}: {seen[-5:]}"
    assert (frame.width, frame.height) == (640, 360)


# ------------------------------------------------------------------------- faults


def test_unknown_tokens_get_the_standard_faults(camsim: CamsimProcess) -> None:
    calls: list[tuple[str, dict[str, Any]]] = [
        ("GetStatus", {"ProfileToken": "nope"}),
        ("ContinuousMove", {"ProfileToken": "nope", "Velocity": {"Zoom": {"x": 0.1}}}),
        ("GotoPreset", {"ProfileToken": "main", "PresetToken": "999"}),
        ("RemovePreset", {"ProfileToken": "main", "PresetToken": "254"}),
        ("SetPreset", {"ProfileToken": "main", "PresetToken": "not-a-preset"}),
        ("GetNode", {"NodeToken": "nope"}),
        ("GetConfiguration", {"PTZConfigurationToken": "nope"}),
        ("GetConfigurationOptions", {"ConfigurationToken": "nope"}),
    ]

    async def ask(ptz: Any) -> list[list[str]]:
        await remove_all_presets(ptz)
        found = []
        for operation, request in calls:
            try:
                await getattr(ptz, operation)(request)
                found.append([])
            except Fault as error:
                found.append(fault_subcodes(error))
        return found

    assert with_ptz(camsim, ask) == [
        ["InvalidArgVal", "NoProfile"],
        ["InvalidArgVal", "NoProfile"],
        ["InvalidArgVal", "NoToken"],
        ["InvalidArgVal", "NoToken"],
        ["InvalidArgVal", "NoToken"],
        ["InvalidArgVal", "NoEntity"],
        ["InvalidArgVal", "NoConfig"],
        ["InvalidArgVal", "NoConfig"],
    ]


def test_ptz_on_a_camera_without_ptz_is_no_ptz_profile(camsim: CamsimProcess) -> None:
    url = onvif_cameras(camsim)["cam2"].device_url.replace("device_service", "ptz_service")

    async def post(body: str) -> tuple[int, list[str]]:
        data = (
            f'<s:Envelope xmlns:s="{ENV}" xmlns:tptz="{TPTZ}"><s:Body>{body}</s:Body></s:Envelope>'
        )
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=data.encode(), headers=headers) as response,
        ):
            envelope = etree.fromstring(await response.read())
        values = envelope.iterfind(f".//{{{ENV}}}Fault/{{{ENV}}}Code//{{{ENV}}}Value")
        return response.status, [(v.text or "").strip() for v in values]

    moves = (
        "<tptz:ContinuousMove><tptz:ProfileToken>main</tptz:ProfileToken><tptz:Velocity>"
        '<tt:Zoom xmlns:tt="http://www.onvif.org/ver10/schema" x="0.5"/>'
        "</tptz:Velocity></tptz:ContinuousMove>"
    )
    status_request = "<tptz:GetStatus><tptz:ProfileToken>sub</tptz:ProfileToken></tptz:GetStatus>"
    no_ptz = (400, ["env:Sender", "ter:InvalidArgVal", "ter:NoPTZProfile"])
    assert run(post(moves)) == no_ptz
    assert run(post(status_request)) == no_ptz
