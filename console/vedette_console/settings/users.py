"""Accounts › Users (USER-01, USER-02; the manual's 10.1): the users with their group,
state, rights, MAC binding and when their password was set; add, edit (group,
enabled, MAC binding, e-mail, note), enable/disable, reset a password, delete (asks
first). The admin account is shown as protected; the server refuses to delete or
disable it, and that refusal is what the page says."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2
from vedette_console.alarm_admin.tables import make_item, row_id
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import accounts as ops
from vedette_console.session import Session
from vedette_console.settings.accounts_forms import filling
from vedette_console.settings.accounts_user_dialogs import ResetPasswordDialog, UserDialog
from vedette_console.settings.page import SettingsRights, tr
from vedette_console.settings.table_page import TablePage


def button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def user_state(user: accounts_pb2.User) -> str:
    state = tr("enabled") if user.enabled else tr("disabled")
    return tr("{state}, protected").format(state=state) if user.is_admin else state


def user_rights(user: accounts_pb2.User) -> str:
    if user.is_admin or (user.HasField("permission_control") and not user.permission_control):
        return tr("every right")
    return tr("the group's")


class UsersPage(TablePage):
    group = "Accounts"
    title = "Users"
    areas = (accounts_pb2.AREA_ACCOUNTS,)
    columns = (
        QT_TRANSLATE_NOOP("settings", "Name"),
        QT_TRANSLATE_NOOP("settings", "Group"),
        QT_TRANSLATE_NOOP("settings", "State"),
        QT_TRANSLATE_NOOP("settings", "Rights"),
        QT_TRANSLATE_NOOP("settings", "MAC binding"),
        QT_TRANSLATE_NOOP("settings", "E-mail"),
        QT_TRANSLATE_NOOP("settings", "Password set"),
    )

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.data = ops.UsersData([], [])
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.table.itemDoubleClicked.connect(lambda _: self.open_user(self.selected()))
        self.add_button = QPushButton(tr("Add…"))
        self.add_button.clicked.connect(lambda: self.open_user(None))
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.clicked.connect(lambda: self.open_user(self.selected()))
        self.enable_button = QPushButton(tr("Disable"))
        self.enable_button.clicked.connect(self.toggle_enabled)
        self.password_button = QPushButton(tr("Reset password…"))
        self.password_button.clicked.connect(self.open_password)
        self.delete_button = QPushButton(tr("Delete…"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.reload(""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(
            button_row(
                self.add_button,
                self.edit_button,
                self.enable_button,
                self.password_button,
                self.delete_button,
                self.refresh_button,
            )
        )
        layout.addWidget(self.status)
        self.controls = [
            self.add_button,
            self.edit_button,
            self.enable_button,
            self.password_button,
            self.delete_button,
            self.refresh_button,
        ]
        self.update_controls()

    # -- reading ---------------------------------------------------------------------

    def load(self) -> None:
        self.reload("")

    def reload(self, done: str) -> None:
        """Read the users again, then say ``done`` (or how many there are)."""

        def loaded(data: ops.UsersData) -> None:
            self.show_users(data)
            count = len(data.users)
            self.say(done or count_text("settings", count, "{count} user", "{count} users"))

        self.run(ops.load_users(parent=self), loaded, working=tr("Reading the users…"))

    def show_users(self, data: ops.UsersData) -> None:
        selected = self.selected()
        self.data = data
        groups = {g.id: g.name for g in data.groups}
        display = self.session.settings.display
        with filling(self.table):
            self.table.setRowCount(len(data.users))
            for row, user in enumerate(data.users):
                changed = user.password_change_time
                when = display.date_time(us_from_timestamp(changed)) if changed.seconds else ""
                cells = [
                    user.name,
                    groups.get(user.group_id, f"#{user.group_id}"),
                    user_state(user),
                    user_rights(user),
                    user.mac_binding or tr("none"),
                    user.email,
                    when,
                ]
                for column, text in enumerate(cells):
                    self.table.setItem(row, column, make_item(text, user.id if column == 0 else 0))
                if selected is not None and user.id == selected.id:
                    self.table.selectRow(row)
        self.update_controls()

    def selected(self) -> accounts_pb2.User | None:
        rows = self.table.selectionModel().selectedRows()
        wanted = row_id(self.table, rows[0].row()) if rows else 0
        return next((u for u in self.data.users if u.id == wanted), None)

    def select(self, name: str) -> None:
        """Select the user called ``name`` (tests, and after adding one)."""
        for row, user in enumerate(self.data.users):
            if user.name == name:
                self.table.selectRow(row)

    def update_controls(self) -> None:
        if self.busy:
            return
        user = self.selected()
        for button in (
            self.edit_button,
            self.enable_button,
            self.password_button,
            self.delete_button,
        ):
            button.setEnabled(user is not None)
        if user is not None:
            self.enable_button.setText(tr("Disable") if user.enabled else tr("Enable"))

    # -- changes ---------------------------------------------------------------------

    def open_user(self, user: accounts_pb2.User | None) -> None:
        dialog = UserDialog(self.session, user, self.data.groups, self)

        def accepted() -> None:
            stored: accounts_pb2.User = dialog.result
            self.reload(
                tr("User {name} added").format(name=stored.name)
                if user is None
                else tr("User {name} saved").format(name=stored.name)
            )

        self.open_dialog(dialog, accepted)

    def open_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.open_dialog(
            ResetPasswordDialog(self.session, user, self),
            lambda: self.say(
                tr("The password of {name} is changed; their sessions have ended").format(
                    name=user.name
                )
            ),
        )

    def toggle_enabled(self) -> None:
        user = self.selected()
        if user is None:
            return
        enabled = not user.enabled
        done = (
            tr("User {name} enabled") if enabled else tr("User {name} disabled; signed out")
        ).format(name=user.name)
        self.run(
            ops.set_user_enabled(parent=self, user_id=user.id, enabled=enabled),
            lambda _: self.reload(done),
        )

    def ask_delete(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.ask(
            tr("Delete user"),
            tr(
                "Delete the user {name}? Their sessions end at once and the account "
                "is lost; the system log keeps what they did."
            ).format(name=user.name),
            lambda: self.run(
                ops.delete_user(parent=self, user_id=user.id),
                lambda _: self.reload(tr("User {name} deleted").format(name=user.name)),
            ),
        )
