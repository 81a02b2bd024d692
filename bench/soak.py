"""soak: hours of camera faults, viewers, playback, exports and retention on one server.

    .venv/bin/python bench/soak.py                          # 16 cameras, 4 h
    .venv/bin/python bench/soak.py --duration-minutes 5 --sample-seconds 15 \
        --fault-every 60 --shared-every 120                 # smoke run, ~8 min
    .venv/bin/python bench/soak.py --herd                   # 64 cameras dropped at once

camsim serves N cameras (main 640x360 + sub 320x180, 25 fps) behind bench/soak_proxy.py,
a loopback relay that logs every connection the server opens and every instant media
starts flowing again. A real ``vedette-server`` records them with 10 s segments into
a data directory on a small ext4 image (``--disk-mb``; the disk group's reserve a
third of it, overwrite on), so retention deletes all along. Meanwhile:

- each camera gets a camsim fault about every ``--fault-every`` seconds, at random:
  ``drop`` (3-20 s without packets), ``corrupt`` or ``truncate`` (5 % of the frames
  for 30 s), ``jump`` (its clock ±20 s), ``close`` (connections closed, 503 for
  2-10 s) or ``close`` then ``refuse-auth`` (401 for 5-20 s);
- every ``--shared-every`` seconds the relay drops every stream at once and refuses
  them for 3 s (a shared fault: the reconnects must spread, not march in step);
- ``--viewers`` live viewers and ``--playbacks`` playback sessions cycle through the
  cameras (each its own gRPC client, 20-60 s per session); an MP4 export of the
  last minute every ``--export-every`` seconds.

Every ``--sample-seconds``: RSS, open fds (``/proc/PID/fd``) and threads
(``/proc/PID/status``) of the server and of its process tree (ingest workers),
the catalog's size (SQLite file, WAL and shm) and the volume's use; and the recorded
coverage since the last sample up to 60 s ago (every segment there is closed, none
yet deleted by retention) from the catalog (read-only): per stream, the time covered by
segments over the time its camera was up. "Up" leaves out each fault's outage and,
after it, the reconnect allowance (the reconnect target judges that interval);
the strict figure, with the allowance counted, is kept too.

Targets (issue 18 §3), each printed PASS or MISS:

- RSS growth < 5 % after the warm-up (30 min of 4 h: the first 1/8 of the run);
- fds and threads flat: max - min after the warm-up within a bound that a leak of
  one per fault would exceed (``fd_bound`` and ``thread_bound`` below say why);
- coverage >= 99.99 % of each camera's up time;
- every stream's media flowing again (the relay's first media after the outage
  began) within backoff + 2 s of each outage's end: the server's reconnect delay
  is full jitter in [0, min(cap, 0.5 s x 2^n)], cap 5 s, 60 s after a refused login
  (vedette_server/ingest/backoff.py). camsim's fault clock starts a little before
  its ready line: its outages are shifted by the offset the relay measures (when
  it saw camsim close connections for a ``close`` fault);
- no lock-step: no two streams whose first attempts after every shared drop fall
  within 10 ms of each other.

``--herd``: 64 cameras (main streams only, 320x180) all dropped at once
``--herd-drops`` times, 70 s apart (the backoff resets after 60 s up); per drop the
reconnect attempts in 100 ms buckets (target: at most twice the N x 0.1 s / 0.5 s
that the first retry window's jitter gives; lock-step puts all N in one), the spread
of the first attempts, and the time until every stream's media flows again (target:
refusal + cap + 2 s).

Results: ``bench/results/soak-<UTC timestamp>.json`` (or ``--out``), rewritten at
every sample, and PNG plots beside it (``…-resources.png``, ``…-coverage.png``,
``…-attempts.png`` for ``--herd``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import psutil
from machine import REPO, machine_info
from powercut import deleted_by_retention
from soak_proxy import Relay
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, start_server, wait_for
from tests.support.small_filesystem import small_filesystem

from vedette_server.ingest.backoff import DEFAULT_BASE_S, DEFAULT_CAP_S, SLOW_CAP_S

NAME = "soak"
USER, PASSWORD = "soak", "Soak-Camera-2026"
SETUP_S = 120.0  # from camsim's start: the server records every stream by then
WINDOW_LAG_S = 60.0  # coverage up to this long ago: every segment there is closed
MARGIN_S = 2.0  # the "+ 2 s" of the reconnect target: handshake, first keyframe
SHARED_REFUSE_S = 3.0
LOCKSTEP_S = 0.010
TARGET_RSS_GROWTH = 0.05
TARGET_COVERAGE = 0.9999

Interval = tuple[float, float]


@dataclass(frozen=True)
class Outage:
    """A camera unreachable over [start, end] (monotonic s); ``cap_s`` bounds the
    server's reconnect delay after it."""

    camera: str
    kind: str
    start: float
    end: float
    cap_s: float


# -- the fault plan ---------------------------------------------------------------------


def plan_faults(
    rng: random.Random,
    cameras: int,
    first_s: float,
    last_s: float,
    every_s: float,
    quiet: list[Interval],
) -> tuple[list[str], list[tuple[str, str, float, float, float]]]:
    """camsim ``--fault`` options, and (camera, kind, start, outage length, cap) per
    fault (times from camsim's start); none overlaps a ``quiet`` interval."""
    specs: list[str] = []
    plan: list[tuple[str, str, float, float, float]] = []
    kinds = ["drop", "corrupt", "truncate", "jump", "close", "auth"]
    for i in range(1, cameras + 1):
        cam = f"cam{i}"
        t = first_s + rng.uniform(0, every_s)
        while t < last_s:
            kind, at = rng.choice(kinds), f"@{t:.1f}s"
            length, cap = 0.0, DEFAULT_CAP_S
            if kind == "drop":
                length = round(rng.uniform(3, 20), 1)
                these = [f"{cam}:drop={length}s{at}"]
            elif kind in ("corrupt", "truncate"):
                these = [f"{cam}:{kind}=0.05{at}+30s"]
            elif kind == "jump":
                these = [f"{cam}:jump={rng.choice((-20, 20))}s{at}"]
            elif kind == "close":
                length = round(rng.uniform(2, 10), 1)
                these = [f"{cam}:close{at}+{length}s"]
            else:  # a camera that rejects the right password for a while
                length, cap = round(rng.uniform(5, 20), 1), SLOW_CAP_S
                these = [f"{cam}:close{at}", f"{cam}:refuse-auth{at}+{length}s"]
            end = t + max(length, 30.0) + cap + MARGIN_S
            if not any(a < end and t < b for a, b in quiet):
                specs += these
                plan.append((cam, kind, round(t, 1), length, cap))
            t = end + rng.uniform(0.5, 1.5) * every_s
    return specs, plan


# -- intervals --------------------------------------------------------------------------


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif b > a:
            out.append((a, b))
    return out


def overlap(xs: list[Interval], ys: list[Interval]) -> float:
    """Total length of the intersection of two merged interval lists."""
    total, i, j = 0.0, 0, 0
    while i < len(xs) and j < len(ys):
        total += max(0.0, min(xs[i][1], ys[j][1]) - max(xs[i][0], ys[j][0]))
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return total


def up_intervals(window: Interval, down: list[Interval]) -> list[Interval]:
    """``window`` without the ``down`` intervals."""
    out, start = [], window[0]
    for a, b in merge(down):
        if a > start:
            out.append((start, min(a, window[1])))
        start = max(start, b)
    if start < window[1]:
        out.append((start, window[1]))
    return [(a, b) for a, b in out if b > a]


# -- measuring --------------------------------------------------------------------------


def fd_kinds(pid: int) -> dict[str, int]:
    """The main process's descriptors by what they are: sockets, segment files (and
    those of them retention deleted), the catalog, pipes and eventfds, other files:
    what a descriptor leak's cause shows in."""
    kinds: dict[str, int] = {}
    fd_dir = Path(f"/proc/{pid}/fd")
    with contextlib.suppress(OSError):
        for entry in fd_dir.iterdir():
            try:
                target = os.readlink(entry)
            except OSError:
                continue
            if target.startswith("socket:"):
                kind = "socket"
            elif target.startswith(("pipe:", "anon_inode:")):
                kind = "pipe_or_anon"
            elif "/vedette/" in target and target.removesuffix(" (deleted)").endswith(".vseg"):
                kind = "segment_deleted" if target.endswith(" (deleted)") else "segment"
            elif "catalog" in target:
                kind = "catalog"
            else:
                kind = "other_file"
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def process_figures(pid: int) -> dict[str, Any]:
    """RSS (MiB), fds and threads of the server and of its whole process tree."""
    main = psutil.Process(pid)
    tree = [main, *main.children(recursive=True)]
    figures: dict[str, Any] = {"rss_mib": 0.0, "fds": 0, "threads": 0, "processes": 0}
    for proc in tree:
        with contextlib.suppress(psutil.Error):
            memory = proc.memory_info()
            rss, fds, threads = memory.rss / 2**20, proc.num_fds(), proc.num_threads()
            if proc is main:
                # RSS split: anonymous (heaps, arenas, caches: what a leak grows) and
                # file-backed or shared (libraries' pages, mmapped files, SQLite's
                # WAL index), which the kernel can drop and a leak does not grow.
                shared = memory.shared / 2**20
                figures |= {
                    "main_rss_mib": round(rss, 1),
                    "main_anon_mib": round(rss - shared, 1),
                    "main_file_mib": round(shared, 1),
                    "main_fds": fds,
                    "main_fd_kinds": fd_kinds(pid),
                    "main_threads": threads,
                }
            figures["rss_mib"] += rss
            figures["fds"] += fds
            figures["threads"] += threads
            figures["processes"] += 1
    figures["rss_mib"] = round(figures["rss_mib"], 1)
    return figures


def recorded(catalog: Path, window_us: tuple[int, int]) -> dict[tuple[int, int], list[Interval]]:
    """Closed segments overlapping the window, per (camera id, stream), in seconds."""
    sql = (
        "SELECT camera_id, stream, start_us, end_us FROM segment "
        "WHERE end_us IS NOT NULL AND end_us > ? AND start_us < ?"
    )
    uri = f"file:{catalog}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
        rows = db.execute(sql, window_us).fetchall()
    out: dict[tuple[int, int], list[Interval]] = {}
    for camera_id, stream, start, end in rows:
        out.setdefault((camera_id, stream), []).append((start / 1e6, end / 1e6))
    return {key: merge(v) for key, v in out.items()}


class Clock:
    """Monotonic seconds to wall seconds, from one reading of both."""

    def __init__(self) -> None:
        self.mono, self.wall = time.monotonic(), time.time()

    def wall_of(self, mono: float) -> float:
        return self.wall + mono - self.mono


# -- load: viewers, playback, exports ---------------------------------------------------


class Load:
    """Live viewers, playback sessions and exports on threads of their own, each
    with its own gRPC client, until ``stop``; counts what they did and what failed."""

    def __init__(self, server: ServerProcess, camera_ids: list[int], work: Path, seed: int):
        self.server, self.camera_ids, self.work = server, camera_ids, work
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.counts: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.error_samples: dict[str, str] = {}
        self.exports: list[dict[str, Any]] = []
        self.threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def count(self, table: dict[str, int], key: str, n: int = 1) -> None:
        with self._lock:
            table[key] = table.get(key, 0) + n

    def start(self, viewers: int, playbacks: int, export_every_s: float) -> None:
        jobs: list[tuple[str, Callable[[], None]]] = [("live", self._viewer)] * viewers
        jobs += [("playback", self._playback)] * playbacks
        jobs.append(("export", lambda: self._exporter(export_every_s)))
        for index, (name, job) in enumerate(jobs):
            thread = threading.Thread(
                target=self._guard, args=(name, job, 2.0 * index), daemon=True
            )
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(120)

    def _guard(self, name: str, job: Callable[[], None], delay_s: float) -> None:
        """After ``delay_s`` (logins one at a time: the server throttles concurrent
        ones), run ``job``, and again after a failure (connecting included)."""
        self.stopping.wait(delay_s)
        while not self.stopping.is_set():
            try:
                job()
            except Exception as error:  # counted, and the job goes on
                self.count(self.errors, f"{name}: {type(error).__name__}")
                self.error_samples.setdefault(type(error).__name__, str(error)[:300])
                self.stopping.wait(2)

    def _session(self, stream: Any, kind: str) -> None:
        """Read ``stream`` for 20-60 s (closed from a timer: a read may block)."""
        timer = threading.Timer(self.rng.uniform(20, 60), stream.close)
        timer.start()
        try:
            for _ in stream:
                self.count(self.counts, f"{kind}_messages")
                if self.stopping.is_set():
                    break
        finally:
            timer.cancel()
            stream.close()
        self.count(self.counts, f"{kind}_sessions")

    def _viewer(self) -> None:
        with self.server.client() as client:
            while not self.stopping.is_set():
                camera = self.rng.choice(self.camera_ids)
                with client.live(camera, stream=self.rng.choice(("main", "sub"))) as live:
                    self._session(live, "live")

    def _playback(self) -> None:
        with self.server.client() as client:
            while not self.stopping.is_set():
                camera = self.rng.choice(self.camera_ids)
                ago = self.rng.uniform(30, 200)
                with client.playback([camera], ago_seconds=ago, stream="main") as session:
                    self._session(session, "playback")

    def _exporter(self, every_s: float) -> None:
        with self.server.client() as client:
            while not self.stopping.wait(every_s if self.exports else 60):
                camera = self.rng.choice(self.camera_ids)
                end_us = time.time_ns() // 1000 - 30_000_000
                path = self.work / "export.mp4"
                started = time.monotonic()
                entry: dict[str, Any] = {"camera_id": camera, "at_utc": now_utc()}
                try:
                    entry["bytes"] = client.export_to_file(
                        camera, end_us - 60_000_000, end_us, path
                    )
                except Exception as error:
                    entry["error"] = f"{type(error).__name__}: {error}"[:300]
                entry["seconds"] = round(time.monotonic() - started, 2)
                self.exports.append(entry)
                for leftover in self.work.glob("export.mp4*"):
                    leftover.unlink()


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%H:%M:%S")


# -- what a killed run leaves ----------------------------------------------------------

#: In the work folder: this run's pid, its children and its mount, for the next run.
OWNER = "owner.json"


def note_leftover(work: Path, *, pid: int | None = None, mount: Path | None = None) -> None:
    """Note what a run killed with SIGKILL would leave behind (children that outlive
    it, a loop mount), so that the next run can clean it up (``reap_leftovers``)."""
    path = work / OWNER
    owner = json.loads(path.read_text()) if path.exists() else {"pid": os.getpid()}
    if pid is not None:
        cmdline = psutil.Process(pid).cmdline()
        owner.setdefault("children", []).append({"pid": pid, "cmdline": cmdline})
    if mount is not None:
        owner.setdefault("mounts", []).append(str(mount))
    path.write_text(json.dumps(owner))


def reap_leftovers(work_dir: Path) -> list[str]:
    """Kill the children of earlier runs that died without cleaning up, unmount their
    volumes and remove their folders; returns the folders cleaned."""
    cleaned = []
    for folder in sorted(work_dir.glob(f"{NAME}-*")):
        try:
            owner = json.loads((folder / OWNER).read_text())
        except (OSError, ValueError):
            continue
        with contextlib.suppress(psutil.Error):
            if "soak.py" in " ".join(psutil.Process(owner["pid"]).cmdline()):
                continue  # still running
        for child in owner.get("children", []):
            with contextlib.suppress(psutil.Error):
                process = psutil.Process(child["pid"])
                if process.cmdline() == child["cmdline"]:  # not a reused pid
                    for each in [*process.children(recursive=True), process]:
                        with contextlib.suppress(psutil.Error):
                            each.kill()
        for mount in owner.get("mounts", []):
            if os.path.ismount(mount):
                subprocess.run(["umount", "-l", mount], check=False, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        cleaned.append(str(folder))
    return cleaned


# -- the soak run -----------------------------------------------------------------------


@contextlib.contextmanager
def recording_server(data: Path, work: Path) -> Iterator[ServerProcess]:
    """A new data directory and its server (10 s segments), stopped on leaving."""
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    server = start_server(data, work / "known_servers.json", "--segment-seconds", "10")
    note_leftover(work, pid=server.process.pid)
    try:
        yield server
    finally:
        server.stop()


def flows_after(times: list[float], instant: float) -> float | None:
    return next((t for t in times if t >= instant), None)


def calibrated(relay: Relay, planned: list[Outage]) -> tuple[float, list[Outage]]:
    """camsim's fault clock starts a little before its ready line, which ``planned``
    counts from: the offset (median over the ``close`` faults so far of when the
    relay saw camsim end the connections, minus the planned start), and the outages
    shifted by it."""
    seen = []
    for o in planned:
        if o.kind in ("close", "auth"):
            logs = [log for path, log in relay.logs.items() if path.startswith(o.camera + "/")]
            closes = [t for log in logs for t in log.closes if abs(t - o.start) < 5]
            if closes:
                seen.append(min(closes) - o.start)
    offset = statistics.median(seen) if seen else 0.0
    return offset, [replace(o, start=o.start + offset, end=o.end + offset) for o in planned]


def reconnects(relay: Relay, outages: list[Outage], now: float) -> list[dict[str, Any]]:
    """Per outage over by now and per stream: how long after the outage's end media
    flowed again, against the bound (cap + MARGIN_S)."""
    out = []
    for o in outages:
        if o.end + o.cap_s + MARGIN_S + 5 > now:
            continue
        for path, log in relay.logs.items():
            if o.camera != "*" and not path.startswith(o.camera + "/"):
                continue
            back = flows_after(log.flows, o.start + 0.5)  # not media in flight at the start
            delay = None if back is None else round(max(0.0, back - o.end), 3)
            out.append(
                {
                    "stream": path,
                    "kind": o.kind,
                    "end_s": round(o.end, 1),
                    "delay_s": delay,
                    "bound_s": o.cap_s + MARGIN_S,
                    "attempts": sum(o.start <= t <= (back or now) for t in log.attempts),
                }
            )
    return out


def lockstep(relay: Relay, drops: list[float]) -> dict[str, Any]:
    """Pairs of streams whose first attempts after every shared drop were within
    LOCKSTEP_S of each other; and per drop the attempts' 100 ms histogram peak."""
    firsts: dict[str, list[float]] = {}
    peaks = []
    for drop in drops:
        times = []
        for path, log in relay.logs.items():
            after = [t - drop for t in log.attempts if drop <= t < drop + 30]
            firsts.setdefault(path, []).append(after[0] if after else float("nan"))
            times += after
        peaks.append(max(bucket_counts(times), default=0))
    pairs = [
        (a, b)
        for a, b in itertools.combinations(sorted(firsts), 2)
        if all(abs(x - y) <= LOCKSTEP_S for x, y in zip(firsts[a], firsts[b], strict=True))
    ]
    return {
        "drops": len(drops),
        "lockstep_pairs": [list(p) for p in pairs][:20],
        "lockstep_pair_count": len(pairs),
        "attempts_per_100ms_peak": peaks,
    }


def bucket_counts(offsets: list[float], width_s: float = 0.1) -> list[int]:
    if not offsets:
        return []
    counts = [0] * (int(max(offsets) / width_s) + 1)
    for t in offsets:
        counts[int(t / width_s)] += 1
    return counts


def fd_bound(streams: int, clients: int) -> int:
    """Why the fds of the server's tree may vary without a leak, at any two samples:
    per stream its RTSP socket (gone while reconnecting) and a second segment file
    (open at a roll-over); per gRPC client its connection; 8 for exports, catalog
    WAL readers and logs. A leak of one fd per fault (hundreds per hour) exceeds it."""
    return 2 * streams + clients + 8


def thread_bound(clients: int) -> int:
    """Threads may vary by the gRPC server's per-call workers (a live or playback
    call holds up to 2) and 8 for exports and timers; the stream threads are
    permanent. A leak of one thread per session (thousands per run) exceeds it."""
    return 2 * clients + 8


def soak(args: argparse.Namespace, work: Path, report: dict[str, Any], save: Any) -> None:
    rng = random.Random(args.seed)
    duration_s = args.duration_minutes * 60
    end_s = SETUP_S + duration_s
    # half a sample period off the samples' grid: a sample never catches the
    # reconnects of a shared drop half done (32 sockets and files closed at once)
    shared = [
        SETUP_S + args.shared_every * (k + 0.5) + args.sample_seconds / 2
        for k in range(int(duration_s // args.shared_every) + 1)
        if args.shared_every * (k + 0.5) < duration_s - 60
    ]
    quiet = [(t - 10, t + SHARED_REFUSE_S + DEFAULT_CAP_S + 30) for t in shared]
    specs, plan = plan_faults(rng, args.cameras, SETUP_S + 20, end_s - 90, args.fault_every, quiet)
    report["faults_planned"] = {
        k: sum(p[1] == k for p in plan) for k in sorted({p[1] for p in plan})
    }
    with contextlib.ExitStack() as stack:
        disk = stack.enter_context(small_filesystem(work / "disk", args.disk_mb, ext4_only=True))
        if disk is None:
            raise RuntimeError(f"cannot mount a {args.disk_mb} MB ext4 image (root?)")
        note_leftover(work, mount=disk)
        data = disk / "data"
        server = stack.enter_context(recording_server(data, work))
        camsim: CamsimProcess = start_camsim(
            "--main",
            args.main,
            "--sub",
            args.sub,
            "--main-kbps",
            str(args.main_kbps),
            "--sub-kbps",
            str(args.sub_kbps),
            "--user",
            USER,
            "--password",
            PASSWORD,
            *[f"--fault={s}" for s in specs],
            cameras=args.cameras,
        )
        origin = time.monotonic()  # camsim's fault clock starts at its ready line
        note_leftover(work, pid=camsim.process.pid)
        stack.callback(camsim.stop)
        clock = Clock()
        paths = [f"cam{i}/{s}" for i in range(1, args.cameras + 1) for s in ("main", "sub")]
        relay = Relay(camsim.port, paths)
        relay.start()
        stack.callback(relay.stop)
        with server.client() as client:
            reserve = args.disk_mb * 1_000_000 // 3
            client.update_disk_group(1, overwrite=True, reserve_bytes=reserve)
            camera_ids = [
                client.create_camera(
                    f"cam{i}",
                    relay.url(f"cam{i}/main"),
                    sub_url=relay.url(f"cam{i}/sub"),
                    camera_user=USER,
                    camera_password=PASSWORD,
                ).id
                for i in range(1, args.cameras + 1)
            ]
        wait_for(
            lambda: all(log.flows for log in relay.logs.values()),
            max(10.0, SETUP_S - (time.monotonic() - origin)),
            "media from every stream",
        )
        planned = [
            Outage(cam, kind, origin + t, origin + t + length, cap)
            for cam, kind, t, length, cap in plan
            if length > 0
        ]
        load = Load(server, camera_ids, work, rng.randrange(2**32))
        load.start(args.viewers, args.playbacks, args.export_every)
        stack.callback(load.stop)
        names = {cid: f"cam{i}" for i, cid in enumerate(camera_ids, start=1)}
        measure_from, measure_to = origin + SETUP_S, origin + end_s
        samples: list[dict[str, Any]] = report.setdefault("samples", [])
        covered: dict[str, list[float]] = {p: [0.0, 0.0, 0.0] for p in paths}
        drops_done: list[float] = []
        outages: list[Outage] = []
        shared_outages: list[Outage] = []
        next_sample, window_start = time.monotonic(), measure_from
        catalog = data / "catalog.sqlite3"
        while True:
            now = time.monotonic()
            while shared and shared[0] + origin <= now:
                instant = relay.drop_all(SHARED_REFUSE_S)
                drops_done.append(instant)
                shared_outages.append(
                    Outage("*", "shared-drop", instant, instant + SHARED_REFUSE_S, DEFAULT_CAP_S)
                )
                shared.pop(0)
            if now >= next_sample:
                offset, outages = calibrated(relay, planned)
                outages += shared_outages
                report["camsim_clock_offset_s"] = round(offset, 3)
                window_end = min(now - WINDOW_LAG_S, measure_to)
                if window_end > window_start:
                    gaps = add_coverage(
                        covered, catalog, clock, names, outages, (window_start, window_end)
                    )
                    report.setdefault("coverage_gaps", []).extend(gaps)
                    window_start = window_end
                if measure_from <= now <= measure_to:
                    samples.append(sample(server, catalog, disk, now - measure_from, covered))
                    report["results"] = summarise(
                        report, relay, outages, drops_done, covered, load, now, args
                    )
                    save()
                next_sample += args.sample_seconds
            if window_start >= measure_to:
                break
            if server.process.poll() is not None:
                raise RuntimeError(f"vedette-server exited: {server.lines[-20:]}")
            time.sleep(0.1)
        load.stop()
        report["retention_segments_deleted"] = deleted_by_retention(server)
        report["server_offline_lines"] = sum(" offline (" in ln for ln in server.lines)
        report["results"] = summarise(
            report, relay, outages, drops_done, covered, load, time.monotonic(), args
        )
        report["final_server_exit_code"] = server.stop()


def add_coverage(
    covered: dict[str, list[float]],
    catalog: Path,
    clock: Clock,
    names: dict[int, str],
    outages: list[Outage],
    window: Interval,
) -> list[dict[str, Any]]:
    """Add a window's (recorded within up, up, up counting reconnect time) per stream.

    Returns the stretches of up time with no segment (those of 0.5 s or more), to say
    where a stream's coverage went.
    """
    gaps: list[dict[str, Any]] = []
    wall = (clock.wall_of(window[0]), clock.wall_of(window[1]))
    got = recorded(catalog, (int(wall[0] * 1e6), int(wall[1] * 1e6)))
    for path, totals in covered.items():
        cam, stream = path.split("/")
        mine = [o for o in outages if o.camera in (cam, "*")]
        strict = up_intervals(wall, [(clock.wall_of(o.start), clock.wall_of(o.end)) for o in mine])
        up = up_intervals(
            wall,
            [(clock.wall_of(o.start), clock.wall_of(o.end) + o.cap_s + MARGIN_S) for o in mine],
        )
        camera_id = next(cid for cid, name in names.items() if name == cam)
        segments = got.get((camera_id, 1 if stream == "main" else 2), [])
        totals[0] += overlap(segments, up)
        totals[1] += sum(b - a for a, b in up)
        totals[2] += sum(b - a for a, b in strict) - overlap(segments, strict)
        for u in up:
            for a, b in up_intervals(u, segments):
                if b - a >= 0.5:
                    gaps.append(
                        {
                            "stream": path,
                            "from_utc": time.strftime("%H:%M:%S", time.gmtime(a)),
                            "s": round(b - a, 2),
                        }
                    )
    return gaps


def sample(
    server: ServerProcess, catalog: Path, disk: Path, t: float, covered: dict[str, list[float]]
) -> dict[str, Any]:
    sizes = sum(p.stat().st_size for p in catalog.parent.glob(catalog.name + "*"))
    usage = os.statvfs(disk)
    return {
        "t_min": round(t / 60, 2),
        **process_figures(server.process.pid),
        "catalog_mib": round(sizes / 2**20, 2),
        "volume_used_pct": round(100 * (1 - usage.f_bavail / usage.f_blocks), 1),
        "coverage_min": round(min((v[0] / v[1] for v in covered.values() if v[1]), default=1), 6),
    }


def flat(samples: list[dict[str, Any]], key: str, bound: float) -> dict[str, Any]:
    values = [s[key] for s in samples]
    spread = max(values) - min(values) if values else 0
    return {
        "min": min(values, default=None),
        "max": max(values, default=None),
        "spread": spread,
        "bound": bound,
        "pass": bool(values) and spread <= bound,
    }


def summarise(
    report: dict[str, Any],
    relay: Relay,
    outages: list[Outage],
    drops: list[float],
    covered: dict[str, list[float]],
    load: Load,
    now: float,
    args: argparse.Namespace,
) -> dict[str, Any]:
    samples = report["samples"]
    warm = args.duration_minutes / 8
    after = [s for s in samples if s["t_min"] >= warm]
    streams, clients = len(relay.logs), args.viewers + args.playbacks + 2
    results: dict[str, Any] = {"warm_up_min": round(warm, 2), "samples_after_warm_up": len(after)}
    if len(after) >= 2:
        for key in ("rss_mib", "main_rss_mib"):
            first = statistics.median(s[key] for s in after[:3])
            last = statistics.median(s[key] for s in after[-3:])
            growth = last / first - 1
            results[f"{key}_growth"] = {
                "at_warm_up": first,
                "at_end": last,
                "max": max(s[key] for s in after),
                "growth": round(growth, 4),
                "pass": growth < TARGET_RSS_GROWTH,
            }
        anon = [s["main_anon_mib"] for s in after if "main_anon_mib" in s]
        if len(anon) >= 2:
            first = statistics.median(anon[:3])
            results["main_anon_mib_growth"] = {
                "at_warm_up": first,
                "at_end": statistics.median(anon[-3:]),
                "growth": round(statistics.median(anon[-3:]) / first - 1, 4),
                "note": "the main process's anonymous memory: says, not judged",
            }
        results["fds"] = flat(after, "fds", fd_bound(streams, clients))
        kinds = [s["main_fd_kinds"] for s in after if "main_fd_kinds" in s]
        if kinds:  # what the main process's descriptors are, after the warm-up and at the end
            results["main_fd_kinds"] = {"at_warm_up": kinds[0], "at_end": kinds[-1]}
        results["threads"] = flat(after, "threads", thread_bound(clients))
    coverage = {
        p: {
            "recorded_of_up": round(v[0] / v[1], 6) if v[1] else None,
            "up_s": round(v[1], 1),
            "lost_s_counting_reconnects": round(v[2], 2),
        }
        for p, v in covered.items()
    }
    worst = min(
        (c["recorded_of_up"] for c in coverage.values() if c["recorded_of_up"] is not None),
        default=None,
    )
    results["coverage"] = {
        "by_stream": coverage,
        "min": worst,
        "pass": worst is not None and worst >= TARGET_COVERAGE,
    }
    rec = reconnects(relay, outages, now)
    late = [r for r in rec if r["delay_s"] is None or r["delay_s"] > r["bound_s"]]
    delays = sorted(r["delay_s"] for r in rec if r["delay_s"] is not None)
    results["reconnect"] = {
        "stream_outages": len(rec),
        "late": late[:30],
        "late_count": len(late),
        "delay_s": {
            "median": delays[len(delays) // 2] if delays else None,
            "max": delays[-1] if delays else None,
        },
        "by_kind_max_s": {
            k: max((r["delay_s"] or 0 for r in rec if r["kind"] == k), default=None)
            for k in sorted({r["kind"] for r in rec})
        },
        "pass": bool(rec) and not late,
    }
    steps = lockstep(relay, drops)
    results["lockstep"] = steps | {"pass": len(drops) >= 2 and not steps["lockstep_pair_count"]}
    results["load"] = {
        "counts": dict(load.counts),
        "errors": dict(load.errors),
        "error_samples": dict(load.error_samples),
        "exports": load.exports,
    }
    return results


# -- the herd run -----------------------------------------------------------------------


def herd(args: argparse.Namespace, work: Path, report: dict[str, Any], save: Any) -> None:
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(recording_server(work / "data", work))
        camsim = start_camsim(
            "--main", "320x180", "--sub", "none", "--main-kbps", "150", cameras=args.cameras
        )
        note_leftover(work, pid=camsim.process.pid)
        stack.callback(camsim.stop)
        paths = [f"cam{i}/main" for i in range(1, args.cameras + 1)]
        relay = Relay(camsim.port, paths)
        relay.start()
        stack.callback(relay.stop)
        with server.client() as client:
            for i, path in enumerate(paths, start=1):
                client.create_camera(f"cam{i}", relay.url(path))
        wait_for(lambda: all(log.flows for log in relay.logs.values()), 300, "every stream")
        drops: list[dict[str, Any]] = report.setdefault("drops", [])
        n = len(paths)
        peak_bound = 2 * n * 0.1 / DEFAULT_BASE_S
        back_bound = args.herd_refuse + DEFAULT_CAP_S + MARGIN_S
        for index in range(args.herd_drops):
            time.sleep(70)  # up for longer than the backoff's stable_s (60 s): count reset
            drop = relay.drop_all(args.herd_refuse)
            refused_until = drop + args.herd_refuse

            def back(refused_until: float = refused_until) -> bool:
                return all(flows_after(log.flows, refused_until) for log in relay.logs.values())

            with contextlib.suppress(AssertionError):
                wait_for(back, 120, "every stream back")
            time.sleep(1)
            ends = [flows_after(log.flows, refused_until) for log in relay.logs.values()]
            attempts = sorted(
                t - drop
                for log in relay.logs.values()
                for t in log.attempts
                if drop <= t <= max((e or drop + 120) for e in ends)
            )
            firsts = sorted(
                next(t - drop for t in log.attempts if t >= drop) for log in relay.logs.values()
            )
            counts = bucket_counts(attempts)
            all_back = None if None in ends else round(max(e or 0 for e in ends) - drop, 3)
            drops.append(
                {
                    "drop": index + 1,
                    "attempts": len(attempts),
                    "attempts_per_100ms": counts,
                    "attempts_per_100ms_peak": max(counts, default=0),
                    "first_attempt_s": {
                        "min": round(firsts[0], 3),
                        "median": round(statistics.median(firsts), 3),
                        "max": round(firsts[-1], 3),
                    },
                    "all_back_s_after_drop": all_back,
                }
            )
            print(
                f"  drop {index + 1}: {len(attempts)} attempts, peak "
                f"{max(counts, default=0)}/100 ms, all back {all_back} s",
                flush=True,
            )
            report["results"] = {
                "streams": n,
                "refuse_s": args.herd_refuse,
                "peak_bound_per_100ms": peak_bound,
                "all_back_bound_s": back_bound,
                "peak_pass": all(d["attempts_per_100ms_peak"] <= peak_bound for d in drops),
                "all_back_pass": all(
                    d["all_back_s_after_drop"] is not None
                    and d["all_back_s_after_drop"] <= back_bound
                    for d in drops
                ),
            }
            save()
        report["final_server_exit_code"] = server.stop()


# -- output -----------------------------------------------------------------------------


def plot(report: dict[str, Any], out: Path) -> list[str]:
    """PNGs beside the JSON; returns their names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    if report.get("samples"):
        s = report["samples"]
        t = [x["t_min"] for x in s]
        fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
        for ax, keys, label in (
            (axes[0][0], ("rss_mib", "main_rss_mib"), "RSS (MiB)"),
            (axes[0][1], ("fds", "main_fds"), "open fds"),
            (axes[1][0], ("threads", "main_threads"), "threads"),
            (axes[1][1], ("catalog_mib",), "catalog (MiB)"),
        ):
            if keys[0] == "rss_mib" and all("main_anon_mib" in x for x in s):
                keys = (*keys, "main_anon_mib")
            for key in keys:
                ax.plot(
                    t,
                    [x[key] for x in s],
                    label="server tree"
                    if key in ("rss_mib", "fds", "threads")
                    else "main process, anonymous"
                    if key == "main_anon_mib"
                    else "main process"
                    if "main" in key
                    else key,
                )
            ax.set_ylabel(label)
            ax.set_ylim(bottom=0)
            ax.legend(fontsize=8)
        for ax in axes[1]:
            ax.set_xlabel("minutes")
        # A run stopped early has samples but no duration: its last sample's time.
        duration_s = report.get("duration_s", round(s[-1]["t_min"] * 60) if s else 0)
        fig.suptitle(f"soak: {report['config']['cameras']} cameras, {duration_s} s")
        fig.tight_layout()
        path = out.with_name(out.stem + "-resources.png")
        fig.savefig(path, dpi=90)
        made.append(path.name)
        by_stream = report["results"]["coverage"]["by_stream"]
        cams = sorted({p.split("/")[0] for p in by_stream}, key=lambda c: int(c[3:]))
        fig, ax = plt.subplots(figsize=(11, 4))
        lowest = 99.9
        for offset, stream in ((-0.2, "main"), (0.2, "sub")):
            values = [100 * (by_stream[f"{c}/{stream}"]["recorded_of_up"] or 0) for c in cams]
            ax.bar([i + offset for i in range(len(cams))], values, width=0.4, label=stream)
            lowest = min(lowest, *values)
        ax.axhline(100 * TARGET_COVERAGE, color="red", linewidth=1, label="target")
        ax.set_xticks(range(len(cams)), cams, rotation=45)
        ax.set_ylim(lowest - 0.01, 100.002)  # the bars' tops, where the target is
        ax.set_ylabel("recorded / up time (%)")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = out.with_name(out.stem + "-coverage.png")
        fig.savefig(path, dpi=90)
        made.append(path.name)
    if report.get("drops"):
        fig, ax = plt.subplots(figsize=(11, 4))
        for d in report["drops"]:
            counts = d["attempts_per_100ms"]
            ax.step(
                [i / 10 for i in range(len(counts))],
                counts,
                where="post",
                label=f"drop {d['drop']}",
            )
        ax.axhline(
            report["results"]["peak_bound_per_100ms"], color="red", linewidth=1, label="bound"
        )
        ax.set_xlabel("seconds after the drop")
        ax.set_ylabel("attempts per 100 ms")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = out.with_name(out.stem + "-attempts.png")
        fig.savefig(path, dpi=90)
        made.append(path.name)
    plt.close("all")
    return made


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_summary(report: dict[str, Any]) -> None:
    r = report.get("results") or {}
    if "peak_pass" in r:
        for d in report["drops"]:
            print(f"drop {d['drop']}: first attempts {d['first_attempt_s']} s after the drop")
        print(f"{verdict(r['peak_pass'])} attempts per 100 ms <= {r['peak_bound_per_100ms']:.1f}")
        print(f"{verdict(r['all_back_pass'])} all back within {r['all_back_bound_s']} s")
        return
    if not r:
        return
    print(f"warm-up: first {r['warm_up_min']} min (1/8 of the run; 30 min of a 4 h run)")
    for key in ("rss_mib_growth", "main_rss_mib_growth"):
        if key in r:
            g = r[key]
            print(
                f"{verdict(g['pass'])} {key}: {g['at_warm_up']} -> {g['at_end']} MiB "
                f"({100 * g['growth']:+.2f} %, target < 5 %)"
            )
    for key in ("fds", "threads"):
        if key in r:
            f = r[key]
            print(
                f"{verdict(f['pass'])} {key} flat: {f['min']}..{f['max']} "
                f"(spread {f['spread']}, bound {f['bound']})"
            )
    if "main_fd_kinds" in r:
        k = r["main_fd_kinds"]
        print(f"     main process fds by kind: {k['at_warm_up']} -> {k['at_end']}")
    c = r["coverage"]
    lost = max((v["lost_s_counting_reconnects"] for v in c["by_stream"].values()), default=0)
    print(
        f"{verdict(c['pass'])} coverage min {c['min']} of up time (target 0.9999); "
        f"counting reconnect time as lost: worst stream lost {lost} s"
    )
    rc = r["reconnect"]
    print(
        f"{verdict(rc['pass'])} reconnects: {rc['stream_outages']} stream outages, "
        f"{rc['late_count']} late; delay {rc['delay_s']}; max by kind {rc['by_kind_max_s']}"
    )
    ls = r["lockstep"]
    print(
        f"{verdict(ls['pass'])} no lock-step: {ls['lockstep_pair_count']} pairs over "
        f"{ls['drops']} shared drops; attempt peaks/100 ms {ls['attempts_per_100ms_peak']}"
    )
    print(
        f"load: {r['load']['counts']}, errors {r['load']['errors']}, "
        f"exports {[e.get('bytes', e.get('error')) for e in r['load']['exports']]}"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--duration-minutes", type=float, default=240.0, help="default 240")
    p.add_argument("--cameras", type=int, help="default 16 (64 with --herd)")
    p.add_argument("--herd", action="store_true", help="the thundering-herd run instead")
    p.add_argument("--herd-drops", type=int, default=3, help="drops of every stream (default 3)")
    p.add_argument(
        "--herd-refuse",
        type=float,
        default=3.0,
        help="seconds the relay refuses after a herd drop (default 3)",
    )
    p.add_argument(
        "--fault-every",
        type=float,
        default=240.0,
        help="mean seconds between faults of one camera (default 240)",
    )
    p.add_argument(
        "--shared-every",
        type=float,
        default=600.0,
        help="seconds between drops of every stream at once (default 600)",
    )
    p.add_argument("--export-every", type=float, default=600.0, help="default 600")
    p.add_argument("--viewers", type=int, default=8, help="live viewers (default 8)")
    p.add_argument("--playbacks", type=int, default=2, help="playback sessions (default 2)")
    p.add_argument("--sample-seconds", type=float, default=60.0, help="default 60")
    p.add_argument("--disk-mb", type=int, default=1200, help="the ext4 image (default 1200)")
    p.add_argument("--main", default="640x360", help="camsim main stream size")
    p.add_argument("--sub", default="320x180", help="camsim sub stream size")
    p.add_argument("--main-kbps", type=int, default=500)
    p.add_argument("--sub-kbps", type=int, default=128)
    p.add_argument("--seed", type=int, help="fault plan and load (default: time)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--work-dir", type=Path, help="where the disk image goes (default /tmp)")
    p.add_argument("--plot-only", type=Path, metavar="JSON", help="redraw a run's PNGs")
    args = p.parse_args(argv)
    args.cameras = args.cameras or (64 if args.herd else 16)
    if not 1 <= args.cameras <= 256 or args.duration_minutes <= 0 or args.sample_seconds <= 0:
        p.error("--cameras 1..256, --duration-minutes and --sample-seconds > 0")
    if args.seed is None:
        args.seed = time.time_ns() % 2**32
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.plot_only:
        saved = json.loads(args.plot_only.read_text())
        print("\n".join(plot(saved, args.plot_only)))
        return 0
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{NAME}-herd" if args.herd else NAME
    out: Path = args.out or REPO / "bench" / "results" / f"{name}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "benchmark": name,
        "started_utc": stamp,
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": machine_info(),
    }

    def save() -> None:
        out.write_text(json.dumps(report, indent=2) + "\n")

    started = time.monotonic()
    failed = None
    try:
        if args.work_dir is not None:
            args.work_dir.mkdir(parents=True, exist_ok=True)
        for folder in reap_leftovers(args.work_dir or Path(tempfile.gettempdir())):
            print(f"cleaned up after a run killed earlier: {folder}")
        with tempfile.TemporaryDirectory(prefix=f"{NAME}-", dir=args.work_dir) as work:
            note_leftover(Path(work))
            (herd if args.herd else soak)(args, Path(work), report, save)
    except Exception as error:  # the figures so far still go to the JSON
        failed = f"{type(error).__name__}: {error}"
        report["error"] = failed
        print(f"failed: {failed}", file=sys.stderr)
    report["duration_s"] = round(time.monotonic() - started, 1)
    report["machine"]["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    if report.get("results"):
        report["plots"] = plot(report, out)
    save()
    print_summary(report)
    print(f"\nresults: {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
