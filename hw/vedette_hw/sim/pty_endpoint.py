"""The simulator's end of a pseudo-terminal pair, standing in for an RS-485 line.

This module owns one pty pair: the master side, in raw mode, is the simulated device;
``device_path`` (the slave) is what a driver opens with pyserial as if it were
``/dev/ttyUSB0``. The simulator keeps its own descriptor of the slave open, so a driver
closing and reopening the port does not hang the line up; closing the master is what
makes the port vanish for the driver (its reads and writes fail with EIO).

A pty does not pace bytes to a baud rate: tests about timing use a fake clock.
"""

from __future__ import annotations

import os
import select
import time
import tty


class PtyEndpoint:
    """Open with ``open()`` (returns the device path), close with ``close()``."""

    def __init__(self) -> None:
        self._master: int | None = None
        self._slave: int | None = None
        self.device_path = ""

    def open(self) -> str:
        """Create the pair; returns the path a driver opens (``/dev/pts/N``)."""
        if self._master is not None:
            raise RuntimeError(f"pty {self.device_path} is already open")
        master, slave = os.openpty()
        tty.setraw(master)
        # Non-blocking: a full pty (nobody reads the device path) never blocks a write
        # for good; ``write`` waits, ``write_within`` gives up.
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self.device_path = os.ttyname(slave)
        return self.device_path

    @property
    def is_open(self) -> bool:
        return self._master is not None

    def write(self, data: bytes) -> None:
        """Send ``data`` to whoever reads the device path (waits while the pty is full)."""
        master = self._require_master()
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(master, view) :]
            except BlockingIOError:
                select.select([], [master], [])

    def write_within(self, data: bytes, timeout_s: float) -> int:
        """Send what of ``data`` the pty takes within ``timeout_s``; returns how many
        bytes went (a bus does not wait for a listener: the rest is lost)."""
        master = self._require_master()
        deadline = time.monotonic() + timeout_s
        view = memoryview(data)
        sent = 0
        while sent < len(data):
            try:
                sent += os.write(master, view[sent:])
                continue
            except BlockingIOError:
                pass
            left_s = deadline - time.monotonic()
            if left_s <= 0 or not select.select([], [master], [], left_s)[1]:
                break
        return sent

    def read(self, timeout_s: float, max_bytes: int = 4096) -> bytes:
        """What the driver wrote, waiting up to ``timeout_s``; b"" when nothing came."""
        master = self._require_master()
        ready, _, _ = select.select([master], [], [], timeout_s)
        if not ready:
            return b""
        try:
            return os.read(master, max_bytes)
        except BlockingIOError:
            return b""

    def close(self) -> None:
        """Close both ends' descriptors held here; the driver's port then fails with EIO."""
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def _require_master(self) -> int:
        if self._master is None:
            raise RuntimeError("pty is not open")
        return self._master
