"""Issue 11, finding 1: idle TCP connections to the RTSP and gRPC ports must not stop
recording. A real server runs under ``ulimit -n 1024`` (hard limit too, so it cannot
raise its way out) while 1 100 idle connections are opened to each port, from many
loopback addresses as a LAN's worth of clients would.

Before the fix: the descriptors ran out, asyncio logged ~60 MB of EMFILE tracebacks
in 30 s, housekeeping could not read volume.json and marked the volume unavailable
for good, no segment was recorded, and ``status`` still said "REC yes".
"""

from __future__ import annotations

import os
import resource
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL
from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, init_data_dir, wait_for
from vedette_api import errors
from vedette_api.v1 import storage_pb2

OPEN_FILES = 1024  # the common default the finding was made under
CONNECTIONS_PER_PORT = 1100
FLOOD_S = 25.0
#: Far above what a quiet server writes in a minute, far below the flood's 60 MB.
MAX_LOG_BYTES = 200_000


def start_limited_server(data: Path, known: Path, log_path: Path, open_files: int) -> ServerProcess:
    """vedette-server with soft and hard RLIMIT_NOFILE at ``open_files``, its output
    (stdout and stderr) written to ``log_path``."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    argv = [sys.executable, "-m", "vedette_server.cli", "run", "--data", str(data),
            "--listen", "127.0.0.1:0", "--rtsp-listen", "127.0.0.1:0", "--local-socket", "none",
            "--segment-seconds", "2", "--housekeeping-seconds", "1"]  # fmt: skip
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            argv, env=environment(), stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit
        )

    def ready() -> tuple[int, int] | None:
        lines = log_path.read_text(errors="replace").splitlines()
        grpc_port = [x for x in lines if x.startswith("vedette-server ready on")]
        rtsp_port = [x for x in lines if x.startswith("vedette-server RTSP on")]
        if process.poll() is not None:
            raise AssertionError("the server exited:\n" + "\n".join(lines[-40:]))
        if grpc_port and rtsp_port:
            return int(grpc_port[0].rsplit(":", 1)[1]), int(rtsp_port[0].rsplit(":", 1)[1])
        return None

    grpc_port, rtsp_port = wait_for(ready, 60, "the server's ready line")
    return ServerProcess(data, process, grpc_port, known, rtsp_port=rtsp_port)


class IdleFlood:
    """Opens idle TCP connections from many loopback addresses and holds them."""

    def __init__(self, ports: list[int], per_port: int) -> None:
        self.ports, self.per_port = ports, per_port
        self.sockets: list[socket.socket] = []
        self.refused = 0
        self._thread = threading.Thread(target=self._open, daemon=True)

    def _open(self) -> None:
        for port in self.ports:
            for i in range(self.per_port):
                sock = socket.socket()
                sock.settimeout(2.0)
                try:
                    sock.bind((f"127.0.{1 + i // 250}.{2 + i % 250}", 0))
                    sock.connect(("127.0.0.1", port))
                except OSError:
                    sock.close()
                    self.refused += 1
                    continue
                self.sockets.append(sock)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._thread.join(60)
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL)
    yield process
    process.stop()


@pytest.fixture
def enough_descriptors_for_the_flood() -> Iterator[None]:
    """This process holds the flood's client sockets: raise its own soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * CONNECTIONS_PER_PORT + 512
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip(f"the hard open-files limit {hard} is under the {wanted} the flood needs")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def catalog_volume_states(data: Path) -> set[str]:
    with sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True, timeout=10) as db:
        return {row[0] for row in db.execute("SELECT state FROM volume")}


def catalog_segments_since(data: Path, start_us: int) -> int:
    with sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True, timeout=10) as db:
        query = "SELECT COUNT(*) FROM segment WHERE stream = 1 AND start_us >= ?"
        return int(db.execute(query, (start_us,)).fetchone()[0])


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_idle_connection_flood_neither_stops_recording_nor_floods_the_log(
    camsim: CamsimProcess, tmp_path: Path, enough_descriptors_for_the_flood: None
) -> None:
    data, log_path = tmp_path / "data", tmp_path / "server.log"
    assert init_data_dir(data).returncode == 0
    server = start_limited_server(data, tmp_path / "known.json", log_path, OPEN_FILES)
    try:
        with server.client() as client:
            camera = client.create_camera("door", camsim.url("cam1", "main"))
            wait_for(lambda: client.get_camera(camera.id).status.recording, 60, "recording")
        assert server.rtsp_port is not None
        log_before = log_path.stat().st_size
        flood_start_us = time.time_ns() // 1000
        late_us = flood_start_us + int(FLOOD_S * 1e6) // 2  # the flood is well under way
        flood = IdleFlood([server.rtsp_port, server.port], CONNECTIONS_PER_PORT)
        flood.start()
        states: set[str] = set()
        most_descriptors = 0
        deadline = time.monotonic() + FLOOD_S
        try:
            while time.monotonic() < deadline:
                states |= catalog_volume_states(data)
                most_descriptors = max(most_descriptors, open_descriptors(server.process.pid))
                time.sleep(0.2)
            recorded = catalog_segments_since(data, flood_start_us)
            recorded_late = catalog_segments_since(data, late_us)
            log_during = log_path.stat().st_size - log_before
        finally:
            flood.close()
        print(
            f"\nflood: {len(flood.sockets)} connections held by the client, {flood.refused}"
            f" refused; server descriptors at most {most_descriptors} of {OPEN_FILES};"
            f" {recorded} segments recorded; {log_during} log bytes written"
        )
        assert states == {"read_write"}, "the volume left read_write during the flood"
        assert recorded_late >= 2, "recording stopped during the flood"
        assert log_during < MAX_LOG_BYTES
        log_text = log_path.read_text(errors="replace")
        assert "Too many open files" not in log_text, "the reserve of descriptors was eaten"

        def answers_and_records() -> bool:
            try:
                with server.client() as client:
                    (only,) = client.list_volumes()
                    status = client.get_camera(camera.id).status
                    return only.state == storage_pb2.VOLUME_STATE_READ_WRITE and status.recording
            except errors.VedetteError:
                return False

        wait_for(answers_and_records, 90, "the API to answer, the volume and recording intact")
        after_us = time.time_ns() // 1000
        wait_for(lambda: catalog_segments_since(data, after_us) >= 2, 60, "recording after")
    finally:
        server.stop()
