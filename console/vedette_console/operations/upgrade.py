"""The Upgrade page's calls (SYS-06): upload a signed bundle with its progress, and
read the last upgrade's state.

The upload runs on a worker thread; its progress reaches the UI thread through
``UploadProgress.sent`` (a queued signal), never by touching widgets from there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from vedette_api.v1 import system_pb2
from vedette_console.operations.server_op import ServerOp


class UploadProgress(QObject):
    """Bytes sent and total, emitted from the upload's thread."""

    sent = Signal(int, int)


def upload_upgrade(
    *, parent: QObject | None, path: Path, progress: UploadProgress
) -> ServerOp[system_pb2.UpgradeStatus]:
    """Send the bundle; the state once the server verified and handed it over."""
    return ServerOp(parent, lambda client: client.upload_upgrade(path, progress=progress.sent.emit))


def upgrade_status(*, parent: QObject | None) -> ServerOp[system_pb2.UpgradeStatus]:
    return ServerOp(parent, lambda client: client.get_upgrade_status())
