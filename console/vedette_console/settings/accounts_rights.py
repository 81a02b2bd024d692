"""The rights of a permission group in one scope (local or remote), as accounts.proto
models them: the areas of the configuration the group may change, and per camera
right (live, playback, export, PTZ, audio) the cameras it applies to — every camera
(also those added later) or some, by id.

A table with one row per camera and one checkable column per camera right; its first
row is "All cameras", which, when checked for a right, stands for every camera.
Cameras a group names that this console cannot list (deleted, or not visible) keep
their rows, so saving never drops a right silently."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import accounts_pb2, cameras_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.settings.page import tr

AREA_LABELS: dict[int, str] = {
    accounts_pb2.AREA_CAMERAS: QT_TRANSLATE_NOOP("settings", "Cameras"),
    accounts_pb2.AREA_RECORDING: QT_TRANSLATE_NOOP("settings", "Recording"),
    accounts_pb2.AREA_DISKS: QT_TRANSLATE_NOOP("settings", "Disks"),
    accounts_pb2.AREA_ALARMS: QT_TRANSLATE_NOOP("settings", "Alarm settings"),
    accounts_pb2.AREA_NETWORK: QT_TRANSLATE_NOOP("settings", "Network"),
    accounts_pb2.AREA_ACCOUNTS: QT_TRANSLATE_NOOP("settings", "Accounts"),
    accounts_pb2.AREA_SYSTEM: QT_TRANSLATE_NOOP("settings", "System"),
    accounts_pb2.AREA_LOGS: QT_TRANSLATE_NOOP("settings", "System log"),
    accounts_pb2.AREA_ALARM_VIEW: QT_TRANSLATE_NOOP("settings", "See alarms"),
    accounts_pb2.AREA_ALARM_HANDLE: QT_TRANSLATE_NOOP("settings", "Handle alarms"),
    accounts_pb2.AREA_IO_CONTROL: QT_TRANSLATE_NOOP("settings", "Switch outputs"),
}
CAMERA_RIGHT_LABELS: dict[int, str] = {
    accounts_pb2.CAMERA_RIGHT_LIVE: QT_TRANSLATE_NOOP("settings", "Live"),
    accounts_pb2.CAMERA_RIGHT_PLAYBACK: QT_TRANSLATE_NOOP("settings", "Playback"),
    accounts_pb2.CAMERA_RIGHT_EXPORT: QT_TRANSLATE_NOOP("settings", "Backup"),
    accounts_pb2.CAMERA_RIGHT_PTZ: QT_TRANSLATE_NOOP("settings", "PTZ"),
    accounts_pb2.CAMERA_RIGHT_AUDIO: QT_TRANSLATE_NOOP("settings", "Audio"),
    accounts_pb2.CAMERA_RIGHT_UNMASKED: QT_TRANSLATE_NOOP("settings", "See without privacy masks"),
}
_RIGHTS = list(CAMERA_RIGHT_LABELS)
#: The row id of "All cameras".
ALL = 0
_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable


def _check_item(text: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(_EDITABLE)
    item.setCheckState(Qt.CheckState.Unchecked)
    return item


class RightsEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area_checks: dict[int, QCheckBox] = {}
        areas_box = QGroupBox(tr("May change"))
        grid = QGridLayout(areas_box)
        for index, (area, label) in enumerate(AREA_LABELS.items()):
            check = QCheckBox(tr(label))
            self.area_checks[area] = check
            grid.addWidget(check, index // 3, index % 3)
        self.table = QTableWidget(0, 1 + len(_RIGHTS))
        self.table.setHorizontalHeaderLabels(
            [tr("Camera"), *(tr(CAMERA_RIGHT_LABELS[r]) for r in _RIGHTS)]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(_RIGHTS)):
            # Sized once to its title: resizing to contents would measure every row
            # at every change of a box.
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(56, header.sectionSizeHint(column)))
        self.table.itemChanged.connect(self._changed)
        cameras_box = QGroupBox(tr("Cameras"))
        cameras_layout = QVBoxLayout(cameras_box)
        cameras_layout.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(areas_box)
        layout.addWidget(cameras_box, 1)
        self._camera_ids: list[int] = []
        self._read_only = False
        #: Per right column, the (read only, for all cameras) its boxes follow now.
        self._applied: dict[int, tuple[bool, bool]] = {}

    # -- showing ---------------------------------------------------------------------

    def set_rights(self, rights: accounts_pb2.Rights, cameras: list[cameras_pb2.Camera]) -> None:
        for area, check in self.area_checks.items():
            check.setChecked(area in rights.areas)
        names = {c.id: c.name for c in cameras}
        for access in rights.cameras:
            for camera_id in access.camera_ids:
                names.setdefault(camera_id, tr("camera #{id}").format(id=camera_id))
        checked: set[tuple[int, int]] = set()
        for access in rights.cameras:
            if access.right in _RIGHTS:
                ids = [ALL] if access.all_cameras else access.camera_ids
                checked.update((camera_id, access.right) for camera_id in ids)
        self.table.blockSignals(True)
        camera_ids = [ALL, *names]
        if camera_ids != self._camera_ids:
            self._set_rows(camera_ids, names)
        # Only what differs is set: each change costs the table a repaint.
        for row, camera_id in enumerate(self._camera_ids):
            for index, right in enumerate(_RIGHTS):
                state = (
                    Qt.CheckState.Checked
                    if (camera_id, right) in checked
                    else Qt.CheckState.Unchecked
                )
                item = self.cell(row, 1 + index)
                if item.checkState() != state:
                    item.setCheckState(state)
        self.table.blockSignals(False)
        self._follow_all()

    def _set_rows(self, camera_ids: list[int], names: dict[int, str]) -> None:
        self._camera_ids = camera_ids
        self._applied.clear()  # new boxes, all editable
        self.table.setRowCount(0)
        self.table.setRowCount(len(camera_ids))
        for row, camera_id in enumerate(camera_ids):
            label = tr("All cameras, also those added later") if camera_id == ALL else None
            name = QTableWidgetItem(label or names[camera_id])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(Qt.ItemDataRole.UserRole, camera_id)
            self.table.setItem(row, 0, name)
            for column in range(1, 1 + len(_RIGHTS)):
                self.table.setItem(row, column, _check_item())

    def set_read_only(self, read_only: bool) -> None:
        if read_only == self._read_only:
            return
        self._read_only = read_only
        for check in self.area_checks.values():
            check.setEnabled(not read_only)
        self._follow_all()

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _changed(self, item: QTableWidgetItem) -> None:
        if item.row() == 0:
            self._follow_all()

    def _follow_all(self) -> None:
        """A right given for all cameras makes its per-camera boxes moot (disabled);
        the read-only editor disables every box. A column's boxes are set only when
        what decides them changed (each set costs the table a repaint)."""
        if self.table.rowCount() == 0:
            return
        self.table.blockSignals(True)
        for index in range(len(_RIGHTS)):
            column = 1 + index
            everywhere = self.cell(0, column).checkState() == Qt.CheckState.Checked
            state = (self._read_only, everywhere)
            if self._applied.get(column) == state:
                continue
            self._applied[column] = state
            editable = _EDITABLE if not self._read_only else Qt.ItemFlag.NoItemFlags
            self.cell(0, column).setFlags(editable)
            others = Qt.ItemFlag.NoItemFlags if everywhere else editable
            for row in range(1, self.table.rowCount()):
                self.cell(row, column).setFlags(others)
        self.table.blockSignals(False)

    # -- reading back ----------------------------------------------------------------

    def set_camera_right(self, camera_id: int, right: int, on: bool) -> None:
        """Check or clear one box (``camera_id`` ``ALL`` for every camera)."""
        row = self._camera_ids.index(camera_id)
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.cell(row, 1 + _RIGHTS.index(right)).setCheckState(state)

    def rights(self) -> accounts_pb2.Rights:
        result = accounts_pb2.Rights(
            areas=[
                accounts_pb2.Area.ValueType(a)
                for a, check in self.area_checks.items()
                if check.isChecked()
            ]
        )
        for index, right in enumerate(_RIGHTS):
            column = 1 + index
            checked = [
                camera_id
                for row, camera_id in enumerate(self._camera_ids)
                if self.cell(row, column).checkState() == Qt.CheckState.Checked
            ]
            if ALL in checked:
                result.cameras.add(right=right, all_cameras=True)
            elif checked:
                result.cameras.add(right=right, camera_ids=checked)
        return result
