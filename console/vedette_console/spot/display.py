"""The spot monitor process (``vedette-console --spot``): signs in with its own user,
reads ``display.spot_view_id`` / ``spot_tour_id`` and shows that view or runs that
tour on ``SpotWindow``, on the second screen (``screens.spot_screen``; it moves when
screens come and go).

It follows the server: the change feed's settings and views changes reload what it
shows, and a poll every ``POLL_S`` does too (and notices a server that went away);
the session signs in again by itself after a server restart (``reconnected``), and a
sign-in that fails is tried again every ``RETRY_S``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen

from vedette_api.client import Client
from vedette_api.v1 import alarms_pb2, common_pb2, system_pb2, views_pb2
from vedette_console import credentials
from vedette_console.failures import error_text
from vedette_console.kiosk_session import SPOT_APP_ID
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import ConnectSettings, Session
from vedette_console.spot.screens import spot_screen
from vedette_console.spot.window import SpotWindow
from vedette_console.video.sources import LiveSource, NoteSource, PacketSource
from vedette_console.views.picture_rules import PictureRules
from vedette_console.views.tour_player import TourPlayer

log = logging.getLogger(__name__)
POLL_S = 5
RETRY_S = 5


def _tr(text: str) -> str:
    return QCoreApplication.translate("SpotDisplay", text)


@dataclass(frozen=True)
class SpotContent:
    """What the server says the spot monitor shows."""

    display: system_pb2.DisplaySettings
    views: list[views_pb2.View]
    tours: list[views_pb2.Tour]
    cameras: dict[int, str]

    def key(self) -> bytes:
        """Changes when what is shown changes (the poll restarts nothing otherwise)."""
        parts = [self.display.SerializeToString(deterministic=True)]
        parts += [v.SerializeToString(deterministic=True) for v in self.views]
        parts += [t.SerializeToString(deterministic=True) for t in self.tours]
        return b"\0".join(parts)


def fetch_spot_content(client: Client) -> SpotContent:
    cameras = {c.id: c.name for c in client.list_cameras()}
    return SpotContent(
        client.get_settings().display, client.list_views(), client.list_tours(), cameras
    )


class SpotDisplay(QObject):
    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__()
        self.args = args
        self.session = Session(self)
        self.window = SpotWindow(self.live_source)
        #: The cameras' privacy masks for the spot's user (CAM-10).
        self.picture_rules = PictureRules(self.window.grid, self.session, parent=self)
        self.tours = TourPlayer(self.window.grid, lambda text: log.info("%s", text), self)
        self._shown: bytes | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_S * 1000)
        self._poll.timeout.connect(lambda: self.reload(background=True))
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_S * 1000)
        self._retry.timeout.connect(self.sign_in)
        self._follow(self.session)

    def _follow(self, session: Session) -> None:
        session.changed.connect(self._on_changed)
        session.reconnected.connect(self._reconnected)
        session.signed_out.connect(self._on_signed_out)

    def _reconnected(self, _: Client) -> None:
        """Signed in again by itself (a server restart): streams open anew."""
        self.tours.stop()
        self.window.clear()
        self.reload(force=True)

    def live_source(self, camera_id: int, stream: int, *, audio: bool = False) -> PacketSource:
        client = self.session.client
        if client is None:
            return NoteSource(_tr("Not signed in"))
        return LiveSource(client, camera_id, common_pb2.Stream.ValueType(stream))

    # -- the screen -------------------------------------------------------------------

    def start(self) -> None:
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        self.window.place(spot_screen(self.args.screen))
        self.sign_in()

    def _screens_changed(self, _: QScreen) -> None:
        # After Qt has updated its list (a removed screen is still in it now).
        QTimer.singleShot(0, lambda: self.window.place(spot_screen(self.args.screen)))

    # -- signing in -------------------------------------------------------------------

    def sign_in(self) -> None:
        args = self.args
        if not args.server or not args.user:
            self.window.say(_tr("Cannot sign in: give --server and --user"))
            return
        password = credentials.load_password(args.server, args.user)
        if not password:
            self.window.say(
                _tr("Cannot sign in as {user}: no password in the keychain or VEDETTE_PASSWORD")
                .format(user=args.user)
            )  # fmt: skip
            return
        self.window.say(_tr("Connecting to {server}…").format(server=args.server))
        once = Qt.ConnectionType.SingleShotConnection
        self.session.connected.connect(self._connected, once)
        self.session.connect_failed.connect(self._failed, once)
        self.session.connect_to(
            ConnectSettings(args.server, args.user, password, args.known_servers)
        )

    def _connected(self, client: Client) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.connect_failed.disconnect(self._failed)
        self.session.watch()
        self._poll.start()
        self.reload(force=True)

    def _failed(self, error: Exception) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.connected.disconnect(self._connected)
        text = _tr("Cannot sign in to {server}: {error}")
        self.window.say(text.format(server=self.args.server, error=error_text(error)))
        self._retry.start()

    def _on_signed_out(self, reason: str) -> None:
        self._poll.stop()
        self.tours.stop()
        self.window.say(_tr("Signed out: {reason}").format(reason=reason))
        self.session.close()
        self.session = Session(self)
        self._follow(self.session)
        self.picture_rules.set_session(self.session)
        self._retry.start()

    # -- what to show -------------------------------------------------------------------

    def _on_changed(self, kind: int, ids: object) -> None:
        if kind in (alarms_pb2.RESOURCE_KIND_SETTINGS, alarms_pb2.RESOURCE_KIND_VIEWS):
            self.reload(background=True)

    def reload(self, *, background: bool = False, force: bool = False) -> None:
        if force:
            self._shown = None
        op = ServerOp(self, fetch_spot_content).success(self._show).failure(self._unreachable)
        (op.background() if background else op).run(self.session)

    def _unreachable(self, error: Exception) -> None:
        self._shown = None
        self.tours.stop()
        self.window.say(_tr("The server does not answer: {error}").format(error=error_text(error)))

    def _show(self, content: SpotContent) -> None:
        key = content.key()
        if key == self._shown:
            return
        self._shown = key
        self.window.grid.names = dict(content.cameras)
        self.tours.stop()
        display, server = content.display, self.session.server
        tour = next((t for t in content.tours if t.id == display.spot_tour_id), None)
        view = next((v for v in content.views if v.id == display.spot_view_id), None)
        if display.spot_tour_id and tour is not None and tour.steps:
            self.tours.start_saved(tour, content.views, lambda v: self.window.show_view(v, server))
        elif display.spot_view_id and view is not None:
            self.window.show_view(view, server)
        else:
            self.window.say(_tr("No view assigned to the secondary display"))

    def quit(self) -> None:
        self._poll.stop()
        self._retry.stop()
        self.tours.stop()
        self.window.shutdown()
        self.session.close()


def run(args: argparse.Namespace) -> int:
    """The spot process's life, in a QApplication that exists already; with
    ``--screenshot FILE`` it saves the window after ``--after`` seconds and exits."""
    logging.basicConfig(level=logging.INFO, format="vedette-spot: %(message)s")
    app = QGuiApplication.instance()
    assert app is not None
    QGuiApplication.setDesktopFileName(SPOT_APP_ID)  # kiosk-shell routes it to its output
    spot = SpotDisplay(args)
    spot.start()
    code = 0
    if args.screenshot:

        def shoot() -> None:
            nonlocal code
            if not spot.window.grab().save(str(args.screenshot), "PNG"):
                code = 1
            spot.quit()
            app.quit()

        QTimer.singleShot(int(args.after * 1000), shoot)
    app.exec()
    spot.quit()
    return code
