"""The lens of an ONVIF camera: a move asking a control the camera lacks is refused
before anything is sent, naming the camera and why; focus velocities become the
camera's continuous speeds."""

from __future__ import annotations

from typing import cast

import pytest

from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.imaging import LensOptions, focus_speed_of
from vedette_server.ptz.model import Velocity
from vedette_server.ptz.onvif_lens import LensNotSupported, OnvifLens

NO_DEVICE = cast(OnvifDevice, None)  # check() never talks to the camera


def lens(options: LensOptions | None) -> OnvifLens:
    return OnvifLens(4, NO_DEVICE, options)


def test_a_control_the_camera_lacks_is_refused_naming_it() -> None:
    focus_only = lens(LensOptions("vs", focus_speed=(-1.0, 1.0)))
    assert focus_only.has_focus and not focus_only.has_iris
    focus_only.check(Velocity(pan=0.5, focus=-1.0))
    with pytest.raises(LensNotSupported) as refused:
        focus_only.check(Velocity(focus=0.5, iris=1.0))
    assert str(refused.value) == (
        "camera 4: iris is not supported by this camera"
        " (its ONVIF imaging service offers no manual iris)"
    )
    iris_only = lens(LensOptions("vs", iris=(-22.0, 0.0)))
    iris_only.check(Velocity(iris=-0.3))
    with pytest.raises(LensNotSupported, match="focus is not supported by this camera"):
        iris_only.check(Velocity(focus=0.1))


def test_a_camera_without_imaging_has_neither_and_plain_moves_pass() -> None:
    none = lens(None)
    assert not none.has_focus and not none.has_iris
    none.check(Velocity(pan=1.0, tilt=-1.0, zoom=0.5))
    with pytest.raises(LensNotSupported, match=r"\(it has no ONVIF imaging service\)"):
        none.check(Velocity(focus=1.0))


@pytest.mark.parametrize(
    ("velocity", "speeds", "expected"),
    [
        (0.5, (-1.0, 1.0), 0.5),
        (-1.0, (-1.0, 1.0), -1.0),
        (0.5, (-2.0, 4.0), 2.0),
        (-0.5, (-2.0, 4.0), -1.0),
        (-1.0, (0.5, 4.0), 0.5),  # a range without near speeds: clamped to it
    ],
)
def test_focus_velocities_are_scaled_to_the_cameras_speed_range(
    velocity: float, speeds: tuple[float, float], expected: float
) -> None:
    assert focus_speed_of(velocity, speeds) == pytest.approx(expected)
