"""The still scene a simulated PTZ camera looks at, and the view of it at a position.

The panorama is an equirectangular picture of the whole circle: x is pan (0° at the
left edge, wrapping at 360°), y is tilt (positive up), the same degrees per pixel both
ways. At zoom 1 the view is ``HFOV_DEG`` wide and shows the panorama pixel for pixel at
the main stream's size, so the panorama is 4 × the main width (360° / 90°), and as tall
as the tilt range plus one view. Zoom *z* crops a view 1/z as wide and scales it up.

The scene is procedural and realistic rather than random: sky, distant hills, fields,
roads, buildings with windows, trees and a mast, labelled pan degrees along the horizon
and a faint grid every 10° (for people checking a move by eye). It is generated once
per size and tilt range and cached as a PNG beside the encoded loops
(``load_or_make``; ``FORMAT_VERSION`` in the key).

Invariants:
- The view of a position is a function of the position only (no time), so a still head
  gives a still picture, and the same position the same picture.
- Pan wraps: a view across 0° joins the right and left edges seamlessly.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vedette_hw.sim.ptz_model import PtzPosition

FORMAT_VERSION = 1  # bump when the scene changes, to invalidate cached panoramas
HFOV_DEG = 90.0  # the horizontal field of view at zoom 1


@dataclass(frozen=True)
class PanoramaGeometry:
    """Where a (pan, tilt) lands in the panorama, for a view of ``width`` × ``height``."""

    width: int  # the view's (main stream's) size
    height: int
    tilt_min_deg: float
    tilt_max_deg: float

    @property
    def deg_per_px(self) -> float:
        return HFOV_DEG / self.width

    @property
    def top_deg(self) -> float:
        """The tilt at the panorama's top edge: the highest view's upper border."""
        return self.tilt_max_deg + self.height * self.deg_per_px / 2

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the panorama in pixels."""
        span_deg = self.tilt_max_deg - self.tilt_min_deg
        return round(360.0 / self.deg_per_px), self.height + math.ceil(span_deg / self.deg_per_px)

    def key(self) -> str:
        return hashlib.sha256(f"{FORMAT_VERSION}|{self!r}".encode()).hexdigest()[:20]


class Panorama:
    """A panorama and the views of it; ``view`` blocks for a few milliseconds."""

    def __init__(self, geometry: PanoramaGeometry, pixels: np.ndarray) -> None:
        self.geometry = geometry
        self.pixels = pixels  # H × W × 3, uint8, C-contiguous

    def view(self, position: PtzPosition) -> np.ndarray:
        """The RGB picture (height × width × 3) the head sees at ``position``."""
        geo = self.geometry
        pano_h, pano_w = self.pixels.shape[:2]
        zoom = max(position.zoom, 1.0)
        crop_w = max(2, round(geo.width / zoom))
        crop_h = max(2, round(geo.height / zoom))
        cx = (position.pan_deg % 360.0) / geo.deg_per_px
        cy = (geo.top_deg - position.tilt_deg) / geo.deg_per_px
        top = min(max(round(cy - crop_h / 2), 0), pano_h - crop_h)
        left = round(cx - crop_w / 2) % pano_w
        rows = self.pixels[top : top + crop_h]
        if left + crop_w <= pano_w:
            crop = rows[:, left : left + crop_w]
        else:  # across 0°: the right edge, then the left
            crop = np.concatenate([rows[:, left:], rows[:, : left + crop_w - pano_w]], axis=1)
        crop = np.ascontiguousarray(crop)
        if (crop_w, crop_h) == (geo.width, geo.height):
            return crop
        frame = av.VideoFrame.from_ndarray(crop, format="rgb24")
        scaled = frame.reformat(geo.width, geo.height, "rgb24", interpolation="BILINEAR")
        return scaled.to_ndarray()


def load_or_make(geometry: PanoramaGeometry, cache_dir: Path) -> Panorama:
    """The panorama for ``geometry``, from the cache or made and cached. Blocks (about a
    second to make at 1280x720, a fraction of that to load)."""
    path = cache_dir / f"panorama-{geometry.key()}.png"
    if path.exists():
        with Image.open(path) as image:
            pixels = np.asarray(image.convert("RGB"))
        if pixels.shape[1::-1] == geometry.size:
            return Panorama(geometry, np.ascontiguousarray(pixels))
    pixels = make_scene(geometry)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    Image.fromarray(pixels).save(tmp, format="PNG", compress_level=1)
    tmp.replace(path)
    return Panorama(geometry, pixels)


# -- the scene ------------------------------------------------------------------


def _noise(rng: np.random.Generator, width: int, height: int, cells: int) -> np.ndarray:
    """Smooth value noise in 0..1 (height × width) that wraps left to right."""
    grid_w = max(2, cells)
    grid_h = max(2, round(cells * height / width))
    grid = rng.random((grid_h, grid_w)).astype(np.float32)
    grid = np.concatenate([grid, grid[:, :2]], axis=1)  # the wrap: continue into column 0
    big_w = round(width * (grid_w + 2) / grid_w)
    image = Image.fromarray(grid, mode="F").resize((big_w, height), Image.Resampling.BICUBIC)
    return np.asarray(image)[:, :width]


def _fractal(rng: np.random.Generator, width: int, height: int, base_cells: int) -> np.ndarray:
    total = np.zeros((height, width), np.float32)
    weight, cells, norm = 1.0, base_cells, 0.0
    for _ in range(5):
        total += weight * _noise(rng, width, height, cells)
        norm += weight
        weight, cells = weight / 2, cells * 2
    return total / norm


def make_scene(geometry: PanoramaGeometry) -> np.ndarray:
    """Draw the panorama (H × W × 3, uint8). Deterministic for a geometry."""
    width, height = geometry.size
    deg = geometry.deg_per_px
    rng = np.random.default_rng(int(geometry.key()[:8], 16))
    horizon = round(geometry.top_deg / deg)  # the row of tilt 0
    rows = np.arange(height, dtype=np.float32)[:, None]

    # Sky: a gradient with soft clouds.
    up = np.clip((horizon - rows) / max(1, horizon), 0, 1)
    sky = np.stack(
        [110 + 60 * (1 - up), 150 + 60 * (1 - up), 205 + 35 * (1 - up)], axis=-1
    ) * np.ones((1, width, 1), np.float32)
    clouds = np.clip(_fractal(rng, width, height, 12) * 2.2 - 1.1, 0, 1)[..., None]
    picture = sky * (1 - clouds * 0.8) + 245 * clouds * 0.8

    # Ground: fields in patches of green and ochre, with fine texture, darker near the foot.
    field = _noise(rng, width, height, 24)[..., None]
    texture = _fractal(rng, width, height, 160)[..., None]
    green = np.array([70, 110, 45], np.float32)
    ochre = np.array([150, 130, 70], np.float32)
    ground = green * field + ochre * (1 - field)
    ground = ground * (0.6 + 0.8 * texture)
    below = np.clip((rows - horizon) / max(1, height - horizon), 0, 1)[..., None]
    ground = ground * (1.05 - 0.35 * below)

    # Hills: a wrapping ridge line above the horizon.
    ridge = _fractal(rng, width, 2, 9)[0]
    ridge_rows = horizon - (4.0 + 9.0 * ridge) / deg
    hills = rows >= ridge_rows[None, :]
    hill_colour = np.array([85, 100, 95], np.float32) * (0.8 + 0.4 * texture)
    picture = np.where(hills[..., None], hill_colour, picture)
    picture = np.where((rows >= horizon)[..., None], ground, picture)
    pixels = np.clip(picture, 0, 255).astype(np.uint8)

    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    _roads(draw, width, height, horizon, deg)
    _landmarks(draw, rng, width, horizon, deg)
    _grid(draw, width, height, horizon, deg)
    return np.ascontiguousarray(np.asarray(image))


def _roads(draw: ImageDraw.ImageDraw, width: int, height: int, horizon: int, deg: float) -> None:
    # Roads run from the horizon to the foot of the picture, widening as they come near.
    for pan in (20.0, 140.0, 250.0):
        x = pan / deg
        far, near = 0.3 / deg, 9.0 / deg
        foot = height - 1
        polygon = [
            (x - far, horizon),
            (x + far, horizon),
            (x + near + 30.0 / deg, foot),
            (x - near + 30.0 / deg, foot),
        ]
        draw.polygon(polygon, fill=(95, 95, 100))
        draw.line([(x, horizon), (x + 30.0 / deg, foot)], fill=(230, 230, 210), width=2)


def _landmarks(
    draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int, horizon: int, deg: float
) -> None:
    # Buildings with lit windows: a village at 40°-80°, a farm at 200°, a town at 300°-340°.
    for start, end, tall in ((40, 80, 6.0), (195, 210, 4.0), (300, 340, 12.0)):
        pan = float(start)
        while pan < end:
            w_deg = float(rng.uniform(2.0, 5.0))
            h_deg = float(rng.uniform(2.0, tall))
            x0, x1 = pan / deg, (pan + w_deg) / deg
            y0 = horizon - h_deg / deg
            wall = tuple(int(v) for v in rng.integers(120, 220, 3))
            draw.rectangle([x0, y0, x1, horizon], fill=wall, outline=(40, 40, 40))
            draw.polygon([(x0, y0), (x1, y0), ((x0 + x1) / 2, y0 - 1.2 / deg)], fill=(130, 50, 40))
            step = 0.8 / deg
            for wy in np.arange(y0 + step / 2, horizon - step, step):
                for wx in np.arange(x0 + step / 2, x1 - step / 2, step):
                    lit = (250, 230, 140) if rng.random() < 0.3 else (50, 60, 80)
                    draw.rectangle([wx, wy, wx + step / 2, wy + step / 2], fill=lit)
            pan += w_deg + float(rng.uniform(0.5, 2.0))
    # Trees scattered over the fields, bigger nearer the camera.
    for _ in range(160):
        pan = float(rng.uniform(0, 360))
        down = float(rng.uniform(0.5, 40.0))
        r = (0.3 + down / 12.0) / deg
        x, y = pan / deg, horizon + down / deg
        draw.rectangle([x - r / 6, y, x + r / 6, y + r], fill=(80, 55, 30))
        draw.ellipse([x - r, y - 2 * r, x + r, y + r / 3], fill=(30, 80 + int(down), 35))
    # A radio mast at 110°, red and white, to find the way by.
    x = 110.0 / deg
    for i in range(10):
        colour = (220, 40, 40) if i % 2 == 0 else (245, 245, 245)
        top = horizon - (i + 1) * 2.5 / deg
        draw.rectangle([x - 0.25 / deg, top, x + 0.25 / deg, top + 2.5 / deg], fill=colour)


def _grid(draw: ImageDraw.ImageDraw, width: int, height: int, horizon: int, deg: float) -> None:
    font = ImageFont.load_default(size=max(12, round(1.6 / deg)))
    for pan in range(0, 360, 10):
        x = pan / deg
        draw.line([(x, 0), (x, height)], fill=(255, 255, 255), width=1)
    for tilt in range(-180, 90, 10):
        y = horizon - tilt / deg
        if 0 <= y < height:
            draw.line([(0, y), (width, y)], fill=(255, 255, 255), width=1)
    names = {0: "N", 90: "E", 180: "S", 270: "W"}
    for pan in range(0, 360, 30):
        label = f"{names.get(pan, '')} {pan}°".strip()
        draw.text(
            (pan / deg + 3, horizon + 3),
            label,
            font=font,
            fill=(255, 255, 255),
            stroke_width=2,
            stroke_fill=(0, 0, 0),
        )
