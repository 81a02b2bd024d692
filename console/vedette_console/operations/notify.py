"""Notifications (ALARM-07, ALARM-10, NET-03): what the notification settings ask the
server's ``NotificationService`` (SDK ``NotifyCalls``): the SMTP settings and the test
mail, e-mail recipients, webhook endpoints and the outbox's deliveries.

Passwords and webhook secrets are write-only: the server says only whether one is
set, and these operations send one only when the operator typed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.client.notify import SECURITY
from vedette_api.v1 import notify_pb2, recording_pb2
from vedette_console.operations.server_op import ServerOp

#: The security names of the SDK by the API's value.
SECURITY_NAMES = {value: name for name, value in SECURITY.items()}
#: Deliveries the list shows at most (newest first).
DELIVERY_LIMIT = 200


@dataclass(frozen=True)
class NotifySettings:
    smtp: notify_pb2.SmtpSettings
    recipients: list[notify_pb2.Recipient]
    webhooks: list[notify_pb2.Webhook]
    schedules: list[recording_pb2.Schedule] = field(default_factory=list)


def fetch_notify_settings(client: Client) -> NotifySettings:
    return NotifySettings(
        client.get_smtp(), client.list_recipients(), client.list_webhooks(), client.list_schedules()
    )


def load_notify_settings(*, parent: QObject | None) -> ServerOp[NotifySettings]:
    return ServerOp(parent, fetch_notify_settings)


@dataclass(frozen=True)
class SmtpForm:
    """The SMTP form's values; ``password`` None keeps the stored one, "" clears it."""

    host: str
    port: int
    security: str  # none | starttls | ssl
    user: str
    sender: str
    password: str | None = None
    timeout_s: float = 30.0


def save_smtp(*, parent: QObject | None, form: SmtpForm) -> ServerOp[notify_pb2.SmtpSettings]:
    return ServerOp(
        parent,
        lambda client: client.set_smtp(
            form.host,
            form.port,
            form.sender,
            security=form.security,
            user=form.user,
            password=form.password,
            timeout_s=form.timeout_s,
        ),
    )


def send_test_mail(
    *, parent: QObject | None, address: str
) -> ServerOp[notify_pb2.SendTestMailResponse]:
    return ServerOp(parent, lambda client: client.send_test_mail(address))


@dataclass(frozen=True)
class RecipientForm:
    address: str
    schedule: str  # a schedule's name; "" for always
    snapshot: bool
    max_per_hour: int


def add_recipient(*, parent: QObject | None, form: RecipientForm) -> ServerOp[notify_pb2.Recipient]:
    return ServerOp(
        parent,
        lambda client: client.add_recipient(
            form.address,
            schedule=form.schedule,
            snapshot=form.snapshot,
            max_per_hour=form.max_per_hour,
        ),
    )


def update_recipient(
    *,
    parent: QObject | None,
    recipient_id: int,
    form: RecipientForm | None = None,
    enabled: bool | None = None,
) -> ServerOp[notify_pb2.Recipient]:
    def work(client: Client) -> notify_pb2.Recipient:
        if form is None:
            return client.update_recipient(recipient_id, enabled=enabled)
        return client.update_recipient(
            recipient_id,
            address=form.address,
            schedule=form.schedule,
            snapshot=form.snapshot,
            max_per_hour=form.max_per_hour,
            enabled=enabled,
        )

    return ServerOp(parent, work)


def remove_recipient(*, parent: QObject | None, recipient_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.remove_recipient(recipient_id))


def add_webhook(*, parent: QObject | None, url: str, secret: str) -> ServerOp[notify_pb2.Webhook]:
    return ServerOp(parent, lambda client: client.add_webhook(url, secret))


def update_webhook(
    *,
    parent: QObject | None,
    webhook_id: int,
    url: str | None = None,
    secret: str | None = None,
    enabled: bool | None = None,
) -> ServerOp[notify_pb2.Webhook]:
    return ServerOp(
        parent,
        lambda client: client.update_webhook(webhook_id, url=url, secret=secret, enabled=enabled),
    )


def remove_webhook(*, parent: QObject | None, webhook_id: int) -> ServerOp[None]:
    return ServerOp(parent, lambda client: client.remove_webhook(webhook_id))


def test_webhook(
    *, parent: QObject | None, webhook_id: int
) -> ServerOp[notify_pb2.TestWebhookResponse]:
    return ServerOp(parent, lambda client: client.test_webhook(webhook_id))


def load_deliveries(*, parent: QObject | None) -> ServerOp[list[notify_pb2.Delivery]]:
    return ServerOp(parent, lambda client: list(client.deliveries(limit=DELIVERY_LIMIT)))


def retry_delivery(*, parent: QObject | None, delivery_id: int) -> ServerOp[notify_pb2.Delivery]:
    return ServerOp(parent, lambda client: client.retry_delivery(delivery_id))
