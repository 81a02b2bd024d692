"""The alarm list's table model: the alarms ``ListAlarms`` gave for a query, kept up
to date by the feed's changes (no polling).

A change of an alarm already listed replaces its row when it is newer (the version,
then the count); an alarm the query selects that the list does not have (a new one,
one that changed into the filter) is added at the top; one that no longer matches
(acknowledged while the list shows New ones) leaves. Rows are sorted like the
server's list: newest first (by id).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from vedette_api.v1 import alarms_pb2
from vedette_console.alarms import words
from vedette_console.alarms.book import newer
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations.alarms import AlarmQuery
from vedette_console.time_display import TimeDisplay

Alarm = alarms_pb2.Alarm
Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("Alarms", "Priority"),
    QT_TRANSLATE_NOOP("Alarms", "State"),
    QT_TRANSLATE_NOOP("Alarms", "Title"),
    QT_TRANSLATE_NOOP("Alarms", "Camera"),
    QT_TRANSLATE_NOOP("Alarms", "Last"),
    QT_TRANSLATE_NOOP("Alarms", "Count"),
    QT_TRANSLATE_NOOP("Alarms", "Owner"),
    QT_TRANSLATE_NOOP("Alarms", "Rule"),
)
#: The camera column (its names are read again when the cameras are).
CAMERA_COLUMN = 3
#: Role of a row's alarm (the ``Alarm`` message).
ALARM_ROLE = Qt.ItemDataRole.UserRole + 1


def _order(alarm: Alarm) -> int:
    return -alarm.id


class AlarmTableModel(QAbstractTableModel):
    def __init__(
        self,
        *,
        camera_names: Callable[[], dict[int, str]] = dict,
        display: Callable[[], TimeDisplay] | None = None,
    ) -> None:
        super().__init__()
        self.camera_names = camera_names
        self.display = display
        self.query = AlarmQuery()
        self.alarms: list[Alarm] = []

    # -- content -------------------------------------------------------------------------

    def set_alarms(self, query: AlarmQuery, alarms: list[Alarm]) -> None:
        self.beginResetModel()
        self.query = query
        self.alarms = sorted((a for a in alarms if query.matches(a)), key=_order)
        self.endResetModel()

    def row_of(self, alarm_id: int) -> int:
        return next((row for row, a in enumerate(self.alarms) if a.id == alarm_id), -1)

    def apply(self, alarm: Alarm) -> None:
        """A change from the feed (or an answer of the server)."""
        row = self.row_of(alarm.id)
        if row >= 0 and not newer(alarm, self.alarms[row]):
            return
        if not self.query.matches(alarm):
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.alarms[row]
                self.endRemoveRows()
            return
        if row >= 0:
            self.alarms[row] = alarm
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        at = next((r for r, a in enumerate(self.alarms) if _order(a) > _order(alarm)), None)
        at = len(self.alarms) if at is None else at
        self.beginInsertRows(QModelIndex(), at, at)
        self.alarms.insert(at, alarm)
        self.endInsertRows()

    def names_changed(self) -> None:
        """The camera names were read again: the camera column, row by row in place
        (no layout change, so the view keeps its selection and scroll)."""
        if self.alarms:
            last = len(self.alarms) - 1
            self.dataChanged.emit(self.index(0, CAMERA_COLUMN), self.index(last, CAMERA_COLUMN))

    # -- the model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.alarms)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return words.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.alarms):
            return None
        alarm = self.alarms[index.row()]
        column = index.column()
        if role == ALARM_ROLE:
            return alarm
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(words.priority_color(alarm.priority))
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and alarm.instructions:
            return alarm.instructions
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(alarm, column)

    def _text(self, alarm: Alarm, column: int) -> str:
        if column == 0:
            return words.priority_label(alarm.priority)
        if column == 1:
            state = words.state_label(alarm.state)
            return words.tr("{state} (escalated)").format(state=state) if alarm.escalated else state
        if column == 2:
            return words.alarm_title(alarm)
        if column == CAMERA_COLUMN:
            return words.camera_label(int(alarm.camera_id), self.camera_names())
        if column == 4:
            last = alarm.last_time.ToMicroseconds()
            return self.display().date_time(last) if self.display is not None and last else ""
        if column == 5:
            return str(alarm.count)
        if column == 6:
            return alarm.owner
        return words.rule_label(alarm.rule_name)
