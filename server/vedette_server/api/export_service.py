"""ExportService: a camera's recording over a time range, remuxed (never transcoded)
to MP4, MKV or AVI and streamed to the client.

The file is built in the server's temporary directory by a worker thread (MP4
needs a seekable output for its index), with progress messages on the stream while
it is built, then sent in 1 MiB chunks and deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import grpc

from vedette_api.v1 import export_pb2, export_pb2_grpc
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp, to_us
from vedette_server.api.search_service import stream_number
from vedette_server.api.status import streaming
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.segments import segments_overlapping
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument
from vedette_server.export import MIME_TYPES, ExportProgress, SegmentSource, export_recording
from vedette_server.export.container_writer import ExportFormat
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.volumes import VolumeManager

CHUNK_BYTES = 1 << 20
MAX_RANGE_US = 24 * 3600 * 1_000_000
_FORMATS: dict[int, ExportFormat] = {
    export_pb2.EXPORT_FORMAT_MP4: "mp4",
    export_pb2.EXPORT_FORMAT_MKV: "mkv",
    export_pb2.EXPORT_FORMAT_AVI: "avi",
}


class ExportServicer(export_pb2_grpc.ExportServiceServicer):
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        volumes: VolumeManager,
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.volumes = volumes
        self._workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="export")

    def _sources(
        self, camera_id: int, stream: int, t0: int, t1: int
    ) -> tuple[str, list[SegmentSource]]:
        camera = self.cameras.get(camera_id)
        roots = self.volumes.roots()
        sources = [
            SegmentSource(
                roots[row.volume_id] / PurePosixPath(row.relpath),
                row.keyframe_index or None,
                row.start_us,
            )
            for row in segments_overlapping(self.catalog, camera_id, stream, t0, t1)
            if row.volume_id in roots
        ]
        return camera.name, sources

    @streaming
    async def ExportRecording(
        self, request: export_pb2.ExportRecordingRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[export_pb2.ExportRecordingResponse]:
        fmt = _FORMATS.get(request.format)
        if fmt is None:
            raise InvalidArgument("format", "choose MP4, MKV or AVI")
        if not request.HasField("start_time") or not request.HasField("end_time"):
            raise InvalidArgument("start_time", "start_time and end_time are required")
        t0 = to_us(request.start_time, "start_time")
        t1 = to_us(request.end_time, "end_time")
        if not 0 < t1 - t0 <= MAX_RANGE_US:
            raise InvalidArgument("end_time", "must be after start_time, at most 24 h later")
        name, sources = await self.thread.call(
            self._sources, request.camera_id, stream_number(request.stream), t0, t1
        )
        call_context.note(
            message=f"{call_context.principal().username} exported camera {name}"
            f" ({len(sources)} segments) as {fmt}",
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
                    sources, t0, t1, fmt, path, progress=progress.append, cancel=cancel
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
            first = True
            sent = 0
            with path.open("rb") as file:
                while True:
                    chunk = await loop.run_in_executor(self._workers, file.read, CHUNK_BYTES)
                    if not chunk and not first:
                        break
                    sent += len(chunk)
                    message = export_pb2.ExportRecordingResponse(
                        data=chunk,
                        bytes_sent=sent,
                        media_time=timestamp(result.last_us),
                        estimated_total_bytes=total,
                    )
                    if first:
                        message.file_name = f"{_safe(name)}-{stamp}.{fmt}"
                        message.mime_type = MIME_TYPES[fmt]
                        first = False
                    yield message
                    if not chunk:
                        break
        finally:
            cancel.set()
            with contextlib.suppress(OSError):
                path.unlink()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:48] or "camera"
