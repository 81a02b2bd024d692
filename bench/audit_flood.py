"""audit_flood: what a user with no rights costs the audit log and the server's memory.

    .venv/bin/python bench/audit_flood.py                          # this tree, then the old one
    .venv/bin/python bench/audit_flood.py --seconds 5 --sides new  # smoke test

Issue 11's probe: a user whose group has no rights sends, from ``--threads`` threads
for ``--seconds`` seconds, ``ExportService.DownloadExportFile`` calls naming a file
of ``--name-bytes`` characters (7.5 MB, as the probe did, then 1 MB, under the
edge's 1 MiB limit for such requests); each is refused (NOT_FOUND, or
RESOURCE_EXHAUSTED at the edge) and audited. For each side — ``new``
(``--new-tree``, this repository by default) and ``old`` (``--old-tree``, a checkout
of the code before the fix) — and each size, a fresh data directory is initialised
and a ``vedette-server`` child process runs that side's code (``PYTHONPATH`` set to
the tree's folders); the client is this tree's.

Figures per side: calls answered and their rate; the server's RSS before, at its
peak during the flood, and when the flood ends (sampled every 0.25 s, psutil); the
audit bytes stored per refused call (the UTF-8 bytes of the entries' text columns
plus 64 per row, read from the catalog in a read-only connection once the count of
entries stops growing, ``--settle-s`` at most), the entries written and the calls
only counted (``audit.dropped``), the catalog files' growth; and how long
``GetServerInfo`` (status) and ``SearchLogs`` took right after the flood (timeout
``--answer-timeout-s``). A side whose server passes ``--max-rss-gb`` is stopped
early, and says so.

Results: JSON on stdout, also in ``bench/results/audit_flood-<UTC timestamp>.json``
(or ``--out``). Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import grpc
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from machine import machine_info  # noqa: E402
from sides import bearer, login, tree_env  # noqa: E402
from tests.support.child_process import start_until_line  # noqa: E402

from vedette_api.v1 import (  # noqa: E402
    accounts_pb2,
    accounts_pb2_grpc,
    export_pb2,
    export_pb2_grpc,
    system_pb2,
    system_pb2_grpc,
)

NAME = "audit_flood"
ADMIN_PASSWORD = "Night-Watch-2026!"
NOBODY_PASSWORD = "No-Rights-At-All-7"
ROW_BYTES_SQL = (
    "64 + length(CAST(type AS BLOB)) + length(CAST(action AS BLOB))"
    " + length(CAST(username AS BLOB)) + length(CAST(peer AS BLOB))"
    " + length(CAST(outcome AS BLOB)) + length(CAST(message AS BLOB))"
    " + coalesce(length(CAST(detail AS BLOB)), 0)"
)


def _no_rights_user(address: str, admin: str) -> str:
    with grpc.insecure_channel(address) as channel:
        accounts = accounts_pb2_grpc.AccountServiceStub(channel)
        none = accounts_pb2.Rights()
        group = accounts.CreateGroup(
            accounts_pb2.CreateGroupRequest(
                group=accounts_pb2.Group(name="nothing", local_rights=none, remote_rights=none)
            ),
            metadata=bearer(admin),
            timeout=60,
        ).group
        user = accounts_pb2.User(
            name="nobody", password=NOBODY_PASSWORD, group_id=group.id, enabled=True,
            permission_control=True,
        )  # fmt: skip
        accounts.CreateUser(
            accounts_pb2.CreateUserRequest(user=user), metadata=bearer(admin), timeout=60
        )
    return login(address, "nobody", NOBODY_PASSWORD)


class RssSampler(threading.Thread):
    def __init__(self, pid: int, max_rss: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.max_rss = max_rss
        self.peak = 0
        self.by_second: list[float] = []  # RSS in MB, one sample a second
        self.over = threading.Event()
        self.done = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self.done.is_set():
            with contextlib.suppress(psutil.Error):
                rss = self.process.memory_info().rss
                self.peak = max(self.peak, rss)
                if rss > self.max_rss:
                    self.over.set()
                if tick % 4 == 0:
                    self.by_second.append(round(rss / 2**20, 1))
            tick += 1
            self.done.wait(0.25)


def _flood(
    address: str, token: str, name_bytes: int, args: argparse.Namespace, stop: threading.Event
) -> dict[str, Any]:
    request = export_pb2.DownloadExportFileRequest(task_id=424242, name="n" * name_bytes)
    counts: dict[str, int] = {}
    lock = threading.Lock()

    def worker() -> None:
        options = [("grpc.max_send_message_length", 16 << 20)]
        with grpc.insecure_channel(address, options=options) as channel:
            stub = export_pb2_grpc.ExportServiceStub(channel)
            while not stop.is_set():
                try:
                    list(stub.DownloadExportFile(request, metadata=bearer(token), timeout=60))
                    code = "OK"
                except grpc.RpcError as error:
                    code = error.code().name
                with lock:
                    counts[code] = counts.get(code, 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 120)
    return {"codes": counts, "seconds": round(time.monotonic() - started, 2)}


def _log_figures(catalog: Path) -> dict[str, Any]:
    with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=30)) as db:
        rows, size = db.execute(
            f"SELECT count(*), coalesce(sum({ROW_BYTES_SQL}), 0) FROM log_entry"
            " WHERE action = 'export.download'"
        ).fetchone()
        dropped = 0
        for (detail,) in db.execute("SELECT detail FROM log_entry WHERE action = 'audit.dropped'"):
            dropped += json.loads(detail).get("dropped", {}).get("export.download", 0)
    return {"entries": int(rows), "entry_bytes": int(size), "dropped_counted": dropped}


def _settled_log(catalog: Path, settle_s: float) -> dict[str, Any]:
    """The log's figures once its count stops growing (or after ``settle_s``)."""
    deadline = time.monotonic() + settle_s
    last = _log_figures(catalog)
    while time.monotonic() < deadline:
        time.sleep(3)
        now = _log_figures(catalog)
        if now == last:
            return {**now, "settled": True}
        last = now
    return {**last, "settled": False}


def _timed(call: Any, timeout_s: float) -> dict[str, Any]:
    started = time.monotonic()
    try:
        call(timeout_s)
        outcome = "OK"
    except grpc.RpcError as error:
        outcome = error.code().name
    return {"outcome": outcome, "seconds": round(time.monotonic() - started, 3)}


def _catalog_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.glob("catalog.sqlite3*") if p.is_file())


def run_flood(tree: Path, name_bytes: int, args: argparse.Namespace, data: Path) -> dict[str, Any]:
    """One fresh server of ``tree``'s code, one flood of ``name_bytes`` names."""
    env = tree_env(tree)
    init = subprocess.run(
        [sys.executable, "-m", "vedette_server.cli", "init", "--data", str(data)],
        env=dict(env, VEDETTE_ADMIN_PASSWORD=ADMIN_PASSWORD),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if init.returncode != 0:
        raise RuntimeError(f"{tree}: init failed: {init.stderr}")
    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", "--insecure", "--local-socket", "none",
            "--rtsp-listen", "127.0.0.1:0"]  # fmt: skip
    process, line, _ = start_until_line(argv, "vedette-server ready on", 60, env)
    address = f"127.0.0.1:{int(line.rsplit(':', 1)[1])}"
    try:
        admin = login(address, "admin", ADMIN_PASSWORD)
        nobody = _no_rights_user(address, admin)
        time.sleep(1)
        rss_before = psutil.Process(process.pid).memory_info().rss
        catalog_before = _catalog_bytes(data)
        sampler = RssSampler(process.pid, int(args.max_rss_gb * 2**30))
        sampler.start()
        stop = threading.Event()
        threading.Timer(args.seconds, stop.set).start()
        threading.Thread(target=lambda: (sampler.over.wait(), stop.set()), daemon=True).start()
        flood = _flood(address, nobody, name_bytes, args, stop)
        rss_end = psutil.Process(process.pid).memory_info().rss
        with grpc.insecure_channel(address) as channel:
            system = system_pb2_grpc.SystemServiceStub(channel)
            status = _timed(
                lambda t: system.GetServerInfo(
                    system_pb2.GetServerInfoRequest(), metadata=bearer(admin), timeout=t
                ),
                args.answer_timeout_s,
            )
            search = _timed(
                lambda t: system.SearchLogs(
                    system_pb2.SearchLogsRequest(page_size=100), metadata=bearer(admin), timeout=t
                ),
                args.answer_timeout_s,
            )
        log = _settled_log(data / "catalog.sqlite3", args.settle_s)
        sampler.done.set()
        answered = sum(flood["codes"].values())
        return {
            "name_bytes": name_bytes,
            "calls": flood,
            "calls_per_s": round(answered / max(flood["seconds"], 1e-9), 1),
            "stopped_at_max_rss": sampler.over.is_set(),
            "rss_mb": {
                "before": round(rss_before / 2**20, 1),
                "peak_during_flood": round(sampler.peak / 2**20, 1),
                "at_flood_end": round(rss_end / 2**20, 1),
                "by_second": sampler.by_second,
            },
            "audit": {
                **log,
                "bytes_per_logged_call": round(log["entry_bytes"] / max(log["entries"], 1)),
                "bytes_per_refused_call": round(log["entry_bytes"] / max(answered, 1)),
            },
            "catalog_growth_mb": round((_catalog_bytes(data) - catalog_before) / 2**20, 1),
            "after_flood": {"status": status, "search_logs": search},
        }
    finally:
        process.terminate()
        try:
            process.wait(args.settle_s + 60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--name-bytes", default="7500000,1000000", help="comma-separated")
    parser.add_argument("--sides", default="new,old")
    parser.add_argument("--new-tree", type=Path, default=REPO)
    parser.add_argument("--old-tree", type=Path, default=Path("/tmp/old-main"))
    parser.add_argument("--settle-s", type=float, default=60.0)
    parser.add_argument("--answer-timeout-s", type=float, default=30.0)
    parser.add_argument("--max-rss-gb", type=float, default=6.0)
    parser.add_argument("--scratch", type=Path, help="where the data directories go")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    trees = {"new": args.new_tree, "old": args.old_tree}
    result: dict[str, Any] = {
        "benchmark": NAME,
        "machine": machine_info(),
        "settings": {"seconds": args.seconds, "threads": args.threads},
    }
    sizes = [int(size) for size in args.name_bytes.split(",")]
    with tempfile.TemporaryDirectory(prefix="audit-flood-", dir=args.scratch) as scratch:
        for side in args.sides.split(","):
            result[side] = {"tree": str(trees[side]), "floods": []}
            for size in sizes:
                data = Path(scratch) / f"{side}-{size}"
                result[side]["floods"].append(run_flood(trees[side], size, args, data))
                shutil.rmtree(data, ignore_errors=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2)
    out.write_text(text + "\n")
    print(text)
    print(f"\nresults: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
