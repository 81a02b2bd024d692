"""The users page's dialogs: a user (a new one with its password, or an existing one:
group, enabled, MAC binding, e-mail, note — names never change) and an
administrator's password reset. Each sends itself and stays open on a refusal, with
the server's reason beside the field."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QWidget

from vedette_api.v1 import accounts_pb2
from vedette_console.operations import accounts as ops
from vedette_console.session import Session
from vedette_console.settings.accounts_forms import ServerDialog
from vedette_console.settings.page import tr


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UserDialog(ServerDialog):
    """``user`` None: a new user. ``result`` is the user the server stored."""

    def __init__(
        self,
        session: Session,
        user: accounts_pb2.User | None,
        groups: list[accounts_pb2.Group],
        parent: QWidget | None = None,
    ) -> None:
        keys = ["name", "password", "group_id", "enabled", "mac_binding", "email", "note"]
        super().__init__(session, keys, parent)
        self.user = user
        current = user or accounts_pb2.User(enabled=True)
        self.setWindowTitle(
            tr("New user") if user is None else tr("User {name}").format(name=user.name)
        )
        self.setMinimumWidth(560)
        self.name = QLineEdit(current.name)
        self.name.setMaxLength(32)
        self.name.setPlaceholderText(tr("letters, digits, . _ - @"))
        self.name.setReadOnly(user is not None)
        self.password = password_field()
        self.repeat = password_field()
        self.group = QComboBox()
        for group in groups:
            self.group.addItem(group.name, group.id)
        default = current.group_id or next(
            (g.id for g in groups if g.kind == accounts_pb2.GROUP_KIND_ORDINARY), 0
        )
        self.group.setCurrentIndex(max(0, self.group.findData(default)))
        self.enabled = QCheckBox(tr("May sign in"))
        self.enabled.setChecked(current.enabled)
        self.mac_binding = QLineEdit(current.mac_binding)
        self.mac_binding.setPlaceholderText(tr("none; or aa:bb:cc:dd:ee:ff to sign in from"))
        self.email = QLineEdit(current.email)
        self.note = QLineEdit(current.note)
        self.note.setMaxLength(256)
        if user is not None and user.is_admin:
            # The server keeps admin enabled and in the administrator group.
            self.group.setEnabled(False)
            self.enabled.setEnabled(False)
            self.enabled.setToolTip(tr("The admin account is always enabled"))

        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow("", self.errors["name"])
        if user is None:
            form.addRow(tr("Password"), self.password)
            form.addRow(tr("Password again"), self.repeat)
            form.addRow("", self.errors["password"])
        form.addRow(tr("Permission group"), self.group)
        form.addRow("", self.errors["group_id"])
        form.addRow("", self.enabled)
        form.addRow("", self.errors["enabled"])
        form.addRow(tr("MAC binding"), self.mac_binding)
        form.addRow("", self.errors["mac_binding"])
        form.addRow(tr("E-mail"), self.email)
        form.addRow("", self.errors["email"])
        form.addRow(tr("Note"), self.note)
        form.addRow("", self.errors["note"])
        self.body.addLayout(form)
        self.finish_layout()

    def form(self) -> ops.UserForm:
        return ops.UserForm(
            name=self.name.text().strip(),
            group_id=int(self.group.currentData() or 0),
            enabled=self.enabled.isChecked(),
            mac_binding=self.mac_binding.text().strip(),
            email=self.email.text().strip(),
            note=self.note.text().strip(),
            password=self.password.text(),
        )

    def submit(self) -> None:
        form = self.form()
        if self.user is None:
            if self.password.text() != self.repeat.text():
                self.refuse("password", tr("The two passwords are not the same."))
                return
            self.send(ops.create_user(parent=self, form=form))
        else:
            self.send(ops.update_user(parent=self, user_id=self.user.id, form=form))


class ResetPasswordDialog(ServerDialog):
    """An administrator sets another user's password (their sessions end)."""

    def __init__(
        self, session: Session, user: accounts_pb2.User, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, ["password"], parent, aliases={"new_password": "password"})
        self.user = user
        self.setWindowTitle(tr("New password for {name}").format(name=user.name))
        self.setMinimumWidth(420)
        self.password = password_field()
        self.repeat = password_field()
        form = QFormLayout()
        form.addRow(tr("New password"), self.password)
        form.addRow(tr("Password again"), self.repeat)
        form.addRow("", self.errors["password"])
        self.body.addLayout(form)
        self.finish_layout()

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.refuse("password", tr("The two passwords are not the same."))
            return
        self.send(
            ops.reset_password(parent=self, user_id=self.user.id, password=self.password.text())
        )
