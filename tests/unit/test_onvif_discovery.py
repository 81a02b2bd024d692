"""The WS-Discovery prober: Probe building, ProbeMatches parsing, targets, and a probe
round trip with in-test responders on loopback addresses (unicast only: nothing here
sends multicast)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import pytest
from lxml import etree

from vedette_server.errors import InvalidArgument
from vedette_server.onvif import discovery
from vedette_server.onvif.discovery import (
    DN,
    ENV,
    WSA,
    WSD,
    build_probe,
    parse_probe_matches,
    parse_targets,
    probe,
)

MESSAGE_ID = "urn:uuid:11111111-2222-3333-4444-555555555555"


def probe_matches(
    relates_to: str,
    endpoint: str = "urn:uuid:cam-1",
    xaddrs: str = "http://127.0.1.11:8080/onvif/device_service",
    scopes: str = "onvif://www.onvif.org/name/Front%20door onvif://www.onvif.org/hardware/X1",
) -> bytes:
    endpoint_element = (
        f"<a:EndpointReference><a:Address>{endpoint}</a:Address></a:EndpointReference>"
        if endpoint
        else ""
    )
    return (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:a="{WSA}" xmlns:d="{WSD}" xmlns:dn="{DN}">'
        f"<s:Header><a:RelatesTo>{relates_to}</a:RelatesTo></s:Header><s:Body>"
        f"<d:ProbeMatches><d:ProbeMatch>{endpoint_element}"
        f"<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>{scopes}</d:Scopes>"
        f"<d:XAddrs>{xaddrs}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion>"
        f"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
    ).encode()


def test_a_probe_asks_for_video_transmitters_with_its_message_id() -> None:
    envelope = etree.fromstring(build_probe(MESSAGE_ID))
    header = envelope.find(f"{{{ENV}}}Header")
    assert header is not None
    assert header.findtext(f"{{{WSA}}}MessageID") == MESSAGE_ID
    assert header.findtext(f"{{{WSA}}}Action") == f"{WSD}/Probe"
    types = envelope.find(f"{{{ENV}}}Body/{{{WSD}}}Probe/{{{WSD}}}Types")
    assert types is not None and types.text == "dn:NetworkVideoTransmitter"
    assert types.nsmap["dn"] == DN


def test_a_probe_match_gives_endpoint_addresses_name_and_hardware() -> None:
    (device,) = parse_probe_matches(probe_matches(MESSAGE_ID), MESSAGE_ID, "127.0.1.11")
    assert device.endpoint == "urn:uuid:cam-1"
    assert device.xaddrs == ("http://127.0.1.11:8080/onvif/device_service",)
    assert device.name == "Front door"  # percent-decoded
    assert device.hardware == "X1"
    assert device.host_port == ("127.0.1.11", 8080)
    assert device.source == "127.0.1.11"


def test_a_device_service_without_a_port_is_on_80_and_without_xaddrs_on_the_sender() -> None:
    data = probe_matches(MESSAGE_ID, xaddrs="http://192.0.2.7/onvif/device_service")
    (device,) = parse_probe_matches(data, MESSAGE_ID, "192.0.2.7")
    assert device.host_port == ("192.0.2.7", 80)
    (bare,) = parse_probe_matches(probe_matches(MESSAGE_ID, xaddrs=""), MESSAGE_ID, "192.0.2.8")
    assert bare.host_port == ("192.0.2.8", 80)
    assert bare.name == "Front door"


@pytest.mark.parametrize(
    "data",
    [
        probe_matches("urn:uuid:another-probe"),
        probe_matches(MESSAGE_ID, endpoint=""),
        b"not xml at all",
        b"",
        b"<Envelope/>",
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">]>'
        + probe_matches(MESSAGE_ID).replace(b"urn:uuid:cam-1", b"&a;"),
    ],
    ids=["other-probe", "no-endpoint", "not-xml", "empty", "not-soap", "entity"],
)
def test_anything_but_a_match_for_our_probe_is_ignored(data: bytes) -> None:
    assert parse_probe_matches(data, MESSAGE_ID, "127.0.1.11") == []


def test_targets_are_addresses_and_ranges_with_an_optional_port() -> None:
    assert parse_targets(["127.0.1.11"]) == [("127.0.1.11", 3702)]
    assert parse_targets(["127.0.1.11-127.0.1.13"]) == [
        ("127.0.1.11", 3702),
        ("127.0.1.12", 3702),
        ("127.0.1.13", 3702),
    ]
    assert parse_targets(["10.0.0.255-10.0.1.0:4000"]) == [("10.0.0.255", 4000), ("10.0.1.0", 4000)]
    assert parse_targets([" 127.0.1.11:5000 ", "127.0.1.12"]) == [
        ("127.0.1.11", 5000),
        ("127.0.1.12", 3702),
    ]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("camera.local", "not an IPv4 address"),
        ("127.0.1.300", "not an IPv4 address"),
        ("127.0.1.20-127.0.1.10", "ends before it starts"),
        ("127.0.1.11:0", "port must be 1..65535"),
        ("127.0.1.11:http", "port must be 1..65535"),
        ("10.0.0.0-10.0.255.255", "at most 4096"),
    ],
)
def test_a_bad_target_is_refused_naming_it(spec: str, words: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        parse_targets([spec])
    assert refused.value.field == "targets"
    assert words in refused.value.reason


class Responder:
    """A UDP socket on a loopback address that answers each Probe with ProbeMatches
    (preceded by junk and an answer to another probe, and repeated, as a noisy
    network would)."""

    def __init__(self, address: str, port: int, endpoint: str) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, port))
        self.sock.setblocking(False)
        self.address = address
        self.endpoint = endpoint
        self.probes = 0

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def answer(self) -> None:
        try:
            data, sender = self.sock.recvfrom(65_535)
        except BlockingIOError:
            return
        self.probes += 1
        message_id = etree.fromstring(data).findtext(f"{{{ENV}}}Header/{{{WSA}}}MessageID")
        assert message_id
        xaddrs = f"http://{self.address}:8080/onvif/device_service"
        for reply in (
            b"junk",
            probe_matches("urn:uuid:not-yours", endpoint="urn:uuid:stranger"),
            probe_matches(message_id, endpoint=self.endpoint, xaddrs=xaddrs),
            probe_matches(message_id, endpoint=self.endpoint, xaddrs=xaddrs),
        ):
            self.sock.sendto(reply, sender)


@pytest.fixture
def responders() -> Iterator[list[Responder]]:
    first = Responder("127.0.1.201", 0, "urn:uuid:cam-201")
    second = Responder("127.0.1.202", first.port, "urn:uuid:cam-202")
    yield [first, second]
    for responder in (first, second):
        responder.sock.close()


async def collect(targets: list[tuple[str, int]], responders: list[Responder], timeout_s: float):  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    for responder in responders:
        loop.add_reader(responder.sock.fileno(), responder.answer)
    try:
        return [device async for device in probe(targets, timeout_s)]
    finally:
        for responder in responders:
            loop.remove_reader(responder.sock.fileno())


def test_a_unicast_probe_of_a_range_finds_each_device_once_and_ends_when_all_answered(
    responders: list[Responder],
) -> None:
    port = responders[0].port
    targets = parse_targets([f"127.0.1.201-127.0.1.202:{port}"])
    started = time.monotonic()
    found = asyncio.run(collect(targets, responders, timeout_s=20.0))
    assert time.monotonic() - started < 10.0  # every target answered: no waiting out 20 s
    assert sorted(d.endpoint for d in found) == ["urn:uuid:cam-201", "urn:uuid:cam-202"]
    assert {d.source for d in found} == {"127.0.1.201", "127.0.1.202"}
    assert all(r.probes >= 1 for r in responders)


def test_a_probe_where_nobody_answers_ends_at_its_timeout(responders: list[Responder]) -> None:
    started = time.monotonic()
    found = asyncio.run(collect([("127.0.1.203", responders[0].port)], [], timeout_s=0.5))
    assert found == []
    assert 0.4 <= time.monotonic() - started < 10.0


def test_multicast_is_off_unless_asked() -> None:
    targets = [("127.0.1.204", 3702)]
    assert discovery.destinations(targets, multicast=False) == targets
    assert discovery.destinations(targets, multicast=True) == [
        *targets,
        ("239.255.255.250", 3702),
    ]
