"""watch_fanout: 20 WatchEvents subscribers of a real server at about 1000 items a
second, and one subscriber that never reads.

    .venv/bin/python bench/watch_fanout.py                       # 20 readers, 60 s (~2 min)
    .venv/bin/python bench/watch_fanout.py --seconds 10          # smoke

The items come through a real path: eight pymodbus Modbus TCP servers on 127.0.0.1
(tests/support/modbus_box.py) of 16 inputs each, added to a real ``vedette-server``
child process as eight Modbus devices polled every 100 ms (debounce 0), whose 128
inputs the script flips in the boxes' datastores every ``--toggle-ms`` (200 ms: two
polls see each state). Each change gives the feed an I/O item (the input's state)
and an event item (the ``sensor`` event started or ended): 128 × 5 × 2 = 1280 items
a second if every change is seen in time. No rule: a rule raising alarms adds an
alarm item per activation but halves the changes the server takes in (the alarm
engine's catalog work, see alarm_storm.py), so fewer items in all. The published
rate is measured (the ``seq`` a reader reaches over the window), not assumed.

Readers: ``--readers`` (20) ``WatchEvents`` subscriptions to everything (no filter:
every ``seq`` is theirs), spread over ``--processes`` (4) child processes of this
script with a login each, so that the readers' own decoding does not queue behind one
interpreter's lock; each reads as fast as it comes and counts items, ``seq`` out of
order, gaps (and the items missed in them) and ``Resync`` messages, and its items per
second over the window. They read as the SDK does (``max_batch`` 100: the messages
queued for a reader come together in a ``FeedBatch``, handed over one by one);
``--max-batch 1`` gives one message per item. One more subscription, opened by this
process on a channel of its own whose HTTP/2 stream window stays at 64 KiB (BDP
probing off), is never read until the window has ended: it must get a ``Resync``
(reason overflow, its queue on the server being full) instead of holding the server
back. With gRPC's default channel the client's library reads ahead by what its
bandwidth-delay estimate allows (megabytes on loopback: 17 884 items in a 60 s run, no
overflow), which says more about gRPC than about the server. From the ``seq`` of the
last item it got before the ``Resync`` and the receive times of one reader that keeps
up, the script derives when the server gave up on it (the item that found its queue
full: queue size 1000, the bus's), how long after its subscription and how long after
the first item its transport could not take (its stall: the time the research's 2 s
bound is about).

Targets (issue 15, research §7.8): every reader that keeps up sees every ``seq`` in
order, no gap, no ``Resync``; the reader that never reads gets a ``Resync`` (the
research's bound: within 2 s of falling behind). Reported too: items per second
delivered per subscriber, the server's CPU (main process and children) and the
readers' processes' CPU. Peer: none; the research note names no product with a
comparable published fan-out figure (Frigate pushes events over MQTT, through a
broker that is not Frigate).

Results: ``bench/results/watch_fanout-<UTC timestamp>.json`` (or ``--out``) and a
summary. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import multiprocessing.synchronize
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import grpc
import psutil
from alarm_storm import Toggler
from input_latency import (
    WAIT_S,
    Boxes,
    FeedReader,
    Received,
    ServerRig,
    alarm_server,
    cpu_seconds,
    load_average,
    result_path,
)
from machine import machine_info
from tests.support.server_process import ADMIN_PASSWORD

from vedette_api.client import Client
from vedette_api.client.pinning import pin_server_certificate
from vedette_api.timestamps import now_us
from vedette_api.v1 import alarms_pb2, alarms_pb2_grpc

NAME = "watch_fanout"
QUEUE_SIZE = 1000  # vedette_server/events.py EventBus queue_size: each subscription's
SMALL_WINDOW = 64 * 1024  # the never-read subscriber's HTTP/2 stream window, bytes
TARGET_RESYNC_S = 2.0  # research §7.8
S = 1_000_000


@dataclass
class ReaderFigures:
    """What one reader saw, sent back by its process."""

    items: int
    out_of_order: int
    gaps: int
    missed: int
    resyncs: int
    error: str | None
    last_seq: int
    per_second: dict[int, int]  # whole wall-clock second → items received
    #: (seq, received µs) of every item: only from the first reader, for the slow one.
    timeline: list[tuple[int, int]] = field(default_factory=list)


def reader_process(
    address: str,
    known_servers: str,
    count: int,
    timeline: bool,
    ready: multiprocessing.Queue[Any],
    stop: multiprocessing.synchronize.Event,
    max_batch: int,
) -> None:
    """Runs ``count`` readers until ``stop``; puts their figures on ``ready``."""
    client = Client.connect(
        address, username="admin", password=ADMIN_PASSWORD, known_servers_path=Path(known_servers)
    )
    per_second: list[Counter[int]] = [Counter() for _ in range(count)]
    times: list[tuple[int, int]] = []

    def counter(index: int) -> Callable[[Received], None]:
        seconds = per_second[index]
        keep = timeline and index == 0

        def on_message(received: Received) -> None:
            seconds[received.at_us // S] += 1
            if keep:
                times.append((received.message.seq, received.at_us))

        return on_message

    readers = [
        FeedReader(client, [], keep=False, on_message=counter(i), max_batch=max_batch)
        for i in range(count)
    ]
    subscribed = all(r.subscribed.wait(WAIT_S) for r in readers)
    ready.put(("ready", subscribed))
    stop.wait()
    for reader in readers:
        reader.close()
    figures = [
        ReaderFigures(
            r.items,
            r.out_of_order,
            r.gaps,
            r.missed,
            len(r.resyncs),
            r.error,
            r.last_seq,
            dict(per_second[i]),
            times if i == 0 else [],
        )
        for i, r in enumerate(readers)
    ]
    ready.put(("figures", [asdict(f) for f in figures]))
    client.close()


def window_rate(per_second: dict[int, int], t0_us: int, t1_us: int) -> float:
    """Items a second over the whole seconds inside [t0, t1)."""
    first, last = t0_us // S + 1, t1_us // S  # whole seconds only
    if last <= first:
        return 0.0
    return sum(per_second.get(s, 0) for s in range(first, last)) / (last - first)


def first_received(timeline: list[tuple[int, int]], seq: int) -> int | None:
    """When the reader that keeps up received ``seq`` (or the first item after it)."""
    return next((at for s, at in timeline if s >= seq), None)


def small_window_stream(rig: ServerRig) -> tuple[grpc.Channel, Any]:
    """``WatchEvents`` (everything) on a channel of its own whose HTTP/2 stream window
    stays at 64 KiB (BDP probing off): the client's library then holds at most that
    much of a stream nobody reads, as a console whose reading stopped would, instead
    of reading ahead by megabytes."""
    server = rig.server
    pin = pin_server_certificate("127.0.0.1", server.port, known_servers_path=server.known_servers)
    credentials = grpc.ssl_channel_credentials(pin.certificate_pem.encode("ascii"))
    options = [
        ("grpc.ssl_target_name_override", pin.target_name),
        ("grpc.http2.bdp_probe", 0),
        ("grpc.http2.lookahead_bytes", SMALL_WINDOW),
    ]
    channel = grpc.secure_channel(server.address, credentials, options=options)
    stub = alarms_pb2_grpc.AlarmServiceStub(channel)
    return channel, stub.WatchEvents(
        alarms_pb2.WatchEventsRequest(), metadata=rig.api.metadata, timeout=3600
    )


def slow_reader(stream: Any, deadline_s: float) -> dict[str, Any]:
    """Read the never-read subscription now: items before the first ``Resync``."""
    before = 0
    last_seq = 0
    found: dict[str, Any] = {"resync": False}
    deadline = time.monotonic() + deadline_s
    for message in stream:
        case = message.WhichOneof("event")
        if case == "resync":
            found = {
                "resync": True,
                "reason": alarms_pb2.ResyncReason.Name(message.resync.reason),
                "resync_seq": message.seq,
            }
            break
        if case != "heartbeat":
            before += 1
            last_seq = max(last_seq, message.seq)
        if time.monotonic() > deadline:
            break
    return {**found, "items_before_resync": before, "last_seq_before_resync": last_seq}


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    boxes = Boxes(args.boxes)
    context = multiprocessing.get_context("spawn")
    ready: multiprocessing.Queue[Any] = context.Queue()
    stop = context.Event()
    children: list[Any] = []
    try:
        with alarm_server(work, boxes, debounce_ms=0) as rig:
            server = rig.server
            share = [args.readers // args.processes] * args.processes
            for i in range(args.readers % args.processes):
                share[i] += 1
            for index, count in enumerate(share):
                child = context.Process(
                    target=reader_process,
                    args=(
                        server.address,
                        str(server.known_servers),
                        count,
                        index == 0,
                        ready,
                        stop,
                        args.max_batch,
                    ),
                    daemon=True,
                )
                child.start()
                children.append(child)
            for _ in children:
                _, subscribed = ready.get(timeout=120)
                if not subscribed:
                    raise RuntimeError("a reader process could not subscribe")
            slow_channel, slow = small_window_stream(rig)  # never read until the window ends
            slow_opened_us = now_us()
            pid = server.process.pid
            time.sleep(2.0)  # every device polled: their first poll is a baseline
            toggler = Toggler(boxes, args.toggle_ms / 1000)
            toggler.start()
            time.sleep(args.warmup)
            load_start = load_average()
            readers_cpu0 = sum(sum(psutil.Process(c.pid).cpu_times()[:2]) for c in children)
            events0, cpu0, t0_us = rig.count_rows("event"), cpu_seconds(pid), now_us()
            time.sleep(args.seconds)
            cpu1, t1_us = cpu_seconds(pid), now_us()
            events_logged = rig.count_rows("event") - events0
            readers_cpu1 = sum(sum(psutil.Process(c.pid).cpu_times()[:2]) for c in children)
            load_end = load_average()
            toggler.finish()
            late_ticks = toggler.late_ticks
            slow_found = slow_reader(slow, WAIT_S)
            slow.cancel()
            slow_channel.close()
            time.sleep(2.0)  # the last items reach the readers
            stop.set()
            figures: list[dict[str, Any]] = []
            for _ in children:
                _, found = ready.get(timeout=120)
                figures.extend(found)
            exit_code = rig.stop()
    finally:
        stop.set()
        for child in children:
            child.join(30)
            if child.is_alive():
                child.kill()
        boxes.close()
    seconds = (t1_us - t0_us) / 1e6
    problems = [line for line in rig.server.lines if " ERROR " in line or "Traceback" in line]
    rates = [
        window_rate({int(k): v for k, v in f["per_second"].items()}, t0_us, t1_us) for f in figures
    ]
    timeline = next(f["timeline"] for f in figures if f["timeline"])
    published = [seq for seq, at in timeline if t0_us <= at < t1_us]
    published_rate = (max(published) - min(published)) / seconds if published else 0.0
    kept_up = [f for f in figures if not f["resyncs"] and not f["gaps"] and not f["out_of_order"]]
    # When the server gave up on the slow reader: the item that found its queue full,
    # after the subscription and after the first item its transport could not take.
    slow_times: dict[str, float | None] = {"overflow_after_subscription_s": None}
    if slow_found.get("resync"):
        last = slow_found["last_seq_before_resync"]
        overflow = first_received(timeline, last + QUEUE_SIZE + 1)
        stalled = first_received(timeline, last + 1)
        if overflow is not None:
            slow_times["overflow_after_subscription_s"] = round((overflow - slow_opened_us) / S, 2)
            if stalled is not None:
                slow_times["overflow_after_stall_s"] = round((overflow - stalled) / S, 2)
    return {
        "readers": args.readers,
        "processes": args.processes,
        "max_batch": args.max_batch,
        "inputs": 16 * args.boxes,
        "toggle_ms": args.toggle_ms,
        "toggler_late_ticks": late_ticks,
        "window_s": round(seconds, 1),
        "published_items_per_s": round(published_rate, 1),
        "sensor_events_logged_per_s": round(events_logged / seconds, 1),
        "delivered_items_per_s_per_reader": {
            "median": round(statistics.median(rates), 1),
            "min": round(min(rates), 1),
            "max": round(max(rates), 1),
        },
        "readers_without_gap_resync_or_disorder": len(kept_up),
        "readers_with_resync": sum(1 for f in figures if f["resyncs"]),
        "gaps_total": sum(f["gaps"] for f in figures),
        "items_missed_total": sum(f["missed"] for f in figures),
        "out_of_order_total": sum(f["out_of_order"] for f in figures),
        "reader_errors": [f["error"] for f in figures if f["error"]],
        "items_per_reader_total": sorted(f["items"] for f in figures),
        "slow_reader": {**slow_found, **slow_times},
        "target_resync_s": TARGET_RESYNC_S,
        "server_cpu_percent_of_one_core": round(100 * (cpu1 - cpu0) / seconds, 1),
        "readers_cpu_percent_of_one_core": round(100 * (readers_cpu1 - readers_cpu0) / seconds, 1),
        "targets_met": {
            "every_reader_kept_up": len(kept_up) == len(figures) == args.readers,
            "slow_reader_resync": bool(slow_found.get("resync")),
            "rate_at_least_1000": published_rate >= 1000,
        },
        "load_average_at_start": load_start,
        "load_average_at_end": load_end,
        "server_exit_code": exit_code,
        "server_error_lines": len(problems),
        "server_errors_sample": problems[:5],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--readers", type=int, default=20, help="subscribers that read (20)")
    p.add_argument("--processes", type=int, default=4, help="reader processes (4)")
    p.add_argument("--boxes", type=int, default=8, help="Modbus boxes of 16 inputs (8)")
    p.add_argument("--toggle-ms", type=int, default=200, help="input flip period, ms (200)")
    p.add_argument("--seconds", type=float, default=60.0, help="window, s (60)")
    p.add_argument("--warmup", type=float, default=5.0, help="traffic before the window, s (5)")
    p.add_argument(
        "--max-batch",
        type=int,
        default=100,
        help="readers' WatchEventsRequest.max_batch (100, the SDK's; 1: a message per item)",
    )
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args()
    if not 1 <= args.readers <= 200:
        p.error("--readers: 1..200")
    if not 0 <= args.max_batch <= 100:
        p.error("--max-batch: 0..100")
    if not 1 <= args.processes <= args.readers:
        p.error("--processes: 1..readers")
    if not 1 <= args.boxes <= 16:
        p.error("--boxes: 1..16")
    if not 20 <= args.toggle_ms <= 10_000:
        p.error("--toggle-ms: 20..10000")
    if not 1 <= args.seconds <= 3600 or not 0 <= args.warmup <= 600:
        p.error("--seconds: 1..3600, --warmup: 0..600")
    stamp, out = result_path(NAME, args.out)
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "machine": machine_info(boxes=f"{args.boxes} pymodbus ModbusTcpServer, 16 inputs each"),
    }
    with tempfile.TemporaryDirectory(prefix=f"{NAME}-") as work:
        report["results"] = r = measure(args, Path(work))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    d, slow, met = r["delivered_items_per_s_per_reader"], r["slow_reader"], r["targets_met"]
    print(
        f"\n{r['readers']} readers in {r['processes']} processes (max_batch {r['max_batch']}),"
        f" {r['inputs']} inputs flipped"
        f" every {r['toggle_ms']} ms, {r['window_s']} s window\n"
        f"published {r['published_items_per_s']} items/s; delivered per reader: median"
        f" {d['median']}, min {d['min']}, max {d['max']} items/s\n"
        f"readers with every seq in order, no gap, no resync:"
        f" {r['readers_without_gap_resync_or_disorder']} of {r['readers']}"
        f" ({r['gaps_total']} gaps, {r['items_missed_total']} missed,"
        f" {r['readers_with_resync']} resynced)\n"
        f"never-read subscriber: resync {slow.get('resync')} ({slow.get('reason')}) after"
        f" {slow['items_before_resync']} items; overflow"
        f" {slow['overflow_after_subscription_s']} s after subscribing,"
        f" {slow.get('overflow_after_stall_s')} s after its transport stopped taking items\n"
        f"targets: readers {'met' if met['every_reader_kept_up'] else 'NOT met'},"
        f" slow reader {'met' if met['slow_reader_resync'] else 'NOT met'},"
        f" ≥ 1000 items/s {'yes' if met['rate_at_least_1000'] else 'no'}\n"
        f"server CPU {r['server_cpu_percent_of_one_core']} % of one core, readers"
        f" {r['readers_cpu_percent_of_one_core']} %;"
        f" load average {r['load_average_at_start']} → {r['load_average_at_end']}\n"
        f"results: {out}"
    )
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
