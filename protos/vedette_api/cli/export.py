"""``vedette export`` (one file streamed to ``--out``, or an export task followed to
the end: ``--download DIR`` or ``--root NAME``), ``vedette exports …`` (export tasks)
and ``vedette verify`` (no server). At a site directory, ``export`` of a site camera
writes one signed file per server that held it and a manifest (``site_custody``).

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on it. ``verify`` reads files only (the entry
point runs it without connecting); its exit status says how far the export is
proven: 0 authentic (the signer is the key given with ``--key``, or the key this
user's CLI learnt from the server when logging in to it,
``vedette_api.client.known_signers``), 3 intact but signed by an unknown key (not
proven to come from the server it names), 1 not authentic (changed, or signed by
another key than the server's).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TextIO

from vedette_api.cli.format import (
    enum_label,
    export_progress_line,
    format_bytes,
    format_table,
    local_time_from_us,
    message_to_json,
)
from vedette_api.cli.io import Command, Commands, SubParsers, add_range_options, write_json
from vedette_api.cli.site_custody import site_export
from vedette_api.cli.values import record_id
from vedette_api.client import Client
from vedette_api.client.known_signers import KnownSigningKeys, default_known_signing_keys_path
from vedette_api.errors import ServerError, VedetteError
from vedette_api.evidence import SIGNATURE_SUFFIX, normalise_fingerprint, verify
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import export_pb2

#: The containers ``--out`` streams (``native`` is a folder: tasks only).
EXPORT_FORMATS = ("mp4", "mkv", "avi")
FORMATS: dict[str, export_pb2.ExportFormat] = {
    "mp4": export_pb2.EXPORT_FORMAT_MP4,
    "mkv": export_pb2.EXPORT_FORMAT_MKV,
    "avi": export_pb2.EXPORT_FORMAT_AVI,
}
PROGRESS_INTERVAL_S = 0.2
#: ``vedette verify``'s exit statuses (besides 2, a usage error).
VERIFY_AUTHENTIC, VERIFY_NOT_AUTHENTIC, VERIFY_UNKNOWN_SIGNER = 0, 1, 3


def _fingerprint(text: str) -> str:
    try:
        return normalise_fingerprint(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_parsers(commands: SubParsers) -> None:
    export = commands.add_parser(
        "export",
        help="export a recording: stream one file (--out), or run an export task that"
        " writes on the server (--root) or is downloaded (--download)",
        allow_abbrev=False,
    )
    add_range_options(export)
    export.add_argument(
        "--format",
        choices=(*EXPORT_FORMATS, "native"),
        help="container (default: from --out's extension; native: tasks only)",
    )
    where = export.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--out", type=Path, metavar="FILE", help="stream to this file (signed: FILE.vsig)"
    )
    where.add_argument(
        "--download", type=Path, metavar="DIR", help="run a task, download its signed files here"
    )
    where.add_argument(
        "--root", metavar="NAME[/SUBDIR]", help="run a task writing into a server export root"
    )
    export.add_argument("--wait", action="store_true", help="with --root: wait, showing progress")
    exports = commands.add_parser("exports", help="export tasks: list, follow, pause, download")
    actions = exports.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list").add_argument("--json", action="store_true")
    for name in ("show", "pause", "resume", "cancel", "rm"):
        actions.add_parser(name).add_argument("task_id", type=record_id, metavar="ID")
    download = actions.add_parser("download", help="a finished task's files and manifest")
    download.add_argument("task_id", type=record_id, metavar="ID")
    download.add_argument("folder", type=Path, metavar="DIR")
    actions.add_parser("roots", help="where tasks may write on the server")
    check = commands.add_parser(
        "verify",
        help="check an export's signed manifest (offline); exit status 0 authentic,"
        " 3 intact but signed by an unknown key, 1 not authentic",
    )
    check.add_argument("path", type=Path, metavar="PATH", help="an exported file, folder or .vsig")
    check.add_argument(
        "--key",
        metavar="FINGERPRINT",
        type=_fingerprint,
        help="require this signing key (the server's GetServerInfo.signing_key_fingerprint);"
        " default: the key learnt when this CLI last logged in to the server the export names",
    )


def _state(task: export_pb2.ExportTaskInfo) -> str:
    return enum_label(export_pb2.ExportTaskState, task.state, "EXPORT_TASK_STATE_")


def _line(task: export_pb2.ExportTaskInfo) -> str:
    eta = f", {task.eta.seconds} s left" if task.HasField("eta") else ""
    return (
        f"task {task.id}: {_state(task)} {task.percent:5.1f}% {format_bytes(task.bytes_done)}{eta}"
    )


def export(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    camera = client.find_camera(args.camera)
    if camera.recording_server:  # a site directory: a file from each server, by custody
        site_export(client, camera, args, FORMATS, out)
        return
    if args.out is None:
        run_task(client, args, out, err)
        return
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
            stream=args.stream,
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


def run_task(client: Client, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    """``vedette export CAMERA --from --to --download DIR | --root NAME[/SUBDIR]``."""
    camera = client.find_camera(args.camera)
    root, subdir = "", ""
    if args.root:
        root, _, subdir = args.root.partition("/")
    task = client.create_export_task(
        items=[(camera.id, args.start_us, args.end_us)],
        export_format=args.format,
        stream=args.stream,
        root=root,
        subdir=subdir,
    )
    out.write(f"export task {task.id} started: {task.folder}\n")
    if args.root and not args.wait:
        return
    show = err.isatty()

    def progress(current: export_pb2.ExportTaskInfo) -> None:
        if show:
            err.write(f"\r{_line(current)}\033[K")
            err.flush()

    done = client.wait_for_export_task(task.id, progress=progress)
    if show:
        err.write("\n")
    if done.state != export_pb2.EXPORT_TASK_STATE_DONE:
        raise ServerError(
            f"export task {done.id} {_state(done)}: {done.error or 'no reason given'}"
        )
    if args.download:
        args.download.mkdir(parents=True, exist_ok=True)
        written = client.download_export(done, args.download)
        client.delete_export_task(done.id)
        out.write(
            f"downloaded {len(written)} file(s) into {args.download};"
            f" check them with: vedette verify {args.download}\n"
        )
    else:
        out.write(f"exported {len(done.files)} file(s) into {done.folder} on the server\n")


def exports_list(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    tasks = client.list_export_tasks()
    if args.json:
        write_json([message_to_json(t) for t in tasks], out)
        return
    rows = [
        [
            str(t.id),
            _state(t),
            f"{t.percent:.0f}%",
            enum_label(export_pb2.ExportFormat, t.format, "EXPORT_FORMAT_"),
            ",".join(str(i.camera_id) for i in t.items),
            t.created_by,
            local_time_from_us(us_from_timestamp(t.create_time)),
            t.folder,
        ]
        for t in tasks
    ]
    headers = ["ID", "STATE", "DONE", "FORMAT", "CAMERAS", "BY", "CREATED", "FOLDER"]
    out.write(format_table(headers, rows) + "\n")


def _one(name: str) -> Command:
    def command(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
        if name == "show":
            task = client.get_export_task(args.task_id)
        elif name == "rm":
            client.delete_export_task(args.task_id)
            out.write(f"deleted export task {args.task_id}\n")
            return
        else:
            task = getattr(client, f"{name}_export_task")(args.task_id)
        out.write(_line(task) + "\n")
        if name == "show":
            for file in task.files:
                out.write(f"  {file.name}  {format_bytes(file.size_bytes)}  sha256 {file.sha256}\n")
            if task.error:
                out.write(f"  error: {task.error}\n")

    return command


def exports_download(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    task = client.get_export_task(args.task_id)
    if task.state != export_pb2.EXPORT_TASK_STATE_DONE:
        raise ServerError(f"export task {task.id} is {_state(task)}, not done")
    args.folder.mkdir(parents=True, exist_ok=True)
    written = client.download_export(task, args.folder)
    out.write(f"downloaded {len(written)} file(s) into {args.folder}\n")


def exports_roots(
    client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO
) -> None:
    rows = [[r.name, r.path, format_bytes(r.free_bytes)] for r in client.list_export_roots()]
    out.write(format_table(["NAME", "PATH", "FREE"], rows) + "\n")


def verify_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``vedette verify PATH [--key FP]``: VERIFY_AUTHENTIC, VERIFY_UNKNOWN_SIGNER or
    VERIFY_NOT_AUTHENTIC (blocking file reads)."""
    known: dict[str, list[str]] = {}
    if args.key is None:
        try:
            known = KnownSigningKeys(default_known_signing_keys_path()).keys()
        except VedetteError as error:
            err.write(f"vedette: error: {error}\n")
            return VERIFY_NOT_AUTHENTIC
    verdict = verify(args.path, expected_key=args.key, known_keys=known)
    for line in verdict.lines():
        out.write(line + "\n")
    if verdict.authentic:
        return VERIFY_AUTHENTIC
    if verdict.unproven:
        out.write(
            "compare the key with the server's (GetServerInfo.signing_key_fingerprint) and"
            " pass it with --key, or log in to that server once with this CLI (any command)"
            " so that it learns the key\n"
        )
        return VERIFY_UNKNOWN_SIGNER
    return VERIFY_NOT_AUTHENTIC


COMMANDS: Commands = {
    ("export", None): export,
    ("exports", "list"): exports_list,
    ("exports", "download"): exports_download,
    ("exports", "roots"): exports_roots,
    **{("exports", name): _one(name) for name in ("show", "pause", "resume", "cancel", "rm")},
}
