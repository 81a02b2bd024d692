"""Per-second motion cells, gathered into camera-minutes for the motion index.

``MinuteTracker.add`` ORs the cells of every analysed frame into the wall-clock second
it falls in (``time_us // 1 s``, UTC), inside a pending camera-minute; ``due(now_us)``
hands out the minutes that ended at least ``FLUSH_DELAY_US`` before ``now_us`` (so a
frame a little late still lands in its minute), ``drain()`` all of them (shutdown).

A ``MinuteRow`` is one camera-minute with motion in its stored form (research §3.2):
``seconds`` (bit s set: motion during second s of the minute), ``cells_union`` (the 56-byte
OR of the minute, the search's prefilter) and ``cells`` (zlib of 56 bytes per motion
second, in bit order). ``encode_minute``/``decode_minute`` convert between that form
and a (60, 7) uint64 grid. Pure: no clock, no I/O, no lock (the index holds one).

Invariants: a second is marked only when at least one cell had motion in it; a grid is
56 bytes = 7 × uint64 (``grid.pack``: 396 bits, then zero padding), so a region test is
``(cells & region).any()`` on uint64 words.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Final

import numpy as np

from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid

SECOND_US: Final = 1_000_000
MINUTE_US: Final = 60 * SECOND_US
FLUSH_DELAY_US: Final = 2 * SECOND_US
WORDS: Final = grid.PACKED_BYTES // 8  # 7 uint64 words per grid
_SECOND_BITS: Final = np.arange(60, dtype=np.int64)


def packed_words(cells: np.ndarray | bytes) -> np.ndarray:
    """A frame's cells as 7 uint64 words: an (18, 22) boolean mask or its 56-byte
    ``grid.pack`` form; InvalidArgument for any other shape or length, or set padding."""
    if isinstance(cells, bytes | bytearray | memoryview):
        data = bytes(cells)
        if len(data) != grid.PACKED_BYTES:
            raise InvalidArgument(
                "cells", f"a packed grid is {grid.PACKED_BYTES} bytes, not {len(data)}"
            )
        # 396 bits = 49 bytes + 4 bits: the low nibble of byte 49 and bytes 50.. are padding.
        if data[49] & 0x0F or any(data[50:]):
            raise InvalidArgument("cells", "bits past the 396 cells are set")
    else:
        data = grid.pack(cells)
    return np.frombuffer(data, np.uint64).copy()


def region_words(region: np.ndarray | bytes) -> np.ndarray:
    """A search region as 7 uint64 words; InvalidArgument when malformed or empty."""
    try:
        words = packed_words(region)
    except InvalidArgument as e:
        raise InvalidArgument("region", e.reason) from None
    if not words.any():
        raise InvalidArgument("region", "has no cell: it can never match")
    return words


def second_bits(seconds: int) -> np.ndarray:
    """The seconds (0..59) set in a 60-bit mask, ascending."""
    return np.flatnonzero((np.int64(seconds) >> _SECOND_BITS) & 1)


@dataclass(frozen=True, slots=True)
class MinuteRow:
    """One camera-minute with motion, as stored (see the module docstring)."""

    camera_id: int
    minute_us: int
    seconds: int
    cells_union: bytes
    cells: bytes


def encode_minute(camera_id: int, minute_us: int, grids: np.ndarray) -> MinuteRow:
    """The row of a (60, 7) uint64 grid of one minute (all-zero seconds left out)."""
    active = grids.any(axis=1)
    seconds = int((active.astype(np.int64) << _SECOND_BITS).sum())
    union = np.bitwise_or.reduce(grids, axis=0)
    return MinuteRow(
        camera_id, minute_us, seconds, union.tobytes(), zlib.compress(grids[active].tobytes(), 6)
    )


def decode_cells(seconds: int, cells: bytes) -> np.ndarray:
    """The (popcount(seconds), 7) uint64 grids stored in a row's ``cells``."""
    out = np.frombuffer(zlib.decompress(cells), np.uint64).reshape(-1, WORDS)
    if len(out) != seconds.bit_count():
        raise ValueError(f"{len(out)} grids stored for {seconds.bit_count()} motion seconds")
    return out


def decode_minute(seconds: int, cells: bytes) -> np.ndarray:
    """The (60, 7) uint64 grid of a stored minute (zeros where no motion)."""
    grids = np.zeros((60, WORDS), np.uint64)
    grids[second_bits(seconds)] = decode_cells(seconds, cells)
    return grids


class MinuteTracker:
    """Pending camera-minutes, each a (60, 7) uint64 grid ORed frame by frame."""

    def __init__(self) -> None:
        self._pending: dict[tuple[int, int], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, camera_id: int, time_us: int, words: np.ndarray) -> None:
        """OR one frame's 7 words into its second (nothing when no cell had motion)."""
        if not words.any():
            return
        minute_us = time_us - time_us % MINUTE_US
        key = (camera_id, minute_us)
        grids = self._pending.get(key)
        if grids is None:
            grids = self._pending[key] = np.zeros((60, WORDS), np.uint64)
        grids[(time_us - minute_us) // SECOND_US] |= words

    def due(self, now_us: int) -> list[MinuteRow]:
        """Remove and return the minutes that ended at least FLUSH_DELAY_US before now."""
        keys = [k for k in self._pending if k[1] + MINUTE_US + FLUSH_DELAY_US <= now_us]
        return [encode_minute(c, m, self._pending.pop((c, m))) for c, m in sorted(keys)]

    def drain(self) -> list[MinuteRow]:
        """Remove and return every pending minute."""
        rows = [encode_minute(c, m, g) for (c, m), g in sorted(self._pending.items())]
        self._pending.clear()
        return rows
