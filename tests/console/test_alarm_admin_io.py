"""The alarm settings' I/O editor against a real server (issue 15 §4, ALARM-01/06/08):
a virtual device added through ``IoService.AddDevice`` shows with its points; an
output switched on from the editor reads back on through the SDK, then off; a
point edited in its dialog (name, NO/NC, debounce) reads back as edited; a bad
value is refused in the server's words and changes nothing; a removal asks first;
a user without io_control sees no output buttons.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.helpers import review_shot
from tests.console.settings_helpers import alarm_page, open_window
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import io_pb2
from vedette_console.alarm_admin.io_page import IoPage
from vedette_console.operations.rules import AlarmRights
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmIoPage, AlarmStatsPage

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
VIEWER_PASSWORD = "Quiet-Desk-2026!"
CAMERA_PASSWORD = "Relay-Pass-7310"
SHOTS = "/tmp/hF-shots"
_OPEN: list[QWidget] = []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-admin-io")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    _OPEN.clear()


@pytest.fixture
def session(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def grab(widget: QWidget, name: str) -> None:
    review_shot(widget, name, SHOTS)


def io_window(qtbot: QtBot, session: Session) -> IoPage:
    page = alarm_page(qtbot, session, AlarmIoPage, _OPEN)
    assert isinstance(page, IoPage)
    qtbot.waitUntil(lambda: not page.busy and page.devices.rowCount() > 0, timeout=WAIT_MS)
    return page


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def point_of(client: Client, point_id: int) -> io_pb2.IoPoint:
    return next(p for d in client.list_io() for p in d.points if p.id == point_id)


def wait_status(qtbot: QtBot, page: IoPage) -> str:
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page.status.text()


def test_an_output_switched_in_the_editor_reads_back_and_a_point_edit_is_stored(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    device = client.add_virtual_device(input_count=2, output_count=2, name="Gate box")
    output = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_OUTPUT)
    first_input = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_INPUT)
    page = io_window(qtbot, session)
    names = [cell(page.devices, r, 0) for r in range(page.devices.rowCount())]
    assert "Gate box" in names
    page.select_point(output.id)
    assert page.point() is not None and page.point().id == output.id  # type: ignore[union-attr]
    assert page.on_button.isVisible() and page.on_button.isEnabled()

    page.on_button.click()
    assert "is on" in wait_status(qtbot, page)
    assert point_of(client, output.id).active
    # The table follows (refresh after the command, or the periodic one).
    qtbot.waitUntil(
        lambda: cell(page.points, page.points.currentRow(), 2).startswith("on"),
        timeout=WAIT_MS,
    )
    grab(page.window(), "io_editor.png")
    page.off_button.click()
    assert "is off" in wait_status(qtbot, page)
    assert not point_of(client, output.id).active

    # An input edited in its dialog.
    page.select_point(first_input.id)
    page.edit_point_button.click()
    from vedette_console.alarm_admin.io_dialogs import PointDialog

    dialog = page.dialog
    assert isinstance(dialog, PointDialog)
    dialog.name.setText("Gate contact")
    dialog.normal.setCurrentIndex(1)  # normally closed
    dialog.debounce.setValue(250)
    grab(dialog, "io_point_dialog.png")
    dialog.accept()
    assert "saved" in wait_status(qtbot, page)
    stored = point_of(client, first_input.id)
    assert stored.name == "Gate contact"
    assert stored.normal == io_pb2.IO_CONTACT_NORMALLY_CLOSED
    assert stored.debounce_ms == 250


def test_a_refusal_is_shown_in_words_and_a_removal_asks_first(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    device = client.add_virtual_device(input_count=1, output_count=1, name="Spare box")
    taken = client.add_virtual_device(input_count=1, output_count=0, name="Taken name")
    page = io_window(qtbot, session)
    rows = {cell(page.devices, r, 0): r for r in range(page.devices.rowCount())}
    page.devices.selectRow(rows["Spare box"])
    assert page.device() is not None and page.device().id == device.id  # type: ignore[union-attr]

    # A name another device has: refused in the server's words, nothing changed.
    page.edit_device_button.click()
    from vedette_console.alarm_admin.io_dialogs import DeviceDialog

    dialog = page.dialog
    assert isinstance(dialog, DeviceDialog)
    dialog.name.setText(taken.name)
    dialog.accept()
    text = wait_status(qtbot, page)
    assert text.startswith("Refused:") and "Taken name" in text
    assert client.find_device(device.id).name == "Spare box"

    # Remove asks; Cancel keeps it, Yes removes it.
    page.remove_button.click()
    assert page.confirm is not None
    page.confirm.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: page.confirm is None, timeout=WAIT_MS)
    assert any(d.id == device.id for d in client.list_io())
    page.remove_button.click()
    assert page.confirm is not None
    page.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert "removed" in wait_status(qtbot, page)
    assert all(d.id != device.id for d in client.list_io())


def test_without_io_control_no_output_buttons_show(qtbot: QtBot, session: Session) -> None:
    page = IoPage(session, AlarmRights(view=True))
    qtbot.addWidget(page)
    _OPEN.append(page)
    page.show()
    assert not page.on_button.isVisible() and not page.test_button.isVisible()
    assert not page.add_modbus_button.isVisible()


def test_the_main_window_opens_the_alarm_settings(qtbot: QtBot, session: Session) -> None:
    from tests.console.helpers import shown_window

    window = shown_window(qtbot, session)
    _OPEN.append(window)
    window.alarm_settings_action.trigger()  # the Settings window, on its Alarms group
    settings = window.settings_window
    assert settings is not None
    qtbot.waitUntil(lambda: settings.current_page() is not None, timeout=WAIT_MS)
    assert settings.isVisible() and settings.current_page().group == "Alarms"  # type: ignore[union-attr]
    window.shutdown()


def test_a_modbus_box_that_does_not_answer_shows_offline_with_the_reason(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    if not client.list_io():  # io_window waits for a device row
        client.add_virtual_device(input_count=0, output_count=1, name="Placeholder")
    page = io_window(qtbot, session)
    page.add_modbus_button.click()
    from vedette_console.alarm_admin.io_dialogs import DeviceDialog

    dialog = page.dialog
    assert isinstance(dialog, DeviceDialog)
    dialog.name.setText("Silent box")
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(port)
    dialog.inputs.setValue(4)
    dialog.outputs.setValue(2)
    grab(dialog, "io_modbus_dialog.png")
    dialog.accept()
    assert "added" in wait_status(qtbot, page)
    device = client.find_device("Silent box")
    assert device.modbus.port == port and len(device.points) == 6

    def shown_state() -> str:
        rows = {cell(page.devices, r, 0): r for r in range(page.devices.rowCount())}
        return cell(page.devices, rows["Silent box"], 2) if "Silent box" in rows else ""

    qtbot.waitUntil(lambda: shown_state().startswith("offline: "), timeout=WAIT_MS)
    stored = client.find_device("Silent box")
    assert stored.status == io_pb2.IO_DEVICE_STATUS_OFFLINE and stored.detail
    grab(page.window(), "io_offline.png")


def test_a_user_who_may_only_view_alarms_sees_states_and_statistics_only(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    rights = make_rights(("alarm_view",))
    group = client.create_group("alarm viewers", remote_rights=rights, local_rights=rights)
    client.create_user("viewer", VIEWER_PASSWORD, group_id=group.id)
    session = Session()
    session.adopt(
        Client.connect(
            server.address,
            username="viewer",
            password=VIEWER_PASSWORD,
            known_servers_path=server.known_servers,
        )
    )
    window = open_window(qtbot, session, _OPEN)
    alarm_pages = [p for p in window.listed() if p.group == "Alarms"]
    assert alarm_pages == [AlarmIoPage, AlarmStatsPage]
    shown = window.open_page("Alarms", AlarmIoPage.title)
    assert isinstance(shown, AlarmIoPage) and isinstance(shown.inner, IoPage)
    page = shown.inner
    for button in (page.add_modbus_button, page.edit_point_button, page.on_button):
        assert not button.isVisibleTo(page)


def test_an_input_changed_shows_from_the_live_feed(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    device = client.add_virtual_device(input_count=1, output_count=0, name="Feed box")
    (contact,) = device.points
    session.watch()
    qtbot.waitUntil(lambda: session.feed.live, timeout=WAIT_MS)
    page = io_window(qtbot, session)
    page.timer.stop()  # no periodic read: only the feed can show the change
    page.select_point(contact.id)
    qtbot.waitUntil(
        lambda: cell(page.points, page.points.currentRow(), 2) == "idle", timeout=WAIT_MS
    )
    client.set_virtual_input(contact.id, True)
    qtbot.waitUntil(
        lambda: cell(page.points, page.points.currentRow(), 2) == "active", timeout=WAIT_MS
    )
    client.set_virtual_input(contact.id, False)
    qtbot.waitUntil(
        lambda: cell(page.points, page.points.currentRow(), 2) == "idle", timeout=WAIT_MS
    )


def test_a_cameras_onvif_relays_added_from_the_editor(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    camsim = start_onvif_camsim(*SMALL, cameras=1, user="admin", password=CAMERA_PASSWORD)
    try:
        host, port = onvif_cameras(camsim)["cam1"].host_port
        camera = client.add_onvif_camera(
            "Relay cam",
            host,
            port,
            camera_user="admin",
            camera_password=CAMERA_PASSWORD,
            enabled=False,
        )
        if not client.list_io():  # io_window waits for a device row
            client.add_virtual_device(input_count=0, output_count=1, name="Placeholder")
        page = io_window(qtbot, session)
        page.add_relays_button.click()
        from vedette_console.alarm_admin.io_dialogs import RelaysDialog

        dialog = page.dialog
        assert isinstance(dialog, RelaysDialog)
        assert dialog.camera.findData(camera.id) >= 0  # only cameras added over ONVIF
        dialog.camera.setCurrentIndex(dialog.camera.findData(camera.id))
        dialog.name.setText("Door relay")
        dialog.accept()
        assert "added" in wait_status(qtbot, page)
        device = client.find_device("Door relay")
        assert device.kind == io_pb2.IO_DEVICE_KIND_ONVIF
        assert device.onvif.camera_id == camera.id and len(device.points) >= 1
        rows = {cell(page.devices, r, 0): r for r in range(page.devices.rowCount())}
        address = cell(page.devices, rows["Door relay"], 1)
        assert address.startswith("ONVIF relays of camera Relay cam")
    finally:
        camsim.stop()
