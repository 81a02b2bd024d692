"""The notification settings' dialogs: an e-mail recipient (address, schedule by
name, snapshot, hourly budget) and a webhook endpoint (URL, write-only secret)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import notify_pb2, recording_pb2
from vedette_console.alarm_admin.pickers import tr
from vedette_console.operations.notify import RecipientForm


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class RecipientDialog(QDialog):
    def __init__(
        self,
        recipient: notify_pb2.Recipient | None,
        schedules: list[recording_pb2.Schedule],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("E-mail recipient"))
        current = recipient or notify_pb2.Recipient(max_per_hour=10)
        self.address = QLineEdit(current.address)
        self.address.setPlaceholderText("guard@example.com")
        self.schedule = QComboBox()
        self.schedule.addItem(tr("(always)"), "")
        for schedule in schedules:
            self.schedule.addItem(schedule.name, schedule.name)
        if current.schedule and self.schedule.findData(current.schedule) < 0:
            self.schedule.addItem(current.schedule, current.schedule)
        self.schedule.setCurrentIndex(max(0, self.schedule.findData(current.schedule)))
        self.snapshot = QCheckBox(tr("Attach a snapshot of the alarm's camera"))
        self.snapshot.setChecked(current.snapshot)
        self.max_per_hour = QSpinBox()
        self.max_per_hour.setRange(1, 1000)
        self.max_per_hour.setValue(current.max_per_hour or 10)
        self.max_per_hour.setSuffix(tr(" mails an hour, then a digest"))
        form = QFormLayout()
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("Mail during schedule"), self.schedule)
        form.addRow("", self.snapshot)
        form.addRow(tr("At most"), self.max_per_hour)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))

    def form(self) -> RecipientForm:
        return RecipientForm(
            address=self.address.text().strip(),
            schedule=str(self.schedule.currentData() or ""),
            snapshot=self.snapshot.isChecked(),
            max_per_hour=self.max_per_hour.value(),
        )


class WebhookDialog(QDialog):
    """A new endpoint (the secret required) or an existing one (empty secret: keep)."""

    def __init__(self, webhook: notify_pb2.Webhook | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Webhook endpoint"))
        self.url = QLineEdit(webhook.url if webhook is not None else "")
        self.url.setPlaceholderText("https://example.com/vedette")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(
            tr("set — type a new one to replace it")
            if webhook is not None
            else tr("whsec_… (Standard Webhooks signing secret)")
        )
        form = QFormLayout()
        form.addRow(tr("URL"), self.url)
        form.addRow(tr("Secret"), self.secret)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))
