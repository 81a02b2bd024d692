"""The alarm settings window: one tab per page the user's rights allow — rules and
notifications need the alarms right, the I/O page the alarms right or alarm_view
(states only) or io_control (switching), statistics alarm_view. The rights are
asked first; a user with none sees a sentence saying so."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from vedette_console.alarm_admin.io_page import IoPage
from vedette_console.alarm_admin.notify_page import NotifyPage
from vedette_console.alarm_admin.page import tr
from vedette_console.alarm_admin.rules_page import RulesPage
from vedette_console.alarm_admin.stats_page import StatsPage
from vedette_console.operations import rules as rule_ops
from vedette_console.operations.rules import AlarmRights
from vedette_console.session import Session


class AlarmSettingsWindow(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Alarm settings — {server}").format(server=session.server))
        self.resize(1100, 700)
        self.session = session
        self.rights = AlarmRights()
        self.tabs = QTabWidget()
        self.rules: RulesPage | None = None
        self.io: IoPage | None = None
        self.notify: NotifyPage | None = None
        self.stats: StatsPage | None = None
        self.message = QLabel(tr("Reading your rights…"))
        self.message.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.tabs.hide()

    def load(self) -> None:
        op = rule_ops.load_alarm_rights(parent=self)
        op.success(self._build).failure(lambda e: self.message.setText(str(e))).run(self.session)

    def _build(self, rights: AlarmRights) -> None:
        self.rights = rights
        if rights.configure:
            self.rules = RulesPage(self.session)
            self.tabs.addTab(self.rules, tr("Rules"))
            self.rules.load()
        if rights.configure or rights.view or rights.io_control:
            self.io = IoPage(self.session, rights)
            self.tabs.addTab(self.io, tr("Inputs and outputs"))
            self.io.load()
        if rights.configure:
            self.notify = NotifyPage(self.session, display=self.session.settings.display)
            self.tabs.addTab(self.notify, tr("Notifications"))
            self.notify.load()
        if rights.view:
            self.stats = StatsPage(self.session, self.session.settings.display)
            self.tabs.addTab(self.stats, tr("Statistics"))
            self.stats.load()
        if self.tabs.count() == 0:
            self.message.setText(tr("You have no right to see or change the alarm settings."))
            return
        self.message.hide()
        self.tabs.show()
