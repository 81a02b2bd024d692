"""Finding ONVIF cameras: our own asyncio WS-Discovery (2005/04) prober.

A Probe for ``dn:NetworkVideoTransmitter`` is sent over UDP to each target (unicast:
one address per camera, port 3702 unless a target says another), and, only when the
caller asks for it, to the WS-Discovery multicast group 239.255.255.250:3702 with a
TTL of 1 (the local link). Each datagram is sent ``repeats`` times (the SOAP-over-UDP
repeat rule: UDP may drop). Answers are ProbeMatches whose RelatesTo is our Probe's
MessageID; they are yielded as they arrive, once per endpoint (the device's stable
``urn:uuid:``), until the timeout, or as soon as every unicast target has answered.

Why not the ``wsdiscovery`` package: it skips loopback interfaces, its unicast client
cannot receive answers, and it sleeps out the whole timeout (research note §2.4).

Invariants:
- Nothing is multicast unless ``multicast=True``; tests never ask for it.
- A datagram that is not a well-formed ProbeMatches for our Probe is ignored; the
  parser loads no DTD, resolves no entity and fetches nothing.
- At most ``MAX_TARGETS`` targets per probe (a /20 and some), so one request cannot
  make the server flood a network.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote, urlsplit

from lxml import etree

from vedette_server.errors import InvalidArgument

WSD_PORT: Final = 3702
MULTICAST_GROUP: Final = "239.255.255.250"
MAX_TARGETS: Final = 4096
MAX_DATAGRAM_BYTES: Final = 65_535
ENV: Final = "http://www.w3.org/2003/05/soap-envelope"
WSA: Final = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD: Final = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN: Final = "http://www.onvif.org/ver10/network/wsdl"
PROBE_ACTION: Final = f"{WSD}/Probe"
PROBE_MATCHES_ACTION: Final = f"{WSD}/ProbeMatches"
_DISCOVERY_TO: Final = "urn:schemas-xmlsoap-org:ws:2005:04:discovery"
_SCOPE_PREFIX: Final = "onvif://www.onvif.org/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

Target = tuple[str, int]


@dataclass(frozen=True)
class DiscoveredDevice:
    """One ProbeMatch: a device that answered."""

    endpoint: str  # the device's stable EndpointReference address (urn:uuid:…)
    xaddrs: tuple[str, ...]  # device service URLs
    scopes: tuple[str, ...]
    types: tuple[str, ...]
    source: str  # the address the answer came from

    @property
    def name(self) -> str:
        return _scope_value(self.scopes, "name")

    @property
    def hardware(self) -> str:
        return _scope_value(self.scopes, "hardware")

    @property
    def host_port(self) -> tuple[str, int]:
        """Host and port of the device service (first XAddr; the answer's source and
        port 80 when the device gave none)."""
        for xaddr in self.xaddrs:
            parts = urlsplit(xaddr)
            if parts.hostname:
                default = 443 if parts.scheme == "https" else 80
                return parts.hostname, parts.port or default
        return self.source, 80


def _scope_value(scopes: Sequence[str], kind: str) -> str:
    prefix = f"{_SCOPE_PREFIX}{kind}/"
    for scope in scopes:
        if scope.startswith(prefix):
            return unquote(scope[len(prefix) :])
    return ""


def new_message_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def build_probe(message_id: str) -> bytes:
    """A SOAP 1.2 Probe for ONVIF video transmitters."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{ENV}" xmlns:a="{WSA}" xmlns:d="{WSD}" xmlns:dn="{DN}">'
        f"<s:Header><a:Action>{PROBE_ACTION}</a:Action>"
        f"<a:MessageID>{message_id}</a:MessageID><a:To>{_DISCOVERY_TO}</a:To></s:Header>"
        f"<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
        f"</s:Envelope>"
    ).encode()


def parse_probe_matches(data: bytes, message_id: str, source: str) -> list[DiscoveredDevice]:
    """The devices in a ProbeMatches datagram answering ``message_id``; [] for anything
    else (not XML, another message, another probe's answer, a match without endpoint)."""
    try:
        envelope = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return []
    if envelope.tag != f"{{{ENV}}}Envelope":
        return []
    relates_to = (envelope.findtext(f"{{{ENV}}}Header/{{{WSA}}}RelatesTo") or "").strip()
    if relates_to != message_id:
        return []
    matches = envelope.findall(f"{{{ENV}}}Body/{{{WSD}}}ProbeMatches/{{{WSD}}}ProbeMatch")
    found = []
    for match in matches:
        endpoint = (match.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address") or "").strip()
        if not endpoint:
            continue
        found.append(
            DiscoveredDevice(
                endpoint=endpoint,
                xaddrs=tuple((match.findtext(f"{{{WSD}}}XAddrs") or "").split()),
                scopes=tuple((match.findtext(f"{{{WSD}}}Scopes") or "").split()),
                types=tuple((match.findtext(f"{{{WSD}}}Types") or "").split()),
                source=source,
            )
        )
    return found


def parse_targets(specs: Sequence[str], default_port: int = WSD_PORT) -> list[Target]:
    """Targets from ``A.B.C.D``, ``A.B.C.D-E.F.G.H`` (inclusive range) or either with
    ``:PORT``. Raises ``InvalidArgument('targets', …)`` naming the bad entry."""
    targets: list[Target] = []
    for spec in specs:
        text = spec.strip()
        port = default_port
        if text.count(":") == 1:
            text, _, port_text = text.partition(":")
            digits = port_text.isascii() and port_text.isdigit()
            if not digits or not 1 <= int(port_text) <= 65_535:
                raise InvalidArgument("targets", f"{spec!r:.60}: the port must be 1..65535")
            port = int(port_text)
        first_text, dash, last_text = text.partition("-")
        try:
            first = ipaddress.IPv4Address(first_text)
            last = ipaddress.IPv4Address(last_text) if dash else first
        except ValueError:
            raise InvalidArgument(
                "targets", f"{spec!r:.60} is not an IPv4 address or a range A-B of them"
            ) from None
        if last < first:
            raise InvalidArgument("targets", f"{spec!r:.60}: the range ends before it starts")
        if len(targets) + int(last) - int(first) + 1 > MAX_TARGETS:
            raise InvalidArgument("targets", f"at most {MAX_TARGETS} addresses in one probe")
        targets.extend(
            (str(ipaddress.IPv4Address(n)), port) for n in range(int(first), int(last) + 1)
        )
    return targets


def destinations(targets: Sequence[Target], multicast: bool) -> list[Target]:
    """Where a probe goes: the targets, and the multicast group only when asked."""
    return list(targets) + ([(MULTICAST_GROUP, WSD_PORT)] if multicast else [])


class _Receiver(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.datagrams: asyncio.Queue[tuple[bytes, str]] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[str | int, int]) -> None:
        if len(data) <= MAX_DATAGRAM_BYTES:
            self.datagrams.put_nowait((data, str(addr[0])))

    def error_received(self, exc: Exception) -> None:
        pass  # an ICMP "port unreachable" from a target that has no responder


async def probe(
    targets: Sequence[Target],
    timeout_s: float,
    *,
    multicast: bool = False,
    repeats: int = 2,
    repeat_interval_s: float = 0.2,
) -> AsyncIterator[DiscoveredDevice]:
    """Probe ``targets`` (and the multicast group when ``multicast``); yield each new
    device as its answer arrives, for at most ``timeout_s``."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)
    if multicast:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    sock.bind(("0.0.0.0", 0))
    transport, receiver = await loop.create_datagram_endpoint(_Receiver, sock=sock)
    message_id = new_message_id()
    datagram = build_probe(message_id)
    sent_to = destinations(targets, multicast)
    pending_sources = {host for host, _ in targets}
    seen: set[str] = set()

    async def send() -> None:
        for attempt in range(max(1, repeats)):
            if attempt:
                await asyncio.sleep(repeat_interval_s)
            for destination in sent_to:
                with contextlib.suppress(OSError):  # unreachable network: no answer
                    transport.sendto(datagram, destination)

    sender = asyncio.create_task(send())
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if not multicast and targets and not pending_sources:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                data, source = await asyncio.wait_for(receiver.datagrams.get(), left)
            except TimeoutError:
                return
            for device in parse_probe_matches(data, message_id, source):
                pending_sources.discard(source)
                if device.endpoint not in seen:
                    seen.add(device.endpoint)
                    yield device
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        transport.close()
