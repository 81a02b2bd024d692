"""Accounts › My account (USER-03), for every signed-in user: who they are signed in as
and where, changing their own password (the current one, the new one twice; the
server's policy says why a new one is refused, beside it), and on the appliance's own
console the three password recovery questions (USER-03 recovery) that let a
forgotten admin password be reset at the appliance."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2
from vedette_console.operations import accounts as ops
from vedette_console.session import Session
from vedette_console.settings.accounts_forms import FieldErrors, shown_beside
from vedette_console.settings.accounts_user_dialogs import password_field
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.users import button_row

#: How many recovery questions the server asks for.
QUESTION_COUNT = 3


class MyAccountPage(SettingsPage):
    group = "Accounts"
    title = "My account"
    areas = ()

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.who = QLabel("")
        self.who.setWordWrap(True)

        # -- password ---------------------------------------------------------------
        self.password_errors = FieldErrors(["current_password", "new_password"])
        self.current = password_field()
        self.new = password_field()
        self.repeat = password_field()
        self.change_button = QPushButton(tr("Change password"))
        self.change_button.clicked.connect(self.change_password)
        password_box = QGroupBox(tr("Password"))
        password_form = QFormLayout(password_box)
        password_form.addRow(tr("Current password"), self.current)
        password_form.addRow("", self.password_errors["current_password"])
        password_form.addRow(tr("New password"), self.new)
        password_form.addRow(tr("New password again"), self.repeat)
        password_form.addRow("", self.password_errors["new_password"])
        password_form.addRow("", self.password_errors[""])
        password_form.addRow("", button_row(self.change_button))

        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(password_box)
        self.controls: list[QWidget] = [self.change_button]

        # -- recovery questions (the appliance's own console) -----------------------
        self.questions: list[tuple[QLineEdit, QLineEdit]] = []
        self.recovery_box: QGroupBox | None = None
        if rights.local:
            self._recovery_form(layout)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.update_controls()

    def _recovery_form(self, layout: QVBoxLayout) -> None:
        keys = [f"questions[{i}]" for i in range(QUESTION_COUNT)]
        self.recovery_errors = FieldErrors(["current_password", "questions", *keys])
        self.recovery_current = password_field()
        self.recovery_button = QPushButton(tr("Save the questions"))
        self.recovery_button.clicked.connect(self.save_questions)
        box = QGroupBox(tr("Password recovery questions"))
        form = QFormLayout(box)
        explain = QLabel(
            tr(
                "Three questions only you can answer: at this appliance's screen they "
                "let you set a new password when you have forgotten yours."
            )
        )
        explain.setObjectName("muted")
        explain.setWordWrap(True)
        form.addRow(explain)
        for index, key in enumerate(keys):
            question, answer = QLineEdit(), password_field()
            question.setMaxLength(200)
            answer.setMaxLength(200)
            question.setPlaceholderText(tr("Question {number}").format(number=index + 1))
            answer.setPlaceholderText(tr("Its answer"))
            form.addRow(tr("Question {number}").format(number=index + 1), question)
            form.addRow(tr("Answer"), answer)
            form.addRow("", self.recovery_errors[key])
            self.questions.append((question, answer))
        form.addRow("", self.recovery_errors["questions"])
        form.addRow(tr("Current password"), self.recovery_current)
        form.addRow("", self.recovery_errors["current_password"])
        form.addRow("", self.recovery_errors[""])
        form.addRow("", button_row(self.recovery_button))
        layout.addWidget(box)
        self.recovery_box = box
        self.controls.append(self.recovery_button)

    def load(self) -> None:
        def loaded(account: accounts_pb2.GetMyAccountResponse) -> None:
            where = tr("this appliance") if account.local_session else tr("a remote client")
            self.who.setText(
                tr("Signed in as {name} from {where}.").format(name=account.user.name, where=where)
            )
            self.say("")

        self.run(ops.load_my_account(parent=self), loaded, working=tr("Reading your account…"))

    def change_password(self) -> None:
        self.password_errors.clear()
        if self.new.text() != self.repeat.text():
            self.password_errors.say("new_password", tr("The two new passwords are not the same."))
            return

        new = self.new.text()
        signed_in = self.session.credentials

        def changed(_: None) -> None:
            for field in (self.current, self.new, self.repeat):
                field.clear()
            # Signing in again by itself (after a server restart) uses the new one.
            if signed_in is not None and self.session.credentials is signed_in:
                self.session.credentials = replace(signed_in, password=new)
            self.say(tr("Your password is changed; your other sessions have ended"))

        self.run(
            ops.change_my_password(
                parent=self,
                current=self.current.text(),
                new=new,
                remembered_as=(
                    (signed_in.address, signed_in.username) if signed_in is not None else None
                ),
            ),
            changed,
            working=tr("Changing the password…"),
            on_error=shown_beside(self.password_errors, self),
        )

    def save_questions(self) -> None:
        self.recovery_errors.clear()
        pairs = [(q.text().strip(), a.text()) for q, a in self.questions]

        def saved(_: None) -> None:
            for _question, answer in self.questions:
                answer.clear()
            self.recovery_current.clear()
            self.say(tr("Your recovery questions are saved"))

        self.run(
            ops.set_my_recovery_questions(
                parent=self, current_password=self.recovery_current.text(), questions=pairs
            ),
            saved,
            working=tr("Saving the questions…"),
            on_error=shown_beside(self.recovery_errors, self),
        )
