"""Packets as a real server recorded them, read back from its segment files and
turned into the wire messages (``media_pb2``) the console receives."""

from __future__ import annotations

from pathlib import Path

from vedette_api.media.packet import Codec, CodecParameters
from vedette_api.media.records import CorruptRecord, RecordKind
from vedette_api.media.segment_reader import SegmentReader
from vedette_api.v1 import media_pb2
from vedette_server.storage.layout import SEGMENT_SUFFIX, TOP_DIRECTORY

_CODECS = {
    Codec.H264: media_pb2.CODEC_H264,
    Codec.H265: media_pb2.CODEC_H265,
    Codec.AAC: media_pb2.CODEC_AAC,
    Codec.PCMU: media_pb2.CODEC_PCMU,
    Codec.PCMA: media_pb2.CODEC_PCMA,
}


def codec_parameters(params: CodecParameters) -> media_pb2.CodecParameters:
    return media_pb2.CodecParameters(
        codec=_CODECS[params.codec],  # type: ignore[arg-type]
        extradata=params.extradata,
        width=params.width,
        height=params.height,
        frame_rate_num=params.frame_rate.numerator,
        frame_rate_den=params.frame_rate.denominator if params.frame_rate else 0,
        sample_rate=params.sample_rate,
        channels=params.channels,
    )


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
                video = codec_parameters(reader.header.video)
            try:
                for _, record in reader.records():
                    if record.kind != RecordKind.VIDEO:
                        continue
                    if not packets and not record.keyframe:
                        continue
                    packets.append(
                        media_pb2.MediaPacket(
                            kind=media_pb2.PACKET_KIND_VIDEO,
                            timestamp_us=record.timestamp_us,
                            duration_us=record.duration_us,
                            keyframe=record.keyframe,
                            data=record.payload,
                        )
                    )
                    if len(packets) >= limit:
                        return video, packets
            except CorruptRecord:
                break
    if video is None or not packets:
        raise AssertionError(f"no {stream} recording of camera {camera_id} under {volume}")
    return video, packets
