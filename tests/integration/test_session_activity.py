"""Sessions of a console on a 24×7 wall, on a server in this process whose clock the
test moves: background calls and the live feed do not keep an idle session alive (so
the idle logout works), a foreground call does; RenewSession extends the lifetime,
and a renewed session's streams stay open past the expiry it had before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.camsim_process import CamsimProcess
from tests.support.inprocess_server import InProcessServer, start_inprocess_server
from tests.support.server_process import ADMIN_PASSWORD
from vedette_api import errors
from vedette_api.client import Client
from vedette_api.client.live import LiveStream

IDLE_S = 1800  # general.auto_logout by default
LIFETIME_S = 8 * 3600  # security.session_lifetime by default
STREAM_WAIT_S = 60.0


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[InProcessServer]:
    server = start_inprocess_server(tmp_path)
    yield server
    server.stop()


def _client(inproc: InProcessServer) -> Client:
    return Client.connect(inproc.address, username="admin", password=ADMIN_PASSWORD, insecure=True)


def _alive(call: Callable[[], object]) -> bool:
    try:
        call()
    except errors.Unauthenticated:
        return False
    return True


def test_background_calls_every_minute_do_not_keep_an_idle_session_alive(
    inproc: InProcessServer,
) -> None:
    with _client(inproc) as wall, _client(inproc) as operated:
        polling = wall.background()
        feed = wall.watch_events()  # open all along: not activity either
        try:
            assert next(feed).HasField("heartbeat")
            for minute in range(1, IDLE_S // 60):
                inproc.clock.advance(60)
                assert _alive(polling.list_cameras), minute
                assert _alive(operated.background().get_settings), minute
                if minute == 20:
                    assert _alive(operated.list_cameras)  # someone used this console
            inproc.clock.advance(61)  # 30 min and 1 s since the wall's login
            assert not _alive(polling.list_cameras)
            with pytest.raises(errors.Unauthenticated):
                next(feed)  # its session ended: the feed too
            # Used at minute 20: idle for 10 minutes only.
            assert _alive(operated.background().get_system_info)
        finally:
            feed.close()


def test_renew_session_extends_the_lifetime_and_is_refused_once_idle(
    inproc: InProcessServer,
) -> None:
    with _client(inproc) as wall:
        login_expiry_us = wall.expire_us
        for _ in range(16):  # 6 h 40 min, used every 25 minutes
            inproc.clock.advance(1500)
            assert _alive(wall.get_server_info)
        renewed_us = wall.renew_session()
        assert renewed_us == wall.expire_us == int((inproc.clock.wall_s + LIFETIME_S) * 1e6)
        assert renewed_us > login_expiry_us
        for _ in range(4):  # 2 h more: past the login's expiry
            inproc.clock.advance(1500)
            assert _alive(wall.get_server_info)
        assert inproc.clock.wall_s * 1e6 > login_expiry_us
        inproc.clock.advance(IDLE_S + 1)  # nobody since: idle
        with pytest.raises(errors.Unauthenticated):
            wall.renew_session()


def _packet_after(live: LiveStream, after_us: int) -> None:
    """Read until a packet stamped after ``after_us`` (wall time): the stream is alive
    now, not just delivering what it had buffered."""
    deadline = time.monotonic() + STREAM_WAIT_S
    for message in live:
        if message.HasField("packet") and message.packet.timestamp_us > after_us:
            return
        assert time.monotonic() < deadline, "no new packet"


def _until_end(live: LiveStream) -> None:
    """Read until the stream ends (raising what it ends with), within the bound."""
    deadline = time.monotonic() + STREAM_WAIT_S
    for _ in live:
        assert time.monotonic() < deadline, "the stream did not end"


def test_a_renewed_sessions_streams_stay_open_past_its_old_expiry(
    inproc: InProcessServer, camsim_factory: Callable[..., CamsimProcess]
) -> None:
    camsim = camsim_factory("--sub", "none")
    with _client(inproc) as wall, _client(inproc) as unrenewed:
        camera = wall.create_camera("Lobby", camsim.url("cam1", "main"))
        with wall.live(camera.id) as live, unrenewed.live(camera.id) as other_live:
            _packet_after(live, 0)
            _packet_after(other_live, 0)
            feed = wall.watch_events()
            try:
                assert next(feed).HasField("heartbeat")
                for _ in range(LIFETIME_S // 1500):  # used, up to 5 min before expiry
                    inproc.clock.advance(1500)
                    assert _alive(wall.get_server_info)
                    assert _alive(unrenewed.get_server_info)
                wall.renew_session()
                inproc.clock.advance(1500)  # past the expiry of both logins
                assert not _alive(unrenewed.get_server_info)
                assert _alive(wall.get_server_info)
                now_us = time.time_ns() // 1000
                _packet_after(live, now_us)
                # The expired session's stream ends UNAUTHENTICATED; packets already on
                # their way when the session ended may come first.
                with pytest.raises(errors.Unauthenticated):
                    _until_end(other_live)
                wall.update_camera(camera.id, name="Lobby east")  # the feed still tells
                while not (message := next(feed)).HasField("changed"):
                    pass
                assert list(message.changed.ids) == [camera.id]
            finally:
                feed.close()
