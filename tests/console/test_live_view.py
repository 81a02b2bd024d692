"""The live view against the real server: live tiles and snapshots, the grid's
layouts, drops and single view, camera tours, and saved views and tours kept on
the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.console.helpers import gray, shown_window, signed_in_session
from tests.support.recorded import Recorded
from tests.support.recorded_packets import recorded_packets
from vedette_api.v1 import common_pb2
from vedette_console.main_window import MainWindow
from vedette_console.video.sources import (
    LIVE_UNAVAILABLE,
    ReplaySource,
)
from vedette_console.widgets.grid import LAYOUTS, LiveGrid, layout_cells
from vedette_console.widgets.tile import CAMERA_MIME
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop


def test_live_tile_shows_the_live_service_and_snapshots_to_a_file(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.signed_in(session.client, cameras=[recorded.camera_id])  # type: ignore[arg-type]
    tile = window.live.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.camera_id == recorded.camera_id, timeout=10_000)
    # The status line says it records, and why (the catalog's reasons for it now).
    qtbot.waitUntil(lambda: tile.status.startswith("● REC schedule"), timeout=10_000)
    qtbot.waitUntil(lambda: tile.frames_shown > 5, timeout=10_000)
    assert tile.message != LIVE_UNAVAILABLE and tile.last_frame is not None
    # Snapshot to a file: full resolution, saved on the server and here.
    shot = tmp_path / "gate.jpg"
    window.live._snapshot_to_file(tile, shot)
    qtbot.waitUntil(shot.exists, timeout=10_000)
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) == (640, 360)  # the main stream's size
    assert clockcode.read(gray(picture)) is not None
    window.close()
    session.close()


def test_grid_layouts_drop_and_double_click_single_view(qtbot: QtBot, recorded: Recorded) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=100)
    grid = LiveGrid(lambda camera, stream: ReplaySource(video, packets, loop=True))
    qtbot.addWidget(grid)
    grid.resize(1280, 720)
    grid.show()
    for count in LAYOUTS:
        grid.set_layout(count)
        QApplication.processEvents()
        visible = grid.visible_tiles()
        assert len(visible) == count
        area = sum(t.width() * t.height() for t in visible)
        assert area > 0.8 * 1280 * 720  # the tiles fill the grid
    assert layout_cells(6)[0].rows == 2 and layout_cells(8)[0].rows == 3
    grid.set_layout(9)
    QApplication.processEvents()
    tile = grid.tiles[4]
    mime = QMimeData()
    mime.setData(CAMERA_MIME, f"{recorded.camera_id}".encode())
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tile.dropEvent(drop)
    assert tile.camera_id == recorded.camera_id
    qtbot.waitUntil(lambda: tile.frames_shown > 3, timeout=5000)
    small = tile.size()
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert grid.single is tile and grid.visible_tiles() == [tile]
    assert tile.width() > 2.5 * small.width()
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert grid.single is None and len(grid.visible_tiles()) == 9
    # Digital zoom at the cursor, then a drag pans.
    tile.zoom_at(QPointF(tile.width() * 0.25, tile.height() * 0.25), 2.0)
    assert tile.zoom == 2.0
    part = tile.visible_fraction()
    assert part.width() == pytest.approx(0.5) and part.left() < 0.25
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(100, 60))
    qtbot.mouseMove(tile, QPoint(60, 60))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(60, 60))
    assert tile.visible_fraction().left() > part.left()  # dragged left: view moves right
    # The zoom view: pressing in the miniature moves the selection rectangle there.
    box = tile.zoom_box()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    assert tile.visible_fraction().center().x() == pytest.approx(0.5, abs=0.05)
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=box.topLeft().toPoint() + QPoint(1, 1))
    qtbot.mouseMove(tile, box.bottomRight().toPoint() - QPoint(1, 1))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=box.bottomRight().toPoint())
    assert tile.visible_fraction().right() == pytest.approx(1.0, abs=0.01)  # clamped
    for t in grid.tiles:
        t.set_camera(None)


def test_a_tour_cycles_camera_pages_and_double_click_pauses_it(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(window.tree.cameras) == 2, timeout=10_000)
    live = window.live
    live.set_layout(1)
    live.dwell.setValue(1)
    tile = live.grid.tiles[0]
    first, second = recorded.camera_id, recorded.camera_id + 1
    live.set_tour(True)
    assert tile.camera_id == first and live.tour_button.isChecked()
    qtbot.waitUntil(lambda: tile.camera_id == second, timeout=3000)
    qtbot.waitUntil(lambda: tile.camera_id == first, timeout=3000)  # pages wrap around
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert live.tours.paused and live.grid.single is None  # paused, not single view
    qtbot.wait(1600)
    assert tile.camera_id == first
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tile.camera_id == second, timeout=3000)
    live.tour_button.setChecked(False)
    qtbot.wait(1300)
    assert tile.camera_id == second  # stopped
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert live.grid.single is tile  # double-click is single view again
    window.close()
    session.close()


def test_saved_views_and_tours_live_on_the_server_and_follow_the_operator(
    qtbot: QtBot, recorded: Recorded
) -> None:
    gate, lobby = recorded.camera_id, recorded.camera_id + 1
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(window.tree.cameras) == 2, timeout=10_000)
    live = window.live
    live.set_layout(4)
    grid = live.grid
    grid.assign(grid.tiles[0], gate, session.server)
    grid.assign(grid.tiles[3], lobby, session.server)
    grid.tiles[3].set_override(common_pb2.STREAM_MAIN)
    live.saved.save_view_as("Entrances")
    qtbot.waitUntil(lambda: any(v.name == "Entrances" for v in live.saved.views), timeout=5000)
    live.set_layout(1)
    grid.assign(grid.tiles[0], lobby, session.server)
    live.saved.save_view_as("Lobby alone")
    qtbot.waitUntil(lambda: len(live.saved.views) == 2, timeout=5000)
    entrances = next(v for v in live.saved.views if v.name == "Entrances")

    # Recall from the Views menu, as an operator does.
    live.saved.fill_views_menu()
    (action,) = [a for a in live.saved.views_menu.actions() if a.text() == "Entrances"]
    action.trigger()
    assert grid.count == 4 and live.saved.current_view is not None
    assert [t.camera_id for t in grid.layout_tiles()] == [gate, None, None, lobby]
    assert grid.tiles[3].chooser.override == common_pb2.STREAM_MAIN
    live.saved.rename_current_view("Both entrances")
    qtbot.waitUntil(
        lambda: {v.name for v in live.saved.views} == {"Both entrances", "Lobby alone"},
        timeout=5000,
    )

    # A tour of the two views, 3 s each; a double-click pauses it.
    lobby_view = next(v for v in live.saved.views if v.name == "Lobby alone")
    live.saved.save_tour("Rounds", [entrances.id, lobby_view.id], 3)
    qtbot.waitUntil(lambda: len(live.saved.tours) == 1, timeout=5000)
    live.saved.fill_tours_menu()
    (start,) = [a for a in live.saved.tours_menu.actions() if a.text() == "Rounds"]
    start.trigger()
    assert live.tours.running_tour is not None and grid.count == 4
    qtbot.waitUntil(lambda: grid.count == 1 and grid.tiles[0].camera_id == lobby, timeout=5000)
    qtbot.mouseDClick(grid.tiles[0], Qt.MouseButton.LeftButton)
    assert live.tours.paused
    qtbot.wait(3500)
    assert grid.count == 1  # paused on the lobby view
    qtbot.mouseDClick(grid.tiles[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grid.count == 4, timeout=5000)  # back to the entrances
    live.tours.stop()

    # Another console, signed in as the same user, finds them on the server.
    with recorded.client() as client:
        assert {v.name for v in client.list_views()} == {"Both entrances", "Lobby alone"}
        (tour,) = client.list_tours()
        assert [s.dwell_seconds for s in tour.steps] == [3, 3]
    other = MainWindow(signed_in_session(qtbot, recorded))
    qtbot.addWidget(other)
    other.signed_in(other.session.client)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(other.live.saved.views) == 2, timeout=5000)

    live.saved.delete_tour(live.saved.tours[0])
    live.saved.delete_current_view()
    qtbot.waitUntil(lambda: not live.saved.tours and len(live.saved.views) == 1, timeout=5000)
    live.saved.current_view = live.saved.views[0]
    live.saved.delete_current_view()
    qtbot.waitUntil(lambda: not live.saved.views, timeout=5000)
    other.close()
    other.session.close()
    window.close()
    session.close()


def test_dropping_a_server_node_places_all_its_cameras_in_the_following_tiles(
    qtbot: QtBot, recorded: Recorded
) -> None:
    from vedette_console.widgets.camera_tree import SERVER_ROLE

    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras=[])
    tree = window.tree
    qtbot.waitUntil(lambda: len(tree.cameras) == 2, timeout=10_000)
    model = tree.model()
    (server,) = [model.index(r, 0) for r in range(model.rowCount())]
    assert server.data(SERVER_ROLE) == recorded.server.address
    gate, lobby = recorded.camera_id, recorded.camera_id + 1
    live, grid = window.live, window.live.grid
    live.set_layout(4)

    def drop_server_on(index: int) -> None:
        mime = model.mimeData([server])  # held: the event only points to it
        grid.layout_tiles()[index].dropEvent(
            QDropEvent(
                QPointF(5, 5),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )

    drop_server_on(1)
    assert [t.camera_id for t in grid.layout_tiles()] == [None, gate, lobby, None]
    assert {t.server for t in grid.layout_tiles()[1:3]} == {recorded.server.address}
    # On the last tile: the layout grows so that both fit, from that tile on.
    drop_server_on(3)
    assert grid.count == 6
    assert [t.camera_id for t in grid.layout_tiles()][3:5] == [gate, lobby]
    qtbot.waitUntil(lambda: grid.layout_tiles()[4].frames_shown > 3, timeout=15_000)
    window.close()
    session.close()
