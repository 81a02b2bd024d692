"""The cameras' recording plans at any instant: the policies in the catalog, evaluated in
the server's time zone (REC-02..05).

``RecordingPlans`` holds the policies loaded once (``reload`` after any change, and
every ``RELOAD_S`` as a safety net) and answers ``plan(camera_id, t_us)`` without I/O,
so the recorder and the keeper may ask each second for every camera. The time zone is
read at each call: a change of the server's zone applies at the next evaluation.
"""

from __future__ import annotations

import threading
import time
import zoneinfo
from collections.abc import Callable
from typing import Final, Protocol

from vedette_server.recording.plan import ALWAYS, CameraPlan

RELOAD_S: Final = 60.0


class PolicyBook(Protocol):
    """Every camera's policy and the schedules they use, loaded from the catalog."""

    def plan(self, camera_id: int, t_us: int, zone: zoneinfo.ZoneInfo) -> CameraPlan: ...

    def pre_max_us(self) -> int:
        """The longest pre-alarm of any camera."""
        ...


class _Always:
    def plan(self, camera_id: int, t_us: int, zone: zoneinfo.ZoneInfo) -> CameraPlan:
        return ALWAYS

    def pre_max_us(self) -> int:
        return 0


class RecordingPlans:
    def __init__(
        self,
        load: Callable[[], PolicyBook] | None = None,
        zone_name: Callable[[], str] = lambda: "",
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``load`` (blocking; catalog thread) reads the policies; without one every
        camera records always. ``zone_name`` is the server's time zone ("" or an
        unknown name: UTC)."""
        self._load = load
        self._zone_name = zone_name
        self._clock = clock
        self._book: PolicyBook = _Always()
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    def reload(self) -> None:
        """Read the policies again (blocking; after a change of policies or schedules)."""
        book = self._load() if self._load is not None else _Always()
        with self._lock:
            self._book, self._loaded_at = book, self._clock()

    def plan(self, camera_id: int, t_us: int) -> CameraPlan:
        """The camera's plan at ``t_us`` (blocking only when a reload is due)."""
        return self._current().plan(camera_id, t_us, self.zone())

    def pre_max_us(self) -> int:
        """The longest pre-alarm of any camera (blocking only when a reload is due)."""
        return self._current().pre_max_us()

    def _current(self) -> PolicyBook:
        """The policies, read again first when ``RELOAD_S`` has passed since the last."""
        if self._loaded_at is None or self._clock() - self._loaded_at >= RELOAD_S:
            self.reload()
        with self._lock:
            return self._book

    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self._zone_name() or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")
