"""G.711 over RTP (RFC 3551 PCMU, mono or stereo by the input's first byte, bit 1).

Expected: nothing raises (depacketize.py).
"""

from __future__ import annotations

from fuzz_harnesses._rtp import depacketize
from vedette_server.rtsp.depacketize import G711Depacketizer


def run(data: bytes) -> None:
    channels = 2 if data[:1] and data[0] & 2 else 1
    depacketize(data, 0, lambda out: G711Depacketizer(1, 0, out, channels=channels))
