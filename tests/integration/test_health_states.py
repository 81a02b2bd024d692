"""The gRPC health service of a real server: SERVING for the server ("") and every
API service once up, asked without a session; NOT_SERVING from the start of the
stop, seen on Watch streams before the connection closes; and ``vedette health``,
whose exit status scripts and the upgrade unit rely on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import open_channel
from vedette_server.ops.health import SERVICE_NAMES

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
WAIT_S = 60.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(tmp_path) as process:
        yield process


def health_channel(server: ServerProcess) -> grpc.Channel:
    channel, _ = open_channel("127.0.0.1", server.port, known_servers_path=server.known_servers)
    return channel


def vedette_health(server: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``vedette health`` as a script runs it: no password in the environment."""
    environ = {k: v for k, v in os.environ.items() if k != "VEDETTE_PASSWORD"}
    return subprocess.run(
        [str(Path(sys.executable).parent / "vedette"), "--server", server, *args],
        env=dict(environ, XDG_CONFIG_HOME=str(home)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_service_is_serving_once_up_without_a_session(server: ServerProcess) -> None:
    assert len(SERVICE_NAMES) > 10 and "vedette.v1.CameraService" in SERVICE_NAMES
    with health_channel(server) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for name in SERVICE_NAMES:
            reply = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=WAIT_S)
            assert reply.status == SERVING, name
        with pytest.raises(grpc.RpcError) as unknown:
            stub.Check(health_pb2.HealthCheckRequest(service="vedette.v1.Nope"), timeout=WAIT_S)
        assert unknown.value.code() == grpc.StatusCode.NOT_FOUND


def test_watchers_see_not_serving_when_the_stop_begins(server: ServerProcess) -> None:
    """Every name's Watch stream: SERVING, then NOT_SERVING while the server still
    answers (before its streams are closed), then the end of the stream."""
    seen: dict[str, list[int]] = {name: [] for name in SERVICE_NAMES}
    first = threading.Barrier(len(SERVICE_NAMES) + 1, timeout=WAIT_S)

    def watch(stub: health_pb2_grpc.HealthStub, name: str) -> None:
        stream = stub.Watch(health_pb2.HealthCheckRequest(service=name), timeout=WAIT_S * 2)
        try:
            for index, reply in enumerate(stream):
                seen[name].append(reply.status)
                if index == 0:
                    first.wait()
        except grpc.RpcError:
            pass  # the server closed the stream at its stop

    with health_channel(server) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        threads = [
            threading.Thread(target=watch, args=(stub, name), daemon=True) for name in SERVICE_NAMES
        ]
        for thread in threads:
            thread.start()
        first.wait()  # every stream has its first answer
        server.process.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(WAIT_S)
        assert server.process.wait(WAIT_S) == 0
    assert seen == {name: [SERVING, NOT_SERVING] for name in SERVICE_NAMES}


def test_vedette_health_exit_status(server: ServerProcess, tmp_path: Path) -> None:
    home = tmp_path / "home"

    overall = vedette_health(server.address, home, "health")
    assert (overall.returncode, overall.stdout) == (0, "SERVING\n"), overall.stderr

    one = vedette_health(server.address, home, "health", "--service", "vedette.v1.SystemService")
    assert (one.returncode, one.stdout) == (0, "SERVING\n"), one.stderr

    unknown = vedette_health(server.address, home, "health", "--service", "vedette.v1.Nope")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "has no service 'vedette.v1.Nope'" in unknown.stderr

    server.stop()
    down = vedette_health(server.address, home, "health", "--timeout", "5")
    assert down.returncode == 1 and down.stdout == ""
    assert "cannot reach" in down.stderr


def test_vedette_health_says_not_serving_and_fails(tmp_path: Path) -> None:
    """Against a gRPC server whose health is NOT_SERVING (plaintext on loopback)."""
    servicer = health.HealthServicer()
    servicer.set("", NOT_SERVING)
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    health_pb2_grpc.add_HealthServicer_to_server(servicer, grpc_server)
    port = grpc_server.add_insecure_port("127.0.0.1:0")
    grpc_server.start()
    try:
        result = vedette_health(f"127.0.0.1:{port}", tmp_path, "--insecure", "health")
    finally:
        grpc_server.stop(None)
    assert (result.returncode, result.stdout) == (1, "NOT_SERVING\n"), result.stderr


def test_vedette_health_refuses_bad_options(tmp_path: Path) -> None:
    result = vedette_health("127.0.0.1:1", tmp_path, "health", "--timeout", "0")
    assert result.returncode == 2 and "--timeout" in result.stderr
