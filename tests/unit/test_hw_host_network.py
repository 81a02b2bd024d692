"""Host network: throughput between samples, the real psutil path, neighbours and MACs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from vedette_hw.host_network import (
    InterfaceAddress,
    InterfaceReading,
    LinuxNeighbourTable,
    NeighbourTable,
    NetworkMonitor,
    StaticNeighbourTable,
    normalise_mac,
)

ETH0_ADDRESS = InterfaceAddress(family="ipv4", address="192.0.2.2", prefix_length=24)


class FakeHost:
    """An injectable clock and interface source whose counters the test moves."""

    def __init__(self) -> None:
        self.now_s = 100.0
        self.counters = {"eth0": (1_000, 2_000), "br0": (0, 0)}

    def clock(self) -> float:
        return self.now_s

    def read(self) -> list[InterfaceReading]:
        return [
            InterfaceReading(
                name=name,
                mac="02:fc:00:00:00:01" if name == "eth0" else "",
                addresses=(ETH0_ADDRESS,) if name == "eth0" else (),
                is_up=True,
                speed_mbps=1000,
                mtu=1500,
                rx_bytes=rx,
                tx_bytes=tx,
            )
            for name, (rx, tx) in self.counters.items()
        ]


def test_the_first_sample_has_zero_rates_and_interfaces_sorted_by_name() -> None:
    host = FakeHost()
    interfaces = NetworkMonitor(clock=host.clock, source=host.read).sample()
    assert [i.name for i in interfaces] == ["br0", "eth0"]
    eth0 = interfaces[1]
    assert (eth0.rx_bytes, eth0.tx_bytes, eth0.rx_bps, eth0.tx_bps) == (1_000, 2_000, 0.0, 0.0)
    assert eth0.addresses == (ETH0_ADDRESS,) and eth0.mac == "02:fc:00:00:00:01"


def test_rates_are_bits_per_second_over_the_clock_delta() -> None:
    host = FakeHost()
    monitor = NetworkMonitor(clock=host.clock, source=host.read)
    monitor.sample()
    host.now_s += 2.0
    host.counters["eth0"] = (1_000 + 250_000, 2_000 + 5_000)
    eth0 = next(i for i in monitor.sample() if i.name == "eth0")
    assert eth0.rx_bps == 1_000_000.0  # 250 000 bytes × 8 / 2 s
    assert eth0.tx_bps == 20_000.0


def test_a_counter_that_went_down_gives_zero_not_a_negative_rate() -> None:
    host = FakeHost()
    monitor = NetworkMonitor(clock=host.clock, source=host.read)
    monitor.sample()
    host.now_s += 1.0
    host.counters["eth0"] = (10, 3_000)  # rx reset (interface recreated), tx still counting
    eth0 = next(i for i in monitor.sample() if i.name == "eth0")
    assert (eth0.rx_bps, eth0.tx_bps) == (0.0, 8_000.0)
    host.now_s += 1.0
    host.counters["eth0"] = (1_010, 3_000)
    eth0 = next(i for i in monitor.sample() if i.name == "eth0")
    assert eth0.rx_bps == 8_000.0, "the next rate counts from the reset value"


def test_an_interface_that_appears_between_samples_starts_at_zero() -> None:
    host = FakeHost()
    monitor = NetworkMonitor(clock=host.clock, source=host.read)
    monitor.sample()
    host.now_s += 1.0
    host.counters["wlan0"] = (50_000, 60_000)
    wlan0 = next(i for i in monitor.sample() if i.name == "wlan0")
    assert (wlan0.rx_bps, wlan0.tx_bps) == (0.0, 0.0)


def test_the_real_host_reports_loopback_with_127_0_0_1() -> None:
    interfaces = NetworkMonitor().sample()
    assert [i.name for i in interfaces] == sorted(i.name for i in interfaces)
    lo = next(i for i in interfaces if i.name == "lo")
    assert InterfaceAddress(family="ipv4", address="127.0.0.1", prefix_length=8) in lo.addresses
    assert lo.is_up and lo.mac == "" and lo.mtu > 0
    assert lo.rx_bps == 0.0 and lo.tx_bps == 0.0
    for interface in interfaces:
        for address in interface.addresses:
            assert address.family in ("ipv4", "ipv6") and "%" not in address.address


PROC_NET_ARP = """\
IP address       HW type     Flags       HW address            Mask     Device
192.0.2.1        0x1         0x2         02:FC:00:00:00:05     *        eth0
192.0.2.7        0x1         0x0         00:00:00:00:00:00     *        eth0
192.0.2.8        0x1         0x0         02:fc:00:00:00:08     *        eth0
192.0.2.9        0x1         0x6         02:fc:00:00:00:09     *        eth0
"""

IP_6_NEIGH_SHOW = """\
fe80::1 dev eth0 lladdr 52:54:00:12:34:56 router REACHABLE
fd00::1 dev eth0 FAILED
fd00::2 dev eth0 INCOMPLETE
2001:db8:0:0::5 dev eth0 lladdr 52:54:00:AB:CD:EF STALE
"""


class FakeIpCommand:
    def __init__(self, returncode: int = 0, stdout: str = IP_6_NEIGH_SHOW) -> None:
        self.argvs: list[list[str]] = []
        self._result = (returncode, stdout, "" if returncode == 0 else "ip: not found")

    def __call__(self, argv: Sequence[str]) -> tuple[int, str, str]:
        self.argvs.append(list(argv))
        return self._result


@pytest.fixture
def arp_path(tmp_path: Path) -> Path:
    path = tmp_path / "arp"
    path.write_text(PROC_NET_ARP)
    return path


def test_ipv4_neighbours_come_from_proc_net_arp_in_lower_case(arp_path: Path) -> None:
    table: NeighbourTable = LinuxNeighbourTable(arp_path, FakeIpCommand())
    assert table.mac_for("192.0.2.1") == "02:fc:00:00:00:05"
    assert table.mac_for("192.0.2.9") == "02:fc:00:00:00:09", "complete, also permanent"


def test_incomplete_and_unknown_ipv4_entries_have_no_mac(arp_path: Path) -> None:
    table = LinuxNeighbourTable(arp_path, FakeIpCommand())
    assert table.mac_for("192.0.2.7") is None, "incomplete, all-zero MAC"
    assert table.mac_for("192.0.2.8") is None, "flags 0x0 even with a MAC"
    assert table.mac_for("198.51.100.1") is None, "not on the LAN"
    assert table.mac_for("127.0.0.1") is None and table.mac_for("::1") is None


def test_ipv4_mapped_ipv6_addresses_are_looked_up_as_ipv4(arp_path: Path) -> None:
    ip_command = FakeIpCommand()
    table = LinuxNeighbourTable(arp_path, ip_command)
    assert table.mac_for("::ffff:192.0.2.1") == "02:fc:00:00:00:05"
    assert table.mac_for("::ffff:127.0.0.1") is None
    assert ip_command.argvs == [], "an IPv4 client never needs the IPv6 table"


def test_ipv6_neighbours_come_from_ip_neigh_show(arp_path: Path) -> None:
    ip_command = FakeIpCommand()
    table = LinuxNeighbourTable(arp_path, ip_command)
    assert table.mac_for("fe80::1%eth0") == "52:54:00:12:34:56"
    assert table.mac_for("2001:db8::5") == "52:54:00:ab:cd:ef", "compared as addresses"
    assert table.mac_for("fd00::1") is None and table.mac_for("fd00::2") is None
    assert ip_command.argvs[0] == ["ip", "-6", "neigh", "show"]


def test_a_failing_ip_command_means_no_mac(arp_path: Path) -> None:
    table = LinuxNeighbourTable(arp_path, FakeIpCommand(returncode=127, stdout=""))
    assert table.mac_for("fe80::1") is None


def test_a_missing_arp_table_means_no_mac(tmp_path: Path) -> None:
    assert LinuxNeighbourTable(tmp_path / "absent", FakeIpCommand()).mac_for("192.0.2.1") is None


def test_a_text_that_is_not_an_address_is_refused(arp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"ipv4:192\.0\.2\.1:5000"):
        LinuxNeighbourTable(arp_path, FakeIpCommand()).mac_for("ipv4:192.0.2.1:5000")


def test_the_static_table_answers_like_the_kernel_one() -> None:
    table: NeighbourTable = StaticNeighbourTable(
        {"192.0.2.1": "02-FC-00-00-00-05", "fe80::1": "5254.0012.3456"}
    )
    assert table.mac_for("192.0.2.1") == "02:fc:00:00:00:05"
    assert table.mac_for("::ffff:192.0.2.1") == "02:fc:00:00:00:05"
    assert table.mac_for("fe80::1") == "52:54:00:12:34:56"
    assert table.mac_for("192.0.2.2") is None


@pytest.mark.parametrize(
    "text", ["AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF", "aabb.ccdd.eeff"]
)
def test_normalise_mac_accepts_the_three_usual_forms(text: str) -> None:
    assert normalise_mac(text) == "aa:bb:cc:dd:ee:ff"


@pytest.mark.parametrize(
    "text",
    [
        "aa:bb:cc:dd:ee",
        "aa:bb:cc:dd:ee:ff:00",
        "aa-bb:cc-dd:ee-ff",
        "aabbccddeeff",
        "gg:bb:cc:dd:ee:ff",
        "aa:bb:cc:dd:ee:ff\n01",
        "",
    ],
)
def test_normalise_mac_refuses_anything_else_naming_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="MAC address") as raised:
        normalise_mac(text)
    assert repr(text) in str(raised.value)
