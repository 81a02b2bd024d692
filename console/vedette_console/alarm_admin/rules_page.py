"""The rules list (ALARM-03; the manual's 9.1–9.5): every rule with whether it is
enabled, its name (built-in ones marked), the events it matches, its arming schedule
and what it does. New, edit (double-click), enable/disable, delete (asks first; a
built-in rule cannot be deleted, only disabled)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import rules_pb2
from vedette_console.alarm_admin.page import AdminPage, tr
from vedette_console.alarm_admin.rule_dialog import RuleDialog
from vedette_console.alarm_admin.rule_words import actions_summary, events_summary
from vedette_console.alarm_admin.tables import make_item, make_table, row_id
from vedette_console.alarms.words import rule_label
from vedette_console.failures import error_text
from vedette_console.operations import rules as ops
from vedette_console.operations.rules import RuleBook, RuleContext
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes


class RulesPage(AdminPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.book = RuleBook([], RuleContext())
        #: The open dialog or question (tests use them).
        self.dialog: RuleDialog | None = None
        self.confirm: QMessageBox | None = None
        self.table: QTableWidget = make_table(
            [tr("On"), tr("Name"), tr("Events"), tr("Armed"), tr("Does")]
        )
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.table.itemDoubleClicked.connect(lambda _: self.edit_rule())
        self.new_button = QPushButton(tr("New rule…"))
        self.new_button.clicked.connect(lambda: self.open_rule(None))
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_rule)
        self.enable_button = QPushButton(tr("Disable"))
        self.enable_button.clicked.connect(self.toggle_rule)
        self.delete_button = QPushButton(tr("Delete…"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.enable_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.controls = [
            self.new_button,
            self.edit_button,
            self.enable_button,
            self.delete_button,
            self.refresh_button,
        ]
        self.update_controls()

    def load(self, select_id: int = 0, done: str = "") -> None:
        """Read the rules; select ``select_id``; then say ``done`` (or how many)."""

        def loaded(book: RuleBook) -> None:
            self.book = book
            self._fill(select_id)
            self.say(done or tr("{count} rules").format(count=len(book.rules)))

        self.run(ops.load_rule_book(parent=self), loaded, working=tr("Reading the rules…"))

    def _fill(self, select_id: int = 0) -> None:
        current = self.rule()
        keep = select_id or (current.id if current is not None else 0)
        schedules = {s.id: s.name for s in self.book.context.schedules}
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.book.rules))
        for row, rule in enumerate(self.book.rules):
            body = ops.definition(rule)
            name = rule_label(rule.name, rule.builtin or None)
            if rule.builtin:
                name = tr("{name} (built in)").format(name=name)
            armed = (
                schedules.get(rule.arming_schedule_id, f"#{rule.arming_schedule_id}")
                if rule.arming_schedule_id
                else tr("always")
            )
            self.table.setItem(row, 0, make_item(tr("yes") if rule.enabled else tr("no"), rule.id))
            self.table.setItem(row, 1, make_item(name))
            self.table.setItem(row, 2, make_item(events_summary(body)))
            self.table.setItem(row, 3, make_item(armed))
            self.table.setItem(row, 4, make_item(actions_summary(body)))
        self.table.blockSignals(False)
        ids = [r.id for r in self.book.rules]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        self.update_controls()

    def rule(self) -> rules_pb2.Rule | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        rule_id = row_id(self.table, rows[0].row())
        return next((r for r in self.book.rules if r.id == rule_id), None)

    def select_rule(self, rule_id: int) -> None:
        for row in range(self.table.rowCount()):
            if row_id(self.table, row) == rule_id:
                self.table.selectRow(row)

    def update_controls(self) -> None:
        if self.busy:
            return
        rule = self.rule()
        self.edit_button.setEnabled(rule is not None)
        self.enable_button.setEnabled(rule is not None)
        self.delete_button.setEnabled(rule is not None and not rule.builtin)
        self.delete_button.setToolTip(
            tr("A built-in rule cannot be deleted: disable it")
            if rule is not None and rule.builtin
            else ""
        )
        if rule is not None:
            self.enable_button.setText(tr("Disable") if rule.enabled else tr("Enable"))

    def edit_rule(self) -> None:
        rule = self.rule()
        if rule is not None:
            self.open_rule(rule)

    def open_rule(self, rule: rules_pb2.Rule | None) -> RuleDialog:
        dialog = RuleDialog(self.session, rule, self.book.context, self)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, rule: rules_pb2.Rule) -> None:
        name = rule_label(rule.name, rule.builtin or None)
        self.load(rule.id, tr("Rule “{name}” saved").format(name=name))

    def toggle_rule(self) -> None:
        rule = self.rule()
        if rule is None:
            return
        op = ops.set_rule_enabled(parent=self, rule=rule, enabled=not rule.enabled)

        def done(stored: rules_pb2.Rule) -> None:
            word = tr("enabled") if stored.enabled else tr("disabled")
            name = rule_label(stored.name, stored.builtin or None)
            self.load(stored.id, tr("Rule “{name}” {word}").format(name=name, word=word))

        def failed(error: Exception) -> None:
            # A version conflict: show what is stored now, and the refusal.
            self.load(rule.id, tr("Refused: {reason}").format(reason=error_text(error)))

        self.run(op, done, working=tr("Saving…"), on_error=failed)

    def ask_delete(self) -> None:
        rule = self.rule()
        if rule is None or rule.builtin:
            return

        def closed() -> None:
            self.confirm = None

        def delete() -> None:
            self.run(
                ops.remove_rule(parent=self, rule_id=rule.id),
                lambda _: self.load(done=tr("Rule “{name}” deleted").format(name=rule.name)),
                working=tr("Deleting the rule…"),
            )

        self.confirm = ask_yes(
            self,
            tr("Delete rule"),
            tr("Delete the rule “{name}”? Its alarms stay.").format(name=rule.name),
            delete,
            on_closed=closed,
        )
