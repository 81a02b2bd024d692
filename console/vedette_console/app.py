"""``vedette-console``: the operator console.

    vedette-console [--server HOST:PORT --user U] [--layout 16] [--cameras all|1,2]
                    [--view live|playback|search|backup] [--full-screen]
                    [--instant MINUTES] [--minute-view] [--known-servers FILE]
                    [--open-export FOLDER]
                    [--screenshot FILE --after SECONDS]

With ``--server`` and ``--user`` and a password from the keychain or
``VEDETTE_PASSWORD``, it signs in directly (a server seen for the first time has its
certificate pinned, and the fingerprint is shown in the status bar); otherwise the
sign-in dialog opens. ``--screenshot`` renders the main window after ``--after``
seconds into a PNG and exits (works with ``QT_QPA_PLATFORM=offscreen``).
``--open-export`` plays a native export offline (no server, no sign-in).

The console starts in English or French (``vedette_console.i18n.start_language``):
``--lang en|fr``; else the user's choice in the sign-in dialog (not on the
appliance's local socket); else the language of the last server it signed in to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_console import credentials, theme
from vedette_console.appliance.calls import is_local
from vedette_console.appliance.flow import ApplianceFlow
from vedette_console.appliance.kiosk import Kiosk
from vedette_console.appliance.wizard_start import wizard_opener
from vedette_console.background import Background
from vedette_console.failures import error_text
from vedette_console.i18n import Translators, start_language
from vedette_console.kiosk_session import MAIN_APP_ID, stall_guard
from vedette_console.main_window import MainWindow
from vedette_console.session import ConnectSettings, Session
from vedette_console.signin import CertificateCheck, SignInDialog, check_certificate
from vedette_console.widgets.grid import LAYOUTS
from vedette_console.widgets.keyboard import Keyboard


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vedette-console", description="Vedette operator console")
    parser.add_argument("--server", help="HOST:PORT of the recording server")
    parser.add_argument("--user", help="user name")
    parser.add_argument("--layout", type=int, choices=LAYOUTS, default=4, help="live grid layout")
    parser.add_argument("--cameras", help="'all' or camera ids (1,2,5) to put on the grid")
    parser.add_argument(
        "--view", choices=["live", "playback", "search", "backup", "player"], default="live"
    )
    parser.add_argument(
        "--open-export", type=Path, metavar="FOLDER", help="play a native export offline"
    )
    parser.add_argument("--full-screen", action="store_true")
    parser.add_argument(
        "--minute-view", action="store_true", help="search: the 60 minutes of the current hour"
    )
    parser.add_argument(
        "--instant", type=float, metavar="MINUTES", help="open playback of --cameras MINUTES ago"
    )
    parser.add_argument("--lang", choices=["en", "fr"], help="the console's language")
    parser.add_argument(
        "--kiosk", action="store_true", help="appliance: full screen, no way out without rights"
    )
    parser.add_argument(
        "--spot", action="store_true", help="the secondary display (spot monitor), no menus"
    )
    parser.add_argument(
        "--screen", metavar="NAME", help="--spot: the screen to use (default: the second)"
    )
    parser.add_argument("--settings", action="store_true", help="open on the Settings area")
    parser.add_argument("--wizard", action="store_true", help="open the start-up wizard")
    parser.add_argument("--known-servers", type=Path, help="pinned certificates file")
    parser.add_argument("--screenshot", type=Path, help="save the main window as PNG and exit")
    parser.add_argument("--after", type=float, default=3.0, help="seconds before --screenshot")
    return parser.parse_args(argv)


def camera_selection(text: str | None) -> list[int] | str | None:
    if text is None:
        return None
    if text.strip() == "all":
        return "all"
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Console", text)


class Console:
    """The application: one session, the main window, the sign-in flow."""

    def __init__(self, args: argparse.Namespace, translators: Translators | None = None) -> None:
        self.args = args
        self.session = Session()
        self.window = MainWindow(self.session, translators=translators)
        self.background = Background(self.window, threads=1)
        self.window.live.set_layout(args.layout)
        self.window.pending_instant = args.instant
        self.window.pending_minute_view = args.minute_view
        self.exit_code = 0
        self.check: CertificateCheck | None = None
        #: ``--kiosk``: full screen, no way out without the system right.
        self.kiosk = Kiosk(self._say, self.window) if args.kiosk else None
        if self.kiosk is not None:  # its screens stay full screen
            self.window.fullscreen_action.setVisible(False)
        #: On the appliance's local socket: what it opens with (``appliance.flow``).
        self.appliance: ApplianceFlow | None = None

    def start(self) -> None:
        args = self.args
        password = (
            credentials.load_password(args.server, args.user) if args.server and args.user else None
        )
        if is_local(args.server or "") and not password:
            self._appliance()
            return
        if self.kiosk is not None:
            self.kiosk.take(self.window)
        else:
            self.window.show()
        if args.full_screen:
            self.window.fullscreen_action.setChecked(True)
        self.window.show_view(args.view.capitalize())
        if args.open_export:
            self.window.show_view("Player")
            self.window.player.open_folder(args.open_export)
        if password:
            self._direct(password)
        elif not args.open_export:  # the offline player needs no server
            self._dialog()
        if args.screenshot:
            QTimer.singleShot(int(args.after * 1000), self._screenshot)

    def _say(self, text: str) -> None:
        """A message for whoever looks at the screen shown (the kiosk's refusals)."""
        if self.appliance is not None and self.appliance.screen.isVisible():
            self.appliance.screen.say_reason(text)
        else:
            self.window.notify(text)

    def _appliance(self) -> None:
        """The appliance console: the wizard, auto-login or the logged-out screen."""
        args = self.args
        self.window.show_view(args.view.capitalize())
        self.appliance = ApplianceFlow(
            self.window,
            args.server,
            self._connected,
            kiosk=self.kiosk,
            force_wizard=args.wizard,
            open_wizard=wizard_opener(args.server, args.known_servers, self.kiosk),
            known_servers=args.known_servers,
        )
        self.appliance.start()
        if args.screenshot:
            QTimer.singleShot(int(args.after * 1000), self._screenshot)

    def _direct(self, password: str) -> None:
        args = self.args
        self.window.notify(_tr("Connecting to {server}…").format(server=args.server))

        def checked(check: CertificateCheck) -> None:
            self.check = check
            if check.state == "changed":
                self._dialog(check_first=True)
                return
            once = Qt.ConnectionType.SingleShotConnection
            self.session.connected.connect(self._connected, once)
            self.session.connect_failed.connect(self._failed, once)
            self.session.connect_to(
                ConnectSettings(args.server, args.user, password, args.known_servers)
            )

        self.background.run(
            lambda: check_certificate(args.server, args.known_servers),
            checked,
            self._failed,
        )

    def _dialog(self, *, check_first: bool = False) -> None:
        dialog = SignInDialog(
            self.session,
            address=self.args.server or "",
            username=self.args.user or "",
            known_servers_path=self.args.known_servers,
            parent=self.window,
        )
        dialog.signed_in.connect(self._connected)
        self.dialog = dialog
        dialog.open()
        if check_first:
            dialog.submit()

    def _connected(self, client: Client) -> None:
        self.window.signed_in(client, cameras=camera_selection(self.args.cameras))
        if self.args.settings:  # once, on the first sign-in
            self.args.settings = False
            self.window.open_settings()
        if self.check is not None and self.check.state == "new":
            self.window.notify(
                _tr("First connection: certificate pinned, SHA-256 {fingerprint}").format(
                    fingerprint=client.certificate_fingerprint
                )
            )

    def _failed(self, exc: Exception) -> None:
        self.window.notify(_tr("Sign-in failed: {error}").format(error=error_text(exc)))
        if isinstance(exc, VedetteError) and not self.args.screenshot:
            self._dialog()

    def _screenshot(self) -> None:
        path = self.args.screenshot
        path.parent.mkdir(parents=True, exist_ok=True)
        shown: QWidget = self.window
        if self.appliance is not None and self.appliance.screen.isVisible():
            shown = self.appliance.screen
        ok = shown.grab().save(str(path), "PNG")
        if not ok:
            print(f"vedette-console: could not write {path}", file=sys.stderr)
            self.exit_code = 1
        self.quit()

    def quit(self) -> None:
        if self.kiosk is not None:
            self.kiosk.quitting = True
        if self.appliance is not None:
            self.appliance.shutdown()
        self.window.shutdown()
        self.session.close()
        QApplication.quit()


def install_language(app: QCoreApplication, args: argparse.Namespace) -> Translators:
    """The translators of the language this start shows (``start_language``:
    ``--lang``, the user's choice, the server's), installed on ``app``."""
    translators = Translators(app)
    language, follows_server = start_language(args.lang, local=is_local(args.server or ""))
    if not translators.install(language) and args.lang:
        print(f"vedette-console: no {args.lang} translation built (make setup)", file=sys.stderr)
    translators.follows_server = follows_server
    return translators


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.screenshot and args.after < 0:
        print("vedette-console: --after must be >= 0", file=sys.stderr)
        return 2
    if args.wizard and not is_local(args.server or ""):
        print(
            "vedette-console: --wizard sets up an appliance through its local socket:"
            " give --server unix:PATH",
            file=sys.stderr,
        )
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Vedette")
    theme.apply(app)
    translators = install_language(app, args)  # before any widget takes its text
    if args.kiosk:  # Weston's kiosk shell places windows by app-id; a stalled UI is ended
        app.setDesktopFileName(MAIN_APP_ID)
        stall_guard.start(app)
    if args.spot:
        from vedette_console.spot.display import run as run_spot

        return run_spot(args)
    if Keyboard.wanted(kiosk=args.kiosk):  # the appliance is run with a mouse alone
        Keyboard.install(app, language=translators.language)
    console = Console(args, translators)
    console.start()
    app.exec()
    return console.exit_code


if __name__ == "__main__":
    sys.exit(main())
