""" "Forgot password?" on the appliance (USER-03): the account's three recovery
questions, their answers and a new password, on the local socket only.

The server compares the answers without case or surrounding spaces, throttles the
attempts like logins, and ends the account's other sessions; a wrong answer is said
under the answers (not which one), a password the policy refuses beside the new
password, and nothing is changed by either.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.errors import InvalidArgument, NotFound, Unauthenticated, VedetteError
from vedette_console.appliance import calls
from vedette_console.background import Background
from vedette_console.failures import error_text


class RecoveryDialog(QDialog):
    """Signal: ``recovered(username)`` once the new password is set."""

    recovered = Signal(str)

    def __init__(self, address: str, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vedette — forgotten password"))
        self.setMinimumWidth(520)
        self.address = address
        self.background = Background(self, threads=1)
        self.username = QLineEdit(username)
        self.ask = QPushButton(self.tr("Show my questions"))
        self.ask.clicked.connect(self.load_questions)
        self.questions: list[QLabel] = []
        self.answers: list[QLineEdit] = []
        self.answers_error = _error_label()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = _error_label()
        self.status = _error_label()
        self.form = QFormLayout()
        self.form.addRow(self.tr("User"), self.username)
        self.form.addRow("", self.ask)
        self.password_form = QFormLayout()
        self.password_form.addRow(self.tr("New password"), self.password)
        self.password_form.addRow(self.tr("New password again"), self.again)
        self.password_form.addRow("", self.password_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Set the new password"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Answer the questions you chose when the password was set, then choose a"
                " new password. Your other sessions end."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addLayout(self.password_form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._show_password(False)

    def _show_password(self, shown: bool) -> None:
        for row in range(self.password_form.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = self.password_form.itemAt(row, role)
                widget = None if item is None else item.widget()
                if widget is not None:
                    widget.setVisible(shown and widget is not self.password_error)
        self.ok_button.setEnabled(shown)

    def load_questions(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.status.setText(self.tr("Enter the user name."))
            return
        self.status.setText(self.tr("Asking the recorder…"))
        self.ask.setEnabled(False)
        address = self.address
        self.background.run(
            lambda: calls.recovery_questions(address, name),
            self._show_questions,
            self._no_questions,
        )

    def _show_questions(self, questions: list[str]) -> None:
        self.ask.setEnabled(True)
        self.status.setText("")
        for _ in self.answers:  # the answers' rows come first in the form
            self.password_form.removeRow(0)  # (asked once: the button then hides)
        self.questions, self.answers = [], []
        for row, question in enumerate(questions):
            label, answer = QLabel(question), QLineEdit()
            label.setWordWrap(True)
            self.password_form.insertRow(row, label, answer)
            self.questions.append(label)
            self.answers.append(answer)
        if self.password_form.indexOf(self.answers_error) < 0:
            self.password_form.insertRow(len(questions), "", self.answers_error)
        self.username.setEnabled(False)
        self.ask.hide()
        self._show_password(True)
        self.adjustSize()
        if self.answers:
            self.answers[0].setFocus()

    def _no_questions(self, error: Exception) -> None:
        self.ask.setEnabled(True)
        if isinstance(error, NotFound):
            self.status.setText(
                self.tr("This account has no recovery questions; ask an administrator.")
            )
        else:
            self.status.setText(_words(error))

    def submit(self) -> None:
        for label in (self.answers_error, self.password_error, self.status):
            label.setText("")
        if self.password.text() != self.again.text():
            self._password_refused(self.tr("The two passwords differ."))
            return
        name = self.username.text().strip()
        answers = [field.text() for field in self.answers]
        password = self.password.text()
        address = self.address
        self.ok_button.setEnabled(False)
        self.status.setText(self.tr("Checking the answers…"))
        self.background.run(
            lambda: calls.recover_password(address, name, answers, password),
            lambda _: self._done(name),
            self._refused,
        )

    def _password_refused(self, text: str) -> None:
        self.password_error.setText(text)
        self.password_error.show()
        self.adjustSize()

    def _refused(self, error: Exception) -> None:
        self.ok_button.setEnabled(True)
        self.status.setText("")
        if isinstance(error, Unauthenticated):
            self.answers_error.setText(self.tr("An answer is wrong; nothing was changed."))
            self.adjustSize()
        elif isinstance(error, InvalidArgument) and "new_password" in str(error):
            self._password_refused(_words(error))
        else:
            self.status.setText(_words(error))

    def _done(self, name: str) -> None:
        self.status.setText(self.tr("The password is changed."))
        self.recovered.emit(name)
        self.accept()


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #ff8f80;")
    return label


def _words(error: Exception) -> str:
    return error_text(error) if isinstance(error, VedetteError) else str(error)
