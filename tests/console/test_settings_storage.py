"""The Storage pages of the Settings window against a real server (DISK-01..03,
DISK-06): a fresh folder added as a volume, initialised after the confirmation,
reads back read-write from the server; a bad path shows the server's reason next
to the field and adds nothing; a disk group's overwrite and reserve read back; the
calculator counts the days that fit on the volumes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import OPEN, WAIT_MS, grab, loaded, open_window, session_of
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.v1 import storage_pb2
from vedette_console.settings.calculator import CalculatorPage
from vedette_console.settings.storage import INITIALISABLE, DiskGroupsPage, VolumesPage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("settings-storage")) as process:
        yield process


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    OPEN.clear()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def volumes_page(qtbot: QtBot, server: ServerProcess) -> VolumesPage:
    window = open_window(qtbot, session_of(server.client()))
    page = window.open_page("Storage", VolumesPage.title)
    assert isinstance(page, VolumesPage)
    qtbot.waitUntil(lambda: loaded(page) and page.table.rowCount() > 0, timeout=WAIT_MS)
    return page


def answer(qtbot: QtBot, page: VolumesPage, expected: list[str]) -> None:
    """Check the open question says ``expected`` and answer Yes."""
    qtbot.waitUntil(lambda: page.confirm is not None, timeout=WAIT_MS)
    box = page.confirm
    assert box is not None
    for words in expected:
        assert words in box.text()
    button = box.button(QMessageBox.StandardButton.Yes)
    assert button is not None
    button.click()


def test_a_fresh_volume_is_added_and_initialised_after_the_confirmation(
    qtbot: QtBot, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    folder = tmp_path / "disk2"
    folder.mkdir()
    page = volumes_page(qtbot, server)
    page.path.setText(str(folder))
    page.add_button.click()
    qtbot.waitUntil(lambda: any(v.path == str(folder) for v in page.volumes()), timeout=WAIT_MS)
    added = next(v for v in client.list_volumes() if v.path == str(folder))
    assert added.state == storage_pb2.VOLUME_STATE_NONE
    page.select_volume(added.id)
    assert page.init_button.isEnabled()
    page.init_button.click()
    answer(qtbot, page, [str(folder), "files already in the folder are not touched"])

    def state() -> int:
        return next(v.state for v in client.list_volumes() if v.id == added.id)

    qtbot.waitUntil(lambda: state() == storage_pb2.VOLUME_STATE_READ_WRITE, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            (v := page.volume(added.id)) is not None
            and v.state == storage_pb2.VOLUME_STATE_READ_WRITE
        ),
        timeout=WAIT_MS,
    )
    assert (folder / "vedette" / "volume.json").is_file()
    assert page.status.text() == "1 volume initialised"
    assert not page.progress.isVisible()
    assert not page.init_button.isEnabled()  # this server's already
    grab(page.window(), "settings_volume_initialised.png")


@pytest.mark.parametrize("bad", ["relative/disk", "/no/such/folder/anywhere"])
def test_a_bad_volume_path_shows_the_servers_reason_and_adds_nothing(
    qtbot: QtBot, server: ServerProcess, client: Client, bad: str
) -> None:
    before = [v.path for v in client.list_volumes()]
    page = volumes_page(qtbot, server)
    page.path.setText(bad)
    page.add_button.click()
    qtbot.waitUntil(lambda: page.path_error.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    reason = page.path_error.text()
    assert reason and "path" in reason.lower()
    assert page.status.text() == ""  # said once, next to the field
    assert page.path.text() == bad  # kept, to be corrected
    assert [v.path for v in client.list_volumes()] == before


def test_an_empty_path_is_refused_before_asking_the_server(
    qtbot: QtBot, server: ServerProcess
) -> None:
    page = volumes_page(qtbot, server)
    page.add_button.click()
    assert page.path_error.text() == "Enter the folder's absolute path on the server."


def test_a_disk_groups_overwrite_and_reserve_read_back(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    window = open_window(qtbot, session_of(server.client()))
    page = window.open_page("Storage", DiskGroupsPage.title)
    assert isinstance(page, DiskGroupsPage)
    qtbot.waitUntil(lambda: loaded(page) and page.table.rowCount() > 0, timeout=WAIT_MS)
    assert page.selected_id() == 1
    page.name.setText("Internal disks")
    page.overwrite.setChecked(False)
    page.reserve.setValue(2.5)
    page.save_button.click()

    def group() -> storage_pb2.DiskGroup:
        return next(g for g in client.list_disk_groups() if g.id == 1)

    qtbot.waitUntil(lambda: group().name == "Internal disks", timeout=WAIT_MS)
    assert not group().overwrite and group().reserve_bytes == 2_500_000_000
    qtbot.waitUntil(lambda: page.status.text() == "Disk group 1 saved", timeout=WAIT_MS)
    grab(window, "settings_disk_groups.png")
    page.name.setText("x" * 65)  # longer than the field allows: cut, not refused
    assert len(page.name.text()) == 64


def test_the_calculator_counts_the_days_that_fit_on_the_volumes(
    qtbot: QtBot, server: ServerProcess, client: Client
) -> None:
    window = open_window(qtbot, session_of(server.client()))
    page = window.open_page("Storage", CalculatorPage.title)
    assert isinstance(page, CalculatorPage)
    qtbot.waitUntil(lambda: loaded(page) and page.snapshot.volumes is not None, timeout=WAIT_MS)
    page.channels.setValue(4)
    page.bitrate.setValue(2000)
    page.hours.setValue(24)
    page.days.setValue(10)
    text = page.result.text()
    assert "Recorded per day: 86.4 GB" in text  # 4 × 2000 kbit/s × 86 400 s
    assert "For 10 days: 864.0 GB of recordings, on disks of at least 960.0 GB" in text
    assert "The current volumes" in text and "hold about" in text
    grab(window, "settings_calculator.png")


def test_a_volume_added_elsewhere_shows_from_the_change_feed(
    qtbot: QtBot, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    page = volumes_page(qtbot, server)
    page.session.watch()
    qtbot.waitUntil(lambda: page.session.feed.live, timeout=WAIT_MS)
    folder = tmp_path / "disk3"
    folder.mkdir()
    added = client.add_volume(str(folder))  # another client: only the feed can tell
    qtbot.waitUntil(lambda: page.volume(added.id) is not None, timeout=WAIT_MS)
    assert page.volume(added.id).path == str(folder)  # type: ignore[union-attr]


def test_initialise_all_does_each_volume_that_needs_it_and_remove_forgets_one(
    qtbot: QtBot, server: ServerProcess, client: Client, tmp_path: Path
) -> None:
    folders = [tmp_path / "bay1", tmp_path / "bay2"]
    added = []
    for folder in folders:
        folder.mkdir()
        added.append(client.add_volume(str(folder)))
    # These two, and any an earlier test added without initialising.
    todo = [v.id for v in client.list_volumes() if v.state in INITIALISABLE]
    assert {v.id for v in added} <= set(todo)
    page = volumes_page(qtbot, server)
    qtbot.waitUntil(lambda: all(page.volume(v.id) is not None for v in added), timeout=WAIT_MS)
    assert page.init_all_button.isEnabled()
    page.init_all_button.click()
    answer(qtbot, page, [f"Initialise {len(todo)} volumes?"])
    assert page.progress.isVisible() and page.progress.maximum() == len(todo)

    def states() -> list[int]:
        by_id = {v.id: v.state for v in client.list_volumes()}
        return [by_id[volume_id] for volume_id in todo]

    qtbot.waitUntil(
        lambda: page.status.text() == f"{len(todo)} volumes initialised", timeout=WAIT_MS
    )
    assert states() == [storage_pb2.VOLUME_STATE_READ_WRITE] * len(todo)
    assert not page.progress.isVisible()
    # The page reads the volumes again: none left to initialise.
    qtbot.waitUntil(lambda: not page.init_all_button.isEnabled(), timeout=WAIT_MS)

    # Removing asks first and says the files stay; the server refuses a volume that
    # records, in its words, and keeps it.
    page.select_volume(added[0].id)
    page.remove_button.click()
    answer(qtbot, page, ["their files stay on the disk"])
    qtbot.waitUntil(lambda: page.status.text().startswith("Refused: "), timeout=WAIT_MS)
    assert "recording" in page.status.text()
    assert any(v.id == added[0].id for v in client.list_volumes())
