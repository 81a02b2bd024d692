"""Worker messages cross a real socketpair framed as records and come back equal."""

from __future__ import annotations

import socket
from fractions import Fraction

import pytest

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_api.media.records import Record, RecordDecoder, encode_record
from vedette_server.ingest import CameraIngestConfig, VolumeTarget
from vedette_server.ingest.messages import (
    BadMessage,
    Configure,
    Health,
    OfflineReason,
    Packet,
    SegmentClosed,
    SegmentOpened,
    SetLive,
    SetVolumes,
    Stop,
    StreamCodecs,
    StreamState,
    VolumeError,
    decode_message,
    encode_message,
)
from vedette_server.ops.tallies import HistogramCounts

CAMERA = CameraIngestConfig(
    camera_id=12,
    main_url="rtsp://cam.local/main",
    sub_url="rtsp://cam.local/sub",
    username="admin",
    password="pa ss:w@rd",
    volumes=(VolumeTarget(1, "/srv/a"), VolumeTarget(2, "/srv/b")),
    segment_seconds=30.0,
)

MESSAGES = [
    Configure((CAMERA,), not_before_us=1_800_000_000_000_000),
    SetVolumes(12, (VolumeTarget(3, "/srv/c"),)),
    SetLive(12, "sub", True),
    Stop(),
    SegmentOpened(12, "main", 1, "vedette/12/main/20270115/1.vseg", 1, "h264", 1920, 1080, 5),
    SegmentClosed(12, "sub", 2, "vedette/12/sub/x.vseg", 1, 60_000_001, 4_000_000, 1500, b"\0\1"),
    Health(12, "main", StreamState.OFFLINE, OfflineReason.AUTH_FAILED, "401", last_packet_us=7),
    Health(12, "sub", StreamState.ONLINE, fps=25.0, bitrate_kbps=512.5, codec="h265"),
    Health(
        12,
        "main",
        StreamState.ONLINE,
        counters_id=(1 << 62) - 1,
        packets_received=900,
        bytes_received=4_000_000,
        lost_packets=3,
        dropped_frames=1,
        reconnects=2,
        fsync_by_volume=((1, HistogramCounts((0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2), 0.004)),),
    ),
    VolumeError(12, "main", 1, 28, "No space left on device"),
    StreamCodecs(
        12,
        "main",
        (
            CodecParameters(Codec.H264, b"\0\0\0\1gB", 640, 360, Fraction(30000, 1001)),
            CodecParameters(Codec.AAC, b"\x14\x08", sample_rate=16000, channels=1),
        ),
    ),
    Packet(
        12, "sub", MediaPacket(PacketKind.VIDEO, 1_800_000_000_000_000, 40_000, True, b"\0" * 9)
    ),
    Packet(12, "main", MediaPacket(PacketKind.AUDIO, 5, 64_000, False, b"aac")),
]


def test_every_message_round_trips_through_a_socketpair() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"".join(encode_message(m) for m in MESSAGES))
        left.shutdown(socket.SHUT_WR)
        decoder, received = RecordDecoder(), []
        while data := right.recv(7):  # tiny reads: records are reassembled
            received += [decode_message(r) for r in decoder.feed(data)]
    assert received == MESSAGES


def test_camera_password_stays_out_of_reprs() -> None:
    assert "pa ss" not in repr(CAMERA) and "pa ss" not in repr(Configure((CAMERA,)))


def test_unknown_kinds_and_bad_payloads_are_bad_messages() -> None:
    with pytest.raises(BadMessage, match="unknown kind"):
        decode_message(Record(77, 0, 0, 0, b"{}"))
    with pytest.raises(BadMessage, match="kind 34"):
        decode_message(Record(34, 0, 0, 0, b'{"camera_id": 1}'))
    with pytest.raises(BadMessage):
        decode_message(RecordDecoder().feed(encode_record(16, 0, 0, 0, b"not json"))[0])


def test_camera_configuration_is_validated_where_it_enters() -> None:
    with pytest.raises(ValueError, match="segment_seconds"):
        CameraIngestConfig(1, "rtsp://x/y", segment_seconds=301).validate()
    with pytest.raises(ValueError, match="main_url") as error:
        CameraIngestConfig(1, "http://user:secret@x/y").validate()
    assert "secret" not in str(error.value)
    with pytest.raises(ValueError, match="rtsp_client"):
        CameraIngestConfig(1, "rtsp://x/y", rtsp_client="gstreamer").validate()  # type: ignore[arg-type]
    config = CameraIngestConfig(1, "rtsp://x/y", rtsp_client="ffmpeg")
    assert CameraIngestConfig.from_json(config.to_json()).rtsp_client == "ffmpeg"
