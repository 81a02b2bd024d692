"""``CruiseEditor``: one cruise's number, name and steps (PTZ-03): each step a preset,
how long to stay (dwell) and how fast to go there; add, remove, move up and down.
The server runs the cruise; this only edits what it stores (``PutCruise``).
Signal: ``saved(number, name, steps)`` with a list of ``operations.ptz.CruiseStep``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import ptz_pb2
from vedette_console.operations.ptz import MAX_CRUISE_STEPS, MAX_CRUISES, CruiseStep

#: Dwell bounds (the server takes 0 < dwell <= 1 h) and the default.
MIN_DWELL_S = 1.0
MAX_DWELL_S = 3600.0
DEFAULT_DWELL_S = 10.0


class CruiseEditor(QDialog):
    saved = Signal(int, str, list)

    def __init__(
        self,
        parent: QWidget,
        presets: list[ptz_pb2.PtzPreset],
        *,
        number: int,
        name: str = "",
        steps: list[CruiseStep] | None = None,
        fixed_number: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cruise {number}").format(number=number))
        self.resize(460, 380)
        self.presets = sorted(presets, key=lambda p: p.number)
        self.number = QSpinBox()
        self.number.setRange(1, MAX_CRUISES)
        self.number.setValue(number)
        self.number.setEnabled(not fixed_number)
        self.name = QLineEdit(name)
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("Cruise {number}").format(number=number))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Preset"), self.tr("Dwell (s)"), self.tr("Speed (%)")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(True)
        self.add_button = QPushButton(self.tr("Add step"))
        self.add_button.clicked.connect(lambda: self.add_step())
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.problem = QLabel()
        self.problem.setObjectName("muted")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Name"), self.name)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for step in steps or []:
            self.add_step(step)
        if not self.presets:
            self.problem.setText(self.tr("Save presets first: a cruise visits presets."))
        self._update()

    # -- steps -------------------------------------------------------------------------------

    def add_step(self, step: CruiseStep | None = None) -> None:
        if self.table.rowCount() >= MAX_CRUISE_STEPS or not self.presets:
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        preset = QComboBox()
        for p in self.presets:
            preset.addItem(f"{p.number} · {p.name}", p.number)
        if step is not None:
            index = preset.findData(step.preset)
            if index < 0:  # a preset deleted since: kept, shown by number
                preset.addItem(
                    self.tr("{number} (missing)").format(number=step.preset), step.preset
                )
                index = preset.count() - 1
            preset.setCurrentIndex(index)
        else:
            preset.setCurrentIndex(row % preset.count())
        dwell = QDoubleSpinBox()
        dwell.setRange(MIN_DWELL_S, MAX_DWELL_S)
        dwell.setDecimals(1)
        dwell.setValue(DEFAULT_DWELL_S if step is None else step.dwell_s)
        speed = QSpinBox()
        speed.setRange(1, 100)
        speed.setValue(100 if step is None else max(1, round(step.speed * 100)))
        self.table.setCellWidget(row, 0, preset)
        self.table.setCellWidget(row, 1, dwell)
        self.table.setCellWidget(row, 2, speed)
        self.table.selectRow(row)
        self._update()

    def steps(self) -> list[CruiseStep]:
        steps = []
        for row in range(self.table.rowCount()):
            preset = self.table.cellWidget(row, 0)
            dwell = self.table.cellWidget(row, 1)
            speed = self.table.cellWidget(row, 2)
            assert isinstance(preset, QComboBox)
            assert isinstance(dwell, QDoubleSpinBox) and isinstance(speed, QSpinBox)
            steps.append(CruiseStep(int(preset.currentData()), dwell.value(), speed.value() / 100))
        return steps

    def _set_steps(self, steps: list[CruiseStep], selected: int) -> None:
        self.table.setRowCount(0)
        for step in steps:
            self.add_step(step)
        if 0 <= selected < len(steps):
            self.table.selectRow(selected)
        self._update()

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else self.table.currentRow()

    def remove_step(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        steps = self.steps()
        del steps[row]
        self._set_steps(steps, min(row, len(steps) - 1))

    def move_step(self, by: int) -> None:
        row = self.current_row()
        steps = self.steps()
        to = row + by
        if row < 0 or not 0 <= to < len(steps):
            return
        steps[row], steps[to] = steps[to], steps[row]
        self._set_steps(steps, to)

    def _update(self) -> None:
        count = self.table.rowCount()
        self.add_button.setEnabled(bool(self.presets) and count < MAX_CRUISE_STEPS)
        self.remove_button.setEnabled(count > 0)
        self.up_button.setEnabled(count > 1)
        self.down_button.setEnabled(count > 1)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(count > 0)

    def accept(self) -> None:
        steps = self.steps()
        if not steps:
            return
        self.saved.emit(self.number.value(), self.name.text().strip(), steps)
        super().accept()
