"""The wizard's date and time step (SYS-03): the time zone (daylight saving time
follows it), NTP or manual time, and the host's clock set by hand when the server
manages it (an appliance; a workstation's clock is the host's business)."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from vedette_api.v1 import system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import system as system_ops
from vedette_console.wizard.step import WizardContext, WizardStep, error_label, show_error, tr


class TimeStep(WizardStep):
    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Date and time")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setSubTitle(
            tr("The time zone the recordings are shown in, and where the clock comes from.")
        )
        self.applied_to_host = False
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(zoneinfo.available_timezones()))
        self.zone_error = error_label()
        self.ntp = QRadioButton(tr("From a time server (NTP)"))
        self.ntp_server = QLineEdit()
        self.ntp_server.setPlaceholderText("pool.ntp.org")
        self.ntp_error = error_label()
        self.manual = QRadioButton(tr("Set by hand"))
        self.clock = QDateTimeEdit()
        self.clock.setCalendarPopup(False)
        self.clock.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.clock_error = error_label()
        self.host_note = QLabel("")
        self.host_note.setWordWrap(True)
        self.host_note.setObjectName("muted")
        self.ntp.toggled.connect(self._update)
        self.clock.dateTimeChanged.connect(lambda _: setattr(self, "clock_edited", True))
        self.clock_edited = False
        form = QFormLayout(self)
        form.addRow(tr("Time zone"), self.zone)
        form.addRow("", self.zone_error)
        form.addRow(self.ntp)
        form.addRow(tr("Time server"), self.ntp_server)
        form.addRow("", self.ntp_error)
        form.addRow(self.manual)
        form.addRow(tr("Date and time"), self.clock)
        form.addRow("", self.clock_error)
        form.addRow(self.host_note)
        form.addRow(self.status)
        self.controls += [self.zone, self.ntp, self.ntp_server, self.manual, self.clock]

    def enter(self) -> None:
        self.run(system_ops.get_settings(parent=self), self._loaded, working=tr("Reading…"))

    def _loaded(self, settings: system_pb2.Settings) -> None:
        date_time = settings.date_time
        self.applied_to_host = date_time.applied_to_host
        if date_time.time_zone:
            self.zone.setCurrentText(date_time.time_zone)
        self.ntp_server.setText(date_time.ntp_server)
        (self.ntp if date_time.time_sync == system_pb2.TIME_SYNC_NTP else self.manual).setChecked(
            True
        )
        self.clock.setDateTime(QDateTime.currentDateTime())
        self.clock_edited = False
        self.host_note.setText(
            ""
            if self.applied_to_host
            else tr(
                "This server does not set its computer's clock (it is not an appliance): "
                "the zone is used to show times; set the clock on the computer itself."
            )
        )
        self._update()

    def _update(self) -> None:
        if self.busy:
            return
        ntp = self.ntp.isChecked()
        self.ntp_server.setEnabled(ntp)
        self.clock.setEnabled(not ntp and self.applied_to_host)

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        if enabled:
            self._update()

    def apply(self) -> None:
        for label in (self.zone_error, self.ntp_error, self.clock_error):
            show_error(label, "")
        zone = self.zone.currentText().strip()
        ntp = self.ntp.isChecked()
        date_time = system_pb2.DateTimeSettings(
            time_zone=zone,
            time_sync=system_pb2.TIME_SYNC_NTP if ntp else system_pb2.TIME_SYNC_MANUAL,
            ntp_server=self.ntp_server.text().strip(),
        )
        paths = ["date_time.time_zone", "date_time.time_sync"]
        if ntp:
            paths.append("date_time.ntp_server")
        op = system_ops.update_settings(
            parent=self, settings=system_pb2.Settings(date_time=date_time), paths=paths
        )
        # The server names the bad field; a known zone leaves the time server.
        error_at = self.ntp_error if ntp and zone_is_known(zone) else self.zone_error
        self.run(op, lambda _: self._saved(zone, ntp), working=tr("Saving…"), error_at=error_at)

    def _saved(self, zone: str, ntp: bool) -> None:
        server = self.ntp_server.text().strip()

        def outcome() -> str:
            source = tr("NTP from {server}").format(server=server) if ntp else tr("set by hand")
            return tr("Time zone {zone}, clock {source}").format(zone=zone, source=source)

        if ntp or not (self.applied_to_host and self.clock_edited):
            self.passed(outcome)
            return
        when = QDateTime(self.clock.date(), self.clock.time(), QTimeZone(zone.encode()))
        op = system_ops.set_system_time(parent=self, time_us=when.toMSecsSinceEpoch() * 1000)
        time = self.clock.text()
        self.run(
            op,
            lambda _: self.passed(
                lambda: tr("{outcome}; clock set to {time}").format(outcome=outcome(), time=time)
            ),
            working=tr("Setting the clock…"),
            error_at=self.clock_error,
        )


def zone_is_known(zone: str) -> bool:
    return zone in zoneinfo.available_timezones()
