"""Writing segment files: one camera stream's packets, appended as CRC'd records.

A segment file is a header (``vedette_api.media.segment_header``) followed by records
(``vedette_api.media.records``), back to back; docs/storage-format.md describes it
byte by byte. Reading is shared with the console (``vedette_api.media.segment_reader``);
writing, and cutting a torn file back for recovery (``truncate_segment``), are the
server's alone.

Invariants (the durability rules of ARCHITECTURE.md):
- ``SegmentWriter.create`` returns only once the file, its header and every
  directory it had to create are fsynced: after a power cut the file exists.
- Every record reaches the kernel in one write call at its final offset, with no
  buffering in user space: a killed process (kill -9) loses nothing appended.
- The file is fdatasync'ed when ``fsync_interval_s`` has passed since the last
  sync, or when the records written since span that much media time, and on
  close: a power cut loses at most that interval of recording. (Media time too: a
  camera replays its last GOP to a new session, so a new segment's first records
  cover more time than it took to write them; the power-cut test lost 2.5 s of a
  segment created 1.9 s before the cut.)
- The file only ever holds whole records up to ``size_bytes``: a failed write is
  cut back (ftruncate) to the last whole record. If even that fails, or an fsync
  fails (the kernel may have dropped the pages), the writer is broken: every later
  append raises, and its summary describes only what the last good fsync made
  durable (the file is cut back to that, if the disk still lets it), so the
  catalog never claims records a power cut would take (after a failed fsync the
  kernel may have dropped them already: Linux marks the pages clean).
- Files stay under 4 GiB, so every offset fits the keyframe index's u32.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from vedette_api.media.keyframe_index import SegmentStats, SegmentSummary
from vedette_api.media.packet import CodecParameters, MediaPacket
from vedette_api.media.records import (
    FIRST_IPC_KIND,
    FLAG_KEYFRAME,
    RecordKind,
    encode_record,
)
from vedette_api.media.segment_header import (
    SegmentHeader,
    encode_header,
    encode_track_entry,
)

MAX_SEGMENT_BYTES = 1 << 32


class SegmentWriteError(Exception):
    """The disk refused a write, sync or create (ENOSPC, EROFS, EIO, EEXIST…).

    What the file held before the failing call is still there and readable.
    """

    def __init__(self, path: Path, errno: int, reason: str) -> None:
        super().__init__(f"{path}: {reason} ({os.strerror(errno)})")
        self.path, self.errno, self.reason = path, errno, reason


def _write_all(fd: int, data: bytes, offset: int) -> None:
    """pwrite everything (a short write is followed by one that raises the cause)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_durable_directories(directory: Path) -> None:
    """``mkdir -p`` whose new entries survive a power cut (blocking): each created
    directory's parent is fsynced, and so is ``directory`` itself."""
    missing = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    os.makedirs(directory, exist_ok=True)
    for created in missing:
        _fsync_directory(created.parent)
    _fsync_directory(directory)


#: Seconds between fdatasyncs of a segment being written (wall or media time): with
#: the frames in flight, what a power cut may lose stays within 2 s (bench/powercut.py).
DEFAULT_FSYNC_INTERVAL_S = 1.5


class SegmentWriter:
    """Appends records to one new segment file. Blocking; use ``create``.

    Not thread-safe: one writer belongs to one ingest loop.
    """

    def __init__(
        self,
        *,
        path: Path,
        fd: int,
        header: SegmentHeader,
        size_bytes: int,
        fsync_interval_s: float,
        clock: Callable[[], float],
        on_sync: Callable[[float], None] | None = None,
    ) -> None:
        self._path, self._fd, self._header = path, fd, header
        self._on_sync = on_sync
        self._size_bytes = self._synced_size_bytes = size_bytes
        self._fsync_interval_s, self._clock = fsync_interval_s, clock
        self._last_sync = clock()
        # The timestamp of the first record written since the last sync (None: none).
        self._unsynced_from_us: int | None = None
        self._stats = SegmentStats(header.start_us)
        # The stats as of the last good sync: (frames, first_us, last_end_us, keyframes).
        self._synced_stats: tuple[int, int | None, int | None, int] = (0, None, None, 0)
        self._broken: SegmentWriteError | None = None
        self._summary: SegmentSummary | None = None

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        header: SegmentHeader,
        *,
        fsync_interval_s: float = DEFAULT_FSYNC_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
        on_sync: Callable[[float], None] | None = None,
    ) -> SegmentWriter:
        """Create the file (never overwriting one), write and fsync its header and
        its directory entries (blocking). ValueError for a header that does not
        fit the format; SegmentWriteError when the disk refuses (nothing is left
        behind then). ``on_sync`` is told how long each later fdatasync took
        (seconds; the metrics' segment write latency)."""
        path = Path(path)
        if fsync_interval_s < 0:
            raise ValueError(f"fsync_interval_s: {fsync_interval_s} is negative")
        header_bytes = encode_header(header)
        try:
            make_durable_directories(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise SegmentWriteError(path, e.errno or errno.EIO, "cannot create segment") from e
        try:
            _write_all(fd, header_bytes, 0)
            os.fsync(fd)
            _fsync_directory(path.parent)
        except OSError as e:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise SegmentWriteError(path, e.errno or errno.EIO, "cannot write header") from e
        return cls(
            path=path,
            fd=fd,
            header=header,
            size_bytes=len(header_bytes),
            fsync_interval_s=fsync_interval_s,
            clock=clock,
            on_sync=on_sync,
        )

    # -- figures ------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def header(self) -> SegmentHeader:
        return self._header

    @property
    def size_bytes(self) -> int:
        """Bytes of whole records (and header) handed to the kernel."""
        return self._size_bytes

    @property
    def synced_size_bytes(self) -> int:
        """Bytes known to be on the disk (fsynced)."""
        return self._synced_size_bytes

    @property
    def frames(self) -> int:
        return self._stats.frames

    @property
    def start_us(self) -> int:
        return self._stats.start_us

    @property
    def end_us(self) -> int:
        return self._stats.end_us

    @property
    def keyframe_index(self) -> list[tuple[int, int]]:
        """``(timestamp_us, offset)`` of every video keyframe record so far."""
        return list(self._stats.keyframes)

    @property
    def closed(self) -> bool:
        return self._summary is not None

    # -- appending ----------------------------------------------------------------

    def append_packet(self, packet: MediaPacket) -> int:
        """Append a video or audio packet; returns its record's offset."""
        flags = FLAG_KEYFRAME if packet.keyframe else 0
        return self.append(
            RecordKind(packet.kind), flags, packet.timestamp_us, packet.duration_us, packet.data
        )

    def append_codec_change(
        self, track_index: int, params: CodecParameters, timestamp_us: int
    ) -> int:
        """Record new codec parameters for a track, used by its following packets."""
        tracks = self._header.tracks
        if not 0 <= track_index < len(tracks):
            raise ValueError(f"track_index: {track_index}, the segment has {len(tracks)} tracks")
        if params.codec.is_video != tracks[track_index].codec.is_video:
            raise ValueError(f"params: {params.codec.value} cannot replace track {track_index}")
        payload = encode_track_entry(params)
        return self.append(RecordKind.CODEC_CHANGE, track_index, timestamp_us, 0, payload)

    def append_discontinuity(self, timestamp_us: int, reason: str) -> int:
        """Mark that a new timeline starts at ``timestamp_us`` (why: ``reason``)."""
        payload = reason.encode()
        return self.append(RecordKind.DISCONTINUITY, 0, timestamp_us, 0, payload)

    def append(
        self, kind: int, flags: int, timestamp_us: int, duration_us: int, payload: bytes
    ) -> int:
        """Append one record with one write (blocking); returns its offset.

        ValueError for a field that does not fit; SegmentWriteError when the disk
        refuses, after which the file still ends at the previous record.
        """
        if self._summary is not None:
            raise ValueError(f"{self._path}: segment writer is closed")
        if self._broken is not None:
            raise self._broken
        if kind >= FIRST_IPC_KIND:
            raise ValueError(f"kind: {kind} is reserved for IPC messages")
        record = encode_record(kind, flags, timestamp_us, duration_us, payload)
        offset = self._size_bytes
        if offset + len(record) > MAX_SEGMENT_BYTES:
            raise SegmentWriteError(self._path, errno.EFBIG, "segment would pass 4 GiB")
        try:
            _write_all(self._fd, record, offset)
        except OSError as e:
            raise self._undo_torn_write(offset, e) from e
        self._size_bytes = offset + len(record)
        self._stats.add(offset, kind, flags, timestamp_us, duration_us)
        if self._unsynced_from_us is None:
            self._unsynced_from_us = timestamp_us
        media_s = (timestamp_us + duration_us - self._unsynced_from_us) / 1e6
        if max(self._clock() - self._last_sync, media_s) >= self._fsync_interval_s:
            self.sync()
        return offset

    def _undo_torn_write(self, offset: int, cause: OSError) -> SegmentWriteError:
        error = SegmentWriteError(self._path, cause.errno or errno.EIO, "cannot append record")
        try:
            os.ftruncate(self._fd, offset)
        except OSError:
            self._broken = error
        return error

    def sync(self) -> None:
        """fdatasync now (blocking); a failure breaks the writer (see module doc)."""
        if self._broken is not None:
            raise self._broken
        size = self._size_bytes
        started = time.perf_counter()
        try:
            os.fdatasync(self._fd)
        except OSError as e:
            self._broken = SegmentWriteError(self._path, e.errno or errno.EIO, "fsync failed")
            raise self._broken from e
        if self._on_sync is not None:
            self._on_sync(time.perf_counter() - started)
        self._synced_size_bytes = size
        stats = self._stats
        self._synced_stats = (stats.frames, stats.first_us, stats.last_end_us, len(stats.keyframes))
        self._last_sync = self._clock()
        self._unsynced_from_us = None

    def close(self) -> SegmentSummary:
        """fsync and close (blocking); returns the figures for the catalog. Closing
        again returns the same summary. The file descriptor is released even when
        the final fsync fails (SegmentWriteError). A broken writer closes without
        syncing and without raising again. The summary of a writer whose fsync
        failed (now or before) counts only what was
        durable at its last good fsync (the file cut back to that if it can be)."""
        if self._summary is not None:
            return self._summary
        self._summary = self._stats.summary(self._size_bytes)
        try:
            if self._broken is None:
                self.sync()
        except SegmentWriteError:
            self._summary = self._durable_summary()
            raise
        else:
            if self._broken is not None:
                self._summary = self._durable_summary()
        finally:
            os.close(self._fd)
        return self._summary

    def _durable_summary(self) -> SegmentSummary:
        """What the last good fsync made durable; cuts the file back to it (best
        effort: a failing disk may refuse, and recovery's scan judges the rest)."""
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, self._synced_size_bytes)
        frames, first_us, last_end_us, keyframes = self._synced_stats
        stats = SegmentStats(
            self._header.start_us, frames, first_us, last_end_us, self._stats.keyframes[:keyframes]
        )
        return stats.summary(self._synced_size_bytes)

    def __enter__(self) -> SegmentWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def truncate_segment(path: str | os.PathLike[str], size_bytes: int) -> None:
    """Cut a segment file to ``size_bytes`` and fsync it (blocking); recovery uses
    ``scan_segment(path).valid_size_bytes``. Never extends a file (ValueError)."""
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        current = os.fstat(fd).st_size
        if not 0 <= size_bytes <= current:
            raise ValueError(f"size_bytes: {size_bytes} is outside 0..{current} for {path}")
        os.ftruncate(fd, size_bytes)
        os.fsync(fd)
    finally:
        os.close(fd)
