"""``vedette-server set-admin-password``: a server installed by the Debian package makes
its admin without a password at its first start (``init --if-needed --no-admin``, for
the appliance's wizard); a server with no screen gets the first password from this
command, even while it runs, and only that first one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.bytecode import environment
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, start_server
from vedette_api.errors import Unauthenticated

NEW_PASSWORD = "Harbour-Lights-2027!"


def set_admin_password(data: Path, password_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "set-admin-password", "--data", str(data),
         "--admin-password-file", str(password_file)],
        env=environment(), capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_first_password_of_a_passwordless_admin_opens_the_running_server(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert init_data_dir(data, no_admin=True).returncode == 0
    server = start_server(data, tmp_path / "known.json")
    try:
        with pytest.raises(Unauthenticated):  # no password opens it yet
            server.client(ADMIN_PASSWORD).close()
        weak = tmp_path / "weak"
        weak.write_text("admin\n")
        refused = set_admin_password(data, weak)
        assert refused.returncode == 1 and "password" in refused.stderr.lower()

        good = tmp_path / "good"
        good.write_text(NEW_PASSWORD + "\n")
        done = set_admin_password(data, good)
        assert done.returncode == 0, done.stderr
        assert NEW_PASSWORD not in done.stdout + done.stderr  # never echoed
        with server.client(NEW_PASSWORD) as client:  # the running server, not restarted
            assert client.get_server_info().server_id

        again = set_admin_password(data, good)
        assert again.returncode == 1
        assert "has a password already" in again.stderr
    finally:
        server.stop()


def test_an_uninitialised_directory_is_refused(tmp_path: Path) -> None:
    password = tmp_path / "p"
    password.write_text(NEW_PASSWORD)
    result = set_admin_password(tmp_path / "nothing", password)
    assert result.returncode == 1
    assert "is not initialised" in result.stderr
