"""The System pages' log and maintenance against a real server: the system log finds
by its text the settings change the operator just made, and plays an entry's camera
from its time; a configuration saved to a file, previewed and imported after the
confirmation brings the exported settings back; a wrong passphrase or admin password
is refused next to its field and changes nothing; a delayed restart can be
cancelled."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess, running_server
from vedette_api.client.accounts import make_rights
from vedette_api.errors import NotFound
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import system_pb2
from vedette_console.session import Session
from vedette_console.settings.general import GeneralPage
from vedette_console.settings.maintenance import MaintenancePage
from vedette_console.settings.page import SettingsPage, fetch_settings_rights
from vedette_console.settings.system_log import SystemLogPage

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
PASSPHRASE = "Lantern-Keeper-88"
SHOTS = os.environ.get("VEDETTE_SHOTS", "")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-maintenance")) as process:
        yield process


def opened(qtbot: QtBot, page: SettingsPage) -> SettingsPage:
    qtbot.addWidget(page)
    page.resize(1000, 680)
    page.show()
    page.load()
    idle(qtbot, page)
    return page


def idle(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)


def shot(page: SettingsPage, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.grab().save(str(Path(SHOTS) / name))


def device_name(server: ServerProcess) -> str:
    with server.client() as client:
        return client.get_settings().general.device_name


def answer(qtbot: QtBot, page: MaintenancePage, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: page.question is not None, timeout=WAIT_MS)
    box = page.question
    assert box is not None
    box.button(button).click()
    qtbot.waitUntil(lambda: page.question is None, timeout=WAIT_MS)


def test_the_log_finds_a_settings_change_by_its_text_and_plays_a_camera_entry(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    with server.client() as client:
        rights = fetch_settings_rights(client)
        camera = client.create_camera("Porch", "rtsp://127.0.0.1:9/none")
    general = opened(qtbot, GeneralPage(session, rights))
    assert isinstance(general, GeneralPage)
    general.device_name.setText("Lighthouse-42")
    general.save()
    idle(qtbot, general)
    assert device_name(server) == "Lighthouse-42"

    page = opened(qtbot, SystemLogPage(session, rights))
    assert isinstance(page, SystemLogPage)
    assert page.entries  # the last day, every type
    page.text.setText("lighthouse-42")  # case-insensitive, in the change's details
    page.search()
    idle(qtbot, page)
    assert page.entries and all("lighthouse-42" in _words(e) for e in page.entries)
    assert "settings.update" in [e.action for e in page.entries]
    assert page.table.rowCount() == len(page.entries)
    shot(page, "system_log.png")

    page.text.setText("no such text anywhere 7d1c")
    page.search()
    idle(qtbot, page)
    assert page.entries == [] and page.table.rowCount() == 0

    page.text.setText("Porch")
    page.search()
    idle(qtbot, page)
    rows = [i for i, e in enumerate(page.entries) if e.camera_id == camera.id]
    assert rows, [e.action for e in page.entries]
    assert not page.play_button.isEnabled()  # nothing selected yet
    camera_cell = page.table.item(rows[0], 5)
    assert camera_cell is not None and camera_cell.text() == "Porch"
    page.table.selectRow(rows[0])
    assert page.play_button.isEnabled()
    with qtbot.waitSignal(page.open_playback, timeout=WAIT_MS) as played:
        page.play_button.click()
    entry = page.entries[rows[0]]
    assert played.args == [camera.id, us_from_timestamp(entry.time)]


def previewed(page: MaintenancePage) -> bool:
    return page.preview is not None


def _items(page: MaintenancePage) -> list[QTreeWidgetItem]:
    found = (page.changes.topLevelItem(i) for i in range(page.changes.topLevelItemCount()))
    return [item for item in found if item is not None]


def _words(entry: system_pb2.LogEntry) -> str:
    return " ".join(
        (entry.message, entry.action, entry.username, entry.peer, entry.detail_json)
    ).lower()


def test_the_log_pages_through_older_entries_without_gaps_or_repeats(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    with server.client() as client:
        rights = fetch_settings_rights(client)
        for n in range(7):
            client.update_settings(
                system_pb2.Settings(general=system_pb2.GeneralSettings(device_name=f"Pager-{n}")),
                ["general.device_name"],
            )
        expected = [e.id for e in client.search_logs(text="pager-")]
    assert len(expected) == 7
    page = SystemLogPage(session, rights)
    page.page_size = 3
    page.text.setText("pager-")
    opened(qtbot, page)
    pages = [len(page.entries)]
    while page.more_button.isEnabled():
        page.more_button.click()
        idle(qtbot, page)
        pages.append(len(page.entries))
    assert pages == [3, 6, 7]
    assert [e.id for e in page.entries] == expected  # newest first, each once
    assert page.count.text() == "7 entries"


def test_a_configuration_round_trip_through_a_file_with_a_preview(
    qtbot: QtBot, server: ServerProcess, session: Session, tmp_path: Path
) -> None:
    with server.client() as client:
        rights = fetch_settings_rights(client)
        client.update_settings(
            system_pb2.Settings(general=system_pb2.GeneralSettings(device_name="Before export")),
            ["general.device_name"],
        )
    page = opened(qtbot, MaintenancePage(session, rights))
    assert isinstance(page, MaintenancePage)
    backup = tmp_path / "site.vcfg"

    page.export_passphrase.setText("short")  # said by the field, nothing asked
    page.export_to(backup)
    assert "passphrase" in page.errors.shown() and not backup.exists()

    page.export_passphrase.setText(PASSPHRASE)
    page.export_to(backup)
    idle(qtbot, page)
    assert backup.stat().st_size > 0 and str(backup) in page.status.text()

    with server.client() as client:
        client.update_settings(
            system_pb2.Settings(general=system_pb2.GeneralSettings(device_name="After export")),
            ["general.device_name"],
        )

    page.import_passphrase.setText("Not-The-Passphrase")
    page.preview_file(backup)
    idle(qtbot, page)
    assert "passphrase" in page.errors.shown()["data"]
    assert not previewed(page) and not page.import_button.isEnabled()

    page.import_passphrase.setText(PASSPHRASE)
    page.preview_file(backup)
    idle(qtbot, page)
    assert previewed(page) and page.import_button.isEnabled()
    shown = [item.text(0) for item in _items(page)]
    assert any(line.startswith("change setting general") for line in shown), shown
    assert device_name(server) == "After export"  # a preview changes nothing
    shot(page, "maintenance.png")

    page.import_button.click()
    answer(qtbot, page, QMessageBox.StandardButton.Cancel)
    assert device_name(server) == "After export"

    page.import_button.click()
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    idle(qtbot, page)
    assert device_name(server) == "Before export"
    assert "imported" in page.status.text() and not previewed(page)


def test_a_wrong_admin_password_resets_nothing_and_a_restart_can_be_cancelled(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    with server.client() as client:
        rights = fetch_settings_rights(client)
        before = client.get_settings().general.device_name
    page = opened(qtbot, MaintenancePage(session, rights))
    assert isinstance(page, MaintenancePage)
    page.admin_password.setText("not-the-admin-password")
    page.reset_button.click()
    qtbot.waitUntil(lambda: page.question is not None, timeout=WAIT_MS)
    assert page.question is not None and "only admin stays" in page.question.text()
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    idle(qtbot, page)
    assert "wrong" in page.errors.shown()["admin_password"]
    assert device_name(server) == before

    assert not page.cancel_button.isEnabled()
    page.delay.setValue(3600)
    page.restart_button.click()
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    idle(qtbot, page)
    assert page.power_at_us > 0 and page.cancel_button.isEnabled()
    assert page.power_state.text().startswith("Restart at")
    page.cancel_button.click()
    idle(qtbot, page)
    assert page.power_at_us == 0 and page.status.text() == "Cancelled"
    with server.client() as client, pytest.raises(NotFound):
        client.cancel_power_action()  # nothing is pending any more


def test_log_out_ends_the_session_and_says_so(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    with server.client() as admin:
        rights = fetch_settings_rights(admin)
        page = opened(qtbot, MaintenancePage(session, rights))
        assert isinstance(page, MaintenancePage)
        open_before = admin.get_system_info().sessions
        with qtbot.waitSignal(session.signed_out, timeout=WAIT_MS) as ended:
            page.logout_button.click()
        assert ended.args == ["You logged out."]
        assert session.client is None
        # The server closed the console's session (Logout), not only the console.
        qtbot.waitUntil(
            lambda: admin.get_system_info().sessions == open_before - 1, timeout=WAIT_MS
        )


def test_play_video_in_the_log_opens_the_main_window_s_playback_there(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    with server.client() as client:
        camera = client.create_camera("Yard", "rtsp://127.0.0.1:9/yard")
    window = shown_window(qtbot, session)
    settings = window.open_settings("System")
    assert settings is not None
    qtbot.waitUntil(lambda: settings.rights is not None, timeout=WAIT_MS)
    page = settings.open_page("System", "System log")
    assert isinstance(page, SystemLogPage)
    page.text.setText("Yard")
    page.search()
    idle(qtbot, page)
    row = next(i for i, e in enumerate(page.entries) if e.camera_id == camera.id)
    page.table.selectRow(row)
    page.play_button.click()
    assert window.current_view() == "Playback"
    assert window.playback.camera_ids == [camera.id]
    settings.close()


def test_a_factory_reset_after_the_question_restores_the_defaults(
    qtbot: QtBot, server: ServerProcess, session: Session
) -> None:
    """The last test of the module: the server is back to its defaults after it."""
    with server.client() as client:
        rights = fetch_settings_rights(client)
        group = client.create_group("doomed", remote_rights=make_rights(("logs",)))
        client.create_user("doomed", "Brief-Tenant-2026!", group_id=group.id)
    page = opened(qtbot, MaintenancePage(session, rights))
    assert isinstance(page, MaintenancePage)
    page.admin_password.setText(ADMIN_PASSWORD)
    page.reset_button.click()
    answer(qtbot, page, QMessageBox.StandardButton.Cancel)
    assert device_name(server) != "Vedette"  # asked, not done

    page.reset_button.click()
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    idle(qtbot, page)
    assert page.errors.shown() == {}, page.status.text()
    assert "factory settings" in page.status.text()
    with server.client() as client:  # admin keeps its password
        assert client.get_settings().general.device_name == "Vedette"
        assert [u.name for u in client.list_users()] == ["admin"]
