"""The segments a playback cursor walks, and what its reads return.

``KnownSegment`` is a catalog segment plus what the cursor learnt reading it: its
keyframes (the catalog's index of a closed segment; for one still being written, a
scan resumed as the file grows) and where a closed file turned out to be bad.
Blocking file I/O (``keyframes``): called from the session's executor.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from pathlib import Path

from vedette_api.media.keyframe_index import decode_keyframe_index
from vedette_api.media.packet import CodecParameters, MediaPacket
from vedette_api.media.records import RECORD_HEADER_BYTES, CorruptRecord, RecordKind
from vedette_api.media.segment_reader import SegmentReader
from vedette_server.export.errors import UnreadableSegment

log = logging.getLogger(__name__)

#: A hole between two segments longer than this is a gap (a camera offline, a
#: schedule pause); shorter ones are the ordinary seams between segments.
GAP_MIN_US = 1_000_000


@dataclass(frozen=True, slots=True)
class SegmentSpan:
    """One segment file as the catalog lists it (``end_us`` None while it is open)."""

    id: int
    path: Path
    start_us: int
    end_us: int | None
    keyframe_index: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class TrackChange:
    """The codec parameters of the packets that follow."""

    video: CodecParameters
    audio: CodecParameters | None


@dataclass(frozen=True, slots=True)
class GapItem:
    """No recording between ``from_us`` and ``to_us``."""

    from_us: int
    to_us: int


@dataclass(frozen=True, slots=True)
class UnreadableItem:
    """Recording between ``from_us`` and ``to_us`` (0: its file is still being
    written) that cannot be read; ``reason`` is what the system said."""

    from_us: int
    to_us: int
    reason: str


Item = MediaPacket | TrackChange | GapItem | UnreadableItem


class ReadState(enum.Enum):
    MORE = "more"  # more can be read at once
    LIVE_EDGE = "live_edge"  # at the end of a segment still being written: read again later
    NEED_SEGMENTS = "need_segments"  # past the last known segment (before the first, backward)


@dataclass
class ReadResult:
    items: list[Item]
    state: ReadState


class KnownSegment:
    """A segment and what the cursor learnt about it (lazily: its keyframes)."""

    def __init__(self, span: SegmentSpan) -> None:
        self.span = span
        self._keyframes: list[tuple[int, int]] | None = None
        self._complete = False  # every keyframe of the file is in _keyframes
        self._scanned_to = 0  # scanned files: keyframes known up to this offset
        self.bad_at: int | None = None  # first bad record of a closed segment
        #: Why the file cannot be read (EIO...): it is not tried again by this cursor.
        self.unreadable: UnreadableSegment | None = None
        self.unreadable_reason = ""  # what the system said ("Input/output error")

    @property
    def is_open(self) -> bool:
        return self.span.end_us is None

    def update(self, span: SegmentSpan) -> None:
        was_open = self.is_open
        self.span = span
        if was_open and not self.is_open and span.keyframe_index:
            self._keyframes, self._complete = None, False  # the catalog's index is complete

    def keyframes(self, reader: SegmentReader) -> list[tuple[int, int]]:
        """``(timestamp_us, offset)`` of the segment's keyframes known so far: the
        catalog's index of a closed segment, else a scan (resumed as it grows)."""
        if self._keyframes is None:
            span = self.span
            if not self.is_open and span.keyframe_index:
                try:
                    self._keyframes = decode_keyframe_index(span.keyframe_index, span.start_us)
                    self._complete = True
                    return self._keyframes
                except ValueError as error:
                    log.warning("%s: keyframe index ignored (%s)", span.path, error)
            self._keyframes, self._scanned_to = [], reader.data_offset
        if not self._complete:
            self._scan(reader)
        return self._keyframes

    def _scan(self, reader: SegmentReader) -> None:
        assert self._keyframes is not None
        try:
            for offset, record in reader.records(self._scanned_to):
                if record.kind == RecordKind.VIDEO and record.keyframe:
                    self._keyframes.append((record.timestamp_us, offset))
                self._scanned_to = offset + RECORD_HEADER_BYTES + len(record.payload)
        except CorruptRecord as error:
            if not self.is_open:
                self.bad_at = error.offset
        if not self.is_open:
            self._complete = True
