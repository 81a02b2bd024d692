"""Where and how the server writes segment files: the writer and a volume's layout.

The format itself (records, the segment header, the keyframe index, reading and
scanning) is shared with the console and lives in ``vedette_api.media``;
docs/storage-format.md is the reference. What stays here is server-only:
- ``segment_file``: ``SegmentWriter`` (appends, fsync policy) and
  ``truncate_segment`` (recovery's cut, fsynced);
- ``layout``: paths on a volume and ``volume.json``.
"""

from vedette_server.storage.layout import (
    VolumeMarker,
    VolumeMarkerError,
    iter_segment_files,
    parse_segment_relpath,
    read_volume_marker,
    segment_relpath,
    write_volume_marker,
)
from vedette_server.storage.segment_file import (
    SegmentWriteError,
    SegmentWriter,
    truncate_segment,
)

__all__ = [
    "SegmentWriteError",
    "SegmentWriter",
    "VolumeMarker",
    "VolumeMarkerError",
    "iter_segment_files",
    "parse_segment_relpath",
    "read_volume_marker",
    "segment_relpath",
    "truncate_segment",
    "write_volume_marker",
]
