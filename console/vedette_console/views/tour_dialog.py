"""The dialog that makes a tour of saved views (LIVE-07): a name, the views in the
order they are checked, one dwell for every step, shared or not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from vedette_api.v1 import views_pb2


class TourDialog(QDialog):
    def __init__(self, views: list[views_pb2.View], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New tour"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Night rounds"))
        self.views = QListWidget()
        self._order: list[int] = []
        for view in views:
            item = QListWidgetItem(view.name)
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.views.addItem(item)
        self.views.itemChanged.connect(self._on_checked)
        self.dwell = QSpinBox()
        self.dwell.setRange(3, 3600)
        self.dwell.setValue(10)
        self.dwell.setSuffix(self.tr(" s per view"))
        self.shared_box = QCheckBox(self.tr("Shared with every user"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Views, in the order checked"), self.views)
        form.addRow(self.tr("Dwell"), self.dwell)
        form.addRow(self.shared_box)
        form.addRow(self.buttons)
        self.name_edit.textChanged.connect(self._update)
        self._update()

    def _on_checked(self, item: QListWidgetItem) -> None:
        view_id = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked and view_id not in self._order:
            self._order.append(view_id)
        elif item.checkState() != Qt.CheckState.Checked and view_id in self._order:
            self._order.remove(view_id)
        self._update()

    def _update(self) -> None:
        ready = bool(self.name_edit.text().strip()) and bool(self._order)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ready)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def view_ids(self) -> list[int]:
        return list(self._order)

    def dwell_s(self) -> int:
        return self.dwell.value()

    def shared(self) -> bool:
        return self.shared_box.isChecked()
