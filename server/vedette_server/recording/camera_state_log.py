"""Cameras going offline and coming back, in the system log (REC-11, SYS-09).

:class:`CameraStateLog` looks at the status board every ``interval_s`` and writes,
for each camera being recorded, an EXCEPTION entry ``camera.offline`` when it goes
offline and an INFORMATION entry ``camera.online`` when it is back, each published
as a server event (``camera_offline``, ``camera_online``) for what comes later
(alarms).

A camera is *up* while one of its streams is online and reported recently
(``status.STALE_AFTER_S``), *down* otherwise (offline, connecting again, or its
worker silent).

Invariants (``CameraStateTimings``):
- Once per change: a camera said offline is not said offline again before it has
  been said back online, and the other way round.
- No storm when a camera flaps: it is said offline once it has been down
  ``offline_after_s`` on end (a reconnection, a worker restarted or reconfigured
  is no outage), and back only once it has been up ``online_after_s`` on end, so a
  camera that keeps dropping is said offline once and back once it holds.
- A start-up grace: nothing is said of a camera before ``grace_s`` after it was
  first recorded (the server's start, the camera's addition or enabling); a camera
  up then is adopted silently, so a restart writes nothing for the cameras that
  work, and one down is said offline once.
- A camera no longer recorded (disabled, deleted) is forgotten silently: those are
  an operator's acts, audited as such.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from vedette_server.catalog_thread import CatalogThread
from vedette_server.periodic import Periodic, Sleep
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.status import STALE_AFTER_S, StatusBoard, StreamHealth
from vedette_server.system_log import EntryWriter, LogType

STREAMS = ("main", "sub")


@dataclass(frozen=True)
class CameraStateTimings:
    """Seconds; see the module docstring."""

    grace_s: float = 30.0
    offline_after_s: float = 10.0
    online_after_s: float = 30.0
    interval_s: float = 1.0

    def __post_init__(self) -> None:
        for name in ("grace_s", "offline_after_s", "online_after_s"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: {getattr(self, name)} is negative")
        if self.interval_s <= 0:
            raise ValueError(f"interval_s: {self.interval_s} is not positive")


@dataclass
class _Camera:
    first_seen_s: float
    since_s: float  # when ``up`` last changed
    up: bool = False
    said: str | None = None  # "online" | "offline": what the log last said


@dataclass(frozen=True)
class _Change:
    camera_id: int
    online: bool
    down_s: float  # how long it was down (offline) or up (online) on end
    health: StreamHealth | None  # the stream that tells why, when offline


class CameraStateLog:
    def __init__(
        self,
        status: StatusBoard,
        recorded: Callable[[], Collection[int]],
        thread: CatalogThread,
        cameras: CameraRegistry,
        log: EntryWriter,
        *,
        timings: CameraStateTimings = CameraStateTimings(),
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """``recorded`` gives the ids of the cameras being recorded now."""
        self._status = status
        self._recorded = recorded
        self._thread = thread
        self._cameras = cameras
        self._log = log
        self.timings = timings
        self._monotonic = monotonic
        self._states: dict[int, _Camera] = {}
        self._timer = Periodic("camera states", timings.interval_s, self.run_once, sleep=sleep)

    async def start(self) -> None:
        await self._timer.start()

    async def aclose(self) -> None:
        await self._timer.aclose()

    async def run_once(self) -> None:
        """One look at the board; writes what changed (names read from the catalog)."""
        changes = self.changes(self._monotonic())
        if not changes:
            return
        names = {c.id: c.name for c in await self._thread.call(self._cameras.list_all)}
        for change in changes:
            self._write(change, names.get(change.camera_id, f"#{change.camera_id}"))

    def changes(self, now_s: float) -> list[_Change]:
        """What to say now (and remember it said); pure apart from the board."""
        recorded = set(self._recorded())
        for camera_id in set(self._states) - recorded:
            del self._states[camera_id]
        timings, changes = self.timings, []
        for camera_id in sorted(recorded):
            state = self._states.setdefault(camera_id, _Camera(now_s, now_s))
            up = self._is_up(camera_id, now_s)
            if up != state.up:
                state.up, state.since_s = up, now_s
            held_s = now_s - state.since_s
            if now_s - state.first_seen_s < timings.grace_s:
                continue
            if up and state.said is None:
                state.said = "online"  # adopted silently
            elif not up and state.said != "offline" and held_s >= timings.offline_after_s:
                state.said = "offline"
                changes.append(_Change(camera_id, False, held_s, self._why(camera_id)))
            elif up and state.said == "offline" and held_s >= timings.online_after_s:
                state.said = "online"
                changes.append(_Change(camera_id, True, held_s, None))
        return changes

    def _is_up(self, camera_id: int, now_s: float) -> bool:
        for stream in STREAMS:
            health = self._status.get(camera_id, stream)
            if (
                health is not None
                and health.state == "online"
                and now_s - health.updated_s <= STALE_AFTER_S
            ):
                return True
        return False

    def _why(self, camera_id: int) -> StreamHealth | None:
        """The report that best says why the camera is down: main's, else sub's."""
        reports = [self._status.get(camera_id, s) for s in STREAMS]
        offline = [h for h in reports if h is not None and h.state == "offline"]
        return offline[0] if offline else next((h for h in reports if h is not None), None)

    def _write(self, change: _Change, name: str) -> None:
        facts = {"camera_id": change.camera_id, "camera": name}
        if change.online:
            self._log.record(
                LogType.INFORMATION,
                "camera.online",
                f"camera {name} is online again",
                camera_id=change.camera_id,
                detail={**facts, "up_s": round(change.down_s, 1)},
            )
            self._log.publish("camera_online", **facts)
            return
        health = change.health
        reason = health.reason if health is not None and health.reason else "no answer"
        message = health.message if health is not None else ""
        if health is not None and health.state == "online":  # its worker is silent
            reason = "no report"
            message = f"its ingest worker has not reported for {STALE_AFTER_S:g} s"
        self._log.record(
            LogType.EXCEPTION,
            "camera.offline",
            f"camera {name} is offline ({reason})" + (f": {message}" if message else ""),
            camera_id=change.camera_id,
            outcome="UNAVAILABLE",
            detail={**facts, "reason": reason, "down_s": round(change.down_s, 1)},
        )
        self._log.publish("camera_offline", **facts, reason=reason)
