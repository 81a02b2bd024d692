"""``MotionService`` (motion.proto): a camera's motion settings, kept in the catalog and
applied to the running detector at once, and its live cells for tuning.

Access (policy.py): Get/Set need the cameras right (Set is audited with the settings
before and after); WatchMotionCells the live right on the camera; SearchMotion the
playback right on every camera it names.

SearchMotion reads the motion index (``MotionIndex.search``, blocking) in the default
executor, one camera at a time, and streams each camera's runs as soon as they are
found, with the fraction of cameras done; the last message says ``done``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import grpc
import numpy as np

from vedette_api.v1 import motion_pb2, motion_pb2_grpc
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context
from vedette_server.api.camera_scope import requested_cameras
from vedette_server.api.convert import duration_us, timestamp, to_us
from vedette_server.api.status import streaming, unary
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import FailedPrecondition, InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.index_feed import MotionIndexFeed
from vedette_server.motion.index_search import MotionRun
from vedette_server.motion.runner import MotionRunner
from vedette_server.motion.settings import MotionSettings, MotionSettingsStore
from vedette_server.recording.cameras import CameraRegistry


def config_message(settings: MotionSettings) -> motion_pb2.MotionConfig:
    config = settings.config
    return motion_pb2.MotionConfig(
        enabled=settings.enabled,
        sensitivity=config.sensitivity,
        hold_seconds=config.hold_s,
        make_frames=config.make_frames,
        areas=[motion_pb2.MotionArea(name=a.name, cells=grid.pack(a.cells)) for a in config.areas],
    )


def settings_from(message: motion_pb2.MotionConfig) -> MotionSettings:
    """The settings a request asks for; InvalidArgument naming the bad field."""
    areas = tuple(MotionArea(a.name, grid.unpack(a.cells)) for a in message.areas)
    config = MotionConfig(
        sensitivity=message.sensitivity,
        hold_s=message.hold_seconds,
        make_frames=message.make_frames,
        areas=areas,
    )
    return MotionSettings(message.enabled, config)


def search_region(request: motion_pb2.SearchMotionRequest) -> np.ndarray | None:
    """The cells a search asks for (None: every cell); InvalidArgument naming the
    bad field."""
    if request.cells and request.HasField("rect"):
        raise InvalidArgument("rect", "give cells or rect, not both")
    if request.cells:
        cells = grid.unpack(request.cells)
        if not cells.any():
            raise InvalidArgument("cells", "has no cell: it can never match")
        return cells
    if request.HasField("rect"):
        r = request.rect
        return grid.cells_in_box(r.x0, r.y0, r.x1, r.y1)
    return None


def search_range(request: motion_pb2.SearchMotionRequest) -> tuple[int, int]:
    if not request.HasField("start_time") or not request.HasField("end_time"):
        raise InvalidArgument("start_time", "start_time and end_time are required")
    start = to_us(request.start_time, "start_time")
    end = to_us(request.end_time, "end_time")
    if end <= start:
        raise InvalidArgument("end_time", "must be after start_time")
    return start, end


def run_message(run: MotionRun) -> motion_pb2.MotionRun:
    return motion_pb2.MotionRun(
        camera_id=run.camera_id,
        start_time=timestamp(run.start_us),
        end_time=timestamp(run.end_us),
        seconds=run.seconds,
    )


def _audit_view(settings: MotionSettings) -> dict[str, Any]:
    config = settings.config
    return {
        "enabled": settings.enabled,
        "sensitivity": config.sensitivity,
        "hold_s": config.hold_s,
        "make_frames": config.make_frames,
        "areas": {a.name: int(a.cells.sum()) for a in config.areas},
    }


class MotionServicer(motion_pb2_grpc.MotionServiceServicer):
    def __init__(
        self,
        thread: CatalogThread,
        store: MotionSettingsStore,
        runner: MotionRunner,
        cameras: CameraRegistry,
        index: MotionIndexFeed,
    ) -> None:
        self.thread, self.store, self.runner = thread, store, runner
        self.cameras, self.index = cameras, index

    @unary
    async def GetMotionConfig(
        self, request: motion_pb2.GetMotionConfigRequest, context: grpc.aio.ServicerContext
    ) -> motion_pb2.GetMotionConfigResponse:
        settings = await self.thread.call(self.store.get, request.camera_id)
        response = motion_pb2.GetMotionConfigResponse(config=config_message(settings))
        health = self.runner.health(request.camera_id)
        if health is not None:
            response.health.CopyFrom(
                motion_pb2.MotionHealth(
                    running=health.running,
                    stream=health.stream,
                    worker_pid=health.worker_pid or 0,
                    lag_ms=health.lag_ms,
                    frames_skipped=health.frames_skipped,
                    frames_analysed=health.frames_analysed,
                    cpu_ms=health.cpu_ms,
                    restarts=health.restarts,
                    event_open=health.event_open,
                )
            )
            if health.last_frame_us is not None:
                response.health.last_frame.CopyFrom(timestamp(health.last_frame_us))
        return response

    @unary
    async def SetMotionConfig(
        self, request: motion_pb2.SetMotionConfigRequest, context: grpc.aio.ServicerContext
    ) -> motion_pb2.SetMotionConfigResponse:
        if not request.HasField("config"):
            raise InvalidArgument("config", "required")
        settings = settings_from(request.config)
        before = await self.thread.call(self.store.get, request.camera_id)
        await self.thread.call(self.store.put, request.camera_id, settings)
        await self.runner.apply()
        call_context.note(
            message=f"motion settings of camera {request.camera_id} set",
            camera_id=request.camera_id,
            before=_audit_view(before),
            after=_audit_view(settings),
        )
        return motion_pb2.SetMotionConfigResponse(config=config_message(settings))

    @streaming
    async def WatchMotionCells(
        self, request: motion_pb2.WatchMotionCellsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[motion_pb2.WatchMotionCellsResponse]:
        await self.thread.call(self.store.get, request.camera_id)  # NOT_FOUND if unknown
        async with self.runner.watch_cells(request.camera_id) as frames:
            while True:
                frame = await frames.get()
                yield motion_pb2.WatchMotionCellsResponse(
                    time=timestamp(frame.time_us), cells=frame.cells, areas=list(frame.areas)
                )

    @streaming
    async def SearchMotion(
        self, request: motion_pb2.SearchMotionRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[motion_pb2.SearchMotionResponse]:
        start, end = search_range(request)
        region = search_region(request)
        min_us = duration_us(request.min_duration, "min_duration")
        gap_us = duration_us(request.merge_gap, "merge_gap")
        for field, value in (("min_duration", min_us), ("merge_gap", gap_us)):
            if value < 0:
                raise InvalidArgument(field, "must not be negative")
        cameras = await requested_cameras(
            self.thread, self.cameras, list(request.camera_ids), CameraRight.PLAYBACK
        )
        loop = asyncio.get_running_loop()
        for done, camera_id in enumerate(cameras, 1):
            index = self.index.index
            if index is None:
                raise FailedPrecondition("the motion index is not open")
            runs = await loop.run_in_executor(
                None,
                lambda i=index, c=camera_id: i.search(  # type: ignore[misc]
                    [c], start, end, region, min_duration_us=min_us, merge_gap_us=gap_us
                ),
            )
            yield motion_pb2.SearchMotionResponse(
                runs=[run_message(r) for r in runs],
                progress=done / len(cameras),
                done=done == len(cameras),
            )
        if not cameras:
            yield motion_pb2.SearchMotionResponse(progress=1.0, done=True)
