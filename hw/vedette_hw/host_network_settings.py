"""The appliance's own network settings (SPEC NET-05), applied through NetworkManager.

This module owns ``InterfaceSettings`` (one interface: DHCP, or a static IPv4 address
with its prefix and gateway; DNS servers either way), ``InterfaceState`` (one
interface as NetworkManager reports it now) and the port ``HostNetworkSettings`` with
its adapters: ``NmcliHostNetworkSettings``, which reads and applies them through
NetworkManager's ``nmcli`` (NetworkManager keeps the profile, runs DHCP and writes
resolv.conf; nothing of that is re-implemented here), and
``UnmanagedHostNetworkSettings`` (a server without ``--host-control systemd``: every
call raises ``HostNetworkUnavailable``). There is no recording double: the settings
are tested against a real NetworkManager (tests/integration/test_host_network*.py).

Invariants:

- An ``InterfaceSettings`` that exists is valid (its constructor raises ValueError
  naming the field), so only interface names, addresses and prefixes reach nmcli.
- Each interface has one profile of ours, ``vedette-<interface>``: created the first
  time, modified afterwards (its UUID kept), and activated; ``apply`` returns once
  NetworkManager has activated it (with DHCP: once it has a lease), or raises
  ``HostControlError`` with nmcli's message. A profile saved but not activated in
  time stays saved, and NetworkManager keeps activating it (a DHCP server that
  answers later still gives the address).
- IPv4 only; IPv6 is left to NetworkManager's defaults (SLAAC).

Everything here blocks (host commands); call it from an executor.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal, Protocol

from vedette_hw.host_time import CommandRunner, HostControlError, checked_output, run_command

Method = Literal["dhcp", "static"]
MAX_DNS_SERVERS = 3
PROFILE_PREFIX = "vedette-"
#: Linux interface names: at most 15 characters, no '/', whitespace or ':'.
_INTERFACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")
#: How long ``nmcli connection up`` waits for the activation (a DHCP lease included):
#: under ``run_command``'s own bound, so nmcli's message is the one reported.
ACTIVATION_TIMEOUT_S = 25
#: NetworkManager's ipv4.method → ours (others, such as "shared" or "disabled": None).
_NM_METHODS: dict[str, Method] = {"auto": "dhcp", "manual": "static"}


@dataclass(frozen=True)
class InterfaceSettings:
    """One interface's IPv4 settings; ``address`` is "A.B.C.D/prefix" (static only),
    ``dns`` IPv4 addresses (NetworkManager's ipv4.dns takes no other)."""

    interface: str
    method: Method = "dhcp"
    address: str = ""
    gateway: str = ""
    dns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _INTERFACE.fullmatch(self.interface):
            raise ValueError(f"interface {self.interface!r} is not a network interface name")
        if self.method not in ("dhcp", "static"):
            raise ValueError(f"method {self.method!r} is not 'dhcp' or 'static'")
        if self.method == "dhcp" and (self.address or self.gateway):
            raise ValueError("address and gateway are for the static method only")
        if self.method == "static":
            self._check_static()
        if len(self.dns) > MAX_DNS_SERVERS:
            raise ValueError(f"dns: at most {MAX_DNS_SERVERS} servers, not {len(self.dns)}")
        for server in self.dns:
            try:
                ipaddress.IPv4Address(server)
            except ValueError:
                raise ValueError(f"dns: {server!r} is not an IPv4 address") from None

    def _check_static(self) -> None:
        try:
            network = ipaddress.IPv4Interface(self.address)
        except ValueError:
            raise ValueError(
                f"address {self.address!r} is not an IPv4 address with its prefix (192.0.2.10/24)"
            ) from None
        if "/" not in self.address or not 1 <= network.network.prefixlen <= 30:
            raise ValueError(f"address {self.address!r}: give a prefix length within 1..30")
        if network.ip in (network.network.network_address, network.network.broadcast_address):
            raise ValueError(f"address {self.address!r} is its network's or broadcast address")
        if self.gateway:
            try:
                gateway = ipaddress.IPv4Address(self.gateway)
            except ValueError:
                raise ValueError(f"gateway {self.gateway!r} is not an IPv4 address") from None
            if gateway not in network.network or gateway == network.ip:
                raise ValueError(
                    f"gateway {self.gateway} is not another address of {network.network}"
                )


def nmcli_properties(settings: InterfaceSettings) -> list[str]:
    """The profile's properties, as ``nmcli connection add/modify`` arguments."""
    static = settings.method == "static"
    return [
        "connection.interface-name", settings.interface,
        "connection.autoconnect", "yes",
        "ipv4.method", "manual" if static else "auto",
        "ipv4.addresses", settings.address,
        "ipv4.gateway", settings.gateway,
        "ipv4.dns", " ".join(settings.dns),
        # DNS servers given replace the DHCP server's, as the operator set them.
        "ipv4.ignore-auto-dns", "yes" if settings.dns else "no",
    ]  # fmt: skip


class NmcliHostNetworkSettings:
    """NetworkManager through nmcli (the polkit rule allows the server's user
    settings.modify.system and network-control)."""

    def __init__(self, runner: CommandRunner = run_command) -> None:
        self._runner = runner

    @property
    def managed(self) -> bool:
        return True

    def apply(self, settings: InterfaceSettings) -> None:
        profile = PROFILE_PREFIX + settings.interface
        names = self._run(["nmcli", "--terse", "--fields", "NAME", "connection", "show"])
        if profile in names.splitlines():
            self._run(["nmcli", "connection", "modify", profile, *nmcli_properties(settings)])
        else:
            self._run(["nmcli", "connection", "add", "type", "ethernet", "con-name", profile,
                       *nmcli_properties(settings)])  # fmt: skip
        self._run(["nmcli", "--wait", str(ACTIVATION_TIMEOUT_S), "connection", "up", profile])

    def interfaces(self) -> list[InterfaceState]:
        """Every Ethernet device NetworkManager manages (an unmanaged one could not
        be configured here), with the profile that configures it: ours when it
        exists, else the one active on it."""
        devices = self._run(["nmcli", "--terse", "--fields", "DEVICE,TYPE,STATE", "device"])
        names = [
            device
            for device, kind, state in (line.split(":", 2) for line in devices.splitlines())
            if kind == "ethernet" and state != "unmanaged"
        ]
        profiles = self._run(["nmcli", "--terse", "--fields", "NAME", "connection", "show"])
        ours = set(profiles.splitlines())
        return [self._state(name, ours) for name in sorted(names)]

    def _state(self, name: str, profiles: set[str]) -> InterfaceState:
        device = terse_fields(self._run(["nmcli", "--terse", "device", "show", name]))
        profile = PROFILE_PREFIX + name
        configured_here = profile in profiles
        active = device.get("GENERAL.CONNECTION", "")
        method: Method | None = None
        profile_dns: tuple[str, ...] = ()
        if configured_here or active:
            settings = terse_fields(
                self._run(["nmcli", "--terse", "--fields", "ipv4.method,ipv4.dns",
                           "connection", "show", profile if configured_here else active])
            )  # fmt: skip
            method = _NM_METHODS.get(settings.get("ipv4.method", ""))
            profile_dns = tuple(filter(None, settings.get("ipv4.dns", "").split(",")))
        addresses = _numbered(device, "IP4.ADDRESS")
        return InterfaceState(
            interface=name,
            mac_address=device.get("GENERAL.HWADDR", ""),
            link_up=device.get("WIRED-PROPERTIES.CARRIER") == "on",
            method=method,
            address=addresses[0] if addresses else "",
            gateway=device.get("IP4.GATEWAY", ""),
            dns=_numbered(device, "IP4.DNS") or profile_dns,
            configured_here=configured_here,
        )

    def _run(self, argv: list[str]) -> str:
        return checked_output(self._runner, argv)


@dataclass(frozen=True)
class InterfaceState:
    """One Ethernet interface as NetworkManager reports it: ``method`` None when no
    profile configures it; ``address`` "A.B.C.D/prefix" or empty; ``dns`` the servers
    in use; ``configured_here`` when our ``vedette-<interface>`` profile exists."""

    interface: str
    mac_address: str
    link_up: bool
    method: Method | None
    address: str
    gateway: str
    dns: tuple[str, ...]
    configured_here: bool


class HostNetworkUnavailable(HostControlError):
    """This server does not control its host (``--host-control none``)."""

    def __init__(self) -> None:
        super().__init__(
            "cannot read or change the machine's network: this server does not control "
            "its host (it runs without --host-control systemd)"
        )


class HostNetworkSettings(Protocol):
    """The port through which the server reads and changes its host's network."""

    @property
    def managed(self) -> bool:
        """True when the calls act on the host; False when they always refuse."""
        ...

    def interfaces(self) -> list[InterfaceState]:
        """The Ethernet interfaces NetworkManager manages, by name."""
        ...

    def apply(self, settings: InterfaceSettings) -> None:
        """Apply one interface's settings; returns once they are active."""
        ...


class UnmanagedHostNetworkSettings:
    """The host is not ours: every call raises ``HostNetworkUnavailable``."""

    @property
    def managed(self) -> bool:
        return False

    def interfaces(self) -> list[InterfaceState]:
        raise HostNetworkUnavailable()

    def apply(self, settings: InterfaceSettings) -> None:
        raise HostNetworkUnavailable()


def terse_fields(text: str) -> dict[str, str]:
    """``nmcli --terse ... show`` output (``KEY:value`` lines) as a mapping; the
    first colon ends the key (keys have none, values such as MAC addresses do)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            fields[key] = value
    return fields


def _numbered(fields: dict[str, str], key: str) -> tuple[str, ...]:
    """The values of ``KEY[1]``, ``KEY[2]``..., in order."""
    values: list[str] = []
    while (value := fields.get(f"{key}[{len(values) + 1}]")) is not None:
        values.append(value)
    return tuple(values)


def host_network_settings_from_spec(spec: str) -> HostNetworkSettings:
    """The adapter for ``--host-control``: NetworkManager with "systemd"; none with
    "none" or "record:PATH" (the recording mode records the clock and power calls;
    a network is only tested against a real NetworkManager)."""
    if spec == "systemd":
        return NmcliHostNetworkSettings()
    if spec == "none" or (spec.startswith("record:") and spec != "record:"):
        return UnmanagedHostNetworkSettings()
    raise ValueError(f"host control {spec!r} is not one of 'none', 'systemd' or 'record:PATH'")
