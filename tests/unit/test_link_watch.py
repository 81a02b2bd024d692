"""Network exceptions without a network: the link debounce, which interfaces are
watched, ARP frames byte for byte, the conflict rules, and what the alarm engine
makes of the watch's bus events."""

from __future__ import annotations

import pytest

from vedette_hw.arp_probe import ARP_REPLY, ARP_REQUEST, ArpPacket, Heard, parse_arp, probe_frame
from vedette_hw.link_watch import LinkDebounce, LinkReading, carries_traffic, read_links
from vedette_server.alarms.rules import BUILTIN_TITLES, STATEFUL_EXCEPTIONS, builtin_definition
from vedette_server.alarms.sources import BadEvent, signal_of
from vedette_server.events import ServerEvent
from vedette_server.netwatch import IP_CONFLICT, NETWORK_LINK
from vedette_server.netwatch.conflicts import ConflictTracker
from vedette_server.search.events import EventType

OUR_MAC = "02:00:00:00:00:01"
OTHER_MAC = "02:00:00:00:00:99"


def link(name: str, **overrides: object) -> LinkReading:
    fields: dict[str, object] = dict(
        name=name, up=True, why="up", mac=OUR_MAC, ipv4=("10.0.0.1",), has_address=True,
        ethernet=True, loopback=False, bridge=False,
    )  # fmt: skip
    fields.update(overrides)
    return LinkReading(**fields)  # type: ignore[arg-type]


# -- the debounce ---------------------------------------------------------------------------


def test_a_link_down_shorter_than_the_hold_is_no_change() -> None:
    debounce = LinkDebounce(hold_s=3.0)
    assert debounce.feed("eth0", True, "up", 0.0) is not None  # first sample: said up
    assert debounce.feed("eth0", False, "no carrier", 1.0) is None
    assert debounce.feed("eth0", False, "no carrier", 3.9) is None
    assert debounce.feed("eth0", True, "up", 4.0) is None  # back before 3 s: a flap
    assert debounce.feed("eth0", True, "up", 10.0) is None
    assert debounce.reported == {"eth0": True}


def test_a_link_down_for_the_hold_is_one_down_then_one_up() -> None:
    debounce = LinkDebounce(hold_s=3.0)
    debounce.feed("eth0", True, "up", 0.0)
    assert debounce.feed("eth0", False, "no carrier", 1.0) is None
    change = debounce.feed("eth0", False, "no carrier", 4.0)
    assert change is not None and (change.up, change.why) == (False, "no carrier")
    assert debounce.feed("eth0", False, "no carrier", 9.0) is None  # said once
    assert debounce.feed("eth0", True, "up", 10.0) is None  # up must hold too
    change = debounce.feed("eth0", True, "up", 13.0)
    assert change is not None and change.up


def test_a_flap_restarts_the_hold() -> None:
    debounce = LinkDebounce(hold_s=3.0)
    debounce.feed("eth0", True, "up", 0.0)
    debounce.feed("eth0", False, "down", 1.0)
    debounce.feed("eth0", True, "up", 2.0)
    assert debounce.feed("eth0", False, "down", 3.0) is None
    assert debounce.feed("eth0", False, "down", 5.5) is None  # 2.5 s since the new down
    assert debounce.feed("eth0", False, "down", 6.0) is not None


def test_an_interface_down_at_start_is_said_down_only_after_the_hold() -> None:
    debounce = LinkDebounce(hold_s=3.0)
    assert debounce.feed("eth1", False, "no carrier", 0.0) is None
    change = debounce.feed("eth1", False, "no carrier", 3.0)
    assert change is not None and not change.up


def test_a_negative_hold_is_refused() -> None:
    with pytest.raises(ValueError, match="hold_s"):
        LinkDebounce(-1.0)


# -- which interfaces -----------------------------------------------------------------------


def test_the_watched_interfaces_are_ethernet_like_with_an_address() -> None:
    assert carries_traffic(link("eth0"))
    assert carries_traffic(link("veth0"))  # a container's own interface
    assert not carries_traffic(link("lo", loopback=True))
    assert not carries_traffic(link("docker0", bridge=True))
    assert not carries_traffic(link("tun0", ethernet=False))
    assert not carries_traffic(link("vethab12", has_address=False, ipv4=()))


def test_loopback_reads_as_up_loopback_and_not_watched() -> None:
    readings = {r.name: r for r in read_links()}
    lo = readings["lo"]
    assert lo.loopback and lo.up and not carries_traffic(lo)
    assert list(readings) == sorted(readings)


# -- ARP frames -----------------------------------------------------------------------------


def test_a_probe_is_a_broadcast_request_from_zero_for_the_address() -> None:
    frame = probe_frame(OUR_MAC, "192.0.2.7")
    assert len(frame) == 60
    assert frame[:14] == bytes.fromhex("ffffffffffff0200000000010806")
    assert frame[14:42] == bytes.fromhex("000108000604000102000000000100000000000000000000c0000207")
    assert parse_arp(frame) == ArpPacket(
        ARP_REQUEST, OUR_MAC, "0.0.0.0", "00:00:00:00:00:00", "192.0.2.7"
    )


def test_frames_that_are_not_ipv4_arp_parse_to_none() -> None:
    frame = bytearray(probe_frame(OUR_MAC, "192.0.2.7"))
    assert parse_arp(bytes(frame[:30])) is None
    frame[12:14] = b"\x08\x00"  # IPv4, not ARP
    assert parse_arp(bytes(frame)) is None
    with pytest.raises(ValueError, match="six octets"):
        probe_frame("02:00:00", "192.0.2.7")


# -- conflicts ------------------------------------------------------------------------------


def heard(sender_mac: str, sender_ip: str, op: int = ARP_REPLY) -> Heard:
    return Heard("eth0", ArpPacket(op, sender_mac, sender_ip, OUR_MAC, "0.0.0.0"))


def tracker() -> ConflictTracker:
    conflicts = ConflictTracker()
    conflicts.update({"10.0.0.1": "eth0"}, {OUR_MAC, "02:00:00:00:00:02"})
    return conflicts


def test_another_mac_claiming_our_address_is_a_conflict_said_once() -> None:
    conflicts = tracker()
    conflict = conflicts.heard(heard(OTHER_MAC, "10.0.0.1"))
    assert conflict is not None
    assert (conflict.address, conflict.interface, conflict.other_mac) == (
        "10.0.0.1", "eth0", OTHER_MAC,
    )  # fmt: skip
    assert conflicts.heard(heard(OTHER_MAC, "10.0.0.1", ARP_REQUEST)) is None


def test_our_own_macs_probes_and_other_addresses_are_no_conflict() -> None:
    conflicts = tracker()
    assert conflicts.heard(heard(OUR_MAC, "10.0.0.1")) is None
    assert conflicts.heard(heard("02:00:00:00:00:02", "10.0.0.1")) is None  # our 2nd NIC
    assert conflicts.heard(heard(OTHER_MAC, "0.0.0.0", ARP_REQUEST)) is None  # a probe
    assert conflicts.heard(heard(OTHER_MAC, "10.0.0.2")) is None
    assert conflicts.active == {}


def test_a_conflict_is_over_only_after_a_full_round_that_heard_nobody() -> None:
    conflicts = tracker()
    assert conflicts.heard(heard(OTHER_MAC, "10.0.0.1")) is not None
    conflicts.begin_round("10.0.0.1")
    conflicts.heard(heard(OTHER_MAC, "10.0.0.1"))
    assert conflicts.end_round("10.0.0.1") is None  # answered again: still on
    conflicts.begin_round("10.0.0.1")
    conflicts.abandon_round("10.0.0.1")  # a probe could not be sent: says nothing
    assert conflicts.end_round("10.0.0.1") is None
    assert conflicts.end_round("10.0.0.1") is None  # no round begun
    conflicts.begin_round("10.0.0.1")
    over = conflicts.end_round("10.0.0.1")
    assert over is not None and over.other_mac == OTHER_MAC
    assert conflicts.active == {}


def test_an_address_no_longer_ours_ends_its_conflict() -> None:
    conflicts = tracker()
    conflicts.heard(heard(OTHER_MAC, "10.0.0.1"))
    (over,) = conflicts.update({}, {OUR_MAC})
    assert over.address == "10.0.0.1" and conflicts.active == {}


# -- what the alarm engine makes of them ------------------------------------------------------


def test_link_events_are_network_down_starts_and_stops_per_interface() -> None:
    down = signal_of(ServerEvent(NETWORK_LINK, {"interface": "eth0", "up": False, "why": "x"}))
    up = signal_of(ServerEvent(NETWORK_LINK, {"interface": "eth0", "up": True, "why": "y"}))
    assert down is not None and up is not None
    assert (down.type, down.subtype, down.key, down.state) == (
        EventType.EXCEPTION, "network_down", "exc:network_down:eth0", True,
    )  # fmt: skip
    assert (up.key, up.state) == (down.key, False)
    assert "eth0" in down.message and down.detail["interface"] == "eth0"


def test_conflict_events_are_ip_conflict_starts_and_stops_per_address() -> None:
    facts = {"address": "10.0.0.1", "interface": "eth0", "other_mac": OTHER_MAC}
    start = signal_of(ServerEvent(IP_CONFLICT, {**facts, "conflict": True}))
    stop = signal_of(ServerEvent(IP_CONFLICT, {**facts, "conflict": False}))
    assert start is not None and stop is not None
    assert (start.subtype, start.key, start.state, stop.state) == (
        "ip_conflict", "exc:ip_conflict:10.0.0.1", True, False,
    )  # fmt: skip
    assert start.detail["other_mac"] == OTHER_MAC and OTHER_MAC in start.message


def test_malformed_network_events_are_bad_events() -> None:
    with pytest.raises(BadEvent, match="interface"):
        signal_of(ServerEvent(NETWORK_LINK, {"up": False}))
    with pytest.raises(BadEvent, match="conflict"):
        signal_of(ServerEvent(IP_CONFLICT, {"address": "10.0.0.1", "conflict": "yes"}))


def test_ip_conflict_has_a_builtin_rule_that_closes_by_itself() -> None:
    assert "ip_conflict" in BUILTIN_TITLES and "ip_conflict" in STATEFUL_EXCEPTIONS
    spec = builtin_definition("ip_conflict").alarm
    assert spec is not None and spec.auto_close and spec.priority == 1
