"""The commands that follow custody when the CLI is signed in at a site directory
(``vedette --server DIRECTORY …``; docs/sites.md): ``days``, ``events``, ``export``
and ``thumbnails`` of a site camera ask the member servers that held it
(``SiteSession``), and ``status`` says the health of the site's servers.

Not an area of commands: ``search``, ``export``, ``images`` and ``cameras`` call these when the
camera they were given is a site camera (it has a ``recording_server``) or the
server is a directory. Every function blocks on the directory and the servers.

Invariants:
- A server that did not answer, or a part that was not exported, is named on the
  output (``unreachable``, ``failed``), never left out silently.
- ``export`` raises ``ServerError`` (exit status 1) after writing what it could when
  any part failed; the manifest says which.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from vedette_api.cli.format import (
    enum_label,
    format_bytes,
    format_table,
    local_time_from_us,
    message_to_json,
)
from vedette_api.cli.io import write_json
from vedette_api.client import Client, SiteSession
from vedette_api.client.known_signers import KnownSigningKeys, default_known_signing_keys_path
from vedette_api.client.site_export import ExportPart, export_camera
from vedette_api.client.site_session import SiteThumbnails
from vedette_api.client.streams import StreamName
from vedette_api.errors import InvalidArgument, ServerError, Unimplemented, VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import cameras_pb2, export_pb2, search_pb2, site_pb2

#: How long ``days`` and ``events`` wait for the member servers.
SEARCH_DEADLINE_S = 5.0
#: How long ``thumbnails`` waits for them (pictures are decoded: slower than a search).
THUMBNAILS_DEADLINE_S = 30.0


def _session(client: Client, args: argparse.Namespace) -> SiteSession:
    return SiteSession(client, trust_new=args.trust_new_certificate)


def _unreachable_lines(unreachable: dict[str, str], out: TextIO) -> None:
    for server, why in unreachable.items():
        out.write(f"not counted: {server} did not answer ({why})\n")


def site_days(client: Client, camera: cameras_pb2.Camera, args: argparse.Namespace,
              out: TextIO) -> None:  # fmt: skip
    """``days`` of a site camera: the days any server that held it recorded it."""
    year, month = args.month
    with _session(client, args) as site:
        merged = site.camera_days(
            camera.id, year, month, stream=args.stream, deadline_s=SEARCH_DEADLINE_S
        )
    listed = " ".join(str(day) for day in merged.days) or "none"
    zone = merged.time_zone or "the servers' zone"
    out.write(
        f"{camera.name} across the site, {year}-{month:02d} ({zone}): days with recordings:"
        f" {listed}\n"
    )
    by_server: dict[str, list[int]] = {}
    for day, servers in merged.days.items():
        for server in servers:
            by_server.setdefault(server, []).append(day)
    for server, days in by_server.items():
        out.write(f"  {server}: {' '.join(map(str, days))}\n")
    _unreachable_lines(merged.unreachable, out)


def site_events(client: Client, cameras: list[cameras_pb2.Camera], args: argparse.Namespace,
                now_us: int, out: TextIO) -> None:  # fmt: skip
    """``events --camera C`` of site cameras: each one's events from the servers that
    held it, newest first, with the server that recorded each."""
    if args.counts:
        raise InvalidArgument("--counts: not available across a site's servers yet")
    start_us = args.time_from_us if args.time_from_us is not None else 0
    end_us = args.time_to_us if args.time_to_us is not None else now_us
    found = []
    unreachable: dict[str, str] = {}
    with _session(client, args) as site:
        for camera in cameras:
            merged = site.camera_events(
                camera.id, start_us, end_us, types=args.types, subtypes=args.subtypes,
                limit=args.limit, deadline_s=SEARCH_DEADLINE_S,
            )  # fmt: skip
            found += [(camera, item) for item in merged.events]
            unreachable.update(merged.unreachable)
    found.sort(key=lambda pair: pair[1].start_us, reverse=True)
    del found[args.limit :]
    if args.json:
        events = [
            {
                **message_to_json(item.event),
                "server": item.server,
                "directory_camera_id": camera.id,
                "camera_name": camera.name,
            }
            for camera, item in found
        ]
        write_json({"events": events, "unreachable": unreachable}, out)
        return
    rows = [
        [
            item.server,
            str(item.event.id),
            enum_label(search_pb2.EventType, item.event.type, "EVENT_TYPE_"),
            item.event.subtype or "-",
            camera.name,
            local_time_from_us(item.start_us),
            local_time_from_us(us_from_timestamp(item.event.end_time))
            if item.event.HasField("end_time")
            else "…",
            str(item.event.count or 1),
            item.event.message,
        ]
        for camera, item in found
    ]
    headers = ["SERVER", "ID", "TYPE", "SUBTYPE", "CAMERA", "START", "END", "COUNT", "MESSAGE"]
    out.write(format_table(headers, rows) + "\n")
    _unreachable_lines(unreachable, out)


def site_thumbnails(client: Client, camera: cameras_pb2.Camera, args: argparse.Namespace,
                    stream: StreamName | None) -> SiteThumbnails:  # fmt: skip
    """``thumbnails --from --to --count`` of a site camera: each instant from the
    server that held the camera then (``SiteSession.camera_thumbnails``)."""
    if args.slices:
        raise InvalidArgument("--slices: not available across a site's servers yet")
    if args.motion_only or args.motion_instant or args.cells:
        raise InvalidArgument("motion options: not available across a site's servers yet")
    start_us, end_us = args.time_from_us, args.time_to_us
    if start_us is None or end_us is None:
        raise InvalidArgument("--from and --to are needed")
    with _session(client, args) as site:
        return site.camera_thumbnails(
            camera.id, start_us, end_us, args.count, max_width=args.width,
            stream=stream,
            deadline_s=THUMBNAILS_DEADLINE_S,
        )  # fmt: skip


def site_export(client: Client, camera: cameras_pb2.Camera, args: argparse.Namespace,
                formats: dict[str, export_pb2.ExportFormat], out: TextIO) -> None:  # fmt: skip
    """``export`` of a site camera: one signed file per server that held it, and a
    manifest. ``--out DIR/NAME.mp4`` writes ``NAME-01-<server>.mp4``… and
    ``NAME.json`` in DIR; ``--download DIR`` writes ``export-01-<server>.mp4``… and
    ``export.json`` in DIR."""
    if args.root or args.format not in formats:
        raise InvalidArgument(
            "a site camera is exported from each server that recorded it, one file each:"
            " use --out FILE or --download DIR with mp4, mkv or avi"
        )
    folder, prefix = (args.out.parent, args.out.stem) if args.out else (args.download, "export")
    assert isinstance(folder, Path)
    with _session(client, args) as site:
        done = export_camera(
            site, camera.id, args.start_us, args.end_us, folder, prefix=prefix,
            export_format=formats[args.format], stream=args.stream,
        )  # fmt: skip
    out.write(
        f"camera {camera.name} from {local_time_from_us(args.start_us)} to"
        f" {local_time_from_us(args.end_us)}: {len(done.parts)} part(s), by custody\n"
    )
    for part in done.parts:
        span = f"{local_time_from_us(part.start_us)} to {local_time_from_us(part.end_us)}"
        if part.exported:
            out.write(
                f"  part {part.index}: {part.server}, {span}: {folder / part.file}"
                f" ({format_bytes(part.size_bytes)}, signed by {part.server})\n"
            )
        else:
            out.write(f"  part {part.index}: {part.server}, {span}: FAILED ({part.error})\n")
    for gap in done.gaps:
        out.write(
            f"  gap {local_time_from_us(gap.start_us)} to {local_time_from_us(gap.end_us)}:"
            f" {gap.why}\n"
        )
    out.write(f"manifest: {folder / done.manifest}; check each part with: vedette verify FILE\n")
    _remember_signers(done.parts)
    if done.failed:
        names = ", ".join(f"part {p.index} ({p.server})" for p in done.failed)
        raise ServerError(f"the export is incomplete: {names} not exported")
    if not done.parts:
        raise ServerError(f"nothing of camera {camera.name} was recorded in that range")


def _remember_signers(parts: list[ExportPart]) -> None:
    """Learn each exporting server's signing key, as a login to it would, so that
    ``vedette verify`` finds its parts authentic. Best effort, as at login."""
    try:
        store = KnownSigningKeys(default_known_signing_keys_path())
        for part in parts:
            if part.exported and part.server_id and part.server_key_fingerprint:
                store.remember(part.server_id, part.server_key_fingerprint, part.address)
    except (VedetteError, OSError, ValueError):
        pass


def site_servers(client: Client) -> site_pb2.ListServersResponse | None:
    """The site's servers when ``client`` is signed in at a directory, else None."""
    try:
        return client.list_site_servers()
    except Unimplemented:
        return None


def site_status(client: Client, site: site_pb2.ListServersResponse, args: argparse.Namespace,
                out: TextIO) -> None:  # fmt: skip
    """``status`` at a directory: each member server's health, and where the site's
    cameras are recorded."""
    cameras = client.list_cameras()
    if args.json:
        write_json(
            {
                "site": message_to_json(site),
                "cameras": [
                    {"id": c.id, "name": c.name, "recording_server": c.recording_server,
                     "site_camera_id": c.site_camera_id}
                    for c in cameras
                ],
            },
            out,
        )  # fmt: skip
        return
    members = [s for s in site.servers if s.state != site_pb2.SITE_SERVER_STATE_LEFT]
    online = [s for s in members if s.state == site_pb2.SITE_SERVER_STATE_ONLINE]
    recording = sum(s.cameras_recording for s in online)
    out.write(
        f"site {site.site_name} ({site.site_id}), directory {client.server}:"
        f" {len(online)} of {len(members)} server(s) online, {len(cameras)} camera(s),"
        f" {recording} recording\n\n"
    )
    rows = []
    for server in members:
        seen = "never"
        if server.HasField("last_seen_time"):
            seen = local_time_from_us(us_from_timestamp(server.last_seen_time))
        rows.append([
            server.name, "standby" if server.standby else "recording",
            enum_label(site_pb2.SiteServerState, server.state, "SITE_SERVER_STATE_"),
            f"{server.cameras_recording}/{server.cameras}", f"{server.clock_offset_ms:+d} ms",
            seen,
        ])  # fmt: skip
    if rows:
        headers = ["SERVER", "ROLE", "STATE", "RECORDING", "CLOCK", "LAST SEEN"]
        out.write(format_table(headers, rows) + "\n")
    else:
        out.write("no servers yet; join one with: vedette-server join (docs/sites.md)\n")
    for server in members:
        if server.state != site_pb2.SITE_SERVER_STATE_ONLINE:
            held = [c.name for c in cameras if c.recording_server == server.name]
            state = enum_label(site_pb2.SiteServerState, server.state, "SITE_SERVER_STATE_")
            where = f" (the directory gives it {', '.join(held)})" if held else ""
            out.write(f"{server.name} is {state}{where}\n")
