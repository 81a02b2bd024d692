"""Opening the start-up wizard (``vedette_console.wizard``) from the appliance flow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from vedette_api.client import Client
from vedette_api.v1 import auth_pb2
from vedette_console.appliance.flow import WizardOpener
from vedette_console.appliance.kiosk import Kiosk


def wizard_opener(address: str, known_servers: Path | None, kiosk: Kiosk | None) -> WizardOpener:
    """A ``WizardOpener`` showing ``StartupWizard`` (full screen in a kiosk)."""
    opened: list[QWidget] = []  # kept alive while it runs

    def open_wizard(
        state: auth_pb2.GetSetupStateResponse, done: Callable[[Client | None], None]
    ) -> None:
        from vedette_console.wizard import StartupWizard

        wizard = StartupWizard(address, state, known_servers)
        opened[:] = [wizard]

        def finished(client: Client | None) -> None:
            opened.clear()
            if kiosk is not None and wizard in kiosk.windows:
                kiosk.windows.remove(wizard)
            wizard.deleteLater()
            done(client)

        wizard.finished_setup.connect(finished)
        if kiosk is not None:
            kiosk.take(wizard)
        else:
            wizard.show()

    return open_wizard
