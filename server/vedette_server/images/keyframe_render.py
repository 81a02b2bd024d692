"""Decoding one keyframe to a JPEG, in worker processes (``RenderPool``).

``render_keyframe`` is the whole job of a worker: read the keyframe record from its
segment file (or take the access unit given), decode it with PyAV, scale it to fit
the requested box and encode it as JPEG with FFmpeg's MJPEG encoder (measured 3×
faster than Pillow at 1080p, as fast at thumbnail sizes; bench/README.md). It
blocks for a few ms to a few tens of ms and holds the GIL, which is why it never
runs in the server's process: decoding in a pool of processes keeps the event loop
free and uses every core, and a crash in native code costs a worker, not the server.

Invariants:
- A picture is never enlarged, keeps its aspect ratio, and has even dimensions
  (4:2:0 JPEG); ``max_width``/``max_height`` 0 mean "no limit".
- The record read is CRC-checked and must be a video keyframe; anything else is a
  ``RenderError`` with the reason, never a wrong picture.
- A job's privacy masks are burnt into the picture (``burn_in``) before it is
  encoded: no JPEG of it without them leaves the worker.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from vedette_api.media.records import CorruptRecord, RecordKind
from vedette_api.media.segment_header import CorruptSegment
from vedette_api.media.segment_reader import SegmentReader
from vedette_server.child_processes import OwnedProcessPool
from vedette_server.recording.privacy import PrivacyMask

if TYPE_CHECKING:
    import av

log = logging.getLogger(__name__)
_BURN_IN = "vedette_server.images.burn_in"  # numpy, Pillow; imported where masks are drawn
THUMBNAIL_QUALITY = 5  # MJPEG qscale: 2 (best) .. 31
SNAPSHOT_QUALITY = 2


class RenderError(Exception):
    """A keyframe that could not be made into a picture (the reason says why)."""


@dataclass(frozen=True, slots=True)
class RenderJob:
    """What a worker renders: the record at ``offset`` of ``path``, or, when ``path`` is
    None, the access unit ``data`` of ``codec`` ("h264"/"h265", or "mjpeg" for a JPEG
    to draw ``masks`` on) with ``extradata``; ``masks`` are blacked out."""

    path: str | None
    offset: int = 0
    max_width: int = 0
    max_height: int = 0
    quality: int = THUMBNAIL_QUALITY
    data: bytes = b""
    codec: str = ""
    extradata: bytes = b""
    timestamp_us: int = 0
    masks: tuple[PrivacyMask, ...] = ()


@dataclass(frozen=True, slots=True)
class RenderedImage:
    """A JPEG picture of the keyframe recorded at ``timestamp_us``."""

    jpeg: bytes
    width: int
    height: int
    timestamp_us: int


def fit(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """The size of a ``width`` × ``height`` picture scaled down to fit the box."""
    scale = Fraction(1)
    if max_width and width > max_width:
        scale = Fraction(max_width, width)
    if max_height and height * scale > max_height:
        scale = Fraction(max_height, height)
    w = max(2, int(width * scale) // 2 * 2)
    h = max(2, int(height * scale) // 2 * 2)
    return w, h


def _read_keyframe(job: RenderJob) -> tuple[str, bytes, bytes, int]:
    """(codec, extradata, payload, timestamp_us) of the job's keyframe."""
    if job.path is None:
        return job.codec, job.extradata, job.data, job.timestamp_us
    try:
        with SegmentReader.open(job.path) as reader:
            video = reader.header.video
            for _, record in reader.records(job.offset):
                if record.kind != RecordKind.VIDEO or not record.keyframe:
                    raise RenderError(f"{job.path} offset {job.offset}: not a video keyframe")
                return video.codec.value, video.extradata, record.payload, record.timestamp_us
    except (CorruptRecord, CorruptSegment) as error:
        raise RenderError(str(error)) from None
    except OSError as error:
        raise RenderError(f"{job.path}: {error.strerror or error}") from None
    raise RenderError(f"{job.path} offset {job.offset}: no record there")


def render_keyframe(job: RenderJob) -> RenderedImage:
    """Decode, scale and JPEG-encode one keyframe (blocking; runs in a worker)."""
    import av  # the workers have it from the forkserver (RenderPool._make)

    from vedette_server.images.burn_in import burn

    codec, extradata, payload, timestamp_us = _read_keyframe(job)
    if codec not in ("h264", "h265", "mjpeg"):
        raise RenderError(f"cannot decode codec {codec!r}")
    try:
        decoder: av.VideoCodecContext = av.CodecContext.create(
            "hevc" if codec == "h265" else "mjpeg" if codec == "mjpeg" else "h264", "r"
        )
        frames = list(decoder.decode(av.Packet(extradata + payload)))
        frames += list(decoder.decode(None))
    except av.error.FFmpegError as error:
        raise RenderError(f"keyframe at {timestamp_us} µs does not decode: {error}") from None
    if not frames:
        raise RenderError(f"keyframe at {timestamp_us} µs decodes to no picture")
    frame = frames[0]
    width, height = fit(frame.width, frame.height, job.max_width, job.max_height)
    picture = frame.reformat(width=width, height=height, format="yuvj420p", interpolation="AREA")
    if job.masks:
        picture = burn(picture, job.masks)
    encoder = av.CodecContext.create("mjpeg", "w")
    encoder.width, encoder.height, encoder.pix_fmt = width, height, "yuvj420p"
    encoder.time_base = Fraction(1, 25)
    encoder.options = {"q:v": str(job.quality)}
    jpeg = b"".join(bytes(p) for p in encoder.encode(picture))
    jpeg += b"".join(bytes(p) for p in encoder.encode(None))
    return RenderedImage(jpeg, width, height, timestamp_us)


def _warm() -> int:
    """Run in each worker at start: imports done, FFmpeg's codecs looked up."""
    import av

    av.CodecContext.create("h264", "r")
    av.CodecContext.create("mjpeg", "w")
    return 0


class RenderPool:
    """A small pool of decoder processes that end with the server however it ends
    (``child_processes.OwnedProcessPool``).

    A worker that dies (a crash in native code) breaks a ``ProcessPoolExecutor``; the
    pool is then replaced and the jobs that were running fail with ``RenderError``.
    """

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self._pool: OwnedProcessPool | None = None
        self._closed = False

    def _make(self) -> OwnedProcessPool:
        # The workers' imports (PyAV, numpy, Pillow: 0.5 CPU-s) made once per server start,
        # in the forkserver: the server's own process does not need them to start.
        pool = OwnedProcessPool(self.workers, preload=[__name__, "av", _BURN_IN])
        pool.start()
        for _ in range(self.workers):
            pool.submit(_warm)
        return pool

    def start(self) -> None:
        """Start the workers and warm them up (returns at once)."""
        if self._pool is None and not self._closed:
            self._pool = self._make()

    async def render(self, job: RenderJob) -> RenderedImage:
        self.start()
        pool = self._pool
        if pool is None:
            raise RenderError("the server is stopping")
        try:
            return await asyncio.get_running_loop().run_in_executor(
                pool.executor, render_keyframe, job
            )
        except BrokenProcessPool:
            if self._pool is pool and not self._closed:
                log.error("a decoder worker died; starting new ones")
                pool.close()
                self._pool = self._make()
            raise RenderError("the decoder worker stopped while rendering") from None

    def close(self) -> None:
        """End the workers now; renders still running fail with ``RenderError``."""
        self._closed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
