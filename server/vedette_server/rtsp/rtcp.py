"""RTCP (RFC 3550 section 6): the sender reports we send and the reports clients send us.

Owns the NTP timestamp format, building a compound SR + SDES CNAME packet, and parsing
compound RTCP packets.

Invariants:
- Wall-clock time is integer microseconds since the Unix epoch (as everywhere in Vedette);
  it becomes NTP 32.32 fixed point only here. ``unix_us_from_ntp(*ntp_from_unix_us(us))``
  returns ``us`` exactly (fraction is floored, converted back with rounding).
- Packets we build are whole 32-bit words with a correct length field (RFC 3550 6.4.1, 6.5).
- ``parse_rtcp`` never raises on any input: it returns the packets it could read before the
  first malformed one, and skips fields it cannot read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from vedette_api.timestamps import US_PER_S

PT_SR = 200
PT_RR = 201
PT_SDES = 202
PT_BYE = 203
PT_APP = 204

SDES_CNAME = 1

_NTP_UNIX_OFFSET_S = 2_208_988_800  # 1900-01-01 to 1970-01-01

_HEADER = struct.Struct("!BBH")
_SR = struct.Struct("!BBHIIIIII")
_SENDER_INFO = struct.Struct("!IIIII")
_REPORT_BLOCK = struct.Struct("!IIIIII")
_U32 = struct.Struct("!I")


@dataclass(frozen=True, slots=True)
class SenderInfo:
    """The sender info of an SR: one instant on both the NTP wall clock and the RTP clock."""

    ntp_seconds: int
    ntp_fraction: int
    rtp_timestamp: int
    packet_count: int
    octet_count: int

    @property
    def wall_us(self) -> int:
        return unix_us_from_ntp(self.ntp_seconds, self.ntp_fraction)


@dataclass(frozen=True, slots=True)
class ReportBlock:
    """Reception statistics about one source (RFC 3550 6.4.1)."""

    ssrc: int
    fraction_lost: int
    cumulative_lost: int
    highest_seq: int
    jitter: int
    last_sr: int
    delay_since_last_sr: int


@dataclass(frozen=True, slots=True)
class RtcpPacket:
    """One packet of a compound RTCP packet; fields a packet type lacks are None/empty.

    ``ssrc`` is the sender's SSRC (SR, RR), the first chunk's SSRC (SDES) or the first
    source (BYE); None when the packet is too short to hold one.
    """

    packet_type: int
    ssrc: int | None
    sender_info: SenderInfo | None = None
    report_blocks: tuple[ReportBlock, ...] = ()
    cname: str | None = None


def ntp_from_unix_us(us: int) -> tuple[int, int]:
    """(seconds, fraction) of the 64-bit NTP timestamp for ``us``; seconds wrap mod 2**32."""
    seconds, rem_us = divmod(us, US_PER_S)
    return (seconds + _NTP_UNIX_OFFSET_S) & 0xFFFFFFFF, (rem_us << 32) // US_PER_S


def unix_us_from_ntp(seconds: int, fraction: int) -> int:
    """Microseconds since the Unix epoch; seconds below 2**31 are NTP era 1 (2036 to 2104)."""
    if seconds < 0x80000000:
        seconds += 1 << 32
    return (seconds - _NTP_UNIX_OFFSET_S) * US_PER_S + ((fraction * US_PER_S + (1 << 31)) >> 32)


def build_sender_report(
    ssrc: int,
    wall_us: int,
    rtp_timestamp: int,
    packet_count: int,
    octet_count: int,
    cname: str,
) -> bytes:
    """A compound RTCP packet: SR without report blocks, then SDES with our CNAME.

    ``wall_us`` and ``rtp_timestamp`` must denote the same instant; counts are taken
    mod 2**32 as RFC 3550 says they wrap.
    """
    seconds, fraction = ntp_from_unix_us(wall_us)
    sr = _SR.pack(
        0x80,  # V=2, P=0, RC=0
        PT_SR,
        6,  # length in 32-bit words minus one
        ssrc & 0xFFFFFFFF,
        seconds,
        fraction,
        rtp_timestamp & 0xFFFFFFFF,
        packet_count & 0xFFFFFFFF,
        octet_count & 0xFFFFFFFF,
    )
    return sr + _sdes_cname(ssrc, cname)


def _sdes_cname(ssrc: int, cname: str) -> bytes:
    text = cname.encode("utf-8")
    if not 0 < len(text) <= 255:
        raise ValueError(f"cname must be 1..255 UTF-8 bytes, got {len(text)}")
    # Chunk: SSRC, CNAME item, then a null item ending the list, padded to a word (6.5).
    chunk = _U32.pack(ssrc & 0xFFFFFFFF) + bytes((SDES_CNAME, len(text))) + text + b"\x00"
    chunk += b"\x00" * (-len(chunk) % 4)
    return _HEADER.pack(0x81, PT_SDES, len(chunk) // 4) + chunk  # V=2, SC=1


def parse_rtcp(data: bytes) -> list[RtcpPacket]:
    """Parse a compound RTCP packet; never raises, stops at the first malformed packet."""
    packets: list[RtcpPacket] = []
    pos = 0
    n = len(data)
    while pos + 4 <= n:
        first, packet_type, length_words = _HEADER.unpack_from(data, pos)
        end = pos + 4 + 4 * length_words
        if first >> 6 != 2 or end > n:
            break
        # Padding (P bit) sits after every field we read, so it needs no handling.
        packets.append(_parse_packet(packet_type, first & 0x1F, data[pos + 4 : end]))
        pos = end
    return packets


def _parse_packet(packet_type: int, count: int, body: bytes) -> RtcpPacket:
    ssrc = _U32.unpack_from(body)[0] if len(body) >= 4 else None
    if packet_type == PT_SR:
        info = None
        if len(body) >= 24:
            info = SenderInfo(*_SENDER_INFO.unpack_from(body, 4))
        return RtcpPacket(packet_type, ssrc, info, _report_blocks(body, 24, count))
    if packet_type == PT_RR:
        return RtcpPacket(packet_type, ssrc, None, _report_blocks(body, 4, count))
    if packet_type == PT_SDES:
        return RtcpPacket(packet_type, ssrc, cname=_first_cname(body) if count else None)
    return RtcpPacket(packet_type, ssrc)


def _report_blocks(body: bytes, offset: int, count: int) -> tuple[ReportBlock, ...]:
    blocks = []
    for i in range(count):
        start = offset + 24 * i
        if start + 24 > len(body):
            break
        source, lost, highest, jitter, lsr, dlsr = _REPORT_BLOCK.unpack_from(body, start)
        cumulative = lost & 0xFFFFFF
        if cumulative & 0x800000:  # signed 24-bit
            cumulative -= 1 << 24
        blocks.append(ReportBlock(source, lost >> 24, cumulative, highest, jitter, lsr, dlsr))
    return tuple(blocks)


def _first_cname(body: bytes) -> str | None:
    """CNAME of the first SDES chunk, if it has one."""
    pos = 4
    while pos + 2 <= len(body) and body[pos] != 0:
        item_type, size = body[pos], body[pos + 1]
        value = body[pos + 2 : pos + 2 + size]
        if len(value) < size:
            return None
        if item_type == SDES_CNAME:
            return value.decode("utf-8", errors="replace")
        pos += 2 + size
    return None
