"""Volumes and disk groups (DISK-01..03, DISK-06): what the Storage settings pages
ask the server's ``StorageService``, and the cameras the disk groups hold.

The server's words on initialising: a volume it initialised is left as it is; a new
one gets its marker (nothing in the folder is touched); one initialised by another
server is taken over only with ``force``, which moves that server's recordings aside
on the disk (``storage.proto``). Removing forgets a volume and its recordings'
catalog rows; its files stay on the disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.errors import PermissionDenied
from vedette_api.v1 import cameras_pb2, storage_pb2
from vedette_console.operations.server_op import ServerOp


@dataclass(frozen=True)
class StorageSnapshot:
    """Volumes, disk groups and cameras as the server lists them; ``None`` for what
    the user has no right to read."""

    volumes: list[storage_pb2.Volume] | None
    groups: list[storage_pb2.DiskGroup] | None
    cameras: list[cameras_pb2.Camera] | None


def fetch_storage(client: Client) -> StorageSnapshot:
    """Blocking: the volumes, the disk groups and the cameras (three calls); a list
    the user may not read is ``None``."""
    try:
        volumes: list[storage_pb2.Volume] | None = client.list_volumes()
        groups: list[storage_pb2.DiskGroup] | None = client.list_disk_groups()
    except PermissionDenied:
        volumes = groups = None
    try:
        cameras: list[cameras_pb2.Camera] | None = client.list_cameras()
    except PermissionDenied:
        cameras = None
    return StorageSnapshot(volumes, groups, cameras)


def load_storage_op(*, parent: QObject | None) -> ServerOp[StorageSnapshot]:
    return ServerOp(parent, fetch_storage)


def add_volume_op(
    path: str, disk_group: int, *, parent: QObject | None
) -> ServerOp[storage_pb2.Volume]:
    return ServerOp(parent, lambda client: client.add_volume(path, disk_group=disk_group))


def initialize_volume_op(
    volume_id: int, *, force: bool, parent: QObject | None
) -> ServerOp[storage_pb2.Volume]:
    return ServerOp(parent, lambda client: client.initialize_volume(volume_id, force=force))


def remove_volume_op(volume_id: int, *, parent: QObject | None) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.remove_volume(volume_id))


def set_volume_group_op(
    volume_id: int, disk_group: int, *, parent: QObject | None
) -> ServerOp[storage_pb2.Volume]:
    return ServerOp(parent, lambda client: client.set_volume_disk_group(volume_id, disk_group))


def update_disk_group_op(
    group_id: int,
    *,
    name: str,
    overwrite: bool,
    reserve_bytes: int,
    parent: QObject | None,
) -> ServerOp[storage_pb2.DiskGroup]:
    return ServerOp(
        parent,
        lambda client: client.update_disk_group(
            group_id, name=name, overwrite=overwrite, reserve_bytes=reserve_bytes
        ),
    )
