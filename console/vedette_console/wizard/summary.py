"""The wizard's last step: what each step did on the server (only what a call
confirmed), and whether the wizard opens at the next start (``general.show_wizard``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from vedette_api.v1 import system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import system as system_ops
from vedette_console.wizard.step import WizardContext, WizardStep, tr


class SummaryStep(WizardStep):
    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Summary")
    needs_session = False

    def __init__(
        self, context: WizardContext, step_titles: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setSubTitle(tr("What was set up. Everything can be changed later in Settings."))
        self.step_titles = step_titles
        self.lines = QLabel("")
        self.lines.setWordWrap(True)
        self.lines.setTextFormat(Qt.TextFormat.PlainText)
        self.show_again = QCheckBox(tr("Show this wizard at next start"))
        self.controls.append(self.show_again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lines)
        layout.addStretch(1)
        layout.addWidget(self.show_again)
        layout.addWidget(self.status)

    def enter(self) -> None:
        outcomes = self.context.outcomes
        self.lines.setText(
            "\n".join(
                tr("{step}: {outcome}").format(
                    step=tr(title),
                    outcome=outcomes[title]() if title in outcomes else tr("nothing changed"),
                )
                for title in self.step_titles
            )
        )
        self.show_again.setChecked(self.context.state.show_wizard and not self.context.signed_in)
        self.show_again.setEnabled(self.context.signed_in)
        if not self.context.signed_in:
            self.say(tr("Not signed in: the wizard opens again at the next start."), error=True)

    def apply(self) -> None:
        if not self.context.signed_in:
            self._passed = True
            return
        show = self.show_again.isChecked()
        settings = system_pb2.Settings(general=system_pb2.GeneralSettings(show_wizard=show))
        op = system_ops.update_settings(
            parent=self, settings=settings, paths=["general.show_wizard"]
        )
        self.run(op, lambda _: self.passed(), working=tr("Saving…"))
