"""The Settings window against a real server (issue 16 §1): an administrator sees
every page group, a page is built and loaded when selected; a user with only live
rights sees none of the administration pages (only those for every user, such as
their own account), and a sentence when there is none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import (
    OPEN,
    WAIT_MS,
    grab,
    loaded,
    open_window,
    session_of,
)
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_console.settings.alarms import AlarmRulesPage
from vedette_console.settings.calculator import CalculatorPage
from vedette_console.settings.cameras import CamerasPage
from vedette_console.settings.pages import GROUPS, available_pages
from vedette_console.settings.storage import DiskGroupsPage, VolumesPage
from vedette_console.settings.window import SettingsWindow

pytestmark = pytest.mark.slow

LIVE_PASSWORD = "Window-Watch-2026!"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-window")) as process:
        yield process


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    OPEN.clear()


def test_an_administrator_sees_every_group_and_a_selected_page_loads(
    qtbot: QtBot, server: ServerProcess
) -> None:
    window = open_window(qtbot, session_of(server.client()))
    assert window.rights is not None
    present = [page for page in available_pages() if page.visible(window.rights)]
    assert window.listed() == present
    for mine in (CamerasPage, VolumesPage, DiskGroupsPage, CalculatorPage, AlarmRulesPage):
        assert mine in present  # the administrator has every area right
    assert window.groups() == [g for g in GROUPS if any(p.group == g for p in present)]
    for group in ("Cameras", "Storage", "Alarms"):
        assert group in window.groups()
    first = window.current_page()  # the first page is selected on opening
    assert first is not None and type(first) is present[0]
    page = window.open_group("Alarms")
    assert isinstance(page, AlarmRulesPage) and window.current_page() is page
    qtbot.waitUntil(lambda: loaded(page), timeout=WAIT_MS)
    # Pages are built once: selecting again shows the same one.
    assert window.open_page("Alarms", AlarmRulesPage.title) is page
    storage = window.open_page("Storage", "Volumes")
    assert isinstance(storage, VolumesPage)
    qtbot.waitUntil(lambda: loaded(storage) and storage.table.rowCount() > 0, timeout=WAIT_MS)
    grab(window, "settings_volumes.png")


def test_a_user_with_only_live_rights_sees_no_settings_page(
    qtbot: QtBot, server: ServerProcess
) -> None:
    with server.client() as admin:
        rights = make_rights((), {"live": "all"})
        group = admin.create_group("live only", remote_rights=rights, local_rights=rights)
        admin.create_user("watcher", LIVE_PASSWORD, group_id=group.id)
    client = Client.connect(
        server.address,
        username="watcher",
        password=LIVE_PASSWORD,
        known_servers_path=server.known_servers,
    )
    window = open_window(qtbot, session_of(client))
    # Only the pages for every signed-in user (their own account, ...), no admin page.
    for_everyone = [page for page in available_pages() if not page.areas]
    assert window.listed() == for_everyone
    assert window.open_group("Cameras") is None and window.open_group("Storage") is None
    # With only the administration pages to offer, the window says there is none.
    admin_only = SettingsWindow(session_of(client))
    qtbot.addWidget(admin_only)
    admin_only.page_classes = [page for page in available_pages() if page.areas]
    admin_only.show()
    admin_only.load()
    qtbot.waitUntil(lambda: admin_only.rights is not None, timeout=WAIT_MS)
    assert admin_only.listed() == []
    assert admin_only.message.text() == "You have no right to see or change any settings."
    assert admin_only.stack.currentWidget() is admin_only.message
    assert admin_only.nav.topLevelItemCount() == 0


def test_the_main_window_opens_settings_and_alarm_settings_on_the_alarms_group(
    qtbot: QtBot, server: ServerProcess
) -> None:
    from tests.console.helpers import shown_window

    window = shown_window(qtbot, session_of(server.client()))
    OPEN.append(window)
    window.settings_action.trigger()
    settings = window.settings_window
    assert settings is not None and settings.isVisible()
    qtbot.waitUntil(lambda: settings.current_page() is not None, timeout=WAIT_MS)
    window.alarm_settings_action.trigger()
    assert window.settings_window is settings  # one window, raised
    page = settings.current_page()
    assert page is not None and page.group == "Alarms"
    window.shutdown()


def test_the_settings_option_opens_the_settings_window_once_signed_in(
    qtbot: QtBot, server: ServerProcess
) -> None:
    from vedette_console.app import Console, parse_args

    console = Console(parse_args(["--server", server.address, "--settings"]))
    qtbot.addWidget(console.window)
    OPEN.append(console.window)
    client = server.client()
    console.session.adopt(client)
    console._connected(client)
    settings = console.window.settings_window
    assert settings is not None and settings.isVisible()
    qtbot.waitUntil(lambda: settings.current_page() is not None, timeout=WAIT_MS)
    console.window.shutdown()
