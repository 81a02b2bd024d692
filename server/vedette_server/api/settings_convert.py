"""Settings between protobuf (``system.proto``) and the domain (``vedette_server.settings``).

``apply_mask`` builds new settings from the current ones and the fields an update
names, so validation happens once, in the domain constructors, and a bad value is
reported with its path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, MutableSequence
from typing import Any

from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import system_pb2
from vedette_server.accounts.access_filter import FilterEntry, FilterMode
from vedette_server.api.convert import timestamp
from vedette_server.errors import InvalidArgument
from vedette_server.settings.model import (
    AlarmNotificationSettings,
    DateTimeSettings,
    DisplaySettings,
    GeneralSettings,
    MaintenanceSettings,
    NetworkSettings,
    SecuritySettings,
    Settings,
    build_access_filter,
)

_LANGUAGES = {system_pb2.LANGUAGE_ENGLISH: "en", system_pb2.LANGUAGE_FRENCH: "fr"}
_DATES = {
    system_pb2.DATE_FORMAT_YYYY_MM_DD: "YYYY-MM-DD",
    system_pb2.DATE_FORMAT_MM_DD_YYYY: "MM/DD/YYYY",
    system_pb2.DATE_FORMAT_DD_MM_YYYY: "DD/MM/YYYY",
}
_TIMES = {system_pb2.TIME_FORMAT_24_HOUR: "24h", system_pb2.TIME_FORMAT_12_HOUR: "12h"}
_SYNCS = {system_pb2.TIME_SYNC_MANUAL: "manual", system_pb2.TIME_SYNC_NTP: "ntp"}
_CERTS = {
    system_pb2.CLIENT_CERTIFICATES_OFF: "off",
    system_pb2.CLIENT_CERTIFICATES_REQUIRED: "required",
}
_MODES = {
    system_pb2.FILTER_MODE_ALLOW: FilterMode.ALLOW,
    system_pb2.FILTER_MODE_BLOCK: FilterMode.BLOCK,
}


def _inverse(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    return {value: key for key, value in mapping.items()}


def _seconds(value: int) -> Duration:
    return Duration(seconds=value)


def _from_duration(path: str, value: Duration) -> int:
    if value.nanos or value.seconds < 0:
        raise InvalidArgument(path, "a whole, non-negative number of seconds")
    return int(value.seconds)


def _enum(path: str, mapping: Mapping[Any, Any], number: int) -> Any:
    if number not in mapping:
        raise InvalidArgument(path, f"unknown or unset value {number}")
    return mapping[number]


def settings_message(
    settings: Settings, *, applied_to_host: bool, next_restart_us: int | None = None
) -> system_pb2.Settings:
    """``next_restart_us``: when the maintenance restart is due (unset: none is)."""
    g, d, n, s, a, al, di = (
        settings.general,
        settings.date_time,
        settings.network,
        settings.security,
        settings.access_filter,
        settings.alarm_notifications,
        settings.display,
    )
    return system_pb2.Settings(
        general=system_pb2.GeneralSettings(
            device_name=g.device_name,
            device_number=g.device_number,
            language=_inverse(_LANGUAGES)[g.language],
            auto_logout=_seconds(g.auto_logout_s),
            auto_login_user=g.auto_login_user,
            show_wizard=g.show_wizard,
        ),
        date_time=system_pb2.DateTimeSettings(
            time_zone=d.time_zone,
            date_format=_inverse(_DATES)[d.date_format],
            time_format=_inverse(_TIMES)[d.time_format],
            time_sync=_inverse(_SYNCS)[d.time_sync],
            ntp_server=d.ntp_server,
            applied_to_host=applied_to_host,
        ),
        network=system_pb2.NetworkSettings(
            server_port=n.server_port,
            rtsp_port=n.rtsp_port,
            rtsp_anonymous=n.rtsp_anonymous,
        ),
        security=system_pb2.SecuritySettings(
            session_lifetime=_seconds(s.session_lifetime_s),
            max_failed_logins=s.max_failed_logins,
            lockout=_seconds(s.lockout_s),
            password_min_length=s.password_min_length,
            password_min_classes=s.password_min_classes,
            client_certificates=_inverse(_CERTS)[s.client_certificates],
        ),
        access_filter=system_pb2.AccessFilter(
            enabled=a.enabled,
            mode=_inverse(_MODES)[a.mode],
            entries=[system_pb2.FilterEntry(value=e.value, enabled=e.enabled) for e in a.entries],
        ),
        alarm_notifications=system_pb2.AlarmNotificationSettings(
            video_popup=_seconds(al.video_popup_s),
            message_popup=_seconds(al.message_popup_s),
            buzzer=_seconds(al.buzzer_s),
        ),
        display=system_pb2.DisplaySettings(
            main_view_id=di.main_view_id,
            main_tour_id=di.main_tour_id,
            spot_view_id=di.spot_view_id,
            spot_tour_id=di.spot_tour_id,
            logged_out_cameras=list(di.logged_out_cameras),
        ),
        maintenance=system_pb2.MaintenanceSettings(
            restart_every_days=settings.maintenance.restart_every_days,
            restart_hour=settings.maintenance.restart_hour,
            next_restart_time=timestamp(next_restart_us),
        ),
    )


def _general(m: system_pb2.GeneralSettings) -> dict[str, Any]:
    return {
        "device_name": m.device_name,
        "device_number": m.device_number,
        "language": _enum("general.language", _LANGUAGES, m.language),
        "auto_logout_s": _from_duration("general.auto_logout", m.auto_logout),
        "auto_login_user": m.auto_login_user,
        "show_wizard": m.show_wizard,
    }


def _date_time(m: system_pb2.DateTimeSettings) -> dict[str, Any]:
    return {
        "time_zone": m.time_zone,
        "date_format": _enum("date_time.date_format", _DATES, m.date_format),
        "time_format": _enum("date_time.time_format", _TIMES, m.time_format),
        "time_sync": _enum("date_time.time_sync", _SYNCS, m.time_sync),
        "ntp_server": m.ntp_server,
    }


def _network(m: system_pb2.NetworkSettings) -> dict[str, Any]:
    return {
        "server_port": m.server_port,
        "rtsp_port": m.rtsp_port,
        "rtsp_anonymous": m.rtsp_anonymous,
    }


def _security(m: system_pb2.SecuritySettings) -> dict[str, Any]:
    return {
        "session_lifetime_s": _from_duration("security.session_lifetime", m.session_lifetime),
        "max_failed_logins": m.max_failed_logins,
        "lockout_s": _from_duration("security.lockout", m.lockout),
        "password_min_length": m.password_min_length,
        "password_min_classes": m.password_min_classes,
        "client_certificates": _enum("security.client_certificates", _CERTS, m.client_certificates),
    }


def _alarm_notifications(m: system_pb2.AlarmNotificationSettings) -> dict[str, Any]:
    return {
        "video_popup_s": _from_duration("alarm_notifications.video_popup", m.video_popup),
        "message_popup_s": _from_duration("alarm_notifications.message_popup", m.message_popup),
        "buzzer_s": _from_duration("alarm_notifications.buzzer", m.buzzer),
    }


def _display(m: system_pb2.DisplaySettings) -> dict[str, Any]:
    return {
        "main_view_id": m.main_view_id,
        "main_tour_id": m.main_tour_id,
        "spot_view_id": m.spot_view_id,
        "spot_tour_id": m.spot_tour_id,
        "logged_out_cameras": tuple(m.logged_out_cameras),
    }


def _maintenance(m: system_pb2.MaintenanceSettings) -> dict[str, Any]:
    return {"restart_every_days": m.restart_every_days, "restart_hour": m.restart_hour}


# Section → (domain class, converter of the whole section, proto → domain field names).
_SECTIONS: dict[str, tuple[type, Any, dict[str, str]]] = {
    "general": (GeneralSettings, _general, {"auto_logout": "auto_logout_s"}),
    "date_time": (DateTimeSettings, _date_time, {}),
    "network": (NetworkSettings, _network, {}),
    "security": (
        SecuritySettings,
        _security,
        {"session_lifetime": "session_lifetime_s", "lockout": "lockout_s"},
    ),
    "alarm_notifications": (
        AlarmNotificationSettings,
        _alarm_notifications,
        {"video_popup": "video_popup_s", "message_popup": "message_popup_s", "buzzer": "buzzer_s"},
    ),
    "display": (DisplaySettings, _display, {}),
    "maintenance": (MaintenanceSettings, _maintenance, {}),
}
#: Output-only fields an update mask may not name.
_OUTPUT_ONLY = frozenset({"applied_to_host", "next_restart_time"})
_ENUMS: dict[str, Mapping[Any, Any]] = {
    "general.language": _LANGUAGES,
    "date_time.date_format": _DATES,
    "date_time.time_format": _TIMES,
    "date_time.time_sync": _SYNCS,
    "security.client_certificates": _CERTS,
}


def _access_filter(current: Settings, message: system_pb2.AccessFilter, field: str) -> Settings:
    if field and field not in ("enabled", "mode", "entries"):
        raise InvalidArgument("update_mask", f"unknown setting 'access_filter.{field}'")
    old = current.access_filter
    enabled = message.enabled if field in ("", "enabled") else old.enabled
    mode = _enum("access_filter.mode", _MODES, message.mode) if field in ("", "mode") else old.mode
    entries = (
        [FilterEntry(e.value, e.enabled) for e in message.entries]
        if field in ("", "entries")
        else list(old.entries)
    )
    return dataclasses.replace(current, access_filter=build_access_filter(enabled, mode, entries))


def _field_value(section: str, field: str, message: Any) -> dict[str, Any]:
    """One proto field of a section, as its domain field."""
    path = f"{section}.{field}"
    domain_name = _SECTIONS[section][2].get(field, field)
    value = getattr(message, field)
    if isinstance(value, Duration):
        return {domain_name: _from_duration(path, value)}
    if path in _ENUMS:
        return {domain_name: _enum(path, _ENUMS[path], value)}
    if isinstance(value, MutableSequence):  # a repeated field (display.logged_out_cameras)
        return {domain_name: tuple(value)}
    return {domain_name: value}


def apply_mask(current: Settings, message: system_pb2.Settings, paths: list[str]) -> Settings:
    """``current`` with the fields named by ``paths`` taken from ``message``."""
    if not paths:
        raise InvalidArgument("update_mask", "names no setting to change")
    result = current
    for path in paths:
        section, _, field = path.partition(".")
        if section == "access_filter":
            result = _access_filter(result, message.access_filter, field)
            continue
        if section not in _SECTIONS:
            raise InvalidArgument("update_mask", f"unknown setting {path!r}")
        kind, convert, _ = _SECTIONS[section]
        section_message = getattr(message, section)
        known = set(section_message.DESCRIPTOR.fields_by_name) - _OUTPUT_ONLY
        if field and field not in known:
            raise InvalidArgument("update_mask", f"unknown setting {path!r}")
        values = (
            _field_value(section, field, section_message) if field else convert(section_message)
        )
        merged = {**dataclasses.asdict(getattr(result, section)), **values}
        result = dataclasses.replace(result, **{section: kind(**merged)})
    return result


def sections_of(paths: list[str]) -> set[str]:
    """The sections an update mask touches."""
    return {path.partition(".")[0] for path in paths}
