"""The network watch on real links: two network namespaces joined by a veth pair, the
watch (``python -m vedette_server.netwatch``) running inside one of them, the other
playing the LAN. Nothing is sent from the host's own namespace.

- the same IPv4 address on both ends: the probe finds the conflict naming the other
  end's MAC, and its end once the other end lets the address go; with probes off,
  the other end's own ARP for the address is enough (passive detection);
- the other end's link set down: "down" after the debounce, "up" when it comes back;
  a flap shorter than the debounce says nothing;
- without CAP_NET_RAW: the status says detection is unavailable and no conflict (nor
  any "no conflict") is ever told;
- a real server started inside the namespace raises the built-in "IP conflict" and
  "Network down" alarms and closes them when their causes clear.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.bytecode import environment
from tests.support.child_process import start_until_line
from tests.support.polling import wait_until
from tests.support.server_process import ADMIN_PASSWORD, READY_TIMEOUT_S, init_data_dir
from vedette_server.netwatch import IP_CONFLICT, NETWORK_LINK

SHARED = "10.213.0.1"
OTHER = "10.213.0.2"
ABSENT = "10.213.0.9"
SEND_TO_ABSENT = (
    f"import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ({ABSENT!r}, 9))"
)
WAIT_S = 60.0
_names = itertools.count()


def _unavailable() -> str | None:
    if os.geteuid() != 0:
        return "network namespaces with veth pairs need root (ip netns add)"
    if shutil.which("ip") is None:
        return "ip (iproute2) is not installed"
    return None


pytestmark = pytest.mark.skipif(_unavailable() is not None, reason=str(_unavailable()))


def ip(*args: str) -> str:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"ip {' '.join(args)}: {result.stderr.strip()}"
    return result.stdout


@dataclass
class Lan:
    """Namespace ``watched`` (interface ``here``) and namespace ``peer`` (``there``)."""

    watched: str
    peer: str
    here: str
    there: str

    def peer_mac(self) -> str:
        (info,) = json.loads(ip("-j", "-n", self.peer, "link", "show", self.there))
        return str(info["address"])

    def in_peer(self, *args: str) -> str:
        return ip("-n", self.peer, *args)

    def ask_for_a_neighbour(self) -> None:
        """The peer sends to an absent neighbour: its kernel's ARP request for it
        carries the peer's own address and MAC as the sender's."""
        argv = ["ip", "netns", "exec", self.peer, sys.executable, "-c", SEND_TO_ABSENT]
        subprocess.run(argv, check=True, timeout=30)


@pytest.fixture
def lan() -> Iterator[Lan]:
    tag = f"{os.getpid() % 100000}x{next(_names)}"
    watched, peer = f"vnw-w{tag}", f"vnw-p{tag}"
    try:
        ip("netns", "add", watched)
    except AssertionError as error:
        pytest.skip(f"cannot make a network namespace here: {error}")
    try:
        ip("netns", "add", peer)
        here, there = f"vw{tag}", f"vp{tag}"
        ip("link", "add", here, "netns", watched, "type", "veth", "peer", "name", there,
           "netns", peer)  # fmt: skip
        for namespace, name in ((watched, here), (peer, there)):
            ip("-n", namespace, "link", "set", "lo", "up")
            ip("-n", namespace, "link", "set", name, "up")
        ip("-n", watched, "addr", "add", f"{SHARED}/24", "dev", here)
        yield Lan(watched, peer, here, there)
    finally:
        for namespace in (watched, peer):
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True, timeout=30)


@dataclass
class Watch:
    """The watch's process in the watched namespace and the JSON lines it printed."""

    process: subprocess.Popen[str]
    lines: queue.Queue[dict[str, Any]] = field(default_factory=queue.Queue)
    seen: list[dict[str, Any]] = field(default_factory=list)

    def next_where(self, what: str, match: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, f"the watch ended: {self.stderr()}"
                continue
            self.seen.append(line)
            if match(line):
                return line
        raise AssertionError(f"not within {WAIT_S:g} s: {what}; saw {self.seen}")

    def event(self, kind: str, **facts: object) -> dict[str, Any]:
        def match(line: dict[str, Any]) -> bool:
            got = line.get("facts", {})
            return line.get("kind") == kind and all(got.get(k) == v for k, v in facts.items())

        return dict(self.next_where(f"{kind} {facts}", match)["facts"])

    def told(self, kind: str) -> list[dict[str, Any]]:
        return [line["facts"] for line in self.seen if line.get("kind") == kind]

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(running)"
        return self.process.stderr.read() if self.process.stderr else ""


@pytest.fixture
def start_watch(lan: Lan) -> Iterator[Callable[..., Watch]]:
    started: list[Watch] = []

    def start(*flags: str, without_net_raw: bool = False) -> Watch:
        drop = ["setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw"]
        watch_argv = [sys.executable, "-m", "vedette_server.netwatch", "--sample", "0.2", *flags]
        argv = ["ip", "netns", "exec", lan.watched, *(drop if without_net_raw else []), *watch_argv]
        process = subprocess.Popen(
            argv, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        watch = Watch(process)
        started.append(watch)

        def read() -> None:
            assert process.stdout is not None
            for text in process.stdout:
                watch.lines.put(json.loads(text))

        threading.Thread(target=read, daemon=True).start()
        return watch

    yield start
    for watch in started:
        watch.process.terminate()
        try:
            watch.process.wait(30)
        except subprocess.TimeoutExpired:
            watch.process.kill()
            watch.process.wait(10)


def status(watch: Watch) -> str:
    return str(watch.next_where("the status line", lambda line: "status" in line)["status"])


def test_the_same_address_on_the_other_end_is_a_conflict_naming_its_mac_until_it_leaves(
    lan: Lan, start_watch: Callable[..., Watch]
) -> None:
    lan.in_peer("addr", "add", f"{SHARED}/24", "dev", lan.there)
    watch = start_watch("--probe-every", "1")
    assert status(watch).startswith("listening, probing")
    conflict = watch.event(IP_CONFLICT, conflict=True)
    assert conflict["address"] == SHARED and conflict["interface"] == lan.here
    assert conflict["other_mac"] == lan.peer_mac()
    # The other machine takes another address: the next full round hears nobody.
    lan.in_peer("addr", "del", f"{SHARED}/24", "dev", lan.there)
    lan.in_peer("addr", "add", f"{OTHER}/24", "dev", lan.there)
    over = watch.event(IP_CONFLICT, conflict=False)
    assert (over["address"], over["other_mac"]) == (SHARED, lan.peer_mac())
    assert len(watch.told(IP_CONFLICT)) == 2  # told once each way


def test_without_probes_the_other_machines_own_arp_for_our_address_is_a_conflict(
    lan: Lan, start_watch: Callable[..., Watch]
) -> None:
    lan.in_peer("addr", "add", f"{SHARED}/24", "dev", lan.there)
    watch = start_watch()
    assert status(watch) == "listening (probes off)"
    # The peer looks for a neighbour: its ARP request says "tell 10.213.0.1".
    lan.ask_for_a_neighbour()
    conflict = watch.event(IP_CONFLICT, conflict=True)
    assert (conflict["address"], conflict["other_mac"]) == (SHARED, lan.peer_mac())
    assert conflict["operation"] == "request"


def test_a_link_down_after_the_debounce_is_down_then_up_and_a_flap_is_nothing(
    lan: Lan, start_watch: Callable[..., Watch]
) -> None:
    watch = start_watch("--hold", "5")
    assert status(watch).startswith("listening")
    assert watch.told(NETWORK_LINK) == [
        {"interface": lan.here, "up": True, "why": "up (operstate up)"}
    ]
    # A flap well inside the 5 s hold (the watch samples every 0.2 s).
    lan.in_peer("link", "set", lan.there, "down")
    time.sleep(1.0)
    lan.in_peer("link", "set", lan.there, "up")
    # Then the cable is pulled at the other end for good.
    lan.in_peer("link", "set", lan.there, "down")
    down = watch.event(NETWORK_LINK, interface=lan.here, up=False)
    assert "no carrier" in down["why"]
    lan.in_peer("link", "set", lan.there, "up")
    watch.event(NETWORK_LINK, interface=lan.here, up=True)
    downs = [facts for facts in watch.told(NETWORK_LINK) if not facts["up"]]
    assert downs == [down]  # the flap said nothing


def test_our_own_side_set_down_is_said_administratively_down(
    lan: Lan, start_watch: Callable[..., Watch]
) -> None:
    watch = start_watch("--hold", "1")
    status(watch)
    ip("-n", lan.watched, "link", "set", lan.here, "down")
    down = watch.event(NETWORK_LINK, interface=lan.here, up=False)
    assert down["why"] == "administratively down"


def test_without_cap_net_raw_detection_is_said_unavailable_and_nothing_is_told(
    lan: Lan, start_watch: Callable[..., Watch]
) -> None:
    lan.in_peer("addr", "add", f"{SHARED}/24", "dev", lan.there)
    watch = start_watch("--probe-every", "1", "--hold", "2", without_net_raw=True)
    said = status(watch)
    assert said.startswith("IP conflict detection unavailable: needs CAP_NET_RAW"), said
    lan.ask_for_a_neighbour()
    # Anything about the conflict would be printed before a later link change is.
    lan.in_peer("link", "set", lan.there, "down")
    watch.event(NETWORK_LINK, interface=lan.here, up=False)
    assert watch.told(IP_CONFLICT) == []


# -- through a real server --------------------------------------------------------------------


@dataclass
class NamespacedServer:
    """A real server inside the watched namespace; ``vedette`` runs there too (the
    API is on that namespace's loopback)."""

    lan: Lan
    port: int
    home: Path
    output: list[str]

    def vedette(self, *args: str) -> Any:
        env = dict(os.environ, VEDETTE_PASSWORD=ADMIN_PASSWORD, XDG_CONFIG_HOME=str(self.home),
                   VEDETTE_SERVER=f"127.0.0.1:{self.port}")  # fmt: skip
        vedette = str(Path(sys.executable).parent / "vedette")
        argv = ["ip", "netns", "exec", self.lan.watched, vedette, *args, "--json"]
        result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def alarm(self, key: str, state: str) -> dict[str, Any] | None:
        """The alarm of ``key`` when it is in ``state``, else None."""
        found = [a for a in self.vedette("alarms", "list") if a.get("key") == key]
        return found[0] if found and found[0]["state"] == state else None


@contextlib.contextmanager
def namespaced_server(
    lan: Lan, tmp_path: Path, *flags: str, without_net_raw: bool = False
) -> Iterator[NamespacedServer]:
    assert init_data_dir(tmp_path / "data").returncode == 0
    drop = ["setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw"]
    argv = ["ip", "netns", "exec", lan.watched, *(drop if without_net_raw else []),
            sys.executable, "-m", "vedette_server.cli", "run", "--data", str(tmp_path / "data"),
            "--listen", "127.0.0.1:0", "--rtsp-listen", "127.0.0.1:0", "--local-socket", "none",
            *flags]  # fmt: skip
    process, line, output = start_until_line(argv, "vedette-server ready on", READY_TIMEOUT_S)
    try:
        yield NamespacedServer(lan, int(line.rsplit(":", 1)[1]), tmp_path / "home", output)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    assert not any("Traceback" in text for text in output), "\n".join(output[-50:])


def test_a_server_in_the_namespace_raises_and_closes_the_network_exception_alarms(
    lan: Lan, tmp_path: Path
) -> None:
    lan.in_peer("addr", "add", f"{SHARED}/24", "dev", lan.there)
    with namespaced_server(lan, tmp_path, "--ip-conflict-probe-seconds", "10") as server:
        conflict_key, down_key = f"exc:ip_conflict:{SHARED}", f"exc:network_down:{lan.here}"
        conflict = wait_until(
            "the IP conflict alarm", lambda: server.alarm(conflict_key, "new"), WAIT_S
        )
        assert conflict["priority"] == 1 and lan.peer_mac() in conflict["title"]
        lan.in_peer("link", "set", lan.there, "down")
        down = wait_until("the network down alarm", lambda: server.alarm(down_key, "new"), WAIT_S)
        assert lan.here in down["title"] and "no carrier" in down["title"]  # debounced watch
        lan.in_peer("link", "set", lan.there, "up")
        closed = wait_until(
            "the network down alarm closed", lambda: server.alarm(down_key, "closed"), WAIT_S
        )
        assert closed["resolution"] == "auto" and closed["id"] == down["id"]
        # The other machine lets the address go: the next probe round closes the alarm.
        lan.in_peer("addr", "del", f"{SHARED}/24", "dev", lan.there)
        over = wait_until(
            "the IP conflict alarm closed", lambda: server.alarm(conflict_key, "closed"), WAIT_S
        )
        assert over["id"] == conflict["id"] and over["resolution"] == "auto"


def test_a_server_without_cap_net_raw_says_so_in_its_system_log_and_raises_no_conflict(
    lan: Lan, tmp_path: Path
) -> None:
    lan.in_peer("addr", "add", f"{SHARED}/24", "dev", lan.there)
    flags = ("--ip-conflict-probe-seconds", "10")
    with namespaced_server(lan, tmp_path, *flags, without_net_raw=True) as server:
        (entry,) = wait_until(
            "the system log entry",
            lambda: server.vedette("logs", "--text", "IP conflict detection") or None,
            WAIT_S,
        )
        assert entry["action"] == "network.ip_conflict.unavailable"
        assert "needs CAP_NET_RAW" in entry["message"]
        lan.ask_for_a_neighbour()
        # A later link change is told after anything the conflict could have raised.
        lan.in_peer("link", "set", lan.there, "down")
        down_key = f"exc:network_down:{lan.here}"
        wait_until("the network down alarm", lambda: server.alarm(down_key, "new"), WAIT_S)
        keys = [alarm["key"] for alarm in server.vedette("alarms", "list")]
        assert keys == [down_key]
