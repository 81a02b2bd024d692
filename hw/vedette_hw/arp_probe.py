"""ARP on the wire for IP conflict detection (RFC 5227): the frames and the socket.

``probe_frame`` builds an ARP probe (a broadcast request from our MAC with sender
address 0.0.0.0, asking who has the address), ``parse_arp`` reads an Ethernet/IPv4
ARP frame; ``ArpSocket`` is one AF_PACKET socket on every interface that sends probes
and hands back what it heard without blocking.

Invariants:

- ``open_arp_socket`` raises ``ArpUnavailable`` saying why (most often: the process
  lacks CAP_NET_RAW); nothing here ever pretends to have listened when it could not.
- ``ArpSocket.drain`` never blocks; frames we sent ourselves (PACKET_OUTGOING) and
  frames that are not Ethernet/IPv4 ARP are left out.
- MAC addresses come out as "aa:bb:cc:dd:ee:ff" (``host_network.normalise_mac``'s
  form), IPv4 addresses in dotted form.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
from dataclasses import dataclass
from typing import Final

ETH_P_ARP: Final = 0x0806
ETH_P_IP: Final = 0x0800
ARP_REQUEST: Final = 1
ARP_REPLY: Final = 2
PACKET_OUTGOING: Final = 4
BROADCAST: Final = b"\xff" * 6
#: Ethernet's minimum frame without the FCS; short frames are padded to it.
MIN_FRAME_BYTES: Final = 60
_ETH = struct.Struct("!6s6sH")
_ARP = struct.Struct("!HHBBH6s4s6s4s")
MAX_DRAIN: Final = 256


class ArpUnavailable(Exception):
    """ARP cannot be sent or heard here; the message says why."""


@dataclass(frozen=True)
class ArpPacket:
    operation: int
    sender_mac: str
    sender_ip: str
    target_mac: str
    target_ip: str


@dataclass(frozen=True)
class Heard:
    """An ARP frame received on ``interface``."""

    interface: str
    packet: ArpPacket


def _mac_bytes(mac: str) -> bytes:
    octets = bytes.fromhex(mac.replace(":", ""))
    if len(octets) != 6:
        raise ValueError(f"MAC address {mac!r} is not six octets")
    return octets


def _mac_text(octets: bytes) -> str:
    return ":".join(f"{b:02x}" for b in octets)


def probe_frame(mac: str, ip: str) -> bytes:
    """An RFC 5227 ARP probe from ``mac`` for ``ip``: a broadcast request whose sender
    address is 0.0.0.0 (so no cache learns anything from it)."""
    source = _mac_bytes(mac)
    target = ipaddress.IPv4Address(ip).packed
    arp = _ARP.pack(
        1, ETH_P_IP, 6, 4, ARP_REQUEST, source, b"\0" * 4, b"\0" * 6, target
    )  # fmt: skip
    frame = _ETH.pack(BROADCAST, source, ETH_P_ARP) + arp
    return frame.ljust(MIN_FRAME_BYTES, b"\0")


def parse_arp(frame: bytes) -> ArpPacket | None:
    """The ARP packet in an Ethernet frame; None for anything else or a short frame."""
    if len(frame) < _ETH.size + _ARP.size:
        return None
    _dst, _src, ethertype = _ETH.unpack_from(frame)
    if ethertype != ETH_P_ARP:
        return None
    htype, ptype, hlen, plen, op, sha, spa, tha, tpa = _ARP.unpack_from(frame, _ETH.size)
    if htype != 1 or ptype != ETH_P_IP or hlen != 6 or plen != 4:
        return None
    return ArpPacket(
        op,
        _mac_text(sha),
        str(ipaddress.IPv4Address(spa)),
        _mac_text(tha),
        str(ipaddress.IPv4Address(tpa)),
    )


class ArpSocket:
    """An AF_PACKET socket for ARP on every interface, non-blocking; ``fileno`` is for
    the event loop's reader. Close it with ``close``."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def fileno(self) -> int:
        return self._sock.fileno()

    def send_probe(self, interface: str, mac: str, ip: str) -> None:
        """Send one probe for ``ip`` on ``interface``; raises OSError when the
        interface refuses it (gone, down)."""
        self._sock.sendto(probe_frame(mac, ip), (interface, ETH_P_ARP))

    def drain(self) -> list[Heard]:
        """Every ARP frame received since the last call (at most ``MAX_DRAIN``)."""
        heard: list[Heard] = []
        for _ in range(MAX_DRAIN):
            try:
                frame, address = self._sock.recvfrom(2048)
            except (BlockingIOError, InterruptedError):
                break
            if address[2] == PACKET_OUTGOING:
                continue
            packet = parse_arp(frame)
            if packet is not None:
                heard.append(Heard(str(address[0]), packet))
        return heard

    def close(self) -> None:
        self._sock.close()


def open_arp_socket() -> ArpSocket:
    """An ARP socket on every interface; raises ArpUnavailable saying why not."""
    try:
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    except PermissionError as error:
        raise ArpUnavailable(f"needs CAP_NET_RAW ({error.strerror})") from error
    except (OSError, AttributeError) as error:  # no AF_PACKET (not Linux)
        raise ArpUnavailable(f"no packet socket here: {error}") from error
    sock.setblocking(False)
    return ArpSocket(sock)
