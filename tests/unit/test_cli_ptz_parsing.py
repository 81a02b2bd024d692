"""`vedette ptz`: what it accepts, and what it refuses before connecting."""

from __future__ import annotations

import pytest

from vedette_api.cli.entry import COMMANDS, parse_command_line

NOW_US = 1_714_552_500_000_000
NO_ENV: dict[str, str] = {}


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as caught:
        parse_command_line(argv, NO_ENV, now_us=NOW_US)
    assert caught.value.code == 2
    return capsys.readouterr().err


def test_move_takes_signed_speeds_per_axis_and_a_duration() -> None:
    args = parse_command_line(
        ["ptz", "Yard", "move", "--pan", "-0.5", "--tilt", "1", "--zoom", "0.25",
         "--seconds", "2.5"], NO_ENV, now_us=NOW_US,
    )  # fmt: skip
    assert (args.camera, args.action) == ("Yard", "move")
    assert (args.pan, args.tilt, args.zoom, args.focus, args.iris) == (-0.5, 1.0, 0.25, 0.0, 0.0)
    assert args.seconds == 2.5
    assert COMMANDS[("ptz", "move")].__name__ == "ptz_move"


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["ptz", "Yard", "move", "--pan", "1.5", "--seconds", "1"], "--pan"),
        (["ptz", "Yard", "move", "--pan", "nan", "--seconds", "1"], "--pan"),
        (["ptz", "Yard", "move", "--pan", "0.5"], "--seconds"),
        (["ptz", "Yard", "move", "--pan", "0.5", "--seconds", "0"], "--seconds"),
        (["ptz", "Yard", "preset", "set", "256"], "at most 255"),
        (["ptz", "Yard", "preset", "goto", "0"], "at least 1"),
        (["ptz", "Yard", "cruise", "put", "9", "--step", "1:5:1"], "at most 8"),
        (["ptz", "Yard", "cruise", "put", "1"], "--step"),
        (["ptz", "Yard", "cruise", "put", "1", "--step", "1:0:1"], "--step"),
        (["ptz", "Yard", "cruise", "put", "1", "--step", "1:5:2"], "--step"),
        (["ptz", "Yard", "cruise", "put", "1", "--step", "300:5"], "at most 255"),
        (["ptz", "Yard", "device", "--protocol", "visca"], "--protocol"),
        (["ptz", "Yard", "device", "--baud", "300"], "--baud"),
        (["ptz", "Yard", "device", "--protocol", "pelco-d", "--port", "/dev/ttyS0"], "--address"),
    ],
)
def test_out_of_range_values_are_usage_errors_naming_the_option(
    argv: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert complaint in _usage_error(argv, capsys)


def test_cruise_steps_are_preset_dwell_and_speed_in_order() -> None:
    args = parse_command_line(
        ["ptz", "7", "cruise", "put", "2", "--step", "1:5:1", "--step", "3:2.5",
         "--step", "2:10:0.25", "--name", "Round"], NO_ENV, now_us=NOW_US,
    )  # fmt: skip
    assert args.cruise_action == "put" and args.number == 2 and args.name == "Round"
    assert args.steps == [(1, 5.0, 1.0), (3, 2.5, 1.0), (2, 10.0, 0.25)]


def test_device_takes_protocol_port_baud_address_and_reserved_presets() -> None:
    args = parse_command_line(
        ["ptz", "Yard", "device", "--protocol", "pelco-p", "--port", "/dev/ttyUSB0",
         "--baud", "4800", "--address", "12", "--p-variant", "d-style", "--reserved", "33", "34"],
        NO_ENV, now_us=NOW_US,
    )  # fmt: skip
    assert (args.protocol, args.port, args.baud, args.address) == (
        "pelco-p",
        "/dev/ttyUSB0",
        4800,
        12,
    )
    assert args.p_variant == "d-style" and args.reserved == [33, 34]
