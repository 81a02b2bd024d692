"""Child processes that end with their owner, however the owner ends.

A ``ProcessPoolExecutor`` worker waits for work on a queue whose write end it holds
itself, so when its owner goes without shutting the pool down (kill -9, a SIGTERM
before the owner's handler is installed, the exec of a restart) the worker waits
for good, and so do the multiprocessing forkserver and resource tracker, which live
as long as a worker holds their pipes: 28 such processes were found 45 minutes after
a ``make test`` and a ``make demo`` stopped with Ctrl-C.

- :class:`OwnedProcessPool` gives each worker the read end of a pipe whose only write
  end its owner holds (the *lifeline*, close-on-exec); a thread in the worker waits
  for its end of file and ends the worker at once. The end of file comes when the
  owner closes the pool, exits, is killed or execs. The workers start from a
  forkserver (spawn where there is none), never by fork, which would hand them the
  write end too. They ignore SIGINT: Ctrl-C in a terminal reaches the whole process
  group, and the owner closes its pool itself.
- :func:`set_parent_death_signal` asks Linux to signal a direct child when its parent
  dies (``PR_SET_PDEATHSIG``): the ingest workers and the demo's children use it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent dies (the thread
    that started it, strictly); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0)


def _start_method() -> str:
    """The forkserver on Linux (it listens on a Unix socket), spawn elsewhere."""
    linux = sys.platform.startswith("linux") and hasattr(socket, "AF_UNIX")
    return "forkserver" if linux else "spawn"


def _forkserver_preload(extra: Sequence[str]) -> list[str]:
    """What the forkserver imports once, before it forks any worker (it has effect
    only when this process starts its forkserver): ``'__main__'``, the default, which
    is a script's; the main module of ``python -m``, which each worker would import
    again otherwise (0.2 CPU-s per worker for the server's CLI); and ``extra``."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    main = [spec.name] if spec is not None and not spec.name.endswith("__main__") else []
    return ["__main__", *main, *extra]


def _exit_with_owner(lifeline: Connection) -> None:
    """In a worker: return only to end the process, once the owner's end is closed."""
    try:
        while True:
            lifeline.recv_bytes()  # the owner never writes; this waits for the end
    except (EOFError, OSError):
        pass
    os._exit(0)


def _worker_started(
    lifeline: Connection, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=_exit_with_owner, args=(lifeline,), name="lifeline", daemon=True
    ).start()
    if initializer is not None:
        initializer(*initargs)


class OwnedProcessPool:
    """A pool of ``workers`` processes that end with their owner (module docstring).

    Nothing runs until ``start()`` (or ``with``); ``close()`` cancels the waiting work
    and ends the workers at once, whatever they are doing. ``preload`` names modules
    the forkserver imports before it forks a worker (``_forkserver_preload``), so that
    their import costs once, not once per worker (ignored with spawn).
    """

    def __init__(
        self,
        workers: int,
        *,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
        preload: Sequence[str] = (),
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers: {workers} is below 1")
        self.workers = workers
        self._initializer = initializer
        self._initargs = initargs
        self._preload = list(preload)
        self._executor: ProcessPoolExecutor | None = None
        self._lifeline: tuple[Connection, Connection] | None = None

    @property
    def executor(self) -> ProcessPoolExecutor:
        """The running executor (for ``loop.run_in_executor``)."""
        if self._executor is None:
            raise RuntimeError("OwnedProcessPool: not started, or closed")
        return self._executor

    def start(self) -> None:
        """Make the executor; its workers start as work comes (returns at once)."""
        if self._executor is not None:
            return
        method = _start_method()
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(_forkserver_preload(self._preload))
        reader, writer = context.Pipe(duplex=False)
        self._lifeline = (reader, writer)
        self._executor = ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=_worker_started,
            initargs=(reader, self._initializer, self._initargs),
        )

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self.executor.submit(fn, *args)

    def close(self) -> None:
        """Cancel what waits and end every worker now (idempotent; never blocks)."""
        executor, self._executor = self._executor, None
        lifeline, self._lifeline = self._lifeline, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        if lifeline is not None:
            for end in lifeline:
                end.close()

    def __enter__(self) -> OwnedProcessPool:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
