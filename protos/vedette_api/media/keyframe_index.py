"""Keyframe index blob and the running figures of a segment (its catalog summary).

Blob (big-endian): u32 count, then per keyframe u32 µs since the segment's
``start_us`` and u32 byte offset of the keyframe's record in the file; 8 bytes a
keyframe, so a 60 s segment with a 1 s GOP costs under 500 bytes in the catalog.

Invariants:
- The writer (while appending) and the scanner (while recovering) compute a
  segment's start, end, frame count and keyframe index with the same
  ``SegmentStats``, so a recovered segment's catalog row equals the one a clean
  close would have written.
- ``start_us`` is the earliest media (video or audio) record's timestamp, or the
  header's start when there is none; ``end_us`` is the latest ``timestamp_us +
  duration_us`` of a media record, or ``start_us``. Every keyframe is at or after
  ``start_us``, so its delta is never negative; keyframes more than 2³² µs (71 min)
  after it are left out of the blob (an index may be partial, never wrong).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

from vedette_api.media.records import FLAG_KEYFRAME, RecordKind

_COUNT = struct.Struct(">I")
_ENTRY = struct.Struct(">II")
_U32_MAX = 0xFFFFFFFF


def encode_keyframe_index(entries: Iterable[tuple[int, int]], start_us: int) -> bytes:
    """Pack ``(timestamp_us, offset)`` pairs; ValueError when one does not fit in u32."""
    parts = []
    for timestamp_us, offset in entries:
        delta_us = timestamp_us - start_us
        if not 0 <= delta_us <= _U32_MAX:
            raise ValueError(f"keyframe at {timestamp_us}: {delta_us} µs from start_us {start_us}")
        if not 0 <= offset <= _U32_MAX:
            raise ValueError(f"keyframe at {timestamp_us}: offset {offset} does not fit in u32")
        parts.append(_ENTRY.pack(delta_us, offset))
    return _COUNT.pack(len(parts)) + b"".join(parts)


def decode_keyframe_index(blob: bytes, start_us: int) -> list[tuple[int, int]]:
    """Unpack a blob into ``(timestamp_us, offset)`` pairs; ValueError when malformed."""
    if len(blob) < _COUNT.size:
        raise ValueError(f"keyframe index of {len(blob)} bytes has no count")
    (count,) = _COUNT.unpack_from(blob)
    if len(blob) != _COUNT.size + count * _ENTRY.size:
        raise ValueError(f"keyframe index of {len(blob)} bytes cannot hold {count} entries")
    return [
        (start_us + delta_us, offset)
        for delta_us, offset in _ENTRY.iter_unpack(memoryview(blob)[_COUNT.size :])
    ]


def keyframe_index_blob(entries: Iterable[tuple[int, int]], start_us: int) -> bytes:
    """The catalog's blob for a segment: the entries that fit. A segment stretched
    past 71 min (a timestamp jump) loses its late entries; readers then start at an
    earlier keyframe and read forward, which is slower but still correct."""
    fit = [(t, o) for t, o in entries if 0 <= t - start_us <= _U32_MAX and 0 <= o <= _U32_MAX]
    return encode_keyframe_index(fit, start_us)


@dataclass(frozen=True)
class SegmentSummary:
    """What the catalog stores when a segment closes (or is recovered)."""

    start_us: int
    end_us: int
    size_bytes: int
    frames: int
    keyframe_index_blob: bytes = field(repr=False)


@dataclass(slots=True)
class SegmentStats:
    """Running start, end, frame count and keyframe index, fed record by record."""

    header_start_us: int
    frames: int = 0
    first_us: int | None = None
    last_end_us: int | None = None
    keyframes: list[tuple[int, int]] = field(default_factory=list)

    def add(self, offset: int, kind: int, flags: int, timestamp_us: int, duration_us: int) -> None:
        if kind not in (RecordKind.VIDEO, RecordKind.AUDIO):
            return
        if self.first_us is None or timestamp_us < self.first_us:
            self.first_us = timestamp_us
        end_us = timestamp_us + duration_us
        if self.last_end_us is None or end_us > self.last_end_us:
            self.last_end_us = end_us
        if kind == RecordKind.VIDEO:
            self.frames += 1
            if flags & FLAG_KEYFRAME:
                self.keyframes.append((timestamp_us, offset))

    @property
    def start_us(self) -> int:
        return self.header_start_us if self.first_us is None else self.first_us

    @property
    def end_us(self) -> int:
        return self.start_us if self.last_end_us is None else self.last_end_us

    def summary(self, size_bytes: int) -> SegmentSummary:
        blob = keyframe_index_blob(self.keyframes, self.start_us)
        return SegmentSummary(self.start_us, self.end_us, size_bytes, self.frames, blob)
