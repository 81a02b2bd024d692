"""A live snapshot takes the hub's current keyframe when the stream is watched, and
the recording's newest keyframe otherwise (or when the hub's is stale)."""

from __future__ import annotations

import asyncio
from fractions import Fraction

from vedette_api.media.packet import Codec, CodecParameters, MediaPacket, PacketKind
from vedette_server.images.keyframe_render import RenderJob
from vedette_server.images.snapshots import LIVE_MAX_AGE_US
from vedette_server.ingest.messages import Packet, StreamCodecs
from vedette_server.live.hub import LiveHubs
from vedette_server.live.snapshot_keyframes import HubKeyframes

VIDEO = CodecParameters(Codec.H264, b"\0\0\0\1sps", 1920, 1080, Fraction(25))
NOW_US = 1_767_225_600_000_000


class Recorded:
    def __init__(self) -> None:
        self.asked: list[int] = []

    async def latest_keyframe(self, camera_id: int) -> RenderJob | None:
        self.asked.append(camera_id)
        return RenderJob("/recorded.vseg", 42)


def hubs_with_keyframe(at_us: int) -> LiveHubs:
    hubs = LiveHubs(lambda camera, stream, on: None)
    hubs.on_message(StreamCodecs(7, "main", (VIDEO,)))
    keyframe = MediaPacket(PacketKind.VIDEO, at_us, 40_000, True, b"\0\0\0\1idr")
    hubs.on_message(Packet(7, "main", keyframe))
    hubs.on_message(
        Packet(7, "main", MediaPacket(PacketKind.VIDEO, at_us + 40_000, 40_000, False, b"p"))
    )
    return hubs


def latest(hubs: LiveHubs, recorded: Recorded, camera: int = 7) -> RenderJob | None:
    source = HubKeyframes(hubs, recorded, clock=lambda: NOW_US / 1e6)
    return asyncio.run(source.latest_keyframe(camera))


def test_a_watched_stream_gives_the_hubs_keyframe_with_its_parameters() -> None:
    recorded = Recorded()
    job = latest(hubs_with_keyframe(NOW_US - 500_000), recorded)
    assert job is not None and job.path is None
    assert (job.data, job.codec, job.extradata) == (b"\0\0\0\1idr", "h264", VIDEO.extradata)
    assert job.timestamp_us == NOW_US - 500_000
    assert recorded.asked == []


def test_a_stale_hub_or_an_unwatched_camera_falls_back_to_the_recording() -> None:
    recorded = Recorded()
    stale = latest(hubs_with_keyframe(NOW_US - LIVE_MAX_AGE_US - 1), recorded)
    unknown = latest(hubs_with_keyframe(NOW_US), recorded, camera=8)
    assert stale == unknown == RenderJob("/recorded.vseg", 42)
    assert recorded.asked == [7, 8]
