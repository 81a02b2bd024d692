"""When unavailable volumes are probed again (issue 11: they never were)."""

from __future__ import annotations

from vedette_server.recording.volume_reprobe import ReprobeSchedule


def test_a_volume_seen_unavailable_is_probed_after_the_first_delay() -> None:
    schedule = ReprobeSchedule(first_s=5, max_s=60, stable_s=600)
    assert schedule.due({1}, 0.0) == []
    assert schedule.due({1}, 4.9) == []
    assert schedule.due({1}, 5.0) == [1]


def test_each_failed_probe_doubles_the_delay_up_to_the_maximum() -> None:
    schedule = ReprobeSchedule(first_s=5, max_s=60, stable_s=600)
    now, delays = 0.0, []
    schedule.due({1}, now)
    for _ in range(6):
        delay = schedule.delay_s(1)
        assert delay is not None
        delays.append(delay)
        now += delay
        assert schedule.due({1}, now) == [1]
        schedule.probed(1, False, now)
    assert delays == [5, 10, 20, 40, 60, 60]


def test_a_volume_failing_again_soon_after_coming_back_is_not_retried_at_once() -> None:
    schedule = ReprobeSchedule(first_s=5, max_s=60, stable_s=600)
    schedule.due({1}, 0.0)
    assert schedule.due({1}, 5.0) == [1]
    schedule.probed(1, True, 5.0)  # back
    assert schedule.due(set(), 6.0) == []
    schedule.due({1}, 20.0)  # failed again 15 s later: flapping
    assert schedule.delay_s(1) == 10
    assert schedule.due({1}, 29.0) == []
    assert schedule.due({1}, 30.0) == [1]


def test_a_volume_that_stayed_usable_starts_again_from_the_first_delay() -> None:
    schedule = ReprobeSchedule(first_s=5, max_s=60, stable_s=600)
    schedule.due({1}, 0.0)
    for now in (5.0, 15.0, 35.0):
        schedule.due({1}, now)
        schedule.probed(1, False, now)
    schedule.due({1}, 75.0)
    schedule.probed(1, True, 75.0)
    schedule.due(set(), 80.0)
    schedule.due({1}, 75.0 + 601)  # a day's work later
    assert schedule.delay_s(1) == 5


def test_volumes_are_scheduled_independently() -> None:
    schedule = ReprobeSchedule(first_s=5, max_s=60, stable_s=600)
    schedule.due({1}, 0.0)
    schedule.due({1, 2}, 3.0)
    assert schedule.due({1, 2}, 5.0) == [1]
    assert schedule.due({1, 2}, 8.0) == [1, 2]  # 1 was not probed: still due
