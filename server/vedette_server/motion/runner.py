"""``MotionRunner``: the server's motion detection (ALARM-02), in worker processes.

For each enabled camera with detection on, the runner subscribes to its sub stream (the
main stream when it has none) on the live hub, as a viewer, and forwards the video
packets to a motion worker (``motion.worker``, ``python -m``, one socketpair each). The
worker decodes and analyses; per analysed frame it sends back the cells with motion and
any event start or end, stamped with the frame's time. Packet times are wall-clock µs
(the ingest worker's mapping of the camera's clock, the one segments are indexed by),
so event times are the frames', not when the server noticed.

The parts, each in its module:
- ``camera_feed``: per camera, the live hub subscription and the forwarding, with its
  back pressure (a slow worker gets nothing until the next keyframe).
- ``worker_process``: each worker process, restarted when it dies (0.5 s, 1 s …
  ``restart_pacing.MAX_RESTART_DELAY_S`` for one that keeps dying); events its cameras
  had open end at their last analysed frame.
- ``events``: a start begins a MOTION event in the event log and is published on the
  event bus as ``camera.event`` (kind ``motion``, state on/off), as ONVIF motion events
  are; an end ends it.

This module ties them: which cameras run (settings changes apply at once, ``apply``;
camera changes are followed on the change feed), which worker serves which camera, and
each analysed frame's result:
- Health per camera (``health``): lag_ms (now − the last analysed frame's time when its
  result arrived), frames_skipped, cpu_ms (worker CPU spent on the camera), restarts.
- ``on_cells(camera_id, time_us, packed_cells)``: the single call site for the motion
  index (every analysed frame with motion).

One worker serves ⌈cameras / (cores − 1)⌉ cameras (research note §7.1).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from vedette_api.timestamps import now_us
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus
from vedette_server.feed.changes import ResourceKind, change_of
from vedette_server.ingest.config import StreamName
from vedette_server.live.hub import LiveHubs
from vedette_server.motion import camera_feed
from vedette_server.motion import worker as wire
from vedette_server.motion.camera_feed import MotionCamera, MotionHealth
from vedette_server.motion.events import MotionEvents
from vedette_server.motion.settings import MotionSettings, MotionSettingsStore
from vedette_server.motion.worker_process import MotionWorker
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.search.events import EventLog

log = logging.getLogger(__name__)

RESCAN_S = 60.0

CellsHook = Callable[[int, int, bytes], None]


@dataclass(frozen=True)
class MotionFrame:
    """One analysed frame of a camera: its time, packed cells, areas with motion."""

    time_us: int
    cells: bytes
    areas: tuple[str, ...]


def _wire(settings: MotionSettings) -> dict[str, object]:
    """Settings as compared (``MotionConfig`` compares by identity)."""
    return {"enabled": settings.enabled, **wire.config_to_json(settings.config)}


def workers_for(cores: int | None) -> int:
    """How many workers: one per core but one (at least one)."""
    return max(1, (cores or 2) - 1)


class MotionRunner:
    def __init__(
        self,
        thread: CatalogThread,
        store: MotionSettingsStore,
        cameras: CameraRegistry,
        live_hubs: LiveHubs,
        events_log: EventLog,
        bus: EventBus,
        *,
        workers: int | None = None,
        on_cells: CellsHook | None = None,
        python: str = sys.executable,
    ) -> None:
        self.thread, self.store, self.cameras = thread, store, cameras
        self.live_hubs, self.events_log, self.bus = live_hubs, events_log, bus
        self.worker_count = workers or workers_for(os.cpu_count())
        self.on_cells = on_cells  # the motion index's call site (see the module doc)
        self._python = python
        self._events = MotionEvents(thread, events_log, bus)
        self._cameras: dict[int, MotionCamera] = {}
        self._workers: dict[int, MotionWorker] = {}
        self._watchers: dict[int, set[asyncio.Queue[MotionFrame]]] = {}
        self._follow: asyncio.Task[None] | None = None
        self._closed = False

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._follow = asyncio.get_running_loop().create_task(
            self._follow_cameras(), name="motion cameras"
        )

    async def aclose(self) -> None:
        self._closed = True
        if self._follow is not None:
            self._follow.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follow
        for camera_id in list(self._cameras):
            await self._stop_camera(camera_id, now_us())
        for worker in list(self._workers.values()):
            await self._stop_worker(worker)
        await self._events.drain()  # the ends of the events still open

    # -- what the API reads ---------------------------------------------------------------

    def health(self, camera_id: int) -> MotionHealth | None:
        camera = self._cameras.get(camera_id)
        return None if camera is None else camera.health

    def open_cameras(self) -> list[int]:
        """The cameras with a motion event open now (the live feed tells new
        subscribers, ``feed/motion.py``)."""
        return [c.camera_id for c in self._cameras.values() if c.open_event is not None]

    @contextlib.asynccontextmanager
    async def watch_cells(self, camera_id: int) -> AsyncIterator[asyncio.Queue[MotionFrame]]:
        """Every analysed frame of ``camera_id`` while the block runs (a slow reader
        loses frames, never blocks the runner). Empty while detection is off."""
        queue: asyncio.Queue[MotionFrame] = asyncio.Queue(64)
        watchers = self._watchers.setdefault(camera_id, set())
        watchers.add(queue)
        try:
            yield queue
        finally:
            watchers.discard(queue)
            if not watchers:
                self._watchers.pop(camera_id, None)

    # -- settings and cameras -------------------------------------------------------------

    async def apply(self) -> None:
        """Start, reconfigure or stop cameras so that they match the catalog."""
        if self._closed:
            return
        wanted = await self.thread.call(self._wanted)
        for camera_id in list(self._cameras):
            if camera_id not in wanted or wanted[camera_id][0] != self._cameras[camera_id].stream:
                await self._stop_camera(camera_id, None)
        for camera_id, (stream, settings) in wanted.items():
            camera = self._cameras.get(camera_id)
            if camera is None:
                await self._start_camera(camera_id, stream, settings)
            elif _wire(camera.settings) != _wire(settings):
                # The worker starts the camera's detector afresh: an event in progress
                # ends at the last frame analysed with the old settings.
                self._events.end_open(camera, camera.health.last_frame_us)
                camera.settings = settings
                camera_feed.send_config(self._worker(camera_id), camera)

    def _wanted(self) -> dict[int, tuple[StreamName, MotionSettings]]:
        """Catalog thread: the cameras to analyse, with their stream and settings."""
        wanted: dict[int, tuple[StreamName, MotionSettings]] = {}
        for camera_id, settings in self.store.enabled().items():
            record = self.cameras.get(camera_id)
            wanted[camera_id] = ("sub" if record.sub_url else "main", settings)
        return wanted

    async def _follow_cameras(self) -> None:
        async with self.bus.subscribe() as queue:
            while True:
                try:
                    await self.apply()
                except Exception:  # the next change or rescan tries again
                    log.exception("motion: could not read the cameras")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(RESCAN_S):
                        while True:
                            change = change_of(await queue.get())
                            if change is not None and change.kind is ResourceKind.CAMERAS:
                                break

    async def _start_camera(
        self, camera_id: int, stream: StreamName, settings: MotionSettings
    ) -> None:
        camera = MotionCamera(camera_id, stream, settings, MotionHealth(stream))
        self._cameras[camera_id] = camera
        worker = self._worker_of(camera_id)
        worker.cameras.add(camera_id)
        camera.health.running = worker.writer is not None
        camera_feed.send_config(worker, camera)
        camera.task = asyncio.get_running_loop().create_task(
            camera_feed.feed(camera, self.live_hubs, self._worker), name=f"motion {camera_id}"
        )
        log.info("camera %d: motion detection on (%s stream)", camera_id, stream)

    async def _stop_camera(self, camera_id: int, end_us: int | None) -> None:
        camera = self._cameras.pop(camera_id)
        if camera.task is not None:
            camera.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await camera.task
        worker = self._worker(camera_id)
        if worker is not None:
            worker.cameras.discard(camera_id)
            camera_feed.send_stop(worker, camera_id)
            if not worker.cameras:
                await self._stop_worker(worker)
        self._events.end_open(camera, end_us)
        log.info("camera %d: motion detection off", camera_id)

    # -- workers ---------------------------------------------------------------------------

    def _slot(self, camera_id: int) -> int:
        return camera_id % self.worker_count

    def _worker(self, camera_id: int) -> MotionWorker | None:
        """The worker serving the camera, if it runs."""
        return self._workers.get(self._slot(camera_id))

    def _worker_of(self, camera_id: int) -> MotionWorker:
        """The worker serving the camera, started if need be."""
        index = self._slot(camera_id)
        worker = self._workers.get(index)
        if worker is None:
            worker = self._workers[index] = MotionWorker(
                index,
                self._python,
                on_up=self._worker_up,
                on_down=self._worker_down,
                on_frame=self._frame,
            )
            worker.start()
        return worker

    async def _stop_worker(self, worker: MotionWorker) -> None:
        worker.stopping = True
        self._workers.pop(worker.index, None)
        await worker.stop()

    def _worker_up(self, worker: MotionWorker, pid: int) -> None:
        for camera_id in worker.cameras:
            camera = self._cameras.get(camera_id)
            if camera is not None:
                camera.health.running, camera.health.worker_pid = True, pid
                camera_feed.send_config(self._worker(camera_id), camera)

    def _worker_down(self, worker: MotionWorker) -> None:
        for camera_id in worker.cameras:
            camera = self._cameras.get(camera_id)
            if camera is not None:
                camera.health.running = False
                camera.health.worker_pid = None
                if not worker.stopping:
                    camera.health.restarts += 1
                    self._events.end_open(camera, camera.health.last_frame_us)

    # -- results ---------------------------------------------------------------------------

    def _frame(self, data: dict[str, object]) -> None:
        camera = self._cameras.get(int(str(data["camera_id"])))
        if camera is None:
            return
        pts_us = int(str(data["pts_us"]))
        cells = bytes.fromhex(str(data["cells"]))
        areas = tuple(str(a) for a in data["areas"])  # type: ignore[attr-defined]
        health = camera.health
        health.frames_analysed += 1
        health.last_frame_us = pts_us
        health.lag_ms = max(0, (now_us() - pts_us) // 1000)
        health.cpu_ms += int(str(data["cpu_us"])) / 1000
        if areas and self.on_cells is not None:
            try:
                self.on_cells(camera.camera_id, pts_us, cells)  # the motion index
            except Exception:
                log.exception("camera %d: the motion index refused a frame", camera.camera_id)
        frame = MotionFrame(pts_us, cells, areas)
        for queue in self._watchers.get(camera.camera_id, ()):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(frame)
        ended = data.get("ended")
        if isinstance(ended, list):
            self._events.end_open(camera, int(ended[1]))
        started = data.get("started")
        if started is not None:
            self._events.begin(camera, int(str(started)), areas)


def cameras_per_worker(cameras: int, cores: int | None) -> int:
    """⌈cameras / (cores − 1)⌉ (research note §7.1)."""
    return math.ceil(cameras / workers_for(cores)) if cameras else 0
