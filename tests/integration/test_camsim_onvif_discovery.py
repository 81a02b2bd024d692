"""camsim's WS-Discovery responder, probed by unicast on loopback (never multicast).

Each camera answers on its own address, 127.0.1.(10+i):3702; a probe goes to one
camera and the answer comes back to the sender's port alone. Every receive is
bounded; probes are re-sent each second while waiting (UDP may drop, loopback rarely).
"""

from __future__ import annotations

import socket
import time
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from lxml import etree

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import CamsimProcess, start_camsim

pytestmark = pytest.mark.slow

WAIT_S = 20.0
ENV = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
TDS = "http://www.onvif.org/ver10/device/wsdl"
DN = "http://www.onvif.org/ver10/network/wsdl"


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL, "--onvif", "--onvif-port", "0", cameras=2)
    yield process
    process.stop()


@pytest.fixture
def sender() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield sock
    sock.close()


def probe(
    message_id: str, types: str | None = "dn:NetworkVideoTransmitter", scopes: str = ""
) -> bytes:
    types_element = f"<d:Types>{types}</d:Types>" if types is not None else ""
    scopes_element = f"<d:Scopes>{scopes}</d:Scopes>" if scopes else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{ENV}" xmlns:a="{WSA}" xmlns:d="{WSD}" xmlns:dn="{DN}"'
        f' xmlns:tds="{TDS}"><s:Header>'
        f"<a:Action>{WSD}/Probe</a:Action><a:MessageID>{message_id}</a:MessageID>"
        f"<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
        f"<s:Body><d:Probe>{types_element}{scopes_element}</d:Probe></s:Body></s:Envelope>"
    ).encode()


def new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def answers_until(
    sock: socket.socket, target: tuple[str, int], datagrams: list[bytes], wanted_id: str
) -> list[etree._Element]:
    """Send ``datagrams`` (again each second) to ``target`` until an answer relates to
    ``wanted_id``; every answer received by then, in order."""
    received: list[etree._Element] = []
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        for datagram in datagrams:
            sock.sendto(datagram, target)
        resend = time.monotonic() + 1.0
        while time.monotonic() < min(resend, deadline):
            sock.settimeout(max(0.01, min(resend, deadline) - time.monotonic()))
            try:
                data, source = sock.recvfrom(65_535)
            except TimeoutError:
                continue
            assert source == target, f"an answer came from {source}, not {target}"
            envelope = etree.fromstring(data)
            received.append(envelope)
            if relates_to(envelope) == wanted_id:
                return received
    raise AssertionError(f"no ProbeMatch for {wanted_id} from {target} within {WAIT_S} s")


def relates_to(envelope: etree._Element) -> str:
    return (envelope.findtext(f"{{{ENV}}}Header/{{{WSA}}}RelatesTo") or "").strip()


def match_of(envelope: etree._Element) -> dict[str, str]:
    match = envelope.find(f"{{{ENV}}}Body/{{{WSD}}}ProbeMatches/{{{WSD}}}ProbeMatch")
    assert match is not None, etree.tostring(envelope)
    return {
        "address": match.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address") or "",
        "types": match.findtext(f"{{{WSD}}}Types") or "",
        "scopes": match.findtext(f"{{{WSD}}}Scopes") or "",
        "xaddrs": match.findtext(f"{{{WSD}}}XAddrs") or "",
        "metadata_version": match.findtext(f"{{{WSD}}}MetadataVersion") or "",
    }


def test_a_unicast_probe_gets_the_cameras_probe_match(
    camsim: CamsimProcess, sender: socket.socket
) -> None:
    cameras = onvif_cameras(camsim)
    assert sorted(cameras) == ["cam1", "cam2"]
    assert (cameras["cam1"].discovery_address, cameras["cam1"].discovery_port) == (
        "127.0.1.11",
        3702,
    )
    assert (cameras["cam2"].discovery_address, cameras["cam2"].discovery_port) == (
        "127.0.1.12",
        3702,
    )
    endpoints = set()
    for name, camera in cameras.items():
        message_id = new_id()
        target = (camera.discovery_address, camera.discovery_port)
        answers = answers_until(sender, target, [probe(message_id)], message_id)
        match = match_of(answers[-1])
        assert match["xaddrs"] == camera.device_url
        assert camera.device_url.startswith(f"http://{camera.discovery_address}:")
        assert match["address"].startswith("urn:uuid:")
        assert {"dn:NetworkVideoTransmitter", "tds:Device"} <= set(match["types"].split())
        scopes = set(match["scopes"].split())
        assert f"onvif://www.onvif.org/name/{name}" in scopes
        assert "onvif://www.onvif.org/Profile/Streaming" in scopes
        assert match["metadata_version"]
        endpoints.add(match["address"])
    assert len(endpoints) == 2


def test_probes_without_types_or_for_a_matching_scope_are_answered(
    camsim: CamsimProcess, sender: socket.socket
) -> None:
    camera = onvif_cameras(camsim)["cam1"]
    address, port = camera.discovery_address, camera.discovery_port
    for types, scopes in [
        (None, ""),  # no Types at all, as the wsdiscovery package probes
        ("tds:Device", "onvif://www.onvif.org/name/cam1"),
        ("dn:NetworkVideoTransmitter", "onvif://www.onvif.org/Profile"),  # a scope prefix
    ]:
        datagram_id = new_id()
        datagram = probe(datagram_id, types=types, scopes=scopes)
        answers = answers_until(sender, (address, port), [datagram], datagram_id)
        assert match_of(answers[-1])["address"].startswith("urn:uuid:")


def test_non_matching_and_malformed_datagrams_get_no_answer_and_do_not_stop_the_responder(
    camsim: CamsimProcess, sender: socket.socket
) -> None:
    camera = onvif_cameras(camsim)["cam1"]
    address, port = camera.discovery_address, camera.discovery_port
    wrong_type, wrong_scope, good = new_id(), new_id(), new_id()
    datagrams = [
        b"\x00not xml at all",
        b"<unclosed",
        probe(wrong_type, types="tds:SomethingElse"),
        probe(wrong_scope, scopes="onvif://www.onvif.org/name/cam2"),
        probe(good),  # sent last: the responder answers in order, so earlier ones came first
    ]
    answers = answers_until(sender, (address, port), datagrams, good)
    assert {relates_to(a) for a in answers} == {good}


def test_without_credentials_the_onvif_service_is_open(camsim: CamsimProcess) -> None:
    device_url = onvif_cameras(camsim)["cam1"].device_url
    body = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tds="{TDS}"><s:Body>'
        "<tds:GetDeviceInformation/></s:Body></s:Envelope>"
    ).encode()
    request = urllib.request.Request(
        device_url, body, {"Content-Type": "application/soap+xml; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=WAIT_S) as response:
        envelope = etree.fromstring(response.read())
    assert envelope.findtext(f".//{{{TDS}}}Model") == "camsim"
