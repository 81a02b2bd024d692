"""The port for I/O devices: digital inputs to read, relay outputs to set (ALARM-01/06/08).

Adapters: ``modbus_io.ModbusIo`` (a network I/O module over Modbus TCP) and
``virtual_io.VirtualIo`` (in memory, for tests and demos). The alarm engine (issue 15)
will reach devices only through ``IoDevice``.

Invariants:

- Inputs and outputs are numbered 0..count-1 on every device, whatever the wire
  addressing; a number outside that range raises ``NoSuchIoPoint``.
- Every failure is an ``IoError`` naming the device and what failed:
  ``IoDeviceUnreachable`` when the device did not answer (refused, timed out, lost),
  ``IoDeviceError`` when it answered with a refusal (illegal address, bad unit, …).
- ``pulse_output(n, s)`` turns the output on and returns; the device turns it off
  ``s`` seconds later by itself, even when the caller has gone away. A pulse on an
  output that is already pulsing extends it (the off comes at the later of the two
  ends); ``set_output`` on that output cancels the pending off.
"""

from __future__ import annotations

from typing import Protocol


class IoError(Exception):
    """An I/O device failed; ``device`` names it and the message says what failed."""

    def __init__(self, device: str, detail: str) -> None:
        super().__init__(f"{device}: {detail}")
        self.device = device
        self.detail = detail


class IoDeviceUnreachable(IoError):
    """The device did not answer: connection refused or lost, or no answer in time."""


class IoDeviceError(IoError):
    """The device answered but refused the request (illegal address, bad unit id, …)."""


class NoSuchIoPoint(IoError, LookupError):
    """An input or output number outside the device's range."""

    def __init__(self, device: str, kind: str, index: object, count: int) -> None:
        super().__init__(device, f"no {kind} {index!r}: it has {count} (numbered 0..{count - 1})")
        self.kind = kind
        self.index = index
        self.count = count


class IoDevice(Protocol):
    """One I/O device: numbered inputs (read only) and outputs (set, pulse, read back)."""

    @property
    def name(self) -> str:
        """A human-readable name for messages (address and unit; never a secret)."""
        ...

    @property
    def input_count(self) -> int: ...

    @property
    def output_count(self) -> int: ...

    async def read_inputs(self) -> tuple[bool, ...]:
        """Each input's electrical state (True = contact closed / voltage present)."""
        ...

    async def read_outputs(self) -> tuple[bool, ...]:
        """Each output's state as the device reports it."""
        ...

    async def set_output(self, index: int, on: bool) -> None:
        """Turn an output on or off (latched); cancels a pending pulse's off."""
        ...

    async def pulse_output(self, index: int, seconds: float) -> None:
        """Turn an output on now and off after ``seconds`` (extends a running pulse)."""
        ...

    def pulse_ends_at(self, index: int) -> float | None:
        """The event-loop time (``loop.time()``) at which a running pulse on ``index``
        turns the output off, or None when none is running."""
        ...

    async def aclose(self) -> None:
        """Turn off outputs that are still pulsing, then release the device."""
        ...


def check_index(device: str, kind: str, index: int, count: int) -> int:
    """``index`` when it is an int within 0..count-1, else ``NoSuchIoPoint``."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
        raise NoSuchIoPoint(device, kind, index, count)
    return index
