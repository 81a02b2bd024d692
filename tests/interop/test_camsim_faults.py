"""Every camsim fault mode, observed with ffmpeg/ffprobe as the client, as docs/camsim.md says."""

from __future__ import annotations

import json
import subprocess
import time
from itertools import pairwise

import pytest

pytestmark = pytest.mark.interop


def probe_packets(url: str, count: int, transport: str = "tcp") -> list[dict]:
    """The first ``count`` video packets ffprobe receives (counted, not timed, so that
    a timestamp jump cannot end the read early)."""
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-rtsp_transport",
            transport,
            "-select_streams",
            "v:0",
            "-read_intervals",
            f"%+#{count}",
            "-show_entries",
            "packet=pts_time,flags,size",
            "-of",
            "json",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=count / 25 + 60,
    )
    assert result.returncode == 0, result.stderr
    return [p for p in json.loads(result.stdout)["packets"] if "pts_time" in p]


def decode(url: str, seconds: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "ffmpeg",
            "-rtsp_transport",
            "tcp",
            "-i",
            url,
            "-t",
            str(seconds),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )


def pts_steps(packets: list[dict]) -> list[float]:
    times = [float(p["pts_time"]) for p in packets]
    return [b - a for a, b in pairwise(times)]


def test_drop_leaves_a_gap_of_its_length_in_the_timestamps(camsim_factory) -> None:
    camsim = camsim_factory("--fault", "cam1/sub:drop=3s@4s")
    packets = probe_packets(camsim.url("cam1", "sub"), 200)
    steps = pts_steps(packets)
    assert max(steps) == pytest.approx(3.04, abs=0.1), "one gap of the drop's length"
    assert sum(1 for s in steps if s > 0.5) == 1
    assert all(s == pytest.approx(0.04, abs=0.002) for s in steps if s < 0.5)


def test_corrupt_frames_make_the_decoder_conceal_but_playback_goes_on(camsim_factory) -> None:
    camsim = camsim_factory("--fault", "cam1/main:corrupt=0.3@0s")
    result = decode(camsim.url("cam1", "main"), 6)
    assert result.returncode == 0, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if "[h264 @" in line]
    assert errors, "the decoder saw no damaged slices"
    frames = int(result.stderr.rsplit("frame=", 1)[1].split()[0])
    assert frames >= 100  # decoding continued across the damage


def test_truncated_nal_units_are_reported_by_the_decoder(camsim_factory) -> None:
    camsim = camsim_factory("--fault", "cam1/main:truncate=0.5@0s")
    clean = decode(camsim.url("cam1", "sub"), 3)
    damaged = decode(camsim.url("cam1", "main"), 4)
    assert damaged.returncode == 0, damaged.stderr[-2000:]
    assert "[h264 @" not in clean.stderr, "the sub stream has no fault"
    assert "[h264 @" in damaged.stderr


@pytest.mark.parametrize("jump", ["-20s", "+20s"])
def test_timestamp_jump_appears_in_the_stream_timestamps(camsim_factory, jump: str) -> None:
    camsim = camsim_factory("--fault", f"cam1/sub:jump={jump}@4s")
    packets = probe_packets(camsim.url("cam1", "sub"), 200)
    steps = pts_steps(packets)
    jumps = [s for s in steps if abs(s) > 1]
    assert len(jumps) == 1
    assert jumps[0] == pytest.approx(float(jump[:-1]) + 0.04, abs=0.1)


def test_close_ends_the_client_connection_and_refuses_new_sessions_for_a_while(
    camsim_factory,
) -> None:
    camsim = camsim_factory("--fault", "cam1:close@4s+3s")
    before = time.monotonic()
    result = decode(camsim.url("cam1", "sub"), 30)
    closed_at = time.monotonic()  # the fault's start as seen here (camsim's clock starts
    # when its process does, which a loaded machine delays: never time it from before)
    assert closed_at - before < 15, "ffmpeg should end when the camera closes the connection"
    frames = int(result.stderr.rsplit("frame=", 1)[1].split()[0])
    assert frames > 20

    def probe() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", camsim.url("cam1", "sub")],
            capture_output=True,
            text=True,
            timeout=30,
        )

    refused = probe()  # within the 3 s the camera refuses new sessions
    assert refused.returncode != 0 and "503" in refused.stderr
    # Then it takes them again: poll, the window's end depends on camsim's own clock.
    deadline = closed_at + 30
    while True:
        again = probe()
        if again.returncode == 0 or time.monotonic() > deadline:
            break
        assert "503" in again.stderr, again.stderr
        time.sleep(0.5)
    assert again.returncode == 0, again.stderr


def test_refuse_auth_answers_401_even_with_the_right_password(camsim_factory) -> None:
    camsim = camsim_factory(
        "--user", "viewer", "--password", "s3cret-Pass", "--fault", "cam2:refuse-auth", cameras=2
    )
    refused = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", camsim.url("cam2", "main")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode != 0 and "401" in refused.stderr
    ok = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", camsim.url("cam1", "main")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert ok.returncode == 0, ok.stderr


def test_a_bad_fault_spec_is_refused_with_the_reason() -> None:
    import sys

    from tests.support.bytecode import environment

    result = subprocess.run(
        [sys.executable, "-m", "vedette_server.camsim.cli", "--fault", "cam1:explode=3"],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "unknown kind 'explode'" in result.stderr
