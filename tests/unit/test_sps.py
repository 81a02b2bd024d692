"""SPS parsing (media/sps.py) against the SPS that libx264 and libx265 write."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from vedette_server.media.annexb import h264_nal_type, h265_nal_type, iter_nal_units
from vedette_server.media.sps import SpsInfo, parse_h264_sps, parse_h265_sps, rbsp


def encoded_sps(codec: str, width: int, height: int, rate: Fraction, pix_fmt: str) -> bytes:
    """The SPS NAL unit of a few frames encoded by PyAV's ``codec``."""
    ctx = av.CodecContext.create(codec, "w")
    ctx.width, ctx.height, ctx.pix_fmt = width, height, pix_fmt
    ctx.framerate, ctx.time_base = rate, 1 / rate
    if codec == "libx265":
        ctx.options = {"x265-params": "log-level=none"}
    data = b""
    for i in range(2):
        frame = av.VideoFrame.from_ndarray(
            np.full((height, width, 3), 40 * i, np.uint8), format="rgb24"
        ).reformat(format=pix_fmt)
        frame.pts = i
        data += b"".join(bytes(p) for p in ctx.encode(frame))
    data += b"".join(bytes(p) for p in ctx.encode(None))
    data = bytes(ctx.extradata or b"") + data
    if codec == "libx264":
        return next(n for n in iter_nal_units(data) if h264_nal_type(n) == 7)
    return next(n for n in iter_nal_units(data) if h265_nal_type(n) == 33)


SIZES = [
    (1920, 1080, Fraction(25), "yuv420p"),  # cropped: 1088 coded lines
    (650, 366, Fraction(30000, 1001), "yuv420p"),  # cropped on both axes
    (320, 240, Fraction(15), "yuv420p"),
    (352, 288, Fraction(50), "yuv444p"),  # High 4:4:4: chroma format in the SPS
]


@pytest.mark.parametrize(("width", "height", "rate", "pix_fmt"), SIZES)
def test_h264_sps_gives_the_encoded_size_and_frame_rate(
    width: int, height: int, rate: Fraction, pix_fmt: str
) -> None:
    sps = encoded_sps("libx264", width, height, rate, pix_fmt)
    assert parse_h264_sps(sps) == SpsInfo(width, height, rate)


@pytest.mark.parametrize(("width", "height", "rate", "pix_fmt"), SIZES)
def test_h265_sps_gives_the_encoded_size_and_frame_rate(
    width: int, height: int, rate: Fraction, pix_fmt: str
) -> None:
    sps = encoded_sps("libx265", width, height, rate, pix_fmt)
    assert parse_h265_sps(sps) == SpsInfo(width, height, rate)


def test_truncated_or_foreign_nal_units_give_none_or_no_rate() -> None:
    sps = encoded_sps("libx264", 640, 360, Fraction(25), "yuv420p")
    assert parse_h264_sps(b"") is None
    assert parse_h264_sps(b"\x68\xce\x3c\x80") is None  # a PPS
    assert parse_h264_sps(sps[:4]) is None
    # Cut inside the VUI timing: the size is known, the rate is not.
    cuts = [parse_h264_sps(sps[:n]) for n in range(len(sps) - 1, 8, -1)]
    assert SpsInfo(640, 360, Fraction(0)) in cuts
    h265 = encoded_sps("libx265", 640, 360, Fraction(25), "yuv420p")
    assert parse_h265_sps(h265[:6]) is None
    assert parse_h265_sps(sps) is None  # an H.264 SPS is no H.265 SPS


def test_emulation_prevention_bytes_are_removed() -> None:
    assert rbsp(b"\x00\x00\x03\x01\x00\x00\x03\x00\x00\x03") == b"\x00\x00\x01\x00\x00\x00\x00"
