"""camsim capacity: CPU and RSS of camsim serving N cameras, against GStreamer's RTSP server.

    .venv/bin/python bench/camsim_capacity.py                      # 16, 32, 64 cameras
    .venv/bin/python bench/camsim_capacity.py --cameras 2 --seconds 5 --warmup 3

Every camera has a main (1920x1080, 4000 kbit/s) and a sub stream (640x360,
512 kbit/s), H.264 at 25 fps, exactly as ``vedette-camsim`` builds them. One
``ffmpeg -rtsp_transport tcp -i URL -c copy -f null -`` reader per stream pulls
over RTSP/TCP from 127.0.0.1 and discards. For each N both servers run back to
back in one invocation (their order alternates from one N to the next, so machine
noise falls on both alike):

- camsim: ``vedette-camsim --cameras N`` (its loops in memory, sent forever);
- gstreamer: ``tests/peers/gst_rtsp_server.py`` (gst-rtsp-server, Debian's
  /usr/bin/python3) serving the *same* encoded content: each camsim loop, remuxed
  (not re-encoded) into a Matroska file that repeats it long enough to cover the
  run, read by ``filesrc ! matroskademux ! h264parse ! rtph264pay``.

Measured over the window (after every reader is receiving and a warm-up): the
server process's CPU time (user + system, its children included), its peak RSS,
the readers' CPU, the machine's CPU utilisation, and per stream the frame rate
the reader actually received (ffmpeg ``-progress``), so that a server cannot look
cheap by dropping frames. Target (from the issue): camsim CPU ≤ 1.0× GStreamer's
at the same load, with both delivering ~25 fps on every stream.

``--onvif`` (issue 13: "camsim serving 64 ONVIF cameras"): camsim runs with
``--onvif --onvif-port 0 --discovery-port 0`` (camera *i*'s ONVIF services on
127.0.1.(10+i), WS-Discovery answering there) and, while it is measured, this script
puts a VMS's ONVIF load on every camera (``OnvifLoad``, a thread here, outside
camsim's CPU): the server's own event watch (``CameraEventPuller``: a PullPoint
subscription, PullMessages long polls of 20 s, renewals) and a poll every
``--onvif-poll`` seconds (GetSystemDateAndTime, then GetProfiles, staggered over
the cameras) through the server's ONVIF client. The readers still pull RTSP from
127.0.0.1; GStreamer's turn is unchanged (it serves no ONVIF).

Results: a JSON file (default ``bench/results/camsim_capacity-<timestamp>.json``,
rewritten after every run so an interrupted benchmark keeps what it measured)
and a table on stdout. All traffic stays on 127.0.0.0/8; every child process is
bounded by a timeout and stopped (SIGTERM, then SIGKILL) however the run ends.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import queue
import re
import secrets
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import av
import platformdirs
import psutil
from machine import command_output
from machine import machine_info as common_machine_info

from vedette_api.media.packet import Codec
from vedette_server.camsim.content import ContentSpec, StreamProfile, ensure_encoded
from vedette_server.onvif.events import PULL_S

NAME = "camsim_capacity"
REPO = Path(__file__).resolve().parent.parent
SERVERS = ("camsim", "gstreamer")

# The load of the issue, built the way vedette_server/camsim/cli.py `_specs` builds it.
CODEC = Codec.H264
MAIN = StreamProfile.parse("1920x1080", 4000)
SUB = StreamProfile.parse("640x360", 512)
FPS = 25
LOOP_SECONDS = 10
NAME_PREFIX = "cam"
STREAMS = ("main", "sub")

GST_PYTHON = "/usr/bin/python3"
GST_PEER = REPO / "tests" / "peers" / "gst_rtsp_server.py"
HOST = "127.0.0.1"
# A stream delivers when its reader receives at least this share of the nominal rate.
DELIVERY_SHARE = 0.95
GST_MARGIN_S = 30.0  # content beyond the longest expected run in the repeated files


# -- content --------------------------------------------------------------------


def camera_specs(cameras: int) -> list[ContentSpec]:
    """The ContentSpecs ``vedette-camsim --cameras N`` builds with its defaults."""
    return [
        ContentSpec(f"{NAME_PREFIX}{i}", CODEC, MAIN, SUB, FPS, LOOP_SECONDS)
        for i in range(1, cameras + 1)
    ]


def default_cache_dir() -> Path:
    """camsim's own default cache directory, so loops encoded once serve both."""
    return Path(platformdirs.user_cache_dir("vedette")) / "camsim"


def prepare_loops(specs: list[ContentSpec], cache_dir: Path) -> None:
    """Encode the loops missing from the cache (in batches, to report progress)."""
    missing = [s for s in specs if not all(p.exists() for p in s.paths(cache_dir).values())]
    if not missing:
        print(f"loops: all {len(specs)} camera loop(s) cached in {cache_dir}", flush=True)
        return
    print(
        f"loops: encoding {len(missing)} camera loop(s) into {cache_dir} "
        "(1080p: ~5 s per camera per core, once)",
        flush=True,
    )
    batch = max(1, os.cpu_count() or 1)
    started = time.monotonic()
    for first in range(0, len(missing), batch):
        ensure_encoded(missing[first : first + batch], cache_dir)
        done = min(first + batch, len(missing))
        print(
            f"loops: {done}/{len(missing)} encoded ({time.monotonic() - started:.0f} s)",
            flush=True,
        )


def repeated_path(loop: Path, repeats: int) -> Path:
    """Where the loop repeated ``repeats`` times is cached, next to the loop."""
    return loop.with_name(f"{loop.stem}-gst{repeats}x.mkv")


def find_repeated(loop: Path, repeats: int) -> Path | None:
    """An already remuxed file of ``loop`` with at least ``repeats`` repeats, if any."""
    best: tuple[int, Path] | None = None
    for path in loop.parent.glob(f"{loop.stem}-gst*x.mkv"):
        match = re.fullmatch(rf"{re.escape(loop.stem)}-gst(\d+)x\.mkv", path.name)
        if match and int(match[1]) >= repeats and (best is None or int(match[1]) < best[0]):
            best = (int(match[1]), path)
    return best[1] if best else None


def remux_repeated(loop: Path, target: Path, repeats: int) -> None:
    """Write ``loop``'s video packets ``repeats`` times with offset timestamps (no re-encode)."""
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        with av.open(str(loop)) as first, av.open(str(tmp), "w", format="matroska") as out:
            source = first.streams.video[0]
            stream = out.add_stream_from_template(source)
            assert source.time_base is not None
            period = round(LOOP_SECONDS / source.time_base)  # loop length in stream ticks
            for repeat in range(repeats):
                with av.open(str(loop)) as container:
                    for packet in container.demux(container.streams.video[0]):
                        if packet.dts is None or packet.size == 0:
                            continue
                        packet.dts += repeat * period
                        if packet.pts is not None:
                            packet.pts += repeat * period
                        packet.stream = stream
                        out.mux(packet)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def prepare_gst_files(specs: list[ContentSpec], cache_dir: Path, repeats: int) -> dict[str, Path]:
    """Per stream path ("cam3/main"), a Matroska file repeating camsim's loop ``repeats``×."""
    files: dict[str, Path] = {}
    todo: list[tuple[str, Path]] = []
    for spec in specs:
        for name, loop in spec.paths(cache_dir).items():
            existing = find_repeated(loop, repeats)
            if existing is not None:
                files[f"{spec.name}/{name}"] = existing
            else:
                todo.append((f"{spec.name}/{name}", loop))
    if not todo:
        print(f"gstreamer: all {len(files)} repeated file(s) cached", flush=True)
        return files
    need = sum(loop.stat().st_size for _, loop in todo) * repeats
    free = shutil.disk_usage(cache_dir).free
    if need * 1.1 > free:
        raise SystemExit(
            f"gstreamer: repeated files need {need / 1e9:.1f} GB, {free / 1e9:.1f} GB free "
            f"in {cache_dir}"
        )
    print(
        f"gstreamer: remuxing {len(todo)} stream(s), loop ×{repeats} "
        f"({repeats * LOOP_SECONDS} s, {need / 1e6:.0f} MB)",
        flush=True,
    )
    for index, (path, loop) in enumerate(todo, 1):
        target = repeated_path(loop, repeats)
        remux_repeated(loop, target, repeats)
        files[path] = target
        for shorter in loop.parent.glob(f"{loop.stem}-gst*x.mkv"):
            if shorter != target:  # superseded by the longer file
                shorter.unlink(missing_ok=True)
        if index % 16 == 0 or index == len(todo):
            print(f"gstreamer: {index}/{len(todo)} remuxed", flush=True)
    return files


def gst_pipeline(path: Path) -> str:
    """The peer's file pipeline, with parameter sets inserted by the parser only.

    The peer's own ``--mount`` pipeline sets ``config-interval=-1`` on h264parse
    *and* rtph264pay: the payloader then sends SPS/PPS again as an access unit of
    their own before each IDR, which ffmpeg counts as an extra frame (and logs
    "non monotonically increasing dts") once per GOP, inflating the delivered
    frame rate by 2 %. With the parser alone inserting them, ffmpeg counts
    exactly the file's frames.
    """
    return (
        f'( filesrc location="{path}" ! matroskademux ! h264parse config-interval=-1 ! '
        "rtph264pay name=pay0 pt=96 )"
    )


# -- processes ------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(process: subprocess.Popen[Any], timeout_s: float = 10.0) -> int | None:
    """SIGTERM, wait up to ``timeout_s``, then SIGKILL; returns the exit code."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    return process.returncode


def tree_cpu_s(proc: psutil.Process) -> float:
    """User + system CPU seconds of ``proc``, its reaped and its live children."""
    times = proc.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child_times = child.cpu_times()
            total += child_times.user + child_times.system
    return total


def tree_rss_bytes(proc: psutil.Process) -> int:
    """Resident memory of ``proc`` and its live children."""
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total


@dataclass
class Server:
    """A running RTSP server (camsim or the GStreamer peer) and its output."""

    kind: str
    process: subprocess.Popen[str]
    port: int
    stderr: TextIO
    lines: list[str] = field(default_factory=list)
    #: camsim --onvif wants ONVIF_USER with this password, over RTSP too.
    password: str | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        user = "" if self.password is None else f"{ONVIF_USER}:{self.password}@"
        return f"rtsp://{user}{HOST}:{self.port}/{path}"

    def stderr_tail(self, count: int = 15) -> list[str]:
        self.stderr.flush()
        with open(self.stderr.name, errors="replace") as f:
            return f.read().splitlines()[-count:]


def start_server(
    kind: str,
    cameras: int,
    cache_dir: Path,
    gst_files: dict[str, Path],
    log_dir: Path,
    onvif_password: str | None = None,
) -> Server:
    """Start ``kind`` serving ``cameras`` cameras; camsim with ``--onvif`` and
    credentials (ONVIF_USER, ``onvif_password``) if a password is given. Returns once
    it says it is ready."""
    env = None
    stderr = open(log_dir / f"{kind}-{cameras}.stderr.log", "w")  # noqa: SIM115 (kept by Server)
    if kind == "camsim":
        exe = REPO / ".venv" / "bin" / "vedette-camsim"
        base = [str(exe)] if exe.exists() else [sys.executable, "-m", "vedette_server.camsim.cli"]
        argv = [*base, "--cameras", str(cameras), "--rtsp-port", "0", "--host", HOST]
        argv += ["--cache-dir", str(cache_dir)]
        if onvif_password is not None:
            argv += ["--onvif", "--onvif-port", "0", "--discovery-port", "0"]
            argv += ["--user", ONVIF_USER]  # the password goes by environment
            env = {**os.environ, "VEDETTE_CAMSIM_PASSWORD": onvif_password}
        ready = re.compile(r"camsim ready: \d+ camera\(s\) on rtsp://[^/]+:(\d+)/")
        timeout_s = 60.0 + 3.0 * cameras  # loads the cached loops (encoded beforehand)
        port = 0
    else:
        port = free_port()
        argv = [GST_PYTHON, str(GST_PEER), "--port", str(port)]
        for i in range(1, cameras + 1):
            for stream in STREAMS:
                path = f"{NAME_PREFIX}{i}/{stream}"
                argv += ["--launch", f"{path}={gst_pipeline(gst_files[path])}"]
        ready = re.compile(r"gst-rtsp-server ready on (\d+)")
        timeout_s = 30.0 + 0.5 * cameras
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        cwd=REPO,
        env=env,
    )
    server = Server(kind, process, port, stderr, password=onvif_password)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:  # keeps draining stdout for the server's whole life
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.append(line.rstrip("\n"))
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, name=f"{kind}-stdout", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"{kind} not ready within {timeout_s:.0f} s") from None
            if line is None:
                raise RuntimeError(f"{kind} exited with {process.wait(5)} before it was ready")
            match = ready.search(line)
            if match:
                server.port = int(match[1])
                return server
    except BaseException as error:
        stop_process(process)
        tail = "\n".join(server.stderr_tail())
        stderr.close()
        if isinstance(error, RuntimeError):
            raise RuntimeError(f"{error}; its stderr ends:\n{tail}") from None
        raise


@dataclass
class Reader:
    """One ffmpeg pulling one stream; ``samples`` are (monotonic time, frames received)."""

    path: str
    process: subprocess.Popen[bytes]
    samples: list[tuple[float, int]] = field(default_factory=list)
    frame: int = 0
    ended: bool = False
    pending: bytes = b""
    psutil_proc: psutil.Process | None = None
    cpu_s: float = 0.0

    def feed(self, chunk: bytes, now: float) -> None:
        """Parse ``-progress`` output: ``frame=N`` … ``progress=continue|end`` blocks."""
        self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n")
        for line in lines:
            if line.startswith(b"frame="):
                with contextlib.suppress(ValueError):
                    self.frame = int(line[6:])
            elif line.startswith(b"progress="):
                self.samples.append((now, self.frame))
                if line.strip() == b"progress=end":
                    self.ended = True

    def frames_at(self, t: float) -> float:
        """Frames received by time ``t``, interpolated between the progress reports around it.

        ffmpeg reports every ~0.5 s; with no report after ``t`` (the stream stalled or
        ended) the count stays at the last report's.
        """
        before: tuple[float, int] = (-math.inf, 0)
        for when, count in list(self.samples):
            if when > t:
                if before[0] == -math.inf:
                    return 0.0
                share = (t - before[0]) / (when - before[0])
                return before[1] + share * (count - before[1])
            before = (when, count)
        return float(before[1])

    def read_cpu(self) -> float:
        """User + system CPU seconds so far (the last value read, once it has exited)."""
        try:
            if self.psutil_proc is None:
                self.psutil_proc = psutil.Process(self.process.pid)
            times = self.psutil_proc.cpu_times()
            self.cpu_s = times.user + times.system
        except psutil.Error:
            pass
        return self.cpu_s


def start_reader(url: str, path: str, stderr: TextIO, max_seconds: float) -> Reader:
    """``ffmpeg -rtsp_transport tcp -i URL -c copy -f null -`` with progress on stdout."""
    argv = [
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-nostats",
        "-progress", "pipe:1",
        "-rtsp_transport", "tcp", "-timeout", "10000000",  # socket I/O timeout, µs
        "-i", url,
        "-c", "copy", "-t", f"{max_seconds:.0f}", "-f", "null", "-",
    ]  # fmt: skip
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr
    )
    return Reader(path, process)


class ProgressCollector(threading.Thread):
    """Reads every reader's ``-progress`` pipe in one thread (selectors, non-blocking)."""

    def __init__(self, readers: list[Reader]) -> None:
        super().__init__(name="progress", daemon=True)
        self.readers = readers
        self.stopping = threading.Event()

    def run(self) -> None:
        with selectors.DefaultSelector() as selector:
            for reader in self.readers:
                assert reader.process.stdout is not None
                fd = reader.process.stdout.fileno()
                os.set_blocking(fd, False)
                selector.register(fd, selectors.EVENT_READ, reader)
            while selector.get_map() and not self.stopping.is_set():
                for key, _ in selector.select(0.25):
                    reader = key.data
                    try:
                        chunk = os.read(key.fd, 65536)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        selector.unregister(key.fd)
                        reader.ended = True
                        continue
                    reader.feed(chunk, time.monotonic())


# -- the ONVIF load (--onvif) ----------------------------------------------------

ONVIF_LINE = re.compile(r"^onvif \S+ http://([0-9.]+):(\d+)/onvif/device_service ")
#: What camsim wants from RTSP and ONVIF clients with --onvif (a real camera wants some).
ONVIF_USER = "bench"
ONVIF_CALL_TIMEOUT_S = 10.0


def onvif_addresses(server: Server) -> list[tuple[str, int]]:
    """Each camera's ONVIF (host, port), from camsim's ``onvif camN URL …`` lines."""
    found = []
    for line in list(server.lines):
        match = ONVIF_LINE.match(line)
        if match:
            found.append((match[1], int(match[2])))
    return found


class OnvifLoad(threading.Thread):
    """What a VMS asks of every ONVIF camera, on this thread's event loop, through the
    server's ONVIF client: its event watch (one ``CameraEventPuller`` per camera, as
    ``onvif/event_watch.py`` runs them) and, every ``poll_s`` seconds (staggered over
    the cameras), GetSystemDateAndTime then GetProfiles."""

    def __init__(self, cameras: list[tuple[str, int]], password: str, poll_s: float) -> None:
        super().__init__(name="onvif-load", daemon=True)
        self.cameras = cameras
        self.poll_s = poll_s
        self._password = password
        self.polls_ok = 0
        self.polls_failed = 0
        self.events = 0
        self.errors: list[str] = []
        self.states: dict[int, str] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._running = threading.Event()

    def run(self) -> None:
        asyncio.run(self._main())

    def stop(self, timeout_s: float = 30.0) -> None:
        """Cancel every task (pullers unsubscribe, bounded) and wait for the thread."""
        if self._running.wait(timeout_s) and self._loop is not None and self._stopping:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stopping.set)
        self.join(timeout_s)

    def subscribed(self) -> int:
        return sum(state == "subscribed" for state in list(self.states.values()))

    def counts(self) -> dict[str, Any]:
        return {
            "polls_ok": self.polls_ok,
            "polls_failed": self.polls_failed,
            "subscriptions_active": self.subscribed(),
            "events_received": self.events,
            "errors_sample": list(dict.fromkeys(self.errors))[:5],
        }

    async def _main(self) -> None:
        from vedette_server.onvif.events import CameraEventPuller

        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._running.set()
        tasks = []
        for index, (host, port) in enumerate(self.cameras):
            puller = CameraEventPuller(
                f"cam{index + 1}",
                self._opener(host, port),
                self._on_event,
                lambda status, index=index: self._on_status(index, status),
            )
            tasks.append(asyncio.create_task(puller.run()))
            if self.poll_s > 0:
                offset_s = index * self.poll_s / len(self.cameras)
                tasks.append(asyncio.create_task(self._poll(host, port, offset_s)))
        await self._stopping.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _opener(self, host: str, port: int) -> Callable[[], Awaitable[Any]]:
        from vedette_server.onvif.client import OnvifDevice

        async def open_device() -> OnvifDevice:
            device = OnvifDevice(
                host, port, ONVIF_USER, self._password, timeout_s=ONVIF_CALL_TIMEOUT_S
            )
            try:
                await device.connect()
            except BaseException:
                await device.close()
                raise
            return device

        return open_device

    def _on_event(self, event: Any) -> None:
        self.events += 1

    def _on_status(self, index: int, status: Any) -> None:
        self.states[index] = status.state.value
        if status.state.value == "failed":
            self.errors.append(f"cam{index + 1} events: {status.detail}"[:300])

    async def _poll(self, host: str, port: int, offset_s: float) -> None:
        from vedette_server.onvif.errors import OnvifError

        loop = asyncio.get_running_loop()
        await asyncio.sleep(offset_s)
        open_device = self._opener(host, port)
        device = None
        try:
            while True:
                started = loop.time()
                try:
                    device = device or await open_device()
                    await device.call("devicemgmt", "GetSystemDateAndTime")
                    await device.call("media", "GetProfiles")
                    self.polls_ok += 1
                except OnvifError as error:
                    self.polls_failed += 1
                    self.errors.append(f"{host}:{port} poll: {error}"[:300])
                await asyncio.sleep(max(0.0, started + self.poll_s - loop.time()))
        finally:
            if device is not None:
                await device.close()


# -- one measurement -------------------------------------------------------------


def machine_cpu_times() -> dict[str, float]:
    """The whole machine's CPU seconds by kind (user, system, softirq, …), all cores."""
    times = psutil.cpu_times()
    # guest time is already counted in user (Linux), so leave it out of the total.
    return {k: v for k, v in times._asdict().items() if not k.startswith("guest")}


def machine_busy(start: dict[str, float], end: dict[str, float]) -> dict[str, float]:
    """Busy CPU seconds between two ``machine_cpu_times`` by kind, plus busy and total."""
    delta = {k: end[k] - start[k] for k in start}
    total = sum(delta.values())
    idle = delta.get("idle", 0.0) + delta.get("iowait", 0.0)
    busy = {k: round(v, 3) for k, v in delta.items() if k not in ("idle", "iowait")}
    return {**busy, "busy": total - idle, "total": total}


def startup_timeout_s(streams: int) -> float:
    """How long the readers get to all receive their first frames."""
    return 20.0 + 0.25 * streams


def measure(
    kind: str,
    cameras: int,
    args: argparse.Namespace,
    gst_files: dict[str, Path],
    log_dir: Path,
    run_s: float,
) -> dict[str, Any]:
    """Serve ``cameras`` cameras with ``kind`` to one reader per stream; returns the figures."""
    paths = [f"{NAME_PREFIX}{i}/{s}" for i in range(1, cameras + 1) for s in STREAMS]
    onvif = args.onvif and kind == "camsim"
    password = secrets.token_urlsafe(12) if onvif else None
    server = start_server(kind, cameras, args.cache_dir, gst_files, log_dir, password)
    load: OnvifLoad | None = None
    if onvif:
        addresses = onvif_addresses(server)
        if len(addresses) != cameras:
            stop_process(server.process)
            server.stderr.close()
            raise RuntimeError(f"camsim announced {len(addresses)} ONVIF camera(s) of {cameras}")
        load = OnvifLoad(addresses, password or "", args.onvif_poll)
        load.start()
    proc = psutil.Process(server.process.pid)
    rss_at_ready = tree_rss_bytes(proc)
    reader_log = open(log_dir / f"{kind}-{cameras}.readers.log", "w")  # noqa: SIM115
    readers: list[Reader] = []
    collector: ProgressCollector | None = None
    peak_rss = rss_at_ready

    def sleep_until(deadline: float) -> None:
        nonlocal peak_rss
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(1.0, left))
            if server.process.poll() is not None:
                raise RuntimeError(f"{kind} exited with {server.process.returncode}")
            with contextlib.suppress(psutil.Error):
                peak_rss = max(peak_rss, tree_rss_bytes(proc))

    try:
        started = time.monotonic()
        readers = [start_reader(server.url(p), p, reader_log, run_s + 30) for p in paths]
        collector = ProgressCollector(readers)
        collector.start()
        timeout = started + startup_timeout_s(len(paths))
        while time.monotonic() < timeout:
            if all(r.frame > 0 or r.ended for r in readers):
                break
            sleep_until(min(timeout, time.monotonic() + 0.25))
        startup_s = time.monotonic() - started
        streaming = sum(r.frame > 0 and not r.ended for r in readers)
        print(
            f"  {kind}: {streaming}/{len(readers)} reader(s) receiving after {startup_s:.1f} s; "
            f"warm-up {args.warmup:g} s, window {args.seconds:g} s",
            flush=True,
        )
        if load is not None:  # measured once every camera's events are subscribed
            deadline = time.monotonic() + 60.0 + cameras
            while load.subscribed() < cameras and time.monotonic() < deadline:
                sleep_until(min(deadline, time.monotonic() + 0.5))
            print(
                f"  {kind}: ONVIF events subscribed on {load.subscribed()}/{cameras} camera(s),"
                f" {load.polls_ok} poll(s) answered, {load.polls_failed} failed",
                flush=True,
            )
        sleep_until(time.monotonic() + args.warmup)

        t0 = time.monotonic()
        onvif0 = load.counts() if load is not None else {}
        cpu0 = tree_cpu_s(proc)
        readers_cpu0 = sum(r.read_cpu() for r in readers)
        machine0 = machine_cpu_times()
        sleep_until(t0 + args.seconds)
        t1 = time.monotonic()
        cpu1 = tree_cpu_s(proc)
        readers_cpu1 = sum(r.read_cpu() for r in readers)
        machine1 = machine_cpu_times()
        onvif1 = load.counts() if load is not None else {}
        reader_log.flush()
        log_bytes = (log_dir / f"{kind}-{cameras}.readers.log").stat().st_size
        # The progress reports just after t1 (every ~0.5 s) date its frame count.
        time.sleep(1.0)
    finally:
        if load is not None:  # first, so that the pullers unsubscribe from a live camsim
            load.stop()
        for reader in readers:
            if reader.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    reader.process.send_signal(signal.SIGTERM)
        for reader in readers:
            stop_process(reader.process, 5.0)
        if collector is not None:
            collector.stopping.set()
            collector.join(5)
        for reader in readers:
            if reader.process.stdout is not None:
                reader.process.stdout.close()
        exit_code = stop_process(server.process, 15.0)
        reader_log.close()
        server.stderr.close()

    window = t1 - t0
    fps = sorted((r.frames_at(t1) - r.frames_at(t0)) / window for r in readers)
    # What the readers logged up to the window's end (not their SIGTERM shutdown noise).
    with open(log_dir / f"{kind}-{cameras}.readers.log", "rb") as f:
        errors = f.read(log_bytes).decode(errors="replace").splitlines()
    cpu_s = cpu1 - cpu0
    readers_cpu_s = readers_cpu1 - readers_cpu0
    machine = machine_busy(machine0, machine1)
    # Busy time neither the server nor the readers account for: kernel work done
    # in softirq context (loopback TCP), this script, anything else running.
    other_s = machine["busy"] - cpu_s - readers_cpu_s
    onvif_figures = {}
    if onvif1:
        onvif_figures["onvif_load"] = {
            **onvif1,
            "poll_s": args.onvif_poll,
            "polls_in_window": onvif1["polls_ok"] - onvif0["polls_ok"],
            "polls_failed_in_window": onvif1["polls_failed"] - onvif0["polls_failed"],
            "subscriptions_active_at_window_start": onvif0["subscriptions_active"],
        }
    return {
        "server": kind,
        "cameras": cameras,
        "streams": len(readers),
        "window_s": round(window, 3),
        "cpu_seconds": round(cpu_s, 3),
        "cpu_percent_of_one_core": round(100 * cpu_s / window, 2),
        "peak_rss_mb": round(peak_rss / 2**20, 1),
        "rss_at_ready_mb": round(rss_at_ready / 2**20, 1),
        "readers_cpu_percent": round(100 * readers_cpu_s / window, 2),
        "machine_cpu_percent": round(100 * machine["busy"] / max(1e-9, machine["total"]), 1),
        "unattributed_cpu_percent_of_one_core": round(100 * other_s / window, 2),
        "machine_busy_seconds": {
            k: v for k, v in machine.items() if k not in ("busy", "total") and v > 0
        },
        "delivered_fps_median": round(statistics.median(fps), 3),
        "delivered_fps_min": round(fps[0], 3),
        "delivered_fps_max": round(fps[-1], 3),
        "streams_delivering": sum(f >= DELIVERY_SHARE * FPS for f in fps),
        "readers_receiving_at_start": streaming,
        "startup_s": round(startup_s, 2),
        "reader_error_lines": len(errors),
        "reader_errors_sample": list(dict.fromkeys(errors))[:5],
        "server_exit_code": exit_code,
        **onvif_figures,
    }


# -- report ---------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """The common machine description plus GStreamer's version (the peer)."""
    gst = command_output(
        [
            GST_PYTHON,
            "-c",
            "import gi; gi.require_version('Gst', '1.0'); from gi.repository import Gst; "
            "Gst.init(None); print(Gst.version_string())",
        ]
    )
    return common_machine_info(gstreamer=gst)


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per camera count: each server's figures and camsim CPU / GStreamer CPU."""
    results: dict[str, Any] = {}
    for run in runs:
        entry = results.setdefault(str(run["cameras"]), {})
        entry[run["server"]] = run
    for entry in results.values():
        camsim, gst = entry.get("camsim"), entry.get("gstreamer")
        if camsim and gst:
            ratio = camsim["cpu_percent_of_one_core"] / max(1e-9, gst["cpu_percent_of_one_core"])
            delivered = all(s["streams_delivering"] == s["streams"] for s in (camsim, gst))
            entry["cpu_ratio_camsim_over_gstreamer"] = round(ratio, 3)
            entry["both_delivering"] = delivered
            entry["target_met"] = ratio <= 1.0 and delivered
    return results


def print_table(runs: list[dict[str, Any]], results: dict[str, Any]) -> None:
    """A compact table of the runs, then the ratios."""
    header = (
        f"{'cams':>4} {'server':<10} {'cpu%core':>8} {'peakRSS':>8} {'readers%':>8} "
        f"{'machine%':>8} {'fps med/min':>12} {'ok':>7}"
    )
    print("\n" + header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run['cameras']:>4} {run['server']:<10} {run['cpu_percent_of_one_core']:>8.1f} "
            f"{run['peak_rss_mb']:>6.0f}MB {run['readers_cpu_percent']:>8.1f} "
            f"{run['machine_cpu_percent']:>8.1f} "
            f"{run['delivered_fps_median']:>6.2f}/{run['delivered_fps_min']:<5.2f} "
            f"{run['streams_delivering']:>3}/{run['streams']:<3}"
        )
    for run in runs:
        if "onvif_load" in run:
            load = run["onvif_load"]
            print(
                f"{run['cameras']:>4} camsim ONVIF: events subscribed on"
                f" {load['subscriptions_active_at_window_start']} camera(s),"
                f" {load['polls_in_window']} poll(s) in the window"
                f" ({load['polls_failed_in_window']} failed)"
            )
    for cameras, entry in results.items():
        if "cpu_ratio_camsim_over_gstreamer" in entry:
            verdict = "met" if entry["target_met"] else "NOT met"
            print(
                f"{cameras:>4} cameras: camsim/gstreamer CPU = "
                f"{entry['cpu_ratio_camsim_over_gstreamer']:.2f} (target ≤ 1.00: {verdict}"
                f"{'' if entry['both_delivering'] else '; not every stream delivered'})"
            )
    saturated = [r for r in runs if r["machine_cpu_percent"] > 90]
    if saturated:
        print(
            "note: machine CPU > 90 % in "
            + ", ".join(f"{r['server']}@{r['cameras']}" for r in saturated)
            + " — the readers compete with the server; figures understate server demand"
        )


# -- main -----------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--cameras", default="16,32,64", help="camera counts (default 16,32,64)")
    p.add_argument("--seconds", type=float, default=20.0, help="measurement window (default 20)")
    p.add_argument("--warmup", type=float, default=5.0, help="warm-up once readers receive")
    p.add_argument("--servers", default=",".join(SERVERS), help="camsim,gstreamer (default)")
    p.add_argument(
        "--onvif",
        action="store_true",
        help="camsim serves ONVIF too (--onvif, credentials) under a VMS's ONVIF load",
    )
    p.add_argument(
        "--onvif-poll",
        type=float,
        default=10.0,
        help="with --onvif: seconds between a camera's polls (default 10; 0 = events only)",
    )
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--cache-dir", type=Path, default=default_cache_dir(), help="loop cache")
    p.add_argument("--log-dir", type=Path, help="keep server and reader logs here")
    args = p.parse_args(argv)
    try:
        args.camera_counts = [int(v) for v in args.cameras.split(",") if v.strip()]
    except ValueError:
        p.error(f"--cameras {args.cameras!r}: comma-separated integers")
    if not args.camera_counts or not all(1 <= n <= 256 for n in args.camera_counts):
        p.error("--cameras: each count must be 1..256")
    args.server_list = [s.strip() for s in args.servers.split(",") if s.strip()]
    if not args.server_list or not set(args.server_list) <= set(SERVERS):
        p.error(f"--servers: a comma-separated subset of {','.join(SERVERS)}")
    if args.onvif_poll < 0:
        p.error("--onvif-poll must be >= 0")
    if args.seconds <= 0 or args.warmup < 0:
        p.error("--seconds must be > 0 and --warmup >= 0")
    return args


@contextlib.contextmanager
def log_directory(path: Path | None) -> Iterator[Path]:
    """``path`` (created) if given, else a temporary directory removed afterwards."""
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
    else:
        with tempfile.TemporaryDirectory(prefix=f"{NAME}-") as tmp:
            yield Path(tmp)


def main(argv: list[str] | None = None) -> int:
    """Prepare the content, run every (N, server) pair, write JSON, print the table."""
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the servers and readers started are stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    largest = max(args.camera_counts)
    # How long a reader may run: all readers connecting, warm-up, window, slack.
    run_s = startup_timeout_s(2 * largest) + args.warmup + args.seconds + 10
    if "gstreamer" in args.server_list and not GST_PEER.exists():
        raise SystemExit(f"{GST_PEER} is missing")

    specs = camera_specs(largest)
    prepare_loops(specs, args.cache_dir)
    gst_files: dict[str, Path] = {}
    if "gstreamer" in args.server_list:
        repeats = math.ceil((run_s + GST_MARGIN_S) / LOOP_SECONDS)
        gst_files = prepare_gst_files(specs, args.cache_dir, repeats)

    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "target": "camsim cpu <= 1.0 x gstreamer cpu at the same load, every stream delivered",
        "config": {
            "cameras": args.camera_counts,
            "servers": args.server_list,
            "seconds": args.seconds,
            "warmup_s": args.warmup,
            "main": f"{MAIN.width}x{MAIN.height}@{MAIN.kbps}kbps",
            "sub": f"{SUB.width}x{SUB.height}@{SUB.kbps}kbps",
            "fps": FPS,
            "codec": CODEC.value,
            "loop_seconds": LOOP_SECONDS,
            "reader": "ffmpeg -rtsp_transport tcp -i URL -c copy -f null -",
            "gst_pipeline": gst_pipeline(Path("FILE")),
            "delivering_means_fps_at_least": DELIVERY_SHARE * FPS,
            "camsim_onvif": args.onvif,
            "onvif_load": (
                f"per camera: the server's event watch (PullPoint, PullMessages {PULL_S:g} s),"
                f" GetSystemDateAndTime + GetProfiles every {args.onvif_poll:g} s"
                if args.onvif
                else None
            ),
        },
        "machine": machine_info(),
    }
    runs: list[dict[str, Any]] = []
    with log_directory(args.log_dir) as log_dir:
        for index, cameras in enumerate(args.camera_counts):
            order = args.server_list if index % 2 == 0 else args.server_list[::-1]
            for kind in order:
                print(f"{cameras} camera(s), {2 * cameras} stream(s): {kind}", flush=True)
                try:
                    runs.append(measure(kind, cameras, args, gst_files, log_dir, run_s))
                except RuntimeError as error:
                    print(f"  {kind} failed: {error}", file=sys.stderr, flush=True)
                    runs.append({"server": kind, "cameras": cameras, "error": str(error)})
                ok = [r for r in runs if "error" not in r]
                report["runs"] = runs
                report["results"] = summarise(ok)
                out.write_text(json.dumps(report, indent=2) + "\n")
                time.sleep(2)  # let sockets and the scheduler settle between runs
    ok = [r for r in runs if "error" not in r]
    print_table(ok, report["results"])
    print(f"\nresults: {out}")
    return 0 if len(ok) == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
