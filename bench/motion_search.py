"""motion_search: the motion index (vedette_server.motion.index) on synthetic but
realistic motion: region search, time-slice roll-up, size per camera-day and what the
writer absorbs, against a plain Python loop over the same rows (the research
prototype's method).

    .venv/bin/python bench/motion_search.py                   # 1 camera × 7 days, 16 × 30 days
    .venv/bin/python bench/motion_search.py --small-only --searches 20   # smoke

Synthetic motion (per camera, seeded): events arrive at random (Poisson), last a
log-normal time (median 25 s), and are a 3 × 3-cell box moving across the grid in a
straight line, one position a second; event rate set so ≈ 10 % of seconds have motion,
clustered in about a quarter of the minutes (research §3.2's measured case). Each
motion second is fed as one frame through ``MotionIndex.add`` and minutes written by
``flush``, the real path.

- search: ``search([cameras], range, region)`` with a random 5 × 4-cell region (20 cells,
  as the research measured), ``--searches`` times per case, warm page cache; p50/p95.
  Cases: 1 camera × 7 days and 16 cameras × 30 days (targets 50 ms and 1 s).
- peer (same machine, same run, same rows and regions): the plain loop: for each row,
  union AND region as Python ints, zlib per row, a loop over its seconds, runs built in
  Python. Its runs must equal ours (checked). Research's figure for it: 17.9 ms, 7 days.
- activity: ``activity`` of one day in 1440 minute slices and 24 hour slices.
- size: file size after close (WAL checkpointed) per camera-day (target ≤ 0.5 MB).
- insert: worst case, every camera with motion in every second at 5 fps (random cells):
  µs per ``add``, ms of writer per minute row, and so how many cameras one core's worth
  of add + write sustains.

Results: ``bench/results/motion_search-<timestamp>.json`` (or ``--out``) and a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from machine import machine_info

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vedette_server.motion import grid  # noqa: E402
from vedette_server.motion.index import MotionIndex  # noqa: E402

NAME = "motion_search"
S, MIN, DAY = 1_000_000, 60_000_000, 86_400_000_000
T0 = 1_798_761_600 * S  # 2027-01-01 00:00 UTC
DUTY = 0.10
MEDIAN_EVENT_S = 25.0
TARGETS_MS = {"1x7": 50.0, "16x30": 1000.0}
TARGET_MB_PER_CAMERA_DAY = 0.5
RESEARCH_PLAIN_7D_MS = 17.9

# Every 3 × 3 box position, packed once: (row, col) of its top-left cell.
BOXES = {
    (r, c): grid.pack(grid_box)
    for r in range(grid.ROWS - 2)
    for c in range(grid.COLUMNS - 2)
    for grid_box in [
        np.pad(np.ones((3, 3), bool), ((r, grid.ROWS - 3 - r), (c, grid.COLUMNS - 3 - c)))
    ]
}


def motion_seconds(rng: np.random.Generator, days: int) -> list[tuple[int, bytes]]:
    """(second offset, packed cells) of one camera's synthetic motion over ``days``."""
    total_s = days * 86_400
    sigma = 0.8
    mean_s = MEDIAN_EVENT_S * np.exp(sigma**2 / 2)
    events = rng.poisson(total_s * DUTY / mean_s)
    starts = np.sort(rng.integers(0, total_s, events))
    durations = np.maximum(1, rng.lognormal(np.log(MEDIAN_EVENT_S), sigma, events)).astype(int)
    out: dict[int, bytes] = {}
    for start, duration in zip(starts.tolist(), durations.tolist(), strict=True):
        r0, c0 = rng.uniform(0, grid.ROWS - 3), rng.uniform(0, grid.COLUMNS - 3)
        r1, c1 = rng.uniform(0, grid.ROWS - 3), rng.uniform(0, grid.COLUMNS - 3)
        for k in range(min(duration, total_s - start)):
            f = k / max(1, duration - 1)
            box = BOXES[(round(r0 + f * (r1 - r0)), round(c0 + f * (c1 - c0)))]
            t = start + k
            out[t] = box if t not in out else bytes(a | b for a, b in zip(out[t], box, strict=True))
    return sorted(out.items())


def build(path: Path, cameras: int, days: int, seed: int) -> dict[str, Any]:
    """Feed ``cameras`` × ``days`` of synthetic motion through add/flush; its figures."""
    idx = MotionIndex.open(path)
    seconds = minutes = 0
    for camera_id in range(1, cameras + 1):
        rng = np.random.default_rng(seed + camera_id)
        feed = motion_seconds(rng, days)
        seconds += len(feed)
        minutes += len({t // 60 for t, _ in feed})
        last_flush = 0
        for t, cells in feed:
            idx.add(camera_id, T0 + t * S, cells)
            if t - last_flush >= 3600:
                idx.flush(T0 + t * S)
                last_flush = t
        idx.flush(2**62).result()
    idx.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = conn.execute("SELECT count(*) FROM motion_minute").fetchone()[0]
    size = path.stat().st_size
    camera_days = cameras * days
    return {
        "cameras": cameras,
        "days": days,
        "rows": rows,
        "motion_seconds_share": round(seconds / (camera_days * 86_400), 4),
        "minutes_with_motion_share": round(minutes / (camera_days * 1440), 4),
        "file_bytes": size,
        "mb_per_camera_day": round(size / camera_days / 1e6, 4),
    }


def random_region(rng: np.random.Generator) -> np.ndarray:
    r, c = int(rng.integers(0, grid.ROWS - 3)), int(rng.integers(0, grid.COLUMNS - 4))
    mask = grid.no_cells()
    mask[r : r + 4, c : c + 5] = True
    return mask


def plain_search(
    conn: sqlite3.Connection, cameras: list[int], start_us: int, end_us: int, region: bytes
) -> list[tuple[int, int, int, int]]:
    """The research prototype's plain Python loop: (camera, start, end, seconds) runs."""
    want = int.from_bytes(region, "big")
    runs: list[tuple[int, int, int, int]] = []
    for camera_id in cameras:
        run: list[int] | None = None
        rows = conn.execute(
            "SELECT minute_us, seconds, cells_union, cells FROM motion_minute"
            " WHERE camera_id = ? AND minute_us > ? AND minute_us < ? ORDER BY minute_us",
            (camera_id, start_us - MIN, end_us),
        )
        for minute_us, seconds, union, cells in rows:
            if not int.from_bytes(union, "big") & want:
                continue
            data = zlib.decompress(cells)
            k = 0
            for s in range(60):
                if not seconds >> s & 1:
                    continue
                grid_bits = int.from_bytes(data[56 * k : 56 * k + 56], "big")
                k += 1
                t = minute_us + s * S
                if not grid_bits & want or t + S <= start_us or t >= end_us:
                    continue
                if run is not None and run[1] == t:
                    run[1], run[2] = t + S, run[2] + 1
                else:
                    if run is not None:
                        runs.append((camera_id, run[0], run[1], run[2]))
                    run = [t, t + S, 1]
        if run is not None:
            runs.append((camera_id, run[0], run[1], run[2]))
    runs.sort(key=lambda r: (r[1], r[0]))
    return runs


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(samples_ms, n=20, method="inclusive")
    return {"p50_ms": round(statistics.median(samples_ms), 2), "p95_ms": round(q[18], 2)}


def measure_search(path: Path, cameras: int, days: int, searches: int, seed: int) -> dict[str, Any]:
    idx = MotionIndex.open(path)
    conn = sqlite3.connect(path)
    rng = np.random.default_rng(seed)
    ids = list(range(1, cameras + 1))
    ours: list[float] = []
    plain: list[float] = []
    runs_found: list[int] = []
    try:
        for i in range(searches + 1):  # the first of each is a warm-up, not counted
            region = random_region(rng)
            t = time.perf_counter()
            runs = idx.search(ids, T0, T0 + days * DAY, region)
            ours_ms = (time.perf_counter() - t) * 1e3
            t = time.perf_counter()
            peer = plain_search(conn, ids, T0, T0 + days * DAY, grid.pack(region))
            plain_ms = (time.perf_counter() - t) * 1e3
            if [(r.camera_id, r.start_us, r.end_us, r.seconds) for r in runs] != peer:
                raise SystemExit(f"search {i}: our runs differ from the plain loop's")
            if i:
                ours.append(ours_ms)
                plain.append(plain_ms)
                runs_found.append(len(runs))
        day = []
        hours = []
        for _ in range(searches):
            d = int(rng.integers(0, days))
            t = time.perf_counter()
            idx.activity(1, T0 + d * DAY, T0 + (d + 1) * DAY, MIN)
            day.append((time.perf_counter() - t) * 1e3)
            t = time.perf_counter()
            idx.activity(1, T0 + d * DAY, T0 + (d + 1) * DAY, 3600 * S)
            hours.append((time.perf_counter() - t) * 1e3)
    finally:
        conn.close()
        idx.close()
    p_ours, p_plain = percentiles(ours), percentiles(plain)
    target = TARGETS_MS[f"{cameras}x{days}"]
    return {
        "searches": searches,
        "region_cells": 20,
        "runs_found_median": statistics.median(runs_found),
        "ours": p_ours,
        "plain_loop": p_plain,
        "ratio_ours_over_plain_p50": round(p_ours["p50_ms"] / p_plain["p50_ms"], 3),
        "target_ms": target,
        "target_met": p_ours["p95_ms"] <= target,
        "activity_day_in_minutes": percentiles(day),
        "activity_day_in_hours": percentiles(hours),
    }


def measure_insert(path: Path, cameras: int, minutes: int) -> dict[str, Any]:
    """Worst case: every camera has motion in every second, 5 frames a second."""
    rng = np.random.default_rng(1)
    frames = [grid.pack(rng.random((grid.ROWS, grid.COLUMNS)) < 0.1) for _ in range(997)]
    idx = MotionIndex.open(path)
    add_s = write_s = 0.0
    rows = adds = 0
    try:
        for minute in range(minutes):
            t = time.perf_counter()
            for frame in range(300):
                time_us = T0 + minute * MIN + frame * 200_000
                for camera_id in range(cameras):
                    idx.add(camera_id, time_us, frames[adds % len(frames)])
                    adds += 1
            add_s += time.perf_counter() - t
            t = time.perf_counter()
            rows += idx.flush(T0 + (minute + 1) * MIN + 2 * S).result()
            write_s += time.perf_counter() - t
    finally:
        idx.close()
    per_camera_second_s = (add_s / adds) * 5 + (write_s / rows) / 60
    return {
        "cameras": cameras,
        "minutes": minutes,
        "frames_per_second_per_camera": 5,
        "add_us": round(add_s / adds * 1e6, 2),
        "write_ms_per_minute_row": round(write_s / rows * 1e3, 3),
        "cpu_share_of_one_core_per_camera": round(per_camera_second_s * 100, 4),
        "cameras_one_core_sustains": int(1 / per_camera_second_s),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--searches", type=int, default=50)
    p.add_argument("--small-only", action="store_true", help="only 1 camera × 7 days")
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--dir", type=Path, help="where the index files go (default: a temp dir)")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    results: dict[str, Any] = {
        "machine": machine_info(),
        "research_plain_7d_ms": RESEARCH_PLAIN_7D_MS,
    }
    cases = [(1, 7)] if args.small_only else [(1, 7), (16, 30)]
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for cameras, days in cases:
            key = f"{cameras}x{days}"
            path = Path(tmp) / f"motion-{key}.sqlite"
            t = time.perf_counter()
            built = build(path, cameras, days, args.seed)
            built["build_s"] = round(time.perf_counter() - t, 1)
            built["size_target_met"] = built["mb_per_camera_day"] <= TARGET_MB_PER_CAMERA_DAY
            results[key] = {
                "index": built,
                **measure_search(path, cameras, days, args.searches, args.seed),
            }
            r = results[key]
            print(
                f"{key}: search p50 {r['ours']['p50_ms']} ms p95 {r['ours']['p95_ms']} ms"
                f" (target {r['target_ms']}), plain loop p50 {r['plain_loop']['p50_ms']} ms,"
                f" ratio {r['ratio_ours_over_plain_p50']}; {built['rows']} rows,"
                f" {built['mb_per_camera_day']} MB/camera-day at"
                f" {built['motion_seconds_share']:.1%} of seconds,"
                f" {built['minutes_with_motion_share']:.1%} of minutes;"
                f" day roll-up p50 {r['activity_day_in_minutes']['p50_ms']} ms (minutes)"
                f" {r['activity_day_in_hours']['p50_ms']} ms (hours)",
                flush=True,
            )
        results["insert"] = measure_insert(Path(tmp) / "insert.sqlite", 64, 5)
    i = results["insert"]
    print(
        f"insert: {i['add_us']} µs an add, {i['write_ms_per_minute_row']} ms a minute row;"
        f" one core sustains {i['cameras_one_core_sustains']} cameras at 5 fps, motion always"
    )
    results["machine"]["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
