"""Accounts › Online users (USER-06; the manual's 10.3): the open sessions — who,
from which address, local or remote, since when, their last call, and how many live
and playback streams each has open — with Refresh and "End session" (asks first;
the session's token stops working at once and its streams close)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import accounts_pb2
from vedette_console.alarm_admin.tables import make_item, make_table
from vedette_console.i18n import count_text
from vedette_console.operations import accounts as ops
from vedette_console.session import Session
from vedette_console.settings.accounts_forms import filling
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.users import button_row
from vedette_console.widgets.confirm import ask_yes


def peer_address(peer: str) -> str:
    """``ipv4:192.0.2.7:51234`` → ``192.0.2.7:51234``; the local socket in words."""
    kind, _, address = peer.partition(":")
    if kind == "unix":
        return tr("this appliance")
    return address if kind in ("ipv4", "ipv6") else peer


class SessionsPage(SettingsPage):
    group = "Accounts"
    title = "Online users"
    areas = (accounts_pb2.AREA_ACCOUNTS,)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.sessions: list[accounts_pb2.Session] = []
        self.confirm: QMessageBox | None = None
        self.table = make_table(
            [
                tr("User"),
                tr("Address"),
                tr("Where"),
                tr("Signed in"),
                tr("Last call"),
                tr("Live streams"),
                tr("Playback streams"),
            ]
        )
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.reload(""))
        self.end_button = QPushButton(tr("End session…"))
        self.end_button.clicked.connect(self.ask_end)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.refresh_button, self.end_button))
        layout.addWidget(self.status)
        self.controls = [self.refresh_button, self.end_button]
        self.update_controls()

    def load(self) -> None:
        self.reload("")

    def reload(self, done: str) -> None:
        def loaded(sessions: list[accounts_pb2.Session]) -> None:
            self.show_sessions(sessions)
            count = len(sessions)
            self.say(
                done
                or count_text("settings", count, "{count} open session", "{count} open sessions")
            )

        self.run(ops.load_sessions(parent=self), loaded, working=tr("Reading the sessions…"))

    def show_sessions(self, sessions: list[accounts_pb2.Session]) -> None:
        selected = self.selected()
        self.sessions = sessions
        display = self.session.settings.display
        with filling(self.table):
            self.table.setRowCount(len(sessions))
            for row, s in enumerate(sessions):
                user = tr("{name} (you)").format(name=s.username) if s.current else s.username
                where = tr("local") if s.local_session else tr("remote")
                cells = [
                    user,
                    peer_address(s.peer),
                    where,
                    display.date_time(us_from_timestamp(s.login_time)),
                    display.date_time(us_from_timestamp(s.last_activity_time)),
                    str(s.live_streams),
                    str(s.playback_streams),
                ]
                for column, text in enumerate(cells):
                    self.table.setItem(row, column, make_item(text, row + 1 if column == 0 else 0))
                if selected is not None and s.id == selected.id:
                    self.table.selectRow(row)
        self.update_controls()

    def selected(self) -> accounts_pb2.Session | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.sessions):
            return None
        return self.sessions[rows[0].row()]

    def select(self, session_id: str) -> None:
        for row, s in enumerate(self.sessions):
            if s.id == session_id:
                self.table.selectRow(row)

    def update_controls(self) -> None:
        if self.busy:
            return
        self.end_button.setEnabled(self.selected() is not None)

    def ask_end(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if chosen.current:
            text = tr("End your own session? This console is signed out at once.")
        else:
            text = tr(
                "End the session of {name} from {address}? They are signed out at once "
                "and their open streams close."
            ).format(name=chosen.username, address=peer_address(chosen.peer))
        self.confirm = ask_yes(
            self,
            tr("End session"),
            text,
            lambda: self.run(
                ops.end_session(parent=self, session_id=chosen.id),
                lambda _: self.reload(
                    tr("The session of {name} has ended").format(name=chosen.username)
                ),
            ),
            on_closed=self._confirm_closed,
            icon=QMessageBox.Icon.Warning,
        )

    def _confirm_closed(self) -> None:
        self.confirm = None
