"""Prometheus metrics (``vedette-server run --metrics-listen``), end to end: a real
server recording a real camsim camera, scraped over HTTP and parsed with
prometheus_client's own parser. What docs/metrics.md promises: the names, types and
labels; figures that are the truth (frames arriving, bytes growing, the volume's free
space as the file system says); off unless asked; loopback only; a port in use
refused at start; no thread left when it stops.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.conftest import SMALL
from tests.integration.ingest_harness import free_port
from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.inprocess_server import start_inprocess_server
from tests.support.server_process import (
    ServerProcess,
    init_data_dir,
    start_server,
    wait_for,
)
from tests.unit.test_metrics_names import documented_metrics
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.v1 import auth_pb2, auth_pb2_grpc, cameras_pb2
from vedette_server.ops.metrics import MetricsEndpoint

pytestmark = pytest.mark.slow

SCRAPE_TIMEOUT_S = 30.0


@dataclass
class Scrape:
    """One scrape: the families by name, and every sample."""

    types: dict[str, str]
    samples: list[Sample]

    def values(self, name: str, **labels: str) -> list[float]:
        """The values of the samples named ``name`` whose labels include ``labels``."""
        return [
            s.value
            for s in self.samples
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
        ]

    def value(self, name: str, **labels: str) -> float:
        (found,) = self.values(name, **labels)
        return found


def scrape(port: int) -> Scrape:
    url = f"http://127.0.0.1:{port}/metrics"
    with urllib.request.urlopen(url, timeout=SCRAPE_TIMEOUT_S) as response:
        assert response.status == 200
        text = response.read().decode()
    families = list(text_string_to_metric_families(text))
    return Scrape(
        {f.name: f.type for f in families}, [sample for f in families for sample in f.samples]
    )


def listening_ports(pid: int) -> set[int]:
    connections = psutil.Process(pid).net_connections(kind="inet")
    return {c.laddr.port for c in connections if c.status == psutil.CONN_LISTEN}


@dataclass
class Recording:
    server: ServerProcess
    camsim: CamsimProcess
    metrics_port: int
    camera_id: int


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recording]:
    """A server recording one camsim camera ("gate"), metrics on a loopback port."""
    tmp = tmp_path_factory.mktemp("metrics")
    assert init_data_dir(tmp / "data").returncode == 0
    camsim = start_camsim(*SMALL)
    metrics_port = free_port()
    server = start_server(
        tmp / "data", tmp / "known.json",
        "--metrics-listen", f"127.0.0.1:{metrics_port}",
        "--segment-seconds", "2", "--fsync-seconds", "0.5", "--housekeeping-seconds", "1",
    )  # fmt: skip
    try:
        with server.client() as client:
            camera = client.create_camera("gate", camsim.url("cam1", "main"))
            wait_for(lambda: recording_now(client, camera.id), 90, "the camera recording")
        yield Recording(server, camsim, metrics_port, camera.id)
    finally:
        server.stop()
        camsim.stop()


def recording_now(client: Client, camera_id: int) -> bool:
    status = client.get_camera(camera_id).status
    return bool(status.main.state == cameras_pb2.STREAM_STATE_ONLINE and status.main.bytes_written)


def test_every_documented_metric_is_served_with_its_type_and_labels(
    recording: Recording,
) -> None:
    with pytest.raises(errors.Unauthenticated):  # a failed login has its series
        recording.server.client(password="not-the-password").close()
    # Latencies are there once a segment was fsynced (every 0.5 s while written).
    found = wait_for(
        lambda: (
            (s := scrape(recording.metrics_port)).values("vedette_segment_fsync_seconds_count")
            and s
        ),
        60,
        "a segment fsync observed",
    )
    for name, (kind, labels) in documented_metrics().items():
        family = name.removesuffix("_total") if kind == "counter" else name
        assert found.types.get(family) == kind, f"{name}: {found.types.get(family)}"
        samples = [s for s in found.samples if s.name.startswith(family)]
        assert samples, f"{name}: no sample"
        for sample in samples:
            assert set(labels) <= set(sample.labels), f"{name}: {sample.labels} lacks {labels}"
    # Process metrics come with prometheus_client's own collectors.
    assert found.value("process_cpu_seconds_total") > 0
    assert found.value("vedette_build_info") == 1


def test_the_recording_camera_is_up_with_frames_and_growing_bytes(recording: Recording) -> None:
    camera = {"camera": "gate", "camera_id": str(recording.camera_id), "stream": "main"}
    first = scrape(recording.metrics_port)
    assert first.value("vedette_camera_up", camera="gate") == 1
    assert first.value("vedette_stream_recording", **camera) == 1
    assert first.value("vedette_ingest_frames_per_second", **camera) > 0
    assert first.value("vedette_ingest_bitrate_bits_per_second", **camera) > 0
    assert first.value("vedette_ingest_reconnects_total", **camera) == 0

    def grown() -> Scrape | None:
        later = scrape(recording.metrics_port)
        for name in ("vedette_ingest_bytes_total", "vedette_ingest_packets_total"):
            if later.value(name, **camera) <= first.value(name, **camera):
                return None
        return later

    later = wait_for(grown, 60, "bytes and packets received growing")
    # Packets are far smaller than their bytes, and a loopback camera loses none.
    received = later.value("vedette_ingest_bytes_total", **camera)
    assert received > later.value("vedette_ingest_packets_total", **camera) > 0
    assert later.value("vedette_ingest_lost_packets_total", **camera) == 0


def test_live_viewers_count_the_clients_watching(recording: Recording) -> None:
    camera = {"camera_id": str(recording.camera_id), "stream": "main"}

    def viewers() -> float:
        return scrape(recording.metrics_port).value("vedette_live_viewers", **camera)

    assert viewers() == 0
    with recording.server.client() as client:
        live = client.live(recording.camera_id, timeout_s=120)
        try:
            assert next(live).HasField("start")
            assert viewers() == 1
        finally:
            live.close()
        wait_for(lambda: viewers() == 0, 60, "the viewer gone")
    # The grpc call of the live view was counted when it ended (cancelled by the client).
    calls = scrape(recording.metrics_port).values(
        "vedette_grpc_requests_total", method="vedette.v1.MediaService/Live"
    )
    assert sum(calls) == 1


def test_volume_free_bytes_are_what_the_file_system_says(recording: Recording) -> None:
    volume = str(recording.server.data / "recordings")
    found = scrape(recording.metrics_port)
    assert found.value("vedette_volume_state", volume=volume, state="read_write") == 1
    assert found.value("vedette_volume_state", volume=volume, state="unavailable") == 0
    stat = os.statvfs(volume)
    capacity = stat.f_blocks * stat.f_frsize
    free = stat.f_bavail * stat.f_frsize
    assert found.value("vedette_volume_capacity_bytes", volume=volume) == capacity
    # Probed every second; the machine's other work moves free space meanwhile.
    tolerance = max(2 << 30, capacity // 20)
    assert abs(found.value("vedette_volume_free_bytes", volume=volume) - free) <= tolerance


def test_calls_and_failed_logins_are_counted(recording: Recording) -> None:
    before = scrape(recording.metrics_port)
    failed_before = sum(before.values("vedette_login_failures_total", via="login"))
    with pytest.raises(errors.Unauthenticated):
        recording.server.client(password="not-the-password").close()
    after = scrape(recording.metrics_port)
    assert sum(after.values("vedette_login_failures_total", via="login")) == failed_before + 1
    logins = after.values(
        "vedette_grpc_requests_total", method="vedette.v1.AuthService/Login", code="UNAUTHENTICATED"
    )
    assert logins and logins[0] >= 1
    created = after.value(
        "vedette_grpc_requests_total", method="vedette.v1.CameraService/CreateCamera", code="OK"
    )
    assert created == 1


def test_one_scrape_takes_this_long_with_one_camera(recording: Recording) -> None:
    """A figure, not a limit: printed for the record (-s shows it)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        scrape(recording.metrics_port)
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"\nscrape with 1 camera: median {times[2] * 1000:.1f} ms (5 scrapes)")
    assert len(times) == 5


def test_no_metrics_port_is_opened_without_the_flag(tmp_path: Path) -> None:
    assert init_data_dir(tmp_path / "data").returncode == 0
    server = start_server(tmp_path / "data", tmp_path / "known.json")
    try:
        assert listening_ports(server.process.pid) == {server.port, server.rtsp_port}
    finally:
        server.stop()


def run_briefly(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", "--local-socket", "none", "--rtsp-listen", "none",
            *extra]  # fmt: skip
    return subprocess.run(argv, env=environment(), capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("address", ["0.0.0.0:9464", "192.0.2.7:9464", "[::]:9464", ":9464"])
def test_a_non_loopback_address_is_refused_with_the_reason(tmp_path: Path, address: str) -> None:
    assert init_data_dir(tmp_path / "data").returncode == 0
    result = run_briefly(tmp_path / "data", "--metrics-listen", address)
    assert result.returncode != 0
    assert "--metrics-listen must be a loopback address" in result.stderr
    assert "without authentication" in result.stderr


def test_an_address_without_a_port_is_refused(tmp_path: Path) -> None:
    assert init_data_dir(tmp_path / "data").returncode == 0
    result = run_briefly(tmp_path / "data", "--metrics-listen", "127.0.0.1")
    assert result.returncode != 0
    assert "is not HOST:PORT" in result.stderr


def test_a_metrics_port_in_use_stops_the_start_with_the_reason(tmp_path: Path) -> None:
    assert init_data_dir(tmp_path / "data").returncode == 0
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_briefly(tmp_path / "data", "--metrics-listen", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert f"--metrics-listen 127.0.0.1:{port}: the port is in use" in result.stderr


def test_the_endpoint_stops_with_no_thread_left(tmp_path: Path) -> None:
    started = start_inprocess_server(tmp_path)
    try:
        before = set(threading.enumerate())
        endpoint = MetricsEndpoint(started.server.parts, "127.0.0.1", 0)
        started.run(endpoint.start())
        port = endpoint.port
        assert scrape(port).value("vedette_export_tasks", state="queued") == 0
        started.run(endpoint.aclose(), timeout=60)
        assert set(threading.enumerate()) <= before
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10)
    finally:
        started.stop()


def test_a_scrape_sees_the_login_and_rpc_counts_of_an_inprocess_server(tmp_path: Path) -> None:
    """The gate counts refused calls too: a call without a token is UNAUTHENTICATED."""
    started = start_inprocess_server(tmp_path)
    endpoint = MetricsEndpoint(started.server.parts, "127.0.0.1", 0)
    try:
        started.run(endpoint.start())
        with started.channel() as channel:
            stub = auth_pb2_grpc.AuthServiceStub(channel)
            with pytest.raises(grpc.RpcError) as refused:
                stub.Logout(auth_pb2.LogoutRequest(), timeout=30)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
        found = scrape(endpoint.port)
        method = "vedette.v1.AuthService/Logout"
        assert found.value("vedette_grpc_requests_total", method=method, code="UNAUTHENTICATED")
    finally:
        started.run(endpoint.aclose(), timeout=60)
        started.stop()
