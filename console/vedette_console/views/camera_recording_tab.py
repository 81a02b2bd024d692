"""The edit dialog's "Recording" tab (REC-02, REC-03, REC-04, REC-07; the manual's 7.1
and 7.3 "schedule configuration"): the mode preset, the schedule each kind of
recording follows (normal, motion, sensor, analytics; "None" turns it off), the
streams recorded normally and on events, pre-alarm and post-alarm seconds, and
other cameras to copy the policy to. Save sends it all in one ``SetRecordingPolicy``.

A mode preset fills the four schedules (the built-in 24×7 for the kinds it names,
none for the others); choosing schedules by hand shows the preset they match, or
"custom". The week under the choices shows the four schedules in their record
type's colour. Schedules themselves are made and edited in the schedules dialog.
The server judges the policy: its refusal is shown in its words and nothing is
changed.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client.recording_policy import MODES
from vedette_api.v1 import recording_pb2
from vedette_console.failures import error_text
from vedette_console.i18n import count_text
from vedette_console.operations import schedules as ops
from vedette_console.session import Session
from vedette_console.views.recording_words import (
    CUSTOM,
    KIND_COLORS,
    KIND_WORDS,
    KINDS,
    MODE_WORDS,
    STREAM_WORDS,
    mode_kinds,
)
from vedette_console.views.schedules_dialog import SchedulesDialog
from vedette_console.widgets.week_grid import GridLayer, WeekGrid
from vedette_console.widgets.week_minutes import WeekMinutes

#: The API's limits (recording.proto ``RecordingPolicy.pre_s``/``post_s``): the spin
#: boxes stop there; the server checks them again.
PRE_RANGE_S: Final = (0, 600)
POST_RANGE_S: Final = (5, 600)
_COPY_COLUMNS: Final = 4


class RecordingTab(QWidget):
    def __init__(self, session: Session, camera_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id = camera_id
        self.policy: recording_pb2.RecordingPolicy | None = None
        self.schedules: list[recording_pb2.Schedule] = []
        self.camera_names: dict[int, str] = {}
        #: The schedules dialog, while open.
        self.schedules_dialog: SchedulesDialog | None = None
        self._filling = False
        self._busy = True

        self.mode = QComboBox()
        for mode in MODES:
            self.mode.addItem(self.tr(MODE_WORDS[mode]) if mode in MODE_WORDS else mode, mode)
        self.mode.addItem(self.tr("Custom schedules"), CUSTOM)
        self.mode.setToolTip(self.tr("A preset fills the four schedules below"))
        self.mode.activated.connect(self._mode_chosen)
        self.schedule_boxes: dict[str, QComboBox] = {}
        schedules = QGroupBox(self.tr("Mode and schedules"))
        left = QFormLayout(schedules)
        left.addRow(self.tr("Mode"), self.mode)
        for kind in KINDS:
            box = QComboBox()
            box.activated.connect(self._schedule_chosen)
            self.schedule_boxes[kind] = box
            left.addRow(self.tr(KIND_WORDS[kind]), box)
        self.schedules_button = QPushButton(self.tr("Schedules…"))
        self.schedules_button.setToolTip(self.tr("Make, edit, rename and delete schedules"))
        self.schedules_button.clicked.connect(self.open_schedules)
        left.addRow("", self.schedules_button)

        self.normal_streams = self._streams_box()
        self.event_streams = self._streams_box()
        self.pre = self._seconds(*PRE_RANGE_S)
        self.pre.setToolTip(self.tr("Kept before an event starts"))
        self.post = self._seconds(*POST_RANGE_S)
        self.post.setToolTip(self.tr("Kept after an event ends"))
        streams = QGroupBox(self.tr("Streams and event times"))
        right = QFormLayout(streams)
        right.addRow(self.tr("Normal recording"), self.normal_streams)
        right.addRow(self.tr("Event recording"), self.event_streams)
        right.addRow(self.tr("Pre-alarm"), self.pre)
        right.addRow(self.tr("Post-alarm"), self.post)

        self.week = WeekGrid()
        self.week.set_compact(True)
        self.week.set_read_only(True)

        #: The other cameras' boxes for "copy to", by camera id.
        self.copy_boxes: dict[int, QCheckBox] = {}
        self.copy_to = QWidget()
        self._copy_grid = QGridLayout(self.copy_to)
        self._copy_grid.setContentsMargins(0, 0, 0, 0)
        self._copy_grid.setColumnStretch(_COPY_COLUMNS, 1)
        self.no_other_camera = QLabel(self.tr("There is no other camera."))
        self.no_other_camera.setObjectName("muted")
        copy_box = QGroupBox(self.tr("Also apply to these cameras"))
        copy_layout = QVBoxLayout(copy_box)
        copy_layout.addWidget(self.copy_to)
        copy_layout.addWidget(self.no_other_camera)

        self.status = QLabel(self.tr("Reading the recording settings…"))
        self.status.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Read again"))
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self.load)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)

        top = QHBoxLayout()
        top.addWidget(schedules, 1)
        top.addWidget(streams, 1)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(top)
        inner.addWidget(self.week)
        inner.addWidget(copy_box)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        for spin in (self.pre, self.post):
            spin.valueChanged.connect(self._update)
        for combo in (self.normal_streams, self.event_streams):
            combo.currentIndexChanged.connect(self._update)
        self._set_enabled(False)

    def _streams_box(self) -> QComboBox:
        box = QComboBox()
        for value, words in STREAM_WORDS.items():
            box.addItem(self.tr(words), value)
        return box

    def _seconds(self, low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(self.tr(" s"))
        return spin

    # -- loading and showing ---------------------------------------------------------

    def load(self) -> None:
        self.reload_button.setVisible(False)
        op = ops.load_recording_settings(parent=self, camera_id=self.camera_id)
        op.success(self._loaded)
        op.failure(self._load_failed)
        op.run(self.session)

    def _load_failed(self, error: Exception) -> None:
        self._say(error_text(error), ok=False)
        self.reload_button.setVisible(True)

    def _loaded(self, settings: ops.RecordingSettings) -> None:
        self.camera_names = {c.id: c.name for c in settings.cameras}
        for box in self.copy_boxes.values():
            self._copy_grid.removeWidget(box)
            box.deleteLater()
        self.copy_boxes.clear()
        others = [c for c in settings.cameras if c.id != self.camera_id]
        for index, camera in enumerate(others):
            box = QCheckBox(camera.name)
            box.toggled.connect(self._update)
            self._copy_grid.addWidget(box, index // _COPY_COLUMNS, index % _COPY_COLUMNS)
            self.copy_boxes[camera.id] = box
        self.no_other_camera.setVisible(not others)
        self.set_schedules(settings.schedules)
        self._show_policy(settings.policy)
        self._set_enabled(True)
        self._say(self._default_words(settings.policy))

    def _default_words(self, policy: recording_pb2.RecordingPolicy) -> str:
        if policy.is_default:
            return self.tr("No recording policy set yet: both streams are recorded always")
        return ""

    def set_schedules(self, schedules: list[recording_pb2.Schedule]) -> None:
        """Offer ``schedules`` in the four choosers, keeping each one's choice."""
        self.schedules = list(schedules)
        self._filling = True
        for box in self.schedule_boxes.values():
            chosen = box.currentData()
            box.clear()
            box.addItem(self.tr("None"), 0)
            for schedule in self.schedules:
                box.addItem(schedule.name, schedule.id)
            index = box.findData(chosen)
            box.setCurrentIndex(max(index, 0))
        self._filling = False
        self._show_week()
        self._update()

    def _show_policy(self, policy: recording_pb2.RecordingPolicy) -> None:
        self.policy = policy
        self._filling = True
        for kind, box in self.schedule_boxes.items():
            box.setCurrentIndex(max(box.findData(getattr(policy, f"{kind}_schedule_id")), 0))
        self._choose(self.mode, policy.mode or CUSTOM)
        self._choose(
            self.normal_streams, policy.normal_streams or recording_pb2.RECORD_STREAMS_BOTH
        )
        self._choose(self.event_streams, policy.event_streams or recording_pb2.RECORD_STREAMS_BOTH)
        self.pre.setValue(policy.pre_s)
        self.post.setValue(policy.post_s)
        self.set_copy_targets([])
        self._filling = False
        self._show_week()
        self._update()

    @staticmethod
    def _choose(box: QComboBox, value: object) -> None:
        index = box.findData(value)
        if index < 0 and isinstance(value, str):  # a preset this console has no words for
            box.insertItem(box.count() - 1, value, value)
            index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    def _show_week(self) -> None:
        by_id = {s.id: s for s in self.schedules}
        layers = []
        for kind, box in self.schedule_boxes.items():
            schedule = by_id.get(int(box.currentData() or 0))
            week = ops.week_from_proto(schedule.week) if schedule else WeekMinutes()
            name = schedule.name if schedule else self.tr("none")
            label = self.tr("{kind}: {schedule}").format(
                kind=self.tr(KIND_WORDS[kind]), schedule=name
            )
            layers.append(GridLayer(kind, label, KIND_COLORS[kind], week))
        self.week.set_layers(layers)

    # -- choosing --------------------------------------------------------------------

    def always_id(self) -> int:
        """The built-in 24×7 schedule the presets use (0 before the list is read)."""
        return next((s.id for s in self.schedules if s.builtin and s.read_only), 0)

    def _mode_chosen(self) -> None:
        mode = str(self.mode.currentData())
        if mode == CUSTOM:
            return
        kinds = mode_kinds(mode)
        for kind, box in self.schedule_boxes.items():
            box.setCurrentIndex(max(box.findData(self.always_id() if kind in kinds else 0), 0))
        self._show_week()
        self._update()

    def _schedule_chosen(self) -> None:
        """Show the preset the four choices match, or custom."""
        ids = {kind: int(box.currentData() or 0) for kind, box in self.schedule_boxes.items()}
        always = self.always_id()
        mode = CUSTOM
        if all(value in (0, always) for value in ids.values()):
            kinds = frozenset(kind for kind, value in ids.items() if value == always)
            mode = next((m for m in MODES if mode_kinds(m) == kinds), CUSTOM)
        self._choose(self.mode, mode)
        self._show_week()
        self._update()

    def copy_targets(self) -> list[int]:
        return [camera_id for camera_id, box in self.copy_boxes.items() if box.isChecked()]

    def set_copy_targets(self, camera_ids: list[int]) -> None:
        for camera_id, box in self.copy_boxes.items():
            box.setChecked(camera_id in camera_ids)

    # -- saving ----------------------------------------------------------------------

    def edited_policy(self) -> recording_pb2.RecordingPolicy:
        policy = recording_pb2.RecordingPolicy(
            camera_id=self.camera_id,
            normal_streams=self.normal_streams.currentData(),
            event_streams=self.event_streams.currentData(),
            pre_s=self.pre.value(),
            post_s=self.post.value(),
        )
        for kind, box in self.schedule_boxes.items():
            setattr(policy, f"{kind}_schedule_id", int(box.currentData() or 0))
        return policy

    def changed(self) -> bool:
        if self.policy is None:
            return False
        before = recording_pb2.RecordingPolicy()
        before.CopyFrom(self.policy)
        for name in ("mode", "is_default", "tentative_segment_s"):
            before.ClearField(name)
        before.normal_streams = before.normal_streams or recording_pb2.RECORD_STREAMS_BOTH
        before.event_streams = before.event_streams or recording_pb2.RECORD_STREAMS_BOTH
        return self.edited_policy() != before or self.policy.is_default

    def save(self) -> None:
        mode = str(self.mode.currentData())
        targets = self.copy_targets()
        self._set_enabled(False)
        self._say(self.tr("Saving…"))
        op = ops.set_recording_policy(
            parent=self,
            policy=self.edited_policy(),
            mode="" if mode == CUSTOM else mode,
            copy_to=targets,
        )
        op.success(lambda policies: self._saved(policies, len(targets)))
        op.failure(self._save_failed)
        op.run(self.session)

    def _saved(self, policies: list[recording_pb2.RecordingPolicy], copies: int) -> None:
        mine = next((p for p in policies if p.camera_id == self.camera_id), None)
        if mine is not None:
            self._show_policy(mine)
        self._set_enabled(True)
        if copies:
            words = count_text(
                "RecordingTab",
                copies,
                "Saved, and copied to {count} camera",
                "Saved, and copied to {count} cameras",
            )
        else:
            words = self.tr("Saved")
        self._say(words, ok=True)

    def _save_failed(self, error: Exception) -> None:
        self._set_enabled(True)
        self._say(error_text(error), ok=False)

    # -- schedules dialog ------------------------------------------------------------

    def open_schedules(self) -> SchedulesDialog:
        chosen = next(
            (
                int(box.currentData() or 0)
                for box in self.schedule_boxes.values()
                if box.currentData()
            ),
            0,
        )
        dialog = SchedulesDialog(self.session, self.camera_names, self, select_id=chosen)
        dialog.schedules_changed.connect(self.set_schedules)
        dialog.finished.connect(self._schedules_closed)
        self.schedules_dialog = dialog
        dialog.open()
        dialog.load()
        return dialog

    def _schedules_closed(self) -> None:
        if self.schedules_dialog is not None:
            self.schedules_dialog.deleteLater()
        self.schedules_dialog = None

    # -- state -----------------------------------------------------------------------

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.mode,
            *self.schedule_boxes.values(),
            self.normal_streams,
            self.event_streams,
            self.pre,
            self.post,
            self.copy_to,
            self.schedules_button,
        ):
            widget.setEnabled(enabled)
        self._busy = not enabled
        self._update()

    def _update(self) -> None:
        if self._filling:
            return
        ready = not self._busy and (self.changed() or bool(self.copy_targets()))
        self.save_button.setEnabled(ready)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
