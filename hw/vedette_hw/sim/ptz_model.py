"""A simulated pan/tilt/zoom head: where it points and how it gets there.

This module owns the motion of a simulated PTZ camera, independent of any protocol: the
Pelco dome simulator and camsim's ONVIF camera both drive it. Time comes from an
injected clock (seconds, monotonic), so tests move the head by advancing a number.

Invariants:

- Pan wraps: ``0 <= pan_deg < 360``. Tilt stays within ``tilt_min_deg..tilt_max_deg``
  (positive up), zoom within ``1..zoom_max`` (a magnification factor).
- No axis changes velocity faster than its acceleration limit or exceeds its maximum
  speed; a move to a target brakes so that it stops on the target.
- A continuous move with a timeout decelerates to a stop once the timeout has passed,
  as ONVIF asks, whether or not anybody looks at the model in between.
- The state is a function of the commands and the clock's readings only: the motion is
  integrated in fixed steps of ``STEP_S`` (and in one piece while no axis accelerates),
  so two models given the same commands at the same instants agree exactly.

Not thread-safe: one caller (a simulator's thread or event loop) drives a model.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

STEP_S = 0.01
"""Integration step while an axis accelerates, brakes or homes in on a target."""
MAX_PRESETS = 255


class MoveStatus(Enum):
    """Whether an axis group is still moving (ONVIF's PTZMoveStatus without UNKNOWN)."""

    IDLE = "idle"
    MOVING = "moving"


@dataclass(frozen=True)
class PtzLimits:
    """What the simulated head can do. Speeds per second, accelerations per second²;
    zoom in magnification factor units (1 is widest)."""

    pan_speed_max_deg_s: float = 120.0
    tilt_speed_max_deg_s: float = 90.0
    zoom_speed_max_x_s: float = 10.0
    pan_accel_deg_s2: float = 480.0
    tilt_accel_deg_s2: float = 360.0
    zoom_accel_x_s2: float = 40.0
    tilt_min_deg: float = -90.0
    tilt_max_deg: float = 10.0
    zoom_max: float = 30.0

    def __post_init__(self) -> None:
        for name in (
            "pan_speed_max_deg_s",
            "tilt_speed_max_deg_s",
            "zoom_speed_max_x_s",
            "pan_accel_deg_s2",
            "tilt_accel_deg_s2",
            "zoom_accel_x_s2",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if not self.tilt_min_deg < self.tilt_max_deg:
            raise ValueError(
                f"tilt_min_deg ({self.tilt_min_deg}) must be below "
                f"tilt_max_deg ({self.tilt_max_deg})"
            )
        if not self.zoom_max >= 1.0:
            raise ValueError(f"zoom_max must be at least 1, got {self.zoom_max}")


@dataclass(frozen=True)
class PtzPosition:
    """Where the head points: pan 0..360° clockwise, tilt in degrees (positive up), zoom ≥ 1."""

    pan_deg: float
    tilt_deg: float
    zoom: float = 1.0


@dataclass(frozen=True)
class PtzStatus:
    """The position and, as ONVIF reports them, the pan/tilt and zoom move states."""

    position: PtzPosition
    pan_tilt: MoveStatus
    zoom: MoveStatus


class UnknownPreset(LookupError):
    """A preset was called that was never saved (or was cleared)."""

    def __init__(self, number: int) -> None:
        super().__init__(f"preset {number} is not set")
        self.number = number


class _Mode(Enum):
    IDLE = "idle"
    VELOCITY = "velocity"
    TARGET = "target"


class _Axis:
    """One axis: position, velocity and what it is doing. Bounded axes clamp; the pan axis
    (``wraps``) keeps an unwrapped position while it heads for a target."""

    def __init__(self, position: float, accel: float, low: float, high: float, wraps: bool) -> None:
        self.position = position
        self.velocity = 0.0
        self.accel = accel
        self.low, self.high, self.wraps = low, high, wraps
        self.mode = _Mode.IDLE
        self.target_velocity = 0.0
        self.target = 0.0
        self.speed = 0.0

    def steady(self) -> bool:
        """True when the axis moves at constant velocity (or not at all)."""
        return (
            self.mode is _Mode.IDLE
            or self.pinned()
            or (self.mode is _Mode.VELOCITY and self.velocity == self.target_velocity)
        )

    def moving(self) -> bool:
        return self.mode is not _Mode.IDLE and not self.pinned()

    def pinned(self) -> bool:
        """True when a continuous move pushes a bounded axis against its limit."""
        return (
            self.mode is _Mode.VELOCITY
            and self.velocity == 0.0
            and (
                (self.position >= self.high and self.target_velocity > 0)
                or (self.position <= self.low and self.target_velocity < 0)
            )
            and not self.wraps
        )

    def set_velocity(self, velocity: float) -> None:
        self.mode = _Mode.VELOCITY
        self.target_velocity = velocity
        self._settle()

    def set_target(self, target: float, speed: float) -> None:
        self.mode = _Mode.TARGET
        self.target = target
        self.speed = speed

    def step(self, dt: float) -> None:
        if self.mode is _Mode.VELOCITY:
            self._step_velocity(dt)
        elif self.mode is _Mode.TARGET:
            self._step_target(dt)

    def _step_velocity(self, dt: float) -> None:
        if self.pinned():
            return
        start, goal = self.velocity, self.target_velocity
        self.velocity = _approach(start, goal, self.accel * dt)
        # Exact for constant acceleration, also when the ramp ends inside the step.
        ramp_s = min(abs(goal - start) / self.accel, dt)
        self.position += (start + self.velocity) / 2 * ramp_s + self.velocity * (dt - ramp_s)
        if self.wraps:
            self.position %= 360.0
        elif not self.low <= self.position <= self.high:
            self.position = min(max(self.position, self.low), self.high)
            self.velocity = 0.0
        self._settle()

    def _step_target(self, dt: float) -> None:
        remaining = self.target - self.position
        braking = math.sqrt(2 * self.accel * abs(remaining))
        wanted = math.copysign(min(self.speed, braking), remaining)
        self.velocity = _approach(self.velocity, wanted, self.accel * dt)
        travel = self.velocity * dt
        if abs(remaining) <= abs(travel) or abs(remaining) < 1e-9:
            self.position = self.target % 360.0 if self.wraps else self.target
            self.velocity = 0.0
            self.mode = _Mode.IDLE
        else:
            self.position += travel

    def _settle(self) -> None:
        if self.mode is _Mode.VELOCITY and self.velocity == 0.0 == self.target_velocity:
            self.mode = _Mode.IDLE

    def brake(self) -> None:
        """Decelerate to a stop from whatever the axis is doing."""
        if self.mode is not _Mode.IDLE:
            self.set_velocity(0.0)


def _approach(value: float, goal: float, max_change: float) -> float:
    if abs(goal - value) <= max_change:
        return goal
    return value + math.copysign(max_change, goal - value)


class PtzModel:
    """The head's state over time; every call first brings it up to the clock's now."""

    def __init__(
        self,
        clock: Callable[[], float],
        limits: PtzLimits | None = None,
        home: PtzPosition | None = None,
    ) -> None:
        self.limits = limits or PtzLimits()
        self._clock = clock
        self._now = clock()
        self._home = home or PtzPosition(0.0, 0.0, 1.0)
        self._check_position(self._home)
        lim = self.limits
        self._pan = _Axis(self._home.pan_deg % 360.0, lim.pan_accel_deg_s2, 0, 360, wraps=True)
        self._tilt = _Axis(
            self._home.tilt_deg, lim.tilt_accel_deg_s2, lim.tilt_min_deg, lim.tilt_max_deg, False
        )
        self._zoom = _Axis(self._home.zoom, lim.zoom_accel_x_s2, 1.0, lim.zoom_max, False)
        self._deadline: float | None = None
        self._presets: dict[int, PtzPosition] = {}

    # -------------------------------------------------------------------- reading

    def position(self) -> PtzPosition:
        self._advance()
        return PtzPosition(self._pan.position % 360.0, self._tilt.position, self._zoom.position)

    def status(self) -> PtzStatus:
        position = self.position()
        pan_tilt = self._pan.moving() or self._tilt.moving()
        zoom = self._zoom.moving()
        return PtzStatus(
            position,
            MoveStatus.MOVING if pan_tilt else MoveStatus.IDLE,
            MoveStatus.MOVING if zoom else MoveStatus.IDLE,
        )

    def presets(self) -> dict[int, PtzPosition]:
        """The saved presets by number (a copy)."""
        return dict(self._presets)

    # -------------------------------------------------------------------- moving

    def continuous(
        self, pan: float, tilt: float, zoom: float, timeout_s: float | None = None
    ) -> None:
        """Move at ``pan``/``tilt``/``zoom`` ∈ [-1, 1] times each axis' maximum speed
        (pan +1 clockwise, tilt +1 up, zoom +1 tele) until stopped, another move, or
        ``timeout_s`` (None: no timeout)."""
        for name, value in (("pan", pan), ("tilt", tilt), ("zoom", zoom)):
            if not -1.0 <= value <= 1.0:
                raise ValueError(f"{name} velocity must be within -1..1, got {value}")
        if timeout_s is not None and not timeout_s > 0:
            raise ValueError(f"timeout_s must be positive, got {timeout_s}")
        self._advance()
        lim = self.limits
        self._pan.set_velocity(pan * lim.pan_speed_max_deg_s)
        self._tilt.set_velocity(tilt * lim.tilt_speed_max_deg_s)
        self._zoom.set_velocity(zoom * lim.zoom_speed_max_x_s)
        self._deadline = None if timeout_s is None else self._now + timeout_s

    def stop(self, pan_tilt: bool = True, zoom: bool = True) -> None:
        """Decelerate the chosen axes to a stop (the acceleration limit still applies)."""
        self._advance()
        if pan_tilt:
            self._pan.brake()
            self._tilt.brake()
        if zoom:
            self._zoom.brake()

    def absolute(self, target: PtzPosition, speed: float = 1.0) -> None:
        """Go to ``target`` (pan the short way round) at ``speed`` ∈ (0, 1] of each axis'
        maximum; ``ValueError`` when the target is outside the limits."""
        self.absolute_axes(target.pan_deg, target.tilt_deg, target.zoom, speed)

    def absolute_axes(
        self,
        pan_deg: float | None = None,
        tilt_deg: float | None = None,
        zoom: float | None = None,
        speed: float = 1.0,
    ) -> None:
        """``absolute`` for the axes given; the others carry on with what they do."""
        here = self.position()
        self._check_position(
            PtzPosition(
                here.pan_deg if pan_deg is None else pan_deg,
                here.tilt_deg if tilt_deg is None else tilt_deg,
                here.zoom if zoom is None else zoom,
            )
        )
        self._check_speed(speed)
        pan_to = None
        if pan_deg is not None:
            pan_from = self._pan.position
            pan_to = pan_from + (pan_deg - pan_from + 180.0) % 360.0 - 180.0
        self._go(pan_to, tilt_deg, zoom, speed)

    def relative(
        self, pan_deg: float, tilt_deg: float, zoom: float = 0.0, speed: float = 1.0
    ) -> None:
        """Move by ``pan_deg`` (the way its sign says, even past 180°), ``tilt_deg`` and
        ``zoom`` factor units; tilt and zoom stop at their limits."""
        self._check_speed(speed)
        self._advance()
        lim = self.limits
        tilt = min(max(self._tilt.position + tilt_deg, lim.tilt_min_deg), lim.tilt_max_deg)
        zoom_to = min(max(self._zoom.position + zoom, 1.0), lim.zoom_max)
        self._go(self._pan.position + pan_deg, tilt, zoom_to, speed)

    def _go(self, pan: float | None, tilt: float | None, zoom: float | None, speed: float) -> None:
        lim = self.limits
        for axis, target, top_speed in (
            (self._pan, pan, lim.pan_speed_max_deg_s),
            (self._tilt, tilt, lim.tilt_speed_max_deg_s),
            (self._zoom, zoom, lim.zoom_speed_max_x_s),
        ):
            if target is not None:
                axis.set_target(target, speed * top_speed)
        if not any(axis.mode is _Mode.VELOCITY for axis in (self._pan, self._tilt, self._zoom)):
            self._deadline = None

    # -------------------------------------------------------------------- presets, home

    def save_preset(self, number: int) -> PtzPosition:
        """Store the current position as preset ``number`` (1..255); returns it."""
        self._check_preset(number)
        self._presets[number] = position = self.position()
        return position

    def goto_preset(self, number: int, speed: float = 1.0) -> None:
        """Go to preset ``number``; ``UnknownPreset`` when it is not set."""
        self._check_preset(number)
        if number not in self._presets:
            raise UnknownPreset(number)
        self.absolute(self._presets[number], speed)

    def clear_preset(self, number: int) -> None:
        """Forget preset ``number`` (nothing happens when it was not set)."""
        self._check_preset(number)
        self._presets.pop(number, None)

    def set_home(self) -> None:
        self._home = self.position()

    def goto_home(self, speed: float = 1.0) -> None:
        self.absolute(self._home, speed)

    # -------------------------------------------------------------------- internals

    def _advance(self) -> None:
        """Integrate the motion from the last reading of the clock to now."""
        now = self._clock()
        axes = (self._pan, self._tilt, self._zoom)
        while self._now < now:
            end = now
            if self._deadline is not None:
                end = min(end, self._deadline)
            if not all(axis.steady() for axis in axes):
                end = min(end, self._now + STEP_S)
            for axis in axes:
                axis.step(end - self._now)
            self._now = end
            if self._deadline is not None and self._now >= self._deadline:
                self._deadline = None
                for axis in axes:
                    if axis.mode is _Mode.VELOCITY:
                        axis.brake()

    def _check_position(self, position: PtzPosition) -> None:
        lim = self.limits
        if not lim.tilt_min_deg <= position.tilt_deg <= lim.tilt_max_deg:
            raise ValueError(
                f"tilt_deg must be within {lim.tilt_min_deg}..{lim.tilt_max_deg}, "
                f"got {position.tilt_deg}"
            )
        if not 1.0 <= position.zoom <= lim.zoom_max:
            raise ValueError(f"zoom must be within 1..{lim.zoom_max}, got {position.zoom}")
        if not math.isfinite(position.pan_deg):
            raise ValueError(f"pan_deg must be finite, got {position.pan_deg}")

    @staticmethod
    def _check_speed(speed: float) -> None:
        if not 0.0 < speed <= 1.0:
            raise ValueError(f"speed must be within (0, 1], got {speed}")

    @staticmethod
    def _check_preset(number: int) -> None:
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValueError(f"preset number must be an integer, got {number!r}")
        if not 1 <= number <= MAX_PRESETS:
            raise ValueError(f"preset number must be within 1..{MAX_PRESETS}, got {number}")
