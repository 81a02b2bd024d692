"""H.265 over RTP (RFC 7798: single NAL, aggregation, fragmentation units, with or
without DONL), then the keyframes' in-band VPS/SPS/PPS (``in_band_parameters``).

Expected: nothing raises (depacketize.py, media/sps.py). An input's first byte also
chooses DONL (``sprop-max-don-diff`` > 0): bit 1.
"""

from __future__ import annotations

from fuzz_harnesses._rtp import depacketize
from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.ingest.sdp_codecs import in_band_parameters
from vedette_server.rtsp.depacketize import H265Depacketizer

MAX_LEN = 16384
"""Longest input: a keyframe spans a few packets; a segment a few frames."""

_PARAMS = CodecParameters(codec=Codec.H265)


def run(data: bytes) -> None:
    donl = bool(data[:1]) and bool(data[0] & 2)
    units = depacketize(data, 96, lambda out: H265Depacketizer(0, 96, out, donl=donl))
    for _, _, _, keyframe, unit in units:
        if keyframe:
            in_band_parameters(_PARAMS, unit)
