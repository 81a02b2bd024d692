"""A camera's H.264/H.265 packets → the luma planes due for motion analysis.

``FrameDecoder`` decodes with PyAV on one thread (run several cameras per process, one
decoder each). P-frames need their references, so every reference picture is decoded;
what analysing at ``fps`` saves is the rest:
- a non-reference H.264 picture (``nal_ref_idc`` = 0, as cameras with temporal scalability
  send every other frame) that is not due for analysis is not decoded at all;
- only frames due for analysis are handed out, as a zero-copy view of the Y plane (no
  colour conversion, no scaling: ``analysis`` downscales).

Frames are due on a grid of ``1/fps`` in *presentation timestamps* (a frame up to
``TOLERANCE_US`` early counts), so the analysed rate follows the stream's clock, not the
CPU's (a step back of the camera's clock starts a new grid). A damaged frame (the
decoder flags it corrupt, or decoding fails) and every frame after it up to the next
keyframe that decodes clean are left out: concealed damage propagates through the
P-frames and would look like motion. ``stats`` counts each case.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from vedette_api.media.packet import Codec, CodecParameters
from vedette_server.errors import InvalidArgument

# PyAV is imported where a decoder is made, in the motion worker process: the server
# imports this module for the worker's message types and starts without PyAV.
if TYPE_CHECKING:
    import av

log = logging.getLogger(__name__)

TOLERANCE_US = 10_000
_EIGHT_BIT_YUV = {"yuv420p", "yuvj420p", "nv12", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p"}
_TIME_BASE = Fraction(1, 1_000_000)


@dataclass(frozen=True, slots=True)
class DecodedFrame:
    """A frame due for analysis: its luma plane (H × W uint8; a view into ``frame``)."""

    pts_us: int
    luma: np.ndarray
    frame: av.VideoFrame = field(repr=False)


@dataclass(slots=True)
class DecodeStats:
    packets: int = 0
    decoded: int = 0  # frames out of the decoder
    analysed: int = 0  # handed out for analysis
    skipped_nonref: int = 0  # non-reference pictures not decoded
    damaged: int = 0  # frames flagged corrupt, or packets the decoder refused
    discarded: int = 0  # frames after damage, before the next clean keyframe


class FrameDecoder:
    def __init__(self, params: CodecParameters, fps: float = 5.0) -> None:
        if params.codec not in (Codec.H264, Codec.H265):
            raise InvalidArgument("codec", f"motion detection decodes H.264/H.265, not {params}")
        if not 0 < fps <= 120:
            raise InvalidArgument("fps", f"{fps!r} is not in (0, 120]")
        import av

        self.codec = params.codec
        self._ctx = av.CodecContext.create("h264" if params.codec is Codec.H264 else "hevc", "r")
        if params.extradata:
            self._ctx.extradata = params.extradata
        self._ctx.thread_count = 1
        self.interval_us = round(1_000_000 / fps)
        self._due_us: int | None = None
        self._damaged = False
        self.stats = DecodeStats()

    def decode(self, data: bytes, keyframe: bool, pts_us: int) -> list[DecodedFrame]:
        """Feed one access unit (Annex B) with its timestamp (µs); returns the frames due
        for analysis that came out (usually none or one)."""
        import av

        self.stats.packets += 1
        if not keyframe and not self._is_due(pts_us) and self._disposable(data):
            self.stats.skipped_nonref += 1
            return []
        packet = av.Packet(data)
        packet.pts = packet.dts = pts_us
        packet.time_base = _TIME_BASE
        try:
            frames = self._ctx.decode(packet)
        except av.error.FFmpegError as error:
            log.debug("motion decoder refused a packet at %d: %s", pts_us, error)
            self.stats.damaged += 1
            self._damaged = True
            return []
        out = []
        for frame in frames:
            self.stats.decoded += 1
            if frame.is_corrupt:
                self.stats.damaged += 1
                self._damaged = True
                continue
            if self._damaged:
                if not frame.key_frame:
                    self.stats.discarded += 1
                    continue
                self._damaged = False
            at = pts_us if frame.pts is None else int(frame.pts)
            if self._is_due(at):
                self._advance(at)
                self.stats.analysed += 1
                out.append(DecodedFrame(at, luma_plane(frame), frame))
        return out

    def _is_due(self, pts_us: int) -> bool:
        due = self._due_us
        if due is None or pts_us >= due - TOLERANCE_US:
            return True
        # More than an interval before the grid: the camera's clock stepped back; a new
        # grid starts here rather than analysing nothing until the old one comes round.
        return pts_us < due - self.interval_us - TOLERANCE_US

    def _advance(self, pts_us: int) -> None:
        due = self._due_us
        if due is None or not due - TOLERANCE_US <= pts_us < due + self.interval_us:
            due = pts_us  # first frame, a gap, or a clock step: a new grid from here
        self._due_us = due + self.interval_us

    def _disposable(self, data: bytes) -> bool:
        """Whether the access unit is a picture nothing else refers to (H.264 only)."""
        if self.codec is not Codec.H264:
            return False
        for nal in _nal_headers(data):
            kind = nal & 0x1F
            if kind in (1, 5):
                return nal & 0x60 == 0
        return False


def _nal_headers(data: bytes) -> list[int]:
    """The first byte of each NAL unit of an Annex B access unit."""
    heads: list[int] = []
    start = 0
    while True:
        found = data.find(b"\x00\x00\x01", start)
        if found < 0 or found + 3 >= len(data):
            return heads
        heads.append(data[found + 3])
        start = found + 3


def luma_plane(frame: av.VideoFrame) -> np.ndarray:
    """The frame's Y plane as H × W uint8: a view without copy for 8-bit YUV, else
    converted."""
    if frame.format.name not in _EIGHT_BIT_YUV:
        return frame.to_ndarray(format="gray")
    plane = frame.planes[0]
    rows = np.frombuffer(memoryview(plane), np.uint8).reshape(frame.height, plane.line_size)
    return rows[:, : frame.width]
