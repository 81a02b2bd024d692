"""What the start-up wizard's steps share: the wizard's context (the server, the
session once signed in, what each step did) and ``WizardStep``, a page that applies
itself on **Next** through a server call, moves on only when the call succeeded,
and otherwise says the server's reason next to the field it concerns.

A step's ``outcome`` is what it did on the server, in words, for the summary; it is
set only from a call's success, so the summary never claims what did not happen. It
is kept as a function giving the words, so the summary says them in the language
shown then (the language step may have changed it since).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget, QWizard, QWizardPage

from vedette_api.v1 import auth_pb2, system_pb2
from vedette_console.failures import error_text
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session

T = TypeVar("T")
#: What a step did, in words in the language shown when called.
Outcome = Callable[[], str]
_ERROR_STYLE = "color: #eb645a;"


def tr(text: str) -> str:
    return QCoreApplication.translate("StartupWizard", text)


@dataclass
class WizardContext:
    """What the steps share."""

    address: str
    state: auth_pb2.GetSetupStateResponse
    known_servers: Path | None
    session: Session
    #: The language chosen in the first step.
    language: int = system_pb2.LANGUAGE_ENGLISH
    #: Step title → what it did (steps not listed did nothing).
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    @property
    def signed_in(self) -> bool:
        return self.session.client is not None


def error_label() -> QLabel:
    """A red line under a field, for the server's reason about it (hidden when empty)."""
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet(_ERROR_STYLE)
    label.setVisible(False)
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class WizardStep(QWizardPage):
    """A page of the wizard. Subclasses set ``title_text``, build their fields, and
    implement ``apply`` (start the call; ``passed(outcome)`` when it succeeded)."""

    title_text = ""
    #: Whether the step needs a signed-in session.
    needs_session = True

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setTitle(tr(self.title_text))
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        self.controls: list[QWidget] = []
        self.busy = False
        self._passed = False
        self._validating = False

    # -- QWizardPage -------------------------------------------------------------------

    def initializePage(self) -> None:
        self._passed = False
        if self.needs_session and not self.context.signed_in:
            self.set_enabled(False)
            self.say(
                tr("Not signed in (the administrator step was skipped): nothing to do here."),
                error=True,
            )
            return
        self.set_enabled(True)
        self.enter()

    def validatePage(self) -> bool:
        """Next: apply the step, or go on when its change is done. The pass is used
        up, so a step shown again (Back) applies itself again."""
        if not self._passed:
            if self.busy:
                return False
            if self.needs_session and not self.context.signed_in:
                return True  # nothing was done; the summary says so
            self._validating = True
            try:
                self.apply()
            finally:
                self._validating = False
        passed, self._passed = self._passed, False
        return passed

    # -- for subclasses --------------------------------------------------------------

    def enter(self) -> None:
        """The page is shown: read what it needs from the server."""

    def apply(self) -> None:
        """Next was clicked: do the step's change (default: nothing to change)."""
        self._passed = True

    def skip(self) -> None:
        """The operator skipped the step: nothing is changed."""
        self.context.outcomes.pop(self.title_text, None)
        self._passed = True

    def passed(self, outcome: Outcome | None = None) -> None:
        """The step's change is done: note what it did (None: nothing), and go on."""
        if outcome is not None:
            self.context.outcomes[self.title_text] = outcome
        self._passed = True
        wizard = self.wizard()
        if self._validating:
            return  # at once, inside Next: the wizard goes on by itself
        if wizard is not None and wizard.currentPage() is self:
            if self.isFinalPage():
                wizard.accept()
            else:
                wizard.next()

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.controls:
            widget.setEnabled(enabled)

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(_ERROR_STYLE if error else "")

    def run(
        self,
        op: ServerOp[T],
        on_done: Callable[[T], Any],
        *,
        working: str = "",
        error_at: QLabel | None = None,
    ) -> None:
        """Run ``op`` with the step busy; ``on_done`` with its result, or the server's
        reason under ``error_at`` (the field it concerns) or in the status line."""
        self.set_busy(True)
        self.say(working or tr("Working…"))
        if error_at is not None:
            show_error(error_at, "")

        def done(result: T) -> None:
            self.set_busy(False)
            self.say("")
            on_done(result)

        def failed(error: Exception) -> None:
            self.set_busy(False)
            self.refused(error, error_at)

        op.success(done).failure(failed).run(self.context.session)

    def refused(self, error: Exception, error_at: QLabel | None = None) -> None:
        text = tr("Refused: {reason}").format(reason=error_text(error))
        if error_at is not None:
            show_error(error_at, text)
            self.say("")
        else:
            self.say(text, error=True)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.set_enabled(not busy)
        wizard = self.wizard()
        if wizard is not None:
            for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
                button = wizard.button(which)
                if button is not None:
                    button.setEnabled(not busy)
