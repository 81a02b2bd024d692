"""The SDP (RFC 8866, formerly 4566) session description our RTSP server answers DESCRIBE with.

Owns the layout of a live session: session-level lines, then one media section per track
whose payload format lines come from the track's ``Payloader``.

Invariants:
- Lines end with CRLF, including the last one; no line contains a bare CR or LF.
- Media sections use port 0 and ``RTP/AVP`` (RTSP SETUP negotiates the transport) and
  appear in the order of ``tracks``; each carries its own ``a=control``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

from vedette_server.rtsp.rtp import Payloader

_NTP_UNIX_OFFSET_S = 2_208_988_800


@dataclass(frozen=True, slots=True)
class SdpTrack:
    """One media section: its RTSP control URL (relative or absolute) and payload format."""

    control: str
    payloader: Payloader
    frame_rate: Fraction | None = None


def build_sdp(
    session_name: str,
    tracks: list[SdpTrack],
    origin_address: str = "127.0.0.1",
    session_id: int | None = None,
) -> str:
    """The SDP text of a live session with ``tracks``.

    ``session_id`` goes into ``o=`` as both session id and version; by default it is the
    current NTP time in seconds, as RFC 8866 5.2 suggests.
    """
    if session_id is None:
        session_id = int(time.time()) + _NTP_UNIX_OFFSET_S
    address_type = "IP6" if ":" in origin_address else "IP4"
    lines = [
        "v=0",
        f"o=- {session_id} {session_id} IN {address_type} {origin_address}",
        f"s={session_name or '-'}",
        "c=IN IP4 0.0.0.0",
        "t=0 0",
        "a=tool:vedette",
        "a=range:npt=now-",
        "a=control:*",
    ]
    for track in tracks:
        payloader = track.payloader
        lines.append(f"m={payloader.media} 0 RTP/AVP {payloader.payload_type}")
        lines.extend(f"a={attribute}" for attribute in payloader.sdp_attributes())
        if track.frame_rate:
            lines.append(f"a=framerate:{_decimal(track.frame_rate)}")
        lines.append(f"a=control:{track.control}")
    for line in lines:
        if "\r" in line or "\n" in line:
            raise ValueError(f"SDP line {line!r} contains a line break")
    return "\r\n".join(lines) + "\r\n"


def _decimal(rate: Fraction) -> str:
    """``25`` for 25/1, ``29.97`` for 30000/1001: at most 3 decimals, no trailing zeros."""
    return f"{float(rate):.3f}".rstrip("0").rstrip(".")
