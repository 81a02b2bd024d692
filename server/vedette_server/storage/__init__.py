"""Vedette's own storage: segment files (header + CRC'd records), their keyframe
index, and the layout of a volume. docs/storage-format.md is the reference.

Import from here; the submodules are split along their seams:
- ``records``: the record framing, shared with the ingest workers' IPC messages;
- ``segment_header``: the file header and the track entry;
- ``keyframe_index``: the catalog's index blob and a segment's summary figures;
- ``segment_file``: ``SegmentWriter``; ``segment_reader``: reading, scans, truncation;
- ``layout``: paths on a volume and ``volume.json``.
"""

from vedette_server.storage.keyframe_index import (
    SegmentSummary,
    decode_keyframe_index,
    encode_keyframe_index,
)
from vedette_server.storage.layout import (
    VolumeMarker,
    VolumeMarkerError,
    iter_segment_files,
    parse_segment_relpath,
    read_volume_marker,
    segment_relpath,
    write_volume_marker,
)
from vedette_server.storage.records import (
    FIRST_IPC_KIND,
    FLAG_KEYFRAME,
    MAX_PAYLOAD_BYTES,
    RECORD_HEADER_BYTES,
    CorruptRecord,
    Record,
    RecordDecoder,
    RecordKind,
    encode_record,
)
from vedette_server.storage.segment_file import SegmentWriteError, SegmentWriter
from vedette_server.storage.segment_header import (
    CorruptSegment,
    SegmentHeader,
    decode_track_entry,
    encode_track_entry,
)
from vedette_server.storage.segment_reader import (
    SegmentReader,
    SegmentScan,
    scan_segment,
    truncate_segment,
)

__all__ = [
    "FIRST_IPC_KIND",
    "FLAG_KEYFRAME",
    "MAX_PAYLOAD_BYTES",
    "RECORD_HEADER_BYTES",
    "CorruptRecord",
    "CorruptSegment",
    "Record",
    "RecordDecoder",
    "RecordKind",
    "SegmentHeader",
    "SegmentReader",
    "SegmentScan",
    "SegmentSummary",
    "SegmentWriteError",
    "SegmentWriter",
    "VolumeMarker",
    "VolumeMarkerError",
    "decode_keyframe_index",
    "decode_track_entry",
    "encode_keyframe_index",
    "encode_record",
    "encode_track_entry",
    "iter_segment_files",
    "parse_segment_relpath",
    "read_volume_marker",
    "scan_segment",
    "segment_relpath",
    "truncate_segment",
    "write_volume_marker",
]
