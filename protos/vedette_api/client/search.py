"""The ``SearchService`` (timeline, calendar, events, tags) and ``RecordingService``
(manual recording, status, evidence locks) parts of ``vedette_api.Client``.

Instants are µs since the epoch, UTC. Every method blocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vedette_api.client.calls import ServiceCalls
from vedette_api.client.streams import StreamArg, stream_proto
from vedette_api.timestamps import duration_from_us, timestamp_from_us
from vedette_api.v1 import (
    recording_pb2,
    recording_pb2_grpc,
    search_pb2,
    search_pb2_grpc,
)

EVENT_TYPES: dict[str, int] = {
    "manual": search_pb2.EVENT_TYPE_MANUAL,
    "motion": search_pb2.EVENT_TYPE_MOTION,
    "sensor": search_pb2.EVENT_TYPE_SENSOR,
    "analytics": search_pb2.EVENT_TYPE_ANALYTICS,
    "exception": search_pb2.EVENT_TYPE_EXCEPTION,
}


def _set_range(request: Any, start_us: int | None, end_us: int | None) -> None:
    if start_us is not None:
        request.start_time.CopyFrom(timestamp_from_us(start_us))
    if end_us is not None:
        request.end_time.CopyFrom(timestamp_from_us(end_us))


def _events_request(
    types: list[str] | None,
    camera_ids: list[int] | None,
    start_us: int | None,
    end_us: int | None,
    subtypes: list[str] | None,
) -> search_pb2.SearchEventsRequest:
    request = search_pb2.SearchEventsRequest(
        types=[EVENT_TYPES[t] for t in types or ()],  # type: ignore[misc]
        camera_ids=camera_ids or [],
        subtypes=subtypes or [],
    )
    _set_range(request, start_us, end_us)
    return request


class SearchCalls(ServiceCalls):
    _search: search_pb2_grpc.SearchServiceStub
    _recording: recording_pb2_grpc.RecordingServiceStub

    def get_timeline(
        self,
        camera_ids: list[int],
        start_us: int,
        end_us: int,
        *,
        stream: StreamArg = "main",
        resolution_us: int = 0,
    ) -> list[search_pb2.CameraTimeline]:
        """Recorded runs per camera in [start_us, end_us); ``[]`` ids = every camera."""
        request = search_pb2.GetTimelineRequest(
            camera_ids=camera_ids,
            start_time=timestamp_from_us(start_us),
            end_time=timestamp_from_us(end_us),
            stream=stream_proto(stream),
            resolution=duration_from_us(resolution_us),
        )
        return list(self._call(self._search.GetTimeline, request).timelines)

    def list_recording_days(
        self,
        camera_ids: list[int],
        year: int,
        month: int,
        *,
        stream: StreamArg = "main",
        time_zone: str = "",
    ) -> search_pb2.ListRecordingDaysResponse:
        """Days of the month with recordings per camera, and first/last recordings."""
        request = search_pb2.ListRecordingDaysRequest(
            camera_ids=camera_ids,
            year=year,
            month=month,
            stream=stream_proto(stream),
            time_zone=time_zone,
        )
        return self._call(self._search.ListRecordingDays, request)

    def search_events(
        self,
        *,
        types: list[str] | None = None,
        camera_ids: list[int] | None = None,
        start_us: int | None = None,
        end_us: int | None = None,
        limit: int = 1000,
        subtypes: list[str] | None = None,
    ) -> Iterator[search_pb2.Event]:
        """Events, newest first; ``types`` by name (``EVENT_TYPES``), ``subtypes``
        exact (``line_crossing``, ``camera_offline``, an input's name...)."""
        request = _events_request(types, camera_ids, start_us, end_us, subtypes)
        return self._paginate(self._search.SearchEvents, request, "events", limit=limit)

    def count_events(
        self,
        *,
        camera_ids: list[int] | None = None,
        start_us: int | None = None,
        end_us: int | None = None,
    ) -> list[search_pb2.EventCount]:
        """Per type and subtype, the events in these cameras and times (every type)."""
        request = _events_request(None, camera_ids, start_us, end_us, None)
        request.page_size = 1
        request.include_counts = True
        return list(self._call(self._search.SearchEvents, request).counts)

    def create_tag(self, camera_id: int, time_us: int, name: str = "") -> search_pb2.Tag:
        tag = search_pb2.Tag(camera_id=camera_id, time=timestamp_from_us(time_us), name=name)
        return self._call(self._search.CreateTag, search_pb2.CreateTagRequest(tag=tag)).tag

    def rename_tag(self, tag_id: int, name: str) -> search_pb2.Tag:
        request = search_pb2.UpdateTagRequest(tag_id=tag_id, name=name)
        return self._call(self._search.UpdateTag, request).tag

    def delete_tag(self, tag_id: int) -> None:
        self._call(self._search.DeleteTag, search_pb2.DeleteTagRequest(tag_id=tag_id))

    def list_tags(
        self,
        *,
        camera_ids: list[int] | None = None,
        start_us: int | None = None,
        end_us: int | None = None,
        text: str = "",
        limit: int = 1000,
    ) -> Iterator[search_pb2.Tag]:
        request = search_pb2.ListTagsRequest(camera_ids=camera_ids or [], text=text)
        _set_range(request, start_us, end_us)
        return self._paginate(self._search.ListTags, request, "tags", limit=limit)

    def start_manual_recording(self, camera_ids: list[int] | None = None) -> list[int]:
        """Start recording by hand (empty: every camera); returns the cameras recording."""
        request = recording_pb2.StartManualRecordingRequest(camera_ids=camera_ids or [])
        return list(self._call(self._recording.StartManualRecording, request).camera_ids)

    def stop_manual_recording(self, camera_ids: list[int] | None = None) -> list[int]:
        request = recording_pb2.StopManualRecordingRequest(camera_ids=camera_ids or [])
        return list(self._call(self._recording.StopManualRecording, request).camera_ids)

    def get_recording_status(
        self, camera_ids: list[int] | None = None
    ) -> list[recording_pb2.CameraRecordingStatus]:
        request = recording_pb2.GetRecordingStatusRequest(camera_ids=camera_ids or [])
        return list(self._call(self._recording.GetRecordingStatus, request).cameras)

    def lock_range(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        reason: str,
        *,
        expire_us: int | None = None,
    ) -> recording_pb2.EvidenceLock:
        """Keep a camera's range from retention (evidence) until unlocked or expired."""
        lock = recording_pb2.EvidenceLock(
            camera_id=camera_id,
            start_time=timestamp_from_us(start_us),
            end_time=timestamp_from_us(end_us),
            reason=reason,
        )
        if expire_us is not None:
            lock.expire_time.CopyFrom(timestamp_from_us(expire_us))
        return self._call(self._recording.LockRange, recording_pb2.LockRangeRequest(lock=lock)).lock

    def list_locks(
        self, camera_ids: list[int] | None = None, *, limit: int = 1000
    ) -> Iterator[recording_pb2.EvidenceLock]:
        request = recording_pb2.ListLocksRequest(camera_ids=camera_ids or [])
        return self._paginate(self._recording.ListLocks, request, "locks", limit=limit)

    def unlock(self, lock_id: int) -> None:
        self._call(self._recording.Unlock, recording_pb2.UnlockRequest(lock_id=lock_id))
