"""camsim's ONVIF answers are valid against the WSDL schemas (xmlschema, an independent validator).

camsim renders its answers with zeep from the same WSDLs; xmlschema checks them with
its own engine, so a required element left out, a wrong order or an unbound QName
prefix fails here. Every operation camsim offers is asked once (a new operation
without a case here fails the coverage test), and the WS-Discovery ProbeMatches is
checked against ws-discovery.xsd.
"""

from __future__ import annotations

import importlib.util
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from lxml import etree
from xmlschema.extras.wsdl import Wsdl11Document

from tests.conftest import SMALL
from tests.integration.onvif_camsim import onvif_cameras
from tests.support.camsim_process import CamsimProcess, start_camsim
from vedette_server.camsim.onvif.device import DeviceService
from vedette_server.camsim.onvif.media import MediaService

pytestmark = pytest.mark.slow

WAIT_S = 20.0
ENV = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TRT = "http://www.onvif.org/ver10/media/wsdl"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"

#: (service namespace, request body) for every operation camsim answers.
REQUESTS = {
    (TDS, "GetSystemDateAndTime"): "<tds:GetSystemDateAndTime/>",
    (TDS, "GetDeviceInformation"): "<tds:GetDeviceInformation/>",
    (TDS, "GetServices"): "<tds:GetServices><tds:IncludeCapability>true"
    "</tds:IncludeCapability></tds:GetServices>",
    (TDS, "GetServiceCapabilities"): "<tds:GetServiceCapabilities/>",
    (TDS, "GetCapabilities"): "<tds:GetCapabilities><tds:Category>All</tds:Category>"
    "</tds:GetCapabilities>",
    (TDS, "GetScopes"): "<tds:GetScopes/>",
    (TDS, "GetHostname"): "<tds:GetHostname/>",
    (TDS, "GetNetworkInterfaces"): "<tds:GetNetworkInterfaces/>",
    (TRT, "GetServiceCapabilities"): "<trt:GetServiceCapabilities/>",
    (TRT, "GetProfiles"): "<trt:GetProfiles/>",
    (TRT, "GetProfile"): "<trt:GetProfile><trt:ProfileToken>sub</trt:ProfileToken>"
    "</trt:GetProfile>",
    (TRT, "GetVideoSources"): "<trt:GetVideoSources/>",
    (TRT, "GetVideoEncoderConfigurations"): "<trt:GetVideoEncoderConfigurations/>",
    (TRT, "GetVideoEncoderConfiguration"): "<trt:GetVideoEncoderConfiguration>"
    "<trt:ConfigurationToken>main_encoder</trt:ConfigurationToken>"
    "</trt:GetVideoEncoderConfiguration>",
    (TRT, "GetStreamUri"): "<trt:GetStreamUri><trt:StreamSetup>"
    '<tt:Stream xmlns:tt="http://www.onvif.org/ver10/schema">RTP-Unicast</tt:Stream>'
    '<tt:Transport xmlns:tt="http://www.onvif.org/ver10/schema"><tt:Protocol>TCP</tt:Protocol>'
    "</tt:Transport></trt:StreamSetup><trt:ProfileToken>main</trt:ProfileToken>"
    "</trt:GetStreamUri>",
}


def wsdl_dir() -> Path:
    spec = importlib.util.find_spec("onvif")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "wsdl"


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    """Namespace → the global elements of that service's WSDL schemas (loads in ~4 s)."""
    found = {}
    for namespace, name in [(TDS, "devicemgmt.wsdl"), (TRT, "media.wsdl")]:
        document = Wsdl11Document(str(wsdl_dir() / name), allow="local")
        found[namespace] = document.schema.maps.elements
    return found


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL, "--onvif", "--onvif-port", "0", "--discovery-port", "0", cameras=1
    )
    yield process
    process.stop()


def call(url: str, body: str) -> etree._Element:
    """The first element of the answer's SOAP Body (raises on an HTTP error)."""
    data = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tds="{TDS}" xmlns:trt="{TRT}">'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/soap+xml"})
    with urllib.request.urlopen(request, timeout=WAIT_S) as response:
        envelope = etree.fromstring(response.read())
    body_element = envelope.find(f"{{{ENV}}}Body")
    assert body_element is not None
    return body_element[0]


def test_every_operation_camsim_offers_has_a_case_here() -> None:
    # The services only store their arguments; their operation tables are what is served.
    offered = {(TDS, name) for name in DeviceService(None, None).operations}  # type: ignore[arg-type]
    offered |= {(TRT, name) for name in MediaService(None, None).operations}  # type: ignore[arg-type]
    assert offered == set(REQUESTS)


@pytest.mark.parametrize(("namespace", "operation"), sorted(REQUESTS), ids=lambda v: v[-20:])
def test_the_answer_is_valid_against_the_wsdl_schema(
    camsim: CamsimProcess, schemas: dict[str, Any], namespace: str, operation: str
) -> None:
    camera = onvif_cameras(camsim)["cam1"]
    url = camera.device_url if namespace == TDS else camera.media_url
    answer = call(url, REQUESTS[(namespace, operation)])
    assert answer.tag == f"{{{namespace}}}{operation}Response"
    element = schemas[namespace][answer.tag]
    errors = [str(e) for e in element.iter_errors(answer, namespaces=dict(answer.nsmap))]
    assert errors == []


def test_a_probe_match_is_valid_against_ws_discovery_xsd(camsim: CamsimProcess) -> None:
    camera = onvif_cameras(camsim)["cam1"]
    folder = wsdl_dir()
    schema = xmlschema.XMLSchema(
        str(folder / "ws-discovery.xsd"),
        locations=[(WSA, str(folder / "addressing"))],
        allow="local",
    )
    message_id = "urn:uuid:3f0c1e2a-0000-4000-8000-000000000001"
    probe = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:a="{WSA}" xmlns:d="{WSD}"><s:Header>'
        f"<a:Action>{WSD}/Probe</a:Action><a:MessageID>{message_id}</a:MessageID></s:Header>"
        "<s:Body><d:Probe/></s:Body></s:Envelope>"
    ).encode()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        deadline = time.monotonic() + WAIT_S
        data = b""
        while not data:
            assert time.monotonic() < deadline, "no ProbeMatches"
            sock.sendto(probe, (camera.discovery_address, camera.discovery_port))
            sock.settimeout(1.0)
            try:
                data, _ = sock.recvfrom(65_535)
            except TimeoutError:
                continue
    envelope = etree.fromstring(data)
    for name in ("ProbeMatches", "AppSequence"):
        element = envelope.find(f".//{{{WSD}}}{name}")
        assert element is not None, name
        errors = [str(e) for e in schema.iter_errors(element, namespaces=dict(element.nsmap))]
        assert errors == [], name


def test_a_fault_names_its_ter_subcode_with_a_bound_prefix(camsim: CamsimProcess) -> None:
    device_url = onvif_cameras(camsim)["cam1"].device_url
    data = f'<s:Envelope xmlns:s="{ENV}"><s:Body><tds:GetUsers xmlns:tds="{TDS}"/></s:Body>'
    request = urllib.request.Request(
        device_url, (data + "</s:Envelope>").encode(), {"Content-Type": "application/soap+xml"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=WAIT_S)
    assert caught.value.code == 500
    envelope = etree.fromstring(caught.value.read())
    value = envelope.find(f".//{{{ENV}}}Subcode/{{{ENV}}}Value")
    assert value is not None and value.text is not None
    prefix, _, local = value.text.partition(":")
    assert (value.nsmap[prefix], local) == (
        "http://www.onvif.org/ver10/error",
        "ActionNotSupported",
    )
