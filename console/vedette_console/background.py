"""Work off the UI thread, its result back on it: the console's one mechanism for
anything that may block (Picard's ``run_task``, Anki's ``QueryOp``).

``TaskRunner`` is a pool of worker threads and a queued-signal bridge: ``submit(work,
on_done, on_error, owner=…)`` runs ``work()`` on a worker, then ``on_done(result)``
or ``on_error(exception)`` on the thread that owns the runner (the UI thread). Two
kinds share it: the server ``Session`` (calls that need a signed-in client) and
``Background`` (everything else: reading an export from disk, checking a
signature), so a long file job never holds up a server call, and the other way
round.

Invariants:
- Callbacks run on the runner's thread, never on a worker; a callback whose
  ``owner`` QObject was destroyed meanwhile is not run.
- Every exception ``work`` raises reaches ``on_error`` or the runner's
  ``unhandled`` handler: none is lost on a worker thread.
- ``wait_for_tasks`` lets shutdown wait for work in flight (Picard's
  ``TaskCounter``); ``close`` stops taking work and never blocks the UI.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

T = TypeVar("T")
#: What runs on the UI thread with a result.
OnDone = Callable[[T], object]
#: What runs on the UI thread with the exception ``work`` raised.
OnError = Callable[[Exception], object]
#: What a runner does with an error no ``on_error`` took: (exception, owner).
Unhandled = Callable[[Exception, "QObject | None"], None]

log = logging.getLogger("vedette.console")


@dataclass
class _Pending:
    on_done: Callable[[Any], object] | None
    on_error: OnError | None
    owner: QObject | None


class _Bridge(QObject):
    """Carries results from worker threads to the runner's thread (queued)."""

    finished = Signal(int, bool, object)


class TaskRunner(QObject):
    """A pool of worker threads whose results come back on the owning thread.

    Signals: ``busy_changed(int)``: how many tasks are in flight.
    """

    busy_changed = Signal(int)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        threads: int,
        name: str,
        unhandled: Unhandled | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._idle = threading.Condition()
        self._running = 0
        self._closed = False
        self.unhandled: Unhandled = unhandled or _log_unhandled

    def submit(
        self,
        work: Callable[[], T],
        on_done: OnDone[T] | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work()`` on a worker; ``on_done(result)`` or ``on_error(exception)``
        then runs here (unless ``owner`` is gone). Nothing happens once closed."""
        if self._closed:
            return
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_done, on_error, owner)
        self.busy_changed.emit(len(self._pending))
        with self._idle:
            self._running += 1

        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # delivered to the UI thread, never lost
                self._bridge.finished.emit(task_id, False, exc)
            else:
                self._bridge.finished.emit(task_id, True, result)
            finally:
                with self._idle:
                    self._running -= 1
                    self._idle.notify_all()

        self._pool.submit(run)

    def fail_now(self, error: Exception, on_error: OnError | None, owner: QObject | None) -> None:
        """Report ``error`` as a task's failure without running anything (a call
        that cannot start), through the same queued path."""
        if self._closed:
            return
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(None, on_error, owner)
        self.busy_changed.emit(len(self._pending))
        self._bridge.finished.emit(task_id, False, error)

    def run_detached(self, work: Callable[[], object]) -> None:
        """Run ``work()`` off this thread with nobody waiting for it (closing a
        client), on a thread of its own once the runner is closed."""
        if self._closed:
            threading.Thread(target=work, name="vedette-detached", daemon=True).start()
        else:
            self._pool.submit(work)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        pending = self._pending.pop(task_id, None)
        self.busy_changed.emit(len(self._pending))
        if pending is None or self._closed:
            return
        if pending.owner is not None and not isValid(pending.owner):
            return
        if ok:
            if pending.on_done is not None:
                pending.on_done(value)
        else:
            assert isinstance(value, Exception)
            if pending.on_error is not None:
                pending.on_error(value)
            else:
                self.unhandled(value, pending.owner)

    def wait_for_tasks(self, timeout_s: float) -> bool:
        """Block until no task runs (at most ``timeout_s``); True when none is left.
        For shutdown and tests only: it blocks the calling thread."""
        with self._idle:
            return self._idle.wait_for(lambda: self._running == 0, timeout_s)

    def close(self) -> None:
        """Stop taking work; queued tasks finish on their own, nothing waits."""
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=False)


def _log_unhandled(error: Exception, owner: QObject | None) -> None:
    log.warning("background task failed: %s", error)


class Background(TaskRunner):
    """The runner for work that is not a server call: files, hashing, decoding
    offline exports. Errors nobody handled are shown as a warning over the
    owner's window (``failures.show_failure``)."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        from vedette_console.failures import show_failure

        super().__init__(parent, threads=threads, name="vedette-work", unhandled=show_failure)

    def run(
        self,
        work: Callable[[], T],
        on_done: OnDone[T] | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``work()`` off the UI thread; callbacks as for ``TaskRunner.submit``."""
        self.submit(work, on_done, on_error, owner=owner)
