"""A camera's live sub stream in a settings tab, with an editor laid over it (the
Motion tab's cell grid, the Privacy tab's mask editor)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from vedette_api.v1 import common_pb2
from vedette_console.session import Session
from vedette_console.video.sources import LiveSource, NoteSource, PacketSource
from vedette_console.widgets.tile import VideoTile


class LiveOverlayPicture(VideoTile):
    """Subclasses set ``overlay`` (the editor) in their ``__init__``; it is kept over
    the whole picture."""

    overlay: QWidget

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(0, parent)
        self.session = session
        self.osd = False
        self.source_factory = self._source
        self.setMinimumSize(QSize(440, 248))

    def _source(self, camera_id: int, stream: int, /, *, audio: bool = False) -> PacketSource:
        client = self.session.client
        if client is None:
            return NoteSource(self.tr("Not signed in"))
        return LiveSource(client, camera_id, common_pb2.STREAM_SUB)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
