"""The alarm list (ALARM-05, research §5): one view of a server's alarms with
filters, the operator's actions on the selected ones, and the detail pane.

The list is loaded with ``ListAlarms`` when its filters change or the feed
subscribes again, and then follows the feed (``AlarmBook.changed``): no polling.
Actions (acknowledge, take, assign, comment, hold, resume, close with a resolution,
reopen) go to the server at the version each alarm was read; one changed by someone
else meanwhile is not overwritten but reloaded, and the list says so in words
("changed by X meanwhile; reloaded"). The buttons a user has no right to are
hidden (``AREA_ALARM_HANDLE``; the manual alarm needs ``AREA_IO_CONTROL``).

Signals: ``play(camera_ids, start_us, end_us)`` (the detail pane's "Play").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import alarms_pb2, cameras_pb2
from vedette_console.alarms import words
from vedette_console.alarms.book import AlarmBook
from vedette_console.alarms.detail import AlarmDetail
from vedette_console.alarms.dialogs import NAME_MAX, CloseDialog, TextDialog
from vedette_console.alarms.later import Later
from vedette_console.alarms.table import AlarmTableModel
from vedette_console.i18n import QT_TRANSLATE_NOOP
from vedette_console.operations import alarms as alarm_ops
from vedette_console.operations.alarms import OPEN_STATES, AlarmQuery, AlarmRights, UpdateOutcome
from vedette_console.operations.server_op import CallRunner
from vedette_console.time_display import TimeDisplay

Alarm = alarms_pb2.Alarm
_STATE_CHOICES: tuple[tuple[str, tuple[int, ...]], ...] = (
    (QT_TRANSLATE_NOOP("Alarms", "Open"), OPEN_STATES),
    (words.STATE_LABELS[alarms_pb2.ALARM_STATE_NEW], (alarms_pb2.ALARM_STATE_NEW,)),
    (words.STATE_LABELS[alarms_pb2.ALARM_STATE_IN_PROGRESS], (alarms_pb2.ALARM_STATE_IN_PROGRESS,)),
    (words.STATE_LABELS[alarms_pb2.ALARM_STATE_ON_HOLD], (alarms_pb2.ALARM_STATE_ON_HOLD,)),
    (words.STATE_LABELS[alarms_pb2.ALARM_STATE_CLOSED], (alarms_pb2.ALARM_STATE_CLOSED,)),
    (QT_TRANSLATE_NOOP("Alarms", "All"), ()),
)
_PRIORITY_CHOICES: tuple[tuple[str, int], ...] = (
    (QT_TRANSLATE_NOOP("Alarms", "Any priority"), 0),
    (QT_TRANSLATE_NOOP("Alarms", "High"), 1),
    (QT_TRANSLATE_NOOP("Alarms", "High and medium"), 2),
)


class AlarmListView(QWidget):
    play = Signal(list, object, object)

    def __init__(
        self,
        session: CallRunner,
        book: AlarmBook,
        *,
        camera_names: Callable[[], dict[int, str]] = dict,
        display: Callable[[], TimeDisplay] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.book = book
        self.rights = AlarmRights()
        self.model = AlarmTableModel(camera_names=camera_names, display=display)
        #: The last dialog opened (tests drive it).
        self.dialog: QDialog | None = None
        self._loading = False
        self._reload_again = False
        self._select_after_load = 0
        self._build_filters()
        self._build_actions()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Sized to the rows once per load, not at each row the feed adds (a burst).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.detail = AlarmDetail(session, camera_names=camera_names, display=display)
        self.detail.play.connect(self.play)
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        title = QLabel(self.tr("Alarms"))
        title.setObjectName("title")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(self.filter_row)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self._detail_later = Later(self, self._refresh_detail)
        book.changed.connect(self._on_change)
        book.reset.connect(self.reload)
        self.set_rights(self.rights)
        self._selection_changed()

    # -- building --------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.state_filter = QComboBox()
        for label, states in _STATE_CHOICES:
            self.state_filter.addItem(words.tr(label), states)
        self.priority_filter = QComboBox()
        for label, priority in _PRIORITY_CHOICES:
            self.priority_filter.addItem(words.tr(label), priority)
        self.camera_filter = QComboBox()
        self.camera_filter.addItem(self.tr("Any camera"), 0)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Search title, rule, category, owner"))
        self.text_filter.setClearButtonEnabled(True)
        for combo in (self.state_filter, self.priority_filter, self.camera_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.text_filter.textChanged.connect(lambda _t: self.reload())
        row = QHBoxLayout()
        row.addWidget(self.state_filter)
        row.addWidget(self.priority_filter)
        row.addWidget(self.camera_filter)
        row.addWidget(self.text_filter, 1)
        self.filter_row = row

    def _build_actions(self) -> None:
        def button(text: str, slot: Callable[[], None]) -> QPushButton:
            made = QPushButton(text)
            made.clicked.connect(slot)
            return made

        self.ack_button = button(self.tr("Acknowledge"), self.acknowledge_selected)
        self.take_button = button(self.tr("Take"), self.take_selected)
        self.assign_button = button(self.tr("Assign…"), self.assign_selected)
        self.comment_button = button(self.tr("Comment…"), self.comment_selected)
        self.hold_button = button(self.tr("Hold"), self.hold_selected)
        self.resume_button = button(self.tr("Resume"), self.resume_selected)
        self.close_button = button(self.tr("Close…"), self.close_selected)
        self.reopen_button = button(self.tr("Reopen"), self.reopen_selected)
        self.handle_buttons = [
            self.ack_button,
            self.take_button,
            self.assign_button,
            self.comment_button,
            self.hold_button,
            self.resume_button,
            self.close_button,
            self.reopen_button,
        ]
        self.manual_button = button(self.tr("Manual alarm…"), self.open_manual_alarm)
        row = QHBoxLayout()
        for made in self.handle_buttons:
            row.addWidget(made)
        row.addStretch(1)
        row.addWidget(self.manual_button)
        self.action_row = row

    # -- state -----------------------------------------------------------------------------

    def set_rights(self, rights: AlarmRights) -> None:
        """Hide what the user may not do."""
        could_view, self.rights = self.rights.view, rights
        for made in self.handle_buttons:
            made.setVisible(rights.handle)
        self.manual_button.setVisible(rights.io_control)
        if rights.view and not could_view:
            self.reload()

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        current = self.camera_filter.currentData()
        self.camera_filter.blockSignals(True)
        self.camera_filter.clear()
        self.camera_filter.addItem(self.tr("Any camera"), 0)
        for camera in cameras:
            self.camera_filter.addItem(camera.name, int(camera.id))
        found = self.camera_filter.findData(current)
        self.camera_filter.setCurrentIndex(max(0, found))
        self.camera_filter.blockSignals(False)
        self.model.names_changed()

    def query(self) -> AlarmQuery:
        return AlarmQuery(
            states=tuple(self.state_filter.currentData()),
            max_priority=int(self.priority_filter.currentData()),
            camera_id=int(self.camera_filter.currentData() or 0),
            text=self.text_filter.text(),
        )

    def reload(self) -> None:
        """Read the list for the filters (one read at a time; one more queued), once
        the user is known to have the alarm-view right."""
        if not self.rights.view:
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        query = self.query()
        op = alarm_ops.list_alarms(parent=self, query=query).background()
        op.success(lambda alarms: self._loaded(query, alarms))
        op.failure(self._load_failed)
        op.run(self.session)

    def _loaded(self, query: AlarmQuery, alarms: list[Alarm]) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
            return
        selected = {a.id for a in self.selected()}
        self.model.set_alarms(query, alarms)
        self.table.resizeColumnsToContents()
        wanted = self._select_after_load
        self._select_after_load = 0
        self._select_ids({wanted} if wanted else selected)

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self._reload_again = False
        self.message.setText(self.tr("The alarms could not be read: {error}").format(error=error))

    def _on_change(self, alarm: Alarm) -> None:
        self.model.apply(alarm)
        shown = self.detail.alarm
        if shown is not None and shown.id == alarm.id:
            self._detail_later()  # its history once, however many changes came

    def _refresh_detail(self) -> None:
        shown = self.detail.alarm
        if shown is not None:
            self.detail.show_alarm(self.book.open.get(shown.id, shown), background=True)

    # -- selection -------------------------------------------------------------------------

    def selected(self) -> list[Alarm]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.alarms[row] for row in rows if row < len(self.model.alarms)]

    def _select_ids(self, ids: set[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for alarm_id in ids:
            row = self.model.row_of(alarm_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)
                self.table.scrollTo(self.model.index(row, 0))

    def select_alarm(self, alarm: Alarm) -> None:
        """Show ``alarm`` (a toast's "Show"): in the list if the filters keep it,
        else with the filters widened to every open alarm."""
        if self.model.row_of(alarm.id) >= 0:
            self._select_ids({alarm.id})
            return
        self._select_after_load = alarm.id
        self.text_filter.blockSignals(True)
        self.text_filter.clear()
        self.text_filter.blockSignals(False)
        for combo in (self.priority_filter, self.camera_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        wide = 0 if words.is_open(alarm) else len(_STATE_CHOICES) - 1
        if self.state_filter.currentIndex() == wide:
            self.reload()
        else:
            self.state_filter.setCurrentIndex(wide)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        states = {a.state for a in chosen}
        closed = alarms_pb2.ALARM_STATE_CLOSED
        new, hold = alarms_pb2.ALARM_STATE_NEW, alarms_pb2.ALARM_STATE_ON_HOLD
        some = bool(chosen)
        self.ack_button.setEnabled(some and states <= {new})
        self.take_button.setEnabled(some and closed not in states)
        self.assign_button.setEnabled(some and closed not in states)
        self.comment_button.setEnabled(some)
        self.hold_button.setEnabled(some and not states & {closed, hold})
        self.resume_button.setEnabled(some and states <= {hold})
        self.close_button.setEnabled(some and closed not in states)
        self.reopen_button.setEnabled(some and states <= {closed})
        self.detail.show_alarm(chosen[0] if len(chosen) == 1 else None)
        if len(chosen) > 1:
            self.detail.title.setText(self.tr("{count} alarms selected").format(count=len(chosen)))

    # -- actions ---------------------------------------------------------------------------

    def run(self, operation: alarm_ops.Operation, alarms: list[Alarm] | None = None) -> None:
        """``operation`` on ``alarms`` (the selected ones), then say what happened."""
        chosen = self.selected() if alarms is None else alarms
        if not chosen:
            return
        op = alarm_ops.update_alarms(parent=self, alarms=chosen, operation=operation)
        op.success(self.show_outcome).failure(lambda error: self.message.setText(str(error))).run(
            self.session
        )

    def show_outcome(self, outcome: UpdateOutcome) -> None:
        for alarm in outcome.done:
            self.book.apply(alarm)
        lines = []
        for alarm, actor in outcome.conflicts:
            self.book.apply(alarm)
            lines.append(
                self.tr("“{title}” was changed by {actor} meanwhile; reloaded.").format(
                    title=words.alarm_title(alarm), actor=actor or self.tr("someone")
                )
            )
        for alarm_id, reason in outcome.refused:
            lines.append(self.tr("Alarm {id}: {reason}").format(id=alarm_id, reason=reason))
        self.message.setText("\n".join(lines))
        self._selection_changed()

    def acknowledge_selected(self) -> None:
        self.run(alarm_ops.acknowledge())

    def take_selected(self) -> None:
        self.run(alarm_ops.assign(self.rights.user))

    def _ask_text(self, title: str, label: str, then: Callable[[str], None]) -> None:
        dialog = TextDialog(title, label, self)
        dialog.accepted.connect(lambda: then(dialog.text()))
        self.dialog = dialog
        dialog.open()

    def assign_selected(self) -> None:
        chosen = self.selected()
        self._ask_text(
            self.tr("Assign"),
            self.tr("User name"),
            lambda owner: self.run(alarm_ops.assign(owner), chosen),
        )

    def comment_selected(self) -> None:
        chosen = self.selected()
        self._ask_text(
            self.tr("Comment"),
            self.tr("Comment"),
            lambda text: self.run(alarm_ops.comment(text), chosen),
        )

    def hold_selected(self) -> None:
        self.run(alarm_ops.hold())

    def resume_selected(self) -> None:
        self.run(alarm_ops.resume())

    def close_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        dialog = CloseDialog(len(chosen), self)

        def closed() -> None:
            resolution, note = dialog.chosen()
            self.run(alarm_ops.close(resolution, note), chosen)

        dialog.accepted.connect(closed)
        self.dialog = dialog
        dialog.open()

    def reopen_selected(self) -> None:
        self.run(alarm_ops.reopen())

    def open_manual_alarm(self) -> None:
        """A manual alarm (ALARM-08) on the camera filter's camera, if one is picked."""
        camera_id = int(self.camera_filter.currentData() or 0)
        title, label = self.tr("Manual alarm"), self.tr("What is happening")
        dialog = TextDialog(title, label, self, limit=NAME_MAX)
        dialog.accepted.connect(lambda: self.trigger_manual(dialog.text(), camera_id))
        self.dialog = dialog
        dialog.open()

    def trigger_manual(self, name: str, camera_id: int = 0) -> None:
        op = alarm_ops.trigger_manual_alarm(parent=self, name=name, camera_id=camera_id)
        op.success(self.book.apply).failure(lambda error: self.message.setText(str(error)))
        op.run(self.session)
