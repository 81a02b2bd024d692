"""What every benchmark records about the machine its figures come from.

Imported by the benchmarks as ``from machine import ...`` (they run as scripts from
this folder, which is then first on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import av
import psutil

REPO = Path(__file__).resolve().parent.parent


def command_output(argv: list[str], timeout_s: float = 30.0) -> str | None:
    """First line of a command's output, or None when it cannot run."""
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return text.splitlines()[0] if text else None


def machine_info(**extra: Any) -> dict[str, Any]:
    """Cores, CPU model, memory, versions, commit and load at the start, plus ``extra``
    (what one benchmark's figures also depend on)."""
    model = None
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), None)
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pyav": av.__version__,
        "pyav_ffmpeg": str(av.ffmpeg_version_info),
        "ffmpeg": command_output(["ffmpeg", "-hide_banner", "-version"]),
        "git_commit": command_output(["git", "-C", str(REPO), "rev-parse", "HEAD"]),
        "git_dirty": bool(command_output(["git", "-C", str(REPO), "status", "--porcelain"])),
        "loadavg_at_start": [round(v, 2) for v in os.getloadavg()],
        **extra,
    }
