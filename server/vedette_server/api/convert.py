"""Conversions at the API edge: protobuf Timestamp/Duration ↔ int microseconds, and
record reasons (the catalog's bit mask → ``RecordReason`` numbers).

Invariant: a Timestamp or Duration outside protobuf's valid range (years 1..9999,
±10 000 years) is refused as INVALID_ARGUMENT naming the field, never an internal
error.
"""

from __future__ import annotations

from typing import Final

from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from vedette_api.v1 import common_pb2
from vedette_server.errors import InvalidArgument

_MIN_SECONDS, _MAX_SECONDS = -62_135_596_800, 253_402_300_799
#: The catalog's record-reason bits and their ``RecordReason`` numbers.
REASON_BITS: Final = (
    (1, common_pb2.RECORD_REASON_SCHEDULE),
    (2, common_pb2.RECORD_REASON_MANUAL),
    (4, common_pb2.RECORD_REASON_MOTION),
    (8, common_pb2.RECORD_REASON_SENSOR),
    (16, common_pb2.RECORD_REASON_ANALYTICS),
)
#: The reasons of each mask value, in increasing numeric order (the responses' order).
REASONS_OF_MASK: Final = tuple([r for bit, r in REASON_BITS if mask & bit] for mask in range(32))
_MAX_DURATION_SECONDS = 315_576_000_000


def timestamp(us: int | None) -> Timestamp | None:
    if us is None:
        return None
    ts = Timestamp()
    ts.FromMicroseconds(us)
    return ts


def to_us(ts: Timestamp, field: str = "time") -> int:
    if not _MIN_SECONDS <= ts.seconds <= _MAX_SECONDS or not 0 <= ts.nanos < 1_000_000_000:
        raise InvalidArgument(field, "is not a valid time (years 1 to 9999)")
    return int(ts.ToMicroseconds())


def duration_us(d: Duration, field: str = "duration") -> int:
    if abs(d.seconds) > _MAX_DURATION_SECONDS or abs(d.nanos) >= 1_000_000_000:
        raise InvalidArgument(field, "is not a valid duration")
    return int(d.ToMicroseconds())
