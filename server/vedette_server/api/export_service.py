"""ExportService: a camera's recording over a time range, remuxed to MP4, MKV or AVI
and streamed to the client; re-encoded only to burn in the camera's privacy masks
(for a caller without the unmasked right on it) or, when asked, its watermark.

The file is built in the server's temporary directory by a worker thread (MP4
needs a seekable output for its index), with progress messages on the stream while
it is built, then sent in 1 MiB chunks and deleted. The last message carries the
file's signed manifest (``export.streamed_manifest``): a streamed export is
evidence as a task's files are.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import grpc
from google.protobuf.duration_pb2 import Duration

from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2, export_pb2, export_pb2_grpc
from vedette_server.accounts.authorization import may, require
from vedette_server.accounts.rights import Area, CameraRight
from vedette_server.api import call_context
from vedette_server.api.camera_scope import masks_for_caller
from vedette_server.api.convert import duration_us, timestamp, to_us
from vedette_server.api.paging import page
from vedette_server.api.search_service import stream_number
from vedette_server.api.status import streaming, unary
from vedette_server.api.user_limits import check_unfinished_exports
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.segments import segments_overlapping
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument, NotFound
from vedette_server.export import MIME_TYPES, ExportProgress, SegmentSource, export_recording
from vedette_server.export.container_writer import ExportFormat
from vedette_server.export.reencode import BurnIn
from vedette_server.export.streamed_manifest import SentFile, sign_streamed_export
from vedette_server.export.tasks import ExportItem, ExportTasks, TaskSpec, TaskView
from vedette_server.recording.cameras import CameraRecord, CameraRegistry
from vedette_server.recording.volumes import VolumeManager
from vedette_server.search.events import EventLog
from vedette_server.search.tags import Tags

CHUNK_BYTES = 1 << 20
MAX_RANGE_US = 24 * 3600 * 1_000_000
_FORMATS: dict[int, ExportFormat] = {
    export_pb2.EXPORT_FORMAT_MP4: "mp4",
    export_pb2.EXPORT_FORMAT_MKV: "mkv",
    export_pb2.EXPORT_FORMAT_AVI: "avi",
}


_STATES = {
    "queued": export_pb2.EXPORT_TASK_STATE_QUEUED,
    "running": export_pb2.EXPORT_TASK_STATE_RUNNING,
    "paused": export_pb2.EXPORT_TASK_STATE_PAUSED,
    "done": export_pb2.EXPORT_TASK_STATE_DONE,
    "failed": export_pb2.EXPORT_TASK_STATE_FAILED,
    "cancelled": export_pb2.EXPORT_TASK_STATE_CANCELLED,
}
_TASK_FORMATS: dict[int, str] = {**_FORMATS, export_pb2.EXPORT_FORMAT_NATIVE: "native"}
_FORMAT_NUMBERS = {name: number for number, name in _TASK_FORMATS.items()}
DEFAULT_MARGIN_US = 30_000_000
MAX_MARGIN_US = 3600 * 1_000_000


def task_message(view: TaskView) -> export_pb2.ExportTaskInfo:
    eta_s = view.eta_s(time.monotonic())
    return export_pb2.ExportTaskInfo(
        id=view.id,
        state=_STATES[view.state],
        items=[
            export_pb2.ExportItem(
                camera_id=i.camera_id,
                start_time=timestamp(i.start_us),
                end_time=timestamp(i.end_us),
            )
            for i in view.spec.items
        ],
        format=_FORMAT_NUMBERS[view.spec.format],  # type: ignore[arg-type]
        stream=common_pb2.STREAM_MAIN if view.spec.stream == 1 else common_pb2.STREAM_SUB,
        destination=export_pb2.ExportDestination(root=view.spec.root, subdir=view.spec.subdir),
        folder=view.destination,
        bytes_done=view.bytes_done,
        percent=view.percent,
        media_done=Duration(seconds=view.media_done_us // 1_000_000),
        media_total=Duration(seconds=view.media_total_us // 1_000_000),
        eta=None if eta_s is None else Duration(seconds=int(eta_s)),
        error=view.error,
        files=[
            export_pb2.ExportFile(name=f["name"], size_bytes=f["size_bytes"], sha256=f["sha256"])
            for f in view.files
        ],
        created_by=view.created_by,
        create_time=timestamp(view.created_us),
        update_time=timestamp(view.updated_us),
    )


_UNFINISHED = frozenset({"queued", "running", "paused"})


class ExportServicer(export_pb2_grpc.ExportServiceServicer):
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        volumes: VolumeManager,
        *,
        tasks: ExportTasks,
        events: EventLog,
        tags: Tags,
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.volumes = volumes
        self.tasks = tasks
        self.events = events
        self.tags = tags
        self._workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="export")
        #: Tasks being created per user (counted with the unfinished ones).
        self._creating: Counter[str] = Counter()

    def _sources(
        self, camera_id: int, stream: int, t0: int, t1: int
    ) -> tuple[CameraRecord, list[SegmentSource]]:
        camera = self.cameras.get(camera_id)
        roots = self.volumes.roots()
        sources = [
            SegmentSource(
                roots[row.volume_id] / PurePosixPath(row.relpath),
                row.keyframe_index or None,
                row.start_us,
                row.end_us,
            )
            for row in segments_overlapping(self.catalog, camera_id, stream, t0, t1)
            if row.volume_id in roots
        ]
        return camera, sources

    async def _burn_in(self, camera: CameraRecord, burn_watermark: bool) -> BurnIn:
        """What the caller's export of ``camera`` must have burnt in."""
        masks = await masks_for_caller(self.thread, self.cameras, camera.id)
        text = camera.watermark.text if burn_watermark and camera.watermark.enabled else ""
        return BurnIn(masks, text)

    @streaming
    async def ExportRecording(
        self, request: export_pb2.ExportRecordingRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[export_pb2.ExportRecordingResponse]:
        fmt = _FORMATS.get(request.format)
        if fmt is None:
            raise InvalidArgument("format", "choose MP4, MKV or AVI (native: an export task)")
        if not request.HasField("start_time") or not request.HasField("end_time"):
            raise InvalidArgument("start_time", "start_time and end_time are required")
        t0 = to_us(request.start_time, "start_time")
        t1 = to_us(request.end_time, "end_time")
        if not 0 < t1 - t0 <= MAX_RANGE_US:
            raise InvalidArgument("end_time", "must be after start_time, at most 24 h later")
        stream = stream_number(request.stream)
        camera, sources = await self.thread.call(self._sources, request.camera_id, stream, t0, t1)
        name = camera.name
        burn_in = await self._burn_in(camera, request.burn_watermark)
        username = call_context.principal().username
        call_context.note(
            message=f"{username} exported camera {name} ({len(sources)} segments) as {fmt}"
            + (f", re-encoded with {burn_in.describe()} burnt in" if burn_in else ""),
            camera_id=request.camera_id,
        )
        cancel = threading.Event()
        progress: list[ExportProgress] = []
        fd, temp = tempfile.mkstemp(prefix="vedette-export-", suffix=f".{fmt}")
        os.close(fd)
        path = Path(temp)
        loop = asyncio.get_running_loop()
        try:
            job = loop.run_in_executor(
                self._workers,
                lambda: export_recording(
                    sources,
                    t0,
                    t1,
                    fmt,
                    path,
                    progress=progress.append,
                    cancel=cancel,
                    burn_in=burn_in,
                ),
            )
            while not job.done():
                await asyncio.wait([job], timeout=0.5)
                if progress and not job.done():
                    yield export_pb2.ExportRecordingResponse(
                        media_time=timestamp(progress[-1].position_us)
                    )
            result = await job
            stamp = datetime.fromtimestamp(result.first_us / 1e6, UTC).strftime("%Y%m%dT%H%M%SZ")
            total = path.stat().st_size
            file_name = f"{_safe(name)}-{stamp}.{fmt}"
            first = True
            sent = SentFile()
            with path.open("rb") as file:
                while True:
                    chunk = await loop.run_in_executor(
                        self._workers, lambda: sent.add(file.read(CHUNK_BYTES))
                    )
                    if not chunk and not first:
                        break
                    message = export_pb2.ExportRecordingResponse(
                        data=chunk,
                        bytes_sent=sent.size_bytes,
                        media_time=timestamp(result.last_us),
                        estimated_total_bytes=total,
                    )
                    if first:
                        message.file_name = file_name
                        message.mime_type = MIME_TYPES[fmt]
                        first = False
                    yield message
                    if not chunk:
                        break
            signed = sign_streamed_export(
                self.tasks.signing_key,
                sent,
                server_id=self.tasks.server_id,
                file_name=file_name,
                exported_by=username,
                camera_id=request.camera_id,
                start_us=t0,
                end_us=t1,
                export_format=fmt,
                stream="main" if stream == 1 else "sub",
                created_us=now_us(),
                burnt_in=burn_in.manifest_fields(),
            )
            yield export_pb2.ExportRecordingResponse(
                bytes_sent=sent.size_bytes,
                media_time=timestamp(result.last_us),
                estimated_total_bytes=total,
                signed_manifest=signed,
            )
        finally:
            cancel.set()
            with contextlib.suppress(OSError):
                path.unlink()

    # -- export tasks -------------------------------------------------------------------

    async def _items(self, request: export_pb2.CreateExportTaskRequest) -> list[ExportItem]:
        chosen = sum((bool(request.items), bool(request.event_id), bool(request.tag_id)))
        if chosen != 1:
            raise InvalidArgument("items", "give items, or an event_id, or a tag_id")
        margin = (
            duration_us(request.margin, "margin")
            if request.HasField("margin")
            else DEFAULT_MARGIN_US
        )
        if not 0 <= margin <= MAX_MARGIN_US:
            raise InvalidArgument("margin", "0 to 1 h")
        if request.event_id:
            event = await self.thread.call(self.events.get, request.event_id)
            if event.camera_id is None:
                raise FailedPrecondition(f"event {event.id} concerns no camera: nothing to export")
            assert event.camera_id is not None
            end = event.end_us if event.end_us is not None else now_us()
            return [ExportItem(event.camera_id, event.start_us - margin, end + margin)]
        if request.tag_id:
            tag = await self.thread.call(self.tags.get, request.tag_id)
            return [ExportItem(tag.camera_id, tag.time_us - margin, tag.time_us + margin)]
        items = []
        for index, item in enumerate(request.items):
            if not item.HasField("start_time") or not item.HasField("end_time"):
                raise InvalidArgument(f"items[{index}].start_time", "start and end are required")
            items.append(
                ExportItem(
                    item.camera_id,
                    to_us(item.start_time, f"items[{index}].start_time"),
                    to_us(item.end_time, f"items[{index}].end_time"),
                )
            )
        return items

    def _visible(self, view: TaskView) -> bool:
        who = call_context.principal()
        return view.created_by == who.username or may(who, Area.SYSTEM)

    def _task(self, task_id: int) -> TaskView:
        view = self.tasks.get(task_id)
        if not self._visible(view):
            raise NotFound("export task", task_id)
        return view

    @unary
    async def CreateExportTask(
        self, request: export_pb2.CreateExportTaskRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.CreateExportTaskResponse:
        fmt = _TASK_FORMATS.get(request.format)
        if fmt is None:
            raise InvalidArgument("format", "choose MP4, MKV, AVI or native")
        items = await self._items(request)
        who = call_context.principal()
        masked = []
        for item in items:
            require(who, CameraRight.EXPORT, item.camera_id)
            if await masks_for_caller(self.thread, self.cameras, item.camera_id):
                masked.append(item.camera_id)
        spec = TaskSpec(
            tuple(items),
            fmt,
            stream_number(request.stream),
            request.destination.root,
            request.destination.subdir,
            masked=tuple(dict.fromkeys(masked)),
            burn_watermark=request.burn_watermark,
        )
        unfinished = sum(
            1 for v in self.tasks.all() if v.created_by == who.username and v.state in _UNFINISHED
        )
        check_unfinished_exports(who.username, unfinished + self._creating[who.username])
        self._creating[who.username] += 1
        try:
            view = await self.tasks.create(spec, created_by=who.username)
        finally:
            self._creating[who.username] -= 1
            if self._creating[who.username] <= 0:
                del self._creating[who.username]
        call_context.note(
            message=f"{who.username} started export task {view.id} ({fmt},"
            f" {len(items)} range(s)) to {view.destination}",
            camera_id=items[0].camera_id,
        )
        return export_pb2.CreateExportTaskResponse(task=task_message(view))

    @unary
    async def ListExportTasks(
        self, request: export_pb2.ListExportTasksRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.ListExportTasksResponse:
        views = [v for v in self.tasks.all() if self._visible(v)]
        items, token = page(views, request.page_size, request.page_token)
        return export_pb2.ListExportTasksResponse(
            tasks=[task_message(v) for v in items], next_page_token=token
        )

    @unary
    async def GetExportTask(
        self, request: export_pb2.GetExportTaskRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.GetExportTaskResponse:
        return export_pb2.GetExportTaskResponse(task=task_message(self._task(request.task_id)))

    @unary
    async def PauseExportTask(
        self, request: export_pb2.PauseExportTaskRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.PauseExportTaskResponse:
        self._task(request.task_id)
        view = await self.tasks.pause(request.task_id)
        return export_pb2.PauseExportTaskResponse(task=task_message(view))

    @unary
    async def ResumeExportTask(
        self, request: export_pb2.ResumeExportTaskRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.ResumeExportTaskResponse:
        self._task(request.task_id)
        view = await self.tasks.resume(request.task_id)
        return export_pb2.ResumeExportTaskResponse(task=task_message(view))

    @unary
    async def CancelExportTask(
        self, request: export_pb2.CancelExportTaskRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.CancelExportTaskResponse:
        self._task(request.task_id)
        view = await self.tasks.cancel(request.task_id)
        return export_pb2.CancelExportTaskResponse(task=task_message(view))

    @unary
    async def DeleteExportTask(
        self, request: export_pb2.DeleteExportTaskRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.DeleteExportTaskResponse:
        view = self._task(request.task_id)
        await self.tasks.delete(request.task_id)
        call_context.note_change(owner=view.created_by)
        return export_pb2.DeleteExportTaskResponse()

    @streaming
    async def DownloadExportFile(
        self, request: export_pb2.DownloadExportFileRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[export_pb2.DownloadExportFileResponse]:
        self._task(request.task_id)
        loop = asyncio.get_running_loop()
        file = await loop.run_in_executor(
            self._workers, self.tasks.open_file, request.task_id, request.name
        )
        size = os.fstat(file.fileno()).st_size
        call_context.note(message=f"{call_context.principal().username} downloaded {request.name}")
        with file:
            while True:
                chunk = await loop.run_in_executor(self._workers, file.read, CHUNK_BYTES)
                if not chunk:
                    break
                yield export_pb2.DownloadExportFileResponse(data=chunk, size_bytes=size)
        if size == 0:
            yield export_pb2.DownloadExportFileResponse(size_bytes=0)

    @unary
    async def ListExportRoots(
        self, request: export_pb2.ListExportRootsRequest, context: grpc.aio.ServicerContext
    ) -> export_pb2.ListExportRootsResponse:
        response = export_pb2.ListExportRootsResponse()
        for name, path in sorted(self.tasks.roots.items()):
            try:
                free = shutil.disk_usage(path).free
            except OSError:
                free = 0
            response.roots.add(name=name, path=str(path), free_bytes=free)
        return response


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:48] or "camera"
