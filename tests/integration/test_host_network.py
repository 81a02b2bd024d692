"""The appliance's network settings (NET-05) applied by a real NetworkManager.

The fixture gives NetworkManager a world of its own: a network namespace holding two
veth pairs (the appliance's two NICs, vd0 and vd1, and their peers), a private mount
namespace (its run and state directories on tmpfs, /sys read-only so it does not
wait for udev) and a private system D-Bus (a dbus-daemon with its own socket, which
nmcli reaches through DBUS_SYSTEM_BUS_ADDRESS). It manages vd0 and vd1 only. The
test reads the result from the kernel (``ip -n``), not from NetworkManager.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.server_process import wait_for
from vedette_hw.host_network_settings import InterfaceSettings, NmcliHostNetworkSettings
from vedette_hw.host_time import HostControlError

pytestmark = pytest.mark.slow

TOOLS = {"NetworkManager": "network-manager", "nmcli": "network-manager",
         "dbus-daemon": "dbus-daemon", "ip": "iproute2", "unshare": "util-linux",
         "dnsmasq": "dnsmasq-base"}  # fmt: skip
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""
# auth-polkit=false: the private bus has no polkit (the appliance's rule is
# tested in tests/installers); no-auto-default: no "Wired connection" profiles.
NM_CONFIG = """[main]
auth-polkit=false
dhcp=internal
dns=none
plugins=keyfile
no-auto-default=*
[keyfile]
path={profiles}
unmanaged-devices=*,except:interface-name:vd0,except:interface-name:vd1
"""
# Inside the namespaces: NetworkManager's directories private, /sys read-only.
NM_START = """set -e
mkdir -p /run/NetworkManager /var/lib/NetworkManager
mount -t tmpfs tmpfs /run/NetworkManager
mount -t tmpfs tmpfs /var/lib/NetworkManager
mount -o remount,ro /sys
exec NetworkManager --no-daemon --config="$1" --config-dir="$2" --state-file="$3"
"""


def ip(namespace: str, *args: str) -> str:
    done = subprocess.run(["ip", "-n", namespace, *args], capture_output=True, text=True,
                          timeout=30, check=True)  # fmt: skip
    return done.stdout


def addresses(namespace: str, device: str) -> list[str]:
    links = json.loads(ip(namespace, "-j", "-4", "address", "show", "dev", device))
    return [f"{a['local']}/{a['prefixlen']}" for link in links for a in link["addr_info"]]


def default_gateways(namespace: str) -> list[tuple[str, str]]:
    routes = json.loads(ip(namespace, "-j", "-4", "route", "show", "default"))
    return [(r["gateway"], r["dev"]) for r in routes]


READY = {"vd0:disconnected", "vd1:disconnected"}


def device_states() -> list[str]:
    """``DEVICE:STATE`` lines (none while NetworkManager is not on the bus yet)."""
    done = subprocess.run(["nmcli", "--terse", "--fields", "DEVICE,STATE", "device"],
                          capture_output=True, text=True, timeout=30, check=False)  # fmt: skip
    return done.stdout.splitlines()


def nmcli(*args: str) -> str:
    return subprocess.run(["nmcli", *args], capture_output=True, text=True, timeout=60,
                          check=True).stdout  # fmt: skip


@contextmanager
def dhcp_server(namespace: str, device: str, directory: Path) -> Iterator[None]:
    """dnsmasq answering DHCP on ``device`` (198.51.100.1/25): leases .50 to .60."""
    ip(namespace, "address", "add", "198.51.100.1/25", "dev", device)
    argv = ["ip", "netns", "exec", namespace, "dnsmasq", "--keep-in-foreground",
            "--port=0", f"--interface={device}", "--bind-interfaces",
            "--dhcp-range=198.51.100.50,198.51.100.60,255.255.255.128,1h",
            f"--dhcp-leasefile={directory / 'leases'}", "--pid-file", "--no-resolv"]  # fmt: skip
    server = subprocess.Popen(argv)
    try:
        yield
    finally:
        server.terminate()
        server.wait(30)


@pytest.fixture
def network_manager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A NetworkManager managing vd0 and vd1 in a namespace of their own; its name."""
    missing = [f"{tool} ({package})" for tool, package in TOOLS.items() if not shutil.which(tool)]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}; make setup installs them")
    if os.geteuid() != 0:
        pytest.skip("needs root: it creates a network namespace and runs NetworkManager")
    namespace = f"vedette-nm-{uuid.uuid4().hex[:8]}"
    socket = tmp_path / "bus.sock"
    (tmp_path / "bus.conf").write_text(BUS_CONFIG.format(socket=socket))
    (tmp_path / "nm.conf").write_text(NM_CONFIG.format(profiles=tmp_path / "profiles"))
    (tmp_path / "profiles").mkdir()
    (tmp_path / "conf.d").mkdir()
    subprocess.run(["ip", "netns", "add", namespace], check=True, timeout=30)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for n in ("0", "1"):
            ip(namespace, "link", "add", f"vd{n}", "type", "veth", "peer", "name", f"vp{n}")
            ip(namespace, "link", "set", f"vp{n}", "up")
        processes.append(
            subprocess.Popen(["dbus-daemon", "--nofork", f"--config-file={tmp_path / 'bus.conf'}"])
        )
        wait_for(socket.exists, 60, "the private system bus")
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={socket}")
        start = ["ip", "netns", "exec", namespace, "unshare", "--mount", "--propagation",
                 "private", "sh", "-c", NM_START, "nm-start", str(tmp_path / "nm.conf"),
                 str(tmp_path / "conf.d"), str(tmp_path / "nm.state")]  # fmt: skip
        with (tmp_path / "nm.log").open("wb") as log:
            processes.append(subprocess.Popen(start, stdout=log, stderr=subprocess.STDOUT))
        wait_for(
            lambda: processes[-1].poll() is None and set(device_states()) >= READY,
            60,
            "NetworkManager to manage vd0 and vd1",
        )
        yield namespace
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        subprocess.run(["ip", "netns", "delete", namespace], check=False, timeout=30)


def test_two_nics_get_static_addresses_then_one_changes_and_one_takes_a_dhcp_lease(
    network_manager: str, tmp_path: Path
) -> None:
    namespace = network_manager
    host = NmcliHostNetworkSettings()
    host.apply(
        InterfaceSettings(
            "vd0", "static", "192.0.2.10/24", "192.0.2.1", ("192.0.2.53", "192.0.2.54")
        )
    )
    host.apply(InterfaceSettings("vd1", "static", "198.51.100.7/25"))
    assert addresses(namespace, "vd0") == ["192.0.2.10/24"]
    assert addresses(namespace, "vd1") == ["198.51.100.7/25"]
    assert default_gateways(namespace) == [("192.0.2.1", "vd0")]
    dns = nmcli("--get-values", "ipv4.dns", "connection", "show", "vedette-vd0")
    assert dns.strip() == "192.0.2.53,192.0.2.54"

    # Changed: the same profile (its UUID kept), the new address in place of the old.
    uuid_before = nmcli("--get-values", "connection.uuid", "connection", "show", "vedette-vd0")
    host.apply(InterfaceSettings("vd0", "static", "192.0.2.20/24"))
    assert addresses(namespace, "vd0") == ["192.0.2.20/24"]
    assert default_gateways(namespace) == []
    assert nmcli("--get-values", "connection.uuid", "connection", "show", "vedette-vd0") == (
        uuid_before
    )

    # DHCP: a lease from the DHCP server on vp1 replaces the static address.
    with dhcp_server(namespace, "vp1", tmp_path):
        host.apply(InterfaceSettings("vd1", "dhcp", dns=("192.0.2.53",)))
        [leased] = addresses(namespace, "vd1")
    assert leased.startswith("198.51.100.") and leased.endswith("/25")
    assert 50 <= int(leased.split("/")[0].rsplit(".", 1)[1]) <= 60
    assert nmcli("--get-values", "ipv4.method", "connection", "show", "vedette-vd1").strip() == (
        "auto"
    )
    profiles = nmcli("--terse", "--fields", "NAME", "connection", "show").split()
    assert sorted(profiles) == ["vedette-vd0", "vedette-vd1"]


def test_an_interface_networkmanager_does_not_manage_is_refused_with_its_message(
    network_manager: str,
) -> None:
    with pytest.raises(HostControlError, match="connection up vedette-vp0 failed"):
        NmcliHostNetworkSettings().apply(InterfaceSettings("vp0", "static", "192.0.2.30/24"))
    assert addresses(network_manager, "vp0") == []


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"interface": "eth0; reboot"}, "not a network interface name"),
        ({"interface": "a" * 16}, "not a network interface name"),
        ({"method": "static", "address": "192.0.2.10"}, "prefix length"),
        ({"method": "static", "address": "192.0.2.0/24"}, "network's or broadcast"),
        ({"method": "static", "address": "2001:db8::1/64"}, "not an IPv4 address"),
        (
            {"method": "static", "address": "192.0.2.10/24", "gateway": "198.51.100.1"},
            "not another",
        ),
        ({"method": "dhcp", "address": "192.0.2.10/24"}, "static method only"),
        ({"dns": ("192.0.2.53", "ns1.example.org")}, "'ns1.example.org' is not an IPv4"),
        ({"dns": ("2001:db8::53",)}, "'2001:db8::53' is not an IPv4"),
        ({"dns": ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")}, "at most 3"),
        ({"method": "ppp"}, "not 'dhcp' or 'static'"),
    ],
)
def test_bad_settings_are_refused_before_any_command_naming_the_field(
    fields: dict[str, object], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        InterfaceSettings(**{"interface": "eth0", **fields})  # type: ignore[arg-type]
