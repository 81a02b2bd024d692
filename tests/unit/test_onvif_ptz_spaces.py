"""The ONVIF PTZ mapping (onvif/ptz.py): generic spaces and camera spaces to the server's
degrees and zoom fraction, MoveStatus, the move Timeout, and what is read from the
camera's profiles, node and configuration options (replies as the client library gives
them: objects with the schema's attribute names)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from vedette_hw.sim.ptz_model import PtzLimits as SimLimits
from vedette_hw.sim.ptz_model import PtzPosition
from vedette_server.camsim.onvif.ptz_spaces import GenericSpaces
from vedette_server.onvif.ptz import (
    PAN_TILT_DEGREES,
    PAN_TILT_POSITION,
    ZOOM_POSITION,
    PtzLimits,
    PtzProfile,
    PtzReading,
    choose_profile,
    limits_from,
    move_timeout_s,
    moving_from,
    pan_deg_from_generic,
    position_from,
    status_from,
    tilt_deg_from_generic,
    zoom_fraction_from_generic,
)

CUSTOM = "http://example.com/tptz/PanTiltSpaces/Steps"
CUSTOM_ZOOM = "http://example.com/tptz/ZoomSpaces/Steps"


@pytest.mark.parametrize(
    ("x", "pan"),
    [(0.0, 0.0), (0.5, 90.0), (1.0, 180.0), (-1.0, 180.0), (-0.5, 270.0), (-0.25, 315.0)],
)
def test_generic_pan_spans_the_circle_clockwise(x: float, pan: float) -> None:
    assert pan_deg_from_generic(x) == pytest.approx(pan)
    assert 0.0 <= pan_deg_from_generic(x) < 360.0


def test_pan_is_within_0_and_360_for_tiny_negatives_and_clamped_beyond_the_range() -> None:
    assert pan_deg_from_generic(-1e-17) == 0.0
    assert pan_deg_from_generic(1.5) == pan_deg_from_generic(1.0) == 180.0


def test_generic_tilt_is_nominal_degrees_up_positive_and_zoom_the_fraction() -> None:
    assert tilt_deg_from_generic(-1.0) == -90.0
    assert tilt_deg_from_generic(0.0) == 0.0
    assert tilt_deg_from_generic(0.5) == 45.0
    assert tilt_deg_from_generic(2.0) == 90.0
    assert zoom_fraction_from_generic(0.25) == 0.25
    assert zoom_fraction_from_generic(-0.1) == 0.0
    assert zoom_fraction_from_generic(1.1) == 1.0


def test_the_pan_camsim_reports_is_the_pan_it_points_at() -> None:
    generic = GenericSpaces(SimLimits())
    for pan in range(0, 360, 7):
        x = generic.to_generic(PtzPosition(float(pan), 0.0, 1.0)).x
        assert pan_deg_from_generic(x) == pytest.approx(pan % 360, abs=1e-9) or (
            pan == 180 and pan_deg_from_generic(x) == 180.0
        )


def test_a_generic_position_reads_with_or_without_its_space_named() -> None:
    limits = PtzLimits()
    named = position_from((0.5, -0.5, PAN_TILT_POSITION), (0.4, ZOOM_POSITION), limits)
    bare = position_from((0.5, -0.5, ""), (0.4, ""), limits)
    assert named == bare == PtzReading(90.0, -45.0, 0.4)


def test_spherical_degrees_are_taken_as_degrees() -> None:
    reading = position_from((-30.0, 12.5, PAN_TILT_DEGREES), None, PtzLimits())
    assert reading == PtzReading(330.0, 12.5, None)


def test_a_camera_space_is_scaled_by_the_nodes_range_onto_the_generic_one() -> None:
    limits = PtzLimits(
        pan_tilt_spaces={CUSTOM: ((0.0, 3600.0), (0.0, 900.0))},
        zoom_spaces={CUSTOM_ZOOM: ((1.0, 21.0))},
    )
    # x 2700 of 0..3600 is generic 0.5: 90°; y 675 of 0..900 is 0.5: 45°; zoom 6 is 0.25.
    reading = position_from((2700.0, 675.0, CUSTOM), (6.0, CUSTOM_ZOOM), limits)
    assert reading == PtzReading(pytest.approx(90.0), pytest.approx(45.0), pytest.approx(0.25))  # type: ignore[arg-type]


def test_a_space_nobody_described_gives_no_position_rather_than_a_wrong_one() -> None:
    assert position_from((10.0, 5.0, CUSTOM), (0.5, ""), PtzLimits()) is None
    unknown_zoom = position_from((0.0, 0.0, ""), (7.0, CUSTOM_ZOOM), PtzLimits())
    assert unknown_zoom == PtzReading(0.0, 0.0, None)
    assert position_from(None, (0.5, ""), PtzLimits()) is None
    assert position_from((float("nan"), 0.0, ""), None, PtzLimits()) is None


@pytest.mark.parametrize(
    ("pan_tilt", "zoom", "moving"),
    [
        ("IDLE", "IDLE", False),
        ("MOVING", "IDLE", True),
        ("IDLE", "MOVING", True),
        ("idle", None, False),
        ("UNKNOWN", "IDLE", None),
        (None, None, None),
    ],
)
def test_move_status(pan_tilt: str | None, zoom: str | None, moving: bool | None) -> None:
    assert moving_from(pan_tilt, zoom) is moving


def test_the_move_timeout_is_kept_within_what_the_camera_allows() -> None:
    assert move_timeout_s(10.0, None) == 10.0
    assert move_timeout_s(10.0, (0.1, 3600.0)) == 10.0
    assert move_timeout_s(10.0, (1.0, 5.0)) == 5.0
    assert move_timeout_s(10.0, (20.0, 60.0)) == 20.0
    assert move_timeout_s(10.0, (0.0, 0.0)) == 10.0  # a nonsense range is ignored


def _profile(token: str, node: str | None) -> SimpleNamespace:
    configuration = None if node is None else SimpleNamespace(token="ptzc", NodeToken=node)
    return SimpleNamespace(token=token, Name=token, PTZConfiguration=configuration)


def test_the_first_profile_with_a_ptz_configuration_is_used() -> None:
    assert choose_profile([_profile("main", None), _profile("sub", "node1")]) == PtzProfile(
        "sub", "ptzc", "node1"
    )
    assert choose_profile([_profile("a", "n"), _profile("b", "m")]) == PtzProfile("a", "ptzc", "n")
    assert choose_profile([_profile("main", None)]) is None
    assert choose_profile([]) is None


def _space(
    uri: str, x: tuple[float, float], y: tuple[float, float] | None = None
) -> SimpleNamespace:
    fields = {"URI": uri, "XRange": SimpleNamespace(Min=x[0], Max=x[1])}
    if y is not None:
        fields["YRange"] = SimpleNamespace(Min=y[0], Max=y[1])
    return SimpleNamespace(**fields)


def test_limits_come_from_the_node_and_the_configuration_options() -> None:
    node = SimpleNamespace(
        token="node1",
        MaximumNumberOfPresets=128,
        SupportedPTZSpaces=SimpleNamespace(
            AbsolutePanTiltPositionSpace=[_space(PAN_TILT_POSITION, (-1, 1), (-1, 1))],
            AbsoluteZoomPositionSpace=[_space(ZOOM_POSITION, (0, 1))],
        ),
    )
    options = SimpleNamespace(
        PTZTimeout=SimpleNamespace(Min=timedelta(seconds=1), Max=timedelta(minutes=2))
    )
    limits = limits_from(node, options)
    assert limits.max_presets == 128 and limits.has_absolute
    assert limits.timeout_range_s == (1.0, 120.0)
    assert limits.pan_tilt_spaces == {PAN_TILT_POSITION: ((-1.0, 1.0), (-1.0, 1.0))}
    assert limits.zoom_spaces == {ZOOM_POSITION: (0.0, 1.0)}


def test_a_node_that_says_little_gives_the_defaults() -> None:
    limits = limits_from(None, None)
    assert limits == PtzLimits()
    assert limits.max_presets == 255 and not limits.has_absolute
    assert limits.timeout_range_s is None


def test_a_status_reply_reads_as_position_and_motion() -> None:
    reply = SimpleNamespace(
        Position=SimpleNamespace(
            PanTilt=SimpleNamespace(x=-0.5, y=0.2, space=PAN_TILT_POSITION),
            Zoom=SimpleNamespace(x=0.75, space=ZOOM_POSITION),
        ),
        MoveStatus=SimpleNamespace(PanTilt="MOVING", Zoom="IDLE"),
    )
    status = status_from(reply, PtzLimits())
    assert status.position == PtzReading(270.0, pytest.approx(18.0), 0.75)  # type: ignore[arg-type]
    assert status.moving is True


def test_a_status_without_position_or_move_status_is_unknown() -> None:
    status = status_from(SimpleNamespace(Position=None, MoveStatus=None), PtzLimits())
    assert status.position is None and status.moving is None
