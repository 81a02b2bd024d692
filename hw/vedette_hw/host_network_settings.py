"""The appliance's own network settings (SPEC NET-05), applied through NetworkManager.

This module owns ``InterfaceSettings`` (one interface: DHCP, or a static IPv4 address
with its prefix and gateway; DNS servers either way) and ``NmcliHostNetworkSettings``,
which applies them through NetworkManager's ``nmcli``: NetworkManager keeps the
profile, runs DHCP and writes resolv.conf; nothing of that is re-implemented here.
The API and console that will call it (with ``--host-control systemd``) wait for
their contract in system.proto.

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
from typing import Literal

from vedette_hw.host_time import CommandRunner, checked_output, run_command

Method = Literal["dhcp", "static"]
MAX_DNS_SERVERS = 3
PROFILE_PREFIX = "vedette-"
#: Linux interface names: at most 15 characters, no '/', whitespace or ':'.
_INTERFACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")
#: How long ``nmcli connection up`` waits for the activation (a DHCP lease included):
#: under ``run_command``'s own bound, so nmcli's message is the one reported.
ACTIVATION_TIMEOUT_S = 25


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

    def _run(self, argv: list[str]) -> str:
        return checked_output(self._runner, argv)
