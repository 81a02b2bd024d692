"""The Debian unit of the site directory is ``Type=notify`` with a watchdog
(installers/debian/vedette.vedette-directory.service): ``vedette-directory run`` must
send ``READY=1`` once it listens, ping the watchdog, and say ``STOPPING=1`` at SIGTERM,
or systemd would time its start out and kill it. Checked on a real directory
(PostgreSQL) with a datagram socket standing in for systemd's ``NOTIFY_SOCKET``.
"""

from __future__ import annotations

import signal
import socket
import sys
import time
from pathlib import Path

from tests.support.child_process import start_until_line
from tests.support.postgres import PostgresCluster
from tests.support.site_directory import READY_TIMEOUT_S, init_directory

WAIT_S = 30.0


def received_until(sock: socket.socket, wanted: set[str], timeout_s: float) -> set[str]:
    """Every ``KEY=value`` line received until all of ``wanted`` came or the timeout."""
    lines: set[str] = set()
    deadline = time.monotonic() + timeout_s
    while not wanted <= lines and time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            lines.update(sock.recv(4096).decode().splitlines())
        except TimeoutError:
            break
    return lines


def test_the_directory_notifies_systemd_ready_pings_the_watchdog_and_says_it_stops(
    postgres: PostgresCluster, tmp_path: Path
) -> None:
    data = tmp_path / "directory"
    result = init_directory(data, postgres.new_database())
    assert result.returncode == 0, result.stderr
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
        notify.bind(str(tmp_path / "notify.sock"))
        argv = [sys.executable, "-m", "vedette_server.directory.cli", "run", "--data", str(data),
                "--listen", "127.0.0.1:0", "--site-listen", "127.0.0.1:0"]  # fmt: skip
        env = {"NOTIFY_SOCKET": str(tmp_path / "notify.sock"), "WATCHDOG_USEC": "1000000"}
        process, _, _ = start_until_line(argv, "vedette-directory ready on", READY_TIMEOUT_S, env)
        try:
            lines = received_until(notify, {"READY=1", "WATCHDOG=1"}, WAIT_S)
            assert {"READY=1", "WATCHDOG=1"} <= lines, lines
            assert any(line.startswith("STATUS=site test-site on 127.0.0.1:") for line in lines)
            process.send_signal(signal.SIGTERM)
            assert "STOPPING=1" in received_until(notify, {"STOPPING=1"}, WAIT_S)
            assert process.wait(WAIT_S) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(5)
