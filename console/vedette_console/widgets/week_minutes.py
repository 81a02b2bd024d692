"""The console's editable copy of a weekly schedule (REC-05): for each day, Monday
first, which of its 1440 minutes are on.

The server's form of a week is, per day, a list of [start, end) minute ranges
(0 ≤ start < end ≤ 1440); ``from_ranges`` and ``ranges`` convert, and ``ranges``
gives each day's ranges sorted, disjoint and not touching. Only the server judges
a week (overlaps, how many ranges a day may have): this class edits, it does not
validate, so what the operator draws is what is sent and the server's refusal is
shown in its words.

The grid draws half hours, but a range may start and end at any minute: a half
hour is ``full``, ``empty`` or ``partial``, and ``cell_ranges`` gives the exact
minutes a partial one holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, Literal

DAYS: Final = 7
DAY_MINUTES: Final = 1440
CELL_MINUTES: Final = 30
CELLS: Final = DAY_MINUTES // CELL_MINUTES

CellState = Literal["full", "empty", "partial"]
Preset = Literal["24x7", "24x5", "24x2"]

#: The presets of REC-05, by the days they fill (Monday is 0).
PRESET_DAYS: Final[dict[Preset, range]] = {
    "24x7": range(0, 7),
    "24x5": range(0, 5),
    "24x2": range(5, 7),
}

Ranges = list[tuple[int, int]]


def runs(minutes: bytes | bytearray, offset: int = 0) -> Ranges:
    """The [start, end) runs of nonzero bytes, shifted by ``offset``."""
    found: Ranges = []
    start: int | None = None
    for index, on in enumerate(minutes):
        if on and start is None:
            start = index
        elif not on and start is not None:
            found.append((start + offset, index + offset))
            start = None
    if start is not None:
        found.append((start + offset, len(minutes) + offset))
    return found


class WeekMinutes:
    """Seven days of 1440 on/off minutes."""

    def __init__(self) -> None:
        self._days = [bytearray(DAY_MINUTES) for _ in range(DAYS)]

    @classmethod
    def from_ranges(cls, days: Sequence[Iterable[tuple[int, int]]]) -> WeekMinutes:
        """From each day's [start, end) ranges; ranges are clipped to the day (the
        server never sends one outside it) and may overlap."""
        if len(days) != DAYS:
            raise ValueError(f"a week has {DAYS} days, not {len(days)}")
        week = cls()
        for day, ranges in enumerate(days):
            for start, end in ranges:
                week.set_range(day, start, end, True)
        return week

    def copy(self) -> WeekMinutes:
        week = WeekMinutes()
        week._days = [bytearray(day) for day in self._days]
        return week

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WeekMinutes) and self._days == other._days

    def __hash__(self) -> int:
        return hash(tuple(bytes(day) for day in self._days))

    def __repr__(self) -> str:
        return f"WeekMinutes({self.ranges()!r})"

    # -- reading ---------------------------------------------------------------------

    def ranges(self) -> list[Ranges]:
        """Each day's [start, end) ranges, sorted and disjoint."""
        return [runs(day) for day in self._days]

    def day_ranges(self, day: int) -> Ranges:
        return runs(self._days[day])

    def is_on(self, day: int, minute: int) -> bool:
        return bool(self._days[day][minute])

    def on_minutes(self) -> int:
        return sum(sum(day) for day in self._days)

    def cell_state(self, day: int, cell: int) -> CellState:
        on = sum(self._days[day][cell * CELL_MINUTES : (cell + 1) * CELL_MINUTES])
        if on == CELL_MINUTES:
            return "full"
        return "partial" if on else "empty"

    def cell_ranges(self, day: int, cell: int) -> Ranges:
        """The on minutes of one half hour, as ranges in the day's minutes."""
        start = cell * CELL_MINUTES
        return runs(self._days[day][start : start + CELL_MINUTES], start)

    def full_cells(self, day: int) -> list[int]:
        return [cell for cell in range(CELLS) if self.cell_state(day, cell) == "full"]

    # -- editing ---------------------------------------------------------------------

    def set_range(self, day: int, start: int, end: int, on: bool) -> None:
        """Minutes [start, end) of ``day`` on or off (clipped to the day)."""
        start, end = max(0, start), min(DAY_MINUTES, end)
        if start < end:
            self._days[day][start:end] = (b"\x01" if on else b"\x00") * (end - start)

    def set_cells(self, days: Iterable[int], cells: Iterable[int], on: bool) -> None:
        """Whole half hours on or off."""
        cells = list(cells)
        for day in days:
            for cell in cells:
                self.set_range(day, cell * CELL_MINUTES, (cell + 1) * CELL_MINUTES, on)

    def fill(self, days: Iterable[int] = range(DAYS)) -> None:
        for day in days:
            self.set_range(day, 0, DAY_MINUTES, True)

    def clear(self, days: Iterable[int] = range(DAYS)) -> None:
        for day in days:
            self.set_range(day, 0, DAY_MINUTES, False)

    def invert(self, days: Iterable[int] = range(DAYS)) -> None:
        for day in days:
            self._days[day] = bytearray(1 - on for on in self._days[day])

    def copy_day(self, source: int, targets: Iterable[int]) -> None:
        for day in targets:
            self._days[day] = bytearray(self._days[source])

    def apply_preset(self, preset: Preset) -> None:
        """The whole week becomes the preset: its days all day, the others off."""
        self.clear()
        self.fill(PRESET_DAYS[preset])
