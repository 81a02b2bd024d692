"""Snapshots (LIVE-08, PLAY-05, SEARCH-06): take, save to a file, the gallery, export
to the server, delete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.v1 import images_pb2
from vedette_console.operations.server_op import ServerOp

#: How many snapshots the gallery shows, newest first.
GALLERY_LIMIT = 200
#: A snapshot with its JPEG.
Shot = tuple[images_pb2.Snapshot, bytes]


def take_snapshot(
    *, parent: QObject | None, camera_id: int, time_us: int | None = None
) -> ServerOp[images_pb2.Snapshot]:
    """A full-resolution snapshot saved on the server: live, or at ``time_us``."""
    return ServerOp(parent, lambda client: client.take_snapshot(camera_id, time_us))


def write_snapshot(client: Client, camera_id: int, path: Path) -> Path:
    """Blocking: take a live snapshot (kept on the server) and write its JPEG to
    ``path``, through ``path.part`` so ``path`` never holds half a picture."""
    shot = client.take_snapshot(camera_id)
    _, jpeg = client.get_snapshot(shot.id)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(jpeg)
    partial.replace(path)
    return path


def snapshot_to_file(*, parent: QObject | None, camera_id: int, path: Path) -> ServerOp[Path]:
    return ServerOp(parent, lambda client: write_snapshot(client, camera_id, path))


def fetch_gallery(client: Client, limit: int = GALLERY_LIMIT) -> list[Shot]:
    """Blocking: the newest snapshots with their JPEGs (one call per picture: the
    API lists metadata and serves one JPEG at a time)."""
    return [client.get_snapshot(shot.id) for shot in client.list_snapshots(limit=limit)]


def load_gallery(*, parent: QObject | None) -> ServerOp[list[Shot]]:
    return ServerOp(parent, fetch_gallery)


def export_snapshots(
    *, parent: QObject | None, snapshot_ids: list[int]
) -> ServerOp[images_pb2.ExportSnapshotsResponse]:
    """Copy snapshots to a new folder under a server export root (signed)."""
    return ServerOp(parent, lambda client: client.export_snapshots(snapshot_ids))


def delete_snapshots(*, parent: QObject | None, snapshot_ids: list[int]) -> ServerOp[None]:
    def work(client: Client) -> None:
        for snapshot_id in snapshot_ids:
            client.delete_snapshot(snapshot_id)

    return ServerOp(parent, work)
