"""The System settings pages against a real server: General saves the device name
(and the rest) and reads it back, refusing an empty name next to its field; a new
time zone moves the playback timeline's day boundary; the ports refuse a clash next
to the field and change nothing, and a good change says it waits for a restart; the
interfaces' rates are plotted from repeated reads; a user without the system right
sees only the system information of the System pages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.timestamps import US_PER_S, now_us
from vedette_api.v1 import system_pb2
from vedette_console.session import Session
from vedette_console.settings.date_time import DateTimePage
from vedette_console.settings.general import GeneralPage
from vedette_console.settings.maintenance import MaintenancePage
from vedette_console.settings.network import NetworkPage
from vedette_console.settings.page import SettingsPage, SettingsRights, fetch_settings_rights
from vedette_console.settings.system_info import SystemInfoPage
from vedette_console.settings.system_log import SystemLogPage
from vedette_console.views.playback import PlaybackView

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
DAY_US = 86_400 * US_PER_S
USER_PASSWORD = "Quiet-Harbour-2026!"
SYSTEM_PAGES: tuple[type[SettingsPage], ...] = (
    GeneralPage,
    DateTimePage,
    NetworkPage,
    SystemInfoPage,
    SystemLogPage,
    MaintenancePage,
)
#: Where screenshots go when asked (VEDETTE_SHOTS=dir).
SHOTS = os.environ.get("VEDETTE_SHOTS", "")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-system")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def opened(qtbot: QtBot, page: SettingsPage, size: tuple[int, int] = (900, 640)) -> SettingsPage:
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page


def idle(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)


def shot(page: SettingsPage, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.grab().save(str(Path(SHOTS) / name))


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def admin_rights(client: Client) -> SettingsRights:
    return fetch_settings_rights(client)


def test_general_saves_the_device_name_and_reads_it_back(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = opened(qtbot, GeneralPage(session, admin_rights(client)))
    assert isinstance(page, GeneralPage)
    assert page.status.text() == ""
    assert page.device_name.text() == client.get_settings().general.device_name
    users = [page.auto_login.itemData(i) for i in range(page.auto_login.count())]
    assert users[0] == "" and "admin" in users  # nobody, then the users to choose

    page.device_name.setText("   ")  # blank: the server's reason, by the field
    page.save()
    idle(qtbot, page)
    assert "general.device_name" in page.errors.shown()
    assert client.get_settings().general.device_name == "Vedette"

    page.device_name.setText("Gate house")
    page.device_number.setValue(7)
    page.auto_logout.setValue(15)
    page.auto_login.setCurrentIndex(page.auto_login.findData("admin"))
    page.show_wizard.setChecked(True)
    page.save()
    idle(qtbot, page)
    assert page.errors.shown() == {}
    general = client.get_settings().general
    assert (general.device_name, general.device_number) == ("Gate house", 7)
    assert general.auto_logout.seconds == 15 * 60
    assert (general.auto_login_user, general.show_wizard) == ("admin", True)
    shot(page, "general.png")

    again = opened(qtbot, GeneralPage(session, admin_rights(client)))
    assert isinstance(again, GeneralPage)
    assert again.device_name.text() == "Gate house" and again.device_number.value() == 7
    assert again.auto_login_user() == "admin" and again.show_wizard.isChecked()
    again.save()  # nothing changed: nothing sent
    idle(qtbot, again)
    assert again.status.text() == "Nothing changed"


def midnights(view: PlaybackView) -> list[int]:
    """The timeline's ticks that fall on a midnight of its display zone."""
    display = view.timeline.display
    return [t for t, _ in view.timeline.ticks() if display.fields(t)[3:6] == (0, 0, 0)]


def test_a_new_time_zone_moves_the_timeline_day_boundary(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    client.update_settings(_zone("UTC"), ["date_time.time_zone"])
    session.watch()  # follows the server's settings through the change feed
    view = PlaybackView(session, lambda text: None)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitUntil(lambda: view.timeline.display.zone_name == "UTC", timeout=WAIT_MS)
    day = (now_us() // DAY_US) * DAY_US
    view.timeline.set_range(day - DAY_US // 2, day + DAY_US + DAY_US // 2)
    before = midnights(view)
    assert before and all(t % DAY_US == 0 for t in before)

    page = opened(qtbot, DateTimePage(session, admin_rights(client)))
    assert isinstance(page, DateTimePage)
    assert page.zone.currentText() == "UTC"
    page.zone.setCurrentText("Asia/Tokyo")
    assert page.offset.text().startswith("UTC+09:00")
    page.save()
    idle(qtbot, page)
    assert client.get_settings().date_time.time_zone == "Asia/Tokyo"
    if not page.saved.applied_to_host:  # type: ignore[union-attr]
        assert "only choose" in page.host_note.text()
        assert not page.set_clock.isEnabled()
    shot(page, "date_time.png")

    qtbot.waitUntil(lambda: view.timeline.display.zone_name == "Asia/Tokyo", timeout=WAIT_MS)
    view.timeline.set_range(day - DAY_US // 2, day + DAY_US + DAY_US // 2)
    after = midnights(view)
    nine_hours = 9 * 3600 * US_PER_S
    assert after and all((t + nine_hours) % DAY_US == 0 for t in after)
    assert set(after).isdisjoint(before)

    page.zone.setCurrentText("Mars/Olympus_Mons")  # not a zone: refused by its field
    page.save()
    idle(qtbot, page)
    assert "date_time.time_zone" in page.errors.shown()
    assert client.get_settings().date_time.time_zone == "Asia/Tokyo"


def _zone(name: str) -> system_pb2.Settings:
    return system_pb2.Settings(date_time=system_pb2.DateTimeSettings(time_zone=name))


def test_ports_refuse_a_clash_by_the_field_and_interfaces_are_plotted(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = opened(qtbot, NetworkPage(session, admin_rights(client)))
    assert isinstance(page, NetworkPage)
    stored = client.get_settings().network
    assert page.server_port.value() == stored.server_port

    page.rtsp_port.setValue(page.server_port.value())  # one port for two services
    page.save()
    idle(qtbot, page)
    assert page.errors.shown(), page.status.text()
    (field, reason), *_ = page.errors.shown().items()
    assert field in ("network", "network.rtsp_port") and str(stored.server_port) in reason
    assert client.get_settings().network == stored

    page.rtsp_port.setValue(18_554 if stored.rtsp_port != 18_554 else 18_555)
    page.save()
    idle(qtbot, page)
    assert page.restart_required
    assert "restarts" in page.status.text()
    assert client.get_settings().network.rtsp_port == page.rtsp_port.value()

    # The loopback interface is listed with its address; each read adds a sample.
    qtbot.waitUntil(lambda: page.interfaces.rowCount() > 0, timeout=WAIT_MS)
    names = [cell(page.interfaces, r, 0) for r in range(page.interfaces.rowCount())]
    assert "lo" in names
    row = names.index("lo")
    assert "127.0.0.1/8" in cell(page.interfaces, row, 1)
    page.interfaces.selectRow(row)
    qtbot.waitUntil(lambda: len(page.samples.get("lo", ())) >= 1, timeout=WAIT_MS)
    first = len(page.samples["lo"])

    def read_again() -> bool:
        page.read_interfaces()
        return len(page.samples["lo"]) > first

    qtbot.waitUntil(read_again, timeout=WAIT_MS)
    assert page.selected_interface() == "lo"
    assert len(page.plot.samples) == len(page.samples["lo"]) >= 2
    times = [t for t, _, _ in page.plot.samples]
    assert times == sorted(times) and len(set(times)) == len(times)
    shot(page, "network.png")


def test_system_information_shows_the_server(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = opened(qtbot, SystemInfoPage(session, admin_rights(client)))
    assert isinstance(page, SystemInfoPage)
    info = client.get_server_info()
    assert page.values["server_id"].text() == info.server_id
    assert page.values["version"].text() == info.version
    assert page.values["host"].text() not in ("", "—")
    assert "1 volume" in page.values["volumes"].text()
    assert page.values["sessions"].text().isdigit()
    # The server's clock in the server's zone, though this session never read it.
    assert f"{client.get_settings().date_time.time_zone} (UTC" in page.values["clock"].text()
    shot(page, "system_info.png")


def test_without_the_system_right_only_system_information_shows(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    rights = make_rights((), {"live": "all"})
    group = client.create_group("watch only", remote_rights=rights, local_rights=rights)
    client.create_user("watcher", USER_PASSWORD, group_id=group.id)
    with Client.connect(
        server.address,
        username="watcher",
        password=USER_PASSWORD,
        known_servers_path=server.known_servers,
    ) as watcher:
        seen = fetch_settings_rights(watcher)
        assert [p for p in SYSTEM_PAGES if p.visible(seen)] == [SystemInfoPage]
        session = Session()
        session.adopt(
            Client.connect(
                server.address,
                username="watcher",
                password=USER_PASSWORD,
                known_servers_path=server.known_servers,
            )
        )
        try:
            page = opened(qtbot, SystemInfoPage(session, seen))
            assert isinstance(page, SystemInfoPage)
            assert page.values["version"].text() == watcher.get_server_info().version
            # What describes the host is for those who administer it.
            assert page.values["host"].text() == "—" and page.values["sessions"].text() == "—"
        finally:
            session.close()
    admin = admin_rights(client)
    assert all(p.visible(admin) for p in SYSTEM_PAGES)


def test_without_the_accounts_right_the_auto_login_user_is_typed(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    rights = make_rights(("system",))
    group = client.create_group("system only", remote_rights=rights, local_rights=rights)
    client.create_user("keeper", USER_PASSWORD, group_id=group.id)
    client.update_settings(
        system_pb2.Settings(general=system_pb2.GeneralSettings(auto_login_user="admin")),
        ["general.auto_login_user"],
    )
    session = Session()
    session.adopt(
        Client.connect(
            server.address,
            username="keeper",
            password=USER_PASSWORD,
            known_servers_path=server.known_servers,
        )
    )
    try:
        assert session.client is not None
        page = opened(qtbot, GeneralPage(session, fetch_settings_rights(session.client)))
        assert isinstance(page, GeneralPage)
        assert page.auto_login.isEditable() and page.auto_login_user() == "admin"
        page.auto_login.setEditText("nobody-by-that-name")  # the server checks the name
        page.save()
        idle(qtbot, page)
        assert "general.auto_login_user" in page.errors.shown()
        assert client.get_settings().general.auto_login_user == "admin"
        page.auto_login.setEditText("")  # nobody: the console asks
        page.save()
        idle(qtbot, page)
        assert client.get_settings().general.auto_login_user == ""
    finally:
        session.close()
