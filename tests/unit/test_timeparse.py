"""The times people type on the command line become exact µs since the epoch, or a clear error."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vedette_api.cli.format import rfc3339_from_us
from vedette_api.cli.timeparse import TimeParseError, format_duration_us, parse_time

NOW_US = 1_714_552_500_123_456  # 2024-05-01T08:35:00.123456Z
PARIS = ZoneInfo("Europe/Paris")


def _utc_us(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    instant = dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)
    return (instant - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def test_now_is_the_instant_given() -> None:
    assert parse_time("now", now_us=NOW_US) == NOW_US
    assert parse_time("  NOW ", now_us=NOW_US) == NOW_US


@pytest.mark.parametrize(
    ("text", "offset_us"),
    [
        ("-30s", -30_000_000),
        ("-10m", -600_000_000),
        ("-2h", -7_200_000_000),
        ("-1d", -86_400_000_000),
        ("+5m", 300_000_000),
        ("-1w", -7 * 86_400_000_000),
        ("-1h30m", -5_400_000_000),
        ("-10M", -600_000_000),
        (" -0s ", 0),
    ],
)
def test_relative_offsets_count_from_now(text: str, offset_us: int) -> None:
    assert parse_time(text, now_us=NOW_US) == NOW_US + offset_us


def test_offset_without_a_sign_is_refused_with_both_readings() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_time("10m", now_us=NOW_US)
    assert "needs a sign" in str(caught.value)
    assert "-10m" in str(caught.value)
    assert "+10m" in str(caught.value)


def test_unknown_unit_is_named() -> None:
    with pytest.raises(TimeParseError, match="unknown unit 'y'"):
        parse_time("-3y", now_us=NOW_US)


@pytest.mark.parametrize("text", ["-10", "-", "+m", "-10m-5s", "-1.5h"])
def test_malformed_offsets_are_refused_quoting_the_input(text: str) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_time(text, now_us=NOW_US)
    assert repr(text) in str(caught.value)


def test_empty_text_is_refused() -> None:
    with pytest.raises(TimeParseError, match="empty"):
        parse_time("   ", now_us=NOW_US)


def test_iso_with_z_is_utc() -> None:
    assert parse_time("2024-05-01T08:15:00Z", now_us=NOW_US) == _utc_us(2024, 5, 1, 8, 15)


def test_iso_with_offset_is_converted_to_utc() -> None:
    assert parse_time("2024-05-01T10:15:00+02:00", now_us=NOW_US) == _utc_us(2024, 5, 1, 8, 15)


def test_iso_lower_case_separators_are_accepted() -> None:
    assert parse_time("2024-05-01t08:15:00z", now_us=NOW_US) == _utc_us(2024, 5, 1, 8, 15)


def test_fractional_seconds_are_exact_to_the_microsecond() -> None:
    expected = _utc_us(2024, 5, 1, 8, 15) + 123_456
    assert parse_time("2024-05-01T08:15:00.123456Z", now_us=NOW_US) == expected


def test_iso_without_zone_is_in_the_zone_given() -> None:
    # Paris is UTC+2 in May (summer time) and UTC+1 in January.
    assert parse_time("2024-05-01T10:15", now_us=NOW_US, tz=PARIS) == _utc_us(2024, 5, 1, 8, 15)
    assert parse_time("2024-01-15 10:15:00", now_us=NOW_US, tz=PARIS) == _utc_us(2024, 1, 15, 9, 15)


def test_iso_without_zone_defaults_to_the_machines_local_zone() -> None:
    local = dt.datetime(2024, 5, 1, 10, 15).astimezone()
    expected = (local - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    assert parse_time("2024-05-01T10:15:00", now_us=NOW_US) == expected


def test_a_date_alone_is_its_midnight() -> None:
    assert parse_time("2024-05-01", now_us=NOW_US, tz=dt.UTC) == _utc_us(2024, 5, 1)


def test_instants_before_1970_are_negative() -> None:
    assert parse_time("1969-12-31T23:59:59Z", now_us=NOW_US) == -1_000_000


def test_out_of_range_field_keeps_pythons_reason() -> None:
    with pytest.raises(TimeParseError, match=r"month must be in 1\.\.12"):
        parse_time("2024-13-01T00:00:00Z", now_us=NOW_US)


def test_unrecognised_text_lists_the_accepted_forms() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_time("yesterday", now_us=NOW_US)
    message = str(caught.value)
    assert "'yesterday'" in message
    assert "now" in message
    assert "-10m" in message
    assert "ISO 8601" in message
    assert "Invalid isoformat" not in message


@given(st.integers(min_value=-(10**15), max_value=4_000_000_000_000_000))
def test_rfc3339_output_parses_back_to_the_same_instant(instant_us: int) -> None:
    assert parse_time(rfc3339_from_us(instant_us), now_us=0) == instant_us


@pytest.mark.parametrize(
    ("duration_us", "text"),
    [
        (950_000, "950ms"),
        (42_000_000, "42s"),
        (303_000_000, "5m 03s"),
        (7_500_000_000, "2h 05m"),
        (273_600_000_000, "3d 04h"),
        (-42_000_000, "-42s"),
    ],
)
def test_durations_are_shown_shortly(duration_us: int, text: str) -> None:
    assert format_duration_us(duration_us) == text
