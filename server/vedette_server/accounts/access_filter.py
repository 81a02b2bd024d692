"""The allow / block list of remote clients (USER-05): IPs, networks, ranges, MACs.

Applied to every TCP client before anything else, login included; sessions on the
local socket (the appliance console) are never filtered. A MAC entry matches only a
client whose MAC the server can see, i.e. one in its neighbour table (on its LAN).

Invariants:
- Entries are parsed and validated once, when the filter is built; a bad entry is
  refused with the reason (``ValueError``), never silently skipped.
- Disabled entries are kept but never match; a disabled filter permits everyone.
- In allow mode a client matches only through an enabled entry; an empty allow list
  permits nobody (the settings refuse one that would lock out its author).
"""

from __future__ import annotations

import enum
import ipaddress
from dataclasses import dataclass, field
from typing import Final

from vedette_hw.host_network import normalise_mac

MAX_ENTRIES: Final = 256
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FilterMode(enum.Enum):
    ALLOW = "allow"
    BLOCK = "block"


@dataclass(frozen=True)
class FilterEntry:
    """One entry as the operator wrote it, and whether it applies."""

    value: str
    enabled: bool = True


@dataclass(frozen=True)
class _Matcher:
    network: IPNetwork | None = None
    first: IPAddress | None = None
    last: IPAddress | None = None
    mac: str | None = None

    def matches(self, ip: IPAddress | None, mac: str | None) -> bool:
        if self.mac is not None:
            return mac is not None and mac == self.mac
        if ip is None:
            return False
        if self.network is not None:
            return ip.version == self.network.version and ip in self.network
        assert self.first is not None and self.last is not None
        return ip.version == self.first.version and self.first <= ip <= self.last  # type: ignore[operator]


def parse_ip(text: str) -> IPAddress:
    """An address, with IPv4-mapped IPv6 (``::ffff:192.0.2.1``) turned into IPv4."""
    address = ipaddress.ip_address(text.strip().strip("[]"))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_entry(value: str) -> _Matcher:
    """Parse one entry: IP, CIDR network, ``first-last`` range, or MAC."""
    text = value.strip()
    if not text:
        raise ValueError("an entry is empty")
    if text.count("-") == 1:  # a MAC written with dashes has five
        first_text, last_text = text.split("-")
        try:
            first, last = parse_ip(first_text), parse_ip(last_text)
        except ValueError:
            raise ValueError(f"{text!r} is not a range of two IP addresses") from None
        if first.version != last.version or first > last:  # type: ignore[operator]
            raise ValueError(f"{text!r}: the range must go from a lower to a higher address")
        return _Matcher(first=first, last=last)
    try:
        return _Matcher(network=ipaddress.ip_network(text, strict=False))
    except ValueError:
        pass
    try:
        return _Matcher(mac=normalise_mac(text))
    except ValueError:
        raise ValueError(
            f"{text!r} is neither an IP address, a network (a.b.c.d/n), a range"
            " (a.b.c.d-e.f.g.h) nor a MAC address"
        ) from None


@dataclass(frozen=True)
class AccessFilter:
    enabled: bool = False
    mode: FilterMode = FilterMode.BLOCK
    entries: tuple[FilterEntry, ...] = ()
    _matchers: tuple[_Matcher, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.entries) > MAX_ENTRIES:
            raise ValueError(f"at most {MAX_ENTRIES} entries")
        parsed = [(entry, parse_entry(entry.value)) for entry in self.entries]  # all validated
        object.__setattr__(self, "_matchers", tuple(m for e, m in parsed if e.enabled))

    @property
    def needs_mac(self) -> bool:
        """Whether any enabled entry is a MAC (so the neighbour table is worth reading)."""
        return any(m.mac is not None for m in self._matchers)

    def permits(self, ip: str | None, mac: str | None = None) -> bool:
        """Whether a client at ``ip`` (with ``mac`` when known) may connect."""
        if not self.enabled:
            return True
        try:
            address = parse_ip(ip) if ip else None
        except ValueError:
            address = None
        matched = any(m.matches(address, mac) for m in self._matchers)
        return matched if self.mode is FilterMode.ALLOW else not matched
