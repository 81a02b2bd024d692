"""A video tile: one camera's pictures with its OSD, status and digital zoom.

The tile owns a ``DecoderThread`` fed by a ``PacketSource`` that its grid makes
(``source_factory(camera_id, stream)``); it paints the latest ``Frame`` from the
decoder's ``FrameSlot`` and nothing else, so painting never waits for the network
or the decoder.

Sub or main stream (LIVE-11): ``StreamChooser`` picks the sub stream for small
tiles and the main stream for large or zoomed ones, with hysteresis (sub below
``LOW_PX`` tall, main above ``LOW_PX × 1.34``, at most one switch per
``MIN_SWITCH_S``), unless the grid forces "all main" or "all sub".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from vedette_api.v1 import common_pb2
from vedette_console.video.audio import SILENCE_DB, AudioSink, open_output
from vedette_console.video.decoder import DecoderThread, Frame, FrameSlot
from vedette_console.video.sources import PacketSource

CAMERA_MIME = "application/x-vedette-camera"
LOW_PX = 170
HIGH_RATIO = 1.34
MIN_SWITCH_S = 5.0
STALL_S = 2.0
MAX_ZOOM = 8.0

SourceFactory = Callable[[int, int], PacketSource]


def audio_meter(level_db: float) -> str:
    """``AUDIO ▮▮▮▯▯ -18 dB``: five bars from -60 dBFS to 0."""
    bars = max(0, min(5, round((level_db + 60) / 12)))
    return f"AUDIO {'▮' * bars}{'▯' * (5 - bars)} {level_db:.0f} dB"


def camera_mime(cameras: list[tuple[str, int]]) -> bytes:
    """Dragged cameras: ``server|id`` entries joined by commas."""
    return ",".join(f"{server}|{camera_id}" for server, camera_id in cameras).encode()


def parse_camera_mime(data: bytes) -> list[tuple[str, int]]:
    """``[(server, camera id)]`` from ``camera_mime`` (a bare id: server "")."""
    found = []
    for part in data.decode(errors="replace").split(","):
        server, _, ident = part.strip().rpartition("|")
        if ident.isdigit():
            found.append((server, int(ident)))
    return found


class StreamChooser:
    """Sub/main choice with hysteresis; ``override`` is None, STREAM_MAIN or STREAM_SUB."""

    def __init__(
        self,
        *,
        low_px: int = LOW_PX,
        high_ratio: float = HIGH_RATIO,
        min_switch_s: float = MIN_SWITCH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.low_px, self.high_px = low_px, low_px * high_ratio
        self.min_switch_s = min_switch_s
        self._clock = clock
        self.current: int = common_pb2.STREAM_SUB
        self._switched_at = -1e9
        self.override: int | None = None

    def choose(self, shown_height: float) -> int:
        """The stream for a picture shown ``shown_height`` pixels tall (tile height ×
        zoom); changes ``current`` only outside the hysteresis band and interval."""
        if self.override is not None:
            if self.override != self.current:
                self.current = self.override
                self._switched_at = self._clock()
            return self.current
        wanted = self.current
        if self.current == common_pb2.STREAM_SUB and shown_height > self.high_px:
            wanted = common_pb2.STREAM_MAIN
        elif self.current == common_pb2.STREAM_MAIN and shown_height < self.low_px:
            wanted = common_pb2.STREAM_SUB
        now = self._clock()
        if wanted != self.current and now - self._switched_at >= self.min_switch_s:
            self.current = wanted
            self._switched_at = now
        return self.current

    def start(self, shown_height: float) -> int:
        """The first choice for a new camera: no hysteresis, no interval."""
        if self.override is not None:
            self.current = self.override
        else:
            self.current = (
                common_pb2.STREAM_MAIN if shown_height > self.high_px else common_pb2.STREAM_SUB
            )
        self._switched_at = self._clock()
        return self.current


class VideoTile(QWidget):
    """Signals: ``double_clicked(tile)``, ``camera_dropped(tile, camera_id)``,
    ``selected(tile)``."""

    double_clicked = Signal(object)
    camera_dropped = Signal(object, object)
    selected = Signal(object)
    frame_shown = Signal(object)
    #: The level (dBFS) of each audio packet decoded while the audio is on.
    audio_level = Signal(float)

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.camera_id: int | None = None
        #: The server of the camera ("" in a single-server window).
        self.server = ""
        self.camera_name = ""
        self.osd = True
        #: What an empty tile says.
        self.empty_text = "Drop a camera here"
        self.source_factory: SourceFactory | None = None
        self.chooser = StreamChooser()
        self.zoom = 1.0
        self._center = QPointF(0.5, 0.5)  # zoom centre, in picture fractions
        self._frame: Frame | None = None
        self._last_frame_at = 0.0
        self._started_at = 0.0
        self._message = ""
        self._final = False
        self._status = ""
        self._thread: DecoderThread | None = None
        self._slot: FrameSlot | None = None
        self._drag_from: QPoint | None = None
        self.dropped_server = ""
        self._dragging_box = False
        self._active = False
        self.frames_shown = 0
        #: Audio on (LIVE-04, PLAY-05): the source is asked for audio, which is decoded,
        #: metered on the status line and played on the default output.
        self.audio_on = False
        #: When True, the source factory is called with ``audio=True`` (a live
        #: tile); a playback tile gets audio from the session instead.
        self.audio_from_source = True
        #: The level of the last audio packet (dBFS) and how many were decoded.
        self.audio_level_db = SILENCE_DB
        self.audio_packets = 0
        self._audio_sink: AudioSink | None = None
        self._audio_output_tried = False
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
    def last_frame(self) -> Frame | None:
        return self._frame

    @property
    def message(self) -> str:
        """What the tile says instead of (or over) a picture: "No signal", an error."""
        return self._message

    @property
    def stats(self) -> object:
        return None if self._slot is None else self._slot.stats

    def set_camera(self, camera_id: int | None, name: str = "") -> None:
        self._stop_decoder()
        if camera_id is None:
            self._close_audio()
        self.camera_id, self.camera_name = camera_id, name
        self._frame = None
        self.zoom, self._center = 1.0, QPointF(0.5, 0.5)
        self._message = ""
        self._final = False
        if camera_id is not None:
            self.chooser.start(self.height())
            self._start_decoder()
        self.update()

    @property
    def status(self) -> str:
        return self._status

    def set_status(self, text: str) -> None:
        """The camera's state line (recording, offline with the reason)."""
        self._status = text
        self.update()

    def set_active(self, active: bool) -> None:
        self._active = active
        self.update()

    def set_override(self, stream: int | None) -> None:
        self.chooser.override = stream
        self._check_stream()

    def set_audio(self, on: bool) -> None:
        """Audio on or off: the stream restarts with or without the camera's audio."""
        if on == self.audio_on:
            return
        self.audio_on = on
        self.audio_level_db, self.audio_packets = SILENCE_DB, 0
        if not on:
            self._close_audio()
        if self.camera_id is not None and not self._final:
            self._stop_decoder()
            self._start_decoder()
        self.update()

    def _close_audio(self) -> None:
        if self._audio_sink is not None:
            self._audio_sink.close()
            self._audio_sink = None
        self._audio_output_tried = False

    def _on_audio(self, pcm: bytes, level: float) -> None:
        if not self.audio_on:
            return
        if not self._audio_output_tried:
            self._audio_output_tried = True
            self._audio_sink = open_output()
        if self._audio_sink is not None:
            self._audio_sink.write(pcm)
        self.audio_level_db = level
        self.audio_packets += 1
        self.audio_level.emit(level)
        self.update()

    @property
    def audio_heard(self) -> bool:
        """Whether audio goes to an output (False: metered only, no output here)."""
        return self._audio_sink is not None

    def _start_decoder(self) -> None:
        if self.camera_id is None or self.source_factory is None:
            return
        if self.audio_on and self.audio_from_source:
            source = self.source_factory(self.camera_id, self.chooser.current, audio=True)  # type: ignore[call-arg]
        else:
            source = self.source_factory(self.camera_id, self.chooser.current)
        # No parent: the slot must outlive the tile's interest in it while the decoder
        # thread may still emit on it (a stopped thread finishes its frame first).
        # Python frees it when neither the tile nor the thread holds it any more.
        slot = FrameSlot()
        slot.set_target_size(self._target_size())
        slot.frame_ready.connect(self._take_frame)
        slot.note.connect(self._on_note)
        slot.audio_ready.connect(self._on_audio)
        self._slot = slot
        self._thread = DecoderThread(
            source, slot, name=f"decoder-tile{self.index}", audio=self.audio_on
        )
        self._started_at = time.monotonic()
        self._last_frame_at = 0.0
        self._thread.start()

    def _stop_decoder(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
        if self._slot is not None:
            self._slot.frame_ready.disconnect(self._take_frame)
            self._slot.note.disconnect(self._on_note)
            self._slot.audio_ready.disconnect(self._on_audio)
            self._slot = None  # (not deleteLater: its thread may be emitting right now)

    def freeze(self, text: str) -> None:
        """Stop the stream and keep the last picture, saying ``text`` (a pause)."""
        self._stop_decoder()
        self._message, self._final = text, True
        self.update()

    def shutdown(self) -> DecoderThread | None:
        """Stop the decoder (for closing the window); returns it to join."""
        thread = self._thread
        self._stop_decoder()
        self._close_audio()
        return thread

    def _check_stream(self) -> None:
        if self.camera_id is None or self._final:
            return
        before = self.chooser.current
        after = self.chooser.choose(self.height() * self.zoom)
        if after != before:
            self._stop_decoder()
            self._start_decoder()
            self.update()

    def _target_size(self) -> QSize:
        ratio = self.devicePixelRatioF()
        return QSize(int(self.width() * self.zoom * ratio), int(self.height() * self.zoom * ratio))

    # -- frames ------------------------------------------------------------------------

    def _take_frame(self) -> None:
        if self._slot is None:
            return
        frame = self._slot.take()
        if frame is None:
            return
        self._frame = frame
        self._last_frame_at = time.monotonic()
        self.frames_shown += 1
        if not self._final:
            self._message = ""
        self.frame_shown.emit(frame.time_us)
        self.update()

    def _on_note(self, text: str, final: bool) -> None:
        self._message = text
        self._final = final
        self.update()

    def _tick(self) -> None:
        if self.camera_id is None or self._final:
            return
        since = self._last_frame_at or self._started_at
        if time.monotonic() - since > STALL_S and self._message != "No signal":
            self._message = "No signal"
            self.update()
        self._check_stream()

    # -- geometry ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._slot is not None:
            self._slot.set_target_size(self._target_size())
        self._check_stream()

    def _picture_rect(self) -> QRectF:
        """Where the (zoomed) picture lands in widget coordinates."""
        if self._frame is None:
            return QRectF(self.rect())
        source = self._frame.source_size
        sw, sh = max(1, source.width()), max(1, source.height())
        scale = min(self.width() / sw, self.height() / sh) * self.zoom
        width, height = sw * scale, sh * scale
        cx = self.width() / 2 - (self._center.x() - 0.5) * width
        cy = self.height() / 2 - (self._center.y() - 0.5) * height
        return QRectF(cx - width / 2, cy - height / 2, width, height)

    def _clamp_center(self) -> None:
        half = 0.5 / self.zoom
        x = min(max(self._center.x(), half), 1 - half)
        y = min(max(self._center.y(), half), 1 - half)
        self._center = QPointF(x, y)

    def zoom_at(self, pos: QPointF, factor: float) -> None:
        """Digital zoom by ``factor`` keeping the picture point under ``pos`` still."""
        rect = self._picture_rect()
        if rect.width() <= 0 or rect.height() <= 0:
            return
        fx = (pos.x() - rect.left()) / rect.width()
        fy = (pos.y() - rect.top()) / rect.height()
        new_zoom = min(MAX_ZOOM, max(1.0, self.zoom * factor))
        if new_zoom == self.zoom:
            return
        # Keep (fx, fy) under pos: centre + (pos - mid)/size' = f.
        base = rect.width() / self.zoom, rect.height() / self.zoom
        width, height = base[0] * new_zoom, base[1] * new_zoom
        self.zoom = new_zoom
        self._center = QPointF(
            fx - (pos.x() - self.width() / 2) / width, fy - (pos.y() - self.height() / 2) / height
        )
        self._clamp_center()
        if self._slot is not None:
            self._slot.set_target_size(self._target_size())
        self._check_stream()
        self.update()

    def reset_zoom(self) -> None:
        self.zoom, self._center = 1.0, QPointF(0.5, 0.5)
        if self._slot is not None:
            self._slot.set_target_size(self._target_size())
        self.update()

    def visible_fraction(self) -> QRectF:
        """The part of the picture shown, in picture fractions (the zoom view's box)."""
        half = 0.5 / self.zoom
        return QRectF(self._center.x() - half, self._center.y() - half, 2 * half, 2 * half)

    # -- input ---------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and self.camera_id is not None:
            self.zoom_at(event.position(), 1.25**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.selected.emit(self)
            if self.zoom > 1 and self.zoom_box().contains(event.position()):
                # The selection rectangle of the zoom view follows the pointer.
                self._dragging_box = True
                self._move_selection_to(event.position())
            elif self.zoom > 1:
                self._drag_from = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging_box:
            self._move_selection_to(event.position())
            return
        if self._drag_from is not None and self._frame is not None:
            pos = event.position().toPoint()
            delta = pos - self._drag_from
            self._drag_from = pos
            rect = self._picture_rect()
            self._center = QPointF(
                self._center.x() - delta.x() / rect.width(),
                self._center.y() - delta.y() / rect.height(),
            )
            self._clamp_center()
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
            self.dropped_server = cameras[0][0]
            self.camera_dropped.emit(self, cameras[0][1])
            event.acceptProposedAction()

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(12, 13, 16))
        if self._frame is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom > 1)
            painter.setClipRect(self.rect())
            painter.drawImage(self._picture_rect(), self._frame.image)
            painter.setClipping(False)
        small = self.height() < 120
        font = QFont(self.font())
        font.setPointSizeF(7.5 if small else 9.0)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        pad = 4
        if self.camera_id is None:
            painter.setPen(QColor(110, 116, 128))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
        elif self.osd:
            self._draw_label(painter, QPoint(pad, pad), self.camera_name or f"#{self.camera_id}")
            if self._frame is not None:
                clock = datetime.fromtimestamp(self._frame.time_us / 1e6).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
                width = metrics.horizontalAdvance(clock) + 8
                self._draw_label(painter, QPoint(self.width() - width - pad, pad), clock)
            flags = "MAIN" if self.stream == common_pb2.STREAM_MAIN else "SUB"
            if self.zoom > 1:
                flags += f"  ×{self.zoom:.1f}"
            if self.audio_on:
                flags += f"  {audio_meter(self.audio_level_db)}"
                if self.audio_packets and not self.audio_heard:
                    flags += " (no output)"
            if self._status:
                flags = f"{self._status}  {flags}"
            line_h = metrics.height() + 4
            color = QColor(235, 237, 240)
            if self._status.startswith("●"):
                color = QColor(255, 120, 110)
            elif self._status.startswith("OFFLINE"):
                color = QColor(240, 190, 90)
            self._draw_label(painter, QPoint(pad, self.height() - line_h - pad), flags, color)
        if self.camera_id is not None and self._message:
            text = self._message
            box = metrics.boundingRect(
                QRect(0, 0, max(40, self.width() - 20), 200),
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter,
                text,
            )
            box.moveCenter(self.rect().center())
            painter.fillRect(box.adjusted(-8, -5, 8, 5), QColor(0, 0, 0, 170))
            painter.setPen(QColor(240, 190, 90) if self._final else QColor(230, 232, 236))
            painter.drawText(box, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter, text)
        if self.zoom > 1 and self._frame is not None:
            self._draw_zoom_box(painter)
        painter.setPen(QPen(QColor(70, 150, 255) if self._active else QColor(38, 40, 46), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _draw_label(
        self, painter: QPainter, at: QPoint, text: str, color: QColor | None = None
    ) -> None:
        metrics = painter.fontMetrics()
        rect = QRect(at, QSize(metrics.horizontalAdvance(text) + 8, metrics.height() + 4))
        painter.fillRect(rect, QColor(0, 0, 0, 150))
        painter.setPen(color or QColor(235, 237, 240))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def zoom_box(self) -> QRectF:
        """Where the zoom view (the whole picture in miniature) is drawn."""
        width = max(48, self.width() // 6)
        source = self._frame.source_size if self._frame else QSize(16, 9)
        height = int(width * source.height() / max(1, source.width()))
        return QRectF(self.width() - width - 6, self.height() - height - 6, width, height)

    def _move_selection_to(self, pos: QPointF) -> None:
        """Centre the zoomed view on the zoom-view point under ``pos``."""
        box = self.zoom_box()
        self._center = QPointF(
            (pos.x() - box.left()) / box.width(), (pos.y() - box.top()) / box.height()
        )
        self._clamp_center()
        self.update()

    def _draw_zoom_box(self, painter: QPainter) -> None:
        """The zoom view: the whole picture in miniature, the shown part outlined."""
        box = self.zoom_box()
        painter.setOpacity(0.85)
        if self._frame is not None:
            painter.drawImage(box, self._frame.image)
        painter.setOpacity(1.0)
        painter.setPen(QPen(QColor(200, 200, 200), 1))
        painter.drawRect(box)
        part = self.visible_fraction()
        painter.setPen(QPen(QColor(255, 200, 40), 1))
        painter.drawRect(
            QRectF(
                box.left() + part.left() * box.width(),
                box.top() + part.top() * box.height(),
                part.width() * box.width(),
                part.height() * box.height(),
            )
        )
