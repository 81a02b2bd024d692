"""vedette_api.media.proto_convert: the one mapping between media types and media.proto.

The server's live and playback calls, the console's native-export player and the
test support all send packets and codec parameters through it, so these tests are
what keeps their wire form identical.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.proto_convert import (
    CODECS_FROM_PROTO,
    CODECS_TO_PROTO,
    PACKET_KINDS_FROM_PROTO,
    PACKET_KINDS_TO_PROTO,
    codec_from_proto,
    codec_parameters_from_proto,
    codec_parameters_to_proto,
    packet_from_proto,
    packet_kind_from_proto,
    packet_to_proto,
)
from vedette_api.v1 import media_pb2

INT32_MAX = 2**31 - 1
H264_EXTRADATA = bytes.fromhex("0000000167640016 0000000168ee3cb0")


def test_every_codec_has_one_wire_value_and_every_wire_codec_one_domain_codec() -> None:
    wire_values = {number for _, number in media_pb2.Codec.items()}

    assert set(CODECS_TO_PROTO) == set(Codec)
    assert set(CODECS_FROM_PROTO) == wire_values - {media_pb2.CODEC_UNSPECIFIED}
    assert {CODECS_FROM_PROTO[wire]: wire for wire in CODECS_FROM_PROTO} == CODECS_TO_PROTO
    for codec, wire in CODECS_TO_PROTO.items():
        assert media_pb2.Codec.Name(wire) == f"CODEC_{codec.name}"


def test_every_packet_kind_maps_both_ways_with_the_number_media_proto_promises() -> None:
    wire_values = {number for _, number in media_pb2.PacketKind.items()}

    assert set(PACKET_KINDS_TO_PROTO) == set(PacketKind)
    assert set(PACKET_KINDS_FROM_PROTO) == wire_values - {media_pb2.PACKET_KIND_UNSPECIFIED}
    for kind, wire in PACKET_KINDS_TO_PROTO.items():
        assert media_pb2.PacketKind.Name(wire) == f"PACKET_KIND_{kind.name}"
        assert wire == kind.value  # "never renumber them"
        assert PACKET_KINDS_FROM_PROTO[wire] is kind


@pytest.mark.parametrize("codec", list(Codec), ids=lambda codec: codec.value)
def test_codec_parameters_of_every_codec_survive_the_wire(codec: Codec) -> None:
    if codec.is_video:
        params = CodecParameters(codec, H264_EXTRADATA, 1920, 1080, Fraction(30000, 1001))
    else:
        params = CodecParameters(codec, b"\x14\x08", sample_rate=16000, channels=1)

    message = codec_parameters_to_proto(params)
    received = media_pb2.CodecParameters.FromString(message.SerializeToString())

    assert received.codec == CODECS_TO_PROTO[codec]
    assert codec_parameters_from_proto(received) == params


def test_a_video_frame_rate_goes_on_the_wire_as_its_fraction() -> None:
    message = codec_parameters_to_proto(
        CodecParameters(Codec.H265, b"", 1280, 720, Fraction(30000, 1001))
    )

    assert (message.frame_rate_num, message.frame_rate_den) == (30000, 1001)


def test_an_unknown_frame_rate_is_zero_over_zero_on_the_wire_and_back() -> None:
    params = CodecParameters(Codec.H264, H264_EXTRADATA, 640, 360)

    message = codec_parameters_to_proto(params)

    assert (message.frame_rate_num, message.frame_rate_den) == (0, 0)
    assert codec_parameters_from_proto(message).frame_rate == Fraction(0)
    assert codec_parameters_from_proto(message) == params


def test_audio_parameters_carry_rate_and_channels_and_no_picture() -> None:
    params = CodecParameters(Codec.PCMA, sample_rate=8000, channels=2)

    message = codec_parameters_to_proto(params)

    assert (message.sample_rate, message.channels) == (8000, 2)
    picture = (message.width, message.height, message.frame_rate_num, message.frame_rate_den)
    assert picture == (0, 0, 0, 0)
    assert message.extradata == b""
    assert codec_parameters_from_proto(message) == params


frame_rates = st.one_of(
    st.just(Fraction(0)),
    st.builds(Fraction, st.integers(1, INT32_MAX), st.integers(1, INT32_MAX)),
)


@given(
    codec=st.sampled_from(Codec),
    extradata=st.binary(max_size=64),
    width=st.integers(0, 0xFFFF),
    height=st.integers(0, 0xFFFF),
    frame_rate=frame_rates,
    sample_rate=st.integers(0, INT32_MAX),
    channels=st.integers(0, 0xFF),
)
def test_any_codec_parameters_round_trip(
    codec: Codec,
    extradata: bytes,
    width: int,
    height: int,
    frame_rate: Fraction,
    sample_rate: int,
    channels: int,
) -> None:
    params = CodecParameters(codec, extradata, width, height, frame_rate, sample_rate, channels)

    wire = codec_parameters_to_proto(params).SerializeToString()

    assert codec_parameters_from_proto(media_pb2.CodecParameters.FromString(wire)) == params


@given(
    kind=st.sampled_from(PacketKind),
    timestamp_us=st.integers(-(2**63), 2**63 - 1),
    duration_us=st.integers(0, 2**32 - 1),
    keyframe=st.booleans(),
    data=st.binary(max_size=256),
)
def test_any_media_packet_round_trips(
    kind: PacketKind, timestamp_us: int, duration_us: int, keyframe: bool, data: bytes
) -> None:
    packet = MediaPacket(kind, timestamp_us, duration_us, keyframe, data)

    message = packet_to_proto(packet)
    received = media_pb2.MediaPacket.FromString(message.SerializeToString())

    assert received.kind == kind.value
    assert packet_from_proto(received) == packet


def test_unset_or_unknown_wire_values_are_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="codec: 0"):
        codec_from_proto(media_pb2.CODEC_UNSPECIFIED)
    with pytest.raises(ValueError, match="codec: 99"):
        codec_from_proto(99)
    with pytest.raises(ValueError, match="kind: 0"):
        packet_kind_from_proto(media_pb2.PACKET_KIND_UNSPECIFIED)
    with pytest.raises(ValueError, match="kind: 0"):
        packet_from_proto(media_pb2.MediaPacket(timestamp_us=1, data=b"x"))
    with pytest.raises(ValueError, match="codec: 0"):
        codec_parameters_from_proto(media_pb2.CodecParameters(width=640, height=360))
    with pytest.raises(ValueError, match="frame_rate_den: 0 with frame_rate_num 25"):
        codec_parameters_from_proto(
            media_pb2.CodecParameters(codec=media_pb2.CODEC_H264, frame_rate_num=25)
        )
