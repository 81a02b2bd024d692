"""A camera's relay outputs over ONVIF DeviceIO, behind ``vedette_hw.io_port.IoDevice``.

Output n is the relay ``relay_tokens[n]``, switched with DeviceIO's
SetRelayOutputState (LogicalState active/inactive). The camera's digital inputs are
not read here: ONVIF tells their changes as events, which the camera's event
subscription (``onvif/event_watch.py``) logs as sensor events.

Invariants:
- One connection per camera, opened on first use and again after a failure; every
  call is bounded by ``timeout_s``. A camera that does not answer gives
  ``IoDeviceUnreachable``, a refusal (a SOAP fault, bad credentials) ``IoDeviceError``,
  both naming the camera.
- ``read_inputs`` (the hub's poll) asks the camera for its relays at most every
  ``check_every_s`` (a liveness check; between checks it answers at once), so a
  camera is not polled ten times a second; it has no inputs to return.
- ONVIF cannot read a relay's state back: ``read_outputs`` returns what was last set
  (off at the start).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from vedette_hw.io_port import IoDeviceError, IoDeviceUnreachable, check_index
from vedette_hw.io_pulse import OutputPulses
from vedette_server.catalog.database import Catalog
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import CameraUnreachable, OnvifError
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.onvif_sources import OnvifSources

CALL_TIMEOUT_S = 5.0
CHECK_EVERY_S = 5.0


@dataclass(frozen=True)
class OnvifTarget:
    """Where a camera answers ONVIF, and its credentials (never shown)."""

    host: str
    port: int
    user: str = ""
    password: str = field(default="", repr=False)


def onvif_targets(catalog: Catalog, cameras: CameraRegistry) -> Callable[[int], OnvifTarget | None]:
    """A blocking lookup (catalog thread): the ONVIF target of a camera, None when it
    is not (or no longer) an ONVIF camera."""
    sources = OnvifSources(catalog, cameras)

    def target(camera_id: int) -> OnvifTarget | None:
        source = sources.get(camera_id)
        if source is None:
            return None
        credentials = cameras.credentials(camera_id)
        if credentials is None:
            return OnvifTarget(source.host, source.port)
        return OnvifTarget(source.host, source.port, credentials.user, credentials.password)

    return target


async def relay_tokens(target: OnvifTarget, *, timeout_s: float = CALL_TIMEOUT_S) -> list[str]:
    """The tokens of the camera's relay outputs (GetRelayOutputs), in its order."""
    device = OnvifDevice(target.host, target.port, target.user, target.password,
                         timeout_s=timeout_s)  # fmt: skip
    async with device:
        relays = await device.call("deviceio", "GetRelayOutputs")
    return [str(relay.token) for relay in relays or ()]


class OnvifRelays:
    def __init__(
        self,
        name: str,
        target: OnvifTarget | None,
        tokens: tuple[str, ...],
        *,
        timeout_s: float = CALL_TIMEOUT_S,
        check_every_s: float = CHECK_EVERY_S,
    ) -> None:
        self._name = name
        self._target = target
        self._tokens = tokens
        self._timeout_s = timeout_s
        self._check_every_s = check_every_s
        self._device: OnvifDevice | None = None
        self._lock = asyncio.Lock()
        self._states = [False] * len(tokens)
        self._checked_at: float | None = None
        self._pulses = OutputPulses(name, self._write)

    @property
    def name(self) -> str:
        return self._name

    @property
    def input_count(self) -> int:
        return 0

    @property
    def output_count(self) -> int:
        return len(self._tokens)

    async def read_inputs(self) -> tuple[bool, ...]:
        now = asyncio.get_running_loop().time()
        if self._checked_at is None or now - self._checked_at >= self._check_every_s:
            await self._call("check the relays", "GetRelayOutputs")
            self._checked_at = now
        return ()

    async def read_outputs(self) -> tuple[bool, ...]:
        return tuple(self._states)

    async def set_output(self, index: int, on: bool) -> None:
        check_index(self._name, "output", index, len(self._tokens))
        self._pulses.cancel(index)
        await self._write(index, on)

    async def pulse_output(self, index: int, seconds: float) -> None:
        check_index(self._name, "output", index, len(self._tokens))
        await self._pulses.pulse(index, seconds)

    def pulse_ends_at(self, index: int) -> float | None:
        return self._pulses.ends_at(index)

    async def aclose(self) -> None:
        await self._pulses.finish_now()
        async with self._lock:
            await self._drop()

    async def _write(self, index: int, on: bool) -> None:
        token = self._tokens[index]
        state = "active" if on else "inactive"
        await self._call(
            f"set relay {token} {state}",
            "SetRelayOutputState",
            {"RelayOutputToken": token, "LogicalState": state},
        )
        self._states[index] = on

    async def _call(self, what: str, operation: str, params: object = None) -> object:
        if self._target is None:
            raise IoDeviceUnreachable(self._name, f"{what}: not an ONVIF camera (any more)")
        async with self._lock:
            try:
                if self._device is None:
                    target = self._target
                    device = OnvifDevice(target.host, target.port, target.user, target.password,
                                         timeout_s=self._timeout_s)  # fmt: skip
                    try:
                        await device.connect()
                    except BaseException:
                        await device.close()
                        raise
                    self._device = device
                return await self._device.call("deviceio", operation, params)
            except CameraUnreachable as exc:
                await self._drop()
                raise IoDeviceUnreachable(self._name, f"{what}: {exc}") from exc
            except OnvifError as exc:
                await self._drop()
                raise IoDeviceError(self._name, f"{what}: {exc}") from exc

    async def _drop(self) -> None:
        if self._device is not None:
            device, self._device = self._device, None
            await device.close()
