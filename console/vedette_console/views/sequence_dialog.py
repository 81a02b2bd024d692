"""The dialog that makes or edits a tile's sequence group (LIVE-08): a name, the
cameras in the order they are checked (2 to 64), one dwell for each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from vedette_console.i18n import count_text
from vedette_console.widgets.tile.sequence import (
    MAX_CAMERAS,
    MAX_DWELL_S,
    MIN_CAMERAS,
    MIN_DWELL_S,
    Sequence,
)


class SequenceDialog(QDialog):
    """``cameras``: (id, name) in the order to list them; ``current``: the sequence
    being edited (its cameras checked in its order)."""

    def __init__(
        self,
        cameras: list[tuple[int, str]],
        current: Sequence | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sequence group"))
        self.name_edit = QLineEdit(current.name if current else "")
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("Entrances"))
        self._order: list[int] = [] if current is None else list(current.camera_ids)
        self.cameras = QListWidget()
        for camera_id, name in cameras:
            item = QListWidgetItem(name or f"#{camera_id}")
            item.setData(Qt.ItemDataRole.UserRole, camera_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = camera_id in self._order
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.cameras.addItem(item)
        self.cameras.itemChanged.connect(self._on_checked)
        self.dwell = QSpinBox()
        self.dwell.setRange(MIN_DWELL_S, MAX_DWELL_S)
        self.dwell.setValue(current.dwell_s if current else 10)
        self.dwell.setSuffix(self.tr(" s per camera"))
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Cameras, in the order checked"), self.cameras)
        form.addRow("", self.count)
        form.addRow(self.tr("Dwell"), self.dwell)
        form.addRow(self.buttons)
        self.name_edit.textChanged.connect(self._update)
        self._update()

    def _on_checked(self, item: QListWidgetItem) -> None:
        camera_id = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked and camera_id not in self._order:
            self._order.append(camera_id)
        elif item.checkState() != Qt.CheckState.Checked and camera_id in self._order:
            self._order.remove(camera_id)
        self._update()

    def _update(self) -> None:
        chosen = len(self._order)
        self.count.setText(
            count_text(
                "SequenceDialog",
                chosen,
                "{count} camera chosen (2 to 64)",
                "{count} cameras chosen (2 to 64)",
            )
        )
        ready = bool(self.name_edit.text().strip()) and MIN_CAMERAS <= chosen <= MAX_CAMERAS
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def sequence(self) -> Sequence:
        return Sequence(self.name_edit.text().strip(), tuple(self._order), self.dwell.value())
