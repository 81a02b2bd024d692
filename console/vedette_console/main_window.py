"""The main window: the site tree, the views (live, playback, search, backup, player),
the signed-in servers, full screen with an auto-hiding toolbar (LIVE-10), middle
button back to live (LIVE-09).

Every server signed in to has a ``Session`` that follows the server's change feed:
its cameras are reloaded when the feed says cameras or their status changed (no
polling), its tiles restart when the session signed in again by itself (a server
restart), and when the server ended the first server's session (the idle logout)
the sign-in dialog opens saying why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.errors import Unimplemented
from vedette_api.timestamps import US_PER_S, now_us
from vedette_api.v1 import alarms_pb2, common_pb2, site_pb2
from vedette_console.background import Background
from vedette_console.full_screen import FullScreen
from vedette_console.i18n import (
    QT_TRANSLATE_NOOP,
    Translators,
    count_text,
    remember_language,
)
from vedette_console.operations import camera_setup
from vedette_console.operations import cameras as camera_ops
from vedette_console.operations.cameras import CameraList
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.video.decoder import wait_stopped
from vedette_console.video.sources import NoteSource, PacketSource
from vedette_console.views.live import LiveView
from vedette_console.views.server_view import ServerView
from vedette_console.widgets.camera_tree import CameraTree, camera_status_line
from vedette_console.widgets.tile import CameraRef, camera_status

#: The views, by the name the command line and the code use, with their labels.
VIEW_LABELS = {
    "Live": QT_TRANSLATE_NOOP("MainWindow", "Live"),
    "Playback": QT_TRANSLATE_NOOP("MainWindow", "Playback"),
    "Search": QT_TRANSLATE_NOOP("MainWindow", "Search"),
    "Backup": QT_TRANSLATE_NOOP("MainWindow", "Backup"),
    "Player": QT_TRANSLATE_NOOP("MainWindow", "Player"),
    "Alarms": QT_TRANSLATE_NOOP("MainWindow", "Alarms"),
}
#: The feed's kinds after which a server's cameras are reloaded.
_CAMERA_KINDS = (alarms_pb2.RESOURCE_KIND_CAMERAS, alarms_pb2.RESOURCE_KIND_CAMERA_STATUS)

if TYPE_CHECKING:
    from vedette_console.settings.window import SettingsWindow
    from vedette_console.site import SiteAlarmList, SiteLink, SiteSignIn


class MainWindow(QMainWindow):
    VIEWS = tuple(VIEW_LABELS)

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        translators: Translators | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.translators = translators
        self.background = Background(self)
        self.setWindowTitle(self.tr("Vedette"))
        self.resize(1440, 860)
        self.tree = CameraTree()
        dock = QDockWidget(self.tr("Cameras"), self)
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
        self.live.grid.display_for = self._display_of
        self.live.tours.cameras = self._all_cameras
        #: Every signed-in server by ``host:port``; the first is ``self.session``.
        self.sessions: dict[str, Session] = {}
        #: The server that playback, search and backup work on.
        self.current_server = ""
        self.views: dict[str, QWidget] = {"Live": self.live}
        self._build_other_views()
        for name in self.VIEWS:
            self.stack.addWidget(self.views[name])
        self._build_toolbar()
        self.view_buttons["Alarms"].setVisible(False)  # until the server says the user may
        self.full_screen = FullScreen(self, self.dock, self.toolbar)
        self.server_label = QLabel(self.tr("not signed in"))
        self.server_label.setObjectName("muted")
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.server_label)
        session.busy_changed.connect(self._on_busy)
        session.call_failed.connect(self.notify)
        self.tree.camera_activated.connect(self._open_camera)
        self.tree.server_selected.connect(self.select_server)
        self.tree.play_requested.connect(self.play_cameras)
        self.tree.live_requested.connect(self.live.show_cameras)
        self.tree.edit_requested.connect(self.open_edit_camera)
        self.tree.add_requested.connect(self.open_add_cameras)
        #: The last camera add or edit dialog opened (tests drive it).
        self.camera_dialog: QDialog | None = None
        #: Server → whether its user may add and edit cameras, once the server said.
        self.camera_rights: dict[str, bool] = {}
        self._pending_cameras: list[int] | str | None = None
        # Camera list reads in flight, by server, and the one to run when each ends: a
        # burst of feed events (a rename, then status changes) reads the list twice at
        # most, not once an event.
        self._fetching_cameras: set[str] = set()
        self._refetch_cameras: dict[str, tuple[Session, bool]] = {}
        #: ``--instant MINUTES``: open playback of the cameras that long ago.
        self.pending_instant: float | None = None
        #: ``--minute-view``: the search view's 60 minutes of this hour.
        self.pending_minute_view = False
        #: The dialog asking to sign in again after the server ended the session.
        self.sign_in_again: QWidget | None = None
        #: The open Settings window (``open_settings``).
        self.settings_window: SettingsWindow | None = None
        #: Following the site directory, when the sign-in was at one (``_open_site``).
        self.site_link: SiteLink | None = None
        #: The site's alarm feed (a dock shown for a site sign-in).
        self.site_alarms: SiteAlarmList | None = None
        #: Servers whose change feed this console lost and has not got back.
        self._lost_feeds: set[str] = set()
        #: Members being signed in to after they came online, by tree key.
        self._site_connecting: set[str] = set()
        #: Takes the first server's sign-out instead of that dialog (the appliance's
        #: logged-out screen, ``appliance.flow``).
        self.signed_out_handler: Callable[[str], None] | None = None
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.show_view("Live")

    def _build_other_views(self) -> None:
        from vedette_console.views.backup import BackupView
        from vedette_console.views.offline import OfflineView
        from vedette_console.views.playback import PlaybackView
        from vedette_console.views.search import SearchView

        self.playback = PlaybackView(self.session, self.notify)
        self.search = SearchView(self.session, self.notify)
        self.backup = BackupView(self.session, self.notify, background=self.background)
        self.player = OfflineView(self.session, self.notify, background=self.background)
        self.views.update(
            Playback=self.playback, Search=self.search, Backup=self.backup, Player=self.player
        )
        self.search.open_playback.connect(self.open_playback)
        self.live.instant_playback.connect(self.open_playback)
        self.playback.backup_requested.connect(self.backup.open_dialog)
        self.search.backup_requested.connect(self.backup.open_dialog)
        self._build_alarm_desk()

    def _build_alarm_desk(self) -> None:
        """The first server's alarms: the "Alarms" view, toasts, sound, popups, badges."""
        from vedette_console.alarms.desk import AlarmDesk

        desk = AlarmDesk(
            self,
            self.session,
            grid=self.live.grid,
            own_tile=self.live._own_tile,
            source_of=lambda camera_id, stream: self.live_source(camera_id, stream),
            camera_names=lambda: self.live.grid.names,
            display=lambda: self.session.settings.display,
        )
        desk.show_requested.connect(lambda: self.show_view("Alarms"))
        desk.play.connect(self.play_alarm)
        desk.notice.connect(self.notify)
        desk.rights_changed.connect(
            lambda rights: self.view_buttons["Alarms"].setVisible(rights.view)
        )
        desk.popups.rule_source = self.live.picture_rules.rule_for  # privacy masks
        self.alarm_desk = desk
        self.views["Alarms"] = desk.view

    def server_views(self) -> dict[str, ServerView]:
        """The views of one server's data: they follow the server picked in the tree."""
        return {"Playback": self.playback, "Search": self.search, "Backup": self.backup}

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
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
            button.setText(self.tr(VIEW_LABELS[name]))
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
        self.add_cameras_action = QAction(self.tr("Add cameras…"), self)
        self.add_cameras_action.setToolTip(
            self.tr("Find ONVIF cameras on the network, or add one by its RTSP URL")
        )
        self.add_cameras_action.triggered.connect(lambda: self.open_add_cameras())
        self.add_cameras_action.setVisible(False)  # until the server says the user may
        bar.addAction(self.add_cameras_action)
        self.alarm_settings_action = QAction(self.tr("Alarm settings…"), self)
        self.alarm_settings_action.setToolTip(
            self.tr("Alarm rules, inputs and outputs, notifications and alarm statistics")
        )
        self.alarm_settings_action.triggered.connect(self.open_alarm_settings)
        bar.addAction(self.alarm_settings_action)
        self.settings_action = QAction(self.tr("Settings…"), self)
        self.settings_action.setToolTip(
            self.tr("Cameras, storage, accounts, system, display and alarm settings")
        )
        self.settings_action.triggered.connect(lambda: self.open_settings())
        bar.addAction(self.settings_action)
        add_server = QAction(self.tr("Add server…"), self)
        add_server.setToolTip(self.tr("Sign in to another server; its cameras join the tree"))
        add_server.triggered.connect(self.open_add_server)
        bar.addAction(add_server)
        self.fullscreen_action = QAction(self.tr("Full screen"), self)
        self.fullscreen_action.setShortcut(QKeySequence("F11"))
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(self.set_full_screen)
        bar.addAction(self.fullscreen_action)
        self.addAction(self.fullscreen_action)

    # -- views -----------------------------------------------------------------------------

    def current_view(self) -> str:
        return self.VIEWS[self.stack.currentIndex()]

    def show_view(self, name: str) -> None:
        self.stack.setCurrentWidget(self.views[name])
        self.view_buttons[name].setChecked(True)
        server_view = self.server_views().get(name)
        if server_view is not None:
            server_view.activate()

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

    def play_alarm(
        self, camera_ids: list[int], start_us: int, end_us: int, server: str = ""
    ) -> None:
        """An alarm's cameras (of ``server``, by default the first server) from its
        first trigger − pre, the timeline showing its range up to its last trigger +
        post."""
        self.select_server(server or self.session.server)
        self.show_view("Playback")
        margin = max(end_us - start_us, 0) // 4
        self.playback.timeline.set_range(start_us - margin, end_us + margin)
        self.playback.open_at(camera_ids, start_us)

    def instant_playback(self, camera_ids: list[int], minutes: float) -> None:
        """Playback of ``camera_ids`` from ``minutes`` ago, the timeline around it."""
        now = now_us()
        at = now - int(minutes * 60 * US_PER_S)
        self.show_view("Playback")
        self.playback.timeline.set_range(at - (now - at), now + (now - at) // 4)
        self.playback.open_at(camera_ids, at)

    def play_cameras(self, cameras: list[CameraRef]) -> None:
        """Cameras picked in the tree, together in playback (at most 16, of one
        server: the first one's), from the live view's instant-playback minutes ago."""
        if not cameras:
            return
        server = cameras[0].server or self.session.server
        ids = [c.camera_id for c in cameras if (c.server or self.session.server) == server]
        if len(ids) < len(cameras):
            self.notify(self.tr("Playback shows the cameras of one server: {server}").format(
                server=server
            ))  # fmt: skip
        if len(ids) > 16:
            self.notify(self.tr("Playback shows 16 cameras at most: the first 16"))
        self.select_server(server)
        self.instant_playback(ids[:16], self.live.instant.value())

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
        if not count:
            self.busy_label.setText("")
        elif count == 1:
            self.busy_label.setText(self.tr("1 request…"))
        else:
            self.busy_label.setText(self.tr("{count} requests…").format(count=count))

    # -- tiles' sources ---------------------------------------------------------------------

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
            return NoteSource(self.tr("Not signed in"))
        return LiveSource(client, camera_id, common_pb2.Stream.ValueType(stream), audio=audio)

    def _display_of(self, server: str) -> TimeDisplay:
        """How times of ``server`` are shown (its session's settings)."""
        return self.sessions.get(server, self.session).settings.display

    def _restart_tiles(self, server: str) -> None:
        """Open the tiles' streams of ``server`` again (a new sign-in, a new token)."""
        primary = server == self.session.server
        grid = self.live.grid
        for tile in grid.tiles:
            if tile.camera_id is not None and (
                tile.server == server or (primary and not tile.server)
            ):
                grid.assign(tile, tile.camera_id, tile.server)

    # -- sessions --------------------------------------------------------------------------

    def signed_in(self, client: Client, *, cameras: list[int] | str | None = None) -> None:
        """The first server is signed in (its session is ``self.session``); also after
        signing in again once the server ended the session."""
        again = client.server in self.sessions
        fingerprint = client.certificate_fingerprint
        if fingerprint:
            self.server_label.setText(
                self.tr("{user}@{server} · TLS {fingerprint}…").format(
                    user=client.username, server=client.server, fingerprint=fingerprint[:14]
                )
            )
            self.server_label.setToolTip(
                self.tr("Pinned certificate SHA-256 {fingerprint}").format(fingerprint=fingerprint)
            )
        else:
            self.server_label.setText(
                self.tr("{user}@{server} · plaintext").format(
                    user=client.username, server=client.server
                )
            )
        self.setWindowTitle(self.tr("Vedette — {server}").format(server=client.server))
        self._follow(self.session)
        self.sessions[client.server] = self.session
        self.current_server = client.server
        self._pending_cameras = cameras
        self.notify(
            self.tr("Signed in to {server} as {user}").format(
                server=client.server, user=client.username
            )
        )
        self.session.watch()
        self._refresh_one(client.server, self.session)
        self._check_camera_rights(client.server, self.session)
        self.alarm_desk.signed_in()
        for view in self.server_views().values():
            view.signed_in()
        self.live.reload_saved()  # the user's saved views and tours follow them here
        if again:
            self._restart_tiles(client.server)
        site = self.session.site
        if site is not None and (self.site_link is None or self.site_link.site is not site):
            self._open_site(site)

    def add_server(self, session: Session) -> None:
        """Another signed-in server: its cameras join the tree (a site tree)."""
        server = session.server
        if not server or server in self.sessions:
            return
        self.sessions[server] = session
        session.busy_changed.connect(self._on_busy)
        session.call_failed.connect(self.notify)
        self._follow(session)
        session.watch()
        self.notify(self.tr("Signed in to {server} too; its cameras are in the tree").format(
            server=server
        ))  # fmt: skip
        self._refresh_one(server, session)
        self._check_camera_rights(server, session)
        self.live.picture_rules.add_session(session)  # its cameras' privacy masks

    def _follow(self, session: Session) -> None:
        """React to a session's feed, its own sign-ins and its end (once per session)."""
        if session.property("followed"):
            return
        session.setProperty("followed", True)
        session.changed.connect(lambda kind, ids: self._on_changed(session, kind))
        session.reconnected.connect(lambda client: self._on_reconnected(session, client))
        session.signed_out.connect(lambda reason: self._on_signed_out(session, reason))
        session.settings_changed.connect(lambda settings: self._on_settings(session, settings))
        session.feed.lost.connect(lambda error: self._on_feed_lost(session, error))
        session.feed.subscribed.connect(lambda: self._lost_feeds.discard(session.server))

    def _on_changed(self, session: Session, kind: int) -> None:
        if kind in _CAMERA_KINDS and session.server:
            self._refresh_one(session.server, session, background=True)

    def _on_reconnected(self, session: Session, client: Client) -> None:
        self.notify(
            self.tr("Signed in to {server} again after the connection came back").format(
                server=client.server
            )
        )
        self._restart_tiles(client.server)

    def _on_feed_lost(self, session: Session, error: Exception) -> None:
        if isinstance(error, Unimplemented):
            return  # a server without the feed: it is reloaded once a minute instead
        server = next((s for s, known in self.sessions.items() if known is session), "")
        if server:
            self._lost_feeds.add(server)
            self.tree.set_server_state(server, self.tr("connection lost, trying again"), False)

    def _on_signed_out(self, session: Session, reason: str) -> None:
        """The server ended a session: say why; for the first server, sign in again."""
        server = next((s for s, known in self.sessions.items() if known is session), "")
        self.notify(reason)
        if server:
            self.tree.set_server_state(server, self.tr("signed out"), False)
        if session is not self.session:
            return
        if self.signed_out_handler is not None:
            self.signed_out_handler(reason)
            return
        from vedette_console.signin import SignInDialog

        credentials = session.credentials
        if session.site is not None:  # a site: sign in at its directory again
            credentials = session.site.settings
            server = credentials.address
        dialog = SignInDialog(
            session,
            address=server or (credentials.address if credentials else ""),
            username=credentials.username if credentials else "",
            known_servers_path=credentials.known_servers_path if credentials else None,
            reason=reason,
            parent=self,
        )
        dialog.signed_in.connect(lambda client: self.signed_in(client))
        self.sign_in_again = dialog
        dialog.open()

    def _on_settings(self, session: Session, settings: Any) -> None:
        """The server's zone and formats for its live tiles; its language (the first
        server's) installed for the next start, as widgets take their text when they
        are built."""
        server = next((s for s, known in self.sessions.items() if known is session), "")
        if server:
            self.live.grid.set_display(settings.display, server)
            if session is self.session:
                self.live.grid.set_display(settings.display, "")
        if session is self.session and settings.device_name and server and not self.site_link:
            self.setWindowTitle(
                self.tr("Vedette — {device} ({server})").format(
                    device=settings.device_name, server=server
                )
            )
        if session is not self.session or self.translators is None:
            return
        remember_language(settings.language)
        if self.translators.follows_server and settings.language != self.translators.language:
            self.notify(self.tr("The server's language applies when the console restarts"))

    # -- a site: its servers in the tree, their health, its alarm feed ---------------------

    def _open_site(self, site: SiteSignIn) -> None:
        """A sign-in at a site directory: every member server in the tree (a session
        on each that could be reached, the others shown with why), then their
        health and the site's alarms from the directory."""
        from vedette_api.client.site_session import SiteSession
        from vedette_console.site import SiteAlarmList, SiteLink, member_key

        if self.site_link is not None:  # signed in at the site again
            self.site_link.close()
        link = SiteLink(site, self)
        self.site_link = link
        first_keys = {m.name: m.key for m in site.members}

        def member_client(name: str) -> Client | None:
            """The console's session on member ``name`` (any thread: reads only)."""
            listed = next((s for s in list(link.servers) if s.name == name), None)
            key = member_key(listed) if listed is not None else first_keys.get(name)
            session = self.sessions.get(key) if key else None
            return session.client if session is not None else None

        # Views and tours are the directory's: one view holds cameras of every member.
        from vedette_console.site_views import DirectoryCalls, SiteCameras, SiteViews

        def member_keys() -> dict[str, str]:
            return first_keys | {s.name: member_key(s) for s in list(link.servers)}

        cameras = SiteCameras(member_keys, lambda key: self.tree.server_cameras.get(key, []))
        calls = DirectoryCalls(site.directory, lambda: self.session)
        self.live.saved.set_site(SiteViews(calls, cameras))
        # A camera's playback, calendar and events follow its custody across the
        # members (the playback view owns the SiteSession and closes it).
        custody = SiteSession(
            site.directory,
            known_servers_path=site.settings.known_servers_path,
            timeout_s=site.settings.timeout_s,
            members=member_client,
        )
        self.playback.set_site(custody)
        self.search.events.set_site(custody)
        self.search.by_time.set_site(custody)
        self.setWindowTitle(self.tr("Vedette — site {site}").format(site=site.site_name))
        for member in site.members:
            key = member.key
            self.tree.set_server_name(key, member.name)
            session = self.sessions.get(key)
            if session is not None:  # the main session, or one kept from before
                session.credentials = site.member_settings(member.server)
            elif member.client is not None:
                self._add_site_member(site, member.server, member.client)
            else:
                self.tree.set_server_state(key, member.error, False)
        if self.site_alarms is None:
            alarms = SiteAlarmList()
            alarms.play.connect(self._play_site_alarm)
            dock = QDockWidget(self.tr("Site alarms"), self)
            dock.setObjectName("site-alarms")
            dock.setWidget(alarms)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.resizeDocks([dock], [150], Qt.Orientation.Vertical)
            self.site_alarms = alarms
        self.site_alarms.keys = {m.name: m.key for m in site.members}
        self.site_alarms.format_time = lambda us: self.session.settings.display.date_time(us)
        link.servers_changed.connect(self._on_site_servers)
        link.alarms_changed.connect(self.site_alarms.set_alarms)
        link.directory_state.connect(lambda text, _ok: self.notify(text))
        link.ended.connect(self.notify)
        link.start()
        self.notify(
            self.tr("Signed in to site {site}: {count} recording server(s)").format(
                site=site.site_name, count=len(site.members)
            )
        )

    def _add_site_member(
        self, site: SiteSignIn, server: site_pb2.SiteServer, client: Client
    ) -> None:
        session = Session(self)
        session.adopt(client, site.member_settings(server))
        self.add_server(session)

    def _on_site_servers(self, servers: list[site_pb2.SiteServer]) -> None:
        """The directory's word on each member: the tree shows it; a member that came
        online is signed in to."""
        from vedette_api.client.site_members import member_unreachable_reason
        from vedette_console.site import member_key, server_state_text

        link = self.site_link
        if link is None:
            return
        site = link.site
        if self.site_alarms is not None:
            self.site_alarms.keys = {s.name: member_key(s) for s in servers}
        for server in servers:
            key = member_key(server)
            if server.state == site_pb2.SITE_SERVER_STATE_LEFT and key not in self.sessions:
                continue
            self.tree.set_server_name(key, server.name)
            online = server.state == site_pb2.SITE_SERVER_STATE_ONLINE
            text = server_state_text(server)
            if online and key in self._lost_feeds:  # the directory hears it, we do not
                text += self.tr(" · not reachable from this console")
                online = False
            self.tree.set_server_state(key, text, online)
            if key in self.sessions or key in self._site_connecting:
                continue
            if member_unreachable_reason(server):
                continue
            self._site_connecting.add(key)
            link.connect_member(
                server,
                functools.partial(self._site_member_back, site, server, key),
                functools.partial(self._site_member_failed, key),
            )

    def _site_member_back(
        self, site: SiteSignIn, server: site_pb2.SiteServer, key: str, client: Client
    ) -> None:
        self._site_connecting.discard(key)
        if key in self.sessions or self.site_link is None or self.site_link.site is not site:
            client.close()
            return
        self._add_site_member(site, server, client)

    def _site_member_failed(self, key: str, error: Exception) -> None:
        from vedette_console.failures import error_text

        self._site_connecting.discard(key)
        self.tree.set_server_state(key, error_text(error), False)

    def _play_site_alarm(
        self, server: str, site_camera_ids: list[str], first_us: int, last_us: int
    ) -> None:
        """A site alarm double-clicked: its cameras on the server that raised it."""
        cameras = self.tree.server_cameras.get(server, [])
        ids = [c.id for c in cameras if c.site_camera_id in site_camera_ids]
        if server not in self.sessions or not ids:
            self.notify(self.tr("The alarm's cameras are not on a signed-in server"))
            return
        self.play_alarm(ids, first_us, last_us, server)

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
        for view in self.server_views().values():
            view.set_session(session)
            view.set_cameras(self.tree.server_cameras.get(server, []))
        self.player.set_session(session)
        self.notify(self.tr("Playback, search and backup now on {server}").format(server=server))

    # -- adding and editing cameras (CAM-01, 02, 04, 08, 09) ----------------------------------

    def _check_camera_rights(self, server: str, session: Session) -> None:
        op = camera_setup.can_manage_op(parent=self).background()
        op.success(lambda allowed: self._set_camera_rights(server, allowed))
        op.failure(lambda _error: self._set_camera_rights(server, False))
        op.run(session)

    def _set_camera_rights(self, server: str, allowed: bool) -> None:
        self.camera_rights[server] = allowed
        if allowed:
            self.tree.managed_servers.add(server)
        else:
            self.tree.managed_servers.discard(server)
        self.add_cameras_action.setVisible(self.session.server in self.tree.managed_servers)

    def open_add_cameras(self, server: str = "") -> None:
        from vedette_console.views.camera_add_dialog import CameraAddDialog

        server = server or self.session.server
        session = self.sessions.get(server)
        if session is None or server not in self.tree.managed_servers:
            return
        names = [camera.name for camera in self.tree.server_cameras.get(server, [])]
        dialog = CameraAddDialog(session, names, self)
        dialog.camera_added.connect(
            lambda camera: self.notify(self.tr("Camera “{name}” added").format(name=camera.name))
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.camera_dialog = dialog
        dialog.show()

    def open_alarm_settings(self) -> None:
        """The alarm settings of the selected server (issue 15 §4): the Settings
        window on its Alarms group."""
        self.open_settings("Alarms")

    def open_settings(self, group: str = "") -> SettingsWindow | None:
        """The Settings window of the selected server (issue 16 §1), on ``group``
        when given; one window, raised when it is open already."""
        from vedette_console.settings.window import SettingsWindow

        session = self.sessions.get(self.session.server)
        if session is None or session.client is None:
            return None
        window = self.settings_window
        if window is None or window.session is not session:
            if window is not None:
                window.close()
            window = SettingsWindow(session, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _=None, w=window: self._settings_closed(w))
            window.page_shown.connect(lambda page, s=session: self._settings_page_shown(s, page))
            self.settings_window = window
            window.load()
        window.show()
        window.raise_()
        window.activateWindow()
        if group:
            window.open_group(group)
        return window

    def _settings_closed(self, window: SettingsWindow) -> None:
        if self.settings_window is window:
            self.settings_window = None

    def _settings_page_shown(self, session: Session, page: object) -> None:
        """A settings page that plays video (the system log's ``open_playback``) plays
        it in this window, on the settings' server; wired once per page."""
        signal = getattr(page, "open_playback", None)
        if signal is None or not isinstance(page, QObject) or page.property("plays_here"):
            return
        page.setProperty("plays_here", True)
        signal.connect(
            lambda camera_id, time_us: self._play_for_settings(session, camera_id, time_us)
        )

    def _play_for_settings(self, session: Session, camera_id: int, time_us: int) -> None:
        self.select_server(session.server)
        self.open_playback(camera_id, time_us)
        self.raise_()
        self.activateWindow()

    def open_edit_camera(self, ref: CameraRef) -> None:
        from vedette_console.views.camera_edit_dialog import CameraEditDialog

        server = ref.server or self.session.server
        session = self.sessions.get(server)
        camera = next(
            (c for c in self.tree.server_cameras.get(server, []) if c.id == ref.camera_id), None
        )
        if session is None or camera is None or server not in self.tree.managed_servers:
            return
        onvif = {
            c.id: c.name for c in self.tree.server_cameras.get(server, []) if c.HasField("onvif")
        }
        dialog = CameraEditDialog(session, camera, self, onvif_cameras=onvif)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.camera_dialog = dialog
        dialog.show()

    # -- cameras ---------------------------------------------------------------------------

    def refresh_cameras(self) -> None:
        for server, session in list(self.sessions.items()):
            self._refresh_one(server, session)

    def _refresh_one(self, server: str, session: Session, *, background: bool = False) -> None:
        """Read ``server``'s camera list; while a read of it is in flight, one more
        read is queued instead (it starts when that one ends, so it sees every change
        announced meanwhile), in the foreground if any asker was."""
        if server in self._fetching_cameras:
            queued = self._refetch_cameras.get(server)
            background = background and (queued is None or queued[1])
            self._refetch_cameras[server] = (session, background)
            return
        self._fetching_cameras.add(server)
        op = camera_ops.list_cameras(parent=self)
        op.success(lambda found: self._cameras_read(server, found, None))
        op.failure(lambda error: self._cameras_read(server, None, error))
        (op.background() if background else op).run(session)

    def _cameras_read(self, server: str, found: CameraList | None, error: Exception | None) -> None:
        self._fetching_cameras.discard(server)
        queued = self._refetch_cameras.pop(server, None)
        if found is not None:
            self._on_cameras(server, found)
        elif error is not None:
            self._on_cameras_failed(server, error)
        if queued is not None:
            self._refresh_one(server, queued[0], background=queued[1])

    def _on_cameras(self, server: str, found: CameraList) -> None:
        cameras = found.cameras
        self.tree.set_server_state(
            server,
            count_text("MainWindow", len(cameras), "{count} camera", "{count} cameras"),
            True,
        )
        self.tree.set_cameras(server, cameras)
        grid = self.live.grid
        for camera in cameras:
            grid.server_names[(server, camera.id)] = camera.name
        if server == self.session.server:
            grid.names = {c.id: c.name for c in cameras}
            self.alarm_desk.list_view.set_cameras(cameras)
        if server == self.current_server:
            for view in self.server_views().values():
                view.set_cameras(cameras)
            if self.pending_minute_view and cameras:
                self.pending_minute_view = False
                self.search.slices.open_minute_view(now_us())
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
                camera = by_id[tile.camera_id]
                tile.camera_name = camera.name
                recorded_for = found.reasons.get(tile.camera_id, [])
                tile.set_status(camera_status_line(camera, recorded_for), camera_status(camera))

    def _on_cameras_failed(self, server: str, exc: Exception) -> None:
        text = str(exc).splitlines()[0][:60] if str(exc) else type(exc).__name__
        self.tree.set_server_state(
            server or "server", self.tr("unreachable: {error}").format(error=text), False
        )

    # -- full screen and events ---------------------------------------------------------

    def set_full_screen(self, on: bool) -> None:
        self.full_screen.set(on)

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
        threads = self.live.grid.shutdown() + self.playback.shutdown() + self.player.shutdown()
        wait_stopped(threads, 1.0)
        self.background.close()
        if self.site_link is not None:
            self.site_link.close()
        self.search.events.set_site(None)
        self.search.by_time.set_site(None)
        self.playback.set_site(None)
        for session in self.sessions.values():
            if session is not self.session:
                session.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        self.shutdown()
        super().closeEvent(event)
