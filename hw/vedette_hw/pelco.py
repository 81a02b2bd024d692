"""Pelco-D and Pelco-P frames: byte-exact encoders, decoders and a stream parser.

This module owns the two wire formats; the typed commands they carry live in
``vedette_hw.pelco_commands`` and are re-exported here, so callers import one module.
The formats (research note ``onvif-and-ptz.md`` §3.1):

- Pelco-D, 7 bytes: ``FF addr cmd1 cmd2 data1 data2 sum``, ``sum`` the sum of bytes 2–6
  modulo 256. The address byte is the camera number, 1–255.
- Pelco-P, 8 bytes: ``A0 addr d1 d2 d3 d4 AF xor``, ``xor`` the XOR of bytes 1–7 (STX and
  ETX included). The address byte is **0-based**: camera 1 is ``0x00``, so cameras run
  1–256. Every function here takes and returns the *camera number*, never the wire byte.

Invariants:

- ``encode_d``/``encode_p`` either return a frame or raise ``ValueError`` naming the field
  and its bad value; they never clamp.
- ``decode_d(encode_d(c, x)) == (c, x)`` for every accepted command ``x`` except a ``Move``
  with nothing set, which is the same frame as ``Stop()`` and decodes as ``Stop()``;
  likewise for Pelco-P with the same variant. Decoders are as lenient as the layout
  allows: a Pelco-P pan speed of 0x40 (turbo) is read, though ``encode_p`` refuses it.
- ``PelcoParser.feed`` never raises on any input; it yields each well-formed frame once,
  counts candidate frames whose checksum (or Pelco-P ETX) failed in ``dropped`` and skips
  bytes that cannot start a frame. Frames that are well formed but mean nothing this module
  knows are yielded as ``Unrecognised`` with their four command bytes.

The parser and the codec are pure: no I/O, no clock.
"""

from __future__ import annotations

from vedette_hw.pelco_commands import (
    MAX_AUX,
    MAX_LENS_SPEED,
    MAX_PRESET,
    MAX_SPEED,
    TURBO,
    Aux,
    AuxOp,
    Axis,
    Command,
    Direction,
    FocusSpeed,
    Frame,
    Move,
    Pattern,
    PatternOp,
    PositionReply,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Query,
    RemoteReset,
    SetPosition,
    Stop,
    Unrecognised,
    ZoomSpeed,
)

__all__ = [
    "BITS_PER_BYTE_ON_WIRE",
    "D_FRAME_BYTES",
    "D_SYNC",
    "MAX_AUX",
    "MAX_LENS_SPEED",
    "MAX_PRESET",
    "MAX_SPEED",
    "P_ETX",
    "P_FRAME_BYTES",
    "P_STX",
    "TURBO",
    "Aux",
    "AuxOp",
    "Axis",
    "Command",
    "Direction",
    "FocusSpeed",
    "Frame",
    "Move",
    "PVariant",
    "Pattern",
    "PatternOp",
    "PelcoParser",
    "PositionReply",
    "Preset",
    "PresetOp",
    "Protocol",
    "Query",
    "RemoteReset",
    "SetPosition",
    "Stop",
    "Unrecognised",
    "ZoomSpeed",
    "decode_d",
    "decode_p",
    "encode",
    "encode_d",
    "encode_p",
    "frame_bytes",
    "pan_from_wire",
    "pan_to_wire",
    "tilt_from_wire",
    "tilt_to_wire",
    "wire_time_s",
    "zoom_from_wire",
    "zoom_to_wire",
]

D_SYNC = 0xFF
D_FRAME_BYTES = 7
P_STX = 0xA0
P_ETX = 0xAF
P_FRAME_BYTES = 8
BITS_PER_BYTE_ON_WIRE = 10
"""8N1: a start bit, eight data bits and a stop bit."""

_SET_POSITION = {Axis.PAN: 0x4B, Axis.TILT: 0x4D, Axis.ZOOM: 0x4F}
_QUERY = {Axis.PAN: 0x51, Axis.TILT: 0x53, Axis.ZOOM: 0x55}
_REPLY = {Axis.PAN: 0x59, Axis.TILT: 0x5B, Axis.ZOOM: 0x5D}
_REMOTE_RESET = 0x0F
_ZOOM_SPEED = 0x25
_FOCUS_SPEED = 0x27
_PAN_RIGHT, _PAN_LEFT, _TILT_UP, _TILT_DOWN = 0x02, 0x04, 0x08, 0x10
_ZOOM_TELE, _ZOOM_WIDE = 0x20, 0x40
_D_STYLE_FOCUS_FAR = 0x80  # in cmd2 (Pelco-D) or d2 (Pelco-P, D_STYLE)
_D_FOCUS_NEAR, _D_IRIS_OPEN, _D_IRIS_CLOSE = 0x01, 0x02, 0x04  # in cmd1 (D) / d1 (D_STYLE)
_P_FOCUS_FAR, _P_FOCUS_NEAR, _P_IRIS_OPEN, _P_IRIS_CLOSE = 0x01, 0x02, 0x04, 0x08


def frame_bytes(protocol: Protocol) -> int:
    """Length of one frame of ``protocol`` on the wire."""
    return D_FRAME_BYTES if protocol is Protocol.D else P_FRAME_BYTES


def wire_time_s(byte_count: int, baud_rate: int) -> float:
    """Seconds ``byte_count`` bytes take on an 8N1 line at ``baud_rate``."""
    if baud_rate <= 0:
        raise ValueError(f"baud_rate must be positive, got {baud_rate}")
    return byte_count * BITS_PER_BYTE_ON_WIRE / baud_rate


# Vedette's angle convention for 0x4B/0x4D and 0x59/0x5B, in hundredths of a degree
# modulo 360°: pan clockwise from the dome's zero; tilt 0 at the horizon, growing
# downwards (straight down is 9000, 10° up is 35000). The Pelco manual gives the unit
# but was not cross-checked for the tilt sign; the driver and the simulator share these.
_CENTIDEGREES_PER_TURN = 36000


def pan_to_wire(pan_deg: float) -> int:
    """Pan angle in degrees → the 0x4B/0x59 value."""
    return round(pan_deg * 100) % _CENTIDEGREES_PER_TURN


def pan_from_wire(value: int) -> float:
    """The 0x4B/0x59 value → pan angle in degrees, 0 ≤ pan < 360."""
    return (value % _CENTIDEGREES_PER_TURN) / 100


def tilt_to_wire(tilt_up_deg: float) -> int:
    """Tilt angle in degrees (positive up) → the 0x4D/0x5B value (positive down, mod 360°)."""
    return round(-tilt_up_deg * 100) % _CENTIDEGREES_PER_TURN


def tilt_from_wire(value: int) -> float:
    """The 0x4D/0x5B value → tilt angle in degrees, positive up, -180 < tilt ≤ 180."""
    down_deg = (value % _CENTIDEGREES_PER_TURN) / 100
    return -down_deg if down_deg <= 180 else 360 - down_deg


def zoom_to_wire(zoom_fraction: float) -> int:
    """Zoom position as a fraction of the lens' range (0 wide .. 1 tele) → 0x4F/0x5D value."""
    if not 0.0 <= zoom_fraction <= 1.0:
        raise ValueError(f"zoom_fraction must be within 0..1, got {zoom_fraction}")
    return round(zoom_fraction * 0xFFFF)


def zoom_from_wire(value: int) -> float:
    """The 0x4F/0x5D value → zoom position as a fraction of the lens' range."""
    return value / 0xFFFF


# ------------------------------------------------------------------------------ encoding


def encode_d(camera: int, command: Command) -> bytes:
    """The Pelco-D frame for ``command`` to camera ``camera`` (1..255, the address byte)."""
    _check_range("camera", camera, 1, 255)
    cmd1, cmd2, data1, data2 = _command_bytes(command, Protocol.D, PVariant.STANDARD)
    body = bytes((camera, cmd1, cmd2, data1, data2))
    return bytes((D_SYNC, *body, sum(body) & 0xFF))


def encode_p(camera: int, command: Command, variant: PVariant = PVariant.STANDARD) -> bytes:
    """The Pelco-P frame for ``command`` to camera ``camera`` (1..256; the address byte on
    the wire is ``camera - 1``), with focus and iris bits laid out for ``variant``."""
    _check_range("camera", camera, 1, 256)
    d1, d2, d3, d4 = _command_bytes(command, Protocol.P, variant)
    frame = bytes((P_STX, camera - 1, d1, d2, d3, d4, P_ETX))
    return frame + bytes((_xor(frame),))


def encode(
    protocol: Protocol, camera: int, command: Command, variant: PVariant = PVariant.STANDARD
) -> bytes:
    """``encode_d`` or ``encode_p`` by ``protocol`` (``variant`` matters to Pelco-P only)."""
    if protocol is Protocol.D:
        return encode_d(camera, command)
    return encode_p(camera, command, variant)


def _command_bytes(
    command: Command, protocol: Protocol, variant: PVariant
) -> tuple[int, int, int, int]:
    """The four bytes between address and checksum (D: cmd1 cmd2 data1 data2; P: d1..d4)."""
    match command:
        case Move():
            return _move_bytes(command, protocol, variant)
        case Stop():
            return 0, 0, 0, 0
        case Preset(op=op, number=number):
            _check_range("preset number", number, 1, MAX_PRESET)
            return 0, op.value, 0, number
        case Aux(op=op, number=number):
            _check_range("aux number", number, 1, MAX_AUX)
            return 0, op.value, 0, number
        case ZoomSpeed(speed=speed):
            _check_range("zoom speed", speed, 0, MAX_LENS_SPEED)
            return 0, _ZOOM_SPEED, 0, speed
        case FocusSpeed(speed=speed):
            _check_range("focus speed", speed, 0, MAX_LENS_SPEED)
            return 0, _FOCUS_SPEED, 0, speed
        case RemoteReset():
            return 0, _REMOTE_RESET, 0, 0
        case Pattern(op=op):
            return 0, op.value, 0, 0
        case SetPosition(axis=axis, value=value):
            _require_d(protocol, "SetPosition")
            _check_range(f"{axis.value} position", value, 0, 0xFFFF)
            return 0, _SET_POSITION[axis], value >> 8, value & 0xFF
        case Query(axis=axis):
            _require_d(protocol, "Query")
            return 0, _QUERY[axis], 0, 0
        case PositionReply(axis=axis, value=value):
            _require_d(protocol, "PositionReply")
            _check_range(f"{axis.value} position", value, 0, 0xFFFF)
            return 0, _REPLY[axis], value >> 8, value & 0xFF
        case Unrecognised(data=data):
            if len(data) != 4:
                raise ValueError(f"Unrecognised data must be 4 bytes, got {len(data)}")
            return data[0], data[1], data[2], data[3]
    raise TypeError(f"not a Pelco command: {command!r}")


def _move_bytes(move: Move, protocol: Protocol, variant: PVariant) -> tuple[int, int, int, int]:
    for name in ("pan", "tilt", "zoom", "focus", "iris"):
        value = getattr(move, name)
        if value not in (-1, 0, 1):
            raise ValueError(f"{name} must be -1, 0 or 1, got {value!r}")
    turbo_ok = protocol is Protocol.D
    if not (turbo_ok and move.pan_speed == TURBO):
        _check_range("pan speed", move.pan_speed, 0, MAX_SPEED, "" if not turbo_ok else " or 0x40")
    _check_range("tilt speed", move.tilt_speed, 0, MAX_SPEED)
    pan_tilt_zoom = (
        _bit(move.pan == 1, _PAN_RIGHT)
        | _bit(move.pan == -1, _PAN_LEFT)
        | _bit(move.tilt == 1, _TILT_UP)
        | _bit(move.tilt == -1, _TILT_DOWN)
        | _bit(move.zoom == 1, _ZOOM_TELE)
        | _bit(move.zoom == -1, _ZOOM_WIDE)
    )
    if protocol is Protocol.D or variant is PVariant.D_STYLE:
        lens = (
            _bit(move.focus == -1, _D_FOCUS_NEAR)
            | _bit(move.iris == 1, _D_IRIS_OPEN)
            | _bit(move.iris == -1, _D_IRIS_CLOSE)
        )
        pan_tilt_zoom |= _bit(move.focus == 1, _D_STYLE_FOCUS_FAR)
    else:
        lens = (
            _bit(move.focus == 1, _P_FOCUS_FAR)
            | _bit(move.focus == -1, _P_FOCUS_NEAR)
            | _bit(move.iris == 1, _P_IRIS_OPEN)
            | _bit(move.iris == -1, _P_IRIS_CLOSE)
        )
    return lens, pan_tilt_zoom, move.pan_speed, move.tilt_speed


def _bit(condition: bool, mask: int) -> int:
    return mask if condition else 0


def _require_d(protocol: Protocol, what: str) -> None:
    if protocol is not Protocol.D:
        raise ValueError(f"{what} exists in Pelco-D only, not in Pelco-P")


def _check_range(name: str, value: int, low: int, high: int, extra: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer within {low}..{high}{extra}, got {value!r}")


def _xor(data: bytes) -> int:
    result = 0
    for byte in data:
        result ^= byte
    return result


# ------------------------------------------------------------------------------ decoding


def decode_d(frame: bytes) -> Frame:
    """Decode one complete Pelco-D frame; ``ValueError`` when it is not one."""
    if len(frame) != D_FRAME_BYTES or frame[0] != D_SYNC:
        raise ValueError(f"not a Pelco-D frame: {frame.hex(' ')}")
    if sum(frame[1:6]) & 0xFF != frame[6]:
        raise ValueError(f"Pelco-D checksum mismatch: {frame.hex(' ')}")
    command = _decode_command(frame[2:6], Protocol.D, PVariant.STANDARD)
    return Frame(Protocol.D, frame[1], command)


def decode_p(frame: bytes, variant: PVariant = PVariant.STANDARD) -> Frame:
    """Decode one complete Pelco-P frame; ``ValueError`` when it is not one. The frame's
    camera is the address byte + 1."""
    if len(frame) != P_FRAME_BYTES or frame[0] != P_STX or frame[6] != P_ETX:
        raise ValueError(f"not a Pelco-P frame: {frame.hex(' ')}")
    if _xor(frame[:7]) != frame[7]:
        raise ValueError(f"Pelco-P checksum mismatch: {frame.hex(' ')}")
    command = _decode_command(frame[2:6], Protocol.P, variant)
    return Frame(Protocol.P, frame[1] + 1, command)


def _decode_command(data: bytes, protocol: Protocol, variant: PVariant) -> Command:
    b1, b2, b3, b4 = data
    if b2 & 0x01:
        return _decode_extended(data, protocol)
    if protocol is Protocol.D or variant is PVariant.D_STYLE:
        lens_mask = _D_FOCUS_NEAR | _D_IRIS_OPEN | _D_IRIS_CLOSE
        focus = _sign(b2 & _D_STYLE_FOCUS_FAR, b1 & _D_FOCUS_NEAR)
        iris = _sign(b1 & _D_IRIS_OPEN, b1 & _D_IRIS_CLOSE)
    else:
        lens_mask = _P_FOCUS_FAR | _P_FOCUS_NEAR | _P_IRIS_OPEN | _P_IRIS_CLOSE
        focus = _sign(b1 & _P_FOCUS_FAR, b1 & _P_FOCUS_NEAR)
        iris = _sign(b1 & _P_IRIS_OPEN, b1 & _P_IRIS_CLOSE)
    pan = _sign(b2 & _PAN_RIGHT, b2 & _PAN_LEFT)
    tilt = _sign(b2 & _TILT_UP, b2 & _TILT_DOWN)
    zoom = _sign(b2 & _ZOOM_TELE, b2 & _ZOOM_WIDE)
    if (
        b1 & ~lens_mask
        or (b2 & _D_STYLE_FOCUS_FAR and protocol is Protocol.P and variant is PVariant.STANDARD)
        or None in (pan, tilt, zoom, focus, iris)
        or b3 > TURBO  # Pelco-P encoders here never send turbo, but keyboards may
        or b4 > MAX_SPEED
    ):
        return Unrecognised(bytes(data))
    move = Move(pan, tilt, zoom, focus, iris, b3, b4)  # type: ignore[arg-type]
    return Stop() if move == Move() else move


def _sign(positive: int, negative: int) -> int | None:
    """+1, -1 or 0 from two opposing bits; None when both are set (no valid move)."""
    if positive and negative:
        return None
    return 1 if positive else -1 if negative else 0


def _decode_extended(data: bytes, protocol: Protocol) -> Command:
    b1, b2, b3, b4 = data
    value = b3 << 8 | b4
    if b1 == 0:
        if b2 in (op.value for op in PresetOp) and b3 == 0 and 1 <= b4 <= MAX_PRESET:
            return Preset(PresetOp(b2), b4)
        if b2 in (op.value for op in AuxOp) and b3 == 0 and 1 <= b4 <= MAX_AUX:
            return Aux(AuxOp(b2), b4)
        if b2 == _ZOOM_SPEED and b3 == 0 and b4 <= MAX_LENS_SPEED:
            return ZoomSpeed(b4)
        if b2 == _FOCUS_SPEED and b3 == 0 and b4 <= MAX_LENS_SPEED:
            return FocusSpeed(b4)
        if b2 == _REMOTE_RESET and value == 0:
            return RemoteReset()
        if b2 in (op.value for op in PatternOp) and value == 0:
            return Pattern(PatternOp(b2))
        if protocol is Protocol.D:
            for axis in Axis:
                if b2 == _SET_POSITION[axis]:
                    return SetPosition(axis, value)
                if b2 == _QUERY[axis] and value == 0:
                    return Query(axis)
                if b2 == _REPLY[axis]:
                    return PositionReply(axis, value)
    return Unrecognised(bytes(data))


class PelcoParser:
    """Turns a byte stream of one protocol into frames, whatever the chunking.

    Resynchronises on the sync byte (0xFF for D, 0xA0…0xAF for P): a candidate whose
    checksum (or ETX) fails is counted in ``dropped`` and the search restarts at the next
    byte, so a real frame hidden behind garbage is still found. Bytes before a sync byte
    are counted in ``skipped_bytes``. The buffer never holds more than one frame.
    """

    def __init__(self, protocol: Protocol, variant: PVariant = PVariant.STANDARD) -> None:
        self.protocol = protocol
        self.variant = variant
        self.dropped = 0
        self.skipped_bytes = 0
        self._buffer = bytearray()
        self._size = frame_bytes(protocol)
        self._sync = D_SYNC if protocol is Protocol.D else P_STX

    def feed(self, data: bytes) -> list[Frame]:
        """Every frame completed by ``data``, in order; never raises."""
        self._buffer += data
        frames: list[Frame] = []
        while True:
            start = self._buffer.find(self._sync)
            if start < 0:
                self.skipped_bytes += len(self._buffer)
                self._buffer.clear()
                return frames
            if start:
                self.skipped_bytes += start
                del self._buffer[:start]
            if len(self._buffer) < self._size:
                return frames
            candidate = bytes(self._buffer[: self._size])
            try:
                frame = (
                    decode_d(candidate)
                    if self.protocol is Protocol.D
                    else decode_p(candidate, self.variant)
                )
            except ValueError:
                self.dropped += 1
                del self._buffer[:1]
                continue
            frames.append(frame)
            del self._buffer[: self._size]
