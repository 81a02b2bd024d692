"""System → System log (SYS-09): search the server's log by type, time range and
text, newest first, a page at a time, each entry's sentence in the operator's
language (``log_words.log_text``); an entry about a camera plays that camera's
video from the entry's time ("Play video" or a double click emits
``open_playback(camera_id, time_us)``, which the Settings window hands to
``MainWindow.open_playback``)."""

from __future__ import annotations

import contextlib
import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import US_PER_S, now_us, us_from_timestamp
from vedette_api.v1 import accounts_pb2, system_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.log_words import log_text, log_user
from vedette_console.operations import system as ops
from vedette_console.session import Session
from vedette_console.settings.page import SettingsPage, SettingsRights, tr
from vedette_console.widgets.server_time_edit import ServerTimeEdit

_COLUMNS = (
    QT_TRANSLATE_NOOP("settings", "Time"),
    QT_TRANSLATE_NOOP("settings", "Type"),
    QT_TRANSLATE_NOOP("settings", "Action"),
    QT_TRANSLATE_NOOP("settings", "User"),
    QT_TRANSLATE_NOOP("settings", "Address"),
    QT_TRANSLATE_NOOP("settings", "Camera"),
    QT_TRANSLATE_NOOP("settings", "Outcome"),
    QT_TRANSLATE_NOOP("settings", "Message"),
)
#: The search's types: (SDK name, label); "" is every type.
_TYPES = (
    ("", QT_TRANSLATE_NOOP("settings", "Every type")),
    ("operation", QT_TRANSLATE_NOOP("settings", "Operation")),
    ("alarm", QT_TRANSLATE_NOOP("settings", "Alarm")),
    ("exception", QT_TRANSLATE_NOOP("settings", "Exception")),
    ("information", QT_TRANSLATE_NOOP("settings", "Information")),
)
_TYPE_NAMES = {
    system_pb2.LOG_TYPE_OPERATION: _TYPES[1][1],
    system_pb2.LOG_TYPE_ALARM: _TYPES[2][1],
    system_pb2.LOG_TYPE_EXCEPTION: _TYPES[3][1],
    system_pb2.LOG_TYPE_INFORMATION: _TYPES[4][1],
}
_DAY_US = 86_400 * US_PER_S


class SystemLogPage(SettingsPage):
    """Signals: ``open_playback(camera_id, time_us)``."""

    group = "System"
    title = "System log"
    areas = (accounts_pb2.AREA_LOGS,)

    open_playback = Signal(object, object)

    def __init__(
        self, session: Session, rights: SettingsRights, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, rights, parent)
        display = session.settings.display
        self.type = QComboBox()
        for name, label in _TYPES:
            self.type.addItem(tr(label), name)
        self.use_start = QCheckBox(tr("From"))
        self.use_start.setChecked(True)
        self.start = ServerTimeEdit(now_us() - _DAY_US, display)
        self.use_end = QCheckBox(tr("To"))
        self.end = ServerTimeEdit(now_us() + 3600 * US_PER_S, display)
        self.use_start.toggled.connect(self.start.setEnabled)
        self.use_end.toggled.connect(self.end.setEnabled)
        self.end.setEnabled(False)
        self.text = QLineEdit()
        self.text.setMaxLength(200)
        self.text.setPlaceholderText(tr("Text in the message, action, user, address or details"))
        self.text.returnPressed.connect(self.search)
        self.search_button = QPushButton(tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellDoubleClicked.connect(lambda *_: self.play())
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(110)
        self.more_button = QPushButton(tr("Older entries"))
        self.more_button.clicked.connect(self.more)
        self.play_button = QPushButton(tr("Play video"))
        self.play_button.setToolTip(tr("Plays the entry's camera from the entry's time"))
        self.play_button.clicked.connect(self.play)
        self.count = QLabel("")

        filters = QGridLayout()
        filters.addWidget(QLabel(tr("Type")), 0, 0)
        filters.addWidget(self.type, 0, 1)
        filters.addWidget(self.use_start, 0, 2)
        filters.addWidget(self.start, 0, 3)
        filters.addWidget(self.use_end, 0, 4)
        filters.addWidget(self.end, 0, 5)
        filters.addWidget(QLabel(tr("Text")), 1, 0)
        filters.addWidget(self.text, 1, 1, 1, 4)
        filters.addWidget(self.search_button, 1, 5)
        filters.setColumnStretch(6, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count)
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.play_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.controls = [self.search_button, self.more_button, self.play_button]
        self.entries: list[system_pb2.LogEntry] = []
        #: Entries a search or "Older entries" adds.
        self.page_size = ops.LOG_PAGE
        self.camera_names: dict[int, str] = {}
        self.has_more = False
        self._query = ops.LogQuery()
        session.settings_changed.connect(self._on_settings)
        self.update_controls()

    def _on_settings(self, settings: object) -> None:
        display = self.session.settings.display
        self.start.set_display(display)
        self.end.set_display(display)
        self._show_rows()

    def query(self) -> ops.LogQuery:
        return ops.LogQuery(
            types=(self.type.currentData(),) if self.type.currentData() else (),
            start_us=self.start.time_us() if self.use_start.isChecked() else None,
            end_us=self.end.time_us() if self.use_end.isChecked() else None,
            text=self.text.text().strip(),
            page_size=self.page_size,
        )

    def load(self) -> None:
        self.search()

    def search(self) -> None:
        self._query = self.query()
        self.entries = []
        self._fetch(None)

    def more(self) -> None:
        if self.entries:
            self._fetch(self.entries[-1])

    def _fetch(self, older_than: system_pb2.LogEntry | None) -> None:
        def found(page: ops.LogPage) -> None:
            self.entries = self.entries + page.entries
            self.camera_names = page.camera_names
            self.has_more = page.more
            self._show_rows()
            self.say("")

        op = ops.search_logs(parent=self, query=self._query, older_than=older_than)
        self.run(op, found, working=tr("Searching…"))

    def _show_rows(self) -> None:
        display = self.session.settings.display
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = (
                display.date_time(us_from_timestamp(entry.time)),
                tr(_TYPE_NAMES.get(entry.type, "")),
                entry.action,
                log_user(entry),
                entry.peer,
                self.camera_text(entry.camera_id),
                entry.outcome,
                log_text(entry),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, column, item)
        self.count.setText(
            count_text("settings", len(self.entries), "{count} entry", "{count} entries")
            + (tr(" (older ones match too)") if self.has_more else "")
        )
        self.update_controls()

    def camera_text(self, camera_id: int) -> str:
        """The camera's name; its number when it is gone or not yours to see."""
        if not camera_id:
            return ""
        name = self.camera_names.get(camera_id)
        return name if name else tr("camera #{id}").format(id=camera_id)

    def selected_entry(self) -> system_pb2.LogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.detail.clear()
        else:
            detail = entry.detail_json
            if detail:
                with contextlib.suppress(ValueError):
                    detail = json.dumps(json.loads(detail), indent=2, ensure_ascii=False)
            self.detail.setPlainText(f"{log_text(entry)}\n{detail}".strip())
        self.update_controls()

    def update_controls(self) -> None:
        if self.busy:
            return
        entry = self.selected_entry()
        self.play_button.setEnabled(entry is not None and entry.camera_id > 0)
        self.more_button.setEnabled(self.has_more)

    def play(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.camera_id:
            return
        self.open_playback.emit(int(entry.camera_id), us_from_timestamp(entry.time))
