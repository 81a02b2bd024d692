"""``Later``: a refresh asked for many times in a burst runs once, and at most once
per ``interval_ms`` (100 ms): asked after a quiet spell it runs on the next pass of
the event loop; asked again within the interval after it ran, it runs when the
interval is over. So a change shows within the interval (plus the work), and a storm
of alarms repaints the toasts and the status page ten times a second, not at every
pass of the event loop, so the UI never stalls."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: At most one run per this many milliseconds.
INTERVAL_MS = 100


class Later:
    def __init__(
        self, parent: QObject, work: Callable[[], None], interval_ms: int = INTERVAL_MS
    ) -> None:
        self._work = work
        self._interval_s = interval_ms / 1000
        self._last = -self._interval_s  # monotonic time of the last run
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    def __call__(self, *_args: object) -> None:
        """Ask for the work (arguments of a signal are ignored)."""
        if self._timer.isActive():
            return
        wait_s = self._last + self._interval_s - time.monotonic()
        self._timer.start(max(0, round(wait_s * 1000)))

    def _run(self) -> None:
        self._last = time.monotonic()
        self._work()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
