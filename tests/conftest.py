"""Shared fixtures: real camsim processes on ephemeral loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.support.camsim_process import CamsimProcess, start_camsim

# Small pictures keep the one-time encoding cheap; tests that check 1080p say so.
SMALL = ("--main", "640x360", "--sub", "320x180", "--main-kbps", "1000", "--sub-kbps", "256")


@pytest.fixture
def camsim_factory() -> Iterator[Callable[..., CamsimProcess]]:
    """Start camsim processes; every one is stopped at the end of the test."""
    started: list[CamsimProcess] = []

    def factory(*args: str, cameras: int = 1, small: bool = True) -> CamsimProcess:
        process = start_camsim(*(SMALL if small else ()), *args, cameras=cameras)
        started.append(process)
        return process

    yield factory
    for process in started:
        process.stop()


@pytest.fixture(scope="module")
def camsim_h264() -> Iterator[CamsimProcess]:
    """One small H.264 camera with AAC audio, shared by a module's read-only tests."""
    process = start_camsim(*SMALL, "--audio", cameras=2)
    yield process
    process.stop()
