"""What the Settings window's tests share: a session of a client, the window opened
and its rights read, a page loaded, a screenshot in the console's theme."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.console.helpers import review_shot
from vedette_api.client import Client
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmPage
from vedette_console.settings.alarms import Inner as AlarmInner
from vedette_console.settings.page import SettingsPage
from vedette_console.settings.window import SettingsWindow

WAIT_MS = 60_000
SHOTS = "/tmp/shots16/frame"
#: Windows kept open until the test ends (the session's callbacks need them).
OPEN: list[QWidget] = []


def session_of(client: Client) -> Session:
    session = Session()
    session.adopt(client)
    return session


def grab(widget: QWidget, name: str, directory: str = SHOTS) -> None:
    """A screenshot for review in ``directory`` when ``VEDETTE_SHOTS`` is set."""
    review_shot(widget, name, directory)


def open_window(qtbot: QtBot, session: Session, keep: list[QWidget] = OPEN) -> SettingsWindow:
    """The Settings window, shown, its rights read; kept in ``keep`` (cleared by the
    test module after each test)."""
    window = SettingsWindow(session)
    qtbot.addWidget(window)
    keep.append(window)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.rights is not None, timeout=WAIT_MS)
    return window


def loaded(page: SettingsPage) -> bool:
    """The page has shown what it read (an alarm page: its inner page)."""
    return not page.busy and not getattr(page, "loading", False)


def alarm_page(
    qtbot: QtBot,
    session: Session,
    page: type[AlarmPage],
    keep: list[QWidget],
    size: tuple[int, int] = (1100, 700),
) -> AlarmInner:
    """The alarm settings page ``page`` (its inner page) in a Settings window opened
    on it, as "Alarm settings…" opens it."""
    window = open_window(qtbot, session, keep)
    window.resize(*size)
    shown = window.open_page("Alarms", page.title)
    assert isinstance(shown, page), f"{page.title} is not listed for this user"
    return shown.inner
