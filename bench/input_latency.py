"""input_latency: an input changing at the I/O box → the alarm on a console's feed,
through a real server.

    .venv/bin/python bench/input_latency.py                 # 60 flips (~1.5 min)
    .venv/bin/python bench/input_latency.py --flips 10      # smoke

The I/O box is pymodbus's own Modbus TCP server on 127.0.0.1 (tests/support/
modbus_box.py, on an event loop of this script's), added to a real ``vedette-server``
child process in a fresh data directory with ``IoService.AddDevice`` (16 inputs; the
server polls it every 100 ms, ``io/hub.py`` ``POLL_S``; the inputs keep their default
debounce of 100 ms unless ``--debounce-ms``). One rule, "sensor on input 1 → raise an
alarm" with ``auto_close``, so the input going back closes the alarm and the next
activation raises a new one (``fresh`` on the feed). A ``WatchEvents`` subscriber
(alarms and I/O) reads the feed on a thread of this script.

Each flip: the input is closed in the box's datastore (``async_setValues`` on the
box's loop; ``flip`` = the wall time when that returned), then the script waits for
the input's item (active) and the fresh alarm item of that input; the input is opened
again and the script waits for its item and the alarm's auto-close item, then a
random pause (0.2–0.4 s) so that flips fall at random phases of the poll. Per flip:

- **latency** = the wall time the subscriber received the fresh alarm − ``flip``;
- **poll** = the alarm's ``first_time`` (the time of the first poll that saw the
  input closed: ``vedette_hw.io_inputs`` stamps a change so) − ``flip``;
- **debounce** = the input's item received − ``first_time``: the polls until the
  state held for the debounce, the event row, the bus and the feed;
- **engine** = the alarm item received − the input's item: the rules, the alarm's
  row and the feed.

Target (issue 15): latency p95 ≤ 300 ms on loopback. Peer: none was run. The research
note (research/alarms-and-recording-policy.md §7.8) gives the target and no measured
figure of another product; Frigate's MQTT events are the peer the issue names, and
the note quotes no latency figure for them (only ``mqtt_off_delay`` = 30 s, the
delay before Frigate's MQTT motion turns *off*, §2.1), so the comparison is with the
target alone.

Results: ``bench/results/input_latency-<UTC timestamp>.json`` (or ``--out``) and a
summary. Traffic stays on 127.0.0.1.

This module also holds what the other alarm benches (alarm_storm.py, watch_fanout.py)
share: the boxes on their loop, the server with its boxes and rules, a feed reader.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import queue
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc
import psutil
from machine import machine_info
from motion_latency import percentile, spread

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.modbus_box import BOX_POINTS, ModbusBox  # noqa: E402
from tests.support.server_process import (  # noqa: E402
    ServerProcess,
    init_data_dir,
    start_server,
)

from vedette_api.client import Client  # noqa: E402
from vedette_api.timestamps import now_us  # noqa: E402
from vedette_api.v1 import alarms_pb2, io_pb2  # noqa: E402

NAME = "input_latency"
S = 1_000_000
POLL_S = 0.1  # vedette_server/io/hub.py POLL_S (not configurable from outside)
TARGET_P95_MS = 300.0
WAIT_S = 30.0  # a flip's alarm: generous on a loaded machine
T = TypeVar("T")


# -- shared by the alarm benches --------------------------------------------------------


class Boxes:
    """``count`` Modbus boxes (16 inputs, 16 coils each) on an event loop of their own."""

    def __init__(self, count: int) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.boxes = [self.run(ModbusBox().start()) for _ in range(count)]

    def run(self, work: Coroutine[Any, Any, T], timeout_s: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout_s)

    def set_input(self, box: int, address: int, closed: bool) -> int:
        """Set one input; the wall time (µs) when the datastore holds it."""

        async def set_it() -> int:
            await self.boxes[box].set_input(address, closed)
            return now_us()

        return self.run(set_it())

    def close(self) -> None:
        for box in self.boxes:
            with contextlib.suppress(Exception):
                self.run(box.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@contextlib.contextmanager
def alarm_server(work: Path, boxes: Boxes, debounce_ms: int | None) -> Iterator[ServerRig]:
    """A fresh server with every box added as a Modbus device (16 inputs, 16 outputs);
    stopped on leaving."""
    data = work / "data"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    rig = ServerRig(start_server(data, work / "known_servers.json"))
    try:
        client = rig.connect()
        for number, box in enumerate(boxes.boxes, 1):
            device = client.add_modbus_device(
                "127.0.0.1",
                port=box.port,
                input_count=BOX_POINTS,
                output_count=BOX_POINTS,
                name=f"box{number}",
            )
            ids = [p.id for p in device.points if p.kind == io_pb2.IO_POINT_KIND_INPUT]
            if debounce_ms is not None:
                for point_id in ids:
                    client.update_point(point_id, debounce_ms=debounce_ms)
            rig.inputs.append(ids)
        yield rig
    finally:
        rig.stop()


class ServerRig:
    """A server process, a logged-in client, and the boxes' input ids."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.client: Client | None = None
        #: Each box's input point ids, by input number.
        self.inputs: list[list[int]] = []

    def connect(self) -> Client:
        self.client = self.server.client()
        return self.client

    @property
    def api(self) -> Client:
        assert self.client is not None
        return self.client

    def stop(self) -> int:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close()
            self.client = None
        return self.server.stop()

    @property
    def catalog_path(self) -> Path:
        return self.server.data / "catalog.sqlite3"

    def catalog_bytes(self) -> int:
        """The catalog with its WAL and shared memory files."""
        return sum(
            path.stat().st_size
            for suffix in ("", "-wal", "-shm")
            if (path := Path(f"{self.catalog_path}{suffix}")).exists()
        )

    def scalar(self, sql: str) -> int:
        """One number from the catalog, read-only (the server keeps it open)."""
        uri = f"file:{self.catalog_path}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
            return int(db.execute(sql).fetchone()[0] or 0)

    def count_rows(self, table: str) -> int:
        return self.scalar(f"SELECT count(*) FROM {table}")

    def put_rules(self, rules: dict[str, dict[str, Any]]) -> None:
        """Create rules (name → definition) through ``RuleService.PutRule``."""
        for name, definition in rules.items():
            self.api.put_rule(name, json.dumps(definition))


def input_alarm_rule(input_ids: list[int] | None, *, auto_close: bool) -> dict[str, Any]:
    """Sensor inputs (``None``: any) → raise an alarm (priority 2), no other action."""
    return {
        "events": {"sensor": []},
        "sources": {"inputs": "any" if input_ids is None else input_ids},
        "interval_s": 0,
        "actions": [],
        "alarm": {"priority": 2, "auto_close": auto_close},
    }


@dataclass
class Received:
    """A feed message and the wall time (µs) it came to this process."""

    at_us: int
    message: alarms_pb2.WatchEventsResponse


class FeedReader:
    """One ``WatchEvents`` stream read on a thread as fast as it comes. Keeps every
    message (``keep``) or only counts (``seq`` order, gaps and resyncs) so that a
    high rate does not fill memory; ``on_message`` sees each one first."""

    def __init__(
        self,
        client: Client,
        items: Sequence[alarms_pb2.WatchKind],
        *,
        keep: bool = True,
        on_message: Callable[[Received], None] | None = None,
        max_batch: int = 100,
    ) -> None:
        self.stream = client.watch_events(items=items, max_batch=max_batch)
        self.keep = keep
        self.on_message = on_message
        self.messages: queue.Queue[Received] = queue.Queue()
        self.subscribed = threading.Event()
        self.items = 0  # published items (not heartbeats, snapshots, resyncs)
        self.first_item_us = 0
        self.last_item_us = 0
        self.last_seq = 0
        self.out_of_order = 0
        self.gaps = 0  # seq jumps (items missed)
        self.missed = 0  # items missed in those jumps
        self.resyncs: list[tuple[int, int]] = []  # (wall µs, reason)
        self.error: str | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for message in self.stream:
                at = now_us()
                self._count(message, at)
                received = Received(at, message)
                if self.on_message is not None:
                    self.on_message(received)
                if self.keep:
                    self.messages.put(received)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.CANCELLED:
                self.error = f"{error.code().name}: {error.details()}"
        except Exception as error:  # reported in the results, never a silent thread death
            self.error = f"{type(error).__name__}: {error}"

    def _count(self, message: alarms_pb2.WatchEventsResponse, at: int) -> None:
        case = message.WhichOneof("event")
        if case == "heartbeat":
            self.subscribed.set()
            if not self.last_seq:
                self.last_seq = message.seq
            return
        if case == "resync":
            self.resyncs.append((at, int(message.resync.reason)))
            self.last_seq = message.seq  # what follows continues from here
            return
        if (case == "alarm" and message.alarm.snapshot) or (case == "io" and message.io.snapshot):
            return
        if message.seq <= self.last_seq:
            self.out_of_order += 1
            return
        if self.last_seq and message.seq != self.last_seq + 1:
            self.gaps += 1
            self.missed += message.seq - self.last_seq - 1
        self.last_seq = message.seq
        self.items += 1
        self.first_item_us = self.first_item_us or at
        self.last_item_us = at

    def next(self, timeout_s: float) -> Received:
        return self.messages.get(timeout=timeout_s)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stream.close()
        self.thread.join(10)


class RssSampler(threading.Thread):
    """The server process's RSS every ``interval_s`` (bytes)."""

    def __init__(self, pid: int, interval_s: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.samples: list[int] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            with contextlib.suppress(psutil.Error):
                self.samples.append(self.process.memory_info().rss)
            self.stopping.wait(self.interval_s)

    def stop(self) -> None:
        self.stopping.set()
        self.join(5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (live and reaped)."""
    process = psutil.Process(pid)
    total = sum(process.cpu_times()[:4])
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    return total


def load_average() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def result_path(name: str, out: Path | None) -> tuple[str, Path]:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return stamp, out or REPO / "bench" / "results" / f"{name}-{stamp}.json"


# -- this bench ---------------------------------------------------------------------------


@dataclass
class Flip:
    flip_us: int
    first_us: int  # the alarm's first_time: the server's time of the change
    input_us: int  # the input's item (active) received: after the debounce
    seen_us: int  # the fresh alarm item received


@dataclass
class Run:
    flips: list[Flip] = field(default_factory=list)
    stray: int = 0  # fresh alarms not of the flipped input (none expected)


def await_items(
    reader: FeedReader, wanted: dict[str, Callable[[alarms_pb2.WatchEventsResponse], bool]]
) -> dict[str, Received]:
    """The first message each of ``wanted``'s tests accepts, whatever their order."""
    found: dict[str, Received] = {}
    deadline = time.monotonic() + WAIT_S
    while len(found) < len(wanted) and (left := deadline - time.monotonic()) > 0:
        try:
            received = reader.next(left)
        except queue.Empty:
            break
        for name, test in wanted.items():
            if name not in found and test(received.message):
                found[name] = received
    if len(found) < len(wanted):
        missing = sorted(set(wanted) - set(found))
        raise RuntimeError(f"no {missing} on the feed within {WAIT_S:.0f} s ({reader.error})")
    return found


def input_item(point_id: int, active: bool) -> Callable[[alarms_pb2.WatchEventsResponse], bool]:
    def test(m: alarms_pb2.WatchEventsResponse) -> bool:
        io = m.io
        return (
            m.HasField("io")
            and io.kind == alarms_pb2.IO_KIND_INPUT
            and io.point_id == point_id
            and io.active is active
            and not io.snapshot
        )

    return test


def alarm_item(key: str, *, fresh: bool) -> Callable[[alarms_pb2.WatchEventsResponse], bool]:
    """The fresh alarm of ``key`` (``fresh``), or its closing (not ``fresh``)."""

    def test(m: alarms_pb2.WatchEventsResponse) -> bool:
        a = m.alarm
        if not m.HasField("alarm") or a.key != key or a.snapshot:
            return False
        return a.fresh if fresh else a.state == alarms_pb2.ALARM_STATE_CLOSED

    return test


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    boxes = Boxes(1)
    try:
        with alarm_server(work, boxes, args.debounce_ms) as rig:
            point = rig.inputs[0][0]
            rig.put_rules({"bench input 1": input_alarm_rule([point], auto_close=True)})
            kinds = [alarms_pb2.WATCH_KIND_ALARMS, alarms_pb2.WATCH_KIND_IO]
            reader = FeedReader(rig.api, kinds)
            if not reader.subscribed.wait(WAIT_S):
                raise RuntimeError(f"WatchEvents did not start ({reader.error})")
            key = f"input:{point}"
            run = Run()
            time.sleep(1.0)  # the device's first poll (its baseline) is behind us
            load_start = load_average()
            cpu0 = cpu_seconds(rig.server.process.pid)
            t0 = time.monotonic()
            for _ in range(args.flips):
                flip_us = boxes.set_input(0, 0, True)
                on = await_items(
                    reader, {"input": input_item(point, True), "alarm": alarm_item(key, fresh=True)}
                )
                first_us = on["alarm"].message.alarm.first_time.ToMicroseconds()
                run.flips.append(Flip(flip_us, first_us, on["input"].at_us, on["alarm"].at_us))
                boxes.set_input(0, 0, False)
                await_items(
                    reader,
                    {"input": input_item(point, False), "alarm": alarm_item(key, fresh=False)},
                )
                time.sleep(random.uniform(0.2, 0.4))
            seconds = time.monotonic() - t0
            cpu = cpu_seconds(rig.server.process.pid) - cpu0
            reader.close()
            alarms = rig.count_rows("alarm")
            exit_code = rig.stop()
    finally:
        boxes.close()
    problems = [line for line in rig.server.lines if " ERROR " in line or "Traceback" in line]
    latency = [(f.seen_us - f.flip_us) / S for f in run.flips]
    share = [(f.first_us - f.flip_us) / S for f in run.flips]
    debounce = [(f.input_us - f.first_us) / S for f in run.flips]
    engine = [(f.seen_us - f.input_us) / S for f in run.flips]
    p95_ms = percentile(latency, 0.95) * 1000
    return {
        "flips": len(run.flips),
        "poll_interval_ms": POLL_S * 1000,
        "debounce_ms": 100 if args.debounce_ms is None else args.debounce_ms,
        "latency": spread(latency),
        "flip_to_first_poll_seeing_it": spread(share),
        "first_poll_to_input_item": spread(debounce),
        "input_item_to_alarm_item": spread(engine),
        "poll_share_of_median_latency": round(percentile(share, 0.5) / percentile(latency, 0.5), 2),
        "poll_and_debounce_share_of_median_latency": round(
            percentile([a + b for a, b in zip(share, debounce, strict=True)], 0.5)
            / percentile(latency, 0.5),
            2,
        ),
        "alarms_in_catalog": alarms,
        "server_cpu_percent_of_one_core": round(100 * cpu / seconds, 1),
        "target_p95_ms": TARGET_P95_MS,
        "ratio_p95_over_target": round(p95_ms / TARGET_P95_MS, 2),
        "target_met": p95_ms <= TARGET_P95_MS,
        "load_average_at_start": load_start,
        "load_average_at_end": load_average(),
        "server_exit_code": exit_code,
        "server_error_lines": len(problems),
        "server_errors_sample": problems[:5],
        "per_flip_us": [[f.flip_us, f.first_us, f.input_us, f.seen_us] for f in run.flips],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--flips", type=int, default=60, help="input activations measured (60)")
    p.add_argument(
        "--debounce-ms", type=int, help="the input's debounce (default: the server's, 100 ms)"
    )
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args()
    if not 1 <= args.flips <= 10_000:
        p.error("--flips: 1..10000")
    if args.debounce_ms is not None and not 0 <= args.debounce_ms <= 60_000:
        p.error("--debounce-ms: 0..60000")
    stamp, out = result_path(NAME, args.out)
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "machine": machine_info(box="pymodbus ModbusTcpServer on 127.0.0.1, 16 inputs"),
    }
    with tempfile.TemporaryDirectory(prefix=f"{NAME}-") as work:
        report["results"] = r = measure(args, Path(work))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    lat = r["latency"]
    print(
        f"\n{r['flips']} input activations, poll {r['poll_interval_ms']:.0f} ms,"
        f" debounce {r['debounce_ms']} ms\n"
        f"| measure | p50 | p95 | min | max |\n| --- | --- | --- | --- | --- |\n"
        + "".join(
            f"| {label} | {s['p50_ms']} ms | {s['p95_ms']} ms | {s['min_ms']} ms"
            f" | {s['max_ms']} ms |\n"
            for label, s in (
                ("flip → fresh alarm on the feed", lat),
                ("flip → first poll that saw it", r["flip_to_first_poll_seeing_it"]),
                ("first poll → input item on the feed", r["first_poll_to_input_item"]),
                ("input item → alarm item", r["input_item_to_alarm_item"]),
            )
        )
        + f"target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if r['target_met'] else 'NOT met'}"
        f" (ratio {r['ratio_p95_over_target']}); of the median, the poll"
        f" {r['poll_share_of_median_latency']:.0%}, poll + debounce"
        f" {r['poll_and_debounce_share_of_median_latency']:.0%}\n"
        f"server CPU {r['server_cpu_percent_of_one_core']} % of one core;"
        f" load average {r['load_average_at_start']} → {r['load_average_at_end']}\n"
        f"results: {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
