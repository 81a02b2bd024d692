"""powercut: power cuts while N cameras record onto the power-cut file system.

    .venv/bin/python bench/powercut.py                       # 16 cameras, 200 cuts
    .venv/bin/python bench/powercut.py --cameras 2 --cuts 3  # smoke test, ~1 min

The server's whole data directory (catalog and its recordings volume) lives on
tests/support/powercut_fs.py, a FUSE pass-through that keeps written data in its own
page cache until the file is fsynced and throws it away at a cut (LazyFS's model).
camsim serves N cameras (main + sub, 25 fps); the server records with short segments
(``--segment-seconds``, default 4) and ``--fsync-seconds`` (default 1.5), so that cuts
fall at every phase: segment creation, appends, fdatasyncs, catalog commits and, on a
small disk (``--disk-mb``: the backing directory on a tmpfs of that size, the disk
group's reserve a third of it), retention's deletes. Each cycle waits until every
stream records, then a random ``--cut-after`` seconds, and then:

- SIGKILL of the server and every ingest worker at once, then the cut (the
  file system's daemon killed, a fresh mount on the same backing directory);
- SQLite's ``PRAGMA integrity_check`` of the catalog as the cut left it;
- ``vedette-server fsck --repair --data D``: start-up's recovery (open segments
  closed from their files, orphans adopted, garbage unlinked), then every row checked
  against its file (size, CRC of every record, frame count) and every file against
  the rows: its problems after repair are corruptions or rows and files that do not
  match;
- the restart, and per stream the recording lost: from the last frame kept to the
  kill instant (a stream whose segments all vanished loses from its first frame).

``--faults P``: in a share P of the cycles one random stream's segment files get an
I/O error for the cycle (EIO or ENOSPC on writes, or EIO on reads and writes: a
failing disk), injected by the file system once every stream records and cleared by
the cut. The server must still be running at the cut, and the checks above hold;
that cycle's losses are the fault's (an I/O error takes its volume out of use for a
while, so the volume's other streams may stop too) and are reported apart from the
cuts' losses, to which the 2 s target applies.
``--exports P``: in a share P of the cycles an MP4 export task of a random camera's
last seconds starts just before the wait, so cuts fall during exports; after the
restart every task that says done must download and verify (its signed manifest
and every file), and a task the cut interrupted must not say done.

Results: ``bench/results/powercut-<UTC timestamp>.json`` (or ``--out``), rewritten
after every cut, and a summary on stdout. Targets (issue 18): 0 corruptions, 0 rows
without data, 0 files without a row, loss ≤ 2 s per stream.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from recording import REPO, machine_info
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.powercut_checks import first_starts, integrity, kill_tree, losses_at_cut, max_id
from tests.support.powercut_fs import PowerCutMount, powercut_mount
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from tests.support.small_filesystem import small_filesystem

NAME = "powercut"
TARGET_LOSS_S = 2.0
#: The faults ``--faults`` injects: (name, errno, file system operations).
FAULTS = (
    ("write EIO", errno.EIO, ("write",)),
    ("write ENOSPC", errno.ENOSPC, ("write",)),
    ("read+write EIO", errno.EIO, ("read", "write")),
)
RETENTION_LINE = re.compile(r"retention: (\d+) overwritten")


def fsck(data: Path, *, repair: bool) -> dict[str, Any]:
    """``vedette-server fsck`` (blocking): exit code, summary and the problems."""
    argv = [sys.executable, "-m", "vedette_server.cli", "fsck", "--data", str(data)]
    result = subprocess.run(
        [*argv, *(["--repair"] if repair else [])], capture_output=True, text=True, timeout=1800
    )
    lines = result.stdout.splitlines()
    return {
        "exit_code": result.returncode,
        "summary": lines[-1] if lines else result.stderr[-500:],
        "problems": [ln for ln in lines[:-1] if not ln.startswith("repair:")][:10],
        "repair": next((ln for ln in lines if ln.startswith("repair:")), None),
    }


def recording(server: ServerProcess, camera_ids: list[int]) -> None:
    """Wait until every stream wrote a segment since this server started."""

    def ready() -> bool:
        with server.client() as client:
            statuses = [client.get_camera(camera_id).status for camera_id in camera_ids]
        return all(s.main.bytes_written > 0 and s.sub.bytes_written > 0 for s in statuses)

    wait_for(ready, 120, "every stream recording")


def deleted_by_retention(server: ServerProcess) -> int:
    """Segments this server's retention deleted (its "retention: N overwritten" lines)."""
    return sum(int(m[1]) for line in server.lines if (m := RETENTION_LINE.search(line)))


def inject_fault(fs: PowerCutMount, rng: random.Random, camera_ids: list[int]) -> dict[str, Any]:
    """One stream's segment files fail until the cut (which clears faults)."""
    camera, stream = rng.choice(camera_ids), rng.choice(("main", "sub"))
    name, error, ops = rng.choice(FAULTS)
    fs.fail(f"data/recordings/vedette/{camera}/{stream}/*", error, ops)
    # Keyed as the catalog's rows are (camera/stream code: 1 main, 2 sub).
    return {"stream": f"{camera}/{1 if stream == 'main' else 2}", "fault": name}


def start_export(server: ServerProcess, rng: random.Random, camera_ids: list[int]) -> int:
    """An MP4 export task of a random camera's last 4–12 s; its id."""
    with server.client() as client:
        end = time.time_ns() // 1000
        start = end - rng.randint(4, 12) * 1_000_000
        task = client.create_export_task(items=[(rng.choice(camera_ids), start, end)])
        return int(task.id)


def check_exports(server: ServerProcess, task_ids: list[int], work: Path) -> dict[str, Any]:
    """After the restart: states of the tasks started before the cut, and whether each
    one that says done downloads and verifies."""
    from vedette_api.evidence import verify
    from vedette_api.v1 import export_pb2

    states: dict[str, int] = {}
    broken: list[str] = []
    with server.client() as client:
        key = client.get_server_info().signing_key_fingerprint
        for task_id in task_ids:
            task = client.get_export_task(task_id)
            state = export_pb2.ExportTaskState.Name(task.state).removeprefix("EXPORT_TASK_STATE_")
            states[state] = states.get(state, 0) + 1
            if task.state != export_pb2.EXPORT_TASK_STATE_DONE:
                continue
            folder = work / "downloads" / str(task_id)
            try:
                client.download_export(task, folder)
                verdict = verify(folder, expected_key=key)
                if not verdict.authentic:
                    broken.append(f"task {task_id}: {' / '.join(verdict.lines())[:300]}")
            except Exception as error:  # reported, not fatal: the bench goes on
                broken.append(f"task {task_id}: {type(error).__name__}: {error}"[:300])
    return {"states": states, "done_but_broken": broken}


def server_args(args: argparse.Namespace) -> tuple[str, ...]:
    return ("--segment-seconds", str(args.segment_seconds),
            "--fsync-seconds", str(args.fsync_seconds))  # fmt: skip


def run(args: argparse.Namespace, fs: PowerCutMount, work: Path, report: dict[str, Any],
        save: Any) -> None:  # fmt: skip
    """Record, cut, check, restart: ``args.cuts`` times (blocking)."""
    rng = random.Random(args.seed)
    data, known = fs.mountpoint / "data", work / "known_servers.json"
    catalog = data / "catalog.sqlite3"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    camsim: CamsimProcess = start_camsim(
        "--main", args.main, "--sub", args.sub, "--main-kbps", str(args.main_kbps),
        "--sub-kbps", str(args.sub_kbps), cameras=args.cameras,
    )  # fmt: skip
    server = start_server(data, known, *server_args(args))
    cuts: list[dict[str, Any]] = report.setdefault("cuts", [])
    try:
        with server.client() as client:
            if args.disk_mb:
                reserve = args.disk_mb * 1_000_000 // 3
                client.update_disk_group(1, overwrite=True, reserve_bytes=reserve)
            camera_ids = [
                client.create_camera(
                    f"cam{i}", camsim.url(f"cam{i}", "main"), sub_url=camsim.url(f"cam{i}", "sub")
                ).id
                for i in range(1, args.cameras + 1)
            ]
        id_at_ready = 0
        for index in range(1, args.cuts + 1):
            recording(server, camera_ids)
            exports = [start_export(server, rng, camera_ids)] if rng.random() < args.exports else []
            fault = inject_fault(fs, rng, camera_ids) if rng.random() < args.faults else None
            time.sleep(rng.uniform(*args.cut_after))
            alive = server.process.poll() is None
            starts = first_starts(catalog, id_at_ready)
            report["segments_deleted_by_retention"] = report.get(
                "segments_deleted_by_retention", 0
            ) + deleted_by_retention(server)
            killed_us = kill_tree(server)
            fs.cut()
            check = integrity(catalog)
            repaired = fsck(data, repair=True)
            restarted = time.monotonic()
            server = start_server(data, known, *server_args(args))
            ready_s = time.monotonic() - restarted
            id_at_ready = max_id(catalog)
            loss = losses_at_cut(catalog, starts, killed_us)
            if fault is not None:  # the volume's other streams too: reported apart
                fault["loss_s"] = {k: round(v, 3) for k, v in loss.items() if k == fault["stream"]}
                fault["others_loss_s"] = {
                    k: round(v, 3) for k, v in loss.items() if k != fault["stream"]
                }
                loss = {}
            cuts.append({
                "cut": index,
                "server_running_at_cut": alive,
                "integrity_check": check[:5],
                "fsck_repair": repaired,
                "loss_s_by_stream": {k: round(v, 3) for k, v in loss.items()},
                "fault": fault,
                "exports": check_exports(server, exports, work) if exports else None,
                "ready_s": round(ready_s, 2),
            })  # fmt: skip
            worst = max(loss.values(), default=0.0)
            median = statistics.median(loss.values()) if loss else 0.0
            print(
                f"  cut {index:>3}: integrity {check[0]}, fsck {repaired['summary']}, "
                + (f"fault {fault}" if fault else f"loss max {worst:.2f} s (median {median:.2f})"),
                flush=True,
            )
            report["results"] = summarise(cuts)
            save()
        report["final_server_exit_code"] = server.stop()
    finally:
        server.stop()
        camsim.stop()
    report["final_fsck"] = fsck(data, repair=False)
    report["final_integrity_check"] = integrity(catalog)[:5]
    report["segments_deleted_by_retention"] = report.get("segments_deleted_by_retention", 0) + (
        deleted_by_retention(server)
    )
    report["results"] = summarise(cuts)


def summarise(cuts: list[dict[str, Any]]) -> dict[str, Any]:
    losses = sorted(max(0.0, v) for c in cuts for v in c["loss_s_by_stream"].values())
    corrupt = [c["cut"] for c in cuts if c["integrity_check"] != ["ok"]]
    fsck_failed = [c["cut"] for c in cuts if c["fsck_repair"]["exit_code"] != 0]
    export_states: Counter[str] = Counter()
    for c in cuts:
        if c.get("exports"):
            export_states.update(c["exports"]["states"])
    return {
        "cuts": len(cuts),
        "stream_cuts": len(losses),
        "catalog_corruptions": len(corrupt),
        "cuts_with_fsck_problems_after_repair": len(fsck_failed),
        "fsck_problem_sample": [p for c in cuts for p in c["fsck_repair"]["problems"]][:10],
        "loss_s": {
            "median": round(statistics.median(losses), 3) if losses else None,
            "p95": round(losses[int(0.95 * (len(losses) - 1))], 3) if losses else None,
            "max": round(losses[-1], 3) if losses else None,
        },
        "loss_target_met": bool(losses) and losses[-1] <= TARGET_LOSS_S,
        "server_not_running_at_cut": [
            c["cut"] for c in cuts if not c.get("server_running_at_cut", True)
        ],
        "faults": {
            "cycles": sum(1 for c in cuts if c.get("fault")),
            "by_kind": dict(Counter(c["fault"]["fault"] for c in cuts if c.get("fault"))),
            "faulted_stream_loss_s_max": max(
                (v for c in cuts if c.get("fault") for v in c["fault"]["loss_s"].values()),
                default=None,
            ),
            "other_streams_loss_s_max": max(
                (v for c in cuts if c.get("fault") for v in c["fault"]["others_loss_s"].values()),
                default=None,
            ),
        },
        "exports": {
            "tasks": sum(export_states.values()),
            "states": dict(export_states),
            "done_but_broken": [
                b for c in cuts if c.get("exports") for b in c["exports"]["done_but_broken"]
            ],
        },
        "ready_s_median": round(statistics.median(c["ready_s"] for c in cuts), 2) if cuts else None,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--cameras", type=int, default=16, help="cameras (default 16)")
    p.add_argument("--cuts", type=int, default=200, help="power cuts (default 200)")
    p.add_argument("--cut-after", type=float, nargs=2, default=(0.2, 6.0), metavar=("MIN", "MAX"),
                   help="seconds of recording before a cut, uniform (default 0.2 6)")  # fmt: skip
    p.add_argument("--segment-seconds", type=float, default=4.0, help="server's (default 4)")
    p.add_argument("--fsync-seconds", type=float, default=1.5, help="server's (default 1.5)")
    p.add_argument("--disk-mb", type=int, default=400,
                   help="a tmpfs of this size under the backing directory, so that retention "
                   "deletes during the run (0: the work directory's own disk)")  # fmt: skip
    p.add_argument("--main", default="640x360", help="camsim main stream size")
    p.add_argument("--sub", default="320x180", help="camsim sub stream size")
    p.add_argument("--main-kbps", type=int, default=1000)
    p.add_argument("--sub-kbps", type=int, default=256)
    p.add_argument("--faults", type=float, default=0.0,
                   help="share of cycles with an I/O fault on one stream (default 0)")  # fmt: skip
    p.add_argument("--exports", type=float, default=0.0,
                   help="share of cycles with an export at the cut (default 0)")  # fmt: skip
    p.add_argument("--seed", type=int, default=None, help="random cut moments (default: time)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--work-dir", type=Path, help="where the mount and backing go (default /tmp)")
    args = p.parse_args(argv)
    if not 1 <= args.cameras <= 256 or args.cuts < 1:
        p.error("--cameras 1..256, --cuts >= 1")
    if not (0 <= args.faults <= 1 and 0 <= args.exports <= 1):
        p.error("--faults and --exports are shares, 0..1")
    if not 0 <= args.cut_after[0] <= args.cut_after[1]:
        p.error("--cut-after MIN MAX with 0 <= MIN <= MAX")
    if args.seed is None:
        args.seed = time.time_ns() % 2**32
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "target": "0 corruptions, 0 rows without data, 0 files without a row after fsck, "
        f"loss <= {TARGET_LOSS_S} s per stream",
        "config": {k: v for k, v in vars(args).items() if k not in ("out", "work_dir")},
        "machine": machine_info(),
    }

    def save() -> None:
        out.write_text(json.dumps(report, indent=2) + "\n")

    started = time.monotonic()
    failed = None
    try:
        with contextlib.ExitStack() as stack:
            temporary = tempfile.TemporaryDirectory(prefix=f"{NAME}-", dir=args.work_dir)
            work = disk = Path(stack.enter_context(temporary))
            if args.disk_mb:
                small = stack.enter_context(small_filesystem(work / "disk", args.disk_mb))
                if small is None:
                    raise RuntimeError(f"cannot mount a {args.disk_mb} MB tmpfs (root?)")
                disk = small
            fs = stack.enter_context(powercut_mount(disk / "backing", work / "mnt"))
            run(args, fs, work, report, save)
    except Exception as error:  # the figures so far still go to the JSON
        failed = f"{type(error).__name__}: {error}"
        report["error"] = failed
        print(f"failed: {failed}", file=sys.stderr)
    report["duration_s"] = round(time.monotonic() - started, 1)
    report["machine"]["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    save()
    r = report.get("results", {})
    if r.get("cuts"):
        loss = r["loss_s"]
        print(
            f"\n{r['cuts']} cut(s), {r['stream_cuts']} stream-cuts in {report['duration_s']} s: "
            f"catalog corruptions {r['catalog_corruptions']}, cuts with fsck problems after "
            f"repair {r['cuts_with_fsck_problems_after_repair']}; loss per stream median "
            f"{loss['median']} s, p95 {loss['p95']} s, max {loss['max']} s (target ≤ "
            f"{TARGET_LOSS_S} s: {'met' if r['loss_target_met'] else 'NOT met'})"
        )
        print(
            f"server not running at a cut: {r['server_not_running_at_cut'] or 'never'}; "
            f"fault cycles {r['faults']['cycles']} {r['faults']['by_kind']} (loss max: faulted "
            f"stream {r['faults']['faulted_stream_loss_s_max']} s, others "
            f"{r['faults']['other_streams_loss_s_max']} s); export tasks "
            f"{r['exports']['tasks']} {r['exports']['states']}, done but broken "
            f"{len(r['exports']['done_but_broken'])}"
        )
    final = report.get("final_fsck")
    if final:
        print(f"final fsck exit {final['exit_code']}: {final['summary']}")
    print(f"\nresults: {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
