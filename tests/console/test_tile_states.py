"""A tile's states, labels and drops, without a server: what it shows follows its
``TileState`` and the camera's ``CameraStatus``, never its own (translatable) text;
a drop of a server or group node hands over every camera, each with its server."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QTranslator
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from vedette_api.v1 import cameras_pb2, common_pb2
from vedette_console.video.sources import NoteSource, SourceItem
from vedette_console.widgets.tile import (
    CAMERA_MIME,
    CameraRef,
    CameraStatus,
    TileState,
    VideoTile,
    camera_mime,
    camera_status,
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
