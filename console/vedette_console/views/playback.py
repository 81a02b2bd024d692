"""The playback view (PLAY-01..09): synchronised tiles, controls, the timeline with
its calendar of recorded days, and the events and tags beside it.

Server requests are named operations (``operations.search``, ``tags``,
``snapshots``); the events and tags beside the timeline reload when the change
feed says tags changed; every time shown (the clock, the list, the timeline's
ticks, the calendar's days) is on the server's clock and in its formats. The tiles
black out the cameras' privacy masks for users without the unmasked right (CAM-10)
and show their watermark unless the toolbar's toggle hides it (PLAY-08,
remembered on this workstation).

At a site (``set_site``, docs/sites.md), one camera shown that moved between
servers (a failover, a move) is shown and played across them: the timeline has
what every server that held it recorded, each part clipped to its custody and
labelled with its server; a time in another server's custody is played from that
server (the console's session on it, else one opened with a site token), and
playing on past the end of a server's custody (or back past its start) goes on
from the server that held the camera next (or before). Invariants: a server that
does not answer is named and its part left out, never guessed; nothing here
blocks the UI thread; the directory unreachable leaves this server's own
timeline and playback as they were without a site.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QFileDialog,
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

from vedette_api.client import Client, site_export
from vedette_api.client.site_export import SiteExport
from vedette_api.client.site_session import CustodyPart, SiteDays, SiteSession, SiteTimeline
from vedette_api.timestamps import US_PER_S, now_us, us_from_timestamp
from vedette_api.v1 import alarms_pb2, cameras_pb2, common_pb2, media_pb2, search_pb2
from vedette_console.background import TaskRunner
from vedette_console.local_prefs import flag, remember_flag
from vedette_console.operations import search as search_ops
from vedette_console.operations import snapshots as snapshot_ops
from vedette_console.operations import tags as tag_ops
from vedette_console.operations.search import Marker
from vedette_console.operations.server_op import ServerOp
from vedette_console.session import Session
from vedette_console.video.decoder import DecoderThread
from vedette_console.video.playback import PlaybackConnection
from vedette_console.video.sources import NoteSource, PacketSource
from vedette_console.views.backup_dialog import default_download_folder
from vedette_console.views.picture_rules import PictureRules
from vedette_console.views.search.events import EVENT_TYPE_LABELS
from vedette_console.views.server_view import follow_session
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.timeline import REASON_COLORS, REASON_NAMES, Run, Timeline

#: The remembered state of the watermark toggle.
WATERMARK_FLAG = "playback_watermark"
SPEEDS = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


def _recorded_day_format() -> QTextCharFormat:
    """A day with recordings in the calendar."""
    marked = QTextCharFormat()
    marked.setFontWeight(QFont.Weight.Bold)
    marked.setForeground(REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE].lighter(140))
    marked.setBackground(REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE].darker(300))
    return marked


def _same_custody(part: CustodyPart, other: CustodyPart | None) -> bool:
    """The same server's same custody (parts clipped to different ranges)."""
    return (
        other is not None
        and part.server == other.server
        and part.custody_start_us == other.custody_start_us
    )


class _ClockBridge(QObject):
    clock = Signal(object)
    gap = Signal(object)


class PlaybackView(QWidget):
    """Signals: ``backup_requested(items)`` with items [(camera_id, start_us, end_us)]."""

    backup_requested = Signal(object)

    def __init__(
        self, session: Session, notify: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.notify = notify
        self.display = session.settings.display
        self.cameras: dict[int, cameras_pb2.Camera] = {}
        self.camera_ids: list[int] = []
        self.playback: PlaybackConnection | None = None
        self.speed_index = SPEEDS.index(1.0)
        self.reverse = False
        self.paused = False
        self._bridge = _ClockBridge()
        self._bridge.clock.connect(self._on_clock, Qt.ConnectionType.QueuedConnection)
        self._bridge.gap.connect(self._on_gap, Qt.ConnectionType.QueuedConnection)
        #: At a site (``set_site``): the directory's custody index and the members.
        self.site: SiteSession | None = None
        #: Who held the one camera shown over the timeline's range (at a site).
        self.parts: list[CustodyPart] = []
        #: At a site, the custody part being played, and the camera's ids on the
        #: server playing it by its ids on this view's server (when they differ).
        self.playing_part: CustodyPart | None = None
        self._aliases: dict[int, int] = {}
        #: The session playing, when it is not this view's server's.
        self._playing_client: Client | None = None
        self._following = False
        #: The runner of site backups (``back_up_across_site``), made on first use,
        #: and what the last one wrote.
        self._site_backups: TaskRunner | None = None
        self.last_site_backup: SiteExport | None = None
        #: The part whose server could not be followed to (said once).
        self._follow_failed: CustodyPart | None = None
        self._unreachable_said: set[str] = set()
        #: (site camera id, year, month) → the days the site's servers recorded it.
        self._site_days: dict[tuple[str, int, int], set[int]] = {}
        self.grid = LiveGrid(self._source)
        self.grid.set_display(self.display)
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
        self.timeline.set_display(self.display)
        self.timeline.range_changed.connect(lambda *_: self._reload.start())
        self.timeline.seek.connect(self.seek)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda y, m: self.load_days(y, m))
        self.calendar.clicked.connect(self._on_day)
        self.events = QListWidget()
        self.events.itemDoubleClicked.connect(self._on_event)
        self.markers: list[Marker] = []
        self.first_last: dict[str, int] = {}
        self.recorded_days: set[int] = set()
        self.clock_label = QLabel("—")
        self.clock_label.setObjectName("clock")
        self.speed_label = QLabel("1×")
        self.speed_label.setObjectName("muted")
        #: Privacy masks (CAM-10) and watermarks (CAM-11) of the cameras on the tiles.
        self.picture_rules = PictureRules(self.grid, session, parent=self)
        self.watermark = QCheckBox(self.tr("Watermark"))
        self.watermark.setToolTip(self.tr("Show the cameras' watermark over the pictures"))
        self.watermark.setChecked(flag(WATERMARK_FLAG, True))
        self.watermark.toggled.connect(self._watermark_toggled)
        self.grid.assignments_changed.connect(self._show_watermark)
        self._show_watermark()
        self._lay_out()
        follow_session(None, session, changed=self._on_changed, settings=self._on_settings)

    def _lay_out(self) -> None:
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(4)
        center_layout.addWidget(self.grid, 1)
        center_layout.addLayout(self._build_controls())
        center_layout.addWidget(self.timeline)
        center_layout.addLayout(self._build_reasons())
        splitter = QSplitter()
        splitter.addWidget(center)
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    def _build_controls(self) -> QHBoxLayout:
        """Transport buttons, the speed, the clock, and marking a range."""
        controls = QHBoxLayout()
        controls.setSpacing(4)
        buttons: list[tuple[str, str, Callable[[], None]]] = [
            (self.tr("−30 s"), self.tr("Back 30 seconds"), lambda: self._seek_by(-30 * US_PER_S)),
            ("◀◀", self.tr("Reverse play"), self.play_reverse),
            ("◁|", self.tr("Previous frame (paused)"), lambda: self._step(-1)),
            ("▶", self.tr("Play"), self.play),
            ("❚❚", self.tr("Pause"), self.pause),
            ("■", self.tr("Stop"), self.stop),
            ("|▷", self.tr("Next frame (paused)"), lambda: self._step(1)),
            (self.tr("Slower"), self.tr("Halve the speed"), lambda: self._change_speed(-1)),
            (self.tr("Faster"), self.tr("Double the speed"), lambda: self._change_speed(1)),
            (self.tr("+30 s"), self.tr("Forward 30 seconds"), lambda: self._seek_by(30 * US_PER_S)),
        ]
        for text, tip, action in buttons:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(action)
            controls.addWidget(button)
        controls.addWidget(self.speed_label)
        controls.addWidget(self.watermark)
        controls.addStretch(1)
        controls.addWidget(self.clock_label)
        controls.addStretch(1)
        for text, action in (
            (self.tr("Mark start"), self.timeline.mark_start),
            (self.tr("Mark end"), self.timeline.mark_end),
            (self.tr("Back up selection…"), self._backup_selection),
            (self.tr("Add tag"), self._add_tag),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            controls.addWidget(button)
        return controls

    def _build_reasons(self) -> QHBoxLayout:
        """A toggle per record reason (its colour), first/last recording, 24 h."""
        reasons = QHBoxLayout()
        reasons.setSpacing(10)
        self.reason_boxes: dict[int, QCheckBox] = {}
        for reason, color in REASON_COLORS.items():
            box = QCheckBox(QCoreApplication.translate("Timeline", REASON_NAMES[reason]))
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {color.name()}; }}")
            box.toggled.connect(lambda on, r=reason: self.timeline.set_reason_shown(r, on))
            reasons.addWidget(box)
            self.reason_boxes[reason] = box
        reasons.addStretch(1)
        for text, action in (
            (self.tr("First recording"), lambda: self._go("first")),
            (self.tr("Last recording"), lambda: self._go("last")),
            (self.tr("24 h"), self._show_24h),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            reasons.addWidget(button)
        return reasons

    def _build_side(self) -> QWidget:
        """The calendar of recorded days, the events and tags of the range shown."""
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.calendar)
        label = QLabel(self.tr("Events and tags"))
        label.setObjectName("section")
        side_layout.addWidget(label)
        side_layout.addWidget(self.events, 1)
        side.setMinimumWidth(320)
        side.setMaximumWidth(380)
        return side

    # -- data ------------------------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Work on another server: playback stops, its cameras come with set_cameras."""
        self.stop()
        follow_session(self.session, session, changed=self._on_changed, settings=self._on_settings)
        self.session = session
        self.picture_rules.set_session(session)
        self._on_settings(session.settings)
        self.cameras, self.camera_ids, self.first_last = {}, [], {}
        self.parts = []
        self.timeline.set_runs([])
        self.timeline.set_custody([])
        self.events.clear()

    def set_site(self, site: SiteSession | None) -> None:
        """Signed in at a site (None: not, or no longer): the camera shown follows
        its custody across the site's servers. The previous one is closed."""
        old, self.site = self.site, site
        self.parts, self._unreachable_said, self._site_days = [], set(), {}
        if old is not None and old is not site:
            old.close()

    def signed_in(self) -> None:
        self._select_today()

    def _select_today(self, *, background: bool = False) -> None:
        """Today on the server's clock, and its month's recorded days."""
        year, month, day = self.display.today(now_us())
        self.calendar.setSelectedDate(QDate(year, month, day))
        self.load_days(year, month, background=background)

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

    def _on_changed(self, kind: int, ids: Any) -> None:
        if kind == alarms_pb2.RESOURCE_KIND_TAGS and self.isVisible():
            self._load_markers(background=True)

    def _on_settings(self, settings: Any) -> None:
        today = self.display.today(now_us())
        self.display = settings.display
        self.grid.set_display(self.display)
        if today != self.display.today(now_us()):
            self._select_today(background=True)  # the server's day is not the PC's
        self.timeline.set_display(self.display)
        self._show_markers(self.markers)
        if self.timeline.position_us is not None and self.clock_label.text() != "—":
            self.clock_label.setText(self.display.date_time(self.timeline.position_us))

    def _watermark_toggled(self, shown: bool) -> None:
        remember_flag(WATERMARK_FLAG, shown)
        self._show_watermark()

    def _show_watermark(self) -> None:
        """PLAY-08: the watermark over every tile, or over none."""
        for tile in self.grid.tiles:
            tile.set_watermark_shown(self.watermark.isChecked())

    def _site_camera(self, camera_ids: list[int] | None = None) -> str:
        """At a site, the site id of the one camera shown (or of ``camera_ids``)."""
        ids = self.timeline_cameras() if camera_ids is None else camera_ids
        if self.site is None or len(ids) != 1:
            return ""
        camera = self.cameras.get(ids[0])
        return camera.site_camera_id if camera is not None else ""

    def reload_timeline(self) -> None:
        ids = self.timeline_cameras()
        if not ids:
            return
        site_id = self._site_camera()
        if site_id:
            self._reload_site_timeline(site_id)
            self._load_markers()
            return
        self._reload_own_timeline()

    def _reload_own_timeline(self) -> None:
        ids = self.timeline_cameras()
        if not ids:
            return
        self.parts = []
        self.timeline.set_custody([])
        start, end = self.timeline.visible_range()
        op = search_ops.timeline_runs(
            parent=self,
            camera_ids=ids,
            start_us=start,
            end_us=end,
            resolution_us=self.timeline.resolution_us(),
        )
        op.success(self.timeline.set_runs).failure(
            lambda error: self.notify(self.tr("Timeline: {error}").format(error=error))
        ).run(self.session)
        self._load_markers()

    def _reload_site_timeline(self, site_id: str) -> None:
        """The camera's timeline over every server that held it (a background op;
        the directory unreachable: this server's own timeline, said once)."""
        site = self.site
        assert site is not None
        start, end = self.timeline.visible_range()
        resolution = self.timeline.resolution_us()

        def work(_client: Client) -> SiteTimeline:
            return site.camera_timeline(site_id, start, end, resolution_us=resolution)

        def failed(error: Exception) -> None:
            if "directory" not in self._unreachable_said:
                self._unreachable_said.add("directory")
                self.notify(
                    self.tr(
                        "Timeline across the site's servers: {error}; showing this server's"
                        " recordings only"
                    ).format(error=error)
                )
            self._reload_own_timeline()

        ServerOp(self, work).success(self._show_site_timeline).failure(failed).run(self.session)

    def _show_site_timeline(self, found: SiteTimeline) -> None:
        self._unreachable_said.discard("directory")
        self.timeline.set_runs([Run(r.start_us, r.end_us, r.reasons) for r in found.runs])
        self.parts = list(found.parts)
        several = len({part.server for part in found.parts}) > 1
        self.timeline.set_custody(
            [(p.held_from_us, p.held_to_us, p.server) for p in found.parts] if several else []
        )
        for server, why in sorted(found.unreachable.items()):
            if server not in self._unreachable_said:
                self.notify(
                    self.tr(
                        "Timeline: {server} did not answer ({why}); what it recorded is not shown"
                    ).format(server=server, why=why)
                )
        self._unreachable_said = {"directory"} & self._unreachable_said | set(found.unreachable)

    def _load_markers(self, *, background: bool = False) -> None:
        """The events and tags of the range shown, beside the timeline (at a site,
        of every server that held the one camera shown)."""
        ids = self.timeline_cameras()
        if not ids:
            return
        start, end = self.timeline.visible_range()
        site, site_id = self.site, self._site_camera()
        if site is not None and site_id:
            camera_id = ids[0]

            def work(_client: Client) -> tuple[list[Marker], dict[str, str]]:
                return search_ops.fetch_site_markers(site, site_id, camera_id, start, end)

            site_op = ServerOp(self, work).success(self._show_site_markers)
            (site_op.background() if background else site_op).run(self.session)
            return
        op = search_ops.markers(parent=self, camera_ids=ids, start_us=start, end_us=end)
        op.success(self._show_markers)
        (op.background() if background else op).run(self.session)

    def _show_site_markers(self, found: tuple[list[Marker], dict[str, str]]) -> None:
        markers, unreachable = found
        self._show_markers(markers)
        for server, why in sorted(unreachable.items()):
            self.events.addItem(
                self.tr("{server} did not answer ({why}): its events are not listed").format(
                    server=server, why=why
                )
            )

    def _show_markers(self, markers: list[Marker]) -> None:
        self.markers = markers
        self.events.clear()
        display = self.display
        for marker in markers:
            moment = f"{display.day_month(marker.time_us)} {display.time(marker.time_us)}"
            camera = self.cameras.get(marker.camera_id)
            name = camera.name if camera is not None else f"#{marker.camera_id}"
            mark = "🏷" if marker.kind == "tag" else "⚑"
            label = EVENT_TYPE_LABELS.get(marker.event_type)
            what = QCoreApplication.translate("EventSearch", label) if label else ""
            text = f"{what}: {marker.text}" if what and marker.text else what or marker.text
            where = f"  [{marker.server}]" if marker.server else ""
            item = QListWidgetItem(f"{mark} {moment}  {name}{where}  {text}")
            item.setData(Qt.ItemDataRole.UserRole, (marker.camera_id, marker.time_us))
            self.events.addItem(item)
        if not markers:
            self.events.addItem(self.tr("No events or tags in the shown range"))

    def load_days(self, year: int, month: int, *, background: bool = False) -> None:
        ids = self.timeline_cameras()
        if not ids:
            return
        op = search_ops.recording_days(parent=self, camera_ids=ids, year=year, month=month)
        op.success(lambda days: self._show_days(year, month, days))
        (op.background() if background else op).run(self.session)
        site, site_id = self.site, self._site_camera()
        if site is not None and site_id:  # the days the other servers recorded too

            def work(_client: Client) -> SiteDays:
                return site.camera_days(site_id, year, month)

            ServerOp(self, work).success(
                lambda days: self._mark_site_days(site_id, year, month, days)
            ).background().run(self.session)

    def _mark_site_days(self, site_id: str, year: int, month: int, days: SiteDays) -> None:
        """The days other servers recorded the camera, marked too (kept for when
        this server's own answer comes after and redraws the month)."""
        self._site_days[(site_id, year, month)] = set(days.days)
        if site_id != self._site_camera():
            return
        for day in days.days:
            self.recorded_days.add(day)
            self.calendar.setDateTextFormat(QDate(year, month, day), _recorded_day_format())

    def _show_days(
        self, year: int, month: int, response: search_pb2.ListRecordingDaysResponse
    ) -> None:
        plain = QTextCharFormat()
        site_days = self._site_days.get((self._site_camera(), year, month), set())
        for day in range(1, 32):
            date = QDate(year, month, day)
            if date.isValid():
                self.calendar.setDateTextFormat(date, plain)
        marked = _recorded_day_format()
        self.recorded_days = set(site_days)
        firsts, lasts = [], []
        for camera in response.cameras:
            self.recorded_days.update(camera.days)
            if camera.HasField("first_recording_time"):
                firsts.append(us_from_timestamp(camera.first_recording_time))
            if camera.HasField("last_recording_time"):
                lasts.append(us_from_timestamp(camera.last_recording_time))
        for day in self.recorded_days:
            self.calendar.setDateTextFormat(QDate(year, month, day), marked)
        if firsts:
            self.first_last["first"] = min(firsts)
        if lasts:
            self.first_last["last"] = max(lasts)

    def _on_day(self, day: QDate) -> None:
        """A day of the calendar: that day from the server's midnight."""
        self.timeline.show_day(self.display.day_start_us(day.year(), day.month(), day.day()))

    def _go(self, which: str) -> None:
        at = self.first_last.get(which)
        if at is None:
            self.notify(self.tr("No recording known yet for these cameras"))
            return
        self.timeline.center_on(at)
        self.seek(at)

    def _show_24h(self) -> None:
        end = now_us()
        self.timeline.set_range(end - 23 * 3600 * US_PER_S, end + 3600 * US_PER_S)

    def _on_event(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:
            camera_id, time_us = data
            self.open_at([camera_id], time_us)

    # -- playback --------------------------------------------------------------------------

    def _source(self, camera_id: int, stream: int, *, audio: bool = False) -> PacketSource:
        feed = None
        if self.playback is not None:
            feed = self.playback.feeds.get(self._aliases.get(camera_id, camera_id))
        if feed is None:
            return NoteSource(self.tr("Pick a time on the timeline"))
        return feed

    def open_at(self, camera_ids: list[int], time_us: int) -> None:
        """Start a playback session of ``camera_ids`` (≤ 16) at ``time_us``; at a
        site, one camera is played from the server that held it then."""
        camera_ids = camera_ids[:16]
        site_id = self._site_camera(camera_ids)
        if site_id:
            self._open_in_custody(camera_ids[0], site_id, time_us)
            return
        self._open(self.session.client, camera_ids, camera_ids, time_us)

    def _open_in_custody(
        self, camera_id: int, site_id: str, time_us: int, *, forward: bool | None = None
    ) -> None:
        """Play the camera from the server that held it at ``time_us`` (a background
        op: the directory and that server may need asking). With ``forward``, from
        the server that held it next (True) or before (False) the part played, kept
        at the speed and direction played."""
        site = self.site
        assert site is not None
        known = list(self.parts)
        current = self.playing_part

        def work(_client: Client) -> tuple[CustodyPart, Client, int, int] | None:
            if forward is None:
                part = next((p for p in known if p.held_from_us <= time_us < p.held_to_us), None)
                if part is None:
                    part = next(iter(site.custody_parts(site_id, time_us, time_us + 1)[1]), None)
                at = time_us
            elif forward:
                parts = site.custody_parts(site_id, time_us, now_us() + US_PER_S)[1]
                part = next((p for p in parts if not _same_custody(p, current)), None)
                at = time_us if part is None else max(time_us, part.held_from_us)
            else:
                parts = site.custody_parts(site_id, 0, time_us + 1)[1]
                part = next((p for p in reversed(parts) if not _same_custody(p, current)), None)
                at = time_us if part is None else min(time_us, part.held_to_us - 1)
            if part is None:
                return None
            client, local = site.camera_on(part, site_id)
            return part, client, local, at

        def opened(found: tuple[CustodyPart, Client, int, int] | None) -> None:
            self._following = False
            if found is None:
                if forward is None:  # nobody held it then: this server's own playback
                    self._open(self.session.client, [camera_id], [camera_id], time_us)
                return
            part, client, local, at = found
            keep = forward is not None
            self._open(client, [camera_id], [local], at, part=part, keep_controls=keep)
            if keep:
                self.notify(
                    self.tr("Playing on from {server}, which held the camera then").format(
                        server=part.server
                    )
                )

        def failed(error: Exception) -> None:
            self._following = False
            self._follow_failed = current
            self.notify(
                self.tr("Cannot play this camera from the server that held it then: {error}")
                .format(error=error)
            )  # fmt: skip
            if forward is None:  # (the directory unreachable): this server's own recording
                self._open(self.session.client, [camera_id], [camera_id], time_us)

        if forward is not None:
            self._following = True
        ServerOp(self, work).success(opened).failure(failed).run(self.session)

    def _open(
        self,
        client: Client | None,
        view_ids: list[int],
        server_ids: list[int],
        time_us: int,
        *,
        part: CustodyPart | None = None,
        keep_controls: bool = False,
    ) -> None:
        """Play ``view_ids`` (this view's ids) from ``client``, where the same
        cameras are ``server_ids``."""
        if client is None:
            return
        self.stop()
        self.camera_ids = view_ids
        self.playing_part = part
        self._follow_failed = None
        self._aliases = {v: s for v, s in zip(view_ids, server_ids, strict=True) if v != s}
        self._playing_client = None if client is self.session.client else client
        count = next(n for n in (1, 4, 9, 16) if n >= len(self.camera_ids))
        self.grid.set_layout(count)
        if self.audio_camera not in self.camera_ids:
            self.audio_camera = None
        # The sub stream (lighter) when every camera records one; a camera without
        # one has only its main stream recorded.
        with_sub = all(
            (camera := self.cameras.get(view_id)) is not None and camera.sub_url
            for view_id in view_ids
        )
        stream = common_pb2.STREAM_SUB if with_sub else common_pb2.STREAM_MAIN
        self.grid.set_override(stream)  # the tiles name the stream played
        self.playback = PlaybackConnection(
            client,
            server_ids,
            start_us=time_us,
            stream=stream,
            speed=SPEEDS[self.speed_index] if keep_controls else 1.0,
            reverse=self.reverse and keep_controls,
            audio=self.audio_camera is not None,
            on_clock=self._bridge.clock.emit,
            on_gap=self._bridge.gap.emit,
        )
        if not keep_controls:
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
            self.tr("Audio off") if heard else self.tr("Audio on (1× forward)"),
            lambda: self.set_audio_camera(None if heard else camera_id),
        )
        menu.addAction(self.tr("Snapshot of this instant"), lambda: self._snapshot(camera_id))
        menu.addAction(self.tr("Reset digital zoom"), tile.reset_zoom)
        menu.addAction(self.tr("Add tag here"), lambda: self._tag_camera(camera_id))
        switch = menu.addMenu(self.tr("Switch camera (same instant)"))
        for other in sorted(self.cameras.values(), key=lambda c: c.name):
            if other.id != camera_id and other.id not in self.camera_ids:
                switch.addAction(
                    other.name, functools.partial(self.switch_camera, camera_id, other.id)
                )
        menu.addAction(self.tr("Close"), lambda: self.close_camera(camera_id))
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
        op = self._for_playing(
            camera_id,
            lambda on: snapshot_ops.take_snapshot(parent=self, camera_id=on, time_us=at),
        )
        op.success(
            lambda shot: self.notify(
                self.tr("Snapshot {id} saved ({width}×{height})").format(
                    id=shot.id, width=shot.width, height=shot.height
                )
            )
        ).run(self.session)

    def _tag_camera(self, camera_id: int) -> None:
        at = self.position()
        op = self._for_playing(
            camera_id, lambda on: tag_ops.create_tag(parent=self, camera_id=on, time_us=at)
        )
        op.success(self._tag_added).run(self.session)

    def _custody_elsewhere(self, time_us: int) -> bool:
        """At a site, whether ``time_us`` is outside the custody being played."""
        if not self._site_camera(self.camera_ids or None):
            return False
        part = self.playing_part
        return part is None or not part.started_in_custody(time_us)

    def _for_playing(self, camera_id: int, make: Callable[[int], ServerOp[Any]]) -> ServerOp[Any]:
        """``make(the camera's id)`` as an op on the server playing it (another
        server of the site when it held the camera at the instant played)."""
        op = make(self._aliases.get(camera_id, camera_id))
        client = self._playing_client
        if client is not None:
            work = op.work
            op.work = lambda _client: work(client)
        return op

    def seek(self, time_us: int) -> None:
        if self.playback is None or self._custody_elsewhere(time_us):
            ids = self.camera_ids or self.timeline_cameras()
            if ids:
                self.open_at(ids, time_us)
            return
        self.playback.seek(time_us)
        self.timeline.set_position(time_us)

    def _seek_by(self, offset_us: int) -> None:
        if self.playback is None:
            return
        if self.playing_part is not None:  # it may land in another server's custody
            self.seek(self.position() + offset_us)
            return
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
        self.playing_part, self._playing_client, self._aliases = None, None, {}
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
            (self.tr("paused · ") if self.paused else "") + ("◀ " if self.reverse else "") + text
        )

    def _on_clock(self, clock: media_pb2.PlaybackClock) -> None:
        self.timeline.set_position(clock.position_us)
        self.clock_label.setText(self.display.date_time(clock.position_us))
        part = self.playing_part
        if part is None or clock.paused:
            return
        if not clock.reverse and part.custody_end_us is not None:
            if clock.position_us >= part.custody_end_us:
                self._follow_custody(part.custody_end_us, forward=True)
        elif clock.reverse and clock.position_us < part.custody_start_us:
            self._follow_custody(part.custody_start_us - 1, forward=False)

    def _on_gap(self, gap: media_pb2.PlaybackGap) -> None:
        """The end of what the playing server recorded in its custody (or its
        start, backwards): on from the server that held the camera next."""
        part = self.playing_part
        if part is None or self.paused:
            return
        if not self.reverse and part.custody_end_us is not None:
            if gap.to_us == 0 or gap.to_us >= part.custody_end_us:
                self._follow_custody(max(gap.from_us, part.custody_end_us), forward=True)
        elif self.reverse and (gap.from_us == 0 or gap.from_us < part.custody_start_us):
            self._follow_custody(min(gap.to_us, part.custody_start_us) - 1, forward=False)

    def _follow_custody(self, at_us: int, *, forward: bool) -> None:
        site_id = self._site_camera()
        if (
            not site_id
            or self._following
            or self._follow_failed is self.playing_part
            or not self.camera_ids
        ):
            return
        self._open_in_custody(self.camera_ids[0], site_id, at_us, forward=forward)

    def _add_tag(self) -> None:
        at = self.timeline.position_us
        ids = self.timeline_cameras()
        if at is None or not ids:
            self.notify(self.tr("Click the timeline to choose the instant to tag"))
            return
        camera_id = (
            ids[0]
            if self.grid.active is None or self.grid.active.camera_id is None
            else self.grid.active.camera_id
        )
        self._for_playing(
            camera_id, lambda on: tag_ops.create_tag(parent=self, camera_id=on, time_us=at)
        ).success(self._tag_added).run(self.session)

    def _tag_added(self, tag: search_pb2.Tag) -> None:
        self.notify(self.tr("Tag “{name}” added").format(name=tag.name))
        self._load_markers()

    def _backup_selection(self) -> None:
        if self.timeline.selection is None:
            self.notify(self.tr("Mark a start and an end on the timeline first (or shift-drag)"))
            return
        start, end = self.timeline.selection
        if self._site_camera():  # across the servers that held it: into a folder here
            folder = QFileDialog.getExistingDirectory(
                self,
                self.tr("Back up across the site's servers into"),
                str(default_download_folder()),
            )
            if folder:
                self.back_up_across_site(start, end, Path(folder))
            return
        self.backup_requested.emit(
            [(camera_id, start, end) for camera_id in self.timeline_cameras()]
        )

    def back_up_across_site(self, start_us: int, end_us: int, folder: Path) -> None:
        """Back up the site camera shown over [start_us, end_us) into ``folder``: one
        file per server that held it, streamed from and signed by that server, and
        a manifest of the parts and gaps (``site_export.export_camera``). Runs on
        its own thread; the status bar says when it starts and how it ended."""
        site, site_id = self.site, self._site_camera()
        ids = self.timeline_cameras()
        if site is None or not site_id or not ids:
            return
        camera = self.cameras[ids[0]]
        when = self.display.date_time(start_us).replace(":", "").replace(" ", "_")
        prefix = f"{camera.name or 'camera'}-{when}".replace("/", "_")
        if self._site_backups is None:
            self._site_backups = TaskRunner(self, threads=1, name="vedette-site-backup")
        self.notify(
            self.tr("Backing up {camera} from every server that held it into {folder}…").format(
                camera=camera.name, folder=folder
            )
        )

        def done(export: SiteExport) -> None:
            self.last_site_backup = export
            failed = export.failed
            servers = ", ".join(dict.fromkeys(p.server for p in export.parts if p.exported))
            text = self.tr(
                "Backup of {camera} written to {folder}: {parts} signed file(s) from {servers},"
                " manifest {manifest}"
            ).format(
                camera=camera.name,
                folder=folder,
                parts=len(export.parts) - len(failed),
                servers=servers or "—",
                manifest=export.manifest,
            )
            if failed:
                text += self.tr("; not exported: {parts}").format(
                    parts="; ".join(f"{p.server} ({p.error})" for p in failed)
                )
            self.notify(text)

        def failed(error: Exception) -> None:
            self.notify(self.tr("Backup of {camera} failed: {error}").format(
                camera=camera.name, error=error
            ))  # fmt: skip

        def work() -> SiteExport:
            return site_export.export_camera(site, site_id, start_us, end_us, folder, prefix=prefix)

        self._site_backups.submit(work, done, failed, owner=self)

    def shutdown(self) -> list[DecoderThread]:
        if self.playback is not None:
            self.playback.close()
        return self.grid.shutdown()
