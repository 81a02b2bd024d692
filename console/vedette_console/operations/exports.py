"""Backups (EXP-01..06): export roots, export tasks and their actions, downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import export_pb2
from vedette_console.operations.server_op import ServerOp

#: What an operator can do to an export task.
TaskAction = Literal["pause", "resume", "cancel", "delete"]
#: An item of a backup: (camera id, start µs, end µs).
BackupItem = tuple[int, int, int]


def list_export_roots(*, parent: QObject | None) -> ServerOp[list[export_pb2.ExportRoot]]:
    return ServerOp(parent, lambda client: client.list_export_roots())


def list_export_tasks(*, parent: QObject | None) -> ServerOp[list[export_pb2.ExportTaskInfo]]:
    return ServerOp(parent, lambda client: client.list_export_tasks())


def create_export_task(
    *,
    parent: QObject | None,
    items: list[BackupItem],
    export_format: str,
    root: str = "",
    subdir: str = "",
    burn_watermark: bool = False,
) -> ServerOp[export_pb2.ExportTaskInfo]:
    """A backup task: to a server export root, or staged for download (no root);
    ``burn_watermark`` burns each camera's watermark into the pictures."""

    def work(client: Client) -> export_pb2.ExportTaskInfo:
        return client.create_export_task(
            items=items,
            export_format=export_format,
            root=root,
            subdir=subdir,
            burn_watermark=burn_watermark,
        )

    return ServerOp(parent, work)


def change_export_task(
    *, parent: QObject | None, task_id: int, action: TaskAction
) -> ServerOp[object]:
    """Pause, resume, cancel or delete a task."""

    def work(client: Client) -> object:
        if action == "pause":
            return client.pause_export_task(task_id)
        if action == "resume":
            return client.resume_export_task(task_id)
        if action == "cancel":
            return client.cancel_export_task(task_id)
        client.delete_export_task(task_id)
        return None

    return ServerOp(parent, work)


def download_export(
    *, parent: QObject | None, task: export_pb2.ExportTaskInfo, folder: Path
) -> ServerOp[list[Path]]:
    """Download a finished task's files into ``folder`` (made if missing)."""

    def work(client: Client) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        return client.download_export(task, folder)

    return ServerOp(parent, work)
