"""System → Upgrade against a real server that takes upgrades: listed only for users
with the system right; a bundle older than the running version is refused with the
reason in words and nothing is handed over; a good one is uploaded with the bar
moving, accepted and shown waiting for the machine; what the host's service then
writes (installing with its progress, installed) is shown as it happens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import OPEN, WAIT_MS, grab, open_window, session_of
from tests.support.server_process import ServerProcess, init_data_dir, start_server
from tests.support.upgrade_bundles import make_bundle, newer_version, skip_without_dpkg, write_keys
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.timestamps import now_us
from vedette_api.v1 import accounts_pb2
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights, fetch_settings_rights
from vedette_console.settings.upgrade import UpgradePage
from vedette_server.upgrade.handoff import UpgradeDir, UpgradeState, write_result

pytestmark = pytest.mark.slow
PASSWORD = "Quiet-Harbour-77!"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    skip_without_dpkg()
    tmp = tmp_path_factory.mktemp("settings-upgrade")
    assert init_data_dir(tmp / "data", default_volume=False).returncode == 0
    keys = write_keys(tmp / "keys")
    process = start_server(tmp / "data", tmp / "known.json", "--upgrade-keys", str(keys))
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def session(server: ServerProcess) -> Iterator[Session]:
    session = session_of(server.client())
    yield session
    OPEN.clear()
    session.close()


def test_the_page_is_listed_only_with_the_system_right(server: ServerProcess) -> None:
    assert UpgradePage.visible(SettingsRights(areas=frozenset({accounts_pb2.AREA_SYSTEM})))
    assert not UpgradePage.visible(SettingsRights(areas=frozenset({accounts_pb2.AREA_CAMERAS})))
    with server.client() as admin:
        group = admin.create_group("upgrade-no", remote_rights=make_rights(["cameras"], {}))
        admin.create_user("camop", PASSWORD, group_id=group.id)
        assert UpgradePage.visible(fetch_settings_rights(admin))
    with Client.connect(
        server.address, username="camop", password=PASSWORD, known_servers_path=server.known_servers
    ) as camop:
        assert not UpgradePage.visible(fetch_settings_rights(camop))


def test_a_refused_bundle_says_why_and_a_good_one_is_followed_until_installed(
    qtbot: QtBot, server: ServerProcess, session: Session, tmp_path: Path
) -> None:
    window = open_window(qtbot, session)
    page = window.open_page("System", "Upgrade")
    assert isinstance(page, UpgradePage)
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: page.upgrade is not None and not page.busy, timeout=WAIT_MS)
    assert page.state.text() == "No upgrade yet"
    assert page.running.text() and page.choose_button.isEnabled()

    page.upload_file(make_bundle(tmp_path / "old", version="0.0.1"))
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    running = page.running.text()
    assert page.verdict.text() == (
        f"Refused: The bundle's version 0.0.1 is not newer than the running {running}."
    )
    handoff = UpgradeDir(server.data / "upgrade")
    assert not handoff.request.exists() and not handoff.bundle.exists()
    assert page.upload_bar.isHidden()
    grab(window, "upgrade_refused.png")

    sent: list[int] = []
    page.upload_bar.valueChanged.connect(sent.append)
    page.upload_file(make_bundle(tmp_path / "good", padding_bytes=3 * 1024 * 1024))
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    version = newer_version()
    assert page.verdict.text() == (
        f"Accepted: version {version} is verified and handed to the machine."
    )
    assert sent and sent[-1] == 100  # the bar followed the chunks to the end
    assert page.state.text() == (
        f"Version {version} verified; waiting for the machine to install it"
    )
    assert not page.choose_button.isEnabled()  # one upgrade at a time
    assert handoff.request.exists()
    grab(window, "upgrade_pending.png")

    # The host's service takes the request and says where it is (its files, as
    # vedette_server.upgrade.apply writes them); the page reads them again by itself.
    handoff.request.rename(handoff.claimed)
    write_result(
        handoff,
        UpgradeState("installing", version, "installing the packages", 30, now_us()),
    )
    qtbot.waitUntil(lambda: page.install_bar.isVisible(), timeout=WAIT_MS)
    assert page.state.text() == f"Installing version {version}: installing the packages"
    assert page.install_bar.value() == 30
    grab(window, "upgrade_installing.png")
    handoff.claimed.unlink()
    write_result(
        handoff, UpgradeState("succeeded", version, f"version {version} installed", 100, 2)
    )
    qtbot.waitUntil(lambda: page.state.text() == f"Version {version} installed", timeout=WAIT_MS)
    assert page.install_bar.isHidden() and page.choose_button.isEnabled()
