"""Time slices: the manual's year → month → day → hour → minute drill-down, and
instants spread evenly over a range.

Calendar units follow a time zone (the server's setting, SYS-03): the day slices of
March in Europe/Paris start at local midnight, and the day of the spring change has
23 hour slices. Instants stay integer µs UTC; only the boundaries are computed in
local time.

Invariants: slices are contiguous, in time order, and cover the unit exactly (the
first starts at the unit's start, each ends where the next starts, the last ends at
the unit's end).
"""

from __future__ import annotations

import enum
import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from vedette_api.timestamps import US_PER_S
from vedette_server.images.keyframe_choice import ThumbnailQuery

MAX_INSTANTS = 1000


class SliceUnit(enum.Enum):
    """The unit divided, and (implicitly) what it is divided into."""

    YEAR = "year"  # 12 months
    MONTH = "month"  # 28..31 days
    DAY = "day"  # 23..25 hours
    HOUR = "hour"  # 60 minutes
    MINUTE = "minute"  # 60 seconds


def _us(moment: datetime) -> int:
    delta = moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * US_PER_S + delta.microseconds


def _local(time_us: int, zone: ZoneInfo) -> datetime:
    # Arithmetic in UTC (exact), then the local wall clock.
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=time_us)).astimezone(zone)


def _wall(year: int, month: int, day: int, zone: ZoneInfo, hour: int = 0) -> int:
    """µs UTC of a local wall-clock time (the earlier one when it repeats)."""
    return _us(datetime(year, month, day, hour, tzinfo=zone))


def time_slices(unit: SliceUnit, time_us: int, zone: ZoneInfo) -> list[ThumbnailQuery]:
    """The slices of the ``unit`` containing ``time_us`` in ``zone``."""
    local = _local(time_us, zone)
    if unit is SliceUnit.YEAR:
        bounds = [_wall(local.year, m, 1, zone) for m in range(1, 13)]
        bounds.append(_wall(local.year + 1, 1, 1, zone))
    elif unit is SliceUnit.MONTH:
        first = datetime(local.year, local.month, 1)
        following = (first + timedelta(days=32)).replace(day=1)
        days = (following - first).days
        bounds = [_wall(local.year, local.month, d, zone) for d in range(1, days + 1)]
        bounds.append(_wall(following.year, following.month, 1, zone))
    elif unit is SliceUnit.DAY:
        start = _wall(local.year, local.month, local.day, zone)
        after = datetime(local.year, local.month, local.day) + timedelta(days=1)
        end = _wall(after.year, after.month, after.day, zone)
        # Hours are real hours (µs UTC), so a 23 or 25 h day gets 23 or 25 slices.
        bounds = [*range(start, end, 3600 * US_PER_S), end]
    else:
        # Hours and minutes are whole UTC hours/minutes in every zone in use but a
        # few with 30/45 min offsets, whose hours are local, hence the local floor.
        step = 60 * US_PER_S if unit is SliceUnit.HOUR else US_PER_S
        span = 3600 * US_PER_S if unit is SliceUnit.HOUR else 60 * US_PER_S
        offset = local.utcoffset() or timedelta(0)
        offset_us = int(offset.total_seconds()) * US_PER_S
        start = (time_us + offset_us) // span * span - offset_us
        bounds = list(range(start, start + span + 1, step))
    return [ThumbnailQuery(a, b) for a, b in itertools.pairwise(bounds)]


def spread(start_us: int, end_us: int, count: int) -> list[ThumbnailQuery]:
    """``count`` instants from ``start_us``, evenly spaced over [start_us, end_us);
    each stands for the slice up to the next. ValueError for a bad range or count."""
    if end_us <= start_us:
        raise ValueError(f"end_us {end_us} is not after start_us {start_us}")
    if not 1 <= count <= MAX_INSTANTS:
        raise ValueError(f"count {count} is not 1 to {MAX_INSTANTS}")
    span = end_us - start_us
    bounds = [*(start_us + span * i // count for i in range(count)), end_us]
    return [ThumbnailQuery(a, b) for a, b in itertools.pairwise(bounds)]
