"""Waiting for something a real process does, with a generous bound and a clear failure."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    what: str, check: Callable[[], T | None], bound_s: float, interval_s: float = 0.5
) -> T:
    """Call ``check`` until it returns something other than None, and return that; an
    AssertionError naming ``what`` when ``bound_s`` seconds pass first."""
    deadline = time.monotonic() + bound_s
    while True:
        found = check()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {bound_s:g} s: {what}")
        time.sleep(interval_s)
