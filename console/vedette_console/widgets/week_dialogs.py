"""The week grid's two small dialogs (REC-05, the manual's 7.3): copy one day to other
days, and set a range of hours and minutes on or off on chosen days.

Both are window-modal and opened with ``open()`` (never ``exec``): the caller
connects ``accepted`` and reads the choice back (``targets()``, ``choice()``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from vedette_console.widgets.week_grid import DAY_NAMES
from vedette_console.widgets.week_minutes import DAY_MINUTES, DAYS


class DayChecks(QWidget):
    """Seven day check boxes (two columns) with "every day"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes = [QCheckBox(self.tr_day(day)) for day in range(DAYS)]
        for day, box in enumerate(self.boxes):
            grid.addWidget(box, day % 4, day // 4)
            box.toggled.connect(self._update_all)
        self.every_day = QCheckBox(self.tr("Every day"))
        self.every_day.clicked.connect(self._set_all)
        grid.addWidget(self.every_day, 3, 1)

    @staticmethod
    def tr_day(day: int) -> str:
        return QCoreApplication.translate("WeekGrid", DAY_NAMES[day])

    def chosen(self) -> list[int]:
        return [day for day, box in enumerate(self.boxes) if box.isChecked() and box.isEnabled()]

    def set_chosen(self, days: list[int]) -> None:
        for day, box in enumerate(self.boxes):
            box.setChecked(day in days)

    def _set_all(self, on: bool) -> None:
        for box in self.boxes:
            if box.isEnabled():
                box.setChecked(on)

    def _update_all(self) -> None:
        enabled = [box for box in self.boxes if box.isEnabled()]
        self.every_day.setChecked(all(box.isChecked() for box in enabled))


class CopyDayDialog(QDialog):
    """Copy one day's ranges to the days ticked."""

    def __init__(self, source: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Copy a day"))
        self.source = QComboBox()
        for day in range(DAYS):
            self.source.addItem(DayChecks.tr_day(day), day)
        self.source.setCurrentIndex(source)
        self.days = DayChecks()
        self.source.currentIndexChanged.connect(self._source_changed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Copy"), self.source)
        form.addRow(self.tr("To"), self.days)
        form.addRow(self.buttons)
        for box in self.days.boxes:
            box.toggled.connect(self._update_ok)
        self._source_changed()

    def source_day(self) -> int:
        return int(self.source.currentData())

    def targets(self) -> list[int]:
        return self.days.chosen()

    def _source_changed(self) -> None:
        source = self.source_day()
        for day, box in enumerate(self.days.boxes):
            box.setEnabled(day != source)
            if day == source:
                box.setChecked(False)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.targets()))


@dataclass(frozen=True)
class TimeRangeChoice:
    days: list[int]
    start_minute: int
    end_minute: int
    on: bool


def minute_of(time: QTime) -> int:
    return time.hour() * 60 + time.minute()


class TimeRangeDialog(QDialog):
    """From HH:MM to HH:MM (any minute; an end of 00:00 is midnight, shown 24:00), on
    or off, on the days ticked."""

    def __init__(self, day: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set hours"))
        self.start = QTimeEdit(QTime(8, 0))
        self.start.setDisplayFormat("HH:mm")
        self.end = QTimeEdit(QTime(18, 0))
        self.end.setDisplayFormat("HH:mm")
        # The end's lowest value is the day's end: a range may run to midnight.
        self.end.setSpecialValueText("24:00")
        self.record = QRadioButton(self.tr("Record"))
        self.record.setChecked(True)
        self.stop = QRadioButton(self.tr("Do not record"))
        self.days = DayChecks()
        self.days.set_chosen([day])
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #eb645a;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        modes = QVBoxLayout()
        modes.addWidget(self.record)
        modes.addWidget(self.stop)
        form = QFormLayout(self)
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        form.addRow("", modes)
        form.addRow(self.tr("Days"), self.days)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.start.timeChanged.connect(self._update)
        self.end.timeChanged.connect(self._update)
        for box in self.days.boxes:
            box.toggled.connect(self._update)
        self._update()

    def set_range(self, start_minute: int, end_minute: int) -> None:
        """Set both times (an end of 1440 is midnight)."""
        self.start.setTime(QTime(start_minute // 60, start_minute % 60))
        end = end_minute % DAY_MINUTES
        self.end.setTime(QTime(end // 60, end % 60))

    def choice(self) -> TimeRangeChoice:
        end = minute_of(self.end.time()) or DAY_MINUTES
        return TimeRangeChoice(
            self.days.chosen(), minute_of(self.start.time()), end, self.record.isChecked()
        )

    def _update(self) -> None:
        choice = self.choice()
        problem = ""
        if choice.end_minute <= choice.start_minute:
            problem = self.tr("The end must come after the start (00:00 as an end is midnight)")
        elif not choice.days:
            problem = self.tr("Tick at least one day")
        self.problem.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)


def ok_button(dialog: CopyDayDialog | TimeRangeDialog) -> QPushButton:
    """The dialog's OK (tests click it)."""
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
