"""``vedette logs|info|settings|config-export|config-import|factory-reset|restart|shutdown``.

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server. Secrets (passphrases, the admin
password) never come from flags: an environment variable or a prompt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from google.protobuf.duration_pb2 import Duration

from vedette_api.cli.format import (
    enum_label,
    format_bytes,
    format_table,
    local_time_from_us,
    message_to_json,
)
from vedette_api.cli.io import Commands, SubParsers, read_secret, write_json
from vedette_api.cli.values import INT64_MAX, result_limit, whole_number
from vedette_api.client import Client
from vedette_api.client.system import LOG_TYPES
from vedette_api.errors import InvalidArgument
from vedette_api.timestamps import US_PER_S, us_from_timestamp
from vedette_api.v1 import storage_pb2, system_pb2


def add_parsers(commands: SubParsers) -> None:
    logs = commands.add_parser("logs", help="search the system log", allow_abbrev=False)
    logs.add_argument("--type", action="append", choices=sorted(LOG_TYPES), dest="types")
    logs.add_argument("--from", dest="time_from", metavar="T")
    logs.add_argument("--to", dest="time_to", metavar="T")
    logs.add_argument("--text", default="", help="entries containing this text")
    logs.add_argument("--camera", type=whole_number(0, INT64_MAX), default=0, metavar="ID")
    logs.add_argument("--limit", type=result_limit, default=100)
    logs.add_argument("--json", action="store_true")
    info = commands.add_parser("info", help="system information")
    info.add_argument("--json", action="store_true")
    settings = commands.add_parser("settings", help="show or change the server's settings")
    tactions = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    tactions.add_parser("show").add_argument("--json", action="store_true")
    tset = tactions.add_parser("set", help="PATH=VALUE ... (e.g. general.device_name=Lobby)")
    tset.add_argument("assignments", nargs="+", metavar="PATH=VALUE")
    cexport = commands.add_parser(
        "config-export", help="export the configuration ($VEDETTE_CONFIG_PASSPHRASE or asked)"
    )
    cexport.add_argument("--out", type=Path, required=True, metavar="FILE")
    cimport = commands.add_parser("config-import", help="import a configuration file")
    cimport.add_argument("file", type=Path)
    cimport.add_argument("--yes", action="store_true", help="import without asking")
    cimport.add_argument("--preview", action="store_true", help="only show what would change")
    reset = commands.add_parser(
        "factory-reset", help="restore the defaults ($VEDETTE_ADMIN_PASSWORD, or asked)"
    )
    reset.add_argument("--erase-cameras-and-recordings", action="store_true")
    reset.add_argument("--yes", action="store_true")
    for name in ("restart", "shutdown"):
        power = commands.add_parser(name, help=f"{name} the server")
        power.add_argument(
            "--in", dest="delay_s", type=whole_number(0, 3600), default=0, metavar="SECONDS"
        )
    commands.add_parser("cancel-restart", help="cancel a pending restart or shutdown")


def logs(client: Client, args: argparse.Namespace, now_us: int, out: TextIO, __: TextIO) -> None:
    entries = list(
        client.search_logs(
            types=args.types,
            start_us=args.time_from_us,
            end_us=args.time_to_us,
            text=args.text,
            camera_id=args.camera,
            limit=args.limit,
        )
    )
    if args.json:
        write_json([message_to_json(e) for e in entries], out)
        return
    rows = [
        [
            local_time_from_us(us_from_timestamp(e.time)),
            enum_label(system_pb2.LogType, e.type, "LOG_TYPE_"),
            e.action,
            e.username or "-",
            e.outcome,
            e.message,
        ]
        for e in entries
    ]
    out.write(format_table(["TIME", "TYPE", "ACTION", "USER", "OUTCOME", "MESSAGE"], rows) + "\n")


def info(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    found = client.get_system_info()
    if args.json:
        write_json(message_to_json(found), out)
        return
    out.write(
        f"{found.device_name} (device {found.device_number}), Vedette {found.version},"
        f" server {found.server_id}\nhost {found.host_name}, {found.platform},"
        f" up {found.uptime.seconds // 3600} h {found.uptime.seconds % 3600 // 60} min,"
        f" {found.sessions} session(s)\n"
        f"cameras: {len(found.cameras)}, {found.cameras_online} online,"
        f" {found.cameras_recording} recording\n"
    )
    for volume in found.volumes:
        state = enum_label(storage_pb2.VolumeState, volume.state, "VOLUME_STATE_", separator="-")
        out.write(
            f"volume {volume.id} {volume.path}: {state},"
            f" {format_bytes(volume.free_bytes)} free of {format_bytes(volume.capacity_bytes)}\n"
        )
    rows = [
        [
            nic.name,
            nic.mac or "-",
            " ".join(f"{a.address}/{a.prefix_length}" for a in nic.addresses) or "-",
            "up" if nic.up else "down",
            f"{nic.rx_bps / 1e6:.2f}",
            f"{nic.tx_bps / 1e6:.2f}",
        ]
        for nic in found.interfaces
    ]
    headers = ["INTERFACE", "MAC", "ADDRESSES", "LINK", "RX Mbit/s", "TX Mbit/s"]
    out.write(format_table(headers, rows) + "\n")


def settings_show(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    found = message_to_json(client.get_settings())
    if args.json:
        write_json(found, out)
        return
    for section, values in found.items():
        for name, value in (values or {}).items():
            out.write(f"{section}.{name} = {json.dumps(value)}\n")


#: The longest duration a setting takes here (the server bounds each one further).
MAX_SETTING_DURATION_S = 366 * 86400


def _parse_duration(text: str) -> Duration:
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        seconds = int(text[:-1]) * units[text[-1]] if text[-1:] in units else int(text)
    except (ValueError, KeyError):
        raise InvalidArgument(f"{text[:40]!r} is not a duration such as 300, 5m, 8h") from None
    if not 0 <= seconds <= MAX_SETTING_DURATION_S:
        raise InvalidArgument(f"{text[:40]!r} is not a duration from 0 to 366 days")
    return Duration(seconds=seconds)


def assign_setting(settings: system_pb2.Settings, assignment: str) -> str:
    """Apply ``PATH=VALUE`` to ``settings`` (typed by the field); returns PATH."""
    path, sep, value = assignment.partition("=")
    section_name, _, field_name = path.strip().partition(".")
    if not sep or not field_name:
        raise InvalidArgument(f"{assignment!r} is not SECTION.FIELD=VALUE")
    if section_name not in system_pb2.Settings.DESCRIPTOR.fields_by_name:
        raise InvalidArgument(f"unknown settings section {section_name!r}")
    section = getattr(settings, section_name)
    field = section.DESCRIPTOR.fields_by_name.get(field_name)
    if field is None:
        raise InvalidArgument(f"unknown setting {path!r}")
    if field.name == "entries":
        del section.entries[:]
        for item in filter(None, (v.strip() for v in value.split(","))):
            section.entries.add(value=item, enabled=True)
    elif field.type == field.TYPE_MESSAGE:
        getattr(section, field.name).CopyFrom(_parse_duration(value))
    elif field.type == field.TYPE_ENUM:
        wanted = value.strip().upper()
        matches = [
            v.number
            for v in field.enum_type.values
            if v.name == wanted or v.name.endswith("_" + wanted)
        ]
        if len(matches) != 1:
            names = ", ".join(v.name for v in field.enum_type.values[1:])
            raise InvalidArgument(f"{path}: {value!r} is not one of {names}")
        setattr(section, field.name, matches[0])
    elif field.type == field.TYPE_BOOL:
        if value.lower() not in ("true", "false", "on", "off", "yes", "no", "1", "0"):
            raise InvalidArgument(f"{path}: {value!r} is not true or false")
        setattr(section, field.name, value.lower() in ("true", "on", "yes", "1"))
    elif field.type in (field.TYPE_INT32, field.TYPE_INT64):
        try:
            number = int(value)
        except ValueError:
            raise InvalidArgument(f"{path}: {value[:40]!r} is not a whole number") from None
        bits = 31 if field.type == field.TYPE_INT32 else 63
        if not -(2**bits) <= number < 2**bits:
            raise InvalidArgument(f"{path}: {value[:40]!r} is out of range")
        setattr(section, field.name, number)
    else:
        setattr(section, field.name, value)
    return f"{section_name}.{field_name}"


def settings_set(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    settings = system_pb2.Settings()
    paths = [assign_setting(settings, a) for a in args.assignments]
    response = client.update_settings(settings, paths)
    out.write(f"changed {', '.join(paths)}\n")
    if response.restart_required:
        out.write("the change takes effect when the server restarts: vedette restart\n")


# -- configuration, reset, power ----------------------------------------------------------------


def _changes_text(changes: Any) -> str:
    lines = [
        f"  {c.action} {c.kind} {c.name}" + (f" ({', '.join(c.fields)})" if c.fields else "")
        for c in changes
    ]
    return "\n".join(lines) or "  nothing changes"


def _confirmed(question: str) -> bool:
    """Whether the person at the terminal answers yes (no terminal: no)."""
    return sys.stdin.isatty() and input(question).strip().lower() in ("y", "yes")


def config_export(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    passphrase = read_secret(
        "VEDETTE_CONFIG_PASSPHRASE", "Passphrase to encrypt the file: ", confirm=True
    )
    found = client.export_config(passphrase)
    partial = args.out.with_name(args.out.name + ".part")
    partial.write_bytes(found.data)
    os.replace(partial, args.out)
    out.write(f"exported the configuration to {args.out} ({len(found.data)} bytes)\n")


def config_import(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    data = args.file.read_bytes()
    passphrase = read_secret("VEDETTE_CONFIG_PASSPHRASE", "Passphrase of the file: ")
    preview = client.preview_config_import(data, passphrase)
    out.write(
        f"exported by server {preview.source_server_id} on"
        f" {local_time_from_us(us_from_timestamp(preview.export_time))},"
        f" signed by key {preview.signer_fingerprint}\nimporting changes:\n"
        f"{_changes_text(preview.changes)}\n"
    )
    if args.preview:
        return
    if not args.yes and not _confirmed("Import? [y/N] "):
        out.write("nothing imported\n")
        return
    changes = client.import_config(data, passphrase)
    out.write(f"imported: {len(changes)} change(s)\n")


def factory_reset(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    if not args.yes and not _confirmed("Restore every default setting? [y/N] "):
        out.write("nothing reset\n")
        return
    password = read_secret("VEDETTE_ADMIN_PASSWORD", "The admin password, again: ")
    client.factory_reset(password, erase_cameras_and_recordings=args.erase_cameras_and_recordings)
    out.write("defaults restored\n")


def restart(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    when_us = client.restart(args.delay_s * US_PER_S)
    out.write(f"the server restarts at {local_time_from_us(when_us)}\n")


def shutdown(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    when_us = client.shutdown(args.delay_s * US_PER_S)
    out.write(f"the server stops at {local_time_from_us(when_us)}\n")


def cancel_restart(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    client.cancel_power_action()
    out.write("the pending restart or shutdown is cancelled\n")


COMMANDS: Commands = {
    ("logs", None): logs,
    ("info", None): info,
    ("settings", "show"): settings_show,
    ("settings", "set"): settings_set,
    ("config-export", None): config_export,
    ("config-import", None): config_import,
    ("factory-reset", None): factory_reset,
    ("restart", None): restart,
    ("shutdown", None): shutdown,
    ("cancel-restart", None): cancel_restart,
}
