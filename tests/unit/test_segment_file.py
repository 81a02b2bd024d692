"""Segment files: real H.264 and AAC written, read back, damaged and recovered.

The format (records, header, keyframe index, reader) is ``vedette_api.media``'s; the
writer and ``truncate_segment`` are ``vedette_server.storage.segment_file``'s. The
worked example of docs/storage-format.md is checked here byte for byte."""

from __future__ import annotations

import errno
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vedette_api.media.keyframe_index import decode_keyframe_index, encode_keyframe_index
from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.records import (
    MAX_PAYLOAD_BYTES,
    RECORD_HEADER_BYTES,
    CorruptRecord,
    RecordDecoder,
    RecordKind,
    encode_record,
)
from vedette_api.media.segment_header import (
    CorruptSegment,
    SegmentHeader,
    decode_header,
    decode_track_entry,
    encode_header,
)
from vedette_api.media.segment_reader import SegmentReader, scan_segment
from vedette_server.media.annexb import h264_nal_type, iter_nal_units, join_nal_units
from vedette_server.storage import SegmentWriteError, SegmentWriter, truncate_segment

T0_US = 1_700_000_000_000_000
FRAME_US = 40_000
AAC_FRAME_US = 64_000  # 1024 samples at 16 kHz
FRAMES, GOP = 50, 25


@dataclass(frozen=True)
class Media:
    header: SegmentHeader
    packets: list[MediaPacket]  # video and audio interleaved in time order


@dataclass(frozen=True)
class Written:
    data: bytes = field(repr=False)
    offsets: list[int] = field(repr=False)  # of every record

    @property
    def boundaries(self) -> list[int]:
        return [*self.offsets, len(self.data)]


def _encode_h264() -> tuple[CodecParameters, list[bytes]]:
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height, ctx.pix_fmt = 320, 240, "yuv420p"
    ctx.time_base, ctx.framerate = Fraction(1, 25), Fraction(25)
    params = f"keyint={GOP}:min-keyint={GOP}:scenecut=0:bframes=0"
    ctx.options = {"preset": "ultrafast", "x264-params": params}
    units = []
    for index in range(FRAMES):
        y, x = np.mgrid[0:240, 0:320]
        luma = ((x + y + 6 * index) % 256).astype(np.uint8)
        chroma = np.full((120, 320), 128, np.uint8)
        frame = av.VideoFrame.from_ndarray(np.vstack([luma, chroma]), format="yuv420p")
        frame.pts = index
        units += [bytes(p) for p in ctx.encode(frame)]
    units += [bytes(p) for p in ctx.encode(None)]
    sets = [n for n in iter_nal_units(units[0]) if h264_nal_type(n) in (7, 8)]
    video = CodecParameters(
        Codec.H264, join_nal_units(sets), width=320, height=240, frame_rate=Fraction(25)
    )
    return video, units


def _encode_aac(count: int) -> tuple[CodecParameters, list[bytes]]:
    ctx = av.CodecContext.create("aac", "w")
    ctx.sample_rate, ctx.layout, ctx.format, ctx.bit_rate = 16000, "mono", "fltp", 32000
    ctx.open()
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(16000 * 3) / 16000)).astype(np.float32)
    frames: list[bytes] = []
    for i in range(0, len(tone), 1024):
        frame = av.AudioFrame.from_ndarray(tone[None, i : i + 1024], format="fltp", layout="mono")
        frame.sample_rate, frame.pts = 16000, i
        frames += [bytes(p) for p in ctx.encode(frame)]
    audio = CodecParameters(Codec.AAC, bytes(ctx.extradata or b""), sample_rate=16000, channels=1)
    return audio, frames[:count]


@pytest.fixture(scope="module")
def media() -> Media:
    video, units = _encode_h264()
    audio, aac = _encode_aac(FRAMES * FRAME_US // AAC_FRAME_US)
    packets = [
        MediaPacket(PacketKind.VIDEO, T0_US + i * FRAME_US, FRAME_US, i % GOP == 0, unit)
        for i, unit in enumerate(units)
    ]
    packets += [
        MediaPacket(PacketKind.AUDIO, T0_US + 5_000 + i * AAC_FRAME_US, AAC_FRAME_US, True, f)
        for i, f in enumerate(aac)
    ]
    packets.sort(key=lambda p: (p.timestamp_us, p.kind))
    assert len(units) == FRAMES
    return Media(SegmentHeader(7, "main", T0_US, (video, audio)), packets)


def _write(path: Path, media: Media) -> tuple[SegmentWriter, list[int]]:
    writer = SegmentWriter.create(path, media.header)
    offsets = [writer.append_packet(p) for p in media.packets]
    return writer, offsets


@pytest.fixture(scope="module")
def segment(media: Media, tmp_path_factory: pytest.TempPathFactory) -> Written:
    """The bytes of the written media segment and its record offsets."""
    path = tmp_path_factory.mktemp("segment") / "s.vseg"
    writer, offsets = _write(path, media)
    writer.close()
    return Written(path.read_bytes(), offsets)


# -- round trips --------------------------------------------------------------------


def test_round_trip_keeps_header_and_every_packet_byte_for_byte(
    media: Media, tmp_path: Path
) -> None:
    path = tmp_path / "a" / "b" / "s.vseg"  # parents are created
    _write(path, media)[0].close()
    with SegmentReader.open(path) as reader:
        assert reader.header == media.header
        read = list(reader.packets_between(T0_US, T0_US + 10 * 1_000_000))
    assert read == media.packets
    decoder = av.CodecContext.create("h264", "r")
    videos = [p.data for p in read if p.kind is PacketKind.VIDEO]
    decoded = sum(len(decoder.decode(av.Packet(d))) for d in videos)
    assert decoded + len(decoder.decode(None)) == FRAMES
    aac = av.CodecContext.create("aac", "r")
    aac.extradata = reader.header.tracks[1].extradata
    audio = [p for p in read if p.kind is PacketKind.AUDIO]
    samples = sum(f.samples for p in audio for f in aac.decode(av.Packet(p.data)))
    assert samples >= 1024 * (len(audio) - 2)  # the decoder's priming delay


def test_writer_summary_scan_and_keyframe_index_agree(media: Media, tmp_path: Path) -> None:
    path = tmp_path / "s.vseg"
    writer, offsets = _write(path, media)
    video_offsets = [
        o
        for o, p in zip(offsets, media.packets, strict=True)
        if p.keyframe and p.kind is PacketKind.VIDEO
    ]
    expected_index = [(T0_US, video_offsets[0]), (T0_US + GOP * FRAME_US, video_offsets[1])]
    assert writer.keyframe_index == expected_index
    assert (writer.frames, writer.start_us) == (FRAMES, T0_US)
    last_audio = max(p.timestamp_us + p.duration_us for p in media.packets)
    assert writer.end_us == last_audio
    summary = writer.close()
    assert summary.size_bytes == path.stat().st_size == writer.size_bytes
    assert (summary.start_us, summary.end_us, summary.frames) == (T0_US, last_audio, FRAMES)
    assert decode_keyframe_index(summary.keyframe_index_blob, summary.start_us) == expected_index
    scan = scan_segment(path)
    assert scan.clean and scan.header == media.header
    assert (scan.frames, scan.keyframe_index) == (FRAMES, expected_index)
    assert scan.summary() == summary


def test_codec_change_and_discontinuity_records_round_trip(media: Media, tmp_path: Path) -> None:
    path = tmp_path / "s.vseg"
    new_video = CodecParameters(Codec.H265, b"\x00\x00\x00\x01\x40\x01", 640, 360, Fraction(30))
    with SegmentWriter.create(path, media.header) as writer:
        writer.append_packet(media.packets[0])
        at_change = writer.append_codec_change(0, new_video, T0_US + 1)
        writer.append_discontinuity(T0_US + 3_600_000_000, "clock jumped 1 h")
        with pytest.raises(ValueError, match="cannot replace track 1"):
            writer.append_codec_change(1, new_video, T0_US + 2)
    with SegmentReader.open(path) as reader:
        records = list(reader.records())
    (_, video), (offset, change), (_, gap) = records
    assert video.payload == media.packets[0].data and video.keyframe
    assert (offset, change.kind, change.flags) == (at_change, RecordKind.CODEC_CHANGE, 0)
    assert decode_track_entry(change.payload) == new_video
    assert (gap.kind, gap.timestamp_us) == (RecordKind.DISCONTINUITY, T0_US + 3_600_000_000)
    assert gap.payload.decode() == "clock jumped 1 h"


# -- damage -------------------------------------------------------------------------


def test_every_damaged_header_byte_is_refused_with_a_reason(
    segment: Written, tmp_path: Path
) -> None:
    data, offsets = segment.data, segment.offsets
    path = tmp_path / "s.vseg"
    for position in range(offsets[0]):
        damaged = bytearray(data)
        damaged[position] ^= 0x20
        path.write_bytes(damaged)
        with pytest.raises(CorruptSegment) as caught:
            SegmentReader.open(path)
        assert caught.value.path == path and caught.value.reason
        scan = scan_segment(path)
        assert (scan.header, scan.valid_size_bytes, scan.error) == (None, 0, caught.value.reason)


@pytest.mark.parametrize(
    ("patch", "reason"),
    [((0, b"RIFF"), "not a Vedette segment"), ((4, b"\x00\x02"), "unsupported format version 2")],
)
def test_foreign_files_and_future_versions_are_named(
    segment: Written, tmp_path: Path, patch: tuple[int, bytes], reason: str
) -> None:
    at, replacement = patch
    data = bytearray(segment.data)
    data[at : at + len(replacement)] = replacement
    (tmp_path / "s.vseg").write_bytes(data)
    with pytest.raises(CorruptSegment, match=reason):
        SegmentReader.open(tmp_path / "s.vseg")


def test_crc_mismatch_is_reported_with_the_offset_of_the_bad_record(
    segment: Written, tmp_path: Path
) -> None:
    data, offsets = segment.data, segment.offsets
    bad = 30
    damaged = bytearray(data)
    damaged[offsets[bad] + RECORD_HEADER_BYTES + 3] ^= 0x01
    path = tmp_path / "s.vseg"
    path.write_bytes(damaged)
    seen = []
    with SegmentReader.open(path) as reader, pytest.raises(CorruptRecord) as caught:
        seen.extend(offset for offset, _ in reader.records())
    assert seen == offsets[:bad]
    assert (caught.value.path, caught.value.offset) == (path, offsets[bad])
    assert "CRC mismatch" in caught.value.reason
    scan = scan_segment(path)
    assert scan.valid_size_bytes == offsets[bad] and f"offset {offsets[bad]}" in str(scan.error)


def test_scan_cuts_at_the_last_whole_record_for_every_torn_tail(
    segment: Written, tmp_path: Path
) -> None:
    data, offsets = segment.data, segment.offsets
    path = tmp_path / "s.vseg"
    path.write_bytes(data)
    boundaries = segment.boundaries
    # Shrinking one file byte by byte is much cheaper than rewriting it each time.
    for cut in range(len(data) - 1, offsets[-2] - 1, -1):
        os.truncate(path, cut)
        scan = scan_segment(path)
        expected = max(b for b in boundaries if b <= cut)
        assert scan.valid_size_bytes == expected, cut
        assert (scan.error is None) == (cut == expected)
        assert scan.file_size_bytes == cut
    for cut in range(offsets[0]):  # inside the header: refused, never raised
        os.truncate(path, cut)
        assert scan_segment(path).header is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), max_size=4),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_random_damage_never_makes_scan_raise_and_keeps_every_record_before_it(
    segment: Written,
    tmp_path_factory: pytest.TempPathFactory,
    changes: list[tuple[float, int]],
    cut: float | None,
) -> None:
    data, offsets = segment.data, segment.offsets
    damaged = bytearray(data)
    positions = [int(where * len(data)) for where, _ in changes]
    for position, (_, xor) in zip(positions, changes, strict=True):
        damaged[position] ^= xor
    first_damage = min([p for p in positions if damaged[p] != data[p]], default=len(data))
    if cut is not None:
        damaged = damaged[: int(cut * len(data))]
        first_damage = min(first_damage, len(damaged))
    path = tmp_path_factory.getbasetemp() / "hypothesis.vseg"
    path.write_bytes(damaged)
    scan = scan_segment(path)
    if first_damage < offsets[0]:
        assert scan.header is None and scan.valid_size_bytes == 0
    else:
        assert scan.valid_size_bytes == max(b for b in segment.boundaries if b <= first_damage)
    assert scan.valid_size_bytes <= scan.file_size_bytes == len(damaged)


def test_truncate_segment_leaves_a_clean_file(segment: Written, tmp_path: Path) -> None:
    data, offsets = segment.data, segment.offsets
    path = tmp_path / "s.vseg"
    path.write_bytes(data[: offsets[40] + 7])
    scan = scan_segment(path)
    truncate_segment(path, scan.valid_size_bytes)
    after = scan_segment(path)
    assert after.clean and after.file_size_bytes == offsets[40]
    with pytest.raises(ValueError, match="size_bytes"):
        truncate_segment(path, offsets[40] + 1)


# -- keyframe index and seeking ----------------------------------------------------


def test_keyframe_index_blob_round_trips_and_refuses_what_does_not_fit() -> None:
    entries = [(T0_US, 61), (T0_US + 1_000_000, 250_000), (T0_US + 4_294_967_295, 2**32 - 1)]
    blob = encode_keyframe_index(entries, T0_US)
    assert len(blob) == 4 + 8 * len(entries)
    assert decode_keyframe_index(blob, T0_US) == entries
    with pytest.raises(ValueError, match="µs from start_us"):
        encode_keyframe_index([(T0_US - 1, 0)], T0_US)
    with pytest.raises(ValueError, match="cannot hold"):
        decode_keyframe_index(blob[:-1], T0_US)


@pytest.mark.parametrize(
    ("t0_frame", "start_frame"),
    [(-3, 0), (0, 0), (24, 0), (25, 25), (31, 25), (60, 25)],
)
def test_packets_between_starts_at_the_keyframe_at_or_before_t0(
    media: Media, tmp_path: Path, t0_frame: int, start_frame: int
) -> None:
    path = tmp_path / "s.vseg"
    writer, _ = _write(path, media)
    index = writer.keyframe_index
    writer.close()
    t0_us = T0_US + t0_frame * FRAME_US + (1 if t0_frame == 31 else 0)
    t1_us = max(T0_US + 45 * FRAME_US, t0_us + 1_000_000)
    with SegmentReader.open(path) as reader:
        seeking = list(reader.packets_between(t0_us, t1_us, index))
        scanning = list(reader.packets_between(t0_us, t1_us))
        partial_index = list(reader.packets_between(t0_us, t1_us, index[:1]))
    first_us = T0_US + start_frame * FRAME_US
    expected = [p for p in media.packets if first_us <= p.timestamp_us < t1_us]
    assert seeking == scanning == partial_index == expected
    assert seeking[0].kind is PacketKind.VIDEO and seeking[0].keyframe


# -- record framing for IPC ---------------------------------------------------------


def test_record_decoder_reassembles_records_sent_over_a_socketpair(media: Media) -> None:
    records = [
        encode_record(p.kind, int(p.keyframe), p.timestamp_us, p.duration_us, p.data)
        for p in media.packets
    ]
    records.append(encode_record(40, 0, 0, 0, b"ipc kinds pass through"))
    left, right = socket.socketpair()
    sender = threading.Thread(target=lambda: (left.sendall(b"".join(records)), left.close()))
    sender.start()
    decoder, received = RecordDecoder(), []
    right.settimeout(10)
    while chunk := right.recv(1500):
        received += decoder.feed(chunk)
    sender.join(10)
    right.close()
    assert decoder.pending_bytes == 0 and decoder.offset == sum(map(len, records))
    assert [r.payload for r in received[:-1]] == [p.data for p in media.packets]
    assert [r.timestamp_us for r in received[:-1]] == [p.timestamp_us for p in media.packets]
    assert (received[-1].kind, received[-1].payload) == (40, b"ipc kinds pass through")


def test_record_decoder_reports_a_bad_crc_at_its_stream_offset_and_stays_failed() -> None:
    first = encode_record(RecordKind.VIDEO, 1, 5, 6, b"good")
    second = bytearray(encode_record(RecordKind.AUDIO, 0, 7, 8, b"bad!"))
    second[-1] ^= 0xFF
    decoder = RecordDecoder()
    assert len(decoder.feed(first)) == 1
    with pytest.raises(CorruptRecord) as caught:
        decoder.feed(second)
    assert (caught.value.path, caught.value.offset) == (None, len(first))
    assert "CRC mismatch" in caught.value.reason
    with pytest.raises(CorruptRecord):
        decoder.feed(first)


def test_record_decoder_refuses_an_impossible_length_without_waiting_for_it() -> None:
    header = (MAX_PAYLOAD_BYTES + 1).to_bytes(4, "big") + bytes(18)
    with pytest.raises(CorruptRecord, match="exceeds"):
        RecordDecoder().feed(header)


@pytest.mark.parametrize(
    ("kind", "flags", "timestamp_us", "duration_us", "field"),
    [
        (0, 0, 0, 0, "kind"),
        (256, 0, 0, 0, "kind"),
        (1, 256, 0, 0, "flags"),
        (1, 0, 2**63, 0, "timestamp_us"),
        (1, 0, 0, -1, "duration_us"),
    ],
)
def test_encode_record_names_the_field_that_does_not_fit(
    kind: int, flags: int, timestamp_us: int, duration_us: int, field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        encode_record(kind, flags, timestamp_us, duration_us, b"")


# -- writing: creation, durability, disk errors -------------------------------------

SMALL_HEADER = SegmentHeader(
    3, "sub", T0_US, (CodecParameters(Codec.H264, b"\x00\x00\x00\x01\x67\x42", 320, 240),)
)

SMALL_HEADER_BYTES = len(encode_header(SMALL_HEADER))


def _payload(index: int, size: int = 20_000) -> bytes:
    return index.to_bytes(4, "big") * (size // 4)


@pytest.mark.parametrize(
    ("header", "field_name"),
    [
        (SegmentHeader(1, "third", 0, SMALL_HEADER.tracks), "stream"),
        (SegmentHeader(-1, "main", 0, SMALL_HEADER.tracks), "camera_id"),
        (SegmentHeader(1, "main", 0, (CodecParameters(Codec.AAC),)), "track 0 must be video"),
        (SegmentHeader(1, "main", 0, SMALL_HEADER.tracks * 2), "track 1 must be audio"),
        (SegmentHeader(1, "main", 0, (CodecParameters(Codec.H264, width=70_000),)), "width"),
    ],
)
def test_create_refuses_a_header_the_format_cannot_hold(
    tmp_path: Path, header: SegmentHeader, field_name: str
) -> None:
    with pytest.raises(ValueError, match=field_name):
        SegmentWriter.create(tmp_path / "s.vseg", header)
    assert not (tmp_path / "s.vseg").exists()


def test_create_never_overwrites_an_existing_segment(tmp_path: Path) -> None:
    path = tmp_path / "s.vseg"
    with SegmentWriter.create(path, SMALL_HEADER) as writer:
        writer.append(RecordKind.VIDEO, 1, T0_US, FRAME_US, _payload(1))
    before = path.read_bytes()
    with pytest.raises(SegmentWriteError) as caught:
        SegmentWriter.create(path, SMALL_HEADER)
    assert (caught.value.path, caught.value.errno) == (path, errno.EEXIST)
    assert path.read_bytes() == before


def test_writer_syncs_when_the_interval_has_passed_and_on_close(tmp_path: Path) -> None:
    now = [100.0]
    writer = SegmentWriter.create(
        tmp_path / "s.vseg", SMALL_HEADER, fsync_interval_s=2.0, clock=lambda: now[0]
    )
    header_bytes = writer.size_bytes
    assert writer.synced_size_bytes == header_bytes  # create syncs the header
    now[0] = 101.9
    writer.append(RecordKind.VIDEO, 1, T0_US, FRAME_US, _payload(1))
    assert writer.synced_size_bytes == header_bytes
    now[0] = 102.0
    writer.append(RecordKind.VIDEO, 0, T0_US + FRAME_US, FRAME_US, _payload(2))
    assert writer.synced_size_bytes == writer.size_bytes
    synced = writer.synced_size_bytes
    writer.append(RecordKind.VIDEO, 0, T0_US + 2 * FRAME_US, FRAME_US, _payload(3))
    assert writer.synced_size_bytes == synced
    summary = writer.close()
    assert writer.synced_size_bytes == summary.size_bytes == writer.size_bytes
    assert writer.close() is summary
    with pytest.raises(ValueError, match="closed"):
        writer.append(RecordKind.VIDEO, 0, T0_US, 0, b"")


def test_writer_syncs_when_unsynced_records_span_the_interval_in_media_time(
    tmp_path: Path,
) -> None:
    """A camera replays its last GOP to a new session: records written in a moment
    can span seconds of media, and a power cut must not lose more than the interval."""
    now = [100.0]
    writer = SegmentWriter.create(
        tmp_path / "s.vseg", SMALL_HEADER, fsync_interval_s=2.0, clock=lambda: now[0]
    )
    frames = 50  # 2 s at 25 fps, written at one instant
    for i in range(frames - 1):
        writer.append(RecordKind.VIDEO, 0, T0_US + i * FRAME_US, FRAME_US, _payload(i))
    assert writer.synced_size_bytes < writer.size_bytes
    writer.append(RecordKind.VIDEO, 0, T0_US + (frames - 1) * FRAME_US, FRAME_US, _payload(0))
    assert writer.synced_size_bytes == writer.size_bytes
    writer.close()


_CHILD_PRELUDE = """
import json, resource, signal, sys, time
from vedette_api.media.records import RecordKind
from vedette_server.storage import SegmentWriteError, SegmentWriter
from tests.unit.test_segment_file import SMALL_HEADER, T0_US, _payload
"""

_KILLED_CHILD = (
    _CHILD_PRELUDE
    + """
writer = SegmentWriter.create(sys.argv[1], SMALL_HEADER, fsync_interval_s=3600)
for i in range(200):
    writer.append(RecordKind.VIDEO, int(i % 25 == 0), T0_US + i * 40000, 40000, _payload(i))
print(json.dumps({"size_bytes": writer.size_bytes}), flush=True)
sys.stdin.read()  # hold the segment open until killed
"""
)


def _run_child(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )


def _read_line(process: subprocess.Popen[str], timeout_s: float = 30.0) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout_s)
    assert ready, "the child printed nothing in time"
    return process.stdout.readline()


def test_kill_9_loses_nothing_that_was_appended(tmp_path: Path) -> None:
    path = tmp_path / "s.vseg"
    child = _run_child(_KILLED_CHILD, str(path))
    try:
        reported = json.loads(_read_line(child))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    scan = scan_segment(path)
    assert scan.clean and scan.valid_size_bytes == reported["size_bytes"]
    assert scan.frames == 200 and len(scan.keyframe_index) == 8


_LIMITED_CHILD = (
    _CHILD_PRELUDE
    + """
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death past the limit
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
writer = SegmentWriter.create(sys.argv[1], SMALL_HEADER)
appended = 0
try:
    while True:
        writer.append(RecordKind.VIDEO, 1, T0_US + appended * 40000, 40000, _payload(appended))
        appended += 1
except SegmentWriteError as e:
    error = e.errno
summary = writer.close()
print(json.dumps({"errno": error, "appended": appended, "size_bytes": summary.size_bytes}))
"""
)


def _assert_readable(path: Path, count: int) -> None:
    scan = scan_segment(path)
    assert scan.clean and scan.frames == count
    with SegmentReader.open(path) as reader:
        payloads = [record.payload for _, record in reader.records()]
    assert payloads == [_payload(i) for i in range(count)]


def test_file_size_limit_is_reported_and_what_was_written_stays_readable(tmp_path: Path) -> None:
    path = tmp_path / "s.vseg"
    child = _run_child(_LIMITED_CHILD, str(path), str(210_000))
    reported = json.loads(_read_line(child))
    assert child.wait(10) == 0
    assert reported["errno"] == errno.EFBIG
    assert reported["appended"] == 10  # 10 records of 20 022 bytes fit under the limit
    assert path.stat().st_size == reported["size_bytes"]  # the torn 11th was cut back
    _assert_readable(path, reported["appended"])


@pytest.fixture
def tiny_volume(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs (needs root and a kernel that lets us mount one)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(path: Path) -> None:
    with path.open("wb", buffering=0) as file:
        try:
            while True:
                file.write(bytes(512))
        except OSError as e:
            assert e.errno == errno.ENOSPC


def test_full_disk_is_reported_and_appending_resumes_once_space_is_freed(
    tiny_volume: Path,
) -> None:
    filler = tiny_volume / "filler"
    filler.write_bytes(bytes(300_000))
    path = tiny_volume / "vedette" / "3" / "sub" / "s.vseg"
    writer = SegmentWriter.create(path, SMALL_HEADER)
    appended = 0
    with pytest.raises(SegmentWriteError) as caught:
        while True:
            writer.append(
                RecordKind.VIDEO, 1, T0_US + appended * FRAME_US, FRAME_US, _payload(appended)
            )
            appended += 1
    assert (caught.value.path, caught.value.errno) == (path, errno.ENOSPC)
    assert 20 < appended < 50  # about 745 KB were free
    assert path.stat().st_size == writer.size_bytes  # the torn record was cut back
    _assert_readable(path, appended)
    _fill(tiny_volume / "filler2")  # the cut-back record left part of a page free
    with pytest.raises(SegmentWriteError) as refused:  # a new segment on the full disk
        SegmentWriter.create(path.with_name("t.vseg"), SMALL_HEADER)
    assert refused.value.errno == errno.ENOSPC and not path.with_name("t.vseg").exists()
    filler.unlink()
    (tiny_volume / "filler2").unlink()
    for _ in range(5):
        writer.append(
            RecordKind.VIDEO, 1, T0_US + appended * FRAME_US, FRAME_US, _payload(appended)
        )
        appended += 1
    assert writer.close().frames == appended
    _assert_readable(path, appended)


def _hex_lines(data: bytes) -> str:
    return "\n".join(data[i : i + 16].hex(" ") for i in range(0, len(data), 16))


def test_the_worked_example_of_the_format_document_is_what_the_code_writes() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "storage-format.md").read_text()
    start_us = 1_700_000_000_000_000
    video = CodecParameters(
        Codec.H264, bytes.fromhex("0000000167640016 0000000168ee3cb0"), 1280, 720, Fraction(25)
    )
    audio = CodecParameters(Codec.AAC, bytes.fromhex("1408"), sample_rate=16000, channels=1)
    header = SegmentHeader(7, "main", start_us, (video, audio))
    header_bytes = encode_header(header)
    assert f"```text\n{_hex_lines(header_bytes)}\n```" in doc
    assert decode_header(header_bytes) == header
    record = encode_record(RecordKind.VIDEO, 1, start_us, 40_000, bytes.fromhex("0000000165888040"))
    assert f"```text\n{_hex_lines(record)}\n```" in doc
    blob = encode_keyframe_index([(start_us, 70), (start_us + 1_000_000, 250_000)], start_us)
    assert blob.hex(" ") == "00 00 00 02 00 00 00 00 00 00 00 46 00 0f 42 40 00 03 d0 90"
    assert "`00 00 00 02 | 00 00 00 00 00 00 00 46 | 00 0f 42 40 00 03 d0 90`" in doc


def test_a_segment_stretched_past_71_minutes_keeps_a_partial_but_correct_index(
    tmp_path: Path,
) -> None:
    late_us = T0_US + 2**32 + 1
    with SegmentWriter.create(tmp_path / "s.vseg", SMALL_HEADER) as writer:
        writer.append(RecordKind.VIDEO, 1, T0_US, FRAME_US, _payload(0))
        writer.append_discontinuity(late_us, "clock jumped 72 min")
        late = writer.append(RecordKind.VIDEO, 1, late_us, FRAME_US, _payload(1))
    summary = writer.close()
    index = decode_keyframe_index(summary.keyframe_index_blob, summary.start_us)
    assert index == [(T0_US, SMALL_HEADER_BYTES)] and summary.end_us == late_us + FRAME_US
    with SegmentReader.open(tmp_path / "s.vseg") as reader:
        packets = list(reader.packets_between(late_us, late_us + 1, index))
    assert [p.data for p in packets] == [_payload(1)] and late > SMALL_HEADER_BYTES


def test_a_segment_being_written_is_read_up_to_the_size_its_writer_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.vseg"
    writer = SegmentWriter.create(path, SMALL_HEADER)
    for i in range(3):
        writer.append(RecordKind.VIDEO, int(i == 0), T0_US + i * FRAME_US, FRAME_US, _payload(i))
    reported = writer.size_bytes
    with path.open("ab") as torn:  # a record the writer is still writing
        torn.write(encode_record(RecordKind.VIDEO, 0, T0_US + 3 * FRAME_US, 0, _payload(3))[:100])
    with SegmentReader.open(path) as reader:
        read = [r.payload for _, r in reader.records(until_offset=reported)]
        assert read == [_payload(i) for i in range(3)]
        with pytest.raises(CorruptRecord, match="torn record"):
            list(reader.records())
    writer.close()


def test_after_a_failed_fsync_the_summary_claims_only_what_a_power_cut_keeps(
    tmp_path: Path,
) -> None:
    """fsyncgate: records written after the last good fsync may already be gone when
    an fsync fails. On the power-cut file system: 5 frames synced, 5 more written,
    then every fsync fails; the summary, the file after the cut and its scan agree on
    the 5 synced frames (before, the summary counted all 10 and the catalog row
    claimed data the cut had taken: fsck found "size …, catalog says …")."""
    from tests.support.powercut_fs import powercut_mount_or_skip

    with powercut_mount_or_skip(tmp_path) as fs:
        path = fs.mountpoint / "s.vseg"
        writer = SegmentWriter.create(path, SMALL_HEADER, fsync_interval_s=3600)
        for index in range(5):
            writer.append(RecordKind.VIDEO, int(index == 0), T0_US + index * FRAME_US, FRAME_US,
                          _payload(index))  # fmt: skip
        writer.sync()
        synced = writer.synced_size_bytes
        for index in range(5, 10):
            writer.append(RecordKind.VIDEO, 0, T0_US + index * FRAME_US, FRAME_US, _payload(index))
        fs.fail("s.vseg", errno.EIO, ["write"])
        with pytest.raises(SegmentWriteError, match="fsync failed"):
            writer.close()
        summary = writer.close()
        assert (summary.frames, summary.size_bytes) == (5, synced)
        assert summary.end_us == T0_US + 5 * FRAME_US
        fs.cut()
        scan = scan_segment(path)
        assert (scan.frames, scan.file_size_bytes) == (summary.frames, summary.size_bytes)
