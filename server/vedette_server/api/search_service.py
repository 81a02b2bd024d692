"""SearchService: the timeline of one or many cameras (gaps explicit), the calendar
of recorded days, events and tags."""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable, Sequence

import grpc

from vedette_api import timestamps
from vedette_api.v1 import common_pb2, search_pb2, search_pb2_grpc
from vedette_server.accounts.authorization import Principal, may
from vedette_server.accounts.rights import Area, CameraRight
from vedette_server.api import call_context
from vedette_server.api.camera_scope import requested_cameras
from vedette_server.api.convert import duration_us, timestamp, to_us
from vedette_server.api.status import unary
from vedette_server.api.timeline_response import TimelineResponses
from vedette_server.catalog.database import Catalog
from vedette_server.catalog.timeline import timeline_spans
from vedette_server.catalog_thread import CatalogThread
from vedette_server.errors import InvalidArgument, NotFound
from vedette_server.recording.cameras import CameraRegistry
from vedette_server.search.events import EventCount, EventLog, EventRecord, EventType
from vedette_server.search.recording_days import recording_days
from vedette_server.search.tags import TagRecord, Tags
from vedette_server.settings.store import SettingsStore

MAX_CAMERAS = 256


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


_EVENT_TYPES = {
    search_pb2.EVENT_TYPE_MANUAL: EventType.MANUAL,
    search_pb2.EVENT_TYPE_MOTION: EventType.MOTION,
    search_pb2.EVENT_TYPE_SENSOR: EventType.SENSOR,
    search_pb2.EVENT_TYPE_ANALYTICS: EventType.ANALYTICS,
    search_pb2.EVENT_TYPE_EXCEPTION: EventType.EXCEPTION,
}
_EVENT_NUMBERS = {kind: number for number, kind in _EVENT_TYPES.items()}
MAX_PAGE = 1000
MAX_SUBTYPES = 64
MAX_SUBTYPE_CHARS = 64


def page_limit(page_size: int, page_token: str) -> tuple[int, int | None]:
    """(limit, before id) of a keyset page; INVALID_ARGUMENT for a bad size or token."""
    if page_size < 0:
        raise InvalidArgument("page_size", f"{page_size} is negative")
    before = None
    if page_token:
        if not (page_token.isascii() and page_token.isdigit()) or len(page_token) > 19:
            raise InvalidArgument("page_token", "is not a token from this list")
        before = int(page_token)
    return min(page_size or 100, MAX_PAGE), before


def optional_range(request: object) -> tuple[int | None, int | None]:
    start = to_us(request.start_time, "start_time") if request.HasField("start_time") else None  # type: ignore[attr-defined]
    end = to_us(request.end_time, "end_time") if request.HasField("end_time") else None  # type: ignore[attr-defined]
    return start, end


def event_message(event: EventRecord) -> search_pb2.Event:
    return search_pb2.Event(
        id=event.id,
        type=_EVENT_NUMBERS[event.type],
        camera_id=event.camera_id or 0,
        start_time=timestamp(event.start_us),
        end_time=timestamp(event.end_us),
        source=event.source,
        message=event.message,
        subtype=event.subtype,
        key=event.key,
        count=event.count,
        last_time=timestamp(event.last_us if event.count > 1 else None),
    )


def count_message(count: EventCount) -> search_pb2.EventCount:
    return search_pb2.EventCount(
        type=_EVENT_NUMBERS[count.type],
        subtype=count.subtype,
        events=count.events,
        occurrences=count.occurrences,
    )


def event_subtypes(subtypes: Sequence[str]) -> list[str]:
    """The subtype filter of a search; INVALID_ARGUMENT for too many or a bad one."""
    if len(subtypes) > MAX_SUBTYPES:
        raise InvalidArgument("subtypes", f"at most {MAX_SUBTYPES} subtypes")
    for subtype in subtypes:
        if not 1 <= len(subtype) <= MAX_SUBTYPE_CHARS or not subtype.isprintable():
            raise InvalidArgument(
                "subtypes",
                f"{subtype[:MAX_SUBTYPE_CHARS]!r} is not 1 to {MAX_SUBTYPE_CHARS}"
                " printable characters",
            )
    return list(dict.fromkeys(subtypes))


def tag_message(tag: TagRecord) -> search_pb2.Tag:
    return search_pb2.Tag(
        id=tag.id,
        camera_id=tag.camera_id,
        time=timestamp(tag.time_us),
        name=tag.name,
        created_by=tag.created_by,
        create_time=timestamp(tag.created_us),
    )


class SearchServicer(search_pb2_grpc.SearchServiceServicer):
    def __init__(
        self,
        catalog: Catalog,
        thread: CatalogThread,
        cameras: CameraRegistry,
        *,
        events: EventLog,
        tags: Tags,
        settings: SettingsStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalog = catalog
        self.thread = thread
        self.cameras = cameras
        self.events = events
        self.tags = tags
        self.settings = settings
        self._clock = clock
        self._timeline_responses = TimelineResponses()  # used on the catalog thread only

    async def _cameras(self, requested: list[int]) -> list[int]:
        return await requested_cameras(self.thread, self.cameras, requested)

    def _zone(self, name: str) -> zoneinfo.ZoneInfo:
        name = name or self.settings.current.date_time.time_zone
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InvalidArgument("time_zone", f"{name[:60]!r} is not an IANA time zone") from None

    def _timeline(
        self,
        requested: list[int],
        who: Principal,
        t0: int,
        t1: int,
        stream: int,
        resolution_us: int,
    ) -> search_pb2.GetTimelineResponse:
        """On the catalog thread, all of it in one hop: the cameras (named, or every one
        the caller may play back), their runs, the response."""
        every = self.cameras.ids()
        if requested:
            known = set(every)
            for camera_id in requested:
                if camera_id not in known:
                    raise NotFound("camera", camera_id)
        camera_ids = requested or [c for c in every if may(who, CameraRight.PLAYBACK, c)]
        spans = timeline_spans(
            self.catalog, camera_ids, t0, t1, stream=stream, resolution_us=resolution_us,
            now_us=timestamps.now_us(),
        )  # fmt: skip
        return self._timeline_responses.response(camera_ids, spans)

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
        return await self.thread.call(
            self._timeline,
            list(dict.fromkeys(request.camera_ids)),
            call_context.principal(),
            t0,
            t1,
            stream_number(request.stream),
            resolution,
        )

    @unary
    async def ListRecordingDays(
        self, request: search_pb2.ListRecordingDaysRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.ListRecordingDaysResponse:
        if not 1970 <= request.year <= 9998:
            raise InvalidArgument("year", f"{request.year} is not a year from 1970 on")
        if not 1 <= request.month <= 12:
            raise InvalidArgument("month", f"{request.month} is not 1 to 12")
        if len(request.camera_ids) > MAX_CAMERAS:
            raise InvalidArgument("camera_ids", f"at most {MAX_CAMERAS} cameras per request")
        zone = self._zone(request.time_zone)
        stream = stream_number(request.stream)
        cameras = await self._cameras(list(request.camera_ids))
        now_us = int(self._clock() * 1_000_000)

        def days() -> list[search_pb2.CameraRecordingDays]:
            found = []
            for camera_id in cameras:
                result = recording_days(
                    self.catalog, camera_id, stream, request.year, request.month, zone,
                    now_us=now_us,
                )  # fmt: skip
                found.append(
                    search_pb2.CameraRecordingDays(
                        camera_id=camera_id,
                        days=list(result.days),
                        first_recording_time=timestamp(result.first_us),
                        last_recording_time=timestamp(result.last_us),
                    )
                )
            return found

        return search_pb2.ListRecordingDaysResponse(
            cameras=await self.thread.call(days), time_zone=zone.key
        )

    @unary
    async def SearchEvents(
        self, request: search_pb2.SearchEventsRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.SearchEventsResponse:
        types = []
        for number in request.types:
            if number not in _EVENT_TYPES:
                raise InvalidArgument("types", f"unknown event type {number}")
            types.append(_EVENT_TYPES[number])
        subtypes = event_subtypes(request.subtypes)
        limit, before = page_limit(request.page_size, request.page_token)
        start_us, end_us = optional_range(request)
        cameras = await self._cameras(list(request.camera_ids))
        who = call_context.principal()
        no_camera = not request.camera_ids and (may(who, Area.ALARMS) or may(who, Area.LOGS))

        def search() -> tuple[list[EventRecord], list[EventCount]]:
            found = self.events.search(
                types=types, subtypes=subtypes, camera_ids=cameras,
                include_no_camera=no_camera, start_us=start_us, end_us=end_us,
                limit=limit + 1, before_id=before,
            )  # fmt: skip
            if before is not None or not request.include_counts:  # first page, on request
                return found, []
            counts = self.events.counts(
                camera_ids=cameras, include_no_camera=no_camera, start_us=start_us, end_us=end_us
            )
            return found, counts

        found, counts = await self.thread.call(search)
        response = search_pb2.SearchEventsResponse(
            events=[event_message(e) for e in found[:limit]],
            counts=[count_message(c) for c in counts],
        )
        if len(found) > limit:
            response.next_page_token = str(found[limit - 1].id)
        return response

    async def _tag_camera_check(self, tag_id: int) -> TagRecord:
        """The tag, when the caller may play back its camera (NOT_FOUND otherwise)."""
        tag = await self.thread.call(self.tags.get, tag_id)
        if not may(call_context.principal(), CameraRight.PLAYBACK, tag.camera_id):
            raise NotFound("tag", tag_id)
        return tag

    @unary
    async def CreateTag(
        self, request: search_pb2.CreateTagRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.CreateTagResponse:
        spec = request.tag
        if not spec.HasField("time"):
            raise InvalidArgument("tag.time", "is required")
        time_us = to_us(spec.time, "tag.time")
        who = call_context.principal().username
        zone = self._zone("")
        tag = await self.thread.call(
            lambda: self.tags.create(spec.camera_id, time_us, spec.name, created_by=who, zone=zone)
        )
        call_context.note(
            message=f"{who} tagged camera {tag.camera_id}: {tag.name}", camera_id=tag.camera_id
        )
        return search_pb2.CreateTagResponse(tag=tag_message(tag))

    @unary
    async def UpdateTag(
        self, request: search_pb2.UpdateTagRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.UpdateTagResponse:
        before = await self._tag_camera_check(request.tag_id)
        tag = await self.thread.call(self.tags.rename, request.tag_id, request.name)
        call_context.note(
            camera_id=tag.camera_id, before={"name": before.name}, after={"name": tag.name}
        )
        return search_pb2.UpdateTagResponse(tag=tag_message(tag))

    @unary
    async def DeleteTag(
        self, request: search_pb2.DeleteTagRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.DeleteTagResponse:
        tag = await self._tag_camera_check(request.tag_id)
        await self.thread.call(self.tags.delete, request.tag_id)
        call_context.note(camera_id=tag.camera_id, before={"name": tag.name})
        return search_pb2.DeleteTagResponse()

    @unary
    async def ListTags(
        self, request: search_pb2.ListTagsRequest, context: grpc.aio.ServicerContext
    ) -> search_pb2.ListTagsResponse:
        if len(request.text) > 100:
            raise InvalidArgument("text", "at most 100 characters")
        limit, before = page_limit(request.page_size, request.page_token)
        start_us, end_us = optional_range(request)
        cameras = await self._cameras(list(request.camera_ids))
        found = await self.thread.call(
            lambda: self.tags.search(
                cameras, start_us=start_us, end_us=end_us, text=request.text,
                limit=limit + 1, before_id=before,
            )
        )  # fmt: skip
        response = search_pb2.ListTagsResponse(tags=[tag_message(t) for t in found[:limit]])
        if len(found) > limit:
            response.next_page_token = str(found[limit - 1].id)
        return response
