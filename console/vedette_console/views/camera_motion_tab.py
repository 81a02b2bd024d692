"""The edit dialog's "Motion" tab (ALARM-02): the server's motion detection for one
camera. Enable, sensitivity, hold time, make frames; named areas drawn as cells on
the camera's live picture (draw / erase with the mouse, all / invert / clear); the
cells where the server sees motion now, lit from ``WatchMotionCells`` (only while
detection is on, with the saved settings). Save sends everything; the server's
refusal is shown in its words, and the tab then shows what the server stored.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vedette_api.v1 import motion_pb2
from vedette_console.failures import error_text
from vedette_console.operations import motion as ops
from vedette_console.session import Session
from vedette_console.views.live_overlay_picture import LiveOverlayPicture
from vedette_console.widgets.motion_cells import CellGrid

#: Sensitivity level → (pixel change on 0–255 luma, share of a cell) (docs/motion.md).
LEVELS: dict[int, tuple[int, int]] = {
    1: (40, 20),
    2: (37, 18),
    3: (34, 16),
    4: (31, 14),
    5: (28, 12),
    6: (24, 10),
    7: (21, 8),
    8: (18, 6),
    9: (15, 4),
    10: (12, 2),
}
#: Lit cells go dark when no analysed frame came for this long.
LIT_FOR_S = 1.0
#: How often the detector's health is read again while the tab shows.
HEALTH_EVERY_MS = 5000


class MotionPicture(LiveOverlayPicture):
    """The camera's live picture (sub stream) with the cell grid laid over it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.grid = self.overlay = CellGrid(self)
        self.frame_shown.connect(self._follow_frame)

    def _follow_frame(self, _time_us: object) -> None:
        frame = self.last_frame
        if frame is not None:
            self.grid.set_aspect(frame.source_size.width(), frame.source_size.height())


class MotionTab(QWidget):
    def __init__(self, session: Session, camera_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera_id = camera_id
        #: The settings as edited (the areas' cells are the grid's while selected).
        self.settings: ops.MotionSettings | None = None
        self.loaded = False
        self._busy = True
        self._last_cells_at = 0.0
        self.picture = MotionPicture(session)
        self.grid = self.picture.grid
        self.grid.cells_changed.connect(self._cells_edited)
        self.watcher = ops.CellWatcher(self)
        self.watcher.cells.connect(self._show_cells)
        self.watcher.lost.connect(self._cells_lost)
        self._fade = QTimer(self)
        self._fade.setInterval(250)
        self._fade.timeout.connect(self._fade_cells)
        self._health_timer = QTimer(self)
        self._health_timer.setInterval(HEALTH_EVERY_MS)
        self._health_timer.timeout.connect(self.refresh_health)
        self._build()
        self._update()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.enabled = QCheckBox(self.tr("Detect motion on this camera"))
        self.enabled.toggled.connect(self._update)
        self.sensitivity = QSlider(Qt.Orientation.Horizontal)
        self.sensitivity.setRange(1, 10)
        self.sensitivity.setPageStep(1)
        self.sensitivity.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.sensitivity.valueChanged.connect(self._update)
        self.sensitivity_text = QLabel()
        self.sensitivity_text.setObjectName("muted")
        self.sensitivity_text.setWordWrap(True)
        self.hold = QComboBox()
        for seconds in ops.HOLD_CHOICES_S:
            self.hold.addItem(self._hold_words(seconds), float(seconds))
        self.make_frames = QSpinBox()
        self.make_frames.setRange(1, 50)
        self.make_frames.setSuffix(self.tr(" frames"))
        self.make_frames.setToolTip(
            self.tr("Analysed frames (5 a second) in a row with motion that start an event")
        )
        self.health = QLabel()
        self.health.setObjectName("muted")
        self.health.setWordWrap(True)
        self.areas = QListWidget()
        self.areas.setMaximumHeight(110)
        self.areas.currentRowChanged.connect(self._area_selected)
        self.add_area = QPushButton(self.tr("Add"))
        self.add_area.clicked.connect(self.ask_add_area)
        self.rename_area = QPushButton(self.tr("Rename"))
        self.rename_area.clicked.connect(self.ask_rename_area)
        self.delete_area = QPushButton(self.tr("Delete"))
        self.delete_area.clicked.connect(self.delete_selected_area)
        #: The open name question (tests answer it).
        self.name_dialog: QInputDialog | None = None
        self.tools, self.draw_tool, self.erase_tool = self.grid.tool_buttons()
        self.all_button = QPushButton(self.tr("All"))
        self.all_button.clicked.connect(lambda: self.grid.fill(True))
        self.invert_button = QPushButton(self.tr("Invert"))
        self.invert_button.clicked.connect(self.grid.invert)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(lambda: self.grid.fill(False))
        self.detection_note = QLabel()
        self.detection_note.setWordWrap(True)
        help_text = QLabel(
            self.tr(
                "Drag on the picture to draw the selected area's cells (blue); cells in "
                "no area never trigger. Cells where the server sees motion now light "
                "up red. A camera that shows its own clock in the picture sees it "
                "change every second: erase the clock's cells from every area."
            )
        )
        help_text.setWordWrap(True)
        help_text.setObjectName("muted")
        self.status = QLabel(self.tr("Reading the motion settings…"))
        self.status.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Read again"))
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self.load)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.addRow(self.enabled)
        sensitivity = QVBoxLayout()
        sensitivity.addWidget(self.sensitivity)
        sensitivity.addWidget(self.sensitivity_text)
        form.addRow(self.tr("Sensitivity"), sensitivity)
        form.addRow(self.tr("Ends after"), self.hold)
        form.addRow(self.tr("Starts after"), self.make_frames)
        form.addRow(self.tr("Detector"), self.health)
        area_buttons = QHBoxLayout()
        for button in (self.add_area, self.rename_area, self.delete_area):
            area_buttons.addWidget(button)
        form.addRow(self.tr("Areas"), self.areas)
        form.addRow("", area_buttons)
        tools = QHBoxLayout()
        for widget in (
            self.draw_tool,
            self.erase_tool,
            self.all_button,
            self.invert_button,
            self.clear_button,
        ):
            tools.addWidget(widget)
        tools.addStretch(1)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.picture, 1)
        left.addLayout(tools)
        left.addWidget(self.detection_note)
        left.addWidget(help_text)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(side, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

    def _hold_words(self, seconds: float) -> str:
        if seconds >= 60 and seconds % 60 == 0:
            return self.tr("{n} min without motion").format(n=int(seconds // 60))
        return self.tr("{n} s without motion").format(n=f"{seconds:g}")

    # -- live picture and cells -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.picture.set_camera(self.camera_id)
        client = self.session.client
        if client is not None:
            self.watcher.start(client, self.camera_id)
        self._fade.start()
        self._health_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop()
        super().hideEvent(event)

    def stop(self) -> None:
        """The picture and the cells stop (the tab is hidden, the dialog closed)."""
        self.watcher.stop()
        self._fade.stop()
        self._health_timer.stop()
        self.picture.set_camera(None)
        self.grid.set_lit(ops.empty_cells())

    def _show_cells(self, _time_us: object, cells: object) -> None:
        assert isinstance(cells, np.ndarray)
        self._last_cells_at = time.monotonic()
        self.grid.set_lit(cells)

    def _fade_cells(self) -> None:
        if self.grid.lit.any() and time.monotonic() - self._last_cells_at > LIT_FOR_S:
            self.grid.set_lit(ops.empty_cells())

    def _cells_lost(self, error: Exception) -> None:
        self.grid.set_lit(ops.empty_cells())
        self.detection_note.setText(
            self.tr("Live motion cells unavailable: {error}").format(error=error_text(error))
        )

    # -- load and save ----------------------------------------------------------------------

    def load(self) -> None:
        self.reload_button.setVisible(False)
        self._busy = True
        self._update()
        op = ops.get_config_op(self.camera_id, parent=self)
        op.success(self._loaded)
        op.failure(self._load_failed)
        op.run(self.session)

    def _loaded(self, answer: motion_pb2.GetMotionConfigResponse) -> None:
        self._show(answer.config, "")
        self._show_health(answer)

    def refresh_health(self) -> None:
        """Read the detector's health again (the settings as edited stay)."""
        op = ops.get_config_op(self.camera_id, parent=self)
        op.success(self._show_health)
        op.failure(lambda error: self.health.setText(error_text(error)))
        op.background().run(self.session)

    def _show_health(self, answer: motion_pb2.GetMotionConfigResponse) -> None:
        if not answer.HasField("health"):
            self.health.setText(self.tr("Not running: detection is off"))
            return
        health = answer.health
        if not health.running:
            self.health.setText(
                self.tr("Not running now: the camera's stream is not available to it")
            )
            return
        text = self.tr(
            "Running on the {stream} stream: {analysed} frames analysed, {skipped} skipped, "
            "{lag} ms behind"
        ).format(
            stream=health.stream,
            analysed=health.frames_analysed,
            skipped=health.frames_skipped,
            lag=health.lag_ms,
        )
        if health.event_open:
            text += self.tr(" · motion now")
        self.health.setText(text)

    def _load_failed(self, error: Exception) -> None:
        self._busy = False
        self._say(
            self.tr("Could not read the motion settings: {error}").format(error=error_text(error)),
            ok=False,
        )
        self._update()
        self.reload_button.setVisible(True)

    def _show(self, config: motion_pb2.MotionConfig, say: str) -> None:
        self._busy = False
        self.loaded = True
        settings = ops.MotionSettings.from_proto(config)
        self.settings = settings
        self.enabled.setChecked(settings.enabled)
        self.sensitivity.setValue(settings.sensitivity)
        index = self.hold.findData(float(settings.hold_s))
        if index < 0:
            self.hold.addItem(self._hold_words(settings.hold_s), float(settings.hold_s))
            index = self.hold.count() - 1
        self.hold.setCurrentIndex(index)
        self.make_frames.setValue(settings.make_frames)
        self._list_areas(0)
        self._say(say, ok=True if say else None)
        self._update()

    def _list_areas(self, select: int) -> None:
        assert self.settings is not None
        self.areas.blockSignals(True)
        self.areas.clear()
        for area in self.settings.areas:
            self.areas.addItem(area.name)
        self.areas.blockSignals(False)
        if self.settings.areas:
            self.areas.setCurrentRow(max(0, min(select, len(self.settings.areas) - 1)))
        else:
            self._area_selected(-1)

    def edited(self) -> ops.MotionSettings:
        """The settings as shown."""
        assert self.settings is not None
        return ops.MotionSettings(
            enabled=self.enabled.isChecked(),
            sensitivity=self.sensitivity.value(),
            hold_s=float(self.hold.currentData()),
            make_frames=self.make_frames.value(),
            areas=[ops.Area(a.name, a.cells.copy()) for a in self.settings.areas],
        )

    def save(self) -> None:
        if self.settings is None:
            return
        self._busy = True
        self._say(self.tr("Saving…"))
        self._update()
        op = ops.save_config_op(self.camera_id, self.edited(), parent=self)
        op.success(self._saved)
        op.failure(self._failed)
        op.run(self.session)

    def _saved(self, config: motion_pb2.MotionConfig) -> None:
        self._show(config, self.tr("Saved"))
        self.refresh_health()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self._say(self.tr("Not saved: {error}").format(error=error_text(error)), ok=False)
        self._update()

    # -- areas ------------------------------------------------------------------------------

    def selected_area(self) -> ops.Area | None:
        row = self.areas.currentRow()
        if self.settings is None or not 0 <= row < len(self.settings.areas):
            return None
        return self.settings.areas[row]

    def _area_selected(self, _row: int) -> None:
        area = self.selected_area()
        self.grid.editable = area is not None
        self.grid.set_cells(area.cells if area is not None else ops.empty_cells())
        self._update()

    def _cells_edited(self) -> None:
        area = self.selected_area()
        if area is not None:
            area.cells = self.grid.cells.copy()
        self._update()

    def ask_add_area(self) -> None:
        self._ask_name(self.tr("New area"), "", self.add_area_named)

    def ask_rename_area(self) -> None:
        area = self.selected_area()
        if area is not None:
            self._ask_name(self.tr("Rename area"), area.name, self.rename_selected_area)

    def _ask_name(self, title: str, name: str, then: object) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(self.tr("Name"))
        dialog.setTextValue(name)
        dialog.textValueSelected.connect(then)
        dialog.finished.connect(self._forget_name_dialog)
        self.name_dialog = dialog
        dialog.open()

    def _forget_name_dialog(self) -> None:
        self.name_dialog = None

    def _name_problem(self, name: str, renaming: ops.Area | None) -> str:
        assert self.settings is not None
        if not name:
            return self.tr("An area needs a name")
        taken = {a.name for a in self.settings.areas if a is not renaming}
        if name in taken:
            return self.tr("There is already an area “{name}”").format(name=name)
        return ""

    def add_area_named(self, name: str) -> None:
        name = name.strip()
        if self.settings is None or len(self.settings.areas) >= ops.MAX_AREAS:
            return
        problem = self._name_problem(name, None)
        if problem:
            self._say(problem, ok=False)
            return
        self.settings.areas.append(ops.Area(name, ops.empty_cells()))
        self._list_areas(len(self.settings.areas) - 1)

    def rename_selected_area(self, name: str) -> None:
        name = name.strip()
        area = self.selected_area()
        if area is None:
            return
        problem = self._name_problem(name, area)
        if problem:
            self._say(problem, ok=False)
            return
        area.name = name
        self._list_areas(self.areas.currentRow())

    def delete_selected_area(self) -> None:
        row = self.areas.currentRow()
        if self.settings is not None and 0 <= row < len(self.settings.areas):
            del self.settings.areas[row]
            self._list_areas(row)

    # -- state ------------------------------------------------------------------------------

    def _update(self) -> None:
        ready = self.loaded and not self._busy
        level = self.sensitivity.value()
        change, share = LEVELS[level]
        self.sensitivity_text.setText(
            self.tr(
                "Level {level} of 10: a cell has motion when {share} % of its pixels "
                "change in brightness by {change} or more (of 255)"
            ).format(level=level, share=share, change=change)
        )
        count = len(self.settings.areas) if self.settings is not None else 0
        has_area = self.selected_area() is not None
        self.add_area.setEnabled(ready and count < ops.MAX_AREAS)
        self.add_area.setToolTip(
            "" if count < ops.MAX_AREAS else self.tr("At most {n} areas").format(n=ops.MAX_AREAS)
        )
        for widget in (
            self.rename_area,
            self.delete_area,
            self.draw_tool,
            self.erase_tool,
            self.all_button,
            self.invert_button,
            self.clear_button,
        ):
            widget.setEnabled(ready and has_area)
        self.save_button.setEnabled(ready)
        saved = self.settings
        if saved is None or not saved.enabled:
            self.detection_note.setText(
                self.tr(
                    "Detection is off: the server analyses nothing, so no cell lights up. "
                    "Turn it on and save to see where it sees motion."
                )
            )
        elif self.enabled.isChecked() and self.sensitivity.value() != saved.sensitivity:
            self.detection_note.setText(
                self.tr("Lit cells follow the saved sensitivity until you save.")
            )
        else:
            self.detection_note.setText(
                self.tr("Detection is on: lit cells are where the server sees motion now.")
            )

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
