"""Which recorded packets an export of [t0_us, t1_us) contains, read from segment files.

``RecordedRange`` walks a stream's segment files in time order and yields the
``MediaPacket``s to mux, stamped on the export's output timeline. Blocking file I/O.

Invariants:
- The first packet is a video keyframe: the last one at or before ``t0_us`` when the
  recording covers ``t0_us``, otherwise the first one after it. Audio and non-key
  video before it are dropped, so the file decodes from its first frame.
- Video packets at or after ``t1_us`` are not exported (nor anything after the
  first of them); audio at or after ``t1_us`` is skipped.
- Output timestamps are the recorded wall-clock times, so gaps stay gaps (nothing
  is invented). They never go backwards: when a discontinuity (or any backward
  step) would make video go back, everything later is shifted forward to follow on.
- A corrupt record is skipped up to the next readable video keyframe of its
  segment (from the keyframe index, else by scanning), with a note; a file that
  cannot be opened or read raises ``UnreadableSegment``.
- A change of video codec or picture size (codec-change record or a segment whose
  header differs) ends the export there, with a note: one file has one video
  format. An audio change stops the audio from there on, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from vedette_api.media.file_io import pread
from vedette_api.media.keyframe_index import decode_keyframe_index
from vedette_api.media.packet import CodecParameters, MediaPacket, PacketKind
from vedette_api.media.records import (
    MAX_PAYLOAD_BYTES,
    RECORD_HEADER_BYTES,
    CorruptRecord,
    Record,
    RecordKind,
    unpack_record_header,
)
from vedette_api.media.segment_header import CorruptSegment, decode_track_entry
from vedette_api.media.segment_reader import SegmentReader
from vedette_server.export.errors import UnreadableSegment

MAX_NOTES_PER_KIND = 10
_VIDEO, _AUDIO = PacketKind.VIDEO, PacketKind.AUDIO
_NEVER = -(1 << 62)  # before any instant
_SCAN_CHUNK_BYTES = 1 << 20
_DAY_US, _MINUTE_US = 86_400_000_000, 60_000_000
# A video keyframe record's kind and flags bytes, 4 bytes into its header.
_KEYFRAME_MARK = re.compile(re.escape(bytes([RecordKind.VIDEO, 0x01])))


class SegmentSource(NamedTuple):
    """One segment file as the catalog lists it.

    ``start_us`` is the catalog's start of the segment, the origin of the
    ``keyframe_index`` blob (None: read from the first record); ``end_us`` its end
    (None: still open), for the time range an unreadable file's error names.
    """

    path: Path
    keyframe_index: bytes | None
    start_us: int
    end_us: int | None = None


class Notes:
    """What an export wants its caller to know, at most ``MAX_NOTES_PER_KIND`` of a kind
    spelled out (a flapping camera must not produce a megabyte of notes)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._counts: dict[str, int] = {}

    def add(self, kind: str, text: str) -> None:
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= MAX_NOTES_PER_KIND:
            self.lines.append(text)

    def summary(self) -> tuple[str, ...]:
        extra = [
            f"… and {count - MAX_NOTES_PER_KIND} more {kind} notes"
            for kind, count in self._counts.items()
            if count > MAX_NOTES_PER_KIND
        ]
        return (*self.lines, *extra)


def same_video_format(a: CodecParameters, b: CodecParameters) -> bool:
    """Whether packets of ``b`` can continue a file started with ``a``'s parameters.

    New parameter sets with the same codec and size are fine: every keyframe
    carries its own in band.
    """
    return (a.codec, a.width, a.height) == (b.codec, b.width, b.height)


class RecordedRange:
    """The packets of ``segments`` to export for [t0_us, t1_us). Iterate ``packets()``
    once (blocking); ``video`` and ``audio`` are set when it yields its first packet."""

    def __init__(
        self, segments: Sequence[SegmentSource], t0_us: int, t1_us: int, notes: Notes
    ) -> None:
        self.segments = sorted(segments, key=lambda s: s.start_us)
        self.t0_us, self.t1_us = t0_us, t1_us
        self.notes = notes
        self.video: CodecParameters | None = None  # the file's video format
        self.audio: CodecParameters | None = None  # its audio; None: no audio track
        self.first_us: int | None = None  # wall-clock time of the first packet
        self.last_video_us: int | None = None  # wall-clock time of the last video frame
        self._segment_video: CodecParameters | None = None  # formats where we read now
        self._segment_audio: CodecParameters | None = None
        self._audio_on = False  # the audio being read matches the file's audio track
        self._shift_us = 0  # added to wall-clock times so that video never goes back
        self._first_out_us = _NEVER  # output time of the first packet
        self._last_out_us = _NEVER  # output time of the last video frame
        self._last_out_end_us = 0  # ... plus its duration
        self._at = 0  # offset of the record being read, for I/O error messages
        self._pending: list[MediaPacket] = []  # pre-roll: from the keyframe before t0
        self._started = False
        self._ended = False

    @property
    def media_end_us(self) -> int:
        """End of the last video frame on the output timeline (the first frame is at
        ``first_us`` there too)."""
        return self._last_out_end_us

    # -- the walk ---------------------------------------------------------------------

    def packets(self) -> Iterator[MediaPacket]:
        for source in self._sources_to_read():
            yield from self._segment_packets(source)
            if self._ended:
                return
            if not self._started:
                yield from self._start_if_pending_covers_t0()

    def _sources_to_read(self) -> list[SegmentSource]:
        """From the last segment starting at or before t0 to the last before t1."""
        first = 0
        for i, source in enumerate(self.segments):
            if source.start_us <= self.t0_us:
                first = i
        return [s for s in self.segments[first:] if s.start_us < self.t1_us]

    def _segment_packets(self, source: SegmentSource) -> Iterator[MediaPacket]:
        with _open(source) as reader:
            self._pending = []  # a pre-roll never continues into another file
            self._set_video(reader.header.video, f"in {source.path}")
            self._set_audio(reader.header.audio, f"in {source.path}")
            offset: int | None = None if self._ended else self._start_offset(source)
            while offset is not None:
                try:
                    yield from self._read(reader, source, offset)
                    offset = None
                except CorruptRecord as error:
                    offset = self._skip_corruption(reader, source, error)
                except OSError as error:
                    reason = error.strerror or str(error)
                    raise UnreadableSegment(
                        source.path, self._at, reason, source.start_us, source.end_us
                    ) from error

    def _read(
        self, reader: SegmentReader, source: SegmentSource, offset: int
    ) -> Iterator[MediaPacket]:
        """Records from ``offset`` (0: the first) until the segment or the export ends.

        The hot loop of an export: once started, a packet costs one comparison chain
        and one ``MediaPacket``, no generator of its own.
        """
        t1_us = self.t1_us
        for self._at, record in reader.records(offset or None):
            kind = record.kind
            if kind == RecordKind.VIDEO:
                if self._started:
                    if record.timestamp_us >= t1_us:
                        self._ended = True
                        return
                    out_us = self._stamp_video(record.timestamp_us, record.duration_us)
                    yield MediaPacket(
                        _VIDEO, out_us, record.duration_us, record.keyframe, record.payload
                    )
                    continue
            elif kind == RecordKind.AUDIO:
                if self._started:
                    out_us = record.timestamp_us + self._shift_us
                    if (
                        self._audio_on
                        and record.timestamp_us < t1_us
                        and out_us >= self._first_out_us
                    ):
                        yield MediaPacket(_AUDIO, out_us, record.duration_us, True, record.payload)
                    continue
            else:
                self._control(source, record)
                if self._ended:
                    return
                continue
            yield from self._before_start(record)
            if self._ended:
                return

    def _start_offset(self, source: SegmentSource) -> int:
        """The indexed keyframe at or before t0 (before the export starts), else 0: the
        first record."""
        if self._started or source.keyframe_index is None or source.start_us >= self.t0_us:
            return 0
        try:
            index = decode_keyframe_index(source.keyframe_index, source.start_us)
        except ValueError as error:
            self.notes.add("index", f"{source.path}: keyframe index ignored ({error})")
            return 0
        before = [offset for timestamp_us, offset in index if timestamp_us <= self.t0_us]
        return before[-1] if before else 0

    def _control(self, source: SegmentSource, record: Record) -> None:
        where = f"at {record.timestamp_us} µs in {source.path}"
        if record.kind == RecordKind.CODEC_CHANGE:
            try:
                params = decode_track_entry(record.payload)
            except ValueError as error:
                self.notes.add("codec", f"unreadable codec change {where} ignored ({error})")
                return
            if record.flags == 0:
                self._set_video(params, where)
            else:
                self._set_audio(params, where)
        elif record.kind == RecordKind.DISCONTINUITY:
            reason = record.payload.decode(errors="replace")
            self.notes.add("discontinuity", f"discontinuity {where}: {reason}")

    # -- media packets ----------------------------------------------------------------

    def _before_start(self, record: Record) -> Iterator[MediaPacket]:
        """Collect the pre-roll (from the last keyframe at or before t0) and start the
        export with it at the first packet at or after t0."""
        video = record.kind == RecordKind.VIDEO
        if record.timestamp_us >= self.t1_us:
            self._ended = video
            return
        packet = MediaPacket(
            PacketKind(record.kind),
            record.timestamp_us,
            record.duration_us,
            record.keyframe,
            record.payload,
        )
        if video and packet.keyframe and (packet.timestamp_us <= self.t0_us or not self._pending):
            self._pending = [packet]
        elif self._pending:
            self._pending.append(packet)
        if self._pending and packet.timestamp_us >= self.t0_us:
            yield from self._start()

    def _start_if_pending_covers_t0(self) -> Iterator[MediaPacket]:
        """At the end of a segment: a pre-roll whose last frame lasts past t0 is kept."""
        if self._pending:
            last = self._pending[-1]
            if last.timestamp_us + last.duration_us > self.t0_us:
                yield from self._start()
        self._pending = []

    def _start(self) -> Iterator[MediaPacket]:
        self._started = True
        self.video, self.audio = self._segment_video, self._segment_audio
        self._audio_on = self.audio is not None
        pending, self._pending = self._pending, []
        self.first_us = self._first_out_us = pending[0].timestamp_us
        for packet in pending:
            if packet.kind is _VIDEO:
                out_us = self._stamp_video(packet.timestamp_us, packet.duration_us)
            elif self._audio_on and packet.timestamp_us >= self.first_us:
                out_us = packet.timestamp_us
            else:
                continue
            yield MediaPacket(packet.kind, out_us, packet.duration_us, packet.keyframe, packet.data)

    def _stamp_video(self, timestamp_us: int, duration_us: int) -> int:
        """The output time of a video frame recorded at ``timestamp_us``: the recorded
        time, shifted forward when it would not come after the previous frame."""
        out_us = timestamp_us + self._shift_us
        if out_us <= self._last_out_us:
            shift_us = self._last_out_end_us - timestamp_us
            self.notes.add(
                "timeline",
                f"time goes back {self._last_out_us - out_us} µs at {timestamp_us} µs; "
                f"later packets shifted {shift_us - self._shift_us:+d} µs to follow on",
            )
            self._shift_us = shift_us
            out_us = timestamp_us + shift_us
        self._last_out_us = out_us
        self._last_out_end_us = out_us + (duration_us or 1)
        self.last_video_us = timestamp_us
        return out_us

    # -- formats ----------------------------------------------------------------------

    def _set_video(self, params: CodecParameters, where: str) -> None:
        if not self._started:
            if self._segment_video is not None and not same_video_format(
                self._segment_video, params
            ):
                self._pending = []  # frames of another format cannot lead into these
            self._segment_video = params
        elif self.video is not None and not same_video_format(self.video, params):
            self._ended = True
            self.notes.add(
                "end",
                f"export ends early: video changes to {_describe(params)} {where}; "
                "export the rest separately",
            )

    def _set_audio(self, params: CodecParameters | None, where: str) -> None:
        if not self._started:
            self._segment_audio = params
            return
        was_on = self._audio_on
        self._audio_on = self.audio is not None and params == self.audio
        if was_on and not self._audio_on and params is not None:
            self.notes.add("audio", f"audio changes to {params.codec.value} {where}; left out")
        elif not was_on and params is not None and self.audio is None:
            self.notes.add("audio", f"audio starts {where}; the file has no audio track")

    # -- corruption -------------------------------------------------------------------

    def _skip_corruption(
        self, reader: SegmentReader, source: SegmentSource, error: CorruptRecord
    ) -> int | None:
        resume = _next_keyframe_offset(reader, source, error.offset)
        what = f"{source.path}: bad record at offset {error.offset} ({error.reason})"
        if resume is None:
            self.notes.add("corrupt", f"{what}; rest of the segment skipped")
        else:
            skipped = resume - error.offset
            self.notes.add("corrupt", f"{what}; skipped {skipped} bytes to the next keyframe")
        return resume


def _describe(params: CodecParameters) -> str:
    return f"{params.codec.value} {params.width}x{params.height}"


def _open(source: SegmentSource) -> SegmentReader:
    path, span = source.path, (source.start_us, source.end_us)
    try:
        return SegmentReader.open(path)
    except CorruptSegment as error:
        raise UnreadableSegment(path, 0, error.reason, *span) from error
    except OSError as error:
        raise UnreadableSegment(path, 0, error.strerror or str(error), *span) from error


def _next_keyframe_offset(reader: SegmentReader, source: SegmentSource, bad: int) -> int | None:
    """Offset of the first readable video keyframe record after ``bad``, or None."""
    if source.keyframe_index is not None:
        try:
            index = decode_keyframe_index(source.keyframe_index, source.start_us)
        except ValueError:
            index = []
        for _, offset in index:
            if offset > bad and _is_keyframe_record(reader, offset):
                return offset
    return _scan_for_keyframe(reader, bad + 1)


def _is_keyframe_record(reader: SegmentReader, offset: int) -> bool:
    try:
        for _, record in reader.records(offset):
            return record.kind == RecordKind.VIDEO and record.keyframe
    except (CorruptRecord, OSError):
        return False
    return False


def _scan_for_keyframe(reader: SegmentReader, start: int) -> int | None:
    """Search the bytes from ``start`` for the header of a video keyframe record whose
    CRC checks (the index may be missing or partial). Headers must look plausible
    before a payload is read: a length that fits, a time within a day of the
    segment's start, a duration under a minute."""
    origin_us = reader.header.start_us
    with open(reader.path, "rb", buffering=0) as file:
        position = start
        while True:
            chunk = pread(file.fileno(), _SCAN_CHUNK_BYTES + RECORD_HEADER_BYTES, position)
            if len(chunk) < RECORD_HEADER_BYTES:
                return None
            for match in _KEYFRAME_MARK.finditer(chunk, 4, _SCAN_CHUNK_BYTES + 4):
                local = match.start() - 4
                header = unpack_record_header(chunk, local)
                if (
                    header.payload_length <= MAX_PAYLOAD_BYTES
                    and abs(header.timestamp_us - origin_us) < _DAY_US
                    and header.duration_us < _MINUTE_US
                    and _is_keyframe_record(reader, position + local)
                ):
                    return position + local
            position += _SCAN_CHUNK_BYTES
