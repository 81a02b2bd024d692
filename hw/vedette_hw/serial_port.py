"""A serial line carrying frames: pyserial, a reader thread, paced writes.

This module owns one open serial port (8N1): a reader thread parses what arrives and
hands each frame to an asyncio loop with ``loop.call_soon_threadsafe``; writes are
paced so that two frames never follow closer than the previous frame's wire time plus
``inter_frame_gap_s`` (domes drop frames that arrive back to back). The port is named
by a device path or any pyserial URL (``loop://``, ``socket://…``), so tests use ptys
and loopbacks.

Invariants:

- Errors are ``SerialPortError``s naming the port: ``SerialPortUnavailable`` when it
  cannot be opened, ``SerialPortLost`` when it vanishes while open (USB adapter pulled,
  pty closed). A lost port is reported once to ``on_error``, its reader thread ends (no
  spinning), and later writes raise the same ``SerialPortLost``.
- When ``close()`` returns, the reader thread has ended, the device is closed and no
  further callback will be scheduled (those already scheduled still run).
- ``write_once`` opens a port, writes one frame and closes it again: how a frame that
  must get out (a Stop) still reaches the device after its ``SerialPort`` failed or
  was closed.

``open``, ``write_frame`` and ``close`` block (device I/O, pacing sleeps, joining the
thread); from a coroutine use ``send`` or an executor.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Generic, Protocol, TypeVar

import serial

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

DEFAULT_INTER_FRAME_GAP_S = 0.020
"""Silence after a frame's wire time before the next frame (research note §3.1: 20–50 ms)."""
BITS_PER_BYTE_ON_WIRE = 10  # 8N1: start bit, 8 data bits, stop bit
_READ_POLL_S = 0.05  # how long a read waits, so the thread sees close() promptly
_JOIN_TIMEOUT_S = 5.0


class FrameParser(Protocol[T_co]):
    """Anything that turns a byte stream into frames, whatever the chunking."""

    def feed(self, data: bytes) -> Iterable[T_co]: ...


class SerialPortError(Exception):
    """A serial port failed; ``port`` names it and the message says how."""

    def __init__(self, port: str, detail: str) -> None:
        super().__init__(f"serial port {port}: {detail}")
        self.port = port
        self.detail = detail


class SerialPortUnavailable(SerialPortError):
    """The port could not be opened (no such device, no permission, busy)."""


class SerialPortLost(SerialPortError):
    """The port vanished while open (device removed, pty closed)."""


class SerialPort(Generic[T]):
    """One open port: frames in through ``parser`` to the loop, paced frames out."""

    def __init__(
        self,
        port: str,
        baud_rate: int,
        parser: FrameParser[T],
        *,
        inter_frame_gap_s: float = DEFAULT_INTER_FRAME_GAP_S,
        write_timeout_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if isinstance(baud_rate, bool) or not isinstance(baud_rate, int) or baud_rate <= 0:
            raise ValueError(f"baud_rate must be a positive integer, got {baud_rate!r}")
        if not inter_frame_gap_s >= 0:
            raise ValueError(f"inter_frame_gap_s must be ≥ 0, got {inter_frame_gap_s}")
        self.port = port
        self.baud_rate = baud_rate
        self.inter_frame_gap_s = inter_frame_gap_s
        self._parser = parser
        self._write_timeout_s = write_timeout_s
        self._clock = clock
        self._sleep = sleep
        self._serial: serial.SerialBase | None = None
        self._reader: threading.Thread | None = None
        self._stopping = threading.Event()
        self._write_lock = threading.Lock()
        self._next_write_at = 0.0
        self._lost: SerialPortLost | None = None

    @property
    def lost(self) -> SerialPortLost | None:
        """The error that ended the port, or None while it works."""
        return self._lost

    def open(
        self,
        loop: asyncio.AbstractEventLoop,
        on_frame: Callable[[T], object],
        on_error: Callable[[SerialPortError], object],
    ) -> None:
        """Open the device 8N1 and start the reader thread (blocks while opening).
        ``on_frame`` and ``on_error`` run on ``loop``."""
        if self._serial is not None:
            raise RuntimeError(f"serial port {self.port} is already open")
        try:
            self._serial = serial.serial_for_url(
                self.port,
                baudrate=self.baud_rate,
                bytesize=serial.EIGHTBITS,
                parity=serial.PARITY_NONE,
                stopbits=serial.STOPBITS_ONE,
                timeout=_READ_POLL_S,
                write_timeout=self._write_timeout_s,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise SerialPortUnavailable(self.port, f"cannot open: {exc}") from exc
        self._reader = threading.Thread(
            target=self._read_until_stopped,
            args=(self._serial, loop, on_frame, on_error),
            name=f"serial-reader {self.port}",
            daemon=True,
        )
        self._reader.start()

    def write_frame(self, frame: bytes, before_write: Callable[[], object] | None = None) -> None:
        """Write one frame, first waiting out the previous frame's wire time and gap;
        ``before_write`` runs just before the bytes go out (after the wait). Blocks;
        raises ``SerialPortLost`` or ``SerialPortError``."""
        with self._write_lock:
            port = self._serial
            if self._lost is not None:
                raise self._lost
            if port is None or self._stopping.is_set():
                raise SerialPortError(self.port, "not open")
            wait_s = self._next_write_at - self._clock()
            if wait_s > 0:
                self._sleep(wait_s)
            if before_write is not None:
                before_write()
            try:
                port.write(frame)
            except serial.SerialTimeoutException as exc:
                raise SerialPortError(
                    self.port, f"write timed out after {self._write_timeout_s} s"
                ) from exc
            except (serial.SerialException, OSError) as exc:
                raise self._mark_lost(exc) from exc
            wire_s = len(frame) * BITS_PER_BYTE_ON_WIRE / self.baud_rate
            self._next_write_at = self._clock() + wire_s + self.inter_frame_gap_s

    async def send(self, frame: bytes, before_write: Callable[[], object] | None = None) -> None:
        """``write_frame`` on the loop's default executor."""
        await asyncio.get_running_loop().run_in_executor(
            None, self.write_frame, frame, before_write
        )

    def close(self) -> None:
        """Stop the reader thread and close the device (blocks until both are done)."""
        self._stopping.set()
        port, reader = self._serial, self._reader
        if port is not None and hasattr(port, "cancel_read"):
            # When cancelling fails, the read still ends at its timeout.
            with contextlib.suppress(serial.SerialException, OSError):
                port.cancel_read()
        if reader is not None:
            reader.join(_JOIN_TIMEOUT_S)
            if reader.is_alive():
                raise RuntimeError(f"serial port {self.port}: reader thread did not stop")
        with self._write_lock:
            if port is not None:
                port.close()

    def _read_until_stopped(
        self,
        port: serial.SerialBase,
        loop: asyncio.AbstractEventLoop,
        on_frame: Callable[[T], object],
        on_error: Callable[[SerialPortError], object],
    ) -> None:
        while not self._stopping.is_set():
            try:
                data = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as exc:
                if self._stopping.is_set():
                    return
                self._deliver(loop, on_error, self._mark_lost(exc))
                return
            if not data:
                continue
            for frame in self._parser.feed(data):
                if not self._deliver(loop, on_frame, frame):
                    return

    def _deliver(
        self, loop: asyncio.AbstractEventLoop, callback: Callable[[Any], object], arg: object
    ) -> bool:
        """Schedule ``callback(arg)`` on the loop; False when the loop is closed."""
        if self._stopping.is_set():
            return False
        try:
            loop.call_soon_threadsafe(callback, arg)
        except RuntimeError:
            return False
        return True

    def _mark_lost(self, cause: BaseException) -> SerialPortLost:
        if self._lost is None:
            self._lost = SerialPortLost(self.port, f"lost (device removed or closed?): {cause}")
        return self._lost


def write_once(port: str, baud_rate: int, frame: bytes, *, write_timeout_s: float = 2.0) -> None:
    """Open ``port`` 8N1 at ``baud_rate``, write ``frame`` and close it again (blocks;
    no reader). Raises ``SerialPortUnavailable`` when it cannot be opened and
    ``SerialPortError`` when the write fails."""
    try:
        device = serial.serial_for_url(
            port,
            baudrate=baud_rate,
            bytesize=serial.EIGHTBITS,
            parity=serial.PARITY_NONE,
            stopbits=serial.STOPBITS_ONE,
            timeout=_READ_POLL_S,
            write_timeout=write_timeout_s,
        )
    except (serial.SerialException, OSError, ValueError) as exc:
        raise SerialPortUnavailable(port, f"cannot open: {exc}") from exc
    try:
        device.write(frame)
        device.flush()
    except (serial.SerialException, OSError) as exc:
        raise SerialPortError(port, f"write failed: {exc}") from exc
    finally:
        with contextlib.suppress(serial.SerialException, OSError):
            device.close()
