"""The host's network status (SPEC NET-04) and its neighbour table (for USER-05).

This module owns reading the host's interfaces (``NetworkMonitor``, from psutil by
default) and finding the MAC address of a client on the server's LAN (the port
``NeighbourTable``, with ``LinuxNeighbourTable`` reading the kernel's tables and
``StaticNeighbourTable`` for tests), plus ``normalise_mac``, the one MAC text form.

Invariants:

- A MAC address leaving this module is lower-case and colon-separated
  ("aa:bb:cc:dd:ee:ff"), or "" for an interface without one (loopback).
- Rates are bits per second over the interval since the previous sample; they are
  0.0 on the first sample, for a new interface, and when a counter went down (the
  interface was reset or recreated), never negative.
- Interfaces come out sorted by name; addresses carry no IPv6 scope ("%eth0").

Everything here blocks briefly (reads /proc, runs ``ip``); call it from an executor.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import psutil

from vedette_hw.host_time import CommandRunner, run_command

PROC_NET_ARP = Path("/proc/net/arp")
_HEX_BYTE = "([0-9a-f]{2})"
_MAC_FORMS = (
    re.compile(":".join([_HEX_BYTE] * 6)),
    re.compile("-".join([_HEX_BYTE] * 6)),
    re.compile(r"\.".join([_HEX_BYTE * 2] * 3)),
)
_NO_MAC = "00:00:00:00:00:00"
_ARP_FLAG_COMPLETE = 0x2

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def normalise_mac(text: str) -> str:
    """Return ``text`` as "aa:bb:cc:dd:ee:ff"; raise ValueError naming it otherwise.

    Accepts "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF" and "aabb.ccdd.eeff", in either
    case, with surrounding spaces; one separator throughout.
    """
    candidate = text.strip().lower()
    for form in _MAC_FORMS:
        match = form.fullmatch(candidate)
        if match:
            return ":".join(match.groups())
    raise ValueError(
        f"MAC address {text!r} is not of the form aa:bb:cc:dd:ee:ff, "
        "AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff"
    )


@dataclass(frozen=True)
class InterfaceAddress:
    """One address of an interface: family "ipv4" or "ipv6", and its prefix length."""

    family: str
    address: str
    prefix_length: int


@dataclass(frozen=True)
class InterfaceReading:
    """What the host reports about one interface at one instant; no rates yet."""

    name: str
    mac: str
    addresses: tuple[InterfaceAddress, ...]
    is_up: bool
    speed_mbps: int
    mtu: int
    rx_bytes: int
    tx_bytes: int


@dataclass(frozen=True)
class NetworkInterface:
    """One interface as the status page shows it; rates since the previous sample."""

    name: str
    mac: str
    addresses: tuple[InterfaceAddress, ...]
    is_up: bool
    speed_mbps: int
    mtu: int
    rx_bytes: int
    tx_bytes: int
    rx_bps: float
    tx_bps: float


InterfaceSource = Callable[[], list[InterfaceReading]]
"""Reads every interface of the host once; blocks briefly."""


def _prefix_length(family: int, netmask: str | None) -> int:
    full_length = 32 if family == socket.AF_INET else 128
    if not netmask:
        return full_length
    try:
        return bin(int(ipaddress.ip_address(netmask))).count("1")
    except ValueError:
        return full_length


def _link_mac(address: str) -> str:
    try:
        mac = normalise_mac(address)
    except ValueError:  # not Ethernet-like (a tunnel, InfiniBand): no MAC to show
        return ""
    return "" if mac == _NO_MAC else mac


def read_psutil_interfaces() -> list[InterfaceReading]:
    """Read every interface through psutil (addresses, link state, byte counters)."""
    all_addresses = psutil.net_if_addrs()
    all_stats = psutil.net_if_stats()
    all_counters = psutil.net_io_counters(pernic=True)
    readings = []
    for name in sorted(set(all_addresses) | set(all_stats)):
        mac = ""
        addresses = []
        for entry in all_addresses.get(name, []):
            if entry.family == psutil.AF_LINK:
                mac = mac or _link_mac(entry.address)
            elif entry.family in (socket.AF_INET, socket.AF_INET6):
                addresses.append(
                    InterfaceAddress(
                        family="ipv4" if entry.family == socket.AF_INET else "ipv6",
                        address=entry.address.split("%", 1)[0],
                        prefix_length=_prefix_length(entry.family, entry.netmask),
                    )
                )
        stats = all_stats.get(name)
        counters = all_counters.get(name)
        readings.append(
            InterfaceReading(
                name=name,
                mac=mac,
                addresses=tuple(addresses),
                is_up=bool(stats.isup) if stats else False,
                speed_mbps=int(stats.speed) if stats else 0,
                mtu=int(stats.mtu) if stats else 0,
                rx_bytes=int(counters.bytes_recv) if counters else 0,
                tx_bytes=int(counters.bytes_sent) if counters else 0,
            )
        )
    return readings


def _rate_bps(now_bytes: int, before_bytes: int | None, elapsed_s: float) -> float:
    if before_bytes is None or elapsed_s <= 0.0 or now_bytes < before_bytes:
        return 0.0
    return (now_bytes - before_bytes) * 8 / elapsed_s


class NetworkMonitor:
    """Samples the host's interfaces and computes throughput between samples.

    ``sample()`` blocks, but briefly (psutil reads /proc and a few ioctls). The monitor
    keeps the previous sample's counters, so one caller should own it; it takes no lock.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        source: InterfaceSource = read_psutil_interfaces,
    ) -> None:
        self._clock = clock
        self._source = source
        self._previous_s: float | None = None
        self._previous_bytes: dict[str, tuple[int, int]] = {}

    def sample(self) -> list[NetworkInterface]:
        """Read every interface; rates are over the time since the previous call."""
        readings = self._source()
        now_s = self._clock()
        elapsed_s = 0.0 if self._previous_s is None else now_s - self._previous_s
        interfaces = []
        for reading in readings:
            before_rx, before_tx = self._previous_bytes.get(reading.name, (None, None))
            interfaces.append(
                NetworkInterface(
                    name=reading.name,
                    mac=reading.mac,
                    addresses=reading.addresses,
                    is_up=reading.is_up,
                    speed_mbps=reading.speed_mbps,
                    mtu=reading.mtu,
                    rx_bytes=reading.rx_bytes,
                    tx_bytes=reading.tx_bytes,
                    rx_bps=_rate_bps(reading.rx_bytes, before_rx, elapsed_s),
                    tx_bps=_rate_bps(reading.tx_bytes, before_tx, elapsed_s),
                )
            )
        self._previous_s = now_s
        self._previous_bytes = {r.name: (r.rx_bytes, r.tx_bytes) for r in readings}
        return sorted(interfaces, key=lambda interface: interface.name)


class NeighbourTable(Protocol):
    """The port that finds the MAC address of a client on the server's LAN."""

    def mac_for(self, ip: str) -> str | None:
        """The MAC of ``ip``, or None when it is not a neighbour (off the LAN, loopback).

        Raises ValueError when ``ip`` is not an IP address.
        """
        ...


def _table_key(ip: str) -> IPAddress:
    """The address as the neighbour tables hold it: no scope, IPv4-mapped as IPv4."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _neighbour_address(ip: str) -> IPAddress | None:
    """The key to look ``ip`` up by; None for loopback, which has no neighbour entry."""
    address = _table_key(ip)
    return None if address.is_loopback else address


class LinuxNeighbourTable:
    """Reads the kernel's neighbour tables: /proc/net/arp, and ``ip -6 neigh show``.

    Each lookup reads the table afresh (it changes as hosts come and go); it blocks
    briefly. A failing ``ip`` command means "not found", never an error.
    """

    def __init__(self, arp_path: Path = PROC_NET_ARP, runner: CommandRunner = run_command) -> None:
        self._arp_path = arp_path
        self._runner = runner

    def mac_for(self, ip: str) -> str | None:
        address = _neighbour_address(ip)
        if address is None:
            return None
        if isinstance(address, ipaddress.IPv4Address):
            return self._ipv4_mac(address)
        return self._ipv6_mac(address)

    def _ipv4_mac(self, address: ipaddress.IPv4Address) -> str | None:
        try:
            lines = self._arp_path.read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            return None
        # IP address, HW type, Flags, HW address, Mask, Device
        for line in lines:
            fields = line.split()
            if len(fields) < 4 or fields[0] != str(address):
                continue
            try:
                complete = int(fields[2], 16) & _ARP_FLAG_COMPLETE
                mac = normalise_mac(fields[3])
            except ValueError:
                continue
            if complete and mac != _NO_MAC:
                return mac
        return None

    def _ipv6_mac(self, address: ipaddress.IPv6Address) -> str | None:
        returncode, stdout, _stderr = self._runner(["ip", "-6", "neigh", "show"])
        if returncode != 0:
            return None
        # fe80::1 dev eth0 lladdr 52:54:00:12:34:56 router REACHABLE
        for line in stdout.splitlines():
            fields = line.split()
            if "lladdr" not in fields[:-1]:
                continue  # INCOMPLETE and FAILED entries have no link-layer address
            try:
                if _table_key(fields[0]) != address:
                    continue
                mac = normalise_mac(fields[fields.index("lladdr") + 1])
            except ValueError:
                continue
            if mac != _NO_MAC:
                return mac
        return None


class StaticNeighbourTable:
    """A neighbour table given as {ip: mac}, answering exactly that (loopback aliases
    included, so tests can stand in LAN hosts with 127.0.0.x); for tests and demos."""

    def __init__(self, macs_by_ip: Mapping[str, str]) -> None:
        self._macs: dict[IPAddress, str] = {
            _table_key(ip): normalise_mac(mac) for ip, mac in macs_by_ip.items()
        }

    def mac_for(self, ip: str) -> str | None:
        return self._macs.get(_table_key(ip))
