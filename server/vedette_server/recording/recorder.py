"""The recorder: keeps the catalog and the status board in step with the ingest workers.

Invariants:
- Catalog writes happen on the catalog thread, in the order the workers' messages
  arrived, so a segment's "opened" row exists before its "closed" update.
- A row exists for every segment file a worker reported opened; when a worker
  dies without closing its segments, they are recovered (scanned, cut at the last
  valid record, closed) before its successor's segments are recorded.
- Cameras get only read-write volumes of their own disk group; when a volume
  fails or fills, the workers are told at once and recording moves on.
- A worker's volume error that says the machine is short of resources (EMFILE,
  ENFILE, ENOMEM, ENOBUFS) changes no volume's state: the worker retries by itself.
  Nor does one whose volume took a test write after it (``volume_ok``: one stream's
  file failed, the other streams there record on): it is a disk error in the system
  log (``volume.write_error``) and an instant disk-error exception for the alarm
  engine (``volume_write_error`` on the bus), and the worker retries by itself.
- The status board's "recording" is what the worker says: a segment with a reason is
  open now (a tentative one, written for pre-alarm recording, is not recording).
- What each stream writes follows the camera's recording plan now
  (recording/plans.py): continuous → reason ``schedule``; tentative → written with no
  reason, for the keeper to claim or reap (recording/keeper.py); off → not written.
  Manual recording adds ``manual`` to both streams whatever the plan, and an event
  window open now (the keeper's) adds its reason to the streams it keeps. ``tick``
  (each second) reconfigures the workers when either changes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import replace

from vedette_api.media.packet import Codec
from vedette_api.timestamps import now_us
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.models import ManualRecording, RecordReason, Segment, Stream
from vedette_server.catalog.segments import complete_segment, open_segment, open_segments
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import NotFound
from vedette_server.ingest.config import STREAMS, CameraIngestConfig, RtspClientName, StreamName
from vedette_server.ingest.messages import (
    Health,
    Packet,
    SegmentClosed,
    SegmentOpened,
    StreamCodecs,
    VolumeError,
    WorkerExited,
    WorkerMessage,
)
from vedette_server.ingest.supervisor import IngestSupervisor
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.recording.ingest_totals import IngestTotals
from vedette_server.recording.manual import manual_during
from vedette_server.recording.plan import CameraPlan
from vedette_server.recording.plans import RecordingPlans
from vedette_server.recording.recovery import recover_segment
from vedette_server.recording.status import StatusBoard, StreamHealth
from vedette_server.recording.volumes import VolumeManager
from vedette_server.storage.layout import is_out_of_space, is_resource_shortage
from vedette_server.storage.segment_file import DEFAULT_FSYNC_INTERVAL_S
from vedette_server.system_log import EntryWriter, LogType

log = logging.getLogger(__name__)


class Recorder:
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        volumes: VolumeManager,
        status: StatusBoard,
        *,
        segment_seconds: float = 60.0,
        fsync_interval_s: float = DEFAULT_FSYNC_INTERVAL_S,
        cameras_per_worker: int = 4,
        rtsp_client: RtspClientName = "native",
        on_live: Callable[[WorkerMessage], None] | None = None,
        supervisor: IngestSupervisor | None = None,
        plans: RecordingPlans | None = None,
        entries: EntryWriter | None = None,
    ) -> None:
        """``on_live`` (the live hub) gets the workers' PACKET and STREAM_CODECS messages.
        ``supervisor`` runs the workers (one of ``cameras_per_worker`` by default); the
        live hub switches their live flow through it, so it is built before both."""
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.volumes = volumes
        self.status = status
        self.segment_seconds = segment_seconds
        self.fsync_interval_s = fsync_interval_s
        self.rtsp_client: RtspClientName = rtsp_client
        self.on_live = on_live
        self.supervisor = supervisor or IngestSupervisor(cameras_per_worker=cameras_per_worker)
        self.plans = plans or RecordingPlans()
        #: The system log and the event bus, for a stream's file write errors.
        self.entries = entries
        #: The workers' counters added up (the metrics').
        self.totals = IngestTotals()
        # The streams' modes the workers were last configured with, by camera.
        self._modes: dict[int, tuple[str, str]] = {}
        # Reasons of the event windows open now (the keeper's), by camera: (main, sub);
        # wanted, and what the workers were last given.
        self._events_wanted: dict[int, tuple[int, int]] = {}
        self._events_applied: dict[int, tuple[int, int]] = {}
        self._open_ids: dict[tuple[int, str], int] = {}
        self._reconfigure_lock = asyncio.Lock()
        # Reconfigurations asked for and applied, counted: a caller whose request an
        # application that started after it already covered returns at once.
        self._requested = 0
        self._applied = 0
        # Work a worker's message started (reconfigurations, a write error said), kept
        # until it ends (asyncio keeps only weak references to tasks) and cancelled at
        # ``aclose``.
        self._background: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await self.supervisor.start(self.on_message)
        await self.reconfigure()

    async def aclose(self) -> None:
        for task in tuple(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.supervisor.aclose()

    # -- configuration ------------------------------------------------------------

    def _configs(self) -> list[CameraIngestConfig]:
        """Blocking (catalog): what every enabled camera should record, and where."""
        configs = []
        by_hand = {int(row.camera_id) for row in ManualRecording.select(ManualRecording.camera)}
        self.plans.reload()
        t_us = now_us()
        modes: dict[int, tuple[str, str]] = {}
        events = dict(self._events_wanted)
        for camera in self.cameras.list_all():
            if not camera.enabled:
                continue
            plan = self.plans.plan(camera.id, t_us)
            modes[camera.id] = (plan.main, plan.sub)
            manual = RecordReason.MANUAL if camera.id in by_hand else RecordReason(0)
            main_events, sub_events = events.get(camera.id, (0, 0))
            credentials = self.cameras.credentials(camera.id)
            configs.append(
                CameraIngestConfig(
                    camera_id=camera.id,
                    main_url=camera.main_url,
                    sub_url=camera.sub_url,
                    username=credentials.user if credentials else "",
                    password=credentials.password if credentials else "",
                    record_audio=camera.record_audio,
                    volumes=self.volumes.writable_targets(camera.disk_group),
                    segment_seconds=self.segment_seconds,
                    fsync_interval_s=self.fsync_interval_s,
                    rtsp_client=self.rtsp_client,
                    resume_after_us=(_recorded_until(camera.id, 1), _recorded_until(camera.id, 2)),
                    record_reasons=int(_reasons(plan, "main") | manual) | main_events,
                    sub_record_reasons=int(_reasons(plan, "sub") | manual) | sub_events,
                    tentative_streams=tuple(s for s in STREAMS if plan.mode(s) == "tentative"),
                ).validate()
            )
        self._modes = modes
        self._events_applied = events
        self.status.set_modes(modes)
        return configs

    def modes_changed(self) -> bool:
        """Blocking (catalog, rarely): whether an enabled camera's plan now asks its
        streams for other modes than the workers were given."""
        t_us = now_us()
        return any(
            (plan.main, plan.sub) != modes
            for camera_id, modes in self._modes.items()
            for plan in (self.plans.plan(camera_id, t_us),)
        )

    async def tick(self, events: Mapping[int, Mapping[int, int]] | None = None) -> None:
        """Follow the plans and the event windows (each second): reconfigure when a
        camera's modes change, or the reasons the windows open now give its streams
        (``events``: {camera: {stream number: mask}}, the keeper's), so a stream an
        event keeps records with that reason and stops claiming it when it ends."""
        if events is not None:
            self._events_wanted = {
                camera: (int(streams.get(1, 0)), int(streams.get(2, 0)))
                for camera, streams in events.items()
            }
        changed = self._events_wanted != self._events_applied
        if changed or await self.thread.call(self.modes_changed):
            await self.reconfigure()

    def configured_camera_count(self) -> int:
        """How many enabled cameras the last configuration gave the workers."""
        return len(self._modes)

    def recorded_camera_ids(self) -> set[int]:
        """The cameras the workers are recording now (enabled ones, once configured)."""
        return {camera_id for w in self.supervisor.workers() for camera_id in w.camera_ids}

    async def reconfigure(self) -> None:
        """Tell the workers the current cameras and volumes (after any change).

        Calls that arrive while one runs are coalesced: the next one reads the catalog
        once for all of them (it reads after every one of them asked, so it sees
        their changes), and they all return when it is applied. Sixty-four cameras
        added at once cost two reads of every camera's configuration, not 64."""
        self._requested += 1
        mine = self._requested
        async with self._reconfigure_lock:
            if self._applied >= mine:
                return
            covers = self._requested
            configs = await self.thread.call(self._configs)
            await self.supervisor.set_cameras(configs)
            self._applied = covers

    def _reconfigure_soon(self) -> None:
        self._in_background(self.reconfigure())

    def _in_background(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(_log_failure)

    # -- worker messages (called on the event loop) -------------------------------

    def on_message(self, message: WorkerMessage) -> None:
        if isinstance(message, (Packet, StreamCodecs)):
            if self.on_live is not None:
                self.on_live(message)
        elif isinstance(message, Health):
            self.status.update(message.camera_id, message.stream, _health(message))
            self.totals.on_health(message)
        elif isinstance(message, SegmentOpened):
            self.thread.submit(self._opened, message)
        elif isinstance(message, SegmentClosed):
            self.thread.submit(self._closed, message)
        elif isinstance(message, VolumeError):
            if is_resource_shortage(message.errno):
                self._short_of_resources(message)
                return
            if message.volume_ok:
                self._in_background(self._file_write_failed(message))
                return
            self.thread.submit(self._volume_failed, message)
            self._reconfigure_soon()
        elif isinstance(message, WorkerExited):
            self.thread.submit(self._worker_exited, message)

    @staticmethod
    def _short_of_resources(message: VolumeError) -> None:
        """Nothing is wrong with the volume: it stays as it is, and the worker, which
        set it aside for a while, tries it again by itself."""
        log.warning(
            "camera %d (%s) could not write to volume %d for want of resources: %s;"
            " the volume's state is kept",
            message.camera_id,
            message.stream,
            message.volume_id,
            message.reason,
        )

    async def _file_write_failed(self, message: VolumeError) -> None:
        """One stream's file failed on a volume that still takes writes: said, the
        volume's state kept (the worker retries there by itself)."""
        camera, path = await self.thread.call(self._names, message.camera_id, message.volume_id)
        log.warning(
            "camera %d (%s): a write to volume %d failed: %s; the volume still takes"
            " writes and keeps its state",
            message.camera_id,
            message.stream,
            message.volume_id,
            message.reason,
        )
        if self.entries is None:
            return
        facts = {
            "volume_id": message.volume_id,
            "path": path,
            "camera_id": message.camera_id,
            "camera": camera,
            "stream": message.stream,
            "reason": message.reason,
        }
        self.entries.record(
            LogType.EXCEPTION,
            "volume.write_error",
            f"volume {message.volume_id} ({path}): writing camera {camera}'s {message.stream}"
            f" stream failed: {message.reason}; the volume takes writes and stays in use",
            camera_id=message.camera_id,
            outcome="DATA_LOSS",
            detail={**facts, "errno": message.errno},
        )
        self.entries.publish("volume_write_error", **facts)

    def _names(self, camera_id: int, volume_id: int) -> tuple[str, str]:
        """Catalog thread: the camera's name and the volume's path, for messages."""
        try:
            camera = self.cameras.get(camera_id).name
        except NotFound:  # deleted meanwhile
            camera = str(camera_id)
        return camera, str(self.volumes.roots().get(volume_id, ""))

    # -- on the catalog thread ----------------------------------------------------

    def _opened(self, message: SegmentOpened) -> None:
        try:
            segment_id = open_segment(
                self.catalog,
                message.camera_id,
                Stream[message.stream.upper()],
                message.volume_id,
                message.relpath,
                message.start_us,
                Codec(message.codec),
                message.width,
                message.height,
                message.record_reasons,
            )
        except Exception:
            log.exception("cannot record the opening of %s", message.relpath)
            return
        self._open_ids[(message.volume_id, message.relpath)] = segment_id

    def _closed(self, message: SegmentClosed) -> None:
        segment_id = self._open_ids.pop((message.volume_id, message.relpath), None)
        if segment_id is None:
            log.error("segment %s closed but never seen opened", message.relpath)
            return
        try:
            reasons = message.record_reasons
            # The worker hears of a manual recording a moment after it started; a
            # segment that closed meanwhile still recorded some of it.
            if reasons and manual_during(message.camera_id, message.start_us, message.end_us):
                reasons |= RecordReason.MANUAL
            complete_segment(
                self.catalog,
                segment_id,
                message.end_us,
                message.size_bytes,
                message.frames,
                message.keyframe_index,
                start_us=message.start_us,
                record_reasons=reasons or None,
            )
        except Exception:
            log.exception("cannot record the closing of %s", message.relpath)

    def _volume_failed(self, message: VolumeError) -> None:
        log.warning(
            "volume %d failed for camera %d (%s): %s",
            message.volume_id,
            message.camera_id,
            message.stream,
            message.reason,
        )
        if is_out_of_space(message.errno):
            # Full, not failed: a disk-full exception, not a disk error, and retention
            # (overwrite on) frees it like a volume at its reserve.
            self.volumes.mark_full(message.volume_id, message.reason)
        else:
            self.volumes.mark_unavailable(message.volume_id, message.reason)

    def _worker_exited(self, message: WorkerExited) -> None:
        """Close, from their files, the segments a dead worker left open."""
        cameras = set(message.camera_ids)
        roots = self.volumes.roots()
        for row in open_segments(self.catalog):
            if row.camera_id not in cameras:
                continue
            self._open_ids.pop((row.volume_id, row.relpath), None)
            root = roots.get(row.volume_id)
            if root is not None:
                recover_segment(self.catalog, row, root)


def _reasons(plan: CameraPlan, stream: StreamName) -> RecordReason:
    return RecordReason.SCHEDULE if plan.mode(stream) == "continuous" else RecordReason(0)


def _recorded_until(camera_id: int, stream: int) -> int:
    """End of the newest closed segment of a camera stream (0 when none). Blocking."""
    row = (
        Segment.select(Segment.end_us)
        .where((Segment.camera == camera_id) & (Segment.stream == stream))
        .order_by(Segment.start_us.desc())
        .first()
    )
    return int(row.end_us) if row is not None and row.end_us is not None else 0


def _health(message: Health) -> StreamHealth:
    reason = message.reason.value if message.reason is not None else ""
    if message.state == "online" and message.storage_message:
        reason = "no_writable_volume"
    return replace(
        StreamHealth(),
        state=str(message.state),
        reason=reason,
        message=message.message or message.storage_message,
        codec=message.codec,
        width=message.width,
        height=message.height,
        fps=message.fps,
        bitrate_kbps=int(message.bitrate_kbps),
        last_packet_us=message.last_packet_us,
        bytes_written=message.bytes_written,
        segments_written=message.segments_written,
        recording=message.recording,
    )


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("reconfiguring the ingest workers failed", exc_info=task.exception())
