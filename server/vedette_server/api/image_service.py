"""ImageService: thumbnails and time slices of recordings, and snapshots.

Thin: it validates the request, checks the rights that depend on its content, and
delegates to ``vedette_server.images`` (``Thumbnailer``, ``Snapshots``), where
decoding runs in worker processes and file and catalog work off the event loop.

Rights (policy.py): thumbnails, recorded snapshots, listing/getting/deleting need
playback on the camera; a live snapshot needs live; exporting needs export.

Privacy masks (CAM-10): a caller without the unmasked right on a camera gets its
thumbnails and snapshots with the masks burnt in (``images.burn_in``); a stored
snapshot stays the original, masked when it is read or exported.

Ranges and slices carry each slice's motion (``images.motion_slices``: the motion
index read in the executor, the settings on the catalog thread), and can skip the
motionless slices or show each at its first motion.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import AsyncIterator

import grpc

from vedette_api.timestamps import now_us
from vedette_api.v1 import common_pb2, export_pb2, images_pb2, images_pb2_grpc
from vedette_server.accounts.authorization import may, require
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context
from vedette_server.api.camera_scope import masks_for_caller, requested_cameras
from vedette_server.api.convert import timestamp, to_us
from vedette_server.api.search_service import optional_range, page_limit
from vedette_server.api.status import streaming, unary
from vedette_server.catalog.models import Stream
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument, NotFound
from vedette_server.images.keyframe_choice import ThumbnailQuery
from vedette_server.images.motion_slices import (
    MotionOptions,
    PlannedSlice,
    SliceMotion,
    motion_region,
    plan,
    read_motion,
)
from vedette_server.images.snapshots import MAX_EXPORT, SnapshotRecord, Snapshots
from vedette_server.images.thumbnails import Thumbnailer, ThumbnailResult
from vedette_server.images.time_slices import MAX_INSTANTS, SliceUnit, spread, time_slices
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.motion.settings import MotionSettingsStore
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.settings.store import SettingsStore

MAX_CAMERAS = 64
DEFAULT_WIDTH = 320
MAX_WIDTH, MAX_HEIGHT = 3840, 2160
_UNITS = {
    images_pb2.SLICE_UNIT_YEAR: SliceUnit.YEAR,
    images_pb2.SLICE_UNIT_MONTH: SliceUnit.MONTH,
    images_pb2.SLICE_UNIT_DAY: SliceUnit.DAY,
    images_pb2.SLICE_UNIT_HOUR: SliceUnit.HOUR,
    images_pb2.SLICE_UNIT_MINUTE: SliceUnit.MINUTE,
}
_STREAMS = {Stream.MAIN: common_pb2.STREAM_MAIN, Stream.SUB: common_pb2.STREAM_SUB}


def snapshot_message(record: SnapshotRecord) -> images_pb2.Snapshot:
    return images_pb2.Snapshot(
        id=record.id,
        camera_id=record.camera_id,
        time=timestamp(record.time_us),
        live=record.live,
        width=record.width,
        height=record.height,
        size_bytes=record.size_bytes,
        sha256=record.sha256,
        created_by=record.created_by,
        create_time=timestamp(record.created_us),
    )


def thumbnail_message(
    result: ThumbnailResult, planned: PlannedSlice | None = None
) -> images_pb2.Thumbnail:
    """A result as sent; ``planned`` for a slice: its start and motion."""
    query = result.query if planned is None else planned.slice
    message = images_pb2.Thumbnail(
        camera_id=result.camera_id,
        time=timestamp(query.time_us),
        slice_end_time=timestamp(query.slice_end_us),
        no_recording=result.no_recording,
        error=result.error or "",
    )
    if result.stream is not None:
        message.stream = _STREAMS[Stream(result.stream)]
    if result.image is not None:
        message.keyframe_time.CopyFrom(timestamp(result.image.timestamp_us))
        message.jpeg = result.image.jpeg
        message.width, message.height = result.image.width, result.image.height
    if planned is not None:
        _motion_fields(message, planned.motion)
    return message


def _motion_fields(message: images_pb2.Thumbnail, motion: SliceMotion) -> None:
    message.motion_known = motion.known
    message.has_motion = motion.has_motion
    message.motion_seconds = motion.seconds
    if motion.first_us is not None:
        message.motion_time.CopyFrom(timestamp(motion.first_us))


def motion_options(request: images_pb2.GetThumbnailsRequest) -> MotionOptions | None:
    """What the request asks of motion; None for explicit instants (which have no
    slices), InvalidArgument when they ask for motion anyway."""
    asked = request.motion_only or request.motion_instant or request.motion_cells
    if request.WhichOneof("instants") == "times":
        if asked:
            raise InvalidArgument(
                "motion_only", "motion options need a range or slices, not explicit times"
            )
        return None
    return MotionOptions(
        request.motion_only, request.motion_instant, motion_region(request.motion_cells)
    )


class ImageServicer(images_pb2_grpc.ImageServiceServicer):
    def __init__(
        self,
        *,
        thread: CatalogThread,
        cameras: CameraRegistry,
        settings: SettingsStore,
        thumbnailer: Thumbnailer,
        snapshots: Snapshots,
        motion_index: MotionIndexFeed,
        motion_settings: MotionSettingsStore,
    ) -> None:
        self.thread = thread
        self.cameras = cameras
        self.settings = settings
        self.thumbnailer = thumbnailer
        self.snapshots = snapshots
        self.motion_index = motion_index
        self.motion_settings = motion_settings

    async def _cameras(self, requested: list[int]) -> list[int]:
        return await requested_cameras(self.thread, self.cameras, requested)

    def _queries(self, request: images_pb2.GetThumbnailsRequest) -> list[ThumbnailQuery]:
        which = request.WhichOneof("instants")
        if which == "times":
            times = request.times.times
            if not 1 <= len(times) <= MAX_INSTANTS:
                raise InvalidArgument("times.times", f"1 to {MAX_INSTANTS} instants")
            instants = {to_us(t, f"times.times[{i}]") for i, t in enumerate(times)}
            return [ThumbnailQuery(t) for t in sorted(instants)]
        if which == "range":
            span = request.range
            if not span.HasField("start_time") or not span.HasField("end_time"):
                raise InvalidArgument("range.start_time", "start_time and end_time are required")
            t0 = to_us(span.start_time, "range.start_time")
            t1 = to_us(span.end_time, "range.end_time")
            if t1 <= t0:
                raise InvalidArgument("range.end_time", "must be after start_time")
            if not 1 <= span.count <= MAX_INSTANTS:
                raise InvalidArgument("range.count", f"{span.count} is not 1 to {MAX_INSTANTS}")
            return spread(t0, t1, span.count)
        if which == "slices":
            unit = _UNITS.get(request.slices.unit)
            if unit is None:
                raise InvalidArgument("slices.unit", "choose year, month, day, hour or minute")
            if not request.slices.HasField("time"):
                raise InvalidArgument("slices.time", "is required")
            time_us = to_us(request.slices.time, "slices.time")
            if not 0 <= time_us < 253_370_764_800_000_000:  # 9998-12-31
                raise InvalidArgument("slices.time", "must be from 1970 to 9998")
            return time_slices(unit, time_us, self._zone(request.slices.time_zone))
        raise InvalidArgument("instants", "give times, a range or slices")

    def _zone(self, name: str) -> zoneinfo.ZoneInfo:
        name = name or self.settings.current.date_time.time_zone
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InvalidArgument(
                "slices.time_zone", f"{name[:60]!r} is not an IANA time zone"
            ) from None

    @streaming
    async def GetThumbnails(
        self, request: images_pb2.GetThumbnailsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[images_pb2.Thumbnail]:
        if len(request.camera_ids) > MAX_CAMERAS:
            raise InvalidArgument("camera_ids", f"at most {MAX_CAMERAS} cameras per request")
        if not 0 <= request.max_width <= MAX_WIDTH:
            raise InvalidArgument("max_width", f"{request.max_width} is not 0 to {MAX_WIDTH}")
        if not 0 <= request.max_height <= MAX_HEIGHT:
            raise InvalidArgument("max_height", f"{request.max_height} is not 0 to {MAX_HEIGHT}")
        if request.stream in (common_pb2.STREAM_UNSPECIFIED, common_pb2.STREAM_SUB):
            streams: tuple[int, ...] = (Stream.SUB, Stream.MAIN)
        elif request.stream == common_pb2.STREAM_MAIN:
            streams = (Stream.MAIN,)
        else:
            raise InvalidArgument("stream", f"unknown stream {request.stream}")
        queries = self._queries(request)
        options = motion_options(request)
        width = request.max_width or DEFAULT_WIDTH
        for camera_id in await self._cameras(list(request.camera_ids)):
            planned: list[PlannedSlice] | None = None
            if options is not None:
                marks = await read_motion(
                    self.motion_index.index, self.motion_settings, self.thread, camera_id,
                    queries, options, now_us(),
                )  # fmt: skip
                planned = plan(queries, marks, options)
            renders = queries if planned is None else [p.render for p in planned]
            masks = await masks_for_caller(self.thread, self.cameras, camera_id)
            index = 0
            async for result in self.thumbnailer.thumbnails(
                camera_id, renders, max_width=width, max_height=request.max_height,
                streams=streams, masks=masks,
            ):  # fmt: skip
                yield thumbnail_message(result, None if planned is None else planned[index])
                index += 1

    # -- snapshots ----------------------------------------------------------------------

    async def _visible(self, snapshot_id: int) -> SnapshotRecord:
        """The snapshot, when the caller may play back its camera (NOT_FOUND otherwise)."""
        record = await self.snapshots.get(snapshot_id)
        if not may(call_context.principal(), CameraRight.PLAYBACK, record.camera_id):
            raise NotFound("snapshot", snapshot_id)
        return record

    @unary
    async def TakeSnapshot(
        self, request: images_pb2.TakeSnapshotRequest, context: grpc.aio.ServicerContext
    ) -> images_pb2.TakeSnapshotResponse:
        who = call_context.principal()
        time_us = to_us(request.time, "time") if request.HasField("time") else None
        right = CameraRight.LIVE if time_us is None else CameraRight.PLAYBACK
        require(who, right, request.camera_id)
        record = await self.snapshots.take(request.camera_id, time_us, created_by=who.username)
        source = "live" if record.live else "the recording"
        call_context.note(
            message=f"{who.username} took snapshot {record.id} of camera {record.camera_id}"
            f" from {source}",
            camera_id=record.camera_id,
        )
        return images_pb2.TakeSnapshotResponse(snapshot=snapshot_message(record))

    @unary
    async def ListSnapshots(
        self, request: images_pb2.ListSnapshotsRequest, context: grpc.aio.ServicerContext
    ) -> images_pb2.ListSnapshotsResponse:
        limit, before = page_limit(request.page_size, request.page_token)
        start_us, end_us = optional_range(request)
        cameras = await self._cameras(list(request.camera_ids))
        found = await self.snapshots.search(
            cameras, start_us=start_us, end_us=end_us, limit=limit + 1, before_id=before
        )
        response = images_pb2.ListSnapshotsResponse(
            snapshots=[snapshot_message(s) for s in found[:limit]]
        )
        if len(found) > limit:
            response.next_page_token = str(found[limit - 1].id)
        return response

    @unary
    async def GetSnapshot(
        self, request: images_pb2.GetSnapshotRequest, context: grpc.aio.ServicerContext
    ) -> images_pb2.GetSnapshotResponse:
        record = await self._visible(request.snapshot_id)
        jpeg = await self.snapshots.read(record)
        masks = await masks_for_caller(self.thread, self.cameras, record.camera_id)
        if masks:
            jpeg = await self.thumbnailer.masked_jpeg(jpeg, masks)
        return images_pb2.GetSnapshotResponse(snapshot=snapshot_message(record), jpeg=jpeg)

    @unary
    async def DeleteSnapshot(
        self, request: images_pb2.DeleteSnapshotRequest, context: grpc.aio.ServicerContext
    ) -> images_pb2.DeleteSnapshotResponse:
        record = await self._visible(request.snapshot_id)
        await self.snapshots.delete(record)
        call_context.note(
            message=f"{call_context.principal().username} deleted snapshot {record.id}",
            camera_id=record.camera_id,
            before={"time_us": record.time_us, "sha256": record.sha256},
        )
        return images_pb2.DeleteSnapshotResponse()

    @unary
    async def ExportSnapshots(
        self, request: images_pb2.ExportSnapshotsRequest, context: grpc.aio.ServicerContext
    ) -> images_pb2.ExportSnapshotsResponse:
        who = call_context.principal()
        ids = list(dict.fromkeys(request.snapshot_ids))
        if not 1 <= len(ids) <= MAX_EXPORT:
            raise InvalidArgument("snapshot_ids", f"name 1 to {MAX_EXPORT} snapshots")
        records = [await self._visible(snapshot_id) for snapshot_id in ids]
        masks = {}
        for record in records:
            require(who, CameraRight.EXPORT, record.camera_id)
            if record.camera_id not in masks:
                masks[record.camera_id] = await masks_for_caller(
                    self.thread, self.cameras, record.camera_id
                )
        folder, files = await self.snapshots.export(
            records,
            request.destination.root,
            request.destination.subdir,
            exported_by=who.username,
            masks=masks,
        )
        call_context.note(
            message=f"{who.username} exported {len(records)} snapshot(s) to {folder}",
            camera_id=records[0].camera_id,
        )
        return images_pb2.ExportSnapshotsResponse(
            folder=str(folder),
            files=[
                export_pb2.ExportFile(
                    name=f["name"], size_bytes=f["size_bytes"], sha256=f["sha256"]
                )
                for f in files
            ],
        )
