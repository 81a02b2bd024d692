"""Accounts › Access filter (USER-05; the manual's 10.4 allow/block list): whether the
filter applies, allow or block mode, and its entries (an IP address, a network in
CIDR form, a range ``a-b`` or a MAC address; each enabled or kept aside). Saving
sends the whole filter; the server checks every entry and refuses a filter that
would lock out the caller's own address — its reason is shown beside the list and
nothing changes. The appliance's own console is never filtered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.operations import accounts as ops
from vedette_console.session import Session
from vedette_console.settings.accounts_forms import FieldErrors, shown_beside
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.settings.users import button_row


class AccessPage(SettingsPage):
    group = "Accounts"
    title = "Access filter"
    areas = (accounts_pb2.AREA_ACCOUNTS,)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        self.stored = system_pb2.AccessFilter()
        self.errors = FieldErrors(["access_filter"])
        self.enabled = QCheckBox(tr("Filter the clients that may connect"))
        self.mode = QComboBox()
        self.mode.addItem(tr("Allow only the listed clients"), system_pb2.FILTER_MODE_ALLOW)
        self.mode.addItem(tr("Block the listed clients"), system_pb2.FILTER_MODE_BLOCK)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("Address, network, range or MAC"), tr("Applied")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.add_button = QPushButton(tr("Add entry"))
        self.add_button.clicked.connect(lambda: self.add_entry("", True, edit=True))
        self.remove_button = QPushButton(tr("Remove entry"))
        self.remove_button.clicked.connect(self.remove_entry)
        self.save_button = QPushButton(tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(tr("Undo changes"))
        self.revert_button.clicked.connect(lambda: self.show_filter(self.stored))
        hint = QLabel(
            tr(
                "Examples: 192.0.2.7, 192.0.2.0/24, 192.0.2.10-192.0.2.20, "
                "aa:bb:cc:dd:ee:ff (only on this network). The appliance's own screen "
                "is never filtered."
            )
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("", self.enabled)
        form.addRow(tr("Mode"), self.mode)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors["access_filter"])
        layout.addWidget(self.errors[""])
        layout.addWidget(hint)
        layout.addLayout(
            button_row(self.add_button, self.remove_button, self.save_button, self.revert_button)
        )
        layout.addWidget(self.status)
        self.controls = [self.add_button, self.remove_button, self.save_button, self.revert_button]
        self.update_controls()

    def load(self) -> None:
        def loaded(access_filter: system_pb2.AccessFilter) -> None:
            self.show_filter(access_filter)
            self.say("")

        self.run(
            ops.load_access_filter(parent=self), loaded, working=tr("Reading the access filter…")
        )

    def show_filter(self, access_filter: system_pb2.AccessFilter) -> None:
        self.stored = access_filter
        self.errors.clear()
        self.enabled.setChecked(access_filter.enabled)
        mode = access_filter.mode or system_pb2.FILTER_MODE_ALLOW
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.table.setRowCount(0)
        for entry in access_filter.entries:
            self.add_entry(entry.value, entry.enabled)
        self.update_controls()

    def add_entry(self, value: str, enabled: bool, *, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        value_item = QTableWidgetItem(value)
        self.table.setItem(row, 0, value_item)
        applied = QTableWidgetItem("")
        applied.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        applied.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
        self.table.setItem(row, 1, applied)
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(value_item)

    def remove_entry(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        self.remove_button.setEnabled(self.table.currentRow() >= 0)

    def form(self) -> system_pb2.AccessFilter:
        result = system_pb2.AccessFilter(
            enabled=self.enabled.isChecked(),
            mode=system_pb2.FilterMode.ValueType(int(self.mode.currentData())),
        )
        for row in range(self.table.rowCount()):
            value, applied = self.table.item(row, 0), self.table.item(row, 1)
            text = value.text().strip() if value is not None else ""
            on = applied is not None and applied.checkState() == Qt.CheckState.Checked
            result.entries.add(value=text, enabled=on)
        return result

    def save(self) -> None:
        self.errors.clear()

        def saved(access_filter: system_pb2.AccessFilter) -> None:
            self.show_filter(access_filter)
            self.say(tr("Access filter saved"))

        self.run(
            ops.save_access_filter(parent=self, access_filter=self.form()),
            saved,
            working=tr("Saving…"),
            # Every refusal concerns the list: a bad entry, or one that locks you out.
            on_error=shown_beside(self.errors, self, "access_filter"),
        )
