"""RTP packetization (RFC 3550) of the codecs Vedette serves over RTSP.

Owns turning one access unit / audio frame (``MediaPacket.data``) into RTP packets, and the
SDP ``a=rtpmap``/``a=fmtp`` lines that describe each payload format:

- H.264, RFC 6184 packetization-mode=1: single NAL unit packets, FU-A for NAL units larger
  than the payload budget. No STAP-A (parameter sets travel as single NAL unit packets).
- H.265, RFC 7798: single NAL unit packets, FU (type 49) for large NAL units; no DONL
  (sprop-max-don-diff is 0, the default).
- AAC, RFC 3640 mode AAC-hbr: one AU per packet; an AU larger than the budget is split in
  fragments that each carry the AU-header of the whole AU, marker on the last fragment.
- G.711 PCMU/PCMA, RFC 3551: the samples, split at sample boundaries.

Invariants:
- Every packet is ``12 + max_payload`` bytes or fewer; headers are V=2 without padding, CSRC
  or extension.
- Sequence numbers continue mod 2**16 across calls; timestamps are taken mod 2**32.
- All packets of one video access unit / AAC AU carry the same timestamp; the marker bit is
  set on the last packet of each when ``marks_last_packet``, never otherwise (G.711).
- Pure byte code: no sockets, no clocks, no codec libraries. Hot paths slice with
  memoryview and never loop over bytes in Python.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Callable
from typing import Protocol

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.media.annexb import (
    avcc_parameter_sets,
    h264_nal_type,
    h265_nal_type,
    hvcc_parameter_sets,
    iter_nal_units,
)

RTP_HEADER_SIZE = 12
# Smallest payload budget every payload format can make progress with (FU headers, AU header).
MIN_MAX_PAYLOAD = 16
# RTP over RTSP interleaved TCP frames packets with a 16-bit length.
MAX_MAX_PAYLOAD = 0xFFFF - RTP_HEADER_SIZE

PT_PCMU = 0
PT_PCMA = 8

_HEADER = struct.Struct("!BBHII")
_AAC_AU_HEADER = struct.Struct("!HH")
_AAC_MAX_AU_SIZE = (1 << 13) - 1  # sizelength=13
_AAC_SAMPLE_RATES = (
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
)  # fmt: skip


class Payloader(Protocol):
    """One RTP payload format with its fixed parameters.

    ``bytes_per_tick`` is 0 when every packet of one unit carries the unit's timestamp
    (video, AAC); otherwise it is the payload bytes per RTP clock tick, and each packet's
    timestamp advances by the ticks of the bytes sent before it in the unit (G.711).
    """

    payload_type: int
    clock_rate: int
    media: str
    marks_last_packet: bool
    bytes_per_tick: int

    def payloads(self, data: bytes, max_payload: int) -> list[bytes]:
        """The RTP payloads for one access unit / audio frame, each ``<= max_payload``."""
        ...

    def sdp_attributes(self) -> list[str]:
        """SDP media attributes without the leading ``a=``, e.g. ``rtpmap:96 H264/90000``."""
        ...


def _check_budget(max_payload: int) -> None:
    if not MIN_MAX_PAYLOAD <= max_payload <= MAX_MAX_PAYLOAD:
        raise ValueError(
            f"max_payload {max_payload} outside [{MIN_MAX_PAYLOAD}, {MAX_MAX_PAYLOAD}]"
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class H264Payloader:
    """RFC 6184 packetization-mode=1: single NAL unit packets and FU-A."""

    clock_rate = 90000
    media = "video"
    marks_last_packet = True
    bytes_per_tick = 0

    def __init__(self, payload_type: int, sps: list[bytes], pps: list[bytes]) -> None:
        self.payload_type = payload_type
        self.sps = sps
        self.pps = pps

    def payloads(self, data: bytes, max_payload: int) -> list[bytes]:
        _check_budget(max_payload)
        out: list[bytes] = []
        for nal in iter_nal_units(data):
            if len(nal) <= max_payload:
                out.append(nal)
                continue
            # FU indicator: F and NRI of the NAL header, type 28; FU header: S|E|R|type.
            nal_type = nal[0] & 0x1F
            indicator = (nal[0] & 0xE0) | 28
            _fragment(
                out,
                memoryview(nal)[1:],
                max_payload - 2,
                bytes((indicator, 0x80 | nal_type)),
                bytes((indicator, nal_type)),
                bytes((indicator, 0x40 | nal_type)),
            )
        return out

    def sdp_attributes(self) -> list[str]:
        pt = self.payload_type
        fmtp = ["packetization-mode=1"]
        if self.sps and len(self.sps[0]) >= 4:
            fmtp.append(f"profile-level-id={self.sps[0][1:4].hex()}")
        if self.sps and self.pps:
            fmtp.append("sprop-parameter-sets=" + ",".join(map(_b64, self.sps + self.pps)))
        return [f"rtpmap:{pt} H264/90000", f"fmtp:{pt} " + ";".join(fmtp)]


class H265Payloader:
    """RFC 7798: single NAL unit packets and fragmentation units (type 49), no DONL."""

    clock_rate = 90000
    media = "video"
    marks_last_packet = True
    bytes_per_tick = 0

    def __init__(
        self, payload_type: int, vps: list[bytes], sps: list[bytes], pps: list[bytes]
    ) -> None:
        self.payload_type = payload_type
        self.vps = vps
        self.sps = sps
        self.pps = pps

    def payloads(self, data: bytes, max_payload: int) -> list[bytes]:
        _check_budget(max_payload)
        out: list[bytes] = []
        for nal in iter_nal_units(data):
            if len(nal) <= max_payload:
                out.append(nal)
                continue
            # PayloadHdr keeps F, LayerId and TID with type 49; FU header is S|E|FuType.
            nal_type = (nal[0] >> 1) & 0x3F
            hdr0 = (nal[0] & 0x81) | (49 << 1)
            hdr1 = nal[1]
            _fragment(
                out,
                memoryview(nal)[2:],
                max_payload - 3,
                bytes((hdr0, hdr1, 0x80 | nal_type)),
                bytes((hdr0, hdr1, nal_type)),
                bytes((hdr0, hdr1, 0x40 | nal_type)),
            )
        return out

    def sdp_attributes(self) -> list[str]:
        pt = self.payload_type
        fmtp = [
            f"sprop-{name}=" + ",".join(map(_b64, sets))
            for name, sets in (("vps", self.vps), ("sps", self.sps), ("pps", self.pps))
            if sets
        ]
        attrs = [f"rtpmap:{pt} H265/90000"]
        if fmtp:
            attrs.append(f"fmtp:{pt} " + ";".join(fmtp))
        return attrs


def _fragment(
    out: list[bytes], body: memoryview, chunk: int, first: bytes, middle: bytes, last: bytes
) -> None:
    """Append FU payloads for ``body`` (the NAL unit without its header); ``len(body) > chunk``."""
    n = len(body)
    out.append(first + body[:chunk])
    pos = chunk
    while n - pos > chunk:
        out.append(middle + body[pos : pos + chunk])
        pos += chunk
    out.append(last + body[pos:])


class AacPayloader:
    """RFC 3640 MPEG4-GENERIC, mode AAC-hbr, one AU (raw AAC frame) per packet."""

    media = "audio"
    marks_last_packet = True
    bytes_per_tick = 0

    def __init__(
        self, payload_type: int, audio_specific_config: bytes, sample_rate: int, channels: int
    ) -> None:
        self.payload_type = payload_type
        self.config = audio_specific_config
        self.clock_rate = sample_rate
        self.channels = channels

    def payloads(self, data: bytes, max_payload: int) -> list[bytes]:
        _check_budget(max_payload)
        size = len(data)
        if size == 0:
            return []
        if size > _AAC_MAX_AU_SIZE:
            raise ValueError(f"AAC frame of {size} bytes exceeds the 13-bit AU-size field")
        # AU-headers-length is 16 bits; AU-header: AU-size (13 bits), AU-Index 0 (3 bits).
        # A fragmented AU repeats the header with the size of the whole AU (RFC 3640 3.2.3).
        header = _AAC_AU_HEADER.pack(16, size << 3)
        chunk = max_payload - 4
        if size <= chunk:
            return [header + data]
        view = memoryview(data)
        return [header + view[i : i + chunk] for i in range(0, size, chunk)]

    def sdp_attributes(self) -> list[str]:
        pt = self.payload_type
        return [
            f"rtpmap:{pt} MPEG4-GENERIC/{self.clock_rate}/{self.channels}",
            f"fmtp:{pt} streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;"
            f"indexlength=3;indexdeltalength=3;config={self.config.hex()}",
        ]


class G711Payloader:
    """RFC 3551 PCMU/PCMA: raw samples, split at sample boundaries, never marked."""

    media = "audio"
    marks_last_packet = False

    def __init__(self, payload_type: int, encoding: str, sample_rate: int, channels: int) -> None:
        self.payload_type = payload_type
        self.encoding = encoding
        self.clock_rate = sample_rate
        self.channels = channels
        self.bytes_per_tick = channels

    def payloads(self, data: bytes, max_payload: int) -> list[bytes]:
        _check_budget(max_payload)
        chunk = max_payload - max_payload % self.channels
        if len(data) <= chunk:
            return [data] if data else []
        view = memoryview(data)
        return [bytes(view[i : i + chunk]) for i in range(0, len(data), chunk)]

    def sdp_attributes(self) -> list[str]:
        suffix = f"/{self.channels}" if self.channels != 1 else ""
        return [f"rtpmap:{self.payload_type} {self.encoding}/{self.clock_rate}{suffix}"]


def payloader_for(params: CodecParameters, payload_type: int) -> Payloader:
    """The payloader for a track; G.711 at 8000 Hz mono uses static PT 0/8, not the argument.

    Raises ``ValueError`` naming the codec when the track cannot be sent (unknown codec,
    AAC without AudioSpecificConfig, bad payload type).
    """
    if not 0 <= payload_type <= 127:
        raise ValueError(f"payload_type {payload_type} outside 0..127")
    codec = params.codec
    if codec is Codec.H264:
        sets = _parameter_sets(params.extradata, avcc_parameter_sets)
        return H264Payloader(
            payload_type,
            sps=[s for s in sets if h264_nal_type(s) == 7],
            pps=[s for s in sets if h264_nal_type(s) == 8],
        )
    if codec is Codec.H265:
        sets = _parameter_sets(params.extradata, hvcc_parameter_sets)
        by_type: dict[int, list[bytes]] = {32: [], 33: [], 34: []}
        for nal in sets:
            by_type.get(h265_nal_type(nal), []).append(nal)
        return H265Payloader(payload_type, vps=by_type[32], sps=by_type[33], pps=by_type[34])
    if codec is Codec.AAC:
        return _aac_payloader(params, payload_type)
    if codec in (Codec.PCMU, Codec.PCMA):
        rate = params.sample_rate or 8000
        channels = params.channels or 1
        encoding = "PCMU" if codec is Codec.PCMU else "PCMA"
        if rate == 8000 and channels == 1:
            return G711Payloader(PT_PCMU if codec is Codec.PCMU else PT_PCMA, encoding, rate, 1)
        if payload_type < 96:
            raise ValueError(
                f"{codec.value} at {rate} Hz x {channels} needs a dynamic payload type, "
                f"got {payload_type}"
            )
        return G711Payloader(payload_type, encoding, rate, channels)
    raise ValueError(f"no RTP payload format for codec {codec.value!r}")


def _parameter_sets(extradata: bytes, from_record: Callable[[bytes], list[bytes]]) -> list[bytes]:
    """NAL units of extradata: Annex B as documented, or an avcC/hvcC record (starts with 1)."""
    if extradata[:1] == b"\x01":
        return from_record(extradata)
    return list(iter_nal_units(extradata))


def _aac_payloader(params: CodecParameters, payload_type: int) -> AacPayloader:
    config = params.extradata
    if len(config) < 2:
        raise ValueError("aac track has no AudioSpecificConfig in extradata")
    sample_rate, channels = params.sample_rate, params.channels
    if not sample_rate or not channels:
        asc_rate, asc_channels = _parse_audio_specific_config(config)
        sample_rate = sample_rate or asc_rate
        channels = channels or asc_channels
    if not sample_rate or not channels:
        raise ValueError(f"aac AudioSpecificConfig {config.hex()} gives no rate/channels")
    return AacPayloader(payload_type, config, sample_rate, channels)


def _parse_audio_specific_config(config: bytes) -> tuple[int, int]:
    """(sample rate, channel configuration) of an AudioSpecificConfig (ISO 14496-3 1.6.2.1)."""
    bits = int.from_bytes(config[:8].ljust(8, b"\x00"), "big")
    pos = 64

    def read(n: int) -> int:
        nonlocal pos
        pos -= n
        return (bits >> pos) & ((1 << n) - 1)

    if read(5) == 31:  # audioObjectTypeExt
        read(6)
    index = read(4)
    if index == 15:
        rate = read(24)
    elif index < len(_AAC_SAMPLE_RATES):
        rate = _AAC_SAMPLE_RATES[index]
    else:
        rate = 0
    return rate, read(4)


class RtpPacketizer:
    """Numbers and stamps the payloads of one track (one SSRC) into RTP packets.

    ``next_seq`` is the sequence number of the next packet; ``packet_count`` and
    ``octet_count`` (payload octets) feed RTCP sender reports.
    """

    def __init__(
        self, payloader: Payloader, ssrc: int, initial_seq: int, max_payload: int = 1400
    ) -> None:
        _check_budget(max_payload)
        if not 0 <= ssrc <= 0xFFFFFFFF:
            raise ValueError(f"ssrc {ssrc} outside 32 bits")
        self.payloader = payloader
        self.ssrc = ssrc
        self.max_payload = max_payload
        self.next_seq = initial_seq & 0xFFFF
        self.packet_count = 0
        self.octet_count = 0

    def packetize(self, data: bytes, rtp_timestamp: int) -> list[bytes]:
        """Complete RTP packets for one access unit / audio frame stamped ``rtp_timestamp``."""
        payloader = self.payloader
        payloads = payloader.payloads(data, self.max_payload)
        if not payloads:
            return []
        pack = _HEADER.pack
        pt = payloader.payload_type
        ssrc = self.ssrc
        seq = self.next_seq
        ts = rtp_timestamp & 0xFFFFFFFF
        packets: list[bytes] = []
        append = packets.append
        if payloader.bytes_per_tick:
            per_tick = payloader.bytes_per_tick
            offset = 0
            for payload in payloads:
                append(pack(0x80, pt, seq, (ts + offset // per_tick) & 0xFFFFFFFF, ssrc) + payload)
                seq = (seq + 1) & 0xFFFF
                offset += len(payload)
        else:
            for payload in payloads[:-1]:
                append(pack(0x80, pt, seq, ts, ssrc) + payload)
                seq = (seq + 1) & 0xFFFF
            marker = 0x80 if payloader.marks_last_packet else 0
            append(pack(0x80, marker | pt, seq, ts, ssrc) + payloads[-1])
            seq = (seq + 1) & 0xFFFF
        self.next_seq = seq
        self.packet_count += len(packets)
        self.octet_count += sum(map(len, payloads))
        return packets
