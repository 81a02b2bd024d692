"""The system's instants (``vedette_api.timestamps``): the one wall-clock reading
and the exact conversions to and from protobuf at the API's edge."""

from __future__ import annotations

import time

from vedette_api.timestamps import (
    US_PER_S,
    duration_from_us,
    now_us,
    timestamp_from_us,
    us_from_duration,
    us_from_timestamp,
)


def test_now_us_is_the_wall_clock_in_whole_microseconds() -> None:
    before_ns = time.time_ns()
    now = now_us()
    after_ns = time.time_ns()

    assert isinstance(now, int)
    assert before_ns // 1000 <= now <= after_ns // 1000


def test_conversions_are_exact_and_drop_what_is_below_the_microsecond() -> None:
    instant_us = 1_714_552_500 * US_PER_S + 123_456
    stamp = timestamp_from_us(instant_us)

    assert (stamp.seconds, stamp.nanos) == (1_714_552_500, 123_456_000)
    assert us_from_timestamp(stamp) == instant_us
    assert us_from_timestamp(timestamp_from_us(-1)) == -1  # before the epoch
    stamp.nanos += 999
    assert us_from_timestamp(stamp) == instant_us
    assert us_from_duration(duration_from_us(-1_500_000)) == -1_500_000
    assert duration_from_us(-1_500_000).seconds == -1
