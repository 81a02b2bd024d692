"""Weekly schedules (REC-05): per day, wall-clock ranges of minutes in the server's
time zone. Pure functions, no I/O.

A day holds at most ``MAX_RANGES`` ranges [start, end) of minutes 0..1440 that do not
overlap, kept in order. The console's grid works in half hours; typed HH:MM entry
allows any minute (text forms in ``vedette_api.week_text``, shared with the CLI).

Whether a schedule covers an instant is decided by the instant's local wall time
(``covers_instant``): the minute of the week of the instant converted with stdlib
``zoneinfo``. That is DST-safe by construction: on the day clocks go forward no
instant has a wall time in the missing hour, so the hour covers nothing; on the day
they go back both instants with the repeated wall time are covered when it is.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from vedette_api.week_text import MINUTES_PER_DAY, format_range

#: The days of a week, Monday first (``datetime.weekday()`` order).
DAYS: Final[tuple[str, ...]] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Ranges a day may hold.
MAX_RANGES: Final = 8

Range = tuple[int, int]
DayRanges = tuple[Range, ...]


class ScheduleError(ValueError):
    """A week that is not a valid schedule; the message names the day and range."""

    def __init__(self, day: str, message: str) -> None:
        super().__init__(f"{day}: {message}")
        self.day = day


def check_day(day: str, ranges: Iterable[Sequence[int]]) -> DayRanges:
    """``ranges`` of ``day`` checked and sorted; ScheduleError naming the day and the
    range otherwise."""
    if day not in DAYS:
        raise ScheduleError(day, f"unknown day (one of {', '.join(DAYS)})")
    checked: list[Range] = []
    for item in ranges:
        if len(item) != 2 or not all(isinstance(v, int) for v in item):
            raise ScheduleError(day, f"{list(item)!r} is not a range [start, end] of minutes")
        start, end = int(item[0]), int(item[1])
        shown = f"[{start}, {end})"
        if not (0 <= start <= MINUTES_PER_DAY and 0 <= end <= MINUTES_PER_DAY):
            raise ScheduleError(day, f"range {shown} is outside 0..{MINUTES_PER_DAY} minutes")
        if end <= start:
            raise ScheduleError(day, f"range {shown} ends at or before its start")
        checked.append((start, end))
    if len(checked) > MAX_RANGES:
        raise ScheduleError(day, f"{len(checked)} ranges, at most {MAX_RANGES} a day")
    checked.sort()
    for before, after in itertools.pairwise(checked):
        if after[0] < before[1]:
            raise ScheduleError(
                day, f"ranges {format_range(before)} and {format_range(after)} overlap"
            )
    return tuple(checked)


@dataclass(frozen=True, slots=True)
class Week:
    """Seven days of checked ranges, Monday first. Build with ``week`` or the
    operations below, which check."""

    days: tuple[DayRanges, ...]

    def day(self, name: str) -> DayRanges:
        return self.days[_index(name)]

    def to_mapping(self) -> dict[str, list[list[int]]]:
        return {
            name: [list(r) for r in ranges] for name, ranges in zip(DAYS, self.days, strict=True)
        }

    def to_json(self) -> str:
        return json.dumps(self.to_mapping(), separators=(",", ":"))

    def covers(self, weekday: int, minute: int) -> bool:
        """Whether minute ``minute`` (0..1439) of day ``weekday`` (0 = Monday) is in."""
        return any(start <= minute < end for start, end in self.days[weekday])


def _index(day: str) -> int:
    try:
        return DAYS.index(day)
    except ValueError:
        raise ScheduleError(day, f"unknown day (one of {', '.join(DAYS)})") from None


def week(days: Mapping[str, Iterable[Sequence[int]]]) -> Week:
    """A checked week from ``{"mon": [[start, end], ...], ...}``; missing days are empty."""
    for name in days:
        _index(name)
    return Week(tuple(check_day(name, days.get(name, ())) for name in DAYS))


def week_from_json(text: str) -> Week:
    """A week stored by ``Week.to_json``; ScheduleError when it is not one."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise ScheduleError("week", f"not JSON: {error}") from None
    if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
        raise ScheduleError("week", 'not an object {"mon": [[start, end], ...], ...}')
    return week(value)


_WHOLE_DAY: Final[DayRanges] = ((0, MINUTES_PER_DAY),)

EMPTY: Final = Week(((),) * 7)
#: 24×7: always (built in, read-only).
ALWAYS: Final = Week((_WHOLE_DAY,) * 7)
#: 24×5: Monday to Friday, all day.
WEEKDAYS: Final = Week((_WHOLE_DAY,) * 5 + ((),) * 2)
#: 24×2: Saturday and Sunday, all day.
WEEKEND: Final = Week(((),) * 5 + (_WHOLE_DAY,) * 2)
#: The built-in presets by name, in display order.
PRESETS: Final[dict[str, Week]] = {"24x7": ALWAYS, "24x5": WEEKDAYS, "24x2": WEEKEND}
#: The preset no one may change.
READ_ONLY: Final = "24x7"


def _replace(base: Week, changes: Mapping[str, DayRanges]) -> Week:
    days = list(base.days)
    for name, ranges in changes.items():
        days[_index(name)] = check_day(name, ranges)
    return Week(tuple(days))


def set_day(base: Week, day: str, ranges: Iterable[Sequence[int]]) -> Week:
    """``base`` with ``day``'s ranges replaced (checked)."""
    return _replace(base, {day: check_day(day, ranges)})


def fill(base: Week, days: Iterable[str] = DAYS) -> Week:
    """ "All": the days named are covered all day."""
    return _replace(base, {name: _WHOLE_DAY for name in days})


def clear(base: Week, days: Iterable[str] = DAYS) -> Week:
    """ "Clear": the days named are covered nowhere."""
    return _replace(base, {name: () for name in days})


def invert_day(ranges: DayRanges) -> DayRanges:
    """The minutes of the day ``ranges`` leave out, as ranges."""
    gaps: list[Range] = []
    cursor = 0
    for start, end in ranges:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < MINUTES_PER_DAY:
        gaps.append((cursor, MINUTES_PER_DAY))
    return tuple(gaps)


def invert(base: Week, days: Iterable[str] = DAYS) -> Week:
    """ "Invert": the days named are covered exactly where they were not (ScheduleError
    when a day would need more than ``MAX_RANGES`` ranges)."""
    return _replace(base, {name: invert_day(base.day(name)) for name in days})


def copy_day(base: Week, source: str, targets: Iterable[str]) -> Week:
    """ "Copy to": the days ``targets`` get ``source``'s ranges."""
    ranges = base.day(source)
    return _replace(base, {name: ranges for name in targets})


def covers(schedule: Week, local: datetime) -> bool:
    """Whether ``schedule`` covers the wall time of ``local`` (an aware or naive local
    datetime): its day of the week and minute of the day."""
    return schedule.covers(local.weekday(), local.hour * 60 + local.minute)


def local_minute(zone: ZoneInfo, t_us: int) -> tuple[int, int]:
    """(weekday, minute of the day) of the instant ``t_us`` (µs since the epoch, UTC) in
    ``zone``'s wall time."""
    local = datetime.fromtimestamp(t_us // 1_000_000, tz=zone)
    return local.weekday(), local.hour * 60 + local.minute


def covers_instant(schedule: Week, zone: ZoneInfo, t_us: int) -> bool:
    """Whether ``schedule`` covers the instant ``t_us`` in ``zone``'s wall time."""
    return schedule.covers(*local_minute(zone, t_us))
