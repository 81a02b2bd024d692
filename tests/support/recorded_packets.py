"""Packets as a real server recorded them, read back from its segment files and
turned into the wire messages (``media_pb2``) the console receives."""

from __future__ import annotations

from pathlib import Path

from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_api.media.proto_convert import codec_parameters_to_proto, packet_to_proto
from vedette_api.media.records import CorruptRecord, RecordKind
from vedette_api.media.segment_reader import SegmentReader
from vedette_api.v1 import media_pb2
from vedette_server.storage.layout import SEGMENT_SUFFIX, TOP_DIRECTORY


def segment_files(volume: Path, camera_id: int, stream: str) -> list[Path]:
    root = volume / TOP_DIRECTORY / str(camera_id) / stream
    files = root.glob(f"*/*{SEGMENT_SUFFIX}")
    return sorted(files, key=lambda p: int(p.name.removesuffix(SEGMENT_SUFFIX)))


def recorded_packets(
    volume: Path, camera_id: int, stream: str = "sub", *, limit: int = 2000
) -> tuple[media_pb2.CodecParameters, list[media_pb2.MediaPacket]]:
    """The video parameters and video packets (from the first keyframe) of a camera's
    closed and still-growing segment files; a torn last record ends the read."""
    video: media_pb2.CodecParameters | None = None
    packets: list[media_pb2.MediaPacket] = []
    for path in segment_files(volume, camera_id, stream):
        with SegmentReader.open(path) as reader:
            if video is None:
                video = codec_parameters_to_proto(reader.header.video)
            try:
                for _, record in reader.records():
                    if record.kind != RecordKind.VIDEO:
                        continue
                    if not packets and not record.keyframe:
                        continue
                    packet = MediaPacket(
                        PacketKind.VIDEO,
                        record.timestamp_us,
                        record.duration_us,
                        record.keyframe,
                        record.payload,
                    )
                    packets.append(packet_to_proto(packet))
                    if len(packets) >= limit:
                        return video, packets
            except CorruptRecord:
                break
    if video is None or not packets:
        raise AssertionError(f"no {stream} recording of camera {camera_id} under {volume}")
    return video, packets
