"""The console's camera dialogs against a real server and camsim over ONVIF (CAM-01,
02, 04, 08, 09): search by unicast WS-Discovery, Test, Add selected, the cameras in
the server and the tree, already-added flagged on the next search; a refused
password in plain words; an RTSP camera added by URL; the edit dialog renaming a
camera, its brightness slider bounded by the camera's options and applied to the
camera, a text overlay added and deleted.

One camsim (cam1..cam5; admin and ``PASSWORD``; ONVIF and discovery on ephemeral
ports) and one server serve the module: cam1 and cam2 are added through the add
dialog, cam3 through the SDK for the edit dialog, cam4
with Add all, cam5 through the SDK for the streams' apply to all. Every wait is bounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.helpers import review_shot, shown_window
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.client.accounts import make_rights
from vedette_api.v1 import cameras_pb2, media_pb2
from vedette_console.main_window import MainWindow
from vedette_console.operations import camera_setup as ops
from vedette_console.session import Session
from vedette_console.views.camera_add_dialog import CameraAddDialog
from vedette_console.views.camera_edit_dialog import CameraEditDialog
from vedette_console.widgets.camera_tree import CAMERA_ID_ROLE

pytestmark = pytest.mark.slow

USER, PASSWORD = "admin", "Cam-Pass-8831"
WRONG = "Wrong-Pass-4417"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *SMALL,
        cameras=5,
        user=USER,
        password=PASSWORD,
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(
        tmp_path_factory.mktemp("camera-dialogs"), "--segment-seconds", "3"
    ) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


@pytest.fixture
def window(qtbot: QtBot, server: ServerProcess) -> MainWindow:
    session = Session()
    session.adopt(server.client())
    shown = shown_window(qtbot, session)
    qtbot.waitUntil(lambda: session.server in shown.tree.managed_servers, timeout=WAIT_MS)
    assert shown.add_cameras_action.isVisible()
    return shown


def device(camsim: CamsimProcess, name: str) -> tuple[str, int]:
    url = onvif_cameras(camsim)[name].device_url
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    return host, int(port)


def discovery_target(camsim: CamsimProcess, name: str) -> str:
    camera = onvif_cameras(camsim)[name]
    return f"{camera.discovery_address}:{camera.discovery_port}"


def grab(widget: QWidget, path: str) -> None:
    """A screenshot for review when ``VEDETTE_SHOTS`` is set."""
    review_shot(widget, Path(path).name, str(Path(path).parent))


def open_add_dialog(window: MainWindow) -> CameraAddDialog:
    window.add_cameras_action.trigger()
    dialog = window.camera_dialog
    assert isinstance(dialog, CameraAddDialog) and dialog.isVisible()
    return dialog


def search(qtbot: QtBot, dialog: CameraAddDialog, targets: str) -> None:
    tab = dialog.onvif
    tab.targets.setText(targets)
    tab.search_button.click()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=WAIT_MS)


def test_search_test_and_add_selected_then_flagged_as_added(
    qtbot: QtBot, window: MainWindow, camsim: CamsimProcess, client: Client
) -> None:
    dialog = open_add_dialog(window)
    tab = dialog.onvif
    targets = f"{discovery_target(camsim, 'cam1')}, {discovery_target(camsim, 'cam2')}"
    search(qtbot, dialog, targets)
    keys = {device(camsim, "cam1"), device(camsim, "cam2")}
    assert set(tab.rows) == keys
    assert {c.key for c in tab.ticked()} == keys  # found cameras come ticked
    assert all(c.hardware == "camsim" for c in tab.rows.values())

    tab.password.setText(PASSWORD)
    tab.test_button.click()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=WAIT_MS)
    for key in keys:
        result = tab.result_text(key)
        assert result.startswith("Vedette camsim") and "640×360" in result, result
    grab(dialog, "/tmp/add_dialog.png")

    tab.add_button.click()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=WAIT_MS)
    for key in keys:
        assert tab.result_text(key).startswith("Added as"), tab.result_text(key)
        assert tab.rows[key].already_added
    on_server = {(c.onvif.address, c.onvif.port): c for c in client.list_cameras()}
    assert keys <= set(on_server)
    assert PASSWORD not in tab.status.text()
    server = window.session.server
    added_ids = {on_server[key].id for key in keys}
    qtbot.waitUntil(
        lambda: added_ids <= {c.id for c in window.tree.server_cameras.get(server, [])},
        timeout=WAIT_MS,
    )
    dialog.close()

    again = open_add_dialog(window)
    search(qtbot, again, targets)
    assert set(again.onvif.rows) == keys
    assert all(c.already_added for c in again.onvif.rows.values())
    assert again.onvif.ticked() == []
    assert not again.onvif.add_all_button.isEnabled()
    for key in keys:
        assert again.onvif.result_text(key).startswith("Already added (camera #")
    again.close()


def test_a_wrong_password_is_not_authorised_in_plain_words(
    qtbot: QtBot, window: MainWindow, camsim: CamsimProcess
) -> None:
    dialog = open_add_dialog(window)
    tab = dialog.onvif
    host, port = device(camsim, "cam3")
    tab.targets.setText(f"{host}:{port}")
    tab.manual_button.click()  # typed by hand, not discovered
    assert list(tab.rows) == [(host, port)]
    tab.password.setText(WRONG)
    tab.test_button.click()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=WAIT_MS)
    result = tab.result_text((host, port))
    assert result.startswith("Not authorised"), result
    assert WRONG not in result
    assert "0 succeeded, 1 failed" in tab.status.text()
    tab.add_button.click()  # adding anyway fails the same way, saying so
    qtbot.waitUntil(lambda: not tab.busy(), timeout=WAIT_MS)
    result = tab.result_text((host, port))
    assert "refused the credentials" in result and WRONG not in result, result
    assert not tab.rows[(host, port)].already_added


def test_bad_search_input_is_said_not_sent(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_add_dialog(window)
    tab = dialog.onvif
    for text, words in (
        ("", "Enter an address"),
        ("camera.example", "give IPv4 addresses"),
        ("127.0.1.20-127.0.1.11", "ends before it starts"),
        ("127.0.1.11:99999", "port must be"),
    ):
        tab.targets.setText(text)
        tab.search_button.click()
        assert words in tab.status.text()
        assert not tab.busy() and not tab.rows


def test_search_input_and_results_in_words() -> None:
    assert ops.parse_targets("192.0.2.10-42:3702, 192.0.2.99") == [
        "192.0.2.10-192.0.2.42:3702",
        "192.0.2.99",
    ]
    with pytest.raises(ValueError, match="At most 4096"):
        ops.parse_targets("10.0.0.0-10.0.32.0")
    assert ops.parse_host_port("cam.example.net") == ("cam.example.net", 80)
    assert ops.parse_host_port("192.0.2.7:8080") == ("192.0.2.7", 8080)
    assert ops.unique_name("Gate", {"gate"}, "192.0.2.7") == "Gate 192.0.2.7"
    assert ops.unique_name("", set(), "192.0.2.7") == "192.0.2.7"
    skew = ops.onvif_error_text(cameras_pb2.ONVIF_ERROR_CLOCK_SKEW)
    assert "clock" in skew and "NTP" in skew
    result = cameras_pb2.TestCameraResponse(manufacturer="Acme", model="Dome 2")
    result.profiles.add(width=1920, height=1080, codec=media_pb2.CODEC_H265)
    result.capabilities.ptz = True
    result.clock_offset.FromSeconds(6 * 3600)
    assert ops.profile_summary(result) == "Acme Dome 2 · 1920×1080 H.265 · PTZ · clock 6.0 h ahead"


def test_an_rtsp_camera_is_added_by_its_urls(
    qtbot: QtBot, window: MainWindow, camsim: CamsimProcess, client: Client
) -> None:
    dialog = open_add_dialog(window)
    rtsp = dialog.rtsp
    rtsp.name.setText("Yard by URL")
    rtsp.main_url.setText("http://not-rtsp/stream")
    rtsp.add_button.click()
    assert "must start with rtsp://" in rtsp.status.text()
    rtsp.main_url.setText(camsim.url("cam1", "main", auth=False))
    rtsp.sub_url.setText(camsim.url("cam1", "sub", auth=False))
    rtsp.user.setText(USER)
    rtsp.password.setText(PASSWORD)
    rtsp.add_button.click()
    qtbot.waitUntil(lambda: rtsp.status.text().startswith("Added"), timeout=WAIT_MS)
    camera = client.find_camera("Yard by URL")
    assert camera.main_url == camsim.url("cam1", "main", auth=False) and camera.has_credentials


@pytest.fixture(scope="module")
def edited(camsim: CamsimProcess, server: ServerProcess) -> int:
    host, port = device(camsim, "cam3")
    with server.client() as client:
        camera = client.add_onvif_camera(
            "Edit me", host, port, camera_user=USER, camera_password=PASSWORD, enabled=False
        )
    return camera.id


def open_edit_dialog(qtbot: QtBot, window: MainWindow, camera_id: int) -> CameraEditDialog:
    """Through the tree's right-click menu, as an administrator would."""
    tree = window.tree
    server = window.session.server
    qtbot.waitUntil(
        lambda: camera_id in {c.id for c in tree.server_cameras.get(server, [])}, timeout=WAIT_MS
    )
    root = tree.model().index(0, 0)
    index = next(
        tree.model().index(row, 0, root)
        for row in range(tree.model().rowCount(root))
        if tree.model().index(row, 0, root).data(CAMERA_ID_ROLE) == camera_id
    )
    tree.setCurrentIndex(index)
    tree.scrollTo(index)
    tree._menu(QPoint(tree.visualRect(index).center()))
    assert tree.context_menu is not None
    actions = {a.text(): a for a in tree.context_menu.actions()}
    assert "Add cameras…" in actions
    actions["Edit camera…"].trigger()
    tree.context_menu.close()
    dialog = window.camera_dialog
    assert isinstance(dialog, CameraEditDialog)
    return dialog


def test_edit_renames_and_picture_sliders_are_bounded_and_applied(
    qtbot: QtBot, window: MainWindow, client: Client, edited: int
) -> None:
    dialog = open_edit_dialog(qtbot, window, edited)
    general = dialog.general
    assert general.user.text() == "" and general.password.text() == ""  # never shown
    assert not general.save_button.isEnabled()
    general.name.setText("Edited gate")
    enabled = general.enabled.isChecked()
    general.enabled.setChecked(not enabled)
    general.save_button.click()
    qtbot.waitUntil(lambda: general.status.text() == "Saved", timeout=WAIT_MS)
    camera = client.get_camera(edited)
    assert camera.name == "Edited gate" and camera.has_credentials  # kept
    assert camera.enabled is not enabled
    grab(dialog, "/tmp/edit_dialog_general.png")

    picture = dialog.picture
    assert picture is not None
    qtbot.waitUntil(lambda: "brightness" in picture.numbers, timeout=WAIT_MS)
    answer = client.get_imaging(edited)
    shown = {name for name in picture.numbers if answer.options.HasField(name)}
    assert shown == set(picture.numbers)  # only controls the camera bounds
    brightness = picture.numbers["brightness"]
    low, high = answer.options.brightness.min, answer.options.brightness.max
    assert (brightness.spin.minimum(), brightness.spin.maximum()) == (low, high)
    assert brightness.value() == answer.settings.brightness
    brightness.set_value(high + 50)
    assert brightness.value() == high  # cannot leave the camera's range
    target = low + round((high - low) * 0.73)
    brightness.slider.setValue(brightness.slider.maximum())
    brightness.spin.setValue(target)
    assert brightness.slider.value() == round(
        (target - low) / (high - low) * brightness.slider.maximum()
    )
    assert picture.changes() == {"brightness": target}  # only what changed
    assert picture.apply_button.isEnabled()
    picture.apply_button.click()
    qtbot.waitUntil(lambda: picture.status.text() == "Applied", timeout=WAIT_MS)
    assert client.get_imaging(edited).settings.brightness == target
    assert client.get_imaging(edited).settings.contrast == answer.settings.contrast
    assert not picture.apply_button.isEnabled()

    balance = picture.modes["white_balance"]
    gain = picture.numbers["white_balance_cr_gain"]
    assert balance.currentData() == "AUTO" and not gain.isEnabled()  # acts in MANUAL only
    balance.setCurrentIndex(balance.findData("MANUAL"))
    assert gain.isEnabled() and picture.changes() == {"white_balance": "MANUAL"}
    picture.apply_button.click()
    qtbot.waitUntil(lambda: picture.status.text() == "Applied", timeout=WAIT_MS)
    assert client.get_imaging(edited).settings.white_balance == "MANUAL"
    assert picture.numbers["white_balance_cr_gain"].isEnabled()
    dialog.tabs.setCurrentWidget(picture)
    grab(dialog, "/tmp/edit_dialog.png")


def test_delete_camera_asks_then_removes_it_from_server_and_tree(
    qtbot: QtBot, window: MainWindow, camsim: CamsimProcess, client: Client
) -> None:
    camera = client.create_camera("Delete me", camsim.url("cam2", "main", auth=False))
    dialog = open_edit_dialog(qtbot, window, camera.id)
    assert dialog.picture is None and dialog.overlays is None  # RTSP: no ONVIF imaging
    general = dialog.general
    general.delete_button.click()
    assert general.confirm is not None
    general.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert client.get_camera(camera.id).name == "Delete me"
    general.delete_button.click()
    assert general.confirm is not None
    with qtbot.waitSignal(dialog.camera_deleted, timeout=WAIT_MS):  # then it closes
        general.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert camera.id not in {c.id for c in client.list_cameras()}
    server = window.session.server
    qtbot.waitUntil(
        lambda: camera.id not in {c.id for c in window.tree.server_cameras.get(server, [])},
        timeout=WAIT_MS,
    )


def test_edit_overlays_add_and_delete(
    qtbot: QtBot, window: MainWindow, client: Client, edited: int
) -> None:
    dialog = open_edit_dialog(qtbot, window, edited)
    overlays = dialog.overlays
    assert overlays is not None
    qtbot.waitUntil(lambda: overlays.add_text_button.isEnabled(), timeout=WAIT_MS)
    before = {o.token for o in client.get_osd(edited).overlays}
    assert {o.token for o in overlays.overlays} == before

    overlays.add_text_button.click()
    editor = overlays.editor
    assert editor is not None
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # a text overlay needs its text
    editor.text.setText("Gate 3")
    grab(editor, "/tmp/overlay_editor.png")
    save.click()
    qtbot.waitUntil(lambda: overlays.status.text() == "Saved", timeout=WAIT_MS)
    on_camera = {o.token: o for o in client.get_osd(edited).overlays}
    new = [token for token in on_camera if token not in before]
    assert len(new) == 1 and on_camera[new[0]].plain_text == "Gate 3"
    row = next(i for i, o in enumerate(overlays.overlays) if o.token == new[0])
    assert overlays.table.item(row, 1).text() == "Gate 3"  # type: ignore[union-attr]
    dialog.tabs.setCurrentWidget(overlays)
    grab(dialog, "/tmp/edit_dialog_overlays.png")

    overlays.table.selectRow(row)
    overlays.edit_button.click()
    editor = overlays.editor
    assert editor is not None and editor.text.text() == "Gate 3"
    editor.text.setText("Gate 4")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(
        lambda: not overlays._busy and "Gate 4" in {o.plain_text for o in overlays.overlays},
        timeout=WAIT_MS,
    )
    on_camera = {o.token: o for o in client.get_osd(edited).overlays}
    assert on_camera[new[0]].plain_text == "Gate 4"  # the same overlay, changed
    row = next(i for i, o in enumerate(overlays.overlays) if o.token == new[0])

    overlays.table.selectRow(row)
    assert overlays.delete_button.isEnabled()
    overlays.delete_button.click()
    assert overlays.confirm is not None
    overlays.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert new[0] in {o.token for o in client.get_osd(edited).overlays}  # kept
    overlays.delete_button.click()
    assert overlays.confirm is not None
    overlays.confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(
        lambda: new[0] not in {o.token for o in overlays.overlays} and not overlays._busy,
        timeout=WAIT_MS,
    )
    assert {o.token for o in client.get_osd(edited).overlays} == before


def test_add_all_adds_every_camera_listed_not_added_yet(
    qtbot: QtBot, window: MainWindow, camsim: CamsimProcess, client: Client
) -> None:
    dialog = open_add_dialog(window)
    tab = dialog.onvif
    search(qtbot, dialog, discovery_target(camsim, "cam4"))
    key = device(camsim, "cam4")
    assert list(tab.rows) == [key]
    item = tab.table.item(0, 0)
    assert item is not None
    item.setText("Loading bay")  # the name column is the camera's name
    item.setCheckState(Qt.CheckState.Unchecked)  # Add all ticks it again
    assert not tab.add_button.isEnabled() and tab.add_all_button.isEnabled()
    tab.password.setText(PASSWORD)
    tab.add_all_button.click()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=WAIT_MS)
    assert tab.rows[key].already_added, tab.result_text(key)
    camera = client.find_camera("Loading bay")
    assert (camera.onvif.address, camera.onvif.port) == key
    assert not tab.add_all_button.isEnabled()


def test_a_user_without_the_cameras_right_is_offered_neither_dialog(
    qtbot: QtBot, server: ServerProcess, client: Client, edited: int
) -> None:
    rights = make_rights([], {"live": "all", "playback": "all"})
    group = client.create_group("dialog-watchers", local_rights=rights, remote_rights=rights)
    client.create_user("dialog-watcher", "Watch-Only-2026!", group_id=group.id)
    session = Session()
    session.adopt(
        Client.connect(
            server.address,
            username="dialog-watcher",
            password="Watch-Only-2026!",
            known_servers_path=server.known_servers,
        )
    )
    window = shown_window(qtbot, session)
    qtbot.waitUntil(lambda: session.server in window.camera_rights, timeout=WAIT_MS)
    assert window.camera_rights[session.server] is False
    assert not window.add_cameras_action.isVisible()
    tree = window.tree
    qtbot.waitUntil(
        lambda: edited in {c.id for c in tree.server_cameras.get(session.server, [])},
        timeout=WAIT_MS,
    )
    root = tree.model().index(0, 0)
    tree.setCurrentIndex(tree.model().index(0, 0, root))
    tree._menu(QPoint(tree.visualRect(tree.currentIndex()).center()))
    assert tree.context_menu is not None
    texts = [a.text() for a in tree.context_menu.actions()]
    assert texts and "Edit camera…" not in texts and "Add cameras…" not in texts
    tree.context_menu.close()
    window.open_add_cameras()
    assert window.camera_dialog is None


def test_a_camera_gone_since_it_was_added_is_said_unreachable_in_the_picture_tabs(
    qtbot: QtBot, window: MainWindow, client: Client
) -> None:
    gone = start_onvif_camsim(*SMALL, cameras=1)
    try:
        host, port = device(gone, "cam1")
        camera = client.add_onvif_camera("Gone dome", host, port, enabled=False)
    finally:
        gone.stop()
    dialog = open_edit_dialog(qtbot, window, camera.id)
    picture, overlays = dialog.picture, dialog.overlays
    assert picture is not None and overlays is not None
    expected = f"camera {host}:{port}: unreachable"
    qtbot.waitUntil(lambda: expected in picture.status.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: expected in overlays.status.text(), timeout=WAIT_MS)
    assert not picture.numbers and not picture.apply_button.isEnabled()
    assert not overlays.add_text_button.isEnabled() and not overlays.add_clock_button.isEnabled()
    assert picture.reload_button.isVisibleTo(picture)
    assert overlays.reload_button.isVisibleTo(overlays)
    picture.reload_button.click()  # asks the camera again: still gone, said again
    assert not picture.reload_button.isVisibleTo(picture)
    qtbot.waitUntil(lambda: picture.reload_button.isVisibleTo(picture), timeout=WAIT_MS)
    assert expected in picture.status.text()
    dialog.close()


def test_streams_tab_is_bounded_by_the_cameras_options_and_applies_one_change(
    qtbot: QtBot, window: MainWindow, client: Client, edited: int
) -> None:
    dialog = open_edit_dialog(qtbot, window, edited)
    streams = dialog.streams
    assert streams is not None
    qtbot.waitUntil(lambda: "sub" in streams.boxes, timeout=WAIT_MS)
    before = {s.role: s for s in client.get_stream_settings(edited).streams}
    sub = before[cameras_pb2.STREAM_ROLE_SUB]
    box = streams.boxes["sub"]
    assert box.bitrate is not None and box.fps is not None and box.resolution is not None
    options = sub.options
    assert (box.bitrate.minimum(), box.bitrate.maximum()) == (
        options.bitrate_min_kbps,
        options.bitrate_max_kbps,
    )
    assert (box.fps.minimum(), box.fps.maximum()) == (options.fps_min, options.fps_max)
    assert box.resolution.count() == len(options.resolutions)
    assert box.bitrate.value() == sub.bitrate_kbps and not box.apply_button.isEnabled()
    up = sub.bitrate_kbps + 128 <= options.bitrate_max_kbps
    wanted = sub.bitrate_kbps + 128 if up else sub.bitrate_kbps - 128
    box.bitrate.setValue(wanted)
    assert box.changes() == {"bitrate_kbps": wanted}  # only what changed
    dialog.tabs.setCurrentWidget(streams)
    grab(dialog, "/tmp/edit_dialog_streams.png")
    box.apply_button.click()
    qtbot.waitUntil(
        lambda: "sub" in streams.boxes and streams.boxes["sub"].status.text() == "Applied",
        timeout=WAIT_MS,
    )
    after = {s.role: s for s in client.get_stream_settings(edited).streams}
    assert after[cameras_pb2.STREAM_ROLE_SUB].bitrate_kbps == wanted
    main = cameras_pb2.STREAM_ROLE_MAIN
    assert after[main].bitrate_kbps == before[main].bitrate_kbps  # the other stream kept
    assert after[main].width == before[main].width


@pytest.fixture(scope="module")
def second(camsim: CamsimProcess, server: ServerProcess) -> int:
    host, port = device(camsim, "cam5")
    with server.client() as client:
        camera = client.add_onvif_camera(
            "Second dome", host, port, camera_user=USER, camera_password=PASSWORD
        )
    return camera.id


def test_a_stream_change_applied_to_all_onvif_cameras_says_each_outcome(
    qtbot: QtBot, window: MainWindow, client: Client, edited: int, second: int
) -> None:
    server = window.session.server
    qtbot.waitUntil(
        lambda: second in {c.id for c in window.tree.server_cameras.get(server, [])},
        timeout=WAIT_MS,
    )
    dialog = open_edit_dialog(qtbot, window, edited)
    streams = dialog.streams
    assert streams is not None and second in streams.others and edited not in streams.others
    qtbot.waitUntil(lambda: "sub" in streams.boxes, timeout=WAIT_MS)
    box = streams.boxes["sub"]
    assert box.fps is not None and box.apply_all_button.isVisibleTo(box)
    assert not box.apply_all_button.isEnabled()  # nothing changed yet
    fps = box.fps.value()
    wanted = fps - 5 if fps - 5 >= box.fps.minimum() else fps + 1
    box.fps.setValue(wanted)
    box.apply_all_button.click()
    qtbot.waitUntil(
        lambda: (
            "sub" in streams.boxes and streams.boxes["sub"].status.text().startswith("Applied to")
        ),
        timeout=WAIT_MS,
    )
    text = streams.boxes["sub"].status.text()
    onvif = [c for c in client.list_cameras() if c.HasField("onvif")]
    assert f"of {len(onvif)} cameras" in text, text
    for camera_id in (edited, second):
        sub = {s.role: s for s in client.get_stream_settings(camera_id).streams}
        assert sub[cameras_pb2.STREAM_ROLE_SUB].fps == wanted
    gone = [c for c in onvif if c.name == "Gone dome"]  # when that test ran before
    assert ("Gone dome: " in text and "unreachable" in text) == bool(gone), text
