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
    bad header, I/O error). Corrupt *records* are not this: they are skipped."""

    def __init__(self, path: Path, offset: int, reason: str) -> None:
        ExportError.__init__(self, f"{path}: unreadable at offset {offset}: {reason}")
        self.path, self.offset = path, offset


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
