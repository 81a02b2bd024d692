"""What a notification says: an ``AlarmNotice`` as stored in the outbox (JSON), as an
e-mail's subject and text, as a digest, and as a webhook's JSON body. Pure.

Invariants:
- a notice survives the outbox unchanged: ``notice_from_json(notice_to_json(n)) == n``;
- one alarm has one ``Message-ID`` (``alarm_message_id``): its first mail carries it,
  later mails about the alarm carry it as ``In-Reply-To``, so mail clients thread them;
- times are shown in the server's time zone; nothing secret is in any of it (a notice
  carries none, ``ports.AlarmNotice``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, Final
from zoneinfo import ZoneInfo

from vedette_server.alarms.ports import AlarmNotice, NoticeChange

#: Notices listed one by one in a digest; the rest are counted.
DIGEST_LISTED: Final = 20

_WEBHOOK_TYPES: Final = {
    NoticeChange.RAISED: "alarm.created",
    NoticeChange.REPEATED: "alarm.updated",
    NoticeChange.ESCALATED: "alarm.updated",
    NoticeChange.CLOSED: "alarm.closed",
    NoticeChange.TEST: "test",
}


def notice_to_json(notice: AlarmNotice) -> dict[str, Any]:
    data = dataclasses.asdict(notice)
    data["change"] = notice.change.value
    data["snapshot_camera_ids"] = list(notice.snapshot_camera_ids)
    return data


def notice_from_json(data: dict[str, Any]) -> AlarmNotice:
    values = dict(data)
    values["change"] = NoticeChange(values["change"])
    values["snapshot_camera_ids"] = tuple(values.get("snapshot_camera_ids", ()))
    names = {f.name for f in dataclasses.fields(AlarmNotice)}
    return AlarmNotice(**{k: v for k, v in values.items() if k in names})


def alarm_message_id(alarm_id: int, server_id: str) -> str:
    """The Message-ID of an alarm's thread (its first mail)."""
    return f"<alarm-{alarm_id}.{server_id}@vedette.invalid>"


def local_time(time_us: int, zone: ZoneInfo) -> str:
    when = dt.datetime.fromtimestamp(time_us / 1e6, dt.UTC).astimezone(zone)
    return when.strftime("%Y-%m-%d %H:%M:%S %Z")


def mail_subject(notice: AlarmNotice, zone: ZoneInfo) -> str:
    """``[Vedette] P1 Motion · Front door · 2026-12-01 10:15:03 CET (×3)``."""
    parts = [f"[Vedette] P{notice.priority} {notice.title}"]
    if notice.camera_name:
        parts.append(notice.camera_name)
    parts.append(local_time(notice.time_us, zone))
    subject = " · ".join(parts)
    if notice.change is NoticeChange.CLOSED:
        subject = f"Closed: {subject}"
    elif notice.change is NoticeChange.ESCALATED:
        subject = f"Escalated: {subject}"
    if notice.count > 1:
        subject += f" (×{notice.count})"
    return subject


def mail_text(notice: AlarmNotice, zone: ZoneInfo, notes: Sequence[str] = ()) -> str:
    """The plain text of a notice mail; ``notes`` (a snapshot that could not be
    taken) are added at the end."""
    lines = [
        f"{notice.title} ({notice.change.value})",
        "",
        f"Rule:      {notice.rule_name}",
        f"Priority:  {notice.priority}",
    ]
    if notice.category:
        lines.append(f"Category:  {notice.category}")
    if notice.camera_name or notice.camera_id is not None:
        lines.append(f"Camera:    {notice.camera_name or notice.camera_id}")
    lines.append(f"Time:      {local_time(notice.time_us, zone)}")
    if notice.count > 1:
        first = local_time(notice.first_us or notice.time_us, zone)
        last = local_time(notice.last_us or notice.time_us, zone)
        lines.append(f"Count:     {notice.count} (from {first} to {last})")
    if notice.state:
        lines.append(f"State:     {notice.state}")
    if notice.alarm_id:
        lines.append(f"Alarm:     #{notice.alarm_id}")
    if notice.text:
        lines += ["", notice.text]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def digest_subject(count: int) -> str:
    return f"[Vedette] Digest: {count} more alarm notice{'s' if count != 1 else ''}"


def digest_text(notices: Sequence[AlarmNotice], zone: ZoneInfo, budget: int) -> str:
    """The digest of notices held back by a recipient's budget."""
    lines = [
        f"{len(notices)} alarm notices were not mailed one by one: this address gets at "
        f"most {budget} an hour. They were:",
        "",
    ]
    for notice in notices[:DIGEST_LISTED]:
        where = f" · {notice.camera_name}" if notice.camera_name else ""
        lines.append(
            f"- {local_time(notice.time_us, zone)}  P{notice.priority} {notice.title}{where}"
            + (f" (×{notice.count})" if notice.count > 1 else "")
        )
    if len(notices) > DIGEST_LISTED:
        lines.append(f"- … and {len(notices) - DIGEST_LISTED} more")
    return "\n".join(lines) + "\n"


def webhook_body(notice: AlarmNotice, server_id: str, now_us: int) -> str:
    """The JSON body of a webhook about ``notice`` (no pictures: snapshot ids point to
    the gRPC API, which checks the caller's rights)."""
    kind = _WEBHOOK_TYPES[notice.change]
    if notice.change is NoticeChange.RAISED and not notice.alarm_id:
        kind = "event.started"
    stamp = dt.datetime.fromtimestamp(now_us / 1e6, dt.UTC).isoformat().replace("+00:00", "Z")
    data = notice_to_json(notice)
    return json.dumps(
        {"type": kind, "timestamp": stamp, "server_id": server_id, "data": data},
        sort_keys=True,
        separators=(",", ":"),
    )
