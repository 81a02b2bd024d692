"""Everything Vedette needs to know to add a camera, read in one connection: its
identity, profiles with stream URIs (no credentials), capabilities and clock offset
(CAM-02's "Test", and what adding an ONVIF camera records)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from vedette_server.onvif.capabilities import Capabilities, read_capabilities
from vedette_server.onvif.client import DEFAULT_TIMEOUT_S, AuthMode, DeviceInformation, OnvifDevice
from vedette_server.onvif.errors import CameraUnreachable
from vedette_server.onvif.media import MediaProfile, StreamChoice, choose_streams, read_profiles


@dataclass(frozen=True)
class DeviceReport:
    host: str
    port: int
    information: DeviceInformation
    profiles: tuple[MediaProfile, ...]
    streams: StreamChoice | None  # None: no profile with video and a stream URI
    capabilities: Capabilities
    clock_offset_s: float | None  # camera minus server; None when it would not say


async def read_device(
    host: str,
    port: int,
    user: str,
    password: str,
    *,
    auth: AuthMode = AuthMode.AUTO,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    total_s: float | None = None,
) -> DeviceReport:
    """Connect, read, close; each call bounded by ``timeout_s``, the whole by
    ``total_s`` (none by default). Raises an ``OnvifError`` (``errors.py``)."""
    try:
        async with asyncio.timeout(total_s):
            return await _read(host, port, user, password, auth, timeout_s)
    except TimeoutError:
        raise CameraUnreachable(host, port, f"no complete answer within {total_s:g} s") from None


async def _read(
    host: str, port: int, user: str, password: str, auth: AuthMode, timeout_s: float
) -> DeviceReport:
    async with OnvifDevice(host, port, user, password, auth=auth, timeout_s=timeout_s) as device:
        information = await device.device_information()
        profiles = await read_profiles(device)
        capabilities = await read_capabilities(device, profiles)
        return DeviceReport(
            host=host,
            port=port,
            information=information,
            profiles=tuple(profiles),
            streams=choose_streams(profiles),
            capabilities=capabilities,
            clock_offset_s=device.clock_offset_s,
        )
