"""camsim streams play in RTSP clients nobody here wrote: ffprobe/ffmpeg, GStreamer, PyAV."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
from itertools import pairwise

import av
import pytest

from tests.support.camsim_process import CamsimProcess

pytestmark = pytest.mark.interop

LOOP_MS = 10_000  # camsim's default --loop-seconds


def ffprobe_streams(url: str, transport: str = "tcp", timeout: float = 30) -> list[dict]:
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-rtsp_transport",
            transport,
            "-timeout",
            "10000000",
            "-show_streams",
            "-of",
            "json",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["streams"]


def gst_play(
    url: str, codec: str, frames: int = 30, extra: str = "", transport: str = "tcp"
) -> str:
    """Decode ``frames`` frames with rtspsrc; returns gst-launch's verbose output."""
    depay = {
        "h264": "rtph264depay ! h264parse ! avdec_h264",
        "h265": "rtph265depay ! h265parse ! avdec_h265",
    }[codec]
    pipeline = (
        f"rtspsrc location={url} protocols={transport} latency=100 {extra} ! {depay} ! "
        f"identity eos-after={frames} ! videoconvert ! fakesink sync=false"
    )
    result = subprocess.run(
        ["gst-launch-1.0", "-v", *pipeline.split()],
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 or _only_failed_to_tear_down(output), output[-4000:]
    return result.stdout


def _only_failed_to_tear_down(output: str) -> bool:
    """The frames were decoded (the identity's EOS ended the pipeline) and the only
    errors came from rtspsrc's PAUSE or TEARDOWN while the pipeline shut down: seen
    once in a loaded CI run (udp, "Received end-of-file"; not reproduced in 15 runs),
    it is about rtspsrc's shutdown, not about what this test checks."""
    errors = output.count("ERROR: from element")
    teardown = re.findall(r"gst_rtspsrc_(?:pause|close|try_send) \(\)", output)
    return 'Got EOS from element "pipeline0"' in output and 0 < errors <= len(teardown)


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_ffprobe_reads_codec_size_and_rate_of_main_and_sub(
    camsim_h264: CamsimProcess, transport: str
) -> None:
    main = ffprobe_streams(camsim_h264.url("cam1", "main"), transport)
    video = next(s for s in main if s["codec_type"] == "video")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 640, 360)
    assert video["r_frame_rate"] == "25/1"
    audio = next(s for s in main if s["codec_type"] == "audio")
    assert (audio["codec_name"], audio["sample_rate"], audio["channels"]) == ("aac", "16000", 1)
    sub = ffprobe_streams(camsim_h264.url("cam2", "sub"), transport)
    video = next(s for s in sub if s["codec_type"] == "video")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 320, 180)


def test_default_main_stream_is_1080p_h264(camsim_factory) -> None:
    camsim = camsim_factory("--sub", "none", small=False)
    (video,) = ffprobe_streams(camsim.url())
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 1920, 1080)
    assert video["r_frame_rate"] == "25/1"


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_h265_streams_probe_and_decode_in_ffmpeg(camsim_factory, transport: str) -> None:
    camsim = camsim_factory("--codec", "h265", "--audio", "--audio-codec", "pcmu")
    streams = ffprobe_streams(camsim.url("cam1", "main"), transport)
    video = next(s for s in streams if s["codec_type"] == "video")
    assert (video["codec_name"], video["width"], video["height"]) == ("hevc", 640, 360)
    audio = next(s for s in streams if s["codec_type"] == "audio")
    assert (audio["codec_name"], audio["sample_rate"]) == ("pcm_mulaw", "8000")
    decoded = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-rtsp_transport",
            transport,
            "-i",
            camsim.url("cam1", "sub"),
            "-frames:v",
            "50",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert decoded.returncode == 0 and "error" not in decoded.stderr.lower(), decoded.stderr


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_gstreamer_rtspsrc_plays_h264(camsim_h264: CamsimProcess, transport: str) -> None:
    out = gst_play(camsim_h264.url("cam1", "main"), "h264", transport=transport)
    assert "width=(int)640" in out and "height=(int)360" in out


def test_gstreamer_rtspsrc_plays_h265(camsim_factory) -> None:
    camsim = camsim_factory("--codec", "h265")
    out = gst_play(camsim.url("cam1", "main"), "h265")
    assert "width=(int)640" in out and "video/x-h265" in out


def _clock_readings(url: str, frames: int) -> list[tuple[int, float]]:
    """(burned-in clock value in ms, wall time ms mod the loop at decode) per decoded frame."""
    from vedette_server.camsim import clockcode

    readings = []
    with av.open(url, options={"rtsp_transport": "tcp", "timeout": "10000000"}) as container:
        for frame in container.decode(video=0):
            now_ms = time.time() * 1000 % LOOP_MS
            value = clockcode.read(frame.to_ndarray(format="gray"))
            assert value is not None, "burned-in clock strip unreadable"
            readings.append((value, now_ms))
            if len(readings) == frames:
                break
    return readings


def test_pyav_decodes_frames_in_order_with_low_latency(camsim_h264: CamsimProcess) -> None:
    readings = _clock_readings(camsim_h264.url("cam1", "main"), 100)
    values = [v for v, _ in readings]
    steps = [(b - a) % LOOP_MS for a, b in pairwise(values)]
    assert steps == [40] * len(steps), "frames missing, repeated or out of order"
    # Frames that arrived live (after the replayed GOP) show the wall clock.
    latencies = [(now - value) % LOOP_MS for value, now in readings[60:]]
    median = statistics.median(latencies)
    assert median < 500, f"end-to-end latency median {median:.0f} ms"


def test_authentication_in_ffprobe_gstreamer_and_pyav(camsim_factory) -> None:
    camsim = camsim_factory("--user", "viewer", "--password", "s3cret-Pass")
    assert ffprobe_streams(camsim.url("cam1", "sub"))[0]["codec_name"] == "h264"
    for url in (
        camsim.url("cam1", "sub", auth=False),
        camsim.url("cam1", "sub").replace("s3cret", "wrong"),
    ):
        refused = subprocess.run(
            ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", url],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert refused.returncode != 0 and "401" in refused.stderr
    gst_play(
        camsim.url("cam1", "sub", auth=False), "h264", extra="user-id=viewer user-pw=s3cret-Pass"
    )
    with pytest.raises(subprocess.CalledProcessError):
        subprocess.run(
            [
                "gst-launch-1.0",
                "rtspsrc",
                f"location={camsim.url('cam1', 'sub', auth=False)}",
                "user-id=viewer",
                "user-pw=wrong",
                "!",
                "fakesink",
            ],
            capture_output=True,
            timeout=30,
            check=True,
        )
    with av.open(camsim.url("cam1", "sub"), options={"rtsp_transport": "tcp"}) as container:
        assert next(container.decode(video=0)).width == 320
