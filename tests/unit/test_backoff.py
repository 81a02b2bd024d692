"""Reconnect backoff: capped exponential windows, full jitter, reset after a stable run."""

from __future__ import annotations

import random
import statistics

import pytest

from vedette_server.ingest.backoff import SLOW_CAP_S, Backoff


def test_windows_double_from_the_base_up_to_the_cap() -> None:
    backoff = Backoff(base_s=0.5, cap_s=30.0, rng=random.Random(1))
    windows = []
    for _ in range(10):
        windows.append(backoff.window_s())
        backoff.next_delay_s(now_s=0.0)
    assert windows == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0]


def test_lasting_failures_back_off_under_the_long_cap() -> None:
    backoff = Backoff(rng=random.Random(5))  # defaults: base 0.5 s, cap 5 s
    windows = []
    for _ in range(9):
        windows.append(backoff.window_s(SLOW_CAP_S))
        backoff.next_delay_s(now_s=0.0, cap_s=SLOW_CAP_S)
    assert windows == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert backoff.window_s() == 5.0, "a transient failure next waits under the short cap"


def test_every_delay_lies_inside_its_window() -> None:
    backoff = Backoff(base_s=0.5, cap_s=30.0, rng=random.Random(2))
    for _ in range(200):
        window = backoff.window_s()
        assert 0.0 <= backoff.next_delay_s(now_s=0.0) <= window


def test_a_connection_that_stayed_up_a_minute_resets_the_backoff() -> None:
    backoff = Backoff(base_s=0.5, cap_s=30.0, stable_s=60.0, rng=random.Random(3))
    for _ in range(5):
        backoff.next_delay_s(now_s=0.0)
    backoff.connected(now_s=100.0)
    backoff.next_delay_s(now_s=161.0)
    assert backoff.failures == 1 and backoff.window_s() == 1.0


def test_a_short_lived_connection_does_not_reset_the_backoff() -> None:
    backoff = Backoff(base_s=0.5, cap_s=30.0, stable_s=60.0, rng=random.Random(4))
    for _ in range(5):
        backoff.next_delay_s(now_s=0.0)
    backoff.connected(now_s=100.0)
    backoff.next_delay_s(now_s=110.0)
    assert backoff.failures == 6 and backoff.window_s() == 30.0


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="base_s"):
        Backoff(base_s=0.0)
    with pytest.raises(ValueError, match="cap_s"):
        Backoff(base_s=2.0, cap_s=1.0)


def test_64_cameras_dropping_together_do_not_reconnect_in_lock_step() -> None:
    """Every camera fails at t=0 and each attempt fails until t=20 s; the attempts
    of the 64 cameras must be spread, not bunched."""
    rng = random.Random(64)
    attempts: list[list[float]] = []
    for _ in range(64):
        backoff = Backoff(base_s=0.5, cap_s=30.0, rng=random.Random(rng.random()))
        t, times = 0.0, []
        while t < 20.0:
            t += backoff.next_delay_s(now_s=t)
            times.append(t)
        attempts.append(times)
    for n in (1, 2, 3, 4):
        nth = sorted(times[n] for times in attempts if len(times) > n)
        window = 0.5 * (2 ** (n + 1) - 1)  # the latest the n-th retry can come
        # Spread over the window: about uniform, so the deviation is large.
        assert statistics.pstdev(nth) > window / 8, f"retry {n} bunched: {nth}"
        # Lock-step would put all 64 in the same instant: no 50 ms holds a quarter.
        busiest = max(sum(1 for t in nth if start <= t < start + 0.05) for start in nth)
        assert busiest <= 16, f"retry {n}: {busiest} of 64 cameras within 50 ms"
    firsts = sorted(times[0] for times in attempts)
    assert max(firsts) - min(firsts) > 0.4, "the first retries span the first window"
    busiest = max(sum(1 for t in firsts if start <= t < start + 0.05) for start in firsts)
    assert busiest <= 16, f"first retry: {busiest} of 64 cameras within 50 ms"
