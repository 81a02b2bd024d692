"""Restart and shutdown of the server process, and of its machine (SYS-11), now or
after a delay.

``PowerControl`` keeps the one pending request and fires ``on_action`` (on the event
loop) when its time comes; ``StopRequest`` is what the server waits on, set by that
action or by SIGINT/SIGTERM. A restart re-executes the same command line once every
segment is closed cleanly (``composition.restart_process``); with ``host`` asked, the
machine reboots or powers off instead, once every segment is closed (``take_host_down``).

Invariants:
- At most one action is pending; a new request replaces it, ``cancel`` drops it.
- Nothing happens after the server has begun to stop.
- The host is asked to go down only after the server has stopped; when it refuses a
  reboot, the server restarts rather than staying down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Literal

from vedette_api.timestamps import now_us
from vedette_hw.host_power import HostPower, HostPowerAction, UnmanagedHostPower
from vedette_hw.host_time import HostControlError

log = logging.getLogger(__name__)
PowerAction = Literal["restart", "shutdown"]
MAX_DELAY_S = 3600.0


class StopRequest:
    """Asked once, by a signal or an API call, and waited for by the server's run."""

    def __init__(self) -> None:
        self._asked = asyncio.Event()
        #: What to do once stopped: exit, or run the same command line again.
        self.action: PowerAction = "shutdown"
        #: Whether the machine then reboots (restart) or powers off (shutdown).
        self.host = False

    def ask(self, action: PowerAction = "shutdown", host: bool = False) -> None:
        if not self._asked.is_set():
            self.action = action
            self.host = host
        self._asked.set()

    def from_api(self, action: PowerAction, host: bool = False) -> None:
        """``PowerControl``'s action (a Restart or Shutdown call whose time came)."""
        log.info("%s%s requested through the API", action, " of the machine" if host else "")
        self.ask(action, host)

    @property
    def asked(self) -> bool:
        return self._asked.is_set()

    async def wait(self) -> PowerAction:
        await self._asked.wait()
        return self.action


class PowerControl:
    def __init__(
        self,
        on_action: Callable[[PowerAction, bool], None],
        host: HostPower | None = None,
        record: Callable[[str, str], None] = lambda action, message: None,
    ) -> None:
        """``on_action(action, host)``: the time of a request came. ``host``: the
        machine's power (refusing everything when None). ``record(action, message)``:
        a system log entry, written when the machine's turn comes."""
        self._on_action = on_action
        self.host = host or UnmanagedHostPower()
        self._record = record
        self._pending: asyncio.TimerHandle | None = None
        self.pending_action: PowerAction | None = None
        self.scheduled_us: int | None = None

    def schedule(self, action: PowerAction, delay_s: float, host: bool = False) -> int:
        """Do ``action`` (to the machine too, with ``host``) in ``delay_s`` seconds;
        returns when, in µs since the epoch."""
        if not 0 <= delay_s <= MAX_DELAY_S:
            raise ValueError(f"delay {delay_s:g} s is not within 0..{MAX_DELAY_S:g} s")
        self.cancel()
        loop = asyncio.get_running_loop()
        self.pending_action = action
        self.scheduled_us = now_us() + int(delay_s * 1e6)
        self._pending = loop.call_later(delay_s, self._fire, action, host)
        return self.scheduled_us

    def _fire(self, action: PowerAction, host: bool) -> None:
        self._pending = None
        self.pending_action = None
        if host:
            what = "restarts" if action == "restart" else "powers off"
            self._record(f"host.{host_action(action)}", f"the machine {what} once stopped")
        self._on_action(action, host)

    def cancel(self) -> bool:
        if self._pending is None:
            return False
        self._pending.cancel()
        self._pending = None
        self.pending_action = None
        self.scheduled_us = None
        return True


def host_action(action: PowerAction) -> HostPowerAction:
    """What a server restart or shutdown does to the machine."""
    return "reboot" if action == "restart" else "power_off"


def take_host_down(host: HostPower, action: PowerAction) -> PowerAction:
    """Once the server has stopped, ask the host to reboot or power off (blocks).

    Returns what the process does next: exit ("shutdown") once the host accepted, as
    the machine is going down; when the host refuses, a reboot becomes a restart of
    the server (the appliance stays in service), a power-off an exit.
    """
    try:
        host.perform(host_action(action))
    except HostControlError as error:
        log.error("the machine did not %s: %s", host_action(action).replace("_", " "), error)
        return action
    log.info("the machine is going down (%s)", host_action(action))
    return "shutdown"
