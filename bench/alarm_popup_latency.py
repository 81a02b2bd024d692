"""alarm_popup_latency: motion start on a camera → the alarm's toast painted in the
console, through a real server and the console's real alarm desk.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/alarm_popup_latency.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/alarm_popup_latency.py --events 4

camsim serves motion_latency.py's camera (the still scene, H.264 640x360 15 fps, two
scripted boxes a 10 s loop: first moving frames at k × 10 s + 1 s and + 6 s of the
Unix epoch, camsim's loop being phase-locked to it). A real ``vedette-server`` in a
fresh data directory records it with motion detection on (motion_latency.py's
settings: sensitivity 6, make 2 frames, hold 1 s) and one rule put through
``RuleService.PutRule``: "motion on this camera → raise an alarm, priority 1,
auto-close", so each motion event raises a fresh alarm and its end closes it (the
next event's alarm is fresh again, not folded into the last).

The console: the real ``MainWindow`` (offscreen ``QApplication``, 1400x860, no
camera tiles) signed in with an admin session as the console tests do
(``Session.adopt``, ``MainWindow.signed_in``), its ``AlarmDesk`` built by the window
(the feed, the book, the toasts over the window, the sound). An event filter on each
of the desk's toast widgets notes the wall time of each ``Paint`` event and the alarm
the toast shows then. Per fresh alarm of the rule:

- **latency** = the toast's first paint showing that alarm − the scripted first
  moving frame of its pass (camsim's clock);
- split **motion → alarm on the feed**: the feed's reader thread receiving the alarm
  item (a direct slot on the feed's thread-side signal) − the scripted frame, itself
  split into the detection delay (the alarm's ``first_time``, the motion event's
  start stamped by the detector, − the scripted frame) and the server (``first_time``
  → received: the make frames, the event row, the alarm engine, the feed);
- and **feed → painted**: the paint − the reader thread's receipt, split into the
  hand-over to the UI thread (the feed's queued signal delivered) and the desk (the
  book, the toasts' deferred refresh, the paint).

Target (issue 15): latency p95 ≤ 1.5 s. Peer, quoted, not run: Frigate's MQTT events
(the issue's peer). research/alarms-and-recording-policy.md quotes no latency figure
for them: its Frigate sections give the detect stream's 5 fps default and that MQTT
motion turns off ``mqtt_off_delay`` = 30 s after the last motion (§2.1), and Frigate's
MQTT page says of ``frigate/events`` only that "the first message is published when
the tracked object is no longer marked as a false_positive"
(docs.frigate.video/integrations/mqtt), after its object detector has confirmed the
object over several frames. There is no figure to compare with; the comparison is
with the target, and with motion_latency.py's detector-alone floor.

Results: ``bench/results/alarm_popup_latency-<UTC timestamp>.json`` (or ``--out``) and
a summary. Traffic stays on 127.0.0.1. This module also holds the signed-in console
that console_storm.py uses.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import platformdirs
from input_latency import load_average, result_path
from machine import machine_info
from motion_latency import (
    FPS,
    HOLD_S,
    KBPS,
    LOOP_S,
    MAKE_FRAMES,
    SCRIPTS,
    SENSITIVITY,
    SIZE,
    enable_motion,
    percentile,
    scripted_start_before,
    spread,
    start_scripted_camsim,
)
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication
from recording import wait_until

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.server_process import init_data_dir, start_server  # noqa: E402

from vedette_api.client import Client  # noqa: E402
from vedette_api.timestamps import now_us  # noqa: E402
from vedette_api.v1 import alarms_pb2  # noqa: E402
from vedette_console.alarms.desk import AlarmDesk  # noqa: E402
from vedette_console.alarms.toasts import Toast  # noqa: E402
from vedette_console.main_window import MainWindow  # noqa: E402
from vedette_console.session import Session  # noqa: E402

NAME = "alarm_popup_latency"
S = 1_000_000
TARGET_P95_S = 1.5
RULE = "bench motion alarm"
WAIT_S = 120.0
WINDOW_SIZE = (1400, 860)
LOOP_US_HALF = LOOP_S * S // 2  # two scripted passes a loop, 5 s apart


# -- a signed-in console (shared with console_storm.py) ---------------------------------


def pump(seconds: float) -> None:
    """Run the Qt event loop for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def pump_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        pump(0.05)


@dataclass
class Console:
    """The console's main window signed in to one server, its alarm desk loaded."""

    session: Session
    window: MainWindow

    @property
    def desk(self) -> AlarmDesk:
        return self.window.alarm_desk

    @classmethod
    def open(cls, client: Client, timeout_s: float = WAIT_S) -> Console:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        session = Session()
        session.adopt(client)
        window = MainWindow(session)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.signed_in(client, cameras=[])
        console = cls(session, window)
        desk = console.desk
        pump_until(lambda: session.feed.live and desk.book.loaded, timeout_s, "the alarm feed")
        pump_until(lambda: desk.rights.view, timeout_s, "the user's alarm rights")
        return console

    def close(self) -> None:
        self.window.close()
        self.session.close()
        pump(0.2)


class ToastPaints(QObject):
    """The wall time (µs) of the first ``Paint`` of a toast showing each alarm id."""

    def __init__(self, toasts: list[Toast]) -> None:
        super().__init__()
        self.first_paint_us: dict[int, int] = {}
        for toast in toasts:
            toast.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, Toast):
            self.first_paint_us.setdefault(int(watched.alarm.id), now_us())
        return False


# -- this bench ---------------------------------------------------------------------------


@dataclass
class Fresh:
    """A fresh alarm of the rule: when it reached the feed's thread and the UI."""

    first_us: int  # the alarm's first_time: the motion event's start
    reader_us: int  # the feed's reader thread received the item
    ui_us: int = 0  # the feed's queued signal delivered on the UI thread


@dataclass
class Notes:
    rule_id: int = 0
    fresh: dict[int, Fresh] = field(default_factory=dict)
    ui_seen: dict[int, int] = field(default_factory=dict)

    def on_reader(self, alarm: alarms_pb2.Alarm) -> None:
        """The feed's reader thread (a direct connection): a fresh alarm of the rule."""
        at = now_us()
        if alarm.rule_id == self.rule_id and alarm.fresh and not alarm.snapshot:
            self.fresh.setdefault(alarm.id, Fresh(alarm.first_time.ToMicroseconds(), at))

    def on_ui(self, alarm: alarms_pb2.Alarm) -> None:
        self.ui_seen.setdefault(int(alarm.id), now_us())


def motion_rule(camera_id: int) -> dict[str, Any]:
    return {
        "events": {"motion": []},
        "sources": {"cameras": [camera_id]},
        "alarm": {"priority": 1, "auto_close": True},
    }


def measure(url: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    data = work / "data"
    init = init_data_dir(data)
    if init.returncode != 0:
        raise RuntimeError(f"vedette-server init failed: {init.stderr[-2000:]}")
    server = start_server(data, work / "known_servers.json")
    console: Console | None = None
    try:
        with server.client() as client:
            camera_id = client.create_camera("cam1", url, record_audio=False).id
            rule_id = client.put_rule(RULE, json.dumps(motion_rule(camera_id))).rule.id
            enable_motion(client, camera_id)

            def analysing() -> bool:
                health = client.get_motion_config(camera_id).health
                return health.running and health.frames_analysed > 10

            wait_until(analysing, 180, "the camera recorded and its motion analysed")
        console = Console.open(server.client())
        notes = Notes(rule_id)
        feed = console.session.feed
        feed._bridge.alarm.connect(notes.on_reader, Qt.ConnectionType.DirectConnection)
        feed.alarm.connect(notes.on_ui)
        paints = ToastPaints(console.desk.toasts.toasts)
        since_us = now_us() + 2 * S  # passes that start once everything is in place
        load_start = load_average()

        def measured() -> list[int]:
            return [
                alarm_id
                for alarm_id, fresh in notes.fresh.items()
                if fresh.first_us > since_us and alarm_id in paints.first_paint_us
            ]

        pump_until(
            lambda: len(measured()) >= args.events,
            WAIT_S + args.events * LOOP_S,  # two events a loop: twice the time
            f"{args.events} alarm toasts painted",
        )
        load_end = load_average()
        sounds = console.desk.sound.channel.starts
        ids = sorted(measured(), key=lambda i: notes.fresh[i].first_us)[: args.events]
        console.close()
        console = None
        exit_code = server.stop()
    finally:
        if console is not None:
            console.close()
        server.stop()
    problems = [line for line in server.lines if " ERROR " in line or "Traceback" in line]
    rows = []
    for alarm_id in ids:
        fresh = notes.fresh[alarm_id]
        fresh.ui_us = notes.ui_seen.get(alarm_id, 0)
        scripted = scripted_start_before(fresh.first_us + S // 2)
        rows.append((scripted, fresh, paints.first_paint_us[alarm_id]))
    # Passes in the measured span without a fresh alarm (a motion event that found
    # the last alarm still open folds into it: no toast to time).
    span = (rows[-1][0] - rows[0][0]) if rows else 0
    passes = 1 + round(span / LOOP_US_HALF) if rows else 0
    latency = [(paint - scripted) / S for scripted, _, paint in rows]
    to_feed = [(f.reader_us - scripted) / S for scripted, f, _ in rows]
    detection = [(f.first_us - scripted) / S for scripted, f, _ in rows]
    server_part = [(f.reader_us - f.first_us) / S for _, f, _ in rows]
    feed_to_paint = [(paint - f.reader_us) / S for _, f, paint in rows]
    hand_over = [(f.ui_us - f.reader_us) / S for _, f, _ in rows if f.ui_us]
    desk_part = [(paint - f.ui_us) / S for _, f, paint in rows if f.ui_us]
    p95 = percentile(latency, 0.95)
    return {
        "events": len(rows),
        "passes_in_span": passes,
        "passes_without_fresh_alarm": passes - len(rows),
        "latency_scripted_frame_to_toast_painted": spread(latency),
        "motion_to_alarm_on_feed": spread(to_feed),
        "motion_detection_delay": spread(detection),
        "motion_server_first_time_to_feed_received": spread(server_part),
        "feed_received_to_toast_painted": spread(feed_to_paint),
        "feed_thread_to_ui_thread": spread(hand_over),
        "feed_ui_thread_to_toast_painted": spread(desk_part),
        "feed_share_of_median_latency": round(
            percentile(feed_to_paint, 0.5) / percentile(latency, 0.5), 3
        )
        if rows
        else None,
        "sound_channel_starts": sounds,
        "target_p95_s": TARGET_P95_S,
        "ratio_p95_over_target": round(p95 / TARGET_P95_S, 2),
        "target_met": p95 <= TARGET_P95_S,
        "load_average_at_start": load_start,
        "load_average_at_end": load_end,
        "server_exit_code": exit_code,
        "server_error_lines": len(problems),
        "server_errors_sample": problems[:5],
        "per_event_us": [
            {
                "alarm_id": alarm_id,
                "scripted": scripted,
                "first_time": f.first_us,
                "feed_received": f.reader_us,
                "ui_received": f.ui_us,
                "painted": paint,
            }
            for alarm_id, (scripted, f, paint) in zip(ids, rows, strict=True)
        ],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--events", type=int, default=30, help="toasts measured (default 30)")
    p.add_argument("--cache-dir", type=Path, help="camsim's loop cache")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    args = p.parse_args()
    if not 1 <= args.events <= 1000:
        p.error("--events: 1..1000")
    cache_dir = args.cache_dir or Path(platformdirs.user_cache_dir("vedette")) / "camsim"
    stamp, out = result_path(NAME, args.out)
    report: dict[str, Any] = {
        "benchmark": NAME,
        "started_utc": stamp,
        "machine": machine_info(
            stream=f"H.264 {SIZE} {KBPS} kbit/s {FPS} fps, analysed 5 fps",
            scripts=list(SCRIPTS),
            settings=f"sensitivity {SENSITIVITY}, make {MAKE_FRAMES} frames, hold {HOLD_S} s",
            rule=json.dumps(motion_rule(1)),
        ),
    }
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    camsim = start_scripted_camsim(cache_dir)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{NAME}-") as work:
            report["results"] = r = measure(camsim.url("cam1", "main"), args, Path(work))
    finally:
        with contextlib.suppress(Exception):
            camsim.stop()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    rows = (
        ("scripted first moving frame → toast painted", "latency_scripted_frame_to_toast_painted"),
        ("motion → alarm on the feed", "motion_to_alarm_on_feed"),
        ("  scripted frame → first_time (detection)", "motion_detection_delay"),
        ("  first_time → feed received (server)", "motion_server_first_time_to_feed_received"),
        ("feed → toast painted", "feed_received_to_toast_painted"),
        ("  feed thread → UI thread", "feed_thread_to_ui_thread"),
        ("  UI thread → toast painted (desk)", "feed_ui_thread_to_toast_painted"),
    )  # fmt: skip
    print(
        f"\n{r['events']} alarm toasts ({r['passes_without_fresh_alarm']} passes of"
        f" {r['passes_in_span']} without a fresh alarm)\n"
        "| measure | p50 | p95 | min | max |\n| --- | --- | --- | --- | --- |\n"
        + "".join(
            f"| {label} | {r[key].get('p50_ms')} ms | {r[key].get('p95_ms')} ms"
            f" | {r[key].get('min_ms')} ms | {r[key].get('max_ms')} ms |\n"
            for label, key in rows
        )
        + f"target p95 ≤ {TARGET_P95_S * 1000:.0f} ms:"
        f" {'met' if r['target_met'] else 'NOT met'} (ratio {r['ratio_p95_over_target']});"
        f" the feed → paint share of the median {r['feed_share_of_median_latency']}\n"
        f"load average {r['load_average_at_start']} → {r['load_average_at_end']}\n"
        f"results: {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
