"""What a simulated camera shows: a moving scene, encoded once, looped from memory.

Each camera's loop (``loop_seconds`` long, a divisor of 60) is rendered and
encoded once with libx264/libx265 through PyAV, main and sub stream from the same
pictures, and cached on disk as Matroska files keyed by everything that shapes
them. Later runs only demux the cache. The same files feed the GStreamer peer in
``bench/camsim_capacity.py``.

Every picture carries, burned in: the camera name, its stream format, a clock
``··:··:S7.345`` (the wall-clock seconds and milliseconds modulo the loop; the
loop is phase-locked to the wall clock by :mod:`vedette_server.camsim.camera`) and
the same instant as a machine-readable strip (:mod:`vedette_server.camsim.clockcode`).
The privacy masks set over ONVIF Media2 (``camsim/onvif/masks.py``) are painted black
over all of it, last, so nothing shows through them in either stream.

Invariants:
- Loops start with a keyframe and have whole GOPs, no B-frames (as IP cameras
  send), so playing the loop over and over decodes cleanly.
- Video packets are Annex B; every keyframe is preceded by its parameter sets,
  as cameras send them, so a client can start at any keyframe.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.video.stream import VideoStream
from PIL import Image, ImageDraw, ImageFont

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.camsim import clockcode
from vedette_server.camsim.scene import MotionScript, StillScene
from vedette_server.child_processes import OwnedProcessPool
from vedette_server.media.annexb import (
    avcc_parameter_sets,
    hvcc_parameter_sets,
    join_nal_units,
    length_prefixed_to_annexb,
)

FORMAT_VERSION = 3  # bump when rendering or encoding changes, to invalidate caches


@dataclass(frozen=True)
class StreamProfile:
    """Resolution and bitrate of one encoded stream."""

    width: int
    height: int
    kbps: int

    @classmethod
    def parse(cls, size: str, kbps: int) -> StreamProfile:
        try:
            w, h = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise ValueError(f"size {size!r} is not WIDTHxHEIGHT") from None
        if w < 64 or h < 64 or w % 2 or h % 2 or w > 7680 or h > 4320:
            raise ValueError(f"size {size!r}: width and height must be even, 64..7680x4320")
        if not 16 <= kbps <= 100_000:
            raise ValueError(f"bitrate {kbps} kbit/s out of range 16..100000")
        return cls(w, h, kbps)


@dataclass(frozen=True)
class ContentSpec:
    """Everything that shapes a camera's encoded loop; its hash names the cache files."""

    name: str
    codec: Codec
    main: StreamProfile
    sub: StreamProfile | None
    fps: int
    loop_seconds: int
    #: Frames from one keyframe to the next; None: 2 s (left out of the repr, so the
    #: cache keys of loops with the default GOP stay what they were).
    gop: int | None = field(default=None, repr=False)
    #: What the camera looks at: "pan" (the scrolling panorama) or "still" (scene.py),
    #: and the scripted boxes drawn into a still scene; like ``gop``, in the key only
    #: when not the default.
    scene: str = field(default="pan", repr=False)
    motions: tuple[MotionScript, ...] = field(default=(), repr=False)
    #: Variable bitrate (capped at the profile's) instead of constant (ONVIF Media2's
    #: ConstantBitRate=false); in the key only when set.
    vbr: bool = field(default=False, repr=False)
    #: Privacy masks painted black: polygons of (x, y) points in fractions of the
    #: picture from its top left (ONVIF Media2 CreateMask); in the key only when set.
    masks: tuple[tuple[tuple[float, float], ...], ...] = field(default=(), repr=False)

    @property
    def frames(self) -> int:
        return self.fps * self.loop_seconds

    @property
    def gop_frames(self) -> int:
        return min(self.gop or 2 * self.fps, self.frames)

    def key(self) -> str:
        text = f"{FORMAT_VERSION}|{self!r}"
        if self.gop is not None:
            text += f"|gop={self.gop}"
        if self.scene != "pan" or self.motions:
            text += f"|scene={self.scene}|motion={';'.join(m.text for m in self.motions)}"
        if self.vbr:
            text += "|vbr"
        if self.masks:
            text += f"|masks={self.masks!r}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def paths(self, cache_dir: Path) -> dict[str, Path]:
        key = self.key()
        paths = {"main": cache_dir / f"{key}-main.mkv"}
        if self.sub is not None:
            paths["sub"] = cache_dir / f"{key}-sub.mkv"
        return paths


@dataclass(frozen=True)
class LoopFrame:
    """One encoded access unit of a loop."""

    data: bytes
    keyframe: bool


@dataclass(frozen=True)
class VideoLoop:
    """A stream's encoded loop in memory."""

    params: CodecParameters
    frames: list[LoopFrame]


# -- rendering ------------------------------------------------------------------


class SceneRenderer:
    """Draws the frames of one camera's loop (RGB, main-stream size)."""

    def __init__(self, spec: ContentSpec) -> None:
        self.spec = spec
        w, h = spec.main.width, spec.main.height
        self.width, self.height = w, h
        # The scene of the unmasked spec: masks hide part of it, they change nothing else.
        seed = int(replace(spec, masks=()).key()[:8], 16)
        rng = np.random.default_rng(seed)
        still = spec.scene == "still"
        self.still = StillScene(w, h, seed, spec.fps, spec.motions) if still else None
        # A wide textured panorama scrolls past: detail like a real scene, so the
        # encoder has real work and a real bitrate.
        block = max(4, w // 120)
        tiles = rng.integers(40, 216, size=(h // block + 1, w // block + 1, 3), dtype=np.uint8)
        texture = tiles.repeat(block, 0).repeat(block, 1)[:h, :w]
        x = np.linspace(0, 2 * math.pi * 3, w, endpoint=False)
        y = np.linspace(0, 2 * math.pi, h)
        shade = (np.sin(x)[None, :] * 0.5 + np.cos(y)[:, None] * 0.5) * 40
        tile = np.clip(texture.astype(np.int16) + shade[..., None], 0, 255).astype(np.uint8)
        # Two copies side by side: scrolling by one width per loop wraps seamlessly.
        self.panorama = np.concatenate([tile, tile], axis=1)
        self.font_big = ImageFont.load_default(size=max(12, h // 14))
        self.font_small = ImageFont.load_default(size=max(10, h // 28))
        rate = f"{spec.fps} fps"
        self.caption = f"{spec.codec.value.upper()} {w}x{h} {rate}"
        self.mask_cover = mask_cover(spec.masks, w, h) if spec.masks else None

    def frame(self, index: int) -> np.ndarray:
        spec, w, h = self.spec, self.width, self.height
        t = index / spec.fps
        rgb = self.still.frame(index) if self.still is not None else self.panning(index)
        loop_ms = round(t * 1000)
        clock = f"··:··:{loop_ms // 1000:0{len(str(spec.loop_seconds - 1))}d}.{loop_ms % 1000:03d}"
        self.text(rgb, spec.name, self.font_big, (h // 40, h // 40))
        self.text(rgb, self.caption, self.font_small, (h // 40, h // 40 + h // 11))
        self.text(rgb, clock, self.font_big, (w // 2, h // 40))
        clockcode.draw(rgb, loop_ms)
        if self.mask_cover is not None:
            rgb[self.mask_cover] = 0
        return rgb

    def panning(self, index: int) -> np.ndarray:
        spec, w, h = self.spec, self.width, self.height
        shift = int(index * w / (spec.fps * spec.loop_seconds)) % w
        rgb = self.panorama[:, shift : shift + w].copy()
        # A bouncing ball, one loop per period, so motion is smooth across the seam.
        phase = 2 * math.pi * index / spec.frames
        r = max(8, h // 10)
        cx = int(w / 2 + (w / 2 - r - 1) * math.sin(phase))
        cy = int(h / 2 + (h / 3 - r) * math.sin(2 * phase))
        rgb[cy - r : cy + r, cx - r : cx + r] = (230, 40, 40)
        return rgb

    @staticmethod
    def text(
        rgb: np.ndarray,
        text: str,
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
        at: tuple[int, int],
    ) -> None:
        _, top, right, bottom = font.getbbox(text)
        pad = max(2, int(bottom - top) // 6)
        box = Image.new("RGB", (int(right) + 2 * pad, int(bottom) + 2 * pad), (0, 0, 0))
        ImageDraw.Draw(box).text((pad, pad), text, font=font, fill=(255, 255, 255))
        patch = np.asarray(box)
        x, y = at
        ph = min(patch.shape[0], rgb.shape[0] - y)
        pw = min(patch.shape[1], rgb.shape[1] - x)
        if ph > 0 and pw > 0:
            rgb[y : y + ph, x : x + pw] = patch[:ph, :pw]


def mask_cover(
    masks: tuple[tuple[tuple[float, float], ...], ...], width: int, height: int
) -> np.ndarray:
    """The pixels ``masks`` cover in a ``width`` × ``height`` picture (a boolean array),
    each polygon filled with its outline; the sub stream is scaled from these pixels, so
    its masked area is the same part of the picture."""
    canvas = Image.new("1", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    for polygon in masks:
        draw.polygon([(x * width, y * height) for x, y in polygon], fill=1, outline=1)
    return np.asarray(canvas, dtype=bool)


# -- encoding -------------------------------------------------------------------


def _encoder_options(spec: ContentSpec, profile: StreamProfile) -> tuple[str, dict[str, str]]:
    """libx264/libx265 and their options. CBR: the bitrate with the VBV buffer one
    second of it and filler (nal-hrd=cbr, strict-cbr). VBR: constant quality (CRF 23)
    capped at the bitrate by a two-second VBV buffer."""
    k, gop = profile.kbps, spec.gop_frames
    if spec.vbr:
        rate = f"crf=23:vbv-maxrate={k}:vbv-bufsize={2 * k}"
    else:
        rate = f"bitrate={k}:vbv-maxrate={k}:vbv-bufsize={k}"
    if spec.codec is Codec.H264:
        params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0:{rate}:force-cfr=1" + (
            "" if spec.vbr else ":nal-hrd=cbr"
        )
        return "libx264", {"preset": "ultrafast", "x264-params": params}
    if spec.codec is Codec.H265:
        params = (
            f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0:open-gop=0:{rate}"
            + ("" if spec.vbr else ":strict-cbr=1")
            + ":log-level=error"
        )
        return "libx265", {"preset": "ultrafast", "x265-params": params}
    raise ValueError(f"camsim cannot encode video as {spec.codec.value}")


def encode_loop(spec: ContentSpec, cache_dir: Path) -> None:
    """Render and encode ``spec``'s loop into its cache files. Blocks for seconds."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    profiles = {"main": spec.main}
    if spec.sub is not None:
        profiles["sub"] = spec.sub
    paths = spec.paths(cache_dir)
    tmp = {name: p.with_suffix(f".{os.getpid()}.tmp") for name, p in paths.items()}
    outputs: dict[str, av.container.OutputContainer] = {}
    streams: dict[str, VideoStream] = {}
    for name, profile in profiles.items():
        out = av.open(str(tmp[name]), "w", format="matroska")
        codec_name, options = _encoder_options(spec, profile)
        stream = cast(VideoStream, out.add_stream(codec_name, rate=spec.fps, options=options))
        stream.width, stream.height, stream.pix_fmt = profile.width, profile.height, "yuv420p"
        stream.time_base = Fraction(1, spec.fps)
        outputs[name], streams[name] = out, stream
    renderer = SceneRenderer(spec)
    try:
        for index in range(spec.frames):
            picture = av.VideoFrame.from_ndarray(renderer.frame(index), format="rgb24")
            for name, profile in profiles.items():
                frame = picture.reformat(profile.width, profile.height, "yuv420p")
                frame.pts = index
                frame.time_base = Fraction(1, spec.fps)
                outputs[name].mux(streams[name].encode(frame))
        for name in profiles:
            outputs[name].mux(streams[name].encode(None))
    finally:
        for out in outputs.values():
            out.close()
    for name, path in paths.items():
        tmp[name].replace(path)


def ensure_encoded(specs: list[ContentSpec], cache_dir: Path, workers: int | None = None) -> int:
    """Encode the specs missing from the cache, in parallel processes; returns how many."""
    missing = [
        s for s in dict.fromkeys(specs) if not all(p.exists() for p in s.paths(cache_dir).values())
    ]
    if not missing:
        return 0
    workers = max(1, min(workers or os.cpu_count() or 1, len(missing)))
    if workers == 1:
        for spec in missing:
            encode_loop(spec, cache_dir)
    else:
        # Workers that end with camsim, even when a Ctrl-C or SIGTERM stops it mid-way.
        with OwnedProcessPool(workers) as pool:
            for future in [pool.submit(encode_loop, s, cache_dir) for s in missing]:
                future.result()
    return len(missing)


def load_loop(path: Path, frame_rate: Fraction, expected_frames: int | None = None) -> VideoLoop:
    """Demux a cached loop into memory (Annex B, parameter sets before keyframes).

    ``frame_rate`` is the rate the loop was encoded at (Matroska's millisecond
    timestamps cannot say 30000/1001 exactly).
    """
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        extradata = bytes(ctx.extradata or b"")
        if ctx.name in ("h264", "libx264"):
            codec, parameter_sets = Codec.H264, avcc_parameter_sets(extradata)
            length_size = (extradata[4] & 3) + 1
        elif ctx.name in ("hevc", "libx265"):
            codec, parameter_sets = Codec.H265, hvcc_parameter_sets(extradata)
            length_size = (extradata[21] & 3) + 1
        else:
            raise ValueError(f"{path}: unexpected codec {ctx.name}")
        headers = join_nal_units(parameter_sets)
        frames = []
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            data = length_prefixed_to_annexb(bytes(packet), length_size)
            if packet.is_keyframe:
                data = headers + data
            frames.append(LoopFrame(data, packet.is_keyframe))
        params = CodecParameters(
            codec=codec,
            extradata=headers,
            width=ctx.width,
            height=ctx.height,
            frame_rate=frame_rate,
        )
    if not frames or not frames[0].keyframe:
        raise ValueError(f"{path}: loop does not start with a keyframe")
    if expected_frames is not None and len(frames) != expected_frames:
        raise ValueError(f"{path}: {len(frames)} frames, expected {expected_frames}")
    return VideoLoop(params, frames)
