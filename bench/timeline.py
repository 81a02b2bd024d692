"""timeline: GetTimeline on a year of recordings of 64 cameras, this code against another.

    .venv/bin/python bench/timeline.py --old-tree /tmp/old-main --data /tmp/timeline-data
    .venv/bin/python bench/timeline.py --cameras 8 --days 20 --repeats 20   # smoke test

Builds a synthetic catalog directly (``executemany``, not through the API): C cameras
x D days of back-to-back 60 s main-stream segments, with motion (a few minutes,
about 24 times a day, reasons schedule|motion) and outages (2-40 min, every few
days), then ``runs.rebuild_all`` as after any bulk load (``--data DIR`` keeps it
there, and a later run given the same ``--data`` uses it instead of building again:
64 x 365 takes ~20 minutes on a busy 2-core machine). Then, for this tree and, with
``--old-tree``, a checkout of older code (the ratio is new / old), measures:

- query: what that tree's servicer asks the catalog (``timeline_spans``, or
  ``timeline`` in code from before it), in a child process running that tree's code,
  for all C cameras x 1 day (exact and at 1000 pixels) and 1 camera x 30 days (at
  1000 pixels), with the runs table, and the same with segment merging
  (``max_gap_us`` one microsecond off the default, which bypasses the runs table: the
  path every query took before it) as the reference;
  for this tree, also the servicer's whole catalog-thread work with nothing stored
  (``timeline_spans`` and a new ``TimelineResponses``: the first answer for a day);
- end to end: ``SearchService.GetTimeline`` through gRPC over TLS on a real server
  (a child process running that tree's code on the catalog; its cameras are
  disabled so nothing records), with a session token, the same three queries: asked
  again and again (what a console redrawing a view asks), and each call for a window
  one microsecond later than the last (a console scrolling: every camera's first
  run differs from the last answer's).

The two sides take turns (half the calls each, twice) so that a change in the
machine's load falls on both. Targets (issue 12): p99 <= 10 ms for the query and end
to end (issue 5 asked <= 30 ms end to end). Results: ``bench/results/timeline-<UTC
timestamp>.json`` (or ``--out``) and a table.
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
from sides import tree_env  # noqa: E402
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


def bench_cameras(data: Path) -> list[int]:
    """The ids of the cameras ``build`` made."""
    import sqlite3

    with sqlite3.connect(f"file:{data / 'catalog.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT id FROM camera WHERE name LIKE 'bench cam %' ORDER BY id")
        return [camera_id for (camera_id,) in rows]


def queries(ids: list[int], days: int) -> dict[str, tuple[list[int], int, int, int]]:
    """name -> (cameras, t0, t1, resolution_us): the last full day and the last 30."""
    end = T0 + days * DAY
    month = min(30, days)
    return {
        f"{len(ids)} cameras x 1 day, exact": (ids, end - DAY, end, 0),
        f"{len(ids)} cameras x 1 day, 1000 px": (ids, end - DAY, end, DAY // 1000),
        f"1 camera x {month} days, 1000 px": (ids[:1], end - month * DAY, end, month * DAY // 1000),
    }


def measure_query(data: Path, days: int, repeats: int) -> dict[str, Any]:
    """In a child process running one tree's code: what its servicer asks the catalog,
    ``timeline_spans`` (runs as tuples), or ``timeline`` in code from before it."""
    from vedette_server.catalog import open_catalog
    from vedette_server.catalog.runs import MAX_GAP_US

    responses: Any = None
    try:
        from vedette_server.api.timeline_response import TimelineResponses as responses
        from vedette_server.catalog.timeline import timeline_spans as timeline
    except ImportError:  # code from before issue 12
        from vedette_server.catalog import timeline

    out: dict[str, Any] = {"function": timeline.__name__}
    with open_catalog(data / "catalog.sqlite3") as catalog:
        for name, (cams, t0, t1, resolution) in queries(bench_cameras(data), days).items():
            row: dict[str, Any] = {}  # samples per path
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
                row[path] = {"samples_ms": samples, "runs": sum(len(r) for r in result.values())}
            if responses is not None:  # the servicer's whole work, nothing stored
                spans_call = functools.partial(
                    timeline, catalog, cams, t0, t1, resolution_us=resolution, now_us=t1
                )
                samples = []
                for _ in range(max(3, repeats // 10)):
                    started = time.perf_counter()
                    responses().response(cams, spans_call())
                    samples.append((time.perf_counter() - started) * 1000)
                row["response_nothing_stored"] = {"samples_ms": samples}
            out[name] = row
    return out


def query_side(tree: Path, data: Path, days: int, repeats: int) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--measure-query", str(data), "--days", str(days),
         "--repeats", str(repeats)],
        env=tree_env(tree), capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
    return result


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


def measure_rpc(tree: Path, data: Path, ids: list[int], days: int, repeats: int) -> dict[str, Any]:
    """GetTimeline through gRPC + TLS on a server child running ``tree``'s code."""
    import grpc
    from google.protobuf.duration_pb2 import Duration
    from google.protobuf.timestamp_pb2 import Timestamp

    from vedette_api.v1 import auth_pb2, auth_pb2_grpc, search_pb2, search_pb2_grpc

    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=tree_env(tree),
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

        def request(cams: list[int], t0: int, t1: int, resolution: int) -> Any:
            return search_pb2.GetTimelineRequest(
                camera_ids=cams, start_time=ts(t0), end_time=ts(t1),
                resolution=Duration(seconds=resolution // S, nanos=resolution % S * 1000),
            )  # fmt: skip

        for name, (cams, t0, t1, resolution) in queries(ids, days).items():
            same = request(cams, t0, t1, resolution)
            reply = search.GetTimeline(same, metadata=metadata, timeout=30)
            for _ in range(10):  # warm-up
                search.GetTimeline(same, metadata=metadata, timeout=30)
            samples: dict[str, list[float]] = {"same": [], "new_window": []}
            for i in range(repeats):
                for kind, message in (
                    ("same", same),
                    ("new_window", request(cams, t0 + 1 + i, t1, resolution)),
                ):
                    started = time.perf_counter()
                    search.GetTimeline(message, metadata=metadata, timeout=30)
                    samples[kind].append((time.perf_counter() - started) * 1000)
            out[name] = {
                "samples_ms": samples,
                "runs": sum(len(t.runs) for t in reply.timelines),
                "response_bytes": reply.ByteSize(),
            }
        channel.close()
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(120)
    return out


def merge_samples(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The rounds of one side as one: every ``samples_ms`` list joined, then figured."""

    def join(values: list[Any]) -> Any:
        first = values[0]
        if isinstance(first, dict):
            return {key: join([v[key] for v in values]) for key in first}
        if isinstance(first, list):
            return figures([x for v in values for x in v])
        return first

    return join(parts)


def ratios(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """new / old of every p50 and p99 (below 1: this tree is faster)."""
    out: dict[str, Any] = {}
    for key, value in new.items():
        if isinstance(value, dict) and key in old:
            if "p50_ms" in value:
                out[key] = {q: round(value[q] / old[key][q], 3) for q in ("p50_ms", "p99_ms")}
            else:
                out[key] = ratios(value, old[key])
    return out


def print_table(report: dict[str, Any]) -> None:
    b = report["catalog"]
    print(
        f"catalog: {b['cameras']} cameras x {b['days']} days = {b['segments']:,} segments,"
        f" {b['runs']:,} runs ({b['catalog_bytes'] / 1e9:.2f} GB)"
    )
    for side, result in report["sides"].items():
        for name, row in result["query"].items():
            if name == "function":
                continue
            rpc = result["end_to_end"][name]["samples_ms"]
            q = row["runs"]["samples_ms"]
            print(
                f"{side:4} {name:30} query p50 {q['p50_ms']:6.2f} p99 {q['p99_ms']:6.2f} ms"
                f" | gRPC same p50 {rpc['same']['p50_ms']:6.2f} p99 {rpc['same']['p99_ms']:6.2f}"
                f" | new window p50 {rpc['new_window']['p50_ms']:6.2f}"
                f" p99 {rpc['new_window']['p99_ms']:6.2f} ms ({row['runs']['runs']} runs)"
            )
            if "response_nothing_stored" in row:
                first = row["response_nothing_stored"]["samples_ms"]
                print(f"{'':35} first answer on the catalog thread p50 {first['p50_ms']:6.2f} ms")
    if "new_over_old" in report:
        print("new / old:", json.dumps(report["new_over_old"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=64)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dir", type=Path, help="where a temporary data directory is made")
    parser.add_argument("--data", type=Path, help="data directory kept (and reused if built)")
    parser.add_argument("--old-tree", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--measure-query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.measure_query:
        print(json.dumps(measure_query(Path(args.measure_query), args.days, args.repeats)))
        return
    work: Path | None = None
    if args.data is not None:
        data = args.data
    else:
        work = Path(tempfile.mkdtemp(prefix="vedette-bench-timeline-", dir=args.dir))
        data = work / "data"
    trees = {"new": REPO}
    if args.old_tree is not None:
        trees["old"] = args.old_tree
    try:
        if (data / "built.json").exists():
            built = json.loads((data / "built.json").read_text())
        else:
            result = init_data_dir(data)
            if result.returncode != 0:
                raise RuntimeError(result.stderr)
            built = build(data, args.cameras, args.days)
            built.pop("camera_ids")
            (data / "built.json").write_text(json.dumps(built))
        ids = bench_cameras(data)
        days = built["days"]
        half = max(1, args.repeats // 2)
        rounds: dict[str, dict[str, list[Any]]] = {s: {"query": [], "rpc": []} for s in trees}
        for _ in range(2):  # the sides take turns
            for side, tree in trees.items():
                rounds[side]["query"].append(query_side(tree, data, days, half))
            for side, tree in trees.items():
                rounds[side]["rpc"].append(measure_rpc(tree, data, ids, days, half))
        sides = {
            side: {"query": merge_samples(r["query"]), "end_to_end": merge_samples(r["rpc"])}
            for side, r in rounds.items()
        }
        report: dict[str, Any] = {
            "benchmark": NAME,
            "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "catalog": built,
            "trees": {side: str(tree) for side, tree in trees.items()},
            "sides": sides,
            "targets": {"query_p99_ms": 10, "end_to_end_p99_ms": 10},
            "machine": machine_info(),
        }
        if "old" in sides:
            report["new_over_old"] = ratios(sides["new"], sides["old"])
        new = sides["new"]
        report["targets_met"] = all(
            row["runs"]["samples_ms"]["p99_ms"] <= 10
            for name, row in new["query"].items()
            if name != "function"
        ) and all(row["samples_ms"]["same"]["p99_ms"] <= 10 for row in new["end_to_end"].values())
    finally:
        if work is not None:
            subprocess.run(["rm", "-rf", str(work)], check=False)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"targets met: {report['targets_met']}; results: {out}")


if __name__ == "__main__":
    main()
