"""Everything Vedette needs to know to add a camera, read in one connection: its
identity, profiles with stream URIs (no credentials), capabilities and clock offset
(CAM-02's "Test", and what adding an ONVIF camera records)."""

from __future__ import annotations

from dataclasses import dataclass

from vedette_server.onvif.capabilities import Capabilities, read_capabilities
from vedette_server.onvif.client import DEFAULT_TIMEOUT_S, AuthMode, DeviceInformation, OnvifDevice
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
) -> DeviceReport:
    """Connect, read, close. Raises an ``OnvifError`` (``errors.py``)."""
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
