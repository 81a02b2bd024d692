"""The motion grid: 22 columns × 18 rows of cells, row-major from the top left (ONVIF's
``CellLayout`` and ``ActiveCells`` bit order), as boolean arrays of shape (18, 22).

A grid packs into 56 bytes: the 396 cell bits, most significant bit first, then zero
padding to 7 × 64 bits, so a region test on packed grids is one AND. ONVIF's
``ActiveCells`` (tt:CellMotionDetector) is the same bits, padded to whole bytes only,
compressed with PackBits and base64-encoded: ``to_active_cells``/``from_active_cells``.
"""

from __future__ import annotations

import base64
import binascii

import numpy as np

from vedette_server.errors import InvalidArgument

COLUMNS = 22
ROWS = 18
PACKED_BYTES = 56


def all_cells() -> np.ndarray:
    return np.ones((ROWS, COLUMNS), bool)


def no_cells() -> np.ndarray:
    return np.zeros((ROWS, COLUMNS), bool)


def cells_in_rect(x: float, y: float, w: float, h: float) -> np.ndarray:
    """The cells a normalised rectangle (0..1 of the picture) covers, even partly."""
    if not (0 <= x < 1 and 0 <= y < 1 and w > 0 and h > 0) or max(x + w, y + h) > 1 + 1e-9:
        raise InvalidArgument("rect", f"{(x, y, w, h)} is not inside the unit square")
    mask = no_cells()
    c0, r0 = int(x * COLUMNS), int(y * ROWS)
    c1 = max(c0 + 1, int(np.ceil((x + w) * COLUMNS - 1e-9)))
    r1 = max(r0 + 1, int(np.ceil((y + h) * ROWS - 1e-9)))
    mask[r0:r1, c0:c1] = True
    return mask


def cells_inside_rect(x: float, y: float, w: float, h: float) -> np.ndarray:
    """The cells lying wholly inside a normalised rectangle (possibly none)."""
    mask = no_cells()
    c0, r0 = int(np.ceil(x * COLUMNS - 1e-9)), int(np.ceil(y * ROWS - 1e-9))
    c1, r1 = int((x + w) * COLUMNS + 1e-9), int((y + h) * ROWS + 1e-9)
    mask[r0:r1, c0:c1] = True
    return mask


def cells_in_box(x0: int, y0: int, x1: int, y1: int, field: str = "rect") -> np.ndarray:
    """The cells of columns x0..x1 and rows y0..y1 (inclusive); InvalidArgument when
    the box is empty or leaves the grid."""
    if not (0 <= x0 <= x1 < COLUMNS and 0 <= y0 <= y1 < ROWS):
        raise InvalidArgument(
            field,
            f"{x0},{y0},{x1},{y1} is not within columns 0..{COLUMNS - 1}, rows 0..{ROWS - 1}",
        )
    mask = no_cells()
    mask[y0 : y1 + 1, x0 : x1 + 1] = True
    return mask


def check_mask(mask: np.ndarray, field: str = "cells") -> np.ndarray:
    """``mask`` as a (18, 22) boolean array; InvalidArgument for any other shape."""
    array = np.asarray(mask)
    if array.shape != (ROWS, COLUMNS):
        raise InvalidArgument(field, f"a cell mask is {ROWS}×{COLUMNS}, not {array.shape}")
    return array.astype(bool)


def pack(mask: np.ndarray) -> bytes:
    """56 bytes: the cells row-major, most significant bit first, zero padded."""
    bits = np.packbits(check_mask(mask).ravel())
    return bits.tobytes().ljust(PACKED_BYTES, b"\0")


def unpack(data: bytes) -> np.ndarray:
    """The grid packed by ``pack``; InvalidArgument for a wrong length or set padding."""
    if len(data) != PACKED_BYTES:
        raise InvalidArgument("cells", f"a packed grid is {PACKED_BYTES} bytes, not {len(data)}")
    bits = np.unpackbits(np.frombuffer(data, np.uint8))
    if bits[ROWS * COLUMNS :].any():
        raise InvalidArgument("cells", "bits past the 396 cells are set")
    return bits[: ROWS * COLUMNS].reshape(ROWS, COLUMNS).astype(bool)


def to_active_cells(mask: np.ndarray) -> str:
    """ONVIF's ``ActiveCells`` for the grid: base64 of the PackBits-compressed bits."""
    raw = np.packbits(check_mask(mask).ravel()).tobytes()
    return base64.b64encode(_packbits(raw)).decode("ascii")


def from_active_cells(text: str) -> np.ndarray:
    """The grid of an ONVIF ``ActiveCells`` value for the 22×18 layout; InvalidArgument
    when it is not base64, not PackBits, or not 396 bits' worth of bytes."""
    try:
        packed = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidArgument("active_cells", "not base64") from None
    raw = _unpackbits(packed, limit=(ROWS * COLUMNS + 7) // 8)
    if len(raw) != (ROWS * COLUMNS + 7) // 8:
        raise InvalidArgument("active_cells", f"{len(raw)} bytes of cells, not 50 (22×18)")
    bits = np.unpackbits(np.frombuffer(raw, np.uint8))[: ROWS * COLUMNS]
    return bits.reshape(ROWS, COLUMNS).astype(bool)


def _packbits(data: bytes) -> bytes:
    """PackBits (Apple, TIFF): runs of 2..128 equal bytes as (257 − n, byte), the rest as
    literals of up to 128 bytes (n − 1, bytes…)."""
    out, literal, i = bytearray(), bytearray(), 0
    while i < len(data):
        run = 1
        while i + run < len(data) and run < 128 and data[i + run] == data[i]:
            run += 1
        if run >= 2:
            if literal:
                out += bytes([len(literal) - 1]) + literal
                literal.clear()
            out += bytes([257 - run, data[i]])
        else:
            literal.append(data[i])
            if len(literal) == 128:
                out += bytes([127]) + literal
                literal.clear()
        i += run
    if literal:
        out += bytes([len(literal) - 1]) + literal
    return bytes(out)


def _unpackbits(data: bytes, limit: int) -> bytes:
    out, i = bytearray(), 0
    while i < len(data):
        header = data[i]
        i += 1
        if header < 128:
            chunk = data[i : i + header + 1]
            if len(chunk) != header + 1:
                raise InvalidArgument("active_cells", "PackBits literal cut short")
            out += chunk
            i += header + 1
        elif header > 128:
            if i >= len(data):
                raise InvalidArgument("active_cells", "PackBits run cut short")
            out += bytes([data[i]]) * (257 - header)
            i += 1
        if len(out) > limit:
            raise InvalidArgument("active_cells", f"more than {limit} bytes of cells")
    return bytes(out)


def edges(size: int, count: int) -> np.ndarray:
    """Start index of each of ``count`` cells along ``size`` pixels: ``(i × size) // count``."""
    if size < count:
        raise InvalidArgument("frame", f"{size} pixels cannot hold {count} cells")
    return (np.arange(count) * size) // count
