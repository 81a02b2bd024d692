"""Codec parameters of a camera stream: from PyAV's streams, and when they change in-band.

Owns the mapping from FFmpeg codec names to :class:`Codec` (what Vedette records
without transcoding) and the watch on in-band parameter sets: a camera that changes
resolution or profile sends new SPS/PPS (VPS) in a keyframe, and the recorder must
start a new segment whose header carries them.

Invariants: video extradata is always Annex B (SPS and PPS, VPS first for H.265), as
``CodecParameters`` requires; a keyframe without in-band parameter sets never counts
as a change.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from fractions import Fraction
from typing import Any

import av

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.media.annexb import (
    avcc_parameter_sets,
    h264_nal_type,
    h265_nal_type,
    hvcc_parameter_sets,
    iter_nal_units,
    join_nal_units,
)

log = logging.getLogger(__name__)

VIDEO_CODECS = {"h264": Codec.H264, "hevc": Codec.H265}
AUDIO_CODECS = {"aac": Codec.AAC, "pcm_mulaw": Codec.PCMU, "pcm_alaw": Codec.PCMA}
_H264_PARAMETER_SETS = {7, 8}  # SPS, PPS
_H265_PARAMETER_SETS = {32, 33, 34}  # VPS, SPS, PPS
_H264_FIRST_VCL, _H264_LAST_VCL = 1, 5
_H265_LAST_VCL = 31


def parameter_sets(codec: Codec, data: bytes) -> tuple[bytes, ...]:
    """The parameter-set NAL units at the front of an Annex B access unit, in order."""
    found = []
    for nal in iter_nal_units(data):
        if not nal:
            continue
        if codec == Codec.H264:
            nal_type = h264_nal_type(nal)
            if nal_type in _H264_PARAMETER_SETS:
                found.append(nal)
            elif _H264_FIRST_VCL <= nal_type <= _H264_LAST_VCL:
                break
        else:
            nal_type = h265_nal_type(nal)
            if nal_type in _H265_PARAMETER_SETS:
                found.append(nal)
            elif nal_type <= _H265_LAST_VCL:
                break
    return tuple(found)


def annexb_extradata(codec: Codec, extradata: bytes) -> bytes:
    """Extradata in Annex B form, whatever form the demuxer gave (AVCC/HVCC or Annex B)."""
    if not extradata:
        return b""
    if extradata[0] == 1 and not extradata.startswith(b"\x00\x00"):
        units = (
            avcc_parameter_sets(extradata)
            if codec == Codec.H264
            else hvcc_parameter_sets(extradata)
        )
        return join_nal_units(units)
    return join_nal_units(list(parameter_sets(codec, extradata)))


def video_parameters(stream: Any) -> CodecParameters:
    """CodecParameters of a PyAV video stream (whose codec is in ``VIDEO_CODECS``)."""
    context = stream.codec_context
    codec = VIDEO_CODECS[context.name]
    rate = stream.average_rate or stream.guessed_rate or 0
    return CodecParameters(
        codec=codec,
        extradata=annexb_extradata(codec, bytes(context.extradata or b"")),
        width=int(context.width or 0),
        height=int(context.height or 0),
        frame_rate=Fraction(rate).limit_denominator(1001 * 120),
    )


def audio_parameters(stream: Any) -> CodecParameters:
    """CodecParameters of a PyAV audio stream (whose codec is in ``AUDIO_CODECS``)."""
    context = stream.codec_context
    codec = AUDIO_CODECS[context.name]
    return CodecParameters(
        codec=codec,
        extradata=bytes(context.extradata or b"") if codec == Codec.AAC else b"",
        sample_rate=int(context.sample_rate or 0),
        channels=int(context.channels or 0),
    )


def decoded_size(codec: Codec, extradata: bytes, keyframe: bytes) -> tuple[int, int] | None:
    """Width and height of a keyframe, decoded (blocking, once per codec change)."""
    try:
        context = av.CodecContext.create("h264" if codec == Codec.H264 else "hevc", "r")
        packet = av.Packet(extradata + keyframe)
        frames = list(context.decode(packet)) + list(context.decode(None))
    except av.FFmpegError as e:
        log.info("could not decode a keyframe to learn its size: %s", e)
        return None
    return (frames[0].width, frames[0].height) if frames else None


class ParameterSetWatch:
    """Notices a video stream's in-band parameter sets differing from its current ones."""

    def __init__(self, params: CodecParameters) -> None:
        self.params = params
        self._sets = parameter_sets(params.codec, params.extradata)
        self._size_tried = False

    def check(self, keyframe: bytes) -> CodecParameters | None:
        """New parameters when this keyframe carries different parameter sets (or
        shows the size the demuxer could not tell), else None."""
        sets = parameter_sets(self.params.codec, keyframe)
        unsized = self.params.width == 0 and not self._size_tried
        if (not sets or sets == self._sets) and not unsized:
            return None
        self._size_tried = True
        if sets:
            self._sets = sets
        extradata = join_nal_units(list(self._sets)) if self._sets else self.params.extradata
        size = decoded_size(self.params.codec, extradata, keyframe)
        width, height = size if size is not None else (self.params.width, self.params.height)
        params = replace(self.params, extradata=extradata, width=width, height=height)
        if params == self.params:
            return None
        self.params = params
        return params
