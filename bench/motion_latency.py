"""motion_latency: first moving frame → motion event on the API, through a real server,
against the same detector reading the camera directly.

    .venv/bin/python bench/motion_latency.py                  # 40 scripted events (~4 min)
    .venv/bin/python bench/motion_latency.py --events 6       # smoke (~1 min)

camsim serves one camera, the still scene of bench/motion.py (H.264 640x360, 512
kbit/s, 15 fps, a keyframe every 2 s) with two scripted boxes a loop (``--motion
1-4:box@…`` and ``6-9:box@…``, 10 s loop): two motion events every 10 s. camsim's loop
is phase-locked to the Unix epoch (frame n of the stream is sent at n / 15 s and shows
loop frame n mod 150), so the wall-clock time of every first moving frame is known:
``k × 10 s + 1 s`` and ``k × 10 s + 6 s``.

A real ``vedette-server`` in a fresh data directory records the camera; motion detection
is turned on through ``SetMotionConfig`` (sensitivity 6, make 2 frames, hold 1 s, the
body area of bench/motion.py: rows 3..15, without camsim's clock). ``WatchEvents``
carries resource changes and keyboard events, not motion events (alarms.proto), so
this script polls ``SearchEvents`` (type MOTION, this camera) every ``--poll`` seconds
and notes when each new ``vedette motion`` event first appears. Per event:

- **latency** = the wall time the poll that first returned the event was answered −
  the event's ``start_time`` (the server's wall-clock stamp of the first frame of the
  make frames: the frame the detector says motion started at). Polling can only make
  this later: the event became visible after the previous poll was sent, so
  ``latency_lower`` = that send time − ``start_time`` bounds it from below; the
  difference is at most one poll interval plus one call.
- **end to end** = the same answer time − the scripted first moving frame's wall time
  (camsim's clock): what an operator waits, from the box appearing to the event.
- **detection delay** = ``start_time`` − the scripted first moving frame: where in the
  stream the event is stamped (the 5 fps analysis grid, the ingest's wall-clock anchor).

Peer floor (same camsim stream, same passes, at the same time): this process reads the
camera with the native RTSP source as data comes (the way the server reads a stream a
viewer or the motion runner watches), decodes and analyses with the same
``FrameDecoder`` + ``MotionDetector`` and settings, and notes the wall time of each
``started``: the detector alone, without ingest, the live hub, the worker hand-off, the
event log and the API.

Target (issue 14): latency p95 ≤ 1.0 s. Results: ``bench/results/motion_latency-<UTC
timestamp>.json`` (or ``--out``) and a summary. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs
from machine import machine_info
from motion import FPS, KBPS, LOOP_S, SIZE
from motion import config as body_config
from recording import wait_until

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.camsim_process import CamsimProcess, start_camsim  # noqa: E402
from tests.support.server_process import init_data_dir, start_server  # noqa: E402

from vedette_api.client import Client  # noqa: E402
from vedette_api.timestamps import now_us  # noqa: E402
from vedette_server.camsim.scene import parse_motion  # noqa: E402
from vedette_server.ingest.native_source import NativeRtspSource  # noqa: E402
from vedette_server.motion import grid  # noqa: E402
from vedette_server.motion.decode import FrameDecoder  # noqa: E402
from vedette_server.motion.detector import MotionDetector  # noqa: E402

NAME = "motion_latency"
SCRIPTS = ("1-4:box@0.1,0.4,0.4,0.3", "6-9:box@0.5,0.4,0.4,0.3")
STARTS_S = tuple(parse_motion(s).start_s for s in SCRIPTS)
S = 1_000_000
LOOP_US = LOOP_S * S
HOLD_S = 1.0
SENSITIVITY, MAKE_FRAMES = 6, 2
TARGET_P95_S = 1.0
SOURCE = "vedette motion"


def scripted_start_before(time_us: int) -> int:
    """The wall time of the latest scripted first moving frame at or before ``time_us``."""
    loop_us = time_us - time_us % LOOP_US
    starts = [
        base + round(start * S)
        for base in (loop_us - LOOP_US, loop_us)
        for start in STARTS_S
        if base + round(start * S) <= time_us
    ]
    return max(starts)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; values need not be sorted."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values_s: list[float]) -> dict[str, float]:
    """p50 / p95 / min / max in milliseconds."""
    if not values_s:
        return {}
    ms = [v * 1000 for v in values_s]
    return {
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "min_ms": round(min(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def start_scripted_camsim(cache_dir: Path) -> CamsimProcess:
    """camsim serving cam1: the still scene with ``SCRIPTS``' boxes (also used by
    alarm_popup_latency.py)."""
    return start_camsim(
        "--main", SIZE, "--main-kbps", str(KBPS), "--sub", "none", "--fps", str(FPS),
        "--loop-seconds", str(LOOP_S), "--scene", "still",
        *(a for s in SCRIPTS for a in ("--motion", s)), "--cache-dir", str(cache_dir),
    )  # fmt: skip


def enable_motion(client: Client, camera_id: int) -> None:
    """Motion detection on, with this bench's settings and bench/motion.py's body area."""
    client.set_motion_config(
        camera_id,
        enabled=True,
        sensitivity=SENSITIVITY,
        hold_seconds=HOLD_S,
        make_frames=MAKE_FRAMES,
        areas=[("body", grid.pack(body_config().areas[0].cells))],
    )


# -- the floor: the detector reading camsim directly ------------------------------------


@dataclass
class Floor:
    """Wall times (µs) of the detector's ``started``, on a thread until ``stop``."""

    started_us: list[int] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    errors: list[str] = field(default_factory=list)


def run_floor(url: str, floor: Floor) -> None:
    source = NativeRtspSource(url, connect_timeout_s=30, read_timeout_s=30, record_audio=False)
    try:
        tracks = source.open()  # read as data comes: read_interval_s stays 0
        decoder = FrameDecoder(tracks[0], fps=5)
        detector = MotionDetector(replace(body_config(), hold_s=HOLD_S, make_frames=MAKE_FRAMES))
        for packet in source.packets():
            if floor.stop.is_set():
                break
            for frame in decoder.decode(packet.data, packet.keyframe, packet.pts_us):
                if detector.feed(frame.luma, frame.pts_us).started is not None:
                    floor.started_us.append(now_us())
    except Exception as error:  # reported in the results, never a silent thread death
        floor.errors.append(f"{type(error).__name__}: {error}")
    finally:
        source.close()


# -- the server --------------------------------------------------------------------------


@dataclass
class Seen:
    """One motion event as the poller first saw it."""

    event_id: int
    start_us: int
    seen_us: int  # the answer of the poll that first returned it
    not_before_us: int  # when the poll before it was sent


def poll_events(
    client: Client, camera_id: int, since_us: int, wanted: int, poll_s: float, timeout_s: float
) -> tuple[list[Seen], list[float]]:
    """Poll SearchEvents until ``wanted`` events starting after ``since_us`` were seen;
    the events, and each call's duration in seconds."""
    seen: dict[int, Seen] = {}
    calls: list[float] = []
    deadline = time.monotonic() + timeout_s
    previous_sent_us = now_us()
    while len(seen) < wanted:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(seen)} of {wanted} motion events in {timeout_s:.0f} s")
        sent_us = now_us()
        found = list(
            client.search_events(types=["motion"], camera_ids=[camera_id], start_us=since_us)
        )
        answered_us = now_us()
        calls.append((answered_us - sent_us) / S)
        for event in found:
            start_us = event.start_time.ToMicroseconds()
            if event.source == SOURCE and event.id not in seen and start_us > since_us:
                seen[event.id] = Seen(event.id, start_us, answered_us, previous_sent_us)
        previous_sent_us = sent_us
        time.sleep(max(0.0, poll_s - (answered_us - sent_us) / S))
    return sorted(seen.values(), key=lambda e: e.start_us)[:wanted], calls


def measure(
    camsim: CamsimProcess, args: argparse.Namespace, work: Path, floor: Floor
) -> dict[str, Any]:
    data, known = work / "data", work / "known_servers.json"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    server = start_server(data, known)
    try:
        with server.client() as client:
            url = camsim.url("cam1", "main")
            camera_id = client.create_camera("cam1", url, record_audio=False).id
            enable_motion(client, camera_id)
            enabled_us = now_us()
            threading.Thread(target=run_floor, args=(url, floor), daemon=True).start()

            def analysing() -> bool:
                health = client.get_motion_config(camera_id).health
                return health.running and health.frames_analysed > 10

            wait_until(analysing, 180, "the camera recorded and its motion analysed")
            # Judge passes that begin once the detector has its background, in a new loop.
            since_us = max(enabled_us, now_us()) + 2 * S
            load_start = [round(v, 2) for v in os.getloadavg()]
            timeout_s = 120 + args.events * LOOP_S  # two events a loop: twice the time
            events, calls = poll_events(
                client, camera_id, since_us, args.events, args.poll, timeout_s
            )
            floor.stop.set()
            health = client.get_motion_config(camera_id).health
        exit_code = server.stop()
    finally:
        server.stop()
    problems = [line for line in server.lines if " ERROR " in line or "Traceback" in line]
    latency = [(e.seen_us - e.start_us) / S for e in events]
    lower = [(e.not_before_us - e.start_us) / S for e in events]
    end_to_end = [(e.seen_us - scripted_start_before(e.start_us + S // 2)) / S for e in events]
    delay = [(e.start_us - scripted_start_before(e.start_us + S // 2)) / S for e in events]
    # The floor's events for the same passes as the server's (the floor started later).
    passes = {scripted_start_before(e.start_us + S // 2) for e in events}
    floor_after = [
        (t - scripted_start_before(t)) / S
        for t in floor.started_us
        if scripted_start_before(t) in passes
    ]
    p95 = percentile(latency, 0.95)
    return {
        "events": len(events),
        "poll_s": args.poll,
        "search_events_call": spread(calls),
        "latency": spread(latency),
        "latency_lower_bound": spread(lower),
        "end_to_end_from_scripted_frame": spread(end_to_end),
        "detection_delay_in_stream": spread(delay),
        "floor_detector_direct_from_scripted_frame": spread(floor_after),
        "floor_events": len(floor_after),
        "floor_errors": floor.errors,
        "ratio_end_to_end_over_floor_p50": round(
            percentile(end_to_end, 0.5) / percentile(floor_after, 0.5), 2
        )
        if floor_after
        else None,
        "per_event": [
            {
                "start_us": e.start_us,
                "scripted_us": scripted_start_before(e.start_us + S // 2),
                "seen_us": e.seen_us,
                "not_before_us": e.not_before_us,
            }
            for e in events
        ],
        "health": {
            "frames_analysed": health.frames_analysed,
            "frames_skipped": health.frames_skipped,
            "lag_ms": health.lag_ms,
            "restarts": health.restarts,
            "stream": health.stream,
        },
        "target_p95_s": TARGET_P95_S,
        "target_met": p95 <= TARGET_P95_S,
        "load_average_at_start": load_start,
        "load_average_at_end": [round(v, 2) for v in os.getloadavg()],
        "server_exit_code": exit_code,
        "server_error_lines": len(problems),
        "server_errors_sample": problems[:5],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--events", type=int, default=40, help="events measured (default 40)")
    p.add_argument("--poll", type=float, default=0.05, help="SearchEvents interval, s (0.05)")
    p.add_argument("--cache-dir", type=Path, help="camsim's loop cache")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args()
    if not 1 <= args.events <= 1000:
        p.error("--events: 1..1000")
    if not 0.01 <= args.poll <= 1.0:
        p.error("--poll: 0.01..1 s")
    cache_dir = args.cache_dir or Path(platformdirs.user_cache_dir("vedette")) / "camsim"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "machine": machine_info(
            stream=f"H.264 {SIZE} {KBPS} kbit/s {FPS} fps, analysed 5 fps",
            scripts=list(SCRIPTS),
            settings=f"sensitivity {SENSITIVITY}, make {MAKE_FRAMES} frames, hold {HOLD_S} s",
        ),
    }
    camsim = start_scripted_camsim(cache_dir)
    floor = Floor()
    try:
        with tempfile.TemporaryDirectory(prefix=f"{NAME}-") as work:
            report["results"] = measure(camsim, args, Path(work), floor)
    finally:
        floor.stop.set()
        with contextlib.suppress(Exception):
            camsim.stop()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    r = report["results"]
    lat, low, e2e = r["latency"], r["latency_lower_bound"], r["end_to_end_from_scripted_frame"]
    delay, fl = r["detection_delay_in_stream"], r["floor_detector_direct_from_scripted_frame"]
    print(
        f"\n{r['events']} events, SearchEvents every {args.poll * 1000:.0f} ms"
        f" (a call: p50 {r['search_events_call']['p50_ms']} ms)\n"
        f"latency start_time → seen:     p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms"
        f" (target p95 ≤ {TARGET_P95_S * 1000:.0f} ms: {'met' if r['target_met'] else 'NOT met'})\n"
        f"  lower bound (poll bias out): p50 {low['p50_ms']} ms, p95 {low['p95_ms']} ms\n"
        f"scripted frame → seen:         p50 {e2e['p50_ms']} ms, p95 {e2e['p95_ms']} ms\n"
        f"scripted frame → start_time:   p50 {delay['p50_ms']} ms, p95 {delay['p95_ms']} ms\n"
        f"floor, detector on camsim:     p50 {fl.get('p50_ms')} ms, p95 {fl.get('p95_ms')} ms"
        f" ({r['floor_events']} events)\n"
        f"load average {r['load_average_at_start']} → {r['load_average_at_end']}\n"
        f"results: {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
