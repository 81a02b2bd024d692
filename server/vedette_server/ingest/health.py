"""Health figures of one camera stream: state, reason, frame rate and bit rate.

Owns the sliding window behind ``fps`` and ``bitrate_kbps``: packets that arrived in
the last ``WINDOW_S`` seconds, rated over the span of their wall-clock timestamps
(so a GOP replayed in one burst at connection does not inflate the rate, and a
stream that stalls falls to 0) and the state machine connecting → online →
offline (with a reason) → connecting … that HEALTH messages report.

Thread-safety: the stream thread updates it, the worker's main thread reads
``snapshot`` once a second; a lock keeps the two apart.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from vedette_server.ingest.messages import OfflineReason, StreamState

WINDOW_S = 5.0


@dataclass(frozen=True, slots=True)
class HealthSnapshot:
    state: StreamState
    reason: OfflineReason | None
    message: str
    fps: float
    bitrate_kbps: float
    last_packet_us: int | None


class StreamHealth:
    """Rates over a sliding window and the stream's connection state."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # (arrival on the monotonic clock, timestamp_us, bytes, video)
        self._arrivals: deque[tuple[float, int, int, bool]] = deque()
        self._state = StreamState.CONNECTING
        self._reason: OfflineReason | None = None
        self._message = ""
        self._last_packet_us: int | None = None
        self._online_since: float | None = None

    @property
    def state(self) -> StreamState:
        return self._state

    def set_state(
        self, state: StreamState, reason: OfflineReason | None = None, message: str = ""
    ) -> bool:
        """Change state; returns whether anything changed (to report at once)."""
        with self._lock:
            changed = (state, reason, message) != (self._state, self._reason, self._message)
            self._state, self._reason, self._message = state, reason, message
            if state != StreamState.ONLINE:
                self._arrivals.clear()
            return changed

    def packet(self, timestamp_us: int, size_bytes: int, video: bool, arrival_us: int) -> None:
        now = self._clock()
        with self._lock:
            self._arrivals.append((now, timestamp_us, size_bytes, video))
            self._last_packet_us = arrival_us
            self._trim(now)

    def _trim(self, now: float) -> None:
        while self._arrivals and now - self._arrivals[0][0] > WINDOW_S:
            self._arrivals.popleft()

    def snapshot(self) -> HealthSnapshot:
        now = self._clock()
        with self._lock:
            self._trim(now)
            arrivals = list(self._arrivals)
            state, reason, message = self._state, self._reason, self._message
            last_packet_us = self._last_packet_us
        fps = bitrate_kbps = 0.0
        videos = sorted((ts, size) for _, ts, size, video in arrivals if video)
        if len(videos) >= 2 and videos[-1][0] > videos[0][0]:
            # Frames (and bits) per second between the window's first and last frame.
            span_s = (videos[-1][0] - videos[0][0]) / 1_000_000
            fps = (len(videos) - 1) / span_s
            audio_bytes = sum(size for _, ts, size, video in arrivals if not video)
            bits = 8 * (sum(size for _, size in videos[1:]) + audio_bytes)
            bitrate_kbps = bits / span_s / 1000
        return HealthSnapshot(
            state, reason, message, round(fps, 2), round(bitrate_kbps, 1), last_packet_us
        )
