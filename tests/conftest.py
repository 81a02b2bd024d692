"""Shared fixtures: real camsim and vedette-server processes on ephemeral loopback ports."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support import process_leaks
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.postgres import PostgresCluster, remove_cluster, start_cluster
from tests.support.server_process import ServerProcess, init_data_dir, start_server
from tests.support.site_directory import DirectoryProcess, init_directory, start_directory

# Small pictures keep the one-time encoding cheap; tests that check 1080p say so.
SMALL = ("--main", "640x360", "--sub", "320x180", "--main-kbps", "1000", "--sub-kbps", "256")

# Property tests check what code does, not how fast: Hypothesis's 200 ms deadline per
# example failed a parser test whose one example took 881 ms on a loaded CI machine
# (0.26 ms when rerun). Timings belong in bench/.
settings.register_profile("vedette", deadline=None)
settings.load_profile("vedette")

#: Every process this session starts inherits the tag (set before any test runs).
SESSION_TAG = process_leaks.new_tag()
#: How long processes may take to end after the session's last fixture stopped them.
SESSION_END_GRACE_S = 30.0


def pytest_configure(config: pytest.Config) -> None:
    os.environ[process_leaks.TAG_VARIABLE] = SESSION_TAG


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_session() -> Iterator[None]:
    """Fails the session (an error at the teardown of its last test) when a process it
    started is still running once every fixture has stopped what it owns: a server,
    camsim, ingest worker, pool worker or forkserver left behind. Set up first, so it
    is torn down last. This interpreter's own forkserver and resource tracker end
    with it and are not counted; their pool workers are."""
    yield
    tagged = process_leaks.tagged(SESSION_TAG)
    helpers = {p.pid for p in process_leaks.own_multiprocessing_helpers(tagged)}
    left = process_leaks.still_running(
        [p for p in tagged if p.pid not in helpers], SESSION_END_GRACE_S
    )
    if left:
        report = process_leaks.describe(left)
        process_leaks.terminate(left)
        pytest.fail(
            f"{len(left)} process(es) started by this test session were still running"
            f" {SESSION_END_GRACE_S:g} s after its end (now killed):\n{report}",
            pytrace=False,
        )


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
    """Initialise a data directory (with the default volume ``init`` adds, unless
    ``volume=False``: then it has none) and run vedette-server on it; every server
    is stopped at the end."""
    started: list[ServerProcess] = []
    known = tmp_path / "known_servers.json"

    def factory(*extra: str, data: Path | None = None, volume: bool = True) -> ServerProcess:
        data = data or tmp_path / "data"
        if not data.exists():
            result = init_data_dir(data, default_volume=volume)
            assert result.returncode == 0, result.stderr
        server = start_server(data, known, *extra)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One PostgreSQL cluster for the session's site tests (each takes a database of
    its own: ``new_database``); skipped where PostgreSQL is not installed."""
    cluster = start_cluster()
    if cluster is None:
        pytest.skip("PostgreSQL is not installed (make setup installs Debian's postgresql)")
    yield cluster
    remove_cluster(cluster)


@pytest.fixture
def directory(postgres: PostgresCluster, tmp_path: Path) -> Iterator[DirectoryProcess]:
    """A site directory (``vedette-directory``) on a database of its own."""
    result = init_directory(tmp_path / "directory", postgres.new_database())
    assert result.returncode == 0, result.stderr
    assert "Site CA hash: sha256:" in result.stdout
    process = start_directory(tmp_path / "directory")
    yield process
    process.stop()
