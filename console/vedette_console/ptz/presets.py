"""The PTZ panel's presets (PTZ-02): the list (double-click calls), call, save the
current position as number N with a name, rename, delete; the device's cap shown.

Dialogs open without blocking (``open``); each change reloads the list through
``changed``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import ptz_pb2
from vedette_console.operations import ptz as ptz_ops
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes

#: A preset's name, as the server bounds it.
MAX_NAME = 64


class PresetDialog(QDialog):
    """Number and name of a preset to save (the number free to choose) or rename
    (the number fixed). Signal: ``chosen(number, name)``."""

    chosen = Signal(int, str)

    def __init__(
        self, parent: QWidget, *, number: int, cap: int, name: str = "", rename: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rename preset") if rename else self.tr("Save preset"))
        self.number = QSpinBox()
        self.number.setRange(1, max(1, cap))
        self.number.setValue(min(max(1, number), max(1, cap)))
        self.number.setEnabled(not rename)
        self.name = QLineEdit(name)
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(self.tr("Preset {number}").format(number=number))
        form = QFormLayout()
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Name"), self.name)
        if not rename:
            note = QLabel(self.tr("Saves where the camera points now; replaces that number."))
            note.setObjectName("muted")
            note.setWordWrap(True)
            form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._rename = rename

    def accept(self) -> None:
        name = self.name.text().strip()
        if self._rename and not name:
            self.name.setFocus()
            self.name.setPlaceholderText(self.tr("A name is needed"))
            return
        self.chosen.emit(self.number.value(), name)
        super().accept()


class PresetsTab(QWidget):
    """Signals: ``changed()`` (a preset was saved, renamed or deleted),
    ``called(number)``."""

    changed = Signal()
    called = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id: int | None = None
        self.max_presets = ptz_ops.MAX_PRESET
        #: The goto speed (0 < speed <= 1): the panel's speed slider.
        self.speed = 1.0
        self.presets: list[ptz_pb2.PtzPreset] = []
        #: The dialog open now (save or rename), if any.
        self.dialog: PresetDialog | None = None
        self.confirm: QMessageBox | None = None
        #: The preset to select when the list next loads (the one just saved).
        self._want: int | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("No."), self.tr("Name")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 48)
        self.tree.itemDoubleClicked.connect(lambda *_: self.call_selected())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.call_button = QPushButton(self.tr("Call"))
        self.call_button.setToolTip(self.tr("Send the camera to the selected preset"))
        self.call_button.clicked.connect(self.call_selected)
        self.save_button = QPushButton(self.tr("Save position…"))
        self.save_button.setToolTip(self.tr("Save where the camera points now as a preset"))
        self.save_button.clicked.connect(self.open_save)
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.clicked.connect(self.open_rename)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.cap = QLabel()
        self.cap.setObjectName("muted")
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.call_button, self.save_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.cap)
        self._update_buttons()

    # -- contents ----------------------------------------------------------------------------

    def set_presets(self, presets: list[ptz_pb2.PtzPreset], max_presets: int) -> None:
        selected = self.selected_number()
        if self._want is not None and any(p.number == self._want for p in presets):
            # Only a list that has it takes the wish: a list read before the save
            # (answering after it) must not use it up.
            selected, self._want = self._want, None
        self.presets = sorted(presets, key=lambda p: p.number)
        self.max_presets = max_presets
        self.tree.clear()
        for preset in self.presets:
            item = QTreeWidgetItem([str(preset.number), preset.name])
            item.setData(0, Qt.ItemDataRole.UserRole, preset.number)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
            if preset.number == selected:
                item.setSelected(True)
                self.tree.setCurrentItem(item)
        self.cap.setText(
            self.tr("{count} of {cap} presets (the device keeps up to {cap})").format(
                count=len(self.presets), cap=max_presets
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

    def first_free(self) -> int:
        used = {p.number for p in self.presets}
        return next((n for n in range(1, self.max_presets + 1) if n not in used), 1)

    def _update_buttons(self) -> None:
        chosen = self.selected_number() is not None
        on = self.camera_id is not None
        for button in (self.call_button, self.rename_button, self.delete_button):
            button.setEnabled(on and chosen)
        self.save_button.setEnabled(on)

    def set_camera(self, camera_id: int | None) -> None:
        self.camera_id = camera_id
        self._want = None
        self.set_presets([], self.max_presets)

    # -- actions ------------------------------------------------------------------------------

    def call_selected(self) -> None:
        number = self.selected_number()
        if number is None or self.camera_id is None:
            return
        op = ptz_ops.goto_preset(
            parent=self, camera_id=self.camera_id, number=number, speed=self.speed
        )
        op.success(lambda _: self.called.emit(number)).run(self.session)

    def open_save(self) -> None:
        number = self.selected_number() or self.first_free()
        self._open(PresetDialog(self, number=number, cap=self.max_presets), self.save)

    def open_rename(self) -> None:
        number = self.selected_number()
        if number is None:
            return
        name = next((p.name for p in self.presets if p.number == number), "")
        dialog = PresetDialog(self, number=number, cap=self.max_presets, name=name, rename=True)
        self._open(dialog, self.rename)

    def _open(self, dialog: PresetDialog, then: Callable[[int, str], None]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.chosen.connect(then)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._dialog_gone(dialog))
        dialog.open()

    def _dialog_gone(self, dialog: PresetDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def save(self, number: int, name: str) -> None:
        if self.camera_id is None:
            return
        op = ptz_ops.save_preset(parent=self, camera_id=self.camera_id, number=number, name=name)
        op.success(lambda saved: self._changed(saved.number)).run(self.session)

    def rename(self, number: int, name: str) -> None:
        if self.camera_id is None:
            return
        op = ptz_ops.rename_preset(parent=self, camera_id=self.camera_id, number=number, name=name)
        op.success(lambda saved: self._changed(saved.number)).run(self.session)

    def ask_delete(self) -> None:
        number = self.selected_number()
        if number is None:
            return
        name = next((p.name for p in self.presets if p.number == number), "")
        self.confirm = ask_yes(
            self,
            self.tr("Delete preset"),
            self.tr("Delete preset {number} ({name}) from the camera?").format(
                number=number, name=name
            ),
            lambda: self.delete(number),
            on_closed=self._forget_confirm,
        )

    def _forget_confirm(self) -> None:
        self.confirm = None

    def delete(self, number: int) -> None:
        if self.camera_id is None:
            return
        op = ptz_ops.delete_preset(parent=self, camera_id=self.camera_id, number=number)
        op.success(lambda _: self._changed(None)).run(self.session)

    def _changed(self, number: int | None) -> None:
        self._want = number
        self.changed.emit()
