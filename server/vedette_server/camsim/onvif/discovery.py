"""WS-Discovery (2005/04) responder: a Probe sent to a camera's address gets a ProbeMatch.

One UDP socket per camera, bound to the camera's own loopback address and port 3702
(ONVIF Core "Discovery"; research note §2.4). Opt-in (``--discovery-multicast``), one
more socket joins the group 239.255.255.250:3702 on one interface and answers a
multicast Probe for every matching camera, each from that camera's own socket; then
every camera also says Hello on start and Bye on stop.

Invariants:
- Unless the multicast responder is started, nothing here sends multicast or joins a
  group: an answer goes only to the address and port the Probe came from, and the
  socket is bound to a loopback address, so nothing leaves the host. It is meant for
  a network namespace a test creates, or a real LAN, never the default.
- Multicast datagrams (Hello, Bye) go out with a TTL of 1 on the chosen interface.
- A datagram that is not a well-formed Probe, or whose Types or Scopes do not match
  the camera, is dropped silently (WS-Discovery §5.3: no fault for a non-match); it
  never stops the responder.
- The answer carries RelatesTo (the Probe's MessageID), the camera's stable
  ``urn:uuid:`` endpoint, Types ``dn:NetworkVideoTransmitter tds:Device``, the
  camera's scopes, its device service URL in XAddrs, and a MetadataVersion.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
import time
import uuid
from typing import Any, cast

from lxml import etree

from vedette_server.camsim.onvif.model import OnvifCameraModel
from vedette_server.camsim.onvif.soap import ENV, TDS

log = logging.getLogger(__name__)

WSD_PORT = 3702
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"
PROBE_ACTION = f"{WSD}/Probe"
PROBE_MATCHES_ACTION = f"{WSD}/ProbeMatches"
ANONYMOUS = f"{WSA}/role/anonymous"
RFC3986_MATCH = f"{WSD}/rfc3986"
MULTICAST_GROUP = "239.255.255.250"
DISCOVERY_TO = "urn:schemas-xmlsoap-org:ws:2005:04:discovery"
MAX_DATAGRAM_BYTES = 65_507
_TYPES = {(DN, "NetworkVideoTransmitter"), (TDS, "Device")}
_NSMAP = {"env": ENV, "a": WSA, "d": WSD, "dn": DN, "tds": TDS}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _qnames(element: etree._Element) -> set[tuple[str, str]] | None:
    """The QNames listed in ``element`` (resolved with its prefixes), or None if one
    cannot be resolved."""
    names = set()
    for text in (element.text or "").split():
        prefix, _, local = text.rpartition(":")
        namespace = element.nsmap.get(prefix or None)
        if namespace is None:
            return None
        names.add((namespace, local))
    return names


def _scope_matches(wanted: str, ours: list[str]) -> bool:
    """RFC 3986 matching (WS-Discovery §5.1): ``wanted`` equals a scope of ours or is a
    prefix of one at a path-segment boundary."""
    wanted = wanted.rstrip("/")
    return any(scope == wanted or scope.startswith(wanted + "/") for scope in ours)


def probe_message_id(data: bytes, camera: OnvifCameraModel) -> str | None:
    """The MessageID of ``data`` if it is a Probe this camera matches, else None."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root.tag != f"{{{ENV}}}Envelope" or root.getroottree().docinfo.doctype:
        return None
    if (root.findtext(f"{{{ENV}}}Header/{{{WSA}}}Action") or "").strip() != PROBE_ACTION:
        return None
    message_id = (root.findtext(f"{{{ENV}}}Header/{{{WSA}}}MessageID") or "").strip()
    probe = root.find(f"{{{ENV}}}Body/{{{WSD}}}Probe")
    if probe is None or not message_id:
        return None
    types = probe.find(f"{{{WSD}}}Types")
    if types is not None:
        wanted = _qnames(types)
        if wanted is None or not wanted <= _TYPES:
            return None
    scopes = probe.find(f"{{{WSD}}}Scopes")
    if scopes is not None:
        if scopes.get("MatchBy", RFC3986_MATCH) != RFC3986_MATCH:
            return None
        if not all(_scope_matches(s, camera.scopes) for s in (scopes.text or "").split()):
            return None
    return message_id


def _envelope(
    action: str, relates_to: str | None, to: str
) -> tuple[etree._Element, etree._Element]:
    """A discovery envelope with its addressing header; returns (envelope, header)."""
    envelope = etree.Element(f"{{{ENV}}}Envelope", nsmap=_NSMAP)
    header = etree.SubElement(envelope, f"{{{ENV}}}Header")
    etree.SubElement(header, f"{{{WSA}}}MessageID").text = f"urn:uuid:{uuid.uuid4()}"
    if relates_to is not None:
        etree.SubElement(header, f"{{{WSA}}}RelatesTo").text = relates_to
    etree.SubElement(header, f"{{{WSA}}}To").text = to
    etree.SubElement(header, f"{{{WSA}}}Action").text = action
    return envelope, header


def _sequence(header: etree._Element, instance_id: int, message_number: int) -> None:
    sequence = etree.SubElement(header, f"{{{WSD}}}AppSequence")
    sequence.set("InstanceId", str(instance_id))
    sequence.set("MessageNumber", str(message_number))


def _describe(parent: etree._Element, camera: OnvifCameraModel, *, full: bool = True) -> None:
    """The camera's EndpointReference, and (``full``) Types, Scopes, XAddrs, version."""
    reference = etree.SubElement(parent, f"{{{WSA}}}EndpointReference")
    etree.SubElement(reference, f"{{{WSA}}}Address").text = camera.endpoint_uuid
    if not full:
        return
    etree.SubElement(parent, f"{{{WSD}}}Types").text = "dn:NetworkVideoTransmitter tds:Device"
    etree.SubElement(parent, f"{{{WSD}}}Scopes").text = " ".join(camera.scopes)
    etree.SubElement(parent, f"{{{WSD}}}XAddrs").text = camera.device_url
    etree.SubElement(parent, f"{{{WSD}}}MetadataVersion").text = "1"


def _bytes(envelope: etree._Element) -> bytes:
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


def probe_matches(
    camera: OnvifCameraModel, relates_to: str, instance_id: int, message_number: int
) -> bytes:
    """The ProbeMatches envelope of ``camera`` answering the Probe ``relates_to``;
    ``instance_id`` grows with every start (WS-Discovery's AppSequence)."""
    envelope, header = _envelope(PROBE_MATCHES_ACTION, relates_to, ANONYMOUS)
    _sequence(header, instance_id, message_number)
    body = etree.SubElement(envelope, f"{{{ENV}}}Body")
    matches = etree.SubElement(body, f"{{{WSD}}}ProbeMatches")
    _describe(etree.SubElement(matches, f"{{{WSD}}}ProbeMatch"), camera)
    return _bytes(envelope)


def announcement(
    camera: OnvifCameraModel, kind: str, instance_id: int, message_number: int
) -> bytes:
    """A Hello (``kind="Hello"``: the camera with its XAddrs) or Bye (its endpoint only)
    for the multicast group."""
    envelope, header = _envelope(f"{WSD}/{kind}", None, DISCOVERY_TO)
    _sequence(header, instance_id, message_number)
    body = etree.SubElement(envelope, f"{{{ENV}}}Body")
    _describe(etree.SubElement(body, f"{{{WSD}}}{kind}"), camera, full=kind == "Hello")
    return _bytes(envelope)


class _Responder(asyncio.DatagramProtocol):
    def __init__(self, camera: OnvifCameraModel) -> None:
        self.camera = camera
        self.transport: asyncio.DatagramTransport | None = None
        self.instance_id = int(time.time())
        self.message_number = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # The selector loop's datagram transport does not subclass DatagramTransport.
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if not self.answer(data, addr):
            log.debug("%s: WS-Discovery datagram from %s ignored", self.camera.name, addr)

    def answer(self, data: bytes, addr: tuple[str | Any, int]) -> bool:
        """Send this camera's ProbeMatch to ``addr`` from its own socket if ``data`` is a
        Probe it matches; True if it answered."""
        if self.transport is None or len(data) > MAX_DATAGRAM_BYTES:
            return False
        message_id = probe_message_id(data, self.camera)
        if message_id is None:
            return False
        self.message_number += 1
        answer = probe_matches(self.camera, message_id, self.instance_id, self.message_number)
        self.transport.sendto(answer, addr)
        return True

    def announce(self, kind: str, group: tuple[str, int]) -> None:
        """Send a Hello or Bye to the multicast ``group`` (the socket must have its
        multicast interface set)."""
        if self.transport is None:
            return
        self.message_number += 1
        message = announcement(self.camera, kind, self.instance_id, self.message_number)
        try:
            self.transport.sendto(message, group)
        except OSError as error:  # no multicast route: said once, never fatal
            log.warning("%s: WS-Discovery %s not sent: %s", self.camera.name, kind, error)

    def error_received(self, exc: Exception) -> None:
        log.debug("%s: WS-Discovery socket error: %s", self.camera.name, exc)


class DiscoveryResponder:
    """Answers unicast Probes for one camera on ``(camera.address, port)``."""

    def __init__(self, camera: OnvifCameraModel, port: int = WSD_PORT) -> None:
        self.camera = camera
        self.requested_port = port
        self.port = 0
        self._transport: asyncio.DatagramTransport | None = None
        self.protocol = _Responder(camera)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: self.protocol, local_addr=(self.camera.address, self.requested_port)
        )
        self._transport = transport
        self.port = transport.get_extra_info("sockname")[1]

    def set_multicast_interface(self, interface_index: int) -> None:
        """Multicast from this camera's socket leaves by ``interface_index``, TTL 1."""
        if self._transport is None:
            return
        sock = self._transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, _mreqn(interface_index))
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)

    async def aclose(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None


def _mreqn(interface_index: int, group: str = "0.0.0.0") -> bytes:
    """A ``struct ip_mreqn``: group, any local address, interface index."""
    return struct.pack(
        "=4s4si", socket.inet_aton(group), socket.inet_aton("0.0.0.0"), interface_index
    )


class _GroupListener(asyncio.DatagramProtocol):
    def __init__(self, responders: list[DiscoveryResponder]) -> None:
        self.responders = responders

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if len(data) > MAX_DATAGRAM_BYTES:
            return
        answered = [r.camera.name for r in self.responders if r.protocol.answer(data, addr)]
        log.debug("WS-Discovery multicast datagram from %s: answered by %s", addr, answered)

    def error_received(self, exc: Exception) -> None:
        log.debug("WS-Discovery multicast socket error: %s", exc)


class MulticastResponder:
    """Joins the WS-Discovery group on ``interface`` and answers multicast Probes for
    every camera (each ProbeMatch sent from that camera's own unicast socket, so its
    source is the camera's address); Hello on start, Bye on stop. Opt-in only."""

    def __init__(
        self, responders: list[DiscoveryResponder], interface: str = "lo", port: int = WSD_PORT
    ) -> None:
        self.responders = responders
        self.interface = interface
        self.port = port
        self._transport: asyncio.DatagramTransport | None = None

    def announce(self, responder: DiscoveryResponder, kind: str) -> None:
        """Say Hello or Bye for ``responder``'s camera on the group (after a reboot: a
        Hello of a new instance, as WS-Discovery's AppSequence asks); nothing when the
        group was not joined."""
        if self._transport is None:
            return
        if kind == "Hello":
            responder.protocol.instance_id += 1
            responder.protocol.message_number = 0
        responder.protocol.announce(kind, (MULTICAST_GROUP, self.port))

    async def start(self) -> None:
        """Join the group; raises OSError naming the interface when it cannot."""
        try:
            index = socket.if_nametoindex(self.interface)
        except OSError:
            raise OSError(
                f"WS-Discovery multicast: no network interface {self.interface!r}"
            ) from None
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((MULTICAST_GROUP, self.port))
            sock.setsockopt(
                socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, _mreqn(index, MULTICAST_GROUP)
            )
            sock.setblocking(False)
        except OSError as error:
            sock.close()
            raise OSError(
                error.errno,
                f"WS-Discovery multicast {MULTICAST_GROUP}:{self.port} on {self.interface}:"
                f" {error.strerror}",
            ) from error
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _GroupListener(self.responders), sock=sock
        )
        self._transport = transport
        for responder in self.responders:
            responder.set_multicast_interface(index)
            responder.protocol.announce("Hello", (MULTICAST_GROUP, self.port))

    async def aclose(self) -> None:
        if self._transport is None:
            return
        for responder in self.responders:
            responder.protocol.announce("Bye", (MULTICAST_GROUP, self.port))
        self._transport.close()
        self._transport = None
