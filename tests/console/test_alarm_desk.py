"""The operator's alarm desk (issue 15 §4) against a real server: alarms raised
through the SDK (``TriggerManualAlarm``) reach the console by the feed alone.

- a burst of 200 high-priority alarms gives at most 3 toasts (one per rule and
  source, "+N more" for the rest) and starts the one sound channel once;
- acknowledging on console B (another session and window) takes the toast and the
  sound away on console A;
- the list's filters (state, priority, text), close with a resolution through the
  dialog, and a version conflict said in words;
- a tile of a camera with an open alarm shows the alarm badge.

Screenshots of the toasts, the list and the status page go to /tmp/hE-shots/.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from tests.console.helpers import shown_window, signed_in_session
from tests.support.recorded import Recorded
from tests.support.server_process import (
    ADMIN_PASSWORD,
    ServerProcess,
    init_data_dir,
    start_server,
)
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.client.alarms import alarm_filter
from vedette_api.v1 import alarms_pb2
from vedette_console.alarms import words
from vedette_console.alarms.dialogs import CloseDialog, TextDialog
from vedette_console.alarms.toasts import MAX_TOASTS
from vedette_console.connect import ConnectSettings
from vedette_console.main_window import MainWindow
from vedette_console.operations import alarms as alarm_ops
from vedette_console.session import Session

pytestmark = pytest.mark.interop

WAIT_MS = 60_000
SHOTS = Path("/tmp/hE-shots")
NEW = alarms_pb2.ALARM_STATE_NEW
PASSWORD = "Alarm-Desk-2026!"


def _shot(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def _acknowledge_everything(client: Client) -> None:
    """Every New alarm acknowledged: the consoles start quiet."""
    client.acknowledge_alarms(alarm_filter=alarms_pb2.AlarmFilter())


def _window(qtbot: QtBot, session: Session) -> MainWindow:
    window = shown_window(qtbot, session, cameras=[])
    desk = window.alarm_desk
    qtbot.waitUntil(lambda: session.feed.live and desk.book.loaded, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: desk.rights.handle, timeout=WAIT_MS)
    return window


def _sounding(window: MainWindow, on: bool = True) -> bool:
    return window.alarm_desk.sound.channel.looping == on


def _quiet(qtbot: QtBot, window: MainWindow) -> None:
    desk = window.alarm_desk
    qtbot.waitUntil(lambda: not desk.book.new_alarms(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.sound.channel.looping, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.toasts.shown(), timeout=WAIT_MS)


# -- a burst, on a server of its own (the manual rule's storm breaker stays on after) ----


def _own_server(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp(name)
    assert init_data_dir(tmp / "data").returncode == 0
    server = start_server(tmp / "data", tmp / "known.json")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def burst_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from _own_server(tmp_path_factory, "alarm-burst")


def test_a_burst_of_200_alarms_gives_three_toasts_and_one_sound(
    qtbot: QtBot, burst_server: ServerProcess
) -> None:
    session = Session()
    session.adopt(burst_server.client())
    window = _window(qtbot, session)
    desk = window.alarm_desk
    with burst_server.client() as other:
        _acknowledge_everything(other)
        _quiet(qtbot, window)
        starts = desk.sound.channel.starts
        tag = uuid.uuid4().hex[:6]
        for n in range(200):
            other.trigger_alarm(f"burst {tag} {n}", priority=1)
        opened = [
            a
            for a in other.list_alarms(alarms_pb2.AlarmFilter(states=[NEW]))
            if a.title.startswith(f"burst {tag}") or a.storm
        ]
    # What the server opened (the storm breaker folds what is beyond its threshold
    # into one storm alarm) is what the console's book holds, by the feed alone.
    wanted = {a.id for a in opened}
    qtbot.waitUntil(lambda: wanted <= set(desk.book.open), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.toasts.refresh_later.pending, timeout=WAIT_MS)
    groups = {(a.rule_id, a.key) for a in desk.book.new_alarms()}
    shown = desk.toasts.shown()
    assert len(shown) == min(MAX_TOASTS, len(groups))
    assert len({(a.rule_id, a.key) for a in shown}) == len(shown), "one toast per source"
    assert desk.toasts.hidden_count() == len(groups) - len(shown)
    assert desk.toasts.more.isVisible() == (len(groups) > MAX_TOASTS)
    assert desk.sound.channel.looping
    assert desk.sound.channel.starts == starts + 1, "one sound for the whole burst"
    _shot(window, "toasts-after-burst")
    # The status page: every open alarm, and an output switched on by someone.
    with burst_server.client() as other:
        other.add_virtual_device(input_count=1, output_count=1, name=f"box{tag}")
        siren = other.find_point(f"box{tag}/out0")
        other.set_output(siren.id, "on")
    window.show_view("Alarms")
    page = desk.status_page
    desk.view.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.alarms.topLevelItemCount() >= len(wanted), timeout=WAIT_MS)

    def siren_on() -> bool:
        rows = [page.outputs.topLevelItem(i) for i in range(page.outputs.topLevelItemCount())]
        return any(r is not None and r.text(0) == siren.name and r.text(1) == "on" for r in rows)

    qtbot.waitUntil(siren_on, timeout=WAIT_MS)
    _shot(page, "status-page")
    window.close()
    session.close()


# -- what the desk does not redo under a storm (a quiet server of its own) -------------


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from _own_server(tmp_path_factory, "alarm-quiet")


class _Counted(QObject):
    """Counts the events of one type a widget receives."""

    def __init__(self, widget: QWidget, kind: QEvent.Type) -> None:
        super().__init__(widget)
        self.kind = kind
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self.kind:
            self.count += 1
        return False


def test_the_hidden_status_page_is_not_rebuilt_and_shown_it_updates_rows_in_place(
    qtbot: QtBot, quiet_server: ServerProcess
) -> None:
    session = Session()
    session.adopt(quiet_server.client())
    window = _window(qtbot, session)
    desk, page = window.alarm_desk, window.alarm_desk.status_page
    window.show_view("Live")
    assert not page.isVisible()
    signals: dict[str, int] = {}
    model = page.alarms.model()
    for name in ("rowsInserted", "rowsRemoved", "dataChanged", "modelReset", "layoutChanged"):
        signals[name] = 0
        getattr(model, name).connect(
            lambda *_a, name=name: signals.__setitem__(name, signals[name] + 1)
        )
    rows_before = page.alarms.topLevelItemCount()
    tag = uuid.uuid4().hex[:6]
    with quiet_server.client() as other:
        raised = [other.trigger_alarm(f"hidden {tag} {n}", priority=3) for n in range(3)]
        other.acknowledge_alarm(raised[0].id)
    in_progress = alarms_pb2.ALARM_STATE_IN_PROGRESS

    def book_has_them() -> bool:
        known = [desk.book.open.get(a.id) for a in raised]
        return all(known) and known[0] is not None and known[0].state == in_progress

    qtbot.waitUntil(book_has_them, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not desk.toasts.refresh_later.pending, timeout=WAIT_MS)
    # Hidden, the page did nothing: no row added, changed or rebuilt.
    assert not page.refresh_later.pending
    assert page.alarms.topLevelItemCount() == rows_before
    assert signals == dict.fromkeys(signals, 0)
    # Shown, it lists what is open now.
    window.show_view("Alarms")
    desk.view.setCurrentWidget(page)

    def row_of(alarm: alarms_pb2.Alarm) -> QTreeWidgetItem | None:
        items = [page.alarms.topLevelItem(i) for i in range(page.alarms.topLevelItemCount())]
        return next((i for i in items if i is not None and i.text(2) == alarm.title), None)

    qtbot.waitUntil(lambda: all(row_of(a) is not None for a in raised), timeout=WAIT_MS)
    first = row_of(raised[0])
    assert first is not None and first.text(1) == words.state_label(in_progress)
    # A change while shown updates its row in place: nothing rebuilt.
    qtbot.waitUntil(lambda: not page.refresh_later.pending, timeout=WAIT_MS)
    signals.update(dict.fromkeys(signals, 0))
    rows = page.alarms.topLevelItemCount()
    with quiet_server.client() as other:
        other.acknowledge_alarm(raised[1].id)
    second = row_of(raised[1])
    assert second is not None
    qtbot.waitUntil(lambda: second.text(1) == words.state_label(in_progress), timeout=WAIT_MS)
    assert signals["dataChanged"] >= 1
    assert signals["modelReset"] == 0 and signals["layoutChanged"] == 0
    assert page.alarms.topLevelItemCount() == rows
    window.close()
    session.close()


def _toasted(window: MainWindow, alarm_id: int) -> bool:
    return alarm_id in {a.id for a in window.alarm_desk.toasts.shown()}


def test_a_toast_sets_its_style_sheet_once_for_repeats_of_one_priority(
    qtbot: QtBot, quiet_server: ServerProcess
) -> None:
    session = Session()
    session.adopt(quiet_server.client())
    window = _window(qtbot, session)
    desk = window.alarm_desk
    with quiet_server.client() as other:
        _acknowledge_everything(other)
    _quiet(qtbot, window)
    restyled = [_Counted(toast, QEvent.Type.StyleChange) for toast in desk.toasts.toasts]
    before = [counted.count for counted in restyled]
    tag = uuid.uuid4().hex[:6]
    for n in range(6):
        with quiet_server.client() as other:
            alarm = other.trigger_alarm(f"repeat {tag} {n}", priority=1)
        # Each one shown before the next: six refreshes of the toasts.
        qtbot.waitUntil(functools.partial(_toasted, window, alarm.id), timeout=WAIT_MS)
    shown = [t for t in desk.toasts.toasts if not t.isHidden()]
    assert shown
    color = words.priority_color(1).name()
    for toast in shown:
        index = desk.toasts.toasts.index(toast)
        assert restyled[index].count - before[index] <= 1, "style sheet set again"
        assert color in toast.styleSheet()
    assert restyled[0].count - before[0] == 1
    with quiet_server.client() as other:
        _acknowledge_everything(other)
    _quiet(qtbot, window)
    window.close()
    session.close()


# -- two consoles on the recording server ---------------------------------------------


@pytest.fixture
def consoles(qtbot: QtBot, recorded: Recorded) -> Iterator[tuple[MainWindow, MainWindow]]:
    a = _window(qtbot, signed_in_session(qtbot, recorded))
    b = _window(qtbot, signed_in_session(qtbot, recorded))
    with recorded.client() as client:
        _acknowledge_everything(client)
    _quiet(qtbot, a)
    _quiet(qtbot, b)
    yield a, b
    for window in (a, b):
        window.close()
        window.session.close()


def test_acknowledging_on_console_b_clears_the_toast_and_the_sound_on_console_a(
    qtbot: QtBot, recorded: Recorded, consoles: tuple[MainWindow, MainWindow]
) -> None:
    a, b = consoles
    name = f"door forced {uuid.uuid4().hex[:6]}"
    with recorded.client() as client:
        alarm = client.trigger_alarm(name, camera_id=recorded.camera_id, priority=1)

    def toast_of(window: MainWindow) -> bool:
        return any(shown.id == alarm.id for shown in window.alarm_desk.toasts.shown())

    for window in (a, b):
        qtbot.waitUntil(functools.partial(toast_of, window), timeout=WAIT_MS)
        assert window.alarm_desk.sound.channel.looping
    # Show, on console A: the list, with the alarm selected.
    toast_a = next(t for t in a.alarm_desk.toasts.toasts if t.alarm.id == alarm.id)
    toast_a.show_button.click()
    assert a.current_view() == "Alarms"
    assert a.view_buttons["Alarms"].isVisibleTo(a)
    qtbot.waitUntil(
        lambda: [x.id for x in a.alarm_desk.list_view.selected()] == [alarm.id], timeout=WAIT_MS
    )
    toast_b = next(t for t in b.alarm_desk.toasts.toasts if t.alarm.id == alarm.id)
    assert toast_b.ack_button.isVisible()
    toast_b.ack_button.click()
    qtbot.waitUntil(lambda: not toast_of(a), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not a.alarm_desk.sound.channel.looping, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not toast_of(b), timeout=WAIT_MS)
    with recorded.client() as client:
        now = client.get_alarm(alarm.id).alarm
    assert now.state == alarms_pb2.ALARM_STATE_IN_PROGRESS
    assert now.acknowledged_by == "admin"


def test_clear_buzzer_on_one_console_silences_every_console(
    qtbot: QtBot, recorded: Recorded, consoles: tuple[MainWindow, MainWindow]
) -> None:
    a, b = consoles
    with recorded.client() as client:
        client.trigger_alarm(f"glass break {uuid.uuid4().hex[:6]}", priority=1)
    for window in (a, b):
        qtbot.waitUntil(functools.partial(_sounding, window), timeout=WAIT_MS)
    # A snooze quiets this console only.
    a.alarm_desk.status_page.snooze_button.click()
    assert not _sounding(a)
    assert _sounding(b)
    assert b.alarm_desk.status_page.clear_button.isVisibleTo(b.alarm_desk.status_page)
    b.alarm_desk.status_page.clear_button.click()
    for window in (a, b):
        qtbot.waitUntil(functools.partial(_sounding, window, False), timeout=WAIT_MS)
    # Silenced, not acknowledged: the toasts stay until someone takes the alarm.
    assert a.alarm_desk.toasts.shown()


def test_the_list_filters_closes_with_a_resolution_and_says_who_changed_an_alarm(
    qtbot: QtBot, recorded: Recorded, consoles: tuple[MainWindow, MainWindow]
) -> None:
    a, _b = consoles
    desk = a.alarm_desk
    view = desk.list_view
    tag = uuid.uuid4().hex[:6]
    with recorded.client() as client:
        high = client.trigger_alarm(f"{tag} high", priority=1)
        low = client.trigger_alarm(f"{tag} low", camera_id=recorded.camera_id, priority=3)
    a.show_view("Alarms")
    view.text_filter.setText(tag)
    qtbot.waitUntil(lambda: {x.id for x in view.model.alarms} == {high.id, low.id}, timeout=WAIT_MS)
    # A manual alarm from the console's button (the user has io_control).
    assert view.manual_button.isVisibleTo(view)
    view.manual_button.click()
    manual = view.dialog
    assert isinstance(manual, TextDialog)
    manual.field.setText(f"{tag} by hand")
    manual.accept()
    qtbot.waitUntil(
        lambda: any(x.title == f"{tag} by hand" for x in view.model.alarms), timeout=WAIT_MS
    )
    by_hand = next(x for x in view.model.alarms if x.title == f"{tag} by hand")
    view.table.selectRow(view.model.row_of(by_hand.id))
    view.close_button.click()
    assert isinstance(view.dialog, CloseDialog)
    view.dialog.accept()
    qtbot.waitUntil(lambda: view.model.row_of(by_hand.id) < 0, timeout=WAIT_MS)
    # Play: the low alarm's camera from its playback start.
    view.table.clearSelection()
    view.table.selectRow(view.model.row_of(low.id))
    qtbot.waitUntil(view.detail.play_button.isEnabled, timeout=WAIT_MS)
    assert view.detail.response is not None
    start = view.detail.response.playback_start.ToMicroseconds()
    assert start <= low.first_time.ToMicroseconds()
    view.detail.play_button.click()
    assert a.current_view() == "Playback"
    assert a.playback.camera_ids == [recorded.camera_id]
    shown_from, shown_to = a.playback.timeline.visible_range()
    assert shown_from <= start < shown_to
    # The status page plays an alarm's recording too (ALARM-09); it is filled while
    # shown (its tab), as the operator sees it.
    a.show_view("Alarms")
    page = desk.status_page
    desk.view.setCurrentWidget(page)

    def status_item() -> QTreeWidgetItem | None:
        items = [page.alarms.topLevelItem(i) for i in range(page.alarms.topLevelItemCount())]
        return next((i for i in items if i is not None and i.text(2) == low.title), None)

    qtbot.waitUntil(lambda: status_item() is not None, timeout=WAIT_MS)
    item = status_item()
    assert item is not None
    page.alarms.setCurrentItem(item)
    assert page.play_button.isEnabled()
    a.playback.camera_ids = []
    page.play_button.click()
    qtbot.waitUntil(lambda: a.current_view() == "Playback", timeout=WAIT_MS)
    assert a.playback.camera_ids == [recorded.camera_id]
    a.show_view("Alarms")
    desk.view.setCurrentWidget(view)
    # Priority: high only.
    view.priority_filter.setCurrentIndex(view.priority_filter.findData(1))
    qtbot.waitUntil(lambda: [x.id for x in view.model.alarms] == [high.id], timeout=WAIT_MS)
    view.priority_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(view.model.alarms) == 2, timeout=WAIT_MS)
    # The tile of the low alarm's camera shows the alarm badge.
    a.live.grid.assign(a.live.grid.tiles[0], recorded.camera_id, "")
    qtbot.waitUntil(lambda: a.live.grid.tiles[0].alarm, timeout=WAIT_MS)
    # Acknowledge both (multi-select), then the state filter "New" has neither.
    view.table.selectAll()
    assert view.ack_button.isEnabled()
    view.ack_button.click()
    qtbot.waitUntil(
        lambda: (
            all(x.state == alarms_pb2.ALARM_STATE_IN_PROGRESS for x in view.model.alarms)
            and len(view.model.alarms) == 2
        ),
        timeout=WAIT_MS,
    )
    view.state_filter.setCurrentIndex(1)  # New
    qtbot.waitUntil(lambda: not view.model.alarms, timeout=WAIT_MS)
    view.state_filter.setCurrentIndex(0)  # Open
    qtbot.waitUntil(lambda: len(view.model.alarms) == 2, timeout=WAIT_MS)
    _shot(view, "alarm-list")
    # A version conflict: someone comments the low alarm after this console read it.
    stale = next(x for x in view.model.alarms if x.id == low.id)
    with recorded.client() as client:
        client.comment_alarm(low.id, "seen on the other console")
    view.run(alarm_ops.hold(), [stale])
    qtbot.waitUntil(lambda: "meanwhile" in view.message.text(), timeout=WAIT_MS)
    assert "changed by admin meanwhile; reloaded" in view.message.text()
    with recorded.client() as client:
        assert client.get_alarm(low.id).alarm.state == alarms_pb2.ALARM_STATE_IN_PROGRESS
    # Close the high one with a resolution, through the dialog.
    view.state_filter.setCurrentIndex(view.state_filter.count() - 1)  # All
    qtbot.waitUntil(lambda: view.model.row_of(high.id) >= 0, timeout=WAIT_MS)
    view.table.clearSelection()
    view.table.selectRow(view.model.row_of(high.id))
    assert view.close_button.isEnabled()
    view.close_button.click()
    dialog = view.dialog
    assert isinstance(dialog, CloseDialog)
    dialog.resolution.setCurrentIndex(dialog.resolution.findData(alarms_pb2.RESOLUTION_FALSE_ALARM))
    dialog.note.setPlainText("a cat")
    dialog.accept()
    qtbot.waitUntil(
        lambda: (
            view.model.row_of(high.id) >= 0
            and view.model.alarms[view.model.row_of(high.id)].state == alarms_pb2.ALARM_STATE_CLOSED
        ),
        timeout=WAIT_MS,
    )
    with recorded.client() as client:
        closed = client.get_alarm(high.id)
    assert closed.alarm.resolution == alarms_pb2.RESOLUTION_FALSE_ALARM
    assert "a cat" in closed.activities[-1].text
    # The detail pane shows the history of the selected alarm.
    qtbot.waitUntil(lambda: view.detail.history.topLevelItemCount() >= 3, timeout=WAIT_MS)


def test_popups_and_buzzer_of_a_rule_reach_the_console(
    qtbot: QtBot, recorded: Recorded, consoles: tuple[MainWindow, MainWindow]
) -> None:
    a, _b = consoles
    tag = uuid.uuid4().hex[:6]
    definition = {
        "events": {"manual": []},
        "actions": [
            {"kind": "video_popup", "camera_id": recorded.camera_id, "duration_s": 600},
            {"kind": "message_popup", "text": f"Gate open {tag}", "duration_s": 600},
            {"kind": "buzzer", "duration_s": 600},
        ],
        "alarm": {"priority": 3, "escalate_after_s": 1},
    }
    with recorded.client() as client:
        rule = client.put_rule(f"popups {tag}", json.dumps(definition)).rule
        try:
            client.trigger_alarm(f"{tag} popup", camera_id=recorded.camera_id, priority=3)
            popups = a.alarm_desk.popups
            qtbot.waitUntil(
                lambda: (
                    recorded.camera_id in popups.videos and f"Gate open {tag}" in popups.messages
                ),
                timeout=WAIT_MS,
            )
            video = popups.videos[recorded.camera_id]
            qtbot.waitUntil(lambda: video.tile.frames_shown > 0, timeout=WAIT_MS)
            _shot(video, "video-popup")
            popups.close_all()
            qtbot.waitUntil(lambda: not popups.videos and not popups.messages, timeout=WAIT_MS)
            # The rule's buzzer sounds the console although its alarm is low priority,
            # until the server says it is off.
            qtbot.waitUntil(functools.partial(_sounding, a), timeout=WAIT_MS)
            assert a.alarm_desk.sound.server_on
            client.silence_buzzer()
            qtbot.waitUntil(functools.partial(_sounding, a, False), timeout=WAIT_MS)
            # The rule's own alarm, still New a second later, is escalated: its toast
            # says so.
            toasts = a.alarm_desk.toasts

            def escalated() -> bool:
                return any(
                    t.alarm.rule_id == rule.id and "escalated" in t.details.text()
                    for t in toasts.toasts
                    if not t.isHidden()
                )

            qtbot.waitUntil(escalated, timeout=WAIT_MS)
        finally:
            client.delete_rule(rule.id)


def test_buttons_a_user_has_no_right_to_are_hidden(qtbot: QtBot, recorded: Recorded) -> None:
    tag = uuid.uuid4().hex[:6]
    with recorded.client() as admin:
        rights = make_rights(("alarm_view",), {"live": "all"})
        group = admin.create_group(f"watchers {tag}", remote_rights=rights, local_rights=rights)
        admin.create_user(f"watcher{tag}", PASSWORD, group_id=group.id)
    session = Session()
    session.adopt(
        Client.connect(
            recorded.server.address,
            username=f"watcher{tag}",
            password=PASSWORD,
            known_servers_path=recorded.server.known_servers,
        )
    )
    window = shown_window(qtbot, session, cameras=[])
    desk = window.alarm_desk
    qtbot.waitUntil(lambda: session.feed.live and desk.book.loaded, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: desk.rights.view, timeout=WAIT_MS)
    assert not desk.rights.handle and not desk.rights.io_control
    view = desk.list_view
    assert not any(button.isVisibleTo(view) for button in view.handle_buttons)
    assert not view.manual_button.isVisibleTo(view)
    assert not desk.status_page.clear_button.isVisibleTo(desk.status_page)
    with recorded.client() as admin:
        alarm = admin.trigger_alarm(f"{tag} seen", priority=1)
    # The watcher sees the alarm's toast, without an Acknowledge button.
    qtbot.waitUntil(lambda: any(t.id == alarm.id for t in desk.toasts.shown()), timeout=WAIT_MS)
    toast = next(t for t in desk.toasts.toasts if t.alarm.id == alarm.id)
    assert not toast.ack_button.isVisibleTo(toast)
    assert toast.show_button.isVisibleTo(toast)
    window.close()
    session.close()


def test_priority_2_sounds_once_and_priority_3_is_silent(
    qtbot: QtBot, recorded: Recorded, consoles: tuple[MainWindow, MainWindow]
) -> None:
    a, _b = consoles
    desk = a.alarm_desk
    starts = desk.sound.channel.starts
    tag = uuid.uuid4().hex[:6]
    with recorded.client() as client:
        low = client.trigger_alarm(f"{tag} low", priority=3)
    qtbot.waitUntil(lambda: low.id in desk.book.open, timeout=WAIT_MS)
    assert desk.sound.channel.starts == starts
    with recorded.client() as client:
        medium = client.trigger_alarm(f"{tag} medium", priority=2)
    qtbot.waitUntil(lambda: medium.id in desk.book.open, timeout=WAIT_MS)
    assert desk.sound.channel.starts == starts + 1
    assert not desk.sound.channel.looping


def test_after_a_server_restart_the_console_shows_what_is_open_then(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data, known = tmp_path / "data", tmp_path / "known.json"
    assert init_data_dir(data).returncode == 0
    server = start_server(data, known)
    try:
        session = Session()
        connected: list[Client] = []
        session.connected.connect(connected.append)
        session.connect_to(ConnectSettings(server.address, "admin", ADMIN_PASSWORD, known))
        qtbot.waitUntil(lambda: bool(connected), timeout=WAIT_MS)
        window = _window(qtbot, session)
        desk = window.alarm_desk
        with server.client() as admin:
            _acknowledge_everything(admin)
            before = admin.trigger_alarm("before the restart", priority=1)
        qtbot.waitUntil(lambda: before.id in {a.id for a in desk.toasts.shown()}, timeout=WAIT_MS)
        server.stop()
        server = start_server(data, known, "--listen", server.address)  # same port
        with server.client() as admin:
            # Changed while this console was away or coming back: it must not matter.
            admin.acknowledge_alarm(before.id)
            after = admin.trigger_alarm("after the restart", priority=1)
            open_now = {a.id for a in admin.list_alarms(alarm_filter(states=["new"]))}
        back = lambda: session.lifetime.sign_ins == 1 and session.feed.live  # noqa: E731
        qtbot.waitUntil(back, timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: (
                {a.id for a in desk.book.new_alarms()} == open_now
                and not desk.toasts.refresh_later.pending
            ),
            timeout=WAIT_MS,
        )
        shown = {a.id for a in desk.toasts.shown()}
        assert after.id in shown and before.id not in shown
        assert desk.sound.channel.looping
        window.close()
        session.close()
    finally:
        server.stop()
