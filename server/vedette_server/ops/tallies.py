"""Counters and latency histograms the server keeps for its metrics (``metrics.py``).

Plain Python with no Prometheus import, so an ingest worker can keep them too and
send their figures in its HEALTH messages. Each is thread-safe: the thread that
counts (catalog thread, event loop, stream thread) is never the one that reads (the
metrics endpoint's request thread, the worker's main thread).

Invariants:
- Counts only grow; ``snapshot`` returns copies, so a reader never sees a count
  change under it.
- A histogram's bucket counts are cumulative (Prometheus' ``le`` buckets): bucket i
  counts the observations ≤ ``BUCKETS_S[i]``, and the last one (+Inf) all of them.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

#: Upper bounds (seconds) of the latency buckets, +Inf implied after the last one:
#: from a fast SSD's fsync (~1 ms) to a dying disk's (seconds).
BUCKETS_S: tuple[float, ...] = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)


@dataclass(frozen=True, slots=True)
class HistogramCounts:
    """Cumulative counts per bucket (``len(BUCKETS_S) + 1``, +Inf last) and the sum."""

    buckets: tuple[int, ...]
    sum_s: float

    @property
    def count(self) -> int:
        return self.buckets[-1] if self.buckets else 0

    @classmethod
    def empty(cls) -> HistogramCounts:
        return cls((0,) * (len(BUCKETS_S) + 1), 0.0)

    def plus(self, other: HistogramCounts) -> HistogramCounts:
        return HistogramCounts(
            tuple(a + b for a, b in zip(self.buckets, other.buckets, strict=True)),
            self.sum_s + other.sum_s,
        )

    def beyond(self, other: HistogramCounts) -> HistogramCounts:
        """What these counts hold more than ``other`` (nothing where they hold less)."""
        return HistogramCounts(
            tuple(max(0, a - b) for a, b in zip(self.buckets, other.buckets, strict=True)),
            max(0.0, self.sum_s - other.sum_s),
        )

    def highest(self, other: HistogramCounts) -> HistogramCounts:
        """The larger of the two, bucket by bucket."""
        return HistogramCounts(
            tuple(max(a, b) for a, b in zip(self.buckets, other.buckets, strict=True)),
            max(self.sum_s, other.sum_s),
        )


class LatencyHistogram:
    """Observations of a duration in the fixed ``BUCKETS_S``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = [0] * (len(BUCKETS_S) + 1)
        self._sum_s = 0.0

    def observe(self, seconds: float) -> None:
        first = next((i for i, bound in enumerate(BUCKETS_S) if seconds <= bound), len(BUCKETS_S))
        with self._lock:
            for i in range(first, len(self._counts)):
                self._counts[i] += 1
            self._sum_s += seconds

    def snapshot(self) -> HistogramCounts:
        with self._lock:
            return HistogramCounts(tuple(self._counts), self._sum_s)


class Tally:
    """Counts by a tuple of label values (``("Login", "OK")``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, ...]] = Counter()

    def add(self, *labels: str) -> None:
        with self._lock:
            self._counts[labels] += 1

    def snapshot(self) -> dict[tuple[str, ...], int]:
        with self._lock:
            return dict(self._counts)
