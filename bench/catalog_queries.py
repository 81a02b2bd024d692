"""Catalog throughput and query latency on a realistic month of recordings.

    .venv/bin/python bench/catalog_queries.py                    # the full run (~5 min)
    .venv/bin/python bench/catalog_queries.py --segments 2000 --days 2 --queries 200

Three figures, each through the catalog's public functions (what the server calls):

- write: ``open_segment`` then ``complete_segment`` for N segments (default 100 000)
  on a fresh catalog, 16 cameras round robin: every call is its own transaction
  committed with ``synchronous=FULL`` (so this measures the disk's fsync as much as
  SQLite);
- read: a catalog holding C cameras × D days of 60 s segments on 2 streams (default
  16 × 30 × 1440 × 2 ≈ 1.38 M rows, each with a 1 s-GOP keyframe index of 484
  bytes), built with ``executemany`` (not through the API; that is what ``write``
  measures), then ``segments_overlapping`` for random cameras, streams and windows
  (a 60 s seek and a 1 h window), the retention queries, the span and total queries;
  and, as the floor to compare with, the same overlap SQL through bare ``sqlite3``;
- timeline: ``timeline`` of all C cameras over 24 h, exact and at 1000 pixels.

Results: JSON (default ``bench/results/catalog_queries-<timestamp>.json``) and a table
on stdout. The catalogs live in a temporary directory (``--dir`` to choose the disk)
removed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import machine_info as common_machine_info

from vedette_api.media.packet import Codec
from vedette_server.catalog import (
    DAY_US,
    Catalog,
    camera_recording_totals,
    complete_segment,
    expired_segments,
    oldest_unlocked_segments,
    open_catalog,
    open_segment,
    segments_overlapping,
    timeline,
    volume_recording_span,
)
from vedette_server.catalog.models import Camera, Volume
from vedette_server.catalog.runs import rebuild_all

NAME = "catalog_queries"
REPO = Path(__file__).resolve().parent.parent
SEGMENT_US = 60_000_000
T0 = 1_767_225_600_000_000  # 2026-01-01T00:00:00Z
KEYFRAME_INDEX = bytes(4 + 60 * 8)  # a 60 s segment with a 1 s GOP
OVERLAP_SQL = (
    "SELECT * FROM segment WHERE camera_id = ? AND stream = ? AND start_us > ?"
    " AND start_us < ? AND (end_us IS NULL OR end_us > ?) ORDER BY start_us, id"
)


def timed(fn: Callable[[], object], repeats: int) -> dict[str, float]:
    """Latency figures of ``repeats`` calls, in microseconds."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - started) / 1000)
    samples.sort()
    return {
        "calls": repeats,
        "median_us": round(statistics.median(samples), 1),
        "p90_us": round(samples[int(0.9 * (repeats - 1))], 1),
        "p99_us": round(samples[int(0.99 * (repeats - 1))], 1),
        "max_us": round(samples[-1], 1),
    }


def add_cameras_and_volume(catalog: Catalog, cameras: int, expiry_days: int | None) -> int:
    with catalog.atomic():
        query = Volume.insert(uuid=str(uuid.uuid4()), path="/bench")
        volume_id = int(query.execute(catalog.database))
        for i in range(cameras):
            Camera.insert(
                name=f"cam{i + 1}", main_url="rtsp://bench/", expiry_days=expiry_days,
                created_us=T0, updated_us=T0,
            ).execute(catalog.database)  # fmt: skip
    return volume_id


def bench_write(directory: Path, segments: int, cameras: int) -> dict[str, Any]:
    """open_segment + complete_segment through the API, one transaction each."""
    with open_catalog(directory / "write.sqlite3") as catalog:
        volume_id = add_cameras_and_volume(catalog, cameras, None)
        opens, completes = [], []
        started = time.perf_counter()
        for i in range(segments):
            camera_id, start_us = 1 + i % cameras, T0 + (i // cameras) * SEGMENT_US
            t = time.perf_counter_ns()
            segment_id = open_segment(
                catalog, camera_id, 1, volume_id, f"{camera_id}/main/{start_us}.vseg",
                start_us, Codec.H264, 1920, 1080, 1,
            )  # fmt: skip
            t2 = time.perf_counter_ns()
            complete_segment(
                catalog, segment_id, start_us + SEGMENT_US, 30_000_000, 1500, KEYFRAME_INDEX
            )
            completes.append((time.perf_counter_ns() - t2) / 1000)
            opens.append((t2 - t) / 1000)
            if (i + 1) % 10_000 == 0:
                print(
                    f"write: {i + 1}/{segments} ({time.perf_counter() - started:.0f} s)", flush=True
                )
        elapsed = time.perf_counter() - started
    return {
        "segments": segments,
        "seconds": round(elapsed, 2),
        "segments_per_second": round(segments / elapsed, 1),
        "open_median_us": round(statistics.median(opens), 1),
        "open_p99_us": round(sorted(opens)[int(0.99 * (len(opens) - 1))], 1),
        "complete_median_us": round(statistics.median(completes), 1),
        "complete_p99_us": round(sorted(completes)[int(0.99 * (len(completes) - 1))], 1),
    }


def build_month(path: Path, cameras: int, days: int) -> tuple[Catalog, int, dict[str, Any]]:
    """C cameras × D days × 2 streams of 60 s segments, inserted with executemany."""
    catalog = open_catalog(path)
    volume_id = add_cameras_and_volume(catalog, cameras, expiry_days=max(1, days - 2))
    per_day = DAY_US // SEGMENT_US
    started = time.perf_counter()
    cursor = catalog.database.cursor()
    for day in range(days):
        rows = [
            (camera, stream, volume_id, f"{camera}/{stream}/{day}/{i}.vseg", start,
             start + SEGMENT_US, 4_000_000 if stream == 1 else 500_000, 1500, KEYFRAME_INDEX,
             1, 1920, 1080)
            for camera in range(1, cameras + 1) for stream in (1, 2)
            for i in range(per_day) for start in [T0 + day * DAY_US + i * SEGMENT_US]
        ]  # fmt: skip
        with catalog.atomic():
            cursor.executemany(
                "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, end_us,"
                " size_bytes, frames, keyframe_index, record_reasons, width, height, codec)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'h264')",
                rows,
            )
        print(f"build: day {day + 1}/{days} ({time.perf_counter() - started:.0f} s)", flush=True)
    with catalog.atomic():
        rebuild_all(catalog.database)  # rows written around catalog.segments: their runs
    catalog.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    rows_total = catalog.database.execute_sql("SELECT count(*) FROM segment").fetchone()[0]
    return catalog, volume_id, {
        "cameras": cameras, "days": days, "streams": 2, "rows": rows_total,
        "build_seconds": round(time.perf_counter() - started, 1),
        "file_mb": round(path.stat().st_size / 1e6, 1),
    }  # fmt: skip


def bench_reads(
    catalog: Catalog, volume_id: int, info: dict[str, Any], queries: int
) -> dict[str, Any]:
    rng = random.Random(1)
    cameras, end_us = info["cameras"], T0 + info["days"] * DAY_US

    def overlap(window_us: int) -> Callable[[], object]:
        def call() -> object:
            t0 = rng.randrange(T0, end_us - window_us)
            return segments_overlapping(
                catalog, rng.randrange(1, cameras + 1), rng.choice((1, 2)), t0, t0 + window_us
            )

        return call

    raw = sqlite3.connect(catalog.path)

    def raw_overlap() -> object:
        t0 = rng.randrange(T0, end_us - SEGMENT_US)
        args = (
            rng.randrange(1, cameras + 1),
            rng.choice((1, 2)),
            t0 - 300_000_000,
            t0 + SEGMENT_US,
            t0,
        )
        return raw.execute(OVERLAP_SQL, args).fetchall()

    plan = [row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {OVERLAP_SQL}", (1, 1, 0, 1, 0))]
    results = {
        "segments_overlapping_60s": timed(overlap(SEGMENT_US), queries),
        "segments_overlapping_1h": timed(overlap(3600 * 1_000_000), queries),
        "bare_sqlite3_overlapping_60s": timed(raw_overlap, queries),
        "overlap_query_plan": plan,
        "oldest_unlocked_segments_100": timed(
            lambda: oldest_unlocked_segments(catalog, 1, 100), 50
        ),
        "expired_segments_100": timed(lambda: expired_segments(catalog, end_us, 100), 50),
        "volume_recording_span": timed(lambda: volume_recording_span(catalog, volume_id), 200),
        "camera_recording_totals": timed(
            lambda: camera_recording_totals(catalog, rng.randrange(1, cameras + 1)), 50
        ),
    }
    raw.close()
    return results


def bench_timeline(catalog: Catalog, info: dict[str, Any], repeats: int) -> dict[str, Any]:
    cameras = list(range(1, info["cameras"] + 1))
    day_t0 = T0 + (info["days"] // 2) * DAY_US
    exact = timeline(catalog, cameras, day_t0, day_t0 + DAY_US)
    return {
        "cameras": len(cameras),
        "window_hours": 24,
        "exact": timed(lambda: timeline(catalog, cameras, day_t0, day_t0 + DAY_US), repeats),
        "at_1000_pixels": timed(
            lambda: timeline(
                catalog, cameras, day_t0, day_t0 + DAY_US, resolution_us=DAY_US // 1000
            ),
            repeats,
        ),
        "runs_per_camera_exact": max(len(runs) for runs in exact.values()),
    }


def machine_info(directory: Path) -> dict[str, Any]:
    return common_machine_info(
        sqlite=sqlite3.sqlite_version,
        peewee=importlib.metadata.version("peewee"),
        catalog_dir=str(directory),
    )


def print_table(report: dict[str, Any]) -> None:
    w = report.get("write")
    if w:
        print(f"\nwrite: {w['segments']} segments opened+completed in {w['seconds']} s"
              f" ({w['segments_per_second']}/s); open median {w['open_median_us']} µs,"
              f" complete median {w['complete_median_us']} µs")  # fmt: skip
    r, info = report.get("reads"), report.get("month")
    if r and info:
        rows, size_mb, build_s = info["rows"], info["file_mb"], info["build_seconds"]
        print(f"\nread: {rows} rows ({size_mb} MB), built in {build_s} s")
        print(f"{'query':36} {'median µs':>10} {'p99 µs':>10}")
        for name, fig in r.items():
            if isinstance(fig, dict):
                print(f"{name:36} {fig['median_us']:>10} {fig['p99_us']:>10}")
        print(f"plan: {' / '.join(r['overlap_query_plan'])}")
    t = report.get("timeline")
    if t:
        exact_ms = t["exact"]["median_us"] / 1000
        coarse_ms = t["at_1000_pixels"]["median_us"] / 1000
        print(
            f"\ntimeline, {t['cameras']} cameras × 24 h: exact median {exact_ms:.1f} ms"
            f" ({t['runs_per_camera_exact']} runs/camera), at 1000 px {coarse_ms:.1f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--segments", type=int, default=100_000, help="segments to write (0: skip)")
    p.add_argument("--cameras", type=int, default=16)
    p.add_argument("--days", type=int, default=30, help="days in the read catalog (0: skip)")
    p.add_argument("--queries", type=int, default=2000, help="calls per overlap figure")
    p.add_argument("--dir", type=Path, help="where the catalogs go (default: a temp dir)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args(argv)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    directory = Path(tempfile.mkdtemp(prefix="vedette-catalog-bench-", dir=args.dir))
    report: dict[str, Any] = {"benchmark": NAME, "machine": machine_info(directory)}
    try:
        if args.segments:
            report["write"] = bench_write(directory, args.segments, args.cameras)
        if args.days:
            catalog, volume_id, report["month"] = build_month(
                directory / "month.sqlite3", args.cameras, args.days
            )
            with catalog:
                report["reads"] = bench_reads(catalog, volume_id, report["month"], args.queries)
                report["timeline"] = bench_timeline(catalog, report["month"], 20)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
