"""camsim ``--scene still --motion``: over RTSP, the decoded pictures differ from the
still background only by bounded noise, and inside the scripted region during the
scripted seconds, where the box is (the frames' loop time read from the clock strip)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import av
import numpy as np

from tests.support.bytecode import environment
from tests.support.camsim_process import CamsimProcess
from vedette_server.camsim import clockcode
from vedette_server.camsim.scene import changing_overlays, parse_motion

SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
MAIN_W, MAIN_H = 640, 360  # tests.conftest.SMALL
READ_LIMIT_S = 90.0  # generous: the machine may be loaded
NOISE_BLOCK_LIMIT = 6.0  # mean |frame − background| of an 8×8 block outside any motion
BOX_LIMIT = 40.0  # the checkerboard box differs from the background by far more


def read_loop(url: str) -> dict[int, np.ndarray]:
    """One luma picture per loop time (ms, from the clock strip), until a whole 10 s
    loop of 15 fps frames was seen."""
    pictures: dict[int, np.ndarray] = {}
    deadline = time.monotonic() + READ_LIMIT_S
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=20) as container:
        for frame in container.decode(video=0):
            luma = frame.to_ndarray(format="gray")
            loop_ms = clockcode.read(luma)
            assert loop_ms is not None, "every still-scene frame carries its clock"
            pictures.setdefault(loop_ms, luma)
            if len(pictures) >= 150 or time.monotonic() > deadline:
                break
    assert len(pictures) >= 150, f"only {len(pictures)} distinct frames of the loop"
    return pictures


def block_means(diff: np.ndarray, size: int = 8) -> np.ndarray:
    h, w = (diff.shape[0] // size) * size, (diff.shape[1] // size) * size
    return diff[:h, :w].reshape(h // size, size, w // size, size).mean(axis=(1, 3))


def test_still_scene_shows_the_box_only_where_and_when_scripted(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    camsim = camsim_factory("--fps", "15", "--scene", "still", "--motion", SCRIPT)
    pictures = read_loop(camsim.url("cam1", "sub"))
    motion = parse_motion(SCRIPT)
    height, width = next(iter(pictures.values())).shape
    moving = {ms for ms in pictures if motion.start_s * 1000 <= ms < motion.end_s * 1000}
    assert len(moving) == 45  # 3 s at 15 fps
    still = [p for ms, p in pictures.items() if ms not in moving]
    background = np.median(np.stack(still), axis=0)
    # Pixels no test looks at: the changing overlays (scaled from the main picture's
    # size, with a margin for the scaling) and the region, which the box crosses.
    ignored = np.zeros((height, width), bool)
    sx, sy = width / MAIN_W, height / MAIN_H
    for x0, y0, x1, y1 in changing_overlays(MAIN_W, MAIN_H):
        ignored[max(0, int(y0 * sy) - 2) : int(y1 * sy) + 2, int(x0 * sx) : int(x1 * sx)] = True
    left, top, right, bottom = motion.region_px(width, height)
    region = np.zeros((height, width), bool)
    region[top:bottom, left:right] = True
    quiet = ~(ignored | region)
    for ms, picture in sorted(pictures.items()):
        diff = np.abs(picture.astype(np.float32) - background)
        outside = block_means(np.where(quiet, diff, 0.0))
        assert outside.max() <= NOISE_BLOCK_LIMIT, f"at {ms} ms outside the region"
        in_region = block_means(diff[top:bottom, left:right])
        box = motion.box_at(round(ms * 15 / 1000) / 15, width, height)
        if box is None:
            assert in_region.max() <= NOISE_BLOCK_LIMIT, f"at {ms} ms: no box yet or any more"
            continue
        x0, y0, x1, y1 = box
        inside = diff[y0 + 3 : y1 - 3, x0 + 3 : x1 - 3]
        assert inside.mean() > BOX_LIMIT, f"at {ms} ms the box is at {box}"
        beside = np.ones(region.shape, bool)
        beside[y0 - 3 : y1 + 3, x0 - 3 : x1 + 3] = False
        rest = block_means(np.where(beside & region, diff, 0.0))
        assert rest.max() <= NOISE_BLOCK_LIMIT, f"at {ms} ms: only the box moves in the region"


def test_bad_motion_scripts_are_refused_before_anything_starts() -> None:
    base = [sys.executable, "-m", "vedette_server.camsim.cli", "--cameras", "1"]
    for args, words in [
        (["--motion", "cam1:1-2:box@0,0,0.5,0.5"], "--scene still"),
        (["--scene", "still", "--motion", "cam2:1-2:box@0,0,0.5,0.5"], "no camera named"),
        (["--scene", "still", "--motion", "cam1:5-12:box@0,0,0.5,0.5"], "ends after"),
        (["--scene", "still", "--motion", "cam1:1-2:box@0.9,0,0.5,0.5"], "inside the picture"),
        (["--scene", "still", "--motion", "cam1:1-2"], "expected"),
    ]:
        result = subprocess.run(
            [*base, "--rtsp-port", "0", *args],
            env=environment(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert words in result.stderr
