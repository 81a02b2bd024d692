"""The pure parts of the firmware upgrade (CAM-07): camsim's image format, where the
server sends an image, and how it decides what the camera says afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from vedette_server.camsim.onvif.firmware import (
    DIGEST_BYTES,
    ImageRefused,
    image_version,
    make_image,
)
from vedette_server.onvif.errors import CameraUnreachable
from vedette_server.onvif.firmware import (
    FirmwareUpgradeFailed,
    UpgradeOutcome,
    camera_upload_url,
    describe,
    wait_until_back,
)


def test_a_camsim_image_carries_its_version() -> None:
    assert image_version(make_image("2.0.1", b"payload")) == "2.0.1"
    assert image_version(make_image("1.0.0-rc.1+b7")) == "1.0.0-rc.1+b7"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a camsim firmware image"),
        (b"MZ\x90\x00" + bytes(100), "not a camsim firmware image"),
        (b"VEDETTE-CAMSIM-FIRMWARE 2.0.1", "no version line"),
        (b"VEDETTE-CAMSIM-FIRMWARE bad version\n" + bytes(DIGEST_BYTES), "not valid"),
        (make_image("2.0.1", b"abc")[:-1], "corrupt"),
        (b"VEDETTE-CAMSIM-FIRMWARE 2.0.1\n" + bytes(5), "truncated"),
    ],
)
def test_anything_else_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImageRefused, match=reason):
        image_version(data)


def test_a_flipped_byte_is_caught_by_the_trailer() -> None:
    data = bytearray(make_image("2.0.1", bytes(1000)))
    data[500] ^= 1
    with pytest.raises(ImageRefused, match="SHA-256"):
        image_version(bytes(data))


def test_an_invalid_version_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="firmware version"):
        make_image("a b")
    with pytest.raises(ValueError, match="firmware version"):
        make_image("x" * 33)


def test_the_image_only_goes_to_the_cameras_own_host() -> None:
    assert camera_upload_url("http://10.0.0.5:8080/fw/1", "10.0.0.5") == "http://10.0.0.5:8080/fw/1"
    # A camera behind NAT names its inside address: the file goes to the host we know.
    assert camera_upload_url("http://192.168.0.9:81/up?t=x", "203.0.113.7") == (
        "http://203.0.113.7:81/up?t=x"
    )
    assert camera_upload_url("http://u:p@10.0.0.5/fw", "10.0.0.5") == "http://10.0.0.5/fw"
    assert camera_upload_url("http://192.168.0.9/fw", "fd00::5") == "http://[fd00::5]/fw"
    with pytest.raises(FirmwareUpgradeFailed, match="not an http URL"):
        camera_upload_url("ftp://10.0.0.5/fw", "10.0.0.5")


def _camera(*answers: str | None) -> Iterator[str | None]:
    """What a camera answers to each GetDeviceInformation (None: it does not answer)."""
    yield from answers
    while True:
        yield answers[-1]


def _wait(answers: Iterator[str | None], bound_s: float = 5.0) -> UpgradeOutcome:
    async def read_version() -> str:
        answer = next(answers)
        if answer is None:
            raise CameraUnreachable("10.0.0.5", 80, "connection refused")
        return answer

    return asyncio.run(wait_until_back(read_version, "1.0", bound_s, poll_s=0.0))


def test_a_new_version_after_a_reboot_is_an_upgrade() -> None:
    outcome = _wait(_camera("1.0", None, None, "2.0"))
    assert (outcome.upgraded, outcome.after, outcome.rebooted) == (True, "2.0", True)
    assert describe(outcome, 60) == "upgraded from firmware 1.0 to 2.0"


def test_the_same_version_after_a_reboot_is_reported_as_it_is() -> None:
    outcome = _wait(_camera("1.0", None, "1.0"))
    assert (outcome.upgraded, outcome.answered, outcome.after) == (False, True, "1.0")
    assert "still reports firmware 1.0 after its reboot" in describe(outcome, 60)


def test_a_camera_that_does_not_come_back_is_not_called_upgraded() -> None:
    outcome = _wait(_camera("1.0", None), bound_s=0.05)
    assert (outcome.upgraded, outcome.answered, outcome.after) == (False, False, "")
    assert "did not answer again within 60 s" in describe(outcome, 60)


def test_a_camera_that_never_reboots_still_reports_its_old_version() -> None:
    outcome = _wait(_camera("1.0"), bound_s=0.05)
    assert (outcome.upgraded, outcome.answered, outcome.rebooted) == (False, True, False)
