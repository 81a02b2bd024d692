"""The values of PTZ control, independent of any protocol: velocities, positions,
presets, cruises.

Invariants, kept by validating in ``__post_init__`` (an invalid value cannot exist):

- Every velocity component is a finite number within [-1, 1]. Signs: pan +1 right
  (clockwise seen from above), tilt +1 up, zoom +1 tele, focus +1 far, iris +1 open.
- A speed is a fraction of the device's fastest, within (0, 1].
- Preset numbers run 1..``MAX_PRESET``; a camera has at most ``MAX_CRUISES`` cruises,
  numbered 1..``MAX_CRUISES``, each of 1..``MAX_CRUISE_STEPS`` steps, and every step names
  a preset the camera has (checked by ``check_cruises`` against the camera's presets).

Errors are ``InvalidArgument`` naming the field and the bad value.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final

from vedette_server.errors import InvalidArgument, shown

MAX_PRESET: Final = 255
MAX_CRUISES: Final = 8
MAX_CRUISE_STEPS: Final = 32
"""Steps in one cruise: as many as a dome's own patrol holds (Hikvision: 32 presets)."""
MAX_DWELL_S: Final = 3600.0
MAX_NAME_CHARS: Final = 64


def check_unit(field: str, value: float, low: float = -1.0) -> float:
    """``value`` as a float when it is finite and within ``low``..1; else InvalidArgument."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgument(field, f"must be a number, got {shown(value)}")
    if not (math.isfinite(value) and low <= value <= 1.0):
        raise InvalidArgument(field, f"must be within {low:g}..1, got {value!r}")
    return float(value)


def check_speed(field: str, value: float) -> float:
    """A speed: a fraction of the device's fastest, within (0, 1]."""
    speed = check_unit(field, value, low=0.0)
    if speed == 0.0:
        raise InvalidArgument(field, "must be above 0 (0 would never arrive)")
    return speed


def check_preset_number(field: str, number: int) -> int:
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidArgument(field, f"must be an integer, got {shown(number)}")
    if not 1 <= number <= MAX_PRESET:
        raise InvalidArgument(field, f"must be within 1..{MAX_PRESET}, got {number}")
    return number


def _check_name(field: str, name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise InvalidArgument(field, f"must not be empty, got {shown(name)}")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidArgument(
            field, f"must be at most {MAX_NAME_CHARS} characters, got {len(name)}"
        )


@dataclass(frozen=True)
class Velocity:
    """A continuous move, each axis a fraction of its fastest speed (signs: module doc)."""

    pan: float = 0.0
    tilt: float = 0.0
    zoom: float = 0.0
    focus: float = 0.0
    iris: float = 0.0

    def __post_init__(self) -> None:
        for name in ("pan", "tilt", "zoom", "focus", "iris"):
            # Frozen: store the validated float (an int 1 becomes 1.0).
            object.__setattr__(self, name, check_unit(f"velocity.{name}", getattr(self, name)))

    @property
    def is_still(self) -> bool:
        """True when nothing moves: the same as a stop."""
        return self.pan == self.tilt == self.zoom == self.focus == self.iris == 0.0


@dataclass(frozen=True)
class Position:
    """Where a head points, as far as its device says: pan 0 ≤ pan_deg < 360 clockwise,
    tilt_deg positive up, zoom_fraction 0 (wide) .. 1 (tele) of the lens, None when the
    device does not report it."""

    pan_deg: float
    tilt_deg: float
    zoom_fraction: float | None = None

    def __post_init__(self) -> None:
        for name in ("pan_deg", "tilt_deg"):
            if not math.isfinite(getattr(self, name)):
                raise InvalidArgument(
                    f"position.{name}", f"must be finite, got {getattr(self, name)}"
                )
        if self.zoom_fraction is not None:
            check_unit("position.zoom_fraction", self.zoom_fraction, low=0.0)


@dataclass(frozen=True)
class Preset:
    """A preset as the operator sees it: ``number`` (1..255) and ``name``; ``token`` is the
    device's own identifier for it (ONVIF's PresetToken; the number for Pelco)."""

    number: int
    name: str
    token: str

    def __post_init__(self) -> None:
        check_preset_number("preset.number", self.number)
        _check_name("preset.name", self.name)
        if not isinstance(self.token, str) or not self.token:
            raise InvalidArgument("preset.token", f"must not be empty, got {shown(self.token)}")


@dataclass(frozen=True)
class CruiseStep:
    """Go to ``preset`` at ``speed`` (0 < speed ≤ 1), then stay ``dwell_s`` seconds."""

    preset: int
    dwell_s: float
    speed: float = 1.0

    def __post_init__(self) -> None:
        check_preset_number("cruise step preset", self.preset)
        dwell = self.dwell_s
        if isinstance(dwell, bool) or not isinstance(dwell, int | float):
            raise InvalidArgument("cruise step dwell_s", f"must be a number, got {shown(dwell)}")
        if not (math.isfinite(dwell) and 0.0 < dwell <= MAX_DWELL_S):
            raise InvalidArgument(
                "cruise step dwell_s", f"must be within (0, {MAX_DWELL_S:g}] s, got {dwell!r}"
            )
        object.__setattr__(self, "speed", check_speed("cruise step speed", self.speed))


@dataclass(frozen=True)
class Cruise:
    """Cruise ``number`` (1..8) of a camera: its steps, run in order and then again."""

    number: int
    name: str
    steps: tuple[CruiseStep, ...]

    def __post_init__(self) -> None:
        number = self.number
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidArgument("cruise.number", f"must be an integer, got {shown(number)}")
        if not 1 <= number <= MAX_CRUISES:
            raise InvalidArgument("cruise.number", f"must be within 1..{MAX_CRUISES}, got {number}")
        _check_name("cruise.name", self.name)
        object.__setattr__(self, "steps", tuple(self.steps))
        if not 1 <= len(self.steps) <= MAX_CRUISE_STEPS:
            raise InvalidArgument(
                f"cruise {number} steps",
                f"must hold 1..{MAX_CRUISE_STEPS} steps, got {len(self.steps)}",
            )
        for step in self.steps:
            if not isinstance(step, CruiseStep):
                raise InvalidArgument(f"cruise {number} steps", f"not a step: {shown(step)}")


def check_cruises(cruises: Sequence[Cruise], preset_numbers: Collection[int]) -> None:
    """The cruises of one camera are at most ``MAX_CRUISES``, numbered once each, and
    every step names one of ``preset_numbers`` (the presets the camera has)."""
    if len(cruises) > MAX_CRUISES:
        raise InvalidArgument(
            "cruises", f"a camera has at most {MAX_CRUISES} cruises, got {len(cruises)}"
        )
    seen: set[int] = set()
    for cruise in cruises:
        if cruise.number in seen:
            raise InvalidArgument("cruise.number", f"cruise {cruise.number} appears twice")
        seen.add(cruise.number)
        for index, step in enumerate(cruise.steps, start=1):
            if step.preset not in preset_numbers:
                raise InvalidArgument(
                    f"cruise {cruise.number} step {index} preset",
                    f"preset {step.preset} is not defined on this camera",
                )
