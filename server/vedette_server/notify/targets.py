"""Who notifications go to: e-mail recipients (``email_recipient``) and webhook
endpoints (``webhook_endpoint``). Blocking: the catalog thread calls it.

Invariants:
- an address is checked by ``addresses.check_address`` (CR/LF, white space, more than
  one address refused) before it is stored; a URL by ``webhook.check_url`` with the
  store's ``allowed_hosts``; a secret by ``webhook.secret_key``;
- a webhook secret is stored sealed (``SecretBox``) and leaves the store only through
  ``webhook_secret``, for the sender; records returned to callers say ``secret_set``;
- a recipient's schedule is a row of ``schedule``; deleting that schedule is refused
  by the schema while a recipient uses it;
- ids are never reused (AUTOINCREMENT), so the delivery log's ``target_id`` names one
  target for ever; removing a target fails its pending deliveries in the same
  transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

import peewee

from vedette_api import timestamps
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import DeliveryRow, EmailRecipientRow, WebhookEndpointRow
from vedette_server.errors import AlreadyExists, InvalidArgument, NotFound, shown
from vedette_server.notify.addresses import check_address
from vedette_server.notify.webhook import check_url, secret_key
from vedette_server.security.secretbox import SecretBox

MAX_PER_HOUR_RANGE: Final = (1, 1000)
MAX_REASON_CHARS: Final = 300


@dataclass(frozen=True)
class Recipient:
    id: int
    address: str
    schedule_id: int | None
    schedule_name: str
    snapshot: bool
    max_per_hour: int
    enabled: bool


@dataclass(frozen=True)
class Endpoint:
    id: int
    url: str
    enabled: bool
    disabled_reason: str
    secret_set: bool = True


def check_budget(value: int) -> int:
    low, high = MAX_PER_HOUR_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument("max_per_hour", f"{shown(value)} is not in {low}..{high}")
    return value


class NotifyTargets:
    """CRUD of recipients and endpoints of one catalog. Blocking."""

    def __init__(
        self,
        catalog: Catalog,
        secrets: SecretBox,
        *,
        allowed_hosts: Collection[str] | None = None,
    ) -> None:
        self.catalog = catalog
        self.secrets = secrets
        self.allowed_hosts = allowed_hosts

    @property
    def _db(self) -> peewee.Database:
        return self.catalog.database

    # -- recipients ---------------------------------------------------------------------

    def _schedule_names(self) -> dict[int, str]:
        rows = self._db.execute_sql("SELECT id, name FROM schedule").fetchall()
        return {int(i): str(n) for i, n in rows}

    def schedule_id(self, name: str) -> int | None:
        """The id of the schedule called ``name`` ('' means none: always)."""
        if not name.strip():
            return None
        for schedule_id, known in self._schedule_names().items():
            if known == name.strip():
                return schedule_id
        raise NotFound("schedule", name)

    def _recipient(self, row: EmailRecipientRow, names: dict[int, str]) -> Recipient:
        schedule_id = None if row.schedule_id is None else int(row.schedule_id)
        return Recipient(
            id=int(row.id),
            address=str(row.address),
            schedule_id=schedule_id,
            schedule_name="" if schedule_id is None else names.get(schedule_id, ""),
            snapshot=bool(row.snapshot),
            max_per_hour=int(row.max_per_hour),
            enabled=bool(row.enabled),
        )

    def recipients(self) -> list[Recipient]:
        names = self._schedule_names()
        query = EmailRecipientRow.select().order_by(EmailRecipientRow.id)
        return [self._recipient(r, names) for r in query.execute(self._db)]

    def recipient(self, recipient_id: int) -> Recipient:
        rows = list(
            EmailRecipientRow.select().where(EmailRecipientRow.id == recipient_id).execute(self._db)
        )
        if not rows:
            raise NotFound("e-mail recipient", recipient_id)
        return self._recipient(rows[0], self._schedule_names())

    def add_recipient(
        self,
        address: str,
        *,
        schedule_name: str = "",
        snapshot: bool = False,
        max_per_hour: int = 10,
        enabled: bool = True,
    ) -> Recipient:
        check_address("address", address)
        check_budget(max_per_hour)
        with self.catalog.atomic():
            schedule_id = self.schedule_id(schedule_name)
            try:
                new_id = EmailRecipientRow.insert(
                    address=address,
                    schedule_id=schedule_id,
                    snapshot=snapshot,
                    max_per_hour=max_per_hour,
                    enabled=enabled,
                    updated_us=timestamps.now_us(),
                ).execute(self._db)
            except peewee.IntegrityError:
                raise AlreadyExists("e-mail recipient", address) from None
        return self.recipient(int(new_id))

    def update_recipient(
        self,
        recipient_id: int,
        *,
        address: str | None = None,
        schedule_name: str | None = None,
        snapshot: bool | None = None,
        max_per_hour: int | None = None,
        enabled: bool | None = None,
    ) -> Recipient:
        """Change the fields given (None: keep)."""
        changes: dict[str, object] = {"updated_us": timestamps.now_us()}
        if address is not None:
            changes["address"] = check_address("address", address)
        if max_per_hour is not None:
            changes["max_per_hour"] = check_budget(max_per_hour)
        if snapshot is not None:
            changes["snapshot"] = snapshot
        if enabled is not None:
            changes["enabled"] = enabled
        with self.catalog.atomic():
            self.recipient(recipient_id)
            if schedule_name is not None:
                changes["schedule_id"] = self.schedule_id(schedule_name)
            try:
                EmailRecipientRow.update(**changes).where(
                    EmailRecipientRow.id == recipient_id
                ).execute(self._db)
            except peewee.IntegrityError:
                raise AlreadyExists("e-mail recipient", address) from None
        return self.recipient(recipient_id)

    def remove_recipient(self, recipient_id: int) -> Recipient:
        """Remove a recipient; its pending deliveries fail, in the same transaction."""
        with self.catalog.atomic():
            gone = self.recipient(recipient_id)
            EmailRecipientRow.delete().where(EmailRecipientRow.id == recipient_id).execute(self._db)
            self._fail_pending("email", recipient_id, "the e-mail recipient was removed")
        return gone

    def _fail_pending(self, channel: str, target_id: int, reason: str) -> None:
        DeliveryRow.update(
            state="failed", next_attempt_us=None, last_error=reason, done_us=timestamps.now_us()
        ).where(
            (DeliveryRow.channel == channel)
            & (DeliveryRow.target_id == target_id)
            & (DeliveryRow.state == "pending")
        ).execute(self._db)

    # -- webhook endpoints ----------------------------------------------------------------

    @staticmethod
    def _endpoint(row: WebhookEndpointRow) -> Endpoint:
        return Endpoint(int(row.id), str(row.url), bool(row.enabled), str(row.disabled_reason))

    def endpoints(self) -> list[Endpoint]:
        query = WebhookEndpointRow.select().order_by(WebhookEndpointRow.id)
        return [self._endpoint(r) for r in query.execute(self._db)]

    def _endpoint_row(self, endpoint_id: int) -> WebhookEndpointRow:
        rows = list(
            WebhookEndpointRow.select()
            .where(WebhookEndpointRow.id == endpoint_id)
            .execute(self._db)
        )
        if not rows:
            raise NotFound("webhook endpoint", endpoint_id)
        row: WebhookEndpointRow = rows[0]
        return row

    def endpoint(self, endpoint_id: int) -> Endpoint:
        return self._endpoint(self._endpoint_row(endpoint_id))

    def _sealed(self, secret: str) -> bytes:
        secret_key(secret)  # refuses a malformed one, never showing it
        return self.secrets.seal_bytes(secret.encode())

    def add_endpoint(self, url: str, secret: str, *, enabled: bool = True) -> Endpoint:
        check_url(url, self.allowed_hosts)
        sealed = self._sealed(secret)
        with self.catalog.atomic():
            try:
                new_id = WebhookEndpointRow.insert(
                    url=url, secret=sealed, enabled=enabled, updated_us=timestamps.now_us()
                ).execute(self._db)
            except peewee.IntegrityError:
                raise AlreadyExists("webhook endpoint", url) from None
        return self.endpoint(int(new_id))

    def update_endpoint(
        self,
        endpoint_id: int,
        *,
        url: str | None = None,
        secret: str | None = None,
        enabled: bool | None = None,
    ) -> Endpoint:
        """Change the fields given; enabling clears the reason it was disabled."""
        changes: dict[str, object] = {"updated_us": timestamps.now_us()}
        if url is not None:
            check_url(url, self.allowed_hosts)
            changes["url"] = url
        if secret is not None:
            changes["secret"] = self._sealed(secret)
        if enabled is not None:
            changes["enabled"] = enabled
            if enabled:
                changes["disabled_reason"] = ""
        with self.catalog.atomic():
            self._endpoint_row(endpoint_id)
            try:
                WebhookEndpointRow.update(**changes).where(
                    WebhookEndpointRow.id == endpoint_id
                ).execute(self._db)
            except peewee.IntegrityError:
                raise AlreadyExists("webhook endpoint", url) from None
        return self.endpoint(endpoint_id)

    def disable_endpoint(self, endpoint_id: int, reason: str) -> None:
        """Turn an endpoint off with the reason (the receiver answered 410 Gone)."""
        WebhookEndpointRow.update(
            enabled=False,
            disabled_reason=reason[:MAX_REASON_CHARS],
            updated_us=timestamps.now_us(),
        ).where(WebhookEndpointRow.id == endpoint_id).execute(self._db)

    def remove_endpoint(self, endpoint_id: int) -> Endpoint:
        """Remove an endpoint; its pending deliveries fail, in the same transaction."""
        with self.catalog.atomic():
            gone = self.endpoint(endpoint_id)
            WebhookEndpointRow.delete().where(WebhookEndpointRow.id == endpoint_id).execute(
                self._db
            )
            self._fail_pending("webhook", endpoint_id, "the webhook endpoint was removed")
        return gone

    def webhook_secret(self, endpoint_id: int) -> str:
        """The endpoint's secret in clear, for signing only."""
        return self.secrets.open_bytes(bytes(self._endpoint_row(endpoint_id).secret)).decode()
