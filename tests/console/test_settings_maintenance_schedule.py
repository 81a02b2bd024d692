"""The Maintenance page's scheduled restart (SYS-08) against a real server: off at
first, saved as "every N days at HH:00", stored on the server, and the next restart
shown in the console's date format is the one the server plans; a page opened later
shows what is stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.support.server_process import ServerProcess, running_server
from vedette_api.timestamps import us_from_timestamp
from vedette_console.session import Session
from vedette_console.settings.maintenance import MaintenancePage
from vedette_console.settings.page import fetch_settings_rights

pytestmark = pytest.mark.slow

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("maintenance-schedule")) as process:
        yield process


def opened(qtbot: QtBot, server: ServerProcess, session: Session) -> MaintenancePage:
    with server.client() as client:
        page = MaintenancePage(session, fetch_settings_rights(client))
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page


def test_the_schedule_is_saved_and_the_next_restart_is_the_server_s(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    page = opened(qtbot, server, session)
    assert (page.every_days.value(), page.restart_hour.value()) == (0, 3)
    assert page.every_days.text() == "0 (off)"
    assert page.next_restart.text() == "No maintenance restart is scheduled."

    page.every_days.setValue(2)
    page.restart_hour.setValue(5)
    page.schedule_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.text() == "Schedule saved"
    with server.client() as client:
        stored = client.get_settings().maintenance
    assert (stored.restart_every_days, stored.restart_hour) == (2, 5)
    planned = session.settings.display.date_time(us_from_timestamp(stored.next_restart_time))
    assert page.next_restart.text() == f"Next maintenance restart: {planned}"
    assert page.restart_hour.text() == "5:00"

    again = opened(qtbot, server, session)
    assert (again.every_days.value(), again.restart_hour.value()) == (2, 5)
    assert again.next_restart.text() == page.next_restart.text()

    again.every_days.setValue(0)
    again.schedule_button.click()
    qtbot.waitUntil(lambda: not again.busy, timeout=WAIT_MS)
    assert again.next_restart.text() == "No maintenance restart is scheduled."
    with server.client() as client:
        assert not client.get_settings().maintenance.HasField("next_restart_time")
