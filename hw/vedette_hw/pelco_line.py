"""One Pelco line: a serial port shared by the domes on its RS-485 bus.

This module owns sending frames to the domes of one port in order and matching their
position replies to the queries that asked. ``vedette_hw.pelco_driver`` drives one dome
(one camera number) over a line; several drivers may share one line.

Invariants:

- Frames leave in the order ``send`` was called (an asyncio lock, which is FIFO), paced
  by ``SerialPort``.
- A query waits at most its timeout and then answers None; a reply is matched to the
  oldest waiting query of the same camera and axis (a reply arriving after its query
  gave up is taken by the next one of that kind).
- Once the port is lost, every waiting query and every later call raises the port's
  ``SerialPortLost``, which names the port.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable

from vedette_hw.pelco import Axis, Command, Frame, PelcoParser, PositionReply, Protocol, PVariant
from vedette_hw.pelco import Query as QueryCommand
from vedette_hw.pelco import encode as encode_frame
from vedette_hw.serial_port import (
    DEFAULT_INTER_FRAME_GAP_S,
    SerialPort,
    SerialPortError,
    SerialPortLost,
)


class PelcoLine:
    """A Pelco-D or Pelco-P line on one serial port. ``open()`` and ``aclose()`` on the
    loop that uses it."""

    def __init__(
        self,
        port: str,
        baud_rate: int,
        protocol: Protocol,
        variant: PVariant = PVariant.STANDARD,
        *,
        inter_frame_gap_s: float = DEFAULT_INTER_FRAME_GAP_S,
        on_lost: Callable[[SerialPortLost], object] | None = None,
    ) -> None:
        self.protocol = protocol
        self.variant = variant
        self._port: SerialPort[Frame] = SerialPort(
            port, baud_rate, PelcoParser(protocol, variant), inter_frame_gap_s=inter_frame_gap_s
        )
        self._on_lost = on_lost
        self._send_lock = asyncio.Lock()
        self._waiting: dict[tuple[int, Axis], collections.deque[asyncio.Future[int]]] = {}
        self._error: SerialPortError | None = None
        self._opened = False

    @property
    def port(self) -> str:
        return self._port.port

    @property
    def baud_rate(self) -> int:
        return self._port.baud_rate

    @property
    def error(self) -> SerialPortError | None:
        """The failure that ended the line (the port was lost), or None while it works."""
        return self._error

    async def open(self) -> None:
        """Open the port (opening blocks, so it runs in an executor); raises
        ``SerialPortUnavailable`` naming the port when it cannot be opened."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._port.open, loop, self._frame, self._lost)
        self._opened = True

    async def aclose(self) -> None:
        """Close the port and its reader thread; waiting queries answer None."""
        if self._opened:
            self._opened = False
            await asyncio.get_running_loop().run_in_executor(None, self._port.close)
        for waiters in self._waiting.values():
            for future in waiters:
                if not future.done():
                    future.cancel()
        self._waiting.clear()

    async def send(self, camera: int, command: Command) -> None:
        """Encode and send one frame to ``camera``; raises ``ValueError`` for a frame the
        protocol cannot carry and ``SerialPortError`` when the port fails."""
        frame = encode_frame(self.protocol, camera, command, self.variant)
        async with self._send_lock:
            if self._error is not None:
                raise self._error
            await self._port.send(frame)

    async def query(self, camera: int, axis: Axis, timeout_s: float) -> int | None:
        """Ask ``camera`` for ``axis`` (Pelco-D 0x51/0x53/0x55) and wait up to
        ``timeout_s`` for the reply's value; None when none came."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        waiters = self._waiting.setdefault((camera, axis), collections.deque())
        waiters.append(future)
        try:
            await self.send(camera, QueryCommand(axis))
            return await asyncio.wait_for(asyncio.shield(future), timeout_s)
        except TimeoutError:
            return None
        finally:
            if future in waiters:
                waiters.remove(future)
            if not future.done():
                future.cancel()

    def _frame(self, frame: Frame) -> None:
        command = frame.command
        if not isinstance(command, PositionReply):
            return  # other traffic on a shared bus, or the domes' echoes
        waiters = self._waiting.get((frame.camera, command.axis))
        while waiters:
            future = waiters.popleft()
            if not future.done():
                future.set_result(command.value)
                return

    def _lost(self, error: SerialPortError) -> None:
        self._error = error
        for waiters in self._waiting.values():
            for future in waiters:
                if not future.done():
                    future.set_exception(error)
        if self._on_lost is not None and isinstance(error, SerialPortLost):
            self._on_lost(error)
