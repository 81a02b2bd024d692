"""alarm_storm: 64 inputs changing 10 times a second for 60 s on a real server, with
a rule raising alarms per input, an operator's RPCs and a console's feed meanwhile.

    .venv/bin/python bench/alarm_storm.py                     # 64 inputs, 60 s (~2 min)
    .venv/bin/python bench/alarm_storm.py --seconds 10        # smoke

The sources: four pymodbus Modbus TCP servers on 127.0.0.1 (tests/support/
modbus_box.py) of 16 inputs each, added to a real ``vedette-server`` child process in
a fresh data directory as four Modbus devices (``IoService.AddDevice``; the server
polls each every 100 ms, ``io/hub.py`` ``POLL_S``), every input's debounce set to 0
so that the server takes each poll as it is. This is the real input path (Modbus poll
→ input tracker → ``sensor`` event row → bus → alarm engine → alarm rows → feed);
the issue's "64 cameras × 10 events/s" is here 64 inputs whose state the script
flips in the boxes' datastores every ``--toggle-ms`` (100 ms: 10 changes a second
each, 5 activations and 5 ends, 640 offered events a second in all). A poll every
100 ms cannot see more than one change per poll and sees fewer when the toggles and
the polls drift in and out of phase: the events the server logged (``sensor`` rows
started in the window) are reported beside what was offered.

One rule, "sensor, any input → raise an alarm" (priority 2, no auto-close, merge
window 300 s, interval 0: every activation is a trigger), so there are 64 (rule,
source) keys. During the window:

- an operator thread calls ``ListAlarms`` (open alarms, a page of 100) and
  ``GetAlarm`` (a random alarm of the last list, with its history) in turn through
  the SDK, every ``--rpc-ms`` (100 ms), and notes each call's latency;
- a ``WatchEvents`` subscriber (no filter: alarms, events, I/O, resources) reads as
  fast as it can: items a second, and whether it got a ``Resync`` (it fell behind) or
  saw a gap in ``seq``;
- the server's RSS every 0.5 s, its CPU (main process and children) over the window,
  the catalog's size (with its WAL) before and after.

Targets (issue 15 and research §7.8): alarms ≤ the number of (rule, source) keys;
RPC p99 < 100 ms during the storm; RSS growth < 50 MB. Reported too: alarm_activity
rows against events + alarms (the research's "journal rows ≤ events + alarms").
Peer, quoted, not run: Milestone folds nothing: each event that matches an alarm
definition creates an alarm in its Alarm Manager (research §1.1: alarms are
"triggered responses to predefined events"; the list fetches 100 rows by default, up
to 999), with no documented storm behaviour or latency figure; Vedette folds repeats
into one open alarm per (rule, source). There is no measured peer figure.

Results: ``bench/results/alarm_storm-<UTC timestamp>.json`` (or ``--out``) and a
summary. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from input_latency import (
    BOX_POINTS,
    WAIT_S,
    Boxes,
    FeedReader,
    RssSampler,
    alarm_server,
    cpu_seconds,
    input_alarm_rule,
    load_average,
    result_path,
)
from machine import machine_info
from motion_latency import percentile

from vedette_api.client import Client
from vedette_api.errors import VedetteError
from vedette_api.timestamps import now_us
from vedette_api.v1 import alarms_pb2

NAME = "alarm_storm"
BOXES = 4
TARGET_RPC_P99_MS = 100.0
TARGET_RSS_GROWTH_MB = 50.0
MB = 2**20
T = TypeVar("T")


@dataclass
class Toggler:
    """Flips every input of every box each ``period_s`` on the boxes' loop."""

    boxes: Boxes
    period_s: float
    flips: int = 0  # input changes offered
    late_ticks: int = 0  # ticks that started more than a period late
    task: concurrent.futures.Future[None] | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        closed = False
        tick = loop.time()
        while not self.stop.is_set():
            closed = not closed
            for box in self.boxes.boxes:
                for address in range(BOX_POINTS):
                    await box.set_input(address, closed)
                self.flips += BOX_POINTS
            tick += self.period_s
            delay = tick - loop.time()
            if delay < -self.period_s:
                self.late_ticks += 1
                tick = loop.time()
            await asyncio.sleep(max(0.0, delay))

    def start(self) -> None:
        self.task = asyncio.run_coroutine_threadsafe(self._run(), self.boxes.loop)

    def finish(self) -> None:
        self.stop.set()
        if self.task is not None:
            self.task.result(WAIT_S)


class Operator(threading.Thread):
    """ListAlarms and GetAlarm in turn every ``interval_s``, timing each call."""

    def __init__(self, client: Client, interval_s: float) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.interval_s = interval_s
        self.list_ms: list[float] = []
        self.get_ms: list[float] = []
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self.ids: list[int] = []

    def timed(self, call: Callable[[], T], into: list[float]) -> T | None:
        started = time.perf_counter()
        try:
            result = call()
        except VedetteError as error:
            self.errors.append(f"{type(error).__name__}: {error}")
            return None
        into.append((time.perf_counter() - started) * 1000)
        return result

    def run(self) -> None:
        open_states = [
            alarms_pb2.ALARM_STATE_NEW,
            alarms_pb2.ALARM_STATE_IN_PROGRESS,
            alarms_pb2.ALARM_STATE_ON_HOLD,
        ]
        open_alarms = alarms_pb2.AlarmFilter(states=open_states)
        turn = 0
        while not self.stopping.wait(self.interval_s):
            if turn % 2 == 0 or not self.ids:
                page = self.timed(
                    lambda: list(self.client.list_alarms(open_alarms, limit=100)), self.list_ms
                )
                if page is not None:
                    self.ids = [a.id for a in page]
            else:
                alarm_id = random.choice(self.ids)
                self.timed(partial(self.client.get_alarm, alarm_id), self.get_ms)
            turn += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(WAIT_S)


def rpc_figures(values_ms: list[float]) -> dict[str, float]:
    if not values_ms:
        return {"calls": 0}
    return {
        "calls": len(values_ms),
        "p50_ms": round(percentile(values_ms, 0.5), 1),
        "p95_ms": round(percentile(values_ms, 0.95), 1),
        "p99_ms": round(percentile(values_ms, 0.99), 1),
        "max_ms": round(max(values_ms), 1),
    }


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    boxes = Boxes(BOXES)
    try:
        with alarm_server(work, boxes, debounce_ms=0) as rig:
            rig.put_rules({"bench storm": input_alarm_rule(None, auto_close=False)})
            keys = sum(len(ids) for ids in rig.inputs)
            reader = FeedReader(rig.api, [], keep=False)  # everything: every seq is its
            if not reader.subscribed.wait(WAIT_S):
                raise RuntimeError(f"WatchEvents did not start ({reader.error})")
            pid = rig.server.process.pid
            rss = RssSampler(pid)
            rss.start()
            time.sleep(2.0)  # every device polled: their first poll is a baseline
            toggler = Toggler(boxes, args.toggle_ms / 1000)
            toggler.start()
            time.sleep(args.warmup)
            operator = Operator(rig.api, args.rpc_ms / 1000)
            catalog0, events0 = rig.catalog_bytes(), rig.count_rows("event")
            rss0 = rss.samples[-1]
            load_start = load_average()
            cpu0, items0, t0_us = cpu_seconds(pid), reader.items, now_us()
            flips0 = toggler.flips
            operator.start()
            time.sleep(args.seconds)
            operator.stop()
            cpu1, items1, t1_us = cpu_seconds(pid), reader.items, now_us()
            flips1 = toggler.flips
            load_end = load_average()
            toggler.finish()
            rss_window = list(rss.samples)
            rss.stop()
            time.sleep(2.0)  # the last polls' items
            reader.close()
            catalog1 = rig.catalog_bytes()
            events1 = rig.count_rows("event")
            alarms = rig.count_rows("alarm")
            storm_alarms = rig.scalar("SELECT count(*) FROM alarm WHERE storm")
            activities = rig.count_rows("alarm_activity")
            counted = rig.scalar("SELECT sum(count) FROM alarm")
            exit_code = rig.stop()
    finally:
        boxes.close()
    seconds = (t1_us - t0_us) / 1e6
    problems = [line for line in rig.server.lines if " ERROR " in line or "Traceback" in line]
    list_fig, get_fig = rpc_figures(operator.list_ms), rpc_figures(operator.get_ms)
    all_fig = rpc_figures(operator.list_ms + operator.get_ms)
    growth_mb = (max(rss_window) - rss0) / MB if rss_window else 0.0
    end_growth_mb = (rss_window[-1] - rss0) / MB if rss_window else 0.0
    events_logged = events1 - events0
    p99 = all_fig.get("p99_ms")
    return {
        "sources": keys,
        "window_s": round(seconds, 1),
        "toggle_ms": args.toggle_ms,
        "offered_changes_per_s": round((flips1 - flips0) / seconds, 1),
        "toggler_late_ticks": toggler.late_ticks,
        "sensor_events_logged_in_window": events_logged,
        "events_per_s_logged_starts_and_ends": round(2 * events_logged / seconds, 1),
        "alarms_created": alarms,
        "storm_alarms": storm_alarms,
        "rule_source_keys": keys,
        "alarms_within_keys": alarms <= keys,
        "triggers_folded_into_alarms": counted,
        "alarm_activity_rows": activities,
        "event_rows_total": events1,
        "activity_rows_within_events_plus_alarms": activities <= events1 + alarms,
        "rpc_list_alarms": list_fig,
        "rpc_get_alarm": get_fig,
        "rpc_all": all_fig,
        "rpc_errors": len(operator.errors),
        "rpc_errors_sample": operator.errors[:5],
        "target_rpc_p99_ms": TARGET_RPC_P99_MS,
        "rpc_p99_ratio_over_target": round(p99 / TARGET_RPC_P99_MS, 2) if p99 else None,
        "rss_at_window_start_mb": round(rss0 / MB, 1),
        "rss_growth_peak_mb": round(growth_mb, 1),
        "rss_growth_at_end_mb": round(end_growth_mb, 1),
        "target_rss_growth_mb": TARGET_RSS_GROWTH_MB,
        "catalog_bytes_before": catalog0,
        "catalog_growth_mb": round((catalog1 - catalog0) / MB, 2),
        "feed_items": items1 - items0,
        "feed_items_per_s": round((items1 - items0) / seconds, 1),
        "feed_resyncs": len(reader.resyncs),
        "feed_gaps": reader.gaps,
        "feed_items_missed_in_gaps": reader.missed,
        "feed_error": reader.error,
        "server_cpu_percent_of_one_core": round(100 * (cpu1 - cpu0) / seconds, 1),
        "targets_met": {
            "alarms_within_keys": alarms <= keys,
            "rpc_p99": p99 is not None and p99 < TARGET_RPC_P99_MS,
            "rss_growth": growth_mb < TARGET_RSS_GROWTH_MB,
        },
        "load_average_at_start": load_start,
        "load_average_at_end": load_end,
        "server_exit_code": exit_code,
        "server_error_lines": len(problems),
        "server_errors_sample": problems[:5],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--seconds", type=float, default=60.0, help="storm window, s (60)")
    p.add_argument("--warmup", type=float, default=5.0, help="storm before the window, s (5)")
    p.add_argument("--toggle-ms", type=int, default=100, help="input flip period, ms (100)")
    p.add_argument("--rpc-ms", type=int, default=100, help="operator call interval, ms (100)")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args()
    if not 1 <= args.seconds <= 3600:
        p.error("--seconds: 1..3600")
    if not 0 <= args.warmup <= 600:
        p.error("--warmup: 0..600")
    if not 20 <= args.toggle_ms <= 10_000:
        p.error("--toggle-ms: 20..10000")
    if not 10 <= args.rpc_ms <= 10_000:
        p.error("--rpc-ms: 10..10000")
    stamp, out = result_path(NAME, args.out)
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "machine": machine_info(boxes=f"{BOXES} pymodbus ModbusTcpServer, 16 inputs each"),
    }
    with tempfile.TemporaryDirectory(prefix=f"{NAME}-") as work:
        report["results"] = r = measure(args, Path(work))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    lst, get = r["rpc_list_alarms"], r["rpc_get_alarm"]

    def row(label: str, f: dict[str, Any]) -> str:
        return (
            f"| {label} | {f['calls']} | {f.get('p50_ms')} ms | {f.get('p95_ms')} ms"
            f" | {f.get('p99_ms')} ms | {f.get('max_ms')} ms |\n"
        )

    met = r["targets_met"]
    print(
        f"\n{r['sources']} inputs, {r['window_s']} s: offered {r['offered_changes_per_s']}"
        f" changes/s, logged {r['events_per_s_logged_starts_and_ends']} events/s"
        f" ({r['sensor_events_logged_in_window']} activations)\n"
        f"alarms {r['alarms_created']} (storm {r['storm_alarms']}) for {r['rule_source_keys']}"
        f" keys: {'met' if met['alarms_within_keys'] else 'NOT met'};"
        f" {r['triggers_folded_into_alarms']} triggers folded\n"
        "| RPC | calls | p50 | p95 | p99 | max |\n| --- | --- | --- | --- | --- | --- |\n"
        + row("ListAlarms", lst)
        + row("GetAlarm", get)
        + row("both", r["rpc_all"])
        + f"RPC p99 < {TARGET_RPC_P99_MS:.0f} ms: {'met' if met['rpc_p99'] else 'NOT met'}"
        f" (ratio {r['rpc_p99_ratio_over_target']}; {r['rpc_errors']} errors)\n"
        f"RSS {r['rss_at_window_start_mb']} MB, growth peak {r['rss_growth_peak_mb']} MB"
        f" / at end {r['rss_growth_at_end_mb']} MB (target < {TARGET_RSS_GROWTH_MB:.0f} MB:"
        f" {'met' if met['rss_growth'] else 'NOT met'})\n"
        f"feed {r['feed_items_per_s']} items/s, {r['feed_resyncs']} resyncs,"
        f" {r['feed_gaps']} gaps; catalog +{r['catalog_growth_mb']} MB;"
        f" activity rows {r['alarm_activity_rows']}\n"
        f"server CPU {r['server_cpu_percent_of_one_core']} % of one core;"
        f" load average {r['load_average_at_start']} → {r['load_average_at_end']}\n"
        f"results: {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
