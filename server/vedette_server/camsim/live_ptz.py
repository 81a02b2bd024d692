"""A PTZ camera's picture, rendered and encoded live: the view of a panorama where its head points.

Each frame tick (the wall-clock pacer of ``camera``), the event loop reads the head's
position (``PtzModel`` is not thread-safe, so only the loop touches it) and hands it to
the camera's own encoder thread, which crops the panorama (``panorama.Panorama.view``),
applies the brightness and contrast of its ONVIF imaging settings (``picture_tone``),
burns in the name, the clock (``clockcode``) and the position (``ptzcode``, plus a line
for people), and encodes main and sub with libx264 (ultrafast, zerolatency, constant
bitrate, a keyframe every GOP, no B-frames). The encoded frames come back to the loop
and go out through the same ``SimulatedStream`` as loop frames, faults included.

Invariants:
- A frame shows the position read at its own tick, so the strip says where the head was
  at the frame's timestamp (to within the encoder's few milliseconds).
- At most ``MAX_IN_FLIGHT`` frames wait for the encoder; a tick that finds it busy is
  skipped (counted in ``skipped_frames``) rather than queued, so a slow machine gets a
  lower frame rate, never a growing delay.
- Keyframes carry SPS and PPS in front (Annex B), as a camera sends them; the same
  parameter sets are the track's ``extradata`` for the SDP.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import av
import av.codec.context
import numpy as np
from av.video.codeccontext import VideoCodecContext
from PIL import ImageFont

from vedette_api.media.packet import Codec, CodecParameters
from vedette_hw.sim.ptz_model import PtzModel, PtzPosition
from vedette_server.camsim import clockcode, ptzcode
from vedette_server.camsim.camera import FramePacer, SimulatedCamera
from vedette_server.camsim.content import (
    ContentSpec,
    LoopFrame,
    SceneRenderer,
    StreamProfile,
    VideoLoop,
)
from vedette_server.camsim.faults import Fault
from vedette_server.camsim.panorama import Panorama
from vedette_server.camsim.picture_tone import PictureTone

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 2
#: The largest main stream a live PTZ camera renders: two cores must encode it live.
MAX_MAIN = (1280, 720)


def capped_main(profile: StreamProfile) -> StreamProfile:
    """``profile`` scaled down (same aspect, even sizes) to fit ``MAX_MAIN``; the bitrate
    shrinks with the pixel count."""
    width, height = profile.width, profile.height
    scale = min(1.0, MAX_MAIN[0] / width, MAX_MAIN[1] / height)
    if scale >= 1.0:
        return profile
    w, h = int(width * scale) // 2 * 2, int(height * scale) // 2 * 2
    kbps = max(16, round(profile.kbps * (w * h) / (width * height)))
    return StreamProfile(w, h, kbps)


class LiveEncoder:
    """One H.264 encoder of one stream; ``encode`` blocks (a few milliseconds)."""

    def __init__(self, context: VideoCodecContext, profile: StreamProfile) -> None:
        self.context = context
        self.profile = profile
        self.headers = bytes(context.extradata or b"")
        self._pts = 0

    @classmethod
    def open(cls, profile: StreamProfile, fps: int, gop_frames: int) -> LiveEncoder:
        """Open libx264 for ``profile``; its parameter sets are ready at once."""
        context = av.CodecContext.create("libx264", "w")
        assert isinstance(context, VideoCodecContext)
        context.width, context.height, context.pix_fmt = profile.width, profile.height, "yuv420p"
        context.time_base = Fraction(1, fps)
        context.framerate = Fraction(fps)
        context.flags |= av.codec.context.Flags.global_header  # SPS/PPS in extradata
        k = profile.kbps
        params = (
            f"keyint={gop_frames}:min-keyint={gop_frames}:scenecut=0:bframes=0:"
            f"bitrate={k}:vbv-maxrate={k}:vbv-bufsize={k}:nal-hrd=cbr:force-cfr=1"
        )
        context.options = {"preset": "ultrafast", "tune": "zerolatency", "x264-params": params}
        context.open()
        return cls(context, profile)

    def params(self, fps: int) -> CodecParameters:
        return CodecParameters(
            codec=Codec.H264,
            extradata=self.headers,
            width=self.profile.width,
            height=self.profile.height,
            frame_rate=Fraction(fps),
        )

    def encode(self, picture: av.VideoFrame) -> list[LoopFrame]:
        frame = picture.reformat(self.profile.width, self.profile.height, "yuv420p")
        frame.pts = self._pts
        self._pts += 1
        frames = []
        for packet in self.context.encode(frame):
            data = bytes(packet)
            if packet.is_keyframe:
                data = self.headers + data
            frames.append(LoopFrame(data, packet.is_keyframe))
        return frames


class LivePtzCamera(SimulatedCamera):
    """A PTZ camera whose main and sub streams show ``panorama`` where ``head`` points."""

    live = True

    def __init__(
        self,
        spec: ContentSpec,
        head: PtzModel,
        panorama: Panorama,
        encoders: dict[str, LiveEncoder],
        faults: list[Fault],
        tone: PictureTone | None = None,
    ) -> None:
        videos = {name: VideoLoop(enc.params(spec.fps), []) for name, enc in encoders.items()}
        super().__init__(spec.name, videos, None, faults)
        self.spec = spec
        self.head = head
        self.panorama = panorama
        self.encoders = encoders
        self.tone = tone
        self.skipped_frames = 0
        self._overlay = _Overlay(spec, panorama.geometry.width, panorama.geometry.height)
        self._in_flight = 0
        # The last view (toned), kept by the encoder thread: a still head (the usual case)
        # needs no new crop and scale, only a copy to draw the overlays on.
        self._last_view: tuple[tuple[PtzPosition, int], np.ndarray] | None = None
        self._started_s = 0.0
        self._executor: ThreadPoolExecutor | None = None
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def create(
        cls,
        spec: ContentSpec,
        head: PtzModel,
        panorama: Panorama,
        faults: list[Fault],
        tone: PictureTone | None = None,
    ) -> LivePtzCamera:
        """Open the encoders (blocks briefly). ``spec.main`` must be the panorama's view size."""
        profiles = {"main": spec.main} | ({"sub": spec.sub} if spec.sub is not None else {})
        encoders = {
            name: LiveEncoder.open(profile, spec.fps, spec.gop_frames)
            for name, profile in profiles.items()
        }
        return cls(spec, head, panorama, encoders, faults, tone)

    def start_live(self, started_s: float) -> None:
        self._started_s = started_s
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"camsim-{self.name}-encoder")
        pacer = FramePacer(Fraction(self.spec.fps), self._tick)
        self._task = asyncio.get_running_loop().create_task(pacer.run())

    async def aclose_live(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._executor is not None:
            executor, self._executor = self._executor, None
            await asyncio.get_running_loop().run_in_executor(None, executor.shutdown)

    def _tick(self, n: int, timestamp_us: int) -> None:
        if self._executor is None:
            return
        if self._in_flight >= MAX_IN_FLIGHT:
            self.skipped_frames += 1
            return
        position = self.head.position()
        self._in_flight += 1
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self.render_encode, position, timestamp_us)

        def delivered(done: asyncio.Future[dict[str, list[LoopFrame]]]) -> None:
            self._in_flight -= 1
            if done.cancelled():
                return
            error = done.exception()
            if error is not None:
                log.error("%s: live frame failed: %r", self.name, error)
                return
            elapsed_s = time.monotonic() - self._started_s
            for name, frames in done.result().items():
                for frame in frames:
                    self.streams[name].push_frame(frame, timestamp_us, elapsed_s)

        future.add_done_callback(delivered)

    def render_encode(self, position: PtzPosition, timestamp_us: int) -> dict[str, list[LoopFrame]]:
        """Render the view at ``position`` with its overlays and encode it. Blocks (runs on
        the camera's encoder thread)."""
        version, table = self.tone.current() if self.tone is not None else (0, None)
        key = (position, version)
        if self._last_view is not None and self._last_view[0] == key:
            rgb = self._last_view[1].copy()
        else:
            view = self.panorama.view(position)
            if table is not None:  # brightness/contrast (ONVIF imaging), under the overlays
                view = np.take(table, view)
            self._last_view = (key, view)
            rgb = view.copy()
        self._overlay.draw(rgb, position, timestamp_us)
        picture = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        return {name: encoder.encode(picture) for name, encoder in self.encoders.items()}


class _Overlay:
    """What a live PTZ frame has burned in: name, format, clock and position."""

    def __init__(self, spec: ContentSpec, width: int, height: int) -> None:
        self.spec = spec
        self.width, self.height = width, height
        self.font_big = ImageFont.load_default(size=max(12, height // 14))
        self.font_small = ImageFont.load_default(size=max(10, height // 28))
        self.caption = f"PTZ H264 {width}x{height} {spec.fps} fps"
        self.loop_ms = spec.loop_seconds * 1000

    def draw(self, rgb: np.ndarray, position: PtzPosition, timestamp_us: int) -> None:
        w, h = self.width, self.height
        loop_ms = (timestamp_us // 1000) % self.loop_ms
        seconds = f"{loop_ms // 1000:0{len(str(self.spec.loop_seconds - 1))}d}"
        clock = f"··:··:{seconds}.{loop_ms % 1000:03d}"
        where = f"P {position.pan_deg:6.2f}°  T {position.tilt_deg:6.2f}°  Z {position.zoom:5.2f}x"
        SceneRenderer.text(rgb, self.spec.name, self.font_big, (h // 40, h // 40))
        SceneRenderer.text(rgb, self.caption, self.font_small, (h // 40, h // 40 + h // 11))
        SceneRenderer.text(rgb, where, self.font_small, (h // 40, h // 40 + h // 6))
        SceneRenderer.text(rgb, clock, self.font_big, (w // 2, h // 40))
        clockcode.draw(rgb, int(loop_ms))
        ptzcode.draw(rgb, position.pan_deg, position.tilt_deg, position.zoom)
