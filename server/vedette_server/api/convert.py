"""Conversions at the API edge: protobuf Timestamp/Duration ↔ int microseconds."""

from __future__ import annotations

from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp


def timestamp(us: int | None) -> Timestamp | None:
    if us is None:
        return None
    ts = Timestamp()
    ts.FromMicroseconds(us)
    return ts


def to_us(ts: Timestamp) -> int:
    return ts.ToMicroseconds()


def duration_us(d: Duration) -> int:
    return d.ToMicroseconds()
