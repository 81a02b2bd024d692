"""The week grid with its tools (REC-05, the manual's 7.3): all, invert, clear, the
presets 24×7, 24×5 and 24×2, copy a day to other days, and hours entered to the
minute. The buttons act on the whole week of the edited layer; a day's own menu
(right click, or the menu key on the focused half hour) acts on that day.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QVBoxLayout, QWidget

from vedette_console.widgets.week_dialogs import CopyDayDialog, TimeRangeDialog
from vedette_console.widgets.week_grid import DAY_NAMES, GridLayer, WeekGrid
from vedette_console.widgets.week_minutes import Preset, WeekMinutes

PRESET_WORDS: dict[Preset, str] = {"24x7": "24×7", "24x5": "24×5", "24x2": "24×2"}


class WeekEditor(QWidget):
    """Signal: ``edited(layer_key)``, as the grid's."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = WeekGrid()
        self.grid.edited.connect(self.edited)
        self.grid.day_menu_requested.connect(self._day_menu)
        self.all_button = QPushButton(self.tr("All"))
        self.all_button.setToolTip(self.tr("Record all week"))
        self.all_button.clicked.connect(lambda: self.grid.change(lambda w: w.fill()))
        self.invert_button = QPushButton(self.tr("Invert"))
        self.invert_button.setToolTip(self.tr("Swap the hours recorded and not recorded"))
        self.invert_button.clicked.connect(lambda: self.grid.change(lambda w: w.invert()))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Record nothing all week"))
        self.clear_button.clicked.connect(lambda: self.grid.change(lambda w: w.clear()))
        self.preset_button = QPushButton(self.tr("Presets"))
        presets = QMenu(self.preset_button)
        #: The presets' menu actions, by preset.
        self.preset_actions: dict[Preset, QAction] = {}
        for preset, words in PRESET_WORDS.items():
            action = presets.addAction(words)
            action.triggered.connect(lambda _=False, p=preset: self.apply_preset(p))
            self.preset_actions[preset] = action
        self.preset_button.setMenu(presets)
        self.copy_button = QPushButton(self.tr("Copy day…"))
        self.copy_button.clicked.connect(lambda: self.open_copy(self.grid.focus_cell[0]))
        self.hours_button = QPushButton(self.tr("Set hours…"))
        self.hours_button.setToolTip(self.tr("Enter a start and an end to the minute"))
        self.hours_button.clicked.connect(lambda: self.open_hours(self.grid.focus_cell[0]))
        #: The dialog open (tests fill it in).
        self.dialog: CopyDayDialog | TimeRangeDialog | None = None
        #: The day's menu open (tests trigger its actions).
        self.menu: QMenu | None = None
        tools = QHBoxLayout()
        for button in self.tool_buttons():
            tools.addWidget(button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.grid)

    def tool_buttons(self) -> list[QPushButton]:
        return [
            self.all_button,
            self.invert_button,
            self.clear_button,
            self.preset_button,
            self.copy_button,
            self.hours_button,
        ]

    def set_layers(self, layers: list[GridLayer], active: str | None = None) -> None:
        self.grid.set_layers(layers, active)
        self._update()

    def set_read_only(self, read_only: bool) -> None:
        self.grid.set_read_only(read_only)
        self._update()

    def _update(self) -> None:
        for button in self.tool_buttons():
            button.setVisible(self.grid.editable())

    def apply_preset(self, preset: Preset) -> None:
        self.grid.change(lambda week: week.apply_preset(preset))

    # -- day tools -------------------------------------------------------------------

    def open_copy(self, day: int) -> CopyDayDialog:
        dialog = CopyDayDialog(day, self)
        dialog.accepted.connect(
            lambda: self.grid.change(
                lambda week: week.copy_day(dialog.source_day(), dialog.targets())
            )
        )
        self._open(dialog)
        return dialog

    def open_hours(self, day: int) -> TimeRangeDialog:
        dialog = TimeRangeDialog(day, self)

        def apply(week: WeekMinutes) -> None:
            choice = dialog.choice()
            for chosen in choice.days:
                week.set_range(chosen, choice.start_minute, choice.end_minute, choice.on)

        dialog.accepted.connect(lambda: self.grid.change(apply))
        self._open(dialog)
        return dialog

    def _open(self, dialog: CopyDayDialog | TimeRangeDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._forget_dialog)
        dialog.open()

    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _day_menu(self, day: int, where: QPoint) -> None:
        if not self.grid.editable():
            return
        name = self.tr(DAY_NAMES[day])
        menu = QMenu(self)
        entries: list[tuple[str, Callable[[], None]]] = [
            (
                self.tr("All of {day}").format(day=name),
                lambda: self._change(lambda w: w.fill([day])),
            ),
            (
                self.tr("Invert {day}").format(day=name),
                lambda: self._change(lambda w: w.invert([day])),
            ),
            (
                self.tr("Clear {day}").format(day=name),
                lambda: self._change(lambda w: w.clear([day])),
            ),
            (self.tr("Copy {day} to…").format(day=name), lambda: self._ignore(self.open_copy(day))),
            (
                self.tr("Set hours of {day}…").format(day=name),
                lambda: self._ignore(self.open_hours(day)),
            ),
        ]
        for words, run in entries:
            menu.addAction(words).triggered.connect(run)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu = menu
        menu.aboutToHide.connect(self._forget_menu)
        menu.popup(where)

    def _forget_menu(self) -> None:
        self.menu = None

    def _change(self, edit: Callable[[WeekMinutes], None]) -> None:
        self.grid.change(edit)

    @staticmethod
    def _ignore(_: object) -> None:
        pass
