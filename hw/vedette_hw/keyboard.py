"""RS-485 CCTV control keyboards: Pelco frames in, keyboard events out (SPEC PTZ-05).

A keyboard is a bus master sending Pelco-D or Pelco-P (research note §3.3): its "CAM n"
key sets the address byte, the joystick sends moves with speeds proportional to its
deflection, release sends the all-zero stop, "n PRESET" and "n CALL" send extended
0x03 and 0x07. Frames addressed to Vedette's own address are DVR keys (a "call preset
N" to the DVR is its key N).

This module owns the translation: ``KeyboardDecoder`` (pure, with an injected clock)
turns frames into ``KeyboardEvent``s, and ``KeyboardReader`` runs it on a serial port
for an asyncio loop.

Invariants:

- Moves are level-triggered: a camera's state is the last move or stop that addressed
  it. A repeated frame (keyboards that repeat while the joystick is held) emits nothing;
  an event is emitted when the state changes, and always for the first frame to a
  camera. Preset calls and saves are edges: every frame emits one.
- ``SelectCamera`` comes before any other event when frames start addressing another
  camera. Frames to our own address emit ``DvrKey`` for "call preset N" only, and never
  select a camera.
- With ``repeats_frames`` (the keyboard repeats while held), a camera whose last state
  was a move and that has heard no frame for more than ``silence_timeout_s`` gets a
  ``KeyboardStop``: a keyboard unplugged mid-move does not leave a dome turning.
- Velocities are normalised to [-1, 1]: speed 0x3F (and turbo) is 1; positive is right,
  up, tele, far, open.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from vedette_hw.pelco import (
    MAX_SPEED,
    Frame,
    Move,
    PelcoParser,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Stop,
)
from vedette_hw.serial_port import SerialPort, SerialPortError

DEFAULT_SILENCE_TIMEOUT_S = 1.0
_WATCHDOG_TICK_S = 0.1


@dataclass(frozen=True)
class SelectCamera:
    """The keyboard now addresses ``camera`` (its CAM key)."""

    camera: int


@dataclass(frozen=True)
class KeyboardMove:
    """Joystick and lens keys for ``camera``, each within [-1, 1]."""

    camera: int
    vx: float
    vy: float
    zoom: float = 0.0
    focus: float = 0.0
    iris: float = 0.0


@dataclass(frozen=True)
class KeyboardStop:
    """Joystick released (or the keyboard fell silent mid-move) for ``camera``."""

    camera: int


@dataclass(frozen=True)
class CallPreset:
    camera: int
    number: int


@dataclass(frozen=True)
class SetPreset:
    camera: int
    number: int


@dataclass(frozen=True)
class DvrKey:
    """Key ``number`` of the DVR: a "call preset" sent to Vedette's own address."""

    number: int


KeyboardEvent = SelectCamera | KeyboardMove | KeyboardStop | CallPreset | SetPreset | DvrKey


def move_event(camera: int, move: Move) -> KeyboardMove | KeyboardStop:
    """The normalised event for a move frame; a move with no velocity is a stop."""
    vx = move.pan * min(move.pan_speed / MAX_SPEED, 1.0)
    vy = move.tilt * move.tilt_speed / MAX_SPEED
    if vx == vy == move.zoom == move.focus == move.iris == 0:
        return KeyboardStop(camera)
    return KeyboardMove(camera, vx, vy, move.zoom, move.focus, move.iris)


class KeyboardDecoder:
    """Frames → events for one keyboard. ``own_address`` is Vedette's camera number on
    the bus (None: it has none, every frame addresses a camera)."""

    def __init__(
        self,
        clock: Callable[[], float],
        own_address: int | None = None,
        repeats_frames: bool = True,
        silence_timeout_s: float = DEFAULT_SILENCE_TIMEOUT_S,
    ) -> None:
        if not silence_timeout_s > 0:
            raise ValueError(f"silence_timeout_s must be positive, got {silence_timeout_s}")
        self._clock = clock
        self.own_address = own_address
        self.repeats_frames = repeats_frames
        self.silence_timeout_s = silence_timeout_s
        self.selected: int | None = None
        self._state: dict[int, KeyboardMove | KeyboardStop] = {}
        self._moving_since_frame: dict[int, float] = {}

    def on_frame(self, frame: Frame) -> list[KeyboardEvent]:
        """The events one frame causes (possibly none)."""
        command = frame.command
        if frame.camera == self.own_address:
            if isinstance(command, Preset) and command.op is PresetOp.GOTO:
                return [DvrKey(command.number)]
            return []
        camera = frame.camera
        events: list[KeyboardEvent] = []
        if camera != self.selected:
            self.selected = camera
            events.append(SelectCamera(camera))
        if isinstance(command, Preset) and command.op in (PresetOp.GOTO, PresetOp.SET):
            # Edge-triggered: calling or saving twice is harmless, missing one is not.
            self._state.pop(camera, None)
            self._moving_since_frame.pop(camera, None)
            preset = CallPreset if command.op is PresetOp.GOTO else SetPreset
            events.append(preset(camera, command.number))
            return events
        if isinstance(command, Move):
            level = move_event(camera, command)
        elif isinstance(command, Stop):
            level = KeyboardStop(camera)
        else:
            return events
        if isinstance(level, KeyboardMove):
            self._moving_since_frame[camera] = self._clock()
        else:
            self._moving_since_frame.pop(camera, None)
        if self._state.get(camera) != level:
            self._state[camera] = level
            events.append(level)
        return events

    def check_silence(self) -> list[KeyboardEvent]:
        """``KeyboardStop`` for each moving camera silent for more than the timeout."""
        if not self.repeats_frames:
            return []
        now = self._clock()
        silent = [
            camera
            for camera, last_s in self._moving_since_frame.items()
            if now - last_s > self.silence_timeout_s
        ]
        events: list[KeyboardEvent] = []
        for camera in silent:
            del self._moving_since_frame[camera]
            self._state[camera] = KeyboardStop(camera)
            events.append(KeyboardStop(camera))
        return events


class KeyboardReader:
    """A keyboard on a serial port: frames decoded on the loop, events to ``on_event``,
    the silence watchdog checked every 0.1 s. ``start()`` and ``aclose()`` from the loop."""

    def __init__(
        self,
        port: str,
        baud_rate: int,
        protocol: Protocol,
        decoder: KeyboardDecoder,
        on_event: Callable[[KeyboardEvent], object],
        on_error: Callable[[SerialPortError], object],
        variant: PVariant = PVariant.STANDARD,
    ) -> None:
        self.decoder = decoder
        self.parser = PelcoParser(protocol, variant)
        self._port: SerialPort[Frame] = SerialPort(port, baud_rate, self.parser)
        self._on_event = on_event
        self._on_error = on_error
        self._watchdog: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Open the port (in an executor: opening blocks) and start the watchdog."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._port.open, loop, self._frame, self._on_error)
        self._watchdog = loop.create_task(self._watch_silence())

    async def aclose(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
        await asyncio.get_running_loop().run_in_executor(None, self._port.close)

    def _frame(self, frame: Frame) -> None:
        for event in self.decoder.on_frame(frame):
            self._on_event(event)

    async def _watch_silence(self) -> None:
        while True:
            await asyncio.sleep(_WATCHDOG_TICK_S)
            for event in self.decoder.check_silence():
                self._on_event(event)
