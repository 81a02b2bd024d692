"""export: time to export 10 minutes of a 1080p stream to MP4, against ffmpeg's concat.

    .venv/bin/python bench/export.py                     # 10 min, 60 s segments, 7 runs each
    .venv/bin/python bench/export.py --minutes 2 --repetitions 3   # smoke test

The recording is camsim's cam1 main stream (H.264 1920x1080, 25 fps, 4000 kbit/s,
2 s GOP), built from camsim's cached loop (``camsim.content``: the loop's access
units repeated with continuous timestamps) instead of waiting ten minutes:

- ours: Vedette segment files of 60 s (``SegmentWriter``, Annex B packets with their
  parameter sets, CRC'd records, keyframe index), exported with
  ``export_recording(..., "mp4", path)`` in this process, as the server runs it;
- peer: the same packets as 60 s MP4 files written by FFmpeg's segment muxer
  through PyAV (what ``ffmpeg -c copy -f segment -segment_time 60
  -segment_format mp4 -reset_timestamps 1`` records, as Frigate does), joined with
  ``ffmpeg -f concat -safe 0 -i list.txt -c copy out.mp4`` in a child process.

Both runs alternate (ours first on even repetitions), after one untimed warm-up
each so that every input is in the page cache for both; ``sync`` runs before each
timed run so that neither pays for the other's dirty pages. Measured per run: wall
seconds and CPU seconds (user + system; the child's for ffmpeg). Reported: medians,
the time ratio ours/ffmpeg (target ≤ 1.0), our real-time factor (target ≥ 300×),
and ffprobe's view of both outputs (frames, duration), which must agree.

Results: ``bench/results/export-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import platformdirs
from machine import machine_info

from vedette_api.media.packet import Codec, MediaPacket, PacketKind
from vedette_api.media.segment_header import SegmentHeader
from vedette_server.camsim.content import ContentSpec, StreamProfile, ensure_encoded, load_loop
from vedette_server.export import SegmentSource, export_recording
from vedette_server.storage import SegmentWriter

NAME = "export"
REPO = Path(__file__).resolve().parent.parent
# camsim's cam1 as `vedette-camsim` builds it by default (cli.py `_specs`).
SPEC = ContentSpec(
    "cam1",
    Codec.H264,
    StreamProfile.parse("1920x1080", 4000),
    StreamProfile.parse("640x360", 512),
    25,
    10,
)
START_US = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z
TARGET_RATIO = 1.0
TARGET_REALTIME = 300.0


# -- the recordings -----------------------------------------------------------------------


def write_our_segments(
    cache_dir: Path, directory: Path, minutes: int, segment_s: int
) -> list[SegmentSource]:
    """Segment files of the loop repeated for ``minutes``; blocking, a few seconds."""
    loop = load_loop(SPEC.paths(cache_dir)["main"], Fraction(SPEC.fps), SPEC.frames)
    frame_us = 1_000_000 // SPEC.fps
    frames_per_segment = segment_s * SPEC.fps
    total = minutes * 60 * SPEC.fps
    sources = []
    for first in range(0, total, frames_per_segment):
        start_us = START_US + first * frame_us
        header = SegmentHeader(1, "main", start_us, (loop.params,))
        path = directory / f"{start_us}.vseg"
        writer = SegmentWriter.create(path, header, fsync_interval_s=3600.0)
        for index in range(first, min(total, first + frames_per_segment)):
            frame = loop.frames[index % len(loop.frames)]
            timestamp_us = START_US + index * frame_us
            writer.append_packet(
                MediaPacket(PacketKind.VIDEO, timestamp_us, frame_us, frame.keyframe, frame.data)
            )
        summary = writer.close()
        sources.append(SegmentSource(path, summary.keyframe_index_blob, summary.start_us))
    return sources


def write_peer_segments(cache_dir: Path, directory: Path, minutes: int, segment_s: int) -> Path:
    """The same packets as MP4 segments from FFmpeg's segment muxer; returns list.txt."""
    with av.open(str(SPEC.paths(cache_dir)["main"])) as source:
        template = source.streams.video[0]
        loop = [
            (bytes(p), p.is_keyframe)
            for p in source.demux(template)
            if p.size and p.pts is not None
        ]
        pattern = str(directory / "seg%03d.mp4")
        options = {
            "segment_time": str(segment_s),
            "segment_format": "mp4",
            "reset_timestamps": "1",
        }
        with av.open(pattern, "w", format="segment", options=options) as out:
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
    files = sorted(directory.glob("seg*.mp4"))
    listing = directory / "list.txt"
    listing.write_text("".join(f"file '{f}'\n" for f in files))
    return listing


# -- the runs -----------------------------------------------------------------------------


def run_ours(sources: list[SegmentSource], minutes: int, out: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    export_recording(sources, START_US, START_US + minutes * 60_000_000, "mp4", out)
    wall_s = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall_s, "cpu_s": cpu_s}


def run_ffmpeg(listing: Path, out: Path) -> dict[str, float]:
    argv = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0"]
    argv += ["-i", str(listing), "-c", "copy", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, timeout=600)
    wall_s = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall_s, "cpu_s": cpu_s}


def probe(path: Path) -> dict[str, Any]:
    argv = ["ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0"]
    argv += ["-show_entries", "stream=codec_name,width,height,nb_read_packets:format=duration"]
    argv += ["-of", "json", str(path)]
    info = json.loads(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)
    video = info["streams"][0]
    return {
        "codec": video["codec_name"],
        "size": f"{video['width']}x{video['height']}",
        "frames": int(video["nb_read_packets"]),
        "duration_s": float(info["format"]["duration"]),
        "size_bytes": path.stat().st_size,
    }


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    ours_dir, peer_dir = work / "ours", work / "peer"
    ours_dir.mkdir()
    peer_dir.mkdir()
    started = time.perf_counter()
    sources = write_our_segments(args.cache_dir, ours_dir, args.minutes, args.segment_seconds)
    listing = write_peer_segments(args.cache_dir, peer_dir, args.minutes, args.segment_seconds)
    print(f"recordings ready in {time.perf_counter() - started:.1f} s: {work}", file=sys.stderr)
    outputs = {"ours": work / "ours.mp4", "ffmpeg": work / "ffmpeg.mp4"}

    def once(engine: str) -> dict[str, float]:
        outputs[engine].unlink(missing_ok=True)
        os.sync()
        if engine == "ours":
            return run_ours(sources, args.minutes, outputs[engine])
        return run_ffmpeg(listing, outputs[engine])

    for engine in ("ours", "ffmpeg"):  # warm-up: every input in the page cache for both
        once(engine)
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "ffmpeg": []}
    for index in range(args.repetitions):
        order = ("ours", "ffmpeg") if index % 2 == 0 else ("ffmpeg", "ours")
        for engine in order:
            runs[engine].append(once(engine))
            print(
                f"  {engine:6} run {index + 1}: {runs[engine][-1]['wall_s']:.3f} s", file=sys.stderr
            )
    summary = summarise(args, runs, {k: probe(v) for k, v in outputs.items()}, sources, listing)
    summary["tasks"] = measure_tasks(args, work, sources)
    return summary


def measure_tasks(
    args: argparse.Namespace, work: Path, sources: list[SegmentSource]
) -> dict[str, Any]:
    """The task path: ``ExportTasks`` (queue, worker thread, every format, the signed
    manifest with every file's SHA-256) over a catalog that lists our segments."""
    import asyncio
    import uuid

    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vedette_api.evidence import verify
    from vedette_server.catalog import open_catalog
    from vedette_server.catalog.models import Camera, Segment, Volume
    from vedette_server.catalog_thread import CatalogThread
    from vedette_server.export.tasks import ExportItem, ExportTasks, TaskSpec
    from vedette_server.recording.cameras import CameraRegistry
    from vedette_server.recording.volumes import VolumeManager
    from vedette_server.security.secretbox import SecretBox

    catalog = open_catalog(work / "catalog.sqlite3")
    root = sources[0].path.parent
    volume = Volume.insert(uuid=str(uuid.uuid4()), path=str(root), state="read_write").execute()
    camera = Camera.insert(
        name="cam1", main_url="rtsp://127.0.0.1:9/x", created_us=0, updated_us=0
    ).execute()
    segment_us = args.segment_seconds * 1_000_000
    for source in sources:
        Segment.insert(
            camera=camera, stream=1, volume=volume, relpath=source.path.name,
            start_us=source.start_us, end_us=source.start_us + segment_us,
            size_bytes=source.path.stat().st_size, frames=args.segment_seconds * SPEC.fps,
            keyframe_index=source.keyframe_index or b"", record_reasons=1,
            codec="h264", width=1920, height=1080,
        ).execute()  # fmt: skip
    results: dict[str, Any] = {}

    async def run_all() -> None:
        thread = CatalogThread()
        tasks = ExportTasks(
            catalog, thread, CameraRegistry(catalog, SecretBox(Fernet.generate_key())),
            VolumeManager(catalog, "bench"), signing_key=Ed25519PrivateKey.generate(),
            server_id="bench", staging=work / "staging", roots={},
        )  # fmt: skip
        await tasks.start()
        item = ExportItem(int(camera), START_US, START_US + args.minutes * 60_000_000)
        for fmt in ("mp4", "mkv", "avi", "native"):
            walls = []
            for _ in range(max(1, args.repetitions // 2)):
                os.sync()
                started = time.perf_counter()
                view = await tasks.create(TaskSpec((item,), fmt, 1, ""), created_by="bench")
                while view.state not in ("done", "failed"):
                    await asyncio.sleep(0.01)
                walls.append(time.perf_counter() - started)
                if view.state != "done":
                    raise RuntimeError(f"{fmt} task failed: {view.error}")
                folder = work / "staging" / str(view.id)
                authentic = verify(folder).authentic
                size = sum(f["size_bytes"] for f in view.files)
                await tasks.delete(view.id)
            media_s = args.minutes * 60.0
            median = statistics.median(walls)
            results[fmt] = {
                "median_s": round(median, 4),
                "runs_s": [round(w, 4) for w in walls],
                "realtime_factor": round(media_s / median, 1),
                "output_bytes": size,
                "verified": authentic,
            }
            print(f"  task {fmt:6}: {median:.3f} s, verified {authentic}", file=sys.stderr)
        await tasks.aclose()
        thread.shutdown()

    asyncio.run(run_all())
    catalog.close()
    return results


def summarise(
    args: argparse.Namespace,
    runs: dict[str, list[dict[str, float]]],
    probes: dict[str, dict[str, Any]],
    sources: list[SegmentSource],
    listing: Path,
) -> dict[str, Any]:
    media_s = args.minutes * 60.0
    figures: dict[str, Any] = {}
    for engine, samples in runs.items():
        walls = [s["wall_s"] for s in samples]
        figures[engine] = {
            "median_s": round(statistics.median(walls), 4),
            "min_s": round(min(walls), 4),
            "max_s": round(max(walls), 4),
            "median_cpu_s": round(statistics.median(s["cpu_s"] for s in samples), 4),
            "runs_s": [round(w, 4) for w in walls],
            "output": probes[engine],
        }
    ratio = figures["ours"]["median_s"] / figures["ffmpeg"]["median_s"]
    realtime = media_s / figures["ours"]["median_s"]
    input_bytes = {
        "ours": sum(s.path.stat().st_size for s in sources),
        "ffmpeg": sum(p.stat().st_size for p in listing.parent.glob("seg*.mp4")),
    }
    return {
        "media_seconds": media_s,
        "segments": len(sources),
        "input_bytes": input_bytes,
        "ours": figures["ours"],
        "ffmpeg": figures["ffmpeg"],
        "time_ratio_ours_over_ffmpeg": round(ratio, 3),
        "realtime_factor_ours": round(realtime, 1),
        "realtime_factor_ffmpeg": round(media_s / figures["ffmpeg"]["median_s"], 1),
        "same_frames": probes["ours"]["frames"] == probes["ffmpeg"]["frames"],
        "target_ratio_met": ratio <= TARGET_RATIO,
        "target_realtime_met": realtime >= TARGET_REALTIME,
    }


# -- the report ---------------------------------------------------------------------------


def print_summary(results: dict[str, Any]) -> None:
    ours, peer = results["ours"], results["ffmpeg"]
    print(f"export of {results['media_seconds'] / 60:.0f} min (1920x1080 H.264 25 fps 4 Mbit/s)")
    print(f"{'':22}{'median s':>10}{'min s':>9}{'max s':>9}{'cpu s':>8}{'frames':>8}{'MB':>8}")
    for name, fig in (("vedette export", ours), ("ffmpeg concat -c copy", peer)):
        out = fig["output"]
        print(
            f"{name:22}{fig['median_s']:>10.3f}{fig['min_s']:>9.3f}{fig['max_s']:>9.3f}"
            f"{fig['median_cpu_s']:>8.3f}{out['frames']:>8}{out['size_bytes'] / 1e6:>8.1f}"
        )
    met = "met" if results["target_ratio_met"] else "NOT met"
    print(f"time ratio ours/ffmpeg: {results['time_ratio_ours_over_ffmpeg']:.3f} (≤ 1.0: {met})")
    met = "met" if results["target_realtime_met"] else "NOT met"
    print(f"real-time factor: {results['realtime_factor_ours']:.0f}× (≥ 300×: {met})")
    print("export tasks (queue, worker thread, signed manifest with every file's SHA-256):")
    for fmt, fig in results.get("tasks", {}).items():
        print(
            f"  {fmt:7}{fig['median_s']:>8.3f} s  {fig['realtime_factor']:>7.0f}× real time"
            f"  {fig['output_bytes'] / 1e6:>7.1f} MB  verified: {fig['verified']}"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--minutes", type=int, default=10, help="recording length (default 10)")
    p.add_argument("--segment-seconds", type=int, default=60, help="segment length (default 60)")
    p.add_argument("--repetitions", type=int, default=7, help="timed runs of each (default 7)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument(
        "--work-dir", type=Path, help="parent of the recordings' temp dir (default: TMPDIR)"
    )
    p.add_argument("--keep", action="store_true", help="keep the recordings and outputs")
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(platformdirs.user_cache_dir("vedette")) / "camsim",
        help="camsim's loop cache (default camsim's own)",
    )
    args = p.parse_args(argv)
    if args.minutes < 1 or args.repetitions < 1 or args.segment_seconds < SPEC.loop_seconds:
        p.error("--minutes and --repetitions must be ≥ 1, --segment-seconds ≥ 10")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {"benchmark": NAME, "started": stamp, "machine": machine_info()}
    report["parameters"] = {
        "minutes": args.minutes,
        "segment_seconds": args.segment_seconds,
        "repetitions": args.repetitions,
        "stream": "camsim cam1 main: H.264 1920x1080 25 fps 4000 kbit/s, 2 s GOP",
    }
    encoded = ensure_encoded([SPEC], args.cache_dir)
    if encoded:
        print("encoded camsim's 1080p loop (once)", file=sys.stderr)
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    # Always a new directory of our own: it is the only thing removed at the end.
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-export-", dir=args.work_dir))
    try:
        report["results"] = measure(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report["results"])
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
