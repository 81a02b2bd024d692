"""Export tasks in ``vedette_api.Client``: create, follow, pause, resume, cancel,
delete, download (EXP-01..05). A mixin: ``Client`` provides ``_call``. Blocking.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import grpc

from vedette_api.errors import InvalidArgument, ServerError
from vedette_api.errors import error_from_rpc as _error_from_rpc
from vedette_api.timestamps import duration_from_us, timestamp_from_us
from vedette_api.v1 import common_pb2, export_pb2, export_pb2_grpc

FORMATS: dict[str, int] = {
    "mp4": export_pb2.EXPORT_FORMAT_MP4,
    "mkv": export_pb2.EXPORT_FORMAT_MKV,
    "avi": export_pb2.EXPORT_FORMAT_AVI,
    "native": export_pb2.EXPORT_FORMAT_NATIVE,
}
FINISHED = (
    export_pb2.EXPORT_TASK_STATE_DONE,
    export_pb2.EXPORT_TASK_STATE_FAILED,
    export_pb2.EXPORT_TASK_STATE_CANCELLED,
)


class ExportCalls:
    _call: Callable[[Callable[..., Any], Any], Any]
    _export: export_pb2_grpc.ExportServiceStub
    _metadata: tuple[tuple[str, str], ...]
    server: str

    def create_export_task(
        self,
        *,
        items: Sequence[tuple[int, int, int]] = (),
        event_id: int = 0,
        tag_id: int = 0,
        margin_us: int | None = None,
        export_format: str = "mp4",
        stream: common_pb2.Stream = common_pb2.STREAM_MAIN,
        root: str = "",
        subdir: str = "",
    ) -> export_pb2.ExportTaskInfo:
        """A background export of ``items`` ((camera id, start µs, end µs)...), of an
        event or of a tag; to the export root ``root``, or staged for download."""
        if export_format not in FORMATS:
            raise InvalidArgument(f"format {export_format!r}: one of {', '.join(FORMATS)}")
        request = export_pb2.CreateExportTaskRequest(
            items=[
                export_pb2.ExportItem(
                    camera_id=camera,
                    start_time=timestamp_from_us(start),
                    end_time=timestamp_from_us(end),
                )
                for camera, start, end in items
            ],
            event_id=event_id,
            tag_id=tag_id,
            format=FORMATS[export_format],  # type: ignore[arg-type]
            stream=stream,
            destination=export_pb2.ExportDestination(root=root, subdir=subdir),
        )
        if margin_us is not None:
            request.margin.CopyFrom(duration_from_us(margin_us))
        return self._call(self._export.CreateExportTask, request).task

    def list_export_tasks(self) -> list[export_pb2.ExportTaskInfo]:
        tasks: list[export_pb2.ExportTaskInfo] = []
        token = ""
        while True:
            request = export_pb2.ListExportTasksRequest(page_size=500, page_token=token)
            response = self._call(self._export.ListExportTasks, request)
            tasks.extend(response.tasks)
            token = response.next_page_token
            if not token:
                return tasks

    def get_export_task(self, task_id: int) -> export_pb2.ExportTaskInfo:
        request = export_pb2.GetExportTaskRequest(task_id=task_id)
        return self._call(self._export.GetExportTask, request).task

    def pause_export_task(self, task_id: int) -> export_pb2.ExportTaskInfo:
        request = export_pb2.PauseExportTaskRequest(task_id=task_id)
        return self._call(self._export.PauseExportTask, request).task

    def resume_export_task(self, task_id: int) -> export_pb2.ExportTaskInfo:
        request = export_pb2.ResumeExportTaskRequest(task_id=task_id)
        return self._call(self._export.ResumeExportTask, request).task

    def cancel_export_task(self, task_id: int) -> export_pb2.ExportTaskInfo:
        request = export_pb2.CancelExportTaskRequest(task_id=task_id)
        return self._call(self._export.CancelExportTask, request).task

    def delete_export_task(self, task_id: int) -> None:
        self._call(
            self._export.DeleteExportTask, export_pb2.DeleteExportTaskRequest(task_id=task_id)
        )

    def list_export_roots(self) -> list[export_pb2.ExportRoot]:
        return list(
            self._call(self._export.ListExportRoots, export_pb2.ListExportRootsRequest()).roots
        )

    def wait_for_export_task(
        self,
        task_id: int,
        *,
        timeout_s: float = 6 * 3600.0,
        interval_s: float = 0.5,
        progress: Callable[[export_pb2.ExportTaskInfo], None] | None = None,
    ) -> export_pb2.ExportTaskInfo:
        """Poll until the task is done, failed or cancelled; returns it."""
        deadline = time.monotonic() + timeout_s
        while True:
            task = self.get_export_task(task_id)
            if progress is not None:
                progress(task)
            if task.state in FINISHED:
                return task
            if time.monotonic() > deadline:
                raise ServerError(f"export task {task_id} did not finish in {timeout_s:g} s")
            time.sleep(interval_s)

    def download_export_file(self, task_id: int, name: str, path: Path) -> int:
        """Write one file of a finished task to ``path``; returns its size."""
        request = export_pb2.DownloadExportFileRequest(task_id=task_id, name=name)
        partial = path.with_name(path.name + ".part")
        size = 0
        call = self._export.DownloadExportFile(request, metadata=self._metadata, timeout=3600)
        try:
            with partial.open("wb") as out:
                for piece in call:
                    out.write(piece.data)
                    size += len(piece.data)
            os.replace(partial, path)
        except grpc.RpcError as exc:
            partial.unlink(missing_ok=True)
            raise _error_from_rpc(exc, server=self.server) from exc
        return size

    def download_export(self, task: export_pb2.ExportTaskInfo, folder: Path) -> list[Path]:
        """Every file of a finished task (and its manifest) into ``folder``."""
        written = []
        for name in [f.name for f in task.files] + ["manifest.vsig"]:
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise ServerError(f"the server named an unsafe file {name!r}")
            target = folder.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            self.download_export_file(task.id, name, target)
            written.append(target)
        return written
