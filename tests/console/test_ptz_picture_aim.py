"""``PictureZoom`` on a real tile playing a real recording (camsim's 320x180 sub
stream, letterboxed in a 480x360 tile): a click aims at that point of the picture, a
drag shows a rubber band and aims at the rectangle, both as fractions of the picture
itself (the letterbox bands excluded); Ctrl + left held zooms instead, and a press on
the band is left to the tile. The server side of aiming (PointAt) is tested in
tests/integration/test_ptz_point_zoom.py; the panel's wiring to a server in
test_ptz_panel.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded
from tests.support.recorded_packets import recorded_packets
from vedette_console.ptz.control import ControlLink
from vedette_console.ptz.picture_zoom import PictureTarget, PictureZoom
from vedette_console.session import Session
from vedette_console.video.sources import ReplaySource
from vedette_console.widgets.tile import VideoTile

SCREENSHOT = Path("/tmp/h1-rubber-band.png")
#: 320x180 in 480x360: scaled 1.5x to 480x270, 45 px bands above and below.
TOP, PICTURE_W, PICTURE_H = 45, 480, 270


@dataclass
class Aimed:
    tile: VideoTile
    zoom: PictureZoom
    targets: list[PictureTarget]


@pytest.fixture
def aimed(qtbot: QtBot, recorded: Recorded) -> Iterator[Aimed]:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=60)
    tile = VideoTile(0)

    def source(camera_id: int, stream: int, /, *, audio: bool = False) -> ReplaySource:
        return ReplaySource(video, packets, loop=True)

    tile.source_factory = source
    tile.resize(QSize(480, 360))
    tile.show()
    qtbot.addWidget(tile)
    tile.set_camera(1, "Gate")
    qtbot.waitUntil(lambda: tile.last_frame is not None, timeout=10_000)
    targets: list[PictureTarget] = []
    zoom = PictureZoom(ControlLink(Session()), lambda: 0.5, targets.append)
    zoom.attach(tile)
    yield Aimed(tile, zoom, targets)
    zoom.attach(None)
    tile.set_camera(None)


def send(tile: VideoTile, kind: QEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> bool:
    """A mouse event as the window system delivers it; whether it was taken."""
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind, QPointF(pos), tile.mapToGlobal(QPointF(pos)), button, buttons,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(tile, event)
    return event.isAccepted()


def in_picture(x: float, y: float) -> QPoint:
    return QPoint(round(x * PICTURE_W), round(TOP + y * PICTURE_H))


def test_a_click_aims_at_that_point_of_the_picture(qtbot: QtBot, aimed: Aimed) -> None:
    qtbot.mouseClick(aimed.tile, Qt.MouseButton.LeftButton, pos=in_picture(0.75, 0.25))
    assert len(aimed.targets) == 1
    target = aimed.targets[0]
    assert target.x == pytest.approx(0.75, abs=0.004)
    assert target.y == pytest.approx(0.25, abs=0.004)
    assert (target.width, target.height) == (0.0, 0.0)
    assert aimed.zoom.band is not None and not aimed.zoom.band.isVisible()

    # A wobble shorter than the drag distance is still a click.
    start = in_picture(0.2, 0.6)
    held = Qt.MouseButton.LeftButton
    send(aimed.tile, QEvent.Type.MouseButtonPress, start, held)
    send(aimed.tile, QEvent.Type.MouseMove, start + QPoint(2, 1), held)
    send(aimed.tile, QEvent.Type.MouseButtonRelease, start + QPoint(2, 1), Qt.MouseButton.NoButton)
    assert len(aimed.targets) == 2
    assert aimed.targets[1].width == 0.0
    assert aimed.targets[1].x == pytest.approx(0.2, abs=0.004)


def test_a_press_on_the_letterbox_band_is_the_tiles(qtbot: QtBot, aimed: Aimed) -> None:
    selected: list[VideoTile] = []
    aimed.tile.selected.connect(selected.append)
    qtbot.mouseClick(aimed.tile, Qt.MouseButton.LeftButton, pos=QPoint(240, TOP // 2))
    assert aimed.targets == []
    assert selected == [aimed.tile]  # the tile's own handling ran


def test_a_drag_shows_a_rubber_band_and_aims_at_the_rectangle(aimed: Aimed) -> None:
    held = Qt.MouseButton.LeftButton
    start, end = in_picture(0.25, 0.2), in_picture(0.5, 0.6)
    assert send(aimed.tile, QEvent.Type.MouseButtonPress, start, held)
    for step in range(1, 11):
        send(aimed.tile, QEvent.Type.MouseMove, start + (end - start) * (step / 10), held)
    band = aimed.zoom.band
    assert band is not None and band.isVisible()
    assert band.geometry() == QRect(start, end).adjusted(0, 0, -1, -1)
    picture = aimed.tile.grab()
    assert picture.save(str(SCREENSHOT))
    assert aimed.targets == []  # nothing is sent while dragging
    send(aimed.tile, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert not band.isVisible()
    assert len(aimed.targets) == 1
    target = aimed.targets[0]
    assert target.x == pytest.approx(0.375, abs=0.004)
    assert target.y == pytest.approx(0.4, abs=0.004)
    assert target.width == pytest.approx(0.25, abs=0.004)
    assert target.height == pytest.approx(0.4, abs=0.004)


def test_a_drag_past_the_picture_is_clipped_to_it(aimed: Aimed) -> None:
    held = Qt.MouseButton.LeftButton
    start = in_picture(0.8, 0.7)
    send(aimed.tile, QEvent.Type.MouseButtonPress, start, held)
    send(aimed.tile, QEvent.Type.MouseMove, QPoint(479, 359), held)  # into the bottom band
    send(aimed.tile, QEvent.Type.MouseButtonRelease, QPoint(479, 359), Qt.MouseButton.NoButton)
    target = aimed.targets[0]
    assert target.y + target.height / 2 <= 1.0
    assert target.height == pytest.approx(0.3, abs=0.004)
    assert target.x + target.width / 2 <= 1.0


def test_ctrl_and_the_left_button_held_zoom_instead_of_aiming(qtbot: QtBot, aimed: Aimed) -> None:
    link = aimed.zoom.link

    def holding() -> bool:
        return link.holding

    middle = in_picture(0.5, 0.5)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mousePress(aimed.tile, Qt.MouseButton.LeftButton, ctrl, middle)
    assert holding()  # a zoom-in move held (this link has no server: it fails to send)
    qtbot.mouseRelease(aimed.tile, Qt.MouseButton.LeftButton, ctrl, middle)
    assert not holding()
    qtbot.mousePress(aimed.tile, Qt.MouseButton.RightButton, pos=middle)
    assert holding()
    qtbot.mouseRelease(aimed.tile, Qt.MouseButton.RightButton, pos=middle)
    assert not holding()
    assert aimed.targets == []
