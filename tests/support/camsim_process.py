"""Start ``vedette-camsim`` as a real child process on an ephemeral loopback port."""

from __future__ import annotations

import signal
import subprocess
import sys
from dataclasses import dataclass, field

from tests.support.child_process import start_until_line

READY_TIMEOUT_S = 300.0  # first run encodes the loops; later runs read the cache


@dataclass
class CamsimProcess:
    """A running camsim; ``url(cam, stream)`` gives its RTSP URLs."""

    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)
    user: str | None = None
    password: str | None = None

    def url(self, camera: str = "cam1", stream: str = "main", *, auth: bool = True) -> str:
        credentials = ""
        if auth and self.user:
            credentials = f"{self.user}:{self.password}@"
        return f"rtsp://{credentials}127.0.0.1:{self.port}/{camera}/{stream}"

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode


def start_camsim(
    *args: str, cameras: int = 1, extra_env: dict[str, str] | None = None
) -> CamsimProcess:
    """Run camsim with ``args`` and wait for its ready line; raises with its output on failure."""
    argv = [sys.executable, "-m", "vedette_server.camsim.cli", "--cameras", str(cameras)]
    argv += ["--rtsp-port", "0", *args]
    process, line, seen = start_until_line(argv, "camsim ready:", READY_TIMEOUT_S, extra_env)
    result = CamsimProcess(process, int(line.rsplit(":", 1)[1].strip("/ ")), seen)
    if "--user" in args:
        result.user = args[args.index("--user") + 1]
    if "--password" in args:
        result.password = args[args.index("--password") + 1]
    return result
