"""What the appliance console opens with, and where it goes when a session ends.

At start (``start``) it asks the server's set-up state (``GetSetupState``), then:
1. the start-up wizard, when the admin has no password yet, the server says to show
   it (``general.show_wizard``), or ``--wizard`` asks for it (and an ``open_wizard``
   is given); once it ends, signed in or not, the rest of this list;
2. else, with an auto-login user (``general.auto_login_user``), signs in as them
   (``AutoLogin``) and shows the live view; a refusal (a disabled user) is said on
   the logged-out screen;
3. else, the logged-out screen (``logged_out.py``): the cameras visible while
   nobody is signed in, and "Sign in".

Signing in from the logged-out screen replaces it with the main window. When the
server ends the session (the automatic logout after ``general.auto_logout``, an
administrator, a restart without credentials to sign in again), the main window
goes and the logged-out screen comes back, saying why; a session the auto-login
opened signs in again that way, unless it ended for idleness. A server that does
not answer yet (the appliance starting) is asked again every ``RETRY_MS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from vedette_api.client import Client
from vedette_api.errors import Unavailable, VedetteError
from vedette_api.v1 import auth_pb2
from vedette_console.appliance import calls
from vedette_console.appliance.kiosk import Kiosk
from vedette_console.appliance.logged_out import LoggedOutScreen
from vedette_console.background import Background
from vedette_console.failures import error_text
from vedette_console.main_window import MainWindow
from vedette_console.operations.settings_rights import load_settings_rights
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights

#: Wait before asking a (re)starting server again.
RETRY_MS = 2000


def idle_out(session: Session) -> bool:
    """Whether the session ended for the operator's idleness (``general.auto_logout``),
    as ``SessionLifetime`` tells it."""
    auto_logout_s = session.settings.auto_logout_s
    idle_s = session.clock() - session.last_activity_s
    return bool(auto_logout_s) and idle_s >= auto_logout_s - max(5.0, auto_logout_s * 0.1)


#: Opens the start-up wizard and calls back with its client (None: nobody signed in).
WizardOpener = Callable[[auth_pb2.GetSetupStateResponse, Callable[[Client | None], None]], None]


class ApplianceFlow(QObject):
    def __init__(
        self,
        window: MainWindow,
        address: str,
        on_signed_in: Callable[[Client], None],
        *,
        kiosk: Kiosk | None = None,
        force_wizard: bool = False,
        open_wizard: WizardOpener | None = None,
        known_servers: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.address = address
        self.on_signed_in = on_signed_in
        self.kiosk = kiosk
        self.force_wizard = force_wizard
        self.open_wizard = open_wizard
        self.known_servers = known_servers
        self.background = Background(self, threads=1)
        self.screen = LoggedOutScreen(address)
        self.screen.sign_in_requested.connect(self.open_sign_in)
        #: The last set-up state the server gave (None before it answered).
        self.state: auth_pb2.GetSetupStateResponse | None = None
        #: The sign-in dialog opened from the logged-out screen (tests drive it).
        self.dialog: QWidget | None = None
        #: Whether the session was opened by the auto-login (signed in again after a
        #: restart, not after the idle logout).
        self._automatic = False
        window.signed_out_handler = self.signed_out

    # -- start ---------------------------------------------------------------------------

    def start(self) -> None:
        address = self.address
        self.background.run(lambda: calls.setup_state(address), self._decide, self._no_state)

    def _no_state(self, error: Exception) -> None:
        self.show_logged_out(self._words(error))
        if isinstance(error, Unavailable):  # the server is (re)starting: ask again
            QTimer.singleShot(RETRY_MS, self, self.start)

    def _decide(self, state: auth_pb2.GetSetupStateResponse) -> None:
        self.state = state
        wizard = self.force_wizard or state.show_wizard or not state.admin_password_set
        self.force_wizard = False
        if wizard and self.open_wizard is not None:
            self.window.hide()
            self.open_wizard(state, self._after_wizard)
        elif state.auto_login:
            address = self.address
            self.background.run(
                lambda: calls.auto_login(address), self._auto_signed_in, self._refused
            )
        else:
            self.show_logged_out()

    def _after_wizard(self, client: Client | None) -> None:
        if client is not None:
            self._adopt(client)
        else:
            self.start()

    def _refused(self, error: Exception) -> None:
        self.show_logged_out(
            self.tr("Automatic sign-in refused: {reason}").format(reason=self._words(error))
        )

    @staticmethod
    def _words(error: Exception) -> str:
        return error_text(error) if isinstance(error, VedetteError) else str(error)

    # -- signed in, signed out ----------------------------------------------------------------

    def _auto_signed_in(self, client: Client) -> None:
        self._adopt(client)
        self._automatic = True

    def _adopt(self, client: Client) -> None:
        """A client made here (auto-login, the wizard): the session's now."""
        self.session.adopt(client)
        self.signed_in(client)

    def signed_in(self, client: Client) -> None:
        self._automatic = False
        self.screen.stop()
        self.screen.hide()
        self.screen.say_reason("")
        if self.kiosk is not None:
            self.kiosk.take(self.window)
        else:
            self.window.show()
        self.on_signed_in(client)
        if self.kiosk is not None:
            kiosk = self.kiosk
            load_settings_rights(parent=self).success(kiosk.signed_in).failure(
                lambda _: kiosk.signed_in(SettingsRights())
            ).run(self.session)

    def signed_out(self, reason: str) -> None:
        """The server ended the session: back to the logged-out screen; but a session
        the auto-login opened that ended for another reason than idleness (a server
        restart) signs in again as at start."""
        automatic, self._automatic = self._automatic, False
        self.show_logged_out(reason)
        if automatic and not idle_out(self.session):
            self.start()

    def show_logged_out(self, reason: str = "") -> None:
        if self.kiosk is not None:
            self.kiosk.signed_out()
        self.window.hide()
        self.screen.say_reason(reason)
        if self.kiosk is not None:
            self.kiosk.take(self.screen)
        else:
            self.screen.resize(self.window.size())
            self.screen.show()
        self.screen.start()

    def open_sign_in(self) -> None:
        from vedette_console.signin import SignInDialog

        dialog = SignInDialog(
            self.session,
            address=self.address,
            username="",
            known_servers_path=self.known_servers,
            parent=self.screen,
        )
        dialog.signed_in.connect(self.signed_in)
        self.dialog = dialog
        dialog.open()

    def shutdown(self) -> None:
        self.screen.shutdown()
        self.background.close()
        self.screen.deleteLater()
