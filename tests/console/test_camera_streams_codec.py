"""The edit dialog's Streams tab with codec and rate control (CAM-12): choosers bounded by
what the camera offers, against a real server and camsim over loopback.

cam1 lists Media2 (H.264/H.265, CBR/VBR offered); cam2 has no GetServices, so the
server reads it over Media ver10 (H.264 only, no rate control). Neither records (the
tab reads and changes the camera, not the recording). Every wait is bounded.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import SMALL
from tests.console.test_camera_dialogs import grab
from tests.integration.onvif_camsim import onvif_cameras, start_onvif_camsim
from tests.support.camsim_process import CamsimProcess
from tests.support.server_process import ServerProcess, running_server
from vedette_api.client import Client
from vedette_api.v1 import cameras_pb2
from vedette_console.session import Session
from vedette_console.views.camera_streams_tab import StreamsTab

USER, PASSWORD = "admin", "Cam-Pass-5521"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def camsim() -> Iterator[CamsimProcess]:
    process = start_onvif_camsim(
        *SMALL, "--fault", "cam2:no-getservices", cameras=2, user=USER, password=PASSWORD
    )
    yield process
    process.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("streams-codec")) as process:
        yield process


@pytest.fixture
def client(server: ServerProcess) -> Iterator[Client]:
    with server.client() as connected:
        yield connected


def add(client: Client, camsim: CamsimProcess, name: str, camera: str) -> int:
    host, port = onvif_cameras(camsim)[camera].host_port
    added = client.add_onvif_camera(
        name, host, port, camera_user=USER, camera_password=PASSWORD, enabled=False
    )
    return added.id


def shown_tab(qtbot: QtBot, server: ServerProcess, camera_id: int) -> StreamsTab:
    session = Session()
    session.adopt(server.client())
    tab = StreamsTab(session, camera_id)
    qtbot.addWidget(tab)
    tab.resize(560, 720)
    tab.show()
    tab.load()
    qtbot.waitUntil(lambda: "sub" in tab.boxes, timeout=WAIT_MS)
    return tab


def test_codec_and_rate_control_choosers_offer_what_the_camera_offers_and_apply(
    qtbot: QtBot, server: ServerProcess, camsim: CamsimProcess, client: Client
) -> None:
    camera_id = add(client, camsim, "Media2 dome", "cam1")
    tab = shown_tab(qtbot, server, camera_id)
    box = tab.boxes["main"]
    assert box.codec is not None and box.rate_control is not None and box.profile is not None
    assert [box.codec.itemData(i) for i in range(box.codec.count())] == ["H264", "H265"]
    assert [box.rate_control.itemData(i) for i in range(box.rate_control.count())] == [
        "CBR",
        "VBR",
    ]
    assert (box.codec.currentData(), box.rate_control.currentData()) == ("H264", "CBR")
    assert not box.apply_button.isEnabled()

    box.codec.setCurrentIndex(box.codec.findData("H265"))
    box.rate_control.setCurrentIndex(box.rate_control.findData("VBR"))
    assert not box.profile.isEnabled()  # an H.264 profile means nothing for H.265
    assert box.changes() == {"codec": "H265", "rate_control": "VBR"}
    grab(tab, "/tmp/h8-streams-tab-media2.png")
    box.apply_button.click()
    qtbot.waitUntil(
        lambda: "main" in tab.boxes and tab.boxes["main"].status.text() == "Applied",
        timeout=WAIT_MS,
    )
    streams = {s.role: s for s in client.get_stream_settings(camera_id).streams}
    main = streams[cameras_pb2.STREAM_ROLE_MAIN]
    assert (main.codec, main.rate_control) == ("H265", "VBR")
    assert streams[cameras_pb2.STREAM_ROLE_SUB].codec == "H264"  # the other stream kept
    shown = tab.boxes["main"]
    assert shown.codec is not None and shown.codec.currentData() == "H265"
    assert shown.profile is not None and not shown.profile.isEnabled()
    assert not shown.apply_button.isEnabled()
    # Back to H.264: the profile chooser comes back and names the profile.
    shown.codec.setCurrentIndex(shown.codec.findData("H264"))
    assert shown.profile.isEnabled()
    assert shown.changes() == {"codec": "H264", "h264_profile": "Baseline"}


def test_a_media_ver10_camera_shows_its_codec_and_no_rate_control_choice(
    qtbot: QtBot, server: ServerProcess, camsim: CamsimProcess, client: Client
) -> None:
    camera_id = add(client, camsim, "Ver10 dome", "cam2")
    tab = shown_tab(qtbot, server, camera_id)
    box = tab.boxes["main"]
    assert box.codec is None and box.rate_control is None  # nothing to choose from
    labels = [w.text() for w in box.findChildren(type(box.status)) if w is not box.status]
    assert "H264" in labels and "not reported by the camera" in labels, labels
    assert "none" in labels  # camsim without --audio: the profile carries no audio
    assert box.profile is not None and box.profile.isEnabled()
    grab(tab, "/tmp/h8-streams-tab-ver10.png")
