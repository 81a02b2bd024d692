"""Start a child process and wait for the line that says it is ready, keeping its output."""

from __future__ import annotations

import queue
import subprocess
import threading
import time

from tests.support.bytecode import environment


def start_until_line(
    argv: list[str], prefix: str, timeout_s: float, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str, list[str]]:
    """Run ``argv`` (stdout+stderr merged) until a line starts with ``prefix``.

    Returns the process, that line, and a list that keeps collecting every output
    line in the background. Kills the process and raises with its last lines when
    it exits or stays silent past ``timeout_s``.
    """
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment(env),
    )
    lines: queue.Queue[str | None] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if line.startswith(prefix):

            def drain() -> None:
                while (more := lines.get()) is not None:
                    seen.append(more)

            threading.Thread(target=drain, daemon=True).start()
            return process, line, seen
    process.kill()
    process.wait(5)
    raise RuntimeError(f"{argv[:4]} did not print {prefix!r}:\n" + "\n".join(seen[-60:]))
