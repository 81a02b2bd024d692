"""System → Date and time (SYS-03): the server's IANA time zone (daylight saving time
follows the zone; its offset now is shown), the date and time formats every console
shows times in, and how the host's clock is kept: by hand (set it now,
``SetSystemTime``) or from an NTP server. On a workstation the server does not
manage its host's clock (``applied_to_host`` false): the page says these settings
then only choose how times are shown."""

from __future__ import annotations

import zoneinfo
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import now_us
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.operations import system as ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.system_form import SettingsForm, narrow
from vedette_console.time_display import TimeDisplay
from vedette_console.widgets.server_time_edit import ServerTimeEdit

#: A fixed instant written in each date and time format as its example.
_EXAMPLE_US = 1_798_761_599_000_000  # 2026-12-31 23:59:59 UTC


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA zones this computer knows, sorted."""
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))


def zone_offset_text(zone_name: str, at_us: int) -> str:
    """``UTC+01:00 now`` for a zone, or "" for an unknown one."""
    try:
        display = TimeDisplay(zoneinfo.ZoneInfo(zone_name), zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    minutes = display.utc_offset_us(at_us) // 60_000_000
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return tr(
        "UTC{sign}{hours:02d}:{minutes:02d} now; daylight saving time follows the zone"
    ).format(sign=sign, hours=hours, minutes=rest)


class DateTimePage(SettingsForm):
    title = "Date and time"
    areas = (accounts_pb2.AREA_SYSTEM,)
    section = "date_time"

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.setup_form()
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItems(list(time_zones()))
        completer = QCompleter(list(time_zones()), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        self.zone.currentTextChanged.connect(self._show_offset)
        self.offset = QLabel("")
        self.offset.setObjectName("muted")
        self.date_format = QComboBox()
        self.time_format = QComboBox()
        for value in (
            system_pb2.DATE_FORMAT_YYYY_MM_DD,
            system_pb2.DATE_FORMAT_MM_DD_YYYY,
            system_pb2.DATE_FORMAT_DD_MM_YYYY,
        ):
            example = TimeDisplay(zoneinfo.ZoneInfo("UTC"), "UTC", value).date(_EXAMPLE_US)
            self.date_format.addItem(example, value)
        for clock in (system_pb2.TIME_FORMAT_24_HOUR, system_pb2.TIME_FORMAT_12_HOUR):
            zone = zoneinfo.ZoneInfo("UTC")
            example = TimeDisplay(zone, "UTC", time_format=clock).time(_EXAMPLE_US)
            self.time_format.addItem(example, clock)
        self.manual = QRadioButton(tr("By hand"))
        self.ntp = QRadioButton(tr("From an NTP server"))
        sync = QButtonGroup(self)
        sync.addButton(self.manual)
        sync.addButton(self.ntp)
        self.manual.toggled.connect(lambda _: self.update_controls())
        self.ntp_server = QLineEdit()
        self.ntp_server.setMaxLength(253)
        self.clock = ServerTimeEdit(now_us(), session.settings.display)
        self.set_clock = QPushButton(tr("Set the server's clock"))
        self.set_clock.clicked.connect(self.set_time)
        self.host_note = QLabel("")
        self.host_note.setObjectName("muted")
        self.host_note.setWordWrap(True)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(lambda: self.save())

        sync_row = QHBoxLayout()
        sync_row.addWidget(self.manual)
        sync_row.addWidget(self.ntp)
        sync_row.addStretch(1)
        clock_row = QHBoxLayout()
        clock_row.addWidget(self.clock)
        clock_row.addWidget(self.set_clock)
        clock_row.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("Time zone"), self.zone)
        form.addRow("", self.offset)
        form.addRow("", self.errors.label("date_time.time_zone"))
        form.addRow(tr("Date format"), self.date_format)
        form.addRow(tr("Time format"), self.time_format)
        form.addRow(tr("Clock set"), sync_row)
        form.addRow(tr("NTP server"), self.ntp_server)
        form.addRow("", self.errors.label("date_time.ntp_server"))
        form.addRow("", self.errors.label("date_time"))
        form.addRow("", self.save_button)
        form.addRow(tr("Server time"), clock_row)
        form.addRow("", self.errors.label("time"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.host_note)
        layout.addWidget(narrow(form))
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls = [self.save_button, self.set_clock]
        self._applied_to_host = False
        self.update_controls()

    def _show_offset(self, zone_name: str) -> None:
        self.offset.setText(zone_offset_text(zone_name.strip(), now_us()))

    def update_controls(self) -> None:
        manual = self.manual.isChecked()
        self.ntp_server.setEnabled(not manual)
        ready = not self.busy and self.saved is not None
        self.save_button.setEnabled(ready)
        # The clock is set by hand only where the server manages it, in manual mode
        # as saved (the server refuses it otherwise).
        saved = self.saved
        saved_manual = (
            isinstance(saved, system_pb2.DateTimeSettings)
            and saved.time_sync == system_pb2.TIME_SYNC_MANUAL
        )
        self.set_clock.setEnabled(ready and self._applied_to_host and saved_manual)
        self.clock.setEnabled(self.set_clock.isEnabled())

    def show_section(self, settings: system_pb2.Settings) -> None:
        section = settings.date_time
        self._applied_to_host = section.applied_to_host
        self.zone.setCurrentText(section.time_zone)
        self._show_offset(section.time_zone)
        self.date_format.setCurrentIndex(max(self.date_format.findData(section.date_format), 0))
        self.time_format.setCurrentIndex(max(self.time_format.findData(section.time_format), 0))
        (self.ntp if section.time_sync == system_pb2.TIME_SYNC_NTP else self.manual).setChecked(
            True
        )
        self.ntp_server.setText(section.ntp_server)
        display = TimeDisplay.from_settings(section)
        self.clock.set_display(display)
        self.clock.set_time_us(now_us())
        if section.applied_to_host:
            self.host_note.setText(tr("These settings set the server's host clock and time zone."))
        else:
            self.host_note.setText(
                tr(
                    "This server does not manage its host's clock: these settings only choose "
                    "the zone and formats the consoles show times in. Set the time on the host."
                )
            )
        self.update_controls()

    def form_section(self) -> system_pb2.DateTimeSettings:
        return system_pb2.DateTimeSettings(
            time_zone=self.zone.currentText().strip(),
            date_format=self.date_format.currentData(),
            time_format=self.time_format.currentData(),
            time_sync=(
                system_pb2.TIME_SYNC_NTP if self.ntp.isChecked() else system_pb2.TIME_SYNC_MANUAL
            ),
            ntp_server=self.ntp_server.text().strip(),
        )

    def set_time(self) -> None:
        time_us = self.clock.time_us()
        self.errors.clear()

        def done(_: None) -> None:
            self.say(tr("The server's clock is set"))

        op = ops.set_system_time(parent=self, time_us=time_us)
        self.run(op, done, working=tr("Setting the clock…"), on_error=self.errors.show)
