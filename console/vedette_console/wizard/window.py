"""The start-up wizard (SYS-01): on an appliance's first start, language,
administrator password with security questions, date and time, network, cameras,
disks, recording mode and a summary. Every step can be skipped; each applies itself
on Next and moves on only when the server accepted it.

``StartupWizard(address, state, known_servers)`` is built from the server's
``GetSetupState`` answer; ``finished_setup(client)`` gives the signed-in client to
the console when it closes (None when nobody signed in), and the wizard no longer
uses it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from vedette_api.v1 import auth_pb2, system_pb2
from vedette_console.session import Session
from vedette_console.widgets.keyboard import KeyboardPanel
from vedette_console.wizard.account import AdminStep, LanguageStep
from vedette_console.wizard.cameras import CamerasStep
from vedette_console.wizard.clock import TimeStep
from vedette_console.wizard.disks import DisksStep
from vedette_console.wizard.network import NetworkStep
from vedette_console.wizard.recording import RecordingStep
from vedette_console.wizard.step import WizardContext, WizardStep, tr
from vedette_console.wizard.summary import SummaryStep

SKIP = QWizard.WizardButton.CustomButton1


class StartupWizard(QWizard):
    """Signal: ``finished_setup(Client | None)``."""

    finished_setup = Signal(object)

    def __init__(
        self,
        address: str,
        state: auth_pb2.GetSetupStateResponse,
        known_servers: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.resize(900, 640)
        #: The wizard's own session: nobody is signed in when it opens.
        self.session = Session(self)
        self.context = WizardContext(
            address,
            state,
            known_servers,
            self.session,
            language=state.language or system_pb2.LANGUAGE_ENGLISH,
        )
        self.language = LanguageStep(self.context)
        self.language.language_shown.connect(self._relabel)
        self.addPage(self.language)
        self._label()
        self._build_steps()
        self.customButtonClicked.connect(self._custom)
        self.currentIdChanged.connect(self._shown)
        self.finished.connect(self._finished)
        self._handed_over = False

    def _label(self) -> None:
        """The wizard's own words, in the language shown."""
        self.setWindowTitle(tr("Vedette — first start"))
        self.setButtonText(SKIP, tr("Skip"))
        self.setButtonText(QWizard.WizardButton.NextButton, tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Close"))

    def _build_steps(self) -> None:
        """The steps after the language, built in the language shown. Built again
        when the language step changed it (widgets take their text when they are
        built): nothing is lost, as only the language step was passed since the
        steps were last shown, and each step reads the server again when shown
        (what the steps did is on the server and in the context's outcomes)."""
        for later in self.pageIds()[1:]:
            old = self.page(later)
            self.removePage(later)
            old.deleteLater()
        self.admin = AdminStep(self.context)
        self.time = TimeStep(self.context)
        self.network = NetworkStep(self.context)
        self.cameras = CamerasStep(self.context)
        self.disks = DisksStep(self.context)
        self.recording = RecordingStep(self.context)
        steps: list[WizardStep] = [
            self.language,
            self.admin,
            self.time,
            self.network,
            self.cameras,
            self.disks,
            self.recording,
        ]
        self.summary = SummaryStep(self.context, [step.title_text for step in steps])
        for step in [*steps[1:], self.summary]:
            self.addPage(step)

    def _relabel(self) -> None:
        """The language step changed the language: the wizard speaks it at once, and
        the on-screen keyboard's named keys (Erase, Space…) once it opens again."""
        self._label()
        self._build_steps()
        for panel in self.findChildren(KeyboardPanel):
            panel.close_panel()
            panel.setObjectName("")  # not found again: the keyboard builds a new one
            panel.deleteLater()

    def step(self) -> WizardStep:
        page = self.currentPage()
        assert isinstance(page, WizardStep)
        return page

    def _shown(self, _id: int) -> None:
        skip = self.button(SKIP)
        if skip is not None:  # the summary has Finish, or Close to leave without saving
            skip.setVisible(self.currentPage() is not self.summary)

    def _custom(self, which: int) -> None:
        if which == SKIP.value:
            self.skip()

    def skip(self) -> None:
        """Skip the step shown: nothing of it is changed."""
        step = self.step()
        if step.busy:
            return
        step.skip()
        if step is self.summary:
            self.accept()
        else:
            self.next()

    def _finished(self, _result: int) -> None:
        if self._handed_over:
            return
        self._handed_over = True
        client = self.session.client
        self.session.runner.close()  # the client is the console's now: not closed here
        self.finished_setup.emit(client)
