"""cold_start: vedette-server from exec to serving, on a year of recordings against none.

    .venv/bin/python bench/cold_start.py --data /tmp/cold-start          # 16 cameras x 365 days
    .venv/bin/python bench/cold_start.py --cameras 2 --days 10 --repeats 2   # smoke test

Issue 17 asks for the server's cold start to serving with a one-year catalog (an
appliance booting, or the service restarted after an upgrade). Two data directories
made by ``vedette-server init``: one left empty, one given C cameras x D days of
back-to-back 60 s segments with motion and outages (``timeline.build``, the catalog
of bench/timeline.py; ``--data DIR`` keeps it, and a later run with the same
``--data`` reuses it). Their cameras are disabled, so start-up work is what is
measured, not recording.

Each repeat starts ``vedette-server run`` on each directory in turn (the order
alternates, so a change in the machine's load falls on both) and measures, from
``Popen``: the ready line ("vedette-server ready on"), then the first answered
``GetServerInfo`` over TLS and its gRPC health SERVING (what a console or the upgrade
unit waits for). The page cache is emptied before each start (root; ``--warm`` keeps
it), so the catalog and the program are read from the disk as after a boot. The
process's resident memory once serving is kept too. The server then gets SIGTERM
and must exit 0. Results: medians per side and the ratio year /
empty, in ``bench/results/cold_start-<UTC timestamp>.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from machine import machine_info  # noqa: E402
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir  # noqa: E402
from timeline import build  # noqa: E402

NAME = "cold_start"
READY = re.compile(r"vedette-server ready on \S*?:(\d+)")
TIMEOUT_S = 600.0


def prepare(root: Path, cameras: int, days: int) -> tuple[Path, Path, dict[str, Any]]:
    """(empty data dir, year data dir, what the year's catalog holds)."""
    empty, year = root / "empty", root / "year"
    built: dict[str, Any] = {"reused": True}
    for data in (empty, year):
        if not (data / "catalog.sqlite3").exists():
            data.parent.mkdir(parents=True, exist_ok=True)
            result = init_data_dir(data)
            if result.returncode != 0:
                raise SystemExit(f"init {data} failed: {result.stderr}")
            if data == year:
                print(f"building {cameras} cameras x {days} days …", flush=True)
                built = build(data, cameras, days)
                built.pop("camera_ids", None)
    built["catalog_bytes"] = (year / "catalog.sqlite3").stat().st_size
    return empty, year, built


def wait_serving(port: int, data: Path, deadline: float) -> None:
    """Until GetServerInfo answers over TLS and health says SERVING."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    from vedette_api.client import Client

    while True:
        try:
            with Client.connect(
                f"127.0.0.1:{port}", username="admin", password=ADMIN_PASSWORD,
                trust_new=True, known_servers_path=data / "bench-known.json",
            ) as client:  # fmt: skip
                client.get_server_info()
                health = health_pb2_grpc.HealthStub(client.channel)
                answer = health.Check(health_pb2.HealthCheckRequest(), timeout=10)
                if answer.status == health_pb2.HealthCheckResponse.SERVING:
                    return
        except Exception:  # not up yet: keep asking until the deadline
            if time.monotonic() > deadline:
                raise
        time.sleep(0.02)


def drop_caches() -> None:
    """The page cache emptied (root): the catalog is read from the disk, as at boot."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def one_start(data: Path, cold: bool) -> dict[str, float]:
    import psutil

    if cold:
        drop_caches()
    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", "--local-socket", "none",
            "--rtsp-listen", "none"]  # fmt: skip
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        deadline = started + TIMEOUT_S
        port, lines = None, []
        while port is None:
            line = process.stdout.readline()
            lines.append(line)
            if not line or time.monotonic() > deadline:
                raise SystemExit(f"the server on {data} did not start:\n" + "".join(lines[-20:]))
            match = READY.search(line)
            port = int(match[1]) if match else None
        ready = time.monotonic()
        wait_serving(port, data, deadline)
        serving = time.monotonic()
        rss = psutil.Process(process.pid).memory_info().rss
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=120)
        if process.returncode != 0:
            raise SystemExit(f"the server on {data} exited {process.returncode}")
        return {"ready_s": ready - started, "serving_s": serving - started, "rss_mb": rss / 1e6}
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


def summary(samples: list[dict[str, float]]) -> dict[str, float]:
    return {
        key: round(statistics.median(s[key] for s in samples), 3)
        for key in ("ready_s", "serving_s", "rss_mb")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cameras", type=int, default=16)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/vedette-cold-start"))
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--warm", action="store_true", help="keep the page cache (default: emptied each start)"
    )
    args = parser.parse_args()
    os.environ.setdefault("VEDETTE_ADMIN_PASSWORD", ADMIN_PASSWORD)
    empty, year, built = prepare(args.data, args.cameras, args.days)
    samples: dict[str, list[dict[str, float]]] = {"empty": [], "year": []}
    for repeat in range(args.repeats):
        order = [("empty", empty), ("year", year)]
        for side, data in order if repeat % 2 == 0 else order[::-1]:
            samples[side].append(one_start(data, cold=not args.warm))
            print(side, samples[side][-1], flush=True)
    medians = {side: summary(s) for side, s in samples.items()}
    report = {
        "bench": NAME,
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "catalog": built,
        "repeats": args.repeats,
        "page_cache": "warm" if args.warm else "emptied before each start",
        "median": medians,
        "ratio_year_over_empty": {
            key: round(medians["year"][key] / medians["empty"][key], 2)
            for key in ("ready_s", "serving_s")
        },
        "samples": samples,
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps({k: report[k] for k in ("catalog", "median", "ratio_year_over_empty")}))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
