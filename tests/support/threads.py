"""For tests whose parts run threads (serial-port readers, pty simulators): a clock
that only the test moves, safe to read from those threads, and a fixture that fails
a test leaving any thread behind (tests/conftest.py checks processes, not threads).

A module uses the fixture for every test with
``from tests.support.threads import no_thread_outlives_the_test  # noqa: F401``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

THREAD_EXIT_WAIT_S = 10.0


class ThreadSafeFakeClock:
    """Monotonic seconds advanced by the test only; read from any thread."""

    def __init__(self, start_s: float = 0.0) -> None:
        self._now_s = start_s
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now_s

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now_s += seconds


@pytest.fixture(autouse=True)
def no_thread_outlives_the_test() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_EXIT_WAIT_S
    while (left := set(threading.enumerate()) - before) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not left, f"threads left running: {sorted(t.name for t in left)}"
