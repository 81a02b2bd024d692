"""PTZ over ONVIF end to end: a real vedette-server driving camsim's simulated ONVIF
PTZ camera, added with AddOnvifCamera, through the SDK.

One camsim serves the module: cam1 is a PTZ camera (``--ptz cam1``), cam2 is not; both
want ``USER``/``PASSWORD``. Where the head points is read three ways and compared: the
server's GetPtzState (ONVIF GetStatus mapped to degrees, docs/onvif.md), the camera's
own GetStatus in ONVIF's generic spaces, and the pan/tilt/zoom camsim burns into its
picture (``camsim.ptzcode``). camsim's heads map generic y -1…1 to tilt -90°…+10° and
zoom 0…1 to 1×…30×, while the server reads y as nominal degrees 90·y (ONVIF gives no
degrees), which is how the tilt of the picture and of GetPtzState are compared.

Every wait is a bounded poll (``WAIT_S``); nothing asserts on wall-clock timing. The
held move outlasts the driver's move Timeout (10 s, renewed while the move lasts), so
a camera that stops afterwards was stopped by the server, not by its own Timeout.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import av
import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.integration.test_camsim_onvif import host_port, import_onvif
from tests.integration.test_ptz_service import run_vedette, vedette
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, NotFound
from vedette_api.v1 import ptz_pb2
from vedette_server.camsim import ptzcode
from vedette_server.ptz.onvif_driver import MOVE_TIMEOUT_S

pytestmark = pytest.mark.slow

WAIT_S = 30.0
STREAM_S = 180.0
USER, PASSWORD = "admin", "Ptz-Cam-Pass-5521"
TILT_MIN_DEG, TILT_MAX_DEG, ZOOM_MAX = -90.0, 10.0, 30.0
T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        *("--user", USER, "--password", PASSWORD),
        cameras=2,
    )
    yield process
    process.stop()


@pytest.fixture
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    return server_factory()


def connect(server: ServerProcess) -> Client:
    return server.client()


def add(client: Client, camsim: CamsimProcess, name: str = "cam1") -> int:
    """Add camsim's ``name`` over ONVIF, not recording (the test needs only its PTZ)."""
    host, port = host_port(onvif_cameras(camsim)[name].device_url)
    camera = client.add_onvif_camera(
        f"Onvif {name}", host, port, camera_user=USER, camera_password=PASSWORD, enabled=False
    )
    return int(camera.id)


# ------------------------------------------------------------- the camera itself


def on_camera(camsim: CamsimProcess, use: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``use(ptz_service)`` against cam1's PTZ service, bounded by ``WAIT_S``."""

    async def connected() -> T:
        host, port = host_port(onvif_cameras(camsim)["cam1"].device_url)
        device = import_onvif().ONVIFCamera(host, port, USER, PASSWORD, no_cache=True)
        try:
            await device.update_xaddrs()
            return await use(await device.create_ptz_service())
        finally:
            await device.close()

    async def bounded() -> T:
        return await asyncio.wait_for(connected(), WAIT_S)

    return asyncio.run(bounded())


async def _go(ptz: Any, x: float, y: float, zoom: float) -> None:
    position = {"PanTilt": {"x": x, "y": y}, "Zoom": {"x": zoom}}
    await ptz.AbsoluteMove({"ProfileToken": "main", "Position": position})
    while True:
        answer = await ptz.GetStatus({"ProfileToken": "main"})
        if answer.MoveStatus.PanTilt == "IDLE" and answer.MoveStatus.Zoom == "IDLE":
            return
        await asyncio.sleep(0.05)


def go(camsim: CamsimProcess, x: float, y: float, zoom: float) -> None:
    """Put the head at a generic position, the camera's way (a test's starting point)."""
    on_camera(camsim, lambda ptz: _go(ptz, x, y, zoom))


def camera_position(camsim: CamsimProcess) -> tuple[float, float, float]:
    """The camera's own GetStatus position: generic (x, y, zoom)."""

    async def position(ptz: Any) -> tuple[float, float, float]:
        answer = (await ptz.GetStatus({"ProfileToken": "main"})).Position
        return answer.PanTilt.x, answer.PanTilt.y, answer.Zoom.x

    return on_camera(camsim, position)


def camera_presets(camsim: CamsimProcess) -> dict[str, str]:
    """The camera's presets: token → name."""

    async def presets(ptz: Any) -> dict[str, str]:
        return {p.token: p.Name for p in await ptz.GetPresets({"ProfileToken": "main"}) or []}

    return on_camera(camsim, presets)


def remove_camera_presets(camsim: CamsimProcess) -> None:
    async def remove(ptz: Any) -> None:
        for preset in await ptz.GetPresets({"ProfileToken": "main"}) or []:
            await ptz.RemovePreset({"ProfileToken": "main", "PresetToken": preset.token})

    on_camera(camsim, remove)


def expected_strip(seen: ptz_pb2.GetPtzStateResponse) -> tuple[float, float, float]:
    """What camsim's picture shows for a GetPtzState position (the module doc's mappings)."""
    position = seen.position
    y = position.tilt_degrees / 90.0
    tilt = TILT_MIN_DEG + (y + 1) / 2 * (TILT_MAX_DEG - TILT_MIN_DEG)
    return position.pan_degrees, tilt, 1.0 + position.zoom_fraction * (ZOOM_MAX - 1.0)


def assert_picture_shows(camsim: CamsimProcess, seen: ptz_pb2.GetPtzStateResponse) -> None:
    """The live picture comes to show the position GetPtzState gave (of a still head):
    a new stream may start with frames from before (a cached GOP), so frames are read
    until one matches, within ``WAIT_S``."""
    pan, tilt, zoom = expected_strip(seen)
    options = {"rtsp_transport": "tcp", "timeout": str(int(WAIT_S * 1_000_000))}
    deadline = time.monotonic() + WAIT_S
    last: list[ptzcode.StripPosition | None] = []
    with av.open(camsim.url("cam1", "main"), options=options) as container:
        for frame in container.decode(video=0):
            strip = ptzcode.read(frame.to_ndarray(format="gray"))
            last = [*last[-4:], strip]
            if (
                strip is not None
                and pan_apart_deg(strip.pan_deg, pan) < 0.05
                and abs(strip.tilt_deg - tilt) < 0.05
                and abs(strip.zoom - zoom) < 0.005
            ):
                return
            assert time.monotonic() < deadline, f"never saw {pan, tilt, zoom}: {last}"
    raise AssertionError("the stream ended")


# ------------------------------------------------------------------------ helpers


def pan_apart_deg(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def state(client: Client, camera_id: int) -> ptz_pb2.GetPtzStateResponse:
    return client.ptz_state(camera_id)


def wait_still(client: Client, camera_id: int) -> ptz_pb2.GetPtzStateResponse:
    """Poll GetPtzState until the camera says it does not move; that state."""
    found: list[ptz_pb2.GetPtzStateResponse] = []

    def still() -> bool:
        found.append(state(client, camera_id))
        return found[-1].HasField("moving") and not found[-1].moving

    wait_for(still, WAIT_S, "the camera to stop", 0.05)
    return found[-1]


def move_until(
    control: Any, client: Client, camera_id: int, done: Callable[[Any], bool]
) -> ptz_pb2.GetPtzStateResponse:
    """Ping (a joystick held still) while polling GetPtzState until ``done(state)``."""
    found: list[ptz_pb2.GetPtzStateResponse] = []

    def reached() -> bool:
        control.ping()
        found.append(state(client, camera_id))
        return done(found[-1])

    wait_for(reached, WAIT_S, "the camera to get there", 0.1)
    return found[-1]


# -------------------------------------------------------------------------- tests


def test_a_move_through_the_control_stream_moves_the_camera_and_the_picture_agrees(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    go(camsim, 0.0, 0.0, 0.1)  # pan 0°, tilt -40° (camsim), zoom 3.9×
    with connect(server) as client:
        camera = add(client, camsim)
        before = wait_still(client, camera)
        assert before.max_presets == 255
        assert pan_apart_deg(before.position.pan_degrees, 0.0) < 0.01
        assert abs(before.position.tilt_degrees) < 0.01
        assert abs(before.position.zoom_fraction - 0.1) < 1e-6
        assert_picture_shows(camsim, before)

        with client.ptz_control(camera, timeout_s=STREAM_S) as control:
            assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
            control.move(pan=0.5, tilt=0.5)
            moving = move_until(
                control,
                client,
                camera,
                lambda s: 20.0 < s.position.pan_degrees < 180.0 and s.position.tilt_degrees > 5.0,
            )
            assert moving.moving and moving.holder == "user:admin"
            control.stop()
            control.finish()
        after = wait_still(client, camera)
    # Right is clockwise (pan grows), up is up (tilt grows), and the picture agrees.
    assert 20.0 < after.position.pan_degrees < 180.0
    assert after.position.tilt_degrees > 5.0
    assert abs(after.position.zoom_fraction - 0.1) < 1e-6
    assert_picture_shows(camsim, after)


def test_a_held_move_lasts_past_the_move_timeout_and_a_silent_stream_stops_it(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    with connect(server) as client:
        camera = add(client, camsim)
        with client.ptz_control(camera, timeout_s=STREAM_S) as control:
            assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
            control.move(pan=0.2)
            control.hold(MOVE_TIMEOUT_S * 1.5)  # pings only: no new move is sent
            first = state(client, camera)
            control.ping()
            second = move_until(
                control,
                client,
                camera,
                lambda s: pan_apart_deg(s.position.pan_degrees, first.position.pan_degrees) > 2,
            )
            assert first.moving and second.moving
            # Silence (no ping for more than 1 s): the dead-man stops the camera while the
            # stream is still open.
            stopped = wait_still(client, camera)
            later = wait_still(client, camera)
            assert later.position.pan_degrees == stopped.position.pan_degrees
            control.close()
    assert_picture_shows(camsim, later)


def test_a_stream_that_ends_without_a_stop_stops_the_camera(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    with connect(server) as client:
        camera = add(client, camsim)
        control = client.ptz_control(camera, timeout_s=STREAM_S)
        assert control.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
        control.move(pan=-0.3)
        move_until(control, client, camera, lambda s: s.moving and s.position.pan_degrees > 180)
        control.close()  # the client goes away: no stop, no half-close
        stopped = wait_still(client, camera)
        wait_for(lambda: not state(client, camera).holder, WAIT_S, "the camera released")
        assert wait_still(client, camera).position.pan_degrees == stopped.position.pan_degrees


def test_presets_are_kept_by_the_cameras_tokens_across_a_restart(
    camsim: CamsimProcess, server_factory: Callable[..., ServerProcess]
) -> None:
    remove_camera_presets(camsim)
    go(camsim, 0.5, 0.2, 0.3)  # preset 7 here
    server = server_factory()
    with connect(server) as client:
        camera = add(client, camsim)
        here = wait_still(client, camera)
        saved = client.set_preset(camera, 7, "Gate")
        assert (saved.number, saved.name) == (7, "Gate")
        # camsim chose its own token for it: its lowest free number, not 7.
        assert camera_presets(camsim) == {"1": "Preset 1"}
        go(camsim, -0.5, -0.6, 0.0)  # preset 9 here
        there = wait_still(client, camera)
        client.set_preset(camera, 9)
        assert sorted(camera_presets(camsim)) == ["1", "2"]
        client.set_preset(camera, 9, "Yard")  # saved again: the same camera preset
        assert sorted(camera_presets(camsim)) == ["1", "2"]
        assert [(p.number, p.name) for p in client.list_presets(camera)] == [
            (7, "Gate"),
            (9, "Yard"),
        ]
    server.stop()

    server = server_factory()  # the same data: the tokens come from the catalog
    with connect(server) as client:
        client.goto_preset(camera, 7, speed=1.0)
        at_7 = wait_still(client, camera)
        assert pan_apart_deg(at_7.position.pan_degrees, here.position.pan_degrees) < 0.01
        assert abs(at_7.position.tilt_degrees - here.position.tilt_degrees) < 0.01
        assert abs(at_7.position.zoom_fraction - here.position.zoom_fraction) < 1e-6
        assert_picture_shows(camsim, at_7)
        client.goto_preset(camera, 9, speed=0.5)
        at_9 = wait_still(client, camera)
        assert pan_apart_deg(at_9.position.pan_degrees, there.position.pan_degrees) < 0.01
        assert abs(at_9.position.tilt_degrees - there.position.tilt_degrees) < 0.01

        client.delete_preset(camera, 7)
        assert camera_presets(camsim) == {"2": "Preset 2"}
        assert [p.number for p in client.list_presets(camera)] == [9]
        with pytest.raises(NotFound):
            client.goto_preset(camera, 7)
        client.delete_preset(camera, 9)
        assert camera_presets(camsim) == {}


def test_a_camera_without_ptz_says_so(camsim: CamsimProcess, server: ServerProcess) -> None:
    with connect(server) as client:
        camera = add(client, camsim, "cam2")
        for call in (
            lambda: client.ptz_state(camera),
            lambda: client.set_preset(camera, 1),
            lambda: client.list_presets(camera),
        ):
            with pytest.raises(FailedPrecondition) as caught:
                call()
            assert f"camera {camera} has no PTZ device" in str(caught.value)
            assert "offers no PTZ" in str(caught.value)
        with (
            pytest.raises(FailedPrecondition, match="offers no PTZ"),
            client.ptz_control(camera, timeout_s=STREAM_S) as control,
        ):
            control.next_event()


def test_get_ptz_device_says_onvif_drives_the_camera_and_a_serial_device_wins(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    host, port = host_port(onvif_cameras(camsim)["cam1"].device_url)
    missing = "/nonexistent/ttyUSB9"
    with connect(server) as client:
        camera = add(client, camsim)
        assert state(client, camera).HasField("position")  # driven over ONVIF
        with pytest.raises(FailedPrecondition) as caught:
            client.get_ptz_device(camera)
        assert f"driven over ONVIF {host}:{port}" in str(caught.value)
        assert PASSWORD not in str(caught.value)

        # A serial dome set on it wins over its ONVIF PTZ (here one whose port is missing).
        client.set_ptz_device(camera, protocol="pelco-d", serial_port=missing, address=1)
        assert client.get_ptz_device(camera).serial_port == missing
        with pytest.raises(FailedPrecondition, match=missing):
            client.ptz_state(camera)


def test_a_cruise_visits_its_presets_on_the_onvif_camera_until_stopped(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    remove_camera_presets(camsim)
    with connect(server) as client:
        camera = add(client, camsim)
        stops = []
        for number, x in ((1, 0.2), (2, 0.6)):
            go(camsim, x, 0.0, 0.0)
            stops.append(wait_still(client, camera).position.pan_degrees)
            client.set_preset(camera, number)
        client.put_cruise(camera, 1, [(1, 0.5, 1.0), (2, 0.5, 1.0)], name="Two")
        client.start_cruise(camera, 1)
        seen: list[float] = []

        def visited(pan: float) -> Callable[[], bool]:
            def at() -> bool:
                now = state(client, camera)
                assert now.cruise_number == 1 and now.holder == "cruise:1"
                seen.append(now.position.pan_degrees)
                return not now.moving and pan_apart_deg(now.position.pan_degrees, pan) < 0.01

            return at

        # Two laps: preset 1, 2, 1, 2 in turn (each seen stopped there).
        for pan in (*stops, *stops):
            wait_for(visited(pan), WAIT_S, f"the cruise at {pan}° (seen {seen[-5:]})", 0.05)
        assert client.stop_cruise(camera) == 1
        after = wait_still(client, camera)
        assert after.cruise_number == 0
        assert wait_still(client, camera).position == after.position


def test_an_unreachable_camera_is_a_clear_error_and_the_server_keeps_serving(
    server: ServerProcess,
) -> None:
    own = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        *("--user", USER, "--password", PASSWORD),
        cameras=1,
    )
    try:
        host, port = host_port(onvif_cameras(own)["cam1"].device_url)
        with connect(server) as client:
            camera = add(client, own)
            assert state(client, camera).HasField("position")
            own.stop()
            for _ in range(2):  # the open session failing, then a new one not connecting
                with pytest.raises(FailedPrecondition) as caught:
                    client.ptz_state(camera)
                message = str(caught.value)
                assert f"PTZ device of camera {camera} on ONVIF {host}:{port}" in message
                assert "unreachable" in message and PASSWORD not in message
            with (
                pytest.raises(FailedPrecondition, match=f"ONVIF {host}:{port}"),
                client.ptz_control(camera, timeout_s=STREAM_S) as control,
            ):
                control.next_event()
            assert [c.id for c in client.list_cameras()] == [camera]
    finally:
        own.stop()


def test_the_cli_moves_the_onvif_camera_and_reports_its_state(
    camsim: CamsimProcess, server: ServerProcess, tmp_path: Path
) -> None:
    go(camsim, 0.0, 0.0, 0.0)
    home = tmp_path / "home"
    with connect(server) as client:
        camera = add(client, camsim)
        name = client.get_camera(camera).name
    run_vedette(server, home, "ptz", name, "move", "--pan", "0.5", "--tilt", "-0.3",
                "--seconds", "1")  # fmt: skip
    with connect(server) as client:
        wait_still(client, camera)  # the CLI's stop is sent; the head may still brake
    status = json.loads(run_vedette(server, home, "ptz", name, "status", "--json"))
    assert status == {**status, "holder": None, "cruise": None, "max_presets": 255}
    x, y, zoom = camera_position(camsim)
    assert 0.0 < x < 1.0 and y < 0.0  # right and down
    assert status["moving"] is False
    assert status["position"] == {
        "pan_deg": pytest.approx((x * 180.0) % 360.0),
        "tilt_deg": pytest.approx(90.0 * y),
        "zoom": pytest.approx(zoom),
    }

    shown = vedette(server, home, "ptz", name, "device")
    _, err = shown.communicate(timeout=120)
    host, port = host_port(onvif_cameras(camsim)["cam1"].device_url)
    assert shown.returncode != 0 and f"driven over ONVIF {host}:{port}" in err


def test_on_a_camera_with_every_preset_slot_filled_a_preset_is_saved_over_its_number(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    remove_camera_presets(camsim)

    async def fill(ptz: Any) -> None:
        for _ in range(255):
            await ptz.SetPreset({"ProfileToken": "main"})

    go(camsim, 0.0, 0.0, 0.0)
    on_camera(camsim, fill)  # as some cameras come: every slot taken
    try:
        go(camsim, 0.4, 0.1, 0.2)
        with connect(server) as client:
            camera = add(client, camsim)
            here = wait_still(client, camera)
            client.set_preset(camera, 7, "Seven")  # no new slot: slot 7 is saved over
            assert len(camera_presets(camsim)) == 255
            go(camsim, -0.4, -0.5, 0.0)
            client.goto_preset(camera, 7)
            there = wait_still(client, camera)
            assert pan_apart_deg(there.position.pan_degrees, here.position.pan_degrees) < 0.01
            assert abs(there.position.tilt_degrees - here.position.tilt_degrees) < 0.01
            assert abs(there.position.zoom_fraction - here.position.zoom_fraction) < 1e-6
    finally:
        remove_camera_presets(camsim)
