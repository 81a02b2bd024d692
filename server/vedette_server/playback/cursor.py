"""One camera's recorded packets in time order, forward or backward: playback's file reads.

A ``CameraCursor`` walks the segment files of one camera stream that the session
hands it (``set_segments``, from the catalog). Everything here is blocking file
I/O: the session runs each call in its executor, one call at a time per cursor.

Invariants:
- Forward, packets come in file order (time order within a stream). Backward, whole
  GOPs come in reverse GOP order, each GOP's packets in decode order, so a client
  decodes a GOP and shows it backwards.
- A segment still being written (``end_us`` None) is read up to its current end; a
  torn record at its end is "not written yet", not corruption. Reaching that end
  gives ``ReadState.LIVE_EDGE``: read again later.
- A bad record in a closed segment ends the reading of that segment (the rest is
  skipped, logged once); playback goes on with the next one.
- A file that cannot be read (EIO, EACCES: a failing disk) is skipped like a gap:
  its time range comes as an ``UnreadableItem`` where the walk crosses it (once per
  seek), the file is not tried again, and the walk goes on with the next segment.
  ``unreadable`` holds the first such file since the last packet read: the session
  ends with it (DATA_LOSS) when nothing after it can be read. A missing file
  (deleted by retention meanwhile) is skipped as a gap.
- Seeks land on the frame shown at the instant: the last video frame at or before
  it, preceded by the packets from its keyframe (the pre-roll the client decodes
  without showing).
- A stretch of more than ``GAP_MIN_US`` between two segments is reported as a
  ``GapItem`` where the walk crosses it.
- Once ``close`` ran, no file stays open and none is opened: a read still running on
  another thread when the session closed (its task cancelled while the executor
  finished the call) closes what it opened instead of keeping it. (The soak found
  segment files held open, deleted ones included, by sessions closed mid-read.)
"""

from __future__ import annotations

import bisect
import logging
import threading
from collections.abc import Iterable, Iterator

from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_api.media.records import RECORD_HEADER_BYTES, CorruptRecord, Record, RecordKind
from vedette_api.media.segment_header import CorruptSegment, decode_track_entry
from vedette_api.media.segment_reader import SegmentReader
from vedette_server.export.errors import UnreadableSegment
from vedette_server.playback.segments import (
    GAP_MIN_US,
    GapItem,
    Item,
    KnownSegment,
    ReadResult,
    ReadState,
    SegmentSpan,
    TrackChange,
    UnreadableItem,
)

log = logging.getLogger(__name__)


class CameraCursor:
    """A position in one camera stream's recording and the reads from it. Blocking."""

    def __init__(self, camera_id: int) -> None:
        self.camera_id = camera_id
        self._segments: list[KnownSegment] = []
        self._readers: dict[int, SegmentReader] = {}
        #: Set by ``close``; ``_readers`` changes only under ``_guard`` (close may run
        #: on another executor thread than a read still in progress).
        self._closed = False
        self._guard = threading.Lock()
        self._at: int | None = None  # id of the segment the position is in
        #: Forward: offset of the next record to read (None: the first record).
        #: Backward: the end (exclusive) of the next GOP to read (None: the file's end).
        self._offset: int | None = None
        self.tracks: TrackChange | None = None  # the parameters announced last
        self.last_end_us: int | None = None  # forward: end of the last packet read
        self.first_start_us: int | None = None  # backward: start of the last GOP read
        #: The first unreadable file crossed since the last packet read (None after one).
        self.unreadable: UnreadableSegment | None = None
        self._skipped: set[int] = set()  # unreadable segments announced since the seek

    # -- segments ---------------------------------------------------------------------

    def set_segments(self, spans: Iterable[SegmentSpan]) -> None:
        """Add segments (or update known ones: an open one that closed). Blocking only
        to close readers of segments that went (deleted by retention)."""
        known = {s.span.id: s for s in self._segments}
        for span in spans:
            if span.id in known:
                known[span.id].update(span)
            else:
                known[span.id] = KnownSegment(span)
        self._segments = sorted(known.values(), key=lambda s: (s.span.start_us, s.span.id))

    def replace_segments(self, spans: Iterable[SegmentSpan]) -> None:
        """Forget every segment but ``spans`` (a seek far away)."""
        spans = list(spans)
        keep = {span.id for span in spans}
        self._segments = [s for s in self._segments if s.span.id in keep]
        with self._guard:
            dropped = [self._readers.pop(i) for i in list(self._readers) if i not in keep]
        for reader in dropped:
            reader.close()
        if self._at not in keep:
            self._at = None
        self.set_segments(spans)

    @property
    def known_start_us(self) -> int | None:
        return self._segments[0].span.start_us if self._segments else None

    @property
    def known_end_us(self) -> int | None:
        """End of the last known segment (its start while it is open)."""
        if not self._segments:
            return None
        last = self._segments[-1].span
        return last.start_us if last.end_us is None else last.end_us

    @property
    def current_start_us(self) -> int | None:
        segment = self._current()
        return None if segment is None else segment.span.start_us

    def close(self) -> None:
        with self._guard:
            self._closed = True
            readers = list(self._readers.values())
            self._readers.clear()
        for reader in readers:
            reader.close()

    def _index(self) -> int | None:
        for i, segment in enumerate(self._segments):
            if segment.span.id == self._at:
                return i
        return None

    def _current(self) -> KnownSegment | None:
        i = self._index()
        return None if i is None else self._segments[i]

    def _reader(self, segment: KnownSegment) -> SegmentReader | None:
        reader = self._readers.get(segment.span.id)
        if reader is None:
            if segment.unreadable is not None:  # a failing disk: not tried again
                raise segment.unreadable
            try:
                reader = SegmentReader.open(segment.span.path)
            except (FileNotFoundError, CorruptSegment) as error:
                # Deleted by retention meanwhile, or never written: a gap, not a fault.
                log.warning("playback skips %s: %s", segment.span.path, error)
                segment.bad_at = 0
                return None
            except OSError as error:
                raise _unreadable(segment, 0, error) from error
            with self._guard:
                if self._closed:  # the session closed while this read ran
                    reader.close()
                    return None
                retired = [
                    self._readers.pop(segment_id)
                    for segment_id in list(self._readers)[:-1]  # keep at most two open
                    if segment_id != self._at
                ]
                self._readers[segment.span.id] = reader
            for old in retired:
                old.close()
        return reader

    def _announce(self, reader: SegmentReader, items: list[Item]) -> None:
        tracks = TrackChange(reader.header.video, reader.header.audio)
        if tracks != self.tracks:
            self.tracks = tracks
            items.append(tracks)

    def _control(self, record: Record, items: list[Item]) -> None:
        if record.kind != RecordKind.CODEC_CHANGE or self.tracks is None:
            return
        try:
            params = decode_track_entry(record.payload)
        except ValueError:
            return
        if record.flags == 0:
            tracks = TrackChange(params, self.tracks.audio)
        else:
            tracks = TrackChange(self.tracks.video, params)
        if tracks != self.tracks:
            self.tracks = tracks
            items.append(tracks)

    def _records(
        self,
        segment: KnownSegment,
        reader: SegmentReader,
        start: int | None,
        until: int | None = None,
    ) -> Iterator[tuple[int, Record]]:
        """Records from ``start``, stopping quietly at a torn tail (open segment) or at
        the first bad record (closed segment, logged once)."""
        if segment.bad_at is not None and until is None:
            until = segment.bad_at
        try:
            yield from reader.records(start, until_offset=until)
        except CorruptRecord as error:
            if not segment.is_open and segment.bad_at is None:
                log.warning("playback stops reading %s at %s", segment.span.path, error)
                segment.bad_at = error.offset
        except OSError as error:
            raise _unreadable(segment, start or 0, error) from error

    @staticmethod
    def _keyframes(segment: KnownSegment, reader: SegmentReader) -> list[tuple[int, int]]:
        try:
            return segment.keyframes(reader)
        except OSError as error:
            raise _unreadable(segment, 0, error) from error

    def _packet(self, record: Record) -> MediaPacket:
        self.unreadable = None  # something after the unreadable files was read
        return MediaPacket(
            PacketKind(record.kind),
            record.timestamp_us,
            record.duration_us,
            record.keyframe,
            record.payload,
        )

    def _skip_unreadable(
        self, segment: KnownSegment, error: UnreadableSegment, items: list[Item], *, forward: bool
    ) -> None:
        """Announce an unreadable file once per seek and go on past it."""
        span = segment.span
        with self._guard:
            reader = self._readers.pop(span.id, None)
        if reader is not None:
            reader.close()
        if forward and span.end_us is not None:
            self.last_end_us = max(self.last_end_us or span.end_us, span.end_us)
        elif not forward:
            self.first_start_us = min(self.first_start_us or span.start_us, span.start_us)
        if span.id in self._skipped:
            return
        self._skipped.add(span.id)
        reason = segment.unreadable_reason
        log.warning("playback skips %s, which cannot be read: %s", span.path, reason)
        items.append(UnreadableItem(span.start_us, span.end_us or 0, reason))
        if self.unreadable is None:
            self.unreadable = error

    def _gap_from(self, segment: KnownSegment) -> int:
        span = segment.span
        if span.end_us is not None:
            return span.end_us
        return self.last_end_us if self.last_end_us is not None else span.start_us

    # -- forward ----------------------------------------------------------------------

    def seek_forward(self, t_us: int, *, keyframes_only: bool = False) -> ReadResult:
        """Position on the frame shown at ``t_us``; returns the pre-roll (from its
        keyframe; only the keyframe with ``keyframes_only``). In a gap, positions at
        the next segment's start and returns the gap."""
        self.last_end_us, self.first_start_us = t_us, None
        self.unreadable = None
        self._skipped.clear()
        items: list[Item] = []
        chosen = None
        for i, segment in enumerate(self._segments):
            end = segment.span.end_us
            if segment.span.start_us <= t_us and (end is None or t_us < end):
                chosen = i
            elif segment.span.start_us > t_us and chosen is None:
                if segment.span.start_us - t_us > GAP_MIN_US:
                    items.append(GapItem(t_us, segment.span.start_us))
                chosen = i
                break
        if chosen is None:
            self._at = None
            return ReadResult(items, ReadState.NEED_SEGMENTS)
        segment = self._segments[chosen]
        self._at, self._offset = segment.span.id, None
        try:
            self._preroll(segment, t_us, keyframes_only, items)
        except UnreadableSegment as error:
            self._skip_unreadable(segment, error, items, forward=True)
        return ReadResult(items, ReadState.MORE)

    def _preroll(
        self, segment: KnownSegment, t_us: int, keyframes_only: bool, items: list[Item]
    ) -> None:
        """Position in ``segment`` on the frame shown at ``t_us``; its pre-roll."""
        reader = self._reader(segment)
        if reader is None:
            return
        self._announce(reader, items)
        if segment.span.start_us > t_us:
            return
        keyframes = self._keyframes(segment, reader)
        k = bisect.bisect_right(keyframes, (t_us, 1 << 62)) - 1
        start = keyframes[k][1] if k >= 0 else None
        if keyframes_only:
            if k >= 0:
                for offset, record in self._records(segment, reader, start):
                    items.append(self._packet(record))
                    self._offset = offset + RECORD_HEADER_BYTES + len(record.payload)
                    break
            return
        self._offset = start
        preroll: list[Item] = []
        for offset, record in self._records(segment, reader, start):
            if record.kind in (RecordKind.VIDEO, RecordKind.AUDIO):
                if record.timestamp_us > t_us:
                    break
                if record.kind == RecordKind.VIDEO:
                    preroll.append(self._packet(record))
            else:
                self._control(record, preroll)
            self._offset = offset + RECORD_HEADER_BYTES + len(record.payload)
        video = [i for i in preroll if isinstance(i, MediaPacket)]
        if video and not video[0].keyframe:  # nothing decodable before t: start after it
            preroll = [i for i in preroll if not isinstance(i, MediaPacket)]
        items += preroll

    def read_forward(
        self, max_packets: int, *, keyframes_only: bool = False, audio: bool = False
    ) -> ReadResult:
        """The next packets in time order (at most ``max_packets``)."""
        items: list[Item] = []
        count = 0
        while count < max_packets:
            i = self._index()
            if i is None:
                i = self._resume_forward(items)
            if i is None:
                return ReadResult(items, ReadState.NEED_SEGMENTS)
            segment = self._segments[i]
            try:
                reader = self._reader(segment)
                if reader is not None:
                    if self._offset is None:
                        self._announce(reader, items)
                    if keyframes_only:
                        count += self._next_keyframe(segment, reader, items)
                        if count:
                            return ReadResult(items, ReadState.MORE)
                    else:
                        left = max_packets - count
                        count += self._read_packets(segment, reader, items, left, audio)
                        if count >= max_packets:
                            return ReadResult(items, ReadState.MORE)
            except UnreadableSegment as error:
                self._skip_unreadable(segment, error, items, forward=True)
                reader = None
            # The end of what this segment has now.
            if segment.is_open and i == len(self._segments) - 1 and reader is not None:
                return ReadResult(items, ReadState.LIVE_EDGE)
            if i + 1 == len(self._segments):
                return ReadResult(items, ReadState.NEED_SEGMENTS)
            following = self._segments[i + 1]
            gap_from = self._gap_from(segment)
            if following.span.start_us - gap_from > GAP_MIN_US:
                items.append(GapItem(gap_from, following.span.start_us))
            self._at, self._offset = following.span.id, None
        return ReadResult(items, ReadState.MORE)

    def _resume_forward(self, items: list[Item]) -> int | None:
        """Unpositioned (past every segment known before): the first segment after the
        last packet read, with the gap to it."""
        after = self.last_end_us
        for i, segment in enumerate(self._segments):
            start = segment.span.start_us
            if after is None or start >= after:
                if after is not None and start - after > GAP_MIN_US:
                    items.append(GapItem(after, start))
                self._at, self._offset = segment.span.id, None
                return i
        return None

    def _resume_backward(self) -> int | None:
        before = self.first_start_us
        for i in range(len(self._segments) - 1, -1, -1):
            segment = self._segments[i]
            if before is None or segment.span.start_us < before:
                self._at, self._offset = segment.span.id, None
                return i
        return None

    def _read_packets(
        self,
        segment: KnownSegment,
        reader: SegmentReader,
        items: list[Item],
        limit: int,
        audio: bool,
    ) -> int:
        count = 0
        for offset, record in self._records(segment, reader, self._offset):
            self._offset = offset + RECORD_HEADER_BYTES + len(record.payload)
            if record.kind == RecordKind.VIDEO or (audio and record.kind == RecordKind.AUDIO):
                items.append(self._packet(record))
                count += 1
                if record.kind == RecordKind.VIDEO:
                    self.last_end_us = record.timestamp_us + record.duration_us
                if count >= limit:
                    break
            elif record.kind != RecordKind.AUDIO:
                self._control(record, items)
        return count

    def _next_keyframe(
        self, segment: KnownSegment, reader: SegmentReader, items: list[Item]
    ) -> int:
        offset = self._offset or reader.data_offset
        for timestamp_us, at in self._keyframes(segment, reader):
            if at >= offset:
                for end_offset, record in self._records(segment, reader, at):
                    items.append(self._packet(record))
                    self.last_end_us = timestamp_us + record.duration_us
                    self._offset = end_offset + RECORD_HEADER_BYTES + len(record.payload)
                    return 1
                break
        return 0

    # -- backward ---------------------------------------------------------------------

    def seek_backward(self, t_us: int, *, keyframes_only: bool = False) -> ReadResult:
        """Position for reverse play from ``t_us``: returns the first GOP, from the
        keyframe at or before ``t_us`` up to the frame shown at ``t_us`` (only the
        keyframe with ``keyframes_only``). In a gap, the last GOP before it."""
        self.last_end_us, self.first_start_us = None, t_us
        self.unreadable = None
        self._skipped.clear()
        items: list[Item] = []
        chosen = None
        for i, segment in enumerate(self._segments):
            if segment.span.start_us <= t_us:
                chosen = i
        if chosen is None:
            self._at = None
            return ReadResult(items, ReadState.NEED_SEGMENTS)
        segment = self._segments[chosen]
        self._at, self._offset = segment.span.id, None
        end = segment.span.end_us
        if end is not None and t_us - end > GAP_MIN_US:
            items.append(GapItem(end, t_us))
            self.first_start_us = end
        try:
            result = self._gop_before(segment, t_us, keyframes_only)
        except UnreadableSegment as error:
            result = ReadResult([], ReadState.MORE)
            self._skip_unreadable(segment, error, result.items, forward=False)
        result.items[:0] = items
        return result

    def read_backward(self, *, keyframes_only: bool = False) -> ReadResult:
        """The GOP before the position (only its keyframe with ``keyframes_only``)."""
        while True:
            i = self._index()
            if i is None:
                i = self._resume_backward()
            if i is None:
                return ReadResult([], ReadState.NEED_SEGMENTS)
            try:
                result = self._gop_before(self._segments[i], None, keyframes_only)
            except UnreadableSegment as error:
                result = ReadResult([], ReadState.MORE)
                self._skip_unreadable(self._segments[i], error, result.items, forward=False)
            if result.items:
                return result
            if i == 0:
                return ReadResult([], ReadState.NEED_SEGMENTS)
            previous = self._segments[i - 1]
            items: list[Item] = []
            start, end = self.first_start_us, previous.span.end_us
            if start is not None and end is not None and start - end > GAP_MIN_US:
                items.append(GapItem(end, start))
            self._at, self._offset = previous.span.id, None
            if items:
                self.first_start_us = previous.span.end_us
                return ReadResult(items, ReadState.MORE)

    def _gop_before(
        self, segment: KnownSegment, t_us: int | None, keyframes_only: bool
    ) -> ReadResult:
        """The GOP ending at the position's boundary in ``segment`` (up to the frame at
        ``t_us`` when given); moves the boundary to its keyframe."""
        items: list[Item] = []
        reader = self._reader(segment)
        if reader is None:
            self._offset = 0
            return ReadResult(items, ReadState.MORE)
        keyframes = self._keyframes(segment, reader)
        boundary = self._offset
        if boundary is not None:
            keyframes = [k for k in keyframes if k[1] < boundary]
        if t_us is not None:
            keyframes = [k for k in keyframes if k[0] <= t_us]
        if not keyframes:
            self._offset = reader.data_offset
            return ReadResult(items, ReadState.MORE)
        timestamp_us, start = keyframes[-1]
        self._announce(reader, items)
        gop: list[Item] = []
        for _, record in self._records(segment, reader, start, boundary):
            if record.kind == RecordKind.VIDEO:
                if t_us is not None and record.timestamp_us > t_us:
                    break
                gop.append(self._packet(record))
                if keyframes_only:
                    break
        self._offset = start
        self.first_start_us = timestamp_us
        items += gop
        return ReadResult(items, ReadState.MORE)

    # -- stepping ---------------------------------------------------------------------

    def step_target(self, t_us: int, frames: int) -> int | None:
        """The timestamp of the video frame ``frames`` frames after (before, when
        negative) the one shown at ``t_us``, or the last one there is that way; None
        when there is none. Leaves the cursor to be positioned again (seek)."""
        if frames > 0:
            found: int | None = None
            self.seek_forward(t_us)
            left = frames
            while left > 0:
                result = self.read_forward(min(left, 250))
                times = [i.timestamp_us for i in result.items if isinstance(i, MediaPacket)]
                if times:
                    found = times[min(left, len(times)) - 1]
                    left -= len(times)
                if result.state is not ReadState.MORE:
                    break
            self._at = None
            return found
        result = self.seek_backward(t_us)
        times = [i.timestamp_us for i in result.items if isinstance(i, MediaPacket)]
        earlier: list[int] = []
        while len(times) + len(earlier) <= -frames and result.state is ReadState.MORE:
            result = self.read_backward()
            gop = [i.timestamp_us for i in result.items if isinstance(i, MediaPacket)]
            earlier = gop + earlier
            if not result.items:
                break
        self._at = None
        times = earlier + times
        if not times:
            return None
        return times[max(len(times) - 1 + frames, 0)]


def _unreadable(segment: KnownSegment, offset: int, error: OSError) -> UnreadableSegment:
    """Why a file cannot be read (EIO, EACCES…), kept on the segment: it names the
    time range the operator cannot see (a missing file is a gap)."""
    span = segment.span
    reason = error.strerror or str(error)
    segment.unreadable = UnreadableSegment(span.path, offset, reason, span.start_us, span.end_us)
    segment.unreadable_reason = reason
    return segment.unreadable
