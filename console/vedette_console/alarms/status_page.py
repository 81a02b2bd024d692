"""The alarm status page (ALARM-09, the manual's "état des alarmes"): each open alarm
with its source, the outputs' and I/O devices' states, the sound, and "Clear
buzzer" (``SilenceBuzzer``: every console goes quiet) for users with the right.

A view of the ``AlarmBook`` and the ``AlarmSound``: it follows the feed, nothing is
polled. Under an alarm storm it costs the UI thread little: it refreshes only while
shown (and when shown, if something changed meanwhile), at most every 100 ms
(``Later``), row by row (only the alarms that changed), and input changes, which it
does not list, do not touch its outputs list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import alarms_pb2
from vedette_console.alarms import words
from vedette_console.alarms.book import AlarmBook
from vedette_console.alarms.later import Later
from vedette_console.alarms.sound import AlarmSound
from vedette_console.time_display import TimeDisplay

Alarm = alarms_pb2.Alarm
#: Where an item keeps its alarm.
_ALARM = Qt.ItemDataRole.UserRole


def source_text(alarm: alarms_pb2.Alarm, names: dict[int, str]) -> str:
    """Where the alarm comes from: its rule and source key, and its camera."""
    where = words.camera_label(int(alarm.camera_id), names)
    rule = words.rule_label(alarm.rule_name)
    parts = [rule, alarm.key, where] if alarm.key else [rule, where]
    return " · ".join(parts)


class AlarmStatusPage(QWidget):
    """Signals: ``clear_buzzer()``, ``open_alarm(Alarm)`` (a double-click),
    ``play_alarm(Alarm)`` (its recording)."""

    clear_buzzer = Signal()
    open_alarm = Signal(object)
    play_alarm = Signal(object)

    def __init__(
        self,
        book: AlarmBook,
        sound: AlarmSound,
        *,
        camera_names: Callable[[], dict[int, str]] = dict,
        display: Callable[[], TimeDisplay] | None = None,
    ) -> None:
        super().__init__()
        self.book = book
        self.sound = sound
        self.camera_names = camera_names
        self.display = display
        title = QLabel(self.tr("Alarm status"))
        title.setObjectName("title")
        self.sound_label = QLabel()
        self.clear_button = QPushButton(self.tr("Clear buzzer"))
        self.clear_button.setToolTip(self.tr("Silence the alarm sound on every console"))
        self.clear_button.clicked.connect(self.clear_buzzer)
        self.snooze_button = QPushButton(self.tr("Snooze 5 min"))
        self.snooze_button.setToolTip(self.tr("Silence this console for five minutes"))
        self.snooze_button.clicked.connect(lambda: sound.snooze())
        self.play_button = QPushButton(self.tr("Play recording"))
        self.play_button.setToolTip(self.tr("Play the selected alarm's cameras at the alarm"))
        self.play_button.clicked.connect(self._play_selected)
        self.play_button.setEnabled(False)
        self.alarms = QTreeWidget()
        self.alarms.setRootIsDecorated(False)
        self.alarms.setHeaderLabels(
            [self.tr("Priority"), self.tr("State"), self.tr("Alarm"), self.tr("Source"),
             self.tr("Since"), self.tr("Count"), self.tr("Owner")]
        )  # fmt: skip
        self.alarms.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alarms.itemDoubleClicked.connect(
            lambda item, _column: self.open_alarm.emit(item.data(0, _ALARM))
        )
        self.alarms.itemSelectionChanged.connect(
            lambda: self.play_button.setEnabled(self.selected() is not None)
        )
        self.outputs = QTreeWidget()
        self.outputs.setRootIsDecorated(False)
        self.outputs.setHeaderLabels(
            [self.tr("Output or device"), self.tr("State"), self.tr("Until"), self.tr("By")]
        )
        top = QHBoxLayout()
        top.addWidget(self.sound_label, 1)
        top.addWidget(self.play_button)
        top.addWidget(self.snooze_button)
        top.addWidget(self.clear_button)
        open_label = QLabel(self.tr("Open alarms"))
        open_label.setObjectName("section")
        io_label = QLabel(self.tr("Outputs and I/O devices"))
        io_label.setObjectName("section")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(open_label)
        layout.addWidget(self.alarms, 3)
        layout.addWidget(io_label)
        layout.addWidget(self.outputs, 2)
        #: Each open alarm's row, and the alarm it shows (updated row by row).
        self._items: dict[int, QTreeWidgetItem] = {}
        self._filled: dict[int, Alarm] = {}
        self._names: dict[int, str] = {}
        #: What changed since it was last shown: refreshed only while shown.
        self._alarms_dirty = True
        self._io_dirty = True
        self.refresh_later = Later(self, self._refresh_shown)
        book.changed.connect(self._alarms_changed)
        book.reset.connect(self._alarms_changed)
        book.outputs_changed.connect(self._io_changed)
        sound.state_changed.connect(self.refresh_sound)
        self.set_may_clear(False)
        self.refresh_sound()

    def set_may_clear(self, allowed: bool) -> None:
        self.clear_button.setVisible(allowed)

    def _time(self, time_us: int) -> str:
        return self.display().date_time(time_us) if self.display is not None and time_us else ""

    # -- refreshing only what is shown ---------------------------------------------------

    def _alarms_changed(self, *_args: object) -> None:
        self._alarms_dirty = True
        if self.isVisible():
            self.refresh_later()

    def _io_changed(self) -> None:
        self._io_dirty = True
        if self.isVisible():
            self.refresh_later()

    def _refresh_shown(self) -> None:
        if not self.isVisible():
            return  # stays dirty: refreshed when shown
        if self._alarms_dirty:
            self.refresh()
        if self._io_dirty:
            self.refresh_io()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_shown()

    def refresh(self) -> None:
        """The open alarms' rows, updated in place: rows of closed alarms leave, new
        ones are inserted, moved ones moved, and only changed alarms' texts are set."""
        self._alarms_dirty = False
        names = self.camera_names()
        if names != self._names:
            self._names = names
            self._filled.clear()  # every source text again
        alarms = sorted(
            self.book.open.values(),
            key=lambda a: (a.priority or 9, -a.last_time.ToMicroseconds(), -a.id),
        )
        wanted = {a.id for a in alarms}
        added_or_removed = False
        for alarm_id in [i for i in self._items if i not in wanted]:
            item = self._items.pop(alarm_id)
            self._filled.pop(alarm_id, None)
            self.alarms.takeTopLevelItem(self.alarms.indexOfTopLevelItem(item))
            added_or_removed = True
        for row, alarm in enumerate(alarms):
            known = self._items.get(alarm.id)
            item = QTreeWidgetItem() if known is None else known
            if known is None:
                self._items[alarm.id] = item
                self.alarms.insertTopLevelItem(row, item)
                added_or_removed = True
            elif self.alarms.topLevelItem(row) is not item:
                self._move(item, row)
            if self._filled.get(alarm.id) is not alarm:
                self._fill(item, alarm, names)
        if added_or_removed:
            for column in range(self.alarms.columnCount()):
                self.alarms.resizeColumnToContents(column)
        self.refresh_sound()

    def _move(self, item: QTreeWidgetItem, row: int) -> None:
        current, selected = self.alarms.currentItem() is item, item.isSelected()
        self.alarms.takeTopLevelItem(self.alarms.indexOfTopLevelItem(item))
        self.alarms.insertTopLevelItem(row, item)
        if current:
            self.alarms.setCurrentItem(item)
        item.setSelected(selected)

    def _fill(self, item: QTreeWidgetItem, alarm: Alarm, names: dict[int, str]) -> None:
        texts = (
            words.priority_label(alarm.priority),
            words.state_label(alarm.state),
            words.alarm_title(alarm),
            source_text(alarm, names),
            self._time(alarm.first_time.ToMicroseconds()),
            str(alarm.count),
            alarm.owner,
        )
        for column, text in enumerate(texts):
            if item.text(column) != text:
                item.setText(column, text)
        before = self._filled.get(alarm.id)
        if before is None or before.priority != alarm.priority:
            item.setForeground(0, words.priority_color(alarm.priority))
        item.setData(0, _ALARM, alarm)
        self._filled[alarm.id] = alarm

    def selected(self) -> alarms_pb2.Alarm | None:
        items = self.alarms.selectedItems()
        alarm = items[0].data(0, _ALARM) if items else None
        return alarm if isinstance(alarm, alarms_pb2.Alarm) and alarm.camera_id else None

    def _play_selected(self) -> None:
        alarm = self.selected()
        if alarm is not None:
            self.play_alarm.emit(alarm)

    def refresh_io(self) -> None:
        """The outputs and devices (a few, changing seldom): listed again."""
        self._io_dirty = False
        self.outputs.clear()
        for state in self.book.outputs():
            if state.kind == alarms_pb2.IO_KIND_INPUT:
                continue
            if state.kind == alarms_pb2.IO_KIND_DEVICE:
                on = (
                    self.tr("online")
                    if state.active
                    else self.tr("offline: {why}").format(why=state.detail or "?")
                )
                row = [state.name, on, "", ""]
            else:
                until = state.until_time.ToMicroseconds() if state.HasField("until_time") else 0
                row = [
                    state.name,
                    self.tr("on") if state.active else self.tr("off"),
                    self._time(until) if state.active and until else "",
                    state.actor,
                ]
            self.outputs.addTopLevelItem(QTreeWidgetItem(row))
        for column in range(self.outputs.columnCount()):
            self.outputs.resizeColumnToContents(column)

    def refresh_sound(self) -> None:
        if self.sound.snoozed:
            text = self.tr("Sound: snoozed")
        elif self.sound.channel.looping:
            text = self.tr("Sound: on (a high-priority alarm is new)")
        else:
            text = self.tr("Sound: quiet")
        self.sound_label.setText(text)
