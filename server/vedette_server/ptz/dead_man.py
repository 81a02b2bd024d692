"""The dead-man stop: a control session that falls silent stops its camera (PTZ-01).

An operator's joystick stream sends moves (or pings) while a button is held; when the
console dies, the network drops or a keyboard is unplugged, nobody sends the stop. So
each control session feeds a ``DeadMan`` with every message it receives, and when no
message came for more than ``silence_s`` (1 s by default, the research note's budget)
the camera is sent a Stop through its ``CommandGate``, once per silence: the next
message re-arms it.

Timing uses the event loop's clock; the stop is sent by a task the ``DeadMan`` owns,
and ``aclose()`` ends it (a stop already submitted is still sent: the gate keeps it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable
from typing import Final

from vedette_server.ptz.gate import CommandGate

log = logging.getLogger(__name__)

DEFAULT_SILENCE_S: Final = 1.0


class DeadMan:
    """Watches one control session of one camera. ``start()`` and ``feed()`` from the loop."""

    def __init__(
        self,
        gate: CommandGate,
        silence_s: float = DEFAULT_SILENCE_S,
        on_stopped: Callable[[Exception | None], object] | None = None,
    ) -> None:
        if not (math.isfinite(silence_s) and silence_s > 0):
            raise ValueError(f"silence_s must be positive, got {silence_s!r}")
        self.silence_s = silence_s
        self._gate = gate
        self._on_stopped = on_stopped
        self._last_s = 0.0
        self._fired = False
        self._fed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def fired(self) -> bool:
        """True when the silence stopped the camera and nothing was received since."""
        return self._fired

    def start(self) -> None:
        """Begin watching; the silence counts from now."""
        if self._task is not None:
            raise RuntimeError(f"dead-man of camera {self._gate.camera} already started")
        loop = asyncio.get_running_loop()
        self._last_s = loop.time()
        self._task = loop.create_task(self._watch(), name=f"ptz-dead-man {self._gate.camera}")

    def feed(self) -> None:
        """A message of the session arrived: the silence starts again."""
        self._last_s = asyncio.get_running_loop().time()
        self._fired = False
        self._fed.set()

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            left_s = self._last_s + self.silence_s - loop.time()
            if left_s > 0:
                await asyncio.sleep(left_s)
                continue
            self._fired = True
            self._fed.clear()
            await self._stop_camera()
            await self._fed.wait()

    async def _stop_camera(self) -> None:
        error: Exception | None = None
        try:
            await self._gate.stop()
        except Exception as failure:  # reported; the session's silence is not the server's
            error = failure
            log.warning("camera %s: dead-man stop failed: %s", self._gate.camera, failure)
        else:
            log.info(
                "camera %s: control silent for %.1f s, stopped", self._gate.camera, self.silence_s
            )
        if self._on_stopped is not None:
            self._on_stopped(error)
