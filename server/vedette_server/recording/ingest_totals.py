"""What the ingest workers counted, added up over the server's life (the metrics' counters).

A worker's HEALTH message carries counters since its stream recorder started
(packets, bytes, lost packets, dropped frames, reconnects, fdatasync latencies per
volume). A recorder starts again at 0 when its camera is reconfigured or its worker
is replaced, so the figures reported are not the server's totals: this module adds
up what each report adds to the one before.

Lives on the event loop (the recorder feeds it, the metrics read it there); no locks.

Invariants:
- Totals never decrease: a report whose counters are below the last one's comes
  from a new recorder, and counts whole (its counters started at 0).
- Nothing is counted twice: a report counts only what it adds to the last one of the
  same stream (and volume, for latencies).
"""

from __future__ import annotations

from dataclasses import dataclass

from vedette_server.ingest.config import StreamName
from vedette_server.ingest.messages import Health
from vedette_server.ops.tallies import HistogramCounts


@dataclass(frozen=True, slots=True)
class StreamCounters:
    packets_received: int = 0
    bytes_received: int = 0
    lost_packets: int = 0
    dropped_frames: int = 0
    reconnects: int = 0

    @classmethod
    def of(cls, message: Health) -> StreamCounters:
        return cls(
            message.packets_received,
            message.bytes_received,
            message.lost_packets,
            message.dropped_frames,
            message.reconnects,
        )

    def _values(self) -> tuple[int, ...]:
        return (
            self.packets_received,
            self.bytes_received,
            self.lost_packets,
            self.dropped_frames,
            self.reconnects,
        )

    def covers(self, other: StreamCounters) -> bool:
        """Whether these counters could have grown from ``other`` (none fell)."""
        return all(a >= b for a, b in zip(self._values(), other._values(), strict=True))

    def plus(self, other: StreamCounters, minus: StreamCounters | None = None) -> StreamCounters:
        """self + other − minus, counter by counter."""
        base = minus._values() if minus is not None else (0,) * 5
        return StreamCounters(
            *(a + b - c for a, b, c in zip(self._values(), other._values(), base, strict=True))
        )


StreamKey = tuple[int, StreamName]


class IngestTotals:
    """The workers' counters added up per camera stream, and latencies per volume."""

    def __init__(self) -> None:
        self._last: dict[StreamKey, StreamCounters] = {}
        self._totals: dict[StreamKey, StreamCounters] = {}
        self._fsync_last: dict[tuple[int, StreamName, int], HistogramCounts] = {}
        self._fsync: dict[int, HistogramCounts] = {}

    def on_health(self, message: Health) -> None:
        key = (message.camera_id, message.stream)
        now = StreamCounters.of(message)
        last = self._last.get(key)
        fresh = last is None or not now.covers(last)
        total = self._totals.get(key, StreamCounters())
        self._totals[key] = total.plus(now, None if fresh else last)
        self._last[key] = now
        for volume_id, counts in message.fsync_by_volume:
            seen = self._fsync_last.get((*key, volume_id))
            self._fsync_last[(*key, volume_id)] = counts
            if not (fresh or seen is None or not counts.covers(seen)):
                counts = counts.minus(seen)
            before = self._fsync.get(volume_id, HistogramCounts.empty())
            self._fsync[volume_id] = before.plus(counts)

    def streams(self) -> dict[StreamKey, StreamCounters]:
        """Totals per (camera id, stream) since the server started."""
        return dict(self._totals)

    def fsync_by_volume(self) -> dict[int, HistogramCounts]:
        """fdatasync latencies of segment files per volume id since the server started."""
        return dict(self._fsync)
