"""A PTZ driver for one Pelco-D or Pelco-P dome (SPEC PTZ-01, PTZ-04).

``PelcoPtzDriver`` matches the server's ``vedette_server.ptz.driver.PtzDriver`` by
shape (hw does not import the server): it turns velocities into Pelco moves, presets
into extended commands, and reads positions with the Pelco-D queries 0x51/0x53/0x55.

Invariants:

- Velocity components in [-1, 1] map to speeds 1..0x3F by magnitude (0 stays 0, so a
  tiny deflection still moves); a full pan deflection sends turbo (0x40) on Pelco-D
  when ``turbo`` is on. Zoom and focus speeds (0..3) follow the magnitude of the zoom
  and focus components, sent as their own frame only when they change. Iris is a
  direction only.
- Presets in ``reserved_presets`` (the dome's function presets, e.g. 33, 34, 92–99) are
  never saved over or cleared unless ``force=True``: ``ReservedPreset`` says which.
- ``status()`` waits at most ``query_timeout_s`` per axis. On Pelco-P the position is
  None and ``moving`` is what was last commanded (True after a move, False after a
  stop, None after a preset call). On Pelco-D, when the dome does not answer pan and
  tilt in time, the status is unknown: position None *and* moving None (a dome that
  does not answer may well be moving); otherwise ``moving`` is what was last commanded.
- ``stop()`` always tries to reach the dome: when the line has failed or was closed
  (its runtime dropped), the port is opened once more just for the Stop frame.
- When the port is lost, every other call raises the port's ``SerialPortLost``, which
  names the port; apart from ``stop()`` the driver never reopens the port by itself.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from typing import Protocol as TypingProtocol

from vedette_hw.pelco import (
    MAX_LENS_SPEED,
    MAX_PRESET,
    MAX_SPEED,
    TURBO,
    Axis,
    FocusSpeed,
    Move,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Stop,
    ZoomSpeed,
    pan_from_wire,
    tilt_from_wire,
    zoom_from_wire,
)
from vedette_hw.pelco_line import PelcoLine
from vedette_hw.serial_port import DEFAULT_INTER_FRAME_GAP_S

DEFAULT_BAUD_RATE = {Protocol.D: 2400, Protocol.P: 4800}
"""The factory defaults of most domes (research note §3.1)."""
DEFAULT_QUERY_TIMEOUT_S = 0.3


class ReservedPreset(ValueError):
    """Saving over or clearing a function preset of the dome was refused."""

    def __init__(self, camera: int, number: int) -> None:
        super().__init__(
            f"preset {number} of Pelco camera {camera} is reserved for a dome function;"
            " pass force=True to overwrite it"
        )
        self.camera = camera
        self.number = number


class VelocityLike(TypingProtocol):
    """The server's ``Velocity``: each field within [-1, 1] (pan +1 right, tilt +1 up,
    zoom +1 tele, focus +1 far, iris +1 open)."""

    @property
    def pan(self) -> float: ...
    @property
    def tilt(self) -> float: ...
    @property
    def zoom(self) -> float: ...
    @property
    def focus(self) -> float: ...
    @property
    def iris(self) -> float: ...


@dataclass(frozen=True)
class PelcoDevice:
    """One dome's settings: its camera number on the bus (1..255 on D, 1..256 on P; see
    docs/ptz-serial.md), protocol and Pelco-P variant, and the function presets to keep."""

    camera: int
    protocol: Protocol = Protocol.D
    variant: PVariant = PVariant.STANDARD
    reserved_presets: frozenset[int] = field(default_factory=frozenset)
    turbo: bool = True
    query_timeout_s: float = DEFAULT_QUERY_TIMEOUT_S

    def __post_init__(self) -> None:
        top = 255 if self.protocol is Protocol.D else 256
        if isinstance(self.camera, bool) or not 1 <= self.camera <= top:
            raise ValueError(
                f"camera must be within 1..{top} on {self.protocol.value}, got {self.camera!r}"
            )
        object.__setattr__(self, "reserved_presets", frozenset(self.reserved_presets))
        for number in self.reserved_presets:
            if not 1 <= number <= MAX_PRESET:
                raise ValueError(f"reserved preset must be within 1..{MAX_PRESET}, got {number}")
        if not (math.isfinite(self.query_timeout_s) and self.query_timeout_s > 0):
            raise ValueError(f"query_timeout_s must be positive, got {self.query_timeout_s}")


@dataclass(frozen=True)
class PelcoCapabilities:
    max_presets: int
    has_absolute_position: bool
    has_focus: bool = True
    has_iris: bool = True


@dataclass(frozen=True)
class PelcoPosition:
    """Pan 0..360° clockwise, tilt positive up, zoom as a fraction of the lens range."""

    pan_deg: float
    tilt_deg: float
    zoom_fraction: float | None


@dataclass(frozen=True)
class PelcoStatus:
    position: PelcoPosition | None
    moving: bool | None


def axis_speed(value: float, allow_turbo: bool) -> tuple[int, int]:
    """(direction, speed byte) for one axis' velocity ∈ [-1, 1]."""
    if not -1.0 <= value <= 1.0:
        raise ValueError(f"velocity must be within -1..1, got {value}")
    if value == 0.0:
        return 0, 0
    magnitude = abs(value)
    speed = TURBO if magnitude >= 1.0 and allow_turbo else max(1, round(magnitude * MAX_SPEED))
    return (1 if value > 0 else -1), speed


def lens_speed(value: float) -> int:
    """The 0..3 zoom or focus speed for a lens velocity's magnitude (0 for none)."""
    return max(0, math.ceil(abs(value) * (MAX_LENS_SPEED + 1)) - 1)


def _direction(value: float) -> int:
    return 0 if value == 0.0 else 1 if value > 0 else -1


class PelcoPtzDriver:
    """One dome on a ``PelcoLine``. Build with ``PelcoPtzDriver.open`` to give it its own
    port (closed by ``aclose``), or with a shared line (left open by ``aclose``)."""

    def __init__(self, line: PelcoLine, device: PelcoDevice, *, owns_line: bool = False) -> None:
        if line.protocol is not device.protocol or line.variant is not device.variant:
            raise ValueError(
                f"camera {device.camera} speaks {device.protocol.value}/{device.variant.value}"
                f" but the line on {line.port} carries {line.protocol.value}/{line.variant.value}"
            )
        self.device = device
        self._line = line
        self._owns_line = owns_line
        self._capabilities = PelcoCapabilities(
            max_presets=MAX_PRESET, has_absolute_position=device.protocol is Protocol.D
        )
        self._zoom_speed: int | None = None
        self._focus_speed: int | None = None
        self._moving: bool | None = None
        self._may_move = False  # a move or preset call went out (or may have) since a stop
        self._status_lock = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        port: str,
        device: PelcoDevice,
        baud_rate: int | None = None,
        inter_frame_gap_s: float = DEFAULT_INTER_FRAME_GAP_S,
    ) -> PelcoPtzDriver:
        """A driver with its own line on ``port`` (a device path or pyserial URL) at
        ``baud_rate`` (default: the protocol's usual); raises ``SerialPortUnavailable``."""
        line = PelcoLine(
            port,
            baud_rate or DEFAULT_BAUD_RATE[device.protocol],
            device.protocol,
            device.variant,
            inter_frame_gap_s=inter_frame_gap_s,
        )
        await line.open()
        return cls(line, device, owns_line=True)

    @property
    def capabilities(self) -> PelcoCapabilities:
        return self._capabilities

    async def continuous(self, velocity: VelocityLike) -> None:
        turbo = self.device.turbo and self.device.protocol is Protocol.D
        pan, pan_speed = axis_speed(velocity.pan, allow_turbo=turbo)
        tilt, tilt_speed = axis_speed(velocity.tilt, allow_turbo=False)
        zoom, focus, iris = (_direction(v) for v in (velocity.zoom, velocity.focus, velocity.iris))
        if zoom and lens_speed(velocity.zoom) != self._zoom_speed:
            await self._send(ZoomSpeed(lens_speed(velocity.zoom)))
            self._zoom_speed = lens_speed(velocity.zoom)
        if focus and lens_speed(velocity.focus) != self._focus_speed:
            await self._send(FocusSpeed(lens_speed(velocity.focus)))
            self._focus_speed = lens_speed(velocity.focus)
        move = Move(pan, tilt, zoom, focus, iris, pan_speed, tilt_speed)  # type: ignore[arg-type]
        self._moving = None  # unknown until the frame is out
        if move == Move():
            await self._line.send_anyway(self.device.camera, Stop())
            self._may_move = False
        else:
            self._may_move = True
            await self._send(move)
        self._moving = move != Move()

    async def stop(self) -> None:
        """Stop the dome, reopening its port for the Stop when the line failed or was
        closed; raises ``SerialPortError`` only when even that fails."""
        self._moving = None  # unknown until the Stop is out
        await self._line.send_anyway(self.device.camera, Stop())
        self._moving = False
        self._may_move = False

    async def stop_if_moving(self) -> None:
        """``stop()`` when a move or preset call went out since the last stop (the dome
        may be moving: Pelco has no move timeout); nothing otherwise."""
        if self._may_move:
            await self.stop()

    async def goto_preset(self, number: int, speed: float = 1.0) -> None:
        """Call preset ``number``. Pelco has no speed for it: the dome uses its own
        preset speed, and ``speed`` is accepted for the interface only."""
        if not 0.0 < speed <= 1.0:
            raise ValueError(f"speed must be within (0, 1], got {speed}")
        self._may_move = True
        await self._send(Preset(PresetOp.GOTO, number))
        self._moving = None

    async def set_preset(self, number: int, *, force: bool = False) -> None:
        self._check_reserved(number, force)
        await self._send(Preset(PresetOp.SET, number))

    async def clear_preset(self, number: int, *, force: bool = False) -> None:
        self._check_reserved(number, force)
        await self._send(Preset(PresetOp.CLEAR, number))

    async def status(self) -> PelcoStatus:
        if not self._capabilities.has_absolute_position:
            if self._line.error is not None:
                raise self._line.error
            return PelcoStatus(None, self._moving)
        async with self._status_lock:
            position = await self._read_position()
        if position is None:
            return PelcoStatus(None, None)  # no answer in time: nothing is known
        return PelcoStatus(position, self._moving)

    async def aclose(self) -> None:
        if self._owns_line:
            await self._line.aclose()

    async def _read_position(self) -> PelcoPosition | None:
        camera, timeout_s = self.device.camera, self.device.query_timeout_s
        pan = await self._line.query(camera, Axis.PAN, timeout_s)
        if pan is None:
            return None  # a dome without read-back: do not wait twice more
        tilt = await self._line.query(camera, Axis.TILT, timeout_s)
        if tilt is None:
            return None
        zoom = await self._line.query(camera, Axis.ZOOM, timeout_s)
        return PelcoPosition(
            pan_from_wire(pan),
            tilt_from_wire(tilt),
            None if zoom is None else zoom_from_wire(zoom),
        )

    async def _send(self, command: Move | Stop | Preset | ZoomSpeed | FocusSpeed) -> None:
        await self._line.send(self.device.camera, command)

    def _check_reserved(self, number: int, force: bool) -> None:
        if number in self.device.reserved_presets and not force:
            raise ReservedPreset(self.device.camera, number)
