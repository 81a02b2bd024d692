"""The alarm list's detail pane: one alarm's activities, instructions and cameras,
and "Play", which opens playback of its cameras from its first trigger minus their
pre-alarm (the server's ``playback_start``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import alarms_pb2
from vedette_console.alarms import words
from vedette_console.operations import alarms as alarm_ops
from vedette_console.operations.server_op import CallRunner
from vedette_console.time_display import TimeDisplay


def activity_change(activity: alarms_pb2.AlarmActivity) -> str:
    """What an activity changed, in words: a state move or a field's values."""
    if activity.state_before and activity.state_before != activity.state_after:
        before, after = activity.state_before, activity.state_after
        return f"{words.state_label(before)} → {words.state_label(after)}"
    if activity.before or activity.after:
        return f"{activity.before or '—'} → {activity.after or '—'}"
    return ""


def camera_ids(alarm: alarms_pb2.Alarm) -> list[int]:
    """The alarm's camera, then its related cameras (each once)."""
    ids = [int(alarm.camera_id)] if alarm.camera_id else []
    ids += [int(i) for i in alarm.related_camera_ids if i and int(i) not in ids]
    return ids


def playback_of(response: alarms_pb2.GetAlarmResponse) -> tuple[list[int], int, int] | None:
    """What "Play" plays: the alarm's cameras (at most 16) from ``playback_start`` to
    ``playback_end``; None for an alarm without camera or range."""
    ids = camera_ids(response.alarm)
    if not ids or not response.HasField("playback_start"):
        return None
    start = response.playback_start.ToMicroseconds()
    end = response.playback_end.ToMicroseconds() if response.HasField("playback_end") else 0
    return ids[:16], start, max(start, end)


class AlarmDetail(QWidget):
    """Signals: ``play(camera_ids, start_us, end_us)`` (the playback range: from the
    first trigger minus the pre-alarm to the last plus the post-alarm)."""

    play = Signal(list, object, object)

    def __init__(
        self,
        session: CallRunner,
        *,
        camera_names: Callable[[], dict[int, str]] = dict,
        display: Callable[[], TimeDisplay] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.camera_names = camera_names
        self.display = display
        #: The alarm shown and what the server said of it (None: nothing shown).
        self.alarm: alarms_pb2.Alarm | None = None
        self.response: alarms_pb2.GetAlarmResponse | None = None
        self.title = QLabel(self.tr("No alarm selected"))
        self.title.setObjectName("section")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.cameras = QLabel()
        self.cameras.setWordWrap(True)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setToolTip(
            self.tr("Play the alarm's cameras from before its first trigger")
        )
        self.play_button.clicked.connect(self._play)
        self.play_button.setEnabled(False)
        self.history = QTreeWidget()
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels(
            [self.tr("Time"), self.tr("Who"), self.tr("What"), self.tr("Change"), self.tr("Text")]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.instructions)
        layout.addWidget(self.cameras)
        layout.addWidget(self.play_button)
        history = QLabel(self.tr("Activities"))
        history.setObjectName("section")
        layout.addWidget(history)
        layout.addWidget(self.history, 1)

    def _time(self, time_us: int) -> str:
        return self.display().date_time(time_us) if self.display is not None and time_us else ""

    def show_alarm(self, alarm: alarms_pb2.Alarm | None, *, background: bool = False) -> None:
        """Show ``alarm`` (None: nothing) and read its history."""
        self.alarm = alarm
        if alarm is None:
            self.response = None
            self.title.setText(self.tr("No alarm selected"))
            for label in (self.summary, self.instructions, self.cameras):
                label.clear()
            self.history.clear()
            self.play_button.setEnabled(False)
            return
        self._show_fields(alarm)
        op = alarm_ops.get_alarm(parent=self, alarm_id=alarm.id)
        op.success(self._loaded).failure(lambda error: self.summary.setText(str(error)))
        (op.background() if background else op).run(self.session)

    def _show_fields(self, alarm: alarms_pb2.Alarm) -> None:
        self.title.setText(words.alarm_title(alarm))
        self.summary.setText(
            self.tr(
                "{state} · {priority} · rule “{rule}” · {count} trigger(s) · owner {owner}"
            ).format(
                state=words.state_label(alarm.state),
                priority=words.priority_label(alarm.priority),
                rule=words.rule_label(alarm.rule_name),
                count=alarm.count,
                owner=alarm.owner or self.tr("nobody"),
            )
        )
        self.instructions.setText(
            self.tr("Instructions: {text}").format(text=alarm.instructions)
            if alarm.instructions
            else ""
        )
        names = self.camera_names()
        ids = camera_ids(alarm)
        self.cameras.setText(
            self.tr("Cameras: {names}").format(
                names=", ".join(words.camera_label(i, names) for i in ids)
            )
            if ids
            else self.tr("No camera (server-wide)")
        )

    def _loaded(self, response: alarms_pb2.GetAlarmResponse) -> None:
        if self.alarm is None or response.alarm.id != self.alarm.id:
            return  # another alarm was selected meanwhile
        self.response = response
        self.alarm = response.alarm
        self._show_fields(response.alarm)
        self.history.clear()
        for activity in response.activities:
            self.history.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        self._time(activity.time.ToMicroseconds()),
                        words.actor_label(activity.actor),
                        words.activity_label(activity.kind),
                        activity_change(activity),
                        activity.text,
                    ]
                )
            )
        self.play_button.setEnabled(playback_of(response) is not None)

    def _play(self) -> None:
        found = playback_of(self.response) if self.response is not None else None
        if found is not None:
            self.play.emit(*found)
