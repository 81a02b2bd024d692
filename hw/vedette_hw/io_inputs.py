"""From successive input polls to input changes: NO/NC and debounce (pure, no I/O).

A poll is each input's electrical state (True = contact closed), as
``IoDevice.read_inputs`` returns it, with the time it was taken. ``InputTracker``
turns polls into ``InputChange(input, active, time_us)``.

Invariants:

- Active state: a normally-open contact is active when closed, a normally-closed one
  when open (so a cut NC wire reads as active, the safe side).
- The first poll sets each input's state without a change (a restart is not an alarm);
  later, each input yields at most one change per poll, alternating active/inactive.
- Debounce: a new state counts only once polls have shown it for ``debounce_ms``
  without interruption; a state that goes back before that yields nothing. The change
  carries the time of the first poll that showed the new state. ``debounce_ms`` 0 takes
  every poll as it is.
- Times are int microseconds and must not go backwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


class ContactType(Enum):
    """How the contact rests when nothing happens."""

    NORMALLY_OPEN = "open"
    NORMALLY_CLOSED = "closed"


@dataclass(frozen=True)
class InputSetting:
    normal: ContactType = ContactType.NORMALLY_OPEN
    debounce_ms: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.normal, ContactType):
            raise ValueError(f"normal must be a ContactType, got {self.normal!r}")
        if isinstance(self.debounce_ms, bool) or not (
            isinstance(self.debounce_ms, int) and 0 <= self.debounce_ms <= 3_600_000
        ):
            raise ValueError(
                f"debounce_ms must be an integer within 0..3600000, got {self.debounce_ms!r}"
            )


@dataclass(frozen=True)
class InputChange:
    input: int
    active: bool
    time_us: int


def active_state(closed: bool, normal: ContactType) -> bool:
    """Whether a contact in electrical state ``closed`` is active."""
    return closed if normal is ContactType.NORMALLY_OPEN else not closed


class InputTracker:
    """The debounced active state of a device's inputs, one ``InputSetting`` each."""

    def __init__(self, settings: Sequence[InputSetting]) -> None:
        self._settings = tuple(settings)
        self._stable: list[bool] | None = None
        # Per input: the time the differing state was first seen, or None.
        self._since_us: list[int | None] = [None] * len(self._settings)
        self._last_us: int | None = None

    @property
    def active(self) -> tuple[bool, ...] | None:
        """Each input's debounced active state; None before the first poll."""
        return None if self._stable is None else tuple(self._stable)

    def update(self, closed: Sequence[bool], time_us: int) -> list[InputChange]:
        """Take one poll; returns the changes it confirms, in input order."""
        if len(closed) != len(self._settings):
            raise ValueError(f"poll has {len(closed)} inputs, expected {len(self._settings)}")
        if self._last_us is not None and time_us < self._last_us:
            raise ValueError(f"poll time went backwards: {time_us} < {self._last_us} µs")
        self._last_us = time_us
        seen = [active_state(c, s.normal) for c, s in zip(closed, self._settings, strict=True)]
        if self._stable is None:
            self._stable = seen
            return []
        changes: list[InputChange] = []
        for index, (now, setting) in enumerate(zip(seen, self._settings, strict=True)):
            if now == self._stable[index]:
                self._since_us[index] = None  # bounced back (or never left)
                continue
            since = self._since_us[index]
            if since is None:
                since = self._since_us[index] = time_us
            if time_us - since >= setting.debounce_ms * 1000:
                self._stable[index] = now
                self._since_us[index] = None
                changes.append(InputChange(index, now, since))
        return changes
