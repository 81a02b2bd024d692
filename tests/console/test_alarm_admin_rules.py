"""The alarm settings' rules editor against a real server (issue 15 §4, ALARM-03/04):
the built-in rules are listed and marked, cannot be deleted but can be disabled; a
rule made in the edit dialog (a sensor input, an arming schedule, an output pulse,
a buzzer, a message popup, a priority 1 alarm) reads back from ``RuleService`` as
made, an edit and a disable too; the server's refusals are shown next to the field
they name (the name, the N-th action) and store nothing; a rule changed by someone
else meanwhile is read again into the dialog.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from tests.console.settings_helpers import alarm_page
from tests.console.test_alarm_admin_io import grab
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.v1 import io_pb2, rules_pb2
from vedette_console.alarm_admin.rule_dialog import RuleDialog
from vedette_console.alarm_admin.rules_page import RulesPage
from vedette_console.operations import rules as rule_ops
from vedette_console.session import Session
from vedette_console.settings.alarms import AlarmRulesPage

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
_OPEN: list[QWidget] = []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("alarm-admin-rules")) as process:
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


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def rules_page(qtbot: QtBot, session: Session) -> RulesPage:
    page = alarm_page(qtbot, session, AlarmRulesPage, _OPEN)
    assert isinstance(page, RulesPage)
    qtbot.waitUntil(lambda: not page.busy and page.table.rowCount() > 0, timeout=WAIT_MS)
    return page


def stored(client: Client, name: str) -> rules_pb2.Rule:
    return next(r for r in client.list_rules() if r.name == name)


def body(rule: rules_pb2.Rule) -> dict[str, Any]:
    parsed = json.loads(rule.definition_json)
    assert isinstance(parsed, dict)
    return parsed


def save(qtbot: QtBot, dialog: RuleDialog) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)


def test_a_rule_made_in_the_dialog_reads_back_then_edited_and_disabled(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    device = client.add_virtual_device(input_count=1, output_count=1, name="Door box")
    siren = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_OUTPUT)
    contact = next(p for p in device.points if p.kind == io_pb2.IO_POINT_KIND_INPUT)
    schedule = next(s for s in client.list_schedules() if s.name == "24x5")
    page = rules_page(qtbot, session)
    names = [cell(page.table, r, 1) for r in range(page.table.rowCount())]
    assert "Camera offline (built in)" in names

    dialog = page.open_rule(None)
    dialog.name.setText("Door forced")
    dialog.schedule.setCurrentIndex(dialog.schedule.findData(schedule.id))
    dialog.interval.setValue(30)
    dialog.event_checks["sensor"].setChecked(True)
    dialog.any_camera.setChecked(True)
    dialog.any_input.setChecked(False)
    from vedette_console.alarm_admin.pickers import set_checked

    set_checked(dialog.source_inputs, [contact.id])
    dialog.items.setText("Direction=in")
    dialog.outputs.add({"point_id": siren.id, "mode": "pulse", "seconds": 5})
    dialog.buzzer.setChecked(True)
    dialog.buzzer_s.setValue(15)
    dialog.message_popup.setChecked(True)
    dialog.message_text.setText("Door forced: send a guard")
    dialog.alarm.setChecked(True)
    dialog.priority.setCurrentIndex(dialog.priority.findData(1))
    dialog.category.setText("intrusion")
    dialog.instructions.setPlainText("Call the guard")
    dialog.tabs.setCurrentIndex(2)
    grab(dialog, "rule_dialog_alarm.png")
    dialog.tabs.setCurrentIndex(1)
    grab(dialog, "rule_dialog_actions.png")
    dialog.tabs.setCurrentIndex(0)
    grab(dialog, "rule_dialog_events.png")
    save(qtbot, dialog)
    assert dialog.shown_errors() == {}
    qtbot.waitUntil(lambda: not page.busy and page.rule() is not None, timeout=WAIT_MS)

    rule = stored(client, "Door forced")
    made = body(rule)
    assert rule.enabled and rule.arming_schedule_id == schedule.id and not rule.builtin
    assert made["events"] == {"sensor": []}
    assert made["sources"] == {"cameras": "any", "inputs": [contact.id]}
    assert made["interval_s"] == 30
    assert made["condition"] == {"areas": [], "items": {"Direction": "in"}}
    kinds = {a["kind"]: a for a in made["actions"]}
    assert kinds["output"] == {
        "kind": "output",
        "point_id": siren.id,
        "mode": "pulse",
        "seconds": 5.0,
    }
    assert kinds["buzzer"]["duration_s"] == 15
    assert kinds["message_popup"]["text"] == "Door forced: send a guard"
    assert made["alarm"]["priority"] == 1 and made["alarm"]["category"] == "intrusion"
    assert made["alarm"]["instructions"] == "Call the guard"
    row = next(r for r in range(page.table.rowCount()) if cell(page.table, r, 1) == "Door forced")
    assert "Sensor input" in cell(page.table, row, 2) and cell(page.table, row, 3) == "24x5"
    assert "buzzer" in cell(page.table, row, 4) and "alarm P1" in cell(page.table, row, 4)
    grab(page.window(), "rules_list.png")

    # Edited: priority 3, no buzzer; the dialog shows what is stored.
    page.select_rule(rule.id)
    page.edit_button.click()
    assert page.dialog is not None
    dialog = page.dialog
    assert dialog.name.text() == "Door forced"
    assert dialog.buzzer.isChecked() and dialog.outputs.table.rowCount() == 1
    dialog.priority.setCurrentIndex(dialog.priority.findData(3))
    dialog.buzzer.setChecked(False)
    save(qtbot, dialog)
    edited = stored(client, "Door forced")
    assert edited.version == rule.version + 1
    assert body(edited)["alarm"]["priority"] == 3
    assert "buzzer" not in {a["kind"] for a in body(edited)["actions"]}

    # Disabled from the list.
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    page.select_rule(rule.id)
    assert page.enable_button.text() == "Disable"
    page.enable_button.click()
    qtbot.waitUntil(lambda: not stored(client, "Door forced").enabled, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: not page.busy and page.enable_button.text() == "Enable", timeout=WAIT_MS
    )


def test_refusals_show_next_to_their_field_and_store_nothing(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = rules_page(qtbot, session)
    before = len(client.list_rules())
    dialog = page.open_rule(None)
    dialog.name.setText("Trailing space ")
    dialog.event_checks["manual"].setChecked(True)
    dialog.alarm.setChecked(True)
    save(qtbot, dialog)
    errors = dialog.shown_errors()
    assert list(errors) == ["name"] and "white space" in errors["name"]
    assert dialog.isVisible()

    dialog.name.setText("Bad item")
    dialog.items.setText("Direction")
    save(qtbot, dialog)
    assert list(dialog.shown_errors()) == ["events"] and dialog.tabs.currentIndex() == 0
    dialog.items.setText("")

    dialog.name.setText("Empty popup")
    dialog.buzzer.setChecked(True)
    dialog.message_popup.setChecked(True)  # with no text
    save(qtbot, dialog)
    errors = dialog.shown_errors()
    assert list(errors) == ["actions"]
    assert errors["actions"].startswith("message popup: definition.actions[1].text")
    assert dialog.tabs.currentIndex() == 1  # the Actions tab is shown
    grab(dialog, "rule_dialog_refusal.png")
    assert len(client.list_rules()) == before


def test_built_in_rules_cannot_be_deleted_but_can_be_disabled(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    page = rules_page(qtbot, session)
    builtin = stored(client, "Disk full")
    assert builtin.builtin == "disk_full"
    page.select_rule(builtin.id)
    assert not page.delete_button.isEnabled() and page.edit_button.isEnabled()
    page.enable_button.click()
    qtbot.waitUntil(lambda: not stored(client, "Disk full").enabled, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    page.select_rule(builtin.id)
    page.enable_button.click()
    qtbot.waitUntil(lambda: stored(client, "Disk full").enabled, timeout=WAIT_MS)

    # A user rule: Delete asks, Yes deletes.
    made = rule_ops.put_rule(
        client,
        rules_pb2.Rule(
            name="To delete",
            enabled=True,
            definition_json=json.dumps({"events": {"manual": []}, "alarm": {}}),
        ),
        0,
    )
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    page.load(made.id)
    qtbot.waitUntil(lambda: not page.busy and page.rule() is not None, timeout=WAIT_MS)
    assert page.delete_button.isEnabled()
    page.delete_button.click()
    assert page.confirm is not None
    page.confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: all(r.id != made.id for r in client.list_rules()), timeout=WAIT_MS)


def test_a_rule_changed_meanwhile_is_read_again(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    made = rule_ops.put_rule(
        client,
        rules_pb2.Rule(
            name="Shared",
            enabled=True,
            definition_json=json.dumps({"events": {"manual": []}, "alarm": {"category": "old"}}),
        ),
        0,
    )
    page = rules_page(qtbot, session)
    page.select_rule(made.id)
    page.edit_button.click()
    dialog = page.dialog
    assert dialog is not None and dialog.category.text() == "old"
    # Someone else changes it.
    other = rules_pb2.Rule()
    other.CopyFrom(made)
    other.definition_json = json.dumps({"events": {"manual": []}, "alarm": {"category": "theirs"}})
    rule_ops.put_rule(client, other, made.version)
    dialog.category.setText("mine")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: "changed this rule meanwhile" in dialog.status.text(), timeout=WAIT_MS)
    assert dialog.category.text() == "theirs" and dialog.rule.version == made.version + 1
    assert body(stored(client, "Shared"))["alarm"]["category"] == "theirs"


def test_disabling_a_rule_changed_meanwhile_is_refused_and_reloaded(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    definition = json.dumps({"events": {"manual": []}, "alarm": {}})
    made = client.put_rule("Toggled elsewhere", definition).rule
    page = rules_page(qtbot, session)
    page.select_rule(made.id)
    client.put_rule("Toggled elsewhere", definition, rule_id=made.id, expected_version=made.version)
    page.enable_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.text().startswith("Refused: ")
    stored = client.get_rule(made.id)
    assert stored.enabled and stored.version == made.version + 1
    current = page.rule()
    assert current is not None and current.version == stored.version  # read again
