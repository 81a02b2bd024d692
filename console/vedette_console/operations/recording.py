"""Manual recording (REC-03) on or off for a camera."""

from __future__ import annotations

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_console.operations.server_op import ServerOp


def set_manual_recording(
    *, parent: QObject | None, camera_id: int, on: bool
) -> ServerOp[list[int]]:
    """Start or stop manual recording; the result is the cameras it applied to."""

    def work(client: Client) -> list[int]:
        if on:
            return client.start_manual_recording([camera_id])
        return client.stop_manual_recording([camera_id])

    return ServerOp(parent, work)
