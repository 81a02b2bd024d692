"""A receiver-side RTP depacketizer used only by tests, to check what the server sends.

Written from the RFCs (3550 RTP header, 6184 H.264, 7798 H.265, 3640 MPEG4-GENERIC,
3551 G.711) without looking at ``vedette_server.rtsp.rtp``, so that a round trip through
both is evidence and not an echo. It accepts more than our server produces (CSRCs, header
extensions, padding, STAP-A, H.265 aggregation packets, several AUs per AAC packet).

Invariants:
- A video access unit is the NAL units of consecutive packets sharing one RTP timestamp;
  the marker bit closes it, and so does a packet with another timestamp (``complete`` is
  then False).
- A sequence gap marks the access unit / fragment it hits as incomplete and is recorded in
  ``gaps`` as ``(expected, received)``; malformed payloads are recorded in ``errors``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

_FIXED_HEADER = struct.Struct("!BBHII")


class RtpFormatError(ValueError):
    """The bytes are not a well-formed RTP packet."""


@dataclass(frozen=True)
class RtpPacket:
    """A parsed RTP packet; ``payload`` excludes CSRCs, the extension and padding."""

    version: int
    marker: bool
    payload_type: int
    sequence_number: int
    timestamp: int
    ssrc: int
    csrcs: tuple[int, ...]
    extension_profile: int | None
    extension_data: bytes
    padding_size: int
    payload: bytes


def parse_rtp_packet(data: bytes) -> RtpPacket:
    """Parse one RTP packet (RFC 3550 5.1, 5.3.1); raises RtpFormatError when malformed."""
    if len(data) < 12:
        raise RtpFormatError(f"{len(data)} bytes is shorter than the fixed RTP header")
    first, second, sequence_number, timestamp, ssrc = _FIXED_HEADER.unpack_from(data)
    version = first >> 6
    if version != 2:
        raise RtpFormatError(f"RTP version {version}")
    offset = 12
    csrc_count = first & 0x0F
    if len(data) < offset + 4 * csrc_count:
        raise RtpFormatError(f"truncated CSRC list of {csrc_count}")
    csrcs = struct.unpack_from(f"!{csrc_count}I", data, offset)
    offset += 4 * csrc_count
    extension_profile = None
    extension_data = b""
    if first & 0x10:
        if len(data) < offset + 4:
            raise RtpFormatError("truncated header extension")
        extension_profile, words = struct.unpack_from("!HH", data, offset)
        extension_data = data[offset + 4 : offset + 4 + 4 * words]
        if len(extension_data) != 4 * words:
            raise RtpFormatError(f"header extension of {words} words is truncated")
        offset += 4 + 4 * words
    end = len(data)
    padding_size = 0
    if first & 0x20:
        padding_size = data[-1]
        if padding_size == 0 or padding_size > end - offset:
            raise RtpFormatError(f"bad padding count {padding_size}")
        end -= padding_size
    return RtpPacket(
        version=version,
        marker=bool(second & 0x80),
        payload_type=second & 0x7F,
        sequence_number=sequence_number,
        timestamp=timestamp,
        ssrc=ssrc,
        csrcs=tuple(csrcs),
        extension_profile=extension_profile,
        extension_data=extension_data,
        padding_size=padding_size,
        payload=data[offset:end],
    )


@dataclass
class AccessUnit:
    """The NAL units (no start codes) received for one RTP timestamp."""

    rtp_timestamp: int
    nal_units: list[bytes] = field(default_factory=list)
    complete: bool = True

    @property
    def annexb(self) -> bytes:
        return b"".join(b"\x00\x00\x00\x01" + nal for nal in self.nal_units)


@dataclass(frozen=True)
class AudioFrame:
    """One audio access unit (AAC) or one packet of samples (G.711)."""

    rtp_timestamp: int
    data: bytes


class _Receiver:
    """Sequence-number bookkeeping shared by every depacketizer."""

    def __init__(self) -> None:
        self.gaps: list[tuple[int, int]] = []
        self.errors: list[str] = []
        self.ssrcs: list[int] = []
        self._expected_seq: int | None = None

    def feed(self, raw_packets: Iterable[bytes]) -> None:
        """Parse and push every packet, then flush what is pending."""
        for raw in raw_packets:
            self.push(parse_rtp_packet(raw))
        self.flush()

    def push(self, packet: RtpPacket) -> None:
        if packet.ssrc not in self.ssrcs:
            self.ssrcs.append(packet.ssrc)
        lost = self._expected_seq is not None and packet.sequence_number != self._expected_seq
        if lost:
            assert self._expected_seq is not None
            self.gaps.append((self._expected_seq, packet.sequence_number))
        self._expected_seq = (packet.sequence_number + 1) % 65536
        self._receive(packet, lost)

    def _receive(self, packet: RtpPacket, lost: bool) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """End of stream: close whatever is pending."""


class _VideoDepacketizer(_Receiver):
    """Groups NAL units into access units; subclasses unpack their payload formats."""

    def __init__(self) -> None:
        super().__init__()
        self.access_units: list[AccessUnit] = []
        self._current: AccessUnit | None = None
        self._fragment: bytearray | None = None

    def _receive(self, packet: RtpPacket, lost: bool) -> None:
        current = self._current
        if current is not None and current.rtp_timestamp != packet.timestamp:
            self._close(complete=False)  # its last packet (with the marker) never came
            current = None
        if current is None:
            current = self._current = AccessUnit(packet.timestamp)
        if lost:
            current.complete = False
            self._fragment = None
        self._unpack(packet.payload)
        if packet.marker:
            self._close(complete=True)

    def _close(self, complete: bool) -> None:
        assert self._current is not None
        if self._fragment is not None:
            self.errors.append("access unit ended inside a fragmented NAL unit")
            self._fragment = None
            complete = False
        self._current.complete = self._current.complete and complete
        self.access_units.append(self._current)
        self._current = None

    def flush(self) -> None:
        if self._current is not None:
            self._close(complete=False)

    def _emit(self, nal: bytes) -> None:
        assert self._current is not None
        self._current.nal_units.append(nal)

    def _unpack(self, payload: bytes) -> None:
        raise NotImplementedError

    def _aggregate(self, payload: bytes, offset: int) -> None:
        """NAL units of an aggregation packet: repeated 16-bit size + NAL unit."""
        while offset < len(payload):
            if offset + 2 > len(payload):
                self.errors.append("aggregation packet ends inside a size field")
                return
            size = int.from_bytes(payload[offset : offset + 2], "big")
            nal = payload[offset + 2 : offset + 2 + size]
            if size == 0 or len(nal) != size:
                self.errors.append(f"aggregation packet unit of size {size} is truncated")
                return
            self._emit(nal)
            offset += 2 + size

    def _fragment_part(self, start: bool, end: bool, header: bytes, data: bytes) -> None:
        """One fragmentation unit; ``header`` is the rebuilt NAL unit header."""
        if start and end:
            self.errors.append("fragmentation unit with both start and end bits")
            return
        if start:
            if self._fragment is not None:
                self.errors.append("fragmented NAL unit restarted before its end")
            self._fragment = bytearray(header)
        elif self._fragment is None:
            if self._current is not None and self._current.complete:
                self.errors.append("fragmentation unit continues a NAL unit never started")
            return  # otherwise its start was lost, which is already counted as a gap
        self._fragment += data
        if end:
            self._emit(bytes(self._fragment))
            self._fragment = None


class H264Depacketizer(_VideoDepacketizer):
    """RFC 6184 non-interleaved mode: single NAL unit (1-23), STAP-A (24), FU-A (28)."""

    def _unpack(self, payload: bytes) -> None:
        if not payload:
            self.errors.append("empty H.264 payload")
            return
        nal_type = payload[0] & 0x1F
        if 1 <= nal_type <= 23:
            self._emit(payload)
        elif nal_type == 24:
            self._aggregate(payload, 1)
        elif nal_type == 28:
            if len(payload) < 3:
                self.errors.append("FU-A shorter than 3 bytes")
                return
            indicator, fu_header = payload[0], payload[1]
            header = bytes(((indicator & 0xE0) | (fu_header & 0x1F),))
            self._fragment_part(bool(fu_header & 0x80), bool(fu_header & 0x40), header, payload[2:])
        else:
            self.errors.append(f"unsupported H.264 payload type {nal_type}")


class H265Depacketizer(_VideoDepacketizer):
    """RFC 7798 without DONL: single NAL unit (0-47), AP (48), FU (49)."""

    def _unpack(self, payload: bytes) -> None:
        if len(payload) < 2:
            self.errors.append("H.265 payload shorter than its header")
            return
        nal_type = (payload[0] >> 1) & 0x3F
        if nal_type < 48:
            self._emit(payload)
        elif nal_type == 48:
            self._aggregate(payload, 2)
        elif nal_type == 49:
            if len(payload) < 4:
                self.errors.append("FU shorter than 4 bytes")
                return
            fu_header = payload[2]
            header = bytes(((payload[0] & 0x81) | ((fu_header & 0x3F) << 1), payload[1]))
            self._fragment_part(bool(fu_header & 0x80), bool(fu_header & 0x40), header, payload[3:])
        else:
            self.errors.append(f"unsupported H.265 payload type {nal_type}")


class Mpeg4GenericDepacketizer(_Receiver):
    """RFC 3640 AU-header based modes (AAC-hbr: sizelength 13, indexlength 3)."""

    def __init__(
        self,
        size_length: int = 13,
        index_length: int = 3,
        index_delta_length: int = 3,
        samples_per_au: int = 1024,
    ) -> None:
        super().__init__()
        self.size_length = size_length
        self.index_length = index_length
        self.index_delta_length = index_delta_length
        self.samples_per_au = samples_per_au
        self.frames: list[AudioFrame] = []
        self._fragment: bytearray | None = None
        self._fragment_size = 0

    def _receive(self, packet: RtpPacket, lost: bool) -> None:
        if lost:
            self._fragment = None
        payload = packet.payload
        if len(payload) < 2:
            self.errors.append("MPEG4-GENERIC payload without AU-headers-length")
            return
        headers_bits = int.from_bytes(payload[:2], "big")
        headers_end = 2 + (headers_bits + 7) // 8
        if headers_end > len(payload):
            self.errors.append(f"AU-headers-length {headers_bits} exceeds the payload")
            return
        sizes = self._au_sizes(payload[2:headers_end], headers_bits)
        data = payload[headers_end:]
        if self._fragment is not None or (len(sizes) == 1 and sizes[0] > len(data)):
            self._receive_fragment(packet, sizes, data)
            return
        if sum(sizes) != len(data):
            self.errors.append(f"AU sizes {sizes} do not add up to {len(data)} data bytes")
            return
        offset = 0
        for i, size in enumerate(sizes):
            timestamp = (packet.timestamp + i * self.samples_per_au) % (1 << 32)
            self.frames.append(AudioFrame(timestamp, data[offset : offset + size]))
            offset += size

    def _au_sizes(self, headers: bytes, headers_bits: int) -> list[int]:
        value = int.from_bytes(headers, "big")
        remaining = len(headers) * 8
        sizes: list[int] = []
        used = 0
        while used < headers_bits:
            index_bits = self.index_length if not sizes else self.index_delta_length
            remaining -= self.size_length
            sizes.append((value >> remaining) & ((1 << self.size_length) - 1))
            remaining -= index_bits
            used += self.size_length + index_bits
        return sizes

    def _receive_fragment(self, packet: RtpPacket, sizes: list[int], data: bytes) -> None:
        if len(sizes) != 1:
            self.errors.append("AU fragment in a packet with several AU-headers")
            self._fragment = None
            return
        if self._fragment is None:
            self._fragment = bytearray()
            self._fragment_size = sizes[0]
        elif sizes[0] != self._fragment_size:
            self.errors.append("AU fragments disagree on the AU size")
        self._fragment += data
        if packet.marker:
            if len(self._fragment) == self._fragment_size:
                self.frames.append(AudioFrame(packet.timestamp, bytes(self._fragment)))
            else:
                self.errors.append("fragmented AU reassembled to the wrong size")
            self._fragment = None


class G711Depacketizer(_Receiver):
    """RFC 3551 PCMU/PCMA: every payload is a run of samples."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[AudioFrame] = []

    def _receive(self, packet: RtpPacket, lost: bool) -> None:
        self.frames.append(AudioFrame(packet.timestamp, packet.payload))

    @property
    def samples(self) -> bytes:
        return b"".join(frame.data for frame in self.frames)
