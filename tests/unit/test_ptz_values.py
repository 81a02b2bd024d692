"""The server's PTZ values refuse what a camera cannot do, and say what was wrong."""

from __future__ import annotations

import math

import pytest

from vedette_server.errors import InvalidArgument
from vedette_server.ptz.model import (
    MAX_CRUISE_STEPS,
    Cruise,
    CruiseStep,
    Position,
    Preset,
    Velocity,
    check_cruises,
)


def test_a_velocity_keeps_each_axis_within_minus_one_and_one() -> None:
    velocity = Velocity(pan=1, tilt=-1, zoom=0.5, focus=-0.25, iris=0)

    assert (velocity.pan, velocity.tilt, velocity.zoom) == (1.0, -1.0, 0.5)
    assert isinstance(velocity.pan, float)
    assert not velocity.is_still
    assert Velocity().is_still


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pan", 1.5, r"velocity\.pan: must be within -1\.\.1, got 1\.5"),
        ("tilt", -1.01, r"velocity\.tilt: must be within -1\.\.1, got -1\.01"),
        ("zoom", math.nan, r"velocity\.zoom: must be within -1\.\.1, got nan"),
        ("iris", math.inf, r"velocity\.iris: must be within -1\.\.1, got inf"),
        ("focus", "0.5", r"velocity\.focus: must be a number, got '0\.5'"),
        ("pan", True, r"velocity\.pan: must be a number, got True"),
    ],
)
def test_a_velocity_out_of_range_names_the_axis_and_value(
    field: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        Velocity(**{field: value})  # type: ignore[arg-type]


def test_a_position_refuses_a_zoom_outside_the_lens_range() -> None:
    assert Position(10.0, -5.0).zoom_fraction is None
    with pytest.raises(InvalidArgument, match=r"position\.zoom_fraction: must be within 0\.\.1"):
        Position(10.0, -5.0, 1.2)
    with pytest.raises(InvalidArgument, match=r"position\.pan_deg: must be finite"):
        Position(math.nan, 0.0)


@pytest.mark.parametrize("number", [0, 256, -1])
def test_a_preset_number_outside_1_to_255_is_refused_with_the_number(number: int) -> None:
    with pytest.raises(
        InvalidArgument, match=rf"preset\.number: must be within 1\.\.255, got {number}"
    ):
        Preset(number, "gate", "1")


def test_presets_1_and_255_are_valid_but_need_a_name_and_a_token() -> None:
    assert Preset(1, "gate", "1").number == 1
    assert Preset(255, "yard", "tok-255").name == "yard"
    with pytest.raises(InvalidArgument, match=r"preset\.name: must not be empty"):
        Preset(2, "  ", "2")
    with pytest.raises(
        InvalidArgument, match=r"preset\.name: must be at most 64 characters, got 65"
    ):
        Preset(2, "x" * 65, "2")
    with pytest.raises(InvalidArgument, match=r"preset\.token: must not be empty"):
        Preset(2, "door", "")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preset": 0, "dwell_s": 5}, r"cruise step preset: must be within 1\.\.255, got 0"),
        ({"preset": 256, "dwell_s": 5}, r"cruise step preset: must be within 1\.\.255, got 256"),
        ({"preset": 3, "dwell_s": 0}, r"cruise step dwell_s: must be within \(0, 3600\] s, got 0"),
        ({"preset": 3, "dwell_s": 5, "speed": 0}, r"cruise step speed: must be above 0"),
        ({"preset": 3, "dwell_s": 5, "speed": 1.5}, r"cruise step speed: must be within 0\.\.1"),
    ],
)
def test_a_cruise_step_names_what_is_wrong(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        CruiseStep(**kwargs)  # type: ignore[arg-type]


def test_a_cruise_is_numbered_1_to_8_and_holds_1_to_32_steps() -> None:
    step = CruiseStep(1, 5.0)
    assert Cruise(8, "night", [step]).steps == (step,)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"cruise\.number: must be within 1\.\.8, got 9"):
        Cruise(9, "night", (step,))
    with pytest.raises(InvalidArgument, match=r"cruise 1 steps: must hold 1\.\.32 steps, got 0"):
        Cruise(1, "empty", ())
    with pytest.raises(InvalidArgument, match=r"must hold 1\.\.32 steps, got 33"):
        Cruise(1, "long", (step,) * (MAX_CRUISE_STEPS + 1))


def test_a_camera_has_at_most_eight_cruises() -> None:
    cruises = [Cruise(n, f"c{n}", (CruiseStep(1, 5.0),)) for n in range(1, 9)]
    check_cruises(cruises, {1})

    with pytest.raises(InvalidArgument, match=r"cruises: a camera has at most 8 cruises, got 9"):
        check_cruises([*cruises, cruises[0]], {1})


def test_a_cruise_step_naming_an_unknown_preset_is_refused_with_its_place() -> None:
    cruise = Cruise(2, "yard", (CruiseStep(1, 5.0), CruiseStep(7, 5.0)))

    with pytest.raises(
        InvalidArgument, match=r"cruise 2 step 2 preset: preset 7 is not defined on this camera"
    ):
        check_cruises([cruise], {1, 2, 3})


def test_two_cruises_with_one_number_are_refused() -> None:
    one = Cruise(1, "a", (CruiseStep(1, 5.0),))

    with pytest.raises(InvalidArgument, match=r"cruise 1 appears twice"):
        check_cruises([one, one], {1})
