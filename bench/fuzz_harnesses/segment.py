"""Segment files as playback, export, recovery and ``fsck`` read them: the header,
every record's CRC (``scan_segment``, the catalog summary recovery builds from it,
fsck's per-file check), the packets between two times with and without the keyframe
index, codec-change and discontinuity records, and the keyframe index blob.

The input's first byte is a mode: an odd one makes the harness rewrite the header's
and every record's CRC to match their bytes before writing the file, so mutations get
past the CRC checks to the fields behind them (a file a buggy writer could produce).

Expected: ``scan_segment`` never raises on content; ``SegmentReader.open`` raises
``CorruptSegment``; reading records raises ``CorruptRecord``; ``summary`` raises
``ValueError`` only for a file without a valid header (not called then);
``decode_track_entry`` raises ``ValueError``; the keyframe index blob of a summary
always decodes (segment_reader.py, segment_header.py, keyframe_index.py).
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import struct
import tempfile
import zlib
from pathlib import Path

from vedette_api.media.keyframe_index import decode_keyframe_index
from vedette_api.media.records import RECORD_HEADER_BYTES, CorruptRecord, RecordKind
from vedette_api.media.segment_header import CorruptSegment, decode_track_entry
from vedette_api.media.segment_reader import SegmentReader, scan_segment
from vedette_server.catalog.models import Segment
from vedette_server.recording.fsck import _check_file

MAX_LEN = 16384
"""Longest input: a keyframe spans a few packets; a segment a few frames."""

_DIR = Path(
    tempfile.mkdtemp(
        prefix="vedette-fuzz-segment-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None
    )
)
atexit.register(shutil.rmtree, _DIR, True)
_FILE = _DIR / "segment.vseg"
_U16, _U32 = struct.Struct(">H"), struct.Struct(">I")


def fix_crcs(data: bytearray) -> None:
    """Make the header CRC and each whole record's CRC match the bytes they cover."""
    if len(data) < 8 or data[:4] != b"VSEG":
        return
    length = _U16.unpack_from(data, 6)[0]
    if length < 4 or length > len(data):
        return
    _U32.pack_into(data, length - 4, zlib.crc32(data[: length - 4]))
    pos = length
    while pos + RECORD_HEADER_BYTES <= len(data):
        payload_end = pos + RECORD_HEADER_BYTES + _U32.unpack_from(data, pos)[0]
        if payload_end > len(data):
            return
        crc = zlib.crc32(
            data[pos + RECORD_HEADER_BYTES : payload_end], zlib.crc32(data[pos + 4 : pos + 18])
        )
        _U32.pack_into(data, pos + 18, crc)
        pos = payload_end


def run(data: bytes) -> None:
    content = bytearray(data[1:])
    if data[:1] and data[0] & 1:
        fix_crcs(content)
    _FILE.write_bytes(content)
    scan = scan_segment(_FILE)
    _check_file(_FILE, Segment(size_bytes=len(content), frames=scan.frames))
    if scan.header is None:
        return  # the header is bad: recovery removes the file, readers refuse it
    summary = scan.summary()
    index = decode_keyframe_index(summary.keyframe_index_blob, summary.start_us)
    try:
        reader = SegmentReader.open(_FILE)
    except CorruptSegment:
        return
    with reader:
        for keyframes in (None, index):
            try:
                for _ in reader.packets_between(summary.start_us, summary.end_us, keyframes):
                    pass
            except CorruptRecord:
                pass
        try:
            for _, record in reader.records():
                if record.kind == RecordKind.CODEC_CHANGE:
                    with contextlib.suppress(ValueError):
                        decode_track_entry(record.payload)
                elif record.kind == RecordKind.DISCONTINUITY:
                    record.payload.decode(errors="replace")
        except CorruptRecord:
            pass
