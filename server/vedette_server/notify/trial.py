"""Trying the settings now, outside the outbox: a test mail to one address, one signed
test message to one endpoint. What came of it is returned in words, never raised: an
administrator checking the settings wants the server's answer, not an error code.
Runs on the event loop."""

from __future__ import annotations

import email.utils
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from vedette_api import timestamps
from vedette_server.errors import FailedPrecondition
from vedette_server.notify.addresses import check_address
from vedette_server.notify.attempts import (
    Failed,
    MailContent,
    Outcome,
    Retry,
    Sent,
    mail_attempt,
    webhook_attempt,
)
from vedette_server.notify.mail import SmtpSettings
from vedette_server.notify.messages import local_time
from vedette_server.notify.webhook import DEFAULT_TIMEOUT_S, new_message_id

if TYPE_CHECKING:
    import aiohttp


@dataclass(frozen=True)
class TrialResult:
    accepted: bool
    #: The SMTP server's reply, or the receiver's HTTP status (as text).
    reply: str
    status: int | None
    error: str
    message_id: str = ""


async def send_test_mail(
    settings: SmtpSettings | None, address: str, server_name: str, zone: ZoneInfo
) -> TrialResult:
    """One test mail to ``address`` (InvalidArgument for a bad address,
    FailedPrecondition when SMTP is not configured)."""
    check_address("address", address)
    if settings is None:
        raise FailedPrecondition("SMTP is not configured: set it first (vedette notify smtp set)")
    now = timestamps.now_us()
    content = MailContent(
        f"[Vedette] Test mail from {server_name}",
        f"This is a test mail from the Vedette server {server_name!r}, sent at "
        f"{local_time(now, zone)}.\nAlarm e-mail will reach this address.\n",
        email.utils.make_msgid("vedette-test", domain="vedette.invalid"),
    )
    return _result(await mail_attempt(settings, address, content), content.message_id)


async def post_test_webhook(
    session: aiohttp.ClientSession,
    url: str,
    secret: str,
    *,
    server_id: str,
    allowed_hosts: tuple[str, ...] | None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> TrialResult:
    """One signed POST of a ``test`` message to ``url``."""
    now = timestamps.now_us()
    body = json.dumps(
        {"type": "test", "timestamp": now // 1_000_000, "server_id": server_id, "data": {}},
        sort_keys=True,
    ).encode()
    msg_id = new_message_id()
    outcome = await webhook_attempt(
        session, url, body, secret, msg_id, timeout_s=timeout_s, allowed_hosts=allowed_hosts
    )
    return _result(outcome, msg_id)


def _result(outcome: Outcome, message_id: str) -> TrialResult:
    if isinstance(outcome, Sent):
        return TrialResult(True, outcome.detail, outcome.status, "", message_id)
    if isinstance(outcome, Retry | Failed):
        return TrialResult(False, "", outcome.status, outcome.error, message_id)
    return TrialResult(False, "", None, "not attempted", message_id)  # Digested: not here
