"""The kiosk console's stall guard: a console whose Qt event loop stops turning (a
dead lock, a call that never returns on the UI thread) paints nothing and answers
nothing, yet its process lives, so nobody would restart it. The guard ends such a
process; the kiosk launcher (``launch``) then starts a fresh console.

A timer on the UI thread stamps the time every ``TICK_MS``; a daemon thread checks
the stamp and, when it is older than the limit, writes why (and every thread's stack,
to find the cause in the journal) and ends the process at once (``os._exit``: a
blocked UI thread could never run a clean shutdown). The limit counts from the first
tick, so a slow start is never taken for a stall, and the guard stops when the
application quits (its loop then stops for good; a process embedding ``main()``
lives on). It cannot see a process stopped as a whole (SIGSTOP): the launcher
watches for that.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import threading
import time

from PySide6.QtCore import QCoreApplication, QTimer

#: The limit unless ``VEDETTE_STALL_TIMEOUT_S`` says otherwise.
DEFAULT_TIMEOUT_S = 30.0
TICK_MS = 1000
#: The exit code of a console the guard ended (EX_SOFTWARE), for the launcher's log.
STALL_EXIT_CODE = 70


def timeout_from_env() -> float:
    """``VEDETTE_STALL_TIMEOUT_S`` (at least 2 s), else ``DEFAULT_TIMEOUT_S``."""
    text = os.environ.get("VEDETTE_STALL_TIMEOUT_S", "").strip()
    if not text:
        return DEFAULT_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value < 2:
        print(
            f"vedette-console: VEDETTE_STALL_TIMEOUT_S={text!r} is not a number of seconds"
            f" >= 2; using {DEFAULT_TIMEOUT_S:g}",
            file=sys.stderr,
        )
        return DEFAULT_TIMEOUT_S
    return value


class StallGuard:
    """Ends the process when the UI thread has not ticked for ``timeout_s``."""

    def __init__(self, app: QCoreApplication, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._app = app
        self._last: float | None = None  # monotonic time of the last tick; None: not yet
        self._timer = QTimer(app)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-guard", daemon=True)

    def start(self) -> None:
        self._app.aboutToQuit.connect(self.stop)
        self._timer.start()
        QTimer.singleShot(0, self._tick)
        self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stopped.set()

    def _tick(self) -> None:
        self._last = time.monotonic()

    def _watch(self) -> None:
        """The guard's thread: runs until ``stop()``."""
        while not self._stopped.wait(min(1.0, self.timeout_s / 4)):
            last = self._last
            if last is None:
                continue
            silent_s = time.monotonic() - last
            if silent_s > self.timeout_s:
                self._end(silent_s)

    def _end(self, silent_s: float) -> None:
        print(
            f"vedette-console: stall guard: the user interface has not run for"
            f" {silent_s:.0f} s (limit {self.timeout_s:g} s); ending the process so that"
            " the kiosk starts it again. The threads' stacks:",
            file=sys.stderr,
            flush=True,
        )
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        sys.stderr.flush()
        os._exit(STALL_EXIT_CODE)


def start(app: QCoreApplication) -> StallGuard:
    """A guard with the configured limit, running (``vedette-console --kiosk``)."""
    guard = StallGuard(app, timeout_from_env())
    guard.start()
    return guard
