"""Background export tasks (EXP-01..05): queued, run, paused, resumed, cancelled,
deleted, and surviving a server restart, each ending with a signed manifest (EXP-06).

A task exports one or more items (a camera and a time range) in one format (MP4,
MKV, AVI, or the native format: segment files with their index) to a folder: a
folder under one of the server's export roots, or a staging folder the client
downloads from. Files are written under temporary names and renamed when complete.

Where code runs: ``ExportTasks`` lives on the event loop (it owns the in-memory
progress and schedules work); each task runs in the export thread pool; catalog
reads and writes go through the catalog thread.

Invariants:
- At most ``max_running`` tasks run at once; the others wait, in creation order.
- A task's state in the catalog is updated at every transition and its progress
  about every second, so a restart resumes it: tasks that were running or queued are
  queued again and start over (their partial output is removed), paused ones stay
  paused, finished ones stay as they were.
- A finished task's folder holds exactly its files, each with a ``.vsig``, and a
  ``manifest.vsig`` over all of them, signed with the server's key.
- A camera whose privacy masks apply to the task's creator (``TaskSpec.masked``) is
  exported with them burnt in (``reencode``), and with the watermark when the task
  asks; each such file's manifest says so. The native format cannot be re-encoded:
  a task that would need it is refused when created.
- Nothing below an export root or the staging folder is reached through a symbolic
  link (``confined_paths``): the task's folder is made and held open by descriptor,
  a link on its way fails the task (or the request, when it is there already), and
  removing a folder never follows one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vedette_api.evidence import FOLDER_MANIFEST, describe_files, sign_manifest
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import ExportTask
from vedette_server.catalog.segments import segments_overlapping
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.export import confined_paths
from vedette_server.export.confined_paths import check_no_link, new_folder, remove_tree
from vedette_server.export.container_writer import FORMATS
from vedette_server.export.errors import ExportCancelled, ExportError
from vedette_server.export.native import STREAMS as NATIVE_STREAMS
from vedette_server.export.native import NativeStream, write_native
from vedette_server.export.recorded_range import SegmentSource
from vedette_server.export.reencode import BurnIn
from vedette_server.export.remux import ExportProgress, export_recording
from vedette_server.names import check_characters
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.volumes import VolumeManager

log = logging.getLogger(__name__)
TaskState = Literal["queued", "running", "paused", "done", "failed", "cancelled"]
TaskFormat = Literal["mp4", "mkv", "avi", "native"]
TASK_FORMATS: tuple[str, ...] = (*FORMATS, "native")
MAX_ITEMS = 64
MAX_ITEM_US = 24 * 3600 * 1_000_000
PERSIST_INTERVAL_S = 1.0


@dataclass(frozen=True)
class ExportItem:
    camera_id: int
    start_us: int
    end_us: int


@dataclass(frozen=True)
class TaskSpec:
    items: tuple[ExportItem, ...]
    format: str
    stream: int  # 1 main, 2 sub
    root: str  # "" = staged for the client to download
    subdir: str = ""
    #: Cameras whose privacy masks apply to the creator (no unmasked right on them).
    masked: tuple[int, ...] = ()
    burn_watermark: bool = False

    def to_json(self) -> str:
        return json.dumps(
            {
                "items": [[i.camera_id, i.start_us, i.end_us] for i in self.items],
                "format": self.format,
                "stream": self.stream,
                "root": self.root,
                "subdir": self.subdir,
                "masked": list(self.masked),
                "burn_watermark": self.burn_watermark,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> TaskSpec:
        data = json.loads(text)
        items = tuple(ExportItem(int(c), int(s), int(e)) for c, s, e in data["items"])
        return cls(
            items, data["format"], int(data["stream"]), data["root"], data["subdir"],
            masked=tuple(int(c) for c in data.get("masked", ())),  # older tasks: none
            burn_watermark=bool(data.get("burn_watermark", False)),
        )  # fmt: skip


@dataclass
class TaskView:
    """A task as the API shows it."""

    id: int
    state: str
    spec: TaskSpec
    destination: str
    bytes_done: int
    media_done_us: int
    media_total_us: int
    error: str
    files: list[dict[str, Any]]
    created_by: str
    created_us: int
    updated_us: int
    started_s: float | None = None  # monotonic, while running: for the ETA

    @property
    def percent(self) -> float:
        if self.state == "done":
            return 100.0
        return 100.0 * self.media_done_us / self.media_total_us if self.media_total_us else 0.0

    def eta_s(self, now_s: float) -> float | None:
        if self.state != "running" or self.started_s is None or self.media_done_us <= 0:
            return None
        elapsed = now_s - self.started_s
        rate = self.media_done_us / max(elapsed, 1e-3)
        return max(0.0, (self.media_total_us - self.media_done_us) / rate)


def safe_subdir(text: str) -> str:
    """A relative folder below an export root; refuses anything that could leave it."""
    text = text.strip()
    if text.startswith("/"):
        raise InvalidArgument(
            "destination.subdir", f"{text[:80]!r} is absolute; give a folder below the root"
        )
    text = text.strip("/")
    if not text:
        return ""
    if len(text) > 200 or "\\" in text:
        raise InvalidArgument("destination.subdir", "at most 200 characters, '/' separated")
    check_characters(text, "destination.subdir", allow_spaces=True)
    parts = PurePosixPath(text).parts
    if any(part in ("..", ".") or part.startswith("~") for part in parts):
        raise InvalidArgument("destination.subdir", f"{text!r} leaves the export root")
    return "/".join(parts)


@dataclass
class _Control:
    cancel: threading.Event = field(default_factory=threading.Event)
    running: threading.Event = field(default_factory=threading.Event)  # cleared: paused


class ExportTasks:
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        volumes: VolumeManager,
        *,
        signing_key: Ed25519PrivateKey,
        server_id: str,
        staging: Path,
        roots: dict[str, Path],
        max_running: int = 10,
        clock: Callable[[], float] = time.time,
        exporter: Callable[..., Any] = export_recording,
        on_change: Callable[[int, str], None] | None = None,
    ) -> None:
        """``exporter`` writes one MP4/MKV/AVI file (``export_recording``'s signature);
        tests of the queue give one they can hold. ``on_change(task_id, created_by)``
        hears, on the event loop, of a task the server started or that finished (the
        live feed; the API's own changes are published by the gate)."""
        self._exporter = exporter
        self._on_change = on_change
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.volumes = volumes
        self.signing_key = signing_key
        self.server_id = server_id
        self.staging = staging
        self.roots = roots
        self.max_running = max_running
        self._clock = clock
        self._pool = ThreadPoolExecutor(max_workers=max_running, thread_name_prefix="export-task")
        self._views: dict[int, TaskView] = {}
        self._controls: dict[int, _Control] = {}
        self._jobs: dict[int, asyncio.Future[None]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False

    def _now_us(self) -> int:
        return int(self._clock() * 1_000_000)

    # -- catalog (catalog thread) -----------------------------------------------------

    def _load(self) -> list[TaskView]:
        views = []
        for row in ExportTask.select().order_by(ExportTask.id).execute(self.catalog.database):
            views.append(self._view(row))
        return views

    @staticmethod
    def _view(row: ExportTask) -> TaskView:
        return TaskView(
            id=int(row.id),
            state=str(row.state),
            spec=TaskSpec.from_json(row.spec),
            destination=str(row.destination),
            bytes_done=int(row.bytes_done),
            media_done_us=int(row.media_done_us),
            media_total_us=int(row.media_total_us),
            error=str(row.error),
            files=json.loads(row.result) if row.result else [],
            created_by=str(row.created_by),
            created_us=int(row.created_us),
            updated_us=int(row.updated_us),
        )

    def _save(self, view: TaskView) -> None:
        view.updated_us = self._now_us()
        ExportTask.update(
            state=view.state,
            destination=view.destination,
            bytes_done=view.bytes_done,
            media_done_us=view.media_done_us,
            media_total_us=view.media_total_us,
            error=view.error[:2000],
            result=json.dumps(view.files) if view.files else None,
            updated_us=view.updated_us,
        ).where(ExportTask.id == view.id).execute(self.catalog.database)

    def _insert(self, spec: TaskSpec, created_by: str) -> TaskView:
        now_us = self._now_us()
        total = sum(item.end_us - item.start_us for item in spec.items)
        task_id = ExportTask.insert(
            state="queued", spec=spec.to_json(), media_total_us=total, created_by=created_by,
            created_us=now_us, updated_us=now_us,
        ).execute(self.catalog.database)  # fmt: skip
        row = ExportTask.get_by_id(int(task_id))
        view = self._view(row)
        view.destination = str(self._folder(view))
        self._save(view)
        return view

    def _remove_row(self, task_id: int) -> None:
        ExportTask.delete().where(ExportTask.id == task_id).execute(self.catalog.database)

    # -- lifecycle (event loop) -------------------------------------------------------

    async def start(self) -> None:
        """Load the tasks; queue again those a stop interrupted."""
        self._loop = asyncio.get_running_loop()
        for view in await self.thread.call(self._load):
            if view.state in ("running", "queued"):
                view.state, view.bytes_done, view.media_done_us = "queued", 0, 0
                await self.thread.call(self._save, view)
            self._views[view.id] = view
        self._schedule()

    async def aclose(self) -> None:
        self._closing = True  # nothing more starts
        for control in self._controls.values():
            control.cancel.set()
            control.running.set()
        jobs = list(self._jobs.values())
        if jobs:
            await asyncio.wait(jobs, timeout=10)
        for view in self._views.values():
            if view.state == "running":
                view.state = "queued"  # started over at the next start
                await self.thread.call(self._save, view)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _schedule(self) -> None:
        if self._closing:
            return
        running = sum(1 for v in self._views.values() if v.state == "running")
        for view in sorted(self._views.values(), key=lambda v: v.id):
            if running >= self.max_running:
                return
            if view.state == "queued" and view.id not in self._jobs:
                running += 1
                self._launch(view)

    def _launch(self, view: TaskView) -> None:
        assert self._loop is not None
        control = _Control()
        control.running.set()
        self._controls[view.id] = control
        view.state, view.started_s = "running", time.monotonic()
        job = self._loop.run_in_executor(self._pool, self._run, view, control)
        self._jobs[view.id] = job
        task_id = view.id

        def finished(_: object) -> None:
            self._finished(task_id)

        job.add_done_callback(finished)
        if self._on_change is not None:
            self._on_change(view.id, view.created_by)

    def _finished(self, task_id: int) -> None:
        self._jobs.pop(task_id, None)
        self._controls.pop(task_id, None)
        view = self._views.get(task_id)
        if view is not None:
            self.thread.submit(self._save, view)
            if self._on_change is not None:
                self._on_change(view.id, view.created_by)
        self._schedule()

    # -- the API's operations (event loop) --------------------------------------------

    def validate(self, spec: TaskSpec) -> TaskSpec:
        if not spec.items or len(spec.items) > MAX_ITEMS:
            raise InvalidArgument("items", f"1 to {MAX_ITEMS} camera ranges")
        for index, item in enumerate(spec.items):
            if not 0 < item.end_us - item.start_us <= MAX_ITEM_US:
                raise InvalidArgument(
                    f"items[{index}].end_time", "must be after start_time, at most 24 h later"
                )
        if spec.format not in TASK_FORMATS:
            raise InvalidArgument("format", f"choose one of {', '.join(TASK_FORMATS)}")
        if spec.stream not in (1, 2):
            raise InvalidArgument("stream", f"unknown stream {spec.stream}")
        if spec.root and spec.root not in self.roots:
            raise NotFound("export root", spec.root)
        if spec.format == "native" and spec.burn_watermark:
            raise InvalidArgument(
                "burn_watermark", "a native export cannot be re-encoded: choose MP4, MKV or AVI"
            )
        return replace(spec, subdir=safe_subdir(spec.subdir))

    async def create(self, spec: TaskSpec, *, created_by: str) -> TaskView:
        spec = self.validate(spec)
        if spec.root:  # a link already there fails the request, not later the task
            base = self.roots[spec.root]
            await asyncio.get_running_loop().run_in_executor(None, check_no_link, base, spec.subdir)
        for item in spec.items:
            camera = await self.thread.call(self.cameras.get, item.camera_id)  # NotFound
            if spec.format == "native" and camera.privacy_masks and camera.id in spec.masked:
                raise FailedPrecondition(
                    f"camera {camera.name} has privacy masks you may not see through, and a"
                    " native export cannot be masked: choose MP4, MKV or AVI"
                )
        view = await self.thread.call(self._insert, spec, created_by)
        self._views[view.id] = view
        self._schedule()
        return view

    def get(self, task_id: int) -> TaskView:
        view = self._views.get(task_id)
        if view is None:
            raise NotFound("export task", task_id)
        return view

    def all(self) -> list[TaskView]:
        return sorted(self._views.values(), key=lambda v: v.id, reverse=True)

    async def pause(self, task_id: int) -> TaskView:
        view = self.get(task_id)
        if view.state not in ("queued", "running"):
            raise FailedPrecondition(f"export task {task_id} is {view.state}; it cannot pause")
        control = self._controls.get(task_id)
        if control is not None:
            control.running.clear()  # the worker waits at its next progress report
        view.state = "paused"
        await self.thread.call(self._save, view)
        return view

    async def resume(self, task_id: int) -> TaskView:
        view = self.get(task_id)
        if view.state != "paused":
            raise FailedPrecondition(f"export task {task_id} is {view.state}, not paused")
        control = self._controls.get(task_id)
        if control is not None:
            view.state = "running"
            control.running.set()
        else:
            view.state = "queued"
            self._schedule()
        await self.thread.call(self._save, view)
        return view

    async def cancel(self, task_id: int) -> TaskView:
        view = self.get(task_id)
        if view.state in ("done", "failed", "cancelled"):
            raise FailedPrecondition(f"export task {task_id} is already {view.state}")
        control = self._controls.get(task_id)
        view.state = "cancelled"
        if control is not None:
            control.cancel.set()
            control.running.set()
            job = self._jobs.get(task_id)
            if job is not None:
                await asyncio.wait([job], timeout=30)
        await self.thread.call(self._save, view)
        return view

    async def delete(self, task_id: int) -> TaskView:
        """Forget a finished task; a task staged for download loses its files too."""
        view = self.get(task_id)
        if view.state in ("queued", "running", "paused"):
            await self.cancel(task_id)
        if not view.spec.root:
            await asyncio.get_running_loop().run_in_executor(None, self._remove_quietly, view)
        await self.thread.call(self._remove_row, task_id)
        self._views.pop(task_id, None)
        return view

    def open_file(self, task_id: int, name: str) -> BinaryIO:
        """One file of a finished task open for reading (for download), reached
        without following a link below its root (a link planted in the task's folder
        after it finished is refused). Blocking."""
        view = self._finished_file(task_id, name)
        base, relative = self._place(view)
        return confined_paths.open_file(base, relative / name)

    def _finished_file(self, task_id: int, name: str) -> TaskView:
        view = self.get(task_id)
        if view.state != "done":
            raise FailedPrecondition(f"export task {task_id} is {view.state}, not done")
        if name not in {f["name"] for f in view.files} | {FOLDER_MANIFEST}:
            raise NotFound("export file", name[:100])
        return view

    # -- the work (export thread) --------------------------------------------------------

    def _place(self, view: TaskView) -> tuple[Path, PurePosixPath]:
        """(the root, the task's folder relative to it)."""
        if not view.spec.root:
            return self.staging, PurePosixPath(str(view.id))
        stamp = datetime.fromtimestamp(view.created_us / 1e6, UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"vedette-export-{view.id}-{stamp}"
        return self.roots[view.spec.root], PurePosixPath(view.spec.subdir or ".", name)

    def _folder(self, view: TaskView) -> Path:
        base, relative = self._place(view)
        return base / relative

    def _remove_quietly(self, view: TaskView) -> None:
        """Remove a task's folder (blocking); a link in the way is logged, not followed."""
        base, relative = self._place(view)
        try:
            remove_tree(base, relative)
        except (OSError, ExportError) as error:
            log.warning("export task %d: its folder was not removed: %s", view.id, error)

    def _sources(self, item: ExportItem, stream: int) -> tuple[str, list[SegmentSource], list[Any]]:
        """Blocking catalog read, made on the catalog thread by the caller."""
        camera = self.cameras.get(item.camera_id)
        roots = self.volumes.roots()
        rows = [
            row
            for row in segments_overlapping(
                self.catalog, item.camera_id, stream, item.start_us, item.end_us
            )
            if row.volume_id in roots
        ]
        sources = [
            SegmentSource(
                roots[r.volume_id] / PurePosixPath(r.relpath),
                r.keyframe_index or None,
                r.start_us,
                r.end_us,
            )
            for r in rows
        ]
        return camera.name, sources, rows

    def _catalog(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn`` on the catalog thread from an export thread, and wait for it."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(self.thread.call(fn, *args), self._loop).result()

    def _run(self, view: TaskView, control: _Control) -> None:
        base, relative = self._place(view)
        view.bytes_done, view.media_done_us, view.files = 0, 0, []
        last_saved = [time.monotonic()]
        done_us = [0]

        def on_progress(progress: ExportProgress, base_bytes: int) -> None:
            while not control.running.is_set() and not control.cancel.is_set():
                control.running.wait(0.5)
            view.bytes_done = base_bytes + progress.bytes_written
            view.media_done_us = done_us[0] + progress.media_us
            if time.monotonic() - last_saved[0] >= PERSIST_INTERVAL_S:
                last_saved[0] = time.monotonic()
                self.thread.submit(self._save, view)

        try:
            base.mkdir(parents=True, exist_ok=True)  # the root itself: trusted, may be a link
            remove_tree(base, relative)  # a restarted task starts over
            with new_folder(base, relative) as folder:
                # folder.path names the folder held open, whatever happens to its name.
                burnt: dict[str, dict[str, object]] = {}
                names = self._write_items(folder.path, view, control, on_progress, done_us, burnt)
                if control.cancel.is_set():  # cancelled while the last file was finishing
                    raise ExportCancelled(None)
                self._sign(folder.path, names, view, burnt)
                folder.sync()
            view.state, view.media_done_us = "done", view.media_total_us
        except ExportCancelled:
            self._remove_quietly(view)
            if view.state not in ("cancelled", "paused"):
                view.state = "queued"  # stopped by the server: started over at next start
        except (ExportError, OSError) as error:
            view.state, view.error = "failed", str(error)
            log.warning("export task %d failed: %s", view.id, error)
        except Exception as error:  # a bug must not take the server's other tasks down
            view.state, view.error = "failed", f"internal error: {type(error).__name__}"
            log.exception("export task %d failed", view.id)

    def _write_items(
        self,
        folder: Path,
        view: TaskView,
        control: _Control,
        on_progress: Callable[[ExportProgress, int], None],
        done_us: list[int],
        burnt: dict[str, dict[str, object]],
    ) -> list[str]:
        """Write every item's files into ``folder``; returns their names, and puts in
        ``burnt`` what was burnt into each re-encoded one."""
        names: list[str] = []
        for item in view.spec.items:
            base = view.bytes_done
            if view.spec.format == "native":  # every stream, whatever spec.stream says

                def native_progress(p: ExportProgress, b: int = base) -> None:
                    on_progress(p, b)

                found = [(s, *self._catalog(self._sources, item, s)) for s in NATIVE_STREAMS]
                streams = [NativeStream(s, rows, sources) for s, _, sources, rows in found]
                written = write_native(
                    folder, found[0][1], item, streams,
                    progress=native_progress, cancel=control.cancel,
                )  # fmt: skip
            else:
                camera, sources, _ = self._catalog(self._sources, item, view.spec.stream)
                written = [
                    self._export_file(
                        folder, camera, item, sources, view, control, on_progress, base, burnt
                    )
                ]
            names += written
            done_us[0] += item.end_us - item.start_us
            view.bytes_done = sum((folder / n).stat().st_size for n in names)
        return names

    def _export_file(
        self,
        folder: Path,
        camera: str,
        item: ExportItem,
        sources: list[SegmentSource],
        view: TaskView,
        control: _Control,
        on_progress: Callable[[ExportProgress, int], None],
        base: int,
        burnt: dict[str, dict[str, object]],
    ) -> str:
        stamp = datetime.fromtimestamp(item.start_us / 1e6, UTC).strftime("%Y%m%dT%H%M%SZ")
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in camera)[:48] or "camera"
        name = f"{safe}-{stamp}.{view.spec.format}"
        record = self._catalog(self.cameras.get, item.camera_id)
        burn_in = BurnIn(
            record.privacy_masks if item.camera_id in view.spec.masked else (),
            record.watermark.text if view.spec.burn_watermark and record.watermark.enabled else "",
        )
        extra: dict[str, Any] = {"burn_in": burn_in} if burn_in else {}
        self._exporter(
            sources,
            item.start_us,
            item.end_us,
            view.spec.format,
            folder / name,
            progress=lambda p: on_progress(p, base),
            cancel=control.cancel,
            **extra,
        )
        if burn_in:
            burnt[name] = burn_in.manifest_fields()
        return name

    def _sign(
        self,
        folder: Path,
        names: list[str],
        view: TaskView,
        burnt: dict[str, dict[str, object]],
    ) -> None:
        """A ``.vsig`` per file, then ``manifest.vsig`` over everything; a re-encoded
        file's say what was burnt into it (``BurnIn.manifest_fields``)."""
        common = {
            "server_id": self.server_id,
            "task_id": view.id,
            "exported_by": view.created_by,
            "created_us": self._now_us(),
            "items": [
                {"camera_id": i.camera_id, "start_us": i.start_us, "end_us": i.end_us}
                for i in view.spec.items
            ],
            # "format" is the manifest's own ("vedette-export-manifest"): it hid this.
            "export_format": view.spec.format,
        }
        signatures = []
        if view.spec.format != "native":
            for name in names:
                manifest = dict(common, files=describe_files(folder, [name]), **burnt.get(name, {}))
                signed = name + ".vsig"
                (folder / signed).write_bytes(sign_manifest(manifest, self.signing_key))
                signatures.append(signed)
        chain = _native_chain(folder, names) if view.spec.format == "native" else None
        listed = names + signatures
        files = describe_files(folder, listed)
        manifest = dict(common, files=files)
        if chain is not None:
            manifest["chain"] = chain
        if burnt:
            manifest["burnt_in"] = burnt
        (folder / FOLDER_MANIFEST).write_bytes(sign_manifest(manifest, self.signing_key))
        view.files = [dict(f) for f in files]


def _native_chain(folder: Path, names: list[str]) -> dict[str, Any]:
    from vedette_api.evidence import chain_hashes, file_sha256

    segments = [n for n in names if n.endswith(".vseg")]
    links = chain_hashes(file_sha256(folder / n) for n in segments)
    return {"files": segments, "head": links[-1] if links else ""}
