"""Every time the console shows, in the server's time zone and date and time formats
(SYS-03: ``SystemService.GetSettings`` → ``date_time.time_zone``, ``date_format``,
``time_format``), never the PC's.

Instants are int µs UTC inside the console, as everywhere in Vedette; they become
wall-clock text only here, at the edge. The server computes time slices and
recording days in its zone, so labelling them in the same zone keeps the minute
view's "14:00" on the slice that starts at the server's 14:00.

``TimeDisplay`` is immutable: a session holds the one for its server and replaces
it when the settings change (``Session.time_display``); widgets are given it and
repaint. Without a server (the offline player before any sign-in) the PC's zone is
used, and nothing claims it is the server's.

Month, weekday and AM/PM words go through ``QCoreApplication.translate`` (context
``TimeDisplay``), so a French translation renames them; patterns come from the
settings, not from the PC's locale.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from vedette_api.timestamps import US_PER_S
from vedette_api.v1 import system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "TimeDisplay"

_MONTHS = (
    QT_TRANSLATE_NOOP("TimeDisplay", "January"),
    QT_TRANSLATE_NOOP("TimeDisplay", "February"),
    QT_TRANSLATE_NOOP("TimeDisplay", "March"),
    QT_TRANSLATE_NOOP("TimeDisplay", "April"),
    QT_TRANSLATE_NOOP("TimeDisplay", "May"),
    QT_TRANSLATE_NOOP("TimeDisplay", "June"),
    QT_TRANSLATE_NOOP("TimeDisplay", "July"),
    QT_TRANSLATE_NOOP("TimeDisplay", "August"),
    QT_TRANSLATE_NOOP("TimeDisplay", "September"),
    QT_TRANSLATE_NOOP("TimeDisplay", "October"),
    QT_TRANSLATE_NOOP("TimeDisplay", "November"),
    QT_TRANSLATE_NOOP("TimeDisplay", "December"),
)
_SHORT_MONTHS = (
    QT_TRANSLATE_NOOP("TimeDisplay", "Jan"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Feb"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Mar"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Apr"),
    QT_TRANSLATE_NOOP("TimeDisplay", "May"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Jun"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Jul"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Aug"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Sep"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Oct"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Nov"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Dec"),
)
_WEEKDAYS = (
    QT_TRANSLATE_NOOP("TimeDisplay", "Monday"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Tuesday"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Wednesday"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Thursday"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Friday"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Saturday"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Sunday"),
)
_SHORT_WEEKDAYS = (
    QT_TRANSLATE_NOOP("TimeDisplay", "Mon"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Tue"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Wed"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Thu"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Fri"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Sat"),
    QT_TRANSLATE_NOOP("TimeDisplay", "Sun"),
)

#: The settings' date formats: (the text's pattern, a ``QDateTimeEdit`` pattern).
_DATES: dict[int, tuple[str, str]] = {
    system_pb2.DATE_FORMAT_YYYY_MM_DD: ("{y:04d}-{m:02d}-{d:02d}", "yyyy-MM-dd"),
    system_pb2.DATE_FORMAT_MM_DD_YYYY: ("{m:02d}/{d:02d}/{y:04d}", "MM/dd/yyyy"),
    system_pb2.DATE_FORMAT_DD_MM_YYYY: ("{d:02d}/{m:02d}/{y:04d}", "dd/MM/yyyy"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _machine_zone() -> dt.tzinfo:
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


@dataclass(frozen=True)
class TimeDisplay:
    """Formats instants (int µs UTC) in one zone with one pair of formats."""

    zone: dt.tzinfo = field(default_factory=_machine_zone)
    #: The IANA name of the zone ("" for the PC's zone).
    zone_name: str = ""
    date_format: int = system_pb2.DATE_FORMAT_YYYY_MM_DD
    time_format: int = system_pb2.TIME_FORMAT_24_HOUR

    @classmethod
    def from_settings(cls, settings: system_pb2.DateTimeSettings) -> TimeDisplay:
        """The server's zone and formats. An unknown zone (a PC without that tz
        database entry) keeps the PC's zone rather than showing UTC as local."""
        try:
            zone: dt.tzinfo = zoneinfo.ZoneInfo(settings.time_zone or "UTC")
            name = settings.time_zone or "UTC"
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone, name = _machine_zone(), ""
        date_format = settings.date_format if settings.date_format in _DATES else 0
        time_format = (
            settings.time_format
            if settings.time_format == system_pb2.TIME_FORMAT_12_HOUR
            else system_pb2.TIME_FORMAT_24_HOUR
        )
        return cls(zone, name, date_format or system_pb2.DATE_FORMAT_YYYY_MM_DD, time_format)

    # -- instants and wall-clock fields ------------------------------------------------

    def moment(self, time_us: int) -> dt.datetime:
        """The instant as an aware datetime in the display zone."""
        return dt.datetime.fromtimestamp(time_us / US_PER_S, self.zone)

    def fields(self, time_us: int) -> tuple[int, int, int, int, int, int]:
        """(year, month, day, hour, minute, second) on the display zone's clock."""
        m = self.moment(time_us)
        return m.year, m.month, m.day, m.hour, m.minute, m.second

    def from_fields(
        self, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
    ) -> int:
        """The instant whose wall clock in the display zone reads these fields."""
        moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=self.zone)
        return int(moment.timestamp()) * US_PER_S

    def day_start_us(self, year: int, month: int, day: int) -> int:
        """Midnight of that day in the display zone."""
        return self.from_fields(year, month, day)

    def today(self, now_us: int) -> tuple[int, int, int]:
        """(year, month, day) of ``now_us`` in the display zone."""
        year, month, day, *_ = self.fields(now_us)
        return year, month, day

    def utc_offset_us(self, time_us: int) -> int:
        offset = self.moment(time_us).utcoffset()
        return int(offset.total_seconds() * US_PER_S) if offset else 0

    # -- text ------------------------------------------------------------------------------

    def date(self, time_us: int) -> str:
        """``2026-12-31``, ``12/31/2026`` or ``31/12/2026``."""
        year, month, day, *_ = self.fields(time_us)
        return _DATES[self.date_format][0].format(y=year, m=month, d=day)

    def time(self, time_us: int, *, seconds: bool = True) -> str:
        """``23:59:59`` or ``11:59:59 PM`` (without seconds: ``23:59``, ``11:59 PM``)."""
        *_, hour, minute, second = self.fields(time_us)
        return self._clock(hour, minute, second if seconds else None)

    def date_time(self, time_us: int, *, seconds: bool = True) -> str:
        return f"{self.date(time_us)} {self.time(time_us, seconds=seconds)}"

    def hour(self, time_us: int) -> str:
        """The hour a slice starts at: ``14:00`` or ``2 PM``."""
        hour = self.fields(time_us)[3]
        if self.time_format == system_pb2.TIME_FORMAT_12_HOUR:
            return f"{(hour - 1) % 12 + 1} {self._am_pm(hour)}"
        return f"{hour:02d}:00"

    def day_month(self, time_us: int) -> str:
        """A short day: ``31 Dec`` (``Dec 31`` where months come first)."""
        _, month, day, *_ = self.fields(time_us)
        name = _tr(_SHORT_MONTHS[month - 1])
        if self.date_format == system_pb2.DATE_FORMAT_MM_DD_YYYY:
            return f"{name} {day}"
        return f"{day} {name}"

    def month_name(self, time_us: int) -> str:
        return _tr(_MONTHS[self.fields(time_us)[1] - 1])

    def month_year(self, time_us: int) -> str:
        year, month, *_ = self.fields(time_us)
        return f"{_tr(_MONTHS[month - 1])} {year}"

    def weekday(self, time_us: int, *, short: bool = False) -> str:
        names = _SHORT_WEEKDAYS if short else _WEEKDAYS
        return _tr(names[self.moment(time_us).weekday()])

    def qt_date_time_pattern(self) -> str:
        """The pattern for a ``QDateTimeEdit`` showing fields in these formats."""
        time = "hh:mm:ss AP" if self.time_format == system_pb2.TIME_FORMAT_12_HOUR else "HH:mm:ss"
        return f"{_DATES[self.date_format][1]} {time}"

    def describe_zone(self) -> str:
        """The zone for a tooltip: ``Europe/Paris (UTC+01:00)``."""
        offset = dt.datetime.now(self.zone).strftime("%z")
        utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
        name = self.zone_name or _tr("this computer's zone")
        return f"{name} ({utc})"

    def _clock(self, hour: int, minute: int, second: int | None) -> str:
        tail = "" if second is None else f":{second:02d}"
        if self.time_format == system_pb2.TIME_FORMAT_12_HOUR:
            return f"{(hour - 1) % 12 + 1:02d}:{minute:02d}{tail} {self._am_pm(hour)}"
        return f"{hour:02d}:{minute:02d}{tail}"

    @staticmethod
    def _am_pm(hour: int) -> str:
        return _tr("AM") if hour < 12 else _tr("PM")


def machine_display() -> TimeDisplay:
    """The PC's zone, ISO dates, 24-hour times: only where no server is known."""
    return TimeDisplay()
