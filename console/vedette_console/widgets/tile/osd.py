"""What a tile says, and how it is painted: its state, the OSD (camera name, the
frame's time, the status line) and the message over the picture.

The tile's state is a ``TileState`` and the camera's a ``CameraStatus``; the text
shown for them is a separate, translated label, so nothing here ever reads its own
display text back (which a translation would break). Colours follow the states.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from vedette_api.v1 import cameras_pb2, common_pb2


class TileState(Enum):
    """What a tile shows."""

    #: No camera.
    EMPTY = auto()
    #: A stream was asked for; no picture yet.
    STARTING = auto()
    #: Pictures arrive.
    PLAYING = auto()
    #: The source said something in passing (packets skipped, a gap): shown over
    #: the picture until the next frame.
    NOTICE = auto()
    #: No picture for ``STALL_S`` seconds.
    NO_SIGNAL = auto()
    #: The source will send nothing more (the end, an error, a pause): the last
    #: picture stays, with why.
    ENDED = auto()


class CameraStatus(Enum):
    """The camera's state on its server, which colours the status line."""

    UNKNOWN = auto()
    RECORDING = auto()
    ONLINE = auto()
    CONNECTING = auto()
    OFFLINE = auto()
    DISABLED = auto()


def camera_status(camera: cameras_pb2.Camera) -> CameraStatus:
    """The status of a camera as the server reports it (main stream's state)."""
    if not camera.enabled:
        return CameraStatus.DISABLED
    state = camera.status.main.state
    if state == cameras_pb2.STREAM_STATE_ONLINE:
        return CameraStatus.RECORDING if camera.status.recording else CameraStatus.ONLINE
    if state == cameras_pb2.STREAM_STATE_CONNECTING:
        return CameraStatus.CONNECTING
    return CameraStatus.OFFLINE


_TEXT = QColor(235, 237, 240)
_STATUS_COLORS = {
    CameraStatus.RECORDING: QColor(255, 120, 110),
    CameraStatus.OFFLINE: QColor(240, 190, 90),
}
_ENDED_COLOR = QColor(240, 190, 90)
_EMPTY_COLOR = QColor(110, 116, 128)


def audio_meter(level_db: float) -> str:
    """``AUDIO ▮▮▮▯▯ -18 dB``: five bars from -60 dBFS to 0."""
    bars = max(0, min(5, round((level_db + 60) / 12)))
    meter = "▮" * bars + "▯" * (5 - bars)
    text = QCoreApplication.translate("VideoTile", "AUDIO {meter} {level_db} dB")
    return text.format(meter=meter, level_db=f"{level_db:.0f}")


@dataclass(frozen=True)
class StatusLine:
    """The bottom line of the OSD: the camera's status, then the tile's stream."""

    status_text: str = ""
    status: CameraStatus = CameraStatus.UNKNOWN
    stream: int = common_pb2.STREAM_SUB
    zoom: float = 1.0
    #: The audio level (dBFS) when the audio is on, else None.
    audio_level_db: float | None = None
    #: Audio decoded but this computer has no output for it.
    audio_unheard: bool = False

    def text(self) -> str:
        if self.stream == common_pb2.STREAM_MAIN:
            flags = QCoreApplication.translate("VideoTile", "MAIN")
        else:
            flags = QCoreApplication.translate("VideoTile", "SUB")
        if self.zoom > 1:
            flags += f"  ×{self.zoom:.1f}"
        if self.audio_level_db is not None:
            flags += f"  {audio_meter(self.audio_level_db)}"
            if self.audio_unheard:
                flags += " " + QCoreApplication.translate("VideoTile", "(no output)")
        return f"{self.status_text}  {flags}" if self.status_text else flags

    def color(self) -> QColor:
        return _STATUS_COLORS.get(self.status, _TEXT)


def paint_label(painter: QPainter, at: QPoint, text: str, color: QColor = _TEXT) -> QRect:
    """``text`` on a dark box whose top left is ``at``; returns the box."""
    metrics = painter.fontMetrics()
    rect = QRect(at, QSize(metrics.horizontalAdvance(text) + 8, metrics.height() + 4))
    painter.fillRect(rect, QColor(0, 0, 0, 150))
    painter.setPen(color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return rect


def paint_osd(painter: QPainter, size: QSize, name: str, clock: str, line: StatusLine) -> None:
    """The camera's name (top left), the frame's time (top right, when there is a
    frame) and the status line (bottom left)."""
    pad = 4
    metrics = painter.fontMetrics()
    paint_label(painter, QPoint(pad, pad), name)
    if clock:
        width = metrics.horizontalAdvance(clock) + 8
        paint_label(painter, QPoint(size.width() - width - pad, pad), clock)
    line_h = metrics.height() + 4
    paint_label(painter, QPoint(pad, size.height() - line_h - pad), line.text(), line.color())


def paint_message(painter: QPainter, area: QRect, text: str, state: TileState) -> None:
    """What the tile says over (or instead of) a picture, centred and wrapped; an
    ended stream's in amber."""
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter
    box = painter.fontMetrics().boundingRect(
        QRect(0, 0, max(40, area.width() - 20), 200), flags, text
    )
    box.moveCenter(area.center())
    painter.fillRect(box.adjusted(-8, -5, 8, 5), QColor(0, 0, 0, 170))
    painter.setPen(_ENDED_COLOR if state is TileState.ENDED else QColor(230, 232, 236))
    painter.drawText(box, flags, text)


def paint_empty(painter: QPainter, area: QRect, text: str) -> None:
    painter.setPen(_EMPTY_COLOR)
    painter.drawText(area, Qt.AlignmentFlag.AlignCenter, text)


def paint_border(painter: QPainter, area: QRect, active: bool) -> None:
    painter.setPen(QPen(QColor(70, 150, 255) if active else QColor(38, 40, 46), 1))
    painter.drawRect(area.adjusted(0, 0, -1, -1))


def ptz_badge_rect(size: QSize, metrics: QFontMetrics) -> QRect:
    """Where a PTZ camera's badge goes: top right, under the frame's time."""
    text = QCoreApplication.translate("VideoTile", "PTZ")
    width = metrics.horizontalAdvance(text) + 22
    height = metrics.height() + 6
    top = 4 + metrics.height() + 4 + 4
    return QRect(size.width() - width - 4, top, width, height)


def paint_ptz_badge(painter: QPainter, rect: QRect, open_: bool) -> None:
    """The PTZ badge (LIVE-03): a small crosshair and "PTZ"; highlighted while the
    tile's PTZ panel is open. Clicking it opens the panel."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(70, 150, 255) if open_ else QColor(120, 130, 148), 1))
    painter.setBrush(QColor(47, 95, 168, 220) if open_ else QColor(0, 0, 0, 160))
    painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
    icon = QRect(rect.left() + 4, rect.top() + 3, rect.height() - 6, rect.height() - 6)
    painter.setPen(QPen(_TEXT, 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(icon.adjusted(1, 1, -1, -1))
    c = icon.center()
    painter.drawLine(c.x(), icon.top(), c.x(), icon.bottom())
    painter.drawLine(icon.left(), c.y(), icon.right(), c.y())
    text_rect = QRect(icon.right() + 2, rect.top(), rect.right() - icon.right() - 4, rect.height())
    painter.drawText(
        text_rect, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("VideoTile", "PTZ")
    )
    painter.restore()
