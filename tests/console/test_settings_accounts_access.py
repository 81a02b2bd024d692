"""Settings › Accounts, the rest (issue 16 §1, USER-03/05/06) against a real server:
online users list another client's session and "End session" (after its question)
leaves that client refused; an access filter that would refuse the caller's own
address is refused with the guard's message beside the list and nothing changes,
while a block list and a bad entry read back or are refused in words; My account
changes the user's own password, with a wrong current password, a weak new one and
two different ones each shown beside their field and the old password still
working until the change is made; then the console's kept sign-in and the
keychain entry the user asked for hold the new one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.console.conftest import MemoryKeyring
from tests.console.test_settings_accounts import (
    STRONG,
    answer_yes,
    column,
    grab,
    settle,
    shown_page,
    sign_in,
)
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.errors import Unauthenticated
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console import credentials
from vedette_console.connect import ConnectSettings
from vedette_console.session import Session
from vedette_console.settings.access import AccessPage
from vedette_console.settings.my_account import MyAccountPage
from vedette_console.settings.page import fetch_settings_rights
from vedette_console.settings.sessions import SessionsPage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-accounts-access")) as process:
        with process.client() as client:
            ordinary = next(
                g for g in client.list_groups() if g.kind == accounts_pb2.GROUP_KIND_ORDINARY
            )
            client.create_user("visitor", STRONG, group_id=ordinary.id)
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture
def session(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def test_end_another_users_session(
    qtbot: QtBot, server: ServerProcess, client: Client, session: Session
) -> None:
    visitor = sign_in(server, "visitor", STRONG)
    try:
        visitor.list_cameras()  # a session that works
        page = shown_page(qtbot, SessionsPage, session, fetch_settings_rights(client))
        assert isinstance(page, SessionsPage)
        theirs = [s for s in page.sessions if s.username == "visitor"]
        assert len(theirs) == 1 and not theirs[0].local_session
        row = page.sessions.index(theirs[0])
        assert column(page.table, 1)[row].startswith("127.0.0.1:")
        assert column(page.table, 2)[row] == "remote"
        assert any(s.current and s.username == "admin" for s in page.sessions)
        assert "admin (you)" in column(page.table, 0)
        grab(page, "sessions.png")

        page.select(theirs[0].id)
        page.end_button.click()
        assert page.confirm is not None and "visitor" in page.confirm.text()
        answer_yes(qtbot, page.confirm)
        assert settle(qtbot, page) == "The session of visitor has ended"
        assert theirs[0].id not in [s.id for s in page.sessions]
        with pytest.raises(Unauthenticated):
            visitor.list_cameras()
    finally:
        visitor.close()


def test_the_access_filter_refuses_to_lock_out_its_author(
    qtbot: QtBot, client: Client, session: Session
) -> None:
    before = client.get_settings().access_filter
    page = shown_page(qtbot, AccessPage, session, fetch_settings_rights(client))
    assert isinstance(page, AccessPage)
    page.enabled.setChecked(True)
    page.mode.setCurrentIndex(page.mode.findData(system_pb2.FILTER_MODE_ALLOW))
    page.add_entry("192.0.2.0/24", True)
    page.save_button.click()
    settle(qtbot, page)
    shown = page.errors.shown()
    assert list(shown) == ["access_filter"]
    assert "your own address 127.0.0.1" in shown["access_filter"]
    grab(page, "access_lockout.png")
    assert client.get_settings().access_filter == before
    # The form keeps what the operator typed, to be corrected.
    assert page.form().entries[0].value == "192.0.2.0/24"

    # A bad entry: its reason beside the list, nothing stored.
    page.add_entry("not-an-address", True)
    page.save_button.click()
    settle(qtbot, page)
    assert "not-an-address" in page.errors.shown()["access_filter"]
    assert client.get_settings().access_filter == before

    # A block list without the caller's address is stored and read back.
    page.show_filter(before)
    page.enabled.setChecked(True)
    page.mode.setCurrentIndex(page.mode.findData(system_pb2.FILTER_MODE_BLOCK))
    page.add_entry("192.0.2.7", True)
    page.add_entry("192.0.2.10-192.0.2.20", False)
    page.save_button.click()
    assert settle(qtbot, page) == "Access filter saved"
    assert page.errors.shown() == {}
    stored = client.get_settings().access_filter
    assert stored.enabled and stored.mode == system_pb2.FILTER_MODE_BLOCK
    assert [(e.value, e.enabled) for e in stored.entries] == [
        ("192.0.2.7", True),
        ("192.0.2.10-192.0.2.20", False),
    ]
    item = page.table.item(1, 1)
    assert item is not None and item.checkState() == Qt.CheckState.Unchecked

    # Back to no filter.
    page.enabled.setChecked(False)
    page.save_button.click()
    assert settle(qtbot, page) == "Access filter saved"
    assert not client.get_settings().access_filter.enabled


def test_my_account_changes_my_password(
    qtbot: QtBot, server: ServerProcess, client: Client, memory_keyring: MemoryKeyring
) -> None:
    ordinary = next(g for g in client.list_groups() if g.kind == accounts_pb2.GROUP_KIND_ORDINARY)
    client.create_user("walker", STRONG, group_id=ordinary.id)
    walker = sign_in(server, "walker", STRONG)
    session = Session()
    signed_in = ConnectSettings(server.address, "walker", STRONG, server.known_servers)
    session.adopt(walker, signed_in)
    assert credentials.remember_password(server.address, "walker", STRONG)  # "remember" ticked
    rights = fetch_settings_rights(walker)
    assert not rights.local and rights.username == "walker"
    page = shown_page(qtbot, MyAccountPage, session, rights)
    assert isinstance(page, MyAccountPage)
    assert page.who.text() == "Signed in as walker from a remote client."
    assert page.recovery_box is None  # recovery questions are the appliance's

    page.current.setText(STRONG)
    page.new.setText("Night-Rounds-2027!")
    page.repeat.setText("Night-Rounds-2027?")
    page.change_button.click()
    assert page.password_errors.shown() == {
        "new_password": "The two new passwords are not the same."
    }

    page.current.setText("not my password")
    page.repeat.setText("Night-Rounds-2027!")
    page.change_button.click()
    settle(qtbot, page)
    assert list(page.password_errors.shown()) == ["current_password"]

    page.current.setText(STRONG)
    page.new.setText("short")
    page.repeat.setText("short")
    page.change_button.click()
    settle(qtbot, page)
    shown = page.password_errors.shown()
    assert list(shown) == ["new_password"] and "8 characters" in shown["new_password"]
    grab(page, "my_account_weak.png")
    sign_in(server, "walker", STRONG).close()  # unchanged so far
    assert credentials.load_password(server.address, "walker") == STRONG

    page.new.setText("Night-Rounds-2027!")
    page.repeat.setText("Night-Rounds-2027!")
    page.change_button.click()
    assert settle(qtbot, page) == "Your password is changed; your other sessions have ended"
    assert page.password_errors.shown() == {}
    assert page.current.text() == ""
    # This console signs in again with the new password, and so does the next start.
    assert session.credentials is not None
    assert session.credentials.password == "Night-Rounds-2027!"
    assert credentials.load_password(server.address, "walker") == "Night-Rounds-2027!"
    sign_in(server, "walker", "Night-Rounds-2027!").close()
    with pytest.raises(Unauthenticated):
        sign_in(server, "walker", STRONG)
