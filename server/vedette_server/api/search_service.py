"""SearchService: the recorded timeline of one or many cameras, gaps explicit."""

from __future__ import annotations

import time

import grpc

from vedette_api.v1 import common_pb2, search_pb2, search_pb2_grpc
from vedette_server.accounts.rights import CameraRight
from vedette_server.api import call_context
from vedette_server.api.convert import duration_us, timestamp, to_us
from vedette_server.api.status import unary
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.timeline import timeline
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument
from vedette_server.recording.cameras import CameraRegistry

MAX_CAMERAS = 256
_REASON_BITS = [
    (1, common_pb2.RECORD_REASON_SCHEDULE),
    (2, common_pb2.RECORD_REASON_MANUAL),
    (4, common_pb2.RECORD_REASON_MOTION),
    (8, common_pb2.RECORD_REASON_SENSOR),
    (16, common_pb2.RECORD_REASON_ANALYTICS),
]


def stream_number(stream: int) -> int:
    if stream in (common_pb2.STREAM_UNSPECIFIED, common_pb2.STREAM_MAIN):
        return 1
    if stream == common_pb2.STREAM_SUB:
        return 2
    raise InvalidArgument("stream", f"unknown stream {stream}")


def time_range(request: search_pb2.GetTimelineRequest) -> tuple[int, int]:
    if not request.HasField("start_time") or not request.HasField("end_time"):
        raise InvalidArgument("start_time", "start_time and end_time are required")
    t0 = to_us(request.start_time, "start_time")
    t1 = to_us(request.end_time, "end_time")
    if t1 <= t0:
        raise InvalidArgument("end_time", "must be after start_time")
    return t0, t1


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    def __init__(self, catalog: Catalog, thread: CatalogThread, cameras: CameraRegistry) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras

    def _timeline(
        self,
        camera_ids: list[int],
        permitted: list[int],
        t0: int,
        t1: int,
        stream: int,
        resolution_us: int,
    ) -> search_pb2.GetTimelineResponse:
        if not camera_ids:
            camera_ids = permitted

        for camera_id in camera_ids:
            self.cameras.get(camera_id)  # NotFound for an unknown id
        runs = timeline(
            self.catalog,
            camera_ids,
            t0,
            t1,
            stream=stream,
            resolution_us=resolution_us,
            now_us=time.time_ns() // 1000,
        )
        response = search_pb2.GetTimelineResponse()
        for camera_id in camera_ids:
            entry = response.timelines.add(camera_id=camera_id)
            for run in runs.get(camera_id, []):
                entry.runs.add(
                    start_time=timestamp(run.start_us),
                    end_time=timestamp(run.end_us),
                    record_reasons=[r for bit, r in _REASON_BITS if run.record_reasons & bit],
                )
        return response

    @unary
    async def GetTimeline(
        self, request: search_pb2.GetTimelineRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.GetTimelineResponse:
        if len(request.camera_ids) > MAX_CAMERAS:
            raise InvalidArgument("camera_ids", f"at most {MAX_CAMERAS} cameras per request")
        t0, t1 = time_range(request)
        resolution = (
            duration_us(request.resolution, "resolution") if request.HasField("resolution") else 0
        )
        if resolution < 0:
            raise InvalidArgument("resolution", "must not be negative")
        every = [c.id for c in await self.thread.call(self.cameras.list_all)]
        permitted = call_context.permitted_cameras(CameraRight.PLAYBACK, every)
        return await self.thread.call(
            self._timeline,
            list(dict.fromkeys(request.camera_ids)),
            permitted,
            t0,
            t1,
            stream_number(request.stream),
            resolution,
        )
