"""The appliance's start-up wizard (SYS-01): ``StartupWizard``."""

from vedette_console.wizard.window import StartupWizard

__all__ = ["StartupWizard"]
