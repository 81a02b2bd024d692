"""What the ingest workers counted, added up over the server's life (the metrics' counters).

A worker's HEALTH message carries counters since its stream recorder started
(packets, bytes, lost packets, dropped frames, reconnects, fdatasync latencies per
volume) and the recorder's ``counters_id``. A recorder starts again at 0 when its
camera is reconfigured or its worker is replaced, so the figures reported are not
the server's totals: this module adds up what each report adds to the last one of
the same recorder.

Reports of one recorder may arrive out of order (a state change is sent by the
stream's thread, the periodic report by the worker's main thread), and a retired
recorder's last report may come after its successor's first.

Lives on the event loop (the recorder feeds it, the metrics read it there); no locks.

Invariants:
- Totals never decrease, and nothing is counted twice: a report counts only what it
  holds beyond the highest figures already seen from its recorder (nothing when it
  is older than them).
- A recorder not seen before counts whole (its counters started at 0).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from vedette_server.ingest.config import StreamName
from vedette_server.ingest.messages import Health
from vedette_server.ops.tallies import HistogramCounts

#: Recorders remembered per stream (a camera reconfigured this many times since the
#: last report of its oldest recorder could be in flight is not a case to plan for).
RECORDERS_KEPT = 8


@dataclass(frozen=True, slots=True)
class StreamCounters:
    packets_received: int = 0
    bytes_received: int = 0
    lost_packets: int = 0
    dropped_frames: int = 0
    reconnects: int = 0

    @classmethod
    def of(cls, message: Health) -> StreamCounters:
        return cls(*(getattr(message, f.name) for f in fields(cls)))

    def _pairs(self, other: StreamCounters) -> zip[tuple[int, int]]:
        mine = (getattr(self, f.name) for f in fields(self))
        theirs = (getattr(other, f.name) for f in fields(other))
        return zip(mine, theirs, strict=True)

    def plus(self, other: StreamCounters) -> StreamCounters:
        return StreamCounters(*(a + b for a, b in self._pairs(other)))

    def beyond(self, other: StreamCounters) -> StreamCounters:
        """What these counters hold more than ``other`` (nothing where they hold less)."""
        return StreamCounters(*(max(0, a - b) for a, b in self._pairs(other)))

    def highest(self, other: StreamCounters) -> StreamCounters:
        return StreamCounters(*(max(a, b) for a, b in self._pairs(other)))


StreamKey = tuple[int, StreamName]


class IngestTotals:
    """The workers' counters added up per camera stream, and latencies per volume."""

    def __init__(self) -> None:
        #: Per stream, per recorder (counters id): the highest counters it reported.
        self._seen: dict[StreamKey, dict[int, StreamCounters]] = {}
        #: Per stream, recorder and volume: the highest latency counts it reported.
        self._fsync_seen: dict[tuple[StreamKey, int, int], HistogramCounts] = {}
        self._totals: dict[StreamKey, StreamCounters] = {}
        self._fsync: dict[int, HistogramCounts] = {}

    def on_health(self, message: Health) -> None:
        key: StreamKey = (message.camera_id, message.stream)
        recorders = self._seen.setdefault(key, {})
        now = StreamCounters.of(message)
        last = recorders.get(message.counters_id, StreamCounters())
        total = self._totals.get(key, StreamCounters())
        self._totals[key] = total.plus(now.beyond(last))
        recorders[message.counters_id] = now.highest(last)
        for volume_id, counts in message.fsync_by_volume:
            seen_key = (key, message.counters_id, volume_id)
            seen = self._fsync_seen.get(seen_key, HistogramCounts.empty())
            before = self._fsync.get(volume_id, HistogramCounts.empty())
            self._fsync[volume_id] = before.plus(counts.beyond(seen))
            self._fsync_seen[seen_key] = counts.highest(seen)
        while len(recorders) > RECORDERS_KEPT:
            oldest = next(iter(recorders))
            del recorders[oldest]
            for k in [k for k in self._fsync_seen if k[:2] == (key, oldest)]:
                del self._fsync_seen[k]

    def streams(self) -> dict[StreamKey, StreamCounters]:
        """Totals per (camera id, stream) since the server started."""
        return dict(self._totals)

    def fsync_by_volume(self) -> dict[int, HistogramCounts]:
        """fdatasync latencies of segment files per volume id since the server started."""
        return dict(self._fsync)
