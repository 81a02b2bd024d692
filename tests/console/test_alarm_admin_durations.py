"""The alarm settings' durations against a real server: the rule dialog's detection
duration (ALARM-03) reads back from ``RuleService`` as set and is refused next to its
field outside 5..120 s."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.console.test_alarm_admin_rules import body, rules_page, save, stored
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_console.session import Session

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-admin-durations")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture
def session(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def test_the_rule_dialog_sets_a_detection_duration(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = rules_page(qtbot, session)
    dialog = page.open_rule(None)
    dialog.name.setText("Loitering")
    dialog.event_checks["analytics"].setChecked(True)
    dialog.alarm.setChecked(True)
    dialog.min_duration.setValue(3)  # under 5 s: the server says so, by its field
    save(qtbot, dialog)
    assert "min_duration_s" in dialog.errors["events"].text()
    assert "Loitering" not in [r.name for r in client.list_rules()]

    dialog.min_duration.setValue(45)
    save(qtbot, dialog)
    assert body(stored(client, "Loitering"))["condition"]["min_duration_s"] == 45

    again = page.open_rule(stored(client, "Loitering"))
    assert again.min_duration.value() == 45
    again.min_duration.setValue(0)  # "at once"
    save(qtbot, again)
    assert "min_duration_s" not in body(stored(client, "Loitering")).get("condition", {})
