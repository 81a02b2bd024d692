"""thumbnails: 60 thumbnails of one hour (the minute view), cold and warm, through the
gRPC API over TLS, against 60 ``ffmpeg -ss T -i segment.mp4 -frames:v 1`` calls.

    .venv/bin/python bench/thumbnails.py                      # 60 min, 7 cold + 20 warm runs
    .venv/bin/python bench/thumbnails.py --minutes 10 --cold 3 --warm 5   # smoke test

The recording is camsim's cam1 sub stream (H.264 640x360, 25 fps, 512 kbit/s, 2 s
GOP), the stream thumbnails prefer, built from camsim's cached loop instead of
waiting an hour (as bench/export.py does):

- ours: Vedette segment files of 60 s with their catalog rows (keyframe index), in a
  data directory served by a real ``vedette-server`` child process (TLS, the gate,
  two decoder worker processes); the client asks ``GetThumbnails`` for ``count``
  instants spread over the hour at 320 px wide and reads the 60 JPEGs from the stream.
  *Cold*: instants never rendered before (each run shifts them by one GOP, so no
  keyframe is in the cache; the files are in the page cache, as the warm-up put them
  there). *Warm*: the same request again, answered from the thumbnail cache.
- peer: the same packets as 60 s MP4 files (FFmpeg's segment muxer through PyAV), and
  for each instant one ``ffmpeg -ss OFFSET -noaccurate_seek -i seg.mp4 -frames:v 1
  -vf scale=320:-2 out.jpg`` child process, one after the other: the keyframe at or
  before the instant, scaled and encoded as JPEG — the same work as ours.

Reported: medians and p99 of the 60-thumbnail wall time, the ratio ours-cold / ffmpeg
(target ≤ 0.2), and the targets cold ≤ 250 ms, warm ≤ 30 ms.
Results: ``bench/results/thumbnails-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import platformdirs

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from machine import machine_info  # noqa: E402
from tests.support.server_process import init_data_dir, start_server  # noqa: E402

from vedette_api.media.packet import Codec, MediaPacket, PacketKind  # noqa: E402
from vedette_api.media.segment_header import SegmentHeader  # noqa: E402
from vedette_server.camsim.content import (  # noqa: E402
    ContentSpec,
    StreamProfile,
    ensure_encoded,
    load_loop,
)
from vedette_server.storage import SegmentWriter, segment_relpath  # noqa: E402

NAME = "thumbnails"
SPEC = ContentSpec(
    "cam1",
    Codec.H264,
    StreamProfile.parse("1920x1080", 4000),
    StreamProfile.parse("640x360", 512),
    25,
    10,
)
START_US = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z
SEGMENT_S = 60
GOP_US = 2_000_000
TARGET_COLD_S, TARGET_WARM_S, TARGET_RATIO = 0.250, 0.030, 0.2


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def figures(walls: list[float]) -> dict[str, Any]:
    return {
        "median_s": round(statistics.median(walls), 4),
        "p99_s": round(p99(walls), 4),
        "min_s": round(min(walls), 4),
        "runs_s": [round(w, 4) for w in walls],
    }


# -- the recordings -----------------------------------------------------------------------


def build_data_dir(cache_dir: Path, data: Path, minutes: int) -> int:
    """A data directory whose catalog lists ``minutes`` of sub-stream segments of one
    disabled camera; returns the camera's id. Blocking, a few seconds."""
    from vedette_server.catalog import open_catalog
    from vedette_server.catalog.models import Camera, Segment, Volume

    result = init_data_dir(data)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    root = data / "bench-volume"
    catalog = open_catalog(data / "catalog.sqlite3")
    try:
        volume = Volume.insert(uuid=str(uuid.uuid4()), path=str(root), state="read_write").execute()
        camera = Camera.insert(
            name="bench", main_url="rtsp://127.0.0.1:9/none", enabled=False,
            created_us=START_US, updated_us=START_US,
        ).execute()  # fmt: skip
        loop = load_loop(SPEC.paths(cache_dir)["sub"], Fraction(SPEC.fps), SPEC.frames)
        frame_us = 1_000_000 // SPEC.fps
        per_segment = SEGMENT_S * SPEC.fps
        for first in range(0, minutes * 60 * SPEC.fps, per_segment):
            start_us = START_US + first * frame_us
            relpath = segment_relpath(int(camera), "sub", start_us)
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            header = SegmentHeader(int(camera), "sub", start_us, (loop.params,))
            writer = SegmentWriter.create(path, header, fsync_interval_s=3600.0)
            for index in range(first, first + per_segment):
                frame = loop.frames[index % len(loop.frames)]
                writer.append_packet(
                    MediaPacket(
                        PacketKind.VIDEO, START_US + index * frame_us, frame_us,
                        frame.keyframe, frame.data,
                    )
                )  # fmt: skip
            summary = writer.close()
            Segment.insert(
                camera=camera, stream=2, volume=volume, relpath=str(relpath),
                start_us=summary.start_us, end_us=summary.end_us,
                size_bytes=summary.size_bytes, frames=summary.frames,
                keyframe_index=summary.keyframe_index_blob, record_reasons=1,
                codec="h264", width=640, height=360,
            ).execute()  # fmt: skip
    finally:
        catalog.close()
    return int(camera)


def build_peer_files(cache_dir: Path, directory: Path, minutes: int) -> list[Path]:
    """The same packets as 60 s MP4 files (FFmpeg's segment muxer)."""
    with av.open(str(SPEC.paths(cache_dir)["sub"])) as source:
        template = source.streams.video[0]
        loop = [(bytes(p), p.is_keyframe) for p in source.demux(template) if p.size]
        options = {"segment_time": str(SEGMENT_S), "segment_format": "mp4",
                   "reset_timestamps": "1"}  # fmt: skip
        with av.open(str(directory / "seg%03d.mp4"), "w", format="segment", options=options) as out:
            stream = out.add_stream_from_template(template)
            stream.time_base = Fraction(1, SPEC.fps)
            for index in range(minutes * 60 * SPEC.fps):
                data, keyframe = loop[index % len(loop)]
                packet = av.Packet(data)
                packet.stream = stream
                packet.time_base = Fraction(1, SPEC.fps)
                packet.pts = packet.dts = index
                packet.duration = 1
                packet.is_keyframe = keyframe
                out.mux(packet)
    return sorted(directory.glob("seg*.mp4"))


# -- the runs -----------------------------------------------------------------------------


def instants(minutes: int, count: int, shift_us: int) -> tuple[int, int]:
    return START_US + shift_us, START_US + shift_us + minutes * 60_000_000


def run_ours(client: Any, camera: int, minutes: int, count: int, shift_us: int) -> float:
    start, end = instants(minutes, count, shift_us)
    started = time.perf_counter()
    thumbs = list(client.thumbnails_between([camera], start, end, count, max_width=320))
    wall = time.perf_counter() - started
    pictures = [t for t in thumbs if t.jpeg]
    if len(pictures) != count:
        raise RuntimeError(f"{count - len(pictures)} thumbnails missing: {thumbs[0]}")
    return wall


def run_ffmpeg(files: list[Path], minutes: int, count: int, out: Path) -> float:
    span_us = minutes * 60_000_000
    started = time.perf_counter()
    for i in range(count):
        offset_us = span_us * i // count
        file = files[offset_us // (SEGMENT_S * 1_000_000)]
        within_s = (offset_us % (SEGMENT_S * 1_000_000)) / 1e6
        argv = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", f"{within_s:.3f}",
                "-noaccurate_seek", "-i", str(file), "-frames:v", "1", "-vf", "scale=320:-2",
                str(out / f"{i:03d}.jpg")]  # fmt: skip
        subprocess.run(argv, check=True, timeout=60)
    return time.perf_counter() - started


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    started = time.perf_counter()
    data = work / "data"
    camera = build_data_dir(args.cache_dir, data, args.minutes)
    peer_dir = work / "peer"
    peer_dir.mkdir()
    files = build_peer_files(args.cache_dir, peer_dir, args.minutes)
    print(f"recordings ready in {time.perf_counter() - started:.1f} s: {work}", file=sys.stderr)
    server = start_server(data, work / "known.json")
    try:
        with server.client() as client:
            run_ours(client, camera, args.minutes, args.count, GOP_US // 2)  # warm-up
            cold, warm = [], []
            for k in range(args.cold):
                cold.append(run_ours(client, camera, args.minutes, args.count, (k + 1) * GOP_US))
                print(f"  ours cold run {k + 1}: {cold[-1] * 1000:.1f} ms", file=sys.stderr)
            for _ in range(args.warm):
                warm.append(run_ours(client, camera, args.minutes, args.count, GOP_US))
            print(f"  ours warm median: {statistics.median(warm) * 1000:.1f} ms", file=sys.stderr)
    finally:
        server.stop()
    jpegs = work / "jpegs"
    jpegs.mkdir()
    run_ffmpeg(files, args.minutes, args.count, jpegs)  # warm-up
    peer = []
    for k in range(args.peer_runs):
        peer.append(run_ffmpeg(files, args.minutes, args.count, jpegs))
        print(f"  ffmpeg run {k + 1}: {peer[-1] * 1000:.0f} ms", file=sys.stderr)
    results = {
        "thumbnails_per_request": args.count,
        "ours_cold": figures(cold),
        "ours_warm": figures(warm),
        "ffmpeg": figures(peer),
    }
    ratio = results["ours_cold"]["median_s"] / results["ffmpeg"]["median_s"]
    results["ratio_cold_over_ffmpeg"] = round(ratio, 4)
    results["targets_met"] = {
        "cold_median_le_250ms": results["ours_cold"]["median_s"] <= TARGET_COLD_S,
        "warm_median_le_30ms": results["ours_warm"]["median_s"] <= TARGET_WARM_S,
        "ratio_le_0.2": ratio <= TARGET_RATIO,
    }
    return results


def print_summary(results: dict[str, Any], minutes: int) -> None:
    print(f"{results['thumbnails_per_request']} thumbnails of {minutes} min (640x360 → 320 px)")
    print(f"{'':34}{'median ms':>10}{'p99 ms':>9}{'min ms':>9}")
    for name, key in (
        ("vedette GetThumbnails, cold", "ours_cold"),
        ("vedette GetThumbnails, warm", "ours_warm"),
        ("ffmpeg -ss × 60 (sequential)", "ffmpeg"),
    ):
        fig = results[key]
        print(
            f"{name:34}{fig['median_s'] * 1000:>10.1f}{fig['p99_s'] * 1000:>9.1f}"
            f"{fig['min_s'] * 1000:>9.1f}"
        )
    print(f"ratio cold/ffmpeg: {results['ratio_cold_over_ffmpeg']:.3f}; {results['targets_met']}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--minutes", type=int, default=60, help="recording length (default 60)")
    p.add_argument("--count", type=int, default=60, help="thumbnails per request (default 60)")
    p.add_argument("--cold", type=int, default=7, help="cold runs (default 7)")
    p.add_argument("--warm", type=int, default=20, help="warm runs (default 20)")
    p.add_argument("--peer-runs", type=int, default=3, help="ffmpeg runs (default 3)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--work-dir", type=Path, help="parent of the temp dir (default: TMPDIR)")
    p.add_argument("--keep", action="store_true", help="keep the recordings")
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(platformdirs.user_cache_dir("vedette")) / "camsim",
        help="camsim's loop cache (default camsim's own)",
    )
    args = p.parse_args(argv)
    if args.minutes < 1 or args.count < 1 or min(args.cold, args.warm, args.peer_runs) < 1:
        p.error("--minutes, --count and the run counts must be ≥ 1")
    if (args.cold + 1) * GOP_US >= 60_000_000 * args.minutes // args.count:
        p.error("too many --cold runs for the spacing of the instants")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {"benchmark": NAME, "started": stamp, "machine": machine_info()}
    report["parameters"] = {
        "minutes": args.minutes,
        "count": args.count,
        "cold_runs": args.cold,
        "warm_runs": args.warm,
        "peer_runs": args.peer_runs,
        "stream": "camsim cam1 sub: H.264 640x360 25 fps 512 kbit/s, 2 s GOP; 320 px JPEGs",
        "transport": "gRPC over TLS on 127.0.0.1, vedette-server child process",
    }
    if ensure_encoded([SPEC], args.cache_dir):
        print("encoded camsim's loops (once)", file=sys.stderr)
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-thumbnails-", dir=args.work_dir))
    try:
        report["results"] = measure(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report["results"], args.minutes)
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
