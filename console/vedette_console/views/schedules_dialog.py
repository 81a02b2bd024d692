"""The schedules dialog (REC-05, the manual's 7.3 "edit schedules"): the server's weekly
schedules in a list, each shown and edited in the week grid; new, rename (the name
field), save and delete. The built-in 24×7 is shown read-only; the presets 24×5 and
24×2 can be edited but the server keeps them (no rename, no delete).

Every change goes to the server at once (``PutSchedule``, ``DeleteSchedule``) and
applies to the cameras using the schedule; the server's refusal (a day with more
than eight ranges, a name taken, a schedule a camera still uses) is shown in its
words and the stored schedule stays as it was. ``schedules_changed`` carries the
list after each change, for the recording tab's choosers.
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
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import common_pb2, recording_pb2
from vedette_console.failures import error_text
from vedette_console.operations import schedules as ops
from vedette_console.session import Session
from vedette_console.widgets.confirm import ask_yes
from vedette_console.widgets.timeline import REASON_COLORS
from vedette_console.widgets.week_editor import WeekEditor
from vedette_console.widgets.week_grid import GridLayer
from vedette_console.widgets.week_minutes import WeekMinutes

_ID_ROLE = Qt.ItemDataRole.UserRole


class SchedulesDialog(QDialog):
    """``camera_names``: id → name, to say which cameras use a schedule."""

    schedules_changed = Signal(list)

    def __init__(
        self,
        session: Session,
        camera_names: dict[int, str],
        parent: QWidget | None = None,
        *,
        select_id: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Schedules"))
        self.resize(900, 440)
        self.session = session
        self.camera_names = dict(camera_names)
        self.schedules: list[recording_pb2.Schedule] = []
        #: The schedule shown: a stored one, or a new one (id 0) until saved.
        self.current = recording_pb2.Schedule()
        self._select_id = select_id
        #: The open "delete?" question (tests answer it).
        self.confirm: QMessageBox | None = None
        self._working = False
        self._closing = False

        self.list = QListWidget()
        self.list.setMinimumWidth(170)
        self.list.currentItemChanged.connect(self._picked)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.new_schedule)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.name = QLineEdit()
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(self.tr("Name of the schedule"))
        self.name.textChanged.connect(self._update)
        self.about = QLabel("")
        self.about.setObjectName("muted")
        self.about.setWordWrap(True)
        self.editor = WeekEditor()
        self.editor.edited.connect(self._update)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        side.addLayout(buttons)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.about)
        saving = QHBoxLayout()
        saving.addWidget(self.status, 1)
        saving.addWidget(self.save_button)
        main = QVBoxLayout()
        main.addLayout(form)
        main.addWidget(self.editor)
        main.addStretch(1)
        main.addLayout(saving)
        body = QHBoxLayout()
        body.addLayout(side)
        body.addLayout(main, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self._show(self.current)

    # -- the list --------------------------------------------------------------------

    def load(self) -> None:
        self._say(self.tr("Reading the schedules…"))
        op = ops.list_schedules(parent=self)
        op.success(self._listed)
        op.failure(lambda error: self._say(error_text(error), ok=False))
        op.run(self.session)

    def _listed(self, schedules: list[recording_pb2.Schedule], say: str = "") -> None:
        self.schedules = list(schedules)
        select = self._select_id
        self.list.blockSignals(True)
        self.list.clear()
        for schedule in self.schedules:
            item = QListWidgetItem(self._list_words(schedule))
            item.setData(_ID_ROLE, schedule.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.schedules:
            found = next((s for s in self.schedules if s.id == select), self.schedules[0])
            self._show_id(found.id)
        self._say(say, ok=True if say else None)

    def _list_words(self, schedule: recording_pb2.Schedule) -> str:
        if schedule.read_only:
            return self.tr("{name} (built in, read-only)").format(name=schedule.name)
        if schedule.builtin:
            return self.tr("{name} (preset)").format(name=schedule.name)
        return schedule.name

    def select(self, schedule_id: int) -> None:
        """As if the operator picked ``schedule_id`` in the list."""
        row = next((i for i, s in enumerate(self.schedules) if s.id == schedule_id), -1)
        self.list.setCurrentRow(row)

    def _picked(self) -> None:
        """The operator picked a schedule in the list (asked first when the one shown
        has changes not saved)."""
        if self.list.currentRow() < 0:
            return
        schedule_id = int(self.list.currentItem().data(_ID_ROLE))
        if schedule_id == self.current.id:
            return
        if self.changed():
            self._set_row(self.current.id)  # until the operator answers
            self._ask_discard(lambda: self._show_id(schedule_id))
            return
        self._show_id(schedule_id)

    def _set_row(self, schedule_id: int) -> None:
        """Select ``schedule_id``'s row (none for 0) without acting on it."""
        row = next((i for i, s in enumerate(self.schedules) if s.id == schedule_id), -1)
        self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def _show_id(self, schedule_id: int) -> None:
        found = next((s for s in self.schedules if s.id == schedule_id), None)
        if found is not None:
            self._set_row(schedule_id)
            self._select_id = schedule_id
            self._show(found)
            self._say("")

    def _ask_discard(self, then: Callable[[], None]) -> None:
        name = self.current.name or self.tr("the new schedule")
        self.confirm = ask_yes(
            self,
            self.tr("Changes not saved"),
            self.tr("Forget the changes to “{name}”?").format(name=name),
            then,
            on_closed=self._forget_confirm,
        )

    def reject(self) -> None:
        """Close, asking first when the schedule shown has changes not saved."""
        if self.changed() and not self._closing:
            self._ask_discard(self._close_anyway)
            return
        super().reject()

    def _close_anyway(self) -> None:
        self._closing = True
        self.reject()

    def _show(self, schedule: recording_pb2.Schedule) -> None:
        self.current = schedule
        self.name.setText(schedule.name)
        self.name.setReadOnly(schedule.read_only)
        layer = GridLayer(
            "schedule",
            self.tr("Recorded"),
            REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE],
            ops.week_from_proto(schedule.week),
        )
        self.editor.set_layers([layer], "schedule")
        self.editor.set_read_only(schedule.read_only)
        self.about.setText(self._about(schedule))
        self._update()

    def _about(self, schedule: recording_pb2.Schedule) -> str:
        if schedule.read_only:
            return self.tr("Built in: always, every day. It cannot be changed or deleted.")
        if not schedule.id:
            return self.tr("A new schedule: draw its hours, name it and save.")
        users = [self.camera_names.get(i, f"#{i}") for i in schedule.used_by_camera_ids]
        words = self.tr("Used by: {cameras}.").format(cameras=", ".join(users))
        if not users:
            words = self.tr("No camera uses it.")
        if schedule.builtin:
            words += " " + self.tr("A preset: its hours can be changed, not its name.")
        return words

    # -- editing ---------------------------------------------------------------------

    def edited_week(self) -> WeekMinutes:
        week = self.editor.grid.active_week()
        assert week is not None
        return week

    def changed(self) -> bool:
        if self.current.read_only:
            return False
        renamed = self.name.text().strip() != self.current.name
        return renamed or self.edited_week() != ops.week_from_proto(self.current.week)

    def new_schedule(self) -> None:
        if self.changed():
            self._ask_discard(self._new)
            return
        self._new()

    def _new(self) -> None:
        self._set_row(0)
        self._show(recording_pb2.Schedule())
        self.name.setFocus()
        self._say("")

    def save(self) -> None:
        name = self.name.text().strip()
        if not name:
            self._say(self.tr("The schedule needs a name"), ok=False)
            return
        self._busy(True)
        self._say(self.tr("Saving…"))
        op = ops.put_schedule(
            parent=self, schedule_id=self.current.id, name=name, week=self.edited_week()
        )
        op.success(self._saved)
        op.failure(self._failed)
        op.run(self.session)

    def _saved(self, schedule: recording_pb2.Schedule) -> None:
        self._select_id = schedule.id
        self._busy(False)
        self._reload(self.tr("Saved"))

    def ask_delete(self) -> None:
        self.confirm = ask_yes(
            self,
            self.tr("Delete schedule"),
            self.tr("Delete the schedule “{name}”?").format(name=self.current.name),
            self.delete,
            on_closed=self._forget_confirm,
            icon=QMessageBox.Icon.Warning,
        )

    def _forget_confirm(self) -> None:
        self.confirm = None

    def delete(self) -> None:
        self._busy(True)
        self._say(self.tr("Deleting…"))
        name = self.current.name
        op = ops.delete_schedule(parent=self, schedule_id=self.current.id)
        op.success(lambda _: self._deleted(name))
        op.failure(self._failed)
        op.run(self.session)

    def _deleted(self, name: str) -> None:
        self._select_id = 0
        self._busy(False)
        self._reload(self.tr("Deleted “{name}”").format(name=name))

    def _reload(self, say: str) -> None:
        op = ops.list_schedules(parent=self)
        op.success(lambda schedules: self._changed(schedules, say))
        op.failure(lambda error: self._say(error_text(error), ok=False))
        op.run(self.session)

    def _changed(self, schedules: list[recording_pb2.Schedule], say: str) -> None:
        self._listed(schedules, say)
        self.schedules_changed.emit(list(schedules))

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        self._say(error_text(error), ok=False)

    # -- state -----------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        self._working = busy
        self._update()

    def _update(self) -> None:
        working = self._working
        named = bool(self.name.text().strip())
        self.save_button.setEnabled(not working and named and self.changed())
        stored = bool(self.current.id)
        self.delete_button.setEnabled(not working and stored and not self.current.builtin)
        self.new_button.setEnabled(not working)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
