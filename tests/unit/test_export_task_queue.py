"""The export task queue: order, the running limit, pause, resume, cancel, and a
restart, with an exporter the test holds (the real one is tested end to end in
tests/integration/test_export_tasks.py)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from vedette_api.evidence import key_fingerprint, verify
from vedette_server.catalog import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition
from vedette_server.export.remux import ExportProgress
from vedette_server.export.tasks import ExportItem, ExportTasks, TaskSpec
from vedette_server.recording.cameras import CameraRegistry, CameraSpec
from vedette_server.recording.volumes import VolumeManager
from vedette_server.security.secretbox import SecretBox

S = 1_000_000


class HeldExporter:
    """Writes a small file per call, once the test lets the call through."""

    def __init__(self) -> None:
        self.gates: dict[int, threading.Event] = {}
        self.started: list[int] = []
        self.lock = threading.Lock()

    def release(self, start_us: int) -> None:
        self.gates.setdefault(start_us, threading.Event()).set()

    def __call__(
        self, sources: Any, t0: int, t1: int, fmt: str, path: Path, *, progress: Any, cancel: Any
    ) -> None:
        with self.lock:
            self.started.append(t0)
            gate = self.gates.setdefault(t0, threading.Event())
        while not gate.wait(0.02):
            progress(ExportProgress(10, (t1 - t0) // 2, t0, 50.0))  # a pause blocks here
            if cancel.is_set():
                from vedette_server.export.errors import ExportCancelled

                raise ExportCancelled(t0)
        Path(path).write_bytes(b"video " + str(t0).encode())


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as opened:
        yield opened


def build(
    catalog: Catalog, tmp_path: Path, exporter: HeldExporter, max_running: int
) -> tuple[ExportTasks, CatalogThread]:
    thread = CatalogThread()
    cameras = CameraRegistry(catalog, SecretBox(Fernet.generate_key()))
    if not cameras.list_all():
        cameras.create(CameraSpec(name="Yard", main_url="rtsp://127.0.0.1:9/x"))
    tasks = ExportTasks(
        catalog, thread, cameras, VolumeManager(catalog, "s-1"),
        signing_key=Ed25519PrivateKey.generate(), server_id="s-1",
        staging=tmp_path / "staging", roots={}, max_running=max_running, exporter=exporter,
    )  # fmt: skip
    return tasks, thread


def tasks_keys(tasks: ExportTasks) -> dict[str, list[str]]:
    """What a client that asked the server for its signing key knows."""
    public = tasks.signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {tasks.server_id: [key_fingerprint(public)]}


def spec(start_us: int) -> TaskSpec:
    return TaskSpec((ExportItem(1, start_us, start_us + 10 * S),), "mp4", 1, "")


async def until(condition: Any, what: str, timeout_s: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def test_tasks_run_in_order_within_the_limit_and_pause_resume_and_cancel(
    catalog: Catalog, tmp_path: Path
) -> None:
    exporter = HeldExporter()

    async def run() -> None:
        tasks, thread = build(catalog, tmp_path, exporter, max_running=2)
        await tasks.start()
        views = [await tasks.create(spec(i * 100 * S), created_by="admin") for i in range(4)]
        await until(lambda: len(exporter.started) == 2, "two tasks running")
        assert [v.state for v in views] == ["running", "running", "queued", "queued"]
        await tasks.pause(views[0].id)
        await tasks.cancel(views[3].id)  # queued: never starts
        await asyncio.sleep(0.1)  # let the worker reach its next progress report, and wait
        exporter.release(0)
        await asyncio.sleep(0.2)
        # The first two in the queue run (their threads may start in either order).
        assert views[0].state == "paused" and sorted(exporter.started) == [0, 100 * S]
        await tasks.resume(views[0].id)
        await until(lambda: views[0].state == "done", "the resumed task")
        await until(lambda: 200 * S in exporter.started, "the third task taking the free slot")
        exporter.release(100 * S)
        exporter.release(200 * S)
        await until(lambda: all(v.state in ("done", "cancelled") for v in views), "the rest")
        assert [v.state for v in views] == ["done", "done", "done", "cancelled"]
        assert 300 * S not in exporter.started
        assert not (tmp_path / "staging" / str(views[3].id)).exists()
        assert verify(
            tmp_path / "staging" / str(views[0].id), known_keys=tasks_keys(tasks)
        ).authentic
        with pytest.raises(FailedPrecondition):
            await tasks.pause(views[0].id)
        await tasks.aclose()
        thread.shutdown()

    asyncio.run(run())


def test_a_restart_starts_interrupted_tasks_over_and_keeps_paused_ones_paused(
    catalog: Catalog, tmp_path: Path
) -> None:
    first = HeldExporter()

    async def before() -> list[int]:
        tasks, thread = build(catalog, tmp_path, first, max_running=1)
        await tasks.start()
        views = [await tasks.create(spec(i * 100 * S), created_by="admin") for i in range(3)]
        await until(lambda: first.started == [0], "the first task running")
        await tasks.pause(views[2].id)
        await tasks.aclose()  # the server stops: the running task is interrupted
        thread.shutdown()
        return [v.id for v in views]

    ids = asyncio.run(before())
    second = HeldExporter()
    for start in (0, 100 * S, 200 * S):
        second.release(start)

    async def after() -> None:
        tasks, thread = build(catalog, tmp_path, second, max_running=1)
        await tasks.start()
        await until(lambda: tasks.get(ids[1]).state == "done", "the queued tasks")
        assert tasks.get(ids[0]).state == "done" and second.started[:2] == [0, 100 * S]
        assert tasks.get(ids[2]).state == "paused"
        await tasks.resume(ids[2])
        await until(lambda: tasks.get(ids[2]).state == "done", "the resumed task")
        await tasks.aclose()
        thread.shutdown()

    asyncio.run(after())
