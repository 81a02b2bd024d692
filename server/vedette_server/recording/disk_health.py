"""The S.M.A.R.T. health of each volume's disk (DISK-04), and the "disk failing"
exception it raises (DISK-05).

:class:`DiskHealthWatch` reads every volume's disk with smartctl
(``vedette_hw.smart``) every ``interval_s`` (10 minutes by default) from ``start()``
to ``aclose()``, and soon after a volume is added (``check_soon``). The reads run on
a thread of their own, one disk at a time, each bounded by smartctl's timeout: a
hanging disk holds up the next reading, never the event loop. Two volumes on one
disk cost one read.

What a reading changes is:

- kept for ``ListVolumes`` (``health``): the last verdict and figures, with the time
  read;
- written to the system log: an EXCEPTION when a disk turns failing
  (``disk.failing``), an INFORMATION entry when it passes again (``disk.passed``) or
  has no data any more (``disk.unavailable``); a volume's first reading is written
  only when it is not a pass (a restart says a problem once more, never more);
- published as a ``disk_health`` server event (``failing`` true when the disk turns
  failing, false when it passes): the alarm engine's ``disk_failing`` exception,
  which lasts until the disk passes again. A disk whose data becomes unavailable
  (smartctl gone, the disk unplugged) keeps its exception open: nothing says it
  passes.

A disk asleep is not woken: its last verdict stands. Temperature is shown, never
alarmed (no threshold in the SPEC).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from vedette_hw.smart import Health, SmartReading, read_smart, smart_device, unavailable
from vedette_server.catalog_thread import CatalogThread
from vedette_server.periodic import Periodic, Sleep
from vedette_server.recording.volumes import VolumeManager
from vedette_server.system_log import EntryWriter, LogType

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S: Final = 600.0
#: The server event the alarm engine turns into the ``disk_failing`` exception.
DISK_HEALTH_EVENT: Final = "disk_health"

#: Reads the health of the disks under volume roots (id → directory). Blocking.
ReadVolumes = Callable[[Mapping[int, Path]], dict[int, SmartReading]]


@dataclass(frozen=True)
class VolumeHealth:
    reading: SmartReading
    #: When it was read (µs since the epoch).
    check_us: int


def read_volumes(roots: Mapping[int, Path]) -> dict[int, SmartReading]:
    """Each volume's disk read once, however many volumes share it. Blocking."""
    by_device: dict[str, SmartReading] = {}
    readings = {}
    for volume_id, root in roots.items():
        if not root.is_dir():
            readings[volume_id] = unavailable("the volume's directory is missing: no disk to read")
            continue
        device, why = smart_device(root)
        if device is None:
            readings[volume_id] = unavailable(why)
            continue
        if device not in by_device:
            by_device[device] = read_smart(device)
        readings[volume_id] = by_device[device]
    return readings


class DiskHealthWatch:
    def __init__(
        self,
        thread: CatalogThread,
        volumes: VolumeManager,
        log: EntryWriter,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        read: ReadVolumes = read_volumes,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._thread = thread
        self._volumes = volumes
        self._log = log
        self._read = read
        self._clock = clock
        self._health: dict[int, VolumeHealth] = {}
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="smartctl")
        self._pass = asyncio.Lock()
        self._soon: set[asyncio.Task[None]] = set()
        self._timer = Periodic(
            "disk health", interval_s, self.run_once, first_run_now=True, sleep=sleep
        )

    async def start(self) -> None:
        await self._timer.start()

    async def aclose(self) -> None:
        await self._timer.aclose()
        for task in list(self._soon):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._executor.shutdown(wait=False, cancel_futures=True)

    def health(self, volume_id: int) -> VolumeHealth | None:
        """The volume's last reading; None before the first."""
        return self._health.get(volume_id)

    def check_soon(self) -> None:
        """Read the disks now, beside the schedule (a volume was added)."""
        task = asyncio.get_running_loop().create_task(self._run_logged(), name="disk health")
        self._soon.add(task)
        task.add_done_callback(self._soon.discard)

    async def _run_logged(self) -> None:
        try:
            await self.run_once()
        except Exception:
            log.exception("disk health: reading the disks failed")

    async def run_once(self) -> None:
        """One pass over every volume (see the module docstring)."""
        async with self._pass:
            roots = await self._thread.call(self._volumes.roots)
            loop = asyncio.get_running_loop()
            readings = await loop.run_in_executor(self._executor, self._read, roots)
            check_us = int(self._clock() * 1_000_000)
            for volume_id in set(self._health) - set(roots):
                del self._health[volume_id]  # removed meanwhile
            for volume_id, reading in readings.items():
                if volume_id in roots:
                    self._update(volume_id, str(roots[volume_id]), reading, check_us)

    def _update(self, volume_id: int, path: str, reading: SmartReading, check_us: int) -> None:
        before = self._health.get(volume_id)
        if reading.asleep and before is not None:
            return  # not woken: the last verdict stands
        self._health[volume_id] = VolumeHealth(reading, check_us)
        was = None if before is None else before.reading.health
        if reading.health is not was:
            self._report(volume_id, path, reading, was)

    def _report(self, volume_id: int, path: str, reading: SmartReading, was: Health | None) -> None:
        now = reading.health
        facts = {
            "volume_id": volume_id,
            "path": path,
            "device": reading.device,
            "health": now.value,
            "message": reading.message,
        }
        disk = reading.device or "its disk"
        where = f"volume {volume_id} ({path}): {disk}"
        why = f": {reading.message}" if reading.message else ""
        if now is Health.FAILING:
            self._log.record(
                LogType.EXCEPTION,
                "disk.failing",
                f"{where} is failing (S.M.A.R.T.){why}",
                outcome="FAILED_PRECONDITION",
                detail=facts,
            )
        elif now is Health.PASSED and was is not None:
            self._log.record(
                LogType.INFORMATION,
                "disk.passed",
                f"{where} passes its S.M.A.R.T. check (it was {was.value})",
                detail=facts,
            )
        elif now is Health.UNAVAILABLE:
            self._log.record(
                LogType.INFORMATION,
                "disk.unavailable",
                f"{where} has no S.M.A.R.T. data{why}",
                detail=facts,
            )
        if now is not Health.UNAVAILABLE:
            failing = now is Health.FAILING
            self._log.publish(DISK_HEALTH_EVENT, **facts, failing=failing)
