"""Filling a Settings table with rows read from the server, fast for a page read
again every few seconds: cells are updated in place (only those whose text
changed), and the columns sized to their contents once at the end instead of at
every cell (a header in ``ResizeToContents`` measures every row each time a cell
changes: 64 cameras × 9 columns took 1-3 s to refill that way)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget

from vedette_console.alarm_admin.tables import make_item

_ID_ROLE = Qt.ItemDataRole.UserRole


def fill_table(table: QTableWidget, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
    """Show ``rows`` (each: its object's id, kept in every cell, and its cells' text)."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(i) for i in range(table.columnCount())]
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setRowCount(len(rows))
    for row, (object_id, cells) in enumerate(rows):
        for column, text in enumerate(cells):
            item = table.item(row, column)
            if item is None:
                table.setItem(row, column, make_item(text, object_id))
                continue
            if item.text() != text:
                item.setText(text)
            if item.data(_ID_ROLE) != object_id:
                item.setData(_ID_ROLE, object_id)
    for column, mode in enumerate(modes):
        header.setSectionResizeMode(column, mode)
