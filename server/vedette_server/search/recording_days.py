"""Which days of a month have recordings, counted in a time zone, and a camera's
first and last recorded instants (the calendar of PLAY-09).

Blocking (catalog). Each day is one bounded index probe ("does any segment of
camera C overlap [day start, day end)?"), so a month costs 31 lookups whatever the
catalog holds; day boundaries come from the zone's rules, so a 23- or 25-hour day
at a DST change is counted right.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

from vedette_server.catalog.database import Catalog
from vedette_server.catalog.segments import OVERLAP_WHERE, RECORDED, overlap_params


@dataclass(frozen=True)
class RecordingDays:
    camera_id: int
    days: tuple[int, ...]
    first_us: int | None
    last_us: int | None


def day_bounds_us(year: int, month: int, zone: zoneinfo.ZoneInfo) -> list[tuple[int, int, int]]:
    """(day, start µs, end µs) of every day of the month in ``zone``."""
    _, last_day = calendar.monthrange(year, month)
    bounds = []
    for day in range(1, last_day + 1):
        start = dt.datetime(year, month, day, tzinfo=zone)
        end = start.date() + dt.timedelta(days=1)
        end_dt = dt.datetime(end.year, end.month, end.day, tzinfo=zone)
        bounds.append((day, _us(start), _us(end_dt)))
    return bounds


def _us(moment: dt.datetime) -> int:
    delta = moment.astimezone(dt.UTC) - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def recording_days(
    catalog: Catalog,
    camera_id: int,
    stream: int,
    year: int,
    month: int,
    zone: zoneinfo.ZoneInfo,
    *,
    now_us: int,
) -> RecordingDays:
    db = catalog.database
    days = []
    for day, start_us, end_us in day_bounds_us(year, month, zone):
        found = db.execute_sql(
            f"SELECT 1 FROM segment WHERE {OVERLAP_WHERE} AND {RECORDED} LIMIT 1",
            overlap_params(camera_id, stream, start_us, end_us),
        ).fetchone()
        if found:
            days.append(day)
    first = db.execute_sql(
        f"SELECT start_us FROM segment WHERE camera_id = ? AND stream = ? AND {RECORDED}"
        " ORDER BY start_us LIMIT 1",
        (camera_id, stream),
    ).fetchone()
    last = db.execute_sql(
        "SELECT coalesce(end_us, ?) FROM segment WHERE camera_id = ? AND stream = ?"
        f" AND {RECORDED} ORDER BY start_us DESC LIMIT 1",
        (now_us, camera_id, stream),
    ).fetchone()
    return RecordingDays(
        camera_id,
        tuple(days),
        None if first is None else int(first[0]),
        None if last is None else int(last[0]),
    )
