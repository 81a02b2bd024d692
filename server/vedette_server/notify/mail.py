"""Alarm e-mail over SMTP (ALARM-07, NET-03): the server's SMTP settings, the message
builder and ``send_mail`` (aiosmtplib).

Invariants:
- ``SmtpSettings`` is validated once, where it is made: an address with CR/LF, white
  space or not exactly one ``@`` is refused naming its field (``addresses``), before
  any connection; a password is only sent over TLS (``ssl``, or ``starttls``, which
  aiosmtplib makes mandatory: a server without STARTTLS is an error, never a plain
  fallback).
- The password never appears in ``repr``, in a log line or in an error message.
- TLS verifies the server's certificate and host name, against the system's trust
  store, or only against ``tls_ca`` (a PEM file) when it is set.
- ``send_mail`` raises only ``MailError`` subclasses: ``MailRefused`` (the server
  answered with an error code; its code and text, and at which step), ``MailUnreachable``
  (no SMTP conversation: connection refused, timeout, dropped, TLS handshake or
  certificate failure), ``MailNotSupported`` (the server lacks STARTTLS or AUTH).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path
from typing import Final

import aiosmtplib

from vedette_server.errors import FailedPrecondition, InvalidArgument, shown
from vedette_server.notify.addresses import check_address, check_recipients

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S: Final = 30.0
MAX_SUBJECT_CHARS: Final = 200
MAX_ATTACHMENTS: Final = 3
MAX_ATTACHMENT_BYTES: Final = 2 * 1024 * 1024
MAX_CA_PEM_CHARS: Final = 64 * 1024
_JPEG_MAGIC: Final = b"\xff\xd8\xff"


class Security(StrEnum):
    """How the connection to the SMTP server is protected."""

    NONE = "none"  # plain text (a relay on the local network); no login allowed
    STARTTLS = "starttls"  # plain connect, then STARTTLS is required (port 587)
    SSL = "ssl"  # TLS from the first byte (port 465)


def _check_text(field_name: str, value: str, *, allow_empty: bool = True) -> None:
    if not isinstance(value, str):
        raise InvalidArgument(field_name, f"must be a string, not {type(value).__name__}")
    if not value and not allow_empty:
        raise InvalidArgument(field_name, "is empty")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise InvalidArgument(field_name, "holds a line break or another control character")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how the server sends mail; validated on construction."""

    host: str
    port: int
    security: Security
    sender: str
    user: str = ""
    password: str = field(default="", repr=False)
    timeout_s: float = DEFAULT_TIMEOUT_S
    #: A PEM file of the certificate(s) to trust instead of the system's store.
    tls_ca: Path | None = None
    #: The same as PEM text (what the server stores: ``settings/smtp.py``); used when
    #: ``tls_ca`` is not set.
    tls_ca_pem: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        _check_text("host", self.host, allow_empty=False)
        if any(c.isspace() for c in self.host) or "/" in self.host:
            raise InvalidArgument("host", f"{shown(self.host)} is not a host name or address")
        if isinstance(self.port, bool) or not isinstance(self.port, int):
            raise InvalidArgument("port", "must be an integer")
        if not 1 <= self.port <= 65535:
            raise InvalidArgument("port", f"{self.port} is not in 1..65535")
        try:
            object.__setattr__(self, "security", Security(self.security))
        except ValueError:
            choices = ", ".join(s.value for s in Security)
            raise InvalidArgument(
                "security", f"{shown(self.security)} is not one of {choices}"
            ) from None
        check_address("sender", self.sender)
        _check_text("user", self.user)
        _check_text("password", self.password)
        if self.password and not self.user:
            raise InvalidArgument("user", "is needed when a password is set")
        if self.user and self.security is Security.NONE:
            raise InvalidArgument(
                "security", "a login needs TLS: choose starttls or ssl (a password never "
                "travels in plain text)"
            )  # fmt: skip
        if not isinstance(self.timeout_s, int | float) or not 0 < self.timeout_s <= 600:
            raise InvalidArgument("timeout_s", f"{shown(self.timeout_s)} is not in (0, 600] s")
        if self.tls_ca is not None and not Path(self.tls_ca).is_file():
            raise InvalidArgument("tls_ca", f"{shown(str(self.tls_ca))} is not a file")
        if self.tls_ca_pem:
            if not isinstance(self.tls_ca_pem, str) or len(self.tls_ca_pem) > MAX_CA_PEM_CHARS:
                raise InvalidArgument(
                    "tls_ca_pem", f"must be PEM text of at most {MAX_CA_PEM_CHARS} characters"
                )
            self._pem_context()  # refuses text that holds no certificate

    def _pem_context(self) -> ssl.SSLContext:
        try:
            return ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=self.tls_ca_pem)
        except (ssl.SSLError, ValueError):
            raise InvalidArgument(
                "tls_ca_pem", "holds no certificate that can be loaded as PEM"
            ) from None

    def tls_context(self) -> ssl.SSLContext:
        """A client context that verifies the certificate and the host name (blocking:
        reads ``tls_ca`` or the system's trust store)."""
        if self.tls_ca is None and self.tls_ca_pem:
            return self._pem_context()
        if self.tls_ca is None:
            return ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        try:
            return ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(self.tls_ca))
        except (ssl.SSLError, OSError) as error:
            raise InvalidArgument(
                "tls_ca", f"cannot be loaded as PEM certificates: {error}"
            ) from None


@dataclass(frozen=True)
class JpegAttachment:
    """A picture attached to a mail (a camera snapshot)."""

    filename: str
    data: bytes = field(repr=False)


def _clean_subject(subject: str) -> str:
    """One line of at most ``MAX_SUBJECT_CHARS`` characters: line breaks and other
    control characters (a camera name may hold anything) become spaces."""
    text = "".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in subject)
    text = " ".join(text.split())
    return text if len(text) <= MAX_SUBJECT_CHARS else f"{text[: MAX_SUBJECT_CHARS - 1]}…"


def _check_attachment(index: int, item: JpegAttachment) -> None:
    name = f"attachments[{index}]"
    _check_text(f"{name}.filename", item.filename, allow_empty=False)
    if any(c in item.filename for c in '/\\"') or len(item.filename) > 100:
        raise InvalidArgument(
            f"{name}.filename", f"{shown(item.filename)} must be a plain file name"
        )
    if not item.data.startswith(_JPEG_MAGIC):
        raise InvalidArgument(f"{name}.data", "is not a JPEG picture")
    if len(item.data) > MAX_ATTACHMENT_BYTES:
        raise InvalidArgument(
            f"{name}.data", f"{len(item.data)} bytes, more than {MAX_ATTACHMENT_BYTES}"
        )


def build_message(
    sender: str,
    recipients: Sequence[str],
    subject: str,
    text: str,
    *,
    attachments: Sequence[JpegAttachment] = (),
    message_id: str | None = None,
    in_reply_to: str | None = None,
    date: dt.datetime | None = None,
) -> EmailMessage:
    """A plain-text mail with optional JPEG attachments, a ``Date`` (``date``, or now)
    and a ``Message-ID`` (``message_id``, or a new one in the sender's domain).
    ``in_reply_to`` threads an update under the alarm's first mail."""
    check_address("sender", sender)
    to = check_recipients(recipients)
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidArgument("attachments", f"at most {MAX_ATTACHMENTS} pictures")
    for i, item in enumerate(attachments):
        _check_attachment(i, item)
    for name, value in (("message_id", message_id), ("in_reply_to", in_reply_to)):
        if value is not None:
            _check_text(name, value, allow_empty=False)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = _clean_subject(subject)
    when = date if date is not None else dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        raise InvalidArgument("date", "must carry a time zone")
    message["Date"] = email.utils.format_datetime(when)
    domain = sender.rsplit("@", 1)[1]
    message["Message-ID"] = message_id or email.utils.make_msgid("vedette", domain=domain)
    if in_reply_to is not None:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(text)
    for item in attachments:
        message.add_attachment(item.data, maintype="image", subtype="jpeg", filename=item.filename)
    return message


class MailError(FailedPrecondition):
    """A mail could not be sent (the request was valid; the SMTP side said no)."""

    error_reason = "MAIL_FAILED"


class MailUnreachable(MailError):
    """No SMTP conversation with the server: refused, timed out, dropped, or TLS failed."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"SMTP server {host}:{port} unreachable: {reason}")
        self.host, self.port, self.reason = host, port, reason


class MailNotSupported(MailError):
    """The server lacks what the settings require (STARTTLS, AUTH)."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"SMTP server {host}:{port}: {reason}")
        self.host, self.port, self.reason = host, port, reason


class MailRefused(MailError):
    """The server answered ``code`` ``text`` at ``step`` (login, sender, recipients,
    data, greeting). ``permanent``: a 5xx code, which a retry will not change."""

    def __init__(self, step: str, code: int, text: str) -> None:
        super().__init__(f"SMTP server refused the {step}: {code} {text}")
        self.step, self.code, self.text = step, code, text

    @property
    def permanent(self) -> bool:
        return self.code >= 500


@dataclass(frozen=True)
class MailReceipt:
    """What the server said when it accepted the mail."""

    accepted: tuple[str, ...]
    #: Recipients the server refused while accepting the others: address → "code text".
    refused: dict[str, str]
    #: The server's reply to the end of DATA (often holds its queue id).
    reply: str


def _step_of(error: aiosmtplib.SMTPResponseException) -> str:
    if isinstance(error, aiosmtplib.SMTPAuthenticationError):
        return "login"
    if isinstance(error, aiosmtplib.SMTPSenderRefused):
        return "sender"
    if isinstance(error, aiosmtplib.SMTPRecipientRefused):
        return "recipient"
    if isinstance(error, aiosmtplib.SMTPDataError):
        return "message"
    if isinstance(error, aiosmtplib.SMTPConnectResponseError | aiosmtplib.SMTPHeloError):
        return "greeting"
    return "command"


async def _converse(
    settings: SmtpSettings, context: ssl.SSLContext, to: tuple[str, ...], message: EmailMessage
) -> MailReceipt:
    client = aiosmtplib.SMTP(
        hostname=settings.host,
        port=settings.port,
        use_tls=settings.security is Security.SSL,
        # None would upgrade opportunistically; "none" means none, and "starttls" means
        # required (aiosmtplib raises when the server does not offer it).
        start_tls=settings.security is Security.STARTTLS,
        timeout=settings.timeout_s,
        tls_context=context if settings.security is not Security.NONE else None,
    )
    async with client:
        if settings.user:
            await client.login(settings.user, settings.password)
        refused, reply = await client.send_message(
            message, sender=settings.sender, recipients=list(to)
        )
    return MailReceipt(
        accepted=tuple(r for r in to if r not in refused),
        refused={r: f"{resp.code} {resp.message}" for r, resp in refused.items()},
        reply=reply,
    )


async def send_mail(
    settings: SmtpSettings, recipients: Sequence[str], message: EmailMessage
) -> MailReceipt:
    """Send ``message`` to ``recipients`` (the envelope; its headers are not read for
    addresses). Raises ``InvalidArgument`` for a bad recipient before connecting, and
    a ``MailError`` when the mail is not accepted for any recipient."""
    to = check_recipients(recipients)
    host, port = settings.host, settings.port
    context = settings.tls_context()  # small file read; before any connection
    try:
        receipt = await _converse(settings, context, to, message)
    except aiosmtplib.SMTPRecipientsRefused as error:
        first = error.recipients[0]
        step = "recipients" if len(error.recipients) > 1 else "recipient"
        raise MailRefused(step, first.code, first.message) from None
    except aiosmtplib.SMTPResponseException as error:
        raise MailRefused(_step_of(error), error.code, error.message) from None
    except aiosmtplib.SMTPNotSupported as error:
        raise MailNotSupported(host, port, error.message) from None
    except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPTimeoutError) as error:
        raise MailUnreachable(host, port, _cause(error)) from None
    except aiosmtplib.SMTPServerDisconnected as error:
        raise MailUnreachable(host, port, f"connection dropped: {_cause(error)}") from None
    except ssl.SSLError as error:
        raise MailUnreachable(host, port, f"TLS failed: {error}") from None
    except aiosmtplib.SMTPException as error:  # e.g. AUTH not offered by the server
        raise MailNotSupported(host, port, error.message) from None
    except OSError as error:
        raise MailUnreachable(host, port, str(error) or type(error).__name__) from None
    log.info(
        "mail %s sent via %s:%d to %d recipient(s), %d refused",
        message.get("Message-ID", "?"), host, port, len(receipt.accepted), len(receipt.refused),
    )  # fmt: skip
    return receipt


def _cause(error: BaseException) -> str:
    """The error's text, with what caused it when that says more (a certificate failure
    hides behind a connect error)."""
    text = str(error) or type(error).__name__
    cause = error.__cause__ or error.__context__
    if isinstance(cause, ssl.SSLError | OSError) and str(cause) not in text:
        return f"{text} ({cause})"
    return text
