"""A tile's states, labels, OSD time and drops, without a server: what it shows follows its
``TileState`` and the camera's ``CameraStatus``, never its own (translatable) text;
a drop of a server or group node hands over every camera, each with its server."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, QSize, Qt, QTranslator
from PySide6.QtGui import QDropEvent, QImage
from pytestqt.qtbot import QtBot

from vedette_api.v1 import cameras_pb2, common_pb2, system_pb2
from vedette_console.time_display import TimeDisplay
from vedette_console.video.decoder import Frame
from vedette_console.video.sources import NoteSource, SourceItem
from vedette_console.widgets.tile import (
    CAMERA_MIME,
    CameraRef,
    CameraStatus,
    TileState,
    VideoTile,
    camera_mime,
    camera_status,
    video_tile,
)
from vedette_console.widgets.tile.osd import StatusLine


class _Silent:
    """A source that sends nothing until closed (a camera that never answers)."""

    def __init__(self) -> None:
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[SourceItem]:
        self.closed.wait(30)
        yield from ()

    def close(self) -> None:
        self.closed.set()


class _Marking(QTranslator):
    """A "translation" that marks every console string, as French would change it."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"«{source}»"

    def isEmpty(self) -> bool:
        return False


def _drop(tile: VideoTile, data: bytes) -> None:
    mime = QMimeData()
    mime.setData(CAMERA_MIME, data)
    tile.dropEvent(
        QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )


def test_a_dropped_server_node_hands_over_every_camera_with_its_server(qtbot: QtBot) -> None:
    tile = VideoTile(0)
    qtbot.addWidget(tile)
    drops: list[tuple[VideoTile, list[CameraRef]]] = []
    tile.cameras_dropped.connect(lambda t, cameras: drops.append((t, cameras)))

    _drop(tile, camera_mime([("10.0.0.5:6036", 3), ("10.0.0.5:6036", 5), ("10.0.0.6:6036", 9)]))
    _drop(tile, b"7")  # one camera, single-server window

    assert drops == [
        (tile, [CameraRef("10.0.0.5:6036", 3), CameraRef("10.0.0.5:6036", 5),
                CameraRef("10.0.0.6:6036", 9)]),
        (tile, [CameraRef("", 7)]),
    ]  # fmt: skip


def test_states_and_colours_survive_a_translation(qtbot: QtBot) -> None:
    translator = _Marking()
    assert QCoreApplication.installTranslator(translator)
    try:
        silent = VideoTile(0)
        silent.source_factory = lambda camera, stream: _Silent()
        ended = VideoTile(1)
        ended.source_factory = lambda camera, stream: NoteSource("Not signed in")
        for tile in (silent, ended):
            qtbot.addWidget(tile)
            tile.set_camera(1, "Gate")
        assert silent.state is TileState.STARTING and silent.message == ""
        assert silent.empty_text == "«Drop a camera here»"  # built while translated
        qtbot.waitUntil(lambda: silent.state is TileState.NO_SIGNAL, timeout=10_000)
        assert silent.message == "«No signal»"
        qtbot.waitUntil(lambda: ended.state is TileState.ENDED, timeout=10_000)
        assert ended.message == "Not signed in"  # the source's words, as given
        qtbot.wait(2500)  # ended tiles never turn into "No signal"
        assert ended.state is TileState.ENDED and ended.message == "Not signed in"
        assert StatusLine(stream=common_pb2.STREAM_MAIN).text() == "«MAIN»"

        # The status line's colour comes from the camera's state, whatever its text.
        recording = StatusLine("«● ENR planning»", CameraStatus.RECORDING).color()
        offline = StatusLine("«HORS LIGNE»", CameraStatus.OFFLINE).color()
        online = StatusLine("● REC", CameraStatus.ONLINE).color()
        assert len({recording.name(), offline.name(), online.name()}) == 3
        assert StatusLine("", CameraStatus.UNKNOWN).color() == online
        silent.set_status("«● ENR planning»", CameraStatus.RECORDING)
        assert silent.status == "«● ENR planning»"
        for tile in (silent, ended):
            tile.set_camera(None)
        assert silent.state is TileState.EMPTY and silent.message == ""
    finally:
        QCoreApplication.removeTranslator(translator)


def test_a_cameras_status_comes_from_the_server_not_from_a_text() -> None:
    def camera(enabled: bool, state: int, recording: bool) -> cameras_pb2.Camera:
        found = cameras_pb2.Camera(enabled=enabled)
        found.status.main.state = state  # type: ignore[assignment]
        found.status.recording = recording
        return found

    online, offline = cameras_pb2.STREAM_STATE_ONLINE, cameras_pb2.STREAM_STATE_OFFLINE
    assert camera_status(camera(True, online, True)) is CameraStatus.RECORDING
    assert camera_status(camera(True, online, False)) is CameraStatus.ONLINE
    assert camera_status(camera(True, offline, False)) is CameraStatus.OFFLINE
    assert camera_status(camera(False, online, True)) is CameraStatus.DISABLED
    connecting = cameras_pb2.STREAM_STATE_CONNECTING
    assert camera_status(camera(True, connecting, False)) is CameraStatus.CONNECTING


def test_the_osd_shows_a_frames_time_in_the_servers_zone_and_formats(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clocks: list[str] = []
    monkeypatch.setattr(
        video_tile, "paint_osd", lambda painter, size, name, clock, line: clocks.append(clock)
    )
    tile = VideoTile(0)
    qtbot.addWidget(tile)
    tile.source_factory = lambda camera, stream: _Silent()
    tile.resize(320, 180)
    tile.set_camera(1, "Gate")
    slot = tile.decoder.slot
    assert slot is not None
    new_year_utc = 1_767_225_600_000_000  # 2026-01-01 00:00:00 UTC
    slot.put(Frame(QImage(32, 18, QImage.Format.Format_RGB888), new_year_utc, QSize(32, 18)))
    qtbot.waitUntil(lambda: tile.last_frame is not None, timeout=5000)
    settings = system_pb2.DateTimeSettings(
        time_zone="America/New_York",
        date_format=system_pb2.DATE_FORMAT_MM_DD_YYYY,
        time_format=system_pb2.TIME_FORMAT_12_HOUR,
    )
    tile.set_display(TimeDisplay.from_settings(settings))
    tile.grab()
    assert clocks[-1] == "12/31/2025 07:00:00 PM"  # the server's evening, not the PC's
    tile.set_camera(None)
