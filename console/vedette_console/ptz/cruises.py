"""The PTZ panel's cruises (PTZ-03): the camera's cruises with the running one
marked, start and stop (the server runs them), new, edit and delete through the
``CruiseEditor``. Each change reloads the list through ``changed``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import ptz_pb2
from vedette_console.operations import ptz as ptz_ops
from vedette_console.ptz.cruise_editor import CruiseEditor
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes


class CruisesTab(QWidget):
    """Signal: ``changed()`` (a cruise was stored, deleted, started or stopped)."""

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id: int | None = None
        self.cruises: list[ptz_pb2.PtzCruise] = []
        self.presets: list[ptz_pb2.PtzPreset] = []
        self.running = 0
        self.editor: CruiseEditor | None = None
        self.confirm: QMessageBox | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("No."), self.tr("Name"), self.tr("Steps"), ""])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 40)
        self.tree.setColumnWidth(1, 120)
        self.tree.setColumnWidth(2, 50)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_edit())
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("The server runs the cruise until it is stopped"))
        self.start_button.clicked.connect(self.start_selected)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop)
        self.new_button = QPushButton(self.tr("New…"))
        self.new_button.clicked.connect(self.open_new)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.open_edit)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(4)
        for button in (
            self.start_button,
            self.stop_button,
            self.new_button,
            self.edit_button,
            self.delete_button,
        ):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self._update_buttons()

    def set_camera(self, camera_id: int | None) -> None:
        self.camera_id = camera_id
        self.set_cruises([], 0, [])

    def set_cruises(
        self, cruises: list[ptz_pb2.PtzCruise], running: int, presets: list[ptz_pb2.PtzPreset]
    ) -> None:
        selected = self.selected_number()
        self.cruises = sorted(cruises, key=lambda c: c.number)
        self.running = running
        self.presets = presets
        self.tree.clear()
        for cruise in self.cruises:
            state = self.tr("running") if cruise.number == running else ""
            item = QTreeWidgetItem([str(cruise.number), cruise.name, str(len(cruise.steps)), state])
            item.setData(0, Qt.ItemDataRole.UserRole, cruise.number)
            if state:
                item.setForeground(3, QColor(110, 200, 130))
            self.tree.addTopLevelItem(item)
            if cruise.number == selected:
                item.setSelected(True)
                self.tree.setCurrentItem(item)
        if running:
            self.note.setText(
                self.tr("Cruise {number} runs; any manual move stops it.").format(number=running)
            )
        else:
            self.note.setText(
                self.tr("{count} of {cap} cruises").format(
                    count=len(self.cruises), cap=ptz_ops.MAX_CRUISES
                )
            )
        self._update_buttons()

    def selected_number(self) -> int | None:
        items = self.tree.selectedItems()
        return int(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None

    def select(self, number: int) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and int(item.data(0, Qt.ItemDataRole.UserRole)) == number:
                self.tree.setCurrentItem(item)
                item.setSelected(True)

    def _update_buttons(self) -> None:
        on = self.camera_id is not None
        chosen = self.selected_number() is not None
        self.start_button.setEnabled(on and chosen)
        self.stop_button.setEnabled(on and self.running != 0)
        self.new_button.setEnabled(on and len(self.cruises) < ptz_ops.MAX_CRUISES)
        self.edit_button.setEnabled(on and chosen)
        self.delete_button.setEnabled(on and chosen)

    # -- actions ------------------------------------------------------------------------------

    def start_selected(self) -> None:
        number = self.selected_number()
        if number is None or self.camera_id is None:
            return
        op = ptz_ops.start_cruise(parent=self, camera_id=self.camera_id, number=number)
        op.success(lambda _: self.changed.emit()).run(self.session)

    def stop(self) -> None:
        if self.camera_id is None:
            return
        op = ptz_ops.stop_cruise(parent=self, camera_id=self.camera_id)
        op.success(lambda _: self.changed.emit()).run(self.session)

    def open_new(self) -> None:
        used = {c.number for c in self.cruises}
        number = next((n for n in range(1, ptz_ops.MAX_CRUISES + 1) if n not in used), 1)
        self._open(CruiseEditor(self, self.presets, number=number))

    def open_edit(self) -> None:
        number = self.selected_number()
        cruise = next((c for c in self.cruises if c.number == number), None)
        if cruise is None:
            return
        steps = ptz_ops.cruise_steps(cruise)
        editor = CruiseEditor(
            self, self.presets, number=cruise.number, name=cruise.name, steps=steps,
            fixed_number=True,
        )  # fmt: skip
        self._open(editor)

    def _open(self, editor: CruiseEditor) -> None:
        if self.editor is not None:
            self.editor.close()
        self.editor = editor
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self.save)
        editor.finished.connect(lambda _: self._editor_gone(editor))
        editor.open()

    def _editor_gone(self, editor: CruiseEditor) -> None:
        if self.editor is editor:
            self.editor = None

    def save(self, number: int, name: str, steps: list[ptz_ops.CruiseStep]) -> None:
        if self.camera_id is None:
            return
        op = ptz_ops.put_cruise(
            parent=self, camera_id=self.camera_id, number=number, name=name, steps=steps
        )
        op.success(lambda _: self.changed.emit()).run(self.session)

    def ask_delete(self) -> None:
        number = self.selected_number()
        if number is None:
            return
        self.confirm = ask_yes(
            self,
            self.tr("Delete cruise"),
            self.tr("Delete cruise {number}? A running cruise stops first.").format(number=number),
            lambda: self.delete(number),
            on_closed=self._forget_confirm,
        )

    def _forget_confirm(self) -> None:
        self.confirm = None

    def delete(self, number: int) -> None:
        if self.camera_id is None:
            return
        op = ptz_ops.delete_cruise(parent=self, camera_id=self.camera_id, number=number)
        op.success(lambda _: self.changed.emit()).run(self.session)
