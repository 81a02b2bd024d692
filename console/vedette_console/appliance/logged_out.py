"""The appliance's screen while nobody is signed in (LIVE-14): a live grid of exactly
the cameras marked visible when logged out (``display.logged_out_cameras``), through
a display session (``OpenLiveDisplay``), and a "Sign in" button.

The display session may only list and watch those cameras, so the grid shows what
the server lists to it, nothing else. The screen asks again every
``POLL_MS``: a changed list (the server ends the display session when it changes)
or a server restart (the session is gone, or the server unreachable for a while)
opens a new display session by itself, so the screen never needs a hand.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vedette_api.client import Client
from vedette_api.errors import Unauthenticated, Unavailable, VedetteError
from vedette_api.v1 import common_pb2
from vedette_console.appliance import calls
from vedette_console.background import Background
from vedette_console.failures import error_text
from vedette_console.i18n import count_text
from vedette_console.operations import cameras as camera_ops
from vedette_console.operations.cameras import CameraList
from vedette_console.session import Session
from vedette_console.video.decoder import wait_stopped
from vedette_console.video.sources import LiveSource, NoteSource, PacketSource
from vedette_console.widgets.grid import LAYOUTS, LiveGrid

#: How often the screen checks its camera list (and that its session still lives).
POLL_MS = 5000
#: Wait before opening the display again after a failure (a restarting server).
RETRY_MS = 2000


def layout_for(count: int) -> int:
    """The smallest grid layout that holds ``count`` cameras."""
    return next((size for size in LAYOUTS if size >= count), LAYOUTS[-1])


class LoggedOutScreen(QWidget):
    """Signal: ``sign_in_requested()`` (the "Sign in" button)."""

    sign_in_requested = Signal()

    def __init__(self, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vedette"))
        self.address = address
        self.session = Session(self)
        self.background = Background(self, threads=1)
        self.grid = LiveGrid(self.live_source, self)
        self.grid.setAcceptDrops(False)
        for tile in self.grid.tiles:
            tile.setAcceptDrops(False)
            tile.empty_text = ""
        #: Shown instead of the grid when no camera is visible while logged out.
        self.empty = QLabel(self.tr("Vedette"))
        self.empty.setObjectName("title")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.empty.font()
        font.setPointSizeF(font.pointSizeF() * 3)
        self.empty.setFont(font)
        self.empty.hide()
        #: The camera ids shown, in the server's order.
        self.cameras: list[int] = []
        #: Whether the tiles play through the current display session.
        self._laid_out = False
        self._opening = False
        self._stopped = False
        self.message = QLabel(self.tr("Connecting to the recorder…"))
        self.message.setObjectName("muted")
        #: Why nobody is signed in any more (an automatic logout), until someone signs in.
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.hide()
        self.sign_in = QPushButton(self.tr("Sign in"))
        self.sign_in.setMinimumHeight(40)
        self.sign_in.setMinimumWidth(160)
        self.sign_in.clicked.connect(self.sign_in_requested)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 8, 12, 8)
        bar.addWidget(self.message, 1)
        bar.addWidget(self.reason, 2)
        bar.addWidget(self.sign_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bar)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)

    def say_reason(self, text: str) -> None:
        self.reason.setText(text)
        self.reason.setVisible(bool(text))

    # -- the display session -------------------------------------------------------------

    def live_source(self, camera_id: int, stream: int, *, audio: bool = False) -> PacketSource:
        client = self.session.client
        if client is None:
            return NoteSource(self.tr("Connecting…"))
        return LiveSource(client, camera_id, common_pb2.Stream.ValueType(stream), audio=False)

    def start(self) -> None:
        """Open the display session and show its cameras (again after ``stop``)."""
        self._stopped = False
        self._open()
        self._poll.start()

    def _open(self) -> None:
        if self._opening or self._stopped:
            return
        self._opening = True
        address = self.address
        self.background.run(lambda: calls.open_live_display(address), self._opened, self._failed)

    def _opened(self, client: Client) -> None:
        self._opening = False
        if self._stopped:
            self.background.run(client.close, lambda _: None, lambda _: None)
            return
        self.session.adopt(client)
        self._laid_out = False  # the new session's streams: every tile opens again
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self._opening = False
        self._say_error(error)
        if not self._stopped:
            QTimer.singleShot(RETRY_MS, self, self._open)

    def _say_error(self, error: Exception) -> None:
        if isinstance(error, Unavailable):
            self.message.setText(self.tr("The recorder is not answering; trying again…"))
        else:
            text = error_text(error) if isinstance(error, VedetteError) else str(error)
            self.message.setText(self.tr("Live view unavailable: {reason}").format(reason=text))

    def refresh(self) -> None:
        """Ask for the cameras again (the poll; at once after a new session)."""
        if self.session.client is None or self._stopped:
            return
        camera_ops.list_cameras(parent=self).background().success(self._show).failure(
            self._list_failed
        ).run(self.session)

    def _list_failed(self, error: Exception) -> None:
        self._say_error(error)
        if isinstance(error, Unauthenticated | Unavailable):
            # The list changed (the server ended the session) or the server restarted.
            self.session.drop_client()
            self._open()

    def _show(self, found: CameraList) -> None:
        ids = [camera.id for camera in found.cameras]
        self.grid.names = {camera.id: camera.name for camera in found.cameras}
        if not ids:
            self.message.setText(self.tr("No camera is shown while nobody is signed in."))
        else:
            self.message.setText(
                count_text(
                    "LoggedOutScreen",
                    len(ids),
                    "{count} camera shown while nobody is signed in",
                    "{count} cameras shown while nobody is signed in",
                )
            )
        if ids == self.cameras and self._laid_out:
            return
        self.cameras, self._laid_out = ids, True
        self.grid.set_layout(layout_for(len(ids)))
        for index, tile in enumerate(self.grid.layout_tiles()):
            self.grid.assign(tile, ids[index] if index < len(ids) else None)
        self.grid.setVisible(bool(ids))
        self.empty.setVisible(not ids)

    def stop(self) -> None:
        """Close the streams and the display session (someone signed in)."""
        self._stopped = True
        self._poll.stop()
        for tile in self.grid.tiles:
            if tile.camera_id is not None:
                self.grid.assign(tile, None)
        self.cameras, self._laid_out = [], False
        self.session.drop_client()

    def shutdown(self) -> None:
        self.stop()
        wait_stopped(self.grid.shutdown(), 1.0)
        self.background.close()
        self.session.close()
