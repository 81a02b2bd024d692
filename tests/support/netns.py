"""Run a shell script inside a fresh, private network namespace where multicast works.

``unshare -rn`` gives the script its own network stack with only ``lo``; the script
first brings ``lo`` up, turns multicast on, routes 224.0.0.0/4 through it, and gives
it one documentation address (198.51.100.1/32, RFC 5737 TEST-NET-2) because
third-party peers skip loopback addresses when they pick an interface for
WS-Discovery. Nothing sent there can reach the host's own namespace or any network:
this is the only place tests send multicast.

Invariants:
- ``netns_unavailable()`` says why (``unshare`` or ``ip`` missing, or the kernel
  refusing a user/network namespace), so a test can skip with that reason.
- Every process the script starts is in the namespace's process group and is killed
  when the script ends, fails or outlives its bound.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: A non-loopback address for ``lo`` inside the namespace only (RFC 5737 TEST-NET-2).
NETNS_ADDRESS = "198.51.100.1"
SETUP = (
    "ip link set lo up && ip link set lo multicast on"
    " && ip route add 224.0.0.0/4 dev lo"
    f" && ip addr add {NETNS_ADDRESS}/32 dev lo"
)
UNSHARE = ("unshare", "-rn")
PROBE_TIMEOUT_S = 30.0


@functools.cache
def netns_unavailable() -> str | None:
    """Why a private network namespace cannot be made here, or None if it can."""
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (util-linux / iproute2)"
    try:
        result = subprocess.run(
            [*UNSHARE, "sh", "-c", SETUP],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{' '.join(UNSHARE)} failed: {error}"
    if result.returncode != 0:
        return (
            f"{' '.join(UNSHARE)} with lo set to multicast is not permitted here: "
            f"{(result.stderr or result.stdout).strip()[:200]}"
        )
    return None


def camsim_command(*args: str) -> str:
    """The shell words that run this interpreter's camsim with ``args``."""
    argv = [sys.executable, "-m", "vedette_server.camsim.cli", "--rtsp-port", "0", *args]
    return shlex.join(argv)


def wait_for_line_snippet(path: str, text: str, pid_variable: str, timeout_s: int) -> str:
    """Shell lines that wait (at most ``timeout_s``) until ``path`` holds ``text``,
    failing early when the process in ``$pid_variable`` has ended."""
    quoted_path, quoted_text = shlex.quote(path), shlex.quote(text)
    return (
        f"i=0; until grep -q {quoted_text} {quoted_path}; do\n"
        f'  kill -0 "${pid_variable}" 2>/dev/null || {{ echo "exited before {text}" >&2;'
        " exit 97; }\n"
        f'  i=$((i+1)); [ "$i" -le {timeout_s * 2} ] || {{ echo "no {text}" >&2; exit 98; }}\n'
        "  sleep 0.5\n"
        "done\n"
    )


def run_in_netns(
    script: str,
    *,
    cwd: Path,
    timeout_s: float,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (POSIX sh, ``set -eu``) in a new network namespace after SETUP;
    returns its result (stdout and stderr). Kills the whole process group after
    ``timeout_s`` and raises ``subprocess.TimeoutExpired``."""
    full = f"set -eu\n{SETUP}\n{script}"
    process = subprocess.Popen(
        [*UNSHARE, "sh", "-c", full],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **(env or {})),
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        process.communicate(timeout=30)
        raise
    finally:
        _kill_group(process.pid)  # anything the script left running in the background
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def describe(result: subprocess.CompletedProcess[str], files: Sequence[Path] = ()) -> str:
    """A failure message: the script's exit code, its output and the files it wrote."""
    parts = [f"exit {result.returncode}", f"stdout:\n{result.stdout[-3000:]}"]
    parts.append(f"stderr:\n{result.stderr[-3000:]}")
    for path in files:
        text = path.read_text(errors="replace") if path.exists() else "(missing)"
        parts.append(f"{path.name}:\n{text[-4000:]}")
    return "\n".join(parts)
