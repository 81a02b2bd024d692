"""Export: a stream's recording of [t0_us, t1_us) as one MP4, Matroska or AVI file.

``export_recording`` is the whole job: it reads the segment files
(``recorded_range``), muxes their packets unchanged (``container_writer``) and puts
the file where the caller wants it. It blocks for the whole export; the server runs
it in an executor.

Invariants:
- Nothing is transcoded unless privacy masks or a watermark must be burnt in: the
  file holds the camera's packets byte for byte (MP4 and Matroska store them
  length-prefixed instead of Annex B). With a ``BurnIn``, the remuxed file is written
  to a scratch folder beside the output and re-encoded into the output
  (``reencode``), its progress reported by the time of each frame encoded.
- A path output appears complete or not at all: the file is written under a
  temporary name in the same directory and renamed at the end. A stream output
  (``BinaryIO``) is written in place when seekable, else through a temporary file,
  because MP4's ``moov`` and AVI's index are patched in at the end; after an error
  it holds a partial file that the caller must discard.
- ``ExportResult`` and ``ExportProgress`` use wall-clock µs for instants and
  ``*_us`` durations; notes explain every packet that was not exported as recorded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from vedette_server.export.container_writer import (
    FORMATS,
    ContainerWriter,
    ExportFormat,
    MuxTarget,
)
from vedette_server.export.errors import ExportCancelled, InvalidExportRequest, NothingRecorded
from vedette_server.export.recorded_range import Notes, RecordedRange, SegmentSource
from vedette_server.export.reencode import BurnIn, reencode

PROGRESS_INTERVAL_S = 0.25
_COPY_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class ExportProgress:
    """How far an export has got (reported every ``PROGRESS_INTERVAL_S`` and at the end)."""

    bytes_written: int  # bytes of the output so far (buffered bytes may lag behind)
    media_us: int  # recording time covered: from the first frame to the last written
    position_us: int  # wall-clock time of the last frame written
    percent: float  # 0..100, of the time from the first frame to t1_us


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was exported. ``first_us``/``last_us`` are the wall-clock times of the first
    and last video frames; ``duration_us`` is the file's video duration (the last
    frame's end on the file's timeline)."""

    frames: int
    duration_us: int
    size_bytes: int
    first_us: int
    last_us: int
    notes: tuple[str, ...]
    audio_packets: int = 0


def export_recording(
    segments: Sequence[SegmentSource],
    t0_us: int,
    t1_us: int,
    fmt: ExportFormat,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    burn_in: BurnIn | None = None,
) -> ExportResult:
    """Remux the recording of [t0_us, t1_us) from ``segments`` (one camera stream, any
    order) into ``out`` as ``fmt``, re-encoded with ``burn_in`` drawn when it asks for
    anything. Blocking.

    The file starts at the last keyframe at or before ``t0_us`` (the first after it
    when the recording starts later) and ends before ``t1_us``. Raises
    ``InvalidExportRequest``, ``NothingRecorded``, ``UnreadableSegment``,
    ``UnsupportedCodec`` or ``ExportCancelled``; corrupt records, codec changes and
    left-out audio are reported in ``ExportResult.notes`` instead.
    """
    if t1_us <= t0_us:
        raise InvalidExportRequest("t1_us", f"{t1_us} is not after t0_us {t0_us}")
    if fmt not in FORMATS:
        raise InvalidExportRequest("fmt", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    notes = Notes()
    recorded = RecordedRange(segments, t0_us, t1_us, notes)
    with _output(out) as output:
        if burn_in:
            frames, audio = _burn(recorded, fmt, output, progress, cancel, notes, burn_in)
        else:
            writer = _mux(recorded, fmt, output, progress, cancel, notes)
            frames, audio = writer.frames, writer.audio_packets
        output.finish()
    assert recorded.first_us is not None and recorded.last_video_us is not None
    return ExportResult(
        frames=frames,
        duration_us=recorded.media_end_us - recorded.first_us,
        size_bytes=output.size_bytes(),
        first_us=recorded.first_us,
        last_us=recorded.last_video_us,
        notes=notes.summary(),
        audio_packets=audio,
    )


def _mux(
    recorded: RecordedRange,
    fmt: ExportFormat,
    output: _Output,
    progress: Callable[[ExportProgress], None] | None,
    cancel: threading.Event | None,
    notes: Notes,
) -> ContainerWriter:
    writer: ContainerWriter | None = None
    report = _Reporter(progress, output, recorded)
    try:
        for packet in recorded.packets():
            if cancel is not None and cancel.is_set():
                raise ExportCancelled(recorded.last_video_us)
            if writer is None:
                assert recorded.video is not None
                mux_notes: list[str] = []
                writer = ContainerWriter.open(
                    output.target, fmt, recorded.video, recorded.audio, packet, mux_notes
                )
                for line in mux_notes:
                    notes.add("mux", line)
            writer.write(packet)
            report.maybe()
        if writer is None:
            raise NothingRecorded(recorded.t0_us, recorded.t1_us, _notes_detail(notes))
        writer.close()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    report.now(final=True)
    return writer


def _burn(
    recorded: RecordedRange,
    fmt: ExportFormat,
    output: _Output,
    progress: Callable[[ExportProgress], None] | None,
    cancel: threading.Event | None,
    notes: Notes,
    burn_in: BurnIn,
) -> tuple[int, int]:
    """Remux into a scratch file, then re-encode it into ``output`` with ``burn_in``;
    returns the frames and audio packets written."""
    where = Path(output.target).parent if isinstance(output.target, str) else None
    with tempfile.TemporaryDirectory(prefix=".vedette-burn-", dir=where) as scratch:
        plain = str(Path(scratch) / f"remuxed.{fmt}")
        remuxed = _mux(recorded, fmt, _Output(plain, lambda: None, lambda: 0), None, cancel, notes)
        report = _Reporter(progress, output, recorded)
        first_us = recorded.first_us or 0

        def on_frame(seconds: float) -> None:
            report.maybe(first_us + round(seconds * 1_000_000))

        frames = reencode(plain, output.target, fmt, burn_in, on_frame=on_frame, cancel=cancel)
    report.now(final=True)
    return frames, remuxed.audio_packets


def _notes_detail(notes: Notes) -> str:
    return "; ".join(notes.summary())


class _Reporter:
    """Calls ``progress`` at most every ``PROGRESS_INTERVAL_S`` (and once at the end)."""

    def __init__(
        self,
        progress: Callable[[ExportProgress], None] | None,
        output: _Output,
        recorded: RecordedRange,
    ) -> None:
        self._progress, self._output, self._recorded = progress, output, recorded
        self._next = time.monotonic() + PROGRESS_INTERVAL_S

    def maybe(self, position_us: int | None = None) -> None:
        if self._progress is not None and time.monotonic() >= self._next:
            self.now(position_us=position_us)
            self._next = time.monotonic() + PROGRESS_INTERVAL_S

    def now(self, *, final: bool = False, position_us: int | None = None) -> None:
        """Report; ``position_us``: where a re-encoding pass is (default: the last
        frame read)."""
        recorded = self._recorded
        if self._progress is None or recorded.first_us is None:
            return
        media_us = recorded.media_end_us - recorded.first_us
        if position_us is None:
            position_us = recorded.last_video_us or recorded.first_us
        else:
            media_us = min(media_us, position_us - recorded.first_us)
        span_us = max(1, recorded.t1_us - recorded.first_us)
        percent = min(100.0, max(0.0, 100.0 * (position_us - recorded.first_us) / span_us))
        if final:
            percent = 100.0
        self._progress(ExportProgress(self._output.size_bytes(), media_us, position_us, percent))


# -- where the bytes go ------------------------------------------------------------------


@dataclass(frozen=True)
class _Output:
    """The muxer's target, how it becomes the caller's output, and its size so far."""

    target: MuxTarget
    finish: Callable[[], None]
    size_bytes: Callable[[], int]


@contextlib.contextmanager
def _output(out: str | os.PathLike[str] | BinaryIO) -> Iterator[_Output]:
    if isinstance(out, (str, os.PathLike)):
        with _path_output(Path(out)) as output:
            yield output
    elif _seekable(out):
        writer = _PositionedWriter(out)
        yield _Output(writer, out.flush, lambda: writer.high_water)
    else:
        with tempfile.TemporaryFile(prefix="vedette-export-") as spool:
            writer = _PositionedWriter(spool)
            yield _Output(writer, lambda: _copy(spool, out), lambda: writer.high_water)


@contextlib.contextmanager
def _path_output(path: Path) -> Iterator[_Output]:
    if not path.parent.is_dir():
        raise InvalidExportRequest("out", f"directory {path.parent} does not exist")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")

    def size_bytes() -> int:
        return _file_size(partial) or _file_size(path)

    try:
        yield _Output(str(partial), lambda: os.replace(partial, path), size_bytes)
    finally:
        partial.unlink(missing_ok=True)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _seekable(out: BinaryIO) -> bool:
    try:
        return bool(out.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _copy(spool: IO[bytes], out: BinaryIO) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out, _COPY_CHUNK_BYTES)
    out.flush()


class _PositionedWriter:
    """A seekable binary file seen from where it stood when the export began (the
    muxer seeks to absolute offsets); counts the bytes written."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._base = file.tell()
        self.high_water = 0

    def write(self, data: bytes) -> int:
        written = self._file.write(data)
        self.high_water = max(self.high_water, self._file.tell() - self._base)
        return written

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            offset += self._base
        return self._file.seek(offset, whence) - self._base

    def tell(self) -> int:
        return self._file.tell() - self._base

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True
