"""Annex B splitting and AVCC conversion, byte for byte."""

from __future__ import annotations

import pytest

from vedette_server.media.annexb import (
    iter_nal_units,
    join_nal_units,
    length_prefixed_to_annexb,
)


@pytest.mark.parametrize(
    ("data", "nal_units"),
    [
        (b"\x00\x00\x00\x01gAB\x00\x00\x01hC\x00\x00\x00\x01eDEF", [b"gAB", b"hC", b"eDEF"]),
        (b"eraw", [b"eraw"]),  # a bare NAL unit without a start code
        (b"", []),
        (b"\x00\x00\x01", []),
        (b"junk\x00\x00\x01Ax", [b"junk", b"Ax"]),
        (b"\x00\x00\x00\x00\x01Ax", [b"Ax"]),  # leading zero bytes
    ],
)
def test_nal_units_are_split_at_3_and_4_byte_start_codes(
    data: bytes, nal_units: list[bytes]
) -> None:
    assert list(iter_nal_units(data)) == nal_units


def test_join_then_split_round_trips() -> None:
    nal_units = [b"\x67\x42\x00\x1f", b"\x68\xce", b"\x65" + bytes(range(1, 200))]
    assert list(iter_nal_units(join_nal_units(nal_units))) == nal_units


def test_length_prefixed_units_become_annexb() -> None:
    avcc = b"\x00\x00\x00\x02\x67\x42" + b"\x00\x00\x00\x01\x68"
    assert length_prefixed_to_annexb(avcc) == b"\x00\x00\x00\x01\x67\x42\x00\x00\x00\x01\x68"


@pytest.mark.parametrize("data", [b"\x00\x00\x00\x09\x67", b"\x00\x00\x00\x01\x67\x00"])
def test_bad_lengths_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match=r"NAL unit length|trailing"):
        length_prefixed_to_annexb(data)
