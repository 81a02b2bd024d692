"""rtsp_hostile: what a hostile client on the LAN can make Vedette's RTSP listener hold.

    .venv/bin/python bench/rtsp_hostile.py                          # defaults, ~4 minutes
    .venv/bin/python bench/rtsp_hostile.py --idle-timeout 10 --flood-mb 4   # smoke test

The server is a bare ``RtspServer`` in a child process (``tests/support/
rtsp_listener_process.py``: one G.711 mount, a resolver that counts the DESCRIBEs of
unknown paths on a thread of its own, as the re-stream asks the catalog's), with this
worktree's code and its default ``RtspLimits`` (timeouts can be overridden), then
with the code before the limits (``--old``, default ``/tmp/old-main``, through
``PYTHONPATH``; skipped when absent). Two probes, each against both:

- idle: ``--idle`` connections (default 300, as the issue's probe) opened from ten
  loopback addresses (30 each); two thirds never send a byte, one third send one
  OPTIONS and then nothing. Reported: how many were refused at once (503), how many
  the server held, and when it closed them (per second since the flood, split by
  header and idle timeout) until ``idle timeout + 15 s``.
- pipelining: one connection pipelines ``--flood-mb`` MB (default 17, as the issue's
  probe) of OPTIONS, DESCRIBE of the mount and DESCRIBE of unknown paths, and never
  reads; it stops when the server has not taken a byte for 10 s. Reported: the bytes
  sent, the server's peak RSS growth (sampled every 0.1 s), the requests it answered
  (resolver calls × 3), and once the client has gone (a reset, its responses unread)
  how many requests the server still answered, and how long and how much CPU it went
  on working (until its tasks are back to what they were, at most ``--busy-cap`` s).

Prints the JSON (and writes it to ``bench/results/rtsp_hostile-<UTC timestamp>.json``,
or ``--out``). Traffic stays on 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import psutil
from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.rtsp_listener_process import (  # noqa: E402
    ListenerProcess,
    pipeline_flood,
    start_listener,
)

NAME = "rtsp_hostile"
SOURCES = [f"127.0.0.{i}" for i in range(2, 12)]  # ten addresses of this machine
OPTIONS = b"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"


def old_python_path(old: Path) -> str:
    return ":".join(str(old / part) for part in ("protos", "server", "hw", "console"))


# -- idle connections -----------------------------------------------------------------


async def _idle_connection(
    port: int, source: str, ask_once: bool, window_s: float
) -> dict[str, Any]:
    """One idle connection: what happened to it within ``window_s``."""
    opened = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    received = b""
    if ask_once:
        writer.write(OPTIONS)
    deadline = opened + window_s
    closed_at = None
    try:
        while (left := deadline - time.monotonic()) > 0:
            chunk = await asyncio.wait_for(reader.read(65536), left)
            if not chunk:
                closed_at = time.monotonic()
                break
            received += chunk
    except (TimeoutError, ConnectionError) as error:
        if isinstance(error, ConnectionError):
            closed_at = time.monotonic()
    finally:
        writer.close()
    refused = received.startswith(b"RTSP/1.0 503")
    return {"opened": opened, "closed": closed_at, "refused": refused, "asked": ask_once}


async def _idle_probe(port: int, count: int, window_s: float) -> list[dict[str, Any]]:
    tasks = []
    for i in range(count):
        source = SOURCES[i % len(SOURCES)]
        tasks.append(_idle_connection(port, source, ask_once=i % 3 == 2, window_s=window_s))
    return await asyncio.gather(*tasks)


def idle_probe(server: ListenerProcess, count: int, window_s: float) -> dict[str, Any]:
    outcomes = asyncio.run(_idle_probe(server.port, count, window_s))
    start = min(o["opened"] for o in outcomes)
    refused = [o for o in outcomes if o["refused"]]
    held = [o for o in outcomes if not o["refused"]]
    closed = [o for o in held if o["closed"] is not None]
    per_second: dict[str, dict[str, int]] = {}
    for o in closed:
        second = str(int(o["closed"] - start))
        kind = "after_one_request" if o["asked"] else "silent"
        per_second.setdefault(second, {"silent": 0, "after_one_request": 0})[kind] += 1
    stats = server.stats()
    return {
        "opened": len(outcomes),
        "refused_at_once": len(refused),
        "held": len(held),
        "closed_within_window": len(closed),
        "still_open_at_window_end": len(held) - len(closed),
        "window_s": window_s,
        "closed_per_second_since_flood": dict(
            sorted(per_second.items(), key=lambda kv: int(kv[0]))
        ),
        "last_close_s": round(max((o["closed"] - start for o in closed), default=0.0), 2),
        "server_counters": stats["counters"],
    }


# -- pipelining -------------------------------------------------------------------------


def pipelining_probe(server: ListenerProcess, flood_mb: float, busy_cap_s: float) -> dict[str, Any]:
    process = psutil.Process(server.pid)
    baseline = server.stats()
    started = time.monotonic()
    flood = pipeline_flood(server.port, server.pid, int(flood_mb * 2**20), stall_s=10.0)
    flood_s = time.monotonic() - started
    rss_at_end = process.memory_info().rss
    cpu = process.cpu_times()
    cpu_before = cpu.user + cpu.system
    flood.close()
    left = time.monotonic()
    busy_s = None
    answered_when_gone = None
    peak = max(flood.peak_rss_bytes, rss_at_end)
    while time.monotonic() - left < busy_cap_s:
        peak = max(peak, process.memory_info().rss)
        with contextlib.suppress(RuntimeError):
            stats = server.stats(timeout_s=1.0)
            if stats["connections"] == 0 and answered_when_gone is None:
                answered_when_gone = stats["resolver_calls"] * 3
            if stats["connections"] == 0 and stats["tasks"] == baseline["tasks"]:
                busy_s = time.monotonic() - left
                break
        time.sleep(0.1)
    cpu = process.cpu_times()
    final = server.stats(timeout_s=busy_cap_s)
    return {
        "sent_mb": round(flood.sent_bytes / 2**20, 2),
        "flood_seconds": round(flood_s, 1),
        "requests_sent_about": flood.requests,
        "requests_answered_about": final["resolver_calls"] * 3,
        "rss_baseline_mb": round(baseline["rss_bytes"] / 2**20, 1),
        "rss_peak_growth_mb": round((peak - baseline["rss_bytes"]) / 2**20, 1),
        "rss_after_mb": round(final["rss_bytes"] / 2**20, 1),
        "requests_answered_after_client_left_about": None
        if answered_when_gone is None
        else final["resolver_calls"] * 3 - answered_when_gone,
        "busy_after_client_left_s": None if busy_s is None else round(busy_s, 2),
        "busy_cap_s": busy_cap_s,
        "cpu_s_after_client_left": round(cpu.user + cpu.system - cpu_before, 2),
    }


# -- driver -------------------------------------------------------------------------------


def run_code(label: str, python_path: str | None, args: argparse.Namespace) -> dict[str, Any]:
    limits = {"header_timeout_s": args.header_timeout, "idle_timeout_s": args.idle_timeout}
    window = args.idle_timeout + 15.0
    result: dict[str, Any] = {"code": label}
    server = start_listener(limits, python_path=python_path)
    try:
        result["limits_supported"] = server.stats()["counters"] is not None
        print(f"{label}: idle probe ({args.idle} connections, {window:.0f} s)…", file=sys.stderr)
        result["idle"] = idle_probe(server, args.idle, window)
    finally:
        server.stop()
    server = start_listener(limits, python_path=python_path)
    try:
        print(f"{label}: pipelining probe ({args.flood_mb} MB)…", file=sys.stderr)
        result["pipelining"] = pipelining_probe(server, args.flood_mb, args.busy_cap)
    finally:
        server.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=300, help="idle connections (300)")
    parser.add_argument("--flood-mb", type=float, default=17.0, help="pipelined MB (17)")
    parser.add_argument("--header-timeout", type=float, default=10.0)
    parser.add_argument("--idle-timeout", type=float, default=60.0)
    parser.add_argument("--busy-cap", type=float, default=120.0, help="s to watch after the flood")
    parser.add_argument("--old", type=Path, default=Path("/tmp/old-main"), help="code before")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result: dict[str, Any] = {
        "benchmark": NAME,
        "machine": machine_info(),
        "limits_under_test": {
            "header_timeout_s": args.header_timeout,
            "idle_timeout_s": args.idle_timeout,
            "others": "RtspLimits defaults",
        },
        "current": run_code("current", None, args),
    }
    if (args.old / "server" / "vedette_server").is_dir():
        result["old"] = run_code(f"old ({args.old})", old_python_path(args.old), args)
        new, old = result["current"]["pipelining"], result["old"]["pipelining"]
        result["rss_growth_ratio_old_over_current"] = round(
            old["rss_peak_growth_mb"] / max(new["rss_peak_growth_mb"], 0.1), 1
        )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2)
    out.write_text(text + "\n")
    print(text)
    print(f"results: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
