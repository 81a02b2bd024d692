"""The sign-in dialog: server address, user, password, "remember"; the server's
certificate pinned on first use with its fingerprint shown, a changed one refused.

Two steps, both off the UI thread: first the certificate is fetched and compared
with the pin (``check_certificate``, a ``Background`` job); a server seen for the
first time shows its fingerprint and waits for the operator to trust it (or, with
``auto_trust_new``, the command line's first use, it is trusted and the
fingerprint is shown in the status bar); a changed certificate stops here with a
warning giving both fingerprints. Then the session signs in.

Opened again after the server ended a session (the idle logout), the dialog says
why (``reason``) and keeps the address and user.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.client.address import parse_address, server_key
from vedette_api.client.pinning import (
    KnownServers,
    certificate_fingerprint,
    default_known_servers_path,
    fetch_certificate,
)
from vedette_api.errors import Unauthenticated, VedetteError
from vedette_console import credentials
from vedette_console.appliance.calls import is_local
from vedette_console.background import Background
from vedette_console.failures import error_text
from vedette_console.i18n.picker import LanguageBox
from vedette_console.session import ConnectSettings, Session


@dataclass(frozen=True)
class CertificateCheck:
    server: str
    fingerprint: str
    #: "pinned" (matches), "new" (first use) or "changed".
    state: str
    pinned_fingerprint: str = ""


def check_certificate(address: str, known_servers_path: Path | None) -> CertificateCheck:
    """Blocking: the server's certificate against its pin (nothing is stored)."""
    host, port = parse_address(address)
    server = server_key(host, port)
    fingerprint = certificate_fingerprint(fetch_certificate(host, port, timeout_s=5.0))
    pinned = KnownServers(known_servers_path or default_known_servers_path()).get(server)
    if pinned is None:
        return CertificateCheck(server, fingerprint, "new")
    if pinned.fingerprint_sha256 == fingerprint:
        return CertificateCheck(server, fingerprint, "pinned")
    return CertificateCheck(server, fingerprint, "changed", pinned.fingerprint_sha256)


def split_fingerprint(fingerprint: str) -> str:
    """The 32 bytes on two lines of 16 (HTML), so the dialog shows all of it."""
    parts = fingerprint.split(":")
    if len(parts) <= 16:
        return fingerprint
    return ":".join(parts[:16]) + ":<br>" + ":".join(parts[16:])


class SignInDialog(QDialog):
    """Emits ``signed_in(Client)`` and accepts when the session is connected."""

    signed_in = Signal(object)

    def __init__(
        self,
        session: Session,
        *,
        address: str = "",
        username: str = "",
        known_servers_path: Path | None = None,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vedette — sign in"))
        self.setMinimumWidth(520)
        self.session = session
        self.background = Background(self, threads=1)
        self.known_servers_path = known_servers_path
        self.check: CertificateCheck | None = None
        self._trusted_new = False
        saved = credentials.load_servers()
        if not address and saved:
            address, username = saved[0].address, saved[0].username
        self.address = QLineEdit(address)
        self.address.setPlaceholderText(self.tr("host:port, e.g. 192.168.1.20:7443"))
        self.username = QLineEdit(username or "admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if address and username:
            self.password.setText(credentials.load_password(address, username) or "")
        self.remember = QCheckBox(self.tr("Remember the password (system keychain)"))
        self.remember.setChecked(bool(saved and saved[0].remember))
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.address)
        form.addRow(self.tr("User"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        self.language = LanguageBox()
        form.addRow(self.tr("Language"), self.language)
        self.certificate = QLabel()
        self.certificate.setWordWrap(True)
        self.certificate.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.certificate.hide()
        self.status = QLabel(reason)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Sign in to a Vedette server"))
        title.setObjectName("title")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.certificate)
        layout.addWidget(self.status)
        #: "Forgot password?" on the appliance's local socket (USER-03 recovery).
        self.forgot = QPushButton(self.tr("Forgot password?"))
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self.open_recovery)
        self.forgot.setVisible(is_local(address))
        self.address.textChanged.connect(lambda text: self.forgot.setVisible(is_local(text)))
        self.recovery: QDialog | None = None
        layout.addWidget(self.forgot)
        layout.addWidget(self.buttons)
        session.connected.connect(self._on_connected)
        session.connect_failed.connect(self._on_failed)
        self.finished.connect(self._let_go)
        for field in (self.address, self.username):
            field.textEdited.connect(self._forget_check)

    def open_recovery(self) -> None:
        from vedette_console.appliance.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self.address.text().strip(), self.username.text().strip(), self)
        dialog.recovered.connect(self._recovered)
        self.recovery = dialog
        dialog.open()

    def _recovered(self, username: str) -> None:
        self.username.setText(username)
        self.password.clear()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Password changed: sign in with the new one."))

    def _let_go(self) -> None:
        """Done (signed in or cancelled): later sign-ins of the session are not ours."""
        for signal, slot in (
            (self.session.connected, self._on_connected),
            (self.session.connect_failed, self._on_failed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # -- steps ---------------------------------------------------------------------------

    def _forget_check(self) -> None:
        self.check = None
        self._trusted_new = False
        self.certificate.hide()
        self.ok_button.setText(self.tr("Sign in"))

    def _busy(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.ok_button.setEnabled(False)

    def _fail(self, text: str) -> None:
        self.status.setStyleSheet("color: #ff8f80;")
        self.status.setText(text)
        self.ok_button.setEnabled(True)

    def submit(self) -> None:
        """Sign in (first checking the certificate, off the UI thread)."""
        address = self.address.text().strip()
        if is_local(address):  # the appliance's own socket: no certificate to check
            self._connect()
            return
        try:
            parse_address(address)
        except VedetteError as exc:
            self._fail(str(exc))
            return
        if self.check is not None and self.check.state == "new" and not self._trusted_new:
            self._trusted_new = True  # the operator pressed "Trust and sign in"
            self._connect()
            return
        self._busy(self.tr("Contacting {address}…").format(address=address))
        path = self.known_servers_path
        self.background.run(
            lambda: check_certificate(address, path), self._on_checked, self._on_check_failed
        )

    def _on_checked(self, check: CertificateCheck) -> None:
        self.check = check
        if check.state == "changed":
            self.certificate.setStyleSheet(
                "background: #4a1d1d; color: #ffd9d2; padding: 8px; border-radius: 4px;"
            )
            self.certificate.setText(
                self.tr(
                    "<b>Warning: the certificate of {server} has changed.</b><br>"
                    "Pinned SHA-256:<br><tt>{pinned}</tt><br>"
                    "Presented SHA-256:<br><tt>{presented}</tt><br>"
                    "The server may have been reinstalled, or someone may be intercepting the "
                    "connection. The console refuses to connect. Ask the administrator to "
                    "compare the fingerprint with the one the server prints, then remove the "
                    "old entry from the known-servers file."
                ).format(
                    server=check.server,
                    pinned=split_fingerprint(check.pinned_fingerprint),
                    presented=split_fingerprint(check.fingerprint),
                )
            )
            self.certificate.show()
            self._fail(self.tr("Refused: the server's certificate does not match the pinned one."))
            return
        if check.state == "new" and not self._trusted_new:
            self.certificate.setStyleSheet(
                "background: #1d2f4a; color: #dbe8ff; padding: 8px; border-radius: 4px;"
            )
            self.certificate.setText(
                self.tr(
                    "<b>First connection to {server}.</b><br>"
                    "Certificate SHA-256:<br><tt>{fingerprint}</tt><br>"
                    "Check that it matches the fingerprint the server shows, then trust it. "
                    "It is pinned: a different certificate will be refused later."
                ).format(server=check.server, fingerprint=split_fingerprint(check.fingerprint))
            )
            self.certificate.show()
            self.ok_button.setText(self.tr("Trust and sign in"))
            self.status.setText("")
            self.ok_button.setEnabled(True)
            return
        self._connect()

    def _on_check_failed(self, exc: Exception) -> None:
        self._fail(error_text(exc))

    def _connect(self) -> None:
        self._busy(self.tr("Signing in…"))
        self.session.connect_to(
            ConnectSettings(
                address=self.address.text().strip(),
                username=self.username.text().strip(),
                password=self.password.text(),
                known_servers_path=self.known_servers_path,
            )
        )

    def _on_connected(self, client: Client) -> None:
        address, user = self.address.text().strip(), self.username.text().strip()
        remembered = self.remember.isChecked()
        if remembered:
            if not credentials.remember_password(address, user, self.password.text()):
                remembered = False
        else:
            credentials.forget_password(address, user)
        with contextlib.suppress(OSError):  # the list of servers is a convenience
            credentials.save_server(credentials.SavedServer(address, user, remembered))
        self.status.setText(self.tr("Signed in."))
        self.signed_in.emit(client)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, Unauthenticated):
            self._fail(self.tr("Wrong user name or password."))
        else:
            self._fail(error_text(exc))
