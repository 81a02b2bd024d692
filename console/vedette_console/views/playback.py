"""The playback view (PLAY-01..09): synchronised tiles, controls, the timeline with
its calendar of recorded days, and the events and tags beside it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vedette_api.client import Client
from vedette_api.client_search import EVENT_TYPES
from vedette_api.v1 import cameras_pb2, common_pb2, media_pb2, search_pb2
from vedette_console.session import Session
from vedette_console.video.decoder import DecoderThread
from vedette_console.video.playback import PlaybackConnection
from vedette_console.video.sources import NoteSource, PacketSource
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.timeline import REASON_COLORS, REASON_NAMES, Run, S, Timeline

SPEEDS = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
_EVENT_NAMES = {value: name for name, value in EVENT_TYPES.items()}


def runs_from_timelines(timelines: list[search_pb2.CameraTimeline]) -> list[Run]:
    runs = []
    for line in timelines:
        for run in line.runs:
            runs.append(
                Run(
                    run.start_time.ToMicroseconds(),
                    run.end_time.ToMicroseconds(),
                    frozenset(int(r) for r in run.record_reasons),
                )
            )
    return sorted(runs, key=lambda r: r.start_us)


def local_midnight_us(day: QDate) -> int:
    moment = datetime(day.year(), day.month(), day.day()).astimezone()
    return int(moment.timestamp() * S)


class _ClockBridge(QObject):
    clock = Signal(object)


class PlaybackView(QWidget):
    """Signals: ``backup_requested(items)`` with items [(camera_id, start_us, end_us)]."""

    backup_requested = Signal(object)

    def __init__(
        self, session: Session, notify: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.notify = notify
        self.cameras: dict[int, cameras_pb2.Camera] = {}
        self.camera_ids: list[int] = []
        self.playback: PlaybackConnection | None = None
        self.speed_index = SPEEDS.index(1.0)
        self.reverse = False
        self.paused = False
        self._bridge = _ClockBridge()
        self._bridge.clock.connect(self._on_clock, Qt.ConnectionType.QueuedConnection)
        self.grid = LiveGrid(self._source)
        self.grid.set_layout(1)
        self.grid.set_override(common_pb2.STREAM_SUB)
        #: The camera whose audio is heard (PLAY-05): the session then carries audio.
        self.audio_camera: int | None = None
        for tile in self.grid.tiles:
            tile.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            tile.customContextMenuRequested.connect(
                lambda pos, t=tile: self._tile_menu(t).popup(t.mapToGlobal(QPoint(pos)))
            )
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(150)
        self._reload.timeout.connect(self.reload_timeline)
        self.timeline = Timeline()
        self.timeline.range_changed.connect(lambda *_: self._reload.start())
        self.timeline.seek.connect(self.seek)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda y, m: self.load_days(y, m))
        self.calendar.clicked.connect(self._on_day)
        self.events = QListWidget()
        self.events.itemDoubleClicked.connect(self._on_event)
        self.first_last: dict[str, int] = {}
        self.clock_label = QLabel("—")
        self.clock_label.setObjectName("clock")
        self.speed_label = QLabel("1×")
        self.speed_label.setObjectName("muted")

        controls = QHBoxLayout()
        controls.setSpacing(4)
        buttons: list[tuple[str, str, Callable[[], None]]] = [
            ("−30 s", "Back 30 seconds", lambda: self._seek_by(-30 * S)),
            ("◀◀", "Reverse play", self.play_reverse),
            ("◁|", "Previous frame (paused)", lambda: self._step(-1)),
            ("▶", "Play", self.play),
            ("❚❚", "Pause", self.pause),
            ("■", "Stop", self.stop),
            ("|▷", "Next frame (paused)", lambda: self._step(1)),
            ("Slower", "Halve the speed", lambda: self._change_speed(-1)),
            ("Faster", "Double the speed", lambda: self._change_speed(1)),
            ("+30 s", "Forward 30 seconds", lambda: self._seek_by(30 * S)),
        ]
        for text, tip, action in buttons:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(action)
            controls.addWidget(button)
        controls.addWidget(self.speed_label)
        controls.addStretch(1)
        controls.addWidget(self.clock_label)
        controls.addStretch(1)
        for text, action in (
            ("Mark start", self.timeline.mark_start),
            ("Mark end", self.timeline.mark_end),
            ("Back up selection…", self._backup_selection),
            ("Add tag", self._add_tag),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            controls.addWidget(button)

        reasons = QHBoxLayout()
        reasons.setSpacing(10)
        self.reason_boxes: dict[int, QCheckBox] = {}
        for reason, color in REASON_COLORS.items():
            box = QCheckBox(REASON_NAMES[reason])
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {color.name()}; }}")
            box.toggled.connect(lambda on, r=reason: self.timeline.set_reason_shown(r, on))
            reasons.addWidget(box)
            self.reason_boxes[reason] = box
        reasons.addStretch(1)
        for text, action in (
            ("First recording", lambda: self._go("first")),
            ("Last recording", lambda: self._go("last")),
            ("24 h", self._show_24h),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            reasons.addWidget(button)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.calendar)
        label = QLabel("Events and tags")
        label.setObjectName("section")
        side_layout.addWidget(label)
        side_layout.addWidget(self.events, 1)
        side.setMinimumWidth(320)
        side.setMaximumWidth(380)

        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(4)
        center_layout.addWidget(self.grid, 1)
        center_layout.addLayout(controls)
        center_layout.addWidget(self.timeline)
        center_layout.addLayout(reasons)
        splitter = QSplitter()
        splitter.addWidget(center)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    # -- data ------------------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Work on another server: playback stops, its cameras come with set_cameras."""
        self.stop()
        self.session = session
        self.cameras, self.camera_ids, self.first_last = {}, [], {}
        self.timeline.set_runs([])
        self.events.clear()

    def signed_in(self) -> None:
        today = QDate.currentDate()
        self.load_days(today.year(), today.month())

    def set_cameras(self, cameras: list[cameras_pb2.Camera]) -> None:
        first = not self.cameras
        self.cameras = {c.id: c for c in cameras}
        self.grid.names = {c.id: c.name for c in cameras}
        if first:
            self.reload_timeline()
            page = self.calendar.yearShown(), self.calendar.monthShown()
            self.load_days(*page)

    def timeline_cameras(self) -> list[int]:
        return self.camera_ids or sorted(self.cameras)[:1]

    def activate(self) -> None:
        self.reload_timeline()

    def reload_timeline(self) -> None:
        ids = self.timeline_cameras()
        if not ids:
            return
        start, end = self.timeline.visible_range()
        resolution = self.timeline.resolution_us()
        self.session.call(
            lambda c: c.get_timeline(ids, start, end, resolution_us=resolution),
            lambda lines: self.timeline.set_runs(runs_from_timelines(lines)),
            lambda exc: self.notify(f"Timeline: {exc}"),
            owner=self,
        )

        def events(c: Client) -> list[tuple[str, int, int, str]]:
            found: list[tuple[str, int, int, str]] = []
            for event in c.search_events(camera_ids=ids, start_us=start, end_us=end, limit=200):
                name = _EVENT_NAMES.get(event.type, "event")
                text = f"{name}: {event.message or event.source}".strip(": ")
                found.append(("event", event.start_time.ToMicroseconds(), event.camera_id, text))
            for tag in c.list_tags(camera_ids=ids, start_us=start, end_us=end, limit=200):
                found.append(("tag", tag.time.ToMicroseconds(), tag.camera_id, tag.name))
            return sorted(found, key=lambda e: e[1])

        self.session.call(events, self._show_events, owner=self)

    def _show_events(self, found: list[tuple[str, int, int, str]]) -> None:
        self.events.clear()
        for kind, time_us, camera_id, text in found:
            moment = datetime.fromtimestamp(time_us / S).strftime("%d/%m %H:%M:%S")
            name = self.cameras[camera_id].name if camera_id in self.cameras else f"#{camera_id}"
            item = QListWidgetItem(f"{'🏷' if kind == 'tag' else '⚑'} {moment}  {name}  {text}")
            item.setData(Qt.ItemDataRole.UserRole, (camera_id, time_us))
            self.events.addItem(item)
        if not found:
            self.events.addItem("No events or tags in the shown range")

    def load_days(self, year: int, month: int) -> None:
        ids = self.timeline_cameras()
        if not ids:
            return
        self.session.call(
            lambda c: c.list_recording_days(ids, year, month),
            lambda days: self._show_days(year, month, days),
            owner=self,
        )

    def _show_days(
        self, year: int, month: int, response: search_pb2.ListRecordingDaysResponse
    ) -> None:
        plain = QTextCharFormat()
        for day in range(1, 32):
            date = QDate(year, month, day)
            if date.isValid():
                self.calendar.setDateTextFormat(date, plain)
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setForeground(REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE].lighter(140))
        marked.setBackground(REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE].darker(300))
        self.recorded_days: set[int] = set()
        firsts, lasts = [], []
        for camera in response.cameras:
            self.recorded_days.update(camera.days)
            if camera.HasField("first_recording_time"):
                firsts.append(camera.first_recording_time.ToMicroseconds())
            if camera.HasField("last_recording_time"):
                lasts.append(camera.last_recording_time.ToMicroseconds())
        for day in self.recorded_days:
            self.calendar.setDateTextFormat(QDate(year, month, day), marked)
        if firsts:
            self.first_last["first"] = min(firsts)
        if lasts:
            self.first_last["last"] = max(lasts)

    def _on_day(self, day: QDate) -> None:
        self.timeline.show_day(local_midnight_us(day))

    def _go(self, which: str) -> None:
        at = self.first_last.get(which)
        if at is None:
            self.notify("No recording known yet for these cameras")
            return
        self.timeline.center_on(at)
        self.seek(at)

    def _show_24h(self) -> None:
        end = datetime.now().timestamp() * S
        self.timeline.set_range(int(end - 23 * 3600 * S), int(end + 3600 * S))

    def _on_event(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            camera_id, time_us = data
            self.open_at([camera_id], time_us)

    # -- playback --------------------------------------------------------------------------

    def _source(self, camera_id: int, stream: int, *, audio: bool = False) -> PacketSource:
        if self.playback is None or camera_id not in self.playback.feeds:
            return NoteSource("Pick a time on the timeline")
        return self.playback.feeds[camera_id]

    def open_at(self, camera_ids: list[int], time_us: int) -> None:
        """Start a playback session of ``camera_ids`` (≤ 16) at ``time_us``."""
        client = self.session.client
        if client is None:
            return
        self.stop()
        self.camera_ids = camera_ids[:16]
        count = next(n for n in (1, 4, 9, 16) if n >= len(self.camera_ids))
        self.grid.set_layout(count)
        if self.audio_camera not in self.camera_ids:
            self.audio_camera = None
        self.playback = PlaybackConnection(
            client,
            self.camera_ids,
            start_us=time_us,
            audio=self.audio_camera is not None,
            on_clock=self._bridge.clock.emit,
        )
        self.paused, self.reverse, self.speed_index = False, False, SPEEDS.index(1.0)
        self._show_speed()
        for tile in self.grid.tiles:
            tile.audio_from_source = False  # the session carries it
            tile.audio_on = False
        for tile, camera_id in zip(self.grid.layout_tiles(), self.camera_ids, strict=False):
            tile.audio_on = camera_id == self.audio_camera
            self.grid.assign(tile, camera_id)
        self.playback.start()
        self.timeline.set_position(time_us)
        if not (self.timeline.visible_range()[0] <= time_us < self.timeline.visible_range()[1]):
            self.timeline.center_on(time_us)
        self.reload_timeline()

    def position(self) -> int:
        """The instant shown (the clock's, else the last frame's, else the cursor)."""
        if self.timeline.position_us is not None:
            return self.timeline.position_us
        return self.timeline.visible_range()[0]

    def _tile_menu(self, tile: VideoTile) -> QMenu:
        """PLAY-05: snapshot, digital zoom, add tag, switch camera, close."""
        menu = QMenu(self)
        if tile.camera_id is None:
            return menu
        camera_id = tile.camera_id
        heard = self.audio_camera == camera_id
        menu.addAction(
            "Audio off" if heard else "Audio on (1× forward)",
            lambda: self.set_audio_camera(None if heard else camera_id),
        )
        menu.addAction("Snapshot of this instant", lambda: self._snapshot(camera_id))
        menu.addAction("Reset digital zoom", tile.reset_zoom)
        menu.addAction("Add tag here", lambda: self._tag_camera(camera_id))
        switch = menu.addMenu("Switch camera (same instant)")
        for other in sorted(self.cameras.values(), key=lambda c: c.name):
            if other.id != camera_id and other.id not in self.camera_ids:
                switch.addAction(
                    other.name, functools.partial(self.switch_camera, camera_id, other.id)
                )
        menu.addAction("Close", lambda: self.close_camera(camera_id))
        return menu

    def set_audio_camera(self, camera_id: int | None) -> None:
        """Hear this camera (None: no audio). The session reopens at the instant shown,
        with the cameras' audio when one is heard (the server sends it at 1× forward;
        it needs the audio right on every camera of the session)."""
        self.audio_camera = camera_id
        if self.camera_ids:
            self.open_at(self.camera_ids, self.position())

    def switch_camera(self, camera_id: int, other_id: int) -> None:
        """Replace a camera by another, at the instant shown."""
        ids = [other_id if c == camera_id else c for c in self.camera_ids]
        self.open_at(ids, self.position())

    def close_camera(self, camera_id: int) -> None:
        ids = [c for c in self.camera_ids if c != camera_id]
        at = self.position()
        if ids:
            self.open_at(ids, at)
        else:
            self.stop()
            self.camera_ids = []

    def _snapshot(self, camera_id: int) -> None:
        at = self.position()
        self.session.call(
            lambda c: c.take_snapshot(camera_id, at),
            lambda shot: self.notify(f"Snapshot {shot.id} saved ({shot.width}×{shot.height})"),
            lambda exc: self.notify(f"Snapshot: {exc}"),
            owner=self,
        )

    def _tag_camera(self, camera_id: int) -> None:
        at = self.position()
        self.session.call(
            lambda c: c.create_tag(camera_id, at),
            self._tag_added,
            lambda exc: self.notify(f"Tag: {exc}"),
            owner=self,
        )

    def seek(self, time_us: int) -> None:
        if self.playback is None:
            ids = self.timeline_cameras()
            if ids:
                self.open_at(ids, time_us)
            return
        self.playback.seek(time_us)
        self.timeline.set_position(time_us)

    def _seek_by(self, offset_us: int) -> None:
        if self.playback is not None:
            self.playback.seek_by(offset_us)

    def _step(self, frames: int) -> None:
        if self.playback is None:
            return
        if not self.paused:
            self.pause()
        self.playback.step(frames)

    def play(self) -> None:
        self.reverse = False
        self._send_play()

    def play_reverse(self) -> None:
        self.reverse = True
        self._send_play()

    def _send_play(self) -> None:
        if self.playback is None:
            self.seek(self.timeline.position_us or self.timeline.visible_range()[0])
            return
        self.paused = False
        self.playback.play(SPEEDS[self.speed_index], self.reverse)
        self._show_speed()

    def pause(self) -> None:
        if self.playback is not None:
            self.paused = True
            self.playback.pause()
            self._show_speed()

    def stop(self) -> None:
        if self.playback is not None:
            self.playback.close()
            self.playback = None
        for tile in self.grid.tiles:
            tile.set_camera(None)

    def _change_speed(self, direction: int) -> None:
        self.speed_index = min(len(SPEEDS) - 1, max(0, self.speed_index + direction))
        if self.playback is not None and not self.paused:
            self.playback.play(SPEEDS[self.speed_index], self.reverse)
        self._show_speed()

    def _show_speed(self) -> None:
        speed = SPEEDS[self.speed_index]
        text = f"{speed:g}×" if speed >= 1 else f"1/{round(1 / speed)}×"
        self.speed_label.setText(
            ("paused · " if self.paused else "") + ("◀ " if self.reverse else "") + text
        )

    def _on_clock(self, clock: media_pb2.PlaybackClock) -> None:
        self.timeline.set_position(clock.position_us)
        self.clock_label.setText(
            datetime.fromtimestamp(clock.position_us / S).strftime("%Y-%m-%d %H:%M:%S")
        )

    def _add_tag(self) -> None:
        at = self.timeline.position_us
        ids = self.timeline_cameras()
        if at is None or not ids:
            self.notify("Click the timeline to choose the instant to tag")
            return
        camera_id = (
            ids[0]
            if self.grid.active is None or self.grid.active.camera_id is None
            else self.grid.active.camera_id
        )
        self.session.call(
            lambda c: c.create_tag(camera_id, at),
            self._tag_added,
            lambda exc: self.notify(f"Tag: {exc}"),
            owner=self,
        )

    def _tag_added(self, tag: search_pb2.Tag) -> None:
        self.notify(f"Tag “{tag.name}” added")
        self.reload_timeline()

    def _backup_selection(self) -> None:
        if self.timeline.selection is None:
            self.notify("Mark a start and an end on the timeline first (or shift-drag)")
            return
        start, end = self.timeline.selection
        self.backup_requested.emit(
            [(camera_id, start, end) for camera_id in self.timeline_cameras()]
        )

    def shutdown(self) -> list[DecoderThread]:
        if self.playback is not None:
            self.playback.close()
        return self.grid.shutdown()
