"""Privacy masks and the watermark in the console (CAM-10, CAM-11, PLAY-08): a tile
paints a mask black inside the letterboxed picture and nowhere else; the playback
toggle shows and hides the watermark and is remembered; the rules follow the
user's rights; the watermark validator; the rights editor's new right; the privacy
tab saving masks to a real server; a live tile masked for an operator without the
unmasked right (and following the change feed) and not for the administrator.

Pictures are real: recorded camsim packets decoded by the tile, or the live stream
of the shared test server. Every wait is a bounded poll.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QFontMetrics, QImage, QValidator
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window
from tests.support.recorded import Recorded
from tests.support.recorded_packets import recorded_packets
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import accounts_pb2, alarms_pb2, cameras_pb2
from vedette_console.main_window import MainWindow
from vedette_console.session import Session
from vedette_console.settings.accounts_rights import ALL, RightsEditor
from vedette_console.video.sources import ReplaySource
from vedette_console.views.camera_privacy_tab import (
    PrivacyPicture,
    PrivacyTab,
    watermark_validator,
)
from vedette_console.views.picture_rules import HIDDEN, PictureRules
from vedette_console.views.playback import PlaybackView
from vedette_console.widgets.grid import LiveGrid
from vedette_console.widgets.tile import VideoTile
from vedette_console.widgets.tile.privacy import (
    PictureRule,
    picture_rules,
    watermark_font,
    watermark_rect,
)

pytestmark = pytest.mark.interop

WAIT_MS = 60_000
#: The mask every picture test uses: the middle of the picture.
MIDDLE = QRectF(0.25, 0.25, 0.5, 0.5)
SHOTS = Path("/tmp")
OPERATOR_PASSWORD = "Masked-Operator-2026!"
_names = itertools.count(1)


def rgb(image: QImage) -> np.ndarray:
    """The image as a height × width × 3 array."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    rows = data.reshape(height, image.bytesPerLine())[:, : width * 3]
    return rows.reshape(height, width, 3).copy()  # the image's memory goes with it


def grab(widget: QWidget) -> np.ndarray:
    """What ``widget`` paints, at one image pixel per widget pixel."""
    pixmap = widget.grab()
    pixmap.setDevicePixelRatio(1.0)
    return rgb(pixmap.toImage().scaled(widget.size()))


def black(pixels: np.ndarray) -> bool:
    return int(pixels.max()) == 0


def shown_picture(tile: VideoTile) -> QRectF:
    """Where the tile draws the whole picture (no digital zoom), letterboxed."""
    frame = tile.last_frame
    assert frame is not None
    source = frame.source_size
    scale = min(tile.width() / source.width(), tile.height() / source.height())
    width, height = source.width() * scale, source.height() * scale
    return QRectF((tile.width() - width) / 2, (tile.height() - height) / 2, width, height)


def inside_and_outside(tile: VideoTile, mask: QRectF) -> tuple[np.ndarray, np.ndarray]:
    """The tile's pixels well inside ``mask`` and a band of picture just outside its
    left edge (a margin of 2 pixels from the edges, for smoothing)."""
    picture = shown_picture(tile)
    left = int(picture.left() + mask.left() * picture.width())
    top = int(picture.top() + mask.top() * picture.height())
    right = int(picture.left() + mask.right() * picture.width())
    bottom = int(picture.top() + mask.bottom() * picture.height())
    pixels = grab(tile)
    inside = pixels[top + 2 : bottom - 2, left + 2 : right - 2]
    outside = pixels[top + 2 : bottom - 2, int(picture.left()) + 2 : left - 2]
    return inside, outside


@pytest.fixture
def replay_tile(qtbot: QtBot, recorded: Recorded) -> Iterator[VideoTile]:
    """A tile taller than 16:9 (letterboxed above and below) playing recorded sub
    stream packets (camsim's picture: never black over a whole region)."""
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub")
    tile = VideoTile(0)
    tile.osd = False
    tile.source_factory = lambda camera, stream: ReplaySource(video, packets, loop=True)
    tile.resize(QSize(480, 360))
    tile.show()
    qtbot.addWidget(tile)
    tile.set_camera(recorded.camera_id, "Gate")
    qtbot.waitUntil(lambda: tile.frames_shown >= 3, timeout=WAIT_MS)
    yield tile
    tile.set_camera(None)


def test_a_mask_is_painted_black_inside_the_letterboxed_picture_only(
    replay_tile: VideoTile,
) -> None:
    tile = replay_tile
    inside, outside = inside_and_outside(tile, MIDDLE)
    assert not black(inside)  # no rule: the picture shows
    tile.set_picture_rule(PictureRule((MIDDLE,)))
    inside, outside = inside_and_outside(tile, MIDDLE)
    assert black(inside)
    assert not black(outside)
    # The mask is scaled with the picture, not the tile: the letterbox bands (45 px
    # above and below a 480×270 picture) keep their colour above the mask.
    picture = shown_picture(tile)
    assert picture.top() == pytest.approx(45)
    band = grab(tile)[5:40, 200:280]
    assert not black(band)
    # A mask across the whole picture leaves the bands alone too.
    tile.set_picture_rule(PictureRule((QRectF(0, 0, 1, 1),)))
    pixels = grab(tile)
    assert black(pixels[int(picture.top()) + 1 : int(picture.bottom()) - 1, 1:-1])
    assert not black(pixels[5:40, 200:280])


def test_the_zoom_view_masks_its_miniature(qtbot: QtBot, replay_tile: VideoTile) -> None:
    tile = replay_tile
    tile.set_picture_rule(PictureRule((QRectF(0, 0, 1, 1),)))
    tile.zoom_at(tile.rect().center().toPointF(), 2.0)
    qtbot.waitUntil(lambda: tile.zoom > 1, timeout=WAIT_MS)
    box = tile.zoom_box()
    pixels = grab(tile)
    inner = pixels[
        int(box.top()) + 3 : int(box.bottom()) - 3, int(box.left()) + 3 : int(box.right()) - 3
    ]
    assert black(inner)


def test_the_playback_toggle_shows_and_hides_the_watermark_and_is_remembered(
    qtbot: QtBot, recorded: Recorded
) -> None:
    view = PlaybackView(Session(), lambda _text: None)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    assert view.watermark.isChecked()  # shown by default
    tile = view.grid.tiles[0]
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub")
    tile.source_factory = lambda camera, stream: ReplaySource(video, packets, loop=True)
    tile.set_camera(recorded.camera_id, "Gate")
    tile.set_picture_rule(PictureRule((), "CASE 2041"))
    qtbot.waitUntil(lambda: tile.frames_shown >= 3, timeout=WAIT_MS)
    font = watermark_font(tile.font(), tile.height())
    corner = watermark_rect(QRectF(tile.rect()), QFontMetrics(font), "CASE 2041").toRect()
    assert QRectF(tile.rect()).contains(QRectF(corner))
    assert corner.left() > tile.width() / 2  # a corner, not the middle

    def region() -> np.ndarray:
        return grab(tile)[corner.top() : corner.bottom(), corner.left() : corner.right()]

    view.watermark.setChecked(False)
    assert not tile.watermark_shown
    tile.freeze("")  # one still picture to compare
    hidden = region().astype(int)
    view.watermark.setChecked(True)
    assert tile.watermark_shown
    shown = region().astype(int)
    tile.grab().save(str(SHOTS / "privacy_watermark_tile.png"))
    changed = np.abs(shown - hidden).max(axis=2) > 60
    assert changed.mean() > 0.05  # the letters
    view.watermark.setChecked(False)
    again = PlaybackView(Session(), lambda _text: None)
    qtbot.addWidget(again)
    assert not again.watermark.isChecked()  # remembered on this workstation
    assert not again.grid.tiles[0].watermark_shown


def test_pictures_are_hidden_until_the_rules_are_read(qtbot: QtBot, recorded: Recorded) -> None:
    session = Session()
    view = PlaybackView(session, lambda _text: None)
    qtbot.addWidget(view)
    tile = view.grid.tiles[0]
    view.grid.assign(tile, recorded.camera_id)
    assert tile.picture_rule == HIDDEN  # not signed in: nothing known yet
    session.adopt(recorded.client())
    view.picture_rules.reload()
    qtbot.waitUntil(lambda: view.picture_rules.rules is not None, timeout=WAIT_MS)
    assert tile.picture_rule == PictureRule()  # Gate has no masks
    view.grid.assign(tile, None)
    session.close()


def test_rules_follow_the_users_rights() -> None:
    camera = cameras_pb2.Camera(
        id=7,
        privacy_masks=[cameras_pb2.PrivacyMask(x=0.1, y=0.2, width=0.3, height=0.4)],
        watermark=cameras_pb2.Watermark(enabled=True, text="Site 4"),
    )
    other = cameras_pb2.Camera(id=8, watermark=cameras_pb2.Watermark(enabled=False, text="x"))
    viewer = picture_rules([camera, other], make_rights((), {"live": "all"}))
    assert viewer[7] == PictureRule((QRectF(0.1, 0.2, 0.3, 0.4),), "Site 4")
    assert viewer[8] == PictureRule()
    unmasked_here = picture_rules([camera], make_rights((), {"unmasked": [7]}))
    assert unmasked_here[7] == PictureRule((), "Site 4")  # the watermark stays
    assert picture_rules([camera], make_rights((), {"unmasked": [8]}))[7].masks
    assert not picture_rules([camera], make_rights((), {"unmasked": "all"}))[7].masks


def drag(qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_the_mask_editor_draws_moves_resizes_and_deletes_up_to_4_masks(qtbot: QtBot) -> None:
    picture = PrivacyPicture(Session())  # no frame: the picture fills the 400×200 tile
    qtbot.addWidget(picture)
    picture.setMinimumSize(QSize(10, 10))
    picture.resize(400, 200)
    picture.show()
    editor = picture.editor
    changes: list[None] = []
    editor.masks_changed.connect(lambda: changes.append(None))
    drag(qtbot, editor, QPoint(40, 20), QPoint(120, 100))
    assert editor.masks == [QRectF(0.1, 0.1, 0.2, 0.4)] and len(changes) == 1
    drag(qtbot, editor, QPoint(80, 60), QPoint(120, 80))  # moved by (0.1, 0.1)
    assert editor.masks[0].topLeft() == QPointF(0.2, 0.2)
    assert editor.masks[0].size() == QSizeF(0.2, 0.4)
    drag(qtbot, editor, QPoint(160, 120), QPoint(200, 140))  # its corner: resized
    assert editor.masks[0] == QRectF(0.2, 0.2, 0.3, 0.5)
    drag(qtbot, editor, QPoint(300, 150), QPoint(300, 150))  # a click draws nothing
    assert len(editor.masks) == 1
    for left in (240, 280, 320, 360):
        drag(qtbot, editor, QPoint(left, 10), QPoint(left + 20, 40))
    assert len(editor.masks) == 4  # the fifth was refused
    assert editor.selected is None
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert editor.selected == 0
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert len(editor.masks) == 3 and QRectF(0.2, 0.2, 0.3, 0.5) not in editor.masks


def test_the_watermark_validator_takes_1_to_15_letters_digits_or_spaces() -> None:
    validator = watermark_validator()
    ok = QValidator.State.Acceptable
    for text in ("A", "Gate 4", "Caméra 12", "X" * 15):
        assert validator.validate(text, 0)[0] == ok, text
    assert validator.validate("X" * 16, 0)[0] == QValidator.State.Invalid
    assert validator.validate("A-B", 0)[0] == QValidator.State.Invalid
    assert validator.validate("", 0)[0] != ok


def test_the_rights_editor_offers_the_unmasked_right(qtbot: QtBot) -> None:
    editor = RightsEditor()
    qtbot.addWidget(editor)
    headers = [
        item.text()
        for column in range(editor.table.columnCount())
        if (item := editor.table.horizontalHeaderItem(column)) is not None
    ]
    assert "See without privacy masks" in headers
    camera = cameras_pb2.Camera(id=3, name="Lobby")
    editor.set_rights(make_rights((), {"unmasked": [3]}), [camera])
    assert editor.rights().cameras[0].right == accounts_pb2.CAMERA_RIGHT_UNMASKED
    editor.set_camera_right(ALL, accounts_pb2.CAMERA_RIGHT_UNMASKED, True)
    unmasked = [a for a in editor.rights().cameras if a.right == accounts_pb2.CAMERA_RIGHT_UNMASKED]
    assert unmasked and unmasked[0].all_cameras


# -- against the server ----------------------------------------------------------------


def lobby(client: Client) -> cameras_pb2.Camera:
    """The shared server's second camera (the first, Gate, is left unmasked for the
    other test files of the worker)."""
    return client.find_camera("Lobby")


@pytest.fixture
def masked_lobby(recorded: Recorded) -> Iterator[cameras_pb2.Camera]:
    """Lobby, its masks and watermark removed again after the test."""
    with recorded.client() as admin:
        camera = lobby(admin)
        try:
            yield camera
        finally:
            admin.update_camera(camera.id, privacy_masks=[], watermark=cameras_pb2.Watermark())


def test_the_privacy_tab_saves_masks_and_watermark_to_the_server(
    qtbot: QtBot, recorded: Recorded, masked_lobby: cameras_pb2.Camera
) -> None:
    session = Session()
    session.adopt(recorded.client())
    tab = PrivacyTab(session, masked_lobby)
    qtbot.addWidget(tab)
    tab.resize(640, 560)
    tab.show()
    picture = tab.picture
    # A camera added by URL cannot apply the masks itself: the choice is off and greyed.
    assert not tab.on_camera.isEnabled() and not tab.on_camera.isChecked()
    assert tab.where.text() == "Applied by the console and the server, not by the camera"
    qtbot.waitUntil(lambda: picture.frames_shown >= 2, timeout=WAIT_MS)
    area = tab.editor.picture()
    start = QPoint(int(area.left() + 0.2 * area.width()), int(area.top() + 0.3 * area.height()))
    end = QPoint(int(area.left() + 0.6 * area.width()), int(area.top() + 0.7 * area.height()))
    qtbot.mousePress(tab.editor, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(tab.editor, end)
    qtbot.mouseRelease(tab.editor, Qt.MouseButton.LeftButton, pos=end)
    assert len(tab.editor.masks) == 1
    tab.watermark_on.setChecked(True)
    qtbot.keyClicks(tab.watermark_text, "Lobby 2 and more letters")
    assert tab.watermark_text.text() == "Lobby 2 and mor"  # 15 at most
    tab.watermark_text.setText("Lobby 2")
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text() == "Saved", timeout=WAIT_MS)
    tab.grab().save(str(SHOTS / "privacy_tab.png"))
    with recorded.client() as admin:
        stored = admin.get_camera(masked_lobby.id)
    (mask,) = stored.privacy_masks
    assert mask.x == pytest.approx(0.2, abs=0.01) and mask.y == pytest.approx(0.3, abs=0.01)
    assert mask.width == pytest.approx(0.4, abs=0.01)
    assert mask.height == pytest.approx(0.4, abs=0.01)
    assert stored.watermark.enabled and stored.watermark.text == "Lobby 2"
    # A refusal is shown in words and the form keeps what was drawn.
    tab.watermark_text.setValidator(None)
    tab.watermark_text.setText("Lobby-2")
    tab.save_button.click()
    qtbot.waitUntil(lambda: "watermark" in tab.status.text().lower(), timeout=WAIT_MS)
    assert len(tab.editor.masks) == 1
    tab.stop()


def operator(admin: Client, camera_id: int) -> str:
    """A new operator with live and playback rights on ``camera_id`` only."""
    name = f"masked-op-{next(_names)}"
    rights = make_rights((), {"live": [camera_id], "playback": [camera_id]})
    group = admin.create_group(f"{name}-group", remote_rights=rights, local_rights=rights)
    admin.create_user(name, OPERATOR_PASSWORD, group_id=group.id)
    return name


def operator_client(recorded: Recorded, name: str) -> Client:
    server = recorded.server
    return Client.connect(
        server.address,
        username=name,
        password=OPERATOR_PASSWORD,
        known_servers_path=server.known_servers,
    )


MIDDLE_MASK = cameras_pb2.PrivacyMask(x=0.25, y=0.25, width=0.5, height=0.5)


def live_tile(qtbot: QtBot, session: Session, camera_id: int) -> tuple[MainWindow, VideoTile]:
    """A main window signed in with ``session`` and its first live tile, showing
    ``camera_id`` once its rules are read."""
    window = shown_window(qtbot, session, cameras=[camera_id])
    tile = window.live.grid.tiles[0]
    rules = window.live.picture_rules
    qtbot.waitUntil(lambda: tile.camera_id == camera_id and tile.frames_shown >= 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rules.rules is not None and camera_id in rules.rules, timeout=WAIT_MS)
    return window, tile


def test_a_live_tile_is_masked_for_an_operator_and_not_for_the_administrator(
    qtbot: QtBot, recorded: Recorded, masked_lobby: cameras_pb2.Camera
) -> None:
    camera_id = masked_lobby.id
    with recorded.client() as admin:
        admin.update_camera(camera_id, privacy_masks=[MIDDLE_MASK])
        name = operator(admin, camera_id)
    session = Session()
    session.adopt(operator_client(recorded, name))
    window, tile = live_tile(qtbot, session, camera_id)
    assert tile.picture_rule.masks == (MIDDLE,)
    inside, outside = inside_and_outside(tile, MIDDLE)
    assert black(inside) and not black(outside)
    tile.grab().save(str(SHOTS / "privacy_masked_tile.png"))
    # An alarm's video popup of the camera is masked too.
    popups = window.alarm_desk.popups
    popups.show(alarms_pb2.Popup(kind=alarms_pb2.POPUP_KIND_VIDEO, camera_id=camera_id))
    assert popups.videos[camera_id].tile.picture_rule.masks == (MIDDLE,)
    popups.close_all()
    # The masks follow the change feed: removed by the administrator, gone here.
    with recorded.client() as admin:
        admin.update_camera(camera_id, privacy_masks=[])
    qtbot.waitUntil(lambda: not tile.picture_rule.masks, timeout=WAIT_MS)
    assert not black(inside_and_outside(tile, MIDDLE)[0])
    session.close()

    with recorded.client() as admin:
        admin.update_camera(camera_id, privacy_masks=[MIDDLE_MASK])
    session = Session()
    session.adopt(recorded.client())
    _window, tile = live_tile(qtbot, session, camera_id)
    assert not tile.picture_rule.masks  # the administrator may see it unmasked
    inside, outside = inside_and_outside(tile, MIDDLE)
    assert not black(inside) and not black(outside)
    session.close()


def test_a_multi_server_grid_masks_each_servers_cameras_by_its_own_rules(
    qtbot: QtBot, recorded: Recorded, masked_lobby: cameras_pb2.Camera
) -> None:
    """The live grid's tiles of a second server follow that server's rules (its
    session added), the view's own server's tiles stay hidden until its answer."""
    with recorded.client() as admin:
        admin.update_camera(masked_lobby.id, privacy_masks=[MIDDLE_MASK])
        name = operator(admin, masked_lobby.id)
    own = Session()  # the view's server, not answering yet
    other = Session()
    other.adopt(operator_client(recorded, name))
    grid = LiveGrid(None)
    qtbot.addWidget(grid)
    rules = PictureRules(grid, own, lambda tile: tile.server == "")
    rules.add_session(other)
    qtbot.waitUntil(lambda: rules.rules_of[other] is not None, timeout=WAIT_MS)
    mine, theirs = grid.tiles[0], grid.tiles[1]
    grid.assign(mine, masked_lobby.id)
    grid.assign(theirs, masked_lobby.id, other.server)
    assert mine.picture_rule == HIDDEN
    assert theirs.picture_rule == PictureRule((MIDDLE,))
    # A camera the administrator changes follows that server's feed.
    other.watch()
    with recorded.client() as admin:
        admin.update_camera(
            masked_lobby.id, watermark=cameras_pb2.Watermark(enabled=True, text="Site B")
        )
    qtbot.waitUntil(lambda: theirs.picture_rule.watermark == "Site B", timeout=WAIT_MS)
    grid.assign(theirs, None)
    grid.assign(mine, None)
    other.close()
