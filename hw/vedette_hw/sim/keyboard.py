"""A simulated RS-485 control keyboard: a script of key presses written as Pelco frames.

This module owns what a keyboard sends for each action (research note §3.3):

- ``SelectCamera(n)`` sends nothing by itself: it sets the address of later frames, as
  the keyboard's CAM key does;
- ``Joystick(x, y, zoom)`` sends one move frame, speeds proportional to the deflection
  (x, y ∈ [-1, 1]; 1 is speed 0x3F), zoom -1/0/+1 for the twist;
- ``Release()`` sends the all-zero stop frame;
- ``CallPreset(n)`` and ``SetPreset(n)`` send extended 0x07 and 0x03.

``script_frames`` is the pure translation; ``PtyKeyboard`` writes a script into the master
end of a pty whose device path the reader opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from vedette_hw.pelco import (
    MAX_SPEED,
    Direction,
    Move,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Stop,
    encode,
)
from vedette_hw.sim.pty_endpoint import PtyEndpoint


@dataclass(frozen=True)
class SelectCamera:
    camera: int


@dataclass(frozen=True)
class Joystick:
    """Deflection right (+x) and up (+y) within [-1, 1]; zoom twist -1 wide .. +1 tele."""

    x: float
    y: float
    zoom: Direction = 0


@dataclass(frozen=True)
class Release:
    """The joystick springs back: the stop frame."""


@dataclass(frozen=True)
class CallPreset:
    number: int


@dataclass(frozen=True)
class SetPreset:
    number: int


KeyAction = SelectCamera | Joystick | Release | CallPreset | SetPreset


def _axis(value: float, name: str) -> tuple[Direction, int]:
    if not -1.0 <= value <= 1.0:
        raise ValueError(f"joystick {name} must be within -1..1, got {value}")
    speed = round(abs(value) * MAX_SPEED)
    if speed == 0:
        return 0, 0
    return (1 if value > 0 else -1), speed


def script_frames(
    actions: Iterable[KeyAction],
    protocol: Protocol,
    variant: PVariant = PVariant.STANDARD,
    camera: int = 1,
) -> list[bytes]:
    """The frames a keyboard sends for ``actions``, starting on ``camera``."""
    frames = []
    for action in actions:
        match action:
            case SelectCamera(camera=selected):
                camera = selected
                continue
            case Joystick(x=x, y=y, zoom=zoom):
                pan, pan_speed = _axis(x, "x")
                tilt, tilt_speed = _axis(y, "y")
                command: Move | Stop | Preset = Move(
                    pan=pan, tilt=tilt, zoom=zoom, pan_speed=pan_speed, tilt_speed=tilt_speed
                )
            case Release():
                command = Stop()
            case CallPreset(number=number):
                command = Preset(PresetOp.GOTO, number)
            case SetPreset(number=number):
                command = Preset(PresetOp.SET, number)
        frames.append(encode(protocol, camera, command, variant))
    return frames


class PtyKeyboard:
    """A keyboard on a pty: ``start()`` returns the device path to open, ``play()`` sends
    a script, ``close()`` closes the pty."""

    def __init__(
        self,
        protocol: Protocol,
        variant: PVariant = PVariant.STANDARD,
        between_frames: Callable[[], None] | None = None,
    ) -> None:
        self.protocol = protocol
        self.variant = variant
        self.camera = 1
        self._between_frames = between_frames
        self._pty = PtyEndpoint()

    def start(self) -> str:
        return self._pty.open()

    @property
    def device_path(self) -> str:
        return self._pty.device_path

    def play(self, actions: Iterable[KeyAction]) -> None:
        """Write the frames for ``actions`` (blocks while the pty is full); the selected
        camera carries over to the next call. ``between_frames`` (a pacing sleep, say)
        runs between two frames."""
        actions = list(actions)
        frames = script_frames(actions, self.protocol, self.variant, self.camera)
        for action in actions:
            if isinstance(action, SelectCamera):
                self.camera = action.camera
        for index, frame in enumerate(frames):
            if index and self._between_frames is not None:
                self._between_frames()
            self._pty.write(frame)

    def write_raw(self, data: bytes) -> None:
        """Bytes as they are (line noise, a frame cut in two)."""
        self._pty.write(data)

    def close(self) -> None:
        self._pty.close()
