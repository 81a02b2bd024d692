"""The wizard's recording step (REC-02): one mode for every camera: continuous,
on motion, or continuous within a schedule, through the cameras' recording
policies (the same call as the camera's Recording tab, copied to the others)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QComboBox, QRadioButton, QVBoxLayout, QWidget

from vedette_api.v1 import recording_pb2
from vedette_console.i18n import QT_TRANSLATE_NOOP, count_text
from vedette_console.operations import schedules as schedule_ops
from vedette_console.operations.cameras import CameraList, list_cameras
from vedette_console.wizard.step import WizardContext, WizardStep, tr

#: Mode → the policy preset (``vedette_api.client.recording_policy.MODES``).
CONTINUOUS, MOTION, SCHEDULE = "always", "motion", "schedule"


class RecordingStep(WizardStep):
    title_text = QT_TRANSLATE_NOOP("StartupWizard", "Recording")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setSubTitle(tr("How every camera records (each camera can be changed later)."))
        self.camera_ids: list[int] = []
        self.modes = {
            CONTINUOUS: QRadioButton(tr("Continuous: all the time")),
            MOTION: QRadioButton(tr("On motion only")),
            SCHEDULE: QRadioButton(tr("Continuous, within a schedule:")),
        }
        self.schedule = QComboBox()
        self.modes[CONTINUOUS].setChecked(True)
        self.modes[SCHEDULE].toggled.connect(self._update)
        layout = QVBoxLayout(self)
        for mode, button in self.modes.items():
            button.setObjectName(f"mode:{mode}")
            layout.addWidget(button)
        layout.addWidget(self.schedule)
        layout.addStretch(1)
        layout.addWidget(self.status)
        self.controls += [*self.modes.values(), self.schedule]

    def enter(self) -> None:
        self.run(list_cameras(parent=self), self._cameras, working=tr("Reading…"))

    def _cameras(self, cameras: CameraList) -> None:
        self.camera_ids = [c.id for c in cameras.cameras]
        self.run(schedule_ops.list_schedules(parent=self), self._schedules, working=tr("Reading…"))

    def _schedules(self, schedules: list[recording_pb2.Schedule]) -> None:
        self.schedule.clear()
        for schedule in schedules:
            self.schedule.addItem(schedule.name, schedule.id)
        self.say(
            count_text(
                "StartupWizard",
                len(self.camera_ids),
                "{count} camera will record this way",
                "{count} cameras will record this way",
            )
            if self.camera_ids
            else tr("No camera yet: add cameras first, or set this later.")
        )
        self._update()

    def _update(self) -> None:
        self.schedule.setEnabled(
            self.modes[SCHEDULE].isChecked() and self.schedule.count() > 0 and not self.busy
        )

    def set_enabled(self, enabled: bool) -> None:
        super().set_enabled(enabled)
        if enabled:
            self._update()

    def mode(self) -> str:
        return next(mode for mode, button in self.modes.items() if button.isChecked())

    def apply(self) -> None:
        if not self.camera_ids:
            self._passed = True
            return
        mode = self.mode()
        first, rest = self.camera_ids[0], self.camera_ids[1:]
        policy = recording_pb2.RecordingPolicy(camera_id=first)
        if mode == SCHEDULE:
            schedule_id = self.schedule.currentData()
            if not isinstance(schedule_id, int):
                self.say(tr("Choose a schedule"), error=True)
                return
            policy.normal_schedule_id = schedule_id
        preset = CONTINUOUS if mode == SCHEDULE else mode
        op = schedule_ops.set_recording_policy(
            parent=self, policy=policy, mode=preset, copy_to=rest
        )
        schedule = self.schedule.currentText()

        def words(count: int) -> str:
            cameras = count_text("StartupWizard", count, "{count} camera", "{count} cameras")
            how = {
                CONTINUOUS: tr("continuous recording"),
                MOTION: tr("recording on motion"),
                SCHEDULE: tr("continuous recording within “{schedule}”").format(schedule=schedule),
            }[mode]
            return tr("{cameras}: {mode}").format(cameras=cameras, mode=how)

        def done(policies: list[recording_pb2.RecordingPolicy]) -> None:
            self.passed(partial(words, len(policies)))

        self.run(op, done, working=tr("Saving…"))
