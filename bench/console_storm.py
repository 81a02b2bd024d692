"""console_storm: the console's alarm desk signed in to a server under alarm_storm.py's
storm: how long its UI thread is blocked, its toasts, its sound and its memory.

    .venv/bin/python bench/console_storm.py                    # 60 s storm (~2.5 min)
    .venv/bin/python bench/console_storm.py --seconds 10       # smoke
    .venv/bin/python bench/console_storm.py --py-spy           # and where the UI time goes
    .venv/bin/python bench/console_storm.py --console-nice -10 # the console ahead of the rest

The server and the storm are alarm_storm.py's (imported, not copied): a real
``vedette-server`` child process with four pymodbus Modbus TCP servers on 127.0.0.1 as
four devices of 16 inputs (polled every 100 ms, debounce 0), and its ``Toggler``
flipping all 64 inputs every ``--toggle-ms`` (100 ms: 640 offered changes a second).
The rule is alarm_storm.py's "sensor, any input → raise an alarm" at priority 1 (so
the sound is the looping channel, the case of research §5: "a burst ... one sound
loop"): 64 fresh alarms as the storm starts, then every activation folds into its
input's alarm, each fold an alarm item on the feed, with the input's I/O item and
the event's item.

The console runs in a child process of its own (this script with ``--child``), so
that the boxes, the toggler and this script's threads do not share its interpreter:
the real ``MainWindow`` (offscreen ``QApplication``, 1400x860, no camera tiles)
signed in as admin (``Session.adopt``, ``MainWindow.signed_in``), its ``AlarmDesk``
(feed, book, toasts, sound, list, status page, tile badges) as the console builds it.
On the Live view by default; ``--view alarms`` opens the Alarms view (the list),
``--view status`` the Alarms view's status page (the open alarms' tree shown).

Measured in the console's process:

- **UI block**: a ``QTimer`` (precise, 10 ms) on the UI thread notes the gap between
  its firings; a block is the gap − 10 ms. Max and p99 over the storm window, and the
  same over ``--baseline`` seconds before the storm (the console signed in, nothing
  happening: the machine's own scheduling noise).
- **toasts**: the most toasts shown at once at any probe tick (target ≤ 3), and the
  "+N more" count at the end;
- **sound**: how many times the one channel was started in the window;
- what came on the feed: alarm, I/O and event items, resyncs, losses.

Measured by this script: the console process's RSS every 0.5 s (growth from the
window's start: peak and at the end), its CPU over the window; with ``--py-spy``,
``py-spy record --nonblocking`` on the console process for the window (it samples
without stopping it), summarised as the UI thread's busy share and the functions its
samples fall in.

Targets (issue 15): "console UI never blocked > 100 ms" during the storm; toasts ≤ 3;
one sound. Peer: none run; no product documents a figure for its client's UI
thread under an alarm storm (research §5 gives the behaviour — toasts capped and
grouped, one sound — which this bench checks), so the comparison is with the target
and with the same console idle on the same machine (the baseline).

Results: ``bench/results/console_storm-<UTC timestamp>.json`` (or ``--out``) and a
summary. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import gc
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from alarm_storm import BOXES, Toggler
from input_latency import (
    WAIT_S,
    Boxes,
    RssSampler,
    alarm_server,
    cpu_seconds,
    input_alarm_rule,
    load_average,
    result_path,
)
from machine import machine_info
from motion_latency import percentile

REPO = Path(__file__).resolve().parent.parent
NAME = "console_storm"
PROBE_MS = 10
TARGET_BLOCK_MS = 100.0
MAX_TOASTS_TARGET = 3
MB = 2**20
PY_SPY_RATE = 100


# -- the console's side (the child process) ----------------------------------------------


def block_figures(gaps_ms: list[float]) -> dict[str, Any]:
    """The probe's gaps and the blocks (gap − the probe's interval)."""
    if not gaps_ms:
        return {"ticks": 0}
    return {
        "ticks": len(gaps_ms),
        "gap_p50_ms": round(percentile(gaps_ms, 0.5), 1),
        "gap_p99_ms": round(percentile(gaps_ms, 0.99), 1),
        "gap_max_ms": round(max(gaps_ms), 1),
        "block_p99_ms": round(max(0.0, percentile(gaps_ms, 0.99) - PROBE_MS), 1),
        "block_max_ms": round(max(0.0, max(gaps_ms) - PROBE_MS), 1),
        "blocks_over_50_ms": sum(g - PROBE_MS > 50 for g in gaps_ms),
        "blocks_over_100_ms": sum(g - PROBE_MS > TARGET_BLOCK_MS for g in gaps_ms),
    }


@dataclass
class Tick:
    """One firing of the probe: wall, UI thread CPU and process CPU clocks (s)."""

    at: float
    ui_cpu: float
    process_cpu: float


def gc_figures(runs: list[tuple[float, float, int]]) -> dict[str, Any]:
    """Python's garbage collections in the window (``gc.callbacks``): how many and how
    long per generation."""
    figures: dict[str, Any] = {}
    for generation in (0, 1, 2):
        ms = [(end - start) * 1000 for start, end, g in runs if g == generation]
        figures[f"gen{generation}"] = {
            "count": len(ms),
            "max_ms": round(max(ms), 1) if ms else 0.0,
            "total_ms": round(sum(ms), 1),
        }
    return figures


def long_gaps(ticks: list[Tick], runs: list[tuple[float, float, int]]) -> list[dict[str, Any]]:
    """Each probe gap over 50 ms + the interval: how much of it the UI thread ran (its
    own work), the console process ran (its other threads too: the feed's reader holds
    the GIL while it parses) and the collections inside it. A gap the process did not
    run through is the machine's scheduler (other processes had the cores)."""
    found = []
    for before, tick in itertools.pairwise(ticks):
        gap_ms = (tick.at - before.at) * 1000
        if gap_ms - PROBE_MS <= 50:
            continue
        inside = [
            (g, round((e - s) * 1000, 1)) for s, e, g in runs if s >= before.at and e <= tick.at
        ]
        found.append(
            {
                "gap_ms": round(gap_ms, 1),
                "from_to": (before.at, tick.at),  # perf_counter: CLOCK_MONOTONIC, any process
                "ui_thread_cpu_ms": round((tick.ui_cpu - before.ui_cpu) * 1000, 1),
                "process_cpu_ms": round((tick.process_cpu - before.process_cpu) * 1000, 1),
                "collections_inside": inside,
            }
        )
    return found


def gap_split(found: list[dict[str, Any]]) -> dict[str, Any]:
    """Over the long gaps: the shares of their time the UI thread and the process ran."""
    total = sum(g["gap_ms"] for g in found)
    if not total:
        return {"gaps": 0}
    return {
        "gaps": len(found),
        "gap_ms_total": round(total, 1),
        "ui_thread_ran_share": round(sum(g["ui_thread_cpu_ms"] for g in found) / total, 2),
        "process_ran_share": round(sum(g["process_cpu_ms"] for g in found) / total, 2),
        "longest": max(found, key=lambda g: g["gap_ms"]),
    }


def run_child(args: argparse.Namespace) -> int:
    """Sign in, measure the baseline, say ``ready``, wait for ``go``, measure the window,
    write the figures to ``args.out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from alarm_popup_latency import Console, pump, pump_until
    from PySide6.QtCore import Qt, QTimer

    sys.path.insert(0, str(REPO))
    from tests.support.server_process import ADMIN_PASSWORD

    from vedette_api.client import Client

    client = Client.connect(
        args.address, username="admin", password=ADMIN_PASSWORD, known_servers_path=args.known
    )
    console = Console.open(client)
    desk, feed = console.desk, console.session.feed
    if args.view in ("alarms", "status"):
        console.window.show_view("Alarms")
    if args.view == "status":
        desk.view.setCurrentWidget(desk.status_page)
    counts: collections.Counter[str] = collections.Counter()
    for name in ("alarm", "io", "event_logged", "resync", "lost"):
        getattr(feed, name).connect(lambda *_a, name=name: counts.update([name]))
    gaps: list[float] = []
    recording = [False]
    most_toasts = [0]
    last = [time.perf_counter()]

    gc_runs: list[tuple[float, float, int]] = []  # (start, end, generation), perf_counter
    gc_started = [0.0]
    ticks: list[Tick] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        elif recording[0]:
            gc_runs.append((gc_started[0], time.perf_counter(), info["generation"]))

    gc.callbacks.append(on_gc)

    def tick() -> None:
        now = time.perf_counter()
        if recording[0]:
            gaps.append((now - last[0]) * 1000)
            ticks.append(Tick(now, time.thread_time(), time.process_time()))
            most_toasts[0] = max(most_toasts[0], len(desk.toasts.shown()))
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(tick)
    probe.start()
    pump(1.0)
    recording[0] = True
    pump(args.baseline)
    recording[0] = False
    baseline = block_figures(gaps)
    gaps.clear()
    gc_runs.clear()
    ticks.clear()
    go = threading.Event()

    def wait_go() -> None:
        if sys.stdin.readline().strip() == "go":
            go.set()

    threading.Thread(target=wait_go, daemon=True).start()
    print("ready", flush=True)
    pump_until(go.is_set, WAIT_S, "the storm's go")
    counts.clear()
    starts0 = desk.sound.channel.starts
    last[0] = time.perf_counter()
    recording[0] = True
    print("measuring", flush=True)  # the storm starts now, not before
    t0 = time.monotonic()
    pump(args.seconds)
    window_s = time.monotonic() - t0
    recording[0] = False
    probe.stop()
    per_second: dict[int, float] = {}
    elapsed = 0.0
    for gap in gaps:
        elapsed += gap
        second = int(elapsed // 1000)
        per_second[second] = max(per_second.get(second, 0.0), round(gap, 1))
    gc.callbacks.remove(on_gc)
    result = {
        "garbage_collections": gc_figures(gc_runs),
        "long_gaps": gap_split(found := long_gaps(ticks, gc_runs)),
        "long_gaps_each": found,
        "window_s": round(window_s, 1),
        "view": args.view,
        "baseline_s": args.baseline,
        "baseline": baseline,
        "storm": block_figures(gaps),
        "storm_max_gap_ms_per_second": list(per_second.values()),
        "toasts_most_shown_at_once": most_toasts[0],
        "toasts_more_at_end": desk.toasts.hidden_count(),
        "open_alarms_in_book_at_end": len(desk.book.open),
        "new_alarms_in_book_at_end": len(desk.book.new_alarms()),
        "sound_starts_in_window": desk.sound.channel.starts - starts0,
        "sound_looping_at_end": desk.sound.channel.looping,
        "feed_items_in_window": dict(counts),
        "feed_live_at_end": feed.live,
    }
    console.close()
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


# -- this script's side ------------------------------------------------------------------


def py_spy_summary(raw: Path, seconds: float) -> dict[str, Any]:
    """The UI thread's samples in py-spy's raw (collapsed) output: its busy share and
    the functions they fall in (inclusive, and the leaf), top 15 each, leaving out the
    frames under every sample."""
    inclusive: collections.Counter[str] = collections.Counter()
    leaf: collections.Counter[str] = collections.Counter()
    ui = total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        if not frames[0].endswith(": MainThread"):
            continue
        ui += count
        names = [re.sub(r":\d+\)$", ")", f) for f in frames[1:]]
        for name in set(names):
            inclusive[name] += count
        if names:
            leaf[names[-1]] += count
    # Frames under every UI sample (the script, the event loop's pump) say nothing.
    everywhere = {name for name, count in inclusive.items() if count >= 0.99 * ui}
    for name in everywhere:
        del inclusive[name]
    return {
        "rate_hz": PY_SPY_RATE,
        "samples_all_threads": total,
        "ui_thread_samples": ui,
        "ui_thread_busy_share": round(ui / (PY_SPY_RATE * seconds), 3),
        "ui_inclusive_top": inclusive.most_common(15),
        "ui_leaf_top": leaf.most_common(15),
    }


class ThreadStates(threading.Thread):
    """The console's UI thread as the kernel sees it, every ``interval_s``: its state
    (R running or waiting for a core, S sleeping, D in I/O) and, asleep, where
    (``wchan``), read from /proc by this process, so a console thread that cannot run
    Python is still seen."""

    def __init__(self, pid: int, interval_s: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.task = Path(f"/proc/{pid}/task/{pid}")
        self.interval_s = interval_s
        self.samples: list[tuple[float, str]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                stat = (self.task / "stat").read_text()
                state = stat[stat.rindex(")") + 2]
                where = (self.task / "wchan").read_text().strip() if state != "R" else ""
            except (OSError, ValueError):
                return
            self.samples.append((time.perf_counter(), f"{state} {where}".strip()))
            self.stopping.wait(self.interval_s)

    def stop(self) -> None:
        self.stopping.set()
        self.join(5)

    def in_spans(self, spans: list[tuple[float, float]]) -> dict[str, Any]:
        """The states sampled inside ``spans``, and over every sample, as shares."""

        def shares(states: list[str]) -> dict[str, float]:
            counted = collections.Counter(states)
            return {k: round(v / len(states), 3) for k, v in counted.most_common(8)}

        inside = [state for at, state in self.samples if any(a <= at <= b for a, b in spans)]
        return {
            "samples": len(self.samples),
            "all_samples": shares([state for _, state in self.samples]),
            "samples_in_long_gaps": len(inside),
            "in_long_gaps": shares(inside) if inside else {},
        }


def py_spy_binary() -> str:
    local = REPO / ".venv" / "bin" / "py-spy"
    return str(local) if local.exists() else "py-spy"


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    boxes = Boxes(BOXES)
    child: subprocess.Popen[str] | None = None
    try:
        with alarm_server(work, boxes, debounce_ms=0) as rig:
            rule = input_alarm_rule(None, auto_close=False)
            rule["alarm"]["priority"] = 1
            rig.put_rules({"bench storm": rule})
            keys = sum(len(ids) for ids in rig.inputs)
            child_out = work / "console.json"
            argv = [
                sys.executable, __file__, "--child", "--address", rig.server.address,
                "--known", str(rig.server.known_servers), "--seconds", str(args.seconds),
                "--baseline", str(args.baseline), "--view", args.view, "--out", str(child_out),
            ]  # fmt: skip
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            child = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
            )
            assert child.stdin is not None and child.stdout is not None
            if args.console_nice:
                psutil.Process(child.pid).nice(args.console_nice)  # before it signs in
            said = [child.stdout.readline().strip()]  # after sign-in and the baseline
            while said[-1] != "ready" and said[-1] and len(said) < 100:
                said.append(child.stdout.readline().strip())
            if said[-1] != "ready":
                raise RuntimeError(f"the console did not start (said {said[-5:]!r})")
            rss = RssSampler(child.pid)
            rss.start()
            states = ThreadStates(child.pid)
            time.sleep(1.0)
            spy: subprocess.Popen[str] | None = None
            spy_raw = work / "py-spy.txt"
            load_start = load_average()
            rss0 = rss.samples[-1]
            cpu0, server_cpu0 = cpu_seconds(child.pid), cpu_seconds(rig.server.process.pid)
            toggler = Toggler(boxes, args.toggle_ms / 1000)
            child.stdin.write("go\n")
            child.stdin.flush()
            if (line := child.stdout.readline().strip()) != "measuring":
                raise RuntimeError(f"the console did not start measuring (said {line!r})")
            t0 = time.monotonic()
            states.start()
            toggler.start()
            if args.py_spy:
                spy = subprocess.Popen(
                    [py_spy_binary(), "record", "--pid", str(child.pid), "--duration",
                     str(int(args.seconds)), "--rate", str(PY_SPY_RATE), "--nonblocking",
                     "--threads", "--format", "raw", "-o", str(spy_raw)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                )  # fmt: skip
            time.sleep(max(0.0, args.seconds - (time.monotonic() - t0)))
            cpu1 = cpu_seconds(child.pid)
            server_cpu1 = cpu_seconds(rig.server.process.pid)
            window_s = time.monotonic() - t0
            load_end = load_average()
            flips = toggler.flips
            rss_window = [v for v in rss.samples if v > 0]  # the window's, the child alive
            rss.stop()
            states.stop()
            code = child.wait(WAIT_S + args.seconds)
            toggler.finish()
            spy_error = ""
            if spy is not None:
                _, spy_error = spy.communicate(timeout=WAIT_S)
            alarms = rig.count_rows("alarm")
            if code != 0 or not child_out.exists():
                raise RuntimeError(f"the console process ended with {code}")
            console = json.loads(child_out.read_text())
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait(10)
        boxes.close()
    storm = console["storm"]
    block_max = storm.get("block_max_ms", 0.0)
    growth_mb = (max(rss_window) - rss0) / MB
    spans = [tuple(g["from_to"]) for g in console["long_gaps_each"]]
    result = {
        **console,
        "ui_thread_states": states.in_spans(spans),
        "sources": keys,
        "console_nice": args.console_nice,
        "offered_changes_per_s": round(flips / window_s, 1),
        "alarms_on_server": alarms,
        "console_rss_at_window_start_mb": round(rss0 / MB, 1),
        "console_rss_growth_peak_mb": round(growth_mb, 1),
        "console_rss_growth_at_end_mb": round((rss_window[-1] - rss0) / MB, 1),
        "console_cpu_percent_of_one_core": round(100 * (cpu1 - cpu0) / window_s, 1),
        "server_cpu_percent_of_one_core": round(100 * (server_cpu1 - server_cpu0) / window_s, 1),
        "target_block_ms": TARGET_BLOCK_MS,
        "ratio_block_max_over_target": round(block_max / TARGET_BLOCK_MS, 2),
        "targets_met": {
            "ui_never_blocked_over_100_ms": block_max <= TARGET_BLOCK_MS,
            "toasts_at_most_3": console["toasts_most_shown_at_once"] <= MAX_TOASTS_TARGET,
            "one_sound": console["sound_starts_in_window"] == 1,
        },
        "load_average_at_start": load_start,
        "load_average_at_end": load_end,
    }
    if args.py_spy:
        result["py_spy"] = (
            py_spy_summary(spy_raw, int(args.seconds))
            if spy_raw.exists()
            else {"error": spy_error.strip()[-500:]}
        )
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--seconds", type=float, default=60.0, help="storm window, s (60)")
    p.add_argument("--baseline", type=float, default=10.0, help="idle probe before it, s (10)")
    p.add_argument("--toggle-ms", type=int, default=100, help="input flip period, ms (100)")
    p.add_argument(
        "--view", choices=("live", "alarms", "status"), default="live", help="view shown"
    )
    p.add_argument("--py-spy", action="store_true", help="sample the console with py-spy")
    p.add_argument(
        "--console-nice", type=int, default=0, help="the console process's nice value (0)"
    )
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--address", help=argparse.SUPPRESS)
    p.add_argument("--known", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if not 1 <= args.seconds <= 3600:
        p.error("--seconds: 1..3600")
    if not 0 <= args.baseline <= 600:
        p.error("--baseline: 0..600")
    if not 20 <= args.toggle_ms <= 10_000:
        p.error("--toggle-ms: 20..10000")
    if not -20 <= args.console_nice <= 19:
        p.error("--console-nice: -20..19")
    if args.child:
        return run_child(args)
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
    base, storm, met = r["baseline"], r["storm"], r["targets_met"]

    def row(label: str, f: dict[str, Any]) -> str:
        return (
            f"| {label} | {f.get('ticks')} | {f.get('gap_p50_ms')} ms | {f.get('block_p99_ms')}"
            f" ms | {f.get('block_max_ms')} ms | {f.get('blocks_over_100_ms')} |\n"
        )

    items = r["feed_items_in_window"]
    gcs, split = r["garbage_collections"], r["long_gaps"]
    spy = r.get("py_spy", {})
    print(
        f"\n{r['sources']} inputs, {r['window_s']} s storm ({r['offered_changes_per_s']}"
        f" changes/s offered), console on the {r['view']} view, nice {r['console_nice']}\n"
        "| UI probe (10 ms timer) | ticks | gap p50 | block p99 | block max | blocks > 100 ms |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        + row(f"idle baseline ({r['baseline_s']:.0f} s)", base)
        + row("storm", storm)
        + f"UI never blocked > {TARGET_BLOCK_MS:.0f} ms:"
        f" {'met' if met['ui_never_blocked_over_100_ms'] else 'NOT met'}"
        f" (max / target {r['ratio_block_max_over_target']})\n"
        f"toasts at most {r['toasts_most_shown_at_once']} at once (+{r['toasts_more_at_end']}"
        f" more at the end; target ≤ 3: {'met' if met['toasts_at_most_3'] else 'NOT met'});"
        f" sound started {r['sound_starts_in_window']}× (one: "
        f"{'met' if met['one_sound'] else 'NOT met'})\n"
        f"feed items: {items}\n"
        f"UI gaps > 60 ms: {split.get('gaps')}; of their time the UI thread ran"
        f" {split.get('ui_thread_ran_share')}, the console process"
        f" {split.get('process_ran_share')}; longest {split.get('longest')}\n"
        f"UI thread's kernel state in those gaps: {r['ui_thread_states']['in_long_gaps']};"
        f" over the window: {r['ui_thread_states']['all_samples']}\n"
        f"Python GC in the window: gen 2 {gcs['gen2']['count']}× (max"
        f" {gcs['gen2']['max_ms']} ms), gen 1 {gcs['gen1']['count']}× (max"
        f" {gcs['gen1']['max_ms']} ms)\n"
        f"console RSS {r['console_rss_at_window_start_mb']} MB, growth peak"
        f" {r['console_rss_growth_peak_mb']} MB / at end {r['console_rss_growth_at_end_mb']} MB;"
        f" console CPU {r['console_cpu_percent_of_one_core']} %, server"
        f" {r['server_cpu_percent_of_one_core']} % of one core\n"
        + (
            f"py-spy: UI thread busy {spy.get('ui_thread_busy_share')} of the window;"
            f" top: {spy.get('ui_inclusive_top', [])[:8]}\n"
            if spy
            else ""
        )
        + f"load average {r['load_average_at_start']} → {r['load_average_at_end']}\n"
        f"results: {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
