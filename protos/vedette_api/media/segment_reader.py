"""Reading segment files: playback reads, crash-recovery scans, fsck, native exports.

Everything here is blocking file I/O: the server calls it from an executor, the
console from a decoder thread. Nothing here writes; recovery's cut of a torn file
(``truncate_segment``) is the server's, in ``vedette_server.storage.segment_file``.

Invariants:
- A record is returned only after its CRC matched; ``SegmentReader`` raises
  ``CorruptRecord`` (path, offset, reason) at the first one that does not.
- ``scan_segment`` never raises for the content of a file, whatever its bytes: it
  stops at the first bad or torn record and reports ``valid_size_bytes``, the end
  of the last whole record, which is where recovery cuts the file. Only I/O errors
  (a missing file, EIO) raise.
- Reads use ``pread`` (``file_io``) at explicit offsets, so iterators on one reader do not
  disturb each other and a file still being appended to can be read up to a known
  size (``until_offset``).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from vedette_api.media.file_io import READ_FLAGS, pread
from vedette_api.media.keyframe_index import (
    SegmentStats,
    SegmentSummary,
    keyframe_index_blob,
)
from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_api.media.records import (
    MAX_PAYLOAD_BYTES,
    RECORD_HEADER_BYTES,
    CorruptRecord,
    Record,
    RecordKind,
    crc_mismatch_reason,
    record_crc,
    record_header_problem,
    unpack_record_header,
)
from vedette_api.media.segment_header import CorruptSegment, SegmentHeader, read_header

_CHUNK_BYTES = 1 << 20


def iter_file_records(
    fd: int, path: Path, start: int, until_offset: int | None = None
) -> Iterator[tuple[int, Record]]:
    """``(offset, record)`` from ``start`` to EOF (or ``until_offset``), each CRC
    checked; raises CorruptRecord at the first bad or incomplete record."""
    buffer = b""
    position = 0  # in buffer
    buffer_offset = start  # file offset of buffer[0]
    eof = False

    def fill(needed: int) -> bool:
        """Make ``needed`` bytes available at ``position``; False at EOF."""
        nonlocal buffer, position, buffer_offset, eof
        while len(buffer) - position < needed and not eof:
            read_at = buffer_offset + len(buffer)
            size = max(_CHUNK_BYTES, needed - (len(buffer) - position))
            if until_offset is not None:
                size = min(size, until_offset - read_at)
            chunk = pread(fd, size, read_at) if size > 0 else b""
            eof = not chunk
            buffer_offset += position
            buffer = buffer[position:] + chunk
            position = 0
        return len(buffer) - position >= needed

    while True:
        if not fill(RECORD_HEADER_BYTES):
            left = len(buffer) - position
            if left:
                offset = buffer_offset + position
                raise CorruptRecord(
                    path, offset, f"torn record header: {left} of {RECORD_HEADER_BYTES} bytes"
                )
            return
        offset = buffer_offset + position
        header = unpack_record_header(buffer, position)
        problem = record_header_problem(header, MAX_PAYLOAD_BYTES)
        if problem is not None:
            raise CorruptRecord(path, offset, problem)
        if not fill(RECORD_HEADER_BYTES + header.payload_length):
            have = len(buffer) - position - RECORD_HEADER_BYTES
            reason = f"torn record: {have} of {header.payload_length} payload bytes"
            raise CorruptRecord(path, offset, reason)
        start_payload = position + RECORD_HEADER_BYTES
        payload = buffer[start_payload : start_payload + header.payload_length]
        computed = record_crc(buffer, position, payload)
        if computed != header.crc:
            raise CorruptRecord(path, offset, crc_mismatch_reason(header.crc, computed))
        position = start_payload + header.payload_length
        yield (
            offset,
            Record(header.kind, header.flags, header.timestamp_us, header.duration_us, payload),
        )


class SegmentReader:
    """An open segment file (blocking reads). Use ``open``; close when done."""

    def __init__(self, *, path: Path, fd: int, header: SegmentHeader, data_offset: int) -> None:
        self._path, self._fd, self._header, self._data_offset = path, fd, header, data_offset

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> SegmentReader:
        """Open and check the header (CorruptSegment with the reason when bad)."""
        path = Path(path)
        fd = os.open(path, READ_FLAGS)
        try:
            header, length = read_header(fd, path)
        except BaseException:
            os.close(fd)
            raise
        return cls(path=path, fd=fd, header=header, data_offset=length)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def header(self) -> SegmentHeader:
        return self._header

    @property
    def data_offset(self) -> int:
        """Offset of the first record (the header's length)."""
        return self._data_offset

    def records(
        self, from_offset: int | None = None, *, until_offset: int | None = None
    ) -> Iterator[tuple[int, Record]]:
        """``(offset, record)`` from ``from_offset`` (a record boundary; default the
        first record) to EOF or ``until_offset``; CorruptRecord at a bad record."""
        start = self._data_offset if from_offset is None else from_offset
        if start < self._data_offset:
            raise ValueError(f"from_offset: {start} is inside the header")
        return iter_file_records(self._fd, self._path, start, until_offset)

    def packets_between(
        self,
        t0_us: int,
        t1_us: int,
        keyframe_index: Sequence[tuple[int, int]] | None = None,
        *,
        until_offset: int | None = None,
    ) -> Iterator[MediaPacket]:
        """Video and audio packets from the last keyframe at or before ``t0_us``
        (the first record when there is none) up to ``t1_us``, in file order.

        It ends at the first video packet at or after ``t1_us``; audio packets at
        or after ``t1_us`` are skipped. ``keyframe_index`` (sorted ``(timestamp_us,
        offset)`` pairs, as in the catalog) lets it seek instead of reading from
        the start; the result is the same with or without it.
        """
        if t1_us < t0_us:
            raise ValueError(f"t1_us: {t1_us} is before t0_us {t0_us}")
        start = self._data_offset
        if keyframe_index:
            times = [timestamp_us for timestamp_us, _ in keyframe_index]
            at = bisect.bisect_right(times, t0_us) - 1
            if at >= 0:
                start = keyframe_index[at][1]
        # Packets up to t0 are held back until we know no later keyframe ≤ t0 follows.
        pending: list[MediaPacket] = []
        started = False
        for _, record in self.records(start, until_offset=until_offset):
            if record.kind not in (RecordKind.VIDEO, RecordKind.AUDIO):
                continue
            video = record.kind == RecordKind.VIDEO
            if record.timestamp_us >= t1_us:
                if video:
                    break
                continue
            packet = MediaPacket(
                PacketKind(record.kind),
                record.timestamp_us,
                record.duration_us,
                record.keyframe,
                record.payload,
            )
            if started:
                yield packet
            elif record.timestamp_us > t0_us:
                started = True
                yield from pending
                yield packet
            elif video and record.keyframe:
                pending = [packet]
            else:
                pending.append(packet)
        if not started:
            yield from pending

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> SegmentReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True)
class SegmentScan:
    """What a sequential check of a segment file found (``scan_segment``)."""

    header: SegmentHeader | None  # None: the header itself is bad (see error)
    valid_size_bytes: int  # end of the last whole record; 0 when the header is bad
    file_size_bytes: int
    frames: int
    start_us: int | None  # None only when the header is bad
    end_us: int | None
    keyframe_index: list[tuple[int, int]] = field(repr=False)
    error: str | None  # why the scan stopped before EOF, or None

    @property
    def clean(self) -> bool:
        """Header and every record good, nothing after the last record."""
        return self.error is None and self.valid_size_bytes == self.file_size_bytes

    def summary(self) -> SegmentSummary:
        """The catalog figures of the valid part (what recovery completes a row
        with); ValueError when the header is bad."""
        if self.header is None or self.start_us is None or self.end_us is None:
            raise ValueError(f"no summary for a segment without a valid header: {self.error}")
        blob = keyframe_index_blob(self.keyframe_index, self.start_us)
        return SegmentSummary(self.start_us, self.end_us, self.valid_size_bytes, self.frames, blob)


def scan_segment(path: str | os.PathLike[str]) -> SegmentScan:
    """Read a segment sequentially, checking every CRC (blocking). Never raises for
    bad content; raises OSError for I/O errors (a missing file, EIO)."""
    path = Path(path)
    fd = os.open(path, READ_FLAGS)
    try:
        file_size = os.fstat(fd).st_size
        try:
            header, length = read_header(fd, path)
        except CorruptSegment as e:
            return SegmentScan(None, 0, file_size, 0, None, None, [], e.reason)
        stats = SegmentStats(header.start_us)
        valid, error = length, None
        try:
            for offset, record in iter_file_records(fd, path, length, file_size):
                stats.add(
                    offset, record.kind, record.flags, record.timestamp_us, record.duration_us
                )
                valid = offset + RECORD_HEADER_BYTES + len(record.payload)
        except CorruptRecord as e:
            error = f"offset {e.offset}: {e.reason}"
    finally:
        os.close(fd)
    return SegmentScan(
        header, valid, file_size, stats.frames, stats.start_us, stats.end_us, stats.keyframes, error
    )
