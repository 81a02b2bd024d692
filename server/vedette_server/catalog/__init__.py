"""The catalog: one SQLite database (peewee, WAL) of cameras, volumes and recordings.

Only the server's main process writes it; every call blocks, so the server makes
them from an executor. The schema, with every column's unit and every invariant, is
documented in docs/catalog.md.

- ``database``: ``open_catalog`` → ``Catalog`` (close, integrity_check, atomic) and
  the catalog's errors;
- ``models``: the peewee models and the enums and limits of their columns;
- ``migrations``: the schema and its versions;
- ``segments``: segment bookkeeping, retention queries, the garbage list;
- ``timeline``: recorded runs between two instants.
"""

from vedette_server.catalog.database import (
    CameraNotFound,
    Catalog,
    CatalogError,
    CatalogTooNew,
    CatalogUnavailable,
    DiskGroupNotFound,
    InvalidSegment,
    InvalidTimeRange,
    NotACatalog,
    SegmentLocked,
    SegmentNotFound,
    SegmentNotOpen,
    SegmentPathTaken,
    ServerIdentity,
    VolumeNotFound,
    open_catalog,
)
from vedette_server.catalog.models import (
    DAY_US,
    MAX_SEGMENT_US,
    RecordReason,
    Stream,
    VolumeState,
)
from vedette_server.catalog.segments import (
    GarbageRow,
    RecordingSpan,
    RecordingTotals,
    SegmentRow,
    camera_recording_totals,
    complete_segment,
    expired_segments,
    forget_garbage,
    garbage,
    mark_garbage,
    oldest_unlocked_segments,
    open_segment,
    open_segments,
    segments_overlapping,
    set_locked,
    volume_recording_span,
)
from vedette_server.catalog.timeline import Run, timeline

__all__ = [
    "DAY_US",
    "MAX_SEGMENT_US",
    "CameraNotFound",
    "Catalog",
    "CatalogError",
    "CatalogTooNew",
    "CatalogUnavailable",
    "DiskGroupNotFound",
    "GarbageRow",
    "InvalidSegment",
    "InvalidTimeRange",
    "NotACatalog",
    "RecordReason",
    "RecordingSpan",
    "RecordingTotals",
    "Run",
    "SegmentLocked",
    "SegmentNotFound",
    "SegmentNotOpen",
    "SegmentPathTaken",
    "SegmentRow",
    "ServerIdentity",
    "Stream",
    "VolumeNotFound",
    "VolumeState",
    "camera_recording_totals",
    "complete_segment",
    "expired_segments",
    "forget_garbage",
    "garbage",
    "mark_garbage",
    "oldest_unlocked_segments",
    "open_catalog",
    "open_segment",
    "open_segments",
    "segments_overlapping",
    "set_locked",
    "timeline",
    "volume_recording_span",
]
