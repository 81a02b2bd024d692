"""recording: CPU and memory of vedette-server recording N cameras, against ffmpeg (Frigate's way).

    .venv/bin/python bench/recording.py                          # 16 cameras, 60 s window
    .venv/bin/python bench/recording.py --also 64                # then Vedette alone with 64
    .venv/bin/python bench/recording.py --cameras 2 --seconds 10 --warmup 2   # smoke test
    .venv/bin/python bench/recording.py --recorders vedette --seconds 300     # to profile

One ``vedette-camsim --cameras N`` serves the cameras (main 1920x1080 at 4000 kbit/s
and sub 640x360 at 512 kbit/s, H.264, 25 fps or ``--fps``) to both recorders, which run one after
the other in the same invocation, alternating which goes first from one repetition
to the next:

- vedette: ``vedette-server run`` in a fresh data directory, the N cameras added
  through the SDK (main + sub), 60 s segments; measured: the main process and every
  ingest worker (``python -m vedette_server.ingest.worker``, a child process),
  including workers that died and were restarted (their CPU reaches the main
  process's reaped-children times);
- ffmpeg: one ``ffmpeg -rtsp_transport tcp -i URL -c copy -f segment
  -segment_time 60 -segment_format mp4 -reset_timestamps 1 DIR/%05d.mp4`` per
  stream (2N processes), which is how Frigate records.

Each run waits until every stream is being written (Vedette: status online with
bytes written; ffmpeg: its segment file growing), warms up (``--warmup``), then
measures over the window (``--seconds``): CPU seconds (user + system) of the
recorder's processes, per stream-minute, and memory: the sum of their RSS sampled
every 0.25 s from the recorder's start to the window's end (``peak_rss_mb``; also
over the window alone), and their PSS, which counts shared pages once, every 2 s.
camsim's CPU, this script's and the rest of the machine's are reported apart
(``other_cpu_percent_of_one_core``: loopback TCP in softirq, other users).

Dropped packets: for Vedette, the video records of every stream whose timestamps
fall in the window, read back from the segment files, against fps × window, and
the frames missing from gaps in their timestamps; for ffmpeg, ffprobe's packets of
every segment and the gaps in their timestamps (over the whole recording: its mp4
timestamps carry no wall clock; a gap across a segment boundary is not seen).

``--also 64`` adds a Vedette-only run with 64 cameras (its own camsim): total CPU,
peak RSS, frames recorded against frames due, gaps.

Results: ``bench/results/recording-<UTC timestamp>.json`` (or ``--out``), rewritten
after every run, and a table on stdout. Traffic stays on 127.0.0.1; every wait has a
timeout, every child is stopped however the script ends (short of a SIGKILL of the
script itself, and then the ffmpeg recorders still stop at their ``-t``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from camsim_capacity import machine_busy, machine_cpu_times, stop_process
from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.support: the launchers the integration tests use
from tests.support.camsim_process import CamsimProcess, start_camsim  # noqa: E402
from tests.support.server_process import init_data_dir, start_server  # noqa: E402

from vedette_api.client import Client  # noqa: E402
from vedette_api.media.records import RecordKind  # noqa: E402
from vedette_api.media.segment_reader import SegmentReader  # noqa: E402
from vedette_api.v1 import cameras_pb2  # noqa: E402
from vedette_server.storage import iter_segment_files  # noqa: E402
from vedette_server.storage.layout import parse_segment_relpath  # noqa: E402

NAME = "recording"
FPS = 25
FRAME_US = 1_000_000 // FPS
STREAMS = ("main", "sub")
SEGMENT_SECONDS = 60
TARGET_RATIO, STRETCH_RATIO = 1.0, 0.7
SAMPLE_INTERVAL_S = 0.25
PSS_EVERY = 8  # samples: PSS every 2 s (it reads smaps_rollup, dearer than RSS)
GAP_FACTOR = 1.5  # a timestamp step above 1.5 frame intervals is a gap
# Recorder names: Vedette with its own RTSP client (the default), Vedette with FFmpeg's
# RTSP client through PyAV (--rtsp-client ffmpeg), and the ffmpeg segmenters.
RECORDER_NAMES = {"native": "vedette", "ffmpeg": "vedette-ffmpeg"}
RECORDERS = ("vedette", "vedette-ffmpeg", "ffmpeg")


# -- processes ----------------------------------------------------------------------


def proc_cpu_s(proc: psutil.Process) -> tuple[float, float]:
    """User + system CPU seconds of ``proc``: its own, and of its reaped children."""
    t = proc.cpu_times()
    return t.user + t.system, t.children_user + t.children_system


class TreeSampler(threading.Thread):
    """Samples the RSS (and PSS) of root processes and, with ``descendants``, of all
    their descendants (remembering every pid seen). ``cpu_seconds`` reads fresh: the
    roots' own time and their reaped children's, plus every live descendant's; a
    dead root keeps its last sampled value. A descendant that died was reaped by its
    root, so its CPU is in the root's children times: none is lost or counted twice."""

    def __init__(
        self,
        root_pids: Iterable[int],
        *,
        descendants: bool,
        interval_s: float = SAMPLE_INTERVAL_S,
    ) -> None:
        super().__init__(name="tree-sampler", daemon=True)
        self.roots = {pid: psutil.Process(pid) for pid in root_pids}
        self.descendants = descendants
        self.interval_s = interval_s
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.root_cpu: dict[int, tuple[float, float]] = {}
        self.seen: dict[int, str] = {}  # descendant pid -> command line
        self.peak_rss_bytes = 0
        self.peak_pss_bytes = 0
        self.window_peak_rss_bytes = 0
        self.samples = 0

    def _descendants(self) -> list[psutil.Process]:
        """Live descendants that have exec'd. A child forked but not yet exec'd still
        maps its parent's pages (RSS counts them again, though nothing was copied),
        so it is left out until its command line differs from its parent's."""
        found: list[psutil.Process] = []
        # children() walks all of /proc: only where there are descendants to find.
        for root in self.roots.values() if self.descendants else ():
            with contextlib.suppress(psutil.Error):
                parents = {root.pid: root.cmdline()}
                for child in root.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        cmdline = parents[child.pid] = child.cmdline()
                        if cmdline != parents.get(child.ppid()):
                            found.append(child)
                            self.seen.setdefault(child.pid, " ".join(cmdline[1:4]))
        return found

    def sample(self) -> None:
        with self.lock:
            rss = pss = 0
            with_pss = self.samples % PSS_EVERY == 0
            for proc in [*self.roots.values(), *self._descendants()]:
                with contextlib.suppress(psutil.Error):
                    if with_pss:
                        info = proc.memory_full_info()
                        rss, pss = rss + info.rss, pss + info.pss
                    else:
                        rss += proc.memory_info().rss
                    if proc.pid in self.roots:
                        self.root_cpu[proc.pid] = proc_cpu_s(proc)
            self.samples += 1
            self.peak_rss_bytes = max(self.peak_rss_bytes, rss)
            self.window_peak_rss_bytes = max(self.window_peak_rss_bytes, rss)
            self.peak_pss_bytes = max(self.peak_pss_bytes, pss)

    def run(self) -> None:
        while not self.stopping.wait(self.interval_s):
            self.sample()

    def cpu_seconds(self) -> tuple[float, float]:
        """(all the processes, the roots' own time alone), in CPU seconds."""
        with self.lock:
            for pid, root in self.roots.items():
                with contextlib.suppress(psutil.Error):
                    self.root_cpu[pid] = proc_cpu_s(root)
            own = sum(own for own, _ in self.root_cpu.values())
            total = own + sum(reaped for _, reaped in self.root_cpu.values())
            for proc in self._descendants():
                with contextlib.suppress(psutil.Error):
                    total += proc_cpu_s(proc)[0]
            return total, own

    def descendants_cpu(self) -> dict[int, tuple[str, float]]:
        """Each live (exec'd) descendant's command line and CPU seconds so far."""
        with self.lock:
            found: dict[int, tuple[str, float]] = {}
            for proc in self._descendants():
                with contextlib.suppress(psutil.Error):
                    found[proc.pid] = (self.seen.get(proc.pid, ""), proc_cpu_s(proc)[0])
            return found

    def start_window(self) -> None:
        with self.lock:
            self.window_peak_rss_bytes = 0

    def stop(self) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(5)


@dataclass
class Window:
    """CPU, memory and machine figures over one measurement window."""

    t0_us: int
    t1_us: int
    seconds: float
    cpu_s: float
    roots_cpu_s: float  # the root processes' own share of cpu_s (Vedette: main process)
    camsim_cpu_s: float
    bench_cpu_s: float  # this script: the sampler's share of the machine
    machine: dict[str, float]
    load_average: list[float] = field(default_factory=list)


def measure_window(
    sampler: TreeSampler, camsim: CamsimProcess, seconds: float, alive: Callable[[], None]
) -> Window:
    """Measure ``sampler``'s processes for ``seconds`` (blocking); ``alive`` raises
    when the recorder died."""
    camsim_proc, me = psutil.Process(camsim.process.pid), psutil.Process()

    def read() -> tuple[float, float, float, float, dict[str, float]]:
        total, roots = sampler.cpu_seconds()
        return total, roots, sum(proc_cpu_s(camsim_proc)), proc_cpu_s(me)[0], machine_cpu_times()

    sampler.start_window()
    t0, t0_us = time.monotonic(), time.time_ns() // 1000
    cpu0, roots0, camsim0, me0, machine0 = read()
    while (left := t0 + seconds - time.monotonic()) > 0:
        time.sleep(min(0.5, left))
        alive()
    t1, t1_us = time.monotonic(), time.time_ns() // 1000
    cpu1, roots1, camsim1, me1, machine1 = read()
    return Window(
        t0_us,
        t1_us,
        t1 - t0,
        cpu1 - cpu0,
        roots1 - roots0,
        camsim1 - camsim0,
        me1 - me0,
        machine_busy(machine0, machine1),
        [round(v, 2) for v in os.getloadavg()],
    )


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> float:
    """Poll ``condition`` every 0.5 s; seconds it took, RuntimeError after ``timeout_s``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout_s:
            raise RuntimeError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(0.5)
    return time.monotonic() - started


def sleep_checking(seconds: float, alive: Callable[[], None]) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(0.5, left))
        alive()


# -- frames recorded ------------------------------------------------------------------


@dataclass
class StreamFrames:
    """Video frames of one stream: counted, and missing from timestamp gaps."""

    frames: int = 0
    missing: int = 0  # frames the gaps in the timestamps stand for
    max_gap_ms: float = 0.0
    discontinuities: int = 0
    span_s: float = 0.0  # first to last frame, plus one frame interval
    frame_us: int = FRAME_US  # the stream's frame interval (--fps)

    def add_run(self, timestamps_us: list[int]) -> None:
        """One continuous series of timestamps (a segment, or a window)."""
        if not timestamps_us:
            return
        timestamps_us.sort()
        self.frames += len(timestamps_us)
        self.span_s += (timestamps_us[-1] - timestamps_us[0] + self.frame_us) / 1e6
        for a, b in itertools.pairwise(timestamps_us):
            step = b - a
            if step > GAP_FACTOR * self.frame_us:
                self.missing += round(step / self.frame_us) - 1
                self.max_gap_ms = max(self.max_gap_ms, step / 1000)


def vedette_frames(
    volume: Path, t0_us: int, t1_us: int, frame_us: int = FRAME_US
) -> dict[str, StreamFrames]:
    """Per ``<camera_id>/<stream>``, the video records stamped in [t0_us, t1_us);
    blocking, reads every segment file of the volume."""
    stamps: dict[str, list[int]] = {}
    result: dict[str, StreamFrames] = {}
    for path in iter_segment_files(volume):
        camera_id, stream, _ = parse_segment_relpath(path)
        key = f"{camera_id}/{stream}"
        times = stamps.setdefault(key, [])
        stats = result.setdefault(key, StreamFrames(frame_us=frame_us))
        with SegmentReader.open(path) as reader:
            for _, record in reader.records():
                if record.kind == RecordKind.DISCONTINUITY and t0_us <= record.timestamp_us < t1_us:
                    stats.discontinuities += 1
                elif record.kind == RecordKind.VIDEO and t0_us <= record.timestamp_us < t1_us:
                    times.append(record.timestamp_us)
    for key, times in stamps.items():
        result[key].add_run(times)
    return result


def ffmpeg_frames(directory: Path, frame_us: int = FRAME_US) -> tuple[StreamFrames, int]:
    """Video packets of every segment in ``directory`` (ffprobe); and how many
    segments ffprobe could not read."""
    stats, unreadable = StreamFrames(frame_us=frame_us), 0
    for path in sorted(directory.iterdir()):
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v:0",
             "-show_entries", "packet=pts_time", "-of", "csv=p=0", str(path)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        values = [v.strip().rstrip(",") for v in probe.stdout.split()]
        times = [round(float(v) * 1e6) for v in values if v and v != "N/A"]
        if probe.returncode != 0 or not times:
            unreadable += 1
        stats.add_run(times)
    return stats, unreadable


def frames_summary(
    streams: dict[str, StreamFrames], due_per_stream: float | None
) -> dict[str, Any]:
    """Totals over streams; with ``due_per_stream``, frames recorded against frames due."""
    values = list(streams.values())
    summary: dict[str, Any] = {
        "streams_with_frames": sum(s.frames > 0 for s in values),
        "frames_recorded": sum(s.frames for s in values),
        "frames_missing_in_gaps": sum(s.missing for s in values),
        "streams_with_gaps": sum(s.missing > 0 for s in values),
        "max_gap_ms": round(max((s.max_gap_ms for s in values), default=0.0), 1),
        "discontinuities": sum(s.discontinuities for s in values),
        "recorded_seconds_median": round(statistics.median(s.span_s for s in values), 2)
        if values
        else 0.0,
    }
    if due_per_stream is not None:
        shares = sorted(s.frames / due_per_stream for s in values) or [0.0]
        summary["frames_due_per_stream"] = round(due_per_stream, 1)
        summary["recorded_share_median"] = round(statistics.median(shares), 4)
        summary["recorded_share_min"] = round(shares[0], 4)
    return summary


# -- the two recorders ------------------------------------------------------------------


def run_figures(name: str, cameras: int, window: Window, sampler: TreeSampler) -> dict[str, Any]:
    streams = cameras * len(STREAMS)
    busy, total = window.machine.get("busy", 0.0), max(1e-9, window.machine.get("total", 0.0))
    return {
        "recorder": name,
        "cameras": cameras,
        "streams": streams,
        "window_s": round(window.seconds, 3),
        "cpu_seconds": round(window.cpu_s, 3),
        "cpu_s_per_stream_minute": round(window.cpu_s / (streams * window.seconds / 60), 4),
        "cpu_percent_of_one_core": round(100 * window.cpu_s / window.seconds, 1),
        "peak_rss_mb": round(sampler.peak_rss_bytes / 2**20, 1),
        "window_peak_rss_mb": round(sampler.window_peak_rss_bytes / 2**20, 1),
        "peak_pss_mb": round(sampler.peak_pss_bytes / 2**20, 1),
        "camsim_cpu_percent_of_one_core": round(100 * window.camsim_cpu_s / window.seconds, 1),
        "bench_cpu_percent_of_one_core": round(100 * window.bench_cpu_s / window.seconds, 1),
        "machine_cpu_percent": round(100 * busy / total, 1),
        # Busy time of the whole machine (2 cores = 200 %) that is neither the recorder,
        # camsim nor this script: loopback TCP in softirq, other users of the machine.
        "other_cpu_percent_of_one_core": round(
            100 * (busy - window.cpu_s - window.camsim_cpu_s - window.bench_cpu_s) / window.seconds,
            1,
        ),
        "load_average_at_end": window.load_average,
    }


def streams_writing(client: Client) -> bool:
    for camera in client.list_cameras():
        for status in (camera.status.main, camera.status.sub):
            if status.state != cameras_pb2.STREAM_STATE_ONLINE or status.bytes_written <= 0:
                return False
    return True


class RunHooks:
    """What a benchmark built on ``run_vedette`` adds to its run
    (bench/motion_recording.py); the defaults do nothing."""

    def cameras_created(self, client: Client) -> None:
        """After the cameras were added, before waiting for their streams."""

    def before_window(self, client: Client, sampler: TreeSampler) -> None:
        """After the warm-up, just before the measurement window."""

    def after_window(self, client: Client, sampler: TreeSampler) -> dict[str, Any]:
        """Just after the window, while the server runs: figures for the run's row."""
        return {}


def run_vedette(
    camsim: CamsimProcess,
    cameras: int,
    args: argparse.Namespace,
    work: Path,
    rtsp_client: str = "native",
    hooks: RunHooks | None = None,
) -> dict[str, Any]:
    """Record ``cameras`` cameras with vedette-server and measure it (blocking)."""
    hooks = hooks or RunHooks()
    data, known = work / "vedette-data", work / "known_servers.json"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    started = time.monotonic()
    server = start_server(
        data,
        known,
        "--segment-seconds",
        str(SEGMENT_SECONDS),
        "--rtsp-client",
        rtsp_client,
        "--cameras-per-worker",
        str(args.cameras_per_worker),
    )
    sampler = TreeSampler([server.process.pid], descendants=True)
    sampler.start()

    def alive() -> None:
        if server.process.poll() is not None:
            tail = "\n".join(server.lines[-20:])
            raise RuntimeError(f"vedette-server exited with {server.process.returncode}:\n{tail}")

    try:
        with server.client() as client:
            for i in range(1, cameras + 1):
                client.create_camera(
                    f"cam{i}", camsim.url(f"cam{i}", "main"), sub_url=camsim.url(f"cam{i}", "sub")
                )
            hooks.cameras_created(client)
            wait_until(lambda: streams_writing(client), 60 + 2 * cameras, "every stream written")
            startup_s = time.monotonic() - started
            sleep_checking(args.warmup, alive)
            hooks.before_window(client, sampler)
            window = measure_window(sampler, camsim, args.seconds, alive)
            extra = hooks.after_window(client, sampler)
            sampler.stop()  # peak RSS while recording, not while shutting down
            fps = [s.fps for c in client.list_cameras() for s in (c.status.main, c.status.sub)]
        exit_code = server.stop()
    finally:
        sampler.stop()
        server.stop()
    problems = [line for line in server.lines if " ERROR " in line or "Traceback" in line]
    frames = vedette_frames(data / "recordings", window.t0_us, window.t1_us, 1_000_000 // args.fps)
    workers = [pid for pid, cmd in sampler.seen.items() if "ingest.worker" in cmd]
    return {
        **run_figures(RECORDER_NAMES[rtsp_client], cameras, window, sampler),
        "rtsp_client": rtsp_client,
        "cameras_per_worker": args.cameras_per_worker,
        "startup_s": round(startup_s, 2),
        "workers_seen": len(workers),
        "main_process_cpu_percent_of_one_core": round(100 * window.roots_cpu_s / window.seconds, 1),
        "status_fps_median": round(statistics.median(fps), 2) if fps else 0.0,
        "status_fps_min": round(min(fps), 2) if fps else 0.0,
        **frames_summary(frames, window.seconds * args.fps),
        "server_exit_code": exit_code,
        "server_error_lines": len(problems),
        "server_errors_sample": problems[:5],
        **extra,
    }


def ffmpeg_argv(url: str, directory: Path, segment_format: str, max_seconds: float) -> list[str]:
    return [
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-rtsp_transport", "tcp", "-timeout", "10000000", "-i", url,
        "-c", "copy", "-f", "segment", "-segment_time", str(SEGMENT_SECONDS),
        "-segment_format", segment_format, "-reset_timestamps", "1",
        "-t", f"{max_seconds:.0f}",  # a bound, should this script die without stopping it
        str(directory / f"%05d.{segment_format}"),
    ]  # fmt: skip


def stop_ffmpegs(
    processes: list[subprocess.Popen[bytes]], timeout_s: float = 20.0
) -> list[int | None]:
    """One SIGTERM each (ffmpeg then writes its mp4's index; a second signal would make
    it exit at once, leaving the segment unreadable), wait, SIGKILL what is left."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(max(0.1, deadline - time.monotonic()))
    return [stop_process(p, 0.0) if p.poll() is None else p.returncode for p in processes]


def growing(directories: list[Path], sizes: dict[Path, int]) -> bool:
    """True once the newest file of every directory grew since it was first seen."""
    ok = True
    for directory in directories:
        files = sorted(directory.iterdir())
        size = files[-1].stat().st_size if files else 0
        first = sizes.setdefault(directory, size)
        ok = ok and size > first
    return ok


def run_ffmpeg(
    camsim: CamsimProcess, cameras: int, args: argparse.Namespace, work: Path
) -> dict[str, Any]:
    """Record ``cameras`` cameras with one ffmpeg per stream and measure them (blocking)."""
    directories = [work / "ffmpeg" / f"cam{i}-{s}" for i in range(1, cameras + 1) for s in STREAMS]
    max_seconds = 120 + 2 * cameras + args.warmup + args.seconds
    log_path = work / "ffmpeg.log"
    processes: list[subprocess.Popen[bytes]] = []
    sampler: TreeSampler | None = None
    started = time.monotonic()
    with open(log_path, "wb") as log:
        try:
            for directory in directories:
                directory.mkdir(parents=True)
                camera, stream = directory.name.split("-")
                argv = ffmpeg_argv(
                    camsim.url(camera, stream), directory, args.segment_format, max_seconds
                )
                processes.append(
                    subprocess.Popen(
                        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log
                    )
                )
            sampler = TreeSampler((p.pid for p in processes), descendants=False)
            sampler.start()

            def alive() -> None:
                dead = [p.returncode for p in processes if p.poll() is not None]
                if dead:
                    raise RuntimeError(
                        f"{len(dead)} ffmpeg recorder(s) exited: {dead[:5]}; see {log_path}"
                    )

            sizes: dict[Path, int] = {}

            def all_growing() -> bool:
                alive()
                return growing(directories, sizes)

            wait_until(all_growing, 60 + 2 * cameras, "every ffmpeg segment growing")
            startup_s = time.monotonic() - started
            sleep_checking(args.warmup, alive)
            window = measure_window(sampler, camsim, args.seconds, alive)
            sampler.stop()  # peak RSS while recording, not while shutting down
        finally:
            codes = stop_ffmpegs(processes)
            if sampler is not None:
                sampler.stop()
    frames: dict[str, StreamFrames] = {}
    unreadable = 0
    for directory in directories:
        frames[directory.name], bad = ffmpeg_frames(directory, 1_000_000 // args.fps)
        unreadable += bad
    errors = log_path.read_text(errors="replace").splitlines()
    return {
        **run_figures("ffmpeg", cameras, window, sampler),
        "startup_s": round(startup_s, 2),
        "segment_format": args.segment_format,
        **frames_summary(frames, None),
        "unreadable_segments": unreadable,
        "exit_codes_nonzero": sum(1 for c in codes if c not in (0, 255)),
        "error_lines": len(errors),
        "errors_sample": list(dict.fromkeys(errors))[:5],
    }


# -- report ---------------------------------------------------------------------------


def summarise(runs: list[dict[str, Any]], cameras: int) -> dict[str, Any]:
    """Medians per recorder at ``cameras``, and Vedette / ffmpeg CPU per stream-minute."""
    result: dict[str, Any] = {}
    for recorder in RECORDERS:
        mine = [r for r in runs if r["recorder"] == recorder and r["cameras"] == cameras]
        if mine:
            result[recorder] = {
                k: round(statistics.median(r[k] for r in mine), 4)
                for k in (
                    "cpu_s_per_stream_minute",
                    "cpu_percent_of_one_core",
                    "peak_rss_mb",
                    "peak_pss_mb",
                    "frames_missing_in_gaps",
                )
            }
    if "vedette-ffmpeg" in result and "ffmpeg" in result:
        ratio = result["vedette-ffmpeg"]["cpu_s_per_stream_minute"] / max(
            1e-9, result["ffmpeg"]["cpu_s_per_stream_minute"]
        )
        result["cpu_ratio_vedette_ffmpeg_client_over_ffmpeg"] = round(ratio, 3)
    if "vedette" in result and "ffmpeg" in result:
        ratio = result["vedette"]["cpu_s_per_stream_minute"] / max(
            1e-9, result["ffmpeg"]["cpu_s_per_stream_minute"]
        )
        result["cpu_ratio_vedette_over_ffmpeg"] = round(ratio, 3)
        result["target_met"] = ratio <= TARGET_RATIO
        result["stretch_met"] = ratio <= STRETCH_RATIO
    return result


def print_table(runs: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    header = (
        f"{'cams':>4} {'recorder':<14} {'cpu s/stream-min':>16} {'cpu%core':>8} "
        f"{'peakRSS':>8} {'PSS':>7} {'missing':>7} {'camsim%':>7} {'machine%':>8}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for r in runs:
        print(
            f"{r['cameras']:>4} {r['recorder']:<14} {r['cpu_s_per_stream_minute']:>16.3f} "
            f"{r['cpu_percent_of_one_core']:>8.1f} {r['peak_rss_mb']:>6.0f}MB "
            f"{r['peak_pss_mb']:>5.0f}MB {r['frames_missing_in_gaps']:>7} "
            f"{r['camsim_cpu_percent_of_one_core']:>7.1f} {r['machine_cpu_percent']:>8.1f}"
        )
    for r in runs:
        if "recorded_share_min" in r:
            print(
                f"{r['cameras']:>4} {r['recorder']}: frames in window "
                f"{r['recorded_share_median']:.1%} median, "
                f"{r['recorded_share_min']:.1%} min of the frames due; "
                f"{r['streams_with_gaps']} stream(s) with gaps, "
                f"{r['discontinuities']} discontinuities"
            )
    if "cpu_ratio_vedette_ffmpeg_client_over_ffmpeg" in summary:
        ratio = summary["cpu_ratio_vedette_ffmpeg_client_over_ffmpeg"]
        print(f"vedette-ffmpeg (FFmpeg's RTSP client) / ffmpeg CPU per stream-minute = {ratio:.2f}")
    if "cpu_ratio_vedette_over_ffmpeg" in summary:
        ratio = summary["cpu_ratio_vedette_over_ffmpeg"]
        print(
            f"vedette / ffmpeg CPU per stream-minute = {ratio:.2f} (target ≤ {TARGET_RATIO}: "
            f"{'met' if summary['target_met'] else 'NOT met'}; stretch ≤ {STRETCH_RATIO}: "
            f"{'met' if summary['stretch_met'] else 'not met'})"
        )


# -- main -----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--cameras", type=int, default=16, help="cameras (default 16)")
    p.add_argument("--also", type=int, help="then Vedette alone with this many cameras (64)")
    p.add_argument("--seconds", type=float, default=60.0, help="measurement window (default 60)")
    p.add_argument("--warmup", type=float, default=5.0, help="after every stream is written")
    p.add_argument("--fps", type=int, default=FPS, help=f"camsim's frame rate (default {FPS})")
    p.add_argument("--repetitions", type=int, default=1, help="runs of each recorder")
    p.add_argument(
        "--recorders",
        default="vedette,ffmpeg",
        help="among vedette (native RTSP client), vedette-ffmpeg (FFmpeg's RTSP client), "
        "ffmpeg; default vedette,ffmpeg",
    )
    p.add_argument(
        "--cameras-per-worker", type=int, default=4, help="Vedette's ingest worker size (4)"
    )
    p.add_argument("--segment-format", choices=("mp4", "mkv"), default="mp4", help="ffmpeg's")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--work-dir", type=Path, help="where recordings go (default a temp dir)")
    args = p.parse_args(argv)
    if not 1 <= args.cameras <= 256 or (args.also is not None and not 1 <= args.also <= 256):
        p.error("--cameras and --also: 1..256")
    if args.seconds <= 0 or args.warmup < 0 or args.repetitions < 1:
        p.error("--seconds > 0, --warmup >= 0, --repetitions >= 1")
    if not 1 <= args.fps <= 60:
        p.error("--fps: 1..60")
    args.recorder_list = [r.strip() for r in args.recorders.split(",") if r.strip()]
    if not args.recorder_list or not set(args.recorder_list) <= set(RECORDERS):
        p.error(f"--recorders: among {', '.join(RECORDERS)}")
    if not 1 <= args.cameras_per_worker <= 64:
        p.error("--cameras-per-worker: 1..64")
    return args


def one_run(
    kind: str,
    camsim: CamsimProcess,
    cameras: int,
    args: argparse.Namespace,
    root: Path,
    hooks: RunHooks | None = None,
) -> dict[str, Any]:
    """One recorder run in its own directory, removed afterwards; errors become a row."""
    print(f"{cameras} camera(s), {2 * cameras} stream(s): {kind}", flush=True)
    work = Path(tempfile.mkdtemp(prefix=f"{kind}-{cameras}-", dir=root))
    try:
        if kind == "ffmpeg":
            run = run_ffmpeg(camsim, cameras, args, work)
        else:
            client = "native" if kind == "vedette" else "ffmpeg"
            run = run_vedette(camsim, cameras, args, work, client, hooks)
        print(
            f"  {run['cpu_s_per_stream_minute']:.3f} CPU s per stream-minute, "
            f"peak RSS {run['peak_rss_mb']:.0f} MB",
            flush=True,
        )
        return run
    except Exception as error:  # a failed run is a row of the report, not the end of it
        text = f"{type(error).__name__}: {error}"
        print(f"  {kind} failed: {text}", file=sys.stderr, flush=True)
        return {"recorder": kind, "cameras": cameras, "error": text}
    finally:
        shutil.rmtree(work, ignore_errors=True)
        time.sleep(2)  # let sockets and the scheduler settle between runs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "target": f"vedette/ffmpeg CPU per stream-minute <= {TARGET_RATIO} "
        f"(stretch <= {STRETCH_RATIO})",
        "config": {
            **{k: v for k, v in vars(args).items() if k not in ("out", "work_dir", "recorders")},
            "segment_seconds": SEGMENT_SECONDS,
            "streams": "main 1920x1080 4000 kbit/s + sub 640x360 512 kbit/s, H.264",
            "ffmpeg": " ".join(ffmpeg_argv("URL", Path("DIR"), args.segment_format, 0)),
        },
        "machine": machine_info(),
    }
    runs: list[dict[str, Any]] = []

    def save() -> None:
        ok = [r for r in runs if "error" not in r]
        report["runs"] = runs
        report["results"] = summarise(ok, args.cameras)
        out.write_text(json.dumps(report, indent=2) + "\n")

    with contextlib.ExitStack() as stack:
        root = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix=f"{NAME}-", dir=args.work_dir))
        )
        camsim = start_camsim("--fps", str(args.fps), cameras=args.cameras)
        try:
            for repetition in range(args.repetitions):
                order = args.recorder_list[:: 1 if repetition % 2 == 0 else -1]
                for kind in order:
                    runs.append(one_run(kind, camsim, args.cameras, args, root))
                    save()
        finally:
            camsim.stop()
        if args.also:
            camsim = start_camsim("--fps", str(args.fps), cameras=args.also)
            try:
                runs.append(one_run("vedette", camsim, args.also, args, root))
                save()
            finally:
                camsim.stop()
    ok = [r for r in runs if "error" not in r]
    print_table(ok, report["results"])
    print(f"\nresults: {out}")
    return 0 if len(ok) == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
