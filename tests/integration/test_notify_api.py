"""NotificationService on the production server (built in this process, serving gRPC on
loopback): SMTP settings with a write-only password, a test mail through aiosmtpd with
STARTTLS and AUTH, recipients and webhooks with clear errors, a signed test webhook,
and an alarm notice whose mail carries a JPEG snapshot of a real camsim camera."""

from __future__ import annotations

import io
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from google.protobuf.json_format import MessageToJson
from PIL import Image

from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD
from tests.support.smtp_inbox import (
    BOUND_S,
    PASSWORD,
    SENDER,
    USER,
    Inbox,
    Tls,
    make_tls,
    smtp_in_thread,
)
from tests.support.webhook_receiver import WebhookReceiver, receiving
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.v1 import notify_pb2
from vedette_server.alarms.ports import AlarmNotice, NoticeChange, NotifyChannel
from vedette_server.notify.webhook import new_secret

pytestmark = pytest.mark.interop
RCPT = "guard@example.test"


@dataclass
class Site:
    server: InProcessServer
    camsim: CamsimProcess
    tls: Tls

    def client(self) -> Client:
        return Client.connect(
            self.server.address, username="admin", password=ADMIN_PASSWORD, insecure=True
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("notify-api")
    camsim = start_camsim(cameras=1)
    server = start_inprocess_server(tmp)
    try:
        yield Site(server, camsim, make_tls(tmp / "tls"))
    finally:
        server.stop()
        camsim.stop()


def wait_for(what: str, check: object, bound_s: float = BOUND_S) -> object:
    deadline = time.monotonic() + bound_s
    while True:
        found = check()  # type: ignore[operator]
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {bound_s:g} s: {what}")
        time.sleep(0.1)


def sent_delivery(client: Client, recipient_id: int) -> notify_pb2.Delivery:
    """The one delivery to ``recipient_id``, once it is recorded as sent (the mail
    arrives before the row says so)."""

    def sent() -> notify_pb2.Delivery | None:
        rows = [d for d in client.deliveries() if d.target_id == recipient_id]
        assert len(rows) == 1, rows
        return rows[0] if rows[0].state == notify_pb2.DELIVERY_STATE_SENT else None

    found = wait_for(f"the delivery to recipient {recipient_id} recorded as sent", sent)
    assert isinstance(found, notify_pb2.Delivery)
    return found


def configure_smtp(client: Client, site: Site, port: int) -> notify_pb2.SmtpSettings:
    return client.set_smtp(
        "127.0.0.1",
        port,
        SENDER,
        security="starttls",
        user=USER,
        password=PASSWORD,
        timeout_s=BOUND_S / 4,
        tls_ca_pem=site.tls.cert.read_text(),
    )


def test_smtp_settings_keep_the_password_write_only_and_the_test_mail_arrives(
    site: Site,
) -> None:
    inbox = Inbox()
    with smtp_in_thread(inbox, starttls=site.tls.server) as port, site.client() as client:
        stored = configure_smtp(client, site, port)
        assert stored.configured and stored.password_set and stored.tls_ca_set
        assert stored.security == notify_pb2.SMTP_SECURITY_STARTTLS and stored.user == USER
        assert PASSWORD not in MessageToJson(client.get_smtp())
        result = client.send_test_mail(RCPT)
        assert result.accepted, result.error
        assert "queued as T1" in result.reply
        assert inbox.logins == [("PLAIN", USER)] or inbox.logins == [("LOGIN", USER)]
        assert inbox.mails[0].rcpt_tos == [RCPT]
        assert inbox.parsed(0)["Subject"].startswith("[Vedette] Test mail from ")
        # The stored user is kept with its password when the password is not given.
        again = client.set_smtp("127.0.0.1", port, SENDER, user=USER, timeout_s=BOUND_S / 4)
        assert again.password_set and again.tls_ca_set
        logs = [MessageToJson(e) for e in client.search_logs(text="SMTP")]
    assert logs and all(PASSWORD not in entry for entry in logs)
    data = site.server.server.parts.config.data
    with sqlite3.connect(f"file:{data.catalog}?mode=ro", uri=True) as db:
        (stored_text,) = db.execute("SELECT value FROM setting WHERE key = 'smtp'").fetchone()
    assert PASSWORD not in stored_text and '"password_sealed"' in stored_text


def test_a_test_mail_the_server_refuses_says_why_in_words(site: Site) -> None:
    inbox = Inbox()
    with smtp_in_thread(inbox, starttls=site.tls.server) as port, site.client() as client:
        client.set_smtp(
            "127.0.0.1", port, SENDER, user=USER, password="wrong-password",
            timeout_s=BOUND_S / 4, tls_ca_pem=site.tls.cert.read_text(),
        )  # fmt: skip
        result = client.send_test_mail(RCPT)
        configure_smtp(client, site, port)
    assert not result.accepted and "535" in result.error and "login" in result.error
    assert "wrong-password" not in result.error and not inbox.mails


def test_bad_addresses_urls_and_secrets_are_refused_naming_the_field(site: Site) -> None:
    with site.client() as client:
        with pytest.raises(errors.InvalidArgument, match=r"address: .*line break \(CR/LF\)"):
            client.send_test_mail("guard@example.test\r\nBcc: spy@example.test")
        with pytest.raises(errors.InvalidArgument, match=r"address: .*line break"):
            client.add_recipient("guard@example.test\nRCPT TO:<spy@example.test>")
        with pytest.raises(errors.NotFound, match="schedule"):
            client.add_recipient(RCPT, schedule="no such schedule")
        with pytest.raises(errors.InvalidArgument, match=r"max_per_hour"):
            client.add_recipient(RCPT, max_per_hour=5000)
        with pytest.raises(errors.InvalidArgument, match=r"^url: .*only http and https"):
            client.add_webhook("ftp://127.0.0.1/hook", new_secret())
        with pytest.raises(errors.InvalidArgument, match=r"^secret: "):
            client.add_webhook("http://127.0.0.1:9/hook", "not-a-secret")
        with pytest.raises(errors.InvalidArgument, match=r"sender"):
            client.set_smtp("127.0.0.1", 25, "vedette@example.test\r\nBcc: x@y.test")
        with pytest.raises(errors.NotFound):
            client.retry_delivery(424242)
        assert client.list_recipients() == [] or all(
            "\n" not in r.address for r in client.list_recipients()
        )


def test_recipients_can_be_listed_changed_and_removed(site: Site) -> None:
    with site.client() as client:
        added = client.add_recipient("night@example.test", schedule="24x2", snapshot=True)
        assert (added.schedule, added.snapshot, added.max_per_hour, added.enabled) == (
            "24x2", True, 10, True,
        )  # fmt: skip
        with pytest.raises(errors.AlreadyExists):
            client.add_recipient("night@example.test")
        changed = client.update_recipient(added.id, schedule="", max_per_hour=3, enabled=False)
        assert (changed.schedule, changed.max_per_hour, changed.enabled) == ("", 3, False)
        assert client.find_recipient("NIGHT@example.test").id == added.id
        client.remove_recipient(added.id)
        assert all(r.id != added.id for r in client.list_recipients())
        with pytest.raises(errors.NotFound):
            client.remove_recipient(added.id)


def test_a_test_webhook_is_signed_and_the_secret_is_never_returned(site: Site) -> None:
    secret = new_secret()
    receiver = WebhookReceiver(secret)
    with receiving(receiver) as url, site.client() as client:
        webhook = client.add_webhook(url, secret)
        assert webhook.secret_set and webhook.enabled
        result = client.test_webhook(webhook.id)
        listed = client.list_webhooks()
        logs = [MessageToJson(e) for e in client.search_logs(text="webhook")]
        client.remove_webhook(webhook.id)
    assert result.delivered and result.status == 200, result.error
    (got,) = receiver.received
    assert got.error is None and got.msg_id == result.message_id
    assert b'"type": "test"' in got.body
    assert all(secret not in MessageToJson(w) for w in listed)
    assert logs and all(secret not in entry for entry in logs)


def test_an_alarm_notice_mail_carries_a_jpeg_of_the_real_camera(site: Site) -> None:
    inbox = Inbox()
    with smtp_in_thread(inbox, starttls=site.tls.server) as port, site.client() as client:
        configure_smtp(client, site, port)
        camera = client.create_camera(
            "Front door", site.camsim.url("cam1", "main"), sub_url=site.camsim.url("cam1", "sub")
        )

        def live_picture() -> bool:
            try:
                client.take_snapshot(camera.id)
            except errors.VedetteError:
                return False
            return True

        wait_for("a live picture of the camera", live_picture, bound_s=90)
        recipient = client.add_recipient("pictures@example.test", snapshot=True)
        notice = AlarmNotice(
            change=NoticeChange.RAISED,
            rule_id=1,
            rule_name="Front door motion",
            title="Motion",
            priority=1,
            category="intrusion",
            time_us=int(time.time() * 1e6),
            alarm_id=41,
            camera_id=camera.id,
            camera_name="Front door",
            snapshot_camera_ids=(camera.id,),
        )
        notifier = site.server.server.parts.notifier

        async def send() -> None:
            notifier.send(notice, NotifyChannel.EMAIL, [recipient.id])

        site.server.run(send())
        wait_for("the alarm mail", lambda: inbox.mails, bound_s=90)
        delivery = sent_delivery(client, recipient.id)
        client.remove_recipient(recipient.id)
    assert delivery.state == notify_pb2.DELIVERY_STATE_SENT and delivery.alarm_id == 41
    mail = inbox.parsed(0)
    assert mail["Message-ID"].startswith("<alarm-41.")
    (picture,) = [part for part in mail.iter_attachments()]
    assert picture.get_content_type() == "image/jpeg"
    data = picture.get_content()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (1920, 1080)


def test_deliveries_are_listed_newest_first_with_their_state(site: Site) -> None:
    with site.client() as client:
        states = [d.state for d in client.deliveries(["sent", "failed"], limit=50)]
        everything = list(client.deliveries())
        with pytest.raises(errors.InvalidArgument):
            list(client.deliveries(["lost"]))
    ids = [d.id for d in everything]
    assert ids == sorted(ids, reverse=True)
    assert all(
        s in (notify_pb2.DELIVERY_STATE_SENT, notify_pb2.DELIVERY_STATE_FAILED) for s in states
    )


def test_a_manual_alarm_through_the_api_mails_and_posts_through_its_rule(site: Site) -> None:
    """The alarm engine's e-mail and webhook actions, end to end through the API: a rule
    (RuleService) → a manual alarm (AlarmService) → the outbox → the SMTP server and a
    receiver that checks the signature."""
    inbox = Inbox()
    secret = new_secret()
    receiver = WebhookReceiver(secret)
    with (
        smtp_in_thread(inbox, starttls=site.tls.server) as port,
        receiving(receiver) as url,
        site.client() as client,
    ):
        configure_smtp(client, site, port)
        recipient = client.add_recipient("duty@example.test")
        webhook = client.add_webhook(url, secret)
        definition = {
            "events": {"manual": []},
            "actions": [
                {"kind": "email", "recipient_ids": [recipient.id]},
                {"kind": "webhook", "endpoint_ids": [webhook.id]},
            ],
            "alarm": {"priority": 1, "merge_window_s": 0},
        }
        client.put_rule("Duty officer", json.dumps(definition))
        client.trigger_alarm("Door forced", priority=1, text="Back door")
        wait_for("the alarm mail", lambda: inbox.mails, bound_s=90)
        wait_for("the alarm webhook", lambda: receiver.received, bound_s=90)
        delivery = sent_delivery(client, recipient.id)
        client.delete_rule(name="Duty officer")
        client.remove_recipient(recipient.id)
        client.remove_webhook(webhook.id)
    mail = inbox.parsed(0)
    assert inbox.mails[0].rcpt_tos == ["duty@example.test"]
    assert mail["Subject"].startswith("[Vedette] P1 ")
    assert delivery.alarm_id > 0
    assert mail["Message-ID"].startswith(f"<alarm-{delivery.alarm_id}.")
    (posted,) = receiver.received
    body = json.loads(posted.body)
    assert posted.error is None
    assert body["type"] == "alarm.created" and body["data"]["alarm_id"] == delivery.alarm_id


def test_a_camera_without_a_picture_gives_a_mail_that_says_so(site: Site) -> None:
    inbox = Inbox()
    with smtp_in_thread(inbox, starttls=site.tls.server) as port, site.client() as client:
        configure_smtp(client, site, port)
        dark = client.create_camera("Dark", "rtsp://127.0.0.1:9/nothing")
        recipient = client.add_recipient("dark@example.test", snapshot=True)
        notice = AlarmNotice(
            change=NoticeChange.RAISED,
            rule_id=1,
            rule_name="Dark camera",
            title="Tamper",
            priority=2,
            category="",
            time_us=int(time.time() * 1e6),
            alarm_id=77,
            camera_id=dark.id,
            camera_name="Dark",
        )
        notifier = site.server.server.parts.notifier

        async def send() -> None:
            notifier.send(notice, NotifyChannel.EMAIL, [recipient.id])

        site.server.run(send())
        wait_for("the alarm mail", lambda: inbox.mails, bound_s=90)
        sent_delivery(client, recipient.id)
        client.remove_recipient(recipient.id)
    mail = inbox.parsed(0)
    assert list(mail.iter_attachments()) == []
    body = mail.get_body(("plain",))
    assert body is not None and f"No picture of camera {dark.id}: " in body.get_content()
