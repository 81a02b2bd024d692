"""The notification settings' popup and buzzer durations (ALARM-07; the manual's
9.6 "durée d'affichage" and "durée de l'avertisseur"): what a rule's video popup,
message popup and buzzer last when the rule gives no duration, saved as the server's
``alarm_notifications`` settings, and "Test buzzer", which sounds the buzzer on
every console for the saved duration (``AlarmService.TestBuzzer``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from vedette_api.client import Client
from vedette_api.v1 import system_pb2
from vedette_console.alarm_admin.page import AdminPage, tr
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session

SECTION = "alarm_notifications"
#: The server's range (settings/model.py ALARM_DURATION_RANGE_S).
MAX_S = 86_400


def _spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, MAX_S)
    spin.setValue(value)
    spin.setSuffix(" s")
    return spin


def _save(client: Client, values: tuple[int, int, int]) -> system_pb2.AlarmNotificationSettings:
    video, message, buzzer = values
    section = system_pb2.AlarmNotificationSettings()
    section.video_popup.FromSeconds(video)
    section.message_popup.FromSeconds(message)
    section.buzzer.FromSeconds(buzzer)
    settings = system_pb2.Settings(alarm_notifications=section)
    return client.update_settings(settings, [SECTION]).settings.alarm_notifications


class DurationsTab(AdminPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.video_s = _spin(30)
        self.message_s = _spin(30)
        self.buzzer_s = _spin(10)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(tr("Test buzzer"))
        self.test_button.setToolTip(tr("Sounds the buzzer on every console for the saved time"))
        self.test_button.clicked.connect(self.test_buzzer)
        form = QFormLayout()
        form.addRow(tr("Video popup shown for"), self.video_s)
        form.addRow(tr("Message popup shown for"), self.message_s)
        form.addRow(tr("Buzzer sounds for"), self.buzzer_s)
        form.addRow("", self.save_button)
        form.addRow("", self.test_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.save_button, self.test_button]

    def values(self) -> tuple[int, int, int]:
        return self.video_s.value(), self.message_s.value(), self.buzzer_s.value()

    def _show(self, section: system_pb2.AlarmNotificationSettings) -> None:
        self.video_s.setValue(section.video_popup.seconds)
        self.message_s.setValue(section.message_popup.seconds)
        self.buzzer_s.setValue(section.buzzer.seconds)

    def load(self) -> None:
        def loaded(settings: system_pb2.Settings) -> None:
            if settings.HasField(SECTION):
                self._show(settings.alarm_notifications)
            self.say("")

        op = ServerOp(self, lambda client: client.get_settings())
        self.run(op, loaded, working=tr("Reading the durations…"))

    def save(self) -> None:
        def saved(section: system_pb2.AlarmNotificationSettings) -> None:
            self._show(section)
            self.say(tr("Durations saved"))

        values = self.values()
        op = ServerOp(self, lambda client: _save(client, values))
        self.run(op, saved, working=tr("Saving…"))

    def test_buzzer(self) -> None:
        def sounding(seconds: float) -> None:
            self.say(
                tr("The buzzer sounds on every console for {seconds:g} s").format(seconds=seconds)
            )

        op = ServerOp(self, lambda client: client.test_buzzer())
        self.run(op, sounding, working=tr("Sounding the buzzer…"))
