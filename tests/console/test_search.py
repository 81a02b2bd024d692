"""The search view against the real server: the minute view's thumbnails, every
camera at one instant, and search by time following the pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.console.helpers import gray, signed_in_session
from tests.support.recorded import Recorded, S, loop_distance_ms
from vedette_api.timestamps import now_us
from vedette_console.main_window import MainWindow
from vedette_console.session import Session
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop


def search_window(qtbot: QtBot, recorded: Recorded) -> tuple[Session, MainWindow]:
    """A signed-in main window on the search view, its cameras listed."""
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.signed_in(session.client, cameras=[])  # type: ignore[arg-type]
    window.show_view("Search")
    slices = window.search.slices
    qtbot.waitUntil(lambda: slices.camera.count() == 2, timeout=10_000)
    return session, window


def test_the_minute_view_shows_sixty_thumbnails_whose_clocks_match_their_minutes(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session, window = search_window(qtbot, recorded)
    slices = window.search.slices
    slices.camera.setCurrentIndex(slices.camera.findData(recorded.camera_id))
    asked_us = now_us()
    slices.open_minute_view(recorded.start_us)
    qtbot.waitUntil(
        lambda: (
            slices.unit == "hour" and slices.grid.count() == 60 and len(slices.thumbnails) == 60
        ),
        timeout=20_000,
    )
    pictures = 0
    for row, thumb in enumerate(slices.thumbnails):
        item = slices.grid.item(row)
        start = thumb.time.ToMicroseconds()
        assert item.data(Qt.ItemDataRole.UserRole) == start
        assert thumb.slice_end_time.ToMicroseconds() - start == 60 * S
        icon = gray(item.icon().pixmap(QSize(192, 108)).toImage())
        if thumb.no_recording:
            assert icon.mean() < 40  # black, with a faint "no recording"
            continue
        pictures += 1
        keyframe_us = thumb.keyframe_time.ToMicroseconds()
        if keyframe_us < start:
            # The minute being recorded when the view was asked for: its first keyframe
            # may not be in the catalogue yet, so the nearest recorded one is the
            # previous minute's last (a GOP before at most).
            assert start + 60 * S > asked_us and start - keyframe_us <= 3 * S
        else:
            assert keyframe_us < start + 60 * S  # a picture of its own minute
        jpeg = QImage.fromData(item.data(Qt.ItemDataRole.UserRole + 2))
        shown = clockcode.read(gray(jpeg))
        assert shown is not None, "burned-in clock unreadable"
        assert loop_distance_ms(recorded.expected_clock_ms(keyframe_us), shown) < 150
    assert pictures >= 1
    window.close()
    session.close()


def test_time_slices_by_time_show_every_camera_and_drill_into_one(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session, window = search_window(qtbot, recorded)
    slices = window.search.slices
    at = recorded.start_us + 3 * S
    slices.mode.setCurrentIndex(slices.mode.findData("time"))
    assert slices.at.isVisibleTo(window) and not slices.camera.isVisibleTo(window)
    slices.load_cameras_at(at)
    qtbot.waitUntil(
        lambda: slices.grid.count() == 2 and len(slices.thumbnails) == 2, timeout=10_000
    )
    names = {slices.grid.item(r).text() for r in range(2)}
    assert names == {"Gate", "Lobby"}
    gate_row = next(r for r in range(2) if slices.grid.item(r).text() == "Gate")
    thumb = next(t for t in slices.thumbnails if t.camera_id == recorded.camera_id)
    assert not thumb.no_recording
    shown = clockcode.read(gray(QImage.fromData(thumb.jpeg)))
    assert shown is not None
    assert (
        loop_distance_ms(recorded.expected_clock_ms(thumb.keyframe_time.ToMicroseconds()), shown)
        < 150
    )
    # A double-click on a camera: that camera's day, by slices.
    slices._drill(slices.grid.item(gate_row))
    assert not slices.by_time() and slices.camera.currentData() == recorded.camera_id
    qtbot.waitUntil(lambda: slices.unit == "day" and slices.grid.count() == 24, timeout=10_000)
    window.close()
    session.close()


def test_search_by_time_thumbnails_follow_the_cursor(qtbot: QtBot, recorded: Recorded) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    window.show_view("Search")
    search = window.search.by_time
    window.search.tabs.setCurrentWidget(search)
    qtbot.waitUntil(lambda: search.cameras.count() == 2, timeout=10_000)
    for row in range(2):
        search.cameras.item(row).setSelected(True)
    timeline = search.timeline
    timeline.set_range(recorded.start_us - 10 * S, recorded.manual[1] + 10 * S)
    qtbot.waitUntil(lambda: bool(timeline.runs), timeout=10_000)
    at = recorded.start_us + 5 * S
    qtbot.mouseMove(timeline, QPoint(int(timeline.x_of(at)), 40))
    qtbot.waitUntil(
        lambda: search.shown_time_us is not None and len(search.thumbnails) == 2, timeout=10_000
    )
    shown_at = search.shown_time_us
    assert shown_at is not None and abs(shown_at - at) <= timeline.resolution_us()
    assert {t.camera_id for t in search.thumbnails} == {recorded.camera_id, recorded.camera_id + 1}
    (gate,) = [t for t in search.thumbnails if t.camera_id == recorded.camera_id]
    assert not gate.no_recording
    clock = clockcode.read(gray(QImage.fromData(gate.jpeg)))
    assert clock is not None
    assert (
        loop_distance_ms(recorded.expected_clock_ms(gate.keyframe_time.ToMicroseconds()), clock)
        < 150
    )
    before = recorded.start_us - 8 * S  # nothing recorded yet
    qtbot.mouseMove(timeline, QPoint(int(timeline.x_of(before)), 40))
    qtbot.waitUntil(
        lambda: (
            search.shown_time_us is not None and search.shown_time_us < recorded.start_us - 5 * S
        ),
        timeout=10_000,
    )
    assert all(t.no_recording for t in search.thumbnails)
    with qtbot.waitSignal(search.open_playback) as opened:
        item = search.grid.item(0)
        qtbot.mouseClick(
            search.grid.viewport(),
            Qt.MouseButton.LeftButton,
            pos=search.grid.visualItemRect(item).center(),
        )
    assert opened.args[1] == search.shown_time_us
    window.close()
    session.close()
