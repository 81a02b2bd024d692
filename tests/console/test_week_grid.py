"""The week schedule grid and its tools (REC-05, the manual's 7.3), offscreen: a mouse
drag sets exactly the half hours under it, a press on a full half hour erases, the
keyboard draws the same, all / invert / clear / presets / copy a day / hours to the
minute change the edited week as the manual says, partial half hours are painted to
the minute, and a read-only grid cannot be changed.

The grid against a real server (a schedule drawn, saved and read back) is in
test_recording_tab.py.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from tests.console.helpers import gray
from vedette_console.widgets.week_dialogs import CopyDayDialog, TimeRangeDialog, ok_button
from vedette_console.widgets.week_editor import WeekEditor
from vedette_console.widgets.week_grid import GridLayer, WeekGrid
from vedette_console.widgets.week_minutes import CELLS, DAY_MINUTES, WeekMinutes

SHOTS = "/tmp/shots"
MOTION = QColor(227, 197, 58)
NORMAL = QColor(61, 127, 224)
FULL = [(0, DAY_MINUTES)]


@pytest.fixture
def editor(qtbot: QtBot) -> WeekEditor:
    editor = WeekEditor()
    qtbot.addWidget(editor)
    editor.set_layers([GridLayer("motion", "Motion", MOTION, WeekMinutes())], "motion")
    editor.resize(900, 260)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def centre(grid: WeekGrid, day: int, cell: int) -> QPoint:
    return grid.cell_rect(day, cell).center().toPoint()


def drag(qtbot: QtBot, grid: WeekGrid, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press on ``start`` (day, half hour), move through the row to ``end``, release."""
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=centre(grid, *start))
    qtbot.mouseMove(grid, centre(grid, start[0], (start[1] + end[1]) // 2))
    qtbot.mouseMove(grid, centre(grid, *end))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=centre(grid, *end))


def week(editor: WeekEditor) -> WeekMinutes:
    found = editor.grid.active_week()
    assert found is not None
    return found


def test_a_drag_sets_exactly_the_half_hours_under_it(qtbot: QtBot, editor: WeekEditor) -> None:
    grid = editor.grid
    edits: list[str] = []
    grid.edited.connect(edits.append)
    # Tuesday 08:00 to 11:30 (half hours 16..22, the last one included).
    drag(qtbot, grid, (1, 16), (1, 22))
    assert week(editor).ranges() == [[], [(480, 690)], [], [], [], [], []]
    assert edits and set(edits) == {"motion"}
    # A rectangle over three days: Wednesday..Friday 20:00–21:00.
    drag(qtbot, grid, (2, 40), (4, 41))
    assert week(editor).ranges()[2:5] == [[(1200, 1260)]] * 3
    assert week(editor).ranges()[1] == [(480, 690)]  # the earlier stroke stays


def test_a_press_on_a_full_half_hour_erases_and_dragging_back_restores(
    qtbot: QtBot, editor: WeekEditor
) -> None:
    grid = editor.grid
    drag(qtbot, grid, (0, 0), (0, 9))  # Monday 00:00–05:00
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=centre(grid, 0, 4))
    qtbot.mouseMove(grid, centre(grid, 0, 20))  # erasing runs past the drawn part
    assert week(editor).day_ranges(0) == [(0, 120)]
    qtbot.mouseMove(grid, centre(grid, 0, 6))  # back: only 02:00–03:30 erased
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=centre(grid, 0, 6))
    assert week(editor).day_ranges(0) == [(0, 120), (210, 300)]


def test_a_drag_out_of_the_grid_stops_at_its_edge(qtbot: QtBot, editor: WeekEditor) -> None:
    grid = editor.grid
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=centre(grid, 6, 44))
    qtbot.mouseMove(grid, QPoint(grid.width() + 50, grid.height() + 50))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=QPoint(grid.width() - 1, 5))
    assert week(editor).ranges() == [[], [], [], [], [], [], [(1320, 1440)]]
    # A press beside the cells (on a day's name) does nothing.
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=QPoint(3, centre(grid, 0, 0).y()))
    assert week(editor).ranges()[0] == []


def test_the_keyboard_draws_and_erases_like_the_mouse(qtbot: QtBot, editor: WeekEditor) -> None:
    grid = editor.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # Tuesday
    for _ in range(18):
        qtbot.keyClick(grid, Qt.Key.Key_Right)  # 09:00
    assert grid.focus_cell == (1, 18)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    for _ in range(3):
        qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert week(editor).day_ranges(1) == [(540, 660)]
    assert "Tuesday 10:30–11:00" in grid.accessibleDescription()
    qtbot.keyClick(grid, Qt.Key.Key_Left)  # ends the stroke
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # 10:00 was on: erased
    assert week(editor).day_ranges(1) == [(540, 600), (630, 660)]
    qtbot.keyClick(grid, Qt.Key.Key_End)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert week(editor).day_ranges(1)[-1] == (1410, 1440)


def test_all_invert_clear_and_presets_act_on_the_whole_week(editor: WeekEditor) -> None:
    week(editor).set_range(0, 480, 1080, True)  # Monday 08:00–18:00
    editor.invert_button.click()
    assert week(editor).ranges() == [[(0, 480), (1080, 1440)]] + [FULL] * 6
    editor.clear_button.click()
    assert week(editor).ranges() == [[]] * 7
    editor.all_button.click()
    assert week(editor).ranges() == [FULL] * 7
    editor.preset_actions["24x5"].trigger()
    assert week(editor).ranges() == [FULL] * 5 + [[]] * 2
    editor.preset_actions["24x2"].trigger()
    assert week(editor).ranges() == [[]] * 5 + [FULL] * 2
    editor.preset_actions["24x7"].trigger()
    assert week(editor).ranges() == [FULL] * 7


def test_a_days_menu_acts_on_that_day_only(qtbot: QtBot, editor: WeekEditor) -> None:
    grid = editor.grid
    grid.focus_cell = (3, 10)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Menu)
    assert editor.menu is not None
    actions = {action.text(): action for action in editor.menu.actions()}
    assert set(actions) >= {"All of Thursday", "Invert Thursday", "Clear Thursday"}
    actions["All of Thursday"].trigger()
    editor.menu.close()
    assert week(editor).ranges() == [[], [], [], FULL, [], [], []]
    grid.day_menu_requested.emit(3, QPoint(0, 0))
    assert editor.menu is not None
    next(a for a in editor.menu.actions() if a.text() == "Invert Thursday").trigger()
    editor.menu.close()
    assert week(editor).ranges() == [[]] * 7


def test_copy_a_day_to_the_days_ticked(qtbot: QtBot, editor: WeekEditor) -> None:
    week(editor).set_range(2, 420, 1170, True)  # Wednesday 07:00–19:30
    week(editor).set_range(5, 0, 60, True)  # Saturday, overwritten by the copy
    editor.grid.focus_cell = (2, 0)
    editor.copy_button.click()
    dialog = editor.dialog
    assert isinstance(dialog, CopyDayDialog)
    assert dialog.source_day() == 2
    assert not dialog.days.boxes[2].isEnabled()  # not onto itself
    assert not ok_button(dialog).isEnabled()  # no day ticked yet
    for day in (0, 5, 6):
        dialog.days.boxes[day].setChecked(True)
    ok_button(dialog).click()
    assert editor.dialog is None
    copied = [(420, 1170)]
    assert week(editor).ranges() == [copied, [], copied, [], [], copied, copied]


def test_every_day_in_the_copy_dialog_ticks_all_but_the_source(editor: WeekEditor) -> None:
    week(editor).set_range(6, 0, 30, True)
    dialog = editor.open_copy(6)
    dialog.days.every_day.click()
    assert dialog.targets() == [0, 1, 2, 3, 4, 5]
    dialog.reject()
    assert week(editor).ranges() == [[]] * 6 + [[(0, 30)]]  # cancelled: unchanged


def test_hours_to_the_minute_on_several_days_and_shown_as_partial_half_hours(
    qtbot: QtBot, editor: WeekEditor
) -> None:
    editor.grid.focus_cell = (0, 0)
    editor.hours_button.click()
    dialog = editor.dialog
    assert isinstance(dialog, TimeRangeDialog)
    assert dialog.days.chosen() == [0]  # the focused day, to start with
    dialog.start.setTime(QTime(7, 45))
    dialog.end.setTime(QTime(18, 10))
    dialog.days.boxes[3].setChecked(True)
    ok_button(dialog).click()
    expected = [(465, 1090)]
    assert week(editor).ranges() == [expected, [], [], expected, [], [], []]
    assert week(editor).cell_state(0, 15) == "partial"  # 07:30–08:00 holds 07:45–08:00
    assert week(editor).cell_ranges(0, 36) == [(1080, 1090)]
    words = editor.grid.cell_words(0, 15)
    assert "Motion: on 07:45–08:00" in words

    # To midnight (00:00 as an end), then a part taken off with "do not record".
    dialog = editor.open_hours(3)
    dialog.set_range(1200, 1440)
    assert dialog.end.text() == "24:00"
    ok_button(dialog).click()
    dialog = editor.open_hours(3)
    dialog.set_range(1201, 1259)
    dialog.stop.setChecked(True)
    ok_button(dialog).click()
    assert week(editor).day_ranges(3) == [(465, 1090), (1200, 1201), (1259, 1440)]


def test_an_end_before_the_start_or_no_day_is_said_and_cannot_be_applied(
    editor: WeekEditor,
) -> None:
    dialog = editor.open_hours(1)
    dialog.set_range(600, 540)
    assert not ok_button(dialog).isEnabled()
    assert "end must come after the start" in dialog.problem.text()
    dialog.set_range(540, 600)
    assert ok_button(dialog).isEnabled() and dialog.problem.text() == ""
    dialog.days.boxes[1].setChecked(False)
    assert not ok_button(dialog).isEnabled() and "at least one day" in dialog.problem.text()
    dialog.reject()
    assert week(editor).on_minutes() == 0


def test_partial_half_hours_are_painted_to_the_minute(qtbot: QtBot, editor: WeekEditor) -> None:
    grid = editor.grid
    week(editor).set_range(0, 600, 615, True)  # 10:00–10:15: the left half of a cell
    grid.update()
    image = grid.grab().toImage()
    rect = grid.cell_rect(0, 20)
    y = int(rect.center().y())
    left = image.pixelColor(int(rect.left() + rect.width() * 0.25), y)
    right = image.pixelColor(int(rect.left() + rect.width() * 0.75), y)
    assert left == MOTION
    assert right != MOTION
    levels = gray(image)
    assert levels.shape[1] == image.width() and np.ptp(levels) > 0


def test_several_layers_each_in_its_colour_and_only_the_edited_one_changes(
    qtbot: QtBot, editor: WeekEditor
) -> None:
    normal = WeekMinutes.from_ranges([FULL] * 5 + [[]] * 2)
    motion = WeekMinutes.from_ranges([[]] * 5 + [FULL] * 2)
    editor.set_layers(
        [
            GridLayer("normal", "Normal", NORMAL, normal),
            GridLayer("motion", "Motion", MOTION, motion),
        ],
        "motion",
    )
    grid = editor.grid
    drag(qtbot, grid, (0, 0), (0, 1))
    assert grid.layer("normal").week == normal  # not the one edited
    assert grid.layer("motion").week.day_ranges(0) == [(0, 60)]
    assert "Normal: on" in grid.cell_words(0, 0) and "Motion: on" in grid.cell_words(0, 0)
    os.makedirs(SHOTS, exist_ok=True)
    editor.resize(900, 330)
    editor.grab().save(f"{SHOTS}/week_grid_layers.png")


def test_a_read_only_grid_offers_no_tools_and_ignores_the_mouse_and_keys(
    qtbot: QtBot, editor: WeekEditor
) -> None:
    editor.set_read_only(True)
    assert not any(button.isVisible() for button in editor.tool_buttons())
    grid = editor.grid
    drag(qtbot, grid, (0, 0), (0, CELLS - 1))
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    grid.change(lambda w: w.fill())
    assert week(editor).on_minutes() == 0
