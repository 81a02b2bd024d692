"""HiDPI (issue 16 §3): a tile chooses the sub or main stream by the pixels it
really shows (device pixels), so a tile that is small in logical pixels on a 2×
screen gets the main stream. Qt reads QT_SCALE_FACTOR once, before the application
exists, so each scale runs in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.recorded import Recorded
from vedette_api.v1 import common_pb2

pytestmark = pytest.mark.interop

#: The child: a tile 240×150 logical pixels on recorded pictures of the camera,
#: reporting its pixel ratio, the streams it asked for and the size it decodes at.
CHILD = """
import json, sys, time
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pathlib import Path
from tests.support.recorded_packets import recorded_packets
from vedette_console.video.sources import ReplaySource
from vedette_console.widgets.tile import VideoTile

volume, camera = Path(sys.argv[1]), int(sys.argv[2])
app = QApplication([])
asked = []
def factory(camera_id, stream):
    asked.append(stream)
    video, packets = recorded_packets(volume, camera, "main" if stream == 1 else "sub", limit=60)
    return ReplaySource(video, packets, loop=True)
tile = VideoTile(0)
tile.source_factory = factory
tile.resize(QSize(240, 150))
tile.show()
app.processEvents()
tile.set_camera(camera, "Gate")
deadline = time.monotonic() + 30
while tile.frames_shown == 0 and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
frame = tile.last_frame
print(json.dumps({
    "ratio": tile.devicePixelRatioF(),
    "asked": asked,
    "frames": tile.frames_shown,
    "picture": None if frame is None else [frame.image.width(), frame.image.height()],
}), flush=True)
thread = tile.shutdown()
if thread is not None:  # joined before the interpreter ends: a daemon decoder
    thread.join(30)     # still emitting into a destroyed QApplication crashes
"""


def run_tile(recorded: Recorded, scale: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(recorded.volume), str(recorded.camera_id)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_a_small_tile_on_a_2x_screen_gets_the_main_stream(recorded: Recorded) -> None:
    at_1 = run_tile(recorded, "1")
    at_2 = run_tile(recorded, "2")
    # 150 logical pixels: the sub stream at scale 1 ...
    assert at_1["ratio"] == 1 and at_1["asked"] == [common_pb2.STREAM_SUB]
    # ... 300 device pixels at scale 2: the main stream, decoded at device pixels.
    assert at_2["ratio"] == 2 and at_2["asked"] == [common_pb2.STREAM_MAIN]
    assert isinstance(at_2["frames"], int) and at_2["frames"] > 0
    picture = at_2["picture"]
    assert isinstance(picture, list) and picture[1] > 150  # more than the logical height
