"""The main window: site tree, the views (live, playback, search, backup), full screen
with an auto-hiding toolbar (LIVE-10), middle button back to live (LIVE-09)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QCursor, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.v1 import cameras_pb2, common_pb2
from vedette_console.session import Session
from vedette_console.video.decoder import wait_stopped
from vedette_console.video.sources import NoteSource, PacketSource
from vedette_console.views.live import LiveView
from vedette_console.widgets.camera_tree import CameraTree, camera_status_line
from vedette_console.widgets.tile import camera_status

CAMERA_REFRESH_MS = 5000


class MainWindow(QMainWindow):
    VIEWS = ("Live", "Playback", "Search", "Backup", "Player")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Vedette")
        self.resize(1440, 860)
        self.tree = CameraTree()
        dock = QDockWidget("Cameras", self)
        dock.setObjectName("cameras")
        dock.setWidget(self.tree)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [250], Qt.Orientation.Horizontal)
        self.dock = dock
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.live = LiveView(session, self.live_source, self.notify)
        self.live.grid.names = {}
        self.live.grid.server_source_factory = self.live_source_on
        self.live.tour_cameras = self._all_cameras
        #: Every signed-in server by ``host:port``; the first is ``self.session``.
        self.sessions: dict[str, Session] = {}
        #: The server that playback, search and backup work on.
        self.current_server = ""
        self.views: dict[str, QWidget] = {"Live": self.live}
        self._build_other_views()
        for name in self.VIEWS:
            self.stack.addWidget(self.views[name])
        self._build_toolbar()
        self.server_label = QLabel("not signed in")
        self.server_label.setObjectName("muted")
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.server_label)
        session.busy_changed.connect(self._on_busy)
        session.call_failed.connect(self.notify)
        self.tree.camera_activated.connect(self._open_camera)
        self.tree.server_selected.connect(self.select_server)
        self._refresh = QTimer(self)
        self._refresh.setInterval(CAMERA_REFRESH_MS)
        self._refresh.timeout.connect(self.refresh_cameras)
        self._hide_toolbar = QTimer(self)
        self._hide_toolbar.setInterval(250)
        self._hide_toolbar.timeout.connect(self._auto_hide_toolbar)
        self._toolbar_seen = 0
        self.last_live_layout = 4
        self._pending_cameras: list[int] | str | None = None
        #: ``--instant MINUTES``: open playback of the cameras that long ago.
        self.pending_instant: float | None = None
        #: ``--minute-view``: the search view's 60 minutes of this hour.
        self.pending_minute_view = False
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.show_view("Live")

    def _build_other_views(self) -> None:
        from vedette_console.views.backup import BackupView
        from vedette_console.views.offline import OfflineView
        from vedette_console.views.playback import PlaybackView
        from vedette_console.views.search import SearchView

        self.playback = PlaybackView(self.session, self.notify)
        self.search = SearchView(self.session, self.notify)
        self.backup = BackupView(self.session, self.notify)
        self.player = OfflineView(self.session, self.notify)
        self.views.update(
            Playback=self.playback, Search=self.search, Backup=self.backup, Player=self.player
        )
        self.search.open_playback.connect(self.open_playback)
        self.live.instant_playback.connect(self.open_playback)
        self.playback.backup_requested.connect(self.backup.open_dialog)
        self.search.backup_requested.connect(self.backup.open_dialog)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        brand = QLabel("  VEDETTE  ")
        brand.setObjectName("brand")
        bar.addWidget(brand)
        self.view_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for index, name in enumerate(self.VIEWS):
            button = QToolButton()
            button.setText(name)
            button.setCheckable(True)
            button.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            button.clicked.connect(lambda _=False, n=name: self.show_view(n))
            group.addButton(button)
            bar.addWidget(button)
            self.view_buttons[name] = button
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding,
            spacer.sizePolicy().verticalPolicy().Preferred,
        )
        bar.addWidget(spacer)
        add_server = QAction("Add server…", self)
        add_server.setToolTip("Sign in to another server; its cameras join the tree")
        add_server.triggered.connect(self.open_add_server)
        bar.addAction(add_server)
        self.fullscreen_action = QAction("Full screen", self)
        self.fullscreen_action.setShortcut(QKeySequence("F11"))
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(self.set_full_screen)
        bar.addAction(self.fullscreen_action)
        self.addAction(self.fullscreen_action)

    # -- views -----------------------------------------------------------------------------

    def current_view(self) -> str:
        return self.VIEWS[self.stack.currentIndex()]

    def show_view(self, name: str) -> None:
        if self.current_view() == "Live" and name != "Live":
            self.last_live_layout = self.live.grid.count
        self.stack.setCurrentWidget(self.views[name])
        self.view_buttons[name].setChecked(True)
        activate = getattr(self.views[name], "activate", None)
        if callable(activate):
            activate()

    def back_to_live(self) -> None:
        """LIVE-09: back to the last live view, single view and zoom undone."""
        if self.live.grid.single is not None:
            self.live.grid.toggle_single(self.live.grid.single)
        for tile in self.live.grid.tiles:
            tile.reset_zoom()
        self.show_view("Live")

    def open_playback(self, camera_id: int, time_us: int) -> None:
        self.show_view("Playback")
        self.playback.open_at([camera_id], time_us)

    def instant_playback(self, camera_ids: list[int], minutes: float) -> None:
        """Playback of ``camera_ids`` from ``minutes`` ago, the timeline around it."""
        now = time.time_ns() // 1000
        at = now - int(minutes * 60 * 1_000_000)
        self.show_view("Playback")
        self.playback.timeline.set_range(at - (now - at), now + (now - at) // 4)
        self.playback.open_at(camera_ids, at)

    def _open_camera(self, camera_id: int, server: str = "") -> None:
        grid = self.live.grid
        target = grid.active or next(
            (t for t in grid.layout_tiles() if t.camera_id is None), grid.layout_tiles()[0]
        )
        grid.assign(target, camera_id, server or self.session.server)

    def _all_cameras(self) -> list[tuple[str, int]]:
        """Every camera of every server, in tree order (a tour's cameras)."""
        return [
            (server, camera.id)
            for server, cameras in self.tree.server_cameras.items()
            for camera in cameras
        ]

    def notify(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_busy(self, count: int) -> None:
        self.busy_label.setText(f"{count} request{'s' if count != 1 else ''}…" if count else "")

    # -- session ---------------------------------------------------------------------------

    def live_source(self, camera_id: int, stream: int, *, audio: bool = False) -> PacketSource:
        """A tile's live source on the first server signed in to."""
        return self.live_source_on(self.session.server, camera_id, stream, audio=audio)

    def live_source_on(
        self, server: str, camera_id: int, stream: int, *, audio: bool = False
    ) -> PacketSource:
        from vedette_console.video.sources import LiveSource

        session = self.sessions.get(server, self.session)
        client = session.client
        if client is None:
            return NoteSource("Not signed in")
        return LiveSource(client, camera_id, common_pb2.Stream.ValueType(stream), audio=audio)

    def signed_in(self, client: Client, *, cameras: list[int] | str | None = None) -> None:
        """The first server is signed in (its session is ``self.session``)."""
        fingerprint = client.certificate_fingerprint or "plaintext"
        self.server_label.setText(
            f"{client.username}@{client.server} · TLS {fingerprint[:14]}…"
            if client.certificate_fingerprint
            else f"{client.username}@{client.server} · {fingerprint}"
        )
        self.server_label.setToolTip(f"Pinned certificate SHA-256 {fingerprint}")
        self.setWindowTitle(f"Vedette — {client.server}")
        self.sessions[client.server] = self.session
        self.current_server = client.server
        self._pending_cameras = cameras
        self.notify(f"Signed in to {client.server} as {client.username}")
        self.refresh_cameras()
        self._refresh.start()
        for view in (self.playback, self.search, self.backup):
            view.signed_in()
        self.live.reload_saved()  # the user's saved views and tours follow them here

    def add_server(self, session: Session) -> None:
        """Another signed-in server: its cameras join the tree (a site tree)."""
        server = session.server
        if not server or server in self.sessions:
            return
        self.sessions[server] = session
        session.busy_changed.connect(self._on_busy)
        session.call_failed.connect(self.notify)
        self.notify(f"Signed in to {server} too; its cameras are in the tree")
        self._refresh_one(server, session)

    def open_add_server(self) -> None:
        from vedette_console.signin import SignInDialog

        session = Session(self)
        dialog = SignInDialog(session, address="", username="", parent=self)
        dialog.signed_in.connect(lambda _client: self.add_server(session))
        dialog.open()

    def select_server(self, server: str) -> None:
        """Playback, search and backup follow the server picked in the tree."""
        if server == self.current_server or server not in self.sessions:
            return
        self.current_server = server
        session = self.sessions[server]
        for view in (self.playback, self.search, self.backup):
            view.set_session(session)
            view.set_cameras(self.tree.server_cameras.get(server, []))
        self.notify(f"Playback, search and backup now on {server}")

    def refresh_cameras(self) -> None:
        for server, session in list(self.sessions.items()):
            self._refresh_one(server, session)

    def _refresh_one(self, server: str, session: Session) -> None:
        def work(c: Client) -> tuple[list[cameras_pb2.Camera], dict[int, list[int]]]:
            cameras = c.list_cameras()
            try:
                reasons = {s.camera_id: list(s.record_reasons) for s in c.get_recording_status()}
            except VedetteError:  # no recording-status right: tiles just say REC
                reasons = {}
            return cameras, reasons

        session.call(
            work,
            lambda answer: self._on_cameras(server, answer[0], answer[1]),
            lambda exc: self._on_cameras_failed(server, exc),
            owner=self,
        )

    def _on_cameras(
        self,
        server: str,
        cameras: list[cameras_pb2.Camera],
        reasons: dict[int, list[int]] | None = None,
    ) -> None:
        self.tree.set_server_state(server, f"{len(cameras)} cameras", True)
        self.tree.set_cameras(server, cameras)
        grid = self.live.grid
        for camera in cameras:
            grid.server_names[(server, camera.id)] = camera.name
        if server == self.session.server:
            grid.names = {c.id: c.name for c in cameras}
        if server == self.current_server:
            for view in (self.playback, self.search, self.backup):
                view.set_cameras(cameras)
            if self.pending_minute_view and cameras:
                self.pending_minute_view = False
                self.search.slices.open_minute_view(time.time_ns() // 1000)
        by_id = {c.id: c for c in cameras}
        if self._pending_cameras is not None and server == self.session.server:
            wanted = self._pending_cameras
            self._pending_cameras = None
            ids = [c.id for c in cameras] if wanted == "all" else [i for i in wanted if i in by_id]
            grid.assign_cameras(list(ids), server)
            if self.pending_instant is not None and ids:
                self.instant_playback(list(ids)[:16], self.pending_instant)
            self.pending_instant = None
        primary = server == self.session.server
        for tile in grid.tiles:
            mine = tile.server == server or (primary and not tile.server)
            if mine and tile.camera_id in by_id:
                tile.camera_name = by_id[tile.camera_id].name
                recorded_for = (reasons or {}).get(tile.camera_id, [])
                camera = by_id[tile.camera_id]
                tile.set_status(camera_status_line(camera, recorded_for), camera_status(camera))

    def _on_cameras_failed(self, server: str, exc: Exception) -> None:
        self.tree.set_server_state(
            server or "server", f"unreachable: {str(exc).splitlines()[0][:60]}", False
        )

    # -- full screen ---------------------------------------------------------------------

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
            self.dock.hide()
            self.statusBar().hide()
            self.toolbar.hide()
            self._hide_toolbar.start()
        else:
            self._hide_toolbar.stop()
            self.showNormal()
            self.dock.show()
            self.statusBar().show()
            self.toolbar.show()

    def _auto_hide_toolbar(self) -> None:
        """In full screen the toolbar shows while the pointer is near the top edge."""
        y = self.mapFromGlobal(QCursor.pos()).y()
        near = 0 <= y < (self.toolbar.height() + 12 if self.toolbar.isVisible() else 6)
        if near:
            self._toolbar_seen = 0
            self.toolbar.show()
        else:
            self._toolbar_seen += 1
            if self._toolbar_seen > 8:  # ~2 s away
                self.toolbar.hide()

    # -- events ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.MiddleButton
            and isinstance(watched, QWidget)
            and watched.window() is self
        ):
            self.back_to_live()
            return True
        if event.type() == QEvent.Type.KeyPress and self.isFullScreen():
            key = getattr(event, "key", lambda: None)()
            if key == Qt.Key.Key_Escape:
                self.fullscreen_action.setChecked(False)
                return True
        return False

    def shutdown(self) -> None:
        self._refresh.stop()
        threads = self.live.grid.shutdown() + self.playback.shutdown() + self.player.shutdown()
        wait_stopped(threads, 1.0)
        for session in self.sessions.values():
            if session is not self.session:
                session.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        self.shutdown()
        super().closeEvent(event)
