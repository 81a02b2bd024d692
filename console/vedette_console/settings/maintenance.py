"""System → Maintenance (SYS-05, SYS-07, SYS-11): the configuration saved to a file
(encrypted under a passphrase) and restored from one — after the server's preview
of what would change and a confirmation —, the factory reset, restart and shutdown
(after a delay that can still be cancelled), the scheduled maintenance restart
(SYS-08: every N days at an hour, with the next one the server has planned) and
logging out. On an appliance (a server that controls its host:
``date_time.applied_to_host``) restart and shutdown are offered for the whole
machine too.

Every destructive action asks first and says what will be lost; nothing is changed
when the server refuses, and its reason is said next to the field it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import system as ops
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.system_form import FieldErrors

T = TypeVar("T")
#: The server's shortest passphrase (ExportConfigRequest).
MIN_PASSPHRASE = 8
_ACTIONS = {
    "add": QT_TRANSLATE_NOOP("settings", "add"),
    "change": QT_TRANSLATE_NOOP("settings", "change"),
    "remove": QT_TRANSLATE_NOOP("settings", "remove"),
    "disable": QT_TRANSLATE_NOOP("settings", "disable"),
}


def change_text(change: system_pb2.ConfigChange) -> str:
    """``change camera Front door: name, enabled``."""
    text = f"{tr(_ACTIONS.get(change.action, change.action))} {change.kind} {change.name}"
    return f"{text}: {', '.join(change.fields)}" if change.fields else text


def _password() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


class MaintenancePage(SettingsPage):
    group = "System"
    title = "Maintenance"
    areas = (accounts_pb2.AREA_SYSTEM,)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.errors = FieldErrors()
        self.preview: ops.ImportPreview | None = None
        self.power_at_us = 0

        # -- backup ---------------------------------------------------------------------
        self.export_passphrase = _password()
        self.export_passphrase.setPlaceholderText(tr("At least 8 characters; needed to restore"))
        self.export_button = QPushButton(tr("Save the configuration to a file…"))
        self.export_button.clicked.connect(self._choose_export_file)
        backup = QFormLayout()
        backup.addRow(tr("Passphrase"), self.export_passphrase)
        backup.addRow("", self.errors.label("passphrase"))
        backup.addRow("", self.export_button)
        backup_box = QGroupBox(tr("Configuration backup"))
        backup_box.setLayout(backup)

        # -- restore --------------------------------------------------------------------
        self.import_passphrase = _password()
        self.import_file = QLabel(tr("No file chosen"))
        self.import_file.setWordWrap(True)
        self.choose_button = QPushButton(tr("Choose a file and preview…"))
        self.choose_button.clicked.connect(self._choose_import_file)
        self.changes = QTreeWidget()
        self.changes.setHeaderHidden(True)
        self.changes.setRootIsDecorated(False)
        self.changes.setMinimumHeight(90)
        self.preview_summary = QLabel("")
        self.preview_summary.setWordWrap(True)
        self.import_button = QPushButton(tr("Import…"))
        self.import_button.clicked.connect(self.ask_import)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        restore = QFormLayout()
        restore.addRow(tr("Passphrase"), self.import_passphrase)
        restore.addRow(tr("File"), self.import_file)
        restore.addRow("", self.errors.label("data"))
        restore.addRow("", self.choose_button)
        restore.addRow(self.preview_summary)
        restore.addRow(self.changes)
        restore.addRow(self.progress)
        restore.addRow("", self.import_button)
        restore_box = QGroupBox(tr("Restore a configuration"))
        restore_box.setLayout(restore)

        # -- factory reset --------------------------------------------------------------
        self.admin_password = _password()
        self.erase = QCheckBox(tr("Also delete every camera and every recording"))
        self.reset_button = QPushButton(tr("Factory reset…"))
        self.reset_button.clicked.connect(self.ask_reset)
        reset = QFormLayout()
        reset.addRow(tr("Admin password"), self.admin_password)
        reset.addRow("", self.errors.label("admin_password"))
        reset.addRow("", self.erase)
        reset.addRow("", self.reset_button)
        reset_box = QGroupBox(tr("Factory reset"))
        reset_box.setLayout(reset)

        # -- scheduled restart (SYS-08) ----------------------------------------------------
        self.every_days = QSpinBox()
        self.every_days.setRange(0, 30)
        self.every_days.setSpecialValueText(tr("0 (off)"))
        self.restart_hour = QSpinBox()
        self.restart_hour.setRange(0, 23)
        self.restart_hour.setSuffix(":00")
        self.schedule_button = QPushButton(tr("Save the schedule"))
        self.schedule_button.clicked.connect(self.save_schedule)
        self.next_restart = QLabel("")
        self.next_restart.setWordWrap(True)
        schedule_row = QHBoxLayout()
        schedule_row.addWidget(QLabel(tr("Restart the server every")))
        schedule_row.addWidget(self.every_days)
        schedule_row.addWidget(QLabel(tr("days at")))
        schedule_row.addWidget(self.restart_hour)
        schedule_row.addStretch(1)
        schedule = QFormLayout()
        schedule.addRow(schedule_row)
        schedule.addRow(self.errors.label("maintenance"))
        schedule.addRow(self.next_restart)
        schedule.addRow("", self.schedule_button)
        schedule_box = QGroupBox(tr("Scheduled restart"))
        schedule_box.setLayout(schedule)

        # -- power ----------------------------------------------------------------------
        self.delay = QSpinBox()
        self.delay.setRange(0, 3600)
        self.delay.setValue(10)
        self.delay.setSuffix(tr(" s"))
        self.delay.setSpecialValueText(tr("at once"))
        self.restart_button = QPushButton(tr("Restart the server…"))
        self.restart_button.clicked.connect(lambda: self.ask_power(restart=True))
        self.shutdown_button = QPushButton(tr("Shut the server down…"))
        self.shutdown_button.clicked.connect(lambda: self.ask_power(restart=False))
        self.host_restart_button = QPushButton(tr("Restart the appliance…"))
        self.host_restart_button.clicked.connect(lambda: self.ask_power(restart=True, host=True))
        self.host_shutdown_button = QPushButton(tr("Shut down the appliance…"))
        self.host_shutdown_button.clicked.connect(lambda: self.ask_power(restart=False, host=True))
        self.cancel_button = QPushButton(tr("Cancel it"))
        self.cancel_button.clicked.connect(self.cancel_power)
        self.power_state = QLabel("")
        self.logout_button = QPushButton(tr("Log out"))
        self.logout_button.clicked.connect(self.log_out)
        power_row = QHBoxLayout()
        power_row.addWidget(QLabel(tr("After")))
        power_row.addWidget(self.delay)
        power_row.addWidget(self.restart_button)
        power_row.addWidget(self.shutdown_button)
        power_row.addStretch(1)
        #: Shown once the server said it controls its host (``load``).
        self.host_row = QWidget()
        host_row = QHBoxLayout(self.host_row)
        host_row.setContentsMargins(0, 0, 0, 0)
        host_row.addWidget(self.host_restart_button)
        host_row.addWidget(self.host_shutdown_button)
        host_row.addStretch(1)
        self.host_row.hide()
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.power_state, 1)
        pending_row.addWidget(self.cancel_button)
        power = QVBoxLayout()
        power.addLayout(power_row)
        power.addWidget(self.host_row)
        power.addLayout(pending_row)
        logout_row = QHBoxLayout()
        logout_row.addWidget(QLabel(tr("End this console's session")))
        logout_row.addStretch(1)
        logout_row.addWidget(self.logout_button)
        power.addLayout(logout_row)
        power_box = QGroupBox(tr("Restart, shutdown and log out"))
        power_box.setLayout(power)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(backup_box)
        left.addWidget(restore_box, 1)
        right = QVBoxLayout()
        right.addWidget(reset_box)
        right.addWidget(schedule_box)
        right.addWidget(power_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        self.controls = [
            self.export_button,
            self.choose_button,
            self.import_button,
            self.reset_button,
            self.schedule_button,
            self.restart_button,
            self.shutdown_button,
            self.host_restart_button,
            self.host_shutdown_button,
            self.cancel_button,
            self.logout_button,
        ]
        self.update_controls()

    def load(self) -> None:
        """Ask whether the server controls its host (the appliance's own buttons) and
        its maintenance restart schedule."""

        def shown(settings: system_pb2.Settings) -> None:
            self.host_row.setVisible(settings.date_time.applied_to_host)
            self._show_schedule(settings.maintenance)
            self.say("")

        self._run(ops.get_settings(parent=self), shown, tr("Reading…"))

    def update_controls(self) -> None:
        if self.busy:
            return
        self.import_button.setEnabled(self.preview is not None)
        self.cancel_button.setEnabled(self.power_at_us > 0)

    def _run(self, op: ServerOp[T], on_done: Callable[[T], None], working: str) -> None:
        self.errors.clear()
        self.run(op, on_done, working=working, on_error=self.errors.show)

    # -- backup ------------------------------------------------------------------------

    def _choose_export_file(self) -> None:
        stamp = QDateTime.currentDateTimeUtc().toString("yyyyMMdd'T'HHmmss'Z'")
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save the configuration"),
            str(Path.home() / f"vedette-config-{stamp}.vcfg"),
            tr("Vedette configuration (*.vcfg)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        passphrase = self.export_passphrase.text()
        if len(passphrase) < MIN_PASSPHRASE:
            self.errors.clear()
            self.errors.labels["passphrase"].setText(
                tr("The passphrase needs at least {count} characters").format(count=MIN_PASSPHRASE)
            )
            self.errors.labels["passphrase"].show()
            return

        def saved(written: Path) -> None:
            self.say(tr("Configuration saved to {path}").format(path=str(written)))

        op = ops.export_config_to(parent=self, passphrase=passphrase, path=path)
        self._run(op, saved, tr("Saving the configuration…"))

    # -- restore -----------------------------------------------------------------------

    def _choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Restore a configuration"),
            str(Path.home()),
            tr("Vedette configuration (*.vcfg);;Any file (*)"),
        )
        if path:
            self.preview_file(Path(path))

    def preview_file(self, path: Path) -> None:
        """Ask the server what importing ``path`` would change (nothing changes)."""
        self.preview = None
        self.changes.clear()
        self.preview_summary.clear()
        self.import_file.setText(str(path))

        def shown(preview: ops.ImportPreview) -> None:
            self.preview = preview
            answer = preview.preview
            exported = self.session.settings.display.date_time(
                us_from_timestamp(answer.export_time)
            )
            self.preview_summary.setText(
                tr(
                    "Exported by server {server} on {time}. Importing it would make {changes}:"
                ).format(
                    server=answer.source_server_id,
                    time=exported,
                    changes=count_text(
                        "settings", len(answer.changes), "{count} change", "{count} changes"
                    ),
                )
            )
            for change in answer.changes:
                self.changes.addTopLevelItem(QTreeWidgetItem([change_text(change)]))
            self.say("")
            self.update_controls()

        op = ops.preview_import(parent=self, path=path, passphrase=self.import_passphrase.text())
        self._run(op, shown, tr("Checking the file…"))

    def ask_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        changes = count_text(
            "settings", len(preview.preview.changes), "{count} change", "{count} changes"
        )
        self.warn(
            tr("Import the configuration"),
            tr(
                "The configuration becomes the file's ({changes}). Cameras that are not in the "
                "file are disabled (their recordings stay), and every other session is ended."
            ).format(changes=changes),
            self.import_previewed,
        )

    def import_previewed(self) -> None:
        preview = self.preview
        if preview is None:
            return

        def imported(changes: list[system_pb2.ConfigChange]) -> None:
            self.progress.hide()
            self.preview = None
            self.update_controls()
            self.say(
                tr("Configuration imported: {changes}").format(
                    changes=count_text(
                        "settings", len(changes), "{count} change", "{count} changes"
                    )
                )
            )

        def refused(error: Exception) -> None:
            self.progress.hide()
            self.errors.show(error)

        self.progress.show()
        self.errors.clear()
        op = ops.import_config(
            parent=self, data=preview.data, passphrase=self.import_passphrase.text()
        )
        self.run(op, imported, working=tr("Importing…"), on_error=refused)

    # -- factory reset -------------------------------------------------------------------

    def ask_reset(self) -> None:
        if self.erase.isChecked():
            lost = tr(
                "Every setting, user, permission group and view is reset (only admin stays, "
                "with its password), and every camera and every recording is deleted."
            )
        else:
            lost = tr(
                "Every setting, user, permission group and view is reset (only admin stays, "
                "with its password). Cameras are disabled and their passwords erased; their "
                "recordings are kept."
            )
        self.warn(
            tr("Factory reset"),
            lost,
            self.factory_reset,
        )

    def factory_reset(self) -> None:
        def done(_: None) -> None:
            self.admin_password.clear()
            self.say(tr("The server is back to its factory settings"))

        op = ops.factory_reset(
            parent=self,
            admin_password=self.admin_password.text(),
            erase_cameras_and_recordings=self.erase.isChecked(),
        )
        self._run(op, done, tr("Resetting…"))

    # -- scheduled restart ---------------------------------------------------------------

    def _show_schedule(self, schedule: system_pb2.MaintenanceSettings) -> None:
        self.every_days.setValue(schedule.restart_every_days)
        self.restart_hour.setValue(schedule.restart_hour)
        if schedule.HasField("next_restart_time"):
            when = self.session.settings.display.date_time(
                us_from_timestamp(schedule.next_restart_time)
            )
            self.next_restart.setText(tr("Next maintenance restart: {time}").format(time=when))
        else:
            self.next_restart.setText(tr("No maintenance restart is scheduled."))

    def save_schedule(self) -> None:
        """Store the schedule; the server answers with the next restart it plans."""

        def saved(response: system_pb2.UpdateSettingsResponse) -> None:
            self._show_schedule(response.settings.maintenance)
            self.say(tr("Schedule saved"))

        schedule = system_pb2.MaintenanceSettings(
            restart_every_days=self.every_days.value(), restart_hour=self.restart_hour.value()
        )
        op = ops.update_settings(
            parent=self,
            settings=system_pb2.Settings(maintenance=schedule),
            paths=["maintenance.restart_every_days", "maintenance.restart_hour"],
        )
        self._run(op, saved, tr("Saving…"))

    # -- power -------------------------------------------------------------------------

    def ask_power(self, *, restart: bool, host: bool = False) -> None:
        delay_s = self.delay.value()
        if host and restart:
            text = tr(
                "The appliance restarts in {seconds} s, once the server has closed its "
                "recordings: every console is signed out and recording pauses until it "
                "is back."
            ).format(seconds=delay_s)
        elif host:
            text = tr(
                "The appliance powers off in {seconds} s, once the server has closed its "
                "recordings: nothing is recorded until someone switches it on again."
            ).format(seconds=delay_s)
        elif restart:
            text = tr(
                "The server restarts in {seconds} s: every console is signed out and "
                "recording pauses until it is back."
            ).format(seconds=delay_s)
        else:
            text = tr(
                "The server stops in {seconds} s: recording stops until someone starts "
                "it again on the host."
            ).format(seconds=delay_s)
        if host:
            title = tr("Restart the appliance") if restart else tr("Shut down the appliance")
        else:
            title = tr("Restart the server") if restart else tr("Shut the server down")
        self.warn(
            title,
            text,
            lambda: self.power(restart=restart, delay_s=delay_s, host=host),
        )

    def power(self, *, restart: bool, delay_s: int, host: bool = False) -> None:
        def scheduled(at_us: int) -> None:
            self.power_at_us = at_us
            when = self.session.settings.display.time(at_us)
            self.power_state.setText(
                (tr("Restart at {time}") if restart else tr("Shutdown at {time}")).format(time=when)
            )
            self.say("")
            self.update_controls()

        op = ops.power_action(parent=self, restart=restart, delay_s=delay_s, host=host)
        self._run(op, scheduled, tr("Asking the server…"))

    def cancel_power(self) -> None:
        def cancelled(_: None) -> None:
            self.power_at_us = 0
            self.power_state.setText("")
            self.say(tr("Cancelled"))
            self.update_controls()

        self._run(ops.cancel_power_action(parent=self), cancelled, tr("Cancelling…"))

    # -- log out -----------------------------------------------------------------------

    def log_out(self) -> None:
        """End this console's session; the main window asks to sign in again."""
        self.session.drop_client()
        self.session.signed_out.emit(tr("You logged out."))
