"""The System pages' calls (SYS-02, SYS-03, SYS-05, SYS-07, SYS-09..11, NET-01,
NET-04): the server's settings and system information, its clock, the system log,
configuration backup and restore, factory reset, restart and shutdown.

A settings change names the paths it changes (``general.device_name``…), so a page
never overwrites what another operator changed in another field meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.errors import PermissionDenied
from vedette_api.timestamps import US_PER_S, us_from_timestamp
from vedette_api.v1 import system_pb2
from vedette_console.operations.server_op import ServerOp
from vedette_console.time_display import TimeDisplay

#: How many log entries one page of the system log shows.
LOG_PAGE = 200
#: A larger file is not a configuration backup (they are kilobytes to a few MB).
MAX_CONFIG_BYTES = 64 * 1024 * 1024


def get_settings(*, parent: QObject | None) -> ServerOp[system_pb2.Settings]:
    return ServerOp(parent, lambda client: client.get_settings())


def update_settings(
    *, parent: QObject | None, settings: system_pb2.Settings, paths: list[str]
) -> ServerOp[system_pb2.UpdateSettingsResponse]:
    """Change the fields named by ``paths``; the server refuses the whole change,
    naming the field, when one value is bad."""
    return ServerOp(parent, lambda client: client.update_settings(settings, paths))


def system_info(*, parent: QObject | None) -> ServerOp[system_pb2.GetSystemInfoResponse]:
    return ServerOp(parent, lambda client: client.get_system_info())


def _info_and_display(client: Client) -> tuple[system_pb2.GetSystemInfoResponse, TimeDisplay]:
    return client.get_system_info(), TimeDisplay.from_settings(client.get_settings().date_time)


def system_info_and_display(
    *, parent: QObject | None
) -> ServerOp[tuple[system_pb2.GetSystemInfoResponse, TimeDisplay]]:
    """The system information and the server's zone and formats to show its clock in
    (whether or not the session has read them yet)."""
    return ServerOp(parent, _info_and_display)


def _user_names(client: Client) -> list[str] | None:
    try:
        return [user.name for user in client.list_users() if user.enabled]
    except PermissionDenied:
        return None


def enabled_user_names(*, parent: QObject | None) -> ServerOp[list[str] | None]:
    """The enabled users' names, or None when the caller may not list users."""
    return ServerOp(parent, _user_names)


def set_system_time(*, parent: QObject | None, time_us: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.set_system_time(time_us))


@dataclass(frozen=True)
class LogQuery:
    """A system log search: types (``vedette_api.client.system.LOG_TYPES`` names;
    empty = every type), ``[start_us, end_us)`` (None = open) and a text."""

    types: tuple[str, ...] = ()
    start_us: int | None = None
    end_us: int | None = None
    text: str = ""
    #: Entries per page.
    page_size: int = LOG_PAGE


@dataclass(frozen=True)
class LogPage:
    entries: list[system_pb2.LogEntry]
    #: Whether older entries match too.
    more: bool
    #: The names of the cameras the caller may see, by id (entries name cameras by id).
    camera_names: dict[int, str]


def _search(client: Client, query: LogQuery, older_than: system_pb2.LogEntry | None) -> LogPage:
    end_us = query.end_us
    if older_than is not None:
        # Entries at the oldest shown instant may not all have been shown: ask up to
        # and including it, and leave out the ids already seen (ids grow with time).
        end_us = us_from_timestamp(older_than.time) + 1
    found = client.search_logs(
        types=list(query.types),
        start_us=query.start_us,
        end_us=end_us,
        text=query.text,
        limit=2 * query.page_size + 1,
    )
    entries = [e for e in found if older_than is None or e.id < older_than.id]
    names = {camera.id: camera.name for camera in client.list_cameras()}
    return LogPage(entries[: query.page_size], len(entries) > query.page_size, names)


def search_logs(
    *, parent: QObject | None, query: LogQuery, older_than: system_pb2.LogEntry | None = None
) -> ServerOp[LogPage]:
    """A page of matching entries, newest first; ``older_than`` (the last entry
    shown) for the next page."""
    return ServerOp(parent, lambda client: _search(client, query, older_than))


def export_config(
    *, parent: QObject | None, passphrase: str
) -> ServerOp[system_pb2.ExportConfigResponse]:
    return ServerOp(parent, lambda client: client.export_config(passphrase))


def _export_to(client: Client, passphrase: str, path: Path) -> Path:
    path.write_bytes(client.export_config(passphrase).data)
    return path


def export_config_to(*, parent: QObject | None, passphrase: str, path: Path) -> ServerOp[Path]:
    """The configuration, encrypted under ``passphrase``, written to ``path``."""
    return ServerOp(parent, lambda client: _export_to(client, passphrase, path))


def read_config_file(path: Path) -> bytes:
    """Blocking: a configuration file's bytes; a clear error for a file too large
    to be one."""
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise ValueError(f"{path.name} is {size} bytes: not a configuration file")
    return path.read_bytes()


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    data: bytes
    preview: system_pb2.PreviewConfigImportResponse


def _preview(client: Client, path: Path, passphrase: str) -> ImportPreview:
    data = read_config_file(path)
    return ImportPreview(path, data, client.preview_config_import(data, passphrase))


def preview_import(
    *, parent: QObject | None, path: Path, passphrase: str
) -> ServerOp[ImportPreview]:
    """Read ``path`` and ask the server what importing it would change (nothing
    changes yet; a bad file or passphrase is refused with the reason)."""
    return ServerOp(parent, lambda client: _preview(client, path, passphrase))


def import_config(
    *, parent: QObject | None, data: bytes, passphrase: str
) -> ServerOp[list[system_pb2.ConfigChange]]:
    return ServerOp(parent, lambda client: client.import_config(data, passphrase))


def factory_reset(
    *, parent: QObject | None, admin_password: str, erase_cameras_and_recordings: bool
) -> ServerOp[None]:
    return ServerOp(
        parent,
        lambda client: client.factory_reset(
            admin_password, erase_cameras_and_recordings=erase_cameras_and_recordings
        ),
    )


def power_action(
    *, parent: QObject | None, restart: bool, delay_s: int, host: bool = False
) -> ServerOp[int]:
    """Restart (or shut down) the server after ``delay_s``, and its machine with
    ``host``; when it will happen (µs)."""
    delay_us = delay_s * US_PER_S
    if restart:
        return ServerOp(parent, lambda client: client.restart(delay_us, host=host))
    return ServerOp(parent, lambda client: client.shutdown(delay_us, host=host))


def cancel_power_action(*, parent: QObject | None) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.cancel_power_action())
