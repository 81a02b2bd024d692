"""Ingest workers record real RTSP servers (camsim, GStreamer) into readable segments."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import av
import pytest

from tests.integration.ingest_harness import (
    IngestHarness,
    camera_config,
    free_port,
    make_volume,
    media_records,
    start_gst_server,
)
from tests.support.camsim_process import CamsimProcess
from vedette_api.media.packet import Codec
from vedette_api.media.records import RecordKind
from vedette_api.media.segment_reader import SegmentReader, scan_segment
from vedette_server.camsim import clockcode
from vedette_server.ingest import Health, StreamCodecs, StreamState
from vedette_server.ingest.codec_params import parameter_sets
from vedette_server.ingest.wallclock import DEFAULT_DRIFT_THRESHOLD_US

LOOP_MS = 10_000  # camsim's default --loop-seconds


def burned_in_clock_error_ms(path: Path) -> list[float]:
    """For each keyframe of a main-stream segment: its timestamp minus the clock camsim
    burned into the picture (both modulo the loop), in ms."""
    errors = []
    with SegmentReader.open(path) as reader:
        video = reader.header.video
        for _, record in reader.records():
            if record.kind != RecordKind.VIDEO or not record.keyframe:
                continue
            context = av.CodecContext.create("h264", "r")
            frames = list(context.decode(av.Packet(video.extradata + record.payload)))
            frames += list(context.decode(None))
            shown_ms = clockcode.read(frames[0].to_ndarray(format="gray"))
            assert shown_ms is not None, "burned-in clock unreadable"
            stamped_ms = record.timestamp_us / 1000 % LOOP_MS
            errors.append((stamped_ms - shown_ms + LOOP_MS / 2) % LOOP_MS - LOOP_MS / 2)
    return errors


def test_camsim_main_sub_and_audio_are_recorded_in_keyframe_aligned_segments(
    camsim_h264: CamsimProcess, tmp_path: Path
) -> None:
    volume = make_volume(tmp_path)
    started_us = time.time_ns() // 1000
    with IngestHarness() as ingest:
        url = camsim_h264.url
        ingest.set_cameras([camera_config(7, url("cam1", "main"), url("cam1", "sub"), [volume])])
        ingest.wait_for(
            "two closed segments per stream",
            lambda: len(ingest.closed(7, "main")) >= 2 and len(ingest.closed(7, "sub")) >= 2,
            timeout_s=20,
        )
        online = ingest.wait_for(
            "a health report with rates",
            lambda: [h for h in ingest.health(7, "main") if h.fps > 0],
        )
    stopped_us = time.time_ns() // 1000
    health: Health = online[-1]
    assert health.state == StreamState.ONLINE and health.reason is None
    assert 23 <= health.fps <= 27 and 500 <= health.bitrate_kbps <= 2000
    assert health.recording and health.has_audio and (health.width, health.height) == (640, 360)
    assert started_us < health.last_packet_us <= stopped_us

    # A second report when the first keyframe showed the size the SDP did not.
    codecs = [m for m in ingest.of(StreamCodecs) if m.stream == "main"][-1]
    assert [t.codec for t in codecs.tracks] == [Codec.H264, Codec.AAC]
    assert (codecs.tracks[0].width, codecs.tracks[0].height) == (640, 360)

    for stream in ("main", "sub"):
        closed = sorted(ingest.closed(7, stream), key=lambda m: m.start_us)
        assert len(closed) == len(ingest.opened(7, stream)), "every opened segment is closed"
        for before, after in pairwise(closed):
            assert after.start_us - before.end_us < 100_000, "segments follow without a gap"
        for message in closed:
            path = Path(volume.root) / message.relpath
            scan = scan_segment(path)
            assert scan.clean, scan.error
            assert (scan.frames, scan.start_us, scan.end_us) == (
                message.frames,
                message.start_us,
                message.end_us,
            )
            assert message.size_bytes == path.stat().st_size
            assert started_us - 2_500_000 <= scan.start_us and scan.end_us <= stopped_us + 500_000
            records = media_records(path)
            assert records[0].kind == RecordKind.VIDEO and records[0].keyframe
            video = [r for r in records if r.kind == RecordKind.VIDEO]
            video_s = (video[-1].timestamp_us + video[-1].duration_us - video[0].timestamp_us) / 1e6
            # 25 fps, but not exactly in wall-clock time while the wall clock slews a
            # late start-up anchor (at most 10 % of a frame step; ARCHITECTURE.md "Time"):
            # a loaded CI run recorded 100 frames in 3.955 s.
            slack = 1 + 0.1 * len(video)
            assert scan.frames == len(video) and abs(len(video) - 25 * video_s) <= slack
            assert abs(len(video) - 25 * (scan.end_us - scan.start_us) / 1e6) <= slack + 2
            audio = [r for r in records if r.kind == RecordKind.AUDIO]
            assert len(audio) >= (scan.end_us - scan.start_us) / 64_000 - 3  # 1024 @ 16 kHz
            for kind in (RecordKind.VIDEO, RecordKind.AUDIO):
                times = [r.timestamp_us for r in records if r.kind == kind]
                assert times == sorted(times)
        header = SegmentReader.open(Path(volume.root) / closed[0].relpath)
        assert header.header.audio is not None and header.header.audio.codec == Codec.AAC
        header.close()

    main_path = Path(volume.root) / ingest.closed(7, "main")[0].relpath
    errors = burned_in_clock_error_ms(main_path)
    # Within the wall clock's drift threshold (2 s: past it the stream is re-anchored,
    # ARCHITECTURE.md "Time"). Usually within tens of ms; two CI runs beside a soak at
    # load 12-20 saw a constant -579 and -888 ms on one connection (stamped earlier
    # than the camera's clock: not explained yet, docs/time.md "Known limits").
    assert errors and all(abs(e) < DEFAULT_DRIFT_THRESHOLD_US / 1000 for e in errors), errors


@pytest.mark.interop
def test_third_party_h264_from_gstreamer_is_recorded(tmp_path: Path) -> None:
    port = free_port()
    pipeline = (
        "( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=25/1 ! "
        "x264enc tune=zerolatency key-int-max=25 ! rtph264pay name=pay0 pt=96 )"
    )
    server = start_gst_server(port, f"cam/h264={pipeline}")
    try:
        volume = make_volume(tmp_path)
        with IngestHarness() as ingest:
            url = f"rtsp://127.0.0.1:{port}/cam/h264"
            ingest.set_cameras([camera_config(3, url, None, [volume], segment_seconds=2)])
            ingest.wait_for("a closed segment", lambda: ingest.closed(3, "main"), timeout_s=20)
    finally:
        server.terminate()
        server.wait(10)
    closed = ingest.closed(3, "main")
    for message in closed:
        path = Path(volume.root) / message.relpath
        scan = scan_segment(path)
        assert scan.clean and scan.header is not None
        assert scan.header.video.codec == Codec.H264
        assert (scan.header.video.width, scan.header.video.height) == (320, 240)
        records = media_records(path)
        assert records[0].kind == RecordKind.VIDEO and records[0].keyframe
        # (As above: a slewed start-up anchor packs up to 10 % more frames in a second.)
        assert abs(scan.frames - 25 * (scan.end_us - scan.start_us) / 1e6) <= 2 + 0.1 * scan.frames


@pytest.mark.parametrize("rtsp_client", ["native", "ffmpeg"])
def test_h265_with_g711_audio_is_recorded_with_its_parameter_sets(
    camsim_factory: Callable[..., CamsimProcess], tmp_path: Path, rtsp_client: str
) -> None:
    camsim = camsim_factory("--codec", "h265", "--audio", "--audio-codec", "pcmu", "--sub", "none")
    volume = make_volume(tmp_path)
    with IngestHarness() as ingest:
        url = camsim.url("cam1", "main")
        config = camera_config(2, url, None, [volume], segment_seconds=2, rtsp_client=rtsp_client)
        ingest.set_cameras([config])
        closed = ingest.wait_for("a closed segment", lambda: ingest.closed(2, "main"), timeout_s=20)
    path = Path(volume.root) / closed[0].relpath
    scan = scan_segment(path)
    assert scan.clean and scan.header is not None
    video, audio = scan.header.video, scan.header.audio
    assert (video.codec, video.width, video.height) == (Codec.H265, 640, 360)
    assert [len(p) > 0 for p in parameter_sets(Codec.H265, video.extradata)] == [True] * 3
    assert audio is not None and (audio.codec, audio.sample_rate) == (Codec.PCMU, 8000)
    records = media_records(path)
    assert records[0].kind == RecordKind.VIDEO and records[0].keyframe
    context = av.CodecContext.create("hevc", "r")
    decoded = list(context.decode(av.Packet(video.extradata + records[0].payload)))
    decoded += list(context.decode(None))
    assert (decoded[0].width, decoded[0].height) == (640, 360)
    assert any(r.kind == RecordKind.AUDIO for r in records)
