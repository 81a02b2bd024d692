"""Record framing: the unit of segment files and of the ingest workers' messages.

A record is ``u32 payload length, u8 kind, u8 flags, i64 timestamp_us, u32
duration_us, u32 CRC-32, payload`` (big-endian, 22 header bytes). The CRC-32
(``zlib.crc32``) covers kind, flags, timestamp_us, duration_us and the payload, in
that order. docs/storage-format.md is the byte-by-byte reference.

Invariants:
- ``encode_record`` only produces records that ``RecordDecoder`` and the segment
  reader accept: kind 1..255, payload at most ``MAX_PAYLOAD_BYTES``.
- A decoder never returns a record whose CRC does not match; the first bad record
  stops the stream for good (``CorruptRecord``), because after a bad length nothing
  that follows can be framed.
- Kinds 1..15 belong to segment files; kinds ≥ ``FIRST_IPC_KIND`` (16) are reserved
  for messages between ingest workers and the main process and never appear in a
  segment file. Kind 0 is never valid (it is what zeroed blocks look like).
"""

from __future__ import annotations

import enum
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

RECORD_HEADER_BYTES = 22
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
FIRST_IPC_KIND = 16
FLAG_KEYFRAME = 0x01

_LENGTH = struct.Struct(">I")
_CRC_FIELDS = struct.Struct(">BBqI")  # kind, flags, timestamp_us, duration_us
_CRC = struct.Struct(">I")
_HEADER = struct.Struct(">IBBqII")
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1
_U32_MAX = (1 << 32) - 1


class RecordKind(enum.IntEnum):
    """Record kinds of segment files; VIDEO and AUDIO equal ``PacketKind``'s values."""

    VIDEO = 1
    AUDIO = 2
    CODEC_CHANGE = 3  # payload: one track entry; flags: the track index
    DISCONTINUITY = 4  # payload: UTF-8 reason; timestamp_us: start of the new timeline


@dataclass(frozen=True, slots=True)
class Record:
    """One decoded record. ``kind`` is an int so that IPC kinds (≥ 16) fit too; the
    storage kinds compare equal to ``RecordKind`` members."""

    kind: int
    flags: int
    timestamp_us: int
    duration_us: int
    payload: bytes = field(repr=False)

    @property
    def keyframe(self) -> bool:
        return bool(self.flags & FLAG_KEYFRAME)


class CorruptRecord(Exception):
    """A record that cannot be trusted: bad CRC, impossible length, truncated.

    ``path`` is None when the records came from a stream (a socket) rather than a
    file; ``offset`` is where the record starts (in the file, or in the stream).
    """

    def __init__(self, path: Path | None, offset: int, reason: str) -> None:
        where = str(path) if path is not None else "record stream"
        super().__init__(f"{where}: bad record at offset {offset}: {reason}")
        self.path, self.offset, self.reason = path, offset, reason


class RecordHeader(NamedTuple):
    payload_length: int
    kind: int
    flags: int
    timestamp_us: int
    duration_us: int
    crc: int


def encode_record(
    kind: int, flags: int, timestamp_us: int, duration_us: int, payload: bytes
) -> bytes:
    """One whole record, ready for a single write. ValueError names a bad field."""
    if not 1 <= kind <= 255:
        raise ValueError(f"kind: {kind} is outside 1..255")
    if not 0 <= flags <= 255:
        raise ValueError(f"flags: {flags} is outside 0..255")
    if not _I64_MIN <= timestamp_us <= _I64_MAX:
        raise ValueError(f"timestamp_us: {timestamp_us} does not fit in 64 bits")
    if not 0 <= duration_us <= _U32_MAX:
        raise ValueError(f"duration_us: {duration_us} is outside 0..{_U32_MAX}")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"payload: {len(payload)} bytes, more than {MAX_PAYLOAD_BYTES}")
    fields = _CRC_FIELDS.pack(kind, flags, timestamp_us, duration_us)
    crc = zlib.crc32(payload, zlib.crc32(fields))
    return b"".join((_LENGTH.pack(len(payload)), fields, _CRC.pack(crc), payload))


def unpack_record_header(buffer: bytes | bytearray | memoryview, offset: int = 0) -> RecordHeader:
    """The header fields at ``offset`` (needs ``RECORD_HEADER_BYTES`` bytes there)."""
    return RecordHeader(*_HEADER.unpack_from(buffer, offset))


def record_header_problem(header: RecordHeader, max_payload_bytes: int) -> str | None:
    """Why a header cannot start a valid record, or None; checked before the payload
    is awaited, so a bad length is reported at once rather than after 4 GiB."""
    if header.payload_length > max_payload_bytes:
        return f"payload length {header.payload_length} exceeds {max_payload_bytes}"
    if header.kind == 0:
        return "kind 0 (zeroed or overwritten bytes)"
    return None


def record_crc(
    buffer: bytes | bytearray | memoryview, header_offset: int, payload: bytes | memoryview
) -> int:
    """The CRC a record should carry, from its raw header bytes and its payload."""
    fields = memoryview(buffer)[header_offset + 4 : header_offset + 18]
    return zlib.crc32(payload, zlib.crc32(fields))


def crc_mismatch_reason(stored: int, computed: int) -> str:
    return f"CRC mismatch (stored {stored:#010x}, computed {computed:#010x})"


class RecordDecoder:
    """Incremental decoder for a byte stream of records (a socket, a pipe).

    ``feed`` returns the records completed by the new bytes and keeps the rest for
    the next call. On a bad record it raises ``CorruptRecord`` with the record's
    stream offset; records completed earlier in the same call are dropped with it,
    and every later ``feed`` raises the same error (framing is lost for good).
    """

    def __init__(self, *, max_payload_bytes: int = MAX_PAYLOAD_BYTES) -> None:
        self._buffer = bytearray()
        self._buffer_offset = 0  # stream offset of self._buffer[0]
        self._max_payload_bytes = max_payload_bytes
        self._error: CorruptRecord | None = None

    @property
    def pending_bytes(self) -> int:
        """Bytes received that do not complete a record yet (non-zero at EOF = torn)."""
        return len(self._buffer)

    @property
    def offset(self) -> int:
        """Stream offset of the next record to decode."""
        return self._buffer_offset

    def feed(self, data: bytes | bytearray | memoryview) -> list[Record]:
        if self._error is not None:
            raise self._error
        buffer = self._buffer
        buffer += data
        records: list[Record] = []
        position = 0
        while len(buffer) - position >= RECORD_HEADER_BYTES:
            header = unpack_record_header(buffer, position)
            problem = record_header_problem(header, self._max_payload_bytes)
            if problem is not None:
                raise self._fail(position, problem)
            start = position + RECORD_HEADER_BYTES
            end = start + header.payload_length
            if len(buffer) < end:
                break
            payload = bytes(buffer[start:end])
            computed = record_crc(buffer, position, payload)
            if computed != header.crc:
                raise self._fail(position, crc_mismatch_reason(header.crc, computed))
            records.append(
                Record(header.kind, header.flags, header.timestamp_us, header.duration_us, payload)
            )
            position = end
        del buffer[:position]
        self._buffer_offset += position
        return records

    def _fail(self, position: int, reason: str) -> CorruptRecord:
        self._error = CorruptRecord(None, self._buffer_offset + position, reason)
        self._buffer.clear()
        return self._error
