"""A camera's IPv4 settings over ONVIF (device service): read them, and move the camera
to a new address (SetNetworkInterfaces) with its prefix and default gateway.

Invariants:
- ``plan_addresses`` gives a batch its sequential addresses (start, start+1, …),
  refusing, before anything is sent, a start address or a prefix that is not IPv4,
  a run that leaves the start address's network, or a gateway outside it.
- ``move`` sends the gateway first (while the camera is still at its old address),
  then the interface; a camera that answers RebootNeeded=true is rebooted
  (SystemReboot) so the new address takes effect. The camera's refusal keeps its
  reason (``NetworkRefused``, an ``InvalidArgument``); a camera without the operation
  is ``NoNetworkSettings`` (``FailedPrecondition``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Final

from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.onvif.client import OnvifDevice
from vedette_server.onvif.errors import OnvifError

MAX_BATCH: Final = 256
_NOT_SUPPORTED: Final = {"ActionNotSupported", "NoSuchService"}
_REFUSED: Final = {
    "InvalidArgVal",
    "InvalidArgs",
    "InvalidIPv4Address",
    "InvalidNetworkInterface",
    "InvalidGatewayAddress",
    "InvalidMtuValue",
}


class NoNetworkSettings(FailedPrecondition):
    def __init__(self, host: str, port: int, why: str) -> None:
        super().__init__(f"camera {host}:{port} cannot change its network settings: {why}")


class NetworkRefused(InvalidArgument):
    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__("address", f"camera {host}:{port} refused it: {reason}")


@dataclass(frozen=True)
class NetworkSettings:
    """An IPv4 configuration: address, prefix length, default gateway ("": none/unchanged)."""

    address: str
    prefix_length: int
    gateway: str = ""
    interface: str = ""  # the camera's interface token ("" when unknown)


def plan_addresses(
    start: str, count: int, prefix_length: int, gateway: str = ""
) -> list[NetworkSettings]:
    """``count`` settings with sequential addresses from ``start``."""
    try:
        first = ipaddress.IPv4Address(start.strip())
    except ValueError:
        raise InvalidArgument("address", f"{start[:64]!r} is not an IPv4 address") from None
    if not 1 <= prefix_length <= 32:
        raise InvalidArgument("prefix_length", f"{prefix_length} is not 1 to 32")
    if not 1 <= count <= MAX_BATCH:
        raise InvalidArgument("camera_ids", f"give 1 to {MAX_BATCH} cameras, not {count}")
    network = ipaddress.IPv4Network(f"{first}/{prefix_length}", strict=False)
    addresses = [first + i for i in range(count)]
    outside = [a for a in addresses if a not in network]
    if outside:
        raise InvalidArgument(
            "address",
            f"{count} addresses from {first} run past {network}"
            f" (the last would be {addresses[-1]})",
        )
    if gateway:
        try:
            router = ipaddress.IPv4Address(gateway.strip())
        except ValueError:
            raise InvalidArgument("gateway", f"{gateway[:64]!r} is not an IPv4 address") from None
        if router not in network:
            raise InvalidArgument("gateway", f"{router} is outside {network}")
        gateway = str(router)
    return [NetworkSettings(str(a), prefix_length, gateway) for a in addresses]


def _subcodes(error: OnvifError) -> set[str]:
    cause = error.__cause__
    return {getattr(q, "localname", str(q)) for q in getattr(cause, "subcodes", None) or []}


async def _call(device: OnvifDevice, operation: str, params: Any = None) -> Any:
    try:
        return await device.call("devicemgmt", operation, params)
    except OnvifError as error:
        subcodes = _subcodes(error)
        if subcodes & _NOT_SUPPORTED:
            raise NoNetworkSettings(
                device.host, device.port, f"{operation} is not supported"
            ) from error
        if subcodes & _REFUSED:
            reason = str(getattr(error.__cause__, "message", "") or "")
            raise NetworkRefused(device.host, device.port, reason[:300]) from error
        raise


async def read_network(device: OnvifDevice) -> NetworkSettings:
    """The camera's first IPv4 interface with a manual address, and its gateway."""
    interfaces = await _call(device, "GetNetworkInterfaces") or []
    for interface in interfaces:
        config = getattr(getattr(interface, "IPv4", None), "Config", None)
        manual = list(getattr(config, "Manual", None) or [])
        if manual:
            gateway = await _call(device, "GetNetworkDefaultGateway")
            routers = list(getattr(gateway, "IPv4Address", None) or [])
            return NetworkSettings(
                str(manual[0].Address),
                int(manual[0].PrefixLength),
                str(routers[0]) if routers else "",
                str(getattr(interface, "token", "") or ""),
            )
    raise NoNetworkSettings(device.host, device.port, "it has no manual IPv4 address")


async def move(device: OnvifDevice, settings: NetworkSettings) -> None:
    """Give the camera ``settings``; it is at the new address once this returns (and,
    for a camera that needs one, its reboot is under way)."""
    current = await read_network(device)
    if settings.gateway:
        await _call(device, "SetNetworkDefaultGateway", {"IPv4Address": [settings.gateway]})
    reply = await _call(
        device,
        "SetNetworkInterfaces",
        {
            "InterfaceToken": current.interface,
            "NetworkInterface": {
                "Enabled": True,
                "IPv4": {
                    "Enabled": True,
                    "Manual": [
                        {"Address": settings.address, "PrefixLength": settings.prefix_length}
                    ],
                    "DHCP": False,
                },
            },
        },
    )
    if bool(getattr(reply, "RebootNeeded", reply if isinstance(reply, bool) else False)):
        await _call(device, "SystemReboot")
