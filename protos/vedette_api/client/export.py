"""Exports in ``vedette_api.Client``: one file streamed from the server
(``export_recording``, ``export_to_file``, signed at its end), and export tasks that
run on the server: create, follow, pause, resume, cancel, delete, download
(EXP-01..05). Every method blocks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath

import grpc

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.streams import StreamArg, stream_proto
from vedette_api.errors import InvalidArgument, ServerError
from vedette_api.errors import error_from_rpc as _error_from_rpc
from vedette_api.evidence import SIGNATURE_SUFFIX
from vedette_api.evidence import verify as verify_export
from vedette_api.timestamps import duration_from_us, timestamp_from_us
from vedette_api.v1 import export_pb2, export_pb2_grpc

DEFAULT_EXPORT_TIMEOUT_S = 6 * 3600.0
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


class ExportCalls(ServiceCalls):
    _export: export_pb2_grpc.ExportServiceStub

    def export_recording(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        *,
        export_format: export_pb2.ExportFormat = export_pb2.EXPORT_FORMAT_MP4,
        stream: StreamArg = "main",
        timeout_s: float = DEFAULT_EXPORT_TIMEOUT_S,
        burn_watermark: bool = False,
    ) -> Iterator[export_pb2.ExportRecordingResponse]:
        """Yield the pieces of an exported file; concatenate their ``data``.

        The first piece carries ``file_name`` and ``mime_type``. Stopping the
        iteration early cancels the export on the server.
        """
        request = export_pb2.ExportRecordingRequest(
            camera_id=camera_id,
            start_time=timestamp_from_us(start_us),
            end_time=timestamp_from_us(end_us),
            format=export_format,
            stream=stream_proto(stream),
            burn_watermark=burn_watermark,
        )
        call = self._export.ExportRecording(request, timeout=timeout_s, metadata=self._metadata)
        try:
            yield from call
        except grpc.RpcError as exc:
            raise _error_from_rpc(exc, server=self.server) from exc
        finally:
            call.cancel()

    def export_to_file(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        path: Path,
        *,
        export_format: export_pb2.ExportFormat = export_pb2.EXPORT_FORMAT_MP4,
        stream: StreamArg = "main",
        progress: Callable[[export_pb2.ExportRecordingResponse], None] | None = None,
        burn_watermark: bool = False,
    ) -> int:
        """Export into ``path``, and its signed manifest into ``<path>.vsig``; returns
        the file's size in bytes.

        Writes ``<path>.part`` and renames it only when the export is complete, so
        ``path`` never holds a truncated file. The server signs the file after its
        last byte; the signature is checked against the file as ``vedette verify``
        checks it (ServerError when they differ) and kept beside it. A server that
        does not sign streamed exports (older) leaves no ``.vsig``. ``progress``
        sees every piece.
        """
        partial = path.with_name(path.name + ".part")
        signature = path.with_name(path.name + SIGNATURE_SUFFIX)
        size_bytes = 0
        signed = b""
        try:
            with partial.open("wb") as out:
                for piece in self.export_recording(
                    camera_id, start_us, end_us, export_format=export_format, stream=stream,
                    burn_watermark=burn_watermark,
                ):  # fmt: skip
                    out.write(piece.data)
                    size_bytes += len(piece.data)
                    signed = piece.signed_manifest or signed
                    if progress is not None:
                        progress(piece)
                out.flush()
                os.fsync(out.fileno())
            signature.unlink(missing_ok=True)  # an earlier export's, never this file's
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if signed:
            signature.write_bytes(signed)
            verdict = verify_export(path)
            if not verdict.intact:
                signature.unlink(missing_ok=True)
                raise ServerError(
                    f"{path} does not match the signature the server sent: "
                    + "; ".join(verdict.lines()[1:])
                )
        return size_bytes

    def create_export_task(
        self,
        *,
        items: Sequence[tuple[int, int, int]] = (),
        event_id: int = 0,
        tag_id: int = 0,
        margin_us: int | None = None,
        export_format: str = "mp4",
        stream: StreamArg = "main",
        root: str = "",
        subdir: str = "",
        burn_watermark: bool = False,
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
            stream=stream_proto(stream),
            destination=export_pb2.ExportDestination(root=root, subdir=subdir),
            burn_watermark=burn_watermark,
        )
        if margin_us is not None:
            request.margin.CopyFrom(duration_from_us(margin_us))
        return self._call(self._export.CreateExportTask, request).task

    def list_export_tasks(self) -> list[export_pb2.ExportTaskInfo]:
        request = export_pb2.ListExportTasksRequest()
        return list(self._paginate(self._export.ListExportTasks, request, "tasks"))

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
