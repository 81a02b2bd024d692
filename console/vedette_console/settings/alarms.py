"""The Alarms group of the Settings window: the four alarm settings pages (rules,
inputs and outputs, notifications, statistics; issue 15 §4) as Settings pages, shown
to the same rights as before — rules and notifications need the alarms right, the
I/O page the alarms right or alarm_view (states only) or io_control (switching),
statistics alarm_view (or alarms)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

from vedette_api.v1 import accounts_pb2
from vedette_console.alarm_admin.io_page import IoPage
from vedette_console.alarm_admin.notify_page import NotifyPage
from vedette_console.alarm_admin.rules_page import RulesPage
from vedette_console.alarm_admin.stats_page import StatsPage
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations.rules import alarm_rights
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights

_ALARMS = accounts_pb2.AREA_ALARMS
_ALARM_VIEW = accounts_pb2.AREA_ALARM_VIEW

Inner = RulesPage | IoPage | NotifyPage | StatsPage


class AlarmPage(SettingsPage):
    """An alarm settings page (``inner``) in the Settings window; it says its own
    outcomes in its own status line."""

    group: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Alarms")

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.inner = self.make_inner()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.inner)

    def make_inner(self) -> Inner:
        raise NotImplementedError

    def load(self) -> None:
        self.inner.load()

    @property
    def loading(self) -> bool:
        return self.inner.busy


class AlarmRulesPage(AlarmPage):
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Alarm rules")
    areas: ClassVar[tuple[int, ...]] = (_ALARMS,)

    def make_inner(self) -> RulesPage:
        return RulesPage(self.session)


class AlarmIoPage(AlarmPage):
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Inputs and outputs")
    areas: ClassVar[tuple[int, ...]] = (_ALARMS, _ALARM_VIEW, accounts_pb2.AREA_IO_CONTROL)

    def make_inner(self) -> IoPage:
        return IoPage(self.session, alarm_rights(self.rights.areas))


class AlarmNotifyPage(AlarmPage):
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Notifications")
    areas: ClassVar[tuple[int, ...]] = (_ALARMS,)

    def make_inner(self) -> NotifyPage:
        return NotifyPage(self.session, display=self.session.settings.display)


class AlarmStatsPage(AlarmPage):
    title: ClassVar[str] = QT_TRANSLATE_NOOP("settings", "Alarm statistics")
    areas: ClassVar[tuple[int, ...]] = (_ALARMS, _ALARM_VIEW)

    def make_inner(self) -> StatsPage:
        return StatsPage(self.session, self.session.settings.display)
