"""A date and time field on the server's clock: what the operator types is read in
the server's time zone, and shown in its date and time formats (SYS-03), whatever
the PC's zone is."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from vedette_console.time_display import TimeDisplay, machine_display


class ServerTimeEdit(QDateTimeEdit):
    """A ``QDateTimeEdit`` whose fields are the display zone's wall clock.

    Qt's own ``QDateTime`` would read the fields in the PC's zone (and skip its
    daylight-saving gaps); here the edit runs in UTC, so its fields are plain
    fields, converted by the ``TimeDisplay`` both ways."""

    def __init__(
        self, time_us: int, display: TimeDisplay | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setTimeZone(QTimeZone.utc())
        self.display = display or machine_display()
        self.setDisplayFormat(self.display.qt_date_time_pattern())
        self.set_time_us(time_us)
        self._fit()

    def set_display(self, display: TimeDisplay) -> None:
        """Another zone or format: the same instant, shown the new way."""
        instant = self.time_us()
        self.display = display
        self.setDisplayFormat(display.qt_date_time_pattern())
        self.setToolTip(display.describe_zone())
        self.set_time_us(instant)
        self._fit()

    def _fit(self) -> None:
        """Wide enough for the format (a 12-hour clock's is wider than the first one
        the field was sized for), with room for the calendar button."""
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.text()) + 44)

    def set_time_us(self, time_us: int) -> None:
        year, month, day, hour, minute, second = self.display.fields(time_us)
        self.setDateTime(
            QDateTime(QDate(year, month, day), QTime(hour, minute, second), QTimeZone.utc())
        )

    def time_us(self) -> int:
        """The instant the fields show, in the display zone."""
        shown = self.dateTime()
        date, time = shown.date(), shown.time()
        return self.display.from_fields(
            date.year(), date.month(), date.day(), time.hour(), time.minute(), time.second()
        )
