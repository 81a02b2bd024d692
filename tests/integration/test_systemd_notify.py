"""A real vedette-server process run the way systemd runs a ``Type=notify`` unit: a
real AF_UNIX datagram socket as NOTIFY_SOCKET, WATCHDOG_USEC set, and stderr a pipe
that JOURNAL_STREAM names. What the unit relies on: READY=1 once up (and again
after a restart through execv, same PID), the watchdog pinged at about half the
interval, STOPPING=1 at the end, and journal lines with priority prefixes."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess
from tests.support.notify_socket import NotifySocket, pipe_journal_stream
from tests.support.server_process import (
    ADMIN_PASSWORD,
    READY_TIMEOUT_S,
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)
from vedette_api.client import Client

WATCHDOG_USEC = 2_000_000  # pings every 1 s
PING_S = WATCHDOG_USEC / 2e6
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


class JournalPipe:
    """The server's stdout and stderr: one pipe, read in a thread, line by line."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()

    def start_reading(self) -> None:
        os.close(self.write_fd)  # the child holds it now

        def pump() -> None:
            with os.fdopen(self.read_fd, "r", errors="replace") as reader:
                for line in reader:
                    self.lines.append(line.rstrip("\n"))
                    self._queue.put(self.lines[-1])

        threading.Thread(target=pump, daemon=True).start()

    def wait_for_line(self, prefix: str, timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line {prefix!r} in {timeout_s} s:\n" + "\n".join(self.lines))


def test_ready_watchdog_restart_stop_and_journal_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert init_data_dir(data).returncode == 0
    pipe = JournalPipe()
    with NotifySocket() as notify:
        environ = environment(
            {
                "NOTIFY_SOCKET": notify.address,
                "WATCHDOG_USEC": str(WATCHDOG_USEC),
                "JOURNAL_STREAM": pipe_journal_stream(pipe.write_fd),
            }
        )
        argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
                "--listen", "127.0.0.1:0", "--local-socket", "none",
                "--rtsp-listen", "none"]  # fmt: skip
        spawned = time.monotonic()
        server = subprocess.Popen(argv, stdout=pipe.write_fd, stderr=pipe.write_fd, env=environ)
        try:
            pipe.start_reading()
            ready = notify.wait_for("READY=1", READY_TIMEOUT_S)
            assert notify.notifications[ready].value("STATUS") == "recording 0 cameras"
            # Crash recovery ran before, and said so.
            assert notify.wait_for("STATUS=recovering 0 segments", 0) < ready

            # Pings keep coming, from the event loop, at most one per half interval.
            first_ping = notify.wait_for("WATCHDOG=1", 20.0, after=ready)
            third_ping = first_ping
            for _ in range(2):
                third_ping = notify.wait_for("WATCHDOG=1", 20.0, after=third_ping + 1)
            pings, elapsed_s = notify.count("WATCHDOG=1"), time.monotonic() - spawned
            assert 3 <= pings <= elapsed_s / PING_S + 2

            line = pipe.wait_for_line("vedette-server ready on", READY_TIMEOUT_S)
            port = int(line.rsplit(":", 1)[1])
            # Log lines carry syslog priorities and leave the time to journald.
            listening = f"<6>vedette.server: vedette-server listening on 127.0.0.1:{port} (TLS)"
            assert listening in pipe.lines
            assert not [x for x in pipe.lines if TIMESTAMP.search(x)], pipe.lines

            # A restart re-executes the same process: RELOADING, then READY again.
            with Client.connect(
                f"127.0.0.1:{port}",
                username="admin",
                password=ADMIN_PASSWORD,
                known_servers_path=tmp_path / "known.json",
            ) as client:
                before_restart = len(notify.notifications)
                client.restart()
            reloading = notify.wait_for("RELOADING=1", READY_TIMEOUT_S, after=before_restart)
            assert not notify.count("STOPPING=1", after=before_restart)
            ready_again = notify.wait_for("READY=1", READY_TIMEOUT_S, after=reloading + 1)
            assert server.poll() is None
            notify.wait_for("WATCHDOG=1", 20.0, after=ready_again)

            server.send_signal(signal.SIGTERM)
            stopping = notify.wait_for("STOPPING=1", READY_TIMEOUT_S, after=ready_again)
            assert notify.notifications[stopping].value("STATUS") == "stopping"
            assert server.wait(60) == 0
        finally:
            if server.poll() is None:
                server.kill()
                server.wait(10)
        # Every notification came from the main process (the same PID throughout),
        # none from its ingest workers.
        assert {n.pid for n in notify.notifications} == {server.pid}


def test_start_after_a_kill_says_how_many_segments_it_recovers(
    server_factory: Callable[..., ServerProcess],
    camsim_factory: Callable[..., CamsimProcess],
    tmp_path: Path,
) -> None:
    camsim = camsim_factory()
    data = tmp_path / "data"
    # Long segments: the main and sub segments are open when the kill comes.
    server = server_factory("--segment-seconds", "60", data=data)
    with server.client() as client:
        camera = client.create_camera(
            "cam1", camsim.url("cam1", "main"), sub_url=camsim.url("cam1", "sub")
        )

        def recording() -> bool:
            status = client.get_camera(camera.id).status
            return status.main.bytes_written > 0 and status.sub.bytes_written > 0

        wait_for(recording, READY_TIMEOUT_S, "both streams recording")
    server.kill()

    with NotifySocket() as notify:
        environ = {"NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": str(WATCHDOG_USEC)}
        restarted = start_server(data, server.known_servers, env=environ)
        try:
            ready = notify.wait_for("READY=1", READY_TIMEOUT_S)
            before_ready = [n.value("STATUS") or "" for n in notify.notifications[:ready]]
            (recovering,) = [s for s in before_ready if s.startswith("recovering")]
            assert recovering in ("recovering 1 segment", "recovering 2 segments")
            # The status follows the recorder once it is up.
            notify.wait_for("STATUS=recording 1 camera", READY_TIMEOUT_S, after=ready)
        finally:
            assert restarted.stop() == 0
