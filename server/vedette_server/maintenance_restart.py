"""The scheduled maintenance restart (SPEC SYS-08): the server restarts itself every N
days at a set hour, as the operator's manual describes ("Maintenance automatique").

``next_restart_us`` is the schedule, a pure function of the last start, the
``maintenance`` settings and the time zone; ``MaintenanceRestart`` checks it every
``interval_s`` on the event loop and, when the time has come, asks the server to
restart its process (the same path as a Restart call: every segment closed, the same
command line executed again, the PID kept), never the machine.

Invariants:

- Off (``restart_every_days`` 0): nothing ever happens.
- The restart is at ``restart_hour``:00 in ``date_time.time_zone`` on the N-th
  calendar day after the day of the last start there, so a server that restarts at
  that hour restarts again N days later. An hour that a DST change skips moves to the
  first instant after the gap; an hour it repeats happens once, at its first occurrence.
- The settings are read at every check: a change acts at the next one, no restart.
- While something must not be cut short (an export running, an upgrade under way) a
  due restart is postponed: one log line and one system log entry per reason, and it
  happens at the first check when nothing is busy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as wall_time
from typing import Protocol
from zoneinfo import ZoneInfo

from vedette_server.export.tasks import ExportTasks
from vedette_server.periodic import Periodic
from vedette_server.power import StopRequest
from vedette_server.settings.model import MaintenanceSettings
from vedette_server.settings.store import SettingsStore

log = logging.getLogger(__name__)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
#: Why a restart must wait now (a sentence), or None: one per thing that may be busy.
BusyCheck = Callable[[], Awaitable[str | None]]


class _UpgradeState(Protocol):
    @property
    def busy(self) -> bool: ...


def exports_running(tasks: ExportTasks) -> BusyCheck:
    """Busy while an export task runs: a restart would start its file again."""

    async def check() -> str | None:
        running = sum(1 for task in tasks.all() if task.state == "running")
        return f"{running} export(s) running" if running else None

    return check


def upgrade_under_way(status: Callable[[], Awaitable[_UpgradeState]]) -> BusyCheck:
    """Busy while an upgrade waits for the host or installs (``UpgradeIntake.status``)."""

    async def check() -> str | None:
        return "an upgrade is under way" if (await status()).busy else None

    return check


def next_restart_us(started_us: int, settings: MaintenanceSettings, zone: str) -> int | None:
    """When the restart after a start at ``started_us`` is due (µs since the epoch,
    UTC), or None when the maintenance restart is off."""
    if settings.restart_every_days == 0:
        return None
    tz = ZoneInfo(zone)
    started = (_EPOCH + started_us * _ONE_US).astimezone(tz)
    day = started.date() + timedelta(days=settings.restart_every_days)
    # fold=0: in a gap zoneinfo applies the offset from before it (02:00 in a spring
    # change reads as 03:00 after it); in a repeated hour, its first occurrence.
    due = datetime.combine(day, wall_time(settings.restart_hour), tzinfo=tz)
    return (due.astimezone(UTC) - _EPOCH) // _ONE_US


class MaintenanceRestart:
    """Restarts the server process when ``next_restart_us`` has come.

    ``record(action, message)`` writes a system log entry; ``busy`` are the checks
    that postpone a due restart; ``clock`` is the wall clock in seconds.
    """

    def __init__(
        self,
        settings: SettingsStore,
        started_us: int,
        stop: StopRequest,
        record: Callable[[str, str], None],
        busy: Sequence[BusyCheck] = (),
        *,
        interval_s: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._started_us = started_us
        self._stop = stop
        self._record = record
        self._busy = busy
        self._clock = clock
        self._postponed_for: str | None = None
        self._periodic = Periodic("maintenance restart", interval_s, self.check)

    def next_restart_us(self) -> int | None:
        """When this server restarts for maintenance, under the current settings."""
        current = self._settings.current
        return next_restart_us(self._started_us, current.maintenance, current.date_time.time_zone)

    async def start(self) -> None:
        await self._periodic.start()

    async def aclose(self) -> None:
        await self._periodic.aclose()

    async def check(self) -> None:
        """One check: restart when due and nothing is busy; otherwise say why not."""
        due_us = self.next_restart_us()
        if due_us is None or self._stop.asked or int(self._clock() * 1e6) < due_us:
            return
        for busy in self._busy:
            reason = await busy()
            if reason is not None:
                if reason != self._postponed_for:
                    self._postponed_for = reason
                    message = f"maintenance restart postponed: {reason}"
                    log.info("%s", message)
                    self._record("maintenance.restart_postponed", message)
                return
        self._postponed_for = None
        every = self._settings.current.maintenance.restart_every_days
        message = f"maintenance restart (every {every} day{'s' if every > 1 else ''})"
        log.info("%s", message)
        self._record("maintenance.restart", message)
        self._stop.ask("restart")
