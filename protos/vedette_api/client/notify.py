"""The ``NotificationService`` part of ``vedette_api.Client``: the SMTP settings, e-mail
recipients, webhook endpoints, test sends and the delivery log. Every method blocks.

Passwords and webhook secrets are write-only: nothing here returns one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from google.protobuf.duration_pb2 import Duration

from vedette_api.client.calls import ServiceCalls, apply_changes
from vedette_api.errors import InvalidArgument, NotFound
from vedette_api.v1 import notify_pb2, notify_pb2_grpc

SECURITY = {
    "none": notify_pb2.SMTP_SECURITY_NONE,
    "starttls": notify_pb2.SMTP_SECURITY_STARTTLS,
    "ssl": notify_pb2.SMTP_SECURITY_SSL,
}
DELIVERY_STATES = {
    "pending": notify_pb2.DELIVERY_STATE_PENDING,
    "sent": notify_pb2.DELIVERY_STATE_SENT,
    "failed": notify_pb2.DELIVERY_STATE_FAILED,
    "suppressed": notify_pb2.DELIVERY_STATE_SUPPRESSED,
    "digested": notify_pb2.DELIVERY_STATE_DIGESTED,
}


class NotifyCalls(ServiceCalls):
    _notify: notify_pb2_grpc.NotificationServiceStub

    # -- SMTP ----------------------------------------------------------------------------

    def get_smtp(self) -> notify_pb2.SmtpSettings:
        """The SMTP settings (``password_set`` instead of the password)."""
        response: notify_pb2.GetSmtpResponse = self._call(
            self._notify.GetSmtp, notify_pb2.GetSmtpRequest()
        )
        return response.smtp

    def set_smtp(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        security: str = "starttls",
        user: str = "",
        password: str | None = None,
        timeout_s: float = 30.0,
        tls_ca_pem: str | None = None,
    ) -> notify_pb2.SmtpSettings:
        """Replace the SMTP settings. ``password`` None keeps the stored one (same
        user), "" clears it; ``tls_ca_pem`` None keeps the trusted certificates, ""
        goes back to the system's store."""
        if security not in SECURITY:
            raise InvalidArgument(f"security: choose one of {', '.join(SECURITY)}")
        request = notify_pb2.SetSmtpRequest(
            smtp=notify_pb2.SmtpSettings(
                host=host,
                port=port,
                security=SECURITY[security],
                user=user,
                sender=sender,
                timeout=Duration(seconds=int(timeout_s), nanos=int(timeout_s % 1 * 1e9)),
            ),
            password=password or "",
            clear_password=password == "",
            tls_ca_pem=tls_ca_pem or "",
            clear_tls_ca=tls_ca_pem == "",
        )
        response: notify_pb2.SetSmtpResponse = self._call(self._notify.SetSmtp, request)
        return response.smtp

    def send_test_mail(self, address: str) -> notify_pb2.SendTestMailResponse:
        """Send a test mail now; the answer holds the server's reply or the error."""
        response: notify_pb2.SendTestMailResponse = self._call(
            self._notify.SendTestMail,
            notify_pb2.SendTestMailRequest(address=address),
            min_timeout_s=120.0,
        )
        return response

    # -- recipients --------------------------------------------------------------------------

    def list_recipients(self) -> list[notify_pb2.Recipient]:
        response: notify_pb2.ListRecipientsResponse = self._call(
            self._notify.ListRecipients, notify_pb2.ListRecipientsRequest()
        )
        return list(response.recipients)

    def add_recipient(
        self,
        address: str,
        *,
        schedule: str = "",
        snapshot: bool = False,
        max_per_hour: int = 0,
    ) -> notify_pb2.Recipient:
        """Add a recipient (``schedule``: a schedule's name, "" for always;
        ``max_per_hour`` 0: the server's default, 10)."""
        request = notify_pb2.AddRecipientRequest(
            recipient=notify_pb2.Recipient(
                address=address, schedule=schedule, snapshot=snapshot, max_per_hour=max_per_hour
            )
        )
        response: notify_pb2.AddRecipientResponse = self._call(self._notify.AddRecipient, request)
        return response.recipient

    def find_recipient(self, ref: str | int) -> notify_pb2.Recipient:
        """The recipient whose id, or else whose address (case of the domain ignored),
        is ``ref``."""
        text = str(ref).strip()
        recipients = self.list_recipients()
        for recipient in recipients:
            if text.isdigit() and recipient.id == int(text):
                return recipient
        for recipient in recipients:
            if recipient.address.lower() == text.lower():
                return recipient
        raise NotFound(f"no e-mail recipient has the id or address {text!r}")

    def update_recipient(
        self,
        recipient_id: int,
        *,
        address: str | None = None,
        schedule: str | None = None,
        snapshot: bool | None = None,
        max_per_hour: int | None = None,
        enabled: bool | None = None,
    ) -> notify_pb2.Recipient:
        """Change the fields given (None: keep)."""
        recipient = notify_pb2.Recipient(id=recipient_id)
        changes = {
            "address": address,
            "schedule": schedule,
            "snapshot": snapshot,
            "max_per_hour": max_per_hour,
            "enabled": enabled,
        }
        mask = apply_changes(recipient, changes, method="update_recipient")
        response: notify_pb2.UpdateRecipientResponse = self._call(
            self._notify.UpdateRecipient,
            notify_pb2.UpdateRecipientRequest(recipient=recipient, update_mask=mask),
        )
        return response.recipient

    def remove_recipient(self, recipient_id: int) -> None:
        self._call(
            self._notify.RemoveRecipient,
            notify_pb2.RemoveRecipientRequest(recipient_id=recipient_id),
        )

    # -- webhooks -----------------------------------------------------------------------------

    def list_webhooks(self) -> list[notify_pb2.Webhook]:
        response: notify_pb2.ListWebhooksResponse = self._call(
            self._notify.ListWebhooks, notify_pb2.ListWebhooksRequest()
        )
        return list(response.webhooks)

    def add_webhook(self, url: str, secret: str) -> notify_pb2.Webhook:
        response: notify_pb2.AddWebhookResponse = self._call(
            self._notify.AddWebhook, notify_pb2.AddWebhookRequest(url=url, secret=secret)
        )
        return response.webhook

    def update_webhook(
        self,
        webhook_id: int,
        *,
        url: str | None = None,
        secret: str | None = None,
        enabled: bool | None = None,
    ) -> notify_pb2.Webhook:
        request = notify_pb2.UpdateWebhookRequest(webhook_id=webhook_id)
        changes = {"url": url, "secret": secret, "enabled": enabled}
        request.update_mask.CopyFrom(apply_changes(request, changes, method="update_webhook"))
        response: notify_pb2.UpdateWebhookResponse = self._call(self._notify.UpdateWebhook, request)
        return response.webhook

    def remove_webhook(self, webhook_id: int) -> None:
        self._call(
            self._notify.RemoveWebhook, notify_pb2.RemoveWebhookRequest(webhook_id=webhook_id)
        )

    def test_webhook(self, webhook_id: int) -> notify_pb2.TestWebhookResponse:
        response: notify_pb2.TestWebhookResponse = self._call(
            self._notify.TestWebhook,
            notify_pb2.TestWebhookRequest(webhook_id=webhook_id),
            min_timeout_s=60.0,
        )
        return response

    # -- deliveries -------------------------------------------------------------------------------

    def deliveries(
        self, states: Sequence[str] = (), *, limit: int | None = None
    ) -> Iterator[notify_pb2.Delivery]:
        """Deliveries newest first, in ``states`` (names of ``DELIVERY_STATES``; empty:
        all), at most ``limit``."""
        unknown = [s for s in states if s not in DELIVERY_STATES]
        if unknown:
            raise InvalidArgument(
                f"states: {unknown[0]!r} is not one of {', '.join(DELIVERY_STATES)}"
            )
        request = notify_pb2.ListDeliveriesRequest(states=[DELIVERY_STATES[s] for s in states])
        return self._paginate(self._notify.ListDeliveries, request, "deliveries", limit=limit)

    def retry_delivery(self, delivery_id: int) -> notify_pb2.Delivery:
        response: notify_pb2.RetryDeliveryResponse = self._call(
            self._notify.RetryDelivery, notify_pb2.RetryDeliveryRequest(delivery_id=delivery_id)
        )
        return response.delivery
