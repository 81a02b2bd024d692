"""WS-Discovery (2005/04) unicast responder: a Probe sent to a camera's address gets a ProbeMatch.

One UDP socket per camera, bound to the camera's own loopback address and port 3702
(ONVIF Core "Discovery"; research note §2.4).

Invariants:
- Nothing here sends multicast or joins a group: an answer goes only to the address
  and port the Probe came from, and the socket is bound to a loopback address, so
  nothing leaves the host. Hello and Bye are not sent.
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


def probe_matches(
    camera: OnvifCameraModel, relates_to: str, instance_id: int, message_number: int
) -> bytes:
    """The ProbeMatches envelope of ``camera`` answering the Probe ``relates_to``;
    ``instance_id`` grows with every start (WS-Discovery's AppSequence)."""
    envelope = etree.Element(f"{{{ENV}}}Envelope", nsmap=_NSMAP)
    header = etree.SubElement(envelope, f"{{{ENV}}}Header")
    etree.SubElement(header, f"{{{WSA}}}MessageID").text = f"urn:uuid:{uuid.uuid4()}"
    etree.SubElement(header, f"{{{WSA}}}RelatesTo").text = relates_to
    etree.SubElement(header, f"{{{WSA}}}To").text = ANONYMOUS
    etree.SubElement(header, f"{{{WSA}}}Action").text = PROBE_MATCHES_ACTION
    sequence = etree.SubElement(header, f"{{{WSD}}}AppSequence")
    sequence.set("InstanceId", str(instance_id))
    sequence.set("MessageNumber", str(message_number))
    body = etree.SubElement(envelope, f"{{{ENV}}}Body")
    match = etree.SubElement(
        etree.SubElement(body, f"{{{WSD}}}ProbeMatches"), f"{{{WSD}}}ProbeMatch"
    )
    reference = etree.SubElement(match, f"{{{WSA}}}EndpointReference")
    etree.SubElement(reference, f"{{{WSA}}}Address").text = camera.endpoint_uuid
    etree.SubElement(match, f"{{{WSD}}}Types").text = "dn:NetworkVideoTransmitter tds:Device"
    etree.SubElement(match, f"{{{WSD}}}Scopes").text = " ".join(camera.scopes)
    etree.SubElement(match, f"{{{WSD}}}XAddrs").text = camera.device_url
    etree.SubElement(match, f"{{{WSD}}}MetadataVersion").text = "1"
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="UTF-8"))


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
        if self.transport is None or len(data) > MAX_DATAGRAM_BYTES:
            return
        message_id = probe_message_id(data, self.camera)
        if message_id is None:
            log.debug("%s: WS-Discovery datagram from %s ignored", self.camera.name, addr)
            return
        self.message_number += 1
        answer = probe_matches(self.camera, message_id, self.instance_id, self.message_number)
        self.transport.sendto(answer, addr)

    def error_received(self, exc: Exception) -> None:
        log.debug("%s: WS-Discovery socket error: %s", self.camera.name, exc)


class DiscoveryResponder:
    """Answers unicast Probes for one camera on ``(camera.address, port)``."""

    def __init__(self, camera: OnvifCameraModel, port: int = WSD_PORT) -> None:
        self.camera = camera
        self.requested_port = port
        self.port = 0
        self._transport: asyncio.DatagramTransport | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _Responder(self.camera), local_addr=(self.camera.address, self.requested_port)
        )
        self._transport = transport
        self.port = transport.get_extra_info("sockname")[1]

    async def aclose(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None
