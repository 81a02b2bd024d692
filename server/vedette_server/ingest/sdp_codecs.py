"""Codec parameters and depacketizers of a camera's tracks, from its SDP (native RTSP source).

Owns the mapping from SDP payload formats to what Vedette records:

- H.264 (RFC 6184 ``sprop-parameter-sets``) and H.265 (RFC 7798 ``sprop-vps``,
  ``sprop-sps``, ``sprop-pps``, ``sprop-max-don-diff``): extradata is the parameter
  sets in Annex B form (VPS, SPS, PPS for H.265), width, height and frame rate come
  from the SPS (media/sps.py), else the frame rate from ``a=framerate``.
- AAC (RFC 3640 ``mpeg4-generic``, ``config=`` AudioSpecificConfig in hex, AU-header
  lengths) and G.711 (PCMU/PCMA), with the rtpmap's clock rate and channels.

Invariants: a video track without parameter sets in the SDP gets empty extradata
and size 0 (the source then takes them from the first keyframe, see
:func:`with_parameter_sets`); names of codecs we do not record are given as FFmpeg
names them, so messages read the same whichever RTSP client is used.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import replace

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.ingest.codec_params import parameter_sets
from vedette_server.ingest.messages import OfflineReason
from vedette_server.ingest.source import SourceError
from vedette_server.media.annexb import h264_nal_type, h265_nal_type, join_nal_units
from vedette_server.media.sps import parse_h264_sps, parse_h265_sps
from vedette_server.rtsp.depacketize import (
    AacDepacketizer,
    AccessUnit,
    Depacketizer,
    G711Depacketizer,
    H264Depacketizer,
    H265Depacketizer,
)
from vedette_server.rtsp.sdp_parse import MediaDescription, decimal

VIDEO_ENCODINGS = {"H264": Codec.H264, "H265": Codec.H265}
AUDIO_ENCODINGS = {"MPEG4-GENERIC": Codec.AAC, "PCMU": Codec.PCMU, "PCMA": Codec.PCMA}
_FFMPEG_NAMES = {"JPEG": "mjpeg", "MP4V-ES": "mpeg4", "H263-1998": "h263", "MPV": "mpeg2video"}
_AAC_MODES = {"aac-hbr", "aac-lbr"}


def _b64_units(value: str) -> list[bytes]:
    units = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            units.append(base64.b64decode(item + "=" * (-len(item) % 4)))
        except (binascii.Error, ValueError):
            continue
    return [u for u in units if u]


def _sdp_parameter_sets(codec: Codec, fmtp: dict[str, str]) -> list[bytes]:
    """Parameter sets of the fmtp, in the order extradata wants them."""
    if codec == Codec.H264:
        units = _b64_units(fmtp.get("sprop-parameter-sets", ""))
        return sorted((u for u in units if h264_nal_type(u) in (7, 8)), key=h264_nal_type)
    units = []
    for name in ("sprop-vps", "sprop-sps", "sprop-pps"):
        units += _b64_units(fmtp.get(name, ""))
    return sorted((u for u in units if h265_nal_type(u) in (32, 33, 34)), key=h265_nal_type)


def with_parameter_sets(
    params: CodecParameters, units: list[bytes] | tuple[bytes, ...]
) -> CodecParameters:
    """``params`` with these parameter sets as extradata, and the size and rate of their SPS."""
    if params.codec == Codec.H264:
        sps = next((u for u in units if h264_nal_type(u) == 7), None)
        info = parse_h264_sps(sps) if sps else None
    else:
        sps = next((u for u in units if h265_nal_type(u) == 33), None)
        info = parse_h265_sps(sps) if sps else None
    params = replace(params, extradata=join_nal_units(list(units)))
    if info is None:
        return params
    return replace(
        params,
        width=info.width,
        height=info.height,
        frame_rate=info.frame_rate or params.frame_rate,
    )


def video_parameters(media: MediaDescription) -> CodecParameters:
    """The video track's parameters; SourceError(unsupported_codec) unless H.264/H.265."""
    codec = VIDEO_ENCODINGS.get(media.encoding)
    if codec is None:
        name = _FFMPEG_NAMES.get(media.encoding, media.encoding.lower())
        raise SourceError(
            OfflineReason.UNSUPPORTED_CODEC,
            f"video codec {name!r} is not recorded (H.264 and H.265 are)",
        )
    params = CodecParameters(codec=codec, frame_rate=media.frame_rate)
    units = _sdp_parameter_sets(codec, media.fmtp)
    return with_parameter_sets(params, units) if units else params


def in_band_parameters(params: CodecParameters, keyframe: bytes) -> CodecParameters | None:
    """``params`` completed from a keyframe's in-band parameter sets, if it has an SPS."""
    units = parameter_sets(params.codec, keyframe)
    sps_type = 7 if params.codec == Codec.H264 else 33
    nal_type = h264_nal_type if params.codec == Codec.H264 else h265_nal_type
    if not any(nal_type(u) == sps_type for u in units):
        return None
    return with_parameter_sets(params, units)


def _aac_frame_samples(config: bytes) -> int:
    """1024, or 960 when the AudioSpecificConfig's frameLengthFlag says so (AAC-LC)."""
    bits = int.from_bytes(config[:8].ljust(8, b"\x00"), "big")
    pos = 64 - 5
    object_type = bits >> pos & 0x1F
    if object_type == 31:
        pos -= 6
    pos -= 4
    if bits >> pos & 0xF == 15:
        pos -= 24
    pos -= 4 + 1  # channel configuration, then frameLengthFlag
    return 960 if object_type in (1, 2, 3, 4, 6, 7) and bits >> pos & 1 else 1024


def audio_parameters(media: MediaDescription) -> CodecParameters | None:
    """The parameters of an audio track we record, or None for one we do not."""
    codec = AUDIO_ENCODINGS.get(media.encoding)
    if codec is None or media.clock_rate <= 0:
        return None
    if codec != Codec.AAC:
        return CodecParameters(codec, sample_rate=media.clock_rate, channels=media.channels)
    fmtp = media.fmtp
    try:
        config = bytes.fromhex(fmtp.get("config", ""))
    except ValueError:
        return None
    if len(config) < 2 or fmtp.get("mode", "").lower() not in _AAC_MODES:
        return None
    if decimal(fmtp.get("sizelength", "")) is None:
        return None
    return CodecParameters(
        Codec.AAC, extradata=config, sample_rate=media.clock_rate, channels=media.channels
    )


def depacketizer(
    media: MediaDescription, params: CodecParameters, track: int, out: list[AccessUnit]
) -> Depacketizer:
    """The depacketizer of a track whose parameters came from ``media``."""
    pt = media.payload_type
    fmtp = media.fmtp
    if params.codec == Codec.H264:
        return H264Depacketizer(track, pt, out)
    if params.codec == Codec.H265:
        don_diff = decimal(fmtp.get("sprop-max-don-diff", "0"))
        return H265Depacketizer(track, pt, out, donl=bool(don_diff))
    if params.codec == Codec.AAC:

        def length(name: str) -> int:
            return decimal(fmtp.get(name, "0")) or 0

        return AacDepacketizer(
            track,
            pt,
            out,
            size_length=length("sizelength"),
            index_length=length("indexlength"),
            index_delta_length=length("indexdeltalength"),
            frame_samples=_aac_frame_samples(params.extradata),
        )
    return G711Depacketizer(track, pt, out, channels=params.channels)
