"""A real SMTP server for tests: aiosmtpd on loopback (port 0), with STARTTLS or TLS from
the first byte on a self-signed certificate made for the test, and AUTH LOGIN/PLAIN
checked against one user; what it accepted is kept in an ``Inbox``."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import ssl
import threading
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP as SmtpServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from vedette_server.security.tls import create_server_certificate

USER = "alarms"
PASSWORD = "s3cret-Pa55word"
SENDER = "vedette@example.test"
RCPT = "guard@example.test"
#: Every wait here is bounded: far above what a loaded machine needs.
BOUND_S = 60.0


@dataclass
class Inbox:
    """The SMTP server's side: what it accepted, and who logged in how."""

    mails: list[Envelope] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (mechanism, user)
    connections: int = 0

    unknown: frozenset[str] = frozenset()

    async def handle_RCPT(
        self, server: SmtpServer, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SmtpServer, session: Session, envelope: Envelope) -> str:
        self.mails.append(envelope)
        return "250 2.0.0 Ok: queued as T1"

    def authenticate(
        self, server: SmtpServer, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if ok:
            self.logins.append((mechanism, data.login.decode()))
        # handled=False: aiosmtpd answers 235 or 535 itself.
        return AuthResult(success=ok, handled=False)

    def parsed(self, index: int = 0) -> EmailMessage:
        content = self.mails[index].original_content
        assert content is not None
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class Tls:
    cert: Path
    server: ssl.SSLContext


def make_tls(folder: Path) -> Tls:
    """A self-signed certificate for 127.0.0.1 and localhost, and a server context."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    create_server_certificate(key, cert, days=2)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return Tls(cert, context)


@contextlib.asynccontextmanager
async def smtp_server(
    inbox: Inbox,
    *,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
    exclude: Iterable[str] = (),
    port: int = 0,
) -> AsyncIterator[int]:
    """An aiosmtpd server in this event loop on 127.0.0.1, port 0 (or ``port``, one it
    had before: a server coming back); yields its port."""
    loop = asyncio.get_running_loop()

    def protocol() -> SmtpServer:
        inbox.connections += 1
        return SmtpServer(
            inbox,
            hostname="smtp.test",
            tls_context=starttls,
            require_starttls=starttls is not None,
            authenticator=inbox.authenticate,
            # aiosmtpd counts only STARTTLS as TLS; from the first byte it is TLS too.
            auth_require_tls=implicit_tls is None,
            auth_exclude_mechanism=list(exclude),
            loop=loop,
        )

    server = await loop.create_server(protocol, "127.0.0.1", port, ssl=implicit_tls)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await asyncio.wait_for(server.wait_closed(), BOUND_S)


@contextlib.contextmanager
def smtp_in_thread(inbox: Inbox, **options: Any) -> Iterator[int]:
    """``smtp_server`` on its own event loop in a thread (for a server in another process
    or loop); yields its port. ``inbox`` is filled from that thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="smtp-server", daemon=True)
    thread.start()
    serving = smtp_server(inbox, **options)
    try:
        port = asyncio.run_coroutine_threadsafe(serving.__aenter__(), loop).result(BOUND_S)
        try:
            yield port
        finally:
            done = serving.__aexit__(None, None, None)
            asyncio.run_coroutine_threadsafe(done, loop).result(BOUND_S)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(BOUND_S)
        loop.close()
