"""Cameras and what they record now: the site tree and the tiles' status lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.errors import PermissionDenied
from vedette_api.v1 import cameras_pb2
from vedette_console.operations.server_op import ServerOp


@dataclass(frozen=True)
class CameraList:
    """Every camera the user sees, and each one's record reasons right now."""

    cameras: list[cameras_pb2.Camera]
    #: Camera id → its current record reasons (empty without the status right).
    reasons: dict[int, list[int]] = field(default_factory=dict)


def fetch_cameras(client: Client) -> CameraList:
    """Blocking: the cameras, then their recording status (two calls)."""
    cameras = client.list_cameras()
    try:
        reasons = {s.camera_id: list(s.record_reasons) for s in client.get_recording_status()}
    except PermissionDenied:  # no recording-status right: tiles just say REC
        reasons = {}
    return CameraList(cameras, reasons)


def list_cameras(*, parent: QObject | None) -> ServerOp[CameraList]:
    return ServerOp(parent, fetch_cameras)


def update_recording_op(
    camera_id: int,
    *,
    enabled: bool,
    disk_group: int,
    expiry_days: int,
    record_audio: bool,
    parent: QObject | None,
) -> ServerOp[cameras_pb2.Camera]:
    """Set how a camera is recorded: enabled, its disk group, expiry, audio."""
    return ServerOp(
        parent,
        lambda client: client.update_camera(
            camera_id,
            enabled=enabled,
            disk_group=disk_group,
            expiry_days=expiry_days,
            record_audio=record_audio,
        ),
    )
