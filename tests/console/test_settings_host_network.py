"""System → Host network (NET-05): the form's own checks say what is wrong next to
each field before anything is sent; against a real server without host control the
page shows no form and says why; against a real server run with ``--host-control
systemd`` whose nmcli reaches test_host_network's NetworkManager, the page lists both
NICs and applies a static address after its question, as the kernel then shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.integration.test_host_network import (
    addresses,
    network_manager,  # noqa: F401 (the fixture)
)
from tests.support.server_process import ServerProcess, init_data_dir, start_server
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.session import Session
from vedette_console.settings.host_network import HostNetworkPage, form_errors
from vedette_console.settings.page import SettingsRights, fetch_settings_rights
from vedette_console.settings.pages import available_pages

WAIT_MS = 60_000
STATIC = system_pb2.HOST_ADDRESS_METHOD_STATIC
DHCP = system_pb2.HOST_ADDRESS_METHOD_DHCP


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ((STATIC, "192.0.2.10", "", ""), "interface.address", "prefix length (1 to 30)"),
        ((STATIC, "192.0.2.10/31", "", ""), "interface.address", "prefix length"),
        ((STATIC, "192.0.2.300/24", "", ""), "interface.address", "for example 192.0.2.10/24"),
        ((STATIC, "192.0.2.255/24", "", ""), "interface.address", "broadcast address"),
        ((STATIC, "192.0.2.10/24", "198.51.100.1", ""), "interface.gateway", "of 192.0.2.0/24"),
        ((STATIC, "192.0.2.10/24", "gateway", ""), "interface.gateway", "gateway is not an IPv4"),
        ((DHCP, "", "", "192.0.2.53, ns.example"), "interface.dns_servers", "ns.example is not"),
        ((DHCP, "", "", "192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4"), "interface.dns_servers",
         "At most 3 DNS servers"),
    ],
)  # fmt: skip
def test_the_form_says_what_is_wrong_by_its_field(
    values: tuple[int, str, str, str], field: str, words: str
) -> None:
    found = form_errors(*values)
    assert list(found) == [field]
    assert words in found[field]


def test_values_the_server_takes_pass_the_form() -> None:
    assert form_errors(STATIC, "192.0.2.10/24", "192.0.2.1", "192.0.2.53,192.0.2.54") == {}
    assert form_errors(STATIC, "192.0.2.10/24", "", "") == {}
    assert form_errors(DHCP, "", "", "") == {}


def test_the_page_is_listed_under_system_for_the_system_right_only() -> None:
    [page] = [p for p in available_pages() if p is HostNetworkPage]
    assert (page.group, page.title) == ("System", "Host network")
    assert page.visible(SettingsRights(areas=frozenset({accounts_pb2.AREA_SYSTEM})))
    assert not page.visible(SettingsRights(areas=frozenset({accounts_pb2.AREA_NETWORK})))


def session_on(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def opened(qtbot: QtBot, server: ServerProcess, session: Session) -> HostNetworkPage:
    with server.client() as client:
        page = HostNetworkPage(session, fetch_settings_rights(client))
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return page


def asked(page: HostNetworkPage) -> QMessageBox:
    """The question the page asks now (mypy narrows ``page.question`` for good)."""
    assert page.question is not None
    return page.question


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[Path, list[ServerProcess]]]:
    """Servers a test starts on tmp_path/data, stopped at its end."""
    assert init_data_dir(tmp_path / "data", default_volume=False).returncode == 0
    servers: list[ServerProcess] = []
    yield tmp_path, servers
    for server in servers:
        server.stop()


@pytest.mark.slow
def test_without_host_control_the_page_shows_no_form_and_says_why(
    qtbot: QtBot, started: tuple[Path, list[ServerProcess]]
) -> None:
    directory, servers = started
    servers.append(start_server(directory / "data", directory / "known.json"))
    session = session_on(servers[0])
    try:
        page = opened(qtbot, servers[0], session)
        assert page.form.isHidden() and not page.not_controlled.isHidden()
        assert "does not control the machine" in page.not_controlled.text()
        assert page.status.text() == "" and page.interfaces == {}
    finally:
        session.close()


@pytest.mark.slow
def test_with_networkmanager_the_page_lists_both_nics_and_applies_after_asking(
    qtbot: QtBot,
    network_manager: str,  # noqa: F811
    started: tuple[Path, list[ServerProcess]],
) -> None:
    directory, servers = started
    servers.append(
        start_server(directory / "data", directory / "known.json", "--host-control", "systemd")
    )
    session = session_on(servers[0])
    try:
        page = opened(qtbot, servers[0], session)
        assert not page.form.isHidden()
        assert [page.interface.itemText(i) for i in range(page.interface.count())] == [
            "vd0",
            "vd1",
        ]
        page.interface.setCurrentText("vd1")
        page.method.setCurrentIndex(page.method.findData(STATIC))
        page.address.setText("192.0.2.40")  # no prefix: said, nothing sent
        page.apply_button.click()
        assert "prefix length" in page.errors.shown()["interface.address"]
        assert page.question is None
        page.address.setText("198.51.100.7/25")
        page.apply_button.click()
        qtbot.waitUntil(lambda: page.question is not None, timeout=WAIT_MS)
        question = asked(page)
        assert "may drop" in question.text()
        question.button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: not page.busy and page.question is None, timeout=WAIT_MS)
        assert page.errors.shown() == {}
        assert page.status.text() == "vd1 now has 198.51.100.7/25"
        assert addresses(network_manager, "vd1") == ["198.51.100.7/25"]
        assert page.interfaces["vd1"].configured_here
        assert addresses(network_manager, "vd0") == []  # the other NIC untouched
    finally:
        session.close()
