"""The motion index's reads: runs of motion in a region (``search``), the first motion
of even time slices (``activity``) and of calendar slices (``slice_motion``), from the
rows ``motion.index`` stores (format there). ``MotionQueries`` is what ``MotionIndex``
reads with; its methods block (SQLite reads, numpy): run them in an executor. Each
reading thread has its own connection (``MotionIndex._reader``).

A search fetches the camera's rows in range, drops those whose union misses the region,
takes rows whose motion lies wholly inside the region without decompressing them, and
tests the seconds of the rest in one numpy AND.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from vedette_server.errors import InvalidArgument
from vedette_server.motion.tracker import MINUTE_US, SECOND_US, region_words

MAX_SLICES: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class MotionRun:
    """Motion in a camera from ``start_us`` to ``end_us`` (whole seconds), made of
    ``seconds`` seconds with motion (gaps up to the search's merge gap between them)."""

    camera_id: int
    start_us: int
    end_us: int
    seconds: int


class MotionQueries:
    """The reads of an open motion index (``MotionIndex`` provides the connection)."""

    path: Path

    def _reader(self) -> sqlite3.Connection:
        """This thread's reading connection."""
        raise NotImplementedError

    def search(
        self,
        camera_ids: Iterable[int],
        start_us: int,
        end_us: int,
        region: np.ndarray | bytes | None = None,
        *,
        min_duration_us: int = 0,
        merge_gap_us: int = 0,
    ) -> list[MotionRun]:
        """Runs of motion in ``region`` (every cell when None) of each camera in
        [start_us, end_us), ordered by start then camera. A run is made of the seconds
        with motion in the region that overlap the range, consecutive or separated by at
        most ``merge_gap_us``, and is kept when it lasts at least ``min_duration_us``.
        A camera without rows (unknown, or no motion) has no runs. Blocks."""
        cameras = _check_cameras(camera_ids)
        _check_range(start_us, end_us)
        for field, value in (("min_duration_us", min_duration_us), ("merge_gap_us", merge_gap_us)):
            if value < 0:
                raise InvalidArgument(field, f"must not be negative, not {value}")
        words = None if region is None else region_words(region)
        found = [
            _runs(camera_id, self._motion_seconds(camera_id, start_us, end_us, words), merge_gap_us)
            for camera_id in cameras
        ]
        camera, start, end, seconds = (
            np.concatenate(column) for column in zip(*found, strict=True)
        )
        keep = end - start >= min_duration_us
        camera, start, end, seconds = camera[keep], start[keep], end[keep], seconds[keep]
        order = np.lexsort((camera, start))
        return [
            MotionRun(*run)
            for run in zip(
                camera[order].tolist(),
                start[order].tolist(),
                end[order].tolist(),
                seconds[order].tolist(),
                strict=True,
            )
        ]

    def activity(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        slice_us: int,
        region: np.ndarray | bytes | None = None,
    ) -> list[tuple[int, int | None]]:
        """For each slice [start_us + k × slice_us, + slice_us) of [start_us, end_us): its
        start and the first instant with motion in ``region`` in it (the start of its
        first motion second, or ``start_us`` if that second began before), or None for
        a motionless slice. Blocks."""
        check_camera(camera_id)
        _check_range(start_us, end_us)
        if slice_us < SECOND_US:
            raise InvalidArgument("slice_us", f"must be at least 1 s, not {slice_us} µs")
        count = -(-(end_us - start_us) // slice_us)
        if count > MAX_SLICES:
            raise InvalidArgument("slice_us", f"{count} slices is more than {MAX_SLICES}")
        words = None if region is None else region_words(region)
        times = np.maximum(self._motion_seconds(camera_id, start_us, end_us, words), start_us)
        firsts: list[int | None] = [None] * count
        slices, first = np.unique((times - start_us) // slice_us, return_index=True)
        for k, i in zip(slices.tolist(), first.tolist(), strict=True):
            firsts[k] = int(times[i])
        return [(start_us + k * slice_us, firsts[k]) for k in range(count)]

    def slice_motion(
        self,
        camera_id: int,
        bounds: Sequence[int],
        region: np.ndarray | bytes | None = None,
    ) -> list[tuple[int | None, int]]:
        """For each slice [bounds[k], bounds[k + 1]) (any lengths, ascending bounds: the
        calendar slices of a thumbnail request): the first instant with motion in
        ``region`` in it, or None, and the number of seconds with motion in it. A second
        with motion counts in the slice holding its start (the first slice for one that
        began before ``bounds[0]``; its first instant is then ``bounds[0]``). Blocks."""
        check_camera(camera_id)
        if len(bounds) < 2:
            raise InvalidArgument("bounds", "give at least one slice (two bounds)")
        edges = np.array(bounds, np.int64)
        if (np.diff(edges) <= 0).any():
            raise InvalidArgument("bounds", "must be strictly ascending")
        count = len(edges) - 1
        if count > MAX_SLICES:
            raise InvalidArgument("bounds", f"{count} slices is more than {MAX_SLICES}")
        start_us, end_us = int(edges[0]), int(edges[-1])
        if region is None:  # no cells needed: the seconds masks alone, 2.4 x faster
            found = self._any_motion_seconds(camera_id, start_us, end_us)
        else:
            found = self._motion_seconds(camera_id, start_us, end_us, region_words(region))
        times = np.maximum(found, start_us)
        which = np.searchsorted(edges, times, side="right") - 1
        seconds = np.bincount(which, minlength=count).tolist()
        firsts: list[int | None] = [None] * count
        slices, first = np.unique(which, return_index=True)
        for k, i in zip(slices.tolist(), first.tolist(), strict=True):
            firsts[k] = int(times[i])
        return list(zip(firsts, seconds, strict=True))

    def _any_motion_seconds(self, camera_id: int, start_us: int, end_us: int) -> np.ndarray:
        """Start (µs) of every second with motion in any cell overlapping the range,
        ascending, from the seconds masks only (no cells read)."""
        rows = (
            self._reader()
            .execute(
                "SELECT minute_us, seconds FROM motion_minute"
                " WHERE camera_id = ? AND minute_us > ? AND minute_us < ? ORDER BY minute_us",
                (camera_id, start_us - MINUTE_US, end_us),
            )
            .fetchall()
        )
        if not rows:
            return np.zeros(0, np.int64)
        table = np.array(rows, np.int64)
        rows_i, seconds_i = np.nonzero(_second_bits(table[:, 1]))
        times = table[rows_i, 0] + seconds_i * SECOND_US
        return times[(times + SECOND_US > start_us) & (times < end_us)]

    def _motion_seconds(
        self, camera_id: int, start_us: int, end_us: int, region: np.ndarray | None
    ) -> np.ndarray:
        """Start (µs) of every second with motion in ``region`` overlapping the range,
        ascending: the union prefilter drops rows without a region cell, rows whose
        motion lies wholly inside the region need no decompression."""
        rows = (
            self._reader()
            .execute(
                "SELECT minute_us, seconds, cells_union, cells FROM motion_minute"
                " WHERE camera_id = ? AND minute_us > ? AND minute_us < ? ORDER BY minute_us",
                (camera_id, start_us - MINUTE_US, end_us),
            )
            .fetchall()
        )
        if not rows:
            return np.zeros(0, np.int64)
        minutes_l, seconds_l, unions_l, cells_l = zip(*rows, strict=True)
        minutes = np.array(minutes_l, np.int64)
        bits = _second_bits(np.array(seconds_l, np.int64))
        if region is not None:
            unions = np.frombuffer(b"".join(unions_l), np.uint64).reshape(-1, len(region))
            hit = (unions & region).any(axis=1)
            bits[~hit] = False
            partial = np.flatnonzero(hit & (unions & ~region).any(axis=1))
            if len(partial):
                # The grids of every partial row, one array: row-major order of their
                # seconds' bits is the order they are stored in.
                data = b"".join([zlib.decompress(cells_l[i]) for i in partial.tolist()])
                grids = np.frombuffer(data, np.uint64).reshape(-1, len(region))
                sub = bits[partial]
                if len(grids) != sub.sum():
                    raise ValueError(f"{self.path}: rows hold fewer grids than motion seconds")
                sub[sub] = (grids & region).any(axis=1)
                bits[partial] = sub
        rows_i, seconds_i = np.nonzero(bits)
        times = minutes[rows_i] + seconds_i * SECOND_US
        return times[(times + SECOND_US > start_us) & (times < end_us)]


def _second_bits(seconds: np.ndarray) -> np.ndarray:
    """(n, 60) booleans: bit s of each 60-bit mask (little-endian bytes, unpacked)."""
    as_bytes = seconds.astype("<u8").view(np.uint8).reshape(-1, 8)
    return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :60].view(bool)


def _runs(camera_id: int, times: np.ndarray, gap_us: int) -> tuple[np.ndarray, ...]:
    """(camera, start, end, seconds) arrays of the runs in ascending motion seconds."""
    breaks = np.flatnonzero(times[1:] - (times[:-1] + SECOND_US) > gap_us)
    firsts = np.concatenate(([0], breaks + 1)) if len(times) else np.zeros(0, np.int64)
    lasts = np.concatenate((breaks, [len(times) - 1])) if len(times) else firsts
    return (
        np.full(len(firsts), camera_id, np.int64),
        times[firsts],
        times[lasts] + SECOND_US,
        lasts - firsts + 1,
    )


def check_camera(camera_id: int) -> None:
    if isinstance(camera_id, bool) or not isinstance(camera_id, int) or camera_id < 0:
        raise InvalidArgument("camera_id", f"must be a non-negative integer, not {camera_id!r}")


def _check_cameras(camera_ids: Iterable[int]) -> list[int]:
    cameras = list(dict.fromkeys(camera_ids))
    if not cameras:
        raise InvalidArgument("camera_ids", "name at least one camera")
    for camera_id in cameras:
        check_camera(camera_id)
    return cameras


def _check_range(start_us: int, end_us: int) -> None:
    if start_us > end_us:
        raise InvalidArgument("end_us", f"{end_us} is before start_us {start_us}")
