"""Privacy masks and a watermark burnt into decoded pictures (CAM-10, CAM-11).

The server burns masks into every picture it makes for a user without
``CameraRight.UNMASKED`` on the camera (snapshots and thumbnails in
``keyframe_render``, video exports in ``export.reencode``), and the watermark into
exports that ask for it. Masks are black (Y at the format's black, chroma neutral);
the watermark is white text with a black outline, bottom right, about 1/16 of the
picture high, drawn with Pillow's bundled font.

Invariants:
- A frame a decoder returned is never written to (it may be one of the decoder's
  reference pictures): ``burn`` draws on a copy that keeps the frame's pts and time
  base.
- A mask covers at least its fraction of the picture (``PrivacyMask.pixels`` rounds
  outwards; the chroma planes are blacked over the covering 2 × 2 blocks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vedette_server.recording.privacy import PrivacyMask

#: The planar 4:2:0 formats drawn on directly; others are converted to yuv420p.
_FULL_RANGE = "yuvj420p"
_LIMITED_RANGE = "yuv420p"


@dataclass(frozen=True)
class WatermarkStamp:
    """A watermark text laid out for one picture size: which pixels are text and
    which its outline, and where the block goes."""

    text: str
    fill: np.ndarray  # bool, the letters
    edge: np.ndarray  # bool, their outline
    left: int
    top: int


def watermark_stamp(text: str, width: int, height: int) -> WatermarkStamp:
    """Lay ``text`` out bottom right of a ``width`` × ``height`` picture."""
    size = max(10, height // 16)
    font = ImageFont.load_default(size=size)
    stroke = max(1, size // 10)
    left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
    image = Image.new("L", (int(right - left) + 2, int(bottom - top) + 2), 0)
    ImageDraw.Draw(image).text(
        (1 - left, 1 - top), text, font=font, fill=255, stroke_width=stroke, stroke_fill=96
    )
    pixels = np.asarray(image)
    margin = max(2, height // 30)
    block_h = min(pixels.shape[0], height)
    block_w = min(pixels.shape[1], width)
    pixels = pixels[:block_h, :block_w]
    fill = pixels > 160
    return WatermarkStamp(
        text,
        fill=fill,
        edge=(pixels > 16) & ~fill,
        left=max(0, width - block_w - margin),
        top=max(0, height - block_h - margin),
    )


def _plane(plane: av.video.plane.VideoPlane) -> np.ndarray:
    """A writable view of a plane's visible pixels."""
    rows = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


def burn(
    frame: av.VideoFrame,
    masks: Sequence[PrivacyMask],
    stamp: WatermarkStamp | None = None,
) -> av.VideoFrame:
    """A copy of ``frame`` with ``masks`` black and ``stamp`` drawn (4:2:0 planar:
    the frame's own format when it is yuv420p or yuvj420p, else yuv420p)."""
    if frame.format.name not in (_FULL_RANGE, _LIMITED_RANGE):
        frame = frame.reformat(format=_LIMITED_RANGE)
    full = frame.format.name == _FULL_RANGE
    out = av.VideoFrame(frame.width, frame.height, frame.format.name)
    for source, target in zip(frame.planes, out.planes, strict=True):
        _plane(target)[:] = _plane(source)
    luma, *chroma = (_plane(p) for p in out.planes)
    black, white = (0, 255) if full else (16, 235)
    for mask in masks:
        left, top, right, bottom = mask.pixels(frame.width, frame.height)
        luma[top:bottom, left:right] = black
        for plane in chroma:
            plane[top // 2 : (bottom + 1) // 2, left // 2 : (right + 1) // 2] = 128
    if stamp is not None:
        h, w = stamp.fill.shape
        block = luma[stamp.top : stamp.top + h, stamp.left : stamp.left + w]
        block[stamp.edge[: block.shape[0], : block.shape[1]]] = black
        block[stamp.fill[: block.shape[0], : block.shape[1]]] = white
    out.pts = frame.pts
    if frame.time_base is not None:
        out.time_base = frame.time_base
    return out
