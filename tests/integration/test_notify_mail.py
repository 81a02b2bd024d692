"""Alarm e-mail against a real SMTP server: aiosmtpd on loopback (port 0) with STARTTLS
(or TLS from the first byte) on a self-signed certificate made for the test, AUTH
LOGIN or PLAIN checked by an authenticator, and the received bytes parsed back."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.support.smtp_inbox import (
    BOUND_S,
    PASSWORD,
    RCPT,
    SENDER,
    USER,
    Inbox,
    Tls,
    make_tls,
    smtp_server,
)
from vedette_server.errors import InvalidArgument
from vedette_server.notify.mail import (
    JpegAttachment,
    MailNotSupported,
    MailRefused,
    MailUnreachable,
    Security,
    SmtpSettings,
    build_message,
    send_mail,
)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("smtp-tls"))


def settings(port: int, tls: Tls, **changes: Any) -> SmtpSettings:
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "security": Security.STARTTLS,
        "sender": SENDER,
        "user": USER,
        "password": PASSWORD,
        "timeout_s": BOUND_S,
        "tls_ca": tls.cert,
    }
    values.update(changes)
    return SmtpSettings(**values)


def jpeg_picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def run(coroutine: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, BOUND_S))


def test_test_mail_goes_through_starttls_and_auth_login(tls: Tls) -> None:
    inbox = Inbox()

    async def scenario() -> Any:
        async with smtp_server(inbox, starttls=tls.server, exclude=["PLAIN"]) as port:
            message = build_message(SENDER, [RCPT], "Vedette test mail", "It works.\n")
            return await send_mail(settings(port, tls), [RCPT], message), message

    receipt, sent = run(scenario())
    assert receipt.accepted == (RCPT,) and receipt.refused == {}
    assert "queued as T1" in receipt.reply
    assert inbox.logins == [("LOGIN", USER)]
    assert len(inbox.mails) == 1
    assert inbox.mails[0].mail_from == SENDER
    assert inbox.mails[0].rcpt_tos == [RCPT]
    received = inbox.parsed()
    assert received["Subject"] == "Vedette test mail"
    assert received["From"] == SENDER and received["To"] == RCPT
    assert received["Message-ID"] == sent["Message-ID"]
    assert received["Message-ID"].endswith("@example.test>")
    assert received["Date"].datetime.tzinfo is not None
    body = received.get_body(("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == "It works.\n"


def test_alarm_mail_with_a_jpeg_goes_through_auth_plain(tls: Tls) -> None:
    inbox = Inbox()
    picture = jpeg_picture()
    recipients = [RCPT, "second@example.test"]

    async def scenario() -> Any:
        async with smtp_server(inbox, starttls=tls.server, exclude=["LOGIN"]) as port:
            message = build_message(
                SENDER,
                recipients,
                "[Vedette] P1 Motion · Front door\r\nBcc: evil@example.test",
                "Motion at the front door.\n",
                attachments=[JpegAttachment("front-door.jpg", picture)],
                in_reply_to="<first@example.test>",
            )
            return await send_mail(settings(port, tls), recipients, message)

    receipt = run(scenario())
    assert receipt.accepted == tuple(recipients)
    assert inbox.logins == [("PLAIN", USER)]
    assert inbox.mails[0].rcpt_tos == recipients
    received = inbox.parsed()
    # The line break in the subject (a camera name may hold one) did not make a header.
    assert received["Bcc"] is None
    assert received["Subject"] == "[Vedette] P1 Motion · Front door Bcc: evil@example.test"
    assert received["In-Reply-To"] == "<first@example.test>"
    parts = list(received.iter_attachments())
    assert len(parts) == 1
    assert parts[0].get_content_type() == "image/jpeg"
    assert parts[0].get_filename() == "front-door.jpg"
    assert parts[0].get_content() == picture


def test_tls_from_the_first_byte(tls: Tls) -> None:
    inbox = Inbox()

    async def scenario() -> Any:
        async with smtp_server(inbox, implicit_tls=tls.server) as port:
            message = build_message(SENDER, [RCPT], "over TLS", "body\n")
            return await send_mail(settings(port, tls, security=Security.SSL), [RCPT], message)

    assert run(scenario()).accepted == (RCPT,)
    assert [m for m, _ in inbox.logins] in (["PLAIN"], ["LOGIN"])


def test_wrong_password_is_refused_with_535_naming_the_login(
    tls: Tls, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = Inbox()
    wrong = "not-the-Pa55word"

    async def scenario() -> None:
        async with smtp_server(inbox, starttls=tls.server) as port:
            message = build_message(SENDER, [RCPT], "test", "body\n")
            await send_mail(settings(port, tls, password=wrong), [RCPT], message)

    caplog.set_level(logging.DEBUG)
    with pytest.raises(MailRefused) as refused:
        run(scenario())
    assert refused.value.code == 535 and refused.value.step == "login"
    assert refused.value.permanent
    assert "refused the login: 535" in str(refused.value)
    assert inbox.mails == [] and inbox.logins == []
    for text in (str(refused.value), repr(refused.value), caplog.text):
        assert wrong not in text and PASSWORD not in text


def test_refused_recipients_are_reported_and_all_refused_raises(tls: Tls) -> None:
    inbox = Inbox(unknown=frozenset({"ghost@example.test", "nobody@example.test"}))

    async def scenario(recipients: list[str]) -> Any:
        async with smtp_server(inbox, starttls=tls.server) as port:
            message = build_message(SENDER, recipients, "test", "body\n")
            return await send_mail(settings(port, tls), recipients, message)

    receipt = run(scenario([RCPT, "ghost@example.test"]))
    assert receipt.accepted == (RCPT,)
    assert receipt.refused == {"ghost@example.test": "550 5.1.1 No such user here"}
    assert inbox.mails[0].rcpt_tos == [RCPT]
    with pytest.raises(MailRefused) as refused:
        run(scenario(["ghost@example.test", "nobody@example.test"]))
    assert (refused.value.step, refused.value.code) == ("recipients", 550)
    assert len(inbox.mails) == 1


def test_password_is_not_in_the_settings_repr(tls: Tls) -> None:
    shown = repr(settings(25, tls))
    assert PASSWORD not in shown and "password" not in shown
    assert USER in shown


def test_closed_port_is_unreachable(tls: Tls) -> None:
    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = build_message(SENDER, [RCPT], "test", "body\n")
    with pytest.raises(MailUnreachable) as unreachable:
        run(send_mail(settings(port, tls), [RCPT], message))
    assert unreachable.value.port == port
    assert f"127.0.0.1:{port} unreachable" in str(unreachable.value)


def test_an_untrusted_certificate_is_refused_by_default(tls: Tls) -> None:
    inbox = Inbox()

    async def scenario() -> None:
        async with smtp_server(inbox, starttls=tls.server) as port:
            message = build_message(SENDER, [RCPT], "test", "body\n")
            await send_mail(settings(port, tls, tls_ca=None), [RCPT], message)

    with pytest.raises(MailUnreachable) as unreachable:
        run(scenario())
    assert "certificate" in str(unreachable.value).lower()
    assert inbox.logins == [] and inbox.mails == []


def test_starttls_required_but_not_offered(tls: Tls) -> None:
    inbox = Inbox()

    async def scenario() -> None:
        async with smtp_server(inbox) as port:  # no TLS at all
            message = build_message(SENDER, [RCPT], "test", "body\n")
            await send_mail(settings(port, tls), [RCPT], message)

    with pytest.raises(MailNotSupported, match=r"(?i)starttls"):
        run(scenario())
    assert inbox.mails == []


def test_cr_lf_addresses_are_refused_before_any_connection(tls: Tls) -> None:
    inbox = Inbox()
    injected = "guard@example.test\r\nRCPT TO:<thief@example.test>"

    async def scenario() -> list[InvalidArgument]:
        errors = []
        async with smtp_server(inbox, starttls=tls.server) as port:
            good = settings(port, tls)
            message = build_message(SENDER, [RCPT], "test", "body\n")
            for attempt in (
                lambda: send_mail(good, [RCPT, injected], message),
                lambda: send_mail(settings(port, tls, sender=injected), [RCPT], message),
            ):
                with pytest.raises(InvalidArgument) as refused:
                    await attempt()
                errors.append(refused.value)
            with pytest.raises(InvalidArgument) as refused:
                build_message(SENDER, [injected], "test", "body\n")
            errors.append(refused.value)
        return errors

    to_send, sender, to_build = run(scenario())
    assert to_send.field == "recipients[1]" and "CR/LF" in to_send.reason
    assert sender.field == "sender" and "CR/LF" in sender.reason
    assert to_build.field == "recipients[0]"
    assert inbox.connections == 0 and inbox.mails == []


@pytest.mark.parametrize(
    ("changes", "field_name"),
    [
        ({"sender": "no-at-sign.example.test"}, "sender"),
        ({"sender": "a@b@example.test"}, "sender"),
        ({"security": Security.NONE}, "security"),  # a login without TLS
        ({"security": "tls13"}, "security"),
        ({"port": 0}, "port"),
        ({"host": "smtp.test\r\nX"}, "host"),
        ({"user": "", "password": PASSWORD}, "user"),
        ({"timeout_s": 0}, "timeout_s"),
        ({"tls_ca": Path("/nonexistent/ca.pem")}, "tls_ca"),
    ],
)
def test_bad_settings_name_their_field(tls: Tls, changes: dict[str, Any], field_name: str) -> None:
    values = dict(changes)
    with pytest.raises(InvalidArgument) as refused:
        settings(values.pop("port", 25), tls, **values)
    assert refused.value.field == field_name
    assert PASSWORD not in str(refused.value)


def test_plain_relay_without_login_is_allowed(tls: Tls) -> None:
    relay = settings(25, tls, security="none", user="", password="")
    assert relay.security is Security.NONE


def test_attachments_must_be_jpeg_pictures() -> None:
    with pytest.raises(InvalidArgument) as refused:
        build_message(SENDER, [RCPT], "s", "t", attachments=[JpegAttachment("x.jpg", b"GIF89a...")])
    assert refused.value.field == "attachments[0].data"
    with pytest.raises(InvalidArgument) as refused:
        build_message(
            SENDER, [RCPT], "s", "t", attachments=[JpegAttachment("../x.jpg", jpeg_picture())]
        )
    assert refused.value.field == "attachments[0].filename"
