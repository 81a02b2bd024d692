"""server_start: what one test server costs, ``init`` and ``run`` to ready, in CPU and wall.

    .venv/bin/python bench/server_start.py --tree before=/tmp/before --tree after=.
    .venv/bin/python bench/server_start.py --repeats 2          # smoke test, this checkout

The test suite starts hundreds of servers, each on a new data directory, so their
start-up CPU is most of ``make test``'s time. Each repeat, for each variant in turn
(the order alternates, so a change in the machine's load falls on every variant):
``vedette-server init`` of a new data directory (with its default volume, as the
tests' fixture does), then ``vedette-server run`` until its ready line and on until
its processes are idle (its render pool warmed up: under 0.05 CPU-s in a second),
then SIGTERM and the exit. CPU seconds are user + system of every process of the
start: the server, its pool workers, forkserver and resource tracker (this process
is made their subreaper, so the ones that outlive the server are waited for and
counted too).

A variant is a label, a source tree (its ``server``, ``hw`` and ``protos`` folders go
first on ``PYTHONPATH``; ``git archive HEAD server hw protos | tar -x -C DIR`` makes
one from a commit) and whether Python may keep compiled bytecode: ``--tree
LABEL=DIR`` runs it as the environment says, ``--tree LABEL=DIR:pyc`` with the test
fixtures' bytecode cache under ``build/`` (``tests/support/bytecode.py``). Also
measured per variant, 3 times: ``python -X importtime`` of what ``run`` imports
(``vedette_server.cli`` and ``vedette_server.composition``), the sum of the
top-level imports (wall time: load inflates it), that process's CPU seconds and
the number of modules. Results: medians in
``bench/results/server_start-<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from machine import machine_info  # noqa: E402
from tests.support.bytecode import with_bytecode_cache  # noqa: E402
from tests.support.server_process import ADMIN_PASSWORD  # noqa: E402

NAME = "server_start"
READY = "vedette-server ready on"
TIMEOUT_S = 120.0
SETTLE_TIMEOUT_S = 60.0
_PR_SET_CHILD_SUBREAPER = 36
IMPORT_LINE = re.compile(r"import time:\s*\d+ \|\s*(\d+) \| ( *)\S")


def variant_env(tree: Path, bytecode: bool) -> dict[str, str]:
    """The environment of a variant's processes (module docstring)."""
    env = dict(os.environ, VEDETTE_ADMIN_PASSWORD=ADMIN_PASSWORD)
    roots = [str(tree / part) for part in ("server", "hw", "protos")]
    env["PYTHONPATH"] = os.pathsep.join([*roots, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return with_bytecode_cache(env) if bytecode else env


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_orphans(deadline: float) -> None:
    """Wait for every process left to this subreaper (pool workers, forkserver)."""
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)
    raise SystemExit("processes of a server start were still running 60 s after its exit")


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of a process and its descendants so far (those reaped included)."""
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def wait_settled(pid: int) -> float:
    """When the start's work is done (its pool workers warmed up too): the process
    tree used under 0.05 CPU-s in a second. Without this wait, a SIGTERM at the ready
    line would cut the workers' start short and hide its cost."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    last = tree_cpu_s(pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = tree_cpu_s(pid)
        if now - last < 0.05:
            return time.monotonic()
        last = now
    raise SystemExit(f"the server was still busy {SETTLE_TIMEOUT_S:g} s after its ready line")


def one_start(env: dict[str, str], root: Path) -> dict[str, float]:
    data = root / "data"
    cpu0, wall0 = children_cpu_s(), time.monotonic()
    init = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(data),
         "--default-volume"],
        env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
    )  # fmt: skip
    if init.returncode != 0:
        raise SystemExit(f"init failed: {init.stderr}")
    cpu1, wall1 = children_cpu_s(), time.monotonic()
    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", "--local-socket", "none",
            "--rtsp-listen", "127.0.0.1:0"]  # fmt: skip
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not (line := process.stdout.readline()).startswith(READY):
            lines.append(line)
            if not line or time.monotonic() > wall1 + TIMEOUT_S:
                raise SystemExit("the server did not start:\n" + "".join(lines[-20:]))
        ready = time.monotonic()
        settled = wait_settled(process.pid)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=TIMEOUT_S)
        if process.returncode != 0:
            raise SystemExit(f"the server exited {process.returncode}")
        reap_orphans(time.monotonic() + 60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    return {
        "init_cpu_s": cpu1 - cpu0,
        "init_wall_s": wall1 - wall0,
        "run_cpu_s": children_cpu_s() - cpu1,
        "run_ready_wall_s": ready - wall1,
        "settled_after_ready_s": settled - ready,
    }


def import_time(env: dict[str, str]) -> dict[str, float]:
    """``-X importtime`` of what ``run`` imports: its total (wall seconds, as the
    interpreter's own timer sees them), the process's CPU seconds and module count."""
    cpu0 = children_cpu_s()
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c",
         "import vedette_server.cli, vedette_server.composition"],
        env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=True,
    )  # fmt: skip
    rows = [m for line in result.stderr.splitlines() if (m := IMPORT_LINE.match(line))]
    total_us = sum(int(m[1]) for m in rows if not m[2])
    cpu_s = children_cpu_s() - cpu0
    return {"import_s": total_us / 1e6, "import_cpu_s": cpu_s, "modules": float(len(rows))}


def median(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(s[key] for s in samples), 3) for key in samples[0]}


def parse_variant(text: str) -> tuple[str, Path, bool]:
    label, _, rest = text.partition("=")
    tree, _, mode = rest.partition(":")
    if not label or not tree or mode not in ("", "pyc"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected LABEL=DIR or LABEL=DIR:pyc")
    return label, Path(tree).resolve(), mode == "pyc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=parse_variant, action="append", default=[])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    variants = args.tree or [("this checkout", REPO, False)]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit("prctl(PR_SET_CHILD_SUBREAPER) failed: CPU of orphans is not counted")
    envs = {label: variant_env(tree, pyc) for label, tree, pyc in variants}
    for env in envs.values():  # a first start fills a bytecode cache; not counted
        with tempfile.TemporaryDirectory(prefix="server-start-") as root:
            one_start(env, Path(root))
    starts: dict[str, list[dict[str, float]]] = {label: [] for label in envs}
    imports: dict[str, list[dict[str, float]]] = {label: [] for label in envs}
    for repeat in range(args.repeats):
        order = list(envs.items())
        for label, env in order if repeat % 2 == 0 else order[::-1]:
            with tempfile.TemporaryDirectory(prefix="server-start-") as root:
                starts[label].append(one_start(env, Path(root)))
            if repeat < 3:
                imports[label].append(import_time(env))
            print(label, starts[label][-1], flush=True)
    report: dict[str, Any] = {
        "bench": NAME,
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "repeats": args.repeats,
        "variants": {label: {"tree": str(t), "bytecode_cache": p} for label, t, p in variants},
        "median": {label: median(starts[label]) | median(imports[label]) for label in envs},
        "samples": starts,
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report["median"], indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
