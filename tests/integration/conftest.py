"""Fixtures of the integration tests that only some modules use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresCluster, remove_cluster, start_cluster
from tests.support.site_directory import DirectoryProcess, init_directory, start_directory


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
    result = init_directory(tmp_path / "directory", postgres.new_database())
    assert result.returncode == 0, result.stderr
    assert "Site CA hash: sha256:" in result.stdout
    process = start_directory(tmp_path / "directory")
    yield process
    process.stop()
