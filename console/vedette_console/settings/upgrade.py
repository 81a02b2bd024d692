"""System → Upgrade (SYS-06): upload a signed upgrade bundle and follow it.

A bar shows the upload; then the server's verdict is said in words: handed to the
host, or why the bundle was refused (the reason in the operator's language). The
state of the last upgrade (waiting for the host, installing with its progress,
installed, failed and why) is read again every few seconds while the page is shown,
so it stays true while the host installs and after the server comes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import upgrade as ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.refresh import Refresher

#: How often the state is read while the page is shown.
STATUS_EVERY_MS: Final = 3000
_STATE_TEXT: Final = {
    system_pb2.UPGRADE_STATE_NONE: QT_TRANSLATE_NOOP("settings", "No upgrade yet"),
    system_pb2.UPGRADE_STATE_PENDING: QT_TRANSLATE_NOOP(
        "settings", "Version {version} verified; waiting for the machine to install it"
    ),
    system_pb2.UPGRADE_STATE_INSTALLING: QT_TRANSLATE_NOOP(
        "settings", "Installing version {version}: {message}"
    ),
    system_pb2.UPGRADE_STATE_SUCCEEDED: QT_TRANSLATE_NOOP(
        "settings", "Version {version} installed"
    ),
    system_pb2.UPGRADE_STATE_FAILED: QT_TRANSLATE_NOOP(
        "settings", "The upgrade to {version} failed: {message}"
    ),
}


def state_text(status: system_pb2.UpgradeStatus) -> str:
    """The state in the shown language."""
    sentence = _STATE_TEXT.get(status.state, _STATE_TEXT[system_pb2.UPGRADE_STATE_NONE])
    return tr(sentence).format(version=status.bundle_version, message=status.message)


class UpgradePage(SettingsPage):
    group = "System"
    title = "Upgrade"
    areas = (accounts_pb2.AREA_SYSTEM,)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.upgrade: system_pb2.UpgradeStatus | None = None
        self.running = QLabel("")
        self.state = QLabel(tr("No upgrade yet"))
        self.state.setWordWrap(True)
        self.since = QLabel("")
        self.since.setObjectName("muted")
        self.install_bar = QProgressBar()
        self.install_bar.setRange(0, 100)
        self.install_bar.hide()
        status = QFormLayout()
        status.addRow(tr("Running version"), self.running)
        status.addRow(tr("Last upgrade"), self.state)
        status.addRow("", self.install_bar)
        status.addRow("", self.since)
        status_box = QGroupBox(tr("State"))
        status_box.setLayout(status)

        self.file = QLabel(tr("No file chosen"))
        self.file.setWordWrap(True)
        self.choose_button = QPushButton(tr("Choose a bundle and upload…"))
        self.choose_button.clicked.connect(self._choose)
        self.upload_bar = QProgressBar()
        self.upload_bar.setRange(0, 100)
        self.upload_bar.hide()
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        explain = QLabel(
            tr(
                "A bundle (.vup) is signed by the makers of Vedette. The server checks its "
                "signature, that it is newer than the running version and made for this "
                "machine, then the machine installs it: recording stops for a minute or "
                "two while the server restarts on the new version. Recordings and "
                "settings are kept."
            )
        )
        explain.setWordWrap(True)
        upload = QVBoxLayout()
        upload.addWidget(explain)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.choose_button)
        upload.addLayout(row)
        upload.addWidget(self.upload_bar)
        upload.addWidget(self.verdict)
        upload_box = QGroupBox(tr("Upload a bundle"))
        upload_box.setLayout(upload)

        layout = QVBoxLayout(self)
        layout.addWidget(status_box)
        layout.addWidget(upload_box)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.choose_button]
        self.progress = ops.UploadProgress(self)
        self.progress.sent.connect(self._sent)
        self.refresher = Refresher(
            self,
            session,
            (),
            lambda: ops.upgrade_status(parent=self),
            self.show_status,
            every_ms=STATUS_EVERY_MS,
        )

    def load(self) -> None:
        self.run(ops.upgrade_status(parent=self), self.show_status, working=tr("Reading…"))

    def update_controls(self) -> None:
        busy = self.upgrade is not None and self.upgrade.state in (
            system_pb2.UPGRADE_STATE_PENDING,
            system_pb2.UPGRADE_STATE_INSTALLING,
        )
        self.choose_button.setEnabled(not self.busy and not busy)

    def show_status(self, status: system_pb2.UpgradeStatus) -> None:
        self.upgrade = status
        self.running.setText(status.running_version)
        self.state.setText(state_text(status))
        installing = status.state == system_pb2.UPGRADE_STATE_INSTALLING
        self.install_bar.setVisible(installing)
        self.install_bar.setValue(status.progress_percent)
        self.since.setText(
            tr("Since {time}").format(
                time=self.session.settings.display.date_time(us_from_timestamp(status.update_time))
            )
            if status.HasField("update_time")
            else ""
        )
        if not self.busy:
            self.say("")
        self.update_controls()

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Upload an upgrade bundle"),
            str(Path.home()),
            tr("Vedette upgrade bundle (*.vup);;Any file (*)"),
        )
        if path:
            self.upload_file(Path(path))

    def _sent(self, sent: int, total: int) -> None:
        self.upload_bar.setValue(sent * 100 // max(total, 1))

    def upload_file(self, path: Path) -> None:
        """Upload ``path``; the verdict in words when the server has answered."""
        self.file.setText(str(path))
        self.verdict.setText("")
        self.upload_bar.setValue(0)
        self.upload_bar.show()

        def accepted(status: system_pb2.UpgradeStatus) -> None:
            self.upload_bar.hide()
            self.verdict.setText(
                tr("Accepted: version {version} is verified and handed to the machine.").format(
                    version=status.bundle_version
                )
            )
            self.show_status(status)

        def refused(error: Exception) -> None:
            self.upload_bar.hide()
            self.verdict.setText(tr("Refused: {reason}").format(reason=error_text(error)))
            self.say("")

        op = ops.upload_upgrade(parent=self, path=path, progress=self.progress)
        self.run(op, accepted, working=tr("Uploading and checking…"), on_error=refused)
