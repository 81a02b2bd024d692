"""Wall-clock minutes of a day as text: ``HH:MM`` and ranges ``HH:MM-HH:MM,...``.

Shared by the server's schedules (``vedette_server.recording.schedules``) and the
command line, so both read and write times the same way. ``24:00`` is minute 1440, the
end of the day. Ranges are parsed here, checked (overlaps, limits) by the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

MINUTES_PER_DAY: Final = 1440


def format_hhmm(minute: int) -> str:
    """``480`` → ``"08:00"``; 1440 is ``"24:00"``."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_hhmm(text: str) -> int:
    """``"08:00"`` → 480; ``"24:00"`` is 1440 (the end of the day). ValueError otherwise."""
    hours, sep, minutes = text.strip().partition(":")
    if (
        not sep
        or not (hours.isdigit() and minutes.isdigit())
        or len(hours) > 2
        or len(minutes) != 2
    ):
        raise ValueError(f"{text!r} is not a time HH:MM")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > MINUTES_PER_DAY:
        raise ValueError(f"{text!r} is not a time between 00:00 and 24:00")
    return value


def format_range(item: Sequence[int]) -> str:
    return f"{format_hhmm(item[0])}-{format_hhmm(item[1])}"


def format_ranges(ranges: Iterable[Sequence[int]]) -> str:
    """``[(480, 720), (780, 1080)]`` → ``"08:00-12:00,13:00-18:00"``; none → ``"none"``."""
    return ",".join(format_range(r) for r in ranges) or "none"


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """``"08:00-12:00,13:00-18:00"`` → ``[(480, 720), (780, 1080)]``; empty or
    ``"none"`` → none. Overlaps and limits are the server's to check."""
    text = text.strip()
    if text in ("", "none"):
        return []
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(f"{part.strip()!r} is not a range HH:MM-HH:MM")
        ranges.append((parse_hhmm(start), parse_hhmm(end)))
    return ranges
