"""One attempt at one delivery, and what came of it: sent, worth another try, failed
for good, or held back by the recipient's budget. Runs on the event loop; the senders
are ``mail.send_mail`` and ``webhook.deliver`` (one POST per attempt: the outbox owns
retries, across restarts).

Which errors are permanent (``Failed``) and which are retried (``Retry``):

| e-mail                                   | webhook                                  |
|------------------------------------------|------------------------------------------|
| sent: the server accepted the mail       | sent: 2xx                                |
| retry: ``MailUnreachable``, a 4xx reply, | retry: 408, 429, 5xx, no answer, network |
|   SMTP not configured yet                |   error                                  |
| failed: a 5xx reply, ``MailNotSupported``| failed: any other status (410 also       |
|   (no STARTTLS/AUTH), recipient removed  |   disables the endpoint), endpoint gone  |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from vedette_server.errors import InvalidArgument
from vedette_server.notify.mail import (
    JpegAttachment,
    MailError,
    MailNotSupported,
    MailRefused,
    MailUnreachable,
    SmtpSettings,
    build_message,
    send_mail,
)
from vedette_server.notify.webhook import deliver

if TYPE_CHECKING:
    import aiohttp


@dataclass(frozen=True)
class Sent:
    status: int | None
    detail: str = ""


@dataclass(frozen=True)
class Retry:
    status: int | None
    error: str
    #: False when no attempt reached the other side (nothing configured yet).
    attempted: bool = True
    #: How long the other side asked to wait (``Retry-After``), if it did.
    after_s: float | None = None


@dataclass(frozen=True)
class Failed:
    status: int | None
    error: str
    #: The receiver said 410 Gone: its endpoint is disabled.
    gone: bool = False


@dataclass(frozen=True)
class Digested:
    """Over the recipient's budget this hour: summarised in the next digest."""


Outcome = Sent | Retry | Failed | Digested


class SnapshotSource(Protocol):
    """Where mail pictures come from: take one of a camera now (stored, so a mail
    waiting in the outbox keeps it across a restart), read it back."""

    async def take(self, camera_id: int) -> int: ...

    async def read(self, snapshot_id: int) -> bytes: ...


@dataclass(frozen=True)
class MailContent:
    subject: str
    text: str
    message_id: str
    in_reply_to: str | None = None
    attachments: tuple[JpegAttachment, ...] = ()


async def mail_attempt(
    settings: SmtpSettings | None, address: str, content: MailContent
) -> Outcome:
    if settings is None:
        return Retry(None, "SMTP is not configured (vedette notify smtp set)", attempted=False)
    try:
        message = build_message(
            settings.sender,
            [address],
            content.subject,
            content.text,
            attachments=content.attachments,
            message_id=content.message_id,
            in_reply_to=content.in_reply_to,
        )
        receipt = await send_mail(settings, [address], message)
    except MailRefused as error:
        if error.permanent:
            return Failed(error.code, str(error))
        return Retry(error.code, str(error))
    except MailUnreachable as error:
        return Retry(None, str(error))
    except (MailNotSupported, MailError) as error:
        return Failed(None, str(error))
    except InvalidArgument as error:
        return Failed(None, str(error))
    return Sent(250, receipt.reply[:300])


async def webhook_attempt(
    session: aiohttp.ClientSession,
    url: str,
    body: bytes,
    secret: str,
    msg_id: str,
    *,
    timeout_s: float,
    allowed_hosts: tuple[str, ...] | None,
) -> Outcome:
    try:
        result = await deliver(
            url,
            body,
            secret,
            msg_id,
            attempts=1,
            timeout_s=timeout_s,
            allowed_hosts=allowed_hosts,
            session=session,
        )
    except InvalidArgument as error:
        return Failed(None, str(error))
    if result.delivered:
        return Sent(result.last_status)
    if result.gave_up:
        gone = result.last_status == 410
        what = "410 Gone: endpoint disabled" if gone else f"{result.last_status}"
        return Failed(result.last_status, f"the receiver answered {what}", gone=gone)
    if result.last_status is not None:
        return Retry(
            result.last_status,
            f"the receiver answered {result.last_status}",
            after_s=result.retry_after_s,
        )
    return Retry(None, result.last_error or "no answer")
