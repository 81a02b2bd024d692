"""playback: time to the first decoded frame after a seek, through gRPC with TLS.

    .venv/bin/python bench/playback.py                          # 3 min of 1080p, 50 seeks
    .venv/bin/python bench/playback.py --minutes 1 --seeks 10   # smoke test

The recording is camsim's cam1 main stream (H.264 1920x1080, 25 fps, 4000 kbit/s,
2 s GOP), written as Vedette segment files of 60 s from camsim's cached loop (the
loop's access units with continuous timestamps, as ``bench/export.py`` builds it)
and listed in the catalog of a real ``vedette-server`` process, which serves it over
TLS on 127.0.0.1. The camera is disabled, so nothing else runs on the server.

- ours: one playback session (``Client.playback``, paused), then ``--seeks`` seeks
  to random instants; timed from sending the seek to the first frame decoded by
  PyAV from what arrives (the keyframe at or before the instant). Also reported:
  the time to the *target* frame (the one shown at the instant: the keyframe and
  the pre-roll up to it decoded), which is what a viewer waits for.
- peer (the floor): the same instants, in this process without any server:
  ``SegmentReader.open`` on the segment file, the keyframe from the catalog's index,
  one ``pread`` and a PyAV decode of the same keyframe (and of the pre-roll up to the
  target, for the second figure).

Both use one decoder per run with slice threads (frame threads would hold frames
back). Targets (from the issue): p50 ≤ 100 ms, p99 ≤ 250 ms for ours.

Results: ``bench/results/playback-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import platformdirs

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from machine import machine_info  # noqa: E402
from tests.support.server_process import init_data_dir, start_server  # noqa: E402

from vedette_api.media.keyframe_index import decode_keyframe_index  # noqa: E402
from vedette_api.media.packet import Codec, MediaPacket, PacketKind  # noqa: E402
from vedette_api.media.records import RecordKind  # noqa: E402
from vedette_api.media.segment_header import SegmentHeader  # noqa: E402
from vedette_api.media.segment_reader import SegmentReader  # noqa: E402
from vedette_server.camsim.content import (  # noqa: E402
    ContentSpec,
    StreamProfile,
    ensure_encoded,
    load_loop,
)
from vedette_server.storage import SegmentWriter  # noqa: E402
from vedette_server.storage.layout import segment_relpath  # noqa: E402

NAME = "playback"
SPEC = ContentSpec(
    "cam1",
    Codec.H264,
    StreamProfile.parse("1920x1080", 4000),
    StreamProfile.parse("640x360", 512),
    25,
    10,
)
START_US = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z
TARGET_P50_MS = 100.0
TARGET_P99_MS = 250.0
#: A pause or play applied within one frame interval at 25 fps (median), four at worst.
CONTROL_P50_MS = 40.0
CONTROL_MAX_MS = 160.0


# -- the recording -----------------------------------------------------------------------


def write_recording(
    cache_dir: Path, root: Path, camera_id: int, minutes: int
) -> list[dict[str, Any]]:
    """Segment files of 60 s under the volume ``root``; their catalog rows' values."""
    loop = load_loop(SPEC.paths(cache_dir)["main"], Fraction(SPEC.fps), SPEC.frames)
    frame_us = 1_000_000 // SPEC.fps
    per_segment = 60 * SPEC.fps
    rows = []
    for first in range(0, minutes * 60 * SPEC.fps, per_segment):
        start_us = START_US + first * frame_us
        relpath = segment_relpath(camera_id, "main", start_us)
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        header = SegmentHeader(camera_id, "main", start_us, (loop.params,))
        writer = SegmentWriter.create(path, header, fsync_interval_s=3600.0)
        for index in range(first, first + per_segment):
            frame = loop.frames[index % len(loop.frames)]
            writer.append_packet(
                MediaPacket(
                    PacketKind.VIDEO, START_US + index * frame_us, frame_us, frame.keyframe,
                    frame.data,
                )
            )  # fmt: skip
        summary = writer.close()
        rows.append(
            {
                "relpath": str(relpath),
                "path": path,
                "start_us": summary.start_us,
                "end_us": summary.end_us,
                "size_bytes": summary.size_bytes,
                "frames": summary.frames,
                "keyframe_index": summary.keyframe_index_blob,
            }
        )
    return rows


def register(data: Path, camera_id: int, volume_id: int, rows: list[dict[str, Any]]) -> None:
    """Catalog rows for the segments (the server is stopped meanwhile)."""
    from vedette_server.catalog.database import open_catalog
    from vedette_server.catalog.models import Segment

    catalog = open_catalog(data / "catalog.sqlite3")
    try:
        for row in rows:
            Segment.insert(
                camera=camera_id, stream=1, volume=volume_id, relpath=row["relpath"],
                start_us=row["start_us"], end_us=row["end_us"], size_bytes=row["size_bytes"],
                frames=row["frames"], keyframe_index=row["keyframe_index"], record_reasons=1,
                codec="h264", width=1920, height=1080,
            ).execute()  # fmt: skip
    finally:
        catalog.close()


# -- decoding ----------------------------------------------------------------------------


def decoder(extradata: bytes) -> av.CodecContext:
    context = av.CodecContext.create("h264", "r")
    context.extradata = extradata
    context.thread_type = "SLICE"
    return context


def decode(context: av.CodecContext, data: bytes) -> int:
    return len(context.decode(av.Packet(data)))


# -- the runs ----------------------------------------------------------------------------


def run_ours(client: Any, camera_id: int, instants: list[int]) -> dict[str, list[float]]:
    first_ms, target_ms = [], []
    with client.playback([camera_id], start_us=instants[0], paused=True) as session:
        started = next(session)
        context = decoder(started.started.tracks[0].video.extradata)
        for response in session:  # the opening pre-roll
            if response.HasField("packet") and not response.packet.decode_only:
                break
        for instant in instants:
            sent = time.perf_counter()
            number = session.seek(instant)
            first = None
            for response in session:
                if response.HasField("packet"):
                    frames = decode(context, response.packet.packet.data)
                    if first is None and frames:
                        first = time.perf_counter() - sent
                    if not response.packet.decode_only:
                        target_ms.append((time.perf_counter() - sent) * 1000)
                elif response.HasField("clock") and response.clock.applied >= number:
                    break
            if first is None:
                raise RuntimeError(f"no frame decoded after the seek to {instant}")
            first_ms.append(first * 1000)
    return {"first_frame_ms": first_ms, "target_frame_ms": target_ms}


def run_controls(client: Any, camera_id: int, start_us: int, count: int) -> list[float]:
    """Pause and play alternately in a playing session: the time from sending each
    control to the server's clock message saying it was applied (the playback test
    asserts only that each is applied; how fast is this figure)."""
    delays_ms = []
    with client.playback([camera_id], start_us=start_us) as session:
        shown = 0
        for response in session:  # playing: a second of frames first
            shown += response.HasField("packet") and not response.packet.decode_only
            if shown >= 25:
                break
        for i in range(count):
            sent = time.perf_counter()
            number = session.pause() if i % 2 == 0 else session.play(1.0)
            for response in session:
                if response.HasField("clock") and response.clock.applied >= number:
                    delays_ms.append((time.perf_counter() - sent) * 1000)
                    break
    return delays_ms


def run_floor(rows: list[dict[str, Any]], instants: list[int]) -> dict[str, list[float]]:
    """Open the segment, read the keyframe at or before the instant, decode it; then
    decode on up to the target frame."""
    starts = [row["start_us"] for row in rows]
    first_ms, target_ms = [], []
    context = None
    for instant in instants:
        sent = time.perf_counter()
        row = rows[bisect.bisect_right(starts, instant) - 1]
        index = decode_keyframe_index(row["keyframe_index"], row["start_us"])
        times = [t for t, _ in index]
        offset = index[bisect.bisect_right(times, instant) - 1][1]
        with SegmentReader.open(row["path"]) as reader:
            if context is None:
                context = decoder(reader.header.video.extradata)
            first = None
            for _, record in reader.records(offset):
                if record.kind != RecordKind.VIDEO or record.timestamp_us > instant:
                    break
                frames = decode(context, record.payload)
                if first is None and frames:
                    first = time.perf_counter() - sent
            target_ms.append((time.perf_counter() - sent) * 1000)
        if first is None:
            raise RuntimeError(f"no frame decoded locally at {instant}")
        first_ms.append(first * 1000)
    return {"first_frame_ms": first_ms, "target_frame_ms": target_ms}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[rank]


def figures(samples: dict[str, list[float]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, values in samples.items():
        out[name] = {
            "p50_ms": round(statistics.median(values), 2),
            "p99_ms": round(percentile(values, 99), 2),
            "max_ms": round(max(values), 2),
            "mean_ms": round(statistics.fmean(values), 2),
            "samples": len(values),
        }
    return out


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    data = work / "data"
    assert init_data_dir(data).returncode == 0
    known = work / "known.json"
    server = start_server(data, known)
    try:
        with server.client() as client:
            (volume,) = client.list_volumes()  # init's own: DATA/recordings
            camera = client.create_camera("bench", "rtsp://127.0.0.1:9/none", enabled=False)
    finally:
        server.stop()
    started = time.perf_counter()
    rows = write_recording(args.cache_dir, data / "recordings", camera.id, args.minutes)
    register(data, camera.id, volume.id, rows)
    print(f"recording ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    end_us = START_US + args.minutes * 60_000_000
    rng = random.Random(args.seed)
    instants = [rng.randrange(START_US + 100_000, end_us - 100_000) for _ in range(args.seeks)]
    run_floor(rows, instants[:3])  # warm-up: page cache, decoder
    server = start_server(data, known)
    try:
        with server.client() as client:
            run_ours(client, camera.id, instants[:3])  # warm-up
            os.sync()
            ours = run_ours(client, camera.id, instants)
            ours["control_ms"] = run_controls(client, camera.id, instants[0], args.controls)
    finally:
        server.stop()
    floor = run_floor(rows, instants)
    result = {"ours": figures(ours), "floor": figures(floor)}
    control = result["ours"]["control_ms"]
    result["control_target_met"] = (
        control["p50_ms"] <= CONTROL_P50_MS and control["max_ms"] <= CONTROL_MAX_MS
    )
    ours_p50 = result["ours"]["first_frame_ms"]["p50_ms"]
    ours_p99 = result["ours"]["first_frame_ms"]["p99_ms"]
    result["ratio_p50_ours_over_floor"] = round(
        ours_p50 / result["floor"]["first_frame_ms"]["p50_ms"], 2
    )
    result["target_p50_met"] = ours_p50 <= TARGET_P50_MS
    result["target_p99_met"] = ours_p99 <= TARGET_P99_MS
    result["segments"] = len(rows)
    return result


# -- the report ---------------------------------------------------------------------------


def print_summary(results: dict[str, Any]) -> None:
    print("seek → first decoded frame, 1920x1080 H.264 (ms)")
    print(f"{'':34}{'p50':>8}{'p99':>8}{'max':>8}")
    for who, label in (("ours", "playback over gRPC+TLS"), ("floor", "local file read + decode")):
        for what in ("first_frame_ms", "target_frame_ms"):
            fig = results[who][what]
            name = f"{label}, {what.split('_')[0]}"
            print(f"{name:34}{fig['p50_ms']:>8.1f}{fig['p99_ms']:>8.1f}{fig['max_ms']:>8.1f}")
    control = results["ours"]["control_ms"]
    print(
        f"pause/play → applied, over gRPC+TLS (ms): p50 {control['p50_ms']:.1f},"
        f" max {control['max_ms']:.1f} (p50 ≤ {CONTROL_P50_MS:g} and max ≤ {CONTROL_MAX_MS:g}:"
        f" {'met' if results['control_target_met'] else 'NOT met'})"
    )
    met = ["met" if results[k] else "NOT met" for k in ("target_p50_met", "target_p99_met")]
    print(f"p50 ≤ {TARGET_P50_MS:g} ms: {met[0]}; p99 ≤ {TARGET_P99_MS:g} ms: {met[1]};"
          f" p50 ratio ours/floor {results['ratio_p50_ours_over_floor']}")  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--minutes", type=int, default=3, help="recording length (default 3)")
    p.add_argument("--seeks", type=int, default=50, help="timed seeks (default 50)")
    p.add_argument("--controls", type=int, default=40, help="timed pause/play (default 40)")
    p.add_argument("--seed", type=int, default=5, help="random instants' seed")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--keep", action="store_true", help="keep the data directory")
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(platformdirs.user_cache_dir("vedette")) / "camsim",
        help="camsim's loop cache (default camsim's own)",
    )
    args = p.parse_args(argv)
    if args.minutes < 1 or args.seeks < 1:
        p.error("--minutes and --seeks must be ≥ 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {"benchmark": NAME, "started": stamp, "machine": machine_info()}
    report["parameters"] = {
        "minutes": args.minutes,
        "seeks": args.seeks,
        "controls": args.controls,
        "seed": args.seed,
        "stream": "camsim cam1 main: H.264 1920x1080 25 fps 4000 kbit/s, 2 s GOP",
        "transport": "gRPC over TLS on 127.0.0.1, vedette-server in a child process",
    }
    if ensure_encoded([SPEC], args.cache_dir):
        print("encoded camsim's 1080p loop (once)", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-playback-"))
    try:
        report["results"] = measure(args, work)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report["results"])
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
