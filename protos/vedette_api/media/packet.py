"""The one packet type that travels camera → disk → playback → console.

Invariants:
- ``timestamp_us`` is wall-clock time, integer microseconds since the Unix epoch (UTC).
- ``data`` is the payload exactly as the camera sent it: H.264/H.265 access units in
  Annex B form (start codes), AAC as raw frames (no ADTS), G.711 as raw samples.
- Packets of one track (the video or the audio of a stream) never go backwards in
  ``timestamp_us``; across tracks they are in arrival order.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from fractions import Fraction


class PacketKind(enum.IntEnum):
    """What a packet carries; the values are the record kinds of the storage format."""

    VIDEO = 1
    AUDIO = 2


class Codec(enum.Enum):
    """Codecs Vedette records and serves without transcoding."""

    H264 = "h264"
    H265 = "h265"
    AAC = "aac"
    PCMU = "pcmu"
    PCMA = "pcma"

    @property
    def is_video(self) -> bool:
        return self in (Codec.H264, Codec.H265)


@dataclass(frozen=True, slots=True)
class CodecParameters:
    """Everything a decoder needs before the first packet of a track.

    ``extradata`` holds, for H.264, the SPS and PPS NAL units in Annex B form; for
    H.265 the VPS, SPS and PPS in Annex B form; for AAC the AudioSpecificConfig;
    nothing for G.711.
    """

    codec: Codec
    extradata: bytes = b""
    width: int = 0
    height: int = 0
    frame_rate: Fraction = Fraction(0)
    sample_rate: int = 0
    channels: int = 0

    @property
    def kind(self) -> PacketKind:
        return PacketKind.VIDEO if self.codec.is_video else PacketKind.AUDIO


@dataclass(frozen=True, slots=True)
class MediaPacket:
    """One access unit (video frame) or audio frame with its wall-clock time."""

    kind: PacketKind
    timestamp_us: int
    duration_us: int
    keyframe: bool
    data: bytes = field(repr=False)
