"""``--kiosk``: the appliance's screen belongs to the console (issue 16 §2).

Its windows are full screen without window chrome, and nobody leaves them (closing
a window, Escape out of full screen, Alt+F4) unless the signed-in user has the
system right (``AREA_SYSTEM``, the right that also shuts the appliance down): the
attempt is refused with a message saying so. While nobody is signed in nobody may
leave. That the console comes back after a server restart is the sessions' doing:
the main window signs in again by itself, the logged-out screen opens a new display
session (``logged_out.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from vedette_api.v1 import accounts_pb2
from vedette_console.settings.page import SettingsRights


class Kiosk(QObject):
    """Keeps ``windows`` full screen and closed to users without the system right."""

    def __init__(self, notify: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notify = notify
        #: The signed-in user's rights (nobody: none).
        self.rights = SettingsRights()
        self.windows: list[QWidget] = []
        #: Refusals so far (tests, and the log of a screen someone tried to leave).
        self.refused = 0
        #: The console itself is ending (``--screenshot``, a permitted quit).
        self.quitting = False
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    @property
    def may_leave(self) -> bool:
        return self.rights.has(accounts_pb2.AREA_SYSTEM)

    def signed_in(self, rights: SettingsRights) -> None:
        self.rights = rights

    def signed_out(self) -> None:
        self.rights = SettingsRights()

    def take(self, window: QWidget) -> None:
        """Show ``window`` full screen, without chrome, kept."""
        if window not in self.windows:
            self.windows.append(window)
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.showFullScreen()

    def _refuse(self) -> None:
        self.refused += 1
        self.notify(
            self.tr(
                "This screen stays open: only a user with the system right may leave it."
                " Sign in as one first."
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.may_leave or self.quitting or not isinstance(watched, QWidget):
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and watched in self.windows:
            event.ignore()
            self._refuse()
            return True
        if watched.window() not in self.windows:
            return False
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self._refuse()
            return True
        return False
