"""Click to centre, drag to zoom (PointAt) end to end: a real vedette-server moving
camsim's simulated ONVIF PTZ camera in its field of view (RelativeMove in
TranslationSpaceFov), and refusing a Pelco dome on a pty and an ONVIF camera that does
not list the space (camsim's ``no-fov-space`` quirk, cam2), which have none.

Where the head went is read from the position strip camsim burns into its picture
(``camsim.ptzcode``), and what the picture shows is compared too: the patch of the
picture at the clicked point before the move must be the patch at the centre after it
(the same landmarks, not only the same numbers). camsim's main stream here is
640x360, so its field of view at zoom 1 is 90° × 50.625°; zoom *z* narrows both by *z*.
Every wait is a bounded poll; nothing asserts on wall-clock timing.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np
import pytest

from tests.conftest import SMALL
from tests.integration.onvif_camsim import host_port_of, onvif_cameras
from tests.integration.test_ptz_onvif import (
    PASSWORD,
    USER,
    add,
    connect,
    go,
    pan_apart_deg,
    wait_still,
)
from tests.integration.test_ptz_service import Dome, add_user, events_of, ptz_camera, run_vedette
from tests.integration.test_ptz_service import connect as ptz_user
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, wait_for
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument
from vedette_server.camsim import ptzcode

pytestmark = pytest.mark.slow

WAIT_S = 60.0
HFOV_DEG, VFOV_DEG = 90.0, 90.0 * 360 / 640
TILT_MIN_DEG, TILT_MAX_DEG = -90.0, 10.0
#: How close the strip must come to the expected position: a tenth of a degree is a
#: fraction of a pixel at zoom 1 (0.14° a pixel), far below a wrong mapping's error.
TOLERANCE_DEG = 0.1
#: A patch of the picture (pixels, main stream) compared before and after a move.
PATCH = (48, 32)


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1,cam2"),
        *("--user", USER, "--password", PASSWORD, "--fault", "cam2:no-fov-space"),
        cameras=2,
    )
    yield process
    process.stop()


@pytest.fixture
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    return server_factory()


def generic_tilt(tilt_deg: float) -> float:
    """camsim's generic y for a tilt in degrees (-1 … 1 spans the tilt limits)."""
    return (tilt_deg - TILT_MIN_DEG) / (TILT_MAX_DEG - TILT_MIN_DEG) * 2 - 1


def picture_at(camsim: CamsimProcess, pan: float, tilt: float, zoom: float) -> np.ndarray:
    """A frame (luma) of the live picture whose strip shows (pan, tilt, zoom), read
    within ``WAIT_S``; fails naming the last positions seen."""
    options = {"rtsp_transport": "tcp", "timeout": str(int(WAIT_S * 1_000_000))}
    deadline = time.monotonic() + WAIT_S
    seen: list[ptzcode.StripPosition | None] = []
    with av.open(camsim.url("cam1", "main"), options=options) as container:
        for frame in container.decode(video=0):
            luma = frame.to_ndarray(format="gray")
            strip = ptzcode.read(luma)
            seen = [*seen[-4:], strip]
            if (
                strip is not None
                and pan_apart_deg(strip.pan_deg, pan) < TOLERANCE_DEG
                and abs(strip.tilt_deg - tilt) < TOLERANCE_DEG
                and abs(strip.zoom - zoom) < 0.01
            ):
                return luma
            assert time.monotonic() < deadline, f"never saw {pan, tilt, zoom}: {seen}"
    raise AssertionError("the stream ended")


def patch(luma: np.ndarray, x: float, y: float) -> np.ndarray:
    """The ``PATCH`` around the picture's point (x, y), fractions from the top left."""
    height, width = luma.shape
    w, h = PATCH
    left, top = round(x * width - w / 2), round(y * height - h / 2)
    return luma[top : top + h, left : left + w].astype(np.float32)


def takeovers(client: Client) -> list[object]:
    return events_of(client, "ptz.takeover")


def difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a - b)))


def test_a_click_brings_that_point_of_the_picture_to_the_centre(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    pan0, tilt0 = 30.0, -20.0
    go(camsim, pan0 / 180.0, generic_tilt(tilt0), 0.0)
    before = picture_at(camsim, pan0, tilt0, 1.0)
    with connect(server) as client:
        camera = add(client, camsim)
        x, y = 0.8, 0.3
        assert client.point_at(camera, x, y) == 1.0
        wait_still(client, camera)
        state = client.ptz_state(camera)
    pan = pan0 + (x - 0.5) * HFOV_DEG  # 57°
    tilt = tilt0 + (0.5 - y) * VFOV_DEG  # -9.875°
    after = picture_at(camsim, pan, tilt, 1.0)
    assert state.holder == "user:admin"  # taken as a manual session, like GotoPreset
    # The landmark clicked on is now at the centre: the same pixels, give or take the
    # encoder's noise, while anywhere else differs many times more.
    clicked, centre = patch(before, x, y), patch(after, 0.5, 0.5)
    same = difference(clicked, centre)
    elsewhere = min(
        difference(patch(before, 0.3, 0.6), centre), difference(before[:32, :48], centre)
    )
    assert same < 6.0 and elsewhere > 4 * same, (same, elsewhere)


def test_centring_wraps_the_pan_and_stops_at_the_tilt_limit(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    pan0 = 350.0
    go(camsim, (pan0 - 360.0) / 180.0, generic_tilt(TILT_MAX_DEG), 0.0)
    picture_at(camsim, pan0, TILT_MAX_DEG, 1.0)
    with connect(server) as client:
        camera = add(client, camsim)
        client.point_at(camera, 0.95, 0.1)  # right across 0°, and up beyond the limit
        wait_still(client, camera)
    picture_at(camsim, (pan0 + 0.45 * HFOV_DEG) % 360.0, TILT_MAX_DEG, 1.0)  # 30.5°


def test_a_rectangle_fills_the_picture_and_the_move_is_a_fraction_of_the_zoomed_view(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    pan0, tilt0 = 100.0, -30.0
    go(camsim, pan0 / 180.0, generic_tilt(tilt0), 1.0 / 29.0)  # 2x
    picture_at(camsim, pan0, tilt0, 2.0)
    with connect(server) as client:
        camera = add(client, camsim)
        # 0.25 x 0.2 of the picture: the width decides, 4x more magnification.
        factor = client.point_at(camera, 0.3, 0.6, 0.25, 0.2)
        wait_still(client, camera)
    assert factor == pytest.approx(4.0)
    pan = pan0 + (0.3 - 0.5) * HFOV_DEG / 2  # a fraction of the 2x view: -9°
    tilt = tilt0 + (0.5 - 0.6) * VFOV_DEG / 2
    picture_at(camsim, pan, tilt, 8.0)


def test_a_rectangle_beyond_the_tele_end_zooms_to_it_and_says_so(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    go(camsim, 0.0, generic_tilt(-10.0), 19.0 / 29.0)  # 20x
    picture_at(camsim, 0.0, -10.0, 20.0)
    with connect(server) as client:
        camera = add(client, camsim)
        factor = client.point_at(camera, 0.5, 0.5, 0.1, 0.1)  # asks 10x: 200x
        wait_still(client, camera)
    assert factor == pytest.approx(1.5)  # 30x is the end
    picture_at(camsim, 0.0, -10.0, 30.0)


#: (x, y, width, height) and the field the refusal names.
BAD = [
    ((1.5, 0.5, 0.0, 0.0), "x"),
    ((0.5, -0.1, 0.0, 0.0), "y"),
    ((math.nan, 0.5, 0.0, 0.0), "x"),
    ((0.5, math.inf, 0.0, 0.0), "y"),
    ((0.5, 0.5, 0.0, 0.3), "width"),  # one size without the other: a zero-size area
    ((0.5, 0.5, 0.3, 0.0), "height"),
    ((0.5, 0.5, math.nan, 0.2), "width"),
    ((0.5, 0.5, 1.2, 0.2), "width"),
    ((0.9, 0.5, 0.4, 0.2), "width"),  # reaches past the right edge
    ((0.5, 0.05, 0.2, 0.2), "height"),  # past the top
]


def test_bad_coordinates_are_refused_naming_the_field_and_nothing_moves(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    with connect(server) as client:
        camera = add(client, camsim)
        for (x, y, width, height), field in BAD:
            with pytest.raises(InvalidArgument, match=f"^{field}: ") as caught:
                client.point_at(camera, x, y, width, height)
            assert "picture" in str(caught.value) or "finite" in str(caught.value)
        assert not client.ptz_state(camera).holder  # refused before taking the camera


def test_a_pelco_dome_has_no_field_of_view_space(server: ServerProcess) -> None:
    dome = Dome()
    try:
        with connect(server) as client:
            camera = ptz_camera(client, dome)
            with pytest.raises(FailedPrecondition) as caught:
                client.point_at(camera, 0.7, 0.5)
            assert str(caught.value).endswith(
                f"camera {camera} cannot centre on a point: its PTZ ({dome.path}) has no"
                " field-of-view space"
            )
            assert not client.ptz_state(camera).holder
    finally:
        dome.close()


def test_an_onvif_camera_without_the_space_is_refused_and_not_taken(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    host, port = host_port_of(onvif_cameras(camsim)["cam2"].device_url)
    with connect(server) as client:
        camera = add(client, camsim, "cam2")
        with pytest.raises(FailedPrecondition) as caught:
            client.point_at(camera, 0.7, 0.5, 0.2, 0.2)
        assert str(caught.value).endswith(
            f"camera {camera} cannot centre on a point: its PTZ (ONVIF {host}:{port}) has no"
            " field-of-view space"
        )
        assert not client.ptz_state(camera).holder


def test_a_held_camera_is_denied_naming_the_holder_and_a_higher_priority_takes_it(
    camsim: CamsimProcess, server: ServerProcess
) -> None:
    go(camsim, 0.0, generic_tilt(-20.0), 0.0)
    picture_at(camsim, 0.0, -20.0, 1.0)
    with connect(server) as admin:
        camera = add(admin, camsim)
        add_user(admin, "op", (), {"ptz": [camera]})
        with ptz_user(server, "op") as op:
            with admin.ptz_control(camera, timeout_s=120) as held:
                assert held.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
                with pytest.raises(FailedPrecondition, match="user:admin"):
                    op.point_at(camera, 0.9, 0.5)
                held.stop()
                held.finish()
            picture_at(camsim, 0.0, -20.0, 1.0)  # the operator's click moved nothing
            # The admin's stream ended, which ends its session (on the server's time).
            wait_for(lambda: not admin.ptz_state(camera).holder, 60, "the admin's release")

            with op.ptz_control(camera, timeout_s=120) as low:
                assert low.next_event().WhichOneof("event") == "granted"  # type: ignore[union-attr]
                admin.point_at(camera, 0.75, 0.5)  # a higher priority: taken over
                taken = low.next_event()
                assert taken is not None and taken.WhichOneof("event") == "taken_over"
                assert taken.taken_over.by == "user:admin"
        wait_still(admin, camera)
        picture_at(camsim, 0.25 * HFOV_DEG, -20.0, 1.0)
        wait_for(lambda: takeovers(admin), 60, "the takeover's log entry")
        assert "user:op" in takeovers(admin)[-1].message  # type: ignore[attr-defined]


def test_the_cli_centres_and_zooms(
    camsim: CamsimProcess, server: ServerProcess, tmp_path: Path
) -> None:
    pan0, tilt0 = 200.0, -40.0
    go(camsim, (pan0 - 360.0) / 180.0, generic_tilt(tilt0), 0.0)
    picture_at(camsim, pan0, tilt0, 1.0)
    home = tmp_path / "home"
    with connect(server) as client:
        camera = add(client, camsim)
        name = client.get_camera(camera).name
    said = run_vedette(server, home, "ptz", name, "centre", "--x", "0.25", "--y", "0.75",
                       "--width", "0.5", "--height", "0.25")  # fmt: skip
    assert said.strip() == f"{name}: centring on (0.25, 0.75), zooming 2.00x"
    with connect(server) as client:
        wait_still(client, camera)
    status = json.loads(run_vedette(server, home, "ptz", name, "status", "--json"))
    assert status["holder"] == "user:admin"
    picture_at(camsim, pan0 - 0.25 * HFOV_DEG, tilt0 - 0.25 * VFOV_DEG, 2.0)
