"""camsim's still scene (``--scene still``) and its scripted motion (``--motion``).

The still scene is what a fixed camera over an empty yard shows: a low-contrast
textured background that never moves, with fresh sensor noise in every frame. Scripted
moving boxes are drawn into it at known loop seconds and places, so a motion test knows
to the frame when and where motion is (the burned-in clock and clock strip, drawn by
``content.SceneRenderer`` over this picture, still change every frame: the OSD case
motion masks must exclude).

A motion script ``[CAMERA:]START-END:box@X,Y,W,H`` (seconds in the loop; X, Y, W, H
normalised to the picture, 0..1) is a box as tall as the region and a quarter of its
width (at least 8 px), covered with a black and white checkerboard, that crosses the
region from its left edge to its right edge at constant speed: in the loop frame at
time *t*, START ≤ t < END, its left edge is at ``X + (W − box width) × (t − START) /
(END − START)``. Outside START..END it is not drawn at all, so it appears at START
and disappears at END.

Invariants:
- The background and the noise of frame *i* are functions of the seed and *i* only:
  the same loop renders the same pictures.
- The noise is Gaussian (σ = ``NOISE_SIGMA`` luma levels), the same on R, G and B, and
  clipped to ±``NOISE_LIMIT``: outside the boxes a frame never differs from the
  background by more than that before encoding.
- A box is drawn only inside its region and only during its times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

from vedette_server.camsim import clockcode

SCENES = ("pan", "still")
NOISE_SIGMA = 6.0
NOISE_LIMIT = 15
_MOTION = re.compile(
    r"^(?:(?P<camera>[^:@]+):)?(?P<start>\d+(?:\.\d+)?)-(?P<end>\d+(?:\.\d+)?)"
    r":box@(?P<rect>[^@]*)$"
)


@dataclass(frozen=True)
class MotionScript:
    """One scripted box: a camera (None: every camera), loop seconds, a normalised region."""

    camera: str | None
    start_s: float
    end_s: float
    x: float
    y: float
    w: float
    h: float

    @property
    def text(self) -> str:
        where = f"{self.x:g},{self.y:g},{self.w:g},{self.h:g}"
        return f"{self.start_s:g}-{self.end_s:g}:box@{where}"

    def box_at(self, t: float, width: int, height: int) -> tuple[int, int, int, int] | None:
        """The box's pixels (left, top, right, bottom; right and bottom exclusive) in the
        loop frame at ``t`` seconds, in a ``width`` × ``height`` picture; None outside
        the script's times."""
        if not self.start_s <= t < self.end_s:
            return None
        left, top, right, bottom = self.region_px(width, height)
        box_w = min(right - left, max(8, (right - left) // 4))
        progress = (t - self.start_s) / (self.end_s - self.start_s)
        x0 = left + int((right - left - box_w) * progress)
        return x0, top, x0 + box_w, bottom

    def region_px(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The region's pixels (left, top, right, bottom), exclusive, never empty."""
        left, top = round(self.x * width), round(self.y * height)
        right = max(left + 1, round((self.x + self.w) * width))
        bottom = max(top + 1, round((self.y + self.h) * height))
        return left, top, min(right, width), min(bottom, height)


def parse_motion(text: str) -> MotionScript:
    """``[CAMERA:]START-END:box@X,Y,W,H``; ValueError naming what is wrong."""
    found = _MOTION.match(text.strip())
    if found is None:
        raise ValueError(f"--motion {text!r}: expected [CAMERA:]START-END:box@X,Y,W,H")
    start, end = float(found["start"]), float(found["end"])
    if not start < end:
        raise ValueError(f"--motion {text!r}: START must be before END")
    try:
        x, y, w, h = (float(v) for v in found["rect"].split(","))
    except ValueError:
        raise ValueError(f"--motion {text!r}: X,Y,W,H must be four numbers") from None
    if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1):
        raise ValueError(f"--motion {text!r}: X and Y must be in 0..1, W and H in (0, 1]")
    if x + w > 1 + 1e-9 or y + h > 1 + 1e-9:
        raise ValueError(f"--motion {text!r}: the region must lie inside the picture")
    return MotionScript(found["camera"], start, end, x, y, w, h)


class StillScene:
    """The still scene's pictures (RGB, ``width`` × ``height``), overlays not included."""

    def __init__(
        self, width: int, height: int, seed: int, fps: int, motions: tuple[MotionScript, ...]
    ) -> None:
        self.width, self.height, self.seed, self.fps = width, height, seed, fps
        self.motions = motions
        self.background = still_background(width, height, seed)
        self._checker = _checkerboard(width, height)

    def noise(self, index: int) -> np.ndarray:
        """Frame ``index``'s sensor noise (height × width × 1, int16, within ±NOISE_LIMIT)."""
        rng = np.random.default_rng((self.seed, index))
        noise = rng.normal(0.0, NOISE_SIGMA, (self.height, self.width, 1))
        return np.clip(np.rint(noise), -NOISE_LIMIT, NOISE_LIMIT).astype(np.int16)

    def frame(self, index: int) -> np.ndarray:
        rgb = np.clip(self.background + self.noise(index), 0, 255).astype(np.uint8)
        t = index / self.fps
        for motion in self.motions:
            box = motion.box_at(t, self.width, self.height)
            if box is not None:
                x0, y0, x1, y1 = box  # the checkerboard moves with the box
                rgb[y0:y1, x0:x1] = self._checker[y0:y1, : x1 - x0, None]
        return rgb


def changing_overlays(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """Where the overlays that change every frame lie in a ``width`` × ``height`` picture
    (left, top, right, bottom; exclusive): the clock text (top right half) and the clock
    strip with its band (bottom). On the 22×18 motion grid these are rows 0–2 of the right
    half and rows 16–17: the cells a motion mask leaves out."""
    _, y0, _, cell_h = clockcode.strip_geometry(width, height)
    pad = max(1, cell_h // 4)
    clock_bottom = height // 40 + 2 * max(12, height // 14)
    return [(width // 2, 0, width, clock_bottom), (0, y0 - pad, width, height)]


def still_background(width: int, height: int, seed: int) -> np.ndarray:
    """A smooth, low-contrast texture (height × width × 3, int16 in 60..200)."""
    rng = np.random.default_rng(seed)
    cells = rng.integers(80, 176, size=(max(2, height // 24), max(2, width // 24), 3))
    smooth = Image.fromarray(cells.astype(np.uint8), "RGB").resize(
        (width, height), Image.Resampling.BICUBIC
    )
    shade = np.linspace(-20, 20, height, dtype=np.float32)[:, None, None]
    return np.clip(np.asarray(smooth, np.float32) + shade, 60, 200).astype(np.int16)


def _checkerboard(width: int, height: int) -> np.ndarray:
    """Black and white squares of about 1/40 of the height (height × width, uint8)."""
    square = max(2, height // 40)
    ys = (np.arange(height) // square)[:, None]
    xs = (np.arange(width) // square)[None, :]
    return np.where((ys + xs) % 2 == 0, 235, 20).astype(np.uint8)
