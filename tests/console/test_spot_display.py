"""The spot monitor (LIVE-13, SYS-04): ``vedette-console --spot`` as its own process
on Qt's offscreen platform configured with two screens, signed in as a live-only
user against a real server with camsim cameras. It lands full screen on the second
screen, shows the view ``display.spot_view_id`` names with its in-tile sequence
cycling (the shown camera changes), and follows the setting (nothing assigned: it
says so)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from tests.support.recorded import Recorded
from tests.support.recorded_packets import recorded_packets
from tests.support.server_process import init_data_dir, start_server
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import system_pb2, views_pb2
from vedette_console.spot.window import SpotWindow
from vedette_console.video.sources import ReplaySource

pytestmark = pytest.mark.interop

PASSWORD = "Spot-Monitor-2026!"
SCREENS = {
    "screens": [
        {"name": "HDMI-A-1", "x": 0, "y": 0, "width": 1280, "height": 720,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "HDMI-A-2", "x": 1280, "y": 0, "width": 1024, "height": 600,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    ]
}  # fmt: skip


def set_spot_view(recorded: Recorded, view_id: int, tour_id: int = 0) -> None:
    with recorded.client() as admin:
        display = system_pb2.DisplaySettings(spot_view_id=view_id, spot_tour_id=tour_id)
        paths = ["display.spot_view_id", "display.spot_tour_id"]
        admin.update_settings(system_pb2.Settings(display=display), paths)


class Lines:
    """The spot process's log lines, read on a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stderr is not None
        stream = process.stderr

        def read() -> None:
            for line in stream:
                self.queue.put(line)

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, wanted: str, timeout_s: float = 60) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line.rstrip())
            if wanted in line:
                return line
        raise AssertionError(f"no {wanted!r} in {timeout_s} s; the spot said: {self.seen[-20:]}")


@pytest.fixture
def spot_view(recorded: Recorded) -> Iterator[tuple[int, int, int]]:
    """A shared view whose one tile cycles through both cameras every 3 s, and a
    live-only user for the spot monitor."""
    gate, lobby = recorded.camera_id, recorded.camera_id + 1
    with recorded.client() as admin:
        users = {u.name for u in admin.list_users()}
        if "spot-display" not in users:
            group = admin.create_group(
                "spot monitor", remote_rights=make_rights([], {"live": [gate, lobby]})
            )
            admin.create_user("spot-display", PASSWORD, group_id=group.id)
        tile = views_pb2.ViewTile(index=0, camera_id=gate)
        tile.sequence.name = "Round"
        tile.sequence.camera_ids[:] = [gate, lobby]
        tile.sequence.dwell_s = 3
        view = admin.save_view("Spot round", 1, [tile], shared=True)
    set_spot_view(recorded, view.id)
    yield view.id, gate, lobby
    set_spot_view(recorded, 0)
    with recorded.client() as admin:
        admin.delete_view(view.id)


def spot_process(address: str, password: str, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        VEDETTE_PASSWORD=password,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    known = str(tmp_path / "known.json")
    argv = [sys.executable, "-m", "vedette_console", "--spot", "--server", address,
            "--user", "spot-display", "--known-servers", known, *extra]  # fmt: skip
    return subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)


def test_the_spot_monitor_cycles_its_view_on_the_second_screen(
    recorded: Recorded, spot_view: tuple[int, int, int], tmp_path: Path
) -> None:
    view_id, gate, lobby = spot_view
    process = spot_process(recorded.server.address, PASSWORD, tmp_path)
    try:
        lines = Lines(process)
        placed = lines.wait_for("on screen ")
        assert "HDMI-A-2 (1280, 0, 1024, 600)" in placed
        lines.wait_for("shows view 'Spot round'")
        # Both cameras come in turn, each showing pictures, and again.
        for camera in (gate, lobby, gate):
            lines.wait_for(f"tile 0 shows camera {camera}")
        # A tour instead: its views in turn, each for its dwell.
        with recorded.client() as admin:
            lobby_view = admin.save_view("Spot lobby", 1, [(0, lobby)], shared=True)
            tour = admin.save_tour("Spot tour", [(view_id, 3), (lobby_view.id, 3)], shared=True)
        try:
            set_spot_view(recorded, view_id, tour.id)
            for name in ("Spot lobby", "Spot round", "Spot lobby"):
                lines.wait_for(f"shows view {name!r}")
            # The setting cleared: it says so, in words.
            set_spot_view(recorded, 0)
            lines.wait_for("says: No view assigned to the secondary display")
        finally:
            with recorded.client() as admin:
                admin.delete_tour(tour.id)
                admin.delete_view(lobby_view.id)
    finally:
        process.terminate()
        process.wait(20)


def test_the_spot_monitor_says_why_it_cannot_sign_in_and_comes_back_after_a_restart(
    recorded: Recorded, tmp_path: Path
) -> None:
    data, known = tmp_path / "data", tmp_path / "server-known.json"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, known)
    try:
        with server.client() as admin:
            camera = admin.create_camera(
                "Yard",
                recorded.camsim.url("cam2", "main"),
                sub_url=recorded.camsim.url("cam2", "sub"),
            ).id
            group = admin.create_group(
                "spot monitor", remote_rights=make_rights([], {"live": [camera]})
            )
            admin.create_user("spot-display", PASSWORD, group_id=group.id)
            view = admin.save_view("Yard", 1, [(0, camera)], shared=True)
            settings = system_pb2.Settings(display=system_pb2.DisplaySettings(spot_view_id=view.id))
            admin.update_settings(settings, ["display.spot_view_id"])

        wrong = spot_process(server.address, "Not-The-Password-1!", tmp_path / "wrong")
        try:
            Lines(wrong).wait_for(f"says: Cannot sign in to {server.address}")
        finally:
            wrong.terminate()
            wrong.wait(20)

        # --screen chooses the screen by its name.
        process = spot_process(server.address, PASSWORD, tmp_path, "--screen", "HDMI-A-1")
        try:
            lines = Lines(process)
            assert "on screen HDMI-A-1 (0, 0, 1280, 720)" in lines.wait_for("on screen ")
            lines.wait_for(f"tile 0 shows camera {camera}")
            server.stop()
            server = start_server(data, known, "--listen", server.address)  # same port
            # Its pictures come back without anyone doing anything.
            lines.wait_for(f"tile 0 shows camera {camera}", timeout_s=120)
        finally:
            process.terminate()
            process.wait(20)
    finally:
        server.stop()


def test_the_spot_window_takes_no_input(qtbot: QtBot, recorded: Recorded) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=100)
    window = SpotWindow(lambda camera, stream, **kw: ReplaySource(video, packets, loop=True))
    qtbot.addWidget(window)
    window.resize(640, 360)
    window.show()
    view = views_pb2.View(id=1, name="One", layout=1)
    view.tiles.add(index=0, camera_id=recorded.camera_id)
    window.show_view(view, "")
    tile = window.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.frames_shown > 2, timeout=10_000)
    assert window.saying == ""
    # A click, the wheel or a drop on the picture reaches no tile (no zoom, single
    # view, menu or drop): Qt finds no widget of the grid under the pointer.
    center = tile.mapTo(window, QPoint(tile.width() // 2, tile.height() // 2))
    assert window.childAt(center) is None
    assert not window.grid.acceptDrops()
    window.say("No view assigned to the secondary display")
    assert window.saying.startswith("No view") and tile.camera_id is None
    window.shutdown()
