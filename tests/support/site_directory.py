"""A real ``vedette-directory`` process (on a test PostgreSQL) and a recording server
that joins it, as the site tests and the site bench use them."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.bytecode import environment
from tests.support.child_process import start_until_line

ADMIN_PASSWORD = "Site-Directory-2026!"
READY_TIMEOUT_S = 60.0


def directory_cli(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vedette_server.directory.cli", *args],
        env=environment(env or {}), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def init_directory(
    data: Path, dsn: str, name: str = "test-site"
) -> subprocess.CompletedProcess[str]:
    return directory_cli(
        "init", "--data", str(data), "--database", dsn, "--name", name,
        env={"VEDETTE_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DirectoryProcess:
    data: Path
    process: subprocess.Popen[str]
    port: int
    site_port: int
    lines: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def token(self, valid_seconds: int | None = None) -> dict[str, str]:
        extra = [] if valid_seconds is None else ["--valid-seconds", str(valid_seconds)]
        result = directory_cli("token", "--data", str(self.data), "--json", *extra)
        assert result.returncode == 0, result.stderr
        return dict(json.loads(result.stdout))

    def kill(self) -> None:
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


def start_directory(data: Path, *, port: int = 0, site_port: int | None = None) -> DirectoryProcess:
    argv = [sys.executable, "-m", "vedette_server.directory.cli", "run", "--data", str(data),
            "--listen", f"127.0.0.1:{port}"]  # fmt: skip
    argv += ["--site-listen", f"127.0.0.1:{0 if site_port is None else site_port}"]
    process, line, seen = start_until_line(argv, "vedette-directory ready on", READY_TIMEOUT_S)
    site_lines = [x for x in seen if x.startswith("vedette-directory site port on")]
    return DirectoryProcess(
        data,
        process,
        int(line.rsplit(":", 1)[1]),
        int(site_lines[-1].rsplit(":", 1)[1]),
        seen,
    )


def join_server(
    data: Path, directory: DirectoryProcess, name: str, *, token: str | None = None,
    ca_hash: str | None = None, standby: bool = False,
) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """``vedette-server join`` with a fresh token and the right CA hash unless given."""
    issued = directory.token() if token is None or ca_hash is None else {}
    return subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "join", "--data", str(data),
         "--directory", directory.address, "--name", name,
         "--ca-hash", ca_hash or issued["ca_hash"], *(["--standby"] if standby else [])],
        env=environment({"VEDETTE_JOIN_TOKEN": token or issued["token"]}),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
