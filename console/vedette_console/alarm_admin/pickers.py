"""Choosers the alarm settings share: a schedule, a camera or an I/O point picked by
name, the server's id kept as the item's data (0: none / always)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

_ID = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return QCoreApplication.translate("alarm_admin", text)


def id_combo(
    items: Iterable[tuple[int, str]], selected: int, none_label: str, parent: QWidget | None = None
) -> QComboBox:
    """A combo of ``(id, name)`` with ``none_label`` as id 0 first; an id the list does
    not hold (deleted meanwhile) is shown as "#id" so nothing is changed unseen."""
    combo = QComboBox(parent)
    combo.addItem(none_label, 0)
    known = set()
    for item_id, name in items:
        combo.addItem(name, item_id)
        known.add(item_id)
    if selected and selected not in known:
        combo.addItem(f"#{selected}", selected)
    combo.setCurrentIndex(max(0, combo.findData(selected)))
    return combo


def combo_id(combo: QComboBox) -> int:
    value = combo.currentData()
    return int(value) if value is not None else 0


def check_list(
    items: Iterable[tuple[int, str]], checked: Iterable[int], parent: QWidget | None = None
) -> QListWidget:
    """A list of ``(id, name)`` with check boxes; ids not listed are shown as "#id"."""
    widget = QListWidget(parent)
    chosen = set(checked)
    seen = set()
    for item_id, name in [*items, *((i, f"#{i}") for i in sorted(chosen))]:
        if item_id in seen:
            continue
        seen.add(item_id)
        item = QListWidgetItem(name, widget)
        item.setData(_ID, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if item_id in chosen else Qt.CheckState.Unchecked)
    return widget


def checked_ids(widget: QListWidget) -> list[int]:
    return [
        int(widget.item(i).data(_ID))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def set_checked(widget: QListWidget, ids: Iterable[int]) -> None:
    """Tick exactly ``ids``; one the list does not hold is added as "#id"."""
    chosen = set(ids)
    listed = {int(widget.item(i).data(_ID)) for i in range(widget.count())}
    for item_id in sorted(chosen - listed):
        item = QListWidgetItem(f"#{item_id}", widget)
        item.setData(_ID, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    for i in range(widget.count()):
        item = widget.item(i)
        state = Qt.CheckState.Checked if int(item.data(_ID)) in chosen else Qt.CheckState.Unchecked
        item.setCheckState(state)
