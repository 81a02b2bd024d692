"""A camera's stream settings (CAM-12, CAM-13; ONVIF Media encoder configurations)
through a real server, the SDK and the CLI, against camsim over loopback.

One camsim serves the module (cam1..cam3, main 640x360, sub 480x270; admin and
``PASSWORD``) and one server recording with 3 s segments. The stream really changes:
camsim re-encodes it and drops its RTSP clients, ffprobe reads the new size and rate
off camsim's RTSP, and the server's recording reconnects and writes segments of the
new size. What the camera itself holds is read straight from camsim with the ONVIF
client library's raw operations, not through the server's mapping.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.polling import wait_until
from tests.support.recorded_packets import segment_files
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    running_server,
)
from vedette_api.client import Client
from vedette_api.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_api.media.segment_header import CorruptSegment
from vedette_api.media.segment_reader import SegmentReader
from vedette_api.v1 import cameras_pb2
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.streams import recommended_kbps

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Pass-7731"
#: camsim answers in milliseconds and re-encodes a small loop in seconds; generous for
#: a loaded machine.
ANSWER_S = 20.0
CHANGE_S = 120.0
STREAMS = ("--main", "640x360", "--sub", "480x270", "--main-kbps", "1000", "--sub-kbps", "300")
T = TypeVar("T")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *STREAMS,
        cameras=3,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("streams"), "--segment-seconds", "3") as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def host_port(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    return onvif_cameras(camsim)[name].host_port


def add(server: ServerProcess, camsim: CamsimProcess, name: str, camera: str, **kw: Any) -> int:
    host, port = host_port(camsim, camera)
    with server.client() as admin:
        added = admin.add_onvif_camera(
            name, host, port, camera_user=USER, camera_password=PASSWORD, **kw
        )
    return added.id


@pytest.fixture(scope="module")
def gate(camsim: CamsimProcess, server: ServerProcess) -> int:
    """Camera "Gate": cam1, added over ONVIF and recording."""
    return add(server, camsim, "Gate", "cam1")


def media_call(camsim: CamsimProcess, camera: str, operation: str, params: Any) -> Any:
    """One raw ONVIF media operation on camsim's ``camera`` (the library's answer)."""
    host, port = host_port(camsim, camera)

    async def run() -> Any:
        async with OnvifDevice(host, port, USER, PASSWORD, timeout_s=ANSWER_S) as device:
            return await device.call("media", operation, params)

    return asyncio.run(run())


def encoder(camsim: CamsimProcess, camera: str, token: str) -> Any:
    """camsim's own encoder configuration ``token`` (raw GetVideoEncoderConfiguration)."""
    return media_call(camsim, camera, "GetVideoEncoderConfiguration", {"ConfigurationToken": token})


def probe(camsim: CamsimProcess, camera: str, stream: str) -> dict[str, Any]:
    """ffprobe's view of camsim's RTSP stream: width, height, r_frame_rate."""
    done = subprocess.run(
        [
            "ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0",
            "-show_entries", "stream=width,height,r_frame_rate", "-of", "json",
            camsim.url(camera, stream),
        ],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (found,) = json.loads(done.stdout)["streams"]
    return dict(found)


def wait_for(what: str, check: Callable[[], T | None], bound_s: float = CHANGE_S) -> T:
    return wait_until(what, check, bound_s)


def segment_sizes(server: ServerProcess, camera_id: int, stream: str) -> list[tuple[int, int, int]]:
    """(start µs, width, height) of each of the camera's ``stream`` segments so far."""
    found = []
    for path in segment_files(server.data / "recordings", camera_id, stream):
        try:
            with SegmentReader.open(path) as reader:
                header = reader.header
        except (OSError, CorruptSegment):  # a segment whose header is being written
            continue
        found.append((header.start_us, header.video.width, header.video.height))
    return found


def by_role(streams: Any) -> dict[str, Any]:
    roles = {cameras_pb2.STREAM_ROLE_MAIN: "main", cameras_pb2.STREAM_ROLE_SUB: "sub"}
    return {roles[s.role]: s for s in streams}


def test_settings_are_read_with_options_and_a_recommended_bitrate(
    client: Client, gate: int
) -> None:
    streams = by_role(client.get_stream_settings(gate).streams)
    main, sub = streams["main"], streams["sub"]
    assert (main.codec, main.width, main.height, main.fps, main.bitrate_kbps) == (
        "H264", 640, 360, 25, 1000,
    )  # fmt: skip
    assert (sub.width, sub.height, sub.bitrate_kbps, sub.gop) == (480, 270, 300, 50)
    sizes = {(r.width, r.height) for r in sub.options.resolutions}
    assert sizes == {(640, 360), (480, 270), (320, 180)}
    assert (sub.options.fps_min, sub.options.fps_max) == (1, 30)
    assert (sub.options.bitrate_min_kbps, sub.options.bitrate_max_kbps) == (32, 8192)
    assert list(main.options.h264_profiles) == ["Baseline"]
    # The Kush gauge, motion rank 0.5..1: 640 x 360 x 25 x 0.07 = 403.2 kbit/s.
    assert (main.recommended_min_kbps, main.recommended_max_kbps) == (202, 403)
    assert recommended_kbps(1920, 1080, 25) == (1814, 3629)
    assert recommended_kbps(320, 180, 10, bounds=(32, 8192)) == (32, 40)


def test_a_sub_stream_change_reaches_the_camera_its_rtsp_and_the_recording(
    camsim: CamsimProcess, server: ServerProcess, client: Client, gate: int
) -> None:
    wait_for(
        "Gate's sub stream is recorded at 480x270",
        lambda: any((w, h) == (480, 270) for _, w, h in segment_sizes(server, gate, "sub")) or None,
    )
    asked_us = time.time_ns() // 1000
    changed = by_role(
        client.set_stream_settings(gate, "sub", width=320, height=180, fps=10).streams
    )
    assert (changed["sub"].width, changed["sub"].height, changed["sub"].fps) == (320, 180, 10)
    assert (changed["main"].width, changed["main"].height) == (640, 360)

    on_camera = encoder(camsim, "cam1", "sub_encoder")
    assert (on_camera.Resolution.Width, on_camera.Resolution.Height) == (320, 180)
    assert on_camera.RateControl.FrameRateLimit == 10
    profiles = {p.token: p for p in media_call(camsim, "cam1", "GetProfiles", None)}
    sub_encoder = profiles["sub"].VideoEncoderConfiguration
    assert (sub_encoder.Resolution.Width, sub_encoder.RateControl.FrameRateLimit) == (320, 10)

    def probed() -> dict[str, Any] | None:
        found = probe(camsim, "cam1", "sub")
        return found if (found["width"], found["height"]) == (320, 180) else None

    found = wait_for("camsim's RTSP sub stream is 320x180", probed)
    assert found["r_frame_rate"] == "10/1"
    assert (probe(camsim, "cam1", "main")["width"]) == 640  # the main stream did not change
    # camsim dropped the sub stream's RTSP connections when it swapped it, the
    # recorder's among them (which is why the recorder reconnects).
    swapped = [line for line in list(camsim.lines) if "cam1/sub now 320x180 10 fps" in line]
    assert swapped and int(swapped[-1].split("dropped ")[1].split()[0]) >= 1, swapped

    def new_segment() -> tuple[int, int, int] | None:
        later = [s for s in segment_sizes(server, gate, "sub") if s[0] >= asked_us]
        return next((s for s in later if s[1:] == (320, 180)), None)

    wait_for("the server records Gate's sub stream at 320x180", new_segment)
    # It goes on recording at the new size (a later segment still comes).
    first = new_segment()
    assert first is not None
    wait_for(
        "a further 320x180 segment",
        lambda: any(s[0] > first[0] and s[1:] == (320, 180)
                    for s in segment_sizes(server, gate, "sub")) or None,
    )  # fmt: skip

    # CAM-13: the camera's status shows the stream as the recorder now receives it.
    def status() -> Any:
        sub = client.get_camera(gate).status.sub
        return sub if (sub.width, sub.height) == (320, 180) and sub.bitrate_kbps > 0 else None

    shown = wait_for("GetCamera's sub status says 320x180", status)
    assert shown.state == cameras_pb2.STREAM_STATE_ONLINE and shown.codec
    entries = [str(e) for e in client.search_logs(limit=1000) if "camera.streams.set" in str(e)]
    assert any("width=320" in e for e in entries), entries


def test_values_outside_the_cameras_options_are_refused_before_they_are_sent(
    camsim: CamsimProcess, client: Client, gate: int
) -> None:
    before = encoder(camsim, "cam1", "main_encoder")
    cases = [
        ({"fps": 99}, "change.fps", "1..30"),
        ({"width": 333, "height": 222}, "change.resolution", "320x180"),
        ({"bitrate_kbps": 99999}, "change.bitrate_kbps", "32..16384"),
        ({"gop": 0}, "change.gop", "1..300"),
        ({"h264_profile": "High"}, "change.h264_profile", "Baseline"),
        ({"width": 640}, "change.width", "together"),
    ]
    for settings, field, bounds in cases:
        with pytest.raises(InvalidArgument) as caught:
            client.set_stream_settings(gate, "main", **settings)  # type: ignore[arg-type]
        assert field in str(caught.value) and bounds in str(caught.value), caught.value
    after = encoder(camsim, "cam1", "main_encoder")
    assert after.RateControl.FrameRateLimit == before.RateControl.FrameRateLimit
    assert after.RateControl.BitrateLimit == before.RateControl.BitrateLimit
    with pytest.raises(NotFound):
        client.get_stream_settings(99_999)


def test_a_camera_without_onvif_has_no_stream_settings(
    camsim: CamsimProcess, client: Client
) -> None:
    plain = client.create_camera(
        "Plain RTSP", camsim.url("cam3", "main", auth=False), enabled=False
    )
    with pytest.raises(FailedPrecondition) as caught:
        client.get_stream_settings(plain.id)
    assert "ONVIF" in str(caught.value)
    with pytest.raises(FailedPrecondition):
        client.set_stream_settings(plain.id, "main", bitrate_kbps=800)


def test_apply_to_all_changes_each_camera_and_reports_the_one_that_failed(
    camsim: CamsimProcess, server: ServerProcess, client: Client
) -> None:
    yard = add(server, camsim, "Yard", "cam2", enabled=False)
    dock = add(server, camsim, "Dock", "cam3", enabled=False)
    plain = client.create_camera(
        "Plain RTSP 2", camsim.url("cam2", "sub", auth=False), enabled=False
    )
    applied = client.apply_stream_settings([yard, plain.id, dock], "main", bitrate_kbps=800)
    results = {r.camera_id: r for r in applied.results}
    assert [r.camera_id for r in applied.results] == [yard, plain.id, dock]
    assert results[plain.id].error_code == "FAILED_PRECONDITION"
    assert "ONVIF" in results[plain.id].error
    for camera_id, name in ((yard, "cam2"), (dock, "cam3")):
        assert results[camera_id].error_code == "", results[camera_id].error
        assert by_role(results[camera_id].streams)["main"].bitrate_kbps == 800
        assert encoder(camsim, name, "main_encoder").RateControl.BitrateLimit == 800
    entries = [str(e) for e in client.search_logs(limit=1000) if "camera.streams.apply" in str(e)]
    assert any("to 2 of 3 cameras" in e and "Yard" in e and "Dock" in e for e in entries), entries
    # A value outside a camera's bounds is that camera's failure, named with the bounds.
    (refused,) = client.apply_stream_settings([yard], "main", bitrate_kbps=1).results
    assert refused.error_code == "INVALID_ARGUMENT" and "32..16384" in refused.error
    assert encoder(camsim, "cam2", "main_encoder").RateControl.BitrateLimit == 800
    with pytest.raises(InvalidArgument):
        client.apply_stream_settings([], "main", bitrate_kbps=800)


def vedette(server: ServerProcess, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        VEDETTE_PASSWORD=ADMIN_PASSWORD,
        VEDETTE_SERVER=server.address,
        XDG_CONFIG_HOME=str(home),
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_the_cli_reads_and_changes_stream_settings(
    camsim: CamsimProcess, server: ServerProcess, gate: int, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    changed = vedette(
        server, home, "cameras", "streams", "Gate", "--stream", "main",
        "--set", "bitrate=700", "gop=25", "--json",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    shown = {s["role"]: s for s in json.loads(changed.stdout)["streams"]}
    assert shown["main"]["bitrate_kbps"] == 700 and shown["main"]["gop"] == 25
    main = encoder(camsim, "cam1", "main_encoder")
    assert (main.RateControl.BitrateLimit, main.H264.GovLength) == (700, 25)

    table = vedette(server, home, "cameras", "streams", str(gate))
    assert table.returncode == 0, table.stderr
    rows = {line.split()[0]: line.split() for line in table.stdout.splitlines()[2:4]}
    assert rows["main"][1:6] == ["H264", "Baseline", "640x360", "25", "700"]
    assert "main offers: 640x360" in table.stdout

    # Apply to all: Gate changes, a camera without ONVIF fails, and the command says so.
    with server.client() as admin:
        admin.create_camera("CLI plain", camsim.url("cam1", "main", auth=False), enabled=False)
    applied = vedette(
        server, home, "cameras", "streams", "Gate", "--set", "bitrate=650",
        "--also", "CLI plain", "--json",
    )  # fmt: skip
    assert applied.returncode != 0 and "1 of 2 cameras were not changed" in applied.stderr
    outcome = {r["camera"]: r for r in json.loads(applied.stdout)["results"]}
    assert outcome["Gate"]["error_code"] == "" and outcome["CLI plain"]["error_code"] == (
        "FAILED_PRECONDITION"
    )
    assert encoder(camsim, "cam1", "main_encoder").RateControl.BitrateLimit == 650

    refused = vedette(server, home, "cameras", "streams", "Gate", "--set", "fps=500")
    assert refused.returncode != 0 and "1..30" in refused.stderr
    unknown = vedette(server, home, "cameras", "streams", "Gate", "--set", "colour=red")
    assert unknown.returncode != 0 and "no stream setting 'colour'" in unknown.stderr
    malformed = vedette(server, home, "cameras", "streams", "Gate", "--set", "resolution=big")
    assert malformed.returncode != 0 and "WIDTHxHEIGHT" in malformed.stderr
