"""The machine-readable pan/tilt/zoom burned into a live PTZ camera's frames.

Three rows of cells stacked just above the clock strip (``clockcode``), in the clock's
format (start marker, 16 data bits, 4-bit checksum, stop marker; same cell width and
columns, half its height) on one mid-grey band:

    row 0   pan  in 1/100 degree, 0 … 35999
    row 1   tilt in 1/100 degree plus 180°, 0 … 36000 (-180° … +180°, positive up)
    row 2   zoom in 1/1000 of a factor, 1000 … 65535 (1× … 65.5×)

Each row checks itself, so a frame whose strip is damaged reads as ``None``, never as a
wrong position. The rows are read best from the main stream; at 320 pixels wide or less
they are small enough that heavy compression may make them unreadable (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vedette_server.camsim import clockcode

_BAND_LUMA = 128
ROWS = 3


@dataclass(frozen=True)
class StripPosition:
    """A position as the strip carries it (degrees, zoom factor), to its resolution."""

    pan_deg: float
    tilt_deg: float
    zoom: float


def values_for(pan_deg: float, tilt_deg: float, zoom: float) -> tuple[int, int, int]:
    """The three 16-bit row values for a position (clamped to what the rows can carry)."""
    pan = round((pan_deg % 360.0) * 100) % 36000
    tilt = min(max(round((tilt_deg + 180.0) * 100), 0), 36000)
    zoom_units = min(max(round(zoom * 1000), 0), 0xFFFF)
    return pan, tilt, zoom_units


def rows_geometry(width: int, height: int) -> tuple[int, list[int], int, int, int]:
    """(x0, the three rows' y, cell_width, cell_height, band padding) in a width × height
    picture: directly above the clock strip's band."""
    x0, clock_y0, cell_w, clock_h = clockcode.strip_geometry(width, height)
    clock_pad = max(1, clock_h // 4)
    cell_h = max(2, clock_h // 2)
    pad = max(1, cell_h // 3)
    bottom = clock_y0 - clock_pad - pad  # one padding of grey between the two bands
    top = bottom - ROWS * cell_h
    return x0, [top + i * cell_h for i in range(ROWS)], cell_w, cell_h, pad


def draw(rgb: np.ndarray, pan_deg: float, tilt_deg: float, zoom: float) -> None:
    """Burn the position into an RGB frame (H × W × 3, uint8) in place."""
    height, width = rgb.shape[:2]
    x0, ys, cell_w, cell_h, pad = rows_geometry(width, height)
    right = x0 + cell_w * clockcode.CELLS
    rgb[ys[0] - pad : ys[-1] + cell_h + pad, x0 - pad : right + pad] = _BAND_LUMA
    for y, value in zip(ys, values_for(pan_deg, tilt_deg, zoom), strict=True):
        clockcode.draw_cells(rgb, value, x0, y, cell_w, cell_h)


def read(luma: np.ndarray) -> StripPosition | None:
    """The position in a decoded frame's luma plane (H × W); None if a row is unreadable."""
    height, width = luma.shape[:2]
    x0, ys, cell_w, cell_h, _ = rows_geometry(width, height)
    values = [clockcode.read_cells(luma, x0, y, cell_w, cell_h) for y in ys]
    pan, tilt, zoom = values
    if pan is None or tilt is None or zoom is None or pan >= 36000 or tilt > 36000:
        return None
    return StripPosition(pan / 100, tilt / 100 - 180.0, zoom / 1000)
