"""The appliance's network settings over the API (NET-05): GetHostNetwork and
UpdateHostNetwork on a real server run with ``--host-control systemd``, whose nmcli
reaches the real NetworkManager of test_host_network's namespace (the server's
environment carries that NetworkManager's private D-Bus address, as the fixture sets
it for nmcli; the server itself listens on the host's loopback). What the server
reports is checked against the kernel (``ip -n``), not against NetworkManager."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_host_network import (
    addresses,
    default_gateways,
    dhcp_server,
    ip,
    network_manager,  # noqa: F401 (the fixture)
    nmcli,
)
from tests.support.server_process import init_data_dir, running_server, start_server
from vedette_api import errors
from vedette_api.v1 import system_pb2

pytestmark = pytest.mark.slow
STATIC = system_pb2.HOST_ADDRESS_METHOD_STATIC
DHCP = system_pb2.HOST_ADDRESS_METHOD_DHCP


def mac_address(namespace: str, device: str) -> str:
    [link] = json.loads(ip(namespace, "-j", "link", "show", "dev", device))
    return str(link["address"]).upper()


def test_the_server_lists_both_nics_applies_static_then_dhcp_and_refuses_bad_input(
    network_manager: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    namespace = network_manager
    data = tmp_path / "data"
    assert init_data_dir(data, default_volume=False).returncode == 0
    server = start_server(data, tmp_path / "known.json", "--host-control", "systemd")
    try:
        with server.client() as admin:
            listed = admin.get_host_network()
            assert [i.name for i in listed] == ["vd0", "vd1"]  # NetworkManager's, by name
            for nic in listed:
                assert nic.mac_address == mac_address(namespace, nic.name)
                assert nic.link_up  # its peer is up
                assert (nic.method, nic.address, nic.configured_here) == (
                    system_pb2.HOST_ADDRESS_METHOD_UNSPECIFIED,
                    "",
                    False,
                )

            static = admin.update_host_network(
                system_pb2.HostInterface(
                    name="vd0",
                    method=STATIC,
                    address="192.0.2.10/24",
                    gateway="192.0.2.1",
                    dns_servers=["192.0.2.53"],
                    mac_address="ignored",  # output only
                )
            )
            assert addresses(namespace, "vd0") == ["192.0.2.10/24"]
            assert default_gateways(namespace) == [("192.0.2.1", "vd0")]
            assert (static.method, static.address, static.gateway) == (
                STATIC,
                "192.0.2.10/24",
                "192.0.2.1",
            )
            assert list(static.dns_servers) == ["192.0.2.53"]
            assert static.configured_here and static.mac_address == mac_address(namespace, "vd0")
            assert {i.name: i for i in admin.get_host_network()}["vd0"] == static

            # Back to DHCP: the lease from the DHCP server on vp0 is what is reported.
            with dhcp_server(namespace, "vp0", tmp_path):
                leased = admin.update_host_network(
                    system_pb2.HostInterface(name="vd0", method=DHCP)
                )
                assert addresses(namespace, "vd0") == [leased.address]
            assert leased.method == DHCP and leased.configured_here
            assert leased.address.startswith("198.51.100.") and leased.address.endswith("/25")
            # dnsmasq gives itself as the router (its DNS is off: --port=0).
            assert default_gateways(namespace) == [("198.51.100.1", "vd0")]
            assert leased.gateway == "198.51.100.1" and list(leased.dns_servers) == []

            # Refused before anything reaches NetworkManager, naming the field.
            refusals = [
                (system_pb2.HostInterface(name="vd1", method=STATIC, address="192.0.2.300/24"),
                 "interface.address"),
                (system_pb2.HostInterface(name="vd1", method=STATIC, address="192.0.2.10/24",
                                          gateway="198.51.100.1"), "interface.gateway"),
                (system_pb2.HostInterface(name="vd1", method=DHCP, dns_servers=["ns.example"]),
                 "interface.dns_servers"),
                (system_pb2.HostInterface(name="vd1"), "interface.method"),
                (system_pb2.HostInterface(name="vp0", method=DHCP), "interface.name"),
                (system_pb2.HostInterface(name="eth0; reboot", method=DHCP), "interface.name"),
            ]  # fmt: skip
            for request, field in refusals:
                with pytest.raises(errors.InvalidArgument) as refused:
                    admin.update_host_network(request)
                assert refused.value.metadata["field"] == field, refused.value
            assert addresses(namespace, "vd1") == []
            assert nmcli("--terse", "--fields", "NAME", "connection", "show").split() == [
                "vedette-vd0"
            ]

            entries = [e for e in admin.search_logs(limit=200) if e.action == "host_network.update"]
            done = [e for e in entries if e.outcome in ("", "ok")]
            assert [json.loads(e.detail_json)["method"] for e in reversed(done)] == [
                "static",
                "dhcp",
            ]
            assert "vd0" in done[-1].message and "192.0.2.10/24" in done[-1].message
            assert len(entries) - len(done) == len(refusals)  # the refusals are logged too
    finally:
        server.stop()


def test_a_server_that_does_not_control_its_host_refuses(tmp_path: Path) -> None:
    with running_server(tmp_path) as server, server.client() as admin:
        with pytest.raises(errors.FailedPrecondition, match="does not control") as refused:
            admin.get_host_network()
        assert refused.value.reason == "HOST_CONTROL_OFF"
        request = system_pb2.HostInterface(name="eth0", method=DHCP)
        with pytest.raises(errors.FailedPrecondition) as refused:
            admin.update_host_network(request)
        assert refused.value.reason == "HOST_CONTROL_OFF"
        assert not admin.get_settings().date_time.applied_to_host
