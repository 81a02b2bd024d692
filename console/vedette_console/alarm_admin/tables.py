"""Read-only tables of the alarm settings: one row per server object, its id kept in
the first cell, whole rows selected one at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def make_item(text: str, data: int = 0) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def row_id(table: QTableWidget, row: int) -> int:
    """The id kept in a row's first cell (0: none)."""
    item = table.item(row, 0)
    return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else 0


def make_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
