"""Volume states as they change (DISK-05, SYS-09): probed again, told, written down.

:class:`VolumeWatch` runs every ``interval_s`` from ``start()`` to ``aclose()``. Each
pass probes again the unavailable volumes that are due (``volume_reprobe.py``), reads
every volume's state and compares it with the last pass's. A change, whoever made it
(a probe, retention finding a volume full, a worker's write error, an operator), is:

- told to the ingest workers (``on_change``: they move to the writable volumes);
- written to the system log, once per change: an EXCEPTION when a volume becomes
  unavailable, full or foreign (``volume.unavailable``, ``volume.full``,
  ``volume.foreign``), an INFORMATION entry when one of those is writable again
  (``volume.available``), and published as a server event of the same name;
- given to ``on_states`` (the live feed), every pass.

The first pass, at start, adopts the states the start-up probe found and reports the
volumes that are not usable then: a restart says so once more, never more. A volume
added or removed meanwhile is an operator's act (audited as such): it is adopted
silently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Final

from vedette_server.catalog_thread import CatalogThread
from vedette_server.periodic import Periodic, Sleep
from vedette_server.recording.volumes import VolumeInfo, VolumeManager
from vedette_server.system_log import EntryWriter, LogType

#: A state a volume cannot record in, and the status name its entry carries.
PROBLEMS: Final = {
    "unavailable": "UNAVAILABLE",
    "full": "RESOURCE_EXHAUSTED",
    "foreign": "FAILED_PRECONDITION",
}
WRITABLE: Final = "read_write"


class VolumeWatch:
    def __init__(
        self,
        thread: CatalogThread,
        volumes: VolumeManager,
        log: EntryWriter,
        on_change: Callable[[], Awaitable[None]],
        *,
        interval_s: float,
        on_states: Callable[[Mapping[int, str]], None] | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._thread = thread
        self._volumes = volumes
        self._log = log
        self._on_change = on_change
        self._on_states = on_states
        self._states: dict[int, str] | None = None
        self._timer = Periodic(
            "volume states", interval_s, self.run_once, first_run_now=True, sleep=sleep
        )

    async def start(self) -> None:
        await self._timer.start()

    async def aclose(self) -> None:
        await self._timer.aclose()

    async def run_once(self) -> None:
        """One pass (see the module docstring)."""
        await self._thread.call(self._volumes.refresh_unavailable)
        volumes = await self._thread.call(self._volumes.list_all)
        states = {v.id: v.state for v in volumes}
        if self._on_states is not None:
            self._on_states(states)
        previous, self._states = self._states, states
        for volume in volumes:
            if previous is None:
                if volume.state in PROBLEMS:
                    self._report(volume, None)
            elif volume.id in previous and previous[volume.id] != volume.state:
                self._report(volume, previous[volume.id])
        if previous is not None and states != previous:
            await self._on_change()

    def _report(self, volume: VolumeInfo, before: str | None) -> None:
        where = f"volume {volume.id} ({volume.path})"
        facts = {"volume_id": volume.id, "path": volume.path, "state": volume.state}
        if before is not None:
            facts["before"] = before
        if volume.state in PROBLEMS:
            why = f": {volume.error}" if volume.error else ""
            action = f"volume.{volume.state}"
            self._log.record(
                LogType.EXCEPTION,
                action,
                f"{where} is {volume.state.replace('_', ' ')}{why}",
                outcome=PROBLEMS[volume.state],
                detail={**facts, "error": volume.error},
            )
            self._log.publish(action.replace(".", "_"), **facts)
        elif volume.state == WRITABLE and before in PROBLEMS:
            self._log.record(
                LogType.INFORMATION,
                "volume.available",
                f"{where} is writable again (it was {before})",
                detail=facts,
            )
            self._log.publish("volume_available", **facts)
