"""The storage calculator's arithmetic (DISK-06, the manual's Annex B): what
recording takes, bitrate × hours a day × days, summed over the channels, and the
disk that holds it once formatted (10 % of a disk's nominal size is lost to the file
system). Pure functions, no Qt."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: The share of a disk's nominal capacity lost to formatting (Annex B).
FORMAT_LOSS = 0.10
SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class Channel:
    """One recorded camera: its bitrate (all recorded streams, kilobits — 1000 bits —
    per second) and the hours a day it records."""

    bitrate_kbps: float
    hours_per_day: float = 24.0

    def __post_init__(self) -> None:
        if self.bitrate_kbps < 0:
            raise ValueError("the bitrate cannot be negative")
        if not 0 <= self.hours_per_day <= 24:
            raise ValueError("hours a day must be 0 to 24")


def uniform(channels: int, bitrate_kbps: float, hours_per_day: float) -> list[Channel]:
    """``channels`` cameras recording alike."""
    if channels < 0:
        raise ValueError("the number of channels cannot be negative")
    return [Channel(bitrate_kbps, hours_per_day)] * channels


def bytes_per_day(channels: Sequence[Channel]) -> float:
    """What the channels record in a day, in bytes."""
    return sum(c.bitrate_kbps * 1000 / 8 * SECONDS_PER_HOUR * c.hours_per_day for c in channels)


def recorded_bytes(channels: Sequence[Channel], days: float) -> float:
    """What the channels record in ``days`` days, in bytes."""
    if days < 0:
        raise ValueError("days cannot be negative")
    return bytes_per_day(channels) * days


def disk_needed(channels: Sequence[Channel], days: float) -> float:
    """The nominal disk capacity (as sold) that holds ``days`` days once formatted."""
    return recorded_bytes(channels, days) / (1 - FORMAT_LOSS)


def days_that_fit(channels: Sequence[Channel], usable_bytes: float) -> float | None:
    """How many days fit in ``usable_bytes`` of formatted space (volumes as their
    file system reports them: the format loss is already out); ``None`` when the
    channels record nothing."""
    per_day = bytes_per_day(channels)
    if per_day <= 0:
        return None
    return max(0.0, usable_bytes) / per_day
