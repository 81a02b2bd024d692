"""The settings, as immutable dataclasses validated when built.

Each section is stored as one JSON object under its name in the ``setting`` table.
Durations are seconds (``_s``), ports plain integers.

Invariants:
- A settings object that exists is valid: every constructor validates every field
  and raises ``SettingsError`` naming the field path (``security.lockout_s``) and
  the bad value.
- ``from_json`` accepts exactly what ``to_json`` writes (plus missing keys, which
  take their defaults, so a newer release can add fields, and a section's
  ``retired`` keys, which an older release wrote and are dropped); other unknown
  keys are refused.
"""

from __future__ import annotations

import dataclasses
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Self

from vedette_server.accounts.access_filter import AccessFilter, FilterEntry, FilterMode
from vedette_server.errors import InvalidArgument

LANGUAGES: Final = ("en", "fr")
DATE_FORMATS: Final = ("YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY")
TIME_FORMATS: Final = ("24h", "12h")
TIME_SYNCS: Final = ("manual", "ntp")
CLIENT_CERTIFICATES: Final = ("off", "required")
_HOST = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)+$")


class SettingsError(InvalidArgument):
    def __init__(
        self, path: str, reason: str, *, error_reason: str | None = None, **metadata: object
    ) -> None:
        super().__init__(path, reason, error_reason=error_reason, **metadata)
        self.path = path


def _within(path: str, value: int | float, low: float, high: float, unit: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise SettingsError(
            path,
            f"{value!r}{unit} is not within {low:g}..{high:g}{unit}",
            error_reason="OUT_OF_RANGE",
            value=value,
            min=f"{low:g}",
            max=f"{high:g}",
        )


def _one_of(path: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise SettingsError(
            path,
            f"{value!r} is not one of {', '.join(allowed)}",
            error_reason="NOT_ONE_OF",
            value=value,
            allowed=", ".join(allowed),
        )


class _Section:
    """JSON round trip shared by the sections (plain fields only)."""

    section: ClassVar[str]
    #: Keys an older release wrote that are read and dropped (stored sections and
    #: configuration backups keep them).
    retired: ClassVar[frozenset[str]] = frozenset()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_json(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise SettingsError(cls.section, "expected an object")
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        data = {k: v for k, v in data.items() if k not in cls.retired}
        unknown = set(data) - names
        if unknown:
            raise SettingsError(cls.section, f"unknown settings {', '.join(sorted(unknown))}")
        return cls(**data)


@dataclass(frozen=True)
class GeneralSettings(_Section):
    section: ClassVar[str] = "general"
    device_name: str = "Vedette"
    device_number: int = 1
    language: str = "en"
    auto_logout_s: int = 1800  # 0 = never
    auto_login_user: str = ""  # the appliance console's user at start; "" = nobody
    show_wizard: bool = False  # the appliance console opens the wizard at next start

    def __post_init__(self) -> None:
        name = self.device_name
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 64:
            raise SettingsError("general.device_name", "1 to 64 characters")
        if any(not c.isprintable() for c in name):
            raise SettingsError("general.device_name", "printable characters only")
        _within("general.device_number", self.device_number, 1, 999)
        _one_of("general.language", self.language, LANGUAGES)
        if self.auto_logout_s != 0:
            _within("general.auto_logout_s", self.auto_logout_s, 60, 86_400, " s")
        user = self.auto_login_user
        if not isinstance(user, str) or len(user) > 64 or user != user.strip():
            raise SettingsError("general.auto_login_user", "a user name of at most 64 characters")
        if not isinstance(self.show_wizard, bool):
            raise SettingsError("general.show_wizard", "expected true or false")


@dataclass(frozen=True)
class DateTimeSettings(_Section):
    section: ClassVar[str] = "date_time"
    time_zone: str = "UTC"
    date_format: str = "YYYY-MM-DD"
    time_format: str = "24h"
    time_sync: str = "manual"
    ntp_server: str = "pool.ntp.org"

    def __post_init__(self) -> None:
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            raise SettingsError(
                "date_time.time_zone", f"{self.time_zone!r} is not an IANA time zone"
            ) from None
        _one_of("date_time.date_format", self.date_format, DATE_FORMATS)
        _one_of("date_time.time_format", self.time_format, TIME_FORMATS)
        _one_of("date_time.time_sync", self.time_sync, TIME_SYNCS)
        if not isinstance(self.ntp_server, str) or not _HOST.match(self.ntp_server):
            raise SettingsError(
                "date_time.ntp_server", f"{self.ntp_server[:60]!r} is not a host name or address"
            )


@dataclass(frozen=True)
class NetworkSettings(_Section):
    section: ClassVar[str] = "network"
    server_port: int = 6036
    rtsp_port: int = 8554
    rtsp_anonymous: bool = False
    #: ``http_port`` was stored and validated, but nothing ever listened on it.
    retired: ClassVar[frozenset[str]] = frozenset({"http_port"})

    def __post_init__(self) -> None:
        _within("network.server_port", self.server_port, 1, 65535)
        _within("network.rtsp_port", self.rtsp_port, 1, 65535)
        if self.server_port == self.rtsp_port:
            raise SettingsError(
                "network.rtsp_port",
                f"the ports must differ: {self.server_port} twice",
                error_reason="PORT_IN_USE",
                port=self.rtsp_port,
                used_by="network.server_port",
            )
        if not isinstance(self.rtsp_anonymous, bool):
            raise SettingsError("network.rtsp_anonymous", "expected true or false")


@dataclass(frozen=True)
class SecuritySettings(_Section):
    section: ClassVar[str] = "security"
    session_lifetime_s: int = 8 * 3600
    max_failed_logins: int = 5
    lockout_s: int = 300
    password_min_length: int = 8
    password_min_classes: int = 3
    client_certificates: str = "off"

    def __post_init__(self) -> None:
        _within("security.session_lifetime_s", self.session_lifetime_s, 300, 7 * 86_400, " s")
        _within("security.max_failed_logins", self.max_failed_logins, 3, 20)
        _within("security.lockout_s", self.lockout_s, 60, 86_400, " s")
        _within("security.password_min_length", self.password_min_length, 8, 128)
        _within("security.password_min_classes", self.password_min_classes, 1, 4)
        _one_of("security.client_certificates", self.client_certificates, CLIENT_CERTIFICATES)


#: A popup's or the buzzer's duration, as a rule's action accepts it (ALARM-07).
ALARM_DURATION_RANGE_S: Final = (1, 86_400)


@dataclass(frozen=True)
class AlarmNotificationSettings(_Section):
    """ALARM-07's durations: what a rule's video popup, message popup and buzzer
    actions last when the rule leaves their ``duration_s`` out (and the buzzer test)."""

    section: ClassVar[str] = "alarm_notifications"
    video_popup_s: int = 30
    message_popup_s: int = 30
    buzzer_s: int = 10

    def __post_init__(self) -> None:
        low, high = ALARM_DURATION_RANGE_S
        for name in ("video_popup_s", "message_popup_s", "buzzer_s"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingsError(
                    f"alarm_notifications.{name}", f"{value!r} is not whole seconds"
                )
            _within(f"alarm_notifications.{name}", value, low, high, " s")


#: How many cameras the logged-out live view shows at most (LIVE-14).
MAX_LOGGED_OUT_CAMERAS: Final = 64


@dataclass(frozen=True)
class DisplaySettings(_Section):
    """What the appliance's displays show (SYS-04, LIVE-13, LIVE-14): view and tour
    ids (0: none; that they name shared views and tours is checked where the views
    are), and the cameras the logged-out live view shows."""

    section: ClassVar[str] = "display"
    main_view_id: int = 0
    main_tour_id: int = 0
    spot_view_id: int = 0
    spot_tour_id: int = 0
    logged_out_cameras: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name in ("main_view_id", "main_tour_id", "spot_view_id", "spot_tour_id"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SettingsError(f"display.{name}", f"{value!r} is not an id")
        cameras = self.logged_out_cameras
        if not isinstance(cameras, tuple | list) or any(
            isinstance(c, bool) or not isinstance(c, int) or c <= 0 for c in cameras
        ):
            raise SettingsError("display.logged_out_cameras", "expected camera ids")
        if len(set(cameras)) != len(cameras):
            raise SettingsError("display.logged_out_cameras", "a camera is given twice")
        if len(cameras) > MAX_LOGGED_OUT_CAMERAS:
            raise SettingsError(
                "display.logged_out_cameras", f"at most {MAX_LOGGED_OUT_CAMERAS} cameras"
            )
        object.__setattr__(self, "logged_out_cameras", tuple(cameras))

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["logged_out_cameras"] = list(self.logged_out_cameras)
        return data


#: The longest interval between two maintenance restarts (SYS-08).
MAX_RESTART_EVERY_DAYS: Final = 30


@dataclass(frozen=True)
class MaintenanceSettings(_Section):
    """SYS-08: the server restarts itself every ``restart_every_days`` days (0: never)
    at ``restart_hour`` o'clock in ``date_time.time_zone`` (vedette_server.maintenance_restart)."""

    section: ClassVar[str] = "maintenance"
    restart_every_days: int = 0
    restart_hour: int = 3

    def __post_init__(self) -> None:
        for name in ("restart_every_days", "restart_hour"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingsError(f"maintenance.{name}", f"{value!r} is not a whole number")
        _within(
            "maintenance.restart_every_days", self.restart_every_days, 0, MAX_RESTART_EVERY_DAYS
        )
        _within("maintenance.restart_hour", self.restart_hour, 0, 23)


def access_filter_to_json(value: AccessFilter) -> dict[str, Any]:
    return {
        "enabled": value.enabled,
        "mode": value.mode.value,
        "entries": [{"value": e.value, "enabled": e.enabled} for e in value.entries],
    }


def access_filter_from_json(data: Any) -> AccessFilter:
    if not isinstance(data, dict) or set(data) - {"enabled", "mode", "entries"}:
        raise SettingsError("access_filter", "expected an object with enabled, mode, entries")
    try:
        mode = FilterMode(data.get("mode", "block"))
    except ValueError:
        raise SettingsError("access_filter.mode", "choose allow or block") from None
    entries = data.get("entries", [])
    if not isinstance(entries, list) or any(
        not isinstance(e, dict) or not isinstance(e.get("value"), str) for e in entries
    ):
        raise SettingsError("access_filter.entries", "expected a list of {value, enabled}")
    return build_access_filter(
        bool(data.get("enabled", False)),
        mode,
        [FilterEntry(e["value"], bool(e.get("enabled", True))) for e in entries],
    )


def build_access_filter(
    enabled: bool, mode: FilterMode, entries: list[FilterEntry]
) -> AccessFilter:
    """An ``AccessFilter``, with a bad entry reported as a ``SettingsError``."""
    for index, entry in enumerate(entries):
        try:
            AccessFilter(entries=(entry,))
        except ValueError as error:
            raise SettingsError(f"access_filter.entries[{index}]", str(error)) from None
    try:
        return AccessFilter(enabled, mode, tuple(entries))
    except ValueError as error:
        raise SettingsError("access_filter.entries", str(error)) from None


@dataclass(frozen=True)
class Settings:
    """Every section."""

    general: GeneralSettings = field(default_factory=GeneralSettings)
    date_time: DateTimeSettings = field(default_factory=DateTimeSettings)
    network: NetworkSettings = field(default_factory=NetworkSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    access_filter: AccessFilter = field(default_factory=AccessFilter)
    alarm_notifications: AlarmNotificationSettings = field(
        default_factory=AlarmNotificationSettings
    )
    display: DisplaySettings = field(default_factory=DisplaySettings)
    maintenance: MaintenanceSettings = field(default_factory=MaintenanceSettings)

    SECTIONS: ClassVar[tuple[str, ...]] = (
        "general",
        "date_time",
        "network",
        "security",
        "access_filter",
        "alarm_notifications",
        "display",
        "maintenance",
    )

    def section_json(self, name: str) -> dict[str, Any]:
        value = getattr(self, name)
        if isinstance(value, AccessFilter):
            return access_filter_to_json(value)
        section: _Section = value
        return section.to_json()

    def to_json(self) -> dict[str, Any]:
        return {name: self.section_json(name) for name in self.SECTIONS}

    @classmethod
    def section_from_json(cls, name: str, data: Any) -> Any:
        if name == "access_filter":
            return access_filter_from_json(data)
        sections: dict[str, type[_Section]] = {
            "general": GeneralSettings,
            "date_time": DateTimeSettings,
            "network": NetworkSettings,
            "security": SecuritySettings,
            "alarm_notifications": AlarmNotificationSettings,
            "display": DisplaySettings,
            "maintenance": MaintenanceSettings,
        }
        section = sections[name]
        try:
            return section.from_json(data)
        except TypeError as error:  # a value of the wrong type
            raise SettingsError(name, str(error)) from None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        unknown = set(data) - set(cls.SECTIONS)
        if unknown:
            raise SettingsError("settings", f"unknown sections {', '.join(sorted(unknown))}")
        return cls(**{name: cls.section_from_json(name, value) for name, value in data.items()})
