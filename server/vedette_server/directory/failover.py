"""Cold-standby failover: the directory moves the cameras of a member server that
stopped answering to a standby member.

Every second, the directory that leads (the one holding PostgreSQL's session-level
advisory lock ``LEADER_LOCK`` on a connection of its own: another directory on the
same database waits, and takes over when that connection dies) looks for members not
heard from for ``DOWN_AFTER_S`` (5 s, 1 s heartbeats) that the site gives cameras,
and gives those cameras to the online standby with the most room
(``DirectoryStore.fail_over``: one transaction, custody closed and opened, the
cameras' version bumped). The standby hears of them at its next heartbeat and records
them; the failed server, when it comes back, hears at its first heartbeat that they
are no longer its own and stops recording them (its recordings stay, and the custody
index stitches the timeline). Failback is an operator's decision
(``SiteService.MoveCameras`` with ``failback``).

Expected time from the failure to the standby recording: 5 s to be called down,
under 1 s to the next round, under 1 s to the standby's next heartbeat, then the
camera's connection and first keyframe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from vedette_server.directory.store import DirectoryStore, DirectoryUnavailable

log = logging.getLogger("vedette.directory")
ROUND_S = 1.0
DOWN_AFTER_S = 5.0
LEADER_LOCK = 0x7665_6400_0002


class FailoverCoordinator:
    def __init__(
        self,
        store: DirectoryStore,
        dsn: str,
        *,
        round_s: float = ROUND_S,
        down_after_s: float = DOWN_AFTER_S,
    ) -> None:
        self.store = store
        self.dsn = dsn
        self.round_s = round_s
        self.down_after_s = down_after_s
        self._task: asyncio.Task[None] | None = None
        self._leader: Any = None  # the psycopg connection that holds the lock
        self.leading = False
        #: Down servers already reported as having no standby with room.
        self._stuck: set[str] = set()

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="failover")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await asyncio.to_thread(self._release)

    def _release(self) -> None:
        if self._leader is not None:
            with contextlib.suppress(Exception):
                self._leader.close()
        self._leader = None
        self.leading = False

    def _lead(self) -> bool:
        """Whether this directory holds the lock (taking it if it is free). Blocking."""
        import psycopg

        try:
            if self._leader is None or self._leader.closed:
                self._leader = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
                self.leading = False
            if not self.leading:
                row = self._leader.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK,))
                self.leading = bool(row.fetchone()[0])
                if self.leading:
                    log.info("this directory coordinates failover")
            else:
                self._leader.execute("SELECT 1")  # still connected, so still holding it
        except psycopg.Error as exc:
            if self.leading:
                log.warning("failover coordination lost with PostgreSQL: %s", exc)
            self._release()
        return self.leading

    def _round(self) -> None:
        if not self._lead():
            return
        stuck: set[str] = set()
        for failed, standby, moved, left in self.store.fail_over(self.down_after_s):
            if standby:
                log.warning(
                    "recording server %s is down: %d camera(s) failed over to %s%s",
                    failed,
                    moved,
                    standby,
                    f"; {left} stay without a server (no room)" if left else "",
                )
                self.store.raise_site_alarm(
                    f"failover:{failed}:{time.time_ns() // 1000}",
                    f"recording server {failed} is down: {moved} camera(s) failed over to"
                    f" {standby}" + (f"; {left} without a server" if left else ""),
                    1,
                )
                self.store.audit(
                    "failover",
                    f"recording server {failed} is down: {moved} camera(s) failed over to"
                    f" {standby}" + (f", {left} without room" if left else ""),
                    outcome="ok" if not left else "partial",
                )
            else:
                stuck.add(failed)
                if failed not in self._stuck:
                    self.store.raise_site_alarm(
                        f"failover:{failed}:{time.time_ns() // 1000}",
                        f"recording server {failed} is down and no standby has room for its"
                        f" {left} camera(s)",
                        1,
                    )
                    log.warning(
                        "recording server %s is down and no standby has room for its %d camera(s)",
                        failed,
                        left,
                    )
        self._stuck = stuck

    async def _run(self) -> None:
        warned = False
        while True:
            try:
                await asyncio.to_thread(self._round)
                warned = False
            except DirectoryUnavailable as exc:
                if not warned:
                    log.warning("failover paused: %s", exc)
                    warned = True
            except Exception:
                log.exception("failover round failed; the next one runs in %.0f s", self.round_s)
            await asyncio.sleep(self.round_s)
