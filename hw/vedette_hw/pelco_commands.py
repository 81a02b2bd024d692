"""The typed values of Pelco-D and Pelco-P: commands, frames and their enums.

This module owns what a frame *means*; ``vedette_hw.pelco`` owns the bytes. Values are
frozen dataclasses compared by value; nothing here validates ranges (the encoders do,
with ``ValueError`` naming the field), so a decoder can carry what it read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

Direction = Literal[-1, 0, 1]
"""-1, 0 or +1 along one axis (see ``Move`` for which sign is which)."""

MAX_SPEED = 0x3F
"""Highest pan or tilt speed of a move."""
TURBO = 0x40
"""Pelco-D's pan speed byte for "turbo" (faster than ``MAX_SPEED``)."""
MAX_PRESET = 255
MAX_AUX = 8
MAX_LENS_SPEED = 3
"""Highest zoom or focus speed (extended commands 0x25 and 0x27)."""


class Protocol(Enum):
    """Which of the two Pelco wire formats."""

    D = "pelco-d"
    P = "pelco-p"


class PVariant(Enum):
    """Where a Pelco-P device expects the focus and iris bits.

    ``STANDARD`` is Pelco's layout (d1 bit 0 focus far, 1 focus near, 2 iris open,
    3 iris close). ``D_STYLE`` is the layout many Chinese camera manuals print for
    Pelco-P, copied from Pelco-D (d1 bit 0 focus near, 1 iris open, 2 iris close;
    d2 bit 7 focus far).
    """

    STANDARD = "standard"
    D_STYLE = "d-style"


class PresetOp(Enum):
    """What a preset command does; the value is its extended-command byte."""

    SET = 0x03
    CLEAR = 0x05
    GOTO = 0x07


class AuxOp(Enum):
    """Switch an auxiliary output on or off; the value is its extended-command byte."""

    SET = 0x09
    CLEAR = 0x0B


class PatternOp(Enum):
    """Record or replay the dome's pattern; the value is its extended-command byte."""

    START = 0x1F
    STOP = 0x21
    RUN = 0x23


class Axis(Enum):
    """An axis of Pelco-D's absolute-position and query commands."""

    PAN = "pan"
    TILT = "tilt"
    ZOOM = "zoom"


@dataclass(frozen=True)
class Move:
    """Pan, tilt, lens: the standard command. Signs: pan +1 right, tilt +1 up, zoom +1 tele,
    focus +1 far, iris +1 open. Speeds run 0..``MAX_SPEED``; Pelco-D also takes ``TURBO``
    as the pan speed. A Move with nothing set is the Stop frame."""

    pan: Direction = 0
    tilt: Direction = 0
    zoom: Direction = 0
    focus: Direction = 0
    iris: Direction = 0
    pan_speed: int = 0
    tilt_speed: int = 0


@dataclass(frozen=True)
class Stop:
    """The all-zero standard command: stop every motion."""


@dataclass(frozen=True)
class Preset:
    """Set, clear or go to preset ``number`` (1..255)."""

    op: PresetOp
    number: int


@dataclass(frozen=True)
class Aux:
    """Switch auxiliary output ``number`` (1..8) on (SET) or off (CLEAR)."""

    op: AuxOp
    number: int


@dataclass(frozen=True)
class ZoomSpeed:
    """Set the zoom speed used by later tele/wide moves, 0 (slowest)..3."""

    speed: int


@dataclass(frozen=True)
class FocusSpeed:
    """Set the focus speed used by later near/far moves, 0 (slowest)..3."""

    speed: int


@dataclass(frozen=True)
class RemoteReset:
    """Restart the dome."""


@dataclass(frozen=True)
class Pattern:
    """Start recording, stop recording or run the dome's pattern."""

    op: PatternOp


@dataclass(frozen=True)
class SetPosition:
    """Pelco-D only: move one axis to ``value`` (0..65535; see ``pan_to_wire`` and friends)."""

    axis: Axis
    value: int


@dataclass(frozen=True)
class Query:
    """Pelco-D only: ask for one axis' position; the dome answers with a PositionReply."""

    axis: Axis


@dataclass(frozen=True)
class PositionReply:
    """Pelco-D only: a dome's answer to a Query, ``value`` 0..65535."""

    axis: Axis
    value: int


@dataclass(frozen=True)
class Unrecognised:
    """A well-formed frame whose four command bytes mean nothing this module knows
    (camera on/off, auto scan, a vendor's extended command)."""

    data: bytes


Command = (
    Move
    | Stop
    | Preset
    | Aux
    | ZoomSpeed
    | FocusSpeed
    | RemoteReset
    | Pattern
    | SetPosition
    | Query
    | PositionReply
    | Unrecognised
)


@dataclass(frozen=True)
class Frame:
    """One decoded frame: which protocol, which camera (the number, not the wire byte)."""

    protocol: Protocol
    camera: int
    command: Command
