"""System → Maintenance offers restarting and shutting down the appliance (SYS-11)
only on a server that controls its host, and asks that server for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.server_process import ServerProcess, running_server
from vedette_api.errors import NotFound
from vedette_console.session import Session
from vedette_console.settings.maintenance import MaintenancePage
from vedette_console.settings.page import fetch_settings_rights

pytestmark = pytest.mark.slow

WAIT_MS = 60_000


@contextmanager
def opened(qtbot: QtBot, server: ServerProcess) -> Iterator[MaintenancePage]:
    session = Session()
    session.adopt(server.client())
    with server.client() as client:
        rights = fetch_settings_rights(client)
    page = MaintenancePage(session, rights)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    try:
        yield page
    finally:
        session.close()


def test_an_appliance_restart_is_asked_of_the_server_and_can_be_cancelled(
    qtbot: QtBot, tmp_path: Path
) -> None:
    calls = tmp_path / "host.json"
    appliance = ("--host-control", f"record:{calls}")
    with running_server(tmp_path, *appliance) as server, opened(qtbot, server) as page:
        assert page.host_row.isVisible()
        page.delay.setValue(3600)
        page.host_restart_button.click()
        qtbot.waitUntil(lambda: page.question is not None, timeout=WAIT_MS)
        assert page.question is not None
        assert "appliance restarts in 3600 s" in page.question.text()
        page.question.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: page.power_at_us > 0, timeout=WAIT_MS)
        with server.client() as client:
            entries = client.search_logs(text="of the machine", limit=10)
            assert [e.action for e in entries] == ["restart"]
        page.cancel_button.click()
        qtbot.waitUntil(lambda: page.power_at_us == 0, timeout=WAIT_MS)
        with server.client() as client, pytest.raises(NotFound):
            client.cancel_power_action()
    assert not calls.exists(), "the cancelled restart never reached the machine"


def test_a_server_that_does_not_control_its_host_shows_no_appliance_buttons(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with running_server(tmp_path) as server, opened(qtbot, server) as page:
        assert not page.host_row.isVisible()
        assert page.restart_button.isVisible()
