"""The system's instants: int microseconds since the Unix epoch, UTC. ``now_us`` reads
the wall clock; the other functions convert to and from protobuf ``Timestamp`` and
``Duration``, which is done only at the API's edge.

Invariant: exact integer arithmetic both ways; digits below the microsecond are
dropped (rounded towards minus infinity).
"""

from __future__ import annotations

import time
from typing import Final

from google.protobuf import duration_pb2, timestamp_pb2

#: Microseconds in a second.
US_PER_S: Final = 1_000_000


def now_us() -> int:
    """The wall clock (``time.time_ns``), in µs since the Unix epoch, UTC. Code that
    must be tested at chosen instants takes a clock instead and defaults it to this."""
    return time.time_ns() // 1000


def timestamp_from_us(instant_us: int) -> timestamp_pb2.Timestamp:
    """A ``Timestamp`` for microseconds since the Unix epoch, UTC."""
    seconds, micros = divmod(instant_us, US_PER_S)
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=micros * 1000)


def us_from_timestamp(timestamp: timestamp_pb2.Timestamp) -> int:
    """Microseconds since the Unix epoch of a ``Timestamp``."""
    return int(timestamp.seconds) * US_PER_S + int(timestamp.nanos) // 1000


def duration_from_us(length_us: int) -> duration_pb2.Duration:
    """A ``Duration`` of ``length_us`` microseconds (negative lengths allowed)."""
    sign = -1 if length_us < 0 else 1
    seconds, micros = divmod(abs(length_us), US_PER_S)
    return duration_pb2.Duration(seconds=sign * seconds, nanos=sign * micros * 1000)


def us_from_duration(duration: duration_pb2.Duration) -> int:
    """Microseconds of a ``Duration``."""
    return int(duration.seconds) * US_PER_S + int(duration.nanos) // 1000
