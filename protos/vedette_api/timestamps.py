"""Conversions between the system's instants (int µs since the Unix epoch, UTC) and
protobuf ``Timestamp``/``Duration``, done only at the API's edge.

Invariant: exact integer arithmetic both ways; digits below the microsecond are
dropped (rounded towards minus infinity).
"""

from __future__ import annotations

from google.protobuf import duration_pb2, timestamp_pb2


def timestamp_from_us(instant_us: int) -> timestamp_pb2.Timestamp:
    """A ``Timestamp`` for microseconds since the Unix epoch, UTC."""
    seconds, micros = divmod(instant_us, 1_000_000)
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=micros * 1000)


def us_from_timestamp(timestamp: timestamp_pb2.Timestamp) -> int:
    """Microseconds since the Unix epoch of a ``Timestamp``."""
    return int(timestamp.seconds) * 1_000_000 + int(timestamp.nanos) // 1000


def duration_from_us(length_us: int) -> duration_pb2.Duration:
    """A ``Duration`` of ``length_us`` microseconds (negative lengths allowed)."""
    sign = -1 if length_us < 0 else 1
    seconds, micros = divmod(abs(length_us), 1_000_000)
    return duration_pb2.Duration(seconds=sign * seconds, nanos=sign * micros * 1000)


def us_from_duration(duration: duration_pb2.Duration) -> int:
    """Microseconds of a ``Duration``."""
    return int(duration.seconds) * 1_000_000 + int(duration.nanos) // 1000
