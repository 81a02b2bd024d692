"""Prometheus metrics over HTTP (``vedette-server run --metrics-listen 127.0.0.1:9464``).

Off by default. When on, ``MetricsEndpoint`` serves ``/metrics`` with
prometheus_client's WSGI server on a loopback address only (``cli.py`` refuses any
other: the page names the cameras and asks for no credentials). docs/metrics.md
lists every series; ``tests/unit/test_metrics_names.py`` keeps the two in step.

Where the figures come from (nothing is counted twice, nothing is kept here):
- per camera stream: the ingest workers' HEALTH reports (``StatusBoard`` for rates
  and states, ``Recorder.totals`` for counters and fdatasync latencies);
- volumes: the catalog, whose free space the housekeeping refreshes every
  ``--housekeeping-seconds``;
- the catalog thread's job latencies, the live hubs' viewers, the export tasks,
  the login guard's failures and the gate's calls.

Invariants:
- Nothing is read at import, and no global registry is touched: the endpoint has its
  own ``CollectorRegistry`` (this collector and the process, platform and GC ones).
- A scrape reads the server's state on the event loop that owns it (and the catalog
  on the catalog thread), never from the HTTP thread; a scrape the loop cannot answer
  within ``SCRAPE_TIMEOUT_S`` fails (HTTP 500) rather than hanging.
- ``aclose`` stops the HTTP server and joins its threads: none is left running.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, get_args
from wsgiref.simple_server import WSGIServer

from prometheus_client import (
    CollectorRegistry,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
    start_wsgi_server,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from vedette_server.api.system_service import vedette_version
from vedette_server.catalog.models import VolumeState
from vedette_server.export.tasks import TaskState
from vedette_server.ingest.config import StreamName
from vedette_server.ops.tallies import BUCKETS_S, HistogramCounts
from vedette_server.parts import Parts
from vedette_server.recording.cameras import CameraRecord
from vedette_server.recording.ingest_totals import StreamCounters
from vedette_server.recording.status import STALE_AFTER_S, StreamHealth
from vedette_server.recording.volumes import VolumeInfo

log = logging.getLogger(__name__)

#: How long a scrape waits for the event loop and the catalog thread.
SCRAPE_TIMEOUT_S = 10.0
STREAMS: tuple[StreamName, ...] = ("main", "sub")
CAMERA_LABELS = ("camera", "camera_id")
STREAM_LABELS = ("camera", "camera_id", "stream")
VOLUME_LABELS = ("volume", "volume_id")


@dataclass(frozen=True)
class StreamFigures:
    """One camera stream as a scrape sees it."""

    health: StreamHealth | None
    counters: StreamCounters
    viewers: int


@dataclass(frozen=True)
class MetricsSnapshot:
    """Everything one scrape shows, read where it lives (``read_snapshot``)."""

    version: str
    cameras: Sequence[CameraRecord]
    streams: dict[tuple[int, StreamName], StreamFigures]
    volumes: Sequence[VolumeInfo]
    fsync_by_volume: dict[int, HistogramCounts]
    catalog_wait: HistogramCounts
    catalog_run: HistogramCounts
    export_tasks: Counter[str]
    login_failures: dict[tuple[str, ...], int]
    grpc_calls: dict[tuple[str, ...], int]
    #: ``time.monotonic()`` when read (a stream report older than STALE_AFTER_S is stale).
    now_s: float


async def read_snapshot(parts: Parts) -> MetricsSnapshot:
    """Read the figures on the event loop (and the catalog on its thread)."""
    cameras = await parts.thread.call(parts.cameras.list_all)
    volumes = await parts.thread.call(parts.volumes.list_all)
    totals = parts.recorder.totals.streams()
    streams = {}
    for camera in cameras:
        for stream in STREAMS:
            key = (camera.id, stream)
            health = parts.status.get(*key)
            counters = totals.get(key)
            if health is None and counters is None:
                continue
            streams[key] = StreamFigures(
                health, counters or StreamCounters(), parts.live_hubs.viewer_count(*key)
            )
    return MetricsSnapshot(
        version=vedette_version(),
        cameras=cameras,
        streams=streams,
        volumes=volumes,
        fsync_by_volume=parts.recorder.totals.fsync_by_volume(),
        catalog_wait=parts.thread.wait_seconds.snapshot(),
        catalog_run=parts.thread.run_seconds.snapshot(),
        export_tasks=Counter(task.state for task in parts.export_tasks.all()),
        login_failures=parts.login_guard.failures.snapshot(),
        grpc_calls=parts.gate.calls.snapshot(),
        now_s=time.monotonic(),
    )


def _histogram(name: str, documentation: str, labels: Sequence[str] = ()) -> HistogramMetricFamily:
    return HistogramMetricFamily(name, documentation, labels=list(labels), unit="seconds")


def _add_histogram(
    family: HistogramMetricFamily, labels: Sequence[str], counts: HistogramCounts
) -> None:
    bounds = [f"{bound:g}" for bound in BUCKETS_S] + ["+Inf"]
    buckets = [(b, float(c)) for b, c in zip(bounds, counts.buckets, strict=True)]
    family.add_metric(list(labels), buckets, counts.sum_s)


#: Per-stream gauges: (key, metric name, help).
STREAM_GAUGES: Final = (
    ("recording", "vedette_stream_recording",
     "1 while a segment file of the stream is open and written to"),
    ("fps", "vedette_ingest_frames_per_second",
     "video frames per second received over the last 5 seconds"),
    ("bitrate", "vedette_ingest_bitrate_bits_per_second",
     "video and audio bits per second received over the last 5 seconds"),
    ("viewers", "vedette_live_viewers",
     "clients watching the stream live: API live calls and RTSP re-stream sessions"),
)  # fmt: skip
#: Per-stream counters: (the ``StreamCounters`` field, metric name, help).
STREAM_COUNTERS: Final = (
    ("packets_received", "vedette_ingest_packets",
     "video and audio packets received from the camera"),
    ("bytes_received", "vedette_ingest_bytes",
     "payload bytes of the packets received from the camera"),
    ("lost_packets", "vedette_ingest_lost_packets",
     "RTP packets the camera sent that never arrived (Vedette's own RTSP client)"),
    ("dropped_frames", "vedette_ingest_dropped_frames",
     "frames discarded as damaged by a lost or malformed packet"),
    ("reconnects", "vedette_ingest_reconnects",
     "connection attempts after the stream failed or ended"),
)  # fmt: skip


def stream_families(snapshot: MetricsSnapshot) -> Iterator[Metric]:
    """Per camera and stream: state, rates and counters."""
    names = {camera.id: camera.name for camera in snapshot.cameras}
    up = GaugeMetricFamily(
        "vedette_camera_up",
        "1 while the camera's main stream is online and its worker reports (0: offline,"
        " connecting, disabled or its worker silent)",
        labels=list(CAMERA_LABELS),
    )
    for camera in snapshot.cameras:
        figures = snapshot.streams.get((camera.id, "main"))
        online = figures is not None and _online(figures.health, snapshot.now_s)
        up.add_metric([camera.name, str(camera.id)], 1.0 if online and camera.enabled else 0.0)
    yield up
    gauges = {
        key: GaugeMetricFamily(name, text, labels=list(STREAM_LABELS))
        for key, name, text in STREAM_GAUGES
    }
    counters = {
        key: CounterMetricFamily(name, text, labels=list(STREAM_LABELS))
        for key, name, text in STREAM_COUNTERS
    }
    for (camera_id, stream), figures in sorted(snapshot.streams.items()):
        labels = [names.get(camera_id, ""), str(camera_id), stream]
        health = figures.health
        live = health is not None and _online(health, snapshot.now_s)
        recording = health is not None and health.is_recording(snapshot.now_s)
        gauges["recording"].add_metric(labels, 1.0 if recording else 0.0)
        gauges["fps"].add_metric(labels, health.fps if live and health else 0.0)
        bitrate = 1000.0 * health.bitrate_kbps if live and health else 0.0
        gauges["bitrate"].add_metric(labels, bitrate)
        gauges["viewers"].add_metric(labels, float(figures.viewers))
        for name, family in counters.items():
            family.add_metric(labels, float(getattr(figures.counters, name)))
    yield from gauges.values()
    yield from counters.values()


def _online(health: StreamHealth | None, now_s: float) -> bool:
    """Online and reported recently (``StatusBoard``'s staleness rule)."""
    if health is None or health.state != "online":
        return False
    return now_s - health.updated_s <= STALE_AFTER_S


def storage_families(snapshot: MetricsSnapshot) -> Iterator[Metric]:
    """Volumes, segment fdatasync latency and the catalog thread."""
    free = GaugeMetricFamily(
        "vedette_volume_free_bytes",
        "bytes free for the server on the volume's file system, as last probed",
        labels=list(VOLUME_LABELS),
    )
    capacity = GaugeMetricFamily(
        "vedette_volume_capacity_bytes",
        "size of the volume's file system in bytes, as last probed",
        labels=list(VOLUME_LABELS),
    )
    state = GaugeMetricFamily(
        "vedette_volume_state",
        "1 for the volume's state (none, foreign, unavailable, read_write, full), 0 for the others",
        labels=[*VOLUME_LABELS, "state"],
    )
    fsync = _histogram(
        "vedette_segment_fsync_seconds",
        "time each fdatasync of a segment file took (every --fsync-seconds while it is"
        " written, and at its close)",
        VOLUME_LABELS,
    )
    paths = {volume.id: volume.path for volume in snapshot.volumes}
    for volume in snapshot.volumes:
        labels = [volume.path, str(volume.id)]
        free.add_metric(labels, float(volume.free_bytes))
        capacity.add_metric(labels, float(volume.capacity_bytes))
        for known in VolumeState:
            state.add_metric([*labels, known.value], 1.0 if volume.state == known.value else 0.0)
    for volume_id, counts in sorted(snapshot.fsync_by_volume.items()):
        _add_histogram(fsync, [paths.get(volume_id, ""), str(volume_id)], counts)
    yield from (free, capacity, state, fsync)
    wait = _histogram(
        "vedette_catalog_job_wait_seconds",
        "time a catalog job waited for the catalog thread (a growing wait: the catalog"
        " falls behind)",
    )
    _add_histogram(wait, [], snapshot.catalog_wait)
    run = _histogram("vedette_catalog_job_run_seconds", "time a catalog job ran")
    _add_histogram(run, [], snapshot.catalog_run)
    yield from (wait, run)


def api_families(snapshot: MetricsSnapshot) -> Iterator[Metric]:
    """Build, clients and API calls."""
    build = GaugeMetricFamily(
        "vedette_build_info", "the server's version (always 1)", labels=["version"]
    )
    build.add_metric([snapshot.version], 1.0)
    yield build
    exports = GaugeMetricFamily("vedette_export_tasks", "export tasks by state", labels=["state"])
    for task_state in get_args(TaskState):
        exports.add_metric([task_state], float(snapshot.export_tasks.get(task_state, 0)))
    yield exports
    failures = CounterMetricFamily(
        "vedette_login_failures",
        "failed password checks by way in (login, RTSP, password change, ...)",
        labels=["via"],
    )
    for (via,), count in sorted(snapshot.login_failures.items()):
        failures.add_metric([via], float(count))
    yield failures
    calls = CounterMetricFamily(
        "vedette_grpc_requests",
        "gRPC calls that ended, by method and status code (refused ones included)",
        labels=["method", "code"],
    )
    for (method, code), count in sorted(snapshot.grpc_calls.items()):
        calls.add_metric([method, code], float(count))
    yield calls


def families(snapshot: MetricsSnapshot) -> list[Metric]:
    """Every ``vedette_*`` family of one scrape."""
    return [*stream_families(snapshot), *storage_families(snapshot), *api_families(snapshot)]


class ServerMetrics(Collector):
    """The ``vedette_*`` families, read from the running server at each scrape."""

    def __init__(self, parts: Parts, loop: asyncio.AbstractEventLoop) -> None:
        self._parts = parts
        self._loop = loop

    def collect(self) -> Iterator[Metric]:
        """Called on the HTTP request thread: reads on the loop, waits a bounded time."""
        future = asyncio.run_coroutine_threadsafe(read_snapshot(self._parts), self._loop)
        try:
            snapshot = future.result(SCRAPE_TIMEOUT_S)
        except TimeoutError:
            future.cancel()
            raise
        yield from families(snapshot)


class MetricsEndpoint:
    """The HTTP server of ``/metrics``: ``start()`` binds, ``aclose()`` stops it."""

    def __init__(self, parts: Parts, host: str, port: int) -> None:
        self._parts = parts
        self.host, self.port = host, port
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    async def start(self) -> None:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(ServerMetrics(self._parts, asyncio.get_running_loop()))
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        where = f"--metrics-listen {self.host}:{self.port}"
        try:
            self._server, self._thread = start_wsgi_server(self.port, self.host, registry)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise OSError(f"{where}: the port is in use by another program") from None
            raise OSError(f"{where}: {error.strerror or error}") from None
        self.port = self._server.server_port
        log.info("Prometheus metrics on http://%s:%d/metrics", self.host, self.port)

    async def aclose(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return

        def stop() -> None:  # blocking: waits for serve_forever and open requests
            server.shutdown()
            server.server_close()
            thread.join()

        await asyncio.to_thread(stop)
