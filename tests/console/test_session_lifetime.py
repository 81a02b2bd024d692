"""A console on a 24×7 wall stays signed in, and an idle one is signed out:

- with a short ``session_lifetime`` it renews its session and keeps showing live
  video past the expiry of its login;
- after a server restart (sessions live in the server's memory) it signs in again
  by itself with the credentials given at sign-in, and its tiles play again;
- its own background refreshes are not activity, so the server's idle logout
  happens, and the console returns to the sign-in dialog saying why.

Renewal and the idle logout run on a server in this process whose clock the test
moves (``inprocess_server``): the console is given that clock as the server's.
The restart is a real ``vedette-server`` process stopped and started again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from google.protobuf import duration_pb2
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window
from tests.support.camsim_process import CamsimProcess
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.recorded import Recorded
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir, start_server
from vedette_api.client import Client
from vedette_api.v1 import system_pb2
from vedette_console.failures import shown_failure
from vedette_console.session import ConnectSettings, Session
from vedette_console.signin import SignInDialog

pytestmark = pytest.mark.interop
#: The shortest session lifetime the server accepts.
LIFETIME_S = 300


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path)
    yield server
    server.stop()


def _client(inproc: InProcessServer) -> Client:
    return Client.connect(inproc.address, username="admin", password=ADMIN_PASSWORD, insecure=True)


def _set_sessions(
    client: Client, *, lifetime_s: int | None = None, idle_s: int | None = None
) -> None:
    settings = system_pb2.Settings()
    paths = []
    if lifetime_s is not None:
        settings.security.session_lifetime.CopyFrom(duration_pb2.Duration(seconds=lifetime_s))
        paths.append("security.session_lifetime")
    if idle_s is not None:
        settings.general.auto_logout.CopyFrom(duration_pb2.Duration(seconds=idle_s))
        paths.append("general.auto_logout")
    client.update_settings(settings, paths)


def _wall_session(inproc: InProcessServer) -> Session:
    """A console session on the in-process server, measuring time on its clock."""
    session = Session(clock=inproc.clock.wall)
    session.lifetime.set_check_interval(100)
    session.adopt(_client(inproc))
    return session


def test_a_wall_renews_its_session_and_keeps_showing_live_video_past_its_lifetime(
    qtbot: QtBot, inproc: InProcessServer, camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory("--sub", "none")
    with _client(inproc) as admin:
        _set_sessions(admin, lifetime_s=LIFETIME_S, idle_s=0)  # a wall: no idle logout
        camera = admin.create_camera("Lobby", camsim.url("cam1", "main"))
        session = _wall_session(inproc)
        client = session.client
        assert client is not None
        login_expiry_us = client.expire_us
        window = shown_window(qtbot, session, size=(960, 600), cameras=[camera.id])
        tile = window.live.grid.tiles[0]
        qtbot.waitUntil(lambda: tile.frames_shown > 5, timeout=30_000)
        # Twice the lifetime passes, a minute at a time: the console renews in time,
        # so its session never comes within a minute of its expiry.
        for minute in range(1, 2 * LIFETIME_S // 60 + 1):
            inproc.clock.advance(60)
            qtbot.waitUntil(
                lambda: client.expire_us - inproc.clock.wall() * 1e6 > 60e6, timeout=10_000
            )
            # Someone changes a camera: the wall reloads it (a call past the old expiry).
            admin.renew_session()  # the test's own session has the short lifetime too
            admin.update_camera(camera.id, name=f"Lobby {minute}")
            qtbot.waitUntil(
                lambda m=minute: window.tree.cameras[camera.id].name == f"Lobby {m}",
                timeout=10_000,
            )
        assert inproc.clock.wall() * 1e6 > login_expiry_us + LIFETIME_S * 1e6 / 2
        assert session.lifetime.renewals >= 2 and session.lifetime.sign_ins == 0
        shown = tile.frames_shown
        qtbot.waitUntil(lambda: tile.frames_shown > shown + 10, timeout=10_000)  # still live
        assert session.client is client and window.sign_in_again is None
        window.close()
        session.close()


def test_after_a_server_restart_the_console_signs_in_again_by_itself(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    data, known = tmp_path / "data", tmp_path / "known.json"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, known)
    try:
        with server.client() as admin:
            camera = admin.create_camera(
                "Yard",
                recorded.camsim.url("cam2", "main"),
                sub_url=recorded.camsim.url("cam2", "sub"),
            )
        session = Session()
        connected: list[Client] = []
        session.connected.connect(connected.append)
        session.connect_to(ConnectSettings(server.address, "admin", ADMIN_PASSWORD, known))
        qtbot.waitUntil(lambda: bool(connected), timeout=15_000)
        first = connected[0]
        window = shown_window(qtbot, session, size=(960, 600), cameras=[camera.id])
        tile = window.live.grid.tiles[0]
        qtbot.waitUntil(lambda: tile.frames_shown > 5 and session.feed.live, timeout=30_000)

        server.stop()
        server = start_server(data, known, "--listen", server.address)  # same port
        qtbot.waitUntil(lambda: session.lifetime.sign_ins == 1, timeout=60_000)
        assert session.client is not None and session.client is not first
        shown = tile.frames_shown
        qtbot.waitUntil(lambda: tile.frames_shown > shown + 5, timeout=30_000)  # live again
        qtbot.waitUntil(lambda: session.feed.live, timeout=30_000)
        with server.client() as admin:  # the new sign-in follows changes again
            admin.update_camera(camera.id, name="Yard west")
        qtbot.waitUntil(lambda: window.tree.cameras[camera.id].name == "Yard west", timeout=10_000)
        assert window.sign_in_again is None  # nobody was asked anything
        window.close()
        session.close()
    finally:
        server.stop()


def test_background_refreshes_let_the_idle_logout_happen_and_the_console_says_why(
    qtbot: QtBot, inproc: InProcessServer
) -> None:
    with _client(inproc) as admin:
        _set_sessions(admin, idle_s=60)
        camera = admin.create_camera("Dock", "rtsp://127.0.0.1:9/none", enabled=False)
        session = _wall_session(inproc)
        window = shown_window(qtbot, session, size=(960, 600))
        qtbot.waitUntil(
            lambda: camera.id in window.tree.cameras and session.settings.auto_logout_s == 60,
            timeout=15_000,
        )
        # The sign-in's own calls (the operator's) are answered before time moves.
        qtbot.waitUntil(lambda: not window.busy_label.text(), timeout=15_000)
        signed_out: list[str] = []
        session.signed_out.connect(signed_out.append)
        # Five times 15 s: each time another client changes the camera and this console
        # reloads it by itself (background): no activity of its operator.
        for step in range(1, 6):
            inproc.clock.advance(15)
            admin.update_camera(camera.id, name=f"Dock {step}")
            qtbot.waitUntil(
                lambda s=step: (
                    bool(signed_out) or window.tree.cameras[camera.id].name == f"Dock {s}"
                ),
                timeout=10_000,
            )
        admin.update_camera(camera.id, name="Dock again")  # the feed tells; the session ended
        qtbot.waitUntil(lambda: bool(signed_out), timeout=20_000)
        assert "without activity" in signed_out[0]
        dialog = window.sign_in_again
        assert isinstance(dialog, SignInDialog) and dialog.isVisible()
        assert "without activity" in dialog.status.text()
        assert dialog.address.text() == inproc.address
        assert session.client is None and shown_failure(window) is None
        window.close()
        session.close()
