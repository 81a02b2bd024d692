"""Export: recordings as standard files (MP4, Matroska, AVI), remuxed, never transcoded.

Import from here; the submodules are split along their seams:
- ``remux``: ``export_recording``, the whole job, and its result and progress types;
- ``recorded_range``: which recorded packets a time range exports, from segment files;
- ``container_writer``: muxing those packets with PyAV;
- ``errors``: why an export fails.
"""

from vedette_server.export.container_writer import FORMATS, MIME_TYPES, ExportFormat
from vedette_server.export.errors import (
    ExportCancelled,
    ExportError,
    InvalidExportRequest,
    NothingRecorded,
    UnreadableSegment,
    UnsupportedCodec,
)
from vedette_server.export.recorded_range import SegmentSource
from vedette_server.export.remux import ExportProgress, ExportResult, export_recording

__all__ = [
    "FORMATS",
    "MIME_TYPES",
    "ExportCancelled",
    "ExportError",
    "ExportFormat",
    "ExportProgress",
    "ExportResult",
    "InvalidExportRequest",
    "NothingRecorded",
    "SegmentSource",
    "UnreadableSegment",
    "UnsupportedCodec",
    "export_recording",
]
