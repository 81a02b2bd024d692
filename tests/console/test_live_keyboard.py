"""The console follows the RS-485 control keyboard (PTZ-05): a camera selected on a
keyboard (a pty the real server reads) is shown alone in the live grid, as on the
keyboard's monitor, through the server's change feed."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window
from tests.support.server_process import ADMIN_PASSWORD, ServerProcess
from vedette_api.client import Client
from vedette_api.v1 import ptz_pb2
from vedette_console.session import Session
from vedette_hw.pelco import Protocol
from vedette_hw.sim.keyboard import CallPreset, PtyKeyboard, Release, SelectCamera

pytestmark = pytest.mark.slow

OWN_ADDRESS = 64
WAIT_MS = 30_000


@pytest.fixture
def keyboard() -> Iterator[PtyKeyboard]:
    board = PtyKeyboard(Protocol.D)
    board.start()
    yield board
    board.close()


def connect(server: ServerProcess) -> Client:
    return Client.connect(
        server.address,
        username="admin",
        password=ADMIN_PASSWORD,
        known_servers_path=server.known_servers,
    )


def test_a_camera_selected_on_the_keyboard_is_shown_alone_in_the_live_grid(
    qtbot: QtBot, server_factory: Callable[..., ServerProcess], keyboard: PtyKeyboard
) -> None:
    server = server_factory()
    with connect(server) as admin:
        gate, yard, dock = (
            int(admin.create_camera(name, f"rtsp://127.0.0.1:9/{name}", enabled=False).id)
            for name in ("Gate", "Yard", "Dock")
        )
        admin.set_ptz_keyboard(
            ptz_pb2.PtzKeyboard(
                serial_port=keyboard.device_path,
                protocol=ptz_pb2.PTZ_PROTOCOL_PELCO_D,
                address=OWN_ADDRESS,
                cameras=[ptz_pb2.PtzKeyboardCamera(number=12, camera_id=dock)],
            )
        )
        qtbot.waitUntil(lambda: admin.get_ptz_keyboard().status.connected, timeout=WAIT_MS)
    session = Session()
    session.adopt(connect(server))
    window = shown_window(qtbot, session, cameras=[gate, yard])
    try:
        grid = window.live.grid
        qtbot.waitUntil(lambda: session.feed.live, timeout=WAIT_MS)
        assert grid.single is None
        # "CAM <yard's id>": the tile already showing the yard is shown alone.
        keyboard.play([SelectCamera(yard), Release()])
        qtbot.waitUntil(lambda: grid.single is not None, timeout=WAIT_MS)
        assert grid.single is grid.tiles[1] and grid.active is grid.tiles[1]
        assert grid.tiles[1].camera_id == yard
        # "CAM 12", mapped to the dock, on no tile: it replaces the selected tile's camera.
        keyboard.play([SelectCamera(12), Release()])
        qtbot.waitUntil(lambda: grid.tiles[1].camera_id == dock, timeout=WAIT_MS)
        assert grid.single is grid.tiles[1]
        assert grid.tiles[0].camera_id == gate
        # "CAM <gate's id>": back to the layout, then the gate alone.
        keyboard.play([SelectCamera(gate), Release()])
        qtbot.waitUntil(lambda: grid.single is grid.tiles[0], timeout=WAIT_MS)
        assert grid.active is grid.tiles[0]
        # A key of the server's own address is told, and moves nothing.
        told: list[str] = []
        window.live.notify = told.append
        keyboard.play([SelectCamera(OWN_ADDRESS), CallPreset(7)])
        qtbot.waitUntil(lambda: told == ["Control keyboard: key 7"], timeout=WAIT_MS)
        assert grid.single is grid.tiles[0]
    finally:
        window.close()
        session.close()
