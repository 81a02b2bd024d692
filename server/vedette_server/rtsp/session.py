"""RTSP sessions (RFC 2326 section 3.4): the tracks a client set up and their delivery.

Invariants:
- A session is READY after its first SETUP and PLAYING between PLAY and PAUSE or
  TEARDOWN; only a PLAYING session has subscribers attached to the mount's tracks.
- A closed session holds no subscriber, no UDP socket and no timer.
"""

from __future__ import annotations

import asyncio
import enum
import secrets
import socket
import time
from dataclasses import dataclass, field

from vedette_api import timestamps
from vedette_server.rtsp.stream import Mount, OutgoingFrame, TcpSubscriber, UdpSubscriber


class SessionState(enum.Enum):
    READY = "ready"
    PLAYING = "playing"
    CLOSED = "closed"


@dataclass(eq=False)
class TrackSetup:
    """One SETUP: which track of the mount, delivered how."""

    index: int
    subscriber: TcpSubscriber | UdpSubscriber
    transport_header: str


@dataclass(eq=False)
class RtspSession:
    """The server side of one client's RTSP session on one mount."""

    mount: Mount
    peer: str
    user: str | None
    timeout_s: float
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    state: SessionState = SessionState.READY
    setups: dict[int, TrackSetup] = field(default_factory=dict)
    last_activity: float = field(default_factory=time.monotonic)
    created_wall: float = field(default_factory=time.time)
    pending_join: dict[int, list[OutgoingFrame]] = field(default_factory=dict, repr=False)

    def touch(self) -> None:
        self.last_activity = time.monotonic()

    def expired(self, now: float) -> bool:
        return now - self.last_activity > self.timeout_s

    def play(self) -> list[tuple[int, int, int]]:
        """Attach the subscribers; returns (track index, first seq, first rtptime) per track.

        TCP subscribers are sent the cached GOP first so their picture starts at
        once; the caller must have written the PLAY response before calling
        :meth:`start_delivery`, which does the sending.
        """
        info = []
        self.pending_join = {}
        now_us = timestamps.now_us()
        for index, setup in sorted(self.setups.items()):
            track = self.mount.tracks[index]
            replay = isinstance(setup.subscriber, TcpSubscriber)
            frames = track.join_frames() if replay and self.state is SessionState.READY else []
            self.pending_join[index] = frames
            if frames:
                info.append((index, _first_seq(frames[0]), frames[0].rtp_timestamp))
            else:
                info.append((index, track.next_seq, track.rtp_timestamp(now_us)))
        return info

    def start_delivery(self, cname: str) -> None:
        """Send sender reports and the join frames, then attach to the live tracks."""
        if self.state is SessionState.PLAYING:
            return
        now_us = timestamps.now_us()
        for index, setup in sorted(self.setups.items()):
            track = self.mount.tracks[index]
            subscriber = setup.subscriber
            subscriber.send_rtcp(track.sender_report(now_us, subscriber.stats, cname))
            for frame in self.pending_join.get(index, ()):
                subscriber.deliver(frame)
            track.subscribers.add(subscriber)
        self.pending_join = {}
        self.state = SessionState.PLAYING

    def pause(self) -> None:
        for index, setup in self.setups.items():
            self.mount.tracks[index].subscribers.discard(setup.subscriber)
            # After a pause the client resumes at a keyframe.
            setup.subscriber.waiting_for_keyframe = True
        if self.state is SessionState.PLAYING:
            self.state = SessionState.READY

    def send_sender_reports(self, cname: str) -> None:
        if self.state is not SessionState.PLAYING:
            return
        now_us = timestamps.now_us()
        for index, setup in self.setups.items():
            track = self.mount.tracks[index]
            setup.subscriber.send_rtcp(track.sender_report(now_us, setup.subscriber.stats, cname))

    def close(self) -> None:
        self.pause()
        for setup in self.setups.values():
            if isinstance(setup.subscriber, UdpSubscriber):
                setup.subscriber.close()
        self.setups.clear()
        self.state = SessionState.CLOSED


def _first_seq(frame: OutgoingFrame) -> int:
    return int.from_bytes(frame.packets[0][2:4], "big")


class _RtcpReceiver(asyncio.DatagramProtocol):
    """Receives client RTCP on a UDP session's server port: any datagram is a keep-alive."""

    def __init__(self, session_ref: list[RtspSession | None]) -> None:
        self.session_ref = session_ref

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        session = self.session_ref[0]
        if session is not None:
            session.touch()


async def open_udp_pair(
    host: str, port_range: tuple[int, int], session_ref: list[RtspSession | None]
) -> tuple[asyncio.DatagramTransport, asyncio.DatagramTransport, tuple[int, int]]:
    """Bind an even/odd UDP port pair for RTP/RTCP on ``host`` within ``port_range``."""
    loop = asyncio.get_running_loop()
    low, high = port_range
    pairs = max(1, (high - low) // 2)
    first = secrets.randbelow(pairs)
    for attempt in range(min(pairs, 200)):
        rtp_port = low + ((first + attempt) % pairs) * 2
        sockets: list[socket.socket] = []
        try:
            for port in (rtp_port, rtp_port + 1):
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(sock)
                sock.bind((host, port))
                sock.setblocking(False)
        except OSError:
            for sock in sockets:
                sock.close()
            continue
        rtp_transport, _ = await loop.create_datagram_endpoint(
            asyncio.DatagramProtocol, sock=sockets[0]
        )
        rtcp_transport, _ = await loop.create_datagram_endpoint(
            lambda: _RtcpReceiver(session_ref), sock=sockets[1]
        )
        rtp_sock = rtp_transport.get_extra_info("socket")
        if rtp_sock is not None:
            rtp_sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        return rtp_transport, rtcp_transport, (rtp_port, rtp_port + 1)
    raise OSError(f"no free UDP port pair in {low}-{high}")
