"""Parse the instants people type (``--from -10m``) into microseconds since the epoch.

Accepted forms, case-insensitive, surrounding spaces ignored:

- ``now``;
- a signed offset from now: ``-30s``, ``-10m``, ``-2h``, ``-1d``, ``+5m``, ``-1w``,
  or a sum of parts with one sign, ``-1h30m`` (a day is 86 400 s, a week 7 days);
- ISO 8601 as ``datetime.fromisoformat`` reads it: ``2024-05-01``,
  ``2024-05-01T10:15``, ``2024-05-01 10:15:30.5``, with a zone (``Z``, ``+02:00``)
  or without one, meaning the local time zone (or the one given).

Invariants:
- The result is an exact integer (no float rounding) within what a protobuf
  ``Timestamp`` holds: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z.
- Every refusal, an instant outside that range included ("0001-01-01" in a zone east
  of UTC, "-99999999999d"), is a ``TimeParseError`` whose message quotes the input
  and says what was expected; nothing else escapes.
"""

from __future__ import annotations

import datetime as dt
import re

from vedette_api.timestamps import US_PER_S

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)
#: The instants a protobuf Timestamp holds, in µs since the epoch.
MIN_TIME_US = -62_135_596_800_000_000  # 0001-01-01T00:00:00Z
MAX_TIME_US = 253_402_300_799_999_999  # 9999-12-31T23:59:59.999999Z
_RANGE = "out of range: times are from 0001-01-01 to 9999-12-31 (UTC)"
#: More digits than any offset in range needs (µs of 10 000 years: 18 digits).
_MAX_OFFSET_DIGITS = 20
_UNIT_US = {
    "s": US_PER_S,
    "m": 60 * US_PER_S,
    "h": 3600 * US_PER_S,
    "d": 86_400 * US_PER_S,
    "w": 7 * 86_400 * US_PER_S,
}
_RELATIVE = re.compile(r"([+-])((?:\d+[a-z])+)")
_RELATIVE_PART = re.compile(r"(\d+)([a-z])")
_FORMS = (
    "expected 'now', an offset such as -30s, -10m, -2h, -1d or +5m, "
    "or an ISO 8601 time such as 2024-05-01T10:15:00 (local) or 2024-05-01T08:15:00Z"
)


class TimeParseError(ValueError):
    """A time argument that is none of the accepted forms; the message says why."""

    def __init__(self, text: str, reason: str) -> None:
        shown = text if len(text) <= 60 else text[:60] + "…"  # a pasted megabyte stays out
        super().__init__(f"invalid time {shown!r}: {reason}")
        self.text = text
        self.reason = reason


def _parse_relative(text: str, body: str) -> int:
    match = _RELATIVE.fullmatch(body)
    if match is None:
        raise TimeParseError(text, f"{_FORMS} (an offset is a sign, then number and unit pairs)")
    sign = -1 if match.group(1) == "-" else 1
    total_us = 0
    for number, unit in _RELATIVE_PART.findall(match.group(2)):
        if unit not in _UNIT_US:
            raise TimeParseError(text, f"unknown unit {unit!r}; use s, m, h, d or w")
        if len(number.lstrip("0")) > _MAX_OFFSET_DIGITS:
            raise TimeParseError(text, _RANGE)
        total_us += int(number) * _UNIT_US[unit]
    return sign * total_us


def _parse_iso(text: str, body: str, tz: dt.tzinfo | None) -> int:
    try:
        instant = dt.datetime.fromisoformat(body.upper())
    except ValueError as exc:
        # Keep Python's specific reasons ("month must be in 1..12"), not its generic one.
        detail = "" if str(exc).startswith("Invalid isoformat") else f"{exc}; "
        raise TimeParseError(text, f"{detail}{_FORMS}") from None
    try:
        if instant.tzinfo is None:
            # No zone: local wall-clock time (astimezone() on a naive value means local).
            instant = instant.replace(tzinfo=tz) if tz is not None else instant.astimezone()
        return (instant - _EPOCH) // _ONE_US
    except (OverflowError, ValueError, OSError):  # year 0 or 10000 once in UTC
        raise TimeParseError(text, _RANGE) from None


def parse_time(text: str, *, now_us: int, tz: dt.tzinfo | None = None) -> int:
    """The instant ``text`` names, in µs since the Unix epoch (UTC).

    ``now_us`` anchors ``now`` and offsets; ``tz`` is the zone of ISO times written
    without one (default: the machine's local zone). Raises ``TimeParseError``.
    """
    body = text.strip().lower()
    if not body:
        raise TimeParseError(text, f"empty; {_FORMS}")
    if body == "now":
        instant_us = now_us
    elif body[0] in "+-":
        instant_us = now_us + _parse_relative(text, body)
    elif re.fullmatch(r"\d+[a-z]+", body) and body[-1] in _UNIT_US:
        raise TimeParseError(
            text, f"an offset needs a sign: -{body} ({body} ago) or +{body} ({body} from now)"
        )
    else:
        instant_us = _parse_iso(text, body, tz)
    if not MIN_TIME_US <= instant_us <= MAX_TIME_US:
        raise TimeParseError(text, _RANGE)
    return instant_us


def format_duration_us(duration_us: int) -> str:
    """A short human length: ``950ms``, ``42s``, ``5m 03s``, ``2h 05m``, ``3d 04h``."""
    if duration_us < 0:
        return "-" + format_duration_us(-duration_us)
    if duration_us < US_PER_S:
        return f"{duration_us // 1000}ms"
    seconds = duration_us // US_PER_S
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"
