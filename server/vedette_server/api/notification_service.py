"""NotificationService (ALARM-07, ALARM-10, NET-03): SMTP settings, recipients, webhook
endpoints, test sends and the delivery log. Thin: the work is in ``notify/`` and
``settings/smtp.py``. Passwords and secrets go in, never out: responses and audit
notes carry ``password_set`` / ``secret_set`` only."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Final

import grpc
from google.protobuf.duration_pb2 import Duration

from vedette_api.v1 import notify_pb2, notify_pb2_grpc
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from vedette_server.api.status import unary
from vedette_server.errors import InvalidArgument
from vedette_server.log_redaction import redact_text
from vedette_server.notify.mail import DEFAULT_TIMEOUT_S, Security, SmtpSettings
from vedette_server.notify.notifier import Notifier
from vedette_server.notify.outbox import Delivery, DeliveryKind, DeliveryState
from vedette_server.notify.targets import Endpoint, Recipient
from vedette_server.notify.trial import TrialResult, post_test_webhook, send_test_mail
from vedette_server.settings.smtp import SmtpView
from vedette_server.settings.store import SettingsStore

_SECURITY: Final = {
    notify_pb2.SMTP_SECURITY_NONE: Security.NONE,
    notify_pb2.SMTP_SECURITY_STARTTLS: Security.STARTTLS,
    notify_pb2.SMTP_SECURITY_SSL: Security.SSL,
}
_SECURITY_OUT: Final = {v: k for k, v in _SECURITY.items()}
_STATES: Final = {
    notify_pb2.DELIVERY_STATE_PENDING: DeliveryState.PENDING,
    notify_pb2.DELIVERY_STATE_SENT: DeliveryState.SENT,
    notify_pb2.DELIVERY_STATE_FAILED: DeliveryState.FAILED,
    notify_pb2.DELIVERY_STATE_SUPPRESSED: DeliveryState.SUPPRESSED,
    notify_pb2.DELIVERY_STATE_DIGESTED: DeliveryState.DIGESTED,
}
_STATES_OUT: Final = {v: k for k, v in _STATES.items()}
_KINDS_OUT: Final = {
    DeliveryKind.NOTICE: notify_pb2.DELIVERY_KIND_NOTICE,
    DeliveryKind.DIGEST: notify_pb2.DELIVERY_KIND_DIGEST,
    DeliveryKind.TEST: notify_pb2.DELIVERY_KIND_NOTICE,
}
_CHANNELS_OUT: Final = {
    "email": notify_pb2.DELIVERY_CHANNEL_EMAIL,
    "webhook": notify_pb2.DELIVERY_CHANNEL_WEBHOOK,
}
RECIPIENT_FIELDS: Final = ("address", "schedule", "snapshot", "max_per_hour", "enabled")
WEBHOOK_FIELDS: Final = ("url", "secret", "enabled")


def smtp_message(settings: SmtpSettings | None) -> notify_pb2.SmtpSettings:
    if settings is None:
        return notify_pb2.SmtpSettings(configured=False)
    view = SmtpView.of(settings)
    return notify_pb2.SmtpSettings(
        configured=True,
        host=view.host,
        port=view.port,
        security=_SECURITY_OUT[settings.security],
        user=view.user,
        password_set=view.password_set,
        sender=view.sender,
        timeout=Duration(seconds=int(view.timeout_s), nanos=int(view.timeout_s % 1 * 1e9)),
        tls_ca_set=view.tls_ca_set,
    )


def smtp_from_request(
    request: notify_pb2.SetSmtpRequest, current: SmtpSettings | None
) -> SmtpSettings:
    """The settings a SetSmtp asks for; the stored password and trust are kept unless
    replaced or cleared (the password only for the same user)."""
    m = request.smtp
    if m.security not in _SECURITY:
        raise InvalidArgument("smtp.security", "choose none, starttls or ssl")
    password = request.password
    if not password and not request.clear_password and current is not None:
        password = current.password if current.user == m.user else ""
    pem = request.tls_ca_pem
    if not pem and not request.clear_tls_ca and current is not None:
        pem = current.tls_ca_pem
    timeout_s = m.timeout.ToTimedelta().total_seconds() if m.HasField("timeout") else None
    return SmtpSettings(
        host=m.host,
        port=m.port,
        security=_SECURITY[m.security],
        sender=m.sender,
        user=m.user,
        password=password,
        timeout_s=DEFAULT_TIMEOUT_S if timeout_s is None else timeout_s,
        tls_ca_pem=pem,
    )


def recipient_message(r: Recipient) -> notify_pb2.Recipient:
    return notify_pb2.Recipient(
        id=r.id,
        address=r.address,
        schedule=r.schedule_name,
        snapshot=r.snapshot,
        max_per_hour=r.max_per_hour,
        enabled=r.enabled,
    )


def webhook_message(e: Endpoint) -> notify_pb2.Webhook:
    return notify_pb2.Webhook(
        id=e.id,
        url=e.url,
        enabled=e.enabled,
        disabled_reason=e.disabled_reason,
        secret_set=e.secret_set,
    )


def delivery_title(d: Delivery) -> str:
    if d.kind is DeliveryKind.DIGEST:
        return f"digest of {len(d.payload.get('notices', []))} notices"
    return str(d.payload.get("notice", {}).get("title", ""))


def delivery_message(d: Delivery) -> notify_pb2.Delivery:
    return notify_pb2.Delivery(
        id=d.id,
        channel=_CHANNELS_OUT[d.channel],
        target_id=d.target_id,
        kind=_KINDS_OUT[d.kind],
        alarm_id=d.alarm_id,
        title=delivery_title(d),
        state=_STATES_OUT[d.state],
        attempts=d.attempts,
        last_status=d.last_status or 0,
        last_error=d.last_error,
        message_id=d.message_id,
        digest_id=d.digest_id or 0,
        create_time=timestamp(d.created_us),
        next_attempt_time=timestamp(d.next_attempt_us),
        done_time=timestamp(d.done_us),
    )


def _paths(mask: Any, allowed: tuple[str, ...]) -> set[str]:
    paths = set(mask.paths)
    if not paths:
        raise InvalidArgument("update_mask", f"names no field; choose from {', '.join(allowed)}")
    unknown = paths - set(allowed)
    if unknown:
        raise InvalidArgument(
            "update_mask", f"unknown field {sorted(unknown)[0]!r}; choose from {', '.join(allowed)}"
        )
    return paths


def _audit_recipient(r: Recipient) -> dict[str, Any]:
    return dataclasses.asdict(r)


def _audit_webhook(e: Endpoint) -> dict[str, Any]:
    return {"id": e.id, "url": redact_text(e.url, 300), "enabled": e.enabled}


class NotificationServicer(notify_pb2_grpc.NotificationServiceServicer):
    def __init__(
        self,
        notifier: Notifier,
        settings: SettingsStore,
        zone: Callable[[], Any],
    ) -> None:
        self.notifier = notifier
        self.thread = notifier.thread
        self.targets = notifier.targets
        self.smtp = notifier.smtp
        self.settings = settings
        self.zone = zone

    def _who(self) -> str:
        return call_context.principal().username

    # -- SMTP -------------------------------------------------------------------------------

    @unary
    async def GetSmtp(
        self, request: notify_pb2.GetSmtpRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.GetSmtpResponse:
        return notify_pb2.GetSmtpResponse(smtp=smtp_message(self.smtp.current))

    @unary
    async def SetSmtp(
        self, request: notify_pb2.SetSmtpRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.SetSmtpResponse:
        before = self.smtp.current
        after = smtp_from_request(request, before)
        await self.thread.call(self.smtp.save, after)
        await self.notifier.settings_changed("email")  # waiting mail goes now
        call_context.note(
            message=f"{self._who()} changed the SMTP settings",
            before=None if before is None else SmtpView.of(before).to_json(),
            after=SmtpView.of(after).to_json(),
        )
        return notify_pb2.SetSmtpResponse(smtp=smtp_message(after))

    @unary
    async def SendTestMail(
        self, request: notify_pb2.SendTestMailRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.SendTestMailResponse:
        name = self.settings.current.general.device_name
        result = await send_test_mail(self.smtp.current, request.address, name, self.zone())
        call_context.note(
            message=f"{self._who()} sent a test mail to {request.address}: "
            + ("accepted" if result.accepted else result.error),
        )
        return notify_pb2.SendTestMailResponse(
            accepted=result.accepted, reply=result.reply, error=result.error
        )

    # -- recipients ---------------------------------------------------------------------------

    @unary
    async def ListRecipients(
        self, request: notify_pb2.ListRecipientsRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.ListRecipientsResponse:
        recipients = await self.thread.call(self.targets.recipients)
        return notify_pb2.ListRecipientsResponse(
            recipients=[recipient_message(r) for r in recipients]
        )

    @unary
    async def AddRecipient(
        self, request: notify_pb2.AddRecipientRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.AddRecipientResponse:
        m = request.recipient
        added = await self.thread.call(
            lambda: self.targets.add_recipient(
                m.address,
                schedule_name=m.schedule,
                snapshot=m.snapshot,
                max_per_hour=m.max_per_hour or 10,
            )
        )
        call_context.note(
            message=f"{self._who()} added the e-mail recipient {added.address}",
            after=_audit_recipient(added),
        )
        return notify_pb2.AddRecipientResponse(recipient=recipient_message(added))

    @unary
    async def UpdateRecipient(
        self, request: notify_pb2.UpdateRecipientRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.UpdateRecipientResponse:
        paths = _paths(request.update_mask, RECIPIENT_FIELDS)
        m = request.recipient
        before = await self.thread.call(self.targets.recipient, m.id)
        after = await self.thread.call(
            lambda: self.targets.update_recipient(
                m.id,
                address=m.address if "address" in paths else None,
                schedule_name=m.schedule if "schedule" in paths else None,
                snapshot=m.snapshot if "snapshot" in paths else None,
                max_per_hour=m.max_per_hour if "max_per_hour" in paths else None,
                enabled=m.enabled if "enabled" in paths else None,
            )
        )
        call_context.note(
            message=f"{self._who()} changed the e-mail recipient {after.address}",
            before=_audit_recipient(before),
            after=_audit_recipient(after),
        )
        return notify_pb2.UpdateRecipientResponse(recipient=recipient_message(after))

    @unary
    async def RemoveRecipient(
        self, request: notify_pb2.RemoveRecipientRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.RemoveRecipientResponse:
        gone = await self.thread.call(self.targets.remove_recipient, request.recipient_id)
        call_context.note(
            message=f"{self._who()} removed the e-mail recipient {gone.address}",
            before=_audit_recipient(gone),
        )
        return notify_pb2.RemoveRecipientResponse()

    # -- webhooks --------------------------------------------------------------------------------

    @unary
    async def ListWebhooks(
        self, request: notify_pb2.ListWebhooksRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.ListWebhooksResponse:
        endpoints = await self.thread.call(self.targets.endpoints)
        return notify_pb2.ListWebhooksResponse(webhooks=[webhook_message(e) for e in endpoints])

    @unary
    async def AddWebhook(
        self, request: notify_pb2.AddWebhookRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.AddWebhookResponse:
        added = await self.thread.call(self.targets.add_endpoint, request.url, request.secret)
        call_context.note(
            message=f"{self._who()} added a webhook endpoint",
            after=_audit_webhook(added),
        )
        return notify_pb2.AddWebhookResponse(webhook=webhook_message(added))

    @unary
    async def UpdateWebhook(
        self, request: notify_pb2.UpdateWebhookRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.UpdateWebhookResponse:
        paths = _paths(request.update_mask, WEBHOOK_FIELDS)
        before = await self.thread.call(self.targets.endpoint, request.webhook_id)
        after = await self.thread.call(
            lambda: self.targets.update_endpoint(
                request.webhook_id,
                url=request.url if "url" in paths else None,
                secret=request.secret if "secret" in paths else None,
                enabled=request.enabled if "enabled" in paths else None,
            )
        )
        await self.notifier.settings_changed("webhook", after.id)
        call_context.note(
            message=f"{self._who()} changed a webhook endpoint"
            + (" (new secret)" if "secret" in paths else ""),
            before=_audit_webhook(before),
            after=_audit_webhook(after),
        )
        return notify_pb2.UpdateWebhookResponse(webhook=webhook_message(after))

    @unary
    async def RemoveWebhook(
        self, request: notify_pb2.RemoveWebhookRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.RemoveWebhookResponse:
        gone = await self.thread.call(self.targets.remove_endpoint, request.webhook_id)
        call_context.note(
            message=f"{self._who()} removed a webhook endpoint", before=_audit_webhook(gone)
        )
        return notify_pb2.RemoveWebhookResponse()

    @unary
    async def TestWebhook(
        self, request: notify_pb2.TestWebhookRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.TestWebhookResponse:
        endpoint = await self.thread.call(self.targets.endpoint, request.webhook_id)
        secret = await self.thread.call(self.targets.webhook_secret, request.webhook_id)
        options = self.notifier.options
        import aiohttp  # here: 0.15 CPU-s at import, which a server start need not pay

        async with aiohttp.ClientSession(trust_env=False) as session:
            result: TrialResult = await post_test_webhook(
                session,
                endpoint.url,
                secret,
                server_id=self.notifier.server_id,
                allowed_hosts=options.allowed_hosts,
                timeout_s=options.webhook_timeout_s,
            )
        call_context.note(
            message=f"{self._who()} tested webhook endpoint {endpoint.id}: "
            + ("delivered" if result.accepted else result.error),
        )
        return notify_pb2.TestWebhookResponse(
            delivered=result.accepted,
            status=result.status or 0,
            error=result.error,
            message_id=result.message_id,
        )

    # -- the delivery log ------------------------------------------------------------

    @unary
    async def ListDeliveries(
        self, request: notify_pb2.ListDeliveriesRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.ListDeliveriesResponse:
        if request.page_size < 0:
            raise InvalidArgument("page_size", f"{request.page_size} is negative")
        size = min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        token = request.page_token
        if token and not (token.isascii() and token.isdigit()):
            raise InvalidArgument("page_token", f"{token[:40]!r} is not a token from this list")
        states = set()
        for value in request.states:
            if value not in _STATES:
                raise InvalidArgument("states", f"{value} is not a delivery state")
            states.add(_STATES[value])
        rows, next_id = await self.thread.call(
            self.notifier.outbox.page, states, int(token or 0), size
        )
        return notify_pb2.ListDeliveriesResponse(
            deliveries=[delivery_message(d) for d in rows],
            next_page_token=str(next_id) if next_id else "",
        )

    @unary
    async def RetryDelivery(
        self, request: notify_pb2.RetryDeliveryRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.RetryDeliveryResponse:
        record = await self.notifier.retry(request.delivery_id)
        call_context.note(message=f"{self._who()} retried delivery {record.id}")
        return notify_pb2.RetryDeliveryResponse(delivery=delivery_message(record))
