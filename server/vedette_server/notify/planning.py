"""Which deliveries a notice makes, decided when it is queued (blocking: the catalog
thread): one row per named target (every enabled one when none is named).

- a recipient whose schedule does not cover the notice's time (in the server's zone),
  a disabled target named explicitly, or one that does not exist gets a
  ``suppressed`` row that says why: the decision is recorded, nothing is sent;
- an alarm's first mail carries its thread's Message-ID, later ones ``In-Reply-To``
  it; mails about no alarm get a fresh Message-ID; a webhook gets a fresh
  ``webhook-id`` kept for all its attempts, and its body is fixed here;
- a recipient that wants pictures, for a notice with a camera, gets a row held for
  ``SNAPSHOT_HOLD_US`` while the snapshots are taken (they are attached then).
"""

from __future__ import annotations

import dataclasses
import email.utils
from collections.abc import Callable
from typing import Any, Final
from zoneinfo import ZoneInfo

from vedette_server.alarms.ports import AlarmNotice, NoticeChange, NotifyChannel
from vedette_server.catalog.database import Catalog
from vedette_server.notify import messages
from vedette_server.notify.outbox import DeliveryKind, DeliveryState, NewDelivery
from vedette_server.notify.targets import NotifyTargets
from vedette_server.notify.webhook import new_message_id
from vedette_server.recording.schedules import covers_instant, week_from_json

SNAPSHOT_HOLD_US: Final = 60_000_000


class DeliveryPlanner:
    def __init__(
        self,
        catalog: Catalog,
        targets: NotifyTargets,
        *,
        server_id: str,
        zone: Callable[[], ZoneInfo],
        pictures: bool,
    ) -> None:
        self.catalog = catalog
        self.targets = targets
        self.server_id = server_id
        self.zone = zone
        #: Whether snapshots can be taken at all (a server without cameras' pictures).
        self.pictures = pictures

    def plan(
        self,
        notice: AlarmNotice,
        channel: NotifyChannel,
        target_ids: tuple[int, ...],
        now_us: int,
    ) -> list[tuple[NewDelivery, bool]]:
        """The rows for ``notice``, each with whether it waits for snapshots."""
        if channel is NotifyChannel.EMAIL:
            return self._mail_rows(notice, target_ids, now_us)
        return self._webhook_rows(notice, target_ids, now_us)

    def _mail_rows(
        self, notice: AlarmNotice, target_ids: tuple[int, ...], now_us: int
    ) -> list[tuple[NewDelivery, bool]]:
        recipients = {r.id: r for r in self.targets.recipients()}
        named = target_ids or tuple(i for i, r in recipients.items() if r.enabled)
        weeks = {
            int(i): week_from_json(w)
            for i, w in self.catalog.database.execute_sql("SELECT id, week FROM schedule")
        }
        zone = self.zone()
        thread_id = messages.alarm_message_id(notice.alarm_id, self.server_id)
        first = notice.change is NoticeChange.RAISED or not notice.alarm_id
        payload: dict[str, Any] = {"notice": messages.notice_to_json(notice)}
        if notice.alarm_id and not first:
            payload["in_reply_to"] = thread_id
        out: list[tuple[NewDelivery, bool]] = []
        for target in named:
            message_id = (
                thread_id
                if notice.alarm_id and first
                else email.utils.make_msgid("vedette", domain="vedette.invalid")
            )
            row = NewDelivery(
                "email", target, DeliveryKind.NOTICE, message_id, payload, notice.alarm_id
            )
            recipient = recipients.get(target)
            reason = ""
            if recipient is None:
                reason = f"e-mail recipient {target} does not exist"
            elif not recipient.enabled:
                reason = "the recipient is disabled"
            elif (
                recipient.schedule_id is not None
                and notice.change is not NoticeChange.TEST
                and recipient.schedule_id in weeks
                and not covers_instant(weeks[recipient.schedule_id], zone, notice.time_us)
            ):
                reason = f"outside the recipient's schedule {recipient.schedule_name!r}"
            if reason:
                out.append((_suppressed(row, reason), False))
                continue
            assert recipient is not None
            waits = recipient.snapshot and bool(picture_cameras(notice)) and self.pictures
            if waits:
                row = _replace(
                    row,
                    payload={**payload, "snapshot_wanted": True},
                    next_attempt_us=now_us + SNAPSHOT_HOLD_US,
                )
            out.append((row, waits))
        return out

    def _webhook_rows(
        self, notice: AlarmNotice, target_ids: tuple[int, ...], now_us: int
    ) -> list[tuple[NewDelivery, bool]]:
        endpoints = {e.id: e for e in self.targets.endpoints()}
        named = target_ids or tuple(i for i, e in endpoints.items() if e.enabled)
        body = messages.webhook_body(notice, self.server_id, now_us)
        out: list[tuple[NewDelivery, bool]] = []
        for target in named:
            row = NewDelivery(
                "webhook",
                target,
                DeliveryKind.NOTICE,
                new_message_id(),
                {"notice": messages.notice_to_json(notice), "body": body},
                notice.alarm_id,
            )
            endpoint = endpoints.get(target)
            if endpoint is None:
                row = _suppressed(row, f"webhook endpoint {target} does not exist")
            elif not endpoint.enabled:
                row = _suppressed(row, "the endpoint is disabled")
            out.append((row, False))
        return out


def picture_cameras(notice: AlarmNotice) -> list[int]:
    """The cameras whose picture a mail about ``notice`` carries: those the rule
    snapshots, else the alarm's own camera."""
    if notice.snapshot_camera_ids:
        return list(notice.snapshot_camera_ids)
    return [] if notice.camera_id is None else [notice.camera_id]


def _suppressed(row: NewDelivery, reason: str) -> NewDelivery:
    return _replace(row, state=DeliveryState.SUPPRESSED, last_error=reason)


def _replace(row: NewDelivery, **changes: Any) -> NewDelivery:
    return dataclasses.replace(row, **changes)
