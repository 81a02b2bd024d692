"""The one mapping between the media types (``packet.py``) and ``media.proto``.

The server's live and playback calls, the console's native-export player and the
tests all convert through here, so the wire form of a packet or of a track's codec
parameters cannot drift between them.

Invariants:
- ``CODECS_TO_PROTO`` and ``PACKET_KINDS_TO_PROTO`` map every member of ``Codec`` and
  ``PacketKind`` to a distinct wire value, and every wire value but ``*_UNSPECIFIED``
  back (tests/unit/test_media_proto_convert.py checks both ways). A ``PacketKind``'s
  number equals its wire number, as media.proto promises.
- ``*_from_proto(*_to_proto(x)) == x`` for every value of the domain types whose
  numbers fit the wire's int32 fields.
- An unknown frame rate is ``Fraction(0)`` here and ``0 / 0`` on the wire; a known one
  is sent in lowest terms (``Fraction`` keeps it so), with a denominator of at least 1.
- ``*_from_proto`` raise ValueError naming the field when a message holds what the
  domain types cannot: an unspecified or unknown codec or kind, a frame rate ``n / 0``.
"""

from __future__ import annotations

from fractions import Fraction

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.v1 import media_pb2

CODECS_TO_PROTO: dict[Codec, media_pb2.Codec] = {
    Codec.H264: media_pb2.CODEC_H264,
    Codec.H265: media_pb2.CODEC_H265,
    Codec.AAC: media_pb2.CODEC_AAC,
    Codec.PCMU: media_pb2.CODEC_PCMU,
    Codec.PCMA: media_pb2.CODEC_PCMA,
}
CODECS_FROM_PROTO: dict[int, Codec] = {wire: codec for codec, wire in CODECS_TO_PROTO.items()}
PACKET_KINDS_TO_PROTO: dict[PacketKind, media_pb2.PacketKind] = {
    PacketKind.VIDEO: media_pb2.PACKET_KIND_VIDEO,
    PacketKind.AUDIO: media_pb2.PACKET_KIND_AUDIO,
}
PACKET_KINDS_FROM_PROTO: dict[int, PacketKind] = {
    wire: kind for kind, wire in PACKET_KINDS_TO_PROTO.items()
}


def codec_from_proto(codec: int) -> Codec:
    """The domain codec of a wire ``Codec``; ValueError for unspecified or unknown."""
    try:
        return CODECS_FROM_PROTO[codec]
    except KeyError:
        raise ValueError(f"codec: {codec} is not a codec Vedette carries") from None


def packet_kind_from_proto(kind: int) -> PacketKind:
    """The domain kind of a wire ``PacketKind``; ValueError for unspecified or unknown."""
    try:
        return PACKET_KINDS_FROM_PROTO[kind]
    except KeyError:
        raise ValueError(f"kind: {kind} is neither video nor audio") from None


def codec_parameters_to_proto(params: CodecParameters) -> media_pb2.CodecParameters:
    """The wire form of a track's parameters (a segment header's, a live hub's)."""
    rate = params.frame_rate
    return media_pb2.CodecParameters(
        codec=CODECS_TO_PROTO[params.codec],
        extradata=params.extradata,
        width=params.width,
        height=params.height,
        frame_rate_num=rate.numerator if rate else 0,
        frame_rate_den=rate.denominator if rate else 0,
        sample_rate=params.sample_rate,
        channels=params.channels,
    )


def codec_parameters_from_proto(message: media_pb2.CodecParameters) -> CodecParameters:
    """The domain form of wire parameters; ValueError names a field that cannot be."""
    num, den = message.frame_rate_num, message.frame_rate_den
    if num and not den:
        raise ValueError(f"frame_rate_den: 0 with frame_rate_num {num}")
    return CodecParameters(
        codec=codec_from_proto(message.codec),
        extradata=message.extradata,
        width=message.width,
        height=message.height,
        frame_rate=Fraction(num, den) if num else Fraction(0),
        sample_rate=message.sample_rate,
        channels=message.channels,
    )


def packet_to_proto(packet: MediaPacket) -> media_pb2.MediaPacket:
    """The wire form of a packet; ``data`` is the payload unchanged."""
    return media_pb2.MediaPacket(
        kind=PACKET_KINDS_TO_PROTO[packet.kind],
        timestamp_us=packet.timestamp_us,
        duration_us=packet.duration_us,
        keyframe=packet.keyframe,
        data=packet.data,
    )


def packet_from_proto(message: media_pb2.MediaPacket) -> MediaPacket:
    """The domain form of a wire packet; ValueError when its kind is not set."""
    return MediaPacket(
        kind=packet_kind_from_proto(message.kind),
        timestamp_us=message.timestamp_us,
        duration_us=message.duration_us,
        keyframe=message.keyframe,
        data=message.data,
    )
