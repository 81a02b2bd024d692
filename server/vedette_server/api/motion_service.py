"""``MotionService`` (motion.proto): a camera's motion settings, kept in the catalog and
applied to the running detector at once, and its live cells for tuning.

Access (policy.py): Get/Set need the cameras right (Set is audited with the settings
before and after); WatchMotionCells the live right on the camera.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc

from vedette_api.v1 import motion_pb2, motion_pb2_grpc
from vedette_server.api import call_context
from vedette_server.api.convert import timestamp
from vedette_server.api.status import streaming, unary
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument
from vedette_server.motion import grid
from vedette_server.motion.config import MotionArea, MotionConfig
from vedette_server.motion.runner import MotionRunner
from vedette_server.motion.settings import MotionSettings, MotionSettingsStore


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
        self, thread: CatalogThread, store: MotionSettingsStore, runner: MotionRunner
    ) -> None:
        self.thread, self.store, self.runner = thread, store, runner

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
