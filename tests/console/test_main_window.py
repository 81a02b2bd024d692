"""The main window: several servers in one site tree, full screen, the middle button
back to live, and the command line's sign-in and screenshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent, QImage
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window, signed_in_session
from tests.support.recorded import Recorded
from vedette_api.client.pinning import KnownServers
from vedette_api.v1 import common_pb2
from vedette_console.main_window import MainWindow
from vedette_console.session import Session

pytestmark = pytest.mark.interop


def test_several_servers_share_one_site_tree(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    from tests.support.server_process import init_data_dir, start_server
    from vedette_console.video.sources import LiveSource
    from vedette_console.widgets.camera_tree import CAMERA_ID_ROLE, SERVER_ROLE

    assert init_data_dir(tmp_path / "data2").returncode == 0
    other = start_server(tmp_path / "data2", tmp_path / "known2.json")
    try:
        with other.client() as admin:
            admin.create_camera("Annex", recorded.camsim.url("cam2", "main"), enabled=False)
        session = signed_in_session(qtbot, recorded)
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        window.signed_in(session.client)  # type: ignore[arg-type]
        second = Session()
        second.adopt(other.client())
        window.add_server(second)
        tree = window.tree
        qtbot.waitUntil(
            lambda: set(tree.server_cameras) == {recorded.server.address, other.address},
            timeout=10_000,
        )
        model = tree.model()
        servers = [model.index(row, 0) for row in range(model.rowCount())]
        assert {index.data(SERVER_ROLE) for index in servers} == {
            recorded.server.address,
            other.address,
        }
        (annex,) = [
            model.index(row, 0, index)
            for index in servers
            if index.data(SERVER_ROLE) == other.address
            for row in range(model.rowCount(index))
        ]
        assert annex.data() == "Annex"
        # The periodic refresh updates rows in place: a held row stays valid.
        from PySide6.QtCore import QPersistentModelIndex

        held = QPersistentModelIndex(annex)
        refreshed: list[str] = []
        shown = window._on_cameras

        def note(server: str, *rest: Any) -> None:
            shown(server, *rest)
            refreshed.append(server)

        window._on_cameras = note  # type: ignore[method-assign]
        window.refresh_cameras()
        qtbot.waitUntil(lambda: other.address in refreshed, timeout=10_000)
        assert held.isValid() and held.data() == "Annex"
        mime = model.mimeData([annex])
        tile = window.live.grid.tiles[1]
        tile.dropEvent(
            QDropEvent(
                QPointF(5, 5),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )
        assert (tile.server, tile.camera_id) == (other.address, annex.data(CAMERA_ID_ROLE))
        assert tile.camera_name == "Annex"
        source = tile.source_factory(tile.camera_id, common_pb2.STREAM_SUB)  # type: ignore[misc]
        assert isinstance(source, LiveSource) and source._client is second.client
        window.select_server(other.address)
        slices = window.search.slices
        assert [slices.camera.itemText(i) for i in range(slices.camera.count())] == ["Annex"]
        assert window.backup.session is second and window.playback.session is second
        window.close()
        session.close()
    finally:
        other.stop()


def test_middle_button_returns_to_live_from_any_view(qtbot: QtBot, recorded: Recorded) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_view("Search")
    grid = window.live.grid
    grid.toggle_single(grid.tiles[0])
    qtbot.mouseClick(window.search.slices.grid.viewport(), Qt.MouseButton.MiddleButton)
    assert window.current_view() == "Live" and grid.single is None
    window.close()
    session.close()


def test_full_screen_hides_the_chrome_and_escape_leaves_it(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.fullscreen_action.setChecked(True)
    assert window.isFullScreen()
    assert not window.dock.isVisible() and not window.statusBar().isVisible()
    assert not window.toolbar.isVisible()  # comes back near the top edge only
    qtbot.keyClick(window.live.grid, Qt.Key.Key_Escape)
    assert not window.isFullScreen() and not window.fullscreen_action.isChecked()
    assert window.dock.isVisible() and window.toolbar.isVisible()
    window.close()
    session.close()


def test_the_command_line_signs_in_and_saves_a_screenshot(
    recorded: Recorded, tmp_path: Path, admin_password: str
) -> None:
    import os
    import subprocess
    import sys

    png = tmp_path / "live.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vedette_console",
            "--server",
            recorded.server.address,
            "--user",
            "admin",
            "--known-servers",
            str(tmp_path / "known.json"),
            "--layout",
            "9",
            "--cameras",
            "all",
            "--screenshot",
            str(png),
            "--after",
            "2",
        ],
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            VEDETTE_PASSWORD=admin_password,
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() >= 1200 and image.height() >= 800
    # The first use pinned the certificate it showed.
    pinned = KnownServers(tmp_path / "known.json").get(recorded.server.address)
    assert pinned is not None


def test_several_cameras_selected_in_the_tree_play_together(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras=[])
    tree = window.tree
    qtbot.waitUntil(lambda: len(tree.cameras) == 2, timeout=10_000)
    model = tree.model()
    server = model.index(0, 0)
    selection = tree.selectionModel()
    for row in range(model.rowCount(server)):
        selection.select(model.index(row, 0, server), selection.SelectionFlag.Select)
    gate, lobby = recorded.camera_id, recorded.camera_id + 1
    assert [c.camera_id for c in tree.selected_cameras()] == [gate, lobby]
    tree._menu(tree.visualRect(model.index(0, 0, server)).center())
    assert tree.context_menu is not None
    (play,) = [a for a in tree.context_menu.actions() if a.text() == "Play (2 cameras)"]
    play.trigger()
    playback = window.playback
    assert window.current_view() == "Playback"
    assert playback.camera_ids == [gate, lobby] and playback.grid.count == 4
    tiles = playback.grid.layout_tiles()[:2]
    assert [t.camera_id for t in tiles] == [gate, lobby]
    qtbot.waitUntil(lambda: all(t.frames_shown > 3 for t in tiles), timeout=20_000)
    window.close()
    session.close()
