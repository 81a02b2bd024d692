"""A real ``vedette-server`` process on an ephemeral loopback port, and an SDK client."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.bytecode import environment
from tests.support.child_process import start_until_line
from vedette_api.client import Client

ADMIN_PASSWORD = "Night-Watch-2026!"
READY_TIMEOUT_S = 60.0


def init_data_dir(
    data: Path, password: str = ADMIN_PASSWORD, *, default_volume: bool = True,
    no_admin: bool = False,
) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """``vedette-server init``: with its default volume DATA/recordings added and
    initialised, as a new user gets it, unless ``default_volume`` is False;
    ``no_admin``: an appliance image's admin without a password."""
    flag = "--default-volume" if default_volume else "--no-default-volume"
    extra = ["--no-admin"] if no_admin else []
    return subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(data), flag, *extra],
        env=environment({"VEDETTE_ADMIN_PASSWORD": password}),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@dataclass
class ServerProcess:
    data: Path
    process: subprocess.Popen[str]
    port: int
    known_servers: Path
    lines: list[str] = field(default_factory=list)
    #: The RTSP re-streaming port (None when it is off).
    rtsp_port: int | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def client(self, password: str = ADMIN_PASSWORD) -> Client:
        return Client.connect(
            self.address, username="admin", password=password, known_servers_path=self.known_servers
        )

    def kill(self) -> None:
        """kill -9, as a power cut of the process would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def start_server(
    data: Path, known_servers: Path, *extra: str, env: dict[str, str] | None = None
) -> ServerProcess:
    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", *extra]  # fmt: skip
    if "--local-socket" not in extra:
        # pytest's data directories can be too deep for a Unix socket path (108 bytes).
        argv += ["--local-socket", "none"]
    if "--rtsp-listen" not in extra:
        argv += ["--rtsp-listen", "127.0.0.1:0"]  # an ephemeral port, never 8554
    process, line, seen = start_until_line(argv, "vedette-server ready on", READY_TIMEOUT_S, env)
    rtsp = [x for x in seen if x.startswith("vedette-server RTSP on")]
    rtsp_port = int(rtsp[-1].rsplit(":", 1)[1]) if rtsp else None
    return ServerProcess(data, process, int(line.rsplit(":", 1)[1]), known_servers, seen, rtsp_port)


def wait_for(condition, timeout: float, what: str, interval: float = 0.25):  # type: ignore[no-untyped-def]
    """Poll ``condition()`` until it returns something truthy; fail with ``what``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


@contextmanager
def running_server(directory: Path, *extra: str) -> Iterator[ServerProcess]:
    """A server on a fresh data directory DIRECTORY/data (``init`` with its default
    volume), stopped on leaving: what a module-scoped server fixture yields."""
    result = init_data_dir(directory / "data")
    assert result.returncode == 0, result.stderr
    process = start_server(directory / "data", directory / "known.json", *extra)
    try:
        yield process
    finally:
        process.stop()
