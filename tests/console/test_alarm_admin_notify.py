"""The alarm settings' notifications page against a real server and aiosmtpd on
loopback (issue 15 §4, ALARM-07/10, NET-03): SMTP settings saved from the form read
back (the password only as "set"), the test mail arrives and the page says the mail
server's answer; a login without TLS is refused in words and nothing changes;
recipients and webhooks made in their dialogs read back (the secret never shown);
removal asks first; a delivery the mail server refused for good (550) is listed as
failed with its error, and Retry sends it again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import alarm_page
from tests.console.test_alarm_admin_io import grab
from tests.support.server_process import ServerProcess, running_server
from tests.support.smtp_inbox import SENDER, Inbox, smtp_in_thread
from tests.support.webhook_receiver import WebhookReceiver, receiving
from vedette_api.client import Client
from vedette_api.v1 import notify_pb2, rules_pb2
from vedette_console.alarm_admin.notify_dialogs import RecipientDialog, WebhookDialog
from vedette_console.alarm_admin.notify_page import NotifyPage
from vedette_console.alarm_admin.tables import row_id
from vedette_console.operations import rules as rule_ops
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmNotifyPage
from vedette_server.notify.webhook import new_secret

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
GUARD = "guard@example.test"
NOBODY = "nobody@example.test"
_OPEN: list[QWidget] = []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-admin-notify")) as process:
        yield process


@pytest.fixture(scope="module")
def inbox() -> Iterator[tuple[Inbox, int]]:
    mails = Inbox(unknown=frozenset({NOBODY}))
    with smtp_in_thread(mails) as port:
        yield mails, port


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    _OPEN.clear()


@pytest.fixture
def session(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def notify_page(qtbot: QtBot, session: Session) -> NotifyPage:
    page = alarm_page(qtbot, session, AlarmNotifyPage, _OPEN)
    assert isinstance(page, NotifyPage)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page


def settle(qtbot: QtBot, page: NotifyPage) -> str:
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page.status.text()


def test_smtp_settings_and_the_test_mail(
    qtbot: QtBot, session: Session, client: Client, inbox: tuple[Inbox, int]
) -> None:
    mails, port = inbox
    page = notify_page(qtbot, session)
    page.host.setText("127.0.0.1")
    page.port.setValue(port)
    page.security.setCurrentIndex(page.security.findData("none"))
    page.user.setText("")
    page.sender_address.setText(SENDER)
    page.save_smtp_button.click()
    assert settle(qtbot, page) == "E-mail server saved"
    stored = client.get_smtp()
    assert stored.configured and stored.host == "127.0.0.1" and stored.port == port
    assert stored.security == notify_pb2.SMTP_SECURITY_NONE and stored.sender == SENDER
    assert page.password.placeholderText() == "not set"

    before = len(mails.mails)
    page.test_address.setText(GUARD)
    page.test_button.click()
    settle(qtbot, page)
    assert page.test_result.text().startswith("Accepted by the mail server: ")
    assert "queued as T1" in page.test_result.text()
    assert len(mails.mails) == before + 1 and mails.mails[-1].rcpt_tos == [GUARD]

    # A refused address: the server's answer in words.
    page.test_address.setText(NOBODY)
    page.test_button.click()
    settle(qtbot, page)
    assert page.test_result.text().startswith("Not sent: ") and "550" in page.test_result.text()
    grab(page.window(), "notify_smtp.png")

    # A login over plain text is refused naming it; nothing changes.
    page.user.setText("alarms")
    page.password.setText("s3cret-Pa55word")
    page.save_smtp_button.click()
    text = settle(qtbot, page)
    assert text.startswith("Refused: ") and "TLS" in text
    assert client.get_smtp().user == "" and not client.get_smtp().password_set


def test_recipients_and_webhooks_made_in_their_dialogs_read_back(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = notify_page(qtbot, session)
    page.tabs.setCurrentIndex(1)
    page.add_recipient_button.click()
    dialog = page.dialog
    assert isinstance(dialog, RecipientDialog)
    dialog.address.setText("night@example.test")
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("24x5"))
    dialog.snapshot.setChecked(True)
    dialog.max_per_hour.setValue(20)
    grab(dialog, "notify_recipient_dialog.png")
    dialog.accept()
    assert "saved" in settle(qtbot, page)
    recipient = client.find_recipient("night@example.test")
    assert (recipient.schedule, recipient.snapshot, recipient.max_per_hour) == ("24x5", True, 20)
    rows = {cell(page.recipients, r, 0): r for r in range(page.recipients.rowCount())}
    assert cell(page.recipients, rows["night@example.test"], 1) == "24x5"

    # A bad address is refused in words, nothing added.
    page.add_recipient_button.click()
    dialog = page.dialog
    assert isinstance(dialog, RecipientDialog)
    dialog.address.setText("no at sign")
    dialog.accept()
    assert settle(qtbot, page).startswith("Refused: ")
    assert len(client.list_recipients()) == 1

    page.tabs.setCurrentIndex(2)
    page.add_webhook_button.click()
    hook_dialog = page.dialog
    assert isinstance(hook_dialog, WebhookDialog)
    secret = new_secret()
    hook_dialog.url.setText("http://127.0.0.1:9/hook")
    hook_dialog.secret.setText(secret)
    hook_dialog.accept()
    assert "saved" in settle(qtbot, page)
    (webhook,) = client.list_webhooks()
    assert webhook.url == "http://127.0.0.1:9/hook" and webhook.secret_set and webhook.enabled
    assert cell(page.webhooks, 0, 1) == "set" and cell(page.webhooks, 0, 2) == "enabled"
    assert secret not in json.dumps([cell(page.webhooks, 0, c) for c in range(3)])
    page.webhooks.selectRow(0)
    page.enable_webhook_button.click()
    settle(qtbot, page)
    assert not client.list_webhooks()[0].enabled
    grab(page.window(), "notify_webhooks.png")

    # Removing asks; Yes removes.
    page.tabs.setCurrentIndex(1)
    page.recipients.selectRow(rows["night@example.test"])
    page.remove_recipient_button.click()
    assert page.confirm is not None
    page.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert "removed" in settle(qtbot, page)
    assert client.list_recipients() == []


def test_a_failed_delivery_is_listed_with_its_error_and_retried(
    qtbot: QtBot, session: Session, client: Client, inbox: tuple[Inbox, int]
) -> None:
    _, port = inbox
    client.set_smtp("127.0.0.1", port, SENDER, security="none")
    nobody = client.add_recipient(NOBODY)
    rule_ops.put_rule(
        client,
        rules_pb2.Rule(
            name="Mail nobody",
            enabled=True,
            definition_json=json.dumps(
                {
                    "events": {"manual": []},
                    "actions": [{"kind": "email", "recipient_ids": [nobody.id]}],
                }
            ),
        ),
        0,
    )
    client.trigger_alarm("Test")

    def failed() -> list[notify_pb2.Delivery]:
        return list(client.deliveries(["failed"]))

    qtbot.waitUntil(lambda: bool(failed()), timeout=WAIT_MS)
    (delivery,) = failed()
    page = notify_page(qtbot, session)
    page.tabs.setCurrentIndex(3)
    page.load_deliveries()
    settle(qtbot, page)
    table = page.delivery_table
    row = next(r for r in range(table.rowCount()) if row_id(table, r) == delivery.id)
    assert cell(page.delivery_table, row, 1) == NOBODY
    assert cell(page.delivery_table, row, 3) == "failed"
    assert "550" in cell(page.delivery_table, row, 5)
    page.delivery_table.selectRow(row)
    assert page.retry_button.isEnabled()
    grab(page.window(), "notify_deliveries.png")
    # The mail server now knows the address: the retried mail arrives.
    mails, _ = inbox
    mails.unknown = frozenset()
    try:
        page.retry_button.click()
        assert settle(qtbot, page) == "Queued again"

        def state() -> int:
            return next(d for d in client.deliveries() if d.id == delivery.id).state

        qtbot.waitUntil(lambda: state() == notify_pb2.DELIVERY_STATE_SENT, timeout=WAIT_MS)
        assert any(NOBODY in mail.rcpt_tos for mail in mails.mails)
    finally:
        mails.unknown = frozenset({NOBODY})


def test_a_webhook_test_post_is_signed_and_its_answer_said(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    secret = new_secret()
    receiver = WebhookReceiver(secret, script=(200, 503))
    with receiving(receiver) as url:
        webhook = client.add_webhook(url, secret)
        page = notify_page(qtbot, session)
        page.tabs.setCurrentIndex(2)
        rows = [row_id(page.webhooks, r) for r in range(page.webhooks.rowCount())]
        page.webhooks.selectRow(rows.index(webhook.id))
        page.test_webhook_button.click()
        assert settle(qtbot, page) == "Delivered: the receiver answered 200"
        assert receiver.count() == 1 and receiver.received[0].error is None
        page.test_webhook_button.click()
        text = settle(qtbot, page)
        assert text.startswith("Not delivered: ") and "503" in text
        assert receiver.count() == 2
