"""Log lines for the systemd journal: ``<prio>logger: message`` when stderr is the
journal.

systemd sets ``JOURNAL_STREAM=<device>:<inode>`` for a service whose stderr (or
stdout) it connected to journald; when stderr's ``fstat`` gives those numbers,
journald reads each line's syslog priority prefix (``SyslogLevelPrefix=``, on by
default) and adds its own timestamp, so ours would be a second one. Anywhere
else (a terminal, a file, a pipe to another program, a child that inherited the
variable with another stderr) the usual format stays.

Invariant: every line of a record (a traceback's too) carries the record's
priority, so journald files none of them at its default level.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Final, TextIO

#: syslog priorities (RFC 5424) from the logging levels, highest level first.
_PRIORITIES: Final = (
    (logging.CRITICAL, 2),
    (logging.ERROR, 3),
    (logging.WARNING, 4),
    (logging.INFO, 6),
)
_DEBUG: Final = 7


def syslog_priority(level: int) -> int:
    """The syslog priority of a logging level (a level between two takes the lower's)."""
    return next((prio for threshold, prio in _PRIORITIES if level >= threshold), _DEBUG)


def is_journal_stream(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``stream`` is the journald stream ``JOURNAL_STREAM`` names."""
    expected = environ.get("JOURNAL_STREAM")
    if not expected:
        return False
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError):  # closed, or not a file (pytest's capture)
        return False
    return expected == f"{status.st_dev}:{status.st_ino}"


class JournalFormatter(logging.Formatter):
    """``<prio>logger: message``, no timestamp, the prefix on every line."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{syslog_priority(record.levelno)}>"
        return "\n".join(prefix + line for line in super().format(record).split("\n"))


def use_journal_format(
    logger: logging.Logger | None = None, environ: Mapping[str, str] = os.environ
) -> bool:
    """Give the stream handlers of ``logger`` (the root logger by default) that write
    to the journal the :class:`JournalFormatter`; True when one did."""
    logger = logger if logger is not None else logging.getLogger()
    changed = False
    for handler in logger.handlers:
        if isinstance(handler, logging.StreamHandler) and is_journal_stream(
            handler.stream, environ
        ):
            handler.setFormatter(JournalFormatter())
            changed = True
    return changed
