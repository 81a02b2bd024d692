"""Every time the console shows is on the server's clock, in its date and time
formats (SYS-03), not the PC's: a server in a zone far from this machine's
(Pacific/Chatham, UTC+13:45 or +12:45, with quarter-hour offsets no PC zone near
UTC shares), days first and a 12-hour clock. The playback clock, the timeline's
ticks, the events and the time slices read as the server's zone says, the date
fields of the backup dialog are typed on its clock, and a zone changed on the
server while the console runs applies at once (the change feed)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window, signed_in_session
from tests.support.recorded import Recorded, S
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import system_pb2
from vedette_console.main_window import MainWindow
from vedette_console.time_display import TimeDisplay
from vedette_console.views.search.thumbnails import ROLE_TIME

pytestmark = pytest.mark.interop

ZONE = "Pacific/Chatham"
OTHER_ZONE = "America/St_Johns"


def server_text(time_us: int, zone: str = ZONE, pattern: str = "%d/%m/%Y %I:%M:%S %p") -> str:
    """What the server's settings say a time reads as, computed without the console."""
    return dt.datetime.fromtimestamp(time_us / S, zoneinfo.ZoneInfo(zone)).strftime(pattern)


def _set_date_time(recorded: Recorded, zone: str, date_format: int, time_format: int) -> None:
    settings = system_pb2.Settings(
        date_time=system_pb2.DateTimeSettings(
            time_zone=zone, date_format=date_format, time_format=time_format
        )
    )
    paths = ["date_time.time_zone", "date_time.date_format", "date_time.time_format"]
    with recorded.client() as client:
        client.update_settings(settings, paths)


@pytest.fixture
def chatham(recorded: Recorded) -> Iterator[None]:
    """The server in Chatham, days first, 12-hour clock; back as it was afterwards."""
    with recorded.client() as client:
        before = client.get_settings().date_time
    assert dt.datetime.now().astimezone().utcoffset() != dt.timedelta(hours=13, minutes=45)
    _set_date_time(
        recorded, ZONE, system_pb2.DATE_FORMAT_DD_MM_YYYY, system_pb2.TIME_FORMAT_12_HOUR
    )
    yield
    _set_date_time(recorded, before.time_zone, before.date_format, before.time_format)


@pytest.fixture
def window(qtbot: QtBot, recorded: Recorded, chatham: None) -> Iterator[MainWindow]:
    session = signed_in_session(qtbot, recorded)
    window = shown_window(qtbot, session, cameras=[])
    qtbot.waitUntil(
        lambda: session.settings.display.zone_name == ZONE and bool(window.playback.cameras),
        timeout=15_000,
    )
    yield window
    window.close()
    session.close()


def test_playback_timeline_and_events_read_on_the_servers_clock(
    qtbot: QtBot, recorded: Recorded, window: MainWindow
) -> None:
    playback = window.playback
    window.show_view("Playback")
    at = recorded.start_us + 2 * S
    playback.timeline.set_range(recorded.start_us - 3600 * S, recorded.start_us + 3600 * S)
    playback.open_at([recorded.camera_id], at)
    qtbot.waitUntil(lambda: playback.clock_label.text() != "—", timeout=15_000)
    position = playback.timeline.position_us
    assert position is not None
    assert playback.clock_label.text() == server_text(position)
    # The tiles' OSD (playback and live) writes frame times the same way.
    display = window.session.settings.display
    frame_us = recorded.start_us + 3 * S
    assert playback.grid.tiles[0].display.date_time(frame_us) == server_text(frame_us)
    window.live.grid.assign(window.live.grid.tiles[0], recorded.camera_id, window.session.server)
    assert window.live.grid.tiles[0].display is display

    # The timeline's ticks fall on round times of the server's clock and say so.
    ticks = playback.timeline.ticks()
    assert len(ticks) >= 4
    for tick_us, label in ticks:
        local = dt.datetime.fromtimestamp(tick_us / S, zoneinfo.ZoneInfo(ZONE))
        assert local.second == 0 and local.minute % 5 == 0, label
        if (local.hour, local.minute) != (0, 0):
            assert label == server_text(tick_us, pattern="%I:%M %p")

    # The manual recording's event, in the list beside the timeline and in search.
    qtbot.waitUntil(lambda: bool(playback.markers), timeout=10_000)
    manual = next(m for m in playback.markers if m.kind == "event")
    item = playback.events.item(playback.markers.index(manual))
    assert server_text(manual.time_us, pattern="%I:%M:%S %p") in item.text()
    day = dt.datetime.fromtimestamp(manual.time_us / S, zoneinfo.ZoneInfo(ZONE))
    assert f"{day.day} {day:%b}" in item.text()  # days first
    events = window.search.events
    events.start.set_time_us(recorded.start_us - 60 * S)
    events.end.set_time_us(recorded.manual[1] + 60 * S)
    events.search()
    qtbot.waitUntil(lambda: events.results.topLevelItemCount() > 0, timeout=10_000)
    row = events.results.topLevelItem(0)
    assert row.text(0) == server_text(int(row.data(0, ROLE_TIME)))


def test_time_slices_and_backup_fields_use_the_servers_zone_and_follow_its_changes(
    qtbot: QtBot, recorded: Recorded, window: MainWindow
) -> None:
    slices = window.search.slices
    qtbot.waitUntil(lambda: slices.camera.count() == 2, timeout=10_000)
    slices.camera.setCurrentIndex(slices.camera.findData(recorded.camera_id))
    slices.open_minute_view(recorded.start_us)
    qtbot.waitUntil(lambda: slices.unit == "hour" and len(slices.thumbnails) == 60, timeout=20_000)
    for row, thumb in enumerate(slices.thumbnails):
        start = us_from_timestamp(thumb.time)
        # The server cut the hour in its zone; the labels read the same clock.
        assert dt.datetime.fromtimestamp(start / S, zoneinfo.ZoneInfo(ZONE)).second == 0
        assert slices.grid.item(row).text() == server_text(start, pattern="%I:%M %p")
    first = us_from_timestamp(slices.thumbnails[0].time)
    assert server_text(first, pattern="%d/%m/%Y") in slices.title.text()

    # The backup dialog's fields are typed on the server's clock.
    start, end = recorded.start_us + S, recorded.start_us + 5 * S
    dialog = window.backup.open_dialog([(recorded.camera_id, start, end)])
    assert dialog.start.text() == server_text(start)
    assert dialog.start.time_us() == start // S * S
    dialog.reject()

    # The zone changes on the server: the console follows without a new sign-in.
    _set_date_time(
        recorded, OTHER_ZONE, system_pb2.DATE_FORMAT_YYYY_MM_DD, system_pb2.TIME_FORMAT_24_HOUR
    )
    display = window.session.settings
    qtbot.waitUntil(lambda: window.session.settings.display.zone_name == OTHER_ZONE, timeout=10_000)
    assert display is not window.session.settings
    new: TimeDisplay = window.session.settings.display
    assert new.date_time(first) == server_text(first, OTHER_ZONE, "%Y-%m-%d %H:%M:%S")
    assert window.playback.timeline.display is new and window.search.by_time.display is new
