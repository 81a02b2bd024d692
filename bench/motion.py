"""motion: CPU of motion detection per camera (decode + analysis in one process), against
decoding alone with the ffmpeg CLI.

    .venv/bin/python bench/motion.py                      # 120 s clip × 5 runs; 16 cameras × 30 s
    .venv/bin/python bench/motion.py --clip-seconds 20 --runs 2 --cameras 2 --seconds 10  # smoke

The stream is camsim's still scene with scripted motion (``--scene still --motion
5-8:box@0.1,0.4,0.4,0.3``): H.264 640x360 at 512 kbit/s, 15 fps, a keyframe every 2 s,
no B-frames (camsim's sub stream settings), analysed at 5 fps, sensitivity 6.

- clip: camsim's cached loop repeated to ``--clip-seconds`` in memory, fed through
  ``FrameDecoder`` + ``MotionDetector`` (vedette_server.motion) in this process, one
  thread; CPU = ``time.process_time()``. Also: PyAV decoding every frame without
  analysis (the decode share), and the peer, ``ffmpeg -threads 1 -f h264 -i clip.h264
  -f null -`` on the same access units (decode only; CPU from the child's rusage,
  start-up included). Each run's events are checked against the script (one per loop
  pass), so nothing wins by not detecting.
- rtsp: ``vedette-camsim --cameras N`` (another process, not counted) serves the
  stream; this process reads the N streams with the native RTSP source (as ingest
  does, reading every 0.2 s), one thread per camera, first only reading (baseline), then
  reading + decoding + analysing; CPU of this process over the window
  (``--seconds``) after ``--warmup``.

Peers quoted, not run here: the research note's measurement (≈ 1.1 % of one core per
camera for the same stream, 2-vCPU AMD EPYC) and Frigate's published figure as issue 14
quotes it (8 cameras 640x480 at 7 fps: 5–10 % CPU).

Targets (issue 14): ≤ 2 % of one core per camera; 16 cameras ≤ 35 %.
Results: ``bench/results/motion-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import platformdirs
from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.camsim_process import start_camsim  # noqa: E402

from vedette_api.media.packet import Codec  # noqa: E402
from vedette_server.camsim.content import (  # noqa: E402
    ContentSpec,
    LoopFrame,
    StreamProfile,
    ensure_encoded,
    load_loop,
)
from vedette_server.camsim.scene import parse_motion  # noqa: E402
from vedette_server.ingest.native_source import (  # noqa: E402
    RECORDING_READ_INTERVAL_S,
    NativeRtspSource,
)
from vedette_server.motion import grid  # noqa: E402
from vedette_server.motion.config import MotionArea, MotionConfig  # noqa: E402
from vedette_server.motion.decode import FrameDecoder  # noqa: E402
from vedette_server.motion.detector import MotionDetector  # noqa: E402

NAME = "motion"
FPS, LOOP_S, SIZE, KBPS = 15, 10, "640x360", 512
SCRIPT = "5-8:box@0.1,0.4,0.4,0.3"
SPEC = replace(
    ContentSpec("cam1", Codec.H264, StreamProfile.parse(SIZE, KBPS), None, FPS, LOOP_S),
    scene="still",
    motions=(parse_motion(SCRIPT),),
)
TARGET_PER_CAMERA, TARGET_16 = 2.0, 35.0
RESEARCH_PER_CAMERA = 1.1
FRIGATE = "8 cameras 640x480 at 7 fps: 5-10 % CPU (published; as issue 14 quotes it)"


def config() -> MotionConfig:
    """Sensitivity 6, the picture without camsim's clock text and strip (rows 3..15)."""
    body = grid.cells_in_rect(0, 3 / 18, 1, 13 / 18)
    return MotionConfig(sensitivity=6, hold_s=1.0, areas=(MotionArea("body", body),))


def clip(frames: list[LoopFrame], seconds: int) -> list[tuple[bytes, bool, int]]:
    count = seconds * FPS
    return [
        (frames[i % len(frames)].data, frames[i % len(frames)].keyframe, round(i * 1e6 / FPS))
        for i in range(count)
    ]


def run_ours(units: list[tuple[bytes, bool, int]], params: Any) -> tuple[float, int, int]:
    """CPU seconds of decode + analysis, events started, frames analysed."""
    started = time.process_time()
    decoder = FrameDecoder(params, fps=5)
    detector = MotionDetector(config())
    events = 0
    for data, keyframe, pts in units:
        for frame in decoder.decode(data, keyframe, pts):
            events += detector.feed(frame.luma, frame.pts_us).started is not None
    return time.process_time() - started, events, decoder.stats.analysed


def run_decode_only(units: list[tuple[bytes, bool, int]], params: Any) -> float:
    started = time.process_time()
    ctx = av.CodecContext.create("h264", "r")
    ctx.extradata = params.extradata
    ctx.thread_count = 1
    for data, _, _ in units:
        for frame in ctx.decode(av.Packet(data)):
            _ = frame.planes[0]
    return time.process_time() - started


def run_ffmpeg(path: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-threads", "1", "-f", "h264",
         "-framerate", str(FPS), "-i", str(path), "-f", "null", "-"],
        check=True, timeout=600,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_clip(args: argparse.Namespace, cache_dir: Path) -> dict[str, Any]:
    ensure_encoded([SPEC], cache_dir)
    loop = load_loop(SPEC.paths(cache_dir)["main"], Fraction(FPS), SPEC.frames)
    units = clip(loop.frames, args.clip_seconds)
    passes = args.clip_seconds // LOOP_S
    ours, decode, ffmpeg = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clip.h264"
        path.write_bytes(b"".join(data for data, _, _ in units))
        for run in range(args.runs):
            cpu, events, analysed = run_ours(units, loop.params)
            if events != passes:
                raise RuntimeError(f"run {run}: {events} events, expected {passes}")
            ours.append(cpu / args.clip_seconds * 100)
            decode.append(run_decode_only(units, loop.params) / args.clip_seconds * 100)
            ffmpeg.append(run_ffmpeg(path) / args.clip_seconds * 100)
            print(
                f"clip run {run}: ours {ours[-1]:.2f} %, PyAV decode {decode[-1]:.2f} %,"
                f" ffmpeg {ffmpeg[-1]:.2f} % of one core ({analysed} frames analysed)",
                flush=True,
            )
    median = statistics.median(ours)
    return {
        "clip_seconds": args.clip_seconds,
        "runs": args.runs,
        "events_per_run": passes,
        "ours_percent_of_one_core": [round(v, 3) for v in ours],
        "ours_median": round(median, 3),
        "pyav_decode_only_median": round(statistics.median(decode), 3),
        "ffmpeg_decode_only_median": round(statistics.median(ffmpeg), 3),
        "ratio_ours_over_ffmpeg_decode": round(median / statistics.median(ffmpeg), 2),
        "ratio_ours_over_research": round(median / RESEARCH_PER_CAMERA, 2),
        "target_per_camera": TARGET_PER_CAMERA,
        "target_met": median <= TARGET_PER_CAMERA,
    }


def read_streams(urls: list[str], analyse: bool, warmup: float, seconds: float) -> dict[str, Any]:
    """Read (and analyse) every URL in its own thread; CPU of this process over the window."""
    stop = threading.Event()
    counts = {"analysed": [0] * len(urls), "events": [0] * len(urls), "packets": [0] * len(urls)}
    errors: list[str] = []

    def reader(index: int, url: str) -> None:
        source = NativeRtspSource(url, connect_timeout_s=30, read_timeout_s=30, record_audio=False)
        try:
            tracks = source.open()
            source.read_interval_s = RECORDING_READ_INTERVAL_S
            decoder = FrameDecoder(tracks[0], fps=5) if analyse else None
            detector = MotionDetector(config())
            for packet in source.packets():
                counts["packets"][index] += 1
                if decoder is not None:
                    for frame in decoder.decode(packet.data, packet.keyframe, packet.pts_us):
                        result = detector.feed(frame.luma, frame.pts_us)
                        counts["analysed"][index] += 1
                        counts["events"][index] += result.started is not None
                if stop.is_set():
                    break
        except Exception as error:  # reported in the results, never a silent thread death
            errors.append(f"{url}: {type(error).__name__}: {error}")
        finally:
            source.close()

    threads = [
        threading.Thread(target=reader, args=(i, u), daemon=True) for i, u in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    before = {k: list(v) for k, v in counts.items()}
    cpu0, wall0 = time.process_time(), time.monotonic()
    time.sleep(seconds)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    after = {k: list(v) for k, v in counts.items()}
    stop.set()
    for thread in threads:
        thread.join(60)
    percent = cpu / wall * 100

    def per_camera_per_s(key: str) -> float:
        done = sum(after[key]) - sum(before[key])
        return round(done / len(urls) / wall, 2)

    return {
        "cpu_percent_of_one_core": round(percent, 2),
        "per_camera": round(percent / len(urls), 3),
        "packets_per_camera_per_s": per_camera_per_s("packets"),
        "analysed_per_camera_per_s": per_camera_per_s("analysed"),
        "events_per_camera": after["events"],
        "errors": errors,
        "loadavg_at_end": [round(v, 2) for v in os.getloadavg()],
    }


def measure_rtsp(args: argparse.Namespace, cache_dir: Path) -> dict[str, Any]:
    camsim = start_camsim(
        "--main", SIZE, "--main-kbps", str(KBPS), "--sub", "none", "--fps", str(FPS),
        "--loop-seconds", str(LOOP_S), "--scene", "still", "--motion", SCRIPT,
        "--cache-dir", str(cache_dir),
        cameras=args.cameras,
    )  # fmt: skip
    try:
        urls = [camsim.url(f"cam{i}", "main") for i in range(1, args.cameras + 1)]
        baseline = read_streams(urls, False, args.warmup, args.seconds)
        print(f"rtsp read only: {baseline['cpu_percent_of_one_core']} % of one core", flush=True)
        motion = read_streams(urls, True, args.warmup, args.seconds)
        print(f"rtsp read + motion: {motion['cpu_percent_of_one_core']} % of one core", flush=True)
    finally:
        camsim.stop()
    added = motion["cpu_percent_of_one_core"] - baseline["cpu_percent_of_one_core"]
    return {
        "cameras": args.cameras,
        "window_s": args.seconds,
        "read_only": baseline,
        "read_and_motion": motion,
        "motion_added_percent_of_one_core": round(added, 2),
        "motion_added_per_camera": round(added / args.cameras, 3),
        "target_16_cameras": TARGET_16,
        "target_met": motion["cpu_percent_of_one_core"] * 16 / args.cameras <= TARGET_16,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clip-seconds", type=int, default=120, help="a multiple of 10")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cameras", type=int, default=16, help="RTSP cameras (0: skip)")
    p.add_argument("--seconds", type=float, default=30.0, help="RTSP measurement window")
    p.add_argument("--warmup", type=float, default=8.0)
    p.add_argument("--cache-dir", type=Path)
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    if args.clip_seconds < LOOP_S or args.clip_seconds % LOOP_S:
        p.error("--clip-seconds must be a multiple of 10")
    cache_dir = args.cache_dir or Path(platformdirs.user_cache_dir("vedette")) / "camsim"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    results: dict[str, Any] = {
        "machine": machine_info(stream=f"H.264 {SIZE} {KBPS} kbit/s {FPS} fps, analysed 5 fps"),
        "peers_quoted": {"research_per_camera": RESEARCH_PER_CAMERA, "frigate": FRIGATE},
    }
    results["clip"] = measure_clip(args, cache_dir)
    if args.cameras:
        results["rtsp"] = measure_rtsp(args, cache_dir)
    results["machine"]["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    c = results["clip"]
    print(
        f"\nper camera (clip, median of {c['runs']}): {c['ours_median']} % of one core"
        f" (target ≤ {TARGET_PER_CAMERA}; research {RESEARCH_PER_CAMERA}; ffmpeg decode"
        f" only {c['ffmpeg_decode_only_median']}, ratio {c['ratio_ours_over_ffmpeg_decode']})"
    )
    if "rtsp" in results:
        r = results["rtsp"]
        both, alone = r["read_and_motion"], r["read_only"]
        print(
            f"{r['cameras']} cameras over RTSP: {both['cpu_percent_of_one_core']} % of one"
            f" core (read only {alone['cpu_percent_of_one_core']} %)"
        )
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
