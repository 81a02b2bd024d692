"""The console's recording settings against a real server (REC-02..05, REC-07; issue 14
§3): a schedule drawn in the schedules dialog's grid with the mouse and saved reads
back from ``GetSchedule`` exactly as drawn, also after an edit to the minute; the
edit dialog's Recording tab saves a mode preset with pre/post and streams, a custom
schedule and a copy to another camera, each read back from the server; the
server's refusals (more than eight ranges in a day, a schedule still in use) are
shown in its words and change nothing.

One camsim with three cameras and one server serve the module; the cameras record
as they like (the policy's effect on recording is the server's tests' business).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.helpers import review_shot
from tests.support.camsim_process import CamsimProcess, start_camsim
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.v1 import recording_pb2
from vedette_console.operations.schedules import week_from_proto, week_to_days
from vedette_console.session import Session
from vedette_console.views.camera_edit_dialog import CameraEditDialog
from vedette_console.views.camera_recording_tab import RecordingTab
from vedette_console.views.schedules_dialog import SchedulesDialog
from vedette_console.widgets.week_dialogs import ok_button
from vedette_console.widgets.week_grid import WeekGrid
from vedette_console.widgets.week_minutes import WeekMinutes

pytestmark = pytest.mark.slow

WAIT_MS = 60_000
SHOTS = "/tmp/shots"


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_camsim(*SMALL, cameras=3)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("recording-tab")) as process:
        yield process


@pytest.fixture(scope="module")
def cameras(server: ServerProcess, camsim: CamsimProcess) -> dict[str, int]:
    with server.client() as client:
        made = {
            name: client.create_camera(
                name, camsim.url(f"cam{n}", "main"), sub_url=camsim.url(f"cam{n}", "sub")
            ).id
            for n, name in enumerate(("Gate", "Lobby", "Yard"), start=1)
        }
    return made


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


#: The windows a test opened, kept until its teardown: qtbot holds only weak
#: references, and a dialog collected as the test returns, with its question box's
#: events still queued, crashes the events pytest-qt processes after the test.
_OPEN: list[QWidget] = []


@pytest.fixture(autouse=True)
def _windows_outlive_the_test() -> Iterator[None]:
    yield
    _OPEN.clear()


@pytest.fixture
def session(server: ServerProcess) -> Session:
    session = Session()
    session.adopt(server.client())
    return session


def grab(widget: QWidget, name: str) -> None:
    """A screenshot for review when ``VEDETTE_SHOTS`` is set."""
    review_shot(widget, name, SHOTS)


def drag(qtbot: QtBot, grid: WeekGrid, day: int, first: int, last: int) -> None:
    """Press on half hour ``first`` of ``day``, drag to ``last``, release."""
    qtbot.mousePress(
        grid, Qt.MouseButton.LeftButton, pos=grid.cell_rect(day, first).center().toPoint()
    )
    qtbot.mouseMove(grid, grid.cell_rect(day, last).center().toPoint())
    qtbot.mouseRelease(
        grid, Qt.MouseButton.LeftButton, pos=grid.cell_rect(day, last).center().toPoint()
    )


def open_dialog(qtbot: QtBot, session: Session, select_id: int = 0) -> SchedulesDialog:
    dialog = SchedulesDialog(session, {}, select_id=select_id)
    qtbot.addWidget(dialog)
    _OPEN.append(dialog)
    dialog.show()
    dialog.load()
    qtbot.waitUntil(lambda: dialog.list.count() >= 3, timeout=WAIT_MS)
    return dialog


def stored(client: Client, schedule_id: int) -> WeekMinutes:
    return week_from_proto(client.get_schedule(schedule_id).week)


def save(qtbot: QtBot, dialog: SchedulesDialog, expect: str) -> None:
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() not in ("", "Saving…"), timeout=WAIT_MS)
    assert expect in dialog.status.text()


def test_a_schedule_drawn_in_the_grid_reads_back_as_drawn(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    dialog = open_dialog(qtbot, session)
    assert [dialog.list.item(i).text() for i in range(3)] == [
        "24x7 (built in, read-only)",
        "24x5 (preset)",
        "24x2 (preset)",
    ]
    dialog.new_button.click()
    dialog.name.setText("Office hours")
    grid = dialog.editor.grid
    for day in range(5):
        drag(qtbot, grid, day, 16, 35)  # 08:00–18:00, Monday to Friday
    drag(qtbot, grid, 5, 18, 23)  # Saturday 09:00–12:00
    drawn = grid.active_week()
    assert drawn is not None
    assert drawn.ranges() == [[(480, 1080)]] * 5 + [[(540, 720)], []]
    save(qtbot, dialog, "Saved")
    schedule = client.get_schedule(0, name="Office hours")
    assert week_from_proto(schedule.week) == drawn
    assert dialog.current.id == schedule.id  # the saved one is shown, selected
    assert not dialog.save_button.isEnabled()

    # Edited: Friday's afternoon erased, Sunday 10:15–11:40 entered to the minute.
    drag(qtbot, grid, 4, 26, 35)
    dialog.editor.open_hours(6).set_range(615, 700)
    assert dialog.editor.dialog is not None
    ok_button(dialog.editor.dialog).click()
    save(qtbot, dialog, "Saved")
    again = stored(client, schedule.id)
    assert again.ranges()[4] == [(480, 780)]
    assert again.ranges()[6] == [(615, 700)]
    assert again == dialog.edited_week()
    grab(dialog, "schedules_dialog.png")

    # Renamed in the name field: the same schedule, its hours kept.
    dialog.name.setText("Office")
    save(qtbot, dialog, "Saved")
    renamed = client.get_schedule(schedule.id)
    assert renamed.name == "Office" and week_from_proto(renamed.week) == again
    assert dialog.list.currentItem().text() == "Office"


def test_more_than_eight_ranges_in_a_day_is_refused_in_words_and_nothing_changes(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    created = client.put_schedule(
        "Night", week_to_days(WeekMinutes.from_ranges([[(0, 360)]] * 7))
    ).schedule
    dialog = open_dialog(qtbot, session, select_id=created.id)
    assert dialog.current.id == created.id and dialog.name.text() == "Night"
    grid = dialog.editor.grid
    for cell in range(14, 32, 2):  # nine separate half hours on Monday
        drag(qtbot, grid, 0, cell, cell)
    assert len(dialog.edited_week().day_ranges(0)) == 10
    save(qtbot, dialog, "at most 8")
    assert "mon" in dialog.status.text()
    assert stored(client, created.id) == WeekMinutes.from_ranges([[(0, 360)]] * 7)
    assert dialog.save_button.isEnabled()  # the drawing is kept, to be corrected


def asked(dialog: SchedulesDialog) -> QMessageBox | None:
    """The question open over ``dialog`` (a call, so type checkers do not narrow it)."""
    return dialog.confirm


def test_changes_not_saved_are_asked_about_before_they_are_lost(
    qtbot: QtBot, session: Session, client: Client
) -> None:
    dialog = open_dialog(qtbot, session)
    ids = {s.name: s.id for s in dialog.schedules}
    dialog.select(ids["24x5"])
    assert dialog.current.name == "24x5" and not dialog.changed()
    drag(qtbot, dialog.editor.grid, 5, 0, 3)  # Saturday 00:00–02:00
    assert dialog.changed()
    dialog.select(ids["24x2"])
    assert dialog.confirm is not None  # asked; the list stays on 24x5 meanwhile
    assert dialog.current.name == "24x5" and dialog.list.currentItem().text() == "24x5 (preset)"
    dialog.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert asked(dialog) is None and dialog.current.name == "24x5" and dialog.changed()
    dialog.select(ids["24x2"])
    assert dialog.confirm is not None
    dialog.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert dialog.current.name == "24x2" and not dialog.changed()
    assert stored(client, ids["24x5"]).ranges() == [[(0, 1440)]] * 5 + [[], []]  # not sent

    drag(qtbot, dialog.editor.grid, 0, 0, 0)
    dialog.reject()  # Close with changes: asked too
    assert dialog.isVisible() and dialog.confirm is not None
    dialog.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert not dialog.isVisible()


def test_the_built_in_24x7_is_read_only(qtbot: QtBot, session: Session) -> None:
    dialog = open_dialog(qtbot, session)
    dialog.list.setCurrentRow(0)
    assert dialog.current.read_only and dialog.name.isReadOnly()
    assert not dialog.delete_button.isEnabled() and not dialog.save_button.isEnabled()
    assert not any(b.isVisible() for b in dialog.editor.tool_buttons())
    grid = dialog.editor.grid
    drag(qtbot, grid, 0, 0, 10)
    assert grid.active_week() == WeekMinutes.from_ranges([[(0, 1440)]] * 7)


def open_tab(qtbot: QtBot, session: Session, client: Client, camera_id: int) -> RecordingTab:
    """The edit dialog on its Recording tab, read."""
    dialog = CameraEditDialog(session, client.get_camera(camera_id))
    qtbot.addWidget(dialog)
    _OPEN.append(dialog)
    dialog.resize(760, 720)
    dialog.show()
    tab = dialog.recording
    dialog.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.policy is not None, timeout=WAIT_MS)
    return tab


def saved(qtbot: QtBot, tab: RecordingTab, expect: str = "Saved") -> None:
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.status.text() not in ("", "Saving…"), timeout=WAIT_MS)
    assert expect in tab.status.text()


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_a_mode_preset_with_pre_post_and_streams_is_saved_and_read_back(
    qtbot: QtBot, session: Session, client: Client, cameras: dict[str, int]
) -> None:
    tab = open_tab(qtbot, session, client, cameras["Gate"])
    assert tab.mode.currentData() == "always"  # no policy yet: records always
    assert "No recording policy set yet" in tab.status.text()
    always = tab.always_id()
    choose(tab.mode, "always+motion")
    ids = {kind: box.currentData() for kind, box in tab.schedule_boxes.items()}
    assert ids == {"normal": always, "motion": always, "sensor": 0, "analytics": 0}
    assert tab.week.layer("motion").week == WeekMinutes.from_ranges([[(0, 1440)]] * 7)
    tab.pre.setValue(12)
    tab.post.setValue(25)
    choose(tab.event_streams, recording_pb2.RECORD_STREAMS_MAIN)
    saved(qtbot, tab)
    (policy,) = client.get_recording_policies([cameras["Gate"]])
    assert policy.mode == "always+motion" and not policy.is_default
    assert (policy.pre_s, policy.post_s) == (12, 25)
    assert policy.event_streams == recording_pb2.RECORD_STREAMS_MAIN
    assert policy.normal_streams == recording_pb2.RECORD_STREAMS_BOTH
    assert (policy.normal_schedule_id, policy.motion_schedule_id) == (always, always)
    assert (policy.sensor_schedule_id, policy.analytics_schedule_id) == (0, 0)
    assert not tab.save_button.isEnabled()  # what is shown is what is stored

    # Read again by a new dialog: the same.
    again = open_tab(qtbot, session, client, cameras["Gate"])
    assert again.mode.currentData() == "always+motion"
    assert (again.pre.value(), again.post.value()) == (12, 25)
    assert again.event_streams.currentData() == recording_pb2.RECORD_STREAMS_MAIN


def test_a_custom_schedule_and_a_copy_to_another_camera(
    qtbot: QtBot, session: Session, client: Client, cameras: dict[str, int]
) -> None:
    nights = client.put_schedule(
        "Nights", week_to_days(WeekMinutes.from_ranges([[(0, 420), (1260, 1440)]] * 7))
    ).schedule
    tab = open_tab(qtbot, session, client, cameras["Lobby"])
    assert "Nights" in [
        tab.schedule_boxes["sensor"].itemText(i)
        for i in range(tab.schedule_boxes["sensor"].count())
    ]
    choose(tab.mode, "motion")
    choose(tab.schedule_boxes["sensor"], nights.id)
    assert tab.mode.currentData() == "custom"  # no preset has a sensor schedule of its own
    assert tab.week.layer("sensor").week.day_ranges(2) == [(0, 420), (1260, 1440)]
    tab.post.setValue(5)
    tab.set_copy_targets([cameras["Yard"]])
    assert tab.copy_targets() == [cameras["Yard"]]
    saved(qtbot, tab, "copied to 1 camera")
    policies = {p.camera_id: p for p in client.get_recording_policies(list(cameras.values()))}
    for camera in ("Lobby", "Yard"):
        policy = policies[cameras[camera]]
        assert policy.mode == "custom"
        assert policy.sensor_schedule_id == nights.id
        assert policy.motion_schedule_id == tab.always_id()
        assert policy.normal_schedule_id == 0 and policy.post_s == 5
    assert tab.copy_targets() == []  # a copy is done once, not kept ticked
    grab(tab.window(), "recording_tab.png")

    # Nights is used now: deleting it is refused in the server's words.
    dialog = tab.open_schedules()
    qtbot.waitUntil(lambda: dialog.list.count() >= 4, timeout=WAIT_MS)
    dialog.select(nights.id)
    assert "Lobby" in dialog.about.text() and "Yard" in dialog.about.text()
    dialog.ask_delete()
    assert dialog.confirm is not None
    dialog.confirm.button(dialog.confirm.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: dialog.status.text() not in ("", "Deleting…"), timeout=WAIT_MS)
    assert "is used by" in dialog.status.text() and str(cameras["Lobby"]) in dialog.status.text()
    assert client.get_schedule(nights.id).name == "Nights"
    dialog.reject()


def test_a_policy_the_server_refuses_is_said_and_not_stored(
    qtbot: QtBot, session: Session, client: Client, cameras: dict[str, int]
) -> None:
    doomed = client.put_schedule(
        "Doomed", week_to_days(WeekMinutes.from_ranges([[(60, 120)]] * 7))
    ).schedule
    tab = open_tab(qtbot, session, client, cameras["Yard"])
    before = client.get_recording_policies([cameras["Yard"]])[0]
    choose(tab.schedule_boxes["analytics"], doomed.id)
    client.delete_schedule(doomed.id)  # gone before the operator saves
    saved(qtbot, tab, "")
    assert tab.status.styleSheet() == "color: #eb645a;"
    assert str(doomed.id) in tab.status.text() or "Doomed" in tab.status.text()
    assert client.get_recording_policies([cameras["Yard"]])[0] == before
