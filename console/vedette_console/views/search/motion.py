"""Motion search (ALARM-02, issue 14): the runs of motion in a region of one camera's
picture over a time range, from the server's motion index (``SearchMotion``).

Pick the camera and the range; the camera's picture at the range's start (a
thumbnail) shows under the 22 × 18 grid, on which the region is drawn (every cell
until then); Search streams the answer with a progress bar and can be cancelled.
The runs show in a list and as motion marks on a timeline of the range; a
double-click (or Play) opens Playback at a run's start, Back up opens the backup
dialog for the run (a few seconds either side).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vedette_api.timestamps import US_PER_S, now_us
from vedette_api.v1 import cameras_pb2, common_pb2, images_pb2
from vedette_console.failures import error_text
from vedette_console.operations import motion as motion_ops
from vedette_console.session import Session
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.events import BACKUP_MARGIN_US
from vedette_console.widgets.motion_cells import CellGrid
from vedette_console.widgets.server_time_edit import ServerTimeEdit
from vedette_console.widgets.timeline import Run, Timeline

#: The range offered at first: the last hour.
DEFAULT_SPAN_US = 3600 * US_PER_S
_ROLE_RUN = Qt.ItemDataRole.UserRole


class _Progress(QObject):
    """The search's progress from the worker to the UI thread (queued)."""

    fraction = Signal(float)


class MotionSearch(QWidget):
    """Signals: ``open_playback(camera_id, time_us)``, ``backup_requested(items)``."""

    open_playback = Signal(object, object)
    backup_requested = Signal(object)

    def __init__(self, session: Session, notify: Callable[[str], None]) -> None:
        super().__init__()
        self.session, self.notify = session, notify
        self.display = session.settings.display
        #: The runs of the last search, by start.
        self.runs: list[motion_ops.FoundRun] = []
        self.searching = False
        self._cancel = threading.Event()
        self._request = 0
        self._progress = _Progress()
        self._progress.fraction.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        end = now_us()
        self.camera = QComboBox()
        self.camera.currentIndexChanged.connect(lambda _: self.load_picture())
        self.start = ServerTimeEdit(end - DEFAULT_SPAN_US, self.display)
        self.end = ServerTimeEdit(end, self.display)
        self.picture_button = QPushButton(self.tr("Picture at start"))
        self.picture_button.clicked.connect(self.load_picture)
        self.grid = CellGrid()
        self.grid.set_cells(~motion_ops.empty_cells())  # every cell until drawn
        self.tools, self.draw_tool, self.erase_tool = self.grid.tool_buttons()
        self.all_button = QPushButton(self.tr("All"))
        self.all_button.clicked.connect(lambda: self.grid.fill(True))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(lambda: self.grid.fill(False))
        self.grid.cells_changed.connect(self._update)
        self.picture_note = QLabel()
        self.picture_note.setObjectName("muted")
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.status = QLabel(self.tr("Draw the region to search, pick the range, Search"))
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.itemDoubleClicked.connect(self._play_item)
        self.results.currentRowChanged.connect(lambda _: self._update())
        self.timeline = Timeline()
        self.timeline.seek.connect(self._select_at)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.clicked.connect(lambda: self._play_item(self.results.currentItem()))
        self.backup_button = QPushButton(self.tr("Back up…"))
        self.backup_button.clicked.connect(self.backup_selected)
        self._lay_out()
        self._update()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Camera")))
        top.addWidget(self.camera, 1)
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end)
        top.addWidget(self.picture_button)
        tools = QHBoxLayout()
        for widget in (self.draw_tool, self.erase_tool, self.all_button, self.clear_button):
            tools.addWidget(widget)
        tools.addWidget(self.picture_note, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addLayout(tools)
        run = QHBoxLayout()
        run.addWidget(self.search_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress)
        run.addStretch(1)
        left_layout.addLayout(run)
        left_layout.addWidget(self.status)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Runs of motion in the region")))
        right_layout.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.backup_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.timeline)

    # -- what SearchView calls ----------------------------------------------------------------

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        current = self.camera.currentData()
        self.camera.blockSignals(True)
        self.camera.clear()
        for camera in cameras:
            self.camera.addItem(camera.name, camera.id)
        self.camera.setCurrentIndex(max(0, self.camera.findData(current)))
        self.camera.blockSignals(False)
        if self.camera.currentData() != current:
            self.load_picture()

    def set_display(self, display: TimeDisplay) -> None:
        self.display = display
        self.start.set_display(display)
        self.end.set_display(display)
        self.timeline.set_display(display)
        self._list_runs()

    def clear(self) -> None:
        """Another server: nothing shown."""
        self.cancel()
        self.camera.clear()
        self.runs = []
        self._list_runs()
        self.grid.set_image(None)

    # -- the picture --------------------------------------------------------------------------

    def camera_id(self) -> int | None:
        data = self.camera.currentData()
        return None if data is None else int(data)

    def load_picture(self) -> None:
        """The camera's picture at the range's start, under the grid."""
        camera_id = self.camera_id()
        if camera_id is None:
            return
        self.picture_note.setText(self.tr("Loading the picture…"))
        op = motion_ops.picture_op(camera_id, self.start.time_us(), parent=self)
        op.success(self._show_picture)
        op.failure(lambda e: self.picture_note.setText(error_text(e)))
        op.run(self.session)

    def _show_picture(self, thumb: images_pb2.Thumbnail) -> None:
        image = QImage.fromData(thumb.jpeg) if thumb.jpeg else QImage()
        self.grid.set_image(image)
        if image.isNull():
            self.picture_note.setText(
                self.tr("No recording at the start: pick another start for a picture")
                if thumb.no_recording
                else thumb.error or self.tr("No picture")
            )
        else:
            self.picture_note.setText(self.display.date_time(self.start.time_us()))

    # -- the search ---------------------------------------------------------------------------

    def search(self) -> None:
        camera_id = self.camera_id()
        start, end = self.start.time_us(), self.end.time_us()
        if camera_id is None:
            self._say(self.tr("Pick a camera"), ok=False)
            return
        if end <= start:
            self._say(self.tr("The range must end after it starts"), ok=False)
            return
        if not self.grid.cells.any():
            self._say(self.tr("Draw the region to search (no cell is selected)"), ok=False)
            return
        self._cancel.set()  # an earlier one, if any
        self._cancel = threading.Event()
        self._request += 1
        request = self._request
        self.searching = True
        self.progress.setRange(0, 0)  # busy until the server says how far
        self._say(self.tr("Searching…"))
        self._update()
        op = motion_ops.search_op(
            camera_id,
            start,
            end,
            self.grid.cells.copy(),
            parent=self,
            cancel=self._cancel,
            progress=self._progress.fraction.emit,
        )
        op.success(lambda runs: self._found(request, start, end, runs))
        op.failure(lambda error: self._failed(request, error))
        op.run(self.session)

    def cancel(self) -> None:
        """Stop waiting for the search in progress (its answer is dropped)."""
        if not self.searching:
            return
        self._cancel.set()
        self._request += 1
        self.searching = False
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self._say(self.tr("Cancelled"))
        self._update()

    def _on_progress(self, fraction: float) -> None:
        if self.searching:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))

    def _found(self, request: int, start: int, end: int, runs: list[motion_ops.FoundRun]) -> None:
        if request != self._request:
            return
        self.searching = False
        self.progress.setRange(0, 100)
        self.progress.setValue(100)
        self.runs = sorted(runs, key=lambda r: r.start_us)
        self.timeline.set_range(start, end)
        self._list_runs()
        seconds = sum(r.seconds for r in self.runs)
        self._say(
            self.tr("{runs} runs of motion, {seconds} s with motion").format(
                runs=len(self.runs), seconds=seconds
            )
            if self.runs
            else self.tr("No motion in the region over this range"),
            ok=True,
        )
        self._update()

    def _failed(self, request: int, error: Exception) -> None:
        if request != self._request or isinstance(error, motion_ops.SearchCancelled):
            return
        self.searching = False
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self._say(self.tr("Search failed: {error}").format(error=error_text(error)), ok=False)
        self._update()

    def _list_runs(self) -> None:
        self.results.clear()
        for index, run in enumerate(self.runs):
            length = (run.end_us - run.start_us) // US_PER_S
            text = self.tr("{start} · {length} s ({seconds} s with motion)").format(
                start=self.display.date_time(run.start_us), length=length, seconds=run.seconds
            )
            item = QListWidgetItem(text)
            item.setData(_ROLE_RUN, index)
            self.results.addItem(item)
        reason = frozenset({common_pb2.RECORD_REASON_MOTION})
        self.timeline.set_runs([Run(r.start_us, r.end_us, reason) for r in self.runs])

    # -- results ------------------------------------------------------------------------------

    def selected_run(self) -> motion_ops.FoundRun | None:
        row = self.results.currentRow()
        return self.runs[row] if 0 <= row < len(self.runs) else None

    def _select_at(self, time_us: int) -> None:
        """A click on the timeline selects the run there (or the nearest)."""
        if not self.runs:
            return
        nearest = min(
            range(len(self.runs)),
            key=lambda i: max(0, self.runs[i].start_us - time_us, time_us - self.runs[i].end_us),
        )
        self.results.setCurrentRow(nearest)
        self.timeline.set_position(time_us)

    def _play_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        run = self.runs[int(item.data(_ROLE_RUN))]
        self.open_playback.emit(run.camera_id, run.start_us)

    def backup_selected(self) -> None:
        run = self.selected_run()
        if run is not None:
            self.backup_requested.emit(
                [(run.camera_id, run.start_us - BACKUP_MARGIN_US, run.end_us + BACKUP_MARGIN_US)]
            )

    def _update(self) -> None:
        self.search_button.setEnabled(not self.searching)
        self.cancel_button.setEnabled(self.searching)
        chosen = self.selected_run() is not None
        self.play_button.setEnabled(chosen)
        self.backup_button.setEnabled(chosen)

    def _say(self, text: str, *, ok: bool | None = None) -> None:
        self.status.setText(text)
        color = "" if ok is None else ("#5fc873" if ok else "#eb645a")
        self.status.setStyleSheet(f"color: {color};" if color else "")
