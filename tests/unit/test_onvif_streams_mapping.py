"""Stream settings without a camera: the recommended bitrate (Kush gauge), the server's
check of a change against a camera's options, and camsim's own check of a
SetVideoEncoderConfiguration and its loop cache key."""

from __future__ import annotations

import hashlib

import pytest
from lxml import etree

from vedette_api.media.packet import Codec
from vedette_server.camsim.content import FORMAT_VERSION, ContentSpec, StreamProfile
from vedette_server.camsim.onvif.encoder import EncoderOptions, EncoderSettings, check
from vedette_server.camsim.onvif.soap import SoapFault
from vedette_server.errors import InvalidArgument
from vedette_server.onvif.streams import (
    StreamChange,
    StreamOptions,
    StreamSettings,
    check_change,
    recommended_kbps,
)

TT = "http://www.onvif.org/ver10/schema"
OPTIONS = StreamOptions(
    codecs=("H264",),
    resolutions=((1280, 720), (640, 360)),
    fps=(1, 25),
    bitrate_kbps=(64, 4096),
    gop=(1, 100),
    h264_profiles=("Baseline", "Main"),
)
CURRENT = StreamSettings(
    "sub", "sub", "sub_encoder", "H264", 640, 360, 25, 512, 50, "Main", OPTIONS
)


def test_the_recommended_bitrate_is_the_kush_gauge_at_motion_half_to_one() -> None:
    assert recommended_kbps(1920, 1080, 25) == (1814, 3629)
    assert recommended_kbps(1280, 720, 25) == (806, 1613)
    low, high = recommended_kbps(1920, 1080, 25, "H265")
    assert (low, high) == (round(1814.4 * 0.6), round(3628.8 * 0.6))
    assert recommended_kbps(320, 180, 5, bounds=(64, 4096)) == (64, 64)
    assert recommended_kbps(7680, 4320, 60, bounds=(64, 4096)) == (4096, 4096)
    assert recommended_kbps(0, 0, 25) == (0, 0)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (StreamChange("sub", fps=26), "change.fps", "1..25 fps"),
        (StreamChange("sub", fps=0), "change.fps", "1..25"),
        (StreamChange("sub", bitrate_kbps=10), "change.bitrate_kbps", "64..4096 kbit/s"),
        (StreamChange("sub", gop=101), "change.gop", "1..100 frames"),
        (StreamChange("sub", width=800, height=600), "change.resolution", "1280x720, 640x360"),
        (StreamChange("sub", height=720), "change.width", "together"),
        (StreamChange("sub", h264_profile="High"), "change.h264_profile", "Baseline, Main"),
        (StreamChange("sub"), "change", "no setting"),
    ],
)
def test_a_change_outside_the_options_names_the_field_and_bounds(
    change: StreamChange, field: str, words: str
) -> None:
    with pytest.raises(InvalidArgument) as caught:
        check_change(change, CURRENT)
    assert caught.value.field == field and words in caught.value.reason


def test_a_change_within_the_options_passes() -> None:
    check_change(StreamChange("sub", width=1280, height=720, fps=25, bitrate_kbps=4096), CURRENT)
    check_change(StreamChange("sub", gop=1, h264_profile="Baseline"), CURRENT)


def _configuration(**parts: str) -> etree._Element:
    root = etree.Element("Configuration", token="sub_encoder")
    for path, text in parts.items():
        parent = root
        for name in path.split("__"):
            child = parent.find(f"{{{TT}}}{name}")
            parent = child if child is not None else etree.SubElement(parent, f"{{{TT}}}{name}")
        parent.text = text
    return root


CAMSIM_OPTIONS = EncoderOptions.for_stream("sub", (1920, 1080), (320, 180), 25)
CAMSIM_NOW = EncoderSettings(StreamProfile(320, 180, 256), 25, 50, "sub stream", 5.0)


def test_camsim_offers_the_sizes_up_to_its_sensor_and_sub_cap() -> None:
    assert CAMSIM_OPTIONS.sizes[0] == (1280, 720)  # a sub stream stops at 720p
    assert (320, 180) in CAMSIM_OPTIONS.sizes and (1920, 1080) not in CAMSIM_OPTIONS.sizes
    main = EncoderOptions.for_stream("main", (1920, 1080), (1920, 1080), 25)
    assert main.sizes[0] == (1920, 1080) and main.kbps == (32, 16384)


def test_camsim_takes_a_partial_configuration_and_keeps_the_rest() -> None:
    wanted = check(
        _configuration(RateControl__FrameRateLimit="10", Resolution__Width="640",
                       Resolution__Height="360"),
        CAMSIM_NOW,
        CAMSIM_OPTIONS,
    )  # fmt: skip
    assert wanted.profile == StreamProfile(640, 360, 256)
    assert (wanted.fps, wanted.gov_length, wanted.name) == (10, 50, "sub stream")


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        ({"RateControl__FrameRateLimit": "31"}, "RateControl.FrameRateLimit '31'"),
        ({"RateControl__BitrateLimit": "9000"}, "32..8192"),
        ({"Resolution__Width": "333", "Resolution__Height": "222"}, "333x222 is not offered"),
        ({"H264__GovLength": "2.5"}, "H264.GovLength"),
        ({"Encoding": "JPEG"}, "H264 only"),
        ({"H264__H264Profile": "High"}, "Baseline"),
        ({"Quality": "11"}, "Quality"),
    ],
)
def test_camsim_refuses_what_its_options_do_not_offer(parts: dict[str, str], words: str) -> None:
    with pytest.raises(SoapFault) as caught:
        check(_configuration(**parts), CAMSIM_NOW, CAMSIM_OPTIONS)
    assert caught.value.subcodes == ("InvalidArgVal", "ConfigModify")
    assert words in caught.value.reason


def test_a_loop_with_the_default_gop_keeps_its_cache_key() -> None:
    spec = ContentSpec("cam1", Codec.H264, StreamProfile(640, 360, 1000), None, 25, 10)
    assert spec.gop_frames == 50
    assert (
        ContentSpec("cam1", Codec.H264, StreamProfile(640, 360, 1000), None, 25, 10, gop=50).key()
        != spec.key()
    )
    assert "gop" not in repr(spec)
    # The key before the GOP could be set: the cached loops of every camsim stay valid.
    old = hashlib.sha256(f"{FORMAT_VERSION}|{spec!r}".encode()).hexdigest()[:20]
    assert spec.key() == old
    short = ContentSpec("cam1", Codec.H264, StreamProfile(640, 360, 1000), None, 25, 10, gop=500)
    assert short.gop_frames == 250  # never longer than the loop
