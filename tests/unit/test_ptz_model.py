"""The simulated PTZ head: wrap, limits, speed and acceleration, timeouts, presets, home,
all driven by a fake clock."""

from __future__ import annotations

import re

import pytest

from vedette_hw.sim.ptz_model import (
    MoveStatus,
    PtzLimits,
    PtzModel,
    PtzPosition,
    UnknownPreset,
)


class FakeClock:
    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s

    def advance(self, seconds: float) -> None:
        self.now_s += seconds


LIMITS = PtzLimits(
    pan_speed_max_deg_s=100.0,
    tilt_speed_max_deg_s=50.0,
    zoom_speed_max_x_s=5.0,
    pan_accel_deg_s2=400.0,
    tilt_accel_deg_s2=200.0,
    zoom_accel_x_s2=20.0,
    tilt_min_deg=-90.0,
    tilt_max_deg=10.0,
    zoom_max=20.0,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def model(clock: FakeClock) -> PtzModel:
    return PtzModel(clock, LIMITS)


def test_a_new_head_is_idle_at_home(model: PtzModel) -> None:
    status = model.status()

    assert status.position == PtzPosition(0.0, 0.0, 1.0)
    assert status.pan_tilt is MoveStatus.IDLE
    assert status.zoom is MoveStatus.IDLE


def test_a_continuous_pan_ramps_up_then_runs_at_its_speed(
    model: PtzModel, clock: FakeClock
) -> None:
    model.continuous(pan=0.5, tilt=0.0, zoom=0.0)
    clock.advance(0.05)  # still accelerating: at most ½·400·0.05² = 0.5°
    early = model.position().pan_deg
    clock.advance(1.95)

    assert 0 < early <= 0.5 + 1e-9
    # 50°/s reached after 0.125 s (6.25 s·°/s lost to the ramp: 3.125°).
    assert model.position().pan_deg == pytest.approx(100.0 - 3.125, abs=0.05)
    assert model.status().pan_tilt is MoveStatus.MOVING


def test_pan_wraps_over_360_degrees(model: PtzModel, clock: FakeClock) -> None:
    model.continuous(pan=-1.0, tilt=0.0, zoom=0.0)
    clock.advance(1.0)

    pan = model.position().pan_deg

    assert 0.0 <= pan < 360.0
    assert pan == pytest.approx(360.0 - (100.0 - 12.5), abs=0.05)


def test_tilt_stops_at_its_limits_and_reports_idle_there(model: PtzModel, clock: FakeClock) -> None:
    model.continuous(pan=0.0, tilt=1.0, zoom=0.0)
    clock.advance(5.0)

    assert model.position().tilt_deg == 10.0
    assert model.status().pan_tilt is MoveStatus.IDLE

    model.continuous(pan=0.0, tilt=-1.0, zoom=0.0)
    clock.advance(3600.0)  # an hour against the limit costs no work per step

    assert model.position().tilt_deg == -90.0


def test_zoom_stays_within_one_and_its_maximum(model: PtzModel, clock: FakeClock) -> None:
    model.continuous(pan=0.0, tilt=0.0, zoom=-1.0)
    clock.advance(2.0)
    assert model.position().zoom == 1.0

    model.continuous(pan=0.0, tilt=0.0, zoom=1.0)
    clock.advance(10.0)
    assert model.position().zoom == 20.0


def test_a_continuous_move_stops_by_itself_after_its_timeout(
    model: PtzModel, clock: FakeClock
) -> None:
    model.continuous(pan=1.0, tilt=0.0, zoom=0.0, timeout_s=1.0)
    clock.advance(10.0)  # nobody looked in between

    status = model.status()

    assert status.pan_tilt is MoveStatus.IDLE
    # 1 s at up to 100°/s, ramping up and down at 400°/s²: exactly 100° of travel.
    assert status.position.pan_deg == pytest.approx(100.0, abs=0.05)


def test_stop_decelerates_within_the_acceleration_limit(model: PtzModel, clock: FakeClock) -> None:
    model.continuous(pan=1.0, tilt=0.0, zoom=0.0)
    clock.advance(1.0)
    at_stop = model.position().pan_deg
    model.stop()
    clock.advance(0.1)

    assert model.status().pan_tilt is MoveStatus.MOVING  # 100°/s needs 0.25 s to stop
    clock.advance(1.0)
    assert model.status().pan_tilt is MoveStatus.IDLE
    # Braking from 100°/s at 400°/s² takes 12.5°.
    assert model.position().pan_deg == pytest.approx(at_stop + 12.5, abs=0.05)


def test_an_absolute_move_arrives_exactly_and_pans_the_short_way(
    model: PtzModel, clock: FakeClock
) -> None:
    model.absolute(PtzPosition(350.0, -30.0, 4.0))
    clock.advance(0.1)
    assert model.position().pan_deg > 300.0, "350° is reached by panning left through 0°"

    clock.advance(10.0)
    status = model.status()

    assert status.position == PtzPosition(350.0, -30.0, 4.0)
    assert status.pan_tilt is MoveStatus.IDLE
    assert status.zoom is MoveStatus.IDLE


def test_an_absolute_move_respects_the_speed_asked(model: PtzModel, clock: FakeClock) -> None:
    model.absolute(PtzPosition(90.0, 0.0, 1.0), speed=0.1)  # 10°/s
    clock.advance(2.0)

    assert model.position().pan_deg == pytest.approx(20.0 - 0.125, abs=0.05)


def test_a_relative_move_goes_the_way_its_sign_says_and_clamps_tilt(
    model: PtzModel, clock: FakeClock
) -> None:
    model.relative(pan_deg=-270.0, tilt_deg=-200.0, zoom=3.0)
    clock.advance(0.1)
    assert model.position().pan_deg > 300.0  # left, not the short way right

    clock.advance(20.0)

    assert model.position() == PtzPosition(90.0, -90.0, 4.0)


def test_targets_outside_the_limits_are_refused(model: PtzModel) -> None:
    with pytest.raises(ValueError, match=re.escape("tilt_deg must be within -90.0..10.0, got 45")):
        model.absolute(PtzPosition(0.0, 45.0, 1.0))
    with pytest.raises(ValueError, match=re.escape("zoom must be within 1..20.0, got 0.5")):
        model.absolute(PtzPosition(0.0, 0.0, 0.5))
    with pytest.raises(ValueError, match=re.escape("pan velocity must be within -1..1, got 1.5")):
        model.continuous(1.5, 0.0, 0.0)
    with pytest.raises(ValueError, match="speed must be within"):
        model.absolute(PtzPosition(0.0, 0.0, 1.0), speed=0.0)


def test_presets_save_goto_and_clear(model: PtzModel, clock: FakeClock) -> None:
    model.absolute(PtzPosition(123.0, -45.0, 7.0))
    clock.advance(10.0)
    model.save_preset(255)
    model.goto_home()
    clock.advance(10.0)
    assert model.position() == PtzPosition(0.0, 0.0, 1.0)

    model.goto_preset(255)
    clock.advance(10.0)
    assert model.position() == PtzPosition(123.0, -45.0, 7.0)

    model.clear_preset(255)
    with pytest.raises(UnknownPreset, match="preset 255 is not set"):
        model.goto_preset(255)
    assert model.presets() == {}


@pytest.mark.parametrize("number", [0, 256])
def test_preset_numbers_run_from_1_to_255(model: PtzModel, number: int) -> None:
    with pytest.raises(
        ValueError, match=re.escape(f"preset number must be within 1..255, got {number}")
    ):
        model.save_preset(number)


def test_set_home_makes_the_current_position_home(model: PtzModel, clock: FakeClock) -> None:
    model.absolute(PtzPosition(10.0, 5.0, 2.0))
    clock.advance(10.0)
    model.set_home()
    model.absolute(PtzPosition(200.0, -10.0, 1.0))
    clock.advance(10.0)

    model.goto_home()
    clock.advance(10.0)

    assert model.position() == PtzPosition(10.0, 5.0, 2.0)


def test_two_models_given_the_same_commands_agree_exactly() -> None:
    positions = []
    for _ in range(2):
        clock = FakeClock()
        model = PtzModel(clock, LIMITS)
        model.continuous(0.3, -0.7, 0.2, timeout_s=0.8)
        clock.advance(0.333)
        model.absolute(PtzPosition(200.0, -20.0, 3.0), speed=0.5)
        clock.advance(1.234)
        positions.append(model.position())

    assert positions[0] == positions[1]


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="tilt_min_deg"):
        PtzLimits(tilt_min_deg=10.0, tilt_max_deg=-10.0)
    with pytest.raises(ValueError, match="pan_speed_max_deg_s must be positive"):
        PtzLimits(pan_speed_max_deg_s=0.0)


def test_an_absolute_move_of_one_axis_leaves_the_others_to_what_they_do(
    model: PtzModel, clock: FakeClock
) -> None:
    model.continuous(pan=1.0, tilt=0.0, zoom=0.0, timeout_s=1.0)
    model.absolute_axes(zoom=5.0)
    clock.advance(10.0)

    position = model.position()
    assert position.pan_deg == pytest.approx(100.0, abs=0.05)
    assert (position.tilt_deg, position.zoom) == (0.0, 5.0)
