"""The link state of the host's network interfaces (issue 15 "network disconnected").

``read_links`` reads every interface once from sysfs (``/sys/class/net/<if>``:
``flags``, ``operstate``, ``carrier``, ``type``, ``bridge/``) with its addresses from
psutil; ``carries_traffic`` says which of them the server watches by default;
``LinkDebounce`` turns samples into changes that lasted at least ``hold_s``.

Invariants:

- A link is up only when the interface is administratively up, has a carrier and its
  operstate is neither down, lower-layer-down, dormant nor not-present; anything
  unreadable counts as down, never as up.
- ``LinkDebounce`` reports a change only once the new state has held ``hold_s``
  without interruption: a flap shorter than that gives nothing. The first sample of
  an interface reports "up" at once (so an alarm left open before a restart closes)
  and "down" only after ``hold_s``, like any change.
- Interfaces come out sorted by name.

``read_links`` blocks briefly (sysfs and psutil reads); call it from an executor.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import psutil

from vedette_hw.host_network import normalise_mac

SYS_CLASS_NET: Final = Path("/sys/class/net")
ARPHRD_ETHER: Final = 1
IFF_UP: Final = 0x1
#: Operstates (RFC 2863 as the kernel names them) that mean "no traffic passes".
_DOWN_STATES: Final = frozenset({"down", "lowerlayerdown", "dormant", "notpresent"})


@dataclass(frozen=True)
class LinkReading:
    """One interface at one instant; ``why`` says in words what its state is."""

    name: str
    up: bool
    why: str
    mac: str
    ipv4: tuple[str, ...]
    #: A global (not link-local) IPv6 address or any IPv4 address outside 127/8.
    has_address: bool
    ethernet: bool
    loopback: bool
    bridge: bool


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):  # carrier reads EINVAL while admin down
        return None


def _int(text: str | None) -> int | None:
    try:
        return int(text, 0) if text is not None else None
    except ValueError:
        return None


def _link_state(sysdir: Path) -> tuple[bool, str]:
    flags = _int(_read(sysdir / "flags"))
    operstate = (_read(sysdir / "operstate") or "unreadable").lower()
    carrier = _int(_read(sysdir / "carrier"))
    if flags is None or not flags & IFF_UP:
        return False, "administratively down"
    if carrier != 1:
        return False, f"no carrier (operstate {operstate})"
    if operstate in _DOWN_STATES:
        return False, f"operstate {operstate}"
    return True, f"up (operstate {operstate})"


def _addresses(entries: Iterable[object]) -> tuple[str, tuple[str, ...], bool]:
    mac, ipv4, has_address = "", [], False
    for entry in entries:
        family = getattr(entry, "family", None)
        text = str(getattr(entry, "address", "")).split("%", 1)[0]
        if family == psutil.AF_LINK and not mac:
            try:
                mac = normalise_mac(text)
            except ValueError:
                mac = ""
        elif family in (socket.AF_INET, socket.AF_INET6):
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                continue
            if address.is_loopback:
                continue
            if isinstance(address, ipaddress.IPv4Address):
                ipv4.append(text)
                has_address = True
            elif not address.is_link_local:
                has_address = True
    return mac, tuple(ipv4), has_address


def read_links(sys_class_net: Path = SYS_CLASS_NET) -> list[LinkReading]:
    """Every interface the kernel lists, with its link state and addresses (blocks)."""
    try:
        names = sorted(entry.name for entry in sys_class_net.iterdir())
    except OSError:
        names = []
    all_addresses = psutil.net_if_addrs()
    readings = []
    for name in names:
        sysdir = sys_class_net / name
        up, why = _link_state(sysdir)
        kind = _int(_read(sysdir / "type"))
        mac, ipv4, has_address = _addresses(all_addresses.get(name, ()))
        readings.append(
            LinkReading(
                name=name,
                up=up,
                why=why,
                mac=mac,
                ipv4=ipv4,
                has_address=has_address,
                ethernet=kind == ARPHRD_ETHER,
                loopback=kind == 772 or name == "lo",  # ARPHRD_LOOPBACK
                bridge=(sysdir / "bridge").is_dir(),
            )
        )
    return readings


def carries_traffic(reading: LinkReading) -> bool:
    """Whether an interface is one the server's traffic goes through, by default: an
    Ethernet-like one (wired, Wi-Fi, a VLAN, a bond, a container's veth) with an
    address, neither loopback nor a bridge (docker0, virbr0: their ports are watched
    instead). Tunnels and a container host's own veth ends (no address) are not."""
    return reading.ethernet and not reading.loopback and not reading.bridge and reading.has_address


@dataclass(frozen=True)
class LinkChange:
    name: str
    up: bool
    why: str


class LinkDebounce:
    """Reports each interface's changes that lasted ``hold_s`` (see the module
    docstring); one caller feeds it samples in time order."""

    def __init__(self, hold_s: float = 3.0) -> None:
        if hold_s < 0:
            raise ValueError(f"hold_s: {hold_s} is negative")
        self.hold_s = hold_s
        self._reported: dict[str, bool] = {}
        self._pending: dict[str, tuple[bool, float]] = {}

    @property
    def reported(self) -> dict[str, bool]:
        """The state last reported per interface."""
        return dict(self._reported)

    def forget(self, name: str) -> None:
        self._reported.pop(name, None)
        self._pending.pop(name, None)

    def feed(self, name: str, up: bool, why: str, now_s: float) -> LinkChange | None:
        before = self._reported.get(name)
        if before is None and up:
            self._reported[name] = True
            self._pending.pop(name, None)
            return LinkChange(name, True, why)
        if before == up:
            self._pending.pop(name, None)
            return None
        pending = self._pending.get(name)
        if pending is None or pending[0] != up:
            self._pending[name] = (up, now_s)
            pending = (up, now_s)
        if now_s - pending[1] < self.hold_s:
            return None
        self._reported[name] = up
        del self._pending[name]
        return LinkChange(name, up, why)


LinkSource = Callable[[], list[LinkReading]]
"""Reads every interface once; blocks briefly."""
