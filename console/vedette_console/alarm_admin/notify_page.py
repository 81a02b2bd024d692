"""Notifications (ALARM-07, ALARM-10, NET-03; the manual's 9.6 "notification par
e-mail"): the SMTP server (host, port, none/STARTTLS/SSL, login, a write-only
password shown only as "set", sender) with a test mail whose outcome is the SMTP
server's answer in words; e-mail recipients (address, schedule, snapshot, hourly
budget); webhook endpoints (URL, write-only secret, enabled or disabled with the
reason, a test post); and the outbox's deliveries (state, attempts, last error)
with Retry for a failed one. Removals ask first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import notify_pb2
from vedette_console.alarm_admin.durations_tab import DurationsTab
from vedette_console.alarm_admin.notify_dialogs import RecipientDialog, WebhookDialog
from vedette_console.alarm_admin.page import AdminPage, tr
from vedette_console.alarm_admin.tables import make_item, make_table, row_id
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import notify as ops
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay, machine_display
from vedette_console.widgets.confirm import ask_yes

_STATES = {
    notify_pb2.DELIVERY_STATE_PENDING: QT_TRANSLATE_NOOP("alarm_admin", "pending"),
    notify_pb2.DELIVERY_STATE_SENT: QT_TRANSLATE_NOOP("alarm_admin", "sent"),
    notify_pb2.DELIVERY_STATE_FAILED: QT_TRANSLATE_NOOP("alarm_admin", "failed"),
    notify_pb2.DELIVERY_STATE_SUPPRESSED: QT_TRANSLATE_NOOP("alarm_admin", "suppressed"),
    notify_pb2.DELIVERY_STATE_DIGESTED: QT_TRANSLATE_NOOP("alarm_admin", "in a digest"),
}


def webhook_state(webhook: notify_pb2.Webhook) -> str:
    if webhook.enabled:
        return tr("enabled")
    if webhook.disabled_reason:
        return tr("disabled: {reason}").format(reason=webhook.disabled_reason)
    return tr("disabled")


def _buttons(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class NotifyPage(AdminPage):
    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        display: TimeDisplay | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.display = display or machine_display()
        self.settings = ops.NotifySettings(notify_pb2.SmtpSettings(), [], [])
        self.deliveries: list[notify_pb2.Delivery] = []
        self.dialog: RecipientDialog | WebhookDialog | None = None
        self.confirm: QMessageBox | None = None

        # -- SMTP -------------------------------------------------------------------
        self.host = QLineEdit()
        self.host.setPlaceholderText(tr("mail.example.com"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.security = QComboBox()
        for name, label in (
            ("none", tr("None (plain, no login)")),
            ("starttls", tr("STARTTLS")),
            ("ssl", tr("SSL/TLS")),
        ):
            self.security.addItem(label, name)
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.clear_password = QCheckBox(tr("Remove the stored password"))
        self.sender_address = QLineEdit()
        self.sender_address.setPlaceholderText("vedette@example.com")
        self.save_smtp_button = QPushButton(tr("Save"))
        self.save_smtp_button.clicked.connect(self.save_smtp)
        self.test_address = QLineEdit()
        self.test_address.setPlaceholderText(tr("Address to send a test mail to"))
        self.test_button = QPushButton(tr("Send test mail"))
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel("")
        self.test_result.setWordWrap(True)
        smtp_form = QFormLayout()
        smtp_form.addRow(tr("SMTP server"), self.host)
        smtp_form.addRow(tr("Port"), self.port)
        smtp_form.addRow(tr("Security"), self.security)
        smtp_form.addRow(tr("User"), self.user)
        smtp_form.addRow(tr("Password"), self.password)
        smtp_form.addRow("", self.clear_password)
        smtp_form.addRow(tr("Sender"), self.sender_address)
        smtp_form.addRow("", _buttons(self.save_smtp_button))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_address, 1)
        test_row.addWidget(self.test_button)
        smtp_form.addRow(tr("Test"), test_row)
        smtp_form.addRow("", self.test_result)
        smtp_page = QWidget()
        smtp_page.setLayout(smtp_form)

        # -- recipients -------------------------------------------------------------
        self.recipients = make_table(
            [tr("Address"), tr("Schedule"), tr("Snapshot"), tr("Per hour"), tr("State")]
        )
        self.recipients.itemSelectionChanged.connect(self.update_controls)
        self.add_recipient_button = QPushButton(tr("Add…"))
        self.add_recipient_button.clicked.connect(lambda: self.open_recipient(None))
        self.edit_recipient_button = QPushButton(tr("Edit…"))
        self.edit_recipient_button.clicked.connect(
            lambda: self.open_recipient(self.selected_recipient())
        )
        self.enable_recipient_button = QPushButton(tr("Disable"))
        self.enable_recipient_button.clicked.connect(self.toggle_recipient)
        self.remove_recipient_button = QPushButton(tr("Remove…"))
        self.remove_recipient_button.clicked.connect(self.ask_remove_recipient)
        recipients_page = QWidget()
        recipients_layout = QVBoxLayout(recipients_page)
        recipients_layout.addWidget(self.recipients, 1)
        recipients_layout.addLayout(
            _buttons(
                self.add_recipient_button,
                self.edit_recipient_button,
                self.enable_recipient_button,
                self.remove_recipient_button,
            )
        )

        # -- webhooks ---------------------------------------------------------------
        self.webhooks = make_table([tr("URL"), tr("Secret"), tr("State")])
        self.webhooks.itemSelectionChanged.connect(self.update_controls)
        self.add_webhook_button = QPushButton(tr("Add…"))
        self.add_webhook_button.clicked.connect(lambda: self.open_webhook(None))
        self.edit_webhook_button = QPushButton(tr("Edit…"))
        self.edit_webhook_button.clicked.connect(lambda: self.open_webhook(self.selected_webhook()))
        self.enable_webhook_button = QPushButton(tr("Disable"))
        self.enable_webhook_button.clicked.connect(self.toggle_webhook)
        self.test_webhook_button = QPushButton(tr("Send test"))
        self.test_webhook_button.clicked.connect(self.send_test_webhook)
        self.remove_webhook_button = QPushButton(tr("Remove…"))
        self.remove_webhook_button.clicked.connect(self.ask_remove_webhook)
        webhooks_page = QWidget()
        webhooks_layout = QVBoxLayout(webhooks_page)
        webhooks_layout.addWidget(self.webhooks, 1)
        webhooks_layout.addLayout(
            _buttons(
                self.add_webhook_button,
                self.edit_webhook_button,
                self.enable_webhook_button,
                self.test_webhook_button,
                self.remove_webhook_button,
            )
        )

        # -- deliveries -------------------------------------------------------------
        self.delivery_table: QTableWidget = make_table(
            [
                tr("Queued"),
                tr("To"),
                tr("About"),
                tr("State"),
                tr("Attempts"),
                tr("Last error"),
            ]
        )
        self.delivery_table.itemSelectionChanged.connect(self.update_controls)
        self.refresh_deliveries_button = QPushButton(tr("Refresh"))
        self.refresh_deliveries_button.clicked.connect(lambda: self.load_deliveries())
        self.retry_button = QPushButton(tr("Retry"))
        self.retry_button.clicked.connect(self.retry)
        deliveries_page = QWidget()
        deliveries_layout = QVBoxLayout(deliveries_page)
        deliveries_layout.addWidget(self.delivery_table, 1)
        deliveries_layout.addLayout(_buttons(self.refresh_deliveries_button, self.retry_button))

        self.tabs = QTabWidget()
        self.tabs.addTab(smtp_page, tr("E-mail server"))
        self.tabs.addTab(recipients_page, tr("Recipients"))
        self.tabs.addTab(webhooks_page, tr("Webhooks"))
        self.tabs.addTab(deliveries_page, tr("Deliveries"))
        # ALARM-07's popup and buzzer durations and the buzzer test: a page of its own.
        self.durations = DurationsTab(session, self)
        self.tabs.addTab(self.durations, tr("Popups and buzzer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.controls = [
            self.save_smtp_button,
            self.test_button,
            self.add_recipient_button,
            self.edit_recipient_button,
            self.enable_recipient_button,
            self.remove_recipient_button,
            self.add_webhook_button,
            self.edit_webhook_button,
            self.enable_webhook_button,
            self.test_webhook_button,
            self.remove_webhook_button,
            self.refresh_deliveries_button,
            self.retry_button,
        ]
        self.update_controls()

    # -- reading ---------------------------------------------------------------------

    def load(self) -> None:
        self.durations.load()
        self.run(
            ops.load_notify_settings(parent=self),
            self._loaded,
            working=tr("Reading the notification settings…"),
        )

    def _loaded(self, settings: ops.NotifySettings) -> None:
        self.settings = settings
        self._show_smtp(settings.smtp)
        self._fill_targets()
        self.say("")
        self.load_deliveries()

    def _reload(self, done: str) -> None:
        def loaded(settings: ops.NotifySettings) -> None:
            self.settings = settings
            self._fill_targets()
            self.say(done)

        self.run(ops.load_notify_settings(parent=self), loaded)

    def _show_smtp(self, smtp: notify_pb2.SmtpSettings) -> None:
        self.host.setText(smtp.host)
        self.port.setValue(smtp.port or 587)
        security = ops.SECURITY_NAMES.get(smtp.security, "starttls")
        self.security.setCurrentIndex(max(0, self.security.findData(security)))
        self.user.setText(smtp.user)
        self.password.clear()
        self.password.setPlaceholderText(
            tr("set — type a new one to replace it") if smtp.password_set else tr("not set")
        )
        self.clear_password.setChecked(False)
        self.clear_password.setEnabled(smtp.password_set)
        self.sender_address.setText(smtp.sender)

    def _fill_targets(self) -> None:
        recipients = self.settings.recipients
        self.recipients.setRowCount(len(recipients))
        for row, r in enumerate(recipients):
            self.recipients.setItem(row, 0, make_item(r.address, r.id))
            self.recipients.setItem(row, 1, make_item(r.schedule or tr("always")))
            self.recipients.setItem(row, 2, make_item(tr("yes") if r.snapshot else tr("no")))
            self.recipients.setItem(row, 3, make_item(str(r.max_per_hour)))
            self.recipients.setItem(
                row, 4, make_item(tr("enabled") if r.enabled else tr("disabled"))
            )
        webhooks = self.settings.webhooks
        self.webhooks.setRowCount(len(webhooks))
        for row, w in enumerate(webhooks):
            self.webhooks.setItem(row, 0, make_item(w.url, w.id))
            self.webhooks.setItem(row, 1, make_item(tr("set") if w.secret_set else tr("not set")))
            self.webhooks.setItem(row, 2, make_item(webhook_state(w)))
        self.update_controls()

    def load_deliveries(self, done: str = "") -> None:
        """Read the deliveries; then say ``done`` (or how many there are)."""

        def loaded(deliveries: list[notify_pb2.Delivery]) -> None:
            self._show_deliveries(deliveries)
            self.say(done or tr("{count} deliveries").format(count=len(deliveries)))

        self.run(ops.load_deliveries(parent=self), loaded, working=tr("Reading the deliveries…"))

    def _show_deliveries(self, deliveries: list[notify_pb2.Delivery]) -> None:
        self.deliveries = deliveries
        recipients = {r.id: r.address for r in self.settings.recipients}
        webhooks = {w.id: w.url for w in self.settings.webhooks}
        self.delivery_table.setRowCount(len(deliveries))
        for row, d in enumerate(deliveries):
            email = d.channel == notify_pb2.DELIVERY_CHANNEL_EMAIL
            targets = recipients if email else webhooks
            target = targets.get(d.target_id, f"#{d.target_id}")
            queued = self.display.date_time(us_from_timestamp(d.create_time))
            error = d.last_error
            if d.last_status and str(d.last_status) not in error:
                error = f"{d.last_status} {error}".strip()
            self.delivery_table.setItem(row, 0, make_item(queued, d.id))
            self.delivery_table.setItem(row, 1, make_item(target))
            self.delivery_table.setItem(row, 2, make_item(d.title))
            self.delivery_table.setItem(row, 3, make_item(tr(_STATES.get(d.state, "unknown"))))
            self.delivery_table.setItem(row, 4, make_item(str(d.attempts)))
            self.delivery_table.setItem(row, 5, make_item(error))
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        recipient = self.selected_recipient()
        for button in (
            self.edit_recipient_button,
            self.enable_recipient_button,
            self.remove_recipient_button,
        ):
            button.setEnabled(recipient is not None)
        if recipient is not None:
            self.enable_recipient_button.setText(
                tr("Disable") if recipient.enabled else tr("Enable")
            )
        webhook = self.selected_webhook()
        for button in (
            self.edit_webhook_button,
            self.enable_webhook_button,
            self.test_webhook_button,
            self.remove_webhook_button,
        ):
            button.setEnabled(webhook is not None)
        if webhook is not None:
            self.enable_webhook_button.setText(tr("Disable") if webhook.enabled else tr("Enable"))
        delivery = self.selected_delivery()
        self.retry_button.setEnabled(
            delivery is not None and delivery.state == notify_pb2.DELIVERY_STATE_FAILED
        )

    def _selected_id(self, table: QTableWidget) -> int:
        rows = table.selectionModel().selectedRows()
        return row_id(table, rows[0].row()) if rows else 0

    def selected_recipient(self) -> notify_pb2.Recipient | None:
        wanted = self._selected_id(self.recipients)
        return next((r for r in self.settings.recipients if r.id == wanted), None)

    def selected_webhook(self) -> notify_pb2.Webhook | None:
        wanted = self._selected_id(self.webhooks)
        return next((w for w in self.settings.webhooks if w.id == wanted), None)

    def selected_delivery(self) -> notify_pb2.Delivery | None:
        wanted = self._selected_id(self.delivery_table)
        return next((d for d in self.deliveries if d.id == wanted), None)

    # -- SMTP ------------------------------------------------------------------------

    def smtp_form(self) -> ops.SmtpForm:
        password: str | None = self.password.text() or None
        if self.clear_password.isChecked():
            password = ""
        timeout = self.settings.smtp.timeout
        timeout_s = timeout.seconds + timeout.nanos / 1e9 if self.settings.smtp.configured else 30
        return ops.SmtpForm(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=str(self.security.currentData()),
            user=self.user.text().strip(),
            sender=self.sender_address.text().strip(),
            password=password,
            timeout_s=timeout_s or 30.0,
        )

    def save_smtp(self) -> None:
        def saved(smtp: notify_pb2.SmtpSettings) -> None:
            self.settings = ops.NotifySettings(
                smtp, self.settings.recipients, self.settings.webhooks, self.settings.schedules
            )
            self._show_smtp(smtp)
            self.say(tr("E-mail server saved"))

        self.run(ops.save_smtp(parent=self, form=self.smtp_form()), saved, working=tr("Saving…"))

    def send_test(self) -> None:
        address = self.test_address.text().strip()
        if not address:
            self.test_result.setText(tr("Type the address to send the test mail to."))
            return

        def answered(result: notify_pb2.SendTestMailResponse) -> None:
            if result.accepted:
                text = tr("Accepted by the mail server: {reply}").format(reply=result.reply)
            else:
                text = tr("Not sent: {error}").format(error=result.error)
            self.test_result.setText(text)
            self.say("")

        def failed(error: Exception) -> None:
            self.test_result.setText(self.status.text())

        self.test_result.setText("")
        self.run(
            ops.send_test_mail(parent=self, address=address),
            answered,
            working=tr("Sending a test mail to {address}…").format(address=address),
            on_error=failed,
        )

    # -- recipients ------------------------------------------------------------------

    def open_recipient(self, recipient: notify_pb2.Recipient | None) -> None:
        dialog = RecipientDialog(recipient, self.settings.schedules, self)
        self.dialog = dialog

        def accepted() -> None:
            form = dialog.form()
            if recipient is None:
                op = ops.add_recipient(parent=self, form=form)
            else:
                op = ops.update_recipient(parent=self, recipient_id=recipient.id, form=form)
            self.run(
                op,
                lambda r: self._reload(tr("Recipient {address} saved").format(address=r.address)),
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    def toggle_recipient(self) -> None:
        recipient = self.selected_recipient()
        if recipient is None:
            return
        op = ops.update_recipient(
            parent=self, recipient_id=recipient.id, enabled=not recipient.enabled
        )
        self.run(
            op, lambda r: self._reload(tr("Recipient {address} saved").format(address=r.address))
        )

    def ask_remove_recipient(self) -> None:
        recipient = self.selected_recipient()
        if recipient is not None:
            self._ask(
                tr("Remove the recipient {address}? Mail waiting for it is dropped.").format(
                    address=recipient.address
                ),
                lambda: self.run(
                    ops.remove_recipient(parent=self, recipient_id=recipient.id),
                    lambda _: self._reload(tr("Recipient removed")),
                ),
            )

    # -- webhooks --------------------------------------------------------------------

    def open_webhook(self, webhook: notify_pb2.Webhook | None) -> None:
        dialog = WebhookDialog(webhook, self)
        self.dialog = dialog

        def accepted() -> None:
            url = dialog.url.text().strip()
            secret = dialog.secret.text().strip()
            if webhook is None:
                op = ops.add_webhook(parent=self, url=url, secret=secret)
            else:
                op = ops.update_webhook(
                    parent=self,
                    webhook_id=webhook.id,
                    url=url if url != webhook.url else None,
                    secret=secret or None,
                )
            self.run(op, lambda _: self._reload(tr("Webhook saved")))

        dialog.accepted.connect(accepted)
        dialog.open()

    def toggle_webhook(self) -> None:
        webhook = self.selected_webhook()
        if webhook is None:
            return
        op = ops.update_webhook(parent=self, webhook_id=webhook.id, enabled=not webhook.enabled)
        self.run(op, lambda _: self._reload(tr("Webhook saved")))

    def send_test_webhook(self) -> None:
        webhook = self.selected_webhook()
        if webhook is None:
            return

        def answered(result: notify_pb2.TestWebhookResponse) -> None:
            if result.delivered:
                self.say(
                    tr("Delivered: the receiver answered {status}").format(status=result.status)
                )
            elif result.status and str(result.status) not in result.error:
                self.say(
                    tr("Not delivered: the receiver answered {status} {error}")
                    .format(status=result.status, error=result.error)
                    .strip()
                )
            else:
                self.say(tr("Not delivered: {error}").format(error=result.error))

        self.run(
            ops.test_webhook(parent=self, webhook_id=webhook.id),
            answered,
            working=tr("Posting a test message…"),
        )

    def ask_remove_webhook(self) -> None:
        webhook = self.selected_webhook()
        if webhook is not None:
            self._ask(
                tr("Remove the webhook {url}?").format(url=webhook.url),
                lambda: self.run(
                    ops.remove_webhook(parent=self, webhook_id=webhook.id),
                    lambda _: self._reload(tr("Webhook removed")),
                ),
            )

    # -- deliveries ------------------------------------------------------------------

    def retry(self) -> None:
        delivery = self.selected_delivery()
        if delivery is None:
            return

        def queued(_: notify_pb2.Delivery) -> None:
            self.load_deliveries(tr("Queued again"))

        self.run(ops.retry_delivery(parent=self, delivery_id=delivery.id), queued)

    def _ask(self, text: str, on_yes: Callable[[], None]) -> None:
        def closed() -> None:
            self.confirm = None

        self.confirm = ask_yes(self, tr("Remove"), text, on_yes, on_closed=closed)
