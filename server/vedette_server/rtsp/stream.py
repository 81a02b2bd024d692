"""Fan-out of one media track to many RTSP subscribers.

A ``MediaTrack`` packetizes each access unit into RTP packets once, whatever the
number of subscribers, and hands the same bytes to every subscriber (a shared
SSRC and sequence space, as a multicast group would have; each client learns its
first sequence number and timestamp from RTP-Info).

Invariants:
- A slow subscriber never slows the track or the other subscribers: when its
  transport buffer passes the high-water mark it is skipped forward and resumes
  at the next keyframe, once its buffer has drained under the low-water mark.
- RTP timestamps are a linear function of the packets' wall-clock
  ``timestamp_us``, so a sender report maps RTP time to NTP time exactly.
- Nothing here blocks: transports are asyncio transports written without waiting.
"""

from __future__ import annotations

import asyncio
import random
import struct
from dataclasses import dataclass, field
from typing import Protocol

from vedette_api.media.packet import CodecParameters, MediaPacket
from vedette_server.rtsp.rtcp import build_sender_report
from vedette_server.rtsp.rtp import Payloader, RtpPacketizer, payloader_for

DEFAULT_HIGH_WATER_BYTES = 1 << 20
DEFAULT_LOW_WATER_BYTES = 128 << 10
_INTERLEAVED_HEADER = struct.Struct(">BBH")


class OutgoingFrame:
    """The RTP packets of one access unit, with per-channel interleaved framing cached."""

    __slots__ = (
        "_interleaved",
        "keyframe",
        "octets",
        "packets",
        "payload_bytes",
        "rtp_timestamp",
        "timestamp_us",
    )

    def __init__(
        self,
        packets: list[bytes],
        keyframe: bool,
        rtp_timestamp: int,
        timestamp_us: int,
        payload_bytes: int = 0,
    ) -> None:
        self.packets = packets
        self.payload_bytes = payload_bytes
        self.keyframe = keyframe
        self.rtp_timestamp = rtp_timestamp
        self.timestamp_us = timestamp_us
        self.octets = sum(len(p) for p in packets) - 12 * len(packets)
        self._interleaved: dict[int, bytes] = {}

    def interleaved(self, channel: int) -> bytes:
        """The packets framed for RTP over the RTSP connection (RFC 2326 10.12)."""
        data = self._interleaved.get(channel)
        if data is None:
            pack = _INTERLEAVED_HEADER.pack
            parts: list[bytes] = []
            for p in self.packets:
                parts.append(pack(0x24, channel, len(p)))
                parts.append(p)
            data = b"".join(parts)
            self._interleaved[channel] = data
        return data


class Subscriber(Protocol):
    """Where a track's packets go for one client: a TCP channel or a UDP port pair."""

    def deliver(self, frame: OutgoingFrame) -> None: ...

    def send_rtcp(self, data: bytes) -> None: ...


@dataclass(eq=False)
class SubscriberStats:
    """What one subscriber was sent and skipped (for sender reports and tests)."""

    packets: int = 0
    octets: int = 0
    frames: int = 0
    frames_skipped: int = 0
    skips: int = 0


class TcpSubscriber:
    """Delivers a track as interleaved RTP on the client's RTSP connection."""

    def __init__(
        self,
        transport: asyncio.WriteTransport,
        rtp_channel: int,
        *,
        high_water_bytes: int = DEFAULT_HIGH_WATER_BYTES,
        low_water_bytes: int = DEFAULT_LOW_WATER_BYTES,
    ) -> None:
        self.transport = transport
        self.rtp_channel = rtp_channel
        self.high_water_bytes = high_water_bytes
        self.low_water_bytes = low_water_bytes
        self.stats = SubscriberStats()
        self.waiting_for_keyframe = True  # a client starts at a keyframe

    def deliver(self, frame: OutgoingFrame) -> None:
        transport = self.transport
        if transport.is_closing():
            return
        backlog = transport.get_write_buffer_size()
        if self.waiting_for_keyframe:
            if not frame.keyframe or backlog > self.low_water_bytes:
                self.stats.frames_skipped += 1
                return
            self.waiting_for_keyframe = False
        elif backlog > self.high_water_bytes:
            self.waiting_for_keyframe = True
            self.stats.skips += 1
            self.stats.frames_skipped += 1
            return
        transport.write(frame.interleaved(self.rtp_channel))
        stats = self.stats
        stats.frames += 1
        stats.packets += len(frame.packets)
        stats.octets += frame.octets

    def send_rtcp(self, data: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(_INTERLEAVED_HEADER.pack(0x24, self.rtp_channel + 1, len(data)))
            self.transport.write(data)


class UdpSubscriber:
    """Delivers a track as RTP/RTCP datagrams to the client's port pair."""

    def __init__(
        self,
        rtp_transport: asyncio.DatagramTransport,
        rtcp_transport: asyncio.DatagramTransport,
        client_host: str,
        client_ports: tuple[int, int],
    ) -> None:
        self.rtp_transport = rtp_transport
        self.rtcp_transport = rtcp_transport
        self.rtp_address = (client_host, client_ports[0])
        self.rtcp_address = (client_host, client_ports[1])
        self.stats = SubscriberStats()
        self.waiting_for_keyframe = True

    def deliver(self, frame: OutgoingFrame) -> None:
        if self.rtp_transport.is_closing():
            return
        if self.waiting_for_keyframe:
            if not frame.keyframe:
                self.stats.frames_skipped += 1
                return
            self.waiting_for_keyframe = False
        # The kernel drops datagrams when the client does not read; nothing queues here.
        sendto = self.rtp_transport.sendto
        address = self.rtp_address
        for packet in frame.packets:
            sendto(packet, address)
        stats = self.stats
        stats.frames += 1
        stats.packets += len(frame.packets)
        stats.octets += frame.octets

    def send_rtcp(self, data: bytes) -> None:
        if not self.rtcp_transport.is_closing():
            self.rtcp_transport.sendto(data, self.rtcp_address)

    def close(self) -> None:
        self.rtp_transport.close()
        self.rtcp_transport.close()


@dataclass(eq=False)
class MediaTrack:
    """One RTP track (video or audio) of a mount, shared by all of its subscribers.

    The track keeps the access units since the last keyframe (the GOP), so that a
    client joining over TCP starts decoding at once: it is sent the cached GOP, then
    the live packets, in one continuous sequence-number space.
    """

    params: CodecParameters
    payload_type: int = 96
    ssrc: int = field(default_factory=lambda: random.getrandbits(32))
    rtp_base: int = field(default_factory=lambda: random.getrandbits(32))
    max_payload: int = 1400
    max_cache_bytes: int = 16 << 20
    max_cache_us: int = 10_000_000
    # Offset of the source's clock from ours; set when a camera's clock jumps.
    clock_offset_us: int = 0
    subscribers: set[Subscriber] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.payloader: Payloader = payloader_for(self.params, self.payload_type)
        self.packetizer = RtpPacketizer(
            self.payloader, self.ssrc, random.getrandbits(16), self.max_payload
        )
        self.clock_rate = self.payloader.clock_rate
        self.is_video = self.params.codec.is_video
        self.frames_in = 0
        # Entries are packetized lazily: raw packets while nobody watches.
        self._cache: list[MediaPacket | OutgoingFrame] = []
        self._cache_bytes = 0

    def rtp_timestamp(self, timestamp_us: int) -> int:
        return (self.rtp_base + timestamp_us * self.clock_rate // 1_000_000) & 0xFFFFFFFF

    def _packetize(self, packet: MediaPacket) -> OutgoingFrame:
        rtp_ts = self.rtp_timestamp(packet.timestamp_us)
        return OutgoingFrame(
            self.packetizer.packetize(packet.data, rtp_ts),
            packet.keyframe,
            rtp_ts,
            packet.timestamp_us,
            len(packet.data),
        )

    def push(self, packet: MediaPacket) -> None:
        """Send one access unit to every subscriber. Cheap when nobody watches."""
        self.frames_in += 1
        ts = packet.timestamp_us
        cache = self._cache
        if self.is_video and packet.keyframe:
            self.trim_cache(ts)
        elif cache and cache[0].timestamp_us < ts - self.max_cache_us:
            self.trim_cache(ts - self.max_cache_us)
        entry: MediaPacket | OutgoingFrame = packet
        if self.subscribers:
            entry = self._packetize(packet)
            for subscriber in tuple(self.subscribers):
                subscriber.deliver(entry)
        size = len(packet.data)
        if self.is_video and not cache and not packet.keyframe:
            return  # a GOP replay must start at a keyframe
        if self._cache_bytes + size > self.max_cache_bytes:
            # Too long a GOP to replay: joiners wait for the next keyframe instead.
            cache.clear()
            self._cache_bytes = 0
        else:
            cache.append(entry)
            self._cache_bytes += size

    def trim_cache(self, start_us: int) -> None:
        """Forget cached frames older than ``start_us`` (a new GOP begins there)."""
        cache = self._cache
        keep = 0
        while keep < len(cache) and cache[keep].timestamp_us < start_us:
            keep += 1
        if keep:
            del cache[:keep]
            self._cache_bytes = sum(_size(e) for e in cache)

    def join_frames(self) -> list[OutgoingFrame]:
        """Packetize the cached frames (if not yet done) and return them in order."""
        cache = self._cache
        for i, entry in enumerate(cache):
            if isinstance(entry, MediaPacket):
                cache[i] = self._packetize(entry)
        frames = [e for e in cache if isinstance(e, OutgoingFrame)]
        if self.is_video and frames and not frames[0].keyframe:
            return []
        return frames

    @property
    def next_seq(self) -> int:
        return self.packetizer.next_seq

    def sender_report(self, wall_us: int, stats: SubscriberStats, cname: str) -> bytes:
        """An RTCP sender report mapping this track's RTP clock to NTP time at ``wall_us``."""
        source_us = wall_us + self.clock_offset_us
        return build_sender_report(
            self.ssrc,
            source_us,
            self.rtp_timestamp(source_us),
            stats.packets,
            stats.octets,
            cname,
        )


def _size(entry: MediaPacket | OutgoingFrame) -> int:
    if isinstance(entry, MediaPacket):
        return len(entry.data)
    return entry.payload_bytes


@dataclass(eq=False)
class Mount:
    """A path served by the RTSP server (``cam1/main``) and its tracks.

    ``refuse_auth`` makes every authenticated request fail with 401 (camsim's
    refuse-auth fault); ``unavailable`` answers 503 to new sessions.
    """

    path: str
    tracks: list[MediaTrack]
    title: str = ""
    refuse_auth: bool = False
    unavailable: bool = False

    def push(self, track_index: int, packet: MediaPacket) -> None:
        """Feed one packet to a track; a video keyframe starts a new join point for all."""
        track = self.tracks[track_index]
        track.push(packet)
        if track.is_video and packet.keyframe:
            for other in self.tracks:
                if other is not track:
                    other.trim_cache(packet.timestamp_us)

    @staticmethod
    def track_control(index: int) -> str:
        return f"trackID={index}"
