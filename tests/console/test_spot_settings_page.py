"""Settings → Display → Displays against a real server: it offers only shared views
and tours, saves the main and secondary displays' choices and the logged-out
cameras and reads them back; a view no longer shared when saved is refused beside
its field and nothing changes; the page needs the system right."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import grab
from tests.support.server_process import ServerProcess, running_server
from vedette_api.v1 import accounts_pb2
from vedette_console.session import Session
from vedette_console.settings.display import DisplayPage
from vedette_console.settings.page import SettingsRights, fetch_settings_rights

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-display")) as process:
        yield process


def idle(qtbot: QtBot, page: DisplayPage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)


def box_ids(page: DisplayPage, name: str) -> list[int]:
    box = page.boxes[name]
    return [int(box.itemData(i)) for i in range(box.count())]


def test_the_display_page_saves_shared_choices_and_logged_out_cameras(
    qtbot: QtBot, server: ServerProcess
) -> None:
    with server.client() as admin:
        gate, door, yard = (
            admin.create_camera(name, f"rtsp://127.0.0.1:9/{name}", enabled=False).id
            for name in ("Gate", "Door", "Yard")
        )
        wall = admin.save_view("Wall", 4, [(0, gate), (1, door)], shared=True)
        desk = admin.save_view("Desk", 1, [(0, yard)])
        rounds = admin.save_tour("Rounds", [(wall.id, 10)], shared=True)
        admin.save_tour("Mine", [(desk.id, 10)])
        rights = fetch_settings_rights(admin)
    session = Session()
    session.adopt(server.client())
    page = DisplayPage(session, rights)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.load()
    idle(qtbot, page)
    assert box_ids(page, "spot_view_id") == [0, wall.id]  # none, then the shared view
    assert box_ids(page, "main_tour_id") == [0, rounds.id]
    assert page.cameras.count() == 3 and page.logged_out_cameras() == []

    page.boxes["spot_view_id"].setCurrentIndex(1)
    page.boxes["main_tour_id"].setCurrentIndex(1)
    for row in range(page.cameras.count()):
        item = page.cameras.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in (gate, yard):
            item.setCheckState(Qt.CheckState.Checked)
    assert "2 cameras" in page.camera_count.text()
    page.save()
    idle(qtbot, page)
    assert page.errors.shown() == {} and page.status.text() == "Saved"
    with server.client() as admin:
        display = admin.get_settings().display
        assert (display.spot_view_id, display.main_tour_id) == (wall.id, rounds.id)
        assert sorted(display.logged_out_cameras) == sorted([gate, yard])
        # Meanwhile the wall view stops being shared.
        admin.save_view("Wall", 4, [(0, gate)], view_id=wall.id, shared=False)
    grab(page, "display_page.png")

    page.boxes["main_view_id"].setCurrentIndex(1)  # the wall view, as the page knew it
    page.save()
    idle(qtbot, page)
    shown = page.errors.shown()
    assert "not shared" in shown.get("display.main_view_id", ""), shown
    with server.client() as admin:
        assert admin.get_settings().display.main_view_id == 0  # nothing changed
    session.close()

    assert DisplayPage.visible(rights)
    live_only = SettingsRights(areas=frozenset({accounts_pb2.AREA_ACCOUNTS}))
    assert not DisplayPage.visible(live_only)
