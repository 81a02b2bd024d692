"""Shared fixtures: real camsim and vedette-server processes on ephemeral loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server

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


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """Initialise a data directory (with its default volume added and initialised on
    first start) and run vedette-server on it; every server is stopped at the end."""
    started: list[ServerProcess] = []
    known = tmp_path / "known_servers.json"

    def factory(*extra: str, data: Path | None = None, volume: bool = True) -> ServerProcess:
        data = data or tmp_path / "data"
        if not data.exists():
            result = init_data_dir(data)
            assert result.returncode == 0, result.stderr
        server = start_server(data, known, *extra)
        started.append(server)
        if volume:
            with server.client() as client:
                if not client.list_volumes():
                    added = client.add_volume(str(data / "recordings"))
                    client.initialize_volume(added.id)
        return server

    yield factory
    for server in started:
        server.stop()
