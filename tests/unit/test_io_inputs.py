"""InputTracker: NO/NC turns contact states into active states, the first poll sets the
state without a change, and debounce drops bounces shorter than its window (pure: polls
and times in, changes out)."""

from __future__ import annotations

import pytest

from vedette_hw.io_inputs import ContactType, InputChange, InputSetting, InputTracker

NO = InputSetting(ContactType.NORMALLY_OPEN)
NC = InputSetting(ContactType.NORMALLY_CLOSED)
MS = 1000  # µs


def test_the_first_poll_sets_the_state_without_a_change() -> None:
    tracker = InputTracker([NO, NC])
    assert tracker.active is None
    assert tracker.update([True, True], 0) == []
    assert tracker.active == (True, False)


def test_normally_open_is_active_when_closed_and_normally_closed_when_open() -> None:
    tracker = InputTracker([NO, NC])
    tracker.update([False, True], 0)  # both at rest
    assert tracker.active == (False, False)
    assert tracker.update([True, False], 10 * MS) == [
        InputChange(0, True, 10 * MS),
        InputChange(1, True, 10 * MS),
    ]
    assert tracker.update([False, True], 20 * MS) == [
        InputChange(0, False, 20 * MS),
        InputChange(1, False, 20 * MS),
    ]


def test_without_debounce_every_poll_counts_and_repeats_give_nothing() -> None:
    tracker = InputTracker([NO])
    tracker.update([False], 0)
    assert tracker.update([True], 1) == [InputChange(0, True, 1)]
    assert tracker.update([True], 2) == []
    assert tracker.update([False], 3) == [InputChange(0, False, 3)]


def test_a_bounce_shorter_than_the_debounce_gives_no_change() -> None:
    tracker = InputTracker([InputSetting(debounce_ms=50)])
    tracker.update([False], 0)
    assert tracker.update([True], 10 * MS) == []
    assert tracker.update([True], 40 * MS) == []
    assert tracker.update([False], 55 * MS) == []  # back before 50 ms had passed
    assert tracker.update([False], 200 * MS) == []
    assert tracker.active == (False,)


def test_a_state_held_for_the_debounce_counts_from_when_it_was_first_seen() -> None:
    tracker = InputTracker([InputSetting(ContactType.NORMALLY_CLOSED, debounce_ms=50)])
    tracker.update([True], 0)
    assert tracker.update([False], 100 * MS) == []
    assert tracker.update([False], 149 * MS) == []
    assert tracker.update([False], 150 * MS) == [InputChange(0, True, 100 * MS)]
    assert tracker.active == (True,)
    # The way back is debounced too.
    assert tracker.update([True], 300 * MS) == []
    assert tracker.update([False], 320 * MS) == []
    assert tracker.update([True], 330 * MS) == []
    assert tracker.update([True], 381 * MS) == [InputChange(0, False, 330 * MS)]


def test_inputs_are_debounced_each_on_its_own() -> None:
    tracker = InputTracker([InputSetting(debounce_ms=0), InputSetting(debounce_ms=100)])
    tracker.update([False, False], 0)
    assert tracker.update([True, True], 10 * MS) == [InputChange(0, True, 10 * MS)]
    assert tracker.update([True, True], 110 * MS) == [InputChange(1, True, 10 * MS)]


def test_bad_polls_and_settings_are_refused() -> None:
    tracker = InputTracker([NO, NO])
    with pytest.raises(ValueError, match="expected 2"):
        tracker.update([True], 0)
    tracker.update([True, True], 100)
    with pytest.raises(ValueError, match="backwards"):
        tracker.update([True, True], 99)
    with pytest.raises(ValueError, match="debounce_ms"):
        InputSetting(debounce_ms=-1)
    with pytest.raises(ValueError, match="normal"):
        InputSetting("open")  # type: ignore[arg-type]
