"""How the ``vedette`` CLI shows things: aligned tables for people, JSON for programs.

Pure functions from protobuf messages to text or JSON-ready values; nothing here
talks to a server or prints, so every output form is testable on its own.

Invariants:
- JSON keeps the proto field names, integers as numbers (not the proto3 JSON strings
  for int64), enum values as their full proto names, instants as RFC 3339 UTC strings
  (``null`` when unset) and lengths as seconds; input-only camera credentials never
  appear.
- Human output shows instants in the local time zone of the machine running the CLI.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from vedette_api.cli.timeparse import format_duration_us
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import cameras_pb2, common_pb2, export_pb2, media_pb2, search_pb2, storage_pb2

_WRITE_ONLY_CAMERA_FIELDS = ("camera_user", "camera_password")


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = ()
) -> str:
    """Rows under headers, columns two spaces apart; columns in ``right`` right-aligned."""
    all_rows = [list(headers), *(list(row) for row in rows)]
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(headers))]
    right_set = set(right)
    lines = []
    for row in all_rows:
        cells = [
            cell.rjust(width) if i in right_set else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def rfc3339_from_us(instant_us: int) -> str:
    """``2024-05-01T08:15:00Z``, with ``.ffffff`` only when there are microseconds."""
    instant = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=instant_us)
    spec = "microseconds" if instant.microsecond else "seconds"
    return instant.isoformat(timespec=spec).replace("+00:00", "Z")


def local_time_from_us(instant_us: int, tz: dt.tzinfo | None = None) -> str:
    """``2024-05-01 10:15:00`` in ``tz`` (default: the machine's local zone); an
    instant the zone cannot show (year 1 west of UTC) in UTC, ``0001-01-01 00:00:00Z``."""
    try:
        instant = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=instant_us)
        return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
    except (OverflowError, ValueError, OSError):
        return rfc3339_from_us(instant_us).replace("T", " ")


def format_bytes(size_bytes: int) -> str:
    """Decimal units, as disks are sold: ``512 B``, ``1.5 kB``, ``120.4 MB``, ``2.0 TB``."""
    value = float(size_bytes)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(value) < 1000 or unit == "TB":
            return f"{size_bytes} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def _field_json(field: Any, value: Any) -> Any:
    if field.type == field.TYPE_MESSAGE:
        full_name = field.message_type.full_name
        if full_name == "google.protobuf.Timestamp":
            return rfc3339_from_us(us_from_timestamp(value))
        if full_name == "google.protobuf.Duration":
            return value.seconds + value.nanos / 1e9
        return message_to_json(value)
    if field.type == field.TYPE_ENUM:
        enum_value = field.enum_type.values_by_number.get(value)
        return enum_value.name if enum_value is not None else value
    if field.type == field.TYPE_BYTES:
        return base64.b64encode(value).decode("ascii")
    return value


def message_to_json(message: Any) -> dict[str, Any]:
    """A JSON-ready dict of every field of ``message`` (see the module invariants)."""
    result: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if field.is_repeated:
            result[field.name] = [_field_json(field, item) for item in value]
        elif field.type == field.TYPE_MESSAGE and not message.HasField(field.name):
            is_wkt = field.message_type.full_name.startswith("google.protobuf.")
            result[field.name] = None if is_wkt else message_to_json(value)
        else:
            result[field.name] = _field_json(field, value)
    return result


def camera_json(camera: cameras_pb2.Camera) -> dict[str, Any]:
    """A camera as JSON, without the input-only credential fields."""
    result = message_to_json(camera)
    for name in _WRITE_ONLY_CAMERA_FIELDS:
        result.pop(name, None)
    return result


def enum_label(enum_type: Any, value: int, prefix: str, *, separator: str = " ") -> str:
    """``STREAM_STATE_ONLINE`` → ``online``; ``OFFLINE_REASON_AUTH_FAILED`` → ``auth failed``."""
    try:
        name = str(enum_type.Name(value))
    except ValueError:
        return str(value)
    return name.removeprefix(prefix).lower().replace("_", separator)


def camera_list_rows(cameras: Iterable[cameras_pb2.Camera]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of ``vedette cameras list``."""
    cameras = list(cameras)
    headers = ["ID", "NAME", "ENABLED", "GROUP", "EXPIRY", "AUDIO", "CREDENTIALS", "MAIN", "SUB"]
    rows = [
        [
            str(camera.id),
            camera.name,
            "yes" if camera.enabled else "no",
            str(camera.disk_group),
            f"{camera.expiry_days}d" if camera.expiry_days else "none",
            "yes" if camera.record_audio else "no",
            "yes" if camera.has_credentials else "no",
            camera.main_url,
            camera.sub_url or "-",
        ]
        for camera in cameras
    ]
    if any(camera.recording_server for camera in cameras):  # a site directory's list
        headers.insert(2, "SERVER")
        for row, camera in zip(rows, cameras, strict=True):
            row.insert(2, camera.recording_server or "-")
    return headers, rows


def _state_text(status: cameras_pb2.StreamStatus) -> str:
    state = enum_label(cameras_pb2.StreamState, status.state, "STREAM_STATE_")
    if status.state == cameras_pb2.STREAM_STATE_OFFLINE and status.offline_reason:
        reason = enum_label(cameras_pb2.OfflineReason, status.offline_reason, "OFFLINE_REASON_")
        return f"{state}: {reason}"
    return state


def _video_text(status: cameras_pb2.StreamStatus) -> str:
    if not status.codec:
        return "-"
    codec = enum_label(media_pb2.Codec, status.codec, "CODEC_").upper()
    return f"{codec} {status.width}x{status.height}" if status.width else codec


def status_rows(
    cameras: Iterable[cameras_pb2.Camera], *, now_us: int
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the camera part of ``vedette status``: one row per stream."""
    headers = [
        "ID", "CAMERA", "STREAM", "STATE", "REC", "VIDEO", "FPS", "KBIT/S",
        "MB WRITTEN", "SEGMENTS", "LAST PACKET", "MESSAGE",
    ]  # fmt: skip
    rows: list[list[str]] = []
    for camera in cameras:
        streams = [("main", camera.status.main)]
        if camera.sub_url or camera.status.sub.state not in (0, cameras_pb2.STREAM_STATE_DISABLED):
            streams.append(("sub", camera.status.sub))
        for stream_name, status in streams:
            last_us = us_from_timestamp(status.last_packet_time)
            has_last = status.HasField("last_packet_time")
            online = status.state == cameras_pb2.STREAM_STATE_ONLINE
            rows.append(
                [
                    str(camera.id),
                    camera.name,
                    stream_name,
                    _state_text(status),
                    "yes" if camera.status.recording else "no",
                    _video_text(status),
                    f"{status.fps:.1f}" if online else "-",
                    str(status.bitrate_kbps) if online else "-",
                    f"{status.bytes_written / 1e6:.1f}",
                    str(status.segment_count),
                    f"{format_duration_us(max(0, now_us - last_us))} ago" if has_last else "-",
                    status.message or "",
                ]
            )
    return headers, rows


STATUS_RIGHT_ALIGNED = (6, 7, 8, 9)


def not_recording_lines(cameras: Iterable[cameras_pb2.Camera]) -> list[str]:
    """``vedette status``: why each camera that records nothing does not (the
    server's words; a server that does not say gives no line)."""
    return [
        f"{camera.name} ({camera.id}) is not recording: {camera.status.not_recording_reason}"
        for camera in cameras
        if not camera.status.recording and camera.status.not_recording_reason
    ]


_EVENTS_WORDS = {
    cameras_pb2.ONVIF_EVENTS_STATE_OFF: "off",
    cameras_pb2.ONVIF_EVENTS_STATE_NOT_SUPPORTED: "not supported",
    cameras_pb2.ONVIF_EVENTS_STATE_CONNECTING: "connecting",
    cameras_pb2.ONVIF_EVENTS_STATE_SUBSCRIBED: "subscribed",
    cameras_pb2.ONVIF_EVENTS_STATE_RETRYING: "retrying",
}


def onvif_events_lines(cameras: Iterable[cameras_pb2.Camera], *, now_us: int) -> list[str]:
    """``vedette status``: each ONVIF camera's event subscription (subscribed for how
    long, or retrying after which error, not supported, off)."""
    lines = []
    for camera in cameras:
        if not camera.status.HasField("onvif_events"):
            continue
        events = camera.status.onvif_events
        text = f"{camera.name} ({camera.id}) ONVIF events: {_EVENTS_WORDS.get(events.state, '?')}"
        if events.HasField("since"):
            ago = format_duration_us(max(0, now_us - us_from_timestamp(events.since)))
            text += f" for {ago}"
        if events.subscriptions > 1:
            text += f" ({events.subscriptions} subscriptions)"
        if events.detail and events.state != cameras_pb2.ONVIF_EVENTS_STATE_SUBSCRIBED:
            text += f": {events.detail}"
        lines.append(text)
    return lines


def volume_rows(
    volumes: Iterable[storage_pb2.Volume], tz: dt.tzinfo | None = None
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of ``vedette volumes list`` and of ``vedette status``."""
    headers = ["ID", "PATH", "GROUP", "STATE", "CAPACITY", "FREE", "OLDEST", "NEWEST", "ERROR"]

    def when(volume: storage_pb2.Volume, field: str) -> str:
        if not volume.HasField(field):
            return "-"
        return local_time_from_us(us_from_timestamp(getattr(volume, field)), tz)

    rows = [
        [
            str(volume.id),
            volume.path,
            str(volume.disk_group),
            enum_label(storage_pb2.VolumeState, volume.state, "VOLUME_STATE_", separator="-"),
            format_bytes(volume.capacity_bytes),
            format_bytes(volume.free_bytes),
            when(volume, "oldest_recording_time"),
            when(volume, "newest_recording_time"),
            volume.error,
        ]
        for volume in volumes
    ]
    return headers, rows


VOLUME_RIGHT_ALIGNED = (4, 5)


def timeline_gaps_us(timeline: search_pb2.CameraTimeline) -> list[tuple[int, int]]:
    """The gaps between consecutive runs, as (start_us, end_us); edges excluded."""
    runs = [(us_from_timestamp(r.start_time), us_from_timestamp(r.end_time)) for r in timeline.runs]
    return [
        (a_end, b_start) for (_, a_end), (b_start, _) in itertools.pairwise(runs) if b_start > a_end
    ]


def timeline_json(timeline: search_pb2.CameraTimeline, camera_name: str) -> dict[str, Any]:
    """A camera's timeline as JSON: its runs (each with ``reasons``, the record reasons'
    short names: schedule, manual, motion, sensor, analytics) and, explicitly, the gaps
    between them."""
    result = message_to_json(timeline)
    result["camera_name"] = camera_name
    for run, shown in zip(timeline.runs, result.get("runs", []), strict=True):
        shown["reasons"] = [
            enum_label(common_pb2.RecordReason, reason, "RECORD_REASON_")
            for reason in run.record_reasons
        ]
    result["gaps"] = [
        {
            "start_time": rfc3339_from_us(start_us),
            "end_time": rfc3339_from_us(end_us),
            "duration_s": (end_us - start_us) / 1e6,
        }
        for start_us, end_us in timeline_gaps_us(timeline)
    ]
    return result


def timeline_rows(
    timeline: search_pb2.CameraTimeline, tz: dt.tzinfo | None = None
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of ``vedette timeline``: runs and the gaps between them, in order."""
    rows: list[list[str]] = []
    previous_end_us: int | None = None
    for run in timeline.runs:
        start_us, end_us = us_from_timestamp(run.start_time), us_from_timestamp(run.end_time)
        if previous_end_us is not None and start_us > previous_end_us:
            rows.append(_interval_row("gap", previous_end_us, start_us, "", tz))
        reasons = ", ".join(
            enum_label(common_pb2.RecordReason, reason, "RECORD_REASON_")
            for reason in run.record_reasons
        )
        rows.append(_interval_row("recorded", start_us, end_us, reasons, tz))
        previous_end_us = end_us
    return ["", "FROM", "TO", "LENGTH", "REASONS"], rows


def _interval_row(
    kind: str, start_us: int, end_us: int, reasons: str, tz: dt.tzinfo | None
) -> list[str]:
    return [
        kind,
        local_time_from_us(start_us, tz),
        local_time_from_us(end_us, tz),
        format_duration_us(end_us - start_us),
        reasons,
    ]


def export_progress_line(
    piece: export_pb2.ExportRecordingResponse, *, start_us: int, end_us: int
) -> str:
    """One progress line for an export: bytes so far, estimate, share of the range."""
    text = f"{format_bytes(piece.bytes_sent)}"
    if piece.estimated_total_bytes:
        text += f" of ~{format_bytes(piece.estimated_total_bytes)}"
    if piece.HasField("media_time") and end_us > start_us:
        done = (us_from_timestamp(piece.media_time) - start_us) / (end_us - start_us)
        text += f"  {min(max(done, 0.0), 1.0):.0%} of the recording"
    return text
