"""Motion detection end to end on loopback: camsim's still scene with a scripted box,
read by the native RTSP source (as ingest reads cameras), decoded by ``FrameDecoder`` and
analysed by ``MotionDetector``. Times are stream timestamps; the first moving frame is
found through the clock strip burned into each picture."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.support.camsim_process import CamsimProcess
from vedette_server.camsim import clockcode
from vedette_server.camsim.scene import parse_motion
from vedette_server.ingest.native_source import NativeRtspSource
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.decode import DecodeStats, FrameDecoder
from vedette_server.motion.detector import MotionDetector, MotionResult

SCRIPT = "cam1:3-6:box@0.1,0.4,0.4,0.3"
FPS = 15
HOLD_S = 2.0
CLEAN_FRAMES = 30  # analysed frames of the damaged stream (6 s)
READ_LIMIT_S = 120.0  # generous: the machine may be loaded
#: Rows 3..15: the picture without the clock text and the clock strip (camsim.scene).
BODY = grid.cells_in_rect(0, 3 / 18, 1, 13 / 18)


@dataclass
class Watched:
    results: list[MotionResult] = field(default_factory=list)
    #: (pts_us, loop ms from the clock strip) of every analysed frame
    clocks: list[tuple[int, int | None]] = field(default_factory=list)
    stats: DecodeStats | None = None
    error: BaseException | None = None


def watch(url: str, config: MotionConfig, done: Callable[[Watched], bool]) -> Watched:
    """Read ``url`` until ``done`` says so (or READ_LIMIT_S), detecting motion."""
    watched = Watched()
    source = NativeRtspSource(url, connect_timeout_s=20, read_timeout_s=20, record_audio=False)
    try:
        tracks = source.open()
        decoder = FrameDecoder(tracks[0], fps=config.fps)
        detector = MotionDetector(config)
        watched.stats = decoder.stats  # counted as it goes
        deadline = time.monotonic() + READ_LIMIT_S
        for packet in source.packets():
            for frame in decoder.decode(packet.data, packet.keyframe, packet.pts_us):
                watched.results.append(detector.feed(frame.luma, frame.pts_us))
                watched.clocks.append((frame.pts_us, clockcode.read(frame.luma)))
            if done(watched) or time.monotonic() > deadline:
                break
    finally:
        source.close()
    return watched


def in_thread(target: Callable[[], Watched]) -> Callable[[], Watched]:
    box: list[Watched] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            box.append(target())
        except BaseException as error:  # reported by the joining test
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def join() -> Watched:
        thread.join(READ_LIMIT_S + 60)
        assert not thread.is_alive(), "the reader did not stop"
        if errors:
            raise errors[0]
        return box[0]

    return join


def test_scripted_motion_starts_and_ends_events_on_stream_time_and_nothing_else_does(
    camsim_factory: Callable[..., CamsimProcess],
) -> None:
    motion = parse_motion(SCRIPT)
    camsim = camsim_factory(
        "--fps", str(FPS), "--scene", "still", "--motion", SCRIPT,
        "--fault", "cam2/sub:corrupt=0.1",
        cameras=2,
    )  # fmt: skip
    box_area = MotionArea("box", grid.cells_in_rect(motion.x, motion.y, motion.w, motion.h))
    far_area = MotionArea("far", grid.cells_in_rect(0.6, 0.2, 0.35, 0.6))
    config = MotionConfig(sensitivity=6, hold_s=HOLD_S, areas=(box_area, far_area))
    ended = lambda w: sum(r.ended is not None for r in w.results) >= 2  # noqa: E731
    damaged_enough = lambda w: (  # noqa: E731
        len(w.results) >= CLEAN_FRAMES and w.stats is not None and w.stats.damaged >= 3
    )
    moving = in_thread(lambda: watch(camsim.url("cam1", "sub"), config, ended))
    body = MotionConfig(sensitivity=8, hold_s=HOLD_S, areas=(MotionArea("body", BODY),))
    corrupt = in_thread(lambda: watch(camsim.url("cam2", "sub"), body, damaged_enough))
    cam1, cam2 = moving(), corrupt()

    # cam1: every event matches a pass of the box, by stream time.
    events = [(r.started, r) for r in cam1.results if r.started is not None]
    ends = [r.ended for r in cam1.results if r.ended is not None]
    assert len(ends) >= 2, f"two passes of the box were seen: {ends}"
    frame_us = 1_000_000 / FPS
    loop_us = 10_000_000
    # Passes that began before the detector had its background are not judged.
    warm_us = cam1.results[0].pts_us + 1_000_000
    checked = 0
    for end in ends:
        assert end is not None and end.last_motion_us is not None
        # The first moving frame of this pass: from any analysed frame of the pass,
        # back by its loop time since the scripted start (the clock strip says it).
        in_pass = [
            (pts, ms)
            for pts, ms in cam1.clocks
            if ms is not None
            and motion.start_s * 1000 <= ms < motion.end_s * 1000
            and end.start_us - 1_000_000 <= pts <= end.last_motion_us
        ]
        assert in_pass, f"no analysed frame of the pass for {end}"
        pts, ms = in_pass[0]
        first_us = pts - (ms - motion.start_s * 1000) * 1000
        if first_us < warm_us:
            continue  # reading started during this pass
        checked += 1
        last_us = first_us + (motion.end_s - motion.start_s) * 1_000_000 - frame_us
        assert first_us <= end.start_us <= first_us + 1_000_000, (first_us, end)
        assert end.end_us is not None
        assert last_us <= end.end_us <= last_us + (HOLD_S + 1) * 1_000_000, (last_us, end)
        assert end.end_us - end.start_us < loop_us
    assert checked >= 1 and len(events) >= len(ends)
    assert all(r.areas in ((), ("box",)) for r in cam1.results), "the far area sees nothing"
    # cam2: a still scene with damaged frames (10 %; each spoils the rest of its GOP,
    # which is left out), never motion.
    assert cam2.stats is not None and cam2.stats.damaged >= 3, "the fault damaged frames"
    assert cam2.stats.analysed >= CLEAN_FRAMES and cam2.stats.discarded > 0
    assert not any(r.motion for r in cam2.results), [r.pts_us for r in cam2.results if r.motion]
