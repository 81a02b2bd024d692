"""Output pulses for any I/O device: on now, off after a delay, owned by the device.

``OutputPulses`` keeps one background task per pulsing output, so the off is written
even when the caller that asked for the pulse has gone away (its task cancelled).

Invariants:

- The on is written before the off: the off task sleeps first, and the device writes
  in the order they are asked.
- A pulse on an output that is already pulsing moves its end to the later of the two.
- A task's entry is removed before it writes the off, so a pulse asked while that off
  is on its way starts a new pulse (written after the off) instead of being lost.
- The off is tried ``off_attempts`` times, ``retry_delay_s`` apart; each failure is
  logged with the device and output (a siren left on is worse than a log line).
- ``cancel(n)`` drops a pending off without writing anything; ``finish_now()`` writes
  the off of every pending pulse at once (used on close).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable

from vedette_hw.io_port import IoError

_log = logging.getLogger(__name__)

WriteOutput = Callable[[int, bool], Awaitable[None]]


class OutputPulses:
    """Pending offs of one device's outputs (``write(index, on)`` reaches the device)."""

    def __init__(
        self,
        device: str,
        write: WriteOutput,
        *,
        off_attempts: int = 3,
        retry_delay_s: float = 1.0,
    ) -> None:
        if off_attempts < 1:
            raise ValueError(f"off_attempts must be ≥ 1, got {off_attempts}")
        self._device = device
        self._write = write
        self._off_attempts = off_attempts
        self._retry_delay_s = retry_delay_s
        self._ends: dict[int, float] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def ends_at(self, index: int) -> float | None:
        """The loop time of the pending off of ``index``, or None."""
        return self._ends.get(index)

    async def pulse(self, index: int, seconds: float) -> None:
        """Write the on and make sure an off follows at now + ``seconds`` (or later, when
        a running pulse ends later). Raises what the on write raises; the off is still
        written at the end then, since a timed-out on may have reached the device."""
        if isinstance(seconds, bool) or not (
            isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0
        ):
            raise ValueError(f"pulse length must be a positive number of seconds, got {seconds!r}")
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        if index in self._tasks:
            self._ends[index] = max(self._ends[index], end)
        else:
            self._ends[index] = end
            self._tasks[index] = loop.create_task(
                self._off_at_end(index), name=f"pulse off {self._device} output {index}"
            )
        await self._write(index, True)

    def cancel(self, index: int) -> None:
        """Forget the pending off of ``index`` (an explicit set now rules the output)."""
        task = self._tasks.pop(index, None)
        self._ends.pop(index, None)
        if task is not None:
            task.cancel()

    async def finish_now(self) -> None:
        """Write the off of every pending pulse now (one attempt each; failures logged)."""
        for index in list(self._tasks):
            self.cancel(index)
            try:
                await self._write(index, False)
            except IoError as exc:
                _log.error("pulse: could not turn output %d off on close: %s", index, exc)

    async def _off_at_end(self, index: int) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._ends[index] - loop.time()) > 0:
            await asyncio.sleep(delay)
        # Removed before writing: a pulse asked from here on starts a new task.
        del self._ends[index]
        del self._tasks[index]
        for attempt in range(1, self._off_attempts + 1):
            try:
                await self._write(index, False)
                return
            except IoError as exc:
                _log.warning(
                    "pulse: turning output %d off failed (attempt %d of %d): %s",
                    index,
                    attempt,
                    self._off_attempts,
                    exc,
                )
            if attempt < self._off_attempts:
                await asyncio.sleep(self._retry_delay_s)
        _log.error("pulse: output %d of %s may still be on", index, self._device)
