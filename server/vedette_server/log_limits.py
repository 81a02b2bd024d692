"""Log storms are cut short: a repeated message is written a few times per interval.

Issue 11: idle connections exhausted the descriptors and asyncio's accept loop logged
"socket.accept() out of system resource" with a traceback about 4 000 times a
second (Python 3.11 keeps looping over the backlog after EMFILE and re-arms the
listener once per failed accept), 220 MB in a minute. The disk filled, and the
formatting alone starved the event loop.

:class:`RepeatLimitingHandler` wraps the handlers that write the log. Records of one
kind (same logger, same message template, same exception type) pass ``burst`` times
per ``interval_s``; the first of them keeps its traceback, the others lose it (the
traceback of a repeated error is written once per interval); the rest are dropped
and counted, and when the interval is over one line says how many were suppressed.
That line is written by the next record handled, of any kind, or at ``flush()``/
``close()`` (logging.shutdown at exit), so a storm that stops is still summed up.

Invariants: records of different kinds never limit each other; a dropped record is
never formatted (its traceback is never rendered); the table of kinds is bounded
(``MAX_KINDS``), kinds beyond it share one budget.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Records of one kind written per interval before the rest are dropped.
DEFAULT_BURST = 5
DEFAULT_INTERVAL_S = 60.0
#: Kinds tracked at once; beyond, new kinds share the key ``OVERFLOW``.
MAX_KINDS = 1_024
OVERFLOW = ("vedette.log_limits", "other messages", "")
#: Digits vary inside preformatted messages (asyncio writes fds, ports and ids into
#: its text); they do not make a message a new kind.
_DIGITS = re.compile(r"\d+")
_TEMPLATE_CHARS = 200

Kind = tuple[str, str, str]


@dataclass
class _Window:
    started_s: float
    passed: int = 0
    suppressed: int = 0
    level: int = logging.WARNING


def record_kind(record: logging.LogRecord) -> Kind:
    """(logger, message template, exception type): the first line of the unformatted
    message, digits folded, so a message with varying arguments is one kind."""
    template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
    first_line = template.split("\n", 1)[0][:_TEMPLATE_CHARS]
    exc_type = ""
    if record.exc_info and record.exc_info[0] is not None:
        exc_type = record.exc_info[0].__qualname__
    return record.name, _DIGITS.sub("0", first_line), exc_type


class RepeatLimitingHandler(logging.Handler):
    """Passes records on to ``target`` within the limits of the module docstring."""

    def __init__(
        self,
        target: logging.Handler,
        *,
        burst: int = DEFAULT_BURST,
        interval_s: float = DEFAULT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if burst < 1 or interval_s <= 0:
            raise ValueError(f"burst {burst} and interval_s {interval_s} must be positive")
        super().__init__(level=target.level)
        self.target = target
        self.burst = burst
        self.interval_s = interval_s
        self._clock = clock
        self._windows: dict[Kind, _Window] = {}
        self._state_lock = threading.Lock()

    # The target formats and writes; this handler only decides.
    def handle(self, record: logging.LogRecord) -> bool:
        if not self.filter(record):
            return False
        with self._state_lock:
            now = self._clock()
            summaries = self._close_windows(now)
            verdict = self._admit(record_kind(record), record.levelno, now)
        for summary in summaries:
            self.target.handle(summary)
        if verdict is None:
            return False
        if not verdict and record.exc_info and record.exc_info[0] is not None:
            record = _without_traceback(record)
        self.target.handle(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:  # only reached through handle()
        self.target.emit(record)

    def _admit(self, kind: Kind, level: int, now: float) -> bool | None:
        """None: drop; True: pass as is; False: pass without its traceback."""
        window = self._windows.get(kind)
        if window is None:
            if len(self._windows) >= MAX_KINDS:
                kind = OVERFLOW
                window = self._windows.get(kind)
            if window is None:
                window = self._windows[kind] = _Window(now)
        if window.passed >= self.burst:
            window.suppressed += 1
            window.level = max(window.level, level)
            return None
        window.passed += 1
        return window.passed == 1

    def _close_windows(self, now: float) -> list[logging.LogRecord]:
        """Forget the windows that are over; a summary record for each that dropped some."""
        over = [k for k, w in self._windows.items() if now - w.started_s >= self.interval_s]
        summaries = []
        for kind in over:
            window = self._windows.pop(kind)
            if window.suppressed:
                summaries.append(self._summary(kind, window))
        return summaries

    def _summary(self, kind: Kind, window: _Window) -> logging.LogRecord:
        name, template, exc_type = kind
        what = f"{template!r}" + (f" ({exc_type})" if exc_type else "")
        return logging.LogRecord(
            name,
            window.level,
            __file__,
            0,
            "%d similar messages suppressed in the last %.0f s: %s",
            (window.suppressed, self.interval_s, what),
            None,
        )

    def flush_summaries(self) -> None:
        """Write the summaries of every window with suppressed records, now."""
        with self._state_lock:
            pending = [(k, w) for k, w in self._windows.items() if w.suppressed]
            for kind, _ in pending:
                del self._windows[kind]
        for kind, window in pending:
            self.target.handle(self._summary(kind, window))

    def flush(self) -> None:
        self.flush_summaries()
        self.target.flush()

    def close(self) -> None:
        try:
            self.flush_summaries()
        finally:
            self.target.close()
            super().close()

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        self.target.setFormatter(fmt)


def _without_traceback(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of ``record`` without its traceback (the first of its kind showed it)."""
    copy = logging.makeLogRecord(record.__dict__)
    exc = record.exc_info[1] if record.exc_info else None
    copy.exc_info = None
    copy.exc_text = None
    copy.msg = f"{record.getMessage()} [{type(exc).__name__}: {exc}; traceback shown earlier]"
    copy.args = None
    return copy


def limit_repeated_messages(
    logger: logging.Logger | None = None,
    *,
    burst: int = DEFAULT_BURST,
    interval_s: float = DEFAULT_INTERVAL_S,
) -> list[RepeatLimitingHandler]:
    """Wrap every handler of ``logger`` (the root logger by default) in a
    :class:`RepeatLimitingHandler`; handlers already wrapped are left as they are."""
    logger = logger if logger is not None else logging.getLogger()
    wrapped = []
    for handler in list(logger.handlers):
        if isinstance(handler, RepeatLimitingHandler):
            continue
        limited = RepeatLimitingHandler(handler, burst=burst, interval_s=interval_s)
        logger.removeHandler(handler)
        logger.addHandler(limited)
        wrapped.append(limited)
    return wrapped
