"""Serial PTZ domes (PTZ-04): a camera's Pelco-D/P settings, and the lines their
drivers share.

This module owns turning a camera's ``SerialPtzDevice`` into a ``PtzDriver``:

- ``SerialPtzDevice`` is validated where it is built (an invalid one cannot exist):
  protocol, Pelco-P variant, port, baud rate 1200..115200, address 1..255 (D) or
  1..256 (P), reserved presets 1..255.
- Domes on one RS-485 bus share one port: ``PelcoLines`` opens a port once and hands
  every driver on it the same ``PelcoLine``, closed when its last driver is closed.
  Two domes on one port must agree on protocol, variant and baud rate.
- A lost line is forgotten at once, so the next driver on that port opens it again
  (a USB adapter unplugged and plugged back in).
- Failures to open become ``PtzDeviceUnavailable``, naming the camera and the port.
- Letting go of a driver (``LineHold.aclose``: the camera's runtime is dropped after a
  device error, its device changed, the server stops) first stops its dome when a move
  or preset call went out since the last stop, reopening the port for it if the line
  failed: Pelco has no move timeout, so nobody else would.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from vedette_hw.pelco import Protocol, PVariant
from vedette_hw.pelco_driver import DEFAULT_BAUD_RATE, PelcoDevice, PelcoPtzDriver
from vedette_hw.pelco_line import PelcoLine
from vedette_hw.serial_port import SerialPortError
from vedette_server.errors import FailedPrecondition, InvalidArgument, shown
from vedette_server.ptz.driver import PtzDriver
from vedette_server.ptz.model import MAX_PRESET

log = logging.getLogger(__name__)

MIN_BAUD_RATE = 1200
MAX_BAUD_RATE = 115_200
MAX_PORT_CHARS = 256
MAX_QUERY_TIMEOUT_S = 2.0
#: How long a position query waits for the dome: generous, as a loaded server or a
#: slow bus must not turn a late reply into "no position".
DEFAULT_QUERY_TIMEOUT_S = 1.0


class PtzDeviceUnavailable(FailedPrecondition):
    """The camera's PTZ device cannot be reached: its port is missing, busy or lost."""

    error_reason = "PTZ_DEVICE_UNAVAILABLE"
    fact_names = ("camera_id", "port")

    def __init__(self, camera_id: int, port: str, detail: str) -> None:
        super().__init__(f"PTZ device of camera {camera_id} on {port} is unavailable: {detail}")
        self.camera_id, self.port, self.detail = camera_id, port, detail


@dataclass(frozen=True)
class SerialPtzDevice:
    """One Pelco dome on a serial port; ``baud_rate`` 0 means the protocol's usual."""

    protocol: Protocol
    serial_port: str
    address: int
    baud_rate: int = 0
    variant: PVariant = PVariant.STANDARD
    reserved_presets: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not isinstance(self.protocol, Protocol):
            raise InvalidArgument(
                "device.protocol", f"must be Pelco-D or Pelco-P, got {shown(self.protocol)}"
            )
        port = self.serial_port
        if not isinstance(port, str) or not port.strip() or len(port) > MAX_PORT_CHARS:
            raise InvalidArgument(
                "device.serial_port",
                f"must be a device path of 1..{MAX_PORT_CHARS} characters, got {shown(port)}",
            )
        if "\x00" in port:
            raise InvalidArgument("device.serial_port", "must not contain NUL")
        baud = self.baud_rate or DEFAULT_BAUD_RATE[self.protocol]
        if not MIN_BAUD_RATE <= baud <= MAX_BAUD_RATE:
            raise InvalidArgument(
                "device.baud_rate", f"must be within {MIN_BAUD_RATE}..{MAX_BAUD_RATE}, got {baud}"
            )
        object.__setattr__(self, "baud_rate", baud)
        top = 255 if self.protocol is Protocol.D else 256
        if isinstance(self.address, bool) or not 1 <= self.address <= top:
            raise InvalidArgument(
                "device.address",
                f"must be within 1..{top} on {self.protocol.value}, got {self.address}",
            )
        if self.protocol is Protocol.D:
            object.__setattr__(self, "variant", PVariant.STANDARD)
        reserved = frozenset(self.reserved_presets)
        for number in reserved:
            if not 1 <= number <= MAX_PRESET:
                raise InvalidArgument(
                    "device.reserved_presets", f"must be within 1..{MAX_PRESET}, got {number}"
                )
        object.__setattr__(self, "reserved_presets", reserved)

    def pelco(self, query_timeout_s: float) -> PelcoDevice:
        if not (math.isfinite(query_timeout_s) and 0 < query_timeout_s <= MAX_QUERY_TIMEOUT_S):
            raise ValueError(f"query_timeout_s must be within (0, {MAX_QUERY_TIMEOUT_S}]")
        return PelcoDevice(
            self.address,
            self.protocol,
            self.variant,
            self.reserved_presets,
            query_timeout_s=query_timeout_s,
        )


@dataclass
class _SharedLine:
    line: PelcoLine
    users: int


class LineHold:
    """A driver's hold on a shared line: closing the driver lets go of the line."""

    def __init__(
        self, lines: PelcoLines, port: str, shared: _SharedLine, driver: PelcoPtzDriver
    ) -> None:
        self._lines, self._port, self._shared = lines, port, shared
        self._driver = driver
        self._closed = False

    def lost(self) -> bool:
        """Whether the line failed (the port vanished): the driver is useless then."""
        return self._shared.line.error is not None

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            try:
                await self._driver.stop_if_moving()
            except Exception as error:  # nobody to tell: the runtime is going away
                log.warning(
                    "Pelco camera %s on %s: stop on release failed: %s",
                    self._driver.device.camera,
                    self._port,
                    error,
                )
            await self._lines.release(self._port, self._shared)


class PelcoLines:
    """The open serial lines, one per port, shared by the drivers of their domes.
    Used from one event loop; ``aclose()`` closes every line."""

    def __init__(self, *, query_timeout_s: float = DEFAULT_QUERY_TIMEOUT_S) -> None:
        self._lines: dict[str, _SharedLine] = {}
        self._query_timeout_s = query_timeout_s

    async def open_driver(
        self, camera_id: int, device: SerialPtzDevice
    ) -> tuple[PtzDriver, LineHold]:
        """A driver for ``device`` and the hold to close it with. Raises
        ``PtzDeviceUnavailable`` (port missing, busy, lost, or set up differently by
        another dome on it)."""
        shared = self._lines.get(device.serial_port)
        if shared is not None and shared.line.error is not None:
            self._lines.pop(device.serial_port)
            await shared.line.aclose()  # its other drivers keep failing until reopened
            shared = None
        if shared is None:
            line = PelcoLine(device.serial_port, device.baud_rate, device.protocol, device.variant)
            try:
                await line.open()
            except SerialPortError as error:
                raise PtzDeviceUnavailable(camera_id, device.serial_port, error.detail) from error
            shared = self._lines[device.serial_port] = _SharedLine(line, 0)
        line = shared.line
        if (line.protocol, line.variant, line.baud_rate) != (
            device.protocol,
            device.variant,
            device.baud_rate,
        ):
            raise PtzDeviceUnavailable(
                camera_id,
                device.serial_port,
                f"the port already carries {line.protocol.value}/{line.variant.value} at"
                f" {line.baud_rate} baud for another dome",
            )
        driver = PelcoPtzDriver(line, device.pelco(self._query_timeout_s))
        shared.users += 1
        return driver, LineHold(self, device.serial_port, shared, driver)

    async def release(self, port: str, shared: _SharedLine) -> None:
        """One driver of ``shared`` is done; the last one closes the line."""
        shared.users -= 1
        if shared.users <= 0:
            if self._lines.get(port) is shared:
                del self._lines[port]
            await shared.line.aclose()

    async def aclose(self) -> None:
        lines, self._lines = list(self._lines.values()), {}
        for shared in lines:
            await shared.line.aclose()
