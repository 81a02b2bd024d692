"""camsim's opt-in WS-Discovery multicast: its Hello and Bye, and that it stays off.

Nothing here sends multicast: real multicast is exercised only inside a private
network namespace (tests/interop/test_onvif_peers.py).
"""

from __future__ import annotations

import asyncio

import pytest
import xmlschema
from lxml import etree

from vedette_api.media.packet import Codec
from vedette_server.camsim.cli import build_parser, main
from vedette_server.camsim.onvif.discovery import (
    DiscoveryResponder,
    MulticastResponder,
    announcement,
)
from vedette_server.camsim.onvif.fleet import OnvifFleet
from vedette_server.camsim.onvif.model import DeviceClock, OnvifCameraModel
from vedette_server.camsim.onvif.schema import wsdl_dir

WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"


def camera() -> OnvifCameraModel:
    model = OnvifCameraModel("cam1", 1, Codec.H264, 25, 50, [], DeviceClock([]))
    model.port = 8080
    return model


@pytest.fixture(scope="module")
def discovery_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(
        str(wsdl_dir() / "ws-discovery.xsd"),
        locations=[(WSA, str(wsdl_dir() / "addressing"))],
        allow="local",
    )


@pytest.mark.parametrize("kind", ["Hello", "Bye"])
def test_hello_and_bye_are_valid_and_name_the_camera(
    kind: str, discovery_schema: xmlschema.XMLSchema
) -> None:
    envelope = etree.fromstring(announcement(camera(), kind, instance_id=7, message_number=3))
    assert envelope.findtext(f".//{{{WSA}}}Action") == f"{WSD}/{kind}"
    assert envelope.findtext(f".//{{{WSA}}}To") == "urn:schemas-xmlsoap-org:ws:2005:04:discovery"
    body = envelope.find(f".//{{{WSD}}}{kind}")
    assert body is not None
    errors = [str(e) for e in discovery_schema.iter_errors(body, namespaces=dict(body.nsmap))]
    assert errors == []
    address = body.findtext(f"{{{WSA}}}EndpointReference/{{{WSA}}}Address")
    assert address == camera().endpoint_uuid
    sequence = envelope.find(f".//{{{WSD}}}AppSequence")
    assert sequence is not None and sequence.get("InstanceId") == "7"
    xaddrs = body.findtext(f"{{{WSD}}}XAddrs")
    if kind == "Hello":
        assert xaddrs == "http://127.0.1.11:8080/onvif/device_service"
        assert "dn:NetworkVideoTransmitter" in (body.findtext(f"{{{WSD}}}Types") or "")
    else:
        assert xaddrs is None  # a Bye names the endpoint only


def test_multicast_is_off_by_default() -> None:
    args = build_parser().parse_args(["--onvif"])
    assert args.discovery_multicast is None
    fleet = OnvifFleet([camera()], None, http_port=0)
    assert fleet.multicast_interface is None


def test_the_option_defaults_to_lo_and_needs_onvif(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["--onvif", "--discovery-multicast"])
    assert args.discovery_multicast == "lo"
    with pytest.raises(SystemExit):
        main(["--discovery-multicast"])
    assert "--discovery-multicast: it announces ONVIF cameras, give --onvif" in (
        capsys.readouterr().err
    )


def test_an_unknown_interface_is_a_clear_error_and_joins_nothing() -> None:
    responder = DiscoveryResponder(camera(), port=0)
    multicast = MulticastResponder([responder], interface="no-such-if0")

    async def start_and_close() -> None:
        try:
            await multicast.start()
        finally:
            await multicast.aclose()  # nothing to close, and no Bye: it never started

    with pytest.raises(OSError, match="no network interface 'no-such-if0'"):
        asyncio.run(start_and_close())
