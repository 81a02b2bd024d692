"""The stop watchdog: a camera whose Stop did not get through is stopped as soon as it can be.

Some cameras ignore ContinuousMove's Timeout (scrypted measured 84 s of motion; camsim's
``ignore-move-timeout``), so a Stop that fails (the camera briefly unreachable, a
session that broke) would leave such a camera moving for ever: nobody else stops it.
A driver whose Stop failed ``owe``s it here: the watchdog sends it again, each time over
a fresh connection (``stop``), with a growing delay (``FIRST_RETRY_S`` doubling up to
``MAX_RETRY_S``), until one goes through. A later command that reached the camera
``settle``s the debt (it stopped it, or an operator moves it again and their session's
end stops it); a driver opened for the camera ``pay``s it first, before any command.

Invariants:
- At most one retry task per camera; a newer debt replaces the older one.
- ``pay`` and the retries never raise: a failure is logged (the first at WARNING, the
  retries at DEBUG) and the retries go on.
- Process-wide (``STOPS``): drivers come and go, a camera's debt outlives them. Its
  tasks run on the server's event loop and end with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Final

log = logging.getLogger(__name__)

FIRST_RETRY_S: Final = 1.0
MAX_RETRY_S: Final = 30.0

Stop = Callable[[], Awaitable[None]]


class StopWatchdog:
    def __init__(self, first_retry_s: float = FIRST_RETRY_S, max_retry_s: float = MAX_RETRY_S):
        self.first_retry_s = first_retry_s
        self.max_retry_s = max_retry_s
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def owed(self, camera_id: int) -> bool:
        task = self._tasks.get(camera_id)
        return task is not None and not task.done()

    def owe(self, camera_id: int, stop: Stop, why: str) -> None:
        """``camera_id``'s Stop failed (``why``): send ``stop`` until it goes through."""
        self.settle(camera_id)
        log.warning(
            "camera %s: PTZ Stop did not get through (%s); sent again until it is",
            camera_id,
            why,
        )
        self._tasks[camera_id] = asyncio.get_running_loop().create_task(
            self._retry(camera_id, stop), name=f"ptz-stop-watchdog {camera_id}"
        )

    def settle(self, camera_id: int) -> None:
        """A later command reached the camera: nothing is owed any more."""
        task = self._tasks.pop(camera_id, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def pay(self, camera_id: int, stop: Stop) -> None:
        """Send a Stop owed for ``camera_id`` now (a driver was opened for it); the
        retries go on if it fails."""
        if not self.owed(camera_id):
            return
        try:
            await stop()
        except Exception as error:  # the retries go on
            log.debug("camera %s: owed PTZ Stop failed again: %s", camera_id, error)
            return
        self.settle(camera_id)
        log.info("camera %s: owed PTZ Stop sent", camera_id)

    async def _retry(self, camera_id: int, stop: Stop) -> None:
        delay_s = self.first_retry_s
        while True:
            await asyncio.sleep(delay_s)
            try:
                await stop()
            except Exception as error:
                log.debug("camera %s: owed PTZ Stop failed again: %s", camera_id, error)
                delay_s = min(self.max_retry_s, delay_s * 2)
                continue
            log.info("camera %s: owed PTZ Stop sent: the camera is stopped", camera_id)
            if self._tasks.get(camera_id) is asyncio.current_task():
                del self._tasks[camera_id]
            return

    async def aclose(self) -> None:
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


#: The server's one watchdog (see the module docstring).
STOPS: Final = StopWatchdog()
