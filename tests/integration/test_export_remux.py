"""Export remuxes recorded segments into MP4, Matroska and AVI files that FFmpeg reads
back exactly: the right frames, the right times, every frame decodable.

One recording comes from a real camsim over RTSP (PyAV's demuxer, as ingest uses);
the edge cases (gaps, corrupt records, time going back, codec changes) use segments
written from frames that PyAV encodes here.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO, cast

import av
import numpy as np
import pytest
from av.video.codeccontext import VideoCodecContext

from tests.support.camsim_process import CamsimProcess
from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_api.media.segment_reader import SegmentReader
from vedette_server.camsim.audio import make_audio_loop
from vedette_server.export import (
    ExportCancelled,
    ExportFormat,
    ExportProgress,
    ExportResult,
    InvalidExportRequest,
    NothingRecorded,
    SegmentSource,
    UnreadableSegment,
    UnsupportedCodec,
    export_recording,
)
from vedette_server.media.annexb import h264_nal_type, h265_nal_type, iter_nal_units, join_nal_units
from vedette_server.storage import SegmentWriter

T0_US = 1_750_000_000_000_000  # an arbitrary wall-clock origin for synthetic recordings
FRAME_US = 40_000  # 25 fps
FORMATS = ("mp4", "mkv", "avi")


# -- reading files back with FFmpeg's own tools -----------------------------------------


def ffprobe(path: Path) -> dict:
    out = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-count_packets", "-show_streams", "-show_format"),
            *("-of", "json", str(path)),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


def video_packet_times(path: Path) -> list[float]:
    out = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries"),
            *("packet=pts_time,dts_time,size", "-of", "csv=p=0", str(path)),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows = [line.split(",") for line in out.stdout.split()]
    # AVI has no pts, only dts; and an empty packet would be a dropped frame slot.
    return [float(dts if pts == "N/A" else pts) for pts, dts, size in rows if int(size) > 0]


def decode_errors(path: Path) -> str:
    """What ``ffmpeg -v error`` says while decoding every frame ('' when all decode)."""
    # -enc_time_base -1: the file's time base, so no ties from rounding to 1/fps.
    command = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path)]
    out = subprocess.run(
        [*command, "-enc_time_base", "-1", "-f", "null", "-"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return (out.stderr + ("" if out.returncode == 0 else f"exit {out.returncode}")).strip()


def stream(info: dict, kind: str) -> dict:
    return next(s for s in info["streams"] if s["codec_type"] == kind)


# -- recordings -------------------------------------------------------------------------


@dataclass
class Recording:
    sources: list[SegmentSource]
    video: list[MediaPacket]  # every video packet written, in order
    params: CodecParameters


def write_segments(
    directory: Path, tracks: tuple[CodecParameters, ...], packets: list[MediaPacket], split_us: int
) -> list[SegmentSource]:
    """Write ``packets`` as segments, a new one at the first keyframe ``split_us`` after
    the current one's start (as ingest cuts them)."""
    directory.mkdir(parents=True, exist_ok=True)
    sources: list[SegmentSource] = []
    writer: SegmentWriter | None = None
    for packet in packets:
        new = writer is None or (
            packet.kind is PacketKind.VIDEO
            and packet.keyframe
            and packet.timestamp_us - writer.header.start_us >= split_us
        )
        if new:
            if writer is not None:
                sources.append(close(writer))
            header = SegmentHeader(1, "main", packet.timestamp_us, tracks)
            writer = SegmentWriter.create(directory / f"{packet.timestamp_us}.vseg", header)
        assert writer is not None
        writer.append_packet(packet)
    assert writer is not None
    sources.append(close(writer))
    return sources


def close(writer: SegmentWriter) -> SegmentSource:
    summary = writer.close()
    return SegmentSource(writer.path, summary.keyframe_index_blob, summary.start_us)


def record_rtsp(url: str, seconds: float) -> tuple[list[MediaPacket], tuple[CodecParameters, ...]]:
    """Demux ``url`` with PyAV for ``seconds`` of media, from its first keyframe, stamping
    wall-clock times as ingest does (an anchor plus the stream's pts)."""
    anchor_us = time.time_ns() // 1000
    packets: list[MediaPacket] = []
    with av.open(url, options={"rtsp_transport": "tcp", "timeout": "5000000"}) as container:
        v, a = container.streams.video[0], container.streams.audio[0]
        video = CodecParameters(
            Codec.H264,
            bytes(v.codec_context.extradata or b""),
            v.codec_context.width,
            v.codec_context.height,
            Fraction(v.average_rate or 25),
        )
        audio = CodecParameters(
            Codec.AAC,
            bytes(a.codec_context.extradata or b""),
            sample_rate=a.sample_rate,
            channels=1,
        )
        started_at: int | None = None
        for packet in container.demux(v, a):
            if packet.pts is None or packet.size == 0 or packet.time_base is None:
                continue
            is_video = packet.stream.type == "video"
            at_us = anchor_us + round(packet.pts * packet.time_base * 1_000_000)
            if started_at is None:
                if not (is_video and packet.is_keyframe):
                    continue
                started_at = at_us
            if at_us < started_at:
                continue
            duration_us = round((packet.duration or 0) * packet.time_base * 1_000_000)
            kind = PacketKind.VIDEO if is_video else PacketKind.AUDIO
            packets.append(MediaPacket(kind, at_us, duration_us, packet.is_keyframe, bytes(packet)))
            if at_us - started_at >= seconds * 1_000_000:
                break
    return packets, (video, audio)


@pytest.fixture(scope="module")
def camsim_recording(
    camsim_h264: CamsimProcess, tmp_path_factory: pytest.TempPathFactory
) -> Recording:
    """~9 s of camsim's cam1 main stream (640x360 H.264, 2 s GOP, AAC) in ~4 s segments."""
    packets, tracks = record_rtsp(camsim_h264.url("cam1", "main"), 9.0)
    directory = tmp_path_factory.mktemp("camsim-segments")
    sources = write_segments(directory, tracks, packets, 3_900_000)  # 2 GOPs (camsim: 2 s)
    assert len(sources) == 3, "the recording should span three segments"
    video = [p for p in packets if p.kind is PacketKind.VIDEO]
    return Recording(sources, video, tracks[0])


Encoded = tuple[CodecParameters, list[tuple[bytes, bool]]]


def encode_video(codec: Codec, count: int, width: int = 192, height: int = 108) -> Encoded:
    """``count`` frames of a moving gradient, 25 fps, 1 s GOP, no B-frames, parameter
    sets before every keyframe: what a camera sends."""
    gop = 25
    if codec is Codec.H264:
        name, key = "libx264", "x264-params"
        params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0:repeat-headers=1"
    else:
        name, key = "libx265", "x265-params"
        params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0:repeat-headers=1"
        params += ":log-level=error"
    ctx = cast(VideoCodecContext, av.CodecContext.create(name, "w"))
    ctx.width, ctx.height, ctx.pix_fmt = width, height, "yuv420p"
    ctx.time_base, ctx.framerate = Fraction(1, 25), Fraction(25)
    ctx.options = {"preset": "ultrafast", key: params}
    ramp = np.add.outer(np.arange(height), np.arange(width)).astype(np.uint8)
    encoded: list[tuple[bytes, bool]] = []
    for i in range(count):
        frame = av.VideoFrame.from_ndarray(
            np.stack([ramp + np.uint8(3 * i % 256)] * 3, axis=-1), format="rgb24"
        )
        frame = frame.reformat(format="yuv420p")
        frame.pts = i
        encoded += [(bytes(p), p.is_keyframe) for p in ctx.encode(frame)]
    encoded += [(bytes(p), p.is_keyframe) for p in ctx.encode(None)]
    nal_type, wanted = (
        (h264_nal_type, {7, 8}) if codec is Codec.H264 else (h265_nal_type, {32, 33, 34})
    )
    sets = [n for n in iter_nal_units(encoded[0][0]) if nal_type(n) in wanted]
    return CodecParameters(codec, join_nal_units(sets), width, height, Fraction(25)), encoded


def video_packets(
    encoded: list[tuple[bytes, bool]], start_us: int, first: int = 0, count: int | None = None
) -> list[MediaPacket]:
    chosen = encoded[first : None if count is None else first + count]
    return [
        MediaPacket(PacketKind.VIDEO, start_us + i * FRAME_US, FRAME_US, key, data)
        for i, (data, key) in enumerate(chosen)
    ]


@pytest.fixture(scope="module")
def h264() -> Encoded:
    return encode_video(Codec.H264, 150)


def export(
    sources: list[SegmentSource], t0_us: int, t1_us: int, fmt: str, out: Path | BinaryIO, **kw: Any
) -> ExportResult:
    return export_recording(sources, t0_us, t1_us, cast(ExportFormat, fmt), out, **kw)


# -- the camsim recording ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_camsim_recording_exports_across_a_segment_boundary(
    camsim_recording: Recording, fmt: str, tmp_path: Path
) -> None:
    video = camsim_recording.video
    boundary_us = camsim_recording.sources[1].start_us
    t0_us = video[0].timestamp_us + 1_000_000  # mid-GOP: the file starts at the keyframe before
    t1_us = boundary_us + 2_500_000
    first = max(p.timestamp_us for p in video if p.keyframe and p.timestamp_us <= t0_us)
    expected = [p for p in video if first <= p.timestamp_us < t1_us]
    out = tmp_path / f"export.{fmt}"

    result = export(camsim_recording.sources, t0_us, t1_us, fmt, out)

    assert result.first_us == first and result.frames == len(expected)
    assert result.last_us == expected[-1].timestamp_us
    assert result.size_bytes == out.stat().st_size > 0
    info = ffprobe(out)
    v = stream(info, "video")
    assert (v["codec_name"], v["width"], v["height"]) == ("h264", 640, 360)
    assert int(v["nb_read_packets"]) == len(expected)
    assert stream(info, "audio")["codec_name"] == "aac"
    expected_s = (expected[-1].timestamp_us + FRAME_US - first) / 1e6
    times = video_packet_times(out)
    assert times[-1] - times[0] + FRAME_US / 1e6 == pytest.approx(expected_s, abs=0.041)
    assert float(info["format"]["duration"]) == pytest.approx(expected_s, abs=0.1)
    assert decode_errors(out) == ""


# -- where the file starts and ends -----------------------------------------------------


def test_export_starts_at_the_keyframe_before_t0_and_stops_before_t1(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    t0_us, t1_us = T0_US + 1_500_000, T0_US + 3_300_000  # keyframes every second

    result = export(sources, t0_us, t1_us, "mp4", tmp_path / "out.mp4")

    assert result.first_us == T0_US + 1_000_000
    assert result.frames == 58  # 1.00 s, 1.04 s … 3.28 s
    assert result.last_us == T0_US + 3_280_000 and result.duration_us == 2_320_000
    out = ffprobe(tmp_path / "out.mp4")
    assert int(stream(out, "video")["nb_read_packets"]) == result.frames
    assert decode_errors(tmp_path / "out.mp4") == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_gap_between_segments_stays_a_gap(h264: Encoded, fmt: str, tmp_path: Path) -> None:
    params, encoded = h264
    before = video_packets(encoded, T0_US, 0, 50)  # 0 s .. 2 s
    after = video_packets(encoded, T0_US + 5_000_000, 50, 50)  # 5 s .. 7 s
    sources = write_segments(tmp_path / "a", (params,), before, 10**9)
    sources += write_segments(tmp_path / "b", (params,), after, 10**9)
    out = tmp_path / f"out.{fmt}"

    result = export(sources, T0_US, T0_US + 7_000_000, fmt, out)

    assert result.frames == 100 and result.duration_us == 7_000_000
    times = video_packet_times(out)
    assert len(times) == 100
    assert times[50] - times[49] == pytest.approx(3.04, abs=0.002)  # 3 s missing + one frame
    assert float(ffprobe(out)["format"]["duration"]) == pytest.approx(7.0, abs=0.05)
    assert decode_errors(out) == ""


def test_a_range_with_nothing_recorded_raises_and_leaves_no_file(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "a", (params,), video_packets(encoded, T0_US, 0, 50), 10**9)
    sources += write_segments(
        tmp_path / "b", (params,), video_packets(encoded, T0_US + 5_000_000, 50, 50), 10**9
    )
    out = tmp_path / "out.mp4"
    with pytest.raises(NothingRecorded) as raised:
        export(sources, T0_US + 2_500_000, T0_US + 4_500_000, "mp4", out)  # inside the gap
    assert raised.value.t0_us == T0_US + 2_500_000
    with pytest.raises(NothingRecorded):
        export(sources, T0_US + 60_000_000, T0_US + 70_000_000, "mkv", out)  # after it all
    with pytest.raises(NothingRecorded):
        export([], T0_US, T0_US + 1, "avi", out)
    assert list(tmp_path.glob("*out*")) == []


def test_bad_arguments_are_refused_with_the_field(h264: Encoded, tmp_path: Path) -> None:
    with pytest.raises(InvalidExportRequest) as raised:
        export([], T0_US, T0_US, "mp4", tmp_path / "x.mp4")
    assert raised.value.field == "t1_us"
    with pytest.raises(InvalidExportRequest) as raised:
        export([], T0_US, T0_US + 1, "mov", tmp_path / "x.mov")
    assert raised.value.field == "fmt"
    with pytest.raises(InvalidExportRequest) as raised:
        export([], T0_US, T0_US + 1, "mp4", tmp_path / "missing" / "x.mp4")
    assert raised.value.field == "out"


# -- damaged and unusual recordings ----------------------------------------------------


def corrupt_record(source: SegmentSource, index: int, at: int) -> int:
    """Flip the byte ``at`` bytes into the ``index``-th record; returns the record's offset."""
    with SegmentReader.open(source.path) as reader:
        offset = [offset for offset, _ in reader.records()][index]
    with open(source.path, "r+b") as file:
        file.seek(offset + at)
        byte = file.read(1)
        file.seek(offset + at)
        file.write(bytes([byte[0] ^ 0xFF]))
    return offset


@pytest.mark.parametrize(
    ("damage", "at", "reason", "with_index"),
    [
        ("payload", 22 + 10, "CRC", True),
        ("payload", 22 + 10, "CRC", False),
        ("length", 0, "length", False),  # framing lost: found again by scanning
    ],
    ids=["payload-index", "payload-scan", "length-scan"],
)
def test_a_corrupt_record_is_skipped_to_the_next_keyframe_with_a_note(
    h264: Encoded, damage: str, at: int, reason: str, with_index: bool, tmp_path: Path
) -> None:
    params, encoded = h264
    (source,) = write_segments(
        tmp_path / "s", (params,), video_packets(encoded, T0_US, 0, 100), 10**9
    )
    offset = corrupt_record(source, 30, at)  # a P-frame of the second GOP (frames 25..49)
    if not with_index:
        source = source._replace(keyframe_index=None)
    out = tmp_path / "out.mkv"

    result = export([source], T0_US, T0_US + 4_000_000, "mkv", out)

    assert result.frames == 100 - 20  # frames 30..49 lost: resumed at the keyframe at 50
    assert any(f"offset {offset}" in note and reason in note for note in result.notes)
    times = video_packet_times(out)
    assert times[30] - times[29] == pytest.approx(0.84, abs=0.002)  # the hole is a gap
    assert decode_errors(out) == ""


def test_time_going_back_after_a_discontinuity_never_goes_back_in_the_file(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    path = tmp_path / "s.vseg"
    with SegmentWriter.create(path, SegmentHeader(1, "main", T0_US, (params,))) as writer:
        for packet in video_packets(encoded, T0_US, 0, 50):  # 0 .. 2 s
            writer.append_packet(packet)
        writer.append_discontinuity(T0_US + 1_000_000, "clock re-anchored")
        for packet in video_packets(encoded, T0_US + 1_000_000, 50, 50):  # back to 1 s
            writer.append_packet(packet)
        summary = writer.close()
    source = SegmentSource(path, summary.keyframe_index_blob, summary.start_us)

    result = export([source], T0_US, T0_US + 10_000_000, "mp4", tmp_path / "out.mp4")

    assert result.frames == 100
    assert result.duration_us == 4_000_000  # the second part follows on the first
    assert any("discontinuity" in note and "re-anchored" in note for note in result.notes)
    times = video_packet_times(tmp_path / "out.mp4")
    assert all(b > a for a, b in itertools.pairwise(times))
    assert decode_errors(tmp_path / "out.mp4") == ""


def test_a_picture_size_change_ends_the_export_there_with_a_note(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    bigger, encoded_big = encode_video(Codec.H264, 50, 320, 180)
    sources = write_segments(tmp_path / "a", (params,), video_packets(encoded, T0_US, 0, 50), 10**9)
    sources += write_segments(
        tmp_path / "b", (bigger,), video_packets(encoded_big, T0_US + 2_000_000), 10**9
    )
    out = tmp_path / "out.mp4"

    result = export(sources, T0_US, T0_US + 4_000_000, "mp4", out)

    assert result.frames == 50
    assert any("ends early" in note and "320x180" in note for note in result.notes)
    info = ffprobe(out)
    assert (stream(info, "video")["width"], int(stream(info, "video")["nb_read_packets"])) == (
        192,
        50,
    )
    assert decode_errors(out) == ""


def test_a_missing_segment_file_raises_unreadable_segment(h264: Encoded, tmp_path: Path) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 2_000_000)
    sources[1].path.unlink()
    with pytest.raises(UnreadableSegment) as raised:
        export(sources, T0_US, T0_US + 6_000_000, "mp4", tmp_path / "out.mp4")
    assert raised.value.path == sources[1].path
    assert not (tmp_path / "out.mp4").exists()


# -- codecs and containers --------------------------------------------------------------


def with_audio(video: list[MediaPacket], codec: Codec) -> tuple[CodecParameters, list[MediaPacket]]:
    loop = make_audio_loop(codec)
    start, end = video[0].timestamp_us, video[-1].timestamp_us + FRAME_US
    count = (end - start) // loop.frame_duration_us
    audio = [
        MediaPacket(
            PacketKind.AUDIO,
            start + i * loop.frame_duration_us,
            loop.frame_duration_us,
            True,
            loop.frames[i % len(loop.frames)],
        )
        for i in range(count)
    ]
    merged = sorted(video + audio, key=lambda p: (p.timestamp_us, p.kind))
    return loop.params, merged


@pytest.mark.parametrize("fmt", FORMATS)
def test_g711_audio_goes_into_avi_and_is_left_out_of_mp4_and_mkv_with_a_note(
    h264: Encoded, fmt: str, tmp_path: Path
) -> None:
    params, encoded = h264
    audio_params, packets = with_audio(video_packets(encoded, T0_US, 0, 75), Codec.PCMU)
    sources = write_segments(tmp_path / "s", (params, audio_params), packets, 10**9)
    out = tmp_path / f"out.{fmt}"

    result = export(sources, T0_US, T0_US + 3_000_000, fmt, out)

    codecs = [s["codec_name"] for s in ffprobe(out)["streams"]]
    if fmt == "avi":
        assert codecs == ["h264", "pcm_mulaw"] and result.audio_packets > 0
        assert result.notes == ()
    else:
        assert codecs == ["h264"] and result.audio_packets == 0
        assert any("audio left out" in note and "pcmu" in note for note in result.notes)
    assert decode_errors(out) == ""


@pytest.mark.parametrize("fmt", ["mp4", "mkv"])
def test_h265_remuxes_into_mp4_and_mkv(fmt: str, tmp_path: Path) -> None:
    params, encoded = encode_video(Codec.H265, 50)
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    out = tmp_path / f"out.{fmt}"

    result = export(sources, T0_US, T0_US + 2_000_000, fmt, out)

    info = ffprobe(out)
    assert stream(info, "video")["codec_name"] == "hevc"
    assert int(stream(info, "video")["nb_read_packets"]) == result.frames == 50
    assert decode_errors(out) == ""


def test_a_track_recorded_without_its_picture_size_gets_it_from_the_first_keyframe(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    sizeless = dataclasses.replace(params, width=0, height=0, frame_rate=Fraction(0))
    sources = write_segments(tmp_path / "s", (sizeless,), video_packets(encoded, T0_US), 10**9)
    out = tmp_path / "out.mp4"

    export(sources, T0_US, T0_US + 2_000_000, "mp4", out)

    video = stream(ffprobe(out), "video")
    assert (video["width"], video["height"], int(video["nb_read_packets"])) == (192, 108, 50)
    assert decode_errors(out) == ""


def test_h265_cannot_go_into_avi(tmp_path: Path) -> None:
    params, encoded = encode_video(Codec.H265, 25)
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    with pytest.raises(UnsupportedCodec):
        export(sources, T0_US, T0_US + 1_000_000, "avi", tmp_path / "out.avi")
    assert not (tmp_path / "out.avi").exists()


# -- outputs, progress, cancel ------------------------------------------------------------


class PipeLike(io.RawIOBase):
    """A write-only, non-seekable stream, like a socket or a gRPC response."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.chunks.append(bytes(data))
        return len(data)


def test_an_mp4_streamed_to_a_non_seekable_output_is_complete(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    pipe = PipeLike()  # a BinaryIO in all but name

    result = export(sources, T0_US, T0_US + 6_000_000, "mp4", cast(BinaryIO, pipe))

    data = b"".join(pipe.chunks)
    assert len(data) == result.size_bytes
    (tmp_path / "streamed.mp4").write_bytes(data)
    assert int(stream(ffprobe(tmp_path / "streamed.mp4"), "video")["nb_read_packets"]) == 150
    assert decode_errors(tmp_path / "streamed.mp4") == ""


def test_an_export_into_a_seekable_file_object_starts_where_it_stands(
    h264: Encoded, tmp_path: Path
) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    with open(tmp_path / "bundle.bin", "w+b") as file:
        file.write(b"PREFIX")
        result = export(sources, T0_US, T0_US + 6_000_000, "mp4", file)
    data = (tmp_path / "bundle.bin").read_bytes()
    assert data[:6] == b"PREFIX" and len(data) == 6 + result.size_bytes
    (tmp_path / "inner.mp4").write_bytes(data[6:])
    assert decode_errors(tmp_path / "inner.mp4") == ""


def test_progress_grows_and_ends_at_100_percent(h264: Encoded, tmp_path: Path) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    reports: list[ExportProgress] = []

    result = export(
        sources, T0_US, T0_US + 6_000_000, "mkv", tmp_path / "o.mkv", progress=reports.append
    )

    assert reports and reports[-1].percent == 100.0
    assert reports[-1].media_us == result.duration_us == 6_000_000
    assert reports[-1].position_us == result.last_us
    assert 0 < reports[-1].bytes_written <= result.size_bytes
    assert [r.bytes_written for r in reports] == sorted(r.bytes_written for r in reports)


def test_a_cancelled_export_raises_and_leaves_no_file(h264: Encoded, tmp_path: Path) -> None:
    params, encoded = h264
    sources = write_segments(tmp_path / "s", (params,), video_packets(encoded, T0_US), 10**9)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExportCancelled):
        export(sources, T0_US, T0_US + 6_000_000, "mp4", tmp_path / "out.mp4", cancel=cancel)
    assert sorted(os.listdir(tmp_path)) == ["s"]
