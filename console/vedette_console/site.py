"""Signing in at a site directory: one sign-in, every recording server of the site in
the tree, their health, and the site's alarm feed (docs/sites.md, docs/console.md).

The operator gives the directory's address like any server's. ``sign_in_anywhere``
signs in there; an address that answers ``ListServers`` is a site directory, and
the console then opens a session on each online member server with a site token
(single sign-on: no second password), trusting each member's certificate by the
directory's word (``vedette_api.client.site_members``). Any other address is a
recording server, signed in to as before.

``SiteLink`` then follows the directory from the UI thread without blocking it: the
members' state (online, offline, standby, cameras recording) and the site's alarm
feed every ``POLL_MS``, and the directory session's renewal.

Invariants:
- A member the directory lists as offline, or that cannot be reached, is shown as
  such in the tree with why, never as online; it is signed in to once it comes back.
- Every member session is opened with a site token, never with the password; the
  password the operator typed is used only at the directory.
- The directory unreachable changes nothing on the members' sessions (they keep
  live, playback and export); the tree's site line says the directory is
  unreachable until it answers again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from vedette_api.client import Client
from vedette_api.client.address import parse_address, server_key
from vedette_api.client.site_members import SiteTokens, connect_member, member_unreachable_reason
from vedette_api.errors import Unauthenticated, Unavailable, Unimplemented, VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import site_pb2
from vedette_console.background import TaskRunner
from vedette_console.connect import ConnectSettings, sign_in
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP

#: How often the directory is asked for its servers and alarms.
POLL_MS = 3000
#: The directory session is renewed once less than this share of its lifetime is left.
RENEW_SHARE = 0.25
#: Member servers signed in to at once.
CONNECT_THREADS = 8


@dataclass
class SiteMember:
    """A member server as the directory listed it, and its session once open."""

    server: site_pb2.SiteServer
    client: Client | None = None
    #: Why there is no session ("" when there is one).
    error: str = ""

    @property
    def name(self) -> str:
        return self.server.name

    @property
    def key(self) -> str:
        """The member's key in the tree: ``host:port`` as its client names it."""
        return member_key(self.server)


def member_key(server: site_pb2.SiteServer) -> str:
    if not server.address:
        return server.name
    try:
        return server_key(*parse_address(server.address))
    except VedetteError:
        return server.name


@dataclass
class SiteSignIn:
    """A sign-in at a site directory, with the member sessions it opened."""

    directory: Client
    site_name: str
    tokens: SiteTokens
    settings: ConnectSettings
    members: list[SiteMember] = field(default_factory=list)

    def primary(self) -> SiteMember | None:
        """The first member with a session (the console's main session)."""
        return next((m for m in self.members if m.client is not None), None)

    def member_settings(self, server: site_pb2.SiteServer) -> ConnectSettings:
        """How the console signs in to the member again (a new site token)."""
        return replace(
            self.settings,
            address=server.address,
            password="",
            trust_new=False,
            site_token=self.tokens,
            site_member=server.name,
        )

    def connect(self, server: site_pb2.SiteServer) -> Client:
        """Blocking: a session on one member (``connect_member``)."""
        return connect_member(
            server,
            self.tokens(),
            known_servers_path=self.settings.known_servers_path,
            timeout_s=self.settings.timeout_s,
        )

    def close(self) -> None:
        for member in self.members:
            if member.client is not None:
                member.client.close()
        self.directory.close()


def sign_in_anywhere(settings: ConnectSettings) -> Client | SiteSignIn:
    """Blocking: sign in at ``settings.address``; a recording server gives its
    ``Client``, a site directory a ``SiteSignIn`` with a session on every member that
    could be reached (``Unavailable`` when none could, naming each and why)."""
    client = sign_in(settings)
    try:
        listed = client.list_site_servers()
    except Unimplemented:
        return client  # a recording server
    except BaseException:
        client.close()
        raise
    site = SiteSignIn(client, listed.site_name, SiteTokens(client), settings)
    site.members = [
        SiteMember(server)
        for server in listed.servers
        if server.state != site_pb2.SITE_SERVER_STATE_LEFT
    ]

    def open_one(member: SiteMember) -> None:
        try:
            member.client = site.connect(member.server)
        except VedetteError as exc:
            member.error = exc.message

    reachable = [m for m in site.members if not member_unreachable_reason(m.server)]
    for member in site.members:
        if member not in reachable:
            member.error = member_unreachable_reason(member.server)
    if reachable:
        with ThreadPoolExecutor(min(CONNECT_THREADS, len(reachable))) as pool:
            list(pool.map(open_one, reachable))
    if site.primary() is None:
        site.close()
        why = "; ".join(f"{m.name}: {m.error}" for m in site.members) or "it has none yet"
        raise Unavailable(
            f"signed in to site {listed.site_name}, but none of its recording servers"
            f" could be reached: {why}"
        )
    return site


def server_state_text(server: site_pb2.SiteServer) -> str:
    """A member's health for the tree, from the directory's word."""
    if server.state == site_pb2.SITE_SERVER_STATE_ONLINE:
        text = _tr("online")
    elif server.state == site_pb2.SITE_SERVER_STATE_LEFT:
        text = _tr("left the site")
    else:
        text = _tr("offline")
    if server.standby:
        text += _tr(" · standby")
    if server.state == site_pb2.SITE_SERVER_STATE_ONLINE and server.cameras:
        text += _tr(" · {recording}/{cameras} recording").format(
            recording=server.cameras_recording, cameras=server.cameras
        )
    return text


def _tr(text: str) -> str:
    return QCoreApplication.translate("SiteLink", text)


class SiteLink(QObject):
    """Follows a site directory from the UI thread.

    Signals: ``servers_changed(list[SiteServer])`` and ``alarms_changed(list[SiteAlarm])``
    after each answer; ``directory_state(text, ok)`` when the directory's reachability
    changes; ``ended(reason)`` when the directory ended the session."""

    servers_changed = Signal(list)
    alarms_changed = Signal(list)
    directory_state = Signal(str, bool)
    ended = Signal(str)

    def __init__(self, site: SiteSignIn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.site = site
        self.runner = TaskRunner(self, threads=2, name="vedette-site")
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._polling = False
        self._renewing = False
        self._ok: bool | None = None
        self.closed = False
        #: The directory session's lifetime, as its sign-in gave it.
        self._lifetime_s = max(60.0, site.directory.expire_us / 1e6 - time.time())
        #: The last answers (tests and the alarm list read them).
        self.servers: list[site_pb2.SiteServer] = []
        self.alarms: list[site_pb2.SiteAlarm] = []

    def start(self) -> None:
        self._timer.start()
        self.poll()

    def poll(self) -> None:
        if self._polling or self.closed:
            return
        self._polling = True
        directory = self.site.directory.background()

        def ask() -> tuple[list[site_pb2.SiteServer], list[site_pb2.SiteAlarm]]:
            servers = list(directory.list_site_servers().servers)
            return servers, directory.list_site_alarms(limit=200)

        self.runner.submit(ask, self._answered, self._failed, owner=self)
        self._renew_if_due()

    def _answered(self, answer: tuple[list[site_pb2.SiteServer], list[site_pb2.SiteAlarm]]) -> None:
        self._polling = False
        self._set_ok(True, _tr("site {site}: directory reachable").format(site=self.site.site_name))
        self.servers, self.alarms = answer
        self.servers_changed.emit(self.servers)
        self.alarms_changed.emit(self.alarms)

    def _failed(self, error: Exception) -> None:
        self._polling = False
        if isinstance(error, Unauthenticated):
            self._end(_tr("The site directory ended this session: sign in again."))
            return
        self._set_ok(
            False,
            _tr("site {site}: directory unreachable ({error}); the recording servers go on").format(
                site=self.site.site_name, error=error_text(error)
            ),
        )

    def _set_ok(self, ok: bool, text: str) -> None:
        if ok != self._ok:
            self._ok = ok
            self.directory_state.emit(text, ok)

    def _renew_if_due(self) -> None:
        """Renew the directory session once a quarter of its lifetime is left (the
        member sessions end with it)."""
        directory = self.site.directory
        if self._renewing or not directory.expire_us:
            return
        if directory.expire_us / 1e6 - time.time() > self._lifetime_s * RENEW_SHARE:
            return
        self._renewing = True

        def renewed(_: object) -> None:
            self._renewing = False

        def failed(error: Exception) -> None:
            self._renewing = False
            if isinstance(error, Unauthenticated):
                self._end(_tr("The site directory ended this session: sign in again."))

        self.runner.submit(directory.renew_session, renewed, failed, owner=self)

    def _end(self, reason: str) -> None:
        if self.closed:
            return
        self._timer.stop()
        self.ended.emit(reason)

    def connect_member(
        self,
        server: site_pb2.SiteServer,
        on_done: Callable[[Client], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Sign in to a member that came online (off the UI thread)."""
        self.runner.submit(lambda: self.site.connect(server), on_done, on_error, owner=self)

    def close(self) -> None:
        """Stop following (the main session, which holds the site sign-in, signs
        out at the directory when it closes)."""
        if self.closed:
            return
        self.closed = True
        self._timer.stop()
        self.runner.close()


class SiteAlarmList(QTreeWidget):
    """The site's alarm feed: every member server's alarms, newest first. A
    double-click emits ``play(server key, site camera ids, first_us, last_us)``."""

    play = Signal(str, list, int, int)

    COLUMNS = (
        QT_TRANSLATE_NOOP("SiteAlarmList", "Time"),
        QT_TRANSLATE_NOOP("SiteAlarmList", "Server"),
        QT_TRANSLATE_NOOP("SiteAlarmList", "Alarm"),
        QT_TRANSLATE_NOOP("SiteAlarmList", "Cameras"),
        QT_TRANSLATE_NOOP("SiteAlarmList", "State"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.itemDoubleClicked.connect(self._activated)
        #: Server name → its tree key (``host:port``), from the site's servers.
        self.keys: dict[str, str] = {}
        #: Formats a time (µs) for the list (the main window's display settings).
        self.format_time: Callable[[int], str] = lambda us: str(us)

    def set_alarms(self, alarms: list[site_pb2.SiteAlarm]) -> None:
        self.clear()
        for alarm in alarms:
            state_words = {
                "new": self.tr("new"),
                "in_progress": self.tr("in progress"),
                "on_hold": self.tr("on hold"),
                "closed": self.tr("closed"),
            }
            last_us = us_from_timestamp(alarm.last_time)
            title = alarm.title + (f" ×{alarm.count}" if alarm.count > 1 else "")
            item = QTreeWidgetItem(
                [
                    self.format_time(last_us),
                    alarm.server,
                    title,
                    ", ".join(alarm.camera_names),
                    state_words.get(alarm.state, alarm.state),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, alarm)
            item.setToolTip(2, alarm.rule_name)
            self.addTopLevelItem(item)
        for column in range(len(self.COLUMNS) - 1):
            self.resizeColumnToContents(column)

    def _activated(self, item: QTreeWidgetItem) -> None:
        alarm = item.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(alarm, site_pb2.SiteAlarm) or not alarm.site_camera_ids:
            return
        key = self.keys.get(alarm.server, "")
        if key:
            self.play.emit(
                key,
                list(alarm.site_camera_ids),
                us_from_timestamp(alarm.first_time),
                us_from_timestamp(alarm.last_time),
            )
