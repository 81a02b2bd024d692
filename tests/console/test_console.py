"""The operator console, offscreen, against a real server recording a real camsim
camera: sign-in and certificate pinning, a session that never blocks the UI, the
decoder pipeline on recorded packets, the grid, the timeline's colours, the
minute view's thumbnails and a verified backup from a timeline selection."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.console.conftest import Recorded, S
from tests.support.recorded_packets import recorded_packets
from vedette_api.errors import Unavailable
from vedette_api.pinning import KnownServers, PinnedServer
from vedette_api.v1 import common_pb2, media_pb2
from vedette_console.export_check import ExportCheck
from vedette_console.main_window import MainWindow
from vedette_console.session import ConnectSettings, Session
from vedette_console.signin import SignInDialog
from vedette_console.video.sources import (
    LIVE_UNAVAILABLE,
    ReplaySource,
    ReverseGopPacket,
    SourceItem,
    StreamStart,
)
from vedette_console.views.backup import BackupView
from vedette_console.widgets.grid import LAYOUTS, LiveGrid, layout_cells
from vedette_console.widgets.tile import CAMERA_MIME, StreamChooser, VideoTile
from vedette_console.widgets.timeline import REASON_COLORS, Run, Timeline, run_color
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
LOOP_MS = 10_000  # camsim's loop


def gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    return data.reshape(height, image.bytesPerLine())[:, :width].copy()


def loop_distance_ms(a: float, b: float) -> float:
    return abs((a - b + LOOP_MS / 2) % LOOP_MS - LOOP_MS / 2)


def signed_in_session(qtbot: QtBot, recorded: Recorded) -> Session:
    session = Session()
    session.adopt(recorded.client())
    return session


# -- sign-in -------------------------------------------------------------------------------


def test_sign_in_pins_on_first_use_refuses_bad_passwords_and_changed_certificates(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path, admin_password: str, memory_keyring: Any
) -> None:
    known = tmp_path / "known.json"
    session = Session()
    dialog = SignInDialog(
        session, address=recorded.server.address, username="admin", known_servers_path=known
    )
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong-password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Trust and sign in", timeout=10_000)
    assert dialog.check is not None and dialog.check.state == "new"
    shown = dialog.certificate.text().replace(":<br>", ":")
    assert dialog.check.fingerprint in shown  # the whole fingerprint, before trusting
    assert not known.exists()  # nothing pinned until the operator trusts it
    dialog.submit()
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.status.text(), timeout=10_000)
    assert session.client is None
    pinned = KnownServers(known).get(recorded.server.address)
    assert pinned is not None and pinned.fingerprint_sha256 == dialog.check.fingerprint

    dialog.password.setText(admin_password)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signed:
        dialog.submit()
    client = signed.args[0]
    assert client.certificate_fingerprint == pinned.fingerprint_sha256
    assert client.username == "admin"
    session.close()
    # "Remember": the password went to the keychain (not a file); the next dialog has it.
    assert memory_keyring.passwords == {
        ("vedette-console", f"admin@{recorded.server.address}"): admin_password
    }
    assert admin_password not in (tmp_path / "config" / "vedette" / "console.json").read_text()
    again = SignInDialog(Session(), known_servers_path=known)
    qtbot.addWidget(again)
    assert again.address.text() == recorded.server.address
    assert again.password.text() == admin_password and again.remember.isChecked()

    # A different certificate pinned for this address: refused with a warning.
    KnownServers(known).put(
        PinnedServer(
            recorded.server.address,
            "AA:" * 31 + "AA",
            pinned.certificate_pem,
            pinned.target_name,
            "",
        )
    )
    session = Session()
    dialog = SignInDialog(
        session, address=recorded.server.address, username="admin", known_servers_path=known
    )
    qtbot.addWidget(dialog)
    dialog.password.setText(admin_password)
    dialog.submit()
    qtbot.waitUntil(lambda: "Refused" in dialog.status.text(), timeout=10_000)
    assert "has changed" in dialog.certificate.text()
    assert pinned.fingerprint_sha256 in dialog.certificate.text().replace(":<br>", ":")
    dialog.submit()  # pressing again still refuses
    qtbot.waitUntil(lambda: "Refused" in dialog.status.text(), timeout=10_000)
    assert session.client is None
    assert KnownServers(known).get(recorded.server.address).fingerprint_sha256.startswith("AA:")
    session.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    listener.close()


def test_the_ui_keeps_running_while_a_server_hangs_or_is_gone(
    qtbot: QtBot, silent_port: int, recorded: Recorded
) -> None:
    session = Session()
    failures: list[Exception] = []
    session.connect_failed.connect(failures.append)
    ticks: list[float] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    session.connect_to(ConnectSettings(f"127.0.0.1:{silent_port}", "admin", "x", timeout_s=1.5))
    qtbot.waitUntil(lambda: bool(failures), timeout=15_000)
    assert isinstance(failures[0], Unavailable)
    assert time.monotonic() - started >= 1.0  # it really waited on the silent server
    gaps = np.diff(ticks)
    assert len(ticks) > 30 and gaps.max() < 0.5, f"UI stalled {gaps.max():.3f} s"

    # A signed-in session whose server stops answering: every call waits out its
    # deadline on a worker thread, the UI goes on.
    import grpc

    from vedette_api.client import Client
    from vedette_api.v1 import auth_pb2

    channel = grpc.secure_channel(f"127.0.0.1:{silent_port}", grpc.ssl_channel_credentials())
    hung = Client(
        channel,
        server=f"127.0.0.1:{silent_port}",
        login=auth_pb2.LoginResponse(token="t", username="admin"),
        timeout_s=1.5,
        certificate_fingerprint=None,
    )
    session = Session()
    session.adopt(hung)
    errors: list[Exception] = []
    ticks.clear()
    started = time.monotonic()
    for _ in range(8):
        session.call(lambda c: c.list_cameras(), on_error=errors.append)
    assert time.monotonic() - started < 0.1  # queued, not waited for
    qtbot.waitUntil(lambda: len(errors) == 8, timeout=15_000)
    assert time.monotonic() - started >= 1.4
    gaps = np.diff(ticks)
    assert len(ticks) > 30 and gaps.max() < 0.5, f"UI stalled {gaps.max():.3f} s"
    timer.stop()
    session.close()


# -- video pipeline -------------------------------------------------------------------------


def test_decoder_pipeline_shows_recorded_frames_whose_clock_advances(
    qtbot: QtBot, recorded: Recorded
) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub")
    assert (video.width, video.height) == (320, 180)
    source = ReplaySource(video, packets, loop=True)
    tile = VideoTile(0)
    tile.source_factory = lambda camera, stream: source
    tile.resize(QSize(480, 270))
    tile.show()
    qtbot.addWidget(tile)
    shown: list[tuple[int, int | None]] = []

    def on_frame(time_us: int) -> None:
        frame = tile.last_frame
        assert frame is not None
        shown.append((time_us, clockcode.read(gray(frame.image))))

    tile.frame_shown.connect(on_frame)
    tile.set_camera(recorded.camera_id, "Gate")
    qtbot.waitUntil(lambda: len(shown) >= 40, timeout=10_000)
    frame = tile.last_frame
    assert frame is not None and frame.source_size == QSize(320, 180)
    assert (frame.image.width(), frame.image.height()) == (480, 270)  # scaled to the tile
    readable = [(t, c) for t, c in shown if c is not None]
    assert len(readable) >= 30
    for time_us, clock in readable:  # each shown picture is the one of its packet
        assert loop_distance_ms(recorded.expected_clock_ms(time_us), clock) < 150
    times = [t for t, _ in shown]
    assert times == sorted(times) and times[-1] - times[0] > 1 * S
    # Looping replay keeps time moving; the UI takes frames as they come.
    stats = tile.stats
    assert stats is not None and stats.decoded >= len(shown)
    tile.set_camera(None)


class _StallingSource:
    """Sends a few packets, then nothing (a camera gone quiet)."""

    def __init__(self, video: media_pb2.CodecParameters, packets: list[media_pb2.MediaPacket]):
        self.video, self.packets = video, packets
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[SourceItem]:
        yield StreamStart(self.video)
        yield from self.packets
        self.closed.wait(30)

    def close(self) -> None:
        self.closed.set()


def test_a_tile_without_frames_for_two_seconds_says_so(qtbot: QtBot, recorded: Recorded) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=30)
    tile = VideoTile(0)
    tile.source_factory = lambda camera, stream: _StallingSource(video, packets)
    tile.resize(QSize(320, 180))
    tile.show()
    qtbot.addWidget(tile)
    tile.set_camera(1, "Gate")
    qtbot.waitUntil(lambda: tile.frames_shown > 0, timeout=5000)
    assert tile.message == ""
    last = time.monotonic()
    qtbot.waitUntil(lambda: tile.message == "No signal", timeout=5000)
    assert 1.5 < time.monotonic() - last < 4.0
    tile.set_camera(None)


def test_frames_are_dropped_not_queued_when_the_ui_is_busy(
    qtbot: QtBot, recorded: Recorded
) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=200)
    source = ReplaySource(video, packets, pace=False)  # as fast as it decodes
    tile = VideoTile(0)
    tile.source_factory = lambda camera, stream: source
    tile.resize(QSize(320, 180))
    qtbot.addWidget(tile)
    tile.set_camera(1, "Gate")
    time.sleep(1.5)  # the UI thread is "busy": no event processed
    stats = tile.stats
    assert stats is not None
    qtbot.waitUntil(lambda: stats.decoded >= 150, timeout=10_000)
    QApplication.processEvents()
    assert tile.frames_shown <= 3  # one waiting frame, not a backlog
    assert stats.dropped >= stats.decoded - 3
    tile.set_camera(None)


def test_live_tile_shows_the_live_service_and_snapshots_to_a_file(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.signed_in(session.client, cameras=[recorded.camera_id])  # type: ignore[arg-type]
    tile = window.live.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.camera_id == recorded.camera_id, timeout=10_000)
    # The status line says it records, and why (the catalog's reasons for it now).
    qtbot.waitUntil(lambda: tile.status.startswith("● REC schedule"), timeout=10_000)
    qtbot.waitUntil(lambda: tile.frames_shown > 5, timeout=10_000)
    assert tile.message != LIVE_UNAVAILABLE and tile.last_frame is not None
    # Snapshot to a file: full resolution, saved on the server and here.
    shot = tmp_path / "gate.jpg"
    window.live._snapshot_to_file(tile, shot)
    qtbot.waitUntil(shot.exists, timeout=10_000)
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) == (640, 360)  # the main stream's size
    assert clockcode.read(gray(picture)) is not None
    window.close()
    session.close()


# -- grid and tiles -----------------------------------------------------------------------


def test_grid_layouts_drop_and_double_click_single_view(qtbot: QtBot, recorded: Recorded) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=100)
    grid = LiveGrid(lambda camera, stream: ReplaySource(video, packets, loop=True))
    qtbot.addWidget(grid)
    grid.resize(1280, 720)
    grid.show()
    for count in LAYOUTS:
        grid.set_layout(count)
        QApplication.processEvents()
        visible = grid.visible_tiles()
        assert len(visible) == count
        area = sum(t.width() * t.height() for t in visible)
        assert area > 0.8 * 1280 * 720  # the tiles fill the grid
    assert layout_cells(6)[0].rows == 2 and layout_cells(8)[0].rows == 3
    grid.set_layout(9)
    QApplication.processEvents()
    tile = grid.tiles[4]
    mime = QMimeData()
    mime.setData(CAMERA_MIME, f"{recorded.camera_id}".encode())
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tile.dropEvent(drop)
    assert tile.camera_id == recorded.camera_id
    qtbot.waitUntil(lambda: tile.frames_shown > 3, timeout=5000)
    small = tile.size()
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert grid.single is tile and grid.visible_tiles() == [tile]
    assert tile.width() > 2.5 * small.width()
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert grid.single is None and len(grid.visible_tiles()) == 9
    # Digital zoom at the cursor, then a drag pans.
    tile.zoom_at(QPointF(tile.width() * 0.25, tile.height() * 0.25), 2.0)
    assert tile.zoom == 2.0
    part = tile.visible_fraction()
    assert part.width() == pytest.approx(0.5) and part.left() < 0.25
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=QPoint(100, 60))
    qtbot.mouseMove(tile, QPoint(60, 60))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=QPoint(60, 60))
    assert tile.visible_fraction().left() > part.left()  # dragged left: view moves right
    # The zoom view: pressing in the miniature moves the selection rectangle there.
    box = tile.zoom_box()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    assert tile.visible_fraction().center().x() == pytest.approx(0.5, abs=0.05)
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=box.topLeft().toPoint() + QPoint(1, 1))
    qtbot.mouseMove(tile, box.bottomRight().toPoint() - QPoint(1, 1))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=box.bottomRight().toPoint())
    assert tile.visible_fraction().right() == pytest.approx(1.0, abs=0.01)  # clamped
    for t in grid.tiles:
        t.set_camera(None)


def test_stream_choice_has_hysteresis_and_a_minimum_interval() -> None:
    now = [100.0]
    chooser = StreamChooser(clock=lambda: now[0])
    assert chooser.start(150) == common_pb2.STREAM_SUB
    assert chooser.choose(200) == common_pb2.STREAM_SUB  # inside the band (170..228)
    now[0] += 1
    assert chooser.choose(300) == common_pb2.STREAM_SUB  # too soon after the start
    now[0] += 5
    assert chooser.choose(300) == common_pb2.STREAM_MAIN
    now[0] += 6
    assert chooser.choose(180) == common_pb2.STREAM_MAIN  # still above 170
    assert chooser.choose(160) == common_pb2.STREAM_SUB
    chooser.override = common_pb2.STREAM_MAIN
    assert chooser.choose(50) == common_pb2.STREAM_MAIN


def test_a_tile_switches_to_the_main_stream_when_it_grows(qtbot: QtBot, recorded: Recorded) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=100)
    asked: list[int] = []

    def factory(camera: int, stream: int) -> ReplaySource:
        asked.append(stream)
        return ReplaySource(video, packets, loop=True)

    tile = VideoTile(0)
    tile.source_factory = factory
    tile.chooser.min_switch_s = 0.0
    tile.resize(QSize(240, 135))
    tile.show()
    qtbot.addWidget(tile)
    tile.set_camera(1, "Gate")
    assert asked == [common_pb2.STREAM_SUB]
    tile.resize(QSize(640, 360))
    QApplication.processEvents()
    assert asked[-1] == common_pb2.STREAM_MAIN
    tile.resize(QSize(320, 200))  # 200 px: inside the band, stays on main
    QApplication.processEvents()
    assert asked[-1] == common_pb2.STREAM_MAIN and len(asked) == 2
    tile.resize(QSize(240, 135))
    QApplication.processEvents()
    assert asked[-1] == common_pb2.STREAM_SUB
    tile.set_camera(None)


def test_decoders_stopped_mid_frame_never_touch_a_deleted_slot(
    qtbot: QtBot, recorded: Recorded
) -> None:
    """Stream switches and tiles closed while their decoder threads are between a
    decode and its hand-over: the old thread finishes on a slot the tile let go of,
    never on a deleted one (this crashed the process when the slot was deleteLater'd)."""
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=100)
    for _ in range(150):
        tile = VideoTile(0)
        tile.source_factory = lambda c, s: ReplaySource(video, packets, loop=True, pace=False)
        tile.chooser.min_switch_s = 0.0
        tile.resize(QSize(240, 135))
        tile.show()
        tile.set_camera(1, "Gate")
        for i in range(10):
            QApplication.processEvents()
            tile.resize(QSize(640, 360) if i % 2 == 0 else QSize(240, 135))
            QApplication.processEvents()
            time.sleep(0.005)
        assert tile.frames_shown > 0
        tile.set_camera(None)
        tile.close()
        tile.deleteLater()
        QApplication.processEvents()


# -- timeline -----------------------------------------------------------------------------


def _pixel(image: QImage, x: float, y: float) -> tuple[int, int, int]:
    color = image.pixelColor(int(x), int(y))
    return color.red(), color.green(), color.blue()


def test_the_timeline_colours_the_catalogs_record_reasons(qtbot: QtBot, recorded: Recorded) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    window.show_view("Playback")
    timeline = window.playback.timeline
    start = recorded.start_us
    end = recorded.manual[1] + 6 * S
    timeline.set_range(start - 2 * S, end)
    qtbot.waitUntil(
        lambda: any(r.end_us > recorded.manual[1] for r in timeline.runs), timeout=10_000
    )
    with recorded.client() as client:
        (line,) = client.get_timeline([recorded.camera_id], start - 2 * S, end)
    catalog = [
        (r.start_time.ToMicroseconds(), r.end_time.ToMicroseconds(), frozenset(r.record_reasons))
        for r in line.runs
    ]
    assert {reasons for *_, reasons in catalog} >= {
        frozenset({common_pb2.RECORD_REASON_SCHEDULE}),
        frozenset({common_pb2.RECORD_REASON_SCHEDULE, common_pb2.RECORD_REASON_MANUAL}),
    }
    y = timeline.run_band().center().y()
    blue = REASON_COLORS[common_pb2.RECORD_REASON_SCHEDULE]
    green = REASON_COLORS[common_pb2.RECORD_REASON_MANUAL]

    def check(manual_colour: tuple[int, int, int]) -> None:
        image = timeline.grab().toImage()
        for run_start, run_end, reasons in catalog:
            if timeline.x_of(run_end) - timeline.x_of(run_start) < 4:
                continue
            x = (timeline.x_of(run_start) + timeline.x_of(run_end)) / 2
            expected = (
                manual_colour
                if common_pb2.RECORD_REASON_MANUAL in reasons
                else (blue.red(), blue.green(), blue.blue())
            )
            assert _pixel(image, x, y) == expected, (run_start, reasons)

    check((green.red(), green.green(), green.blue()))
    # Toggling "Manual" off: those runs show their other reason, the schedule.
    window.playback.reason_boxes[common_pb2.RECORD_REASON_MANUAL].setChecked(False)
    check((blue.red(), blue.green(), blue.blue()))
    window.playback.reason_boxes[common_pb2.RECORD_REASON_SCHEDULE].setChecked(False)
    image = timeline.grab().toImage()
    x = (timeline.x_of(catalog[0][0]) + timeline.x_of(catalog[0][1])) / 2
    assert _pixel(image, x, y) not in {(blue.red(), blue.green(), blue.blue())}
    assert (
        run_color(
            frozenset({common_pb2.RECORD_REASON_SENSOR, common_pb2.RECORD_REASON_MOTION}),
            set(REASON_COLORS),
        )
        == REASON_COLORS[common_pb2.RECORD_REASON_SENSOR]
    )
    window.close()
    session.close()


def test_timeline_zooms_scrolls_seeks_and_selects(qtbot: QtBot) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(1000, 72)
    timeline.show()
    start, end = timeline.visible_range()
    assert end - start == 24 * 3600 * S
    assert timeline.resolution_us() == (end - start) // 1000
    from PySide6.QtGui import QWheelEvent

    for _ in range(40):  # zoom in at the middle, down to 2 minutes
        event = QWheelEvent(
            QPointF(500, 30),
            QPointF(500, 30),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        timeline.wheelEvent(event)
    zoomed = timeline.visible_range()
    assert zoomed[1] - zoomed[0] == 120 * S
    assert abs((zoomed[0] + zoomed[1]) / 2 - (start + end) / 2) < S
    with qtbot.waitSignal(timeline.seek) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(250, 40))
    assert seek.args[0] == timeline.time_at(250)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(500, 40))
    qtbot.mouseMove(timeline, QPoint(400, 40))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(400, 40))
    moved = timeline.visible_range()
    assert moved[0] - zoomed[0] == pytest.approx(100 * 120 * S / 1000, abs=S / 10)
    qtbot.mousePress(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(100, 40)
    )
    qtbot.mouseMove(timeline, QPoint(300, 40))
    qtbot.mouseRelease(
        timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(300, 40)
    )
    assert timeline.selection == (timeline.time_at(100), timeline.time_at(300))
    timeline.set_runs([Run(moved[0], moved[1], frozenset())])
    assert timeline.visible_range() == moved


# -- search --------------------------------------------------------------------------------


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
        assert start <= keyframe_us < start + 60 * S  # a picture of its own minute
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


# -- backup --------------------------------------------------------------------------------


def test_a_backup_of_a_timeline_selection_shows_progress_and_verifies(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.signed_in(session.client, cameras=[])  # type: ignore[arg-type]
    playback = window.playback
    qtbot.waitUntil(lambda: bool(playback.cameras) and bool(window.backup.cameras), timeout=10_000)
    playback.camera_ids = [recorded.camera_id]
    playback.timeline.set_selection(recorded.start_us + S, recorded.start_us + 5 * S)
    requested: list[list[tuple[int, int, int]]] = []
    playback.backup_requested.connect(requested.append)
    playback._backup_selection()
    assert requested == [[(recorded.camera_id, recorded.start_us + S, recorded.start_us + 5 * S)]]
    backup: BackupView = window.backup
    dialog = backup.open_dialog(requested[0])
    assert [i.data(Qt.ItemDataRole.UserRole) for i in dialog.cameras.selectedItems()] == [
        recorded.camera_id
    ]
    checks: list[tuple[int, ExportCheck]] = []
    backup.verified.connect(lambda task, check: checks.append((task, check)))
    dialog.to_here.setChecked(True)
    dialog.folder.setText(str(tmp_path))
    dialog.format.setCurrentIndex(dialog.format.findData("mp4"))
    dialog.accept()
    window.show_view("Backup")
    qtbot.waitUntil(lambda: bool(backup.tasks), timeout=10_000)
    (task_id,) = backup.tasks
    assert task_id in backup.bars  # a progress bar per backup
    qtbot.waitUntil(lambda: bool(checks), timeout=30_000)
    ((verified_id, check),) = checks
    assert verified_id == task_id and check.verdict.authentic, check.details()
    assert check.key_matches  # signed by the signed-in server's key
    assert backup.bars[task_id].value() == 1000
    files = sorted(p.name for p in (tmp_path / f"backup-{task_id}").iterdir())
    assert "manifest.vsig" in files and any(name.endswith(".mp4") for name in files)
    assert "authentic" in backup.table.topLevelItem(0).text(8)
    window.close()
    session.close()


def test_middle_button_returns_to_live_from_any_view(qtbot: QtBot, recorded: Recorded) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_view("Search")
    grid = window.live.grid
    grid.toggle_single(grid.tiles[0])
    qtbot.mouseClick(window.search.slices.grid.viewport(), Qt.MouseButton.MiddleButton)
    assert window.current_view() == "Live" and grid.single is None
    window.close()
    session.close()


class _ReverseSource:
    """GOPs sent as in reverse play: the latest GOP first, each in decode order."""

    def __init__(self, video: media_pb2.CodecParameters, gops: list[list[media_pb2.MediaPacket]]):
        self.video, self.gops = video, gops

    def __iter__(self) -> Iterator[SourceItem]:
        yield StreamStart(self.video)
        for gop in reversed(self.gops):
            for packet in gop:
                yield ReverseGopPacket(packet)

    def close(self) -> None:
        pass


def test_reverse_play_shows_each_gop_backwards(qtbot: QtBot, recorded: Recorded) -> None:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub", limit=400)
    starts = [i for i, p in enumerate(packets) if p.keyframe]
    assert len(starts) >= 3
    gops = [packets[starts[0] : starts[1]], packets[starts[1] : starts[2]]]
    tile = VideoTile(0)
    tile.source_factory = lambda camera, stream: _ReverseSource(video, gops)
    tile.resize(QSize(320, 180))
    tile.show()
    qtbot.addWidget(tile)
    shown: list[tuple[int, int | None]] = []
    tile.frame_shown.connect(
        lambda t: shown.append((t, clockcode.read(gray(tile.last_frame.image))))  # type: ignore[union-attr]
    )
    tile.set_camera(1, "Gate")
    total = len(gops[0]) + len(gops[1])
    qtbot.waitUntil(lambda: len(shown) >= total - 2, timeout=15_000)
    times = [t for t, _ in shown]
    assert times == sorted(times, reverse=True)  # backwards, across the two GOPs
    assert times[0] == gops[1][-1].timestamp_us and times[-1] <= gops[0][2].timestamp_us
    for time_us, clock in shown:
        if clock is not None:
            assert loop_distance_ms(recorded.expected_clock_ms(time_us), clock) < 150
    tile.set_camera(None)


def test_several_servers_share_one_site_tree(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    from tests.support.server_process import init_data_dir, start_server
    from vedette_console.video.sources import LiveSource
    from vedette_console.widgets.camera_tree import CAMERA_ID_ROLE, SERVER_ROLE

    assert init_data_dir(tmp_path / "data2").returncode == 0
    other = start_server(tmp_path / "data2", tmp_path / "known2.json")
    try:
        with other.client() as admin:
            admin.create_camera("Annex", recorded.camsim.url("cam2", "main"), enabled=False)
        session = signed_in_session(qtbot, recorded)
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        window.signed_in(session.client)  # type: ignore[arg-type]
        second = Session()
        second.adopt(other.client())
        window.add_server(second)
        tree = window.tree
        qtbot.waitUntil(
            lambda: set(tree.server_cameras) == {recorded.server.address, other.address},
            timeout=10_000,
        )
        model = tree.model()
        servers = [model.index(row, 0) for row in range(model.rowCount())]
        assert {index.data(SERVER_ROLE) for index in servers} == {
            recorded.server.address,
            other.address,
        }
        (annex,) = [
            model.index(row, 0, index)
            for index in servers
            if index.data(SERVER_ROLE) == other.address
            for row in range(model.rowCount(index))
        ]
        assert annex.data() == "Annex"
        # The periodic refresh updates rows in place: a held row stays valid.
        from PySide6.QtCore import QPersistentModelIndex

        held = QPersistentModelIndex(annex)
        refreshed: list[str] = []
        shown = window._on_cameras

        def note(server: str, *rest: Any) -> None:
            shown(server, *rest)
            refreshed.append(server)

        window._on_cameras = note  # type: ignore[method-assign]
        window.refresh_cameras()
        qtbot.waitUntil(lambda: other.address in refreshed, timeout=10_000)
        assert held.isValid() and held.data() == "Annex"
        mime = model.mimeData([annex])
        tile = window.live.grid.tiles[1]
        tile.dropEvent(
            QDropEvent(
                QPointF(5, 5),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )
        assert (tile.server, tile.camera_id) == (other.address, annex.data(CAMERA_ID_ROLE))
        assert tile.camera_name == "Annex"
        source = tile.source_factory(tile.camera_id, common_pb2.STREAM_SUB)  # type: ignore[misc]
        assert isinstance(source, LiveSource) and source._client is second.client
        window.select_server(other.address)
        slices = window.search.slices
        assert [slices.camera.itemText(i) for i in range(slices.camera.count())] == ["Annex"]
        assert window.backup.session is second and window.playback.session is second
        window.close()
        session.close()
    finally:
        other.stop()


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


def test_the_offline_player_plays_and_verifies_a_native_export(
    qtbot: QtBot, recorded: Recorded, tmp_path: Path
) -> None:
    from vedette_console.views.offline import OfflineView

    with recorded.client() as client:
        task = client.create_export_task(
            items=[(recorded.camera_id, recorded.start_us, recorded.start_us + 6 * S)],
            export_format="native",
            stream=common_pb2.STREAM_SUB,
        )
        finished = client.wait_for_export_task(task.id, timeout_s=60)
        client.download_export(finished, tmp_path / "case")
    session = Session()  # no server: the player works offline
    player = OfflineView(session, lambda text: None)
    qtbot.addWidget(player)
    player.resize(960, 600)
    player.show()
    player.open_folder(tmp_path / "case")
    qtbot.waitUntil(lambda: bool(player.tracks), timeout=10_000)
    (track,) = player.tracks
    assert (track.camera_id, track.stream) == (recorded.camera_id, "sub")
    tile = player.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.frames_shown >= 10, timeout=10_000)
    frame = tile.last_frame
    assert frame is not None and recorded.start_us - 3 * S <= frame.time_us
    shown = clockcode.read(gray(frame.image))
    assert shown is not None
    assert loop_distance_ms(recorded.expected_clock_ms(frame.time_us), shown) < 150
    assert player.timeline.position_us == frame.time_us
    # Seek later: the pictures come from there (the keyframe at or before it).
    target = recorded.start_us + 5 * S
    player.seek(target)
    qtbot.waitUntil(
        lambda: tile.last_frame is not None and tile.last_frame.time_us >= target - 2_100_000,
        timeout=10_000,
    )
    player.pause()
    paused = tile.last_frame
    qtbot.wait(300)
    assert tile.last_frame is paused and tile.message == "Paused"
    player.verify()  # not signed in: nothing says whose key signed it
    qtbot.waitUntil(lambda: player.verdict is not None, timeout=10_000)
    assert player.verdict is not None and player.verdict.unproven, player.verdict.lines()
    assert "unknown signer" in player.verdict_label.text()
    segment = next((tmp_path / "case").rglob("*.vseg"))
    with segment.open("r+b") as damaged:
        damaged.seek(-10, 2)
        damaged.write(b"x")
    player.verify()
    qtbot.waitUntil(
        lambda: player.verdict is not None and not player.verdict.intact, timeout=10_000
    )
    assert "NOT authentic" in player.verdict_label.text()
    player.stop()
    session.close()


def test_full_screen_hides_the_chrome_and_escape_leaves_it(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.fullscreen_action.setChecked(True)
    assert window.isFullScreen()
    assert not window.dock.isVisible() and not window.statusBar().isVisible()
    assert not window.toolbar.isVisible()  # comes back near the top edge only
    qtbot.keyClick(window.live.grid, Qt.Key.Key_Escape)
    assert not window.isFullScreen() and not window.fullscreen_action.isChecked()
    assert window.dock.isVisible() and window.toolbar.isVisible()
    window.close()
    session.close()


def test_the_command_line_signs_in_and_saves_a_screenshot(
    recorded: Recorded, tmp_path: Path, admin_password: str
) -> None:
    import os
    import subprocess
    import sys

    png = tmp_path / "live.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vedette_console",
            "--server",
            recorded.server.address,
            "--user",
            "admin",
            "--known-servers",
            str(tmp_path / "known.json"),
            "--layout",
            "9",
            "--cameras",
            "all",
            "--screenshot",
            str(png),
            "--after",
            "2",
        ],
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            VEDETTE_PASSWORD=admin_password,
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() >= 1200 and image.height() >= 800
    # The first use pinned the certificate it showed.
    pinned = KnownServers(tmp_path / "known.json").get(recorded.server.address)
    assert pinned is not None


def test_a_tour_cycles_camera_pages_and_double_click_pauses_it(
    qtbot: QtBot, recorded: Recorded
) -> None:
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(window.tree.cameras) == 2, timeout=10_000)
    live = window.live
    live.set_layout(1)
    live.dwell.setValue(1)
    tile = live.grid.tiles[0]
    first, second = recorded.camera_id, recorded.camera_id + 1
    live.set_tour(True)
    assert tile.camera_id == first and live.tour_button.isChecked()
    qtbot.waitUntil(lambda: tile.camera_id == second, timeout=3000)
    qtbot.waitUntil(lambda: tile.camera_id == first, timeout=3000)  # pages wrap around
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert live.tour_paused and live.grid.single is None  # paused, not single view
    qtbot.wait(1600)
    assert tile.camera_id == first
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tile.camera_id == second, timeout=3000)
    live.tour_button.setChecked(False)
    qtbot.wait(1300)
    assert tile.camera_id == second  # stopped
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert live.grid.single is tile  # double-click is single view again
    window.close()
    session.close()


def test_saved_views_and_tours_live_on_the_server_and_follow_the_operator(
    qtbot: QtBot, recorded: Recorded
) -> None:
    gate, lobby = recorded.camera_id, recorded.camera_id + 1
    session = signed_in_session(qtbot, recorded)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.signed_in(session.client)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(window.tree.cameras) == 2, timeout=10_000)
    live = window.live
    live.set_layout(4)
    grid = live.grid
    grid.assign(grid.tiles[0], gate, session.server)
    grid.assign(grid.tiles[3], lobby, session.server)
    grid.tiles[3].set_override(common_pb2.STREAM_MAIN)
    live.save_view_as("Entrances")
    qtbot.waitUntil(lambda: any(v.name == "Entrances" for v in live.saved_views), timeout=5000)
    live.set_layout(1)
    grid.assign(grid.tiles[0], lobby, session.server)
    live.save_view_as("Lobby alone")
    qtbot.waitUntil(lambda: len(live.saved_views) == 2, timeout=5000)
    entrances = next(v for v in live.saved_views if v.name == "Entrances")

    # Recall from the Views menu, as an operator does.
    live._fill_views_menu()
    (action,) = [a for a in live.views_menu.actions() if a.text() == "Entrances"]
    action.trigger()
    assert grid.count == 4 and live.current_view is not None
    assert [t.camera_id for t in grid.layout_tiles()] == [gate, None, None, lobby]
    assert grid.tiles[3].chooser.override == common_pb2.STREAM_MAIN
    live.rename_current_view("Both entrances")
    qtbot.waitUntil(
        lambda: {v.name for v in live.saved_views} == {"Both entrances", "Lobby alone"},
        timeout=5000,
    )

    # A tour of the two views, 3 s each; a double-click pauses it.
    lobby_view = next(v for v in live.saved_views if v.name == "Lobby alone")
    live.save_tour("Rounds", [entrances.id, lobby_view.id], 3)
    qtbot.waitUntil(lambda: len(live.saved_tours) == 1, timeout=5000)
    live._fill_tours_menu()
    (start,) = [a for a in live.tours_menu.actions() if a.text() == "Rounds"]
    start.trigger()
    assert live.running_tour is not None and grid.count == 4
    qtbot.waitUntil(lambda: grid.count == 1 and grid.tiles[0].camera_id == lobby, timeout=5000)
    qtbot.mouseDClick(grid.tiles[0], Qt.MouseButton.LeftButton)
    assert live.tour_paused
    qtbot.wait(3500)
    assert grid.count == 1  # paused on the lobby view
    qtbot.mouseDClick(grid.tiles[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grid.count == 4, timeout=5000)  # back to the entrances
    live.stop_saved_tour()

    # Another console, signed in as the same user, finds them on the server.
    with recorded.client() as client:
        assert {v.name for v in client.list_views()} == {"Both entrances", "Lobby alone"}
        (tour,) = client.list_tours()
        assert [s.dwell_seconds for s in tour.steps] == [3, 3]
    other = MainWindow(signed_in_session(qtbot, recorded))
    qtbot.addWidget(other)
    other.signed_in(other.session.client)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(other.live.saved_views) == 2, timeout=5000)

    live.delete_tour(live.saved_tours[0])
    live.delete_current_view()
    qtbot.waitUntil(lambda: not live.saved_tours and len(live.saved_views) == 1, timeout=5000)
    live.current_view = live.saved_views[0]
    live.delete_current_view()
    qtbot.waitUntil(lambda: not live.saved_views, timeout=5000)
    other.close()
    other.session.close()
    window.close()
    session.close()
