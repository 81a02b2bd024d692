"""Why an export could not be made: exceptions that carry the facts.

Each class also derives from the domain error whose gRPC status fits it, so
``vedette_server.api.status`` maps them without knowing about export:
``NothingRecorded`` → NOT_FOUND, ``InvalidExportRequest`` → INVALID_ARGUMENT,
``UnsupportedCodec`` → FAILED_PRECONDITION. ``UnreadableSegment`` and
``ExportCancelled`` are plain ``ExportError``s.
"""

from __future__ import annotations

from pathlib import Path

from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound, VedetteError
from vedette_server.recording.locks import iso_utc


class ExportError(VedetteError):
    """An export failed; ``reason`` says why in words an operator can act on."""

    error_reason = "EXPORT_FAILED"

    def __init__(self, reason: str) -> None:
        # Not super(): the mixed-in domain errors' __init__ take other arguments.
        Exception.__init__(self, reason)
        self.reason = reason


class InvalidExportRequest(ExportError, InvalidArgument):
    """A bad argument: ``field`` names it (``t1_us``, ``fmt``, ``out``…)."""

    def __init__(self, field: str, reason: str) -> None:
        ExportError.__init__(self, f"{field}: {reason}")
        self.field = field


class NothingRecorded(ExportError, NotFound):
    """No video frame was recorded in [t0_us, t1_us) (or none could be read)."""

    error_reason = "NOTHING_RECORDED"
    fact_names = ("t0_us", "t1_us")

    def __init__(self, t0_us: int, t1_us: int, detail: str = "") -> None:
        suffix = f" ({detail})" if detail else ""
        ExportError.__init__(self, f"nothing recorded between {t0_us} and {t1_us} µs{suffix}")
        self.t0_us, self.t1_us = t0_us, t1_us
        self.kind, self.key = "recording", (t0_us, t1_us)


class UnreadableSegment(ExportError):
    """A segment file that the catalog lists cannot be opened or read at all (missing,
    bad header, I/O error). Corrupt *records* are not this: they are skipped.

    ``start_us``..``end_us`` (None: still open), when known, is the recording the file
    holds: the message names that time range first, because the operator (export or
    playback, which raises it too) must learn which video is lost, not only where."""

    error_reason = "RECORDING_UNREADABLE"
    fact_names = ("start_us", "end_us")

    def __init__(
        self,
        path: Path,
        offset: int,
        reason: str,
        start_us: int | None = None,
        end_us: int | None = None,
    ) -> None:
        where = f"{path}: unreadable at offset {offset}: {reason}"
        if start_us is not None:
            until = iso_utc(end_us) if end_us is not None else "now"
            where = f"the recording from {iso_utc(start_us)} to {until} cannot be read ({where})"
        ExportError.__init__(self, where)
        self.path, self.offset = path, offset
        self.start_us, self.end_us = start_us, end_us


class UnsupportedCodec(ExportError, FailedPrecondition):
    """The chosen container cannot hold the recording's video codec (H.265 in AVI)."""

    error_reason = "UNSUPPORTED_CODEC"
    fact_names = ("fmt", "codec")

    def __init__(self, fmt: str, codec: str) -> None:
        ExportError.__init__(self, f"{fmt} cannot hold {codec} video; export as mp4 or mkv")
        self.fmt, self.codec = fmt, codec


class ExportCancelled(ExportError):
    """``cancel`` was set; a file output was removed, a stream output is incomplete."""

    def __init__(self, position_us: int | None) -> None:
        where = f" at {position_us} µs" if position_us is not None else ""
        ExportError.__init__(self, f"export cancelled{where}")
        self.position_us = position_us
