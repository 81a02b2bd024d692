"""A camera's packets to its motion worker: the runner's per-camera state and the
forwarding from the live hub.

For each camera with detection on the runner subscribes to its stream on the live hub,
as a viewer, and ``feed`` forwards the video packets to the camera's worker (codec
parameters first, then a reset and packets from a keyframe on).

Back pressure: the hub's subscription skips a slow reader to the next keyframe; a
worker whose socket buffer holds more than ``MAX_BUFFERED_BYTES`` gets nothing until
the next keyframe either. Both count ``frames_skipped``; the detector then restarts its
background. Recording never waits for motion detection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_server.ingest.config import StreamName
from vedette_server.live.hub import LiveHubs, LiveSkip, LiveStart, SubscriptionClosed
from vedette_server.motion import worker as wire
from vedette_server.motion.settings import MotionSettings
from vedette_server.motion.worker_process import MotionWorker

MAX_BUFFERED_BYTES = 4 << 20


@dataclass
class MotionHealth:
    stream: StreamName
    running: bool = False
    worker_pid: int | None = None
    lag_ms: int = 0
    frames_skipped: int = 0
    frames_analysed: int = 0
    cpu_ms: float = 0.0
    restarts: int = 0
    last_frame_us: int | None = None
    event_open: bool = False


@dataclass
class MotionCamera:
    """A camera the runner analyses: its stream, settings, health and feeding task."""

    camera_id: int
    stream: StreamName
    settings: MotionSettings
    health: MotionHealth
    start: LiveStart | None = None
    need_keyframe: bool = True
    task: asyncio.Task[None] | None = None
    open_event: asyncio.Future[int] | None = None


async def feed(
    camera: MotionCamera, live_hubs: LiveHubs, worker_of: Callable[[int], MotionWorker | None]
) -> None:
    """Forward the camera's video packets from the live hub to its worker (the one
    ``worker_of`` names at each packet) until the subscription closes or the task is
    cancelled."""
    try:
        async with live_hubs.subscribe(
            camera.camera_id, camera.stream, viewer=False
        ) as subscription:
            while True:
                item = await subscription.get()
                if isinstance(item, LiveStart):
                    camera.start = item
                    worker = worker_of(camera.camera_id)
                    if worker is not None:
                        send_codecs(worker, camera)
                elif isinstance(item, LiveSkip):
                    camera.health.frames_skipped += item.dropped_packets
                    camera.need_keyframe = True
                elif isinstance(item, MediaPacket) and item.kind == PacketKind.VIDEO:
                    forward(camera, item, worker_of(camera.camera_id))
    except SubscriptionClosed:
        return


def forward(camera: MotionCamera, packet: MediaPacket, worker: MotionWorker | None) -> None:
    writer = None if worker is None else worker.writer
    if writer is None or writer.is_closing() or camera.start is None:
        camera.need_keyframe = True
        return
    if camera.need_keyframe and not packet.keyframe:
        camera.health.frames_skipped += 1
        return
    if writer.transport.get_write_buffer_size() > MAX_BUFFERED_BYTES:
        camera.health.frames_skipped += 1
        camera.need_keyframe = True  # the worker is behind: wait for the next GOP
        return
    if camera.need_keyframe:
        camera.need_keyframe = False
        writer.write(wire.json_record(wire.RESET, {"camera_id": camera.camera_id}))
    writer.write(
        wire.packet_record(camera.camera_id, packet.timestamp_us, packet.keyframe, packet.data)
    )


def send_config(worker: MotionWorker | None, camera: MotionCamera) -> None:
    """The camera's settings (and codecs, once known) to its worker; the worker starts
    the camera's detector afresh, from the next keyframe."""
    if worker is None:
        return
    config = wire.config_to_json(camera.settings.config)
    worker.send(wire.json_record(wire.CONFIGURE, {"camera_id": camera.camera_id, "config": config}))
    if camera.start is not None:
        send_codecs(worker, camera)
    camera.need_keyframe = True


def send_stop(worker: MotionWorker, camera_id: int) -> None:
    """The worker forgets the camera."""
    worker.send(wire.json_record(wire.CONFIGURE, {"camera_id": camera_id, "config": None}))


def send_codecs(worker: MotionWorker, camera: MotionCamera) -> None:
    assert camera.start is not None
    video = camera.start.video
    data = {
        "camera_id": camera.camera_id,
        "codec": video.codec.value,
        "extradata": video.extradata.hex(),
    }
    worker.send(wire.json_record(wire.CODECS, data))
    camera.need_keyframe = True
