"""The record action's windows: cameras a rule names record [start − pre, end + post]
with their own policy's pre/post, even where their schedule does not arm that
trigger (``recording/keeper.py`` claims them like an event's window).

Kept in memory (the keeper asks each second): a window lasts while its cause does
(``end``) and is forgotten ``FORGET_AFTER_US`` after it ended, well after the keeper
claimed it. A restart forgets open windows (the alarm and its event stay; the
keeper's own event windows still keep what the camera's policy arms).

Thread-safe: ``keep``/``end`` on the event loop, ``windows`` on the catalog thread.
"""

from __future__ import annotations

import threading
from typing import Final, NamedTuple

from vedette_server.catalog.models import RecordReason

#: Longer than the longest post-alarm (10 min) plus the reaper's TTL (≥ 2 min).
FORGET_AFTER_US: Final = 900_000_000
MAX_WINDOWS: Final = 4096


class ForcedWindow(NamedTuple):
    camera_id: int
    start_us: int
    end_us: int | None
    reason: RecordReason


class AlarmRecordings:
    def __init__(self, reason: RecordReason = RecordReason.SENSOR) -> None:
        self._lock = threading.Lock()
        self._windows: dict[tuple[int, str, int], int | None] = {}
        self._reason = reason

    def keep(self, camera_id: int, key: str, start_us: int, end_us: int | None) -> None:
        with self._lock:
            if len(self._windows) >= MAX_WINDOWS:
                oldest = min(self._windows, key=lambda k: k[2])
                del self._windows[oldest]
            slot = (camera_id, key, start_us)
            self._windows[slot] = end_us

    def end(self, key: str, end_us: int) -> None:
        with self._lock:
            for slot, end in self._windows.items():
                if slot[1] == key and end is None:
                    self._windows[slot] = max(end_us, slot[2])

    def windows(self, now_us: int) -> list[ForcedWindow]:
        """The windows still worth claiming (forgets the old ones)."""
        with self._lock:
            for slot, end in list(self._windows.items()):
                if end is not None and end + FORGET_AFTER_US < now_us:
                    del self._windows[slot]
            return [
                ForcedWindow(camera, start, end, self._reason)
                for (camera, _, start), end in self._windows.items()
            ]
