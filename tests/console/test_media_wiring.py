"""The console's Live and Playback wiring over real gRPC, against a stand-in
``MediaService`` that serves packets recorded by a real server (the server's own
MediaService is being built; this checks the console side of ``media.proto``):
live frames with an advancing burned-in clock, instant playback from N seconds
back, pause, step one frame, seek back."""

from __future__ import annotations

import bisect
import queue
import threading
import time
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.console.conftest import Recorded, S
from tests.console.test_console import gray, loop_distance_ms
from tests.support.recorded_packets import recorded_packets
from vedette_api.client import Client
from vedette_api.v1 import auth_pb2, cameras_pb2, media_pb2, media_pb2_grpc
from vedette_console.session import Session
from vedette_console.video.sources import LiveSource
from vedette_console.views.playback import PlaybackView
from vedette_console.widgets.tile import VideoTile
from vedette_server.camsim import clockcode

pytestmark = pytest.mark.interop
LOOP_MS = 10_000


class StandInMedia(media_pb2_grpc.MediaServiceServicer):
    """Serves one camera's recorded sub-stream packets, paced at 25 fps."""

    def __init__(self, video: media_pb2.CodecParameters, packets: list[media_pb2.MediaPacket]):
        self.video, self.packets = video, packets
        self.times = [p.timestamp_us for p in packets]
        self.controls: list[str] = []
        self.opens: list[media_pb2.PlaybackOpen] = []

    def Live(self, request: media_pb2.LiveRequest, context: grpc.ServicerContext) -> Iterator:  # type: ignore[override]
        yield media_pb2.LiveResponse(
            start=media_pb2.LiveStart(camera_id=request.camera_id, video=self.video)
        )
        for packet in self.packets:
            if not context.is_active():
                return
            yield media_pb2.LiveResponse(packet=packet)
            time.sleep(packet.duration_us / 1e6 or 0.04)

    def _keyframe_at(self, time_us: int) -> int:
        index = max(0, bisect.bisect_right(self.times, time_us) - 1)
        while index > 0 and not self.packets[index].keyframe:
            index -= 1
        return index

    def Playback(self, requests: Iterator, context: grpc.ServicerContext) -> Iterator:  # type: ignore[override]
        first = next(requests)
        self.opens.append(first.open)
        camera = first.open.camera_ids[0]
        index = self._keyframe_at(first.open.start_time.ToMicroseconds())
        controls: queue.Queue[media_pb2.PlaybackRequest] = queue.Queue()

        def read_controls() -> None:
            try:
                for control in requests:
                    controls.put(control)
            except grpc.RpcError:  # the client cancelled the session
                pass

        threading.Thread(target=read_controls, daemon=True).start()
        paused, applied, steps = first.open.paused, 0, 0

        def clock() -> media_pb2.PlaybackResponse:
            at = self.times[min(index, len(self.times) - 1)]
            return media_pb2.PlaybackResponse(
                clock=media_pb2.PlaybackClock(
                    position_us=at, speed=1.0, paused=paused, applied=applied
                )
            )

        track = media_pb2.PlaybackTrack(camera_id=camera, video=self.video)
        yield media_pb2.PlaybackResponse(
            started=media_pb2.PlaybackStarted(tracks=[track], clock=clock().clock)
        )
        while context.is_active() and index < len(self.packets):
            try:
                control = controls.get(timeout=0 if not paused and not steps else 0.05)
            except queue.Empty:
                control = None
            if control is not None:
                applied += 1
                action = control.WhichOneof("action")
                self.controls.append(action)
                if action == "pause":
                    paused = True
                elif action == "play":
                    paused = False
                elif action == "step":
                    steps += control.step.frames
                elif action == "seek":
                    target = (
                        control.seek.time.ToMicroseconds()
                        if control.seek.HasField("time")
                        else self.times[index] + control.seek.offset_us
                    )
                    index = self._keyframe_at(target)
                yield clock()
                continue
            if paused and steps <= 0:
                continue
            packet = self.packets[index]
            index += 1
            yield media_pb2.PlaybackResponse(
                packet=media_pb2.PlaybackPacket(camera_id=camera, packet=packet)
            )
            if paused:
                steps -= 1
            else:
                time.sleep(0.04)


@pytest.fixture
def media(recorded: Recorded) -> Iterator[tuple[Client, StandInMedia]]:
    video, packets = recorded_packets(recorded.volume, recorded.camera_id, "sub")
    servicer = StandInMedia(video, packets)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    media_pb2_grpc.add_MediaServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    client = Client(
        channel,
        server=f"127.0.0.1:{port}",
        timeout_s=5.0,
        login=auth_pb2.LoginResponse(token="stand-in", username="admin"),
        certificate_fingerprint=None,
    )
    yield client, servicer
    channel.close()
    server.stop(0)


def test_a_live_tile_shows_frames_whose_burned_in_clock_advances(
    qtbot: QtBot, recorded: Recorded, media: tuple[Client, StandInMedia]
) -> None:
    client, _ = media
    tile = VideoTile(0)
    tile.source_factory = lambda camera, stream: LiveSource(client, camera, stream)  # type: ignore[arg-type]
    tile.resize(320, 180)
    tile.show()
    qtbot.addWidget(tile)
    clocks: list[tuple[int, int]] = []

    def seen(time_us: int) -> None:
        assert tile.last_frame is not None
        value = clockcode.read(gray(tile.last_frame.image))
        if value is not None:
            clocks.append((time_us, value))

    tile.frame_shown.connect(seen)
    tile.set_camera(recorded.camera_id, "Gate")
    qtbot.waitUntil(lambda: len(clocks) >= 25, timeout=10_000)
    for time_us, value in clocks:
        assert loop_distance_ms(recorded.expected_clock_ms(time_us), value) < 150
    assert clocks[-1][0] - clocks[0][0] >= 800_000  # about a second of live
    tile.set_camera(None)


def test_instant_playback_pause_step_and_seek_move_the_shown_time(
    qtbot: QtBot, recorded: Recorded, media: tuple[Client, StandInMedia]
) -> None:
    client, servicer = media
    session = Session()
    session.adopt(client)
    view = PlaybackView(session, lambda text: None)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.set_cameras([cameras_pb2.Camera(id=recorded.camera_id, name="Gate")])
    at = recorded.start_us + 4 * S
    view.open_at([recorded.camera_id], at)
    tile = view.grid.tiles[0]
    qtbot.waitUntil(lambda: tile.frames_shown >= 10, timeout=10_000)
    frame = tile.last_frame
    assert frame is not None and at - 2 * S <= frame.time_us <= at + 3 * S
    shown = clockcode.read(gray(frame.image))
    assert shown is not None
    assert loop_distance_ms(recorded.expected_clock_ms(frame.time_us), shown) < 150
    qtbot.waitUntil(lambda: view.timeline.position_us is not None, timeout=5000)

    view.pause()
    qtbot.waitUntil(lambda: "pause" in servicer.controls, timeout=5000)
    time.sleep(0.3)
    QApplication.processEvents()
    paused_at = tile.last_frame.time_us  # type: ignore[union-attr]
    time.sleep(0.4)
    QApplication.processEvents()
    assert tile.last_frame.time_us == paused_at  # type: ignore[union-attr]

    view._step(1)
    qtbot.waitUntil(lambda: tile.last_frame.time_us > paused_at, timeout=5000)  # type: ignore[union-attr]
    assert tile.last_frame.time_us - paused_at <= 80_000  # type: ignore[union-attr]  # one frame

    before = tile.last_frame.time_us  # type: ignore[union-attr]
    view._seek_by(-3 * S)
    view.play()
    qtbot.waitUntil(lambda: tile.last_frame.time_us < before - S, timeout=5000)  # type: ignore[union-attr]
    assert servicer.controls[:2] == ["pause", "step"] and "seek" in servicer.controls

    # PLAY-05: the tile menu; switch camera at the same instant, then close it.
    view.set_cameras(
        [
            cameras_pb2.Camera(id=recorded.camera_id, name="Gate"),
            cameras_pb2.Camera(id=77, name="Annex"),
        ]
    )
    menu = view._tile_menu(tile)
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == ["Snapshot of this instant", "Reset digital zoom", "Add tag here"]
    assert texts[-1] == "Close"
    (switch,) = [a.menu() for a in menu.actions() if a.menu() is not None]
    assert [a.text() for a in switch.actions()] == ["Annex"]
    at = view.position()
    switch.actions()[0].trigger()
    qtbot.waitUntil(lambda: len(servicer.opens) == 2, timeout=5000)
    assert list(servicer.opens[1].camera_ids) == [77]
    assert servicer.opens[1].start_time.ToMicroseconds() == at
    qtbot.waitUntil(lambda: tile.camera_id == 77 and tile.frames_shown > 3, timeout=10_000)
    view.close_camera(77)
    assert view.camera_ids == [] and tile.camera_id is None
    view.stop()
    session.close()
