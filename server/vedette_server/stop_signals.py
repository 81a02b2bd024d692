"""SIGINT and SIGTERM ask an asyncio program to stop, on every system.

``loop.add_signal_handler`` is the POSIX way: the callback runs in the loop. Windows'
event loops do not implement it (``NotImplementedError``); there a ``signal.signal``
handler hands the callback to the loop instead (the loop wakes up on a signal since
Python 3.8). Either way the callback runs in the loop's thread.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from types import FrameType


def on_stop_signals(loop: asyncio.AbstractEventLoop, callback: Callable[[], object]) -> None:
    """Call ``callback`` in ``loop`` at each SIGINT or SIGTERM."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        loop.call_soon_threadsafe(callback)

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, callback)
        except NotImplementedError:  # Windows
            signal.signal(signum, handler)
