"""Alarm toasts that do not flood the operator (research §5): at most three, one per
(rule, source), updated rather than added, and "+N more" beyond.

``ToastStack`` is a view of the ``AlarmBook``: it shows the New alarms, the highest
priority and then the latest trigger first, one toast per (rule, key) (a repeat
folding in, or a new alarm of a source already shown, updates that toast's count
and time). An alarm acknowledged on any console leaves New, so its toast goes on
every console at once. Each toast: the priority's colour, title, camera, time,
count, and the buttons Acknowledge (when the user may) and Show.

Signals: ``acknowledge(Alarm)``, ``show_alarm(Alarm)``, ``show_all()`` ("+N more").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import alarms_pb2
from vedette_console.alarms import words
from vedette_console.alarms.book import AlarmBook
from vedette_console.alarms.later import Later
from vedette_console.time_display import TimeDisplay

#: At most this many toasts at once.
MAX_TOASTS = 3
TOAST_WIDTH = 340
_MARGIN = 12

Alarm = alarms_pb2.Alarm


def toast_groups(book: AlarmBook) -> list[Alarm]:
    """The alarm each toast shows, in order: per (rule, key) the latest New alarm;
    priority 1 first, then the latest trigger."""
    latest: dict[tuple[int, str], Alarm] = {}
    for alarm in book.new_alarms():  # latest first: the first seen of a group wins
        latest.setdefault((int(alarm.rule_id), alarm.key), alarm)
    groups = list(latest.values())
    groups.sort(key=lambda a: (a.priority or 9, -a.last_time.ToMicroseconds(), -a.id))
    return groups


class Toast(QFrame):
    """One alarm's toast; ``alarm`` is what it shows now."""

    def __init__(self, stack: ToastStack) -> None:
        super().__init__(stack)
        self.setObjectName("alarmToast")
        self.alarm = Alarm()
        #: The priority colour of the style sheet set, and the title shown.
        self._color: str | None = None
        self._title: str | None = None
        self.setFixedWidth(TOAST_WIDTH)
        self.band = QFrame()
        self.band.setObjectName("toastBand")
        self.band.setFixedWidth(6)
        self.title = QLabel()
        self.title.setObjectName("toastTitle")
        # Elided to the room left by the count, never pushing the toast wider.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.details = QLabel()
        self.details.setObjectName("muted")
        self.count = QLabel()
        self.count.setObjectName("toastCount")
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.show_button = QPushButton(self.tr("Show"))
        self.ack_button.clicked.connect(lambda: stack.acknowledge.emit(self.alarm))
        self.show_button.clicked.connect(lambda: stack.show_alarm.emit(self.alarm))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count)
        buttons.addStretch(1)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.show_button)
        text = QVBoxLayout()
        text.setContentsMargins(8, 6, 8, 6)
        text.addWidget(self.title)
        text.addWidget(self.details)
        text.addLayout(buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.band)
        row.addLayout(text, 1)

    def show_alarm(self, alarm: Alarm, camera: str, when: str, may_handle: bool) -> bool:
        """Show ``alarm``; whether anything shown changed. Only what changed is set
        (a style sheet set again restyles the whole toast: under a storm of repeats
        the same three toasts are refreshed ten times a second)."""
        self.alarm = alarm
        changed = False
        color = words.priority_color(alarm.priority).name()
        if color != self._color:
            self._color = color
            self.setStyleSheet(_style_sheet(color))
            self._title = None  # elided again in the new style's font
            changed = True
        title = words.alarm_title(alarm)
        if title != self._title:
            self._title = title
            self.title.setToolTip(title)
            self.title.ensurePolished()
            metrics = QFontMetrics(self.title.font())
            elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, TOAST_WIDTH - 30)
            self.title.setText(elided)
            changed = True
        count = self.tr("×{count}").format(count=alarm.count) if alarm.count > 1 else ""
        details = self.tr("{priority} · {camera} · {time}").format(
            priority=words.priority_label(alarm.priority), camera=camera, time=when
        )
        if alarm.escalated:
            details += " · " + self.tr("escalated")
        changed |= _set_text(self.count, count)
        changed |= _set_text(self.details, details)
        if self.ack_button.isHidden() == may_handle:
            self.ack_button.setVisible(may_handle)
            changed = True
        layout = self.layout()
        if changed and layout is not None:
            layout.activate()  # the new texts' sizes now, not at the next event
        return changed


def _style_sheet(color: str) -> str:
    return (
        "QFrame#alarmToast { background: #23262d; border: 1px solid #3a3f4a;"
        " border-radius: 4px; }"
        f" QFrame#toastBand {{ background: {color}; border: none; }}"
        " QLabel { background: transparent; }"
        " QLabel#toastTitle { font-weight: bold; color: #eef1f6; }"
        f" QLabel#toastCount {{ color: {color}; font-weight: bold; }}"
    )


def _set_text(label: QLabel, text: str) -> bool:
    """Set ``label``'s text if it differs; whether it did."""
    if label.text() == text:
        return False
    label.setText(text)
    return True


class ToastStack(QWidget):
    """The toast layer over a window's bottom right corner."""

    acknowledge = Signal(object)
    show_alarm = Signal(object)
    show_all = Signal()

    def __init__(
        self,
        book: AlarmBook,
        parent: QWidget,
        *,
        camera_names: Callable[[], dict[int, str]] = dict,
        display: Callable[[], TimeDisplay] | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.camera_names = camera_names
        self.display = display
        #: Whether the user may acknowledge (the session's account's rights).
        self.may_handle = False
        self.toasts = [Toast(self) for _ in range(MAX_TOASTS)]
        self.more = QPushButton()
        self.more.setObjectName("toastMore")
        self.more.clicked.connect(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for toast in self.toasts:
            layout.addWidget(toast)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignRight)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.refresh_later = Later(self, self.refresh)
        book.changed.connect(self.refresh_later)
        book.reset.connect(self.refresh_later)
        parent.installEventFilter(self)
        self.refresh()

    def shown(self) -> list[Alarm]:
        """The alarms the visible toasts show, top first."""
        return [t.alarm for t in self.toasts if not t.isHidden()]

    def hidden_count(self) -> int:
        return max(0, len(toast_groups(self.book)) - MAX_TOASTS)

    def refresh(self) -> None:
        groups = toast_groups(self.book)
        names = self.camera_names()
        display = self.display() if self.display is not None else None
        changed = False
        for index, toast in enumerate(self.toasts):
            visible = index < len(groups)
            if visible:
                alarm = groups[index]
                last = alarm.last_time.ToMicroseconds()
                when = display.date_time(last) if display is not None and last else ""
                camera = words.camera_label(int(alarm.camera_id), names)
                changed |= toast.show_alarm(alarm, camera, when, self.may_handle)
            if toast.isHidden() == visible:
                toast.setVisible(visible)
                changed = True
        extra = max(0, len(groups) - MAX_TOASTS)
        more = QCoreApplication.translate("Alarms", "+{count} more").format(count=extra)
        if more != self.more.text() or self.more.isHidden() == (extra > 0):
            self.more.setText(more)
            self.more.setVisible(extra > 0)
            changed = True
        if self.isHidden() == bool(groups):
            self.setVisible(bool(groups))
            changed = True
        if changed:  # placed again only when its size may have changed
            self.place()
            self.raise_()

    def place(self) -> None:
        """Bottom right of the parent, above the status bar."""
        parent = self.parentWidget()
        if parent is None:
            return
        self.adjustSize()
        size = self.sizeHint()
        x = parent.width() - size.width() - _MARGIN
        y = parent.height() - size.height() - _MARGIN - 24
        self.setGeometry(max(0, x), max(0, y), size.width(), size.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False
