"""``vedette-server init`` makes the data directory private whatever it was before
(issue 11): an installer's ``mkdir`` leaves 0755 and a umask of 022 would let SQLite
create the catalog, which holds password hashes, 0644."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.support.bytecode import environment
from tests.support.server_process import ADMIN_PASSWORD, start_server


def _init_with_umask_022(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(data),
         "--default-volume"],
        env=environment({"VEDETTE_ADMIN_PASSWORD": ADMIN_PASSWORD}),
        capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: os.umask(0o022),  # what a login shell usually has
    )  # fmt: skip


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_init_on_an_existing_0755_directory_leaves_it_0700_and_the_catalog_and_keys_0600(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)

    result = _init_with_umask_022(data)

    assert result.returncode == 0, result.stderr
    assert _mode(data) == 0o700
    assert _mode(data / "keys") == 0o700 and _mode(data / "tls") == 0o700
    catalog_files = [p for p in data.iterdir() if p.name.startswith("catalog.sqlite3")]
    assert catalog_files, list(data.iterdir())
    keys = [*(data / "keys").iterdir(), *(data / "tls").glob("*.key")]
    assert {p.name for p in keys} >= {"signing.key", "credentials.key", "server.key"}
    assert {p.name: _mode(p) for p in catalog_files + keys} == {
        p.name: 0o600 for p in catalog_files + keys
    }
    # Nothing else in it is readable by others either (the umask was 077 while it ran).
    others = [p for p in data.rglob("*") if _mode(p) & 0o077]
    assert others == [], [f"{p}: {oct(_mode(p))}" for p in others]


def test_init_on_a_fresh_path_makes_it_0700(tmp_path: Path) -> None:
    data = tmp_path / "deep" / "data"

    result = _init_with_umask_022(data)

    assert result.returncode == 0, result.stderr
    assert _mode(data) == 0o700
    assert _mode(data / "catalog.sqlite3") == 0o600


def test_run_makes_a_widened_data_directory_private_again(tmp_path: Path) -> None:
    """An administrator's copy or restore (``cp -r``, a tar without -p) widens modes;
    the server narrows them again before it opens anything."""
    data = tmp_path / "data"
    assert _init_with_umask_022(data).returncode == 0
    data.chmod(0o755)
    (data / "catalog.sqlite3").chmod(0o644)
    (data / "keys" / "signing.key").chmod(0o644)
    server = start_server(data, tmp_path / "known.json", "--insecure")
    try:
        assert _mode(data) == 0o700
        assert _mode(data / "catalog.sqlite3") == 0o600
        assert _mode(data / "keys" / "signing.key") == 0o600
    finally:
        server.stop()
