"""One Pelco line: a serial port shared by the domes on its RS-485 bus.

This module owns sending frames to the domes of one port in order and matching their
position replies to the queries that asked. ``vedette_hw.pelco_driver`` drives one dome
(one camera number) over a line; several drivers may share one line.

Invariants:

- Frames leave in the order ``send`` was called (an asyncio lock, which is FIFO), paced
  by ``SerialPort``; a sender cancelled while its frame is being written keeps the
  line until that frame is out, so no later frame (a Stop) can overtake it.
- A query waits at most its timeout and then answers None; a reply is matched to the
  oldest waiting query of the same camera and axis *whose frame went out before the
  reply was read*. A reply to a query that already gave up (a late reply) is dropped
  and counted in ``late_replies``, never taken as the answer to the next query.
- Replies are read by ``PelcoParser``, which resynchronises on frame boundaries
  (Pelco-D: 0xFF and the checksum; Pelco-P: STX, ETX and the XOR).
- Once the port is lost, every waiting query and every later ``send`` raises the port's
  ``SerialPortLost``, which names the port. ``send_anyway`` is for frames that must
  get out (a Stop): when the line has failed or was closed, it opens the port once
  more just to write that frame.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vedette_hw.pelco import Axis, Command, Frame, PelcoParser, PositionReply, Protocol, PVariant
from vedette_hw.pelco import Query as QueryCommand
from vedette_hw.pelco import encode as encode_frame
from vedette_hw.serial_port import (
    DEFAULT_INTER_FRAME_GAP_S,
    SerialPort,
    SerialPortError,
    SerialPortLost,
    write_once,
)

# One counter for the whole process: ``next()`` on it is atomic under the GIL, so a
# reply read by the reader thread and a query written by a writer thread are ordered.
_stamps = itertools.count(1)


@dataclass
class _Waiter:
    future: asyncio.Future[int]
    sent_at: int | None = None  # stamp taken just before the query's frame went out


class _StampingParser:
    """A ``PelcoParser`` whose frames carry the stamp of the read that completed them
    (taken on the reader thread, as the bytes arrive)."""

    def __init__(self, parser: PelcoParser) -> None:
        self.parser = parser

    def feed(self, data: bytes) -> Iterable[tuple[int, Frame]]:
        stamp = next(_stamps)
        return [(stamp, frame) for frame in self.parser.feed(data)]


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
        self.parser = PelcoParser(protocol, variant)
        self._port: SerialPort[tuple[int, Frame]] = SerialPort(
            port, baud_rate, _StampingParser(self.parser), inter_frame_gap_s=inter_frame_gap_s
        )
        self._on_lost = on_lost
        self._send_lock = asyncio.Lock()
        self._waiting: dict[tuple[int, Axis], collections.deque[_Waiter]] = {}
        self.late_replies = 0
        """Position replies that came after their query gave up (dropped)."""
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
            for waiter in waiters:
                if not waiter.future.done():
                    waiter.future.cancel()
        self._waiting.clear()

    async def send(self, camera: int, command: Command) -> None:
        """Encode and send one frame to ``camera``; raises ``ValueError`` for a frame the
        protocol cannot carry and ``SerialPortError`` when the port fails."""
        await self._send(encode_frame(self.protocol, camera, command, self.variant))

    async def send_anyway(self, camera: int, command: Command) -> None:
        """``send``, but when the line has failed or was closed, open the port once more
        and write the frame there: for a Stop, which must reach the dome whatever
        happened to the line. Raises ``SerialPortError`` only when that fails too."""
        frame = encode_frame(self.protocol, camera, command, self.variant)
        try:
            await self._send(frame)
        except SerialPortError:
            await asyncio.get_running_loop().run_in_executor(
                None, write_once, self.port, self.baud_rate, frame
            )

    async def _send(self, frame: bytes, before_write: Callable[[], object] | None = None) -> None:
        async with self._send_lock:
            if self._error is not None:
                raise self._error
            writing = asyncio.ensure_future(self._port.send(frame, before_write))
            cancelled = False
            while not writing.done():
                try:
                    await asyncio.shield(writing)
                except asyncio.CancelledError:
                    # Keep the lock until the frame is out: nothing may overtake it.
                    cancelled = True
                except Exception:
                    break
            if cancelled:
                if not writing.cancelled():
                    writing.exception()  # seen: the canceller does not want it
                raise asyncio.CancelledError
            writing.result()

    async def query(self, camera: int, axis: Axis, timeout_s: float) -> int | None:
        """Ask ``camera`` for ``axis`` (Pelco-D 0x51/0x53/0x55) and wait up to
        ``timeout_s`` for the reply's value; None when none came in time."""
        waiter = _Waiter(asyncio.get_running_loop().create_future())
        waiters = self._waiting.setdefault((camera, axis), collections.deque())
        waiters.append(waiter)

        def going_out() -> None:  # on the writer thread, just before the bytes leave
            waiter.sent_at = next(_stamps)

        frame = encode_frame(self.protocol, camera, QueryCommand(axis), self.variant)
        try:
            await self._send(frame, going_out)
            return await asyncio.wait_for(asyncio.shield(waiter.future), timeout_s)
        except TimeoutError:
            return None
        finally:
            if waiter in waiters:
                waiters.remove(waiter)
            if not waiter.future.done():
                waiter.future.cancel()

    def _frame(self, stamped: tuple[int, Frame]) -> None:
        read_at, frame = stamped
        command = frame.command
        if not isinstance(command, PositionReply):
            return  # other traffic on a shared bus, or the domes' echoes
        for waiter in self._waiting.get((frame.camera, command.axis), ()):
            if waiter.future.done() or waiter.sent_at is None or waiter.sent_at > read_at:
                continue  # gave up, or its query was not out yet when this reply came
            waiter.future.set_result(command.value)
            return
        self.late_replies += 1

    def _lost(self, error: SerialPortError) -> None:
        self._error = error
        for waiters in self._waiting.values():
            for waiter in waiters:
                if not waiter.future.done():
                    waiter.future.set_exception(error)
        if self._on_lost is not None and isinstance(error, SerialPortLost):
            self._on_lost(error)
