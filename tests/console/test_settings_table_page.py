"""The Settings pages' table scaffolding (``settings.table_page``) on its own: a read
that refills the table keeps the operator's selection on the same object (the row
now in its place when it is gone) without signalling a selection change, the
question before a destructive change is kept while open and runs its action only on
Yes, and a dialog opened over the page is kept while open. The pages built on it (Cameras, Volumes,
Disk groups, Users, Permission groups) are tested against a real server in their own
test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from vedette_console.alarm_admin.tables import row_id
from vedette_console.session import Session
from vedette_console.settings.page import SettingsRights
from vedette_console.settings.table_page import TablePage


class FruitsPage(TablePage):
    columns = ("Name", "Colour")


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[FruitsPage]:
    session = Session()
    shown = FruitsPage(session, SettingsRights())
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    session.deleteLater()


FRUITS = [(11, ["apple", "red"]), (12, ["banana", "yellow"]), (13, ["cherry", "red"])]


def names(page: FruitsPage) -> list[str]:
    return [item.text() if (item := page.table.item(r, 0)) else "" for r in range(3)]


def test_the_headers_are_the_columns(page: FruitsPage) -> None:
    table = page.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Name", "Colour"]


def test_a_refill_keeps_the_selected_object_without_a_selection_signal(
    page: FruitsPage,
) -> None:
    page.fill(FRUITS)
    assert page.selected_id() == 11  # nothing was selected: the first row
    page.select_id(13)
    assert page.selected_id() == 13
    signals: list[int] = []
    page.table.itemSelectionChanged.connect(lambda: signals.append(page.selected_id()))

    page.fill([FRUITS[2], FRUITS[0], (12, ["banana", "green"])])

    assert names(page) == ["cherry", "apple", "banana"]
    assert page.selected_id() == 13 and page.table.currentRow() == 0
    assert [row_id(page.table, r) for r in range(3)] == [13, 11, 12]
    item = page.table.item(2, 1)
    assert item is not None and item.text() == "green"
    assert signals == []


def test_a_selected_object_gone_leaves_the_row_in_its_place_and_no_rows_none(
    page: FruitsPage,
) -> None:
    page.fill(FRUITS)
    page.select_id(12)
    page.fill([FRUITS[0], FRUITS[2]])
    assert page.selected_id() == 13 and page.table.currentRow() == 1
    page.fill([])
    assert page.table.rowCount() == 0 and page.selected_id() == 0
    page.select_id(11)  # not listed: nothing happens
    assert page.selected_id() == 0


def test_the_question_runs_its_action_only_on_yes_and_is_forgotten_when_closed(
    qtbot: QtBot, page: FruitsPage
) -> None:
    done: list[str] = []
    for answer in (QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes):
        page.ask("Delete fruit", "Delete the apple?", lambda: done.append("deleted"))
        box = page.confirm
        assert box is not None and box.isVisible() and box.text() == "Delete the apple?"
        assert box.icon() == QMessageBox.Icon.Warning
        button = box.button(answer)
        assert button is not None
        button.click()
        qtbot.waitUntil(lambda: page.confirm is None, timeout=10_000)
    assert done == ["deleted"]


def test_a_dialog_is_kept_while_open_and_accepted_runs_once(qtbot: QtBot, page: FruitsPage) -> None:
    accepted: list[str] = []
    for close in (QDialog.reject, QDialog.accept):
        dialog = QDialog(page)
        page.open_dialog(dialog, lambda: accepted.append("accepted"))
        assert page.dialog is dialog and dialog.isVisible() and dialog.isModal()
        close(dialog)
        qtbot.waitUntil(lambda: page.dialog is None, timeout=10_000)
    assert accepted == ["accepted"]
