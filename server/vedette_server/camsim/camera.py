"""Simulated cameras: looped content sent on the wall clock, with faults applied.

Invariants:
- Frame *n* of a stream (counted from the Unix epoch at the stream's rate) has
  ``timestamp_us = n × frame interval`` and shows loop frame ``n mod loop length``,
  so the picture's burned-in clock equals the wall clock modulo the loop, and
  timestamps run on continuously across loop repeats.
- A frame is pushed no earlier than its timestamp; after a stall of up to one
  second the missed frames are sent at once (a burst), after a longer one they
  are skipped, as a camera's would be.
- One pacer task per frame rate drives every camera; nothing here blocks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_api.timestamps import now_us
from vedette_server.camsim.audio import AudioLoop
from vedette_server.camsim.content import LoopFrame, VideoLoop
from vedette_server.camsim.faults import Fault, FaultKind, StreamFaults
from vedette_server.rtsp.server import RtspServer
from vedette_server.rtsp.stream import MediaTrack, Mount

log = logging.getLogger(__name__)


class FramePacer:
    """Calls ``tick(n, timestamp_us)`` for frame n since the epoch at ``rate`` per second."""

    def __init__(self, rate: Fraction, tick: Callable[[int, int], None]) -> None:
        self.rate = rate
        self.tick = tick
        self.late_ticks = 0

    def timestamp_us(self, n: int) -> int:
        return int(n * 1_000_000 / self.rate)

    def frame_at(self, wall_us: int) -> int:
        return int(wall_us * self.rate // 1_000_000)

    async def run(self) -> None:
        n = self.frame_at(now_us()) + 1
        max_burst = max(1, int(self.rate))
        while True:
            delay_us = self.timestamp_us(n) - now_us()
            if delay_us > 0:
                await asyncio.sleep(delay_us / 1_000_000)
            latest = self.frame_at(now_us())
            if latest - n > max_burst:
                self.late_ticks += latest - n
                n = latest
            while n <= latest:
                try:
                    self.tick(n, self.timestamp_us(n))
                except Exception:  # one bad frame must not stop every camera
                    log.exception("camsim tick %d failed", n)
                n += 1


@dataclass(eq=False)
class SimulatedStream:
    """One stream (main or sub) of a simulated camera, served on one mount."""

    camera: str
    name: str
    video: VideoLoop
    audio: AudioLoop | None
    faults: StreamFaults
    mount: Mount = field(init=False)

    def __post_init__(self) -> None:
        tracks = [MediaTrack(self.video.params, payload_type=96)]
        if self.audio is not None:
            tracks.append(MediaTrack(self.audio.params, payload_type=97))
        self.mount = Mount(f"{self.camera}/{self.name}", tracks, title=f"{self.camera} {self.name}")
        self.frame_us = round(1_000_000 / self.video.params.frame_rate)

    def replace_video(self, video: VideoLoop) -> None:
        """Serve ``video`` from now on, on a new video track (new parameter sets, size,
        rate); clients of the old track must be dropped (``CameraFleet.swap_video``)."""
        self.video = video
        self.mount.tracks[0] = MediaTrack(video.params, payload_type=96)
        self.frame_us = round(1_000_000 / video.params.frame_rate)

    def push_video(self, n: int, timestamp_us: int, elapsed_s: float) -> None:
        self.push_frame(self.video.frames[n % len(self.video.frames)], timestamp_us, elapsed_s)

    def push_frame(self, frame: LoopFrame, timestamp_us: int, elapsed_s: float) -> None:
        """Send one encoded frame (of the loop, or rendered live), faults applied."""
        faults = self.faults
        if faults.faults and faults.dropping(elapsed_s):
            return
        data = frame.data
        if faults.faults:
            offset = faults.clock_offset_us(elapsed_s)
            timestamp_us += offset
            self.mount.tracks[0].clock_offset_us = offset
            data = faults.damage(data, elapsed_s)
        self.mount.push(
            0, MediaPacket(PacketKind.VIDEO, timestamp_us, self.frame_us, frame.keyframe, data)
        )

    def push_audio(self, n: int, timestamp_us: int, elapsed_s: float) -> None:
        if self.audio is None or (self.faults.faults and self.faults.dropping(elapsed_s)):
            return
        if self.faults.faults:
            offset = self.faults.clock_offset_us(elapsed_s)
            timestamp_us += offset
            self.mount.tracks[1].clock_offset_us = offset
        data = self.audio.frames[n % len(self.audio.frames)]
        packet = MediaPacket(
            PacketKind.AUDIO, timestamp_us, self.audio.frame_duration_us, True, data
        )
        self.mount.push(1, packet)


class SimulatedCamera:
    """A camera: main and sub streams on ``<name>/main`` and ``<name>/sub``.

    A ``live`` camera (``live_ptz.LivePtzCamera``) renders and encodes its frames itself:
    the fleet starts and stops it instead of pushing loop frames to it.
    """

    live = False

    def __init__(
        self,
        name: str,
        videos: dict[str, VideoLoop],
        audio: AudioLoop | None,
        faults: list[Fault],
    ) -> None:
        self.name = name
        self.faults = [f for f in faults if f.camera == name]
        self.streams = {
            stream: SimulatedStream(
                name,
                stream,
                video,
                audio,
                StreamFaults([f for f in self.faults if f.applies_to(stream)], video.params.codec),
            )
            for stream, video in videos.items()
        }
        self._closed: set[tuple[Fault, str]] = set()

    @property
    def mounts(self) -> list[Mount]:
        return [s.mount for s in self.streams.values()]

    def start_live(self, started_s: float) -> None:
        """Start producing frames (live cameras only; ``started_s`` is the fleet's
        monotonic start, which fault times count from)."""

    async def aclose_live(self) -> None:
        """Stop producing frames (live cameras only)."""

    def apply_connection_faults(self, server: RtspServer, elapsed_s: float) -> None:
        """Close connections and refuse auth as the faults say (called every tick)."""
        for stream in self.streams.values():
            faults = stream.faults.faults
            mount = stream.mount
            mount.refuse_auth = any(
                f.kind is FaultKind.REFUSE_AUTH and f.active(elapsed_s) for f in faults
            )
            closing = [f for f in faults if f.kind is FaultKind.CLOSE and elapsed_s >= f.start_s]
            mount.unavailable = any(f.active(elapsed_s) and f.length_s for f in closing)
            for fault in closing:
                if (fault, stream.name) not in self._closed:
                    self._closed.add((fault, stream.name))
                    count = server.close_mount_sessions(mount)
                    log.info(
                        "fault %s: closed %d connection(s) of %s", fault.text, count, mount.path
                    )


class CameraFleet:
    """All simulated cameras of one camsim process and the pacers that drive them."""

    def __init__(self, cameras: list[SimulatedCamera], server: RtspServer) -> None:
        self.cameras = cameras
        self.server = server
        self.started = time.monotonic()
        self._has_connection_faults = any(
            f.kind in (FaultKind.CLOSE, FaultKind.REFUSE_AUTH) for c in cameras for f in c.faults
        )
        self._streams = [s for c in cameras if not c.live for s in c.streams.values()]
        self._tasks: list[asyncio.Task[None]] = []
        #: The loop streams each video pacer drives, by frame rate (a swap moves one).
        self._by_rate: dict[Fraction, list[SimulatedStream]] = {}

    def start(self) -> None:
        for mount in (m for c in self.cameras for m in c.mounts):
            self.server.add_mount(mount)
        loop = asyncio.get_running_loop()
        for stream in self._streams:
            self._paced(stream.video.params.frame_rate).append(stream)
        audio_streams = [s for s in self._streams if s.audio is not None]
        if audio_streams:
            audio = audio_streams[0].audio
            assert audio is not None
            pacer = FramePacer(audio.frame_rate, self._audio_ticker(audio_streams))
            self._tasks.append(loop.create_task(pacer.run()))
        if self._has_connection_faults:
            self._tasks.append(loop.create_task(self._watch_connection_faults()))
        for camera in self.cameras:
            camera.start_live(self.started)

    def _paced(self, rate: Fraction) -> list[SimulatedStream]:
        """The streams of the pacer at ``rate`` (started now if there was none)."""
        streams = self._by_rate.get(rate)
        if streams is None:
            streams = self._by_rate[rate] = []
            pacer = FramePacer(rate, self._video_ticker(streams))
            self._tasks.append(asyncio.get_running_loop().create_task(pacer.run()))
        return streams

    def swap_video(self, camera: str, stream: str, video: VideoLoop) -> int:
        """Serve ``video`` on ``camera``'s ``stream`` (a loop camera's), moved to the
        pacer of its frame rate, and drop the stream's RTSP clients, as a camera whose
        encoder settings changed does; returns how many connections were closed."""
        found = next((c for c in self.cameras if c.name == camera and not c.live), None)
        if found is None or stream not in found.streams:
            raise KeyError(f"no loop stream {camera}/{stream}")
        simulated = found.streams[stream]
        old = self._by_rate.get(simulated.video.params.frame_rate, [])
        if simulated in old:
            old.remove(simulated)
        simulated.replace_video(video)
        self._paced(video.params.frame_rate).append(simulated)
        return self.server.close_mount_sessions(simulated.mount)

    def _video_ticker(self, streams: list[SimulatedStream]) -> Callable[[int, int], None]:
        def tick(n: int, timestamp_us: int) -> None:
            elapsed = time.monotonic() - self.started
            for stream in streams:
                stream.push_video(n, timestamp_us, elapsed)

        return tick

    def _audio_ticker(self, streams: list[SimulatedStream]) -> Callable[[int, int], None]:
        def tick(n: int, timestamp_us: int) -> None:
            elapsed = time.monotonic() - self.started
            for stream in streams:
                stream.push_audio(n, timestamp_us, elapsed)

        return tick

    async def _watch_connection_faults(self) -> None:
        while True:
            elapsed = time.monotonic() - self.started
            for camera in self.cameras:
                camera.apply_connection_faults(self.server, elapsed)
            await asyncio.sleep(0.05)

    async def aclose(self) -> None:
        for camera in self.cameras:
            await camera.aclose_live()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
