"""The RS-485 control keyboard in the server (PTZ-05): its frames drive PTZ cameras,
its camera selections and DVR keys reach the consoles.

This module owns the keyboard's runtime. A ``KeyboardBridge`` reads the configured
port with ``vedette_hw.keyboard.KeyboardReader`` and turns each ``KeyboardEvent`` into
the PTZ service's own commands, as the claimant ``keyboard:1`` (kind KEYBOARD, the
configured priority):

- a move, a stop or a preset call goes through the arbiter first (``PtzService``):
  while an operator, rule or cruise the keyboard may not take over holds the camera,
  nothing is sent and the refusal is the status' ``last_refusal``; a camera number
  with no camera or no PTZ is refused the same way. Moves are handed to the camera's
  ``CommandGate`` without waiting (a newer move replaces one still waiting there);
- a stop (the joystick released, or a repeating keyboard silent for more than
  ``silence_timeout_s``: the decoder's watchdog) is sent when the keyboard holds the
  camera, or nobody does and the keyboard moved it last; never to a camera someone
  else took;
- every frame for a camera the keyboard holds renews its session, so a joystick held
  still on a repeating keyboard keeps the camera past the arbiter's idle timeout;
- "n PRESET" saves preset n (keeping its name when it has one);
- ``SelectCamera`` and ``DvrKey`` are published (``publish``) for the live feed; a
  selected number that drives no camera is published without one.

The port: opened when configured and enabled; a port that cannot be opened or is
lost (adapter unplugged) is the status' ``last_error`` and opened again after
``retry_s`` (1 s doubling to 30 s). Losing it, reconfiguring and closing stop every
camera the keyboard was moving: an unplugged keyboard never leaves a dome turning.
Nothing the keyboard or its port does raises out of this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from vedette_hw.keyboard import (
    DEFAULT_SILENCE_TIMEOUT_S,
    CallPreset,
    DvrKey,
    KeyboardDecoder,
    KeyboardEvent,
    KeyboardMove,
    KeyboardReader,
    KeyboardStop,
    SelectCamera,
    SetPreset,
)
from vedette_hw.pelco import Frame
from vedette_hw.serial_port import SerialPortError
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, NotFound, VedetteError
from vedette_server.feed.keyboard import KeyboardSignal
from vedette_server.ptz.arbiter import Claimant, Denied, SessionKind
from vedette_server.ptz.keyboard_config import KEYBOARD_HOLDER, KeyboardConfig, check_port
from vedette_server.ptz.model import Velocity
from vedette_server.ptz.service import CameraPtz, PtzHeld, PtzService
from vedette_server.ptz.store import PtzStore

log = logging.getLogger(__name__)

#: Waits before opening the port again after a failure: 1 s, doubling, at most 30 s.
RETRY_S: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


@dataclass(frozen=True)
class KeyboardStatus:
    """What the keyboard is doing, as far as the server knows."""

    #: The port is open and read (a keyboard on it cannot be told apart from none).
    connected: bool = False
    #: Why the port is not open ("" when it is, or no keyboard is configured).
    last_error: str = ""
    #: The last command of the keyboard that was not carried out, and why.
    last_refusal: str = ""
    #: The camera number last selected on the keyboard, and the camera it drives.
    selected_number: int | None = None
    selected_camera_id: int | None = None


class _Decoder(KeyboardDecoder):
    """The decoder, telling the bridge of every frame's camera (repeats included)."""

    def __init__(
        self, seen: Callable[[int], None], config: KeyboardConfig, silence_timeout_s: float
    ) -> None:
        super().__init__(time.monotonic, config.address, config.repeats_frames, silence_timeout_s)
        self._seen = seen

    def on_frame(self, frame: Frame) -> list[KeyboardEvent]:
        if frame.camera != self.own_address:
            self._seen(frame.camera)
        return super().on_frame(frame)


class _PortLost:
    def __init__(self, error: SerialPortError) -> None:
        self.error = error


class KeyboardBridge:
    """``start()`` loads the stored configuration and opens the keyboard;
    ``configure()`` replaces it; ``aclose()`` ends it. One event loop uses it."""

    def __init__(
        self,
        ptz: PtzService,
        thread: CatalogThread,
        store: PtzStore,
        publish: Callable[[KeyboardSignal], object],
        *,
        retry_s: Sequence[float] = RETRY_S,
        silence_timeout_s: float = DEFAULT_SILENCE_TIMEOUT_S,
    ) -> None:
        self._ptz = ptz
        self._thread = thread
        self._store = store
        self._publish = publish
        self.retry_s = tuple(retry_s)
        self._silence_timeout_s = silence_timeout_s
        self.config: KeyboardConfig | None = None
        self._status = KeyboardStatus()
        self._runner: asyncio.Task[None] | None = None
        #: Cameras the keyboard moved last and has not stopped: id → open camera.
        self._moving: dict[int, CameraPtz] = {}
        self._commands: set[asyncio.Task[object]] = set()

    def status(self) -> KeyboardStatus:
        return self._status

    async def start(self) -> None:
        """Open the stored keyboard; stored settings that cannot be read leave the
        keyboard off and say why in the status (the server starts anyway)."""
        try:
            config = await self._thread.call(self._store.keyboard)
        except Exception as error:
            log.error("control keyboard: stored settings unreadable: %s", error)
            self._status = KeyboardStatus(
                last_error=f"stored settings unreadable ({error}): set the keyboard again"
            )
            return
        self._run(config)

    async def configure(self, config: KeyboardConfig) -> None:
        """Check, store and use ``config`` from now on (the keyboard's port is opened
        again). INVALID_ARGUMENT for a port that does not exist, FailedPrecondition for
        a port a dome uses, NotFound for a mapped camera that does not exist."""
        if config.enabled:
            check_port(config)
        domes = await self._thread.call(self._store.cameras_on_port, config.serial_port)
        if domes:
            raise FailedPrecondition(
                f"{config.serial_port} carries the dome of camera {domes[0]}: the keyboard"
                " needs a port of its own (the server only listens on a keyboard's bus)"
            )
        for camera_id in sorted(set(config.cameras.values())):
            await self._thread.call(self._store.require_camera, camera_id)
        await self._thread.call(self._store.put_keyboard, config)
        await self._stop_runner()
        self._run(config)

    async def aclose(self) -> None:
        await self._stop_runner()

    # -- the runner -------------------------------------------------------------------

    def _run(self, config: KeyboardConfig | None) -> None:
        self.config = config
        self._status = KeyboardStatus()
        if config is None or not config.enabled:
            return
        self._runner = asyncio.get_running_loop().create_task(
            self._read(config), name="ptz-keyboard"
        )

    async def _stop_runner(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner

    async def _read(self, config: KeyboardConfig) -> None:
        attempt = 0
        while True:
            error, was_open = await self._read_once(config)
            self._status = KeyboardStatus(last_error=str(error))
            log.warning("control keyboard: %s", error)
            if was_open:
                attempt = 0  # it worked for a while: start the backoff again
            await asyncio.sleep(self.retry_s[min(attempt, len(self.retry_s) - 1)])
            attempt += 1

    async def _read_once(self, config: KeyboardConfig) -> tuple[SerialPortError, bool]:
        """Read the port until it fails; returns why, and whether it was open (never
        raises but cancellation)."""
        inbox: asyncio.Queue[KeyboardEvent | _PortLost] = asyncio.Queue()
        decoder = _Decoder(self._renew, config, self._silence_timeout_s)
        reader = KeyboardReader(
            config.serial_port,
            config.baud_rate,
            config.protocol,
            decoder,
            inbox.put_nowait,
            lambda error: inbox.put_nowait(_PortLost(error)),
            config.variant,
        )
        try:
            try:
                await _opened(reader)
            except SerialPortError as error:
                return error, False
            self._status = KeyboardStatus(connected=True)
            log.info("control keyboard on %s", config.serial_port)
            while True:
                item = await inbox.get()
                if isinstance(item, _PortLost):
                    return item.error, True
                try:
                    await self._handle(config, item)
                except VedetteError as refused:
                    self._refused(f"{_what(item)}: {refused}")
                except Exception:  # a bug here must not end the keyboard
                    log.exception("control keyboard: %s failed", _what(item))
        finally:
            await _shielded(self._let_go(reader))

    async def _let_go(self, reader: KeyboardReader) -> None:
        """Close the port and stop every camera the keyboard was moving."""
        try:
            await reader.aclose()
        except Exception:  # the port is going anyway
            log.exception("control keyboard: closing %s failed", reader.parser)
        moving, self._moving = self._moving, {}
        for camera in moving.values():
            try:
                await self._stop(camera)
            except Exception as error:
                log.warning(
                    "control keyboard: stopping camera %s failed: %s", camera.camera_id, error
                )
        for task in list(self._commands):
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await task

    # -- events -----------------------------------------------------------------------

    def _claimant(self, config: KeyboardConfig) -> Claimant:
        return Claimant(KEYBOARD_HOLDER, SessionKind.KEYBOARD, config.priority)

    async def _handle(self, config: KeyboardConfig, event: KeyboardEvent) -> None:
        if isinstance(event, DvrKey):
            self._publish(KeyboardSignal(dvr_key=event.number))
            return
        camera_id = config.camera_for(event.camera)
        if isinstance(event, SelectCamera):
            selected: int | None = camera_id
            try:
                await self._thread.call(self._store.require_camera, camera_id)
            except NotFound:
                selected = None
                self._refused(f"keyboard camera {event.camera} drives no camera")
            self._status = replace(
                self._status, selected_number=event.camera, selected_camera_id=selected
            )
            self._publish(KeyboardSignal(number=event.camera, camera_id=selected))
            return
        claimant = self._claimant(config)
        if isinstance(event, CallPreset):
            self._moving.pop(camera_id, None)
            await self._ptz.goto_preset(camera_id, event.number, 1.0, claimant)
            return
        if isinstance(event, SetPreset):
            presets, _ = await self._ptz.presets(camera_id)
            name = next((p.name for p in presets if p.number == event.number), "")
            await self._ptz.set_preset(camera_id, event.number, name)
            return
        if isinstance(event, KeyboardStop):
            camera: CameraPtz | None = self._moving.pop(camera_id, None)
            if camera is None and self._holds(camera_id):
                camera = await self._ptz.camera(camera_id)
            if camera is not None:
                await self._stop(camera)
            return
        camera = await self._ptz.camera(camera_id)
        velocity = Velocity(event.vx, event.vy, event.zoom, event.focus, event.iris)
        self._ptz.acquire(camera_id, claimant)
        self._moving[camera_id] = camera
        task: asyncio.Task[object] = asyncio.get_running_loop().create_task(
            self._ptz.command(camera, lambda: camera.gate.continuous(velocity))
        )
        self._commands.add(task)
        task.add_done_callback(self._command_done)

    async def _stop(self, camera: CameraPtz) -> None:
        """Stop ``camera`` unless someone else holds it now."""
        session = self._ptz.arbiter.holder(camera.camera_id)
        if session is not None and session.claimant.holder != KEYBOARD_HOLDER:
            raise PtzHeld(Denied(camera.camera_id, session.claimant, None))
        await self._ptz.command(camera, camera.gate.stop)

    def _holds(self, camera_id: int) -> bool:
        session = self._ptz.arbiter.holder(camera_id)
        return session is not None and session.claimant.holder == KEYBOARD_HOLDER

    def _renew(self, number: int) -> None:
        """A frame for keyboard camera ``number``: renew the keyboard's session of it."""
        config = self.config
        if config is None:
            return
        camera_id = config.camera_for(number)
        if self._holds(camera_id):
            self._ptz.arbiter.acquire(camera_id, self._claimant(config))

    def _command_done(self, task: asyncio.Task[object]) -> None:
        self._commands.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self._refused(f"move: {error}")

    def _refused(self, why: str) -> None:
        log.info("control keyboard: %s", why)
        self._status = replace(self._status, last_refusal=why)


def _what(event: KeyboardEvent) -> str:
    """How a refused command is named in the status."""
    match event:
        case KeyboardMove(camera=number) | KeyboardStop(camera=number):
            kind = "move" if isinstance(event, KeyboardMove) else "stop"
            return f"{kind} of keyboard camera {number}"
        case CallPreset(camera=number, number=preset):
            return f"preset {preset} call on keyboard camera {number}"
        case SetPreset(camera=number, number=preset):
            return f"preset {preset} save on keyboard camera {number}"
    return type(event).__name__


async def _opened(reader: KeyboardReader) -> None:
    """Start ``reader``; cancelled meanwhile, the opening (in a thread) still ends
    before the caller closes the port, so no reader thread outlives the bridge."""
    opening = asyncio.ensure_future(reader.start())
    try:
        await asyncio.shield(opening)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await opening
        raise


async def _shielded(closing: Awaitable[None]) -> None:
    """Finish ``closing`` even when the caller is cancelled (stops must go out)."""
    task = asyncio.ensure_future(closing)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise
