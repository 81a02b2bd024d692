"""Start ``vedette-camsim`` as a real child process on an ephemeral loopback port."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

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
    env = dict(os.environ, **(extra_env or {}))
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if line.startswith("camsim ready:"):
            port = int(line.rsplit(":", 1)[1].strip("/ "))
            result = CamsimProcess(process, port, seen)
            if "--user" in args:
                result.user = args[args.index("--user") + 1]
            if "--password" in args:
                result.password = args[args.index("--password") + 1]

            def drain() -> None:
                while (more := lines.get()) is not None:
                    seen.append(more)

            threading.Thread(target=drain, daemon=True).start()
            return result
    process.kill()
    process.wait(5)
    raise RuntimeError("camsim did not become ready:\n" + "\n".join(seen[-40:]))
