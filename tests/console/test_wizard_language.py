"""The start-up wizard speaks the language chosen on its first step at once (issue 16
§2, §3): Français then Next, and the next steps, the wizard's buttons and title are
in French (as ``vedette_fr.ts`` says, no English left); back to English the same way.

A fresh appliance (``init --no-admin``) on its local socket, a real server."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from tests.console.test_french import Strings, english_left, english_strings
from tests.console.test_wizard import (
    WAIT_MS,
    click,
    keyboard,
    local_server,
    next_step,
    open_wizard,
    panel,
)
from tests.support.server_process import ADMIN_PASSWORD
from vedette_api.v1 import system_pb2
from vedette_console.i18n import Translators, ts_tool
from vedette_console.settings.window import SettingsWindow
from vedette_console.widgets import keyboard_layouts as kl
from vedette_console.widgets.keyboard import Keyboard
from vedette_console.wizard import StartupWizard, setup_calls
from vedette_console.wizard.account import AdminStep, LanguageStep
from vedette_console.wizard.clock import TimeStep
from vedette_console.wizard.step import WizardStep

__all__ = ["english_strings", "keyboard"]  # the fixtures, used here

SHOTS = Path("/tmp/shots16/wizardlang")
BUTTONS = {
    QWizard.WizardButton.NextButton: "Next",
    QWizard.WizardButton.BackButton: "Back",
    QWizard.WizardButton.CustomButton1: "Skip",
    QWizard.WizardButton.CancelButton: "Close",
}


@pytest.fixture
def french_built() -> Iterator[dict[str, str]]:
    """The French ``.qm`` built from the ``.ts``, and the wizard's French words from
    the ``.ts`` (English source → French); English shown again after the test."""
    ts_tool.release("fr")
    entries = ts_tool.read_ts(ts_tool.ts_path("fr"))
    words = {
        source: entry.forms[0]
        for (context, source), entry in entries.items()
        if context == "StartupWizard" and entry.forms and entry.forms[0]
    }
    translators = Translators.current()
    translators.install(system_pb2.LANGUAGE_ENGLISH)
    try:
        yield words
    finally:
        translators.install(system_pb2.LANGUAGE_ENGLISH)


def shot(wizard: QWizard, name: str) -> None:
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert wizard.grab().save(str(SHOTS / name))


def shown_words(wizard: StartupWizard) -> dict[str, str]:
    """The step's title and the wizard's title and buttons, as shown."""
    words = {"title": wizard.currentPage().title(), "window": wizard.windowTitle()}
    for which, source in BUTTONS.items():
        button = wizard.button(which)
        assert button is not None
        words[source] = button.text()
    return words


def expected_words(step_title: str, language: dict[str, str] | None) -> dict[str, str]:
    """What ``shown_words`` is in English (``language`` None) or in the ``.ts``'s."""

    def say(text: str) -> str:
        return text if language is None else language[text]

    words = {"title": say(step_title), "window": say("Vedette — first start")}
    words.update({source: say(source) for source in BUTTONS.values()})
    return words


def erase_key(wizard: QWizard) -> str:
    """The on-screen keyboard's Erase key, as shown."""
    return panel(wizard).key(kl.BACKSPACE).text()


def french_text(context: str, source: str) -> str:
    return ts_tool.read_ts(ts_tool.ts_path("fr"))[(context, source)].forms[0]


def _step_idle(step: WizardStep) -> bool:
    return not step.busy


def test_the_wizard_speaks_the_language_of_its_first_step_at_once(
    qtbot: QtBot,
    tmp_path: Path,
    french_built: dict[str, str],
    english_strings: Strings,
    keyboard: Keyboard,
) -> None:
    french = french_built
    assert french["Administrator"] != "Administrator" and french["Next"] != "Next"
    with local_server(tmp_path, no_admin=True) as (server, address, _short):
        state = setup_calls.get_setup_state(address, None)
        assert not state.admin_password_set
        wizard, _handed = open_wizard(qtbot, address, state)
        assert shown_words(wizard) == expected_words("Language", None)

        # Français, Next: the administrator step and the wizard are in French.
        wizard.language.choices[system_pb2.LANGUAGE_FRENCH].click()
        admin = next_step(qtbot, wizard, AdminStep)
        assert isinstance(admin, AdminStep) and admin is wizard.admin
        assert shown_words(wizard) == expected_words("Administrator", french)
        allowed = {address, "admin", "Vedette"}
        assert english_left(wizard, english_strings, allowed) == []
        click(qtbot, admin.password)  # the on-screen keyboard opens, in French
        assert erase_key(wizard) == french_text("Keyboard", "⌫ Erase")
        assert keyboard.layout_name == kl.AZERTY
        shot(wizard, "wizard_fr_admin.png")

        # The first password and questions (typed: the mouse is another test's),
        # then the time step, in French too.
        admin.password.setText(ADMIN_PASSWORD)
        admin.confirm.setText(ADMIN_PASSWORD)
        for answer, text in zip(admin.answers, ("Rex", "Lyon", "Clio"), strict=True):
            answer.setText(text)
        time_step = next_step(qtbot, wizard, TimeStep)
        assert isinstance(time_step, TimeStep)
        qtbot.waitUntil(functools.partial(_step_idle, time_step), timeout=WAIT_MS)
        assert shown_words(wizard) == expected_words("Date and time", french)
        assert english_left(wizard, english_strings, allowed) == []
        note = time_step.host_note  # longer in French: wrapped, and not clipped

        def note_fits() -> bool:
            return not note.isVisible() or note.height() >= note.heightForWidth(note.width())

        qtbot.waitUntil(note_fits, timeout=WAIT_MS)
        shot(wizard, "wizard_fr_time.png")
        with server.client() as check:
            assert check.get_settings().general.language == system_pb2.LANGUAGE_FRENCH

        # A window opened from now on is in French too (the Settings window).
        settings = SettingsWindow(wizard.session)
        qtbot.addWidget(settings)
        [title] = [
            entry.forms[0]
            for (_context, source), entry in ts_tool.read_ts(ts_tool.ts_path("fr")).items()
            if source == "Settings — {server}"
        ]
        assert settings.windowTitle() == title.format(server=wizard.session.server)
        settings.close()

        # Back to the language step (in French now), English, Next: English again,
        # still signed in, and the server has English.
        wizard.back()
        qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), AdminStep), timeout=WAIT_MS)
        wizard.back()
        qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), LanguageStep), timeout=WAIT_MS)
        assert shown_words(wizard) == expected_words("Language", french)
        wizard.language.choices[system_pb2.LANGUAGE_ENGLISH].click()
        admin_again = next_step(qtbot, wizard, AdminStep)
        assert admin_again is wizard.admin and admin_again is not admin  # built anew
        assert shown_words(wizard) == expected_words("Administrator", None)
        click(qtbot, admin_again.password)  # the keyboard in English again, QWERTY
        assert erase_key(wizard) == "⌫ Erase" and keyboard.layout_name == kl.QWERTY
        assert wizard.session.client is not None
        next_step(qtbot, wizard, TimeStep)  # signed in: the step passes
        assert shown_words(wizard) == expected_words("Date and time", None)
        with server.client() as check:
            assert check.get_settings().general.language == system_pb2.LANGUAGE_ENGLISH
        wizard.close()


def test_the_same_language_again_keeps_the_steps(
    qtbot: QtBot, tmp_path: Path, french_built: dict[str, str]
) -> None:
    """Next without a change of language builds nothing again: the steps keep what
    was typed in them."""
    with local_server(tmp_path, no_admin=True) as (_server, address, _short):
        state = setup_calls.get_setup_state(address, None)
        wizard, _handed = open_wizard(qtbot, address, state)
        admin = next_step(qtbot, wizard, AdminStep)
        assert isinstance(admin, AdminStep)
        admin.password.setText("typed")
        wizard.back()
        qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), LanguageStep), timeout=WAIT_MS)
        assert wizard.language.chosen() == system_pb2.LANGUAGE_ENGLISH
        again = next_step(qtbot, wizard, AdminStep)
        assert again is admin and admin.password.text() == "typed"
        assert shown_words(wizard) == expected_words("Administrator", None)
        wizard.close()
