"""A motion worker that dies is restarted at once, then after 0.5 s, 1 s … 30 s while
it keeps dying within 10 s of its start; one that ran 10 s starts the sequence over."""

from __future__ import annotations

from vedette_server.motion.restart_pacing import (
    MAX_RESTART_DELAY_S,
    STABLE_RUN_S,
    RestartPacing,
)


def test_quick_deaths_wait_at_once_then_double_up_to_the_cap() -> None:
    pacing = RestartPacing()
    delays = [pacing.died(0.1) for _ in range(10)]
    assert delays == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert max(delays) == MAX_RESTART_DELAY_S


def test_a_stable_run_starts_the_sequence_over() -> None:
    pacing = RestartPacing()
    assert [pacing.died(1.0) for _ in range(4)] == [0.0, 0.5, 1.0, 2.0]
    assert pacing.died(STABLE_RUN_S) == 0.0, "it ran long enough: at once"
    assert [pacing.died(STABLE_RUN_S - 0.01) for _ in range(3)] == [0.0, 0.5, 1.0]


def test_the_delays_are_exact_not_jittered() -> None:
    first, second = RestartPacing(), RestartPacing()
    assert [first.died(0) for _ in range(6)] == [second.died(0) for _ in range(6)]
