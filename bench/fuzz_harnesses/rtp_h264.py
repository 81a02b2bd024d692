"""H.264 over RTP (RFC 6184: single NAL, STAP-A, FU-A; the rest counted and skipped),
then what the native source does with a keyframe when the SDP had no parameter sets:
its in-band SPS and PPS (``in_band_parameters``, the SPS parser).

Expected: nothing raises ("malformed packets never raise", depacketize.py; the SPS
parsers never raise, media/sps.py).
"""

from __future__ import annotations

from fuzz_harnesses._rtp import depacketize
from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.ingest.sdp_codecs import in_band_parameters
from vedette_server.rtsp.depacketize import H264Depacketizer

MAX_LEN = 16384
"""Longest input: a keyframe spans a few packets; a segment a few frames."""

_PARAMS = CodecParameters(codec=Codec.H264)


def run(data: bytes) -> None:
    for _, _, _, keyframe, unit in depacketize(data, 96, lambda out: H264Depacketizer(0, 96, out)):
        if keyframe:
            in_band_parameters(_PARAMS, unit)
