"""Segment rules of one stream on real files: keyframe starts, rotation, hard cap,
codec changes, replays after a reconnect, volume choice, write errors."""

from __future__ import annotations

import errno
import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from tests.integration.ingest_harness import make_volume, media_records
from tests.support.powercut_fs import powercut_mount_or_skip
from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.records import RecordKind
from vedette_api.media.segment_reader import SegmentReader, scan_segment
from vedette_server.ingest.codec_params import ParameterSetWatch, parameter_sets
from vedette_server.ingest.config import VolumeTarget
from vedette_server.ingest.messages import SegmentClosed, SegmentOpened, VolumeError, WorkerMessage
from vedette_server.ingest.segmenter import FILE_RETRY_S, NO_WRITABLE_VOLUME, StreamSegmenter
from vedette_server.media.annexb import join_nal_units
from vedette_server.storage.writer_lock import wait_for_writers

T0 = 1_800_000_000_000_000
FRAME_US = 40_000
H264 = CodecParameters(Codec.H264, b"\x00\x00\x00\x01\x67\x42", 640, 360, Fraction(25))
AAC = CodecParameters(Codec.AAC, b"\x14\x08", sample_rate=16_000, channels=1)


class FakeClock:
    """The segmenter's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def segmenter(
    volumes: list[VolumeTarget], messages: list[WorkerMessage], **kw: object
) -> StreamSegmenter:
    options: dict = {"segment_seconds": 3.0, "fsync_interval_s": 2.0, "record_reasons": 1}
    options.update(kw)
    return StreamSegmenter(
        camera_id=9, stream="main", volumes=tuple(volumes), emit=messages.append, **options
    )


def frames(first: int, count: int, gop: int = 50) -> list[MediaPacket]:
    """25 fps video with a keyframe every ``gop`` frames, numbered from ``first``."""
    return [
        MediaPacket(PacketKind.VIDEO, T0 + i * FRAME_US, FRAME_US, i % gop == 0, b"v%d" % i)
        for i in range(first, first + count)
    ]


def test_segments_start_at_a_keyframe_and_rotate_at_the_first_one_after_the_length(
    tmp_path: Path,
) -> None:
    messages: list[WorkerMessage] = []
    seg = segmenter([make_volume(tmp_path)], messages)
    seg.set_tracks((H264, AAC))
    seg.write(MediaPacket(PacketKind.AUDIO, T0 - 1000, 64_000, True, b"early audio"))
    for packet in frames(-10, 10 + 250):  # starts mid-GOP: frames -10..-1 are dropped
        seg.write(packet)
        if packet.timestamp_us % 64_000 == 0:
            seg.write(MediaPacket(PacketKind.AUDIO, packet.timestamp_us, 64_000, True, b"a"))
    seg.close()
    opened = [m for m in messages if isinstance(m, SegmentOpened)]
    closed = [m for m in messages if isinstance(m, SegmentClosed)]
    # GOP 2 s, length 3 s: segments of 4 s, cut at frames 0, 100, 200.
    assert [m.start_us for m in opened] == [T0, T0 + 4_000_000, T0 + 8_000_000]
    assert [m.frames for m in closed] == [100, 100, 50]
    assert seg.segments_written == 3 and seg.bytes_written == sum(m.size_bytes for m in closed)
    for message in closed:
        records = media_records(tmp_path / message.relpath)
        assert records[0].kind == RecordKind.VIDEO and records[0].keyframe
        assert any(r.kind == RecordKind.AUDIO for r in records)
        assert b"early audio" not in [r.payload for r in records]
        assert scan_segment(tmp_path / message.relpath).clean


def test_a_volume_is_held_for_writing_exactly_while_a_segment_is_open_on_it(
    tmp_path: Path,
) -> None:
    """Held, a recovery waits for the last record (storage/writer_lock.py); let go once
    nothing is open, so that an offline camera does not keep its volume busy."""
    root = make_volume(tmp_path)
    seg = segmenter([root], [])
    seg.set_tracks((H264,))

    def held() -> bool:
        lock = wait_for_writers(tmp_path, 0.05)
        if lock is not None:
            lock.close()
        return lock is None

    assert not held()
    for packet in frames(0, 120):  # a rotation at frame 100 (keyframes every 50)
        seg.write(packet)
        assert held()
    seg.close()  # the stream dropped
    assert not held()
    for packet in frames(200, 10):  # reconnected
        seg.write(packet)
    assert held()
    seg.close(final=True)
    assert not held()


def test_hard_cap_rotates_at_the_next_frame_even_without_a_keyframe(tmp_path: Path) -> None:
    messages: list[WorkerMessage] = []
    clock = FakeClock()
    seg = segmenter([make_volume(tmp_path)], messages, clock=clock, segment_seconds=60.0)
    seg.set_tracks((H264,))
    packets = frames(0, 20, gop=10_000)  # one keyframe, then never again
    for packet in packets[:10]:
        seg.write(packet)
    clock.now += 300.0
    for packet in packets[10:]:
        seg.write(packet)
    seg.close()
    opened = [m for m in messages if isinstance(m, SegmentOpened)]
    assert [m.start_us for m in opened] == [T0, T0 + 10 * FRAME_US]


def test_a_change_of_record_reasons_loses_no_packet_and_splits_at_the_next_keyframe(
    tmp_path: Path,
) -> None:
    schedule, manual = 1, 2
    messages: list[WorkerMessage] = []
    seg = segmenter([make_volume(tmp_path)], messages, segment_seconds=60.0)
    seg.set_tracks((H264,))
    packets = frames(0, 200)  # keyframes at 0, 50, 100, 150
    changes = {20: schedule | manual, 70: schedule, 110: schedule | manual, 120: schedule}
    for i, packet in enumerate(packets):
        if i in changes:  # each in the middle of a GOP
            seg.set_record_reasons(changes[i])
        seg.write(packet)
    seg.close()
    opened = [m for m in messages if isinstance(m, SegmentOpened)]
    closed = [m for m in messages if isinstance(m, SegmentClosed)]
    # A reason added goes into the open segment; one removed ends it at the next
    # keyframe (100 after 70, 150 after 110-120), so that the next has it no more.
    assert [m.start_us for m in opened] == [T0, T0 + 100 * FRAME_US, T0 + 150 * FRAME_US]
    assert [m.record_reasons for m in opened] == [schedule] * 3
    # A closing segment holds every reason that applied while it was open.
    assert [m.record_reasons for m in closed] == [schedule | manual] * 2 + [schedule]
    assert [m.frames for m in closed] == [100, 50, 50], "every packet, once"
    for before, after in zip(closed, opened[1:], strict=False):
        assert before.end_us == after.start_us, "the next segment starts where one ends"
    written = [r for m in closed for r in media_records(tmp_path / m.relpath)]
    assert [r.payload for r in written] == [p.data for p in packets]


def test_record_reasons_0_stop_writing_at_once(tmp_path: Path) -> None:
    messages: list[WorkerMessage] = []
    seg = segmenter([make_volume(tmp_path)], messages, segment_seconds=60.0)
    seg.set_tracks((H264,))
    for packet in frames(0, 30):
        seg.write(packet)
    seg.set_record_reasons(0)  # e.g. outside the schedule
    for packet in frames(30, 30):
        seg.write(packet)
    (closed,) = [m for m in messages if isinstance(m, SegmentClosed)]
    assert (closed.frames, closed.record_reasons) == (30, 1)
    assert not seg.recording


def _encoded_keyframe(width: int, height: int) -> bytes:
    """A real H.264 keyframe (Annex B, parameter sets in band) from libx264."""
    encoder = av.CodecContext.create("libx264", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuv420p"
    encoder.time_base = Fraction(1, 25)
    encoder.options = {"tune": "zerolatency", "x264-params": "repeat-headers=1"}
    image = np.full((height, width, 3), 90, dtype=np.uint8)
    packets = list(encoder.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
    packets += list(encoder.encode(None))
    return bytes(packets[0])


def test_new_parameter_sets_in_a_keyframe_start_a_segment_with_the_new_header(
    tmp_path: Path,
) -> None:
    small, large = _encoded_keyframe(320, 240), _encoded_keyframe(640, 480)
    params = CodecParameters(
        Codec.H264, join_nal_units(list(parameter_sets(Codec.H264, small))), 320, 240
    )
    watch = ParameterSetWatch(params)
    assert watch.check(small) is None, "the same parameter sets are no change"
    messages: list[WorkerMessage] = []
    seg = segmenter([make_volume(tmp_path)], messages)
    seg.set_tracks((params,))
    seg.write(MediaPacket(PacketKind.VIDEO, T0, FRAME_US, True, small))
    changed = watch.check(large)
    assert changed is not None and (changed.width, changed.height) == (640, 480)
    seg.set_tracks((changed,))
    seg.write(MediaPacket(PacketKind.VIDEO, T0 + FRAME_US, FRAME_US, True, large))
    seg.close()
    closed = [m for m in messages if isinstance(m, SegmentClosed)]
    assert len(closed) == 2
    with SegmentReader.open(tmp_path / closed[1].relpath) as reader:
        assert (reader.header.video.width, reader.header.video.height) == (640, 480)
        assert parameter_sets(Codec.H264, reader.header.video.extradata) == parameter_sets(
            Codec.H264, large
        )


def test_after_a_reconnect_replayed_packets_already_recorded_are_skipped(tmp_path: Path) -> None:
    messages: list[WorkerMessage] = []
    seg = segmenter([make_volume(tmp_path)], messages, segment_seconds=60.0)
    seg.set_tracks((H264,))
    for packet in frames(0, 80):
        seg.write(packet)
    seg.close()  # the connection dropped at frame 79
    for packet in frames(50, 100):  # the server replays the GOP of frame 50
        seg.write(packet)
    seg.close()
    opened = [m for m in messages if isinstance(m, SegmentOpened)]
    closed = [m for m in messages if isinstance(m, SegmentClosed)]
    assert [m.start_us for m in opened] == [T0, T0 + 100 * FRAME_US], "from the next keyframe"
    assert closed[0].end_us <= opened[1].start_us


def test_the_volume_with_most_free_space_gets_the_next_segment(tmp_path: Path) -> None:
    roomy, tight = make_volume(tmp_path / "a", 1), make_volume(tmp_path / "b", 2)
    free = {roomy.root: 10_000_000, tight.root: 5_000_000}
    messages: list[WorkerMessage] = []
    seg = segmenter([tight, roomy], messages, volume_free_bytes=free.__getitem__)
    seg.set_tracks((H264,))
    for packet in frames(0, 101):
        if packet.timestamp_us == T0 + 100 * FRAME_US:
            free[roomy.root] = 1_000_000
        seg.write(packet)
    seg.close()
    opened = [m for m in messages if isinstance(m, SegmentOpened)]
    assert [m.volume_id for m in opened] == [1, 2]


def test_a_volume_failing_for_want_of_descriptors_is_retried_within_seconds(
    tmp_path: Path,
) -> None:
    """EMFILE says nothing about the volume: it is tried again after RESOURCE_RETRY_S,
    not after the 30 s a failing disk waits (every second waited is video lost)."""
    for err, reopened in ((errno.EMFILE, True), (errno.ENOSPC, False)):
        volume = make_volume(tmp_path / str(err))
        failures = [err]

        def free_bytes(root: str, failures: list[int] = failures) -> int:
            if failures:
                code = failures.pop()
                raise OSError(code, os.strerror(code))
            return 10_000_000

        messages: list[WorkerMessage] = []
        clock = FakeClock()
        seg = segmenter([volume], messages, clock=clock, volume_free_bytes=free_bytes)
        seg.set_tracks((H264,))
        packets = frames(0, 60, gop=10)
        for packet in packets[:10]:
            seg.write(packet)  # the first keyframe finds no volume: it failed
        assert not [m for m in messages if isinstance(m, SegmentOpened)]
        clock.now += 3.5  # past the "no writable volume" wait and RESOURCE_RETRY_S
        for packet in packets[10:]:
            seg.write(packet)
        seg.close()
        opened = [m for m in messages if isinstance(m, SegmentOpened)]
        assert bool(opened) is reopened, (errno.errorcode[err], opened)


def test_a_write_error_on_one_streams_files_keeps_the_volume_and_retries_it_soon(
    tmp_path: Path,
) -> None:
    """Real EIO from the power-cut file system on this stream's files only: the
    volume still takes a test write, so it is not reported failed (the other streams
    there record on); the error is said once per run of failures, and this stream
    opens its next segment there again after FILE_RETRY_S. When the volume refuses
    the test write too, it is reported failed as before."""
    with powercut_mount_or_skip(tmp_path) as fs:
        volume = make_volume(fs.mountpoint / "vol")
        messages: list[WorkerMessage] = []
        clock = FakeClock()
        seg = segmenter([volume], messages, clock=clock)
        seg.set_tracks((H264,))
        packets = frames(0, 400, gop=10)

        def said() -> list[VolumeError]:
            return [m for m in messages if isinstance(m, VolumeError)]

        for packet in packets[:25]:
            seg.write(packet)
        fs.fail("vol/vedette/9/main/*", errno.EIO, ["write"])
        for packet in packets[25:60]:  # the open segment fails; each keyframe tries again
            seg.write(packet)
            clock.now += FILE_RETRY_S / 4
        assert [(e.volume_ok, e.errno) for e in said()] == [(True, errno.EIO)], said()
        fs.clear_faults()
        clock.now += FILE_RETRY_S
        for packet in packets[60:120]:
            seg.write(packet)
        opened = [m for m in messages if isinstance(m, SegmentOpened)]
        assert opened[-1].start_us == packets[60].timestamp_us, "back at the next keyframe"
        seg.close()  # a clean close ends the run of failures
        closed = [m for m in messages if isinstance(m, SegmentClosed)]
        assert closed[-1].end_us == packets[119].timestamp_us + FRAME_US
        assert scan_segment(Path(volume.root) / closed[-1].relpath).clean

        fs.fail("vol/vedette/9/main/*", errno.EIO, ["write"])
        for packet in packets[120:140]:
            seg.write(packet)
        assert [e.volume_ok for e in said()] == [True, True], "a new run is said again"
        fs.fail("vol/*", errno.EIO, ["write"])  # now the whole volume
        clock.now += FILE_RETRY_S
        for packet in packets[140:160]:
            seg.write(packet)
        assert [e.volume_ok for e in said()] == [True, True, False], said()
        assert seg.storage_message == NO_WRITABLE_VOLUME
        seg.close(final=True)
