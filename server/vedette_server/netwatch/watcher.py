"""The network watch: link states and IP conflicts of the host, on the event bus.

Each ``sample_s`` it reads the interfaces (in a thread: sysfs and psutil), keeps
those that carry the server's traffic (``link_watch.carries_traffic``; once watched,
an interface stays watched, so one that loses its address or vanishes when its cable
is pulled is still said down), debounces them (``hold_s``) and publishes
``NETWORK_LINK`` for each change. With an ARP socket (CAP_NET_RAW) it listens to
every ARP frame on the event loop and probes each IPv4 address of an up watched
interface at start and every ``probe_every_s`` (RFC 5227: ``probe_count`` probes
``probe_gap_s`` apart, then ``probe_wait_s`` of listening), publishing
``IP_CONFLICT`` when another MAC claims an address and when a full round heard none.

Invariants:
- without the socket, ``conflict_check`` says "IP conflict detection unavailable:
  ..." (logged once at start, and given to ``report``) and no IP conflict event is
  ever published: in particular never a "no conflict";
- ``start`` returns once the first sample is taken (or failed: logged, retried) and
  never raises; ``aclose`` stops the loops and closes the socket; nothing raised by a
  sample or a probe stops the watch (logged).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from vedette_hw.arp_probe import ArpSocket, ArpUnavailable, open_arp_socket
from vedette_hw.link_watch import LinkDebounce, LinkReading, LinkSource, carries_traffic, read_links
from vedette_server.events import EventBus, ServerEvent
from vedette_server.netwatch import IP_CONFLICT, NETWORK_LINK
from vedette_server.netwatch.conflicts import Conflict, ConflictTracker

log = logging.getLogger(__name__)

UNAVAILABLE: Final = "IP conflict detection unavailable: "


@dataclass(frozen=True)
class NetWatchTimings:
    sample_s: float = 1.0
    #: A link change shorter than this is a flap, not news.
    hold_s: float = 3.0
    #: None: never probe (listen only).
    probe_every_s: float | None = 300.0
    probe_count: int = 3
    probe_gap_s: float = 1.0
    probe_wait_s: float = 2.0


class NetWatch:
    def __init__(
        self,
        events: EventBus,
        timings: NetWatchTimings | None = None,
        *,
        source: LinkSource = read_links,
        watch: Callable[[LinkReading], bool] = carries_traffic,
        open_socket: Callable[[], ArpSocket] = open_arp_socket,
        clock: Callable[[], float] = time.monotonic,
        report: Callable[[str], None] | None = None,
    ) -> None:
        """``report``: where to say, once at start, that conflicts cannot be detected
        (the server's system log; must not block), besides this module's log."""
        self._events = events
        self.timings = timings or NetWatchTimings()
        self._source = source
        self._watch = watch
        self._open_socket = open_socket
        self._clock = clock
        self._report = report
        self._debounce = LinkDebounce(self.timings.hold_s)
        self._tracker = ConflictTracker()
        self._watched: set[str] = set()
        #: (address, interface, mac) of each IPv4 address of an up watched interface.
        self._probe_targets: list[tuple[str, str, str]] = []
        self._socket: ArpSocket | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.conflict_check = "not started"

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(self._watched)

    async def start(self) -> None:
        try:
            self._socket = self._open_socket()
        except ArpUnavailable as error:
            self.conflict_check = UNAVAILABLE + str(error)
            log.warning("%s", self.conflict_check)
            if self._report is not None:
                try:
                    self._report(self.conflict_check)
                except Exception:
                    log.exception("network watch: could not report %r", self.conflict_check)
        else:
            self.conflict_check = "listening" + (
                f", probing every {self.timings.probe_every_s:g} s"
                if self.timings.probe_every_s
                else " (probes off)"
            )
            asyncio.get_running_loop().add_reader(self._socket.fileno(), self._on_arp)
        try:
            await self._sample_once()
        except Exception:  # the loop tries again; the server starts all the same
            log.exception("network watch: reading the interfaces failed")
        self._tasks.append(asyncio.create_task(self._sample_forever(), name="network links"))
        if self._socket is not None and self.timings.probe_every_s:
            self._tasks.append(asyncio.create_task(self._probe_forever(), name="ARP probes"))

    async def aclose(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        sock, self._socket = self._socket, None
        if sock is not None:
            asyncio.get_running_loop().remove_reader(sock.fileno())
            sock.close()

    # -- links ---------------------------------------------------------------------------

    async def _sample_forever(self) -> None:
        while True:
            await asyncio.sleep(self.timings.sample_s)
            try:
                await self._sample_once()
            except Exception:
                log.exception("network watch: reading the interfaces failed")

    async def _sample_once(self) -> None:
        readings = await asyncio.to_thread(self._source)
        now = self._clock()
        by_name = {r.name: r for r in readings}
        self._watched |= {r.name for r in readings if self._watch(r)}
        for name in sorted(self._watched):
            reading = by_name.get(name)
            up, why = (reading.up, reading.why) if reading else (False, "interface is gone")
            change = self._debounce.feed(name, up, why, now)
            if change is not None:
                level = logging.INFO if change.up else logging.WARNING
                log.log(level, "network interface %s: %s", name, change.why)
                self._publish(NETWORK_LINK, interface=name, up=change.up, why=change.why)
        ours = [r for r in readings if r.name in self._watched]
        self._probe_targets = [(a, r.name, r.mac) for r in ours if r.up and r.mac for a in r.ipv4]
        addresses = {address: r.name for r in ours for address in r.ipv4}
        macs = {r.mac for r in readings if r.mac}
        for conflict in self._tracker.update(addresses, macs):
            self._said_over(conflict, "the address is no longer the server's")

    # -- IP conflicts ---------------------------------------------------------------------

    def _on_arp(self, *_: object) -> None:
        sock = self._socket
        if sock is None:
            return
        try:
            heard = sock.drain()
        except OSError as error:
            log.warning("network watch: reading ARP failed: %s", error)
            return
        for frame in heard:
            conflict = self._tracker.heard(frame)
            if conflict is not None:
                log.warning(
                    "IP conflict: %s (%s) is also used by %s",
                    conflict.address,
                    conflict.interface,
                    conflict.other_mac,
                )
                self._publish_conflict(conflict, True)

    async def _probe_forever(self) -> None:
        assert self.timings.probe_every_s
        while True:
            try:
                await self.probe_round()
            except Exception:
                log.exception("network watch: ARP probe round failed")
            await asyncio.sleep(self.timings.probe_every_s)

    async def probe_round(self) -> None:
        """Probe every address once (RFC 5227 §2.1.1) and clear the conflicts of those
        a full round heard nobody claim."""
        sock = self._socket
        if sock is None:
            return
        t = self.timings
        targets = list(self._probe_targets)
        for address, _, _ in targets:
            self._tracker.begin_round(address)
        for n in range(t.probe_count):
            if n:
                await asyncio.sleep(t.probe_gap_s)
            for address, interface, mac in targets:
                try:
                    sock.send_probe(interface, mac, address)
                except OSError as error:
                    log.info("ARP probe for %s on %s not sent: %s", address, interface, error)
                    self._tracker.abandon_round(address)
        await asyncio.sleep(t.probe_wait_s)
        for address, _, _ in targets:
            over = self._tracker.end_round(address)
            if over is not None:
                self._said_over(over, "no other machine answered the probes")

    def _said_over(self, conflict: Conflict, why: str) -> None:
        log.warning("IP conflict over: %s (%s): %s", conflict.address, conflict.interface, why)
        self._publish_conflict(conflict, False)

    def _publish_conflict(self, conflict: Conflict, state: bool) -> None:
        self._publish(
            IP_CONFLICT,
            address=conflict.address,
            interface=conflict.interface,
            conflict=state,
            other_mac=conflict.other_mac,
            operation=conflict.operation,
        )

    def _publish(self, kind: str, **facts: object) -> None:
        self._events.publish(ServerEvent(kind, dict(facts)))
