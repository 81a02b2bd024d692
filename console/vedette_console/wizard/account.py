"""The wizard's first steps: the language (SYS-02), then the administrator's password
with three security questions (USER-03 recovery) when the appliance has none yet,
or a sign-in when it has. Signed in, the wizard saves the chosen language on the
server (``general.language``)."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.v1 import system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, Translators, remember_language
from vedette_console.operations import system as system_ops
from vedette_console.operations.server_op import ServerOp
from vedette_console.widgets.keyboard import Keyboard
from vedette_console.wizard import setup_calls
from vedette_console.wizard.step import WizardContext, WizardStep, error_label, show_error, tr

#: Questions offered (the operator may type their own), context ``StartupWizard``.
QUESTIONS = [
    QT_TRANSLATE_NOOP("StartupWizard", "What was the name of your first pet?"),
    QT_TRANSLATE_NOOP("StartupWizard", "In which town was your mother born?"),
    QT_TRANSLATE_NOOP("StartupWizard", "What was your first car?"),
    QT_TRANSLATE_NOOP("StartupWizard", "What is the name of the street you grew up in?"),
    QT_TRANSLATE_NOOP("StartupWizard", "What was the name of your primary school?"),
]
ADMIN = "admin"
_log = logging.getLogger(__name__)
_LANGUAGE_NAMES: dict[int, str] = {
    system_pb2.LANGUAGE_ENGLISH: "English",
    system_pb2.LANGUAGE_FRENCH: "Français",
}


class LanguageStep(WizardStep):
    """Signal: ``language_shown()`` once the console's words changed language (the
    wizard then builds its next steps again: widgets take their text when built)."""

    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Language")
    needs_session = False
    language_shown = Signal()

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.relabel()
        self.choices: dict[int, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for language, name in _LANGUAGE_NAMES.items():
            button = QRadioButton(name)  # each language's own name, not translated
            button.setObjectName(f"language:{language}")
            self.choices[language] = button
            self.controls.append(button)
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(self.status)
        start = context.state.language or system_pb2.LANGUAGE_ENGLISH
        self.choices.get(start, self.choices[system_pb2.LANGUAGE_ENGLISH]).setChecked(True)

    def relabel(self) -> None:
        """This step's words in the language shown."""
        self.setTitle(tr(self.title_text))
        self.setSubTitle(tr("The language of the console and of the server's messages."))

    def chosen(self) -> int:
        return next(lang for lang, button in self.choices.items() if button.isChecked())

    def apply(self) -> None:
        language = self.chosen()
        self.context.language = language
        remember_language(language)  # the console starts in it next time
        keyboard = Keyboard.installed()
        if keyboard is not None:
            keyboard.set_language(language)  # AZERTY for French from now on
        self._show_language(language)
        if not self.context.signed_in:
            self._passed = True  # saved on the server once signed in (next step)
            return
        op = save_language_op(language, parent=self)  # came back to change it
        self.run(
            op, lambda _: self.passed(partial(language_saved, language)), working=tr("Saving…")
        )

    def _show_language(self, language: int) -> None:
        """The console's words in ``language`` from now on, this wizard's at once."""
        translators = Translators.current()
        before = translators.language
        if not translators.install(language):
            _log.warning("no translation built for language %d (make setup)", language)
        if translators.language != before:
            self.relabel()
            self.language_shown.emit()


def plain_spaces(text: str) -> str:
    """``text`` with every space as U+0020, the only one the server takes in a
    question: French puts a narrow no-break space before "?"."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def language_saved(language: int) -> str:
    """The language step's outcome once the server has it."""
    return tr("{language}, saved on the server").format(language=_LANGUAGE_NAMES[language])


def save_language_op(
    language: int, *, parent: QWidget
) -> ServerOp[system_pb2.UpdateSettingsResponse]:
    settings = system_pb2.Settings(general=system_pb2.GeneralSettings(language=language))  # type: ignore[arg-type]
    return system_ops.update_settings(parent=parent, settings=settings, paths=["general.language"])


class AdminStep(WizardStep):
    """Sets the admin's first password and questions, or signs in."""

    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Administrator")
    needs_session = False

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.first_time = not context.state.admin_password_set
        self.user = QLineEdit(ADMIN)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = error_label()
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_error = error_label()
        self.questions: list[QComboBox] = []
        self.answers: list[QLineEdit] = []
        self.answer_errors: list[QLabel] = []
        form = QFormLayout(self)
        if self.first_time:
            self.setSubTitle(
                tr(
                    "Choose the password of the administrator account “admin”, and three "
                    "security questions: their answers let you set a new password on this "
                    "appliance if it is forgotten."
                )
            )
            form.addRow(tr("Password"), self.password)
            form.addRow("", self.password_error)
            form.addRow(tr("Password again"), self.confirm)
            form.addRow("", self.confirm_error)
            for n in range(3):
                question = QComboBox()
                question.setEditable(True)
                question.addItems([tr(q) for q in QUESTIONS])
                question.setCurrentIndex(n)
                answer = QLineEdit()
                answer.setObjectName(f"answer{n + 1}")
                problem = error_label()
                self.questions.append(question)
                self.answers.append(answer)
                self.answer_errors.append(problem)
                form.addRow(tr("Question {number}").format(number=n + 1), question)
                form.addRow(tr("Answer"), answer)
                form.addRow("", problem)
            self.controls += [self.password, self.confirm, *self.questions, *self.answers]
        else:
            self.setSubTitle(tr("The administrator password is set: sign in to go on."))
            form.addRow(tr("User"), self.user)
            form.addRow(tr("Password"), self.password)
            form.addRow("", self.password_error)
            self.controls += [self.user, self.password]
        form.addRow(self.status)

    def apply(self) -> None:
        if self.context.signed_in:
            self._passed = True  # came back to this step: already signed in
            return
        for label in (self.password_error, self.confirm_error, *self.answer_errors):
            show_error(label, "")
        password = self.password.text()
        if not password:
            show_error(self.password_error, tr("Enter the password"))
            return
        if not self.first_time:
            address, known, user = self.context.address, self.context.known_servers, self.user
            name = user.text().strip()
            self._start(lambda: setup_calls.sign_in(address, name, password, known))
            return
        if self.confirm.text() != password:
            show_error(self.confirm_error, tr("The two passwords differ"))
            return
        questions = [plain_spaces(q.currentText()).strip() for q in self.questions]
        answers = [a.text().strip() for a in self.answers]
        for n, answer in enumerate(answers):
            if not questions[n] or not answer:
                show_error(self.answer_errors[n], tr("Give a question and its answer"))
                return
        if len({q.casefold() for q in questions}) < len(questions):
            show_error(self.answer_errors[-1], tr("Choose three different questions"))
            return
        address, known = self.context.address, self.context.known_servers
        pairs = list(zip(questions, answers, strict=True))
        self._start(lambda: setup_calls.set_up_admin(address, password, pairs, known))

    def _start(self, work: Callable[[], Client]) -> None:
        """Sign in (or set up and sign in) off the UI thread: nobody is signed in yet,
        so this runs on the session's workers without a client."""
        self.set_busy(True)
        self.say(tr("Signing in…"))
        self.context.session.runner.submit(work, self._signed_in, self._failed, owner=self)

    def _failed(self, error: Exception) -> None:
        self.set_busy(False)
        self.refused(error, self.password_error)

    def _signed_in(self, client: Client) -> None:
        self.context.session.adopt(client)
        self.password.clear()
        self.confirm.clear()
        for answer in self.answers:
            answer.clear()
        first_time, user = self.first_time, client.username

        def done() -> str:
            return (
                tr("Password and security questions set; signed in as {user}")
                if first_time
                else tr("Signed in as {user}")
            ).format(user=user)

        self.context.outcomes[self.title_text] = done
        language = self.context.language

        def saved(_: object) -> None:
            self.context.outcomes[LanguageStep.title_text] = partial(language_saved, language)
            self.set_busy(False)
            self.passed()

        def not_saved(error: Exception) -> None:
            self.set_busy(False)
            self.refused(error)  # signed in; Next goes on without the language saved
            self._passed = True

        self.say(tr("Saving the language…"))
        op = save_language_op(language, parent=self)
        op.success(saved).failure(not_saved).run(self.context.session)
