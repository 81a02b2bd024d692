"""Settings › Accounts, users and permission groups (issue 16 §1, USER-01/02/04),
against a real server with two camsim cameras: a group made in the groups page with
the live right on one camera only reads back as saved, a user made in the users page
in that group signs in (a new client) and may do exactly that; a built-in group's
rights edited and read back; an empty name, a weak password, two different passwords
and a bad MAC shown beside their field with nothing created; the admin account
shown as protected, and the server's refusal to delete or disable it said in words
with nothing changed; a user without the accounts right sees only My account.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console import settings_helpers
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.errors import PermissionDenied, Unauthenticated
from vedette_api.v1 import accounts_pb2
from vedette_console.session import Session
from vedette_console.settings.access import AccessPage
from vedette_console.settings.accounts_forms import ServerDialog
from vedette_console.settings.accounts_rights import ALL
from vedette_console.settings.accounts_user_dialogs import ResetPasswordDialog, UserDialog
from vedette_console.settings.groups import GroupNameDialog, GroupsPage
from vedette_console.settings.my_account import MyAccountPage
from vedette_console.settings.page import SettingsPage, SettingsRights, fetch_settings_rights
from vedette_console.settings.sessions import SessionsPage
from vedette_console.settings.users import UsersPage

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
STRONG = "Gate-Watch-2026!"
ACCOUNT_PAGES: list[type[SettingsPage]] = [
    UsersPage,
    GroupsPage,
    SessionsPage,
    AccessPage,
    MyAccountPage,
]
SHOTS = os.environ.get("VEDETTE_SHOTS", "/tmp/shots16/accounts")


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL, cameras=2)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, camsim: CamsimProcess
) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-accounts")) as process:
        with process.client() as client:
            for name, cam in (("Gate", "cam1"), ("Lobby", "cam2")):
                client.create_camera(name, camsim.url(cam, "main"), sub_url=camsim.url(cam, "sub"))
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


def sign_in(server: ServerProcess, name: str, password: str) -> Client:
    return Client.connect(
        server.address, username=name, password=password, known_servers_path=server.known_servers
    )


def shown_page(
    qtbot: QtBot, cls: type[SettingsPage], session: Session, rights: SettingsRights
) -> SettingsPage:
    page = cls(session, rights)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    page.load()
    settle(qtbot, page)
    return page


def admin_rights(client: Client) -> SettingsRights:
    return fetch_settings_rights(client)


def settle(qtbot: QtBot, page: SettingsPage) -> str:
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page.status.text()


def press_ok(qtbot: QtBot, dialog: ServerDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)


def answer_yes(qtbot: QtBot, box: QMessageBox | None) -> None:
    assert box is not None and box.isVisible()
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert yes is not None
    yes.click()


def column(table: QTableWidget, index: int) -> list[str]:
    return [
        (item.text() if (item := table.item(r, index)) else "") for r in range(table.rowCount())
    ]


def grab(widget: QWidget, name: str) -> None:
    """A screenshot in the console's theme, for review."""
    settings_helpers.grab(widget, name, SHOTS)


def test_a_group_with_live_on_one_camera_and_a_user_in_it(
    qtbot: QtBot, server: ServerProcess, client: Client, session: Session
) -> None:
    gate, lobby = sorted(client.list_cameras(), key=lambda c: c.name)
    assert (gate.name, lobby.name) == ("Gate", "Lobby")
    rights = admin_rights(client)

    groups = shown_page(qtbot, GroupsPage, session, rights)
    assert isinstance(groups, GroupsPage)
    groups.open_new(None)
    dialog = groups.dialog
    assert isinstance(dialog, GroupNameDialog)
    dialog.name.setText("Gate watch")
    press_ok(qtbot, dialog)
    assert settle(qtbot, groups) == "Group Gate watch added"
    chosen = groups.selected()
    assert chosen is not None and chosen.name == "Gate watch"
    assert chosen.kind == accounts_pb2.GROUP_KIND_CUSTOM
    for editor in (groups.local, groups.remote):
        editor.set_camera_right(gate.id, accounts_pb2.CAMERA_RIGHT_LIVE, True)
    groups.remote.area_checks[accounts_pb2.AREA_LOGS].setChecked(True)
    assert groups.ptz_priority.value() == 0  # the default for its rights
    groups.ptz_priority.setValue(12000)
    groups.save_button.click()
    assert settle(qtbot, groups) == "Group Gate watch saved"
    grab(groups, "groups.png")

    stored = client.get_group(chosen.id)
    live_on_gate = [
        accounts_pb2.CameraAccess(right=accounts_pb2.CAMERA_RIGHT_LIVE, camera_ids=[gate.id])
    ]
    assert list(stored.remote_rights.cameras) == live_on_gate
    assert list(stored.local_rights.cameras) == live_on_gate
    assert list(stored.remote_rights.areas) == [accounts_pb2.AREA_LOGS]
    assert list(stored.local_rights.areas) == []
    assert stored.HasField("ptz_priority") and stored.ptz_priority == 12000
    # The page shows what the server stored.
    assert groups.remote.rights() == stored.remote_rights

    users = shown_page(qtbot, UsersPage, session, rights)
    assert isinstance(users, UsersPage)
    users.open_user(None)
    user_dialog = users.dialog
    assert isinstance(user_dialog, UserDialog)
    user_dialog.name.setText("guard1")
    user_dialog.password.setText(STRONG)
    user_dialog.repeat.setText(STRONG)
    user_dialog.group.setCurrentIndex(user_dialog.group.findData(chosen.id))
    user_dialog.mac_binding.setText("")
    grab(user_dialog, "user_dialog.png")
    press_ok(qtbot, user_dialog)
    assert settle(qtbot, users) == "User guard1 added"
    assert "guard1" in column(users.table, 0)
    grab(users, "users.png")
    guard = client.find_user("guard1")
    assert guard.group_id == chosen.id and guard.enabled

    with sign_in(server, "guard1", STRONG) as guard_client:
        assert [c.id for c in guard_client.list_cameras()] == [gate.id]
        account = guard_client.get_my_account()
        assert list(account.rights.areas) == [accounts_pb2.AREA_LOGS]
        with pytest.raises(PermissionDenied):
            guard_client.list_users()
        guard_rights = fetch_settings_rights(guard_client)
    # Without the accounts right only My account is listed.
    assert [p for p in ACCOUNT_PAGES if p.visible(guard_rights)] == [MyAccountPage]
    assert all(p.visible(rights) for p in ACCOUNT_PAGES)

    # Disabled from the page: the server refuses their sign-in.
    users.select("guard1")
    assert users.enable_button.text() == "Disable"
    users.enable_button.click()
    assert settle(qtbot, users) == "User guard1 disabled; signed out"
    assert not client.find_user("guard1").enabled


def test_a_built_in_groups_rights_edited_and_read_back(
    qtbot: QtBot, client: Client, session: Session
) -> None:
    ordinary = next(g for g in client.list_groups() if g.kind == accounts_pb2.GROUP_KIND_ORDINARY)
    page = shown_page(qtbot, GroupsPage, session, admin_rights(client))
    assert isinstance(page, GroupsPage)
    page.select(ordinary.id)
    assert page.save_button.isEnabled() and not page.name.isReadOnly()
    had = accounts_pb2.AREA_ALARM_VIEW in ordinary.local_rights.areas
    page.local.area_checks[accounts_pb2.AREA_ALARM_VIEW].setChecked(not had)
    page.remote.set_camera_right(ALL, accounts_pb2.CAMERA_RIGHT_PLAYBACK, True)
    page.save_button.click()
    assert settle(qtbot, page) == f"Group {ordinary.name} saved"
    stored = client.get_group(ordinary.id)
    assert (accounts_pb2.AREA_ALARM_VIEW in stored.local_rights.areas) is not had
    playback = [
        a for a in stored.remote_rights.cameras if a.right == accounts_pb2.CAMERA_RIGHT_PLAYBACK
    ]
    assert len(playback) == 1 and playback[0].all_cameras
    assert stored.remote_rights.areas == ordinary.remote_rights.areas
    assert not stored.HasField("ptz_priority")  # left at the default

    # The administrator group is shown, never editable.
    admin_group = next(
        g for g in client.list_groups() if g.kind == accounts_pb2.GROUP_KIND_ADMINISTRATOR
    )
    page.select(admin_group.id)
    assert page.ptz_priority.value() == 32000 and page.ptz_priority.isReadOnly()
    assert not page.save_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.name.isReadOnly() and not page.note.isHidden()

    # A priority only administrators have is refused beside it; nothing changes.
    page.select(ordinary.id)
    page.ptz_priority.setValue(32000)
    page.save_button.click()
    settle(qtbot, page)
    assert list(page.errors.shown()) == ["ptz_priority"]
    assert page.status.text() == ""  # said once, beside the field
    assert client.get_group(ordinary.id) == stored

    # A name already taken is refused beside the name; nothing is renamed.
    page.select(ordinary.id)
    page.name.setText(admin_group.name)
    page.save_button.click()
    settle(qtbot, page)
    assert "already exists" in page.errors.shown()["name"]
    assert client.get_group(ordinary.id).name == ordinary.name


def test_bad_input_is_shown_beside_the_field_and_nothing_is_made(
    qtbot: QtBot, client: Client, session: Session
) -> None:
    before = [u.name for u in client.list_users()]
    page = shown_page(qtbot, UsersPage, session, admin_rights(client))
    assert isinstance(page, UsersPage)
    page.open_user(None)
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)

    dialog.password.setText(STRONG)
    dialog.repeat.setText(STRONG)
    press_ok(qtbot, dialog)  # no name
    shown = dialog.errors.shown()
    assert list(shown) == ["name"]
    assert dialog.isVisible()

    dialog.name.setText("weakling")
    dialog.password.setText("abc")
    dialog.repeat.setText("abc")
    press_ok(qtbot, dialog)
    shown = dialog.errors.shown()
    assert list(shown) == ["password"] and "8 characters" in shown["password"]
    grab(dialog, "user_dialog_weak_password.png")

    dialog.password.setText(STRONG)
    dialog.repeat.setText(STRONG + "x")
    press_ok(qtbot, dialog)
    assert dialog.errors.shown() == {"password": "The two passwords are not the same."}

    dialog.repeat.setText(STRONG)
    dialog.mac_binding.setText("not-a-mac")
    press_ok(qtbot, dialog)
    assert list(dialog.errors.shown()) == ["mac_binding"]

    dialog.mac_binding.clear()
    dialog.name.setText("ADMIN")  # names are case-insensitive
    press_ok(qtbot, dialog)
    assert "already exists" in dialog.errors.shown()["name"]
    assert dialog.isVisible()
    dialog.reject()
    assert [u.name for u in client.list_users()] == before


def test_the_admin_account_is_protected(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    # Another administrator tries: the admin cannot delete their own account anyway.
    administrators = next(
        g for g in client.list_groups() if g.kind == accounts_pb2.GROUP_KIND_ADMINISTRATOR
    )
    client.create_user("deputy", STRONG, group_id=administrators.id)
    session = Session()
    deputy = sign_in(server, "deputy", STRONG)
    session.adopt(deputy)
    page = shown_page(qtbot, UsersPage, session, fetch_settings_rights(deputy))
    assert isinstance(page, UsersPage)
    page.select("admin")
    admin = page.selected()
    assert admin is not None and admin.is_admin
    row = column(page.table, 0).index("admin")
    assert column(page.table, 2)[row] == "enabled, protected"

    page.delete_button.click()
    answer_yes(qtbot, page.confirm)
    status = settle(qtbot, page)
    assert status.startswith("Refused: ") and "admin" in status
    page.select("admin")
    page.enable_button.click()
    status = settle(qtbot, page)
    assert status.startswith("Refused: ") and "admin" in status
    stored = client.find_user("admin")
    assert stored.enabled and stored.id == admin.id


def test_edit_reset_the_password_of_and_delete_a_user(
    qtbot: QtBot, server: ServerProcess, client: Client, session: Session
) -> None:
    groups = {g.kind: g for g in client.list_groups()}
    ordinary = groups[accounts_pb2.GROUP_KIND_ORDINARY]
    advanced = groups[accounts_pb2.GROUP_KIND_ADVANCED]
    made = client.create_user("temp1", STRONG, group_id=ordinary.id)
    page = shown_page(qtbot, UsersPage, session, admin_rights(client))
    assert isinstance(page, UsersPage)

    page.select("temp1")
    page.edit_button.click()
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.name.isReadOnly() and dialog.name.text() == "temp1"
    dialog.group.setCurrentIndex(dialog.group.findData(advanced.id))
    dialog.mac_binding.setText("AA-BB-CC-DD-EE-01")
    dialog.note.setText("night shift")
    press_ok(qtbot, dialog)
    assert settle(qtbot, page) == "User temp1 saved"
    stored = client.get_user(made.id)
    assert stored.group_id == advanced.id and stored.note == "night shift"
    assert stored.mac_binding == "aa:bb:cc:dd:ee:01"
    row = column(page.table, 0).index("temp1")
    assert column(page.table, 4)[row] == "aa:bb:cc:dd:ee:01"
    assert column(page.table, 1)[row] == advanced.name
    # Unbound again, so that it may sign in from here below.
    page.select("temp1")
    page.edit_button.click()
    dialog = page.dialog
    assert isinstance(dialog, UserDialog)
    dialog.mac_binding.clear()
    press_ok(qtbot, dialog)
    settle(qtbot, page)
    assert client.get_user(made.id).mac_binding == ""

    page.select("temp1")
    page.password_button.click()
    reset = page.dialog
    assert isinstance(reset, ResetPasswordDialog)
    reset.password.setText("weak")
    reset.repeat.setText("weak")
    press_ok(qtbot, reset)
    assert list(reset.errors.shown()) == ["password"] and reset.isVisible()
    sign_in(server, "temp1", STRONG).close()  # unchanged
    reset.password.setText("Fresh-Start-2027!")
    reset.repeat.setText("Fresh-Start-2027!")
    press_ok(qtbot, reset)
    assert not reset.isVisible()
    assert settle(qtbot, page).startswith("The password of temp1 is changed")
    sign_in(server, "temp1", "Fresh-Start-2027!").close()

    page.select("temp1")
    page.delete_button.click()
    assert page.confirm is not None and "temp1" in page.confirm.text()
    answer_yes(qtbot, page.confirm)
    assert settle(qtbot, page) == "User temp1 deleted"
    assert "temp1" not in [u.name for u in client.list_users()]
    assert "temp1" not in column(page.table, 0)


def test_copy_and_delete_a_group(qtbot: QtBot, client: Client, session: Session) -> None:
    ordinary = next(g for g in client.list_groups() if g.kind == accounts_pb2.GROUP_KIND_ORDINARY)
    page = shown_page(qtbot, GroupsPage, session, admin_rights(client))
    assert isinstance(page, GroupsPage)
    page.select(ordinary.id)
    assert not page.delete_button.isEnabled()  # built-in
    page.copy_button.click()
    dialog = page.dialog
    assert isinstance(dialog, GroupNameDialog)
    dialog.name.setText("Night shift")
    press_ok(qtbot, dialog)
    assert settle(qtbot, page) == "Group Night shift added"
    copy = page.selected()
    assert copy is not None and copy.name == "Night shift"
    assert copy.local_rights == client.get_group(ordinary.id).local_rights
    assert copy.remote_rights == client.get_group(ordinary.id).remote_rights

    # A group with users is not deleted: the server names them.
    client.create_user("nightguard", STRONG, group_id=copy.id)
    page.reload("", copy.id)
    settle(qtbot, page)
    page.delete_button.click()
    answer_yes(qtbot, page.confirm)
    status = settle(qtbot, page)
    assert status.startswith("Refused: ") and "nightguard" in status
    assert client.get_group(copy.id).name == "Night shift"

    client.delete_user(client.find_user("nightguard").id)
    page.select(copy.id)
    page.delete_button.click()
    answer_yes(qtbot, page.confirm)
    assert settle(qtbot, page) == "Group Night shift deleted"
    assert "Night shift" not in [g.name for g in client.list_groups()]


def test_online_users_show_live_streams_and_end_one(
    qtbot: QtBot, server: ServerProcess, client: Client, session: Session
) -> None:
    gate, lobby = sorted(client.list_cameras(), key=lambda c: c.name)
    group = client.create_group("Gate live", remote_rights=make_rights((), {"live": [gate.id]}))
    client.create_user("streamer", STRONG, group_id=group.id)
    with sign_in(server, "streamer", STRONG) as streamer:
        with pytest.raises(PermissionDenied):
            next(streamer.live(lobby.id, stream="sub", timeout_s=60))  # not theirs
        live = streamer.live(gate.id, stream="sub", timeout_s=60)
        assert next(live).WhichOneof("body") == "start"
        page = shown_page(qtbot, SessionsPage, session, admin_rights(client))
        assert isinstance(page, SessionsPage)
        (theirs,) = [s for s in page.sessions if s.username == "streamer"]
        row = page.sessions.index(theirs)
        assert column(page.table, 5)[row] == "1" and column(page.table, 6)[row] == "0"
        grab(page, "sessions_streams.png")
        page.select(theirs.id)
        page.end_button.click()
        answer_yes(qtbot, page.confirm)
        assert settle(qtbot, page) == "The session of streamer has ended"
        with pytest.raises(Unauthenticated):
            for _ in live:
                pass
        with pytest.raises(Unauthenticated):
            streamer.list_cameras()
