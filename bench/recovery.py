"""recovery: kill -9 of vedette-server while N cameras record; what is lost, how soon it records.

    .venv/bin/python bench/recovery.py                      # 16 cameras, 20 kills, 1080p + 360p
    .venv/bin/python bench/recovery.py --kill tree          # the workers die in the same instant
    .venv/bin/python bench/recovery.py --cameras 2 --cycles 3 --kill-after 1 4 \
        --main 320x180 --sub 160x90 --main-kbps 300 --sub-kbps 100    # smoke test, ~30 s

camsim serves N cameras (main + sub, 25 fps; 1920x1080 at 4000 kbit/s and 640x360 at
512 kbit/s unless ``--main``/``--sub`` say otherwise); vedette-server records them
all into one data directory (``--segment-seconds``, default 10, so that kills fall
at every phase of a segment's life, its close and the next one's open included).
Each cycle waits until every stream records, sleeps a random 1–15 s
(``--kill-after``), sends SIGKILL, and restarts the server at once on the same data
directory, as a supervisor would:

- ``--kill main`` (default; what the issue and the integration test do): only the
  main process. The ingest workers get SIGTERM from the kernel
  (``PR_SET_PDEATHSIG``) and close their segment files themselves.
- ``--kill tree``: every ingest worker, then the main process, back to back (an
  OOM kill of the whole service, or the nearest a process test gets to a power cut
  short of losing the page cache).

Measured per cycle, from the catalog (read-only SQLite, WAL; the server alone writes).
The killed server's rows are those up to the newest id at the new server's ready
line (recovery, which may adopt orphan files as rows, runs before it; the new
workers open their first segments later); newer rows are the new server's.

- loss per stream: the kill instant minus the end of the killed server's last
  segment that started before it, once the new server's recovery closed the open
  segments from their files (negative: the workers recorded on after the kill;
  ``loss_s`` counts those as 0). A stream with a segment still open after the
  restart is a failure;
- gap per stream: from that end to the first frame of the new server's first
  segment, i.e. the hole in the recording. It can be shorter than the restart, even
  negative (the two segments overlap): an RTSP camera (camsim too) replays its last
  GOP to a new client, and those frames keep their capture time;
- start-to-recording: from the restart (before ``exec``) until a new segment row of
  *every* stream is in the catalog (polled every 0.1 s; the row is inserted when the
  worker reports the segment file opened, from its first keyframe: stricter than
  "online" in the status, which the workers report once a second), checked against
  the target; and the time to the server's ready line;
- how long the old workers lived on after a ``main`` kill, and whether any still
  ran when the new server started.

After the cycles the server stops (SIGTERM), then ``vedette-server fsck --data DIR``
runs (exit code and summary kept) and ``PRAGMA integrity_check`` reads the catalog.
Targets (issue 3): loss ≤ 1 s per stream, recording again within 5 s.

Results: ``bench/results/recovery-<UTC timestamp>.json`` (or ``--out``), rewritten
after every cycle, and a summary on stdout. Traffic stays on 127.0.0.1; every wait
has a timeout, and camsim and the server are stopped however the script ends (short
of a SIGKILL of the script itself).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from recording import REPO, machine_info
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server

NAME = "recovery"
TARGET_LOSS_S = 1.0
TARGET_RECORDING_S = 5.0
S = 1_000_000
STREAM_NAMES = {1: "main", 2: "sub"}
POLL_S = 0.1
RECORDING_TIMEOUT_S = 90.0
Key = tuple[int, int]  # (camera_id, stream number)


# -- the catalog, read-only ---------------------------------------------------------


def query(catalog: Path, sql: str, params: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """One read-only query on the server's catalog (blocking, a few ms)."""
    with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=10)) as db:
        return db.execute(sql, params).fetchall()


def max_segment_id(catalog: Path) -> int:
    """The newest segment row's id (ids only grow: AUTOINCREMENT)."""
    return int(query(catalog, "SELECT COALESCE(MAX(id), 0) FROM segment", ())[0][0])


def first_starts_after(catalog: Path, after_id: int) -> dict[Key, int]:
    """Per stream, the earliest start of the segment rows newer than ``after_id``."""
    rows = query(
        catalog,
        "SELECT camera_id, stream, MIN(start_us) FROM segment WHERE id > ?"
        " GROUP BY camera_id, stream",
        (after_id,),
    )
    return {(c, s): start for c, s, start in rows}


def last_ends_before(
    catalog: Path, up_to_id: int, killed_us: int
) -> dict[Key, tuple[int | None, int]]:
    """Per stream, among the rows up to ``up_to_id`` that started before ``killed_us``:
    the latest end, and how many are still open (end unknown)."""
    rows = query(
        catalog,
        "SELECT camera_id, stream, MAX(end_us), SUM(end_us IS NULL) FROM segment"
        " WHERE id <= ? AND start_us < ? GROUP BY camera_id, stream",
        (up_to_id, killed_us),
    )
    return {(c, s): (end, open_rows) for c, s, end, open_rows in rows}


def wait_recording(catalog: Path, after_id: int, streams: set[Key]) -> tuple[float, dict[Key, int]]:
    """Poll until every stream has a segment row newer than ``after_id``; returns the
    monotonic instant that was seen, and those segments' starts."""
    deadline = time.monotonic() + RECORDING_TIMEOUT_S
    while time.monotonic() < deadline:
        starts = first_starts_after(catalog, after_id)
        if streams <= starts.keys():
            return time.monotonic(), starts
        time.sleep(POLL_S)
    missing = sorted(streams - first_starts_after(catalog, after_id).keys())
    raise RuntimeError(f"not recording after {RECORDING_TIMEOUT_S:.0f} s: {missing[:8]}")


# -- killing --------------------------------------------------------------------------


class OrphanWatch(threading.Thread):
    """Polls the killed server's workers every 10 ms until they are gone."""

    def __init__(self, workers: list[psutil.Process], killed: float) -> None:
        super().__init__(name="orphan-watch", daemon=True)
        self.workers, self.killed = workers, killed
        self.gone_after_s: float | None = None

    @staticmethod
    def running(proc: psutil.Process) -> bool:
        try:
            return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    def alive(self) -> int:
        return sum(self.running(p) for p in self.workers)

    def run(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not self.alive():
                self.gone_after_s = time.monotonic() - self.killed
                return
            time.sleep(0.01)


def kill_server(server: ServerProcess, mode: str) -> tuple[int, OrphanWatch]:
    """SIGKILL the main process (and with ``tree`` its workers first); returns the
    instant of the kill (µs, taken just before the first signal) and a watch on the
    workers."""
    workers = psutil.Process(server.process.pid).children(recursive=True)
    killed_us, killed = time.time_ns() // 1000, time.monotonic()
    if mode == "tree":
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(10)
    watch = OrphanWatch(workers, killed)
    watch.start()
    return killed_us, watch


# -- one run ----------------------------------------------------------------------------


def problem_lines(server: ServerProcess) -> list[str]:
    return [line for line in server.lines if " ERROR " in line or "Traceback" in line]


def cycle(
    server: ServerProcess, data: Path, streams: set[Key], args: argparse.Namespace, index: int
) -> tuple[ServerProcess, dict[str, Any]]:
    """Kill, restart, wait for every stream, read the losses; returns the new server.

    Rows up to the newest id at the ready line are the killed server's (those it
    inserted, and those recovery adopted from orphan files before the ready line);
    newer rows are the new server's: its workers start after recovery and need an
    RTSP session and half a second of packets before they open a segment."""
    catalog = data / "catalog.sqlite3"
    killed_us, watch = kill_server(server, args.kill)
    old_problems = problem_lines(server)
    restart_us, restarted = time.time_ns() // 1000, time.monotonic()
    orphans_at_restart = watch.alive()
    id_at_kill = max_segment_id(catalog)
    server = start_server(
        data, server.known_servers, "--segment-seconds", str(args.segment_seconds)
    )
    ready_s = time.monotonic() - restarted
    id_at_ready = max_segment_id(catalog)
    seen, starts = wait_recording(catalog, id_at_ready, streams)
    ends = last_ends_before(catalog, id_at_ready, killed_us)
    watch.join(1)
    loss = {k: (killed_us - end) / S for k, (end, _) in ends.items() if end is not None}
    # The hole in the recording: from the killed server's last frame to the new one's
    # first. The new server's first frames can predate the restart: the camera (camsim,
    # as many do) replays its last GOP to a new client, and they keep their capture time.
    gap = {k: (starts[k] - (killed_us - v * S)) / S for k, v in loss.items()}
    worst = max(loss, key=lambda k: loss[k]) if loss else None
    recovery_log = [ln.split("recovery: ", 1)[1] for ln in server.lines if "recovery: " in ln]
    result = {
        "cycle": index,
        "kill_utc_us": killed_us,
        "ready_s": round(ready_s, 3),
        "recording_observed_s": round(seen - restarted, 3),
        "first_new_frame_s": round((max(starts[k] for k in streams) - restart_us) / S, 3),
        "loss_s_by_stream": {name(k): round(v, 3) for k, v in loss.items()},
        "gap_s_by_stream": {name(k): round(v, 3) for k, v in gap.items()},
        "streams_overlapping": sum(v < 0 for v in gap.values()),
        "streams_without_recording_before_kill": len(streams - loss.keys()),
        "open_segments_after_restart": sum(open_rows for _, open_rows in ends.values()),
        "rows_added_by_recovery": id_at_ready - id_at_kill,
        "worst_stream": name(worst) if worst else None,
        "old_workers_alive_at_restart": orphans_at_restart,
        "old_workers_gone_after_s": None
        if watch.gone_after_s is None
        else round(watch.gone_after_s, 3),
        "recovery_log": recovery_log,
        "killed_server_problem_lines": old_problems[:5],
    }
    losses = [max(0.0, v) for v in loss.values()]
    print(
        f"  cycle {index:>2}: loss max {max(losses, default=0):.2f} s "
        f"(median {statistics.median(losses) if losses else 0:.2f}), gap median "
        f"{statistics.median(gap.values()) if gap else 0:.2f} s, ready {ready_s:.2f} s, "
        f"recording {result['recording_observed_s']:.2f} s after restart",
        flush=True,
    )
    return server, result


def name(key: Key) -> str:
    return f"{key[0]}/{STREAM_NAMES[key[1]]}"


def fsck(data: Path) -> dict[str, Any]:
    """``vedette-server fsck`` and SQLite's integrity check of the catalog (blocking)."""
    result = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "fsck", "--data", str(data)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    with contextlib.closing(sqlite3.connect(data / "catalog.sqlite3", timeout=10)) as db:
        integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    lines = result.stdout.splitlines()
    return {
        "fsck_exit_code": result.returncode,
        "fsck_summary": lines[-1] if lines else result.stderr[-500:],
        "fsck_problems_sample": lines[:-1][:10],
        "integrity_check": integrity[:10],
    }


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
        "max": round(ordered[-1], 3),
    }


def summarise(cycles: list[dict[str, Any]]) -> dict[str, Any]:
    raw = [v for c in cycles for v in c["loss_s_by_stream"].values()]
    gaps = [v for c in cycles for v in c["gap_s_by_stream"].values()]
    if not raw:
        return {"cycles": len(cycles)}
    loss = percentiles([max(0.0, v) for v in raw])
    observed = percentiles([c["recording_observed_s"] for c in cycles])
    counted = (
        "open_segments_after_restart",
        "streams_without_recording_before_kill",
        "streams_overlapping",
        "rows_added_by_recovery",
        "old_workers_alive_at_restart",
    )
    total = {k: sum(c[k] for c in cycles) for k in counted}
    return {
        "cycles": len(cycles),
        "stream_kills": len(raw),
        "loss_s": loss,
        "loss_s_min_raw": round(min(raw), 3),  # negative: recorded on after the kill
        "gap_s": {**percentiles(gaps), "min": round(min(gaps), 3)},
        "recording_observed_s": observed,
        "first_new_frame_s": percentiles([c["first_new_frame_s"] for c in cycles]),
        "ready_s": percentiles([c["ready_s"] for c in cycles]),
        **total,
        "loss_target_met": loss["max"] <= TARGET_LOSS_S,
        "recording_target_met": observed["max"] <= TARGET_RECORDING_S,
    }


def run(args: argparse.Namespace, work: Path, report: dict[str, Any], save: Any) -> None:
    """Start camsim and the server, add the cameras, run the cycles, check (blocking)."""
    rng = random.Random(args.seed)
    data, known = work / "data", work / "known_servers.json"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    camsim: CamsimProcess = start_camsim(
        "--main", args.main, "--sub", args.sub, "--main-kbps", str(args.main_kbps),
        "--sub-kbps", str(args.sub_kbps), cameras=args.cameras,
    )  # fmt: skip
    segment = ("--segment-seconds", str(args.segment_seconds))
    server = start_server(data, known, *segment)
    cycles: list[dict[str, Any]] = report.setdefault("cycles", [])
    try:
        with server.client() as client:
            ids = [
                client.create_camera(
                    f"cam{i}", camsim.url(f"cam{i}", "main"), sub_url=camsim.url(f"cam{i}", "sub")
                ).id
                for i in range(1, args.cameras + 1)
            ]
        streams = {(camera_id, s) for camera_id in ids for s in STREAM_NAMES}
        wait_recording(data / "catalog.sqlite3", 0, streams)
        for index in range(1, args.cycles + 1):
            time.sleep(rng.uniform(*args.kill_after))
            if server.process.poll() is not None:
                raise RuntimeError(f"vedette-server exited with {server.process.returncode}")
            server, result = cycle(server, data, streams, args, index)
            cycles.append(result)
            report["results"] = summarise(cycles)
            save()
        report["final_server_exit_code"] = server.stop()
        report["final_server_problem_lines"] = problem_lines(server)[:10]
    finally:
        server.stop()
        camsim.stop()
    print("fsck …", flush=True)
    report["check"] = fsck(data)
    report["recorded_gb"] = round(
        sum(p.stat().st_size for p in (data / "recordings").rglob("*.vseg")) / 1e9, 2
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--cameras", type=int, default=16, help="cameras (default 16)")
    p.add_argument("--cycles", type=int, default=20, help="kills (default 20)")
    p.add_argument("--kill", choices=("main", "tree"), default="main", help="what gets SIGKILL")
    p.add_argument(
        "--kill-after",
        type=float,
        nargs=2,
        default=(1.0, 15.0),
        metavar=("MIN", "MAX"),
        help="seconds of recording before a kill, uniform (default 1 15)",
    )
    p.add_argument("--segment-seconds", type=float, default=10.0, help="server's (default 10)")
    p.add_argument("--main", default="1920x1080", help="camsim main stream size")
    p.add_argument("--sub", default="640x360", help="camsim sub stream size")
    p.add_argument("--main-kbps", type=int, default=4000)
    p.add_argument("--sub-kbps", type=int, default=512)
    p.add_argument("--seed", type=int, default=None, help="random kill moments (default: time)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--work-dir", type=Path, help="where the data directory goes (default /tmp)")
    args = p.parse_args(argv)
    if not 1 <= args.cameras <= 256 or args.cycles < 1:
        p.error("--cameras 1..256, --cycles >= 1")
    if not 0 <= args.kill_after[0] <= args.kill_after[1]:
        p.error("--kill-after MIN MAX with 0 <= MIN <= MAX")
    if args.seed is None:
        args.seed = time.time_ns() % 2**32
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    config = {k: v for k, v in vars(args).items() if k not in ("out", "work_dir")}
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "target": f"loss <= {TARGET_LOSS_S} s per stream; recording again within "
        f"{TARGET_RECORDING_S} s of the restart",
        "config": config,
        "machine": machine_info(),
    }

    def save() -> None:
        out.write_text(json.dumps(report, indent=2) + "\n")

    started = time.monotonic()
    failed = None
    try:
        with tempfile.TemporaryDirectory(prefix=f"{NAME}-", dir=args.work_dir) as work:
            run(args, Path(work), report, save)
    except Exception as error:  # the figures so far still go to the JSON
        failed = f"{type(error).__name__}: {error}"
        report["error"] = failed
        print(f"failed: {failed}", file=sys.stderr)
    report["duration_s"] = round(time.monotonic() - started, 1)
    report["machine"]["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    save()
    print_summary(report)
    print(f"\nresults: {out}")
    return 1 if failed else 0


def print_summary(report: dict[str, Any]) -> None:
    r, check = report.get("results", {}), report.get("check", {})
    if "loss_s" in r:
        loss, gap, seen = r["loss_s"], r["gap_s"], r["recording_observed_s"]
        print(
            f"\n{r['cycles']} kill(s) ({report['config']['kill']}), {r['stream_kills']} "
            f"stream-kills: loss median {loss['median']:.3f} s, p95 {loss['p95']:.3f} s, "
            f"max {loss['max']:.3f} s (target ≤ {TARGET_LOSS_S} s: "
            f"{'met' if r['loss_target_met'] else 'NOT met'})"
        )
        print(
            f"recording again (a new segment row for every stream): median "
            f"{seen['median']:.2f} s, max {seen['max']:.2f} s (target ≤ {TARGET_RECORDING_S} s: "
            f"{'met' if r['recording_target_met'] else 'NOT met'}); server ready median "
            f"{r['ready_s']['median']:.2f} s"
        )
        print(
            f"hole in the recording per stream: median {gap['median']:.2f} s, max "
            f"{gap['max']:.2f} s; {r['streams_overlapping']} stream-kill(s) where the new "
            f"server's first segment overlaps the old one's last (min gap {gap['min']:.2f} s)"
        )
        print(
            f"open segments after restart: {r['open_segments_after_restart']}; rows added by "
            f"recovery: {r['rows_added_by_recovery']}"
        )
    if check:
        print(
            f"fsck exit {check['fsck_exit_code']}: {check['fsck_summary']}; "
            f"integrity_check: {', '.join(check['integrity_check'])}"
        )


if __name__ == "__main__":
    sys.exit(main())
