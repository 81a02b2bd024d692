"""AAC over RTP (RFC 3640 mpeg4-generic: AU-header section, several AUs per packet or
one AU over several packets), with the AU-header lengths of AAC-hbr, AAC-lbr or an
unusual camera's, chosen by the input's first byte (bits 1-2).

Expected: nothing raises once the depacketizer is made (depacketize.py).
"""

from __future__ import annotations

from fuzz_harnesses._rtp import depacketize
from vedette_server.rtsp.depacketize import AacDepacketizer

# (sizelength, indexlength, indexdeltalength): AAC-hbr, AAC-lbr, no index, 1-bit sizes.
_LAYOUTS = ((13, 3, 3), (6, 2, 2), (16, 0, 0), (1, 7, 0))


def run(data: bytes) -> None:
    size, index, delta = _LAYOUTS[(data[0] >> 1) % 4 if data else 0]
    depacketize(
        data,
        97,
        lambda out: AacDepacketizer(
            1, 97, out, size_length=size, index_length=index, index_delta_length=delta
        ),
    )
