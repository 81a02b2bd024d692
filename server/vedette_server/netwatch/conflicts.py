"""Which ARP frames mean that another machine uses one of our IPv4 addresses, and
when a conflict is over (RFC 5227 §2.1.1 and §2.4). Pure: no socket, no clock.

A conflict is an ARP frame (request or reply, e.g. a gratuitous ARP or the answer to
our probe) whose *sender* address is one of ours and whose sender MAC is none of the
host's own (a second NIC of this host on the same LAN answers for our addresses: not
a conflict). Probes from others (sender 0.0.0.0) are not: that host is only asking,
and our kernel's answer stops it.

Invariants:
- ``heard`` reports a conflict once per address until it is cleared (a new MAC
  claiming an address already in conflict is not reported again);
- an address's conflict is cleared only by ``end_round`` of a probe round during
  which nothing claimed it, or when the address is no longer ours: never by silence
  alone, never while we cannot listen.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from vedette_hw.arp_probe import ARP_REPLY, Heard

_NO_MAC = "00:00:00:00:00:00"


@dataclass(frozen=True)
class Conflict:
    address: str
    interface: str
    other_mac: str
    operation: str  # "request" | "reply"


class ConflictTracker:
    def __init__(self) -> None:
        self._ours: dict[str, str] = {}  # address -> interface
        self._macs: frozenset[str] = frozenset()
        self._active: dict[str, Conflict] = {}
        self._rounds: dict[str, bool] = {}  # address -> claimed during the round

    def update(self, ours: Mapping[str, str], host_macs: Collection[str]) -> list[Conflict]:
        """Our IPv4 addresses now (address -> interface) and every MAC of this host;
        returns the conflicts of addresses that are no longer ours (over for us)."""
        self._ours = dict(ours)
        self._macs = frozenset(host_macs)
        gone = [c for address, c in self._active.items() if address not in self._ours]
        for conflict in gone:
            del self._active[conflict.address]
        return gone

    @property
    def active(self) -> dict[str, Conflict]:
        return dict(self._active)

    def heard(self, heard: Heard) -> Conflict | None:
        """The new conflict this frame reveals, or None."""
        packet = heard.packet
        interface = self._ours.get(packet.sender_ip)
        if interface is None or packet.sender_mac in self._macs or packet.sender_mac == _NO_MAC:
            return None
        if packet.sender_ip in self._rounds:
            self._rounds[packet.sender_ip] = True
        if packet.sender_ip in self._active:
            return None
        operation = "reply" if packet.operation == ARP_REPLY else "request"
        conflict = Conflict(packet.sender_ip, interface, packet.sender_mac, operation)
        self._active[packet.sender_ip] = conflict
        return conflict

    def begin_round(self, address: str) -> None:
        self._rounds[address] = False

    def abandon_round(self, address: str) -> None:
        """A round whose probes could not all be sent says nothing."""
        self._rounds.pop(address, None)

    def end_round(self, address: str) -> Conflict | None:
        """The conflict this full round found over (nothing claimed the address)."""
        claimed = self._rounds.pop(address, True)
        if claimed:
            return None
        return self._active.pop(address, None)
