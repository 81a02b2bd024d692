"""``vedette cameras add|list|rm`` and ``vedette status``: the cameras, and what each
one records (at a site directory, ``status`` is the health of the site's servers:
``site_custody``). ``discover``, ``test`` and ``add --onvif``: ``onvif_cameras``;
``imaging`` and ``osd``: ``camera_picture``; ``streams``: ``camera_streams``.

``add_parsers`` adds the parsers, ``COMMANDS`` maps them to the functions, which run
on a connected ``Client`` and block on the server. A camera's password is read
before connecting (``vedette_api.cli.camera_password``), never here.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from vedette_api.cli import (
    camera_firmware,
    camera_network,
    camera_picture,
    camera_streams,
    onvif_cameras,
)
from vedette_api.cli.camera_password import CAM_PASSWORD_VARIABLE
from vedette_api.cli.format import (
    STATUS_RIGHT_ALIGNED,
    VOLUME_RIGHT_ALIGNED,
    camera_json,
    camera_list_rows,
    format_table,
    message_to_json,
    not_recording_lines,
    onvif_events_lines,
    status_rows,
    volume_rows,
)
from vedette_api.cli.io import Commands, SubParsers, write_json
from vedette_api.cli.site_custody import site_servers, site_status
from vedette_api.cli.values import disk_group, expiry_days
from vedette_api.client import Client
from vedette_api.errors import Unimplemented, VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import storage_pb2


def add_parsers(commands: SubParsers) -> None:
    cameras = commands.add_parser("cameras", help="list, add and remove cameras")
    actions = cameras.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a camera (recording starts at once)")
    add.add_argument("--name", required=True, help="unique camera name")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--main", dest="main_url", metavar="URL", help="main stream (RTSP)")
    source.add_argument(
        "--onvif",
        type=onvif_cameras.onvif_address,
        metavar="HOST[:PORT]",
        help="the camera's ONVIF device service: its streams come from its profiles",
    )
    add.add_argument("--sub", dest="sub_url", metavar="URL", default="", help="sub stream")
    add.add_argument("--cam-user", metavar="U", default="", help="the camera's user")
    add.add_argument(
        "--cam-password",
        metavar="P",
        default=None,
        help=f"the camera's password. P shows in 'ps': prefer ${CAM_PASSWORD_VARIABLE},"
        " '-' (asked on a terminal, else the first line of stdin), or nothing (asked on"
        " a terminal when --cam-user is given; none without a terminal)",
    )
    add.add_argument("--disk-group", type=disk_group, default=1, metavar="G")
    add.add_argument(
        "--recording-server",
        metavar="NAME",
        default="",
        help="at a site directory: the member server that records it (docs/sites.md)",
    )
    add.add_argument(
        "--expiry-days",
        type=expiry_days,
        default=0,
        metavar="D",
        help="0 = no expiry; at most 36500",
    )
    add.add_argument("--no-audio", action="store_true", help="do not record the camera's audio")
    listing = actions.add_parser("list", help="list the cameras")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    remove = actions.add_parser(
        "rm", help="remove a camera and delete its recordings (disable it to keep them)"
    )
    remove.add_argument("camera", metavar="CAMERA", help="camera id or name")
    onvif_cameras.add_actions(actions)
    camera_picture.add_actions(actions)
    camera_streams.add_actions(actions)
    camera_network.add_actions(actions)
    camera_network.add_default_actions(actions)
    camera_firmware.add_actions(actions)
    status = commands.add_parser("status", help="cameras' recording status and volumes")
    status.add_argument("--json", action="store_true", help="machine-readable output")


def cameras_add(client: Client, args: argparse.Namespace, _: int, out: TextIO, err: TextIO) -> None:
    if args.onvif is not None:
        camera = onvif_cameras.cameras_add_onvif(client, args)
    else:
        camera = client.create_camera(
            args.name,
            args.main_url,
            sub_url=args.sub_url,
            camera_user=args.cam_user,
            camera_password=args.cam_password,
            disk_group=args.disk_group,
            expiry_days=args.expiry_days,
            record_audio=not args.no_audio,
            recording_server=args.recording_server,
        )
    where = f", recorded by {camera.recording_server}" if camera.recording_server else ""
    out.write(f"added camera {camera.id} ({camera.name}){where}\n")
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
        write_json([camera_json(camera) for camera in cameras], out)
    elif not cameras:
        out.write("no cameras; add one with: vedette cameras add --name NAME --main URL\n")
    else:
        headers, rows = camera_list_rows(cameras)
        out.write(format_table(headers, rows) + "\n")


def cameras_rm(client: Client, args: argparse.Namespace, _: int, out: TextIO, __: TextIO) -> None:
    camera = client.find_camera(args.camera)
    client.delete_camera(camera.id)
    if camera.recording_server:  # at a site directory
        out.write(
            f"removed camera {camera.id} ({camera.name}) from the site;"
            f" {camera.recording_server} stops recording it and keeps its recordings\n"
        )
    else:
        out.write(f"removed camera {camera.id} ({camera.name}) and its recordings\n")


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
    if server_json is None and (site := site_servers(client)) is not None:
        site_status(client, site, args, out)  # a site directory: its servers' health
        return
    cameras = client.list_cameras()
    volumes = client.list_volumes()
    if args.json:
        write_json(
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
        if events := onvif_events_lines(cameras, now_us=now_us):
            out.write("".join(f"{line}\n" for line in events) + "\n")
    else:
        out.write("no cameras\n\n")
    if volumes:
        headers, rows = volume_rows(volumes)
        out.write(format_table(headers, rows, right=VOLUME_RIGHT_ALIGNED) + "\n")
    else:
        out.write("no volumes\n")


COMMANDS: Commands = {
    ("cameras", "add"): cameras_add,
    ("cameras", "list"): cameras_list,
    ("cameras", "rm"): cameras_rm,
    ("status", None): status,
    **onvif_cameras.COMMANDS,
    **camera_picture.COMMANDS,
    **camera_streams.COMMANDS,
    **camera_network.COMMANDS,
    **camera_firmware.COMMANDS,
}
