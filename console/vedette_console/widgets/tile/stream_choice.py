"""Sub or main stream for a tile (LIVE-11).

``StreamChooser`` picks the sub stream for small tiles and the main stream for large
or zoomed ones, with hysteresis (sub below ``LOW_PX`` tall, main above ``LOW_PX ×
HIGH_RATIO``, at most one switch per ``MIN_SWITCH_S``), unless the grid forces "all
main" or "all sub" (``override``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from vedette_api.v1 import common_pb2

LOW_PX = 170
HIGH_RATIO = 1.34
MIN_SWITCH_S = 5.0


class StreamChooser:
    """Sub/main choice with hysteresis; ``override`` is None, STREAM_MAIN or STREAM_SUB."""

    def __init__(
        self,
        *,
        low_px: int = LOW_PX,
        high_ratio: float = HIGH_RATIO,
        min_switch_s: float = MIN_SWITCH_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.low_px, self.high_px = low_px, low_px * high_ratio
        self.min_switch_s = min_switch_s
        self._clock = clock
        self.current: int = common_pb2.STREAM_SUB
        self._switched_at = -1e9
        self.override: int | None = None

    def choose(self, shown_height: float) -> int:
        """The stream for a picture shown ``shown_height`` device pixels tall (tile
        height × zoom × device pixel ratio); changes ``current`` only outside the
        hysteresis band and interval."""
        if self.override is not None:
            if self.override != self.current:
                self.current = self.override
                self._switched_at = self._clock()
            return self.current
        wanted = self.current
        if self.current == common_pb2.STREAM_SUB and shown_height > self.high_px:
            wanted = common_pb2.STREAM_MAIN
        elif self.current == common_pb2.STREAM_MAIN and shown_height < self.low_px:
            wanted = common_pb2.STREAM_SUB
        now = self._clock()
        if wanted != self.current and now - self._switched_at >= self.min_switch_s:
            self.current = wanted
            self._switched_at = now
        return self.current

    def start(self, shown_height: float) -> int:
        """The first choice for a new camera: no hysteresis, no interval."""
        if self.override is not None:
            self.current = self.override
        else:
            self.current = (
                common_pb2.STREAM_MAIN if shown_height > self.high_px else common_pb2.STREAM_SUB
            )
        self._switched_at = self._clock()
        return self.current
