"""Weekly schedules (recording/schedules.py): checks, presets, operations, HH:MM, and
coverage by local wall time across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from vedette_api.week_text import format_hhmm, format_ranges, parse_hhmm, parse_ranges
from vedette_server.recording import schedules
from vedette_server.recording.schedules import (
    ALWAYS,
    DAYS,
    EMPTY,
    PRESETS,
    WEEKDAYS,
    WEEKEND,
    ScheduleError,
    covers,
    covers_instant,
    week,
)

MINUTE_US = 60_000_000


def _us(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000


def test_presets_cover_what_their_names_say() -> None:
    assert PRESETS == {"24x7": ALWAYS, "24x5": WEEKDAYS, "24x2": WEEKEND}
    monday = datetime(2026, 12, 7, 12, 0)
    for offset in range(7):
        day = monday + timedelta(days=offset)
        assert covers(ALWAYS, day)
        assert covers(WEEKDAYS, day) is (offset < 5)
        assert covers(WEEKEND, day) is (offset >= 5)
        assert not covers(EMPTY, day)


def test_ranges_are_half_open_and_sorted() -> None:
    plan = week({"tue": [[780, 1080], [480, 720]]})
    assert plan.day("tue") == ((480, 720), (780, 1080))
    tuesday = datetime(2026, 12, 8)
    assert not covers(plan, tuesday.replace(hour=7, minute=59))
    assert covers(plan, tuesday.replace(hour=8))
    assert covers(plan, tuesday.replace(hour=11, minute=59))
    assert not covers(plan, tuesday.replace(hour=12))
    assert not covers(plan, tuesday.replace(hour=8) + timedelta(days=1))  # Wednesday
    assert plan.to_mapping()["tue"] == [[480, 720], [780, 1080]]
    assert schedules.week_from_json(plan.to_json()) == plan


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ({"mon": [[60, 120], [100, 200]]}, "mon: ranges 01:00-02:00 and 01:40-03:20 overlap"),
        ({"tue": [[m * 10, m * 10 + 5] for m in range(9)]}, "tue: 9 ranges, at most 8 a day"),
        ({"wed": [[0, 1441]]}, "wed: range [0, 1441) is outside 0..1440 minutes"),
        ({"thu": [[-1, 30]]}, "thu: range [-1, 30) is outside 0..1440 minutes"),
        ({"fri": [[600, 600]]}, "fri: range [600, 600) ends at or before its start"),
        ({"sat": [[700, 600]]}, "sat: range [700, 600) ends at or before its start"),
        ({"moon": [[0, 60]]}, "moon: unknown day"),
        ({"sun": [[0, 1.5]]}, "sun: [0, 1.5] is not a range"),
    ],
)
def test_bad_weeks_are_refused_naming_the_day_and_range(
    days: dict[str, list[list[float]]], message: str
) -> None:
    with pytest.raises(ScheduleError) as caught:
        week(days)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(message)


def test_eight_ranges_and_touching_ranges_are_accepted() -> None:
    plan = week({"mon": [[m * 60, m * 60 + 60] for m in range(8)]})
    assert len(plan.day("mon")) == 8


def test_all_invert_clear_and_copy() -> None:
    plan = week({"mon": [[480, 720], [780, 1080]]})
    inverted = schedules.invert(plan, ["mon"])
    assert inverted.day("mon") == ((0, 480), (720, 780), (1080, 1440))
    assert inverted.day("tue") == plan.day("tue") == ()
    assert schedules.invert(inverted, ["mon"]) == plan
    assert schedules.invert(EMPTY) == ALWAYS
    assert schedules.invert(ALWAYS) == EMPTY
    assert schedules.fill(plan, ["sat", "sun"]).day("sun") == ((0, 1440),)
    assert schedules.clear(plan) == EMPTY
    copied = schedules.copy_day(plan, "mon", ["tue", "fri"])
    assert copied.day("tue") == copied.day("fri") == plan.day("mon")
    assert copied.day("wed") == ()
    eight = week({"wed": [[m * 100 + 10, m * 100 + 60] for m in range(8)]})
    with pytest.raises(ScheduleError, match="wed: 9 ranges"):
        schedules.invert(eight, ["wed"])
    with pytest.raises(ScheduleError, match="xyz: unknown day"):
        schedules.copy_day(plan, "mon", ["xyz"])
    assert schedules.set_day(EMPTY, "sat", [(0, 30)]).day("sat") == ((0, 30),)


def test_hhmm_entry() -> None:
    assert parse_hhmm("08:00") == 480
    assert parse_hhmm("8:05") == 485
    assert parse_hhmm("24:00") == 1440
    assert format_hhmm(1439) == "23:59"
    assert parse_ranges("08:00-12:00,13:00-18:30") == [(480, 720), (780, 1110)]
    assert parse_ranges("none") == parse_ranges("") == []
    assert format_ranges([(480, 720), (780, 1110)]) == "08:00-12:00,13:00-18:30"
    assert format_ranges([]) == "none"
    for bad in ("8", "08:60", "24:01", "ab:cd", "08:0", "-1:00"):
        with pytest.raises(ValueError):
            parse_hhmm(bad)
    with pytest.raises(ValueError, match="not a range"):
        parse_ranges("08:00")


# Each DST day is a Sunday; minutes counted over the 26 UTC hours around it.
@pytest.mark.parametrize(
    ("zone", "day", "local_range", "covered"),
    [
        # Paris, spring: 02:00 jumps to 03:00 (01:00 UTC): the missing hour covers nothing.
        ("Europe/Paris", datetime(2026, 3, 29, tzinfo=UTC), ("02:00", "03:00"), 0),
        ("Europe/Paris", datetime(2026, 3, 29, tzinfo=UTC), ("01:00", "04:00"), 120),
        # Paris, autumn: 03:00 goes back to 02:00: the repeated hour is covered twice.
        ("Europe/Paris", datetime(2026, 10, 25, tzinfo=UTC), ("02:00", "03:00"), 120),
        ("Europe/Paris", datetime(2026, 10, 25, tzinfo=UTC), ("01:00", "04:00"), 240),
        ("America/New_York", datetime(2026, 3, 8, tzinfo=UTC), ("02:00", "03:00"), 0),
        ("America/New_York", datetime(2026, 3, 8, tzinfo=UTC), ("00:00", "24:00"), 23 * 60),
        ("America/New_York", datetime(2026, 11, 1, tzinfo=UTC), ("01:00", "02:00"), 120),
        ("America/New_York", datetime(2026, 11, 1, tzinfo=UTC), ("00:00", "24:00"), 25 * 60),
    ],
)
def test_dst_days_are_evaluated_in_local_wall_time(
    zone: str, day: datetime, local_range: tuple[str, str], covered: int
) -> None:
    tz = ZoneInfo(zone)
    sunday = week({"sun": [[parse_hhmm(local_range[0]), parse_hhmm(local_range[1])]]})
    # The local Sunday lies within UTC Sunday 00:00 - 1 h .. Monday 06:00: count it all.
    start = _us(day - timedelta(hours=1))
    minutes = sum(covers_instant(sunday, tz, start + m * MINUTE_US) for m in range(32 * 60))
    assert minutes == covered


def test_the_gap_and_the_overlap_instants_one_by_one() -> None:
    paris = ZoneInfo("Europe/Paris")
    two_to_three = week({"sun": [[120, 180]]})
    # 2026-03-29 00:59 UTC is 01:59 CET; 01:00 UTC is already 03:00 CEST.
    assert not covers_instant(two_to_three, paris, _us(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)))
    assert not covers_instant(two_to_three, paris, _us(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)))
    # 2026-10-25 00:00 UTC is 02:00 CEST; 01:00 UTC is 02:00 CET again.
    for hour in (0, 1):
        instant = datetime(2026, 10, 25, hour, 30, tzinfo=UTC)
        assert covers_instant(two_to_three, paris, _us(instant))
    assert not covers_instant(two_to_three, paris, _us(datetime(2026, 10, 25, 2, 0, tzinfo=UTC)))


def test_every_day_name_is_known() -> None:
    assert DAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    start = _us(datetime(2026, 1, 1, tzinfo=UTC))
    assert all(covers_instant(ALWAYS, ZoneInfo("UTC"), start + m * MINUTE_US) for m in range(1440))
