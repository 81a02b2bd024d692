"""Network down (an exception source): a network interface that was up goes down.

``LinkWatch.changes`` reads the host's interfaces (blocking, briefly: psutil) and gives
a start signal for an interface seen up before and down now, a stop when it is up
again. Loopback is ignored, and so is an interface never seen up since the start (the
tunnels and spare ports a host keeps down are not news).
"""

from __future__ import annotations

from collections.abc import Callable

from vedette_hw.host_network import InterfaceSource, read_psutil_interfaces
from vedette_server.alarms.sources import Signal, exception_signal


class LinkWatch:
    def __init__(
        self, clock: Callable[[], int], source: InterfaceSource = read_psutil_interfaces
    ) -> None:
        self._clock = clock
        self._source = source
        self._up: dict[str, bool] = {}

    def changes(self) -> list[Signal]:
        t = self._clock()
        signals = []
        for reading in self._source():
            name = reading.name
            if name == "lo" or name.startswith("lo:"):
                continue
            before = self._up.get(name)
            self._up[name] = reading.is_up
            if before is None or before == reading.is_up:
                continue
            what = "up again" if reading.is_up else "down"
            signals.append(
                exception_signal(
                    "network_down", name, not reading.is_up, t, f"network {name} is {what}"
                )
            )
        return signals
