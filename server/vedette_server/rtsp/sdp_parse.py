"""Reading a camera's SDP (RFC 8866) as an RTSP client: its media sections and formats.

Owns what the native RTSP source needs from a DESCRIBE answer: per media section the
media type, the first payload type with its ``a=rtpmap`` (encoding, clock rate,
channels) and ``a=fmtp`` parameters, ``a=control`` and ``a=framerate``; and the
session-level ``a=control``.

Invariants: ``parse_sdp`` never raises on any text; lines it cannot read are skipped.
Encoding names are upper-cased and fmtp parameter names lower-cased (both are
case-insensitive); static payload types (RFC 3551) without an rtpmap get their
table's encoding and clock rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

# RFC 3551 table 4/5 entries a camera may send without a=rtpmap.
_STATIC_PAYLOAD_TYPES = {
    0: ("PCMU", 8000, 1),
    8: ("PCMA", 8000, 1),
    14: ("MPA", 90000, 1),
    26: ("JPEG", 90000, 1),
    32: ("MPV", 90000, 1),
    33: ("MP2T", 90000, 1),
}
# A frame rate as cameras write it: 25, 29.97, 30000/1001. Not Fraction's whole syntax:
# "1e1000000" would have it build a million-digit number (seconds of CPU per DESCRIBE).
_FRAME_RATE_RE = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?(?:/[0-9]{1,9})?")


def decimal(text: str, max_digits: int = 9) -> int | None:
    """``text`` as an integer when it is 1 to ``max_digits`` ASCII digits, else None.

    Not ``str.isdigit`` then ``int``: isdigit accepts "¹" (which int refuses) and
    int refuses over 4300 digits, so a camera's SDP could raise where none is expected.
    """
    if not 0 < len(text) <= max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)


@dataclass(frozen=True, slots=True)
class MediaDescription:
    """One ``m=`` section, reduced to its first payload format."""

    media: str  # "video", "audio", …
    payload_type: int
    encoding: str  # upper case: "H264", "H265", "MPEG4-GENERIC", "PCMU", …
    clock_rate: int
    channels: int = 1
    fmtp: dict[str, str] = field(default_factory=dict)
    control: str = ""
    frame_rate: Fraction = Fraction(0)


@dataclass(frozen=True, slots=True)
class SessionDescription:
    control: str = ""
    media: tuple[MediaDescription, ...] = ()


@dataclass
class _Section:
    media: str
    payload_types: list[int]
    rtpmap: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    fmtp: dict[int, dict[str, str]] = field(default_factory=dict)
    control: str = ""
    frame_rate: Fraction = Fraction(0)


def parse_fmtp_parameters(text: str) -> dict[str, str]:
    """``a=fmtp`` parameters ``name=value;…`` (names lower-cased, values kept)."""
    params: dict[str, str] = {}
    for item in text.split(";"):
        name, sep, value = item.strip().partition("=")
        if name:
            params[name.strip().lower()] = value.strip() if sep else ""
    return params


def _parse_rtpmap(value: str) -> tuple[int, tuple[str, int, int]] | None:
    pt_text, _, spec = value.strip().partition(" ")
    parts = spec.strip().split("/")
    try:
        pt = int(pt_text)
        rate = int(parts[1]) if len(parts) > 1 else 0
        channels = int(parts[2]) if len(parts) > 2 and parts[2] else 1
    except ValueError:
        return None
    return pt, (parts[0].upper(), rate, channels)


def _parse_frame_rate(value: str) -> Fraction:
    """``a=framerate``; the NTSC-style decimals (29.97, 59.94, 23.976) mean n × 1000/1001."""
    text = value.strip()
    if not _FRAME_RATE_RE.fullmatch(text):
        return Fraction(0)
    try:
        rate = Fraction(text)
    except (ZeroDivisionError, ValueError):  # "30/0"; "0.3/7", which Fraction refuses
        return Fraction(0)
    if rate <= 0:
        return Fraction(0)
    ntsc = rate * 1001 / 1000
    if rate.denominator != 1 and abs(ntsc - round(ntsc)) < Fraction(1, 100):
        return Fraction(round(ntsc) * 1000, 1001)
    return rate.limit_denominator(1001 * 120)


def _attribute(section: _Section, name: str, value: str) -> None:
    if name == "rtpmap":
        parsed = _parse_rtpmap(value)
        if parsed is not None:
            section.rtpmap[parsed[0]] = parsed[1]
    elif name == "fmtp":
        pt_text, _, params = value.strip().partition(" ")
        pt = decimal(pt_text)
        if pt is not None:
            section.fmtp[pt] = parse_fmtp_parameters(params)
    elif name == "control":
        section.control = value.strip()
    elif name == "framerate":
        section.frame_rate = _parse_frame_rate(value)


def _describe(section: _Section) -> MediaDescription | None:
    for pt in section.payload_types:
        mapped = section.rtpmap.get(pt) or _STATIC_PAYLOAD_TYPES.get(pt)
        if mapped is None:
            continue
        encoding, rate, channels = mapped
        return MediaDescription(
            media=section.media,
            payload_type=pt,
            encoding=encoding,
            clock_rate=rate,
            channels=channels,
            fmtp=section.fmtp.get(pt, {}),
            control=section.control,
            frame_rate=section.frame_rate,
        )
    return None


def parse_sdp(text: str) -> SessionDescription:
    """The session-level control and the media sections that name a known format."""
    session_control = ""
    sections: list[_Section] = []
    for raw in text.splitlines():
        line = raw.strip()
        if len(line) < 2 or line[1] != "=":
            continue
        kind, value = line[0], line[2:]
        if kind == "m":
            fields = value.split()
            pts = [pt for pt in map(decimal, fields[3:]) if pt is not None]
            sections.append(_Section(fields[0].lower() if fields else "", pts))
        elif kind == "a":
            name, _, attr_value = value.partition(":")
            if sections:
                _attribute(sections[-1], name.strip().lower(), attr_value)
            elif name.strip().lower() == "control":
                session_control = attr_value.strip()
    media = tuple(d for d in map(_describe, sections) if d is not None)
    return SessionDescription(session_control, media)
