"""timeline: GetTimeline on a year of recordings of 64 cameras.

    .venv/bin/python bench/timeline.py                          # 64 cameras x 365 days
    .venv/bin/python bench/timeline.py --cameras 8 --days 20 --repeats 20   # smoke test

Builds a synthetic catalog directly (``executemany``, not through the API): C cameras
x D days of back-to-back 60 s main-stream segments, with motion (a few minutes,
about 24 times a day, reasons schedule|motion) and outages (2-40 min, every few
days), then ``runs.rebuild_all`` as after any bulk load, and measures:

- query: ``catalog.timeline`` in the process (what the servicer runs on the catalog
  thread) for all C cameras x 1 day (exact and at 1000 pixels) and 1 camera x 30
  days (at 1000 pixels), with the runs table, and the same with segment merging
  (``max_gap_us`` one microsecond off the default, which bypasses the runs table:
  the path every query took before it) as the reference;
- end to end: ``SearchService.GetTimeline`` through gRPC over TLS on a real server
  (a child process with the catalog; its cameras are disabled so nothing records),
  with a session token, the same three queries.

Targets (issue 5): p99 <= 10 ms for the query, <= 30 ms end to end. Results:
``bench/results/timeline-<UTC timestamp>.json`` (or ``--out``) and a table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from machine import machine_info  # noqa: E402
from tests.support.server_process import ADMIN_PASSWORD, init_data_dir  # noqa: E402

NAME = "timeline"
S = 1_000_000
MINUTE = 60 * S
DAY = 86_400 * S
T0 = 1_735_689_600_000_000  # 2025-01-01T00:00:00Z


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def figures(samples_ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples_ms), 3),
        "p99_ms": round(percentile(samples_ms, 0.99), 3),
        "max_ms": round(max(samples_ms), 3),
        "calls": len(samples_ms),
    }


def camera_rows(camera: int, days: int, volume: int, rng: random.Random) -> Iterator[tuple]:
    """(camera, stream, volume, relpath, start, end, reasons, codec, w, h) of one camera."""
    minutes = days * 1440
    outage_until = -1
    motion_until = -1
    for i in range(minutes):
        if i < outage_until:
            continue
        if rng.random() < 1 / (3 * 1440):  # an outage every ~3 days
            outage_until = i + rng.randint(2, 40)
            continue
        if rng.random() < 24 / 1440:  # ~24 motion events a day
            motion_until = i + rng.randint(1, 5)
        reasons = 5 if i < motion_until else 1
        start = T0 + i * MINUTE
        yield (
            camera,
            1,
            volume,
            f"{camera}/{i}",
            start,
            start + MINUTE,
            reasons,
            "h264",
            1920,
            1080,
        )


def build(data: Path, cameras: int, days: int) -> dict[str, Any]:
    from vedette_server.catalog import open_catalog
    from vedette_server.catalog.models import Camera, Volume
    from vedette_server.catalog.runs import rebuild_all

    started = time.perf_counter()
    with open_catalog(data / "catalog.sqlite3") as catalog:
        db = catalog.database
        volume = Volume.select(Volume.id).first()
        volume_id = (
            volume.id
            if volume is not None
            else Volume.insert(
                uuid="00000000-0000-4000-8000-000000000001", path=str(data / "recordings")
            ).execute()
        )
        ids = [
            int(
                Camera.insert(
                    name=f"bench cam {c}", main_url="rtsp://127.0.0.1:9/none", enabled=False,
                    created_us=T0, updated_us=T0,
                ).execute()
            )
            for c in range(cameras)
        ]  # fmt: skip
        db.execute_sql("PRAGMA synchronous = OFF")
        rng = random.Random(20261202)
        rows = 0
        for camera in ids:
            batch = list(camera_rows(camera, days, volume_id, rng))
            with catalog.atomic():
                db.cursor().executemany(
                    "INSERT INTO segment (camera_id, stream, volume_id, relpath, start_us, end_us,"
                    " record_reasons, codec, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    batch,
                )
            rows += len(batch)
        inserted = time.perf_counter()
        with catalog.atomic():
            rebuild_all(db)
        runs = db.execute_sql("SELECT count(*) FROM recording_run").fetchone()[0]
        db.execute_sql("PRAGMA synchronous = FULL")
    size = (data / "catalog.sqlite3").stat().st_size
    return {
        "cameras": cameras,
        "days": days,
        "segments": rows,
        "runs": runs,
        "insert_s": round(inserted - started, 1),
        "rebuild_runs_s": round(time.perf_counter() - inserted, 1),
        "catalog_bytes": size,
        "camera_ids": ids,
    }


def queries(ids: list[int], days: int) -> dict[str, tuple[list[int], int, int, int]]:
    """name -> (cameras, t0, t1, resolution_us): the last full day and the last 30."""
    end = T0 + days * DAY
    month = min(30, days)
    return {
        f"{len(ids)} cameras x 1 day, exact": (ids, end - DAY, end, 0),
        f"{len(ids)} cameras x 1 day, 1000 px": (ids, end - DAY, end, DAY // 1000),
        f"1 camera x {month} days, 1000 px": (ids[:1], end - month * DAY, end, month * DAY // 1000),
    }


def measure_query(data: Path, ids: list[int], days: int, repeats: int) -> dict[str, Any]:
    from vedette_server.catalog import open_catalog, timeline
    from vedette_server.catalog.runs import MAX_GAP_US

    out: dict[str, Any] = {}
    with open_catalog(data / "catalog.sqlite3") as catalog:
        for name, (cams, t0, t1, resolution) in queries(ids, days).items():
            row: dict[str, Any] = {}
            for path, gap in (("runs", MAX_GAP_US), ("segments", MAX_GAP_US + 1)):
                call = functools.partial(
                    timeline, catalog, cams, t0, t1, max_gap_us=gap, resolution_us=resolution,
                    now_us=t1,
                )  # fmt: skip
                result = call()
                samples = []
                for _ in range(repeats if path == "runs" else max(3, repeats // 10)):
                    started = time.perf_counter()
                    call()
                    samples.append((time.perf_counter() - started) * 1000)
                row[path] = {**figures(samples), "runs": sum(len(r) for r in result.values())}
            row["speedup_segments_over_runs"] = round(
                row["segments"]["p50_ms"] / row["runs"]["p50_ms"], 1
            )
            out[name] = row
    return out


def serve(data_dir: str) -> None:
    """Child process: a real server on the catalog; prints its port."""
    from vedette_server.composition import ServerConfig, build_server
    from vedette_server.datadir import DataDir

    async def main() -> None:
        server = await build_server(
            ServerConfig(data=DataDir(Path(data_dir)), port=0, local_socket=None)
        )
        await server.start()
        print(f"port {server.port}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await server.aclose()

    asyncio.run(main())


def measure_rpc(data: Path, ids: list[int], days: int, repeats: int) -> dict[str, Any]:
    import grpc
    from google.protobuf.duration_pb2 import Duration
    from google.protobuf.timestamp_pb2 import Timestamp

    from vedette_api.v1 import auth_pb2, auth_pb2_grpc, search_pb2, search_pb2_grpc

    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    out: dict[str, Any] = {}
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        while line and not line.startswith("port "):  # anything the server prints first
            line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"the server did not start (exit status {child.wait(60)})")
        port = int(line.split()[1])
        credentials = grpc.ssl_channel_credentials(
            root_certificates=(data / "tls" / "server.crt").read_bytes()
        )
        channel = grpc.secure_channel(
            f"127.0.0.1:{port}",
            credentials,
            options=[
                ("grpc.ssl_target_name_override", "vedette"),
                ("grpc.max_receive_message_length", 64 << 20),
            ],
        )
        token = (
            auth_pb2_grpc.AuthServiceStub(channel)
            .Login(auth_pb2.LoginRequest(username="admin", password=ADMIN_PASSWORD), timeout=30)
            .token
        )
        metadata = (("authorization", f"Bearer {token}"),)
        search = search_pb2_grpc.SearchServiceStub(channel)

        def ts(us: int) -> Timestamp:
            stamp = Timestamp()
            stamp.FromMicroseconds(us)
            return stamp

        for name, (cams, t0, t1, resolution) in queries(ids, days).items():
            request = search_pb2.GetTimelineRequest(
                camera_ids=cams, start_time=ts(t0), end_time=ts(t1),
                resolution=Duration(seconds=resolution // S, nanos=resolution % S * 1000),
            )  # fmt: skip
            reply = search.GetTimeline(request, metadata=metadata, timeout=30)
            for _ in range(10):  # warm-up
                search.GetTimeline(request, metadata=metadata, timeout=30)
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                search.GetTimeline(request, metadata=metadata, timeout=30)
                samples.append((time.perf_counter() - started) * 1000)
            out[name] = {
                **figures(samples),
                "runs": sum(len(t.runs) for t in reply.timelines),
                "response_bytes": reply.ByteSize(),
            }
        channel.close()
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(120)
    return out


def print_table(report: dict[str, Any]) -> None:
    b = report["catalog"]
    print(
        f"catalog: {b['cameras']} cameras x {b['days']} days = {b['segments']:,} segments,"
        f" {b['runs']:,} runs; insert {b['insert_s']} s, rebuild runs {b['rebuild_runs_s']} s,"
        f" {b['catalog_bytes'] / 1e9:.2f} GB"
    )
    for name, row in report["query"].items():
        rpc = report["end_to_end"][name]
        print(
            f"{name:32} query p50 {row['runs']['p50_ms']:7.2f} p99 {row['runs']['p99_ms']:7.2f} ms"
            f" ({row['runs']['runs']} runs) | segment merge p50 {row['segments']['p50_ms']:8.1f} ms"
            f" | gRPC TLS p50 {rpc['p50_ms']:6.2f} p99 {rpc['p99_ms']:6.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=64)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dir", type=Path, help="where the data directory is made")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    work = Path(tempfile.mkdtemp(prefix="vedette-bench-timeline-", dir=args.dir))
    data = work / "data"
    try:
        result = init_data_dir(data)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        built = build(data, args.cameras, args.days)
        ids = built.pop("camera_ids")
        report: dict[str, Any] = {
            "benchmark": NAME,
            "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "catalog": built,
            "query": measure_query(data, ids, args.days, args.repeats),
            "end_to_end": measure_rpc(data, ids, args.days, args.repeats),
            "targets": {"query_p99_ms": 10, "end_to_end_p99_ms": 30},
            "machine": machine_info(),
        }
        report["targets_met"] = all(
            row["runs"]["p99_ms"] <= 10 for row in report["query"].values()
        ) and all(row["p99_ms"] <= 30 for row in report["end_to_end"].values())
    finally:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"targets met: {report['targets_met']}; results: {out}")


if __name__ == "__main__":
    main()
