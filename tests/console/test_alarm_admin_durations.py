"""The alarm settings' durations against a real server: the rule dialog's detection
duration (ALARM-03) reads back from ``RuleService`` as set and is refused next to its
field outside 5..120 s; the notification page's popup and buzzer durations (ALARM-07)
read and save the server's settings, and "Test buzzer" sounds the buzzer on the feed
for the saved time."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import alarm_page
from tests.console.test_alarm_admin_rules import body, rules_page, save, stored
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.v1 import alarms_pb2
from vedette_console.alarm_admin.notify_page import NotifyPage
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmNotifyPage

pytestmark = pytest.mark.slow

WAIT_MS = 60_000


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
    dialog.buzzer.setChecked(True)  # its time left at "server setting"
    dialog.message_popup.setChecked(True)
    dialog.message_text.setText("Someone lingers")
    dialog.message_s.setValue(20)
    save(qtbot, dialog)
    written = body(stored(client, "Loitering"))
    assert written["condition"]["min_duration_s"] == 45
    kinds = {a["kind"]: a for a in written["actions"]}
    assert "duration_s" not in kinds["buzzer"]
    assert kinds["message_popup"]["duration_s"] == 20

    again = page.open_rule(stored(client, "Loitering"))
    assert again.min_duration.value() == 45
    assert (again.buzzer_s.value(), again.message_s.value()) == (0, 20)
    again.min_duration.setValue(0)  # "at once"
    save(qtbot, again)
    assert "min_duration_s" not in body(stored(client, "Loitering")).get("condition", {})


def _buzzer_items(client: Client, out: list[alarms_pb2.Buzzer], ready: threading.Event) -> None:
    stream = client.watch_events(items=[alarms_pb2.WATCH_KIND_ALARMS, alarms_pb2.WATCH_KIND_BUZZER])
    try:
        for message in stream:
            if message.HasField("heartbeat") and message.heartbeat.snapshot_done:
                ready.set()
            if message.HasField("buzzer"):
                out.append(message.buzzer)
                return
    finally:
        stream.close()


def test_the_notification_page_sets_the_durations_and_tests_the_buzzer(
    qtbot: QtBot, session: Session, client: Client, server: ServerProcess
) -> None:
    windows: list[QWidget] = []  # kept open through the test
    page = alarm_page(qtbot, session, AlarmNotifyPage, windows)
    assert isinstance(page, NotifyPage)
    tab = page.durations
    qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS)
    assert tab.values() == (30, 30, 10)  # the server's defaults, read

    tab.video_s.setValue(12)
    tab.message_s.setValue(45)
    tab.buzzer_s.setValue(3)
    tab.save()
    qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS)
    stored = client.get_settings().alarm_notifications
    assert (stored.video_popup.seconds, stored.message_popup.seconds, stored.buzzer.seconds) == (
        12,
        45,
        3,
    )

    told: list[alarms_pb2.Buzzer] = []
    ready = threading.Event()
    with server.client() as watcher:
        reader = threading.Thread(target=_buzzer_items, args=(watcher, told, ready), daemon=True)
        reader.start()
        assert ready.wait(WAIT_MS / 1000)
        tab.test_buzzer()
        qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS)
        reader.join(WAIT_MS / 1000)
    (buzzer,) = told
    assert buzzer.on and buzzer.duration.seconds == 3 and buzzer.actor == "admin"
    assert "3 s" in tab.status.text()
