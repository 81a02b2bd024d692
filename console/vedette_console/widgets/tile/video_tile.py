"""A video tile: one camera's pictures with its OSD, status line and digital zoom.

The tile asks its ``source_factory`` for a ``PacketSource`` (the grid gives it one:
live, a playback feed, a native export) and decodes it with a ``TileDecoder``; it
paints the latest ``Frame`` and nothing else, so painting never waits for the
network or the decoder. Its parts: ``stream_choice`` (sub or main for the tile's
size), ``zoom`` (digital zoom and the zoom view), ``audio`` (the audio output and
meter), ``osd`` (states, labels and painting), ``camera_drop`` (drag and drop).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from vedette_console.time_display import TimeDisplay, machine_display
from vedette_console.video.decoder import DecoderThread, DecodeStats, Frame
from vedette_console.video.sources import PacketSource
from vedette_console.widgets.tile.alarm_badge import alarm_badge_rect, paint_alarm_badge
from vedette_console.widgets.tile.audio import TileAudio
from vedette_console.widgets.tile.camera_drop import CAMERA_MIME, parse_camera_mime
from vedette_console.widgets.tile.decoding import TileDecoder
from vedette_console.widgets.tile.motion_badge import motion_badge_rect, paint_motion_badge
from vedette_console.widgets.tile.osd import (
    CameraStatus,
    StatusLine,
    TileState,
    paint_border,
    paint_empty,
    paint_message,
    paint_osd,
    paint_ptz_badge,
    ptz_badge_rect,
)
from vedette_console.widgets.tile.privacy import PictureRule, paint_masks, paint_watermark
from vedette_console.widgets.tile.sequence import TileSequencer
from vedette_console.widgets.tile.stream_choice import StreamChooser
from vedette_console.widgets.tile.zoom import DigitalZoom, paint_zoom_view

#: A tile with no picture for this long says "No signal".
STALL_S = 2.0


class SourceFactory(Protocol):
    """Makes a tile's source: ``(camera_id, stream)``, and ``audio=True`` when the
    tile's audio is on (only then is the keyword given)."""

    def __call__(self, camera_id: int, stream: int, /, *, audio: bool = False) -> PacketSource: ...


class VideoTile(QWidget):
    """Signals: ``double_clicked(tile)``; ``cameras_dropped(tile, cameras)`` with a
    list of ``CameraRef`` (one camera, or every camera of a dropped server or group
    node, in order); ``selected(tile)``; ``frame_shown(time_us)``; ``audio_level(dBFS)``
    for each audio packet decoded while the audio is on; ``ptz_clicked(tile)`` when
    the PTZ badge of a PTZ camera's tile is clicked."""

    double_clicked = Signal(object)
    cameras_dropped = Signal(object, list)
    selected = Signal(object)
    frame_shown = Signal(object)
    audio_level = Signal(float)
    ptz_clicked = Signal(object)

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.camera_id: int | None = None
        #: The server of the camera ("" in a single-server window).
        self.server = ""
        self.camera_name = ""
        self.osd = True
        #: How the OSD shows a frame's time: the camera's server's zone and formats
        #: (SYS-03; the PC's until its view gives the server's).
        self.display: TimeDisplay = machine_display()
        #: What an empty tile says.
        self.empty_text = self.tr("Drop a camera here")
        self.source_factory: SourceFactory | None = None
        self.chooser = StreamChooser()
        self.decoder = TileDecoder(self._take_frame, self._on_note, self._on_audio)
        self.audio = TileAudio()
        #: An in-tile sequence of cameras (LIVE-08), when one runs.
        self.sequencer = TileSequencer(self)
        #: When True, the source factory is asked for the audio (a live tile); a
        #: playback tile gets it from its connection instead.
        self.audio_from_source = True
        self._zoom = DigitalZoom()
        self._frame: Frame | None = None
        self._last_frame_at = 0.0
        self._started_at = 0.0
        self._state = TileState.EMPTY
        self._label = ""
        self._status_text = ""
        self._camera_status = CameraStatus.UNKNOWN
        self._drag_from: QPointF | None = None
        self._dragging_box = False
        self._active = False
        self.frames_shown = 0
        #: The camera has a PTZ device (the badge shows); its panel is open.
        self.ptz = False
        self.ptz_open = False
        #: Motion is on at the camera, as the server's feed says (the badge shows).
        self.motion = False
        #: The camera has an open alarm, as the server's feed says (the badge shows).
        self.alarm = False
        #: The camera's privacy masks and watermark for this user (``set_picture_rule``).
        self.picture_rule = PictureRule()
        #: Whether the rule's watermark is shown (playback tiles, PLAY-08).
        self.watermark_shown = False
        #: Gives the rule of the tile's camera when it changes (``views.picture_rules``).
        self.rule_source: Callable[[VideoTile], PictureRule] | None = None
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(32, 18))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    # -- camera and stream -----------------------------------------------------------

    @property
    def stream(self) -> int:
        return self.chooser.current

    @property
    def state(self) -> TileState:
        return self._state

    @property
    def last_frame(self) -> Frame | None:
        return self._frame

    @property
    def message(self) -> str:
        """What the tile says instead of (or over) a picture ("No signal", an error,
        a note), translated; "" when it says nothing."""
        return self._label

    @property
    def stats(self) -> DecodeStats | None:
        return self.decoder.stats

    def set_camera(self, camera_id: int | None, name: str = "") -> None:
        self.sequencer.camera_changed()
        self.decoder.stop()
        if camera_id is None:
            self.audio.close()
        self.camera_id, self.camera_name = camera_id, name
        self.ptz = self.ptz_open = False  # until the live view knows the new camera's
        self.motion = False
        self._frame = None
        source = self.rule_source
        self.picture_rule = PictureRule() if source is None else source(self)
        self._zoom.reset()
        if camera_id is None:
            self._show(TileState.EMPTY)
        else:
            self._show(TileState.STARTING)
            self.chooser.start(self._shown_height())
            self._start_stream()

    @property
    def status(self) -> str:
        """The camera's state line as shown ("" when unknown)."""
        return self._status_text

    def set_status(self, text: str, status: CameraStatus = CameraStatus.UNKNOWN) -> None:
        """The camera's state line (recording, offline with the reason) and the state
        it stands for (its colour)."""
        self._status_text, self._camera_status = text, status
        self.update()

    def set_display(self, display: TimeDisplay) -> None:
        """Show frame times in ``display``'s zone and formats (the server's settings)."""
        self.display = display
        self.update()

    def set_ptz(self, capable: bool, open_: bool = False) -> None:
        """Show the PTZ badge (a PTZ camera), highlighted while its panel is open."""
        self.ptz, self.ptz_open = capable, capable and open_
        self.update()

    def set_motion(self, on: bool) -> None:
        """Show the motion badge (LIVE-03) or not."""
        if on != self.motion:
            self.motion = on
            self.update()

    def set_alarm(self, on: bool) -> None:
        """Show the alarm badge (an open alarm on the camera) or not."""
        if on != self.alarm:
            self.alarm = on
            self.update()

    def set_picture_rule(self, rule: PictureRule) -> None:
        """Black out ``rule.masks`` (CAM-10); its watermark shows while
        ``watermark_shown`` (PLAY-08)."""
        if rule != self.picture_rule:
            self.picture_rule = rule
            self.update()

    def set_watermark_shown(self, shown: bool) -> None:
        if shown != self.watermark_shown:
            self.watermark_shown = shown
            self.update()

    def ptz_badge(self) -> QRect | None:
        """Where the PTZ badge is, None when the tile shows none."""
        if not self.ptz or self.camera_id is None:
            return None
        return ptz_badge_rect(self.size(), QFontMetrics(self._osd_font()))

    def set_active(self, active: bool) -> None:
        self._active = active
        self.update()

    def set_override(self, stream: int | None) -> None:
        self.chooser.override = stream
        self._check_stream()

    def freeze(self, text: str) -> None:
        """Stop the stream and keep the last picture, saying ``text`` (a pause)."""
        self.decoder.stop()
        self._show(TileState.ENDED, text)

    def shutdown(self) -> DecoderThread | None:
        """Stop the decoder (for closing the window); returns it to join."""
        thread = self.decoder.stop()
        self.audio.close()
        return thread

    def _show(self, state: TileState, label: str = "") -> None:
        self._state, self._label = state, label
        self.update()

    def _start_stream(self) -> None:
        if self.camera_id is None or self.source_factory is None:
            return
        stream = self.chooser.current
        if self.audio.on and self.audio_from_source:
            source = self.source_factory(self.camera_id, stream, audio=True)
        else:
            source = self.source_factory(self.camera_id, stream)
        name = f"decoder-tile{self.index}"
        self.decoder.start(source, self._target_size(), audio=self.audio.on, name=name)
        self._started_at = time.monotonic()
        self._last_frame_at = 0.0

    def _restart_stream(self) -> None:
        self.decoder.stop()
        self._start_stream()
        self.update()

    def _check_stream(self) -> None:
        if self.camera_id is None or self._state is TileState.ENDED:
            return
        before = self.chooser.current
        if self.chooser.choose(self._shown_height()) != before:
            self._restart_stream()

    def _shown_height(self) -> float:
        """How tall the picture is shown in device pixels (height × zoom × the
        screen's pixel ratio): a small tile on a HiDPI screen shows a large picture."""
        return self.height() * self.zoom * self.devicePixelRatioF()

    def _target_size(self) -> QSize:
        ratio, zoom = self.devicePixelRatioF(), self.zoom
        return QSize(int(self.width() * zoom * ratio), int(self.height() * zoom * ratio))

    # -- audio ---------------------------------------------------------------------------

    @property
    def audio_on(self) -> bool:
        return self.audio.on

    @audio_on.setter
    def audio_on(self, on: bool) -> None:
        """Set before a camera (a playback tile); ``set_audio`` switches a running one."""
        self.audio.on = on

    @property
    def audio_level_db(self) -> float:
        return self.audio.level_db

    @property
    def audio_packets(self) -> int:
        return self.audio.packets

    @property
    def audio_heard(self) -> bool:
        """Whether audio goes to an output (False: metered only, no output here)."""
        return self.audio.heard

    def set_audio(self, on: bool) -> None:
        """Audio on or off: the stream restarts with or without the camera's audio."""
        if on == self.audio.on:
            return
        self.audio.on = on
        self.audio.reset_meter()
        if not on:
            self.audio.close()
        if self.camera_id is not None and self._state is not TileState.ENDED:
            self._restart_stream()
        self.update()

    def _on_audio(self, pcm: bytes, level: float) -> None:
        if self.audio.play(pcm, level):
            self.audio_level.emit(level)
            self.update()

    # -- frames ------------------------------------------------------------------------

    def _take_frame(self) -> None:
        frame = self.decoder.take()
        if frame is None:
            return
        self._frame = frame
        self._last_frame_at = time.monotonic()
        self.frames_shown += 1
        if self._state is not TileState.ENDED:
            self._show(TileState.PLAYING)
        self.frame_shown.emit(frame.time_us)
        self.update()

    def _on_note(self, text: str, final: bool) -> None:
        self._show(TileState.ENDED if final else TileState.NOTICE, text)

    def _tick(self) -> None:
        if self._state in (TileState.EMPTY, TileState.ENDED):
            return
        since = self._last_frame_at or self._started_at
        if self._state is not TileState.NO_SIGNAL and time.monotonic() - since > STALL_S:
            self._show(TileState.NO_SIGNAL, self.tr("No signal"))
        self._check_stream()

    # -- digital zoom --------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom.factor

    def _source_size(self) -> QSize | None:
        return None if self._frame is None else self._frame.source_size

    def zoom_at(self, pos: QPointF, factor: float) -> None:
        """Digital zoom by ``factor`` keeping the picture point under ``pos`` still."""
        if self._zoom.zoom_at(pos, factor, self.size(), self._source_size()):
            self.decoder.set_target_size(self._target_size())
            self._check_stream()
            self.update()

    def reset_zoom(self) -> None:
        self._zoom.reset()
        self.decoder.set_target_size(self._target_size())
        self.update()

    def visible_fraction(self) -> QRectF:
        """The part of the picture shown, in picture fractions (the zoom view's box)."""
        return self._zoom.visible_fraction()

    def zoom_box(self) -> QRectF:
        """Where the zoom view (the whole picture in miniature) is drawn."""
        return self._zoom.view_box(self.size(), self._source_size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.decoder.set_target_size(self._target_size())
        self._check_stream()

    # -- input ---------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and self.camera_id is not None:
            self.zoom_at(event.position(), 1.25**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.selected.emit(self)
            badge = self.ptz_badge()
            if badge is not None and badge.contains(event.position().toPoint()):
                self.ptz_clicked.emit(self)
                event.accept()
                return
            if self.zoom > 1 and self.zoom_box().contains(event.position()):
                # The selection rectangle of the zoom view follows the pointer.
                self._dragging_box = True
                self._zoom.center_on_view_point(event.position(), self.zoom_box())
                self.update()
            elif self.zoom > 1:
                self._drag_from = event.position()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging_box:
            self._zoom.center_on_view_point(event.position(), self.zoom_box())
            self.update()
            return
        if self._drag_from is not None and self._frame is not None:
            pos = event.position()
            delta, self._drag_from = pos - self._drag_from, pos
            self._zoom.pan(delta, self._zoom.picture_rect(self.size(), self._source_size()))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        self._dragging_box = False
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.double_clicked.emit(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        cameras = parse_camera_mime(bytes(event.mimeData().data(CAMERA_MIME).data()))
        if cameras:
            self.cameras_dropped.emit(self, cameras)
            event.acceptProposedAction()

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(12, 13, 16))
        frame = self._frame
        if frame is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom > 1)
            painter.setClipRect(self.rect())
            picture = self._zoom.picture_rect(self.size(), frame.source_size)
            painter.drawImage(picture, frame.image)
            paint_masks(painter, picture, self.picture_rule.masks)
            painter.setClipping(False)
        if self.watermark_shown and self.camera_id is not None:
            paint_watermark(painter, QRectF(self.rect()), self.picture_rule.watermark)
        painter.setFont(self._osd_font())
        if self.camera_id is None:
            paint_empty(painter, self.rect(), self.empty_text)
        else:
            if self.osd:
                name = self.camera_name or f"#{self.camera_id}"
                sequence = self.sequencer.sequence
                if sequence is not None:
                    name = self.tr("{group}: {camera}").format(group=sequence.name, camera=name)
                clock = self.display.date_time(frame.time_us) if frame is not None else ""
                paint_osd(painter, self.size(), name, clock, self._status_line())
            if self._label:
                paint_message(painter, self.rect(), self._label, self._state)
            badge = self.ptz_badge()
            if badge is not None:
                paint_ptz_badge(painter, badge, self.ptz_open)
            if self.motion:
                metrics = QFontMetrics(painter.font())
                paint_motion_badge(painter, motion_badge_rect(self.size(), metrics, badge))
            if self.alarm:
                metrics = QFontMetrics(painter.font())
                paint_alarm_badge(painter, alarm_badge_rect(self.size(), metrics, badge))
        if self.zoom > 1 and frame is not None:
            box = self.zoom_box()
            paint_zoom_view(painter, box, frame.image, self.visible_fraction())
            paint_masks(painter, box, self.picture_rule.masks)
        paint_border(painter, self.rect(), self._active)
        painter.end()

    def _osd_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(7.5 if self.height() < 120 else 9.0)
        return font

    def _status_line(self) -> StatusLine:
        audio = self.audio
        return StatusLine(
            self._status_text,
            self._camera_status,
            self.stream,
            self.zoom,
            audio.level_db if audio.on else None,
            audio.on and audio.packets > 0 and not audio.heard,
        )
