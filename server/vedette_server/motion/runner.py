"""``MotionRunner``: the server's motion detection (ALARM-02), in worker processes.

For each enabled camera with detection on, the runner subscribes to its sub stream (the
main stream when it has none) on the live hub, as a viewer, and forwards the video
packets to a motion worker (``motion.worker``, ``python -m``, one socketpair each). The
worker decodes and analyses; per analysed frame it sends back the cells with motion and
any event start or end, stamped with the frame's time. Packet times are wall-clock µs
(the ingest worker's mapping of the camera's clock, the one segments are indexed by),
so event times are the frames', not when the server noticed.

- Events: a start begins a MOTION event in the event log (source ``vedette motion``,
  the areas in its detail) and is published on the event bus as ``camera.event`` (kind
  ``motion``, state on/off), as ONVIF motion events are; an end ends it.
- Back pressure: the hub's subscription skips a slow reader to the next keyframe; a
  worker whose socket buffer holds more than ``MAX_BUFFERED_BYTES`` gets nothing until
  the next keyframe either. Both count ``frames_skipped``; the detector then restarts
  its background.
- Health per camera (``health``): lag_ms (now − the last analysed frame's time when its
  result arrived), frames_skipped, cpu_ms (worker CPU spent on the camera), restarts.
- A worker that dies is restarted (0.5 s, 1 s … ``MAX_RESTART_DELAY_S`` for one that
  keeps dying); events its cameras had open end at their last analysed frame. Settings
  changes apply at once (``apply``); camera changes are followed on the change feed.
- ``on_cells(camera_id, time_us, packed_cells)``: the single call site for the motion
  index (every analysed frame with motion).

One worker serves ⌈cameras / (cores − 1)⌉ cameras (research note §7.1).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from vedette_api.media.packet import MediaPacket, PacketKind
from vedette_api.media.records import CorruptRecord, RecordDecoder
from vedette_api.timestamps import now_us
from vedette_server.catalog_thread import CatalogThread
from vedette_server.events import EventBus, ServerEvent
from vedette_server.feed.changes import ResourceKind, change_of
from vedette_server.ingest.config import StreamName
from vedette_server.live.hub import LiveHubs, LiveSkip, LiveStart, SubscriptionClosed
from vedette_server.motion import worker as wire
from vedette_server.motion.settings import MotionSettings, MotionSettingsStore
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.search.events import EventLog, EventType

log = logging.getLogger(__name__)

SOURCE = "vedette motion"
CAMERA_EVENT = "camera.event"
MAX_BUFFERED_BYTES = 4 << 20
STABLE_RUN_S = 10.0
MAX_RESTART_DELAY_S = 30.0
RESCAN_S = 60.0
_READ_BYTES = 256 * 1024

CellsHook = Callable[[int, int, bytes], None]


@dataclass(frozen=True)
class MotionFrame:
    """One analysed frame of a camera: its time, packed cells, areas with motion."""

    time_us: int
    cells: bytes
    areas: tuple[str, ...]


@dataclass
class MotionHealth:
    stream: StreamName
    running: bool = False
    worker_pid: int | None = None
    lag_ms: int = 0
    frames_skipped: int = 0
    frames_analysed: int = 0
    cpu_ms: float = 0.0
    restarts: int = 0
    last_frame_us: int | None = None
    event_open: bool = False


@dataclass
class _Camera:
    camera_id: int
    stream: StreamName
    settings: MotionSettings
    health: MotionHealth
    start: LiveStart | None = None
    need_keyframe: bool = True
    task: asyncio.Task[None] | None = None
    open_event: asyncio.Future[int] | None = None


@dataclass
class _Worker:
    index: int
    cameras: set[int] = field(default_factory=set)
    writer: asyncio.StreamWriter | None = None
    process: asyncio.subprocess.Process | None = None
    task: asyncio.Task[None] | None = None
    stopping: bool = False
    quick_deaths: int = 0


def _wire(settings: MotionSettings) -> dict[str, object]:
    """Settings as compared (``MotionConfig`` compares by identity)."""
    return {"enabled": settings.enabled, **wire.config_to_json(settings.config)}


def _stopping(worker: _Worker) -> bool:
    """A function, not the attribute: mypy would keep its narrowing across awaits."""
    return worker.stopping


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
        self._cameras: dict[int, _Camera] = {}
        self._workers: dict[int, _Worker] = {}
        self._watchers: dict[int, set[asyncio.Queue[MotionFrame]]] = {}
        self._writes: set[asyncio.Future[None]] = set()
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
        if self._writes:  # the ends of the events still open
            await asyncio.wait(set(self._writes), timeout=5.0)

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
                self._end_open(camera, camera.health.last_frame_us)
                camera.settings = settings
                self._send_config(camera)

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
        camera = _Camera(camera_id, stream, settings, MotionHealth(stream))
        self._cameras[camera_id] = camera
        worker = self._worker_of(camera_id)
        worker.cameras.add(camera_id)
        camera.health.running = worker.writer is not None
        self._send_config(camera)
        camera.task = asyncio.get_running_loop().create_task(
            self._feed(camera), name=f"motion {camera_id}"
        )
        log.info("camera %d: motion detection on (%s stream)", camera_id, stream)

    async def _stop_camera(self, camera_id: int, end_us: int | None) -> None:
        camera = self._cameras.pop(camera_id)
        if camera.task is not None:
            camera.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await camera.task
        worker = self._workers.get(self._slot(camera_id))
        if worker is not None:
            worker.cameras.discard(camera_id)
            self._send(
                worker, wire.json_record(wire.CONFIGURE, {"camera_id": camera_id, "config": None})
            )
            if not worker.cameras:
                await self._stop_worker(worker)
        self._end_open(camera, end_us)
        log.info("camera %d: motion detection off", camera_id)

    def _send_config(self, camera: _Camera) -> None:
        worker = self._workers.get(self._slot(camera.camera_id))
        if worker is None:
            return
        config = wire.config_to_json(camera.settings.config)
        self._send(
            worker,
            wire.json_record(wire.CONFIGURE, {"camera_id": camera.camera_id, "config": config}),
        )
        if camera.start is not None:
            self._send_codecs(worker, camera)
        camera.need_keyframe = True

    # -- packets to the workers -------------------------------------------------------------

    async def _feed(self, camera: _Camera) -> None:
        try:
            async with self.live_hubs.subscribe(camera.camera_id, camera.stream) as subscription:
                while True:
                    item = await subscription.get()
                    if isinstance(item, LiveStart):
                        camera.start = item
                        worker = self._workers.get(self._slot(camera.camera_id))
                        if worker is not None:
                            self._send_codecs(worker, camera)
                    elif isinstance(item, LiveSkip):
                        camera.health.frames_skipped += item.dropped_packets
                        camera.need_keyframe = True
                    elif isinstance(item, MediaPacket) and item.kind == PacketKind.VIDEO:
                        self._forward(camera, item)
        except SubscriptionClosed:
            return

    def _forward(self, camera: _Camera, packet: MediaPacket) -> None:
        worker = self._workers.get(self._slot(camera.camera_id))
        writer = None if worker is None else worker.writer
        if writer is None or writer.is_closing() or camera.start is None:
            camera.need_keyframe = True
            return
        if camera.need_keyframe and not packet.keyframe:
            camera.health.frames_skipped += 1
            return
        if writer.transport.get_write_buffer_size() > MAX_BUFFERED_BYTES:
            camera.health.frames_skipped += 1
            camera.need_keyframe = True  # the worker is behind: wait for the next GOP
            return
        if camera.need_keyframe:
            camera.need_keyframe = False
            writer.write(wire.json_record(wire.RESET, {"camera_id": camera.camera_id}))
        writer.write(
            wire.packet_record(camera.camera_id, packet.timestamp_us, packet.keyframe, packet.data)
        )

    def _send_codecs(self, worker: _Worker, camera: _Camera) -> None:
        assert camera.start is not None
        video = camera.start.video
        data = {
            "camera_id": camera.camera_id,
            "codec": video.codec.value,
            "extradata": video.extradata.hex(),
        }
        self._send(worker, wire.json_record(wire.CODECS, data))
        camera.need_keyframe = True

    @staticmethod
    def _send(worker: _Worker, record: bytes) -> None:
        if worker.writer is not None and not worker.writer.is_closing():
            worker.writer.write(record)

    # -- workers ---------------------------------------------------------------------------

    def _slot(self, camera_id: int) -> int:
        return camera_id % self.worker_count

    def _worker_of(self, camera_id: int) -> _Worker:
        index = self._slot(camera_id)
        worker = self._workers.get(index)
        if worker is None:
            worker = self._workers[index] = _Worker(index)
            worker.task = asyncio.get_running_loop().create_task(
                self._supervise(worker), name=f"motion worker {index}"
            )
        return worker

    async def _stop_worker(self, worker: _Worker) -> None:
        worker.stopping = True
        self._workers.pop(worker.index, None)
        if worker.process is not None and worker.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                worker.process.terminate()
        if worker.task is not None:
            done, _ = await asyncio.wait({worker.task}, timeout=5.0)
            if not done:
                if worker.process is not None:
                    with contextlib.suppress(ProcessLookupError):
                        worker.process.kill()
                worker.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker.task

    async def _supervise(self, worker: _Worker) -> None:
        while not _stopping(worker):
            started = time.monotonic()
            try:
                returncode: int | None = await self._run_once(worker)
            except (OSError, ValueError) as error:
                log.error("motion worker %d could not run: %s", worker.index, error)
                returncode = None
            for camera_id in worker.cameras:
                camera = self._cameras.get(camera_id)
                if camera is not None:
                    camera.health.running = False
                    camera.health.worker_pid = None
                    if not worker.stopping:
                        camera.health.restarts += 1
                        self._end_open(camera, camera.health.last_frame_us)
            if _stopping(worker):
                return
            log.warning("motion worker %d exited with %s: restarting", worker.index, returncode)
            ran_s = time.monotonic() - started
            worker.quick_deaths = worker.quick_deaths + 1 if ran_s < STABLE_RUN_S else 0
            if worker.quick_deaths > 1:
                await asyncio.sleep(min(MAX_RESTART_DELAY_S, 0.5 * 2 ** (worker.quick_deaths - 2)))

    async def _run_once(self, worker: _Worker) -> int:
        parent, child = socket.socketpair()
        try:
            process = await asyncio.create_subprocess_exec(
                self._python,
                "-m",
                "vedette_server.motion.worker",
                "--fd",
                str(child.fileno()),
                "--log-level",
                logging.getLevelName(logging.getLogger().getEffectiveLevel()),
                pass_fds=(child.fileno(),),
                stdin=asyncio.subprocess.DEVNULL,
            )
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent)
        worker.process, worker.writer = process, writer
        log.info("motion worker %d started (pid %d)", worker.index, process.pid)
        for camera_id in worker.cameras:
            camera = self._cameras.get(camera_id)
            if camera is not None:
                camera.health.running, camera.health.worker_pid = True, process.pid
                self._send_config(camera)
        reading = asyncio.create_task(self._read(reader))
        try:
            return await process.wait()
        finally:
            reading.cancel()
            worker.writer = None
            writer.close()

    async def _read(self, reader: asyncio.StreamReader) -> None:
        decoder = RecordDecoder()
        while data := await reader.read(_READ_BYTES):
            try:
                records = decoder.feed(data)
            except CorruptRecord as error:
                log.error("motion worker: unreadable results: %s", error)
                return
            for record in records:
                if record.kind == wire.FRAME:
                    try:
                        self._frame(json.loads(record.payload))
                    except Exception:
                        log.exception("motion worker: a result could not be handled")

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
            self._end_open(camera, int(ended[1]))
        started = data.get("started")
        if started is not None:
            self._begin(camera, int(str(started)), areas)

    def _begin(self, camera: _Camera, start_us: int, areas: tuple[str, ...]) -> None:
        if camera.open_event is not None:
            return
        camera_id = camera.camera_id
        log.info("camera %d: motion started (%s)", camera_id, ", ".join(areas))
        self._publish(camera_id, True, start_us, areas)
        camera.health.event_open = True
        camera.open_event = asyncio.ensure_future(
            self.thread.call(
                lambda: self.events_log.begin(
                    EventType.MOTION,
                    camera_id,
                    start_us,
                    source=SOURCE,
                    message=f"motion in {', '.join(areas)}",
                    detail={"areas": list(areas)},
                )
            )
        )

    def _end_open(self, camera: _Camera, end_us: int | None) -> None:
        opened, camera.open_event = camera.open_event, None
        camera.health.event_open = False
        if opened is None:
            return
        end = now_us() if end_us is None else end_us
        log.info("camera %d: motion ended", camera.camera_id)
        self._publish(camera.camera_id, False, end, ())

        async def write() -> None:
            try:
                event_id = await opened
                await self.thread.call(self.events_log.end, event_id, end)
            except Exception:
                log.exception("camera %d: could not log the end of motion", camera.camera_id)

        task = asyncio.ensure_future(write())
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    def _publish(self, camera_id: int, state: bool, time_us: int, areas: tuple[str, ...]) -> None:
        facts = {
            "camera_id": camera_id,
            "kind": "motion",
            "source": SOURCE,
            "state": state,
            "initial": False,
            "topic": "",
            "camera_time_us": time_us,
            "areas": list(areas),
        }
        self.bus.publish(ServerEvent(CAMERA_EVENT, facts))


def cameras_per_worker(cameras: int, cores: int | None) -> int:
    """⌈cameras / (cores − 1)⌉ (research note §7.1)."""
    return math.ceil(cameras / workers_for(cores)) if cameras else 0
