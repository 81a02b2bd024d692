"""PTZ over ONVIF: a ``PtzDriver`` for a camera added with AddOnvifCamera whose
capabilities say PTZ, and the catalog lookup that says which cameras are such.

The driver (``OnvifPtzDriver``) owns one ONVIF session (``OnvifDevice``) to the camera
and its ``OnvifPtz`` (the PTZ profile, the node's limits, the preset token map; units
and mapping in ``onvif/ptz.py``). What it adds:

- **The server stops moves, and the camera does too if the server cannot.** Every
  ContinuousMove carries a Timeout (``MOVE_TIMEOUT_S``, within the camera's allowed
  range) and, while the move lasts, is sent again every third of it, so a move lasts
  until ``stop`` or the next move (the driver contract) however short the camera's
  default timeout, and a server that dies or loses the camera leaves it moving at most
  one Timeout. The refresh and the commands are serialised by one lock: a refresh never
  lands after the Stop that ended its move.
- **Errors name the camera and the operation.** A camera that answered with a SOAP
  fault raises ``OnvifPtzRefused`` (FailedPrecondition: the camera understood and said
  no; the session stays); a camera that cannot be reached or refuses the credentials
  raises ``OnvifPtzFailed``, which the PTZ service reports as the device unavailable
  and reopens on the next command. ``status`` answers "unknown" on a fault instead.
- Focus and iris are not part of ONVIF PTZ: a move's focus and iris go to the
  camera's Imaging service (``ptz/onvif_lens.py``), and a move asking one the camera
  lacks is refused (``LensNotSupported``) before anything is sent; the capabilities
  say which it has. A stop stops a focus move too.

Centring on a point and zooming to an area (``move_in_view``, ``ptz.view_move``) is a
RelativeMove in TranslationSpaceFov, offered only when the camera lists that space
(``moves_in_view``); the zoom needs the current zoom, read with GetStatus first.

``aclose`` stops a move under way, then closes the session. A Stop that does not get
through (here or in ``stop``) is owed to the stop watchdog (``ptz/stop_watchdog.py``),
which sends it again over fresh connections until it does: some cameras ignore the
Timeout and would move for ever; a driver opened later for the camera sends it first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Final, TypeVar

from vedette_server.errors import FailedPrecondition, VedetteError
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError
from vedette_server.onvif.ptz import (
    OnvifPtz,
    PtzRefused,
    PtzStatusReading,
    move_timeout_s,
)
from vedette_server.ptz.model import MAX_PRESET, Velocity
from vedette_server.ptz.onvif_lens import OnvifLens
from vedette_server.ptz.stop_watchdog import STOPS
from vedette_server.ptz.view_move import ViewTarget, zoom_translation
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.onvif_sources import OnvifSources
from vedette_server.security.secretbox import CameraCredentials, CredentialsUnreadable

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The Timeout every ContinuousMove carries (clamped to the camera's range).
MOVE_TIMEOUT_S: Final = 10.0
#: How long one PTZ call may take; a loaded camera's SOAP answer is well within it.
CALL_TIMEOUT_S: Final = 5.0


@dataclass(frozen=True)
class OnvifPtzSource:
    """A camera added over ONVIF: where its ONVIF answers and whether it offers PTZ."""

    camera_id: int
    host: str
    port: int
    ptz: bool
    credentials: CameraCredentials | None = field(default=None, compare=False)

    @property
    def where(self) -> str:
        return f"ONVIF {self.host}:{self.port}"


class OnvifPtzSources:
    """Which cameras were added over ONVIF, from the catalog. Blocking: catalog thread."""

    def __init__(self, sources: OnvifSources, cameras: CameraRegistry) -> None:
        self._sources = sources
        self._cameras = cameras

    def source(self, camera_id: int) -> OnvifPtzSource | None:
        found = self._sources.get(camera_id)
        if found is None:
            return None
        try:
            credentials = self._cameras.credentials(camera_id) if found.capabilities.ptz else None
        except CredentialsUnreadable as error:
            raise FailedPrecondition(
                f"camera {camera_id}: its stored ONVIF credentials cannot be read ({error});"
                " set the camera's password again"
            ) from error
        return OnvifPtzSource(
            camera_id, found.host, found.port, found.capabilities.ptz, credentials
        )


class OnvifPtzFailed(Exception):
    """The camera could not be reached, or refused the credentials, for a PTZ call."""

    def __init__(self, camera_id: int, operation: str, detail: str) -> None:
        super().__init__(f"camera {camera_id}: PTZ {operation} over ONVIF failed: {detail}")
        self.camera_id, self.operation, self.detail = camera_id, operation, detail


class OnvifPtzRefused(FailedPrecondition):
    """The camera answered a PTZ call with a fault (an unknown preset, a full table)."""

    def __init__(self, camera_id: int, refused: PtzRefused) -> None:
        super().__init__(f"camera {camera_id}: {refused}")
        self.camera_id = camera_id


@dataclass(frozen=True)
class OnvifDriverCapabilities:
    """``ptz.driver.DriverCapabilities`` of an ONVIF head."""

    max_presets: int
    has_absolute_position: bool
    move_timeout_s: float
    has_focus: bool = False
    has_iris: bool = False


async def _stop_anew(source: OnvifPtzSource) -> None:
    """Stop the camera over a connection of its own (the stop watchdog's retries)."""
    credentials = source.credentials or CameraCredentials("", "")
    user, password = credentials.user, credentials.password
    device = OnvifDevice(source.host, source.port, user, password, timeout_s=CALL_TIMEOUT_S)
    async with device:
        await (await OnvifPtz.open(device)).stop()


class OnvifPtzDriver:
    """``PtzDriver`` over one camera's ONVIF PTZ service. Built by ``open``."""

    def __init__(
        self, camera_id: int, device: OnvifDevice, ptz: OnvifPtz, lens: OnvifLens | None = None
    ) -> None:
        self.camera_id = camera_id
        self.ptz = ptz
        self._device = device
        self.lens = lens or OnvifLens(camera_id, device, None)
        timeout_s = move_timeout_s(MOVE_TIMEOUT_S, ptz.limits.timeout_range_s)
        self._capabilities = OnvifDriverCapabilities(
            max_presets=min(MAX_PRESET, ptz.limits.max_presets),
            has_absolute_position=ptz.limits.has_absolute,
            move_timeout_s=timeout_s,
            has_focus=self.lens.has_focus,
            has_iris=self.lens.has_iris,
        )
        self._lock = asyncio.Lock()
        self._moving: Velocity | None = None
        self._refresher: asyncio.Task[None] | None = None
        self._closed = False
        #: Where ``open`` reached the camera: how the stop watchdog reaches it again.
        self.source: OnvifPtzSource | None = None

    @classmethod
    async def open(
        cls,
        source: OnvifPtzSource,
        tokens: Mapping[int, str],
        *,
        timeout_s: float = CALL_TIMEOUT_S,
    ) -> OnvifPtzDriver:
        """Connect to the camera and find its PTZ profile; ``tokens`` maps preset
        numbers to the camera's tokens (as stored). Raises ``OnvifPtzFailed`` or a
        ``FailedPrecondition`` naming the camera (no PTZ profile, a refused call)."""
        credentials = source.credentials or CameraCredentials("", "")
        device = OnvifDevice(
            source.host, source.port, credentials.user, credentials.password, timeout_s=timeout_s
        )
        try:
            await device.connect()
            ptz = await OnvifPtz.open(device, tokens)
            lens = await OnvifLens.open(source.camera_id, device)
        except BaseException as error:
            await device.close()
            if isinstance(error, PtzRefused):
                raise OnvifPtzRefused(source.camera_id, error) from error
            if isinstance(error, OnvifError):
                raise OnvifPtzFailed(source.camera_id, "connect", str(error)) from error
            if isinstance(error, FailedPrecondition):  # NoPtzProfile
                raise FailedPrecondition(f"camera {source.camera_id}: {error}") from error
            raise
        driver = cls(source.camera_id, device, ptz, lens)
        driver.source = source
        await STOPS.pay(source.camera_id, ptz.stop)  # one an earlier session could not send
        return driver

    @property
    def capabilities(self) -> OnvifDriverCapabilities:
        return self._capabilities

    def preset_token(self, number: int) -> str | None:
        """The camera's token of preset ``number``, None if it has none."""
        return self.ptz.token(number)

    async def _do(self, operation: str, action: Callable[[], Awaitable[T]]) -> T:
        if self._closed:
            raise OnvifPtzFailed(self.camera_id, operation, "the ONVIF session is closed")
        try:
            return await action()
        except PtzRefused as error:
            raise OnvifPtzRefused(self.camera_id, error) from error
        except OnvifError as error:
            raise OnvifPtzFailed(self.camera_id, operation, str(error)) from error

    async def _send_move(self, velocity: Velocity) -> None:
        await self.ptz.continuous(
            velocity.pan, velocity.tilt, velocity.zoom, self._capabilities.move_timeout_s
        )

    async def continuous(self, velocity: Velocity) -> None:
        self.lens.check(velocity)  # a lens control the camera lacks: nothing is sent
        if velocity.pan == velocity.tilt == velocity.zoom == 0.0:
            await self.stop()  # nothing ONVIF PTZ moves; the lens may
            await self._move_lens(velocity)
            return
        async with self._lock:
            await self._do("ContinuousMove", lambda: self._send_move(velocity))
            STOPS.settle(self.camera_id)  # a move again: this session's end stops it
            self._moving = velocity
            if self._refresher is None or self._refresher.done():
                self._refresher = asyncio.get_running_loop().create_task(
                    self._refresh(), name=f"onvif-ptz-refresh {self.camera_id}"
                )
        await self._move_lens(velocity)

    async def _move_lens(self, velocity: Velocity) -> None:
        async with self._lock:
            await self._do("Imaging Move", lambda: self.lens.move(velocity))

    async def _refresh(self) -> None:
        """Send the current move again every third of its Timeout while it lasts."""
        period_s = self._capabilities.move_timeout_s / 3
        while True:
            await asyncio.sleep(period_s)
            async with self._lock:
                velocity = self._moving
                if velocity is None or self._closed:
                    return
                try:
                    await self._send_move(velocity)
                except (OnvifError, PtzRefused) as error:
                    # The camera stops by itself at the Timeout; the next command says why.
                    log.warning("camera %s: PTZ move not renewed: %s", self.camera_id, error)

    async def _cancel_refresh(self) -> None:
        """With the lock held: forget the move and end its refresh."""
        self._moving = None
        task, self._refresher = self._refresher, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _owe_stop(self, why: str) -> None:
        if self.source is not None:
            source = self.source
            STOPS.owe(self.camera_id, lambda: _stop_anew(source), why)

    async def stop(self) -> None:
        async with self._lock:
            await self._cancel_refresh()
            try:
                await self._do("Stop", self.ptz.stop)
            except OnvifPtzFailed as error:
                self._owe_stop(error.detail)
                raise
            STOPS.settle(self.camera_id)
            await self._do("Imaging Stop", self.lens.stop)

    async def goto_preset(self, number: int, speed: float) -> None:
        async with self._lock:
            await self._cancel_refresh()
            await self._do("GotoPreset", lambda: self.ptz.goto_preset(number, speed))

    @property
    def moves_in_view(self) -> bool:
        return self.ptz.limits.has_fov_translation

    async def move_in_view(self, target: ViewTarget, speed: float) -> float:
        async with self._lock:
            await self._cancel_refresh()
            zoom, zoom_by = 0.0, 1.0
            if target.zoom_by > 1.0:
                status = await self._do("GetStatus", self.ptz.status)
                fraction = None if status.position is None else status.position.zoom_fraction
                if fraction is not None:
                    zoom, zoom_by = zoom_translation(fraction, target.zoom_by)
            x, y = target.fov_translation()
            await self._do("RelativeMove", lambda: self.ptz.relative_in_view(x, y, zoom, speed))
            return zoom_by

    async def set_preset(self, number: int) -> None:
        await self._do("SetPreset", lambda: self.ptz.set_preset(number))

    async def clear_preset(self, number: int) -> None:
        await self._do("RemovePreset", lambda: self.ptz.remove_preset(number))

    async def status(self) -> PtzStatusReading:
        try:
            return await self._do("GetStatus", self.ptz.status)
        except OnvifPtzRefused as error:
            log.info("camera %s: no PTZ status: %s", self.camera_id, error)
            return PtzStatusReading(None, None)

    async def aclose(self) -> None:
        if self._closed:
            return
        async with self._lock:
            moving = self._moving is not None
            await self._cancel_refresh()
            if moving:
                try:
                    await self.ptz.stop()
                except (OnvifError, PtzRefused) as error:
                    self._owe_stop(str(error))
            with contextlib.suppress(OnvifError, VedetteError):
                await self.lens.stop()  # a focus move has no Timeout
            self._closed = True
        await self._device.close()
