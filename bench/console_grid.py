"""console_grid: the console's live grid offscreen, fed with recorded packets at 25 fps.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/console_grid.py            # 20 s each
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/console_grid.py --seconds 8  # smoke test

Two scenarios, each in a 1920x1080 main window of the real console widgets
(``LiveGrid`` → ``VideoTile`` → ``DecoderThread`` → PyAV → ``QImage`` → paint):

- ``sub16``: 16 tiles on camsim's sub stream (H.264 640x360, 25 fps, 512 kbit/s);
- ``main4``: 4 tiles on camsim's main stream (H.264 1920x1080, 25 fps, 4 Mbit/s).

The packets are camsim's encoded loop (``camsim.content``: the access units a
recording of camsim holds), replayed per tile by ``ReplaySource`` at their recorded
pace (25 fps), looped, each tile starting at a different offset of the wall clock.
Measured over the run, after a 2 s warm-up: frames shown per second per tile
(median, min), frames decoded and dropped, the process's CPU (user + system, in
cores) and its peak RSS. Targets (issue 6): 16 sub tiles all at 25 fps using at most
one core; 4 main tiles at ≥ 20 fps each.

A third measurement, ``decode_threads``, checks whether PyAV decoding scales over
threads (the GIL released while FFmpeg decodes): 1080p frames decoded per second
by one thread, then by two threads at once.

Results: ``bench/results/console_grid-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import platformdirs
import psutil
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from vedette_api.media.packet import Codec
from vedette_api.v1 import common_pb2, media_pb2
from vedette_console.video.sources import ReplaySource
from vedette_console.widgets.grid import LiveGrid
from vedette_server.camsim.content import ContentSpec, StreamProfile, ensure_encoded, load_loop

NAME = "console_grid"
REPO = Path(__file__).resolve().parent.parent
SPEC = ContentSpec(
    "cam1",
    Codec.H264,
    StreamProfile.parse("1920x1080", 4000),
    StreamProfile.parse("640x360", 512),
    25,
    10,
)
FPS = 25
START_US = 1_767_225_600_000_000


def loop_packets(
    cache_dir: Path, stream: str
) -> tuple[media_pb2.CodecParameters, list[media_pb2.MediaPacket]]:
    loop = load_loop(SPEC.paths(cache_dir)[stream], Fraction(FPS), SPEC.frames)
    params = loop.params
    video = media_pb2.CodecParameters(
        codec=media_pb2.CODEC_H264,
        extradata=params.extradata,
        width=params.width,
        height=params.height,
        frame_rate_num=FPS,
        frame_rate_den=1,
    )
    frame_us = 1_000_000 // FPS
    packets = [
        media_pb2.MediaPacket(
            kind=media_pb2.PACKET_KIND_VIDEO,
            timestamp_us=START_US + i * frame_us,
            duration_us=frame_us,
            keyframe=frame.keyframe,
            data=frame.data,
        )
        for i, frame in enumerate(loop.frames)
    ]
    return video, packets


def run_grid(
    app: QApplication,
    tiles: int,
    stream: int,
    video: media_pb2.CodecParameters,
    packets: list[media_pb2.MediaPacket],
    seconds: float,
    warmup: float = 2.0,
) -> dict[str, Any]:
    window = QMainWindow()
    grid = LiveGrid(lambda camera, s: ReplaySource(video, packets, loop=True))
    window.setCentralWidget(grid)
    window.resize(1920, 1080)
    grid.set_layout(tiles)
    grid.set_override(stream)
    window.show()
    app.processEvents()
    for index, tile in enumerate(grid.layout_tiles()):
        grid.assign(tile, index + 1)
    process = psutil.Process()

    def pump(duration: float) -> None:
        """Run Qt's own event loop (as the console does) for ``duration`` seconds."""
        loop = QEventLoop()
        QTimer.singleShot(int(duration * 1000), loop.quit)
        loop.exec()

    pump(warmup)
    shown0 = [t.frames_shown for t in grid.layout_tiles()]
    stats0 = [(t.stats.decoded, t.stats.dropped) for t in grid.layout_tiles()]  # type: ignore[attr-defined]
    cpu0 = process.cpu_times()
    started = time.monotonic()
    peak_rss = process.memory_info().rss
    end = started + seconds
    while time.monotonic() < end:
        pump(0.5)
        peak_rss = max(peak_rss, process.memory_info().rss)
    elapsed = time.monotonic() - started
    cpu1 = process.cpu_times()
    fps = [
        (t.frames_shown - s0) / elapsed for t, s0 in zip(grid.layout_tiles(), shown0, strict=True)
    ]
    decoded = sum(
        t.stats.decoded - d0 for t, (d0, _) in zip(grid.layout_tiles(), stats0, strict=True)
    )  # type: ignore[attr-defined]
    dropped = sum(
        t.stats.dropped - x0 for t, (_, x0) in zip(grid.layout_tiles(), stats0, strict=True)
    )  # type: ignore[attr-defined]
    sizes = {f"{t.width()}x{t.height()}" for t in grid.layout_tiles()}
    threads = grid.shutdown()
    for thread in threads:
        thread.join(2)
    window.close()
    app.processEvents()
    cpu_s = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    return {
        "tiles": tiles,
        "stream": f"{video.width}x{video.height}",
        "tile_sizes": sorted(sizes),
        "seconds": round(elapsed, 2),
        "fps_per_tile": [round(f, 2) for f in fps],
        "fps_median": round(statistics.median(fps), 2),
        "fps_min": round(min(fps), 2),
        "frames_decoded": decoded,
        "frames_dropped": dropped,
        "dropped_ratio": round(dropped / decoded, 4) if decoded else None,
        "cpu_cores": round(cpu_s / elapsed, 3),
        "peak_rss_mb": round(peak_rss / 2**20, 1),
    }


def decode_threads(
    video: media_pb2.CodecParameters, packets: list[media_pb2.MediaPacket], frames: int
) -> dict[str, Any]:
    """1080p frames/s decoded by one thread, and by two at once."""

    def work(result: list[float]) -> None:
        codec = av.CodecContext.create("h264", "r")
        codec.extradata = video.extradata
        codec.thread_type = "SLICE"
        codec.thread_count = 1
        codec.open()
        started, count = time.perf_counter(), 0
        while count < frames:
            for packet in packets:
                count += len(codec.decode(av.Packet(packet.data)))  # type: ignore[attr-defined]
                if count >= frames:
                    break
        result.append(count / (time.perf_counter() - started))

    one: list[float] = []
    work(one)
    two: list[float] = []
    threads = [threading.Thread(target=work, args=(two,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "frames_per_thread": frames,
        "one_thread_fps": round(one[0], 1),
        "two_threads_total_fps": round(sum(two), 1),
        "scaling": round(sum(two) / one[0], 2),
        "cores": os.cpu_count(),
    }


def machine_info() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "python": sys.version.split()[0],
        "pyav": av.__version__,
        "loadavg_at_start": [round(v, 2) for v in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--seconds", type=float, default=20.0, help="measured seconds per scenario")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument(
        "--cache-dir", type=Path, default=Path(platformdirs.user_cache_dir("vedette")) / "camsim"
    )
    args = p.parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    if ensure_encoded([SPEC], args.cache_dir):
        print("encoded camsim's loops (once)", file=sys.stderr)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    sub = loop_packets(args.cache_dir, "sub")
    main_ = loop_packets(args.cache_dir, "main")
    results = {
        "sub16": run_grid(app, 16, common_pb2.STREAM_SUB, *sub, args.seconds),
        "main4": run_grid(app, 4, common_pb2.STREAM_MAIN, *main_, args.seconds),
        "decode_threads": decode_threads(*main_, frames=250),
    }
    report = {
        "benchmark": NAME,
        "started": stamp,
        "machine": machine_info(),
        "parameters": {"seconds": args.seconds, "fps": FPS},
        "results": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    for name in ("sub16", "main4"):
        r = results[name]
        print(
            f"{name}: {r['tiles']} tiles of {r['stream']} shown at {r['fps_median']} fps "
            f"median (min {r['fps_min']}), dropped {r['frames_dropped']}/{r['frames_decoded']}, "
            f"CPU {r['cpu_cores']} cores, peak RSS {r['peak_rss_mb']} MB"
        )
    d = results["decode_threads"]
    print(
        f"decode 1080p: 1 thread {d['one_thread_fps']} fps, 2 threads {d['two_threads_total_fps']}"
        f" fps together (x{d['scaling']})"
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
