"""console_latency: the console's share of live latency, from a packet handed to a
tile's decoder thread to its frame painted on screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/console_latency.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/console_latency.py --seconds 5

The full figure the issue asks for (packet leaving the server's live hub → painted)
needs ``MediaService.Live``, which is not in this branch yet; this measures the part
the console adds: decode (PyAV), scale and copy into a ``QImage``, the queued
hand-over to the UI thread, and the paint. Each tile's source is camsim's encoded
sub loop (H.264 640x360 25 fps) replayed at its recorded pace; the time a packet is
yielded is noted, and the tile's ``paintEvent`` notes when the frame of that packet
was painted. Scenarios: 1 tile, and 16 tiles at once (the UI thread then paints
400 frames a second). Reported: p50, p99 and max latency in ms, and frames measured.
Target (issue 6, for the whole path): p99 ≤ 80 ms.

Results: ``bench/results/console_latency-<timestamp>.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import platformdirs
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

from vedette_api.v1 import media_pb2
from vedette_console.video.sources import ReplaySource, SourceItem
from vedette_console.widgets.tile import VideoTile
from vedette_server.camsim.content import ensure_encoded

# The packets and camsim spec of console_grid.py, beside this script.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from console_grid import SPEC, loop_packets

NAME = "console_latency"
REPO = Path(__file__).resolve().parent.parent


class NotedSource:
    """A ReplaySource that notes when each packet leaves it."""

    def __init__(self, inner: ReplaySource, sent: dict[int, float]) -> None:
        self.inner, self.sent = inner, sent

    def __iter__(self) -> Iterator[SourceItem]:
        for item in self.inner:
            if isinstance(item, media_pb2.MediaPacket):
                self.sent[item.timestamp_us] = time.perf_counter()
            yield item

    def close(self) -> None:
        self.inner.close()


class TimedTile(VideoTile):
    def __init__(self, index: int, sent: dict[int, float], latencies: list[float]) -> None:
        super().__init__(index)
        self.sent, self.latencies = sent, latencies
        self._painted_us: int | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        frame = self.last_frame
        if frame is not None and frame.time_us != self._painted_us:
            self._painted_us = frame.time_us
            sent = self.sent.pop(frame.time_us, None)
            if sent is not None:
                self.latencies.append((time.perf_counter() - sent) * 1000)


def run(
    app: QApplication,
    tiles: int,
    video: media_pb2.CodecParameters,
    packets: list[media_pb2.MediaPacket],
    seconds: float,
) -> dict[str, Any]:
    window = QWidget()
    layout = QGridLayout(window)
    layout.setSpacing(2)
    side = int(tiles**0.5)
    window.resize(1920, 1080)
    latencies: list[float] = []
    made = []
    for index in range(tiles):
        sent: dict[int, float] = {}
        tile = TimedTile(index, sent, latencies)
        tile.source_factory = lambda c, s, sent=sent: NotedSource(
            ReplaySource(video, packets, loop=True), sent
        )
        layout.addWidget(tile, index // side, index % side)
        made.append(tile)
    window.show()
    app.processEvents()
    for tile in made:
        tile.set_camera(1, "cam1")

    def pump(duration: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(duration * 1000), loop.quit)
        loop.exec()

    pump(2.0)
    latencies.clear()
    pump(seconds)
    measured = sorted(latencies)
    threads = [t for t in (tile.shutdown() for tile in made) if t is not None]
    for thread in threads:
        thread.join(2)
    window.close()
    app.processEvents()
    if not measured:
        return {"tiles": tiles, "frames": 0}
    return {
        "tiles": tiles,
        "frames": len(measured),
        "p50_ms": round(statistics.median(measured), 2),
        "p99_ms": round(measured[min(len(measured) - 1, int(len(measured) * 0.99))], 2),
        "max_ms": round(measured[-1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--seconds", type=float, default=15.0, help="measured seconds per scenario")
    p.add_argument("--out", type=Path, help=f"JSON file (default bench/results/{NAME}-TS.json)")
    p.add_argument(
        "--cache-dir", type=Path, default=Path(platformdirs.user_cache_dir("vedette")) / "camsim"
    )
    args = p.parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or REPO / "bench" / "results" / f"{NAME}-{stamp}.json"
    ensure_encoded([SPEC], args.cache_dir)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    video, packets = loop_packets(args.cache_dir, "sub")
    results = {f"tiles{n}": run(app, n, video, packets, args.seconds) for n in (1, 16)}
    report = {
        "benchmark": NAME,
        "started": stamp,
        "nproc": os.cpu_count(),
        "loadavg_at_start": [round(v, 2) for v in os.getloadavg()],
        "parameters": {"seconds": args.seconds},
        "results": results,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    for name, r in results.items():
        print(
            f"{name}: packet → painted p50 {r.get('p50_ms')} ms, p99 {r.get('p99_ms')} ms, "
            f"max {r.get('max_ms')} ms over {r['frames']} frames"
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
