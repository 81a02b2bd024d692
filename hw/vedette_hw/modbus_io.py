"""A network I/O module over Modbus TCP (an ADAM-6050-style box) behind ``IoDevice``.

Inputs are read as discrete inputs (function 02) from ``input_base``, outputs are coils
(read 01, write 05) from ``output_base``; input n is discrete input ``input_base + n``
and output n is coil ``output_base + n``. Requests carry ``unit_id``.

Invariants:

- One request at a time per device; each is bounded by ``request_timeout_s`` and a
  connection attempt by ``connect_timeout_s`` (no retries inside pymodbus, no
  background reconnects).
- After a failure (refused, timed out, lost) the connection is dropped and the next
  call connects afresh: a box that comes back works again on the next call.
- A box that does not answer gives ``IoDeviceUnreachable``; an exception answer
  (illegal address, unknown unit, …) gives ``IoDeviceError``; both name the device
  (``host:port unit U``), the request and the addresses.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vedette_hw.io_port import IoDeviceError, IoDeviceUnreachable, check_index
from vedette_hw.io_pulse import OutputPulses

if TYPE_CHECKING:
    from pymodbus.client import AsyncModbusTcpClient
    from pymodbus.pdu import ModbusPDU

    _Send = Callable[[AsyncModbusTcpClient], Awaitable[ModbusPDU]]

MAX_BITS_PER_READ = 2000  # Modbus application protocol: functions 01 and 02
MAX_ADDRESS = 0xFFFF

EXCEPTION_NAMES = {
    1: "illegal function",
    2: "illegal data address",
    3: "illegal data value",
    4: "device failure (e.g. an unknown unit id)",
    5: "acknowledge",
    6: "device busy",
    10: "gateway path unavailable (unknown unit id?)",
    11: "gateway target did not respond (unknown unit id?)",
}


@dataclass(frozen=True)
class ModbusIoConfig:
    """Where the box is and how its points are addressed (validated here, once)."""

    host: str
    port: int = 502
    unit_id: int = 1
    input_count: int = 12
    output_count: int = 6
    input_base: int = 0
    output_base: int = 0
    connect_timeout_s: float = 2.0
    request_timeout_s: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.host, str) or not self.host.strip():
            raise ValueError(f"host must be a host name or address, got {self.host!r}")
        _check_int("port", self.port, 1, 65535)
        _check_int("unit_id", self.unit_id, 0, 255)
        _check_int("input_count", self.input_count, 0, MAX_BITS_PER_READ)
        _check_int("output_count", self.output_count, 0, MAX_BITS_PER_READ)
        _check_int("input_base", self.input_base, 0, MAX_ADDRESS + 1 - self.input_count)
        _check_int("output_base", self.output_base, 0, MAX_ADDRESS + 1 - self.output_count)
        for label in ("connect_timeout_s", "request_timeout_s"):
            value = getattr(self, label)
            if isinstance(value, bool) or not (
                isinstance(value, int | float) and math.isfinite(value) and value > 0
            ):
                raise ValueError(f"{label} must be a positive number of seconds, got {value!r}")

    @property
    def name(self) -> str:
        return f"Modbus I/O {self.host}:{self.port} unit {self.unit_id}"


def _check_int(label: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{label} must be an integer within {low}..{high}, got {value!r}")


class ModbusIo:
    """One Modbus TCP I/O box. Connects on first use; ``aclose()`` ends pulses (off)
    and the connection."""

    def __init__(self, config: ModbusIoConfig, *, pulse_retry_delay_s: float = 1.0) -> None:
        self.config = config
        self._client: AsyncModbusTcpClient | None = None
        self._lock = asyncio.Lock()
        self._pulses = OutputPulses(config.name, self._write, retry_delay_s=pulse_retry_delay_s)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def input_count(self) -> int:
        return self.config.input_count

    @property
    def output_count(self) -> int:
        return self.config.output_count

    async def read_inputs(self) -> tuple[bool, ...]:
        cfg = self.config
        if cfg.input_count == 0:
            return ()
        what = _range_label("read discrete inputs", cfg.input_base, cfg.input_count)
        response = await self._request(
            what,
            lambda c: c.read_discrete_inputs(
                cfg.input_base, count=cfg.input_count, device_id=cfg.unit_id
            ),
        )
        return self._bits(response, cfg.input_count, what)

    async def read_outputs(self) -> tuple[bool, ...]:
        cfg = self.config
        if cfg.output_count == 0:
            return ()
        what = _range_label("read coils", cfg.output_base, cfg.output_count)
        response = await self._request(
            what,
            lambda c: c.read_coils(cfg.output_base, count=cfg.output_count, device_id=cfg.unit_id),
        )
        return self._bits(response, cfg.output_count, what)

    async def set_output(self, index: int, on: bool) -> None:
        check_index(self.name, "output", index, self.config.output_count)
        self._pulses.cancel(index)
        await self._write(index, on)

    async def pulse_output(self, index: int, seconds: float) -> None:
        check_index(self.name, "output", index, self.config.output_count)
        await self._pulses.pulse(index, seconds)

    def pulse_ends_at(self, index: int) -> float | None:
        return self._pulses.ends_at(index)

    async def aclose(self) -> None:
        await self._pulses.finish_now()
        async with self._lock:
            self._drop_connection()

    async def _write(self, index: int, on: bool) -> None:
        cfg = self.config
        address = cfg.output_base + index
        what = f"write coil {address} (output {index}) {'on' if on else 'off'}"
        await self._request(what, lambda c: c.write_coil(address, bool(on), device_id=cfg.unit_id))

    async def _request(self, what: str, send: _Send) -> ModbusPDU:
        """``send`` on a connected client, bounded by the request timeout; failures
        become ``IoError``s and drop the connection when the box did not answer."""
        from pymodbus.exceptions import ModbusException  # here: a server without boxes skips it

        timeout_s = self.config.request_timeout_s
        async with self._lock:
            client = await self._connected(what)
            try:
                response = await asyncio.wait_for(send(client), timeout_s)
            except TimeoutError as exc:
                self._drop_connection()
                raise IoDeviceUnreachable(
                    self.name, f"{what}: no answer within {timeout_s:g} s"
                ) from exc
            except (ModbusException, OSError) as exc:
                self._drop_connection()
                raise IoDeviceUnreachable(
                    self.name, f"{what}: request failed: {exc or type(exc).__name__}"
                ) from exc
        if response.isError():
            code = getattr(response, "exception_code", None)
            reason = EXCEPTION_NAMES.get(code, "unknown exception") if code is not None else "?"
            raise IoDeviceError(self.name, f"{what}: the device refused: {reason} (code {code})")
        return response

    async def _connected(self, what: str) -> AsyncModbusTcpClient:
        if self._client is not None and self._client.connected:
            return self._client
        from pymodbus.client import AsyncModbusTcpClient
        from pymodbus.exceptions import ModbusException

        self._drop_connection()
        cfg = self.config
        client = AsyncModbusTcpClient(
            cfg.host,
            port=cfg.port,
            name=cfg.name,
            # pymodbus uses one value for connecting and for each answer; the bounds
            # that count are the wait_for()s here, so its own must not end first.
            timeout=max(cfg.connect_timeout_s, cfg.request_timeout_s),
            retries=0,
            reconnect_delay=0,  # no background reconnects: the next call reconnects
        )
        started = time.monotonic()
        try:
            connected = await asyncio.wait_for(client.connect(), cfg.connect_timeout_s)
        except (TimeoutError, OSError, ModbusException):
            connected = False
        if not connected:
            client.close()
            elapsed_s = time.monotonic() - started
            why = (
                f"no answer within {cfg.connect_timeout_s:g} s"
                if elapsed_s >= cfg.connect_timeout_s
                else "refused or unreachable"
            )
            raise IoDeviceUnreachable(self.name, f"{what}: cannot connect: {why}")
        self._client = client
        return client

    def _drop_connection(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _bits(self, response: ModbusPDU, count: int, what: str) -> tuple[bool, ...]:
        bits = list(response.bits)
        if len(bits) < count:
            raise IoDeviceError(self.name, f"{what}: short answer ({len(bits)} bits)")
        return tuple(bool(bit) for bit in bits[:count])


def _range_label(request: str, base: int, count: int) -> str:
    return f"{request} {base}..{base + count - 1}"
