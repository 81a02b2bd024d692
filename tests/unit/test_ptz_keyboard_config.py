"""The control keyboard's settings (PTZ-05): what a ``KeyboardConfig`` accepts, how a
keyboard number finds its camera, and the stored JSON form."""

from __future__ import annotations

import pytest

from vedette_hw.pelco import Protocol, PVariant
from vedette_server.errors import InvalidArgument
from vedette_server.ptz.keyboard_config import KeyboardConfig


def test_a_number_drives_its_mapped_camera_or_the_camera_with_that_id() -> None:
    config = KeyboardConfig("/dev/ttyUSB1", 64, cameras={12: 5})
    assert (config.camera_for(12), config.camera_for(3)) == (5, 3)


def test_the_stored_form_gives_back_the_same_settings() -> None:
    config = KeyboardConfig(
        "/dev/serial/by-id/usb-keyboard",
        256,
        Protocol.P,
        4800,
        PVariant.D_STYLE,
        enabled=False,
        priority=7000,
        repeats_frames=False,
        cameras={2: 9, 1: 4},
    )
    again = KeyboardConfig.from_json(config.to_json())
    assert again == config
    assert list(again.cameras) == [1, 2]


def test_pelco_d_has_no_variant_and_addresses_up_to_255() -> None:
    assert KeyboardConfig("/dev/ttyS0", 1, variant=PVariant.D_STYLE).variant is PVariant.STANDARD
    with pytest.raises(InvalidArgument, match=r"within 1\.\.255 on pelco-d, got 256"):
        KeyboardConfig("/dev/ttyS0", 256)
    assert KeyboardConfig("/dev/ttyS0", 256, Protocol.P).address == 256


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"serial_port": ""}, "keyboard.serial_port: must be a device path"),
        ({"serial_port": "/dev/tty\x1b[2J"}, "keyboard.serial_port: must be printable"),
        ({"baud_rate": 12345}, "keyboard.baud_rate: must be one of 1200, 2400"),
        ({"baud_rate": True}, "keyboard.baud_rate: must be an integer"),
        ({"address": 0}, "keyboard.address"),
        ({"priority": 0}, "keyboard.priority: must be within 1..32000, got 0"),
        ({"cameras": {0: 1}}, "keyboard camera numbers are 1..255 on pelco-d, got 0"),
        ({"cameras": {64: 1}}, "64 is Vedette's own address"),
        ({"cameras": {3: 0}}, r"keyboard.cameras\[3\]: must be a camera id, got 0"),
        ({"cameras": {n: 1 for n in range(1, 258)}}, "at most 256 numbers"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(fields: dict[str, object], message: str) -> None:
    settings: dict[str, object] = {"serial_port": "/dev/ttyUSB1", "address": 64, **fields}
    with pytest.raises(InvalidArgument, match=message):
        KeyboardConfig(**settings)  # type: ignore[arg-type]
