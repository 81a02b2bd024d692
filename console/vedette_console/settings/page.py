"""What every settings page shares: the user's rights (asked once when the
Settings window opens) and the page contract the window builds its list from.

A page is a ``SettingsPage`` subclass with a ``group`` and a ``title`` (English
source text, translated where shown, in the "settings" context), a ``visible``
test on the rights, and ``load()`` that starts reading what it shows. Running a
server call with the page busy and its outcome said in words is ``AdminPage.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from vedette_api.client import Client
from vedette_api.errors import NotFound, PermissionDenied, Unimplemented
from vedette_console.alarm_admin.page import AdminPage
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes


def tr(text: str) -> str:
    return QCoreApplication.translate("settings", text)


@dataclass(frozen=True)
class SettingsRights:
    """The signed-in user's area rights on this server (``accounts_pb2.AREA_*``) and
    whether the session is on the server's local socket (the appliance console)."""

    areas: frozenset[int] = frozenset()
    local: bool = False
    username: str = ""

    def has(self, *areas: int) -> bool:
        """Whether the user has any of ``areas``."""
        return bool(self.areas.intersection(areas))


def fetch_settings_rights(client: Client) -> SettingsRights:
    """Blocking: the caller's rights (none when the server cannot say)."""
    try:
        account = client.get_my_account()
    except (PermissionDenied, Unimplemented, NotFound):
        return SettingsRights()
    return SettingsRights(
        areas=frozenset(account.rights.areas),
        local=account.local_session,
        username=account.user.name,
    )


class SettingsPage(AdminPage):
    """One page of the Settings window."""

    #: The manual's menu group ("Cameras", "Storage", "Accounts", "System", "Alarms").
    group: ClassVar[str] = ""
    #: The page's name in the list.
    title: ClassVar[str] = ""
    #: Any of these area rights shows the page (empty: every signed-in user).
    areas: ClassVar[tuple[int, ...]] = ()

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.rights = rights
        #: The warning question being asked (tests click its buttons), see ``warn``.
        self.question: QMessageBox | None = None

    def warn(self, title: str, text: str, on_yes: Callable[[], None]) -> None:
        """Ask before something that cannot be undone (Cancel is the default)."""
        self.question = ask_yes(
            self,
            title,
            text,
            on_yes,
            on_closed=self._forget_question,
            icon=QMessageBox.Icon.Warning,
        )

    def _forget_question(self) -> None:
        self.question = None

    @classmethod
    def visible(cls, rights: SettingsRights) -> bool:
        return not cls.areas or rights.has(*cls.areas)

    def load(self) -> None:
        """Start reading what the page shows (pages override)."""
        raise NotImplementedError
