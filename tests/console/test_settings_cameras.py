"""The Cameras page of the Settings window against a real server and camsim cameras
(CAM-04, console side): the cameras with the status the server reports (online,
codec, resolution, measured bitrate, recording); disabling a camera and enabling it
again read back from the server; expiry and audio read back; a disk group that
does not exist is refused in the server's words next to the form; deleting
asks first and says that the recordings go with it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.settings_helpers import OPEN, WAIT_MS, grab, loaded, open_window, session_of
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_console.settings.calculator import CalculatorPage
from vedette_console.settings.cameras import CamerasPage

pytestmark = pytest.mark.slow


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
    with running_server(tmp_path_factory.mktemp("settings-cameras")) as process:
        with process.client() as client:
            for number, name in ((1, "Gate"), (2, "Lobby")):
                client.create_camera(
                    name,
                    camsim.url(f"cam{number}", "main"),
                    sub_url=camsim.url(f"cam{number}", "sub"),
                )
        yield process


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    OPEN.clear()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def cameras_page(qtbot: QtBot, server: ServerProcess) -> CamerasPage:
    window = open_window(qtbot, session_of(server.client()))
    page = window.open_page("Cameras", CamerasPage.title)
    assert isinstance(page, CamerasPage)
    qtbot.waitUntil(lambda: loaded(page) and page.table.rowCount() == 2, timeout=WAIT_MS)
    return page


def cell(page: CamerasPage, name: str, column: int) -> str:
    for row in range(page.table.rowCount()):
        first = page.table.item(row, 0)
        if first is not None and first.text() == name:
            item = page.table.item(row, column)
            return item.text() if item is not None else ""
    raise AssertionError(f"no row for {name}")


def test_the_cameras_show_the_status_the_server_reports(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    page = cameras_page(qtbot, server)
    page.session.watch()

    def settled() -> bool:
        page.refresher.refresh()  # measured bitrates are read, not pushed
        return all(
            cell(page, name, 1) == "Online" and cell(page, name, 4) != "—"
            for name in ("Gate", "Lobby")
        )

    qtbot.waitUntil(settled, timeout=WAIT_MS)
    assert cell(page, "Gate", 2) == "H.264"
    assert cell(page, "Gate", 3) == "640×360 / 320×180"
    server_side = next(c for c in client.list_cameras() if c.name == "Gate")
    assert server_side.status.main.bitrate_kbps > 0
    assert cell(page, "Gate", 4).endswith(("kbit/s", "Mbit/s"))
    qtbot.waitUntil(lambda: cell(page, "Gate", 5) == "Yes", timeout=WAIT_MS)
    grab(page.window(), "settings_cameras.png")


def test_disable_and_enable_read_back_from_the_server(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    gate = next(c for c in client.list_cameras() if c.name == "Gate")
    page = cameras_page(qtbot, server)
    page.session.watch()
    page.select_camera(gate.id)
    assert page.enabled.isChecked()
    page.enabled.setChecked(False)
    page.save_button.click()
    qtbot.waitUntil(lambda: not client.get_camera(gate.id).enabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cell(page, "Gate", 1) == "Disabled", timeout=WAIT_MS)
    page.select_camera(gate.id)
    assert not page.enabled.isChecked()
    page.enabled.setChecked(True)
    page.save_button.click()
    qtbot.waitUntil(lambda: client.get_camera(gate.id).enabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cell(page, "Gate", 1) != "Disabled", timeout=WAIT_MS)


def test_expiry_and_audio_read_back(qtbot: QtBot, server: ServerProcess, client: Client) -> None:
    lobby = next(c for c in client.list_cameras() if c.name == "Lobby")
    page = cameras_page(qtbot, server)
    page.select_camera(lobby.id)
    page.expiry.setValue(14)
    page.record_audio.setChecked(False)
    page.save_button.click()
    qtbot.waitUntil(lambda: client.get_camera(lobby.id).expiry_days == 14, timeout=WAIT_MS)
    stored = client.get_camera(lobby.id)
    assert not stored.record_audio and stored.enabled and stored.disk_group == 1
    qtbot.waitUntil(lambda: cell(page, "Lobby", 7) == "14 days", timeout=WAIT_MS)
    assert cell(page, "Lobby", 8) == "Not recorded"
    page.select_camera(lobby.id)
    page.expiry.setValue(0)
    page.record_audio.setChecked(True)
    page.save_button.click()
    qtbot.waitUntil(lambda: client.get_camera(lobby.id).record_audio, timeout=WAIT_MS)
    assert client.get_camera(lobby.id).expiry_days == 0


def test_a_refused_change_is_said_next_to_the_form_and_changes_nothing(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    lobby = next(c for c in client.list_cameras() if c.name == "Lobby")
    page = cameras_page(qtbot, server)
    page.select_camera(lobby.id)
    page.disk_group.setValue(5)  # no such group on this server
    page.expiry.setValue(30)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.form_error.isVisible(), timeout=WAIT_MS)
    assert "disk group 5 does not exist" in page.form_error.text()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    stored = client.get_camera(lobby.id)
    assert stored.disk_group == lobby.disk_group and stored.expiry_days == lobby.expiry_days
    assert page.disk_group.value() == 5  # kept, to be corrected
    grab(page.window(), "settings_cameras_refused.png")


def test_deleting_asks_first_and_says_the_recordings_go(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    page = cameras_page(qtbot, server)
    gate = next(c for c in client.list_cameras() if c.name == "Gate")
    page.select_camera(gate.id)
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.confirm is not None, timeout=WAIT_MS)
    box = page.confirm
    assert box is not None
    assert "all its recordings are deleted" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert cancel is not None
    cancel.click()
    qtbot.waitUntil(lambda: page.confirm is None, timeout=WAIT_MS)
    assert any(c.id == gate.id for c in client.list_cameras())


def test_the_calculator_takes_each_cameras_measured_bitrate_and_an_override(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    qtbot.waitUntil(
        lambda: all(c.status.main.bitrate_kbps > 0 for c in client.list_cameras()),
        timeout=WAIT_MS,
    )
    window = open_window(qtbot, session_of(server.client()))
    page = window.open_page("Storage", CalculatorPage.title)
    assert isinstance(page, CalculatorPage)
    qtbot.waitUntil(lambda: loaded(page) and page.table.rowCount() == 2, timeout=WAIT_MS)
    page.per_camera_button.setChecked(True)
    measured = [page.table.item(row, 1) for row in range(2)]
    assert all(item is not None and item.text() != "—" for item in measured)
    used = [page.table.item(row, 2) for row in range(2)]
    assert [item.text() for item in used if item] == [item.text() for item in measured if item]
    first, second = (used[0], used[1])
    assert first is not None and second is not None
    first.setText("1000")
    second.setText("1000")
    assert "Recorded per day: 21.6 GB" in page.result.text()  # 2 × 1000 kbit/s × 86 400 s
    second.setText("lots")
    assert page.result.text() == "Check the figures: “lots” is not a number"
    second.setText("1000")
    hours = page.table.item(0, 3)
    assert hours is not None
    hours.setText("30")
    assert page.result.text() == "Check the figures: 30 is not between 0 and 24"
