"""Symbolic links below an export root are never followed (issue 11): not when a task
or a snapshot export is asked for, not while a task writes, not when a restarted task
clears its folder, not when a snapshot file is read. Real links, pointing outside the
root, on a real file system; the real task queue with an exporter the test holds."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_server.catalog import Catalog, open_catalog
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition
from vedette_server.export import confined_paths
from vedette_server.export.remux import ExportProgress
from vedette_server.export.tasks import ExportItem, ExportTasks, TaskSpec
from vedette_server.images.snapshots import SnapshotRecord, Snapshots
from vedette_server.recording.cameras import CameraRegistry, CameraSpec
from vedette_server.recording.volumes import VolumeManager
from vedette_server.security.secretbox import SecretBox

S = 1_000_000


class HeldExporter:
    """Writes a small file once the test opens the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()

    def __call__(
        self, sources: Any, t0: int, t1: int, fmt: str, path: Path, *, progress: Any, cancel: Any
    ) -> None:
        self.started.set()
        while not self.gate.wait(0.02):
            progress(ExportProgress(10, (t1 - t0) // 2, t0, 50.0))
            if cancel.is_set():
                from vedette_server.export.errors import ExportCancelled

                raise ExportCancelled(t0)
        Path(path).write_bytes(b"video")


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with open_catalog(tmp_path / "c.sqlite3") as opened:
        yield opened


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """(an export root "usb", a folder outside it holding a file that must survive)."""
    usb, outside = tmp_path / "usb", tmp_path / "outside"
    usb.mkdir()
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me")
    return usb, outside


def build(catalog: Catalog, tmp_path: Path, usb: Path, exporter: HeldExporter) -> ExportTasks:
    cameras = CameraRegistry(catalog, SecretBox(Fernet.generate_key()))
    if not cameras.list_all():
        cameras.create(CameraSpec(name="Yard", main_url="rtsp://127.0.0.1:9/x"))
    return ExportTasks(
        catalog, CatalogThread(), cameras, VolumeManager(catalog, "s-1"),
        signing_key=Ed25519PrivateKey.generate(), server_id="s-1",
        staging=tmp_path / "staging", roots={"usb": usb}, max_running=1, exporter=exporter,
    )  # fmt: skip


def to_usb(subdir: str) -> TaskSpec:
    return TaskSpec((ExportItem(1, 0, 10 * S),), "mp4", 1, "usb", subdir)


async def until(condition: Any, what: str, timeout_s: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def everything_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_a_task_into_a_linked_folder_is_refused_and_nothing_is_written_outside(
    catalog: Catalog, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    usb, outside = places
    (usb / "case17").symlink_to(outside)
    exporter = HeldExporter()
    exporter.gate.set()

    async def run() -> None:
        tasks = build(catalog, tmp_path, usb, exporter)
        await tasks.start()
        try:
            with pytest.raises(FailedPrecondition, match="symbolic link"):
                view = await tasks.create(to_usb("case17/march"), created_by="admin")
                await until(lambda: view.state in ("done", "failed"), "the task")  # old code
        finally:
            await tasks.aclose()
            tasks.thread.shutdown()

    asyncio.run(run())
    assert everything_in(outside) == {"precious.txt"}


def test_a_folder_swapped_for_a_link_while_the_task_runs_is_still_the_one_written(
    catalog: Catalog, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    usb, outside = places
    exporter = HeldExporter()

    async def run() -> None:
        tasks = build(catalog, tmp_path, usb, exporter)
        await tasks.start()
        view = await tasks.create(to_usb("case17"), created_by="admin")
        await until(exporter.started.is_set, "the task writing")
        folder = Path(view.destination)
        assert folder.parent == usb / "case17"
        folder.rename(usb / "moved")  # someone on the share swaps the folder for a link
        folder.symlink_to(outside)
        exporter.gate.set()
        await until(lambda: view.state in ("done", "failed"), "the task")
        await tasks.aclose()
        tasks.thread.shutdown()
        assert view.state == "done", view.error

    asyncio.run(run())
    assert everything_in(outside) == {"precious.txt"}
    written = everything_in(usb / "moved")
    assert "manifest.vsig" in written and any(name.endswith(".mp4") for name in written)


def test_a_restarted_task_does_not_delete_through_a_link_planted_on_its_way(
    catalog: Catalog, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    usb, outside = places
    held = HeldExporter()

    async def before() -> Path:
        tasks = build(catalog, tmp_path, usb, held)
        await tasks.start()
        view = await tasks.create(to_usb("case17"), created_by="admin")
        await until(held.started.is_set, "the task writing")
        await tasks.aclose()  # the server stops: the task starts over at the next start
        tasks.thread.shutdown()
        return Path(view.destination)

    folder = asyncio.run(before())
    # The case folder becomes a link to a place holding a folder of the same name.
    (usb / "case17").rename(usb / "case17-old")
    (usb / "case17").symlink_to(outside)
    (outside / folder.name).mkdir()
    (outside / folder.name / "evidence.mp4").write_text("someone else's")
    again = HeldExporter()
    again.gate.set()

    async def after() -> None:
        tasks = build(catalog, tmp_path, usb, again)
        await tasks.start()
        (view,) = tasks.all()
        await until(lambda: view.state in ("done", "failed"), "the task")
        await tasks.aclose()
        tasks.thread.shutdown()
        assert view.state == "failed" and "symbolic link" in view.error, view.error

    asyncio.run(after())
    assert everything_in(outside) == {"precious.txt", folder.name, f"{folder.name}/evidence.mp4"}


def _snapshots(catalog: Catalog, tmp_path: Path, usb: Path) -> Snapshots:
    cameras = CameraRegistry(catalog, SecretBox(Fernet.generate_key()))
    return Snapshots(
        catalog, CatalogThread(), cameras, None, None,  # type: ignore[arg-type]
        folder=tmp_path / "snapshots", export_roots={"usb": usb},
        signing_key=Ed25519PrivateKey.generate(), server_id="s-1",
    )  # fmt: skip


def _record(relpath: str) -> SnapshotRecord:
    return SnapshotRecord(7, 1, 0, True, 640, 360, relpath, 4, "0" * 64, "admin", 0)


def test_a_snapshot_export_into_a_linked_folder_is_refused(
    catalog: Catalog, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    usb, outside = places
    (usb / "case17").symlink_to(outside)
    snapshots = _snapshots(catalog, tmp_path, usb)
    (tmp_path / "snapshots" / "1").mkdir(parents=True)
    (tmp_path / "snapshots" / "1" / "a.jpg").write_bytes(b"jpeg")
    try:
        with pytest.raises(FailedPrecondition, match="symbolic link"):
            asyncio.run(snapshots.export([_record("1/a.jpg")], "usb", "case17", exported_by="x"))
    finally:
        snapshots.close()
        snapshots.thread.shutdown()
    assert everything_in(outside) == {"precious.txt"}


def test_a_snapshot_file_replaced_by_a_link_is_not_read(
    catalog: Catalog, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    usb, outside = places
    snapshots = _snapshots(catalog, tmp_path, usb)
    (tmp_path / "snapshots" / "1").mkdir(parents=True)
    (tmp_path / "snapshots" / "1" / "a.jpg").symlink_to(outside / "precious.txt")
    (tmp_path / "snapshots" / "2").symlink_to(outside)
    try:
        for relpath in ("1/a.jpg", "2/precious.txt"):
            with pytest.raises(FailedPrecondition, match="symbolic link"):
                asyncio.run(snapshots.read(_record(relpath)))
    finally:
        snapshots.close()
        snapshots.thread.shutdown()


def test_confined_paths_refuse_a_link_at_any_depth_and_accept_a_linked_root(
    tmp_path: Path, places: tuple[Path, Path]
) -> None:
    usb, outside = places
    (usb / "a" / "b").mkdir(parents=True)
    (usb / "a" / "b" / "c").symlink_to(outside)
    linked_root = tmp_path / "root-link"
    linked_root.symlink_to(usb)  # the root itself: the administrator's choice
    for root in (usb, linked_root):
        with pytest.raises(FailedPrecondition, match="a/b/c: is a symbolic link"):
            confined_paths.check_no_link(root, "a/b/c/d")
        with pytest.raises(FailedPrecondition):
            confined_paths.open_folder(root, "a/b/c/d", create=True)
        with pytest.raises(FailedPrecondition):
            confined_paths.remove_tree(root, "a/b/c")
    fd = confined_paths.open_folder(linked_root, "a/b/new", create=True)
    os.close(fd)
    assert (usb / "a" / "b" / "new").is_dir()
    assert everything_in(outside) == {"precious.txt"}
