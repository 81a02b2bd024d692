"""The appliance's logged-out live view (LIVE-14) against a real appliance: it shows
exactly the cameras marked visible while nobody is signed in (playing), nothing when
the list is empty, follows a change of the list by itself, and comes back by itself
after the server restarts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.console.appliance_server import Appliance, running_appliance
from vedette_console.appliance.logged_out import LoggedOutScreen

WAIT_MS = 60_000
SHOTS = Path(os.environ.get("VEDETTE_SHOTS", "/tmp/shots16/appliance"))


@pytest.fixture(scope="module")
def appliance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Appliance]:
    with running_appliance(tmp_path_factory.mktemp("appliance-logged-out")) as running:
        yield running


@pytest.fixture
def screen(qtbot: QtBot, appliance: Appliance) -> Iterator[LoggedOutScreen]:
    screen = LoggedOutScreen(appliance.address)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    yield screen
    screen.shutdown()
    appliance.set_display([])


def _shown(screen: LoggedOutScreen) -> list[int]:
    return [t.camera_id for t in screen.grid.layout_tiles() if t.camera_id is not None]


def _playing(screen: LoggedOutScreen, frames: int = 1) -> bool:
    tiles = [t for t in screen.grid.layout_tiles() if t.camera_id is not None]
    return bool(tiles) and all(t.frames_shown >= frames for t in tiles)


def test_it_shows_exactly_the_visible_cameras_and_follows_the_list(
    qtbot: QtBot, appliance: Appliance, screen: LoggedOutScreen
) -> None:
    gate, lobby = appliance.cameras
    appliance.set_display([lobby])
    screen.start()
    qtbot.waitUntil(lambda: _shown(screen) == [lobby], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _playing(screen), timeout=WAIT_MS)
    assert screen.cameras == [lobby]  # what the server lists to the display session
    # The list changes: the server ends the display session, the screen opens another.
    appliance.set_display([gate, lobby])
    qtbot.waitUntil(lambda: _shown(screen) == [gate, lobby], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _playing(screen, frames=10), timeout=WAIT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(SHOTS / "logged_out_live.png"), "PNG")
    appliance.set_display([])
    qtbot.waitUntil(lambda: _shown(screen) == [] and not screen.grid.isVisible(), timeout=WAIT_MS)
    assert screen.message.text() == "No camera is shown while nobody is signed in."
    assert screen.sign_in.isVisible()
    assert screen.grab().save(str(SHOTS / "logged_out_empty.png"), "PNG")


def test_it_comes_back_by_itself_after_the_server_restarts(
    qtbot: QtBot, appliance: Appliance, screen: LoggedOutScreen
) -> None:
    gate, _ = appliance.cameras
    appliance.set_display([gate])
    screen.start()
    qtbot.waitUntil(lambda: _playing(screen), timeout=WAIT_MS)
    old_client = screen.session.client
    appliance.restart()
    qtbot.waitUntil(
        lambda: screen.session.client not in (None, old_client) and _shown(screen) == [gate],
        timeout=WAIT_MS * 2,
    )
    first = {t.camera_id: t.frames_shown for t in screen.grid.layout_tiles() if t.camera_id}
    qtbot.waitUntil(
        lambda: all(
            t.frames_shown > first.get(t.camera_id, 0)
            for t in screen.grid.layout_tiles()
            if t.camera_id
        ),
        timeout=WAIT_MS,
    )
