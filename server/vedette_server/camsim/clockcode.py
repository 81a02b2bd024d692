"""The machine-readable clock burned into every camsim frame.

A strip of 24 cells along the bottom of the picture, black or white on a mid-grey
band, carries the frame's phase in its loop (milliseconds, 0 … 65535):

    cell 0..1   start marker: white, black
    cell 2..17  16 data bits, most significant first
    cell 18..21 checksum: sum of the four data nibbles, mod 16
    cell 22..23 stop marker: black, white

Cells are large (1/26 of the width, 1/18 of the height), so they survive
scaling and heavy compression; a frame whose strip does not check out decodes to
``None``, never to a wrong value.

Because camsim's loop is phase-locked to the wall clock (frame *k* of the loop is
sent when ``wall_ms mod loop_ms == k × frame_ms``), the value read back is the
wall-clock time modulo the loop length, which is what latency and ordering tests
need.
"""

from __future__ import annotations

import numpy as np

CELLS = 24
DATA_BITS = 16
_BAND_LUMA = 128


def _checksum(value: int) -> int:
    return sum((value >> shift) & 0xF for shift in (0, 4, 8, 12)) & 0xF


def bits_for(value: int) -> list[int]:
    """The 24 cell values (0 or 1) for ``value``."""
    if not 0 <= value < 1 << DATA_BITS:
        raise ValueError(f"clock code value {value} out of range 0..65535")
    data = [(value >> (DATA_BITS - 1 - i)) & 1 for i in range(DATA_BITS)]
    check = _checksum(value)
    return [1, 0, *data, *[(check >> (3 - i)) & 1 for i in range(4)], 0, 1]


def strip_geometry(width: int, height: int) -> tuple[int, int, int, int]:
    """(x0, y0, cell_width, cell_height) of the strip in a width × height picture."""
    cell_w = max(2, width // 26)
    cell_h = max(2, height // 18)
    x0 = (width - cell_w * CELLS) // 2
    y0 = height - cell_h - max(1, height // 36)
    return x0, y0, cell_w, cell_h


def draw(rgb: np.ndarray, value: int) -> None:
    """Burn the code for ``value`` into an RGB frame (H × W × 3, uint8) in place."""
    height, width = rgb.shape[:2]
    x0, y0, cell_w, cell_h = strip_geometry(width, height)
    pad = max(1, cell_h // 4)
    rgb[y0 - pad : y0 + cell_h + pad, x0 - pad : x0 + cell_w * CELLS + pad] = _BAND_LUMA
    draw_cells(rgb, value, x0, y0, cell_w, cell_h)


def draw_cells(rgb: np.ndarray, value: int, x0: int, y0: int, cell_w: int, cell_h: int) -> None:
    """The 24 cells for ``value`` with their top-left corner at (x0, y0), without the band
    (other strips in this format, such as ``ptzcode``, place their own)."""
    for i, bit in enumerate(bits_for(value)):
        x = x0 + i * cell_w
        rgb[y0 : y0 + cell_h, x : x + cell_w] = 255 if bit else 0


def read(luma: np.ndarray) -> int | None:
    """Read the code back from a decoded frame's luma plane (H × W); None if unreadable."""
    height, width = luma.shape[:2]
    return read_cells(luma, *strip_geometry(width, height))


def read_cells(luma: np.ndarray, x0: int, y0: int, cell_w: int, cell_h: int) -> int | None:
    """Read 24 cells drawn by ``draw_cells`` at (x0, y0); None if they do not check out."""
    if x0 < 0 or y0 < 0:
        return None
    my, mx = max(1, cell_h // 4), max(1, cell_w // 4)
    levels = []
    for i in range(CELLS):
        x = x0 + i * cell_w
        cell = luma[y0 + my : y0 + cell_h - my, x + mx : x + cell_w - mx]
        if cell.size == 0:
            return None
        levels.append(float(cell.mean()))
    white, black = levels[0], levels[1]
    if white - black < 60:
        return None
    threshold = (white + black) / 2
    bits = [1 if level > threshold else 0 for level in levels]
    value = 0
    for bit in bits[2 : 2 + DATA_BITS]:
        value = value << 1 | bit
    if bits != bits_for(value):
        return None
    return value
