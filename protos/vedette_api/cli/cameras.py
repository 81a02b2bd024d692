"""The commands of the ``vedette`` CLI, each run on a connected ``Client``.

Each command takes the validated arguments (``vedette_api.cli``), calls the SDK and
writes its result to ``out``: an aligned table or a sentence for people, or JSON
with ``--json`` (``vedette_api.cli.format``). Errors propagate as ``VedetteError``;
the caller prints them. Every command blocks on the server.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any, TextIO

from vedette_api.cli.admin import admin_commands
from vedette_api.cli.export import export_commands, run_task
from vedette_api.cli.format import (
    STATUS_RIGHT_ALIGNED,
    VOLUME_RIGHT_ALIGNED,
    camera_json,
    camera_list_rows,
    enum_label,
    export_progress_line,
    format_bytes,
    format_table,
    local_time_from_us,
    message_to_json,
    not_recording_lines,
    rfc3339_from_us,
    status_rows,
    timeline_gaps_us,
    timeline_json,
    timeline_rows,
    volume_rows,
)
from vedette_api.cli.images import image_commands
from vedette_api.cli.live import live_commands
from vedette_api.cli.play import play
from vedette_api.cli.search import search_commands
from vedette_api.cli.timeparse import format_duration_us
from vedette_api.client import Client
from vedette_api.errors import Unimplemented, VedetteError
from vedette_api.evidence import SIGNATURE_SUFFIX
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import common_pb2, export_pb2, search_pb2, storage_pb2

STREAMS: dict[str, common_pb2.Stream] = {
    "main": common_pb2.STREAM_MAIN,
    "sub": common_pb2.STREAM_SUB,
}
FORMATS: dict[str, export_pb2.ExportFormat] = {
    "mp4": export_pb2.EXPORT_FORMAT_MP4,
    "mkv": export_pb2.EXPORT_FORMAT_MKV,
    "avi": export_pb2.EXPORT_FORMAT_AVI,
}

PROGRESS_INTERVAL_S = 0.2

Command = Callable[[Client, argparse.Namespace, int, TextIO, TextIO], None]


def _print_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _volume_state(volume: storage_pb2.Volume) -> str:
    return enum_label(storage_pb2.VolumeState, volume.state, "VOLUME_STATE_", separator="-")


def cameras_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.create_camera(
        args.name,
        args.main_url,
        sub_url=args.sub_url,
        camera_user=args.cam_user,
        camera_password=args.cam_password,
        disk_group=args.disk_group,
        expiry_days=args.expiry_days,
        record_audio=not args.no_audio,
    )
    out.write(f"added camera {camera.id} ({camera.name})\n")
    if not _has_writable_volume(client, camera.disk_group):
        group = camera.disk_group
        err.write(
            f"vedette: warning: disk group {group} has no writable volume: camera"
            f" {camera.name} records nothing until one is added (vedette volumes add PATH"
            f" --disk-group {group}, then vedette volumes init ID)\n"
        )


def _has_writable_volume(client: Client, disk_group: int) -> bool:
    """Whether disk group ``disk_group`` has a volume to record to (True when this
    user may not see the volumes: nothing to warn of then)."""
    try:
        volumes = client.list_volumes()
    except VedetteError:
        return True
    writable = storage_pb2.VOLUME_STATE_READ_WRITE
    return any(v.disk_group == disk_group and v.state == writable for v in volumes)


def cameras_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    cameras = client.list_cameras()
    if args.json:
        _print_json([camera_json(camera) for camera in cameras], out)
    elif not cameras:
        out.write("no cameras; add one with: vedette cameras add --name NAME --main URL\n")
    else:
        headers, rows = camera_list_rows(cameras)
        out.write(format_table(headers, rows) + "\n")


def cameras_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    client.delete_camera(camera.id)
    out.write(f"removed camera {camera.id} ({camera.name}) and its recordings\n")


def volumes_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    volumes = client.list_volumes()
    if args.json:
        _print_json([message_to_json(volume) for volume in volumes], out)
    elif not volumes:
        out.write("no volumes; add one with: vedette volumes add PATH\n")
    else:
        headers, rows = volume_rows(volumes)
        out.write(format_table(headers, rows, right=VOLUME_RIGHT_ALIGNED) + "\n")


def volumes_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    volume = client.add_volume(args.path, disk_group=args.disk_group)
    out.write(f"added volume {volume.id} ({volume.path}), state {_volume_state(volume)}\n")
    if volume.state == storage_pb2.VOLUME_STATE_NONE:
        out.write(f"initialise it to record on it: vedette volumes init {volume.id}\n")


def volumes_init(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    volume = client.initialize_volume(args.volume_id, force=args.force)
    out.write(f"volume {volume.id} ({volume.path}) is now {_volume_state(volume)}\n")


def timeline(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    found = client.get_timeline(
        [camera.id], args.start_us, args.end_us, stream=STREAMS[args.stream]
    )
    line = next(
        (item for item in found if item.camera_id == camera.id),
        search_pb2.CameraTimeline(camera_id=camera.id),
    )
    if args.json:
        result = timeline_json(line, camera.name)
        result.update(
            start_time=rfc3339_from_us(args.start_us),
            end_time=rfc3339_from_us(args.end_us),
            stream=args.stream,
        )
        _print_json(result, out)
        return
    recorded_us = sum(
        us_from_timestamp(run.end_time) - us_from_timestamp(run.start_time) for run in line.runs
    )
    out.write(
        f"camera {camera.id} ({camera.name}), {args.stream} stream, "
        f"{local_time_from_us(args.start_us)} to {local_time_from_us(args.end_us)}: "
        f"{len(line.runs)} runs, {len(timeline_gaps_us(line))} gaps, "
        f"{format_duration_us(recorded_us)} recorded\n"
    )
    if line.runs:
        headers, rows = timeline_rows(line)
        out.write(format_table(headers, rows) + "\n")


def export(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    if args.out is None:
        run_task(client, args, out, err)
        return
    camera = client.find_camera(args.camera)
    show_progress = err.isatty()
    last_shown = [0.0]

    def progress(piece: export_pb2.ExportRecordingResponse) -> None:
        now_s = time.monotonic()
        if show_progress and now_s - last_shown[0] >= PROGRESS_INTERVAL_S:
            last_shown[0] = now_s
            line = export_progress_line(piece, start_us=args.start_us, end_us=args.end_us)
            err.write(f"\rexporting: {line}\033[K")
            err.flush()

    try:
        size_bytes = client.export_to_file(
            camera.id,
            args.start_us,
            args.end_us,
            args.out,
            export_format=FORMATS[args.format],
            stream=STREAMS[args.stream],
            progress=progress,
        )
    finally:
        if show_progress:
            err.write("\n")
    signature = args.out.with_name(args.out.name + SIGNATURE_SUFFIX)
    signed = (
        f", signed in {signature} (check with: vedette verify {args.out})"
        if signature.exists()
        else " (not signed: the server is older than signed streamed exports)"
    )
    out.write(
        f"exported {format_bytes(size_bytes)} of camera {camera.name} to {args.out}{signed}\n"
    )


def _server_line(client: Client, now_us: int) -> tuple[str, dict[str, Any] | None]:
    try:
        info = client.get_server_info()
    except Unimplemented:
        return f"server {client.server}", None
    skew_s = (us_from_timestamp(info.server_time) - now_us) / 1e6
    text = (
        f"server {client.server}, version {info.version}, id {info.server_id}, "
        f"clock {skew_s:+.1f} s from this machine"
    )
    return text, message_to_json(info)


def status(client: Client, args: argparse.Namespace, now_us: int, out: TextIO, __: TextIO) -> None:
    server_text, server_json = _server_line(client, now_us)
    cameras = client.list_cameras()
    volumes = client.list_volumes()
    if args.json:
        _print_json(
            {
                "server": server_json,
                "cameras": [camera_json(camera) for camera in cameras],
                "volumes": [message_to_json(volume) for volume in volumes],
            },
            out,
        )
        return
    if client.certificate_fingerprint:
        server_text += f"\nTLS certificate SHA-256 {client.certificate_fingerprint}"
    out.write(server_text + "\n\n")
    if cameras:
        headers, rows = status_rows(cameras, now_us=now_us)
        out.write(format_table(headers, rows, right=STATUS_RIGHT_ALIGNED) + "\n")
        out.write("".join(f"{line}\n" for line in not_recording_lines(cameras)) + "\n")
    else:
        out.write("no cameras\n\n")
    if volumes:
        headers, rows = volume_rows(volumes)
        out.write(format_table(headers, rows, right=VOLUME_RIGHT_ALIGNED) + "\n")
    else:
        out.write("no volumes\n")


COMMANDS: dict[tuple[str, str | None], Command] = {
    ("cameras", "add"): cameras_add,
    ("cameras", "list"): cameras_list,
    ("cameras", "rm"): cameras_rm,
    ("volumes", "list"): volumes_list,
    ("volumes", "add"): volumes_add,
    ("volumes", "init"): volumes_init,
    ("timeline", None): timeline,
    ("export", None): export,
    ("status", None): status,
    ("play", None): play,
}


COMMANDS.update(admin_commands())
COMMANDS.update(search_commands())
COMMANDS.update(export_commands())
COMMANDS.update(image_commands())
COMMANDS.update(live_commands())


def run_command(
    client: Client, args: argparse.Namespace, *, now_us: int, out: TextIO, err: TextIO
) -> int:
    """Run the command ``args`` names; returns the exit status (0)."""
    command = COMMANDS[(args.command, getattr(args, "action", None))]
    command(client, args, now_us, out, err)
    return 0
