"""A simulated Pelco dome: Pelco-D or Pelco-P frames in, motion and position replies out.

This module owns the dome's behaviour on the bus: ``PelcoDome`` is the pure core (bytes
in, reply bytes out, a ``PtzModel`` moved in between); ``PtyPelcoDome`` puts it on the
master end of a pty with one thread that reads, applies and answers, so a driver opens
the pty's device path as it would a USB–RS-485 adapter.

Behaviour, as a dome does it:

- Only frames for its own camera number act; others on the bus are ignored.
- A move runs until a Stop or another move (Pelco has no move timeout). Pan and tilt
  speeds 0..0x3F map linearly onto the model's maximum speeds (0x40, turbo, is the
  maximum); tele/wide runs at the zoom speed last set (0..3, default 3, as fractions
  1/4..4/4 of the maximum).
- Presets 1..255 are saved, cleared and called; calling an unset preset does nothing
  (counted in ``ignored``). Remote reset stops and returns home.
- Pelco-D queries 0x51/0x53/0x55 are answered with 0x59/0x5B/0x5D replies using
  ``vedette_hw.pelco``'s angle and zoom conventions; 0x4B/0x4D/0x4F move one axis.
- Patterns, focus and iris have no effect on the model; focus and iris directions are
  kept in ``lens`` and patterns counted in ``ignored``, like unrecognised frames.
- On the pty, reading the bus never waits on answering it: a reply the driver's side
  does not take within ``REPLY_WAIT_S`` (nobody reads the port) is dropped and counted
  in ``PtyPelcoDome.replies_dropped``, as on a real bus; the next frames (a Stop) are
  still read and obeyed.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

from vedette_hw.pelco import (
    MAX_LENS_SPEED,
    MAX_SPEED,
    Aux,
    AuxOp,
    Axis,
    Command,
    FocusSpeed,
    Frame,
    Move,
    PelcoParser,
    PositionReply,
    Preset,
    PresetOp,
    Protocol,
    PVariant,
    Query,
    RemoteReset,
    SetPosition,
    Stop,
    ZoomSpeed,
    encode,
    pan_from_wire,
    pan_to_wire,
    tilt_from_wire,
    tilt_to_wire,
    zoom_from_wire,
    zoom_to_wire,
)
from vedette_hw.sim.pty_endpoint import PtyEndpoint
from vedette_hw.sim.ptz_model import PtzModel, PtzStatus, UnknownPreset

_READ_POLL_S = 0.05
_JOIN_TIMEOUT_S = 5.0
REPLY_WAIT_S = 0.05


@dataclass(frozen=True)
class LensState:
    """The focus and iris directions of the last move (+1 far/open, -1 near/close)."""

    focus: int = 0
    iris: int = 0


class PelcoDome:
    """One dome's protocol behaviour over a motion model. Not thread-safe."""

    def __init__(
        self,
        camera: int,
        protocol: Protocol,
        model: PtzModel,
        variant: PVariant = PVariant.STANDARD,
    ) -> None:
        self.camera = camera
        self.protocol = protocol
        self.variant = variant
        self.model = model
        self.parser = PelcoParser(protocol, variant)
        self.handled = 0
        """Frames for this dome that it acted on or answered."""
        self.ignored = 0
        """Frames for this dome that it understood but does not act on, or could not decode."""
        self.aux_on: set[int] = set()
        self.lens = LensState()
        self.zoom_speed = MAX_LENS_SPEED
        self.focus_speed = MAX_LENS_SPEED

    def receive(self, data: bytes) -> bytes:
        """Feed bytes from the bus; returns the reply frames to send back (often b"")."""
        replies = bytearray()
        for frame in self.parser.feed(data):
            if frame.camera != self.camera:
                continue
            reply = self.apply(frame)
            if reply is not None:
                replies += encode(self.protocol, self.camera, reply, self.variant)
        return bytes(replies)

    def apply(self, frame: Frame) -> Command | None:
        """Act on one frame addressed to this dome; returns the reply command, if any."""
        command = frame.command
        acted = True
        reply: Command | None = None
        match command:
            case Move():
                self._move(command)
            case Stop():
                self.model.stop()
                self.lens = LensState()
            case Preset(op=op, number=number):
                acted = self._preset(op, number)
            case Aux(op=op, number=number):
                (self.aux_on.add if op is AuxOp.SET else self.aux_on.discard)(number)
            case ZoomSpeed(speed=speed):
                self.zoom_speed = speed
            case FocusSpeed(speed=speed):
                self.focus_speed = speed
            case RemoteReset():
                self.model.stop()
                self.model.goto_home()
            case SetPosition(axis=axis, value=value):
                self._set_position(axis, value)
            case Query(axis=axis):
                reply = PositionReply(axis, self._position_value(axis))
            case _:
                acted = False  # patterns, other domes' replies, unrecognised frames
        if acted:
            self.handled += 1
        else:
            self.ignored += 1
        return reply

    def _move(self, move: Move) -> None:
        pan = move.pan * min(move.pan_speed / MAX_SPEED, 1.0)
        tilt = move.tilt * move.tilt_speed / MAX_SPEED
        zoom = move.zoom * (self.zoom_speed + 1) / (MAX_LENS_SPEED + 1)
        self.model.continuous(pan, tilt, zoom)
        self.lens = LensState(move.focus, move.iris)

    def _preset(self, op: PresetOp, number: int) -> bool:
        if op is PresetOp.SET:
            self.model.save_preset(number)
        elif op is PresetOp.CLEAR:
            self.model.clear_preset(number)
        else:
            try:
                self.model.goto_preset(number)
            except UnknownPreset:
                return False
        return True

    def _set_position(self, axis: Axis, value: int) -> None:
        limits = self.model.limits
        if axis is Axis.PAN:
            self.model.absolute_axes(pan_deg=pan_from_wire(value))
        elif axis is Axis.TILT:
            tilt = min(max(tilt_from_wire(value), limits.tilt_min_deg), limits.tilt_max_deg)
            self.model.absolute_axes(tilt_deg=tilt)
        else:
            zoom = 1.0 + zoom_from_wire(value) * (limits.zoom_max - 1.0)
            self.model.absolute_axes(zoom=zoom)

    def _position_value(self, axis: Axis) -> int:
        here = self.model.position()
        if axis is Axis.PAN:
            return pan_to_wire(here.pan_deg)
        if axis is Axis.TILT:
            return tilt_to_wire(here.tilt_deg)
        span = self.model.limits.zoom_max - 1.0
        return zoom_to_wire((here.zoom - 1.0) / span if span > 0 else 0.0)


class PtyPelcoDome:
    """A ``PelcoDome`` on a pty, served by one thread. ``start()`` returns the device path
    to open; ``close()`` stops the thread and closes the pty (the driver's port vanishes)."""

    def __init__(self, dome: PelcoDome) -> None:
        self._dome = dome
        self._pty = PtyEndpoint()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.replies_dropped = 0
        """Reply bytes nobody took (the driver's port closed or not reading)."""

    def start(self) -> str:
        path = self._pty.open()
        self._thread = threading.Thread(
            target=self._serve, name=f"pelco-dome {self._dome.camera}", daemon=True
        )
        self._thread.start()
        return path

    @property
    def device_path(self) -> str:
        return self._pty.device_path

    def status(self) -> PtzStatus:
        with self._lock:
            return self._dome.model.status()

    def counts(self) -> tuple[int, int]:
        """(handled, ignored) frames so far."""
        with self._lock:
            return self._dome.handled, self._dome.ignored

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(_JOIN_TIMEOUT_S)
            if self._thread.is_alive():
                raise RuntimeError(f"dome {self._dome.camera}: thread did not stop")
        self._pty.close()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                data = self._pty.read(_READ_POLL_S)
            except OSError:
                return  # the pty was closed under the thread
            if not data:
                continue
            with self._lock:
                reply = self._dome.receive(data)
            if reply:
                with contextlib.suppress(OSError):
                    sent = self._pty.write_within(reply, REPLY_WAIT_S)
                    self.replies_dropped += len(reply) - sent
