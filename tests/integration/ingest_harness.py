"""An IngestSupervisor on its own asyncio thread, for synchronous tests, and helpers.

The supervisor runs on a real event loop in a background thread; the messages its
workers send are collected (thread-safe) and tests poll them with timeouts.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

from vedette_api.media.records import Record
from vedette_api.media.segment_reader import SegmentReader
from vedette_server.ingest import (
    CameraIngestConfig,
    Health,
    IngestSupervisor,
    SegmentClosed,
    SegmentOpened,
    VolumeTarget,
    WorkerMessage,
)
from vedette_server.storage.layout import TOP_DIRECTORY

GST_SERVER = Path(__file__).resolve().parents[1] / "peers" / "gst_rtsp_server.py"

T = TypeVar("T")
M = TypeVar("M")


def make_volume(root: Path, volume_id: int = 1) -> VolumeTarget:
    """An initialised volume directory (``<root>/vedette`` exists)."""
    (root / TOP_DIRECTORY).mkdir(parents=True, exist_ok=True)
    return VolumeTarget(volume_id, str(root))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gst_server(port: int, *launch: str) -> subprocess.Popen[str]:
    """GStreamer's RTSP server (Debian's python) serving ``PATH=PIPELINE`` mounts."""
    argv = ["/usr/bin/python3", str(GST_SERVER), "--port", str(port)]
    for item in launch:
        argv += ["--launch", item]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "ready" in line, f"gst-rtsp-server did not start: {line!r}"
    return process


def media_records(path: Path) -> list[Record]:
    """Every record of a segment file, in file order (blocking)."""
    with SegmentReader.open(path) as reader:
        return [r for _, r in reader.records()]


def camera_config(
    camera_id: int, main_url: str, sub_url: str | None, volumes: Sequence[VolumeTarget], **kw: Any
) -> CameraIngestConfig:
    defaults: dict[str, Any] = {
        "segment_seconds": 3.0,
        "connect_timeout_s": 5.0,
        "read_timeout_s": 5.0,
        "reconnect_base_s": 0.2,
        "reconnect_cap_s": 2.0,
    }
    defaults.update(kw)
    return CameraIngestConfig(
        camera_id=camera_id,
        main_url=main_url,
        sub_url=sub_url,
        volumes=tuple(volumes),
        **defaults,
    )


class IngestHarness:
    """Context manager: a started supervisor whose messages the test can wait for."""

    def __init__(self, *, cameras_per_worker: int = 4, python: str = sys.executable) -> None:
        self.cameras_per_worker = cameras_per_worker
        self.python = python
        self._lock = threading.Lock()
        self._messages: list[tuple[float, WorkerMessage]] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.supervisor: IngestSupervisor | None = None

    def __enter__(self) -> IngestHarness:
        self._thread.start()
        self.supervisor = IngestSupervisor(
            cameras_per_worker=self.cameras_per_worker, python=self.python
        )
        self.call(self.supervisor.start(self._on_message))
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.supervisor is not None:
                self.call(self.supervisor.aclose(), timeout_s=30)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._loop.close()

    def _on_message(self, message: WorkerMessage) -> None:
        with self._lock:
            self._messages.append((time.time(), message))

    def call(self, coro: Coroutine[Any, Any, T], timeout_s: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout_s)

    def on_loop(self, fn: Callable[[], T], timeout_s: float = 10.0) -> T:
        async def run() -> T:
            return fn()

        return self.call(run(), timeout_s)

    def set_cameras(self, cameras: Sequence[CameraIngestConfig]) -> None:
        assert self.supervisor is not None
        self.call(self.supervisor.set_cameras(list(cameras)))

    def timed(self, kind: type[M]) -> list[tuple[float, M]]:
        """Messages of one type with the wall time they were received."""
        with self._lock:
            return [(t, m) for t, m in self._messages if isinstance(m, kind)]

    def of(self, kind: type[M]) -> list[M]:
        return [m for _, m in self.timed(kind)]

    def closed(self, camera_id: int, stream: str) -> list[SegmentClosed]:
        return [m for m in self.of(SegmentClosed) if (m.camera_id, m.stream) == (camera_id, stream)]

    def opened(self, camera_id: int, stream: str) -> list[SegmentOpened]:
        return [m for m in self.of(SegmentOpened) if (m.camera_id, m.stream) == (camera_id, stream)]

    def health(self, camera_id: int, stream: str) -> list[Health]:
        return [m for m in self.of(Health) if (m.camera_id, m.stream) == (camera_id, stream)]

    def wait_for(self, what: str, predicate: Callable[[], T | None], timeout_s: float = 15.0) -> T:
        """Poll ``predicate`` until it returns something truthy; AssertionError on timeout."""
        deadline = time.monotonic() + timeout_s
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                health = self.of(Health)[-6:]
                raise AssertionError(f"timed out waiting for {what}; last health: {health}")
            time.sleep(0.05)
