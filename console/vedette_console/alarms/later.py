"""``Later``: a refresh asked for many times in a burst runs once, on the next pass of
the event loop (a burst of 200 alarms repaints the toasts and the status page once,
not 200 times, so the UI never stalls)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Later:
    def __init__(self, parent: QObject, work: Callable[[], None]) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(work)

    def __call__(self, *_args: object) -> None:
        """Ask for the work (arguments of a signal are ignored)."""
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
