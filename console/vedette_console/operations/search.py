"""Searching the recordings (PLAY-04, PLAY-07, SEARCH-01..04): timelines, recorded
days, thumbnails and time slices, events, and the events and tags beside the
playback timeline."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject

from vedette_api.client import Client
from vedette_api.client.search import EVENT_TYPES
from vedette_api.client.site_session import SiteSession
from vedette_api.errors import VedetteError
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import images_pb2, search_pb2
from vedette_console.operations.server_op import ServerOp
from vedette_console.widgets.timeline import Run

#: The width of a thumbnail asked for (the grid shows them at 192 px).
THUMBNAIL_WIDTH = 320
EVENT_NAMES = {value: name for name, value in EVENT_TYPES.items()}


def runs_from_timelines(timelines: list[search_pb2.CameraTimeline]) -> list[Run]:
    """Every camera's recorded runs as one list, by start."""
    runs = [
        Run(
            us_from_timestamp(run.start_time),
            us_from_timestamp(run.end_time),
            frozenset(int(r) for r in run.record_reasons),
        )
        for line in timelines
        for run in line.runs
    ]
    return sorted(runs, key=lambda r: r.start_us)


def timeline_runs(
    *, parent: QObject | None, camera_ids: list[int], start_us: int, end_us: int, resolution_us: int
) -> ServerOp[list[Run]]:
    """The recorded runs of ``camera_ids`` in a range, at one pixel's resolution."""

    def work(client: Client) -> list[Run]:
        lines = client.get_timeline(camera_ids, start_us, end_us, resolution_us=resolution_us)
        return runs_from_timelines(lines)

    return ServerOp(parent, work)


def recording_days(
    *, parent: QObject | None, camera_ids: list[int], year: int, month: int
) -> ServerOp[search_pb2.ListRecordingDaysResponse]:
    """The days of a month (in the server's zone) with recordings, and the first and
    last recording of each camera."""
    return ServerOp(parent, lambda client: client.list_recording_days(camera_ids, year, month))


@dataclass(frozen=True)
class Marker:
    """An event or a tag beside the playback timeline."""

    kind: str  # "event" or "tag"
    time_us: int
    camera_id: int
    #: The server's text: an event's message (or source), a tag's name.
    text: str
    #: An event's type name ("motion", "manual"…: ``EVENT_TYPES``), shown in words.
    event_type: str = ""
    #: At a site: the member server that recorded it ("" on a lone server).
    server: str = ""


#: How many events, and tags, the playback view lists for the range shown.
MARKERS_LIMIT = 200


def fetch_markers(
    client: Client, camera_ids: list[int], start_us: int, end_us: int
) -> list[Marker]:
    """Blocking: the events and the tags of ``camera_ids`` in a range, by time."""
    found: list[Marker] = []
    for event in client.search_events(
        camera_ids=camera_ids, start_us=start_us, end_us=end_us, limit=MARKERS_LIMIT
    ):
        name = EVENT_NAMES.get(event.type, "")
        text = event.message or event.source
        time_us = us_from_timestamp(event.start_time)
        found.append(Marker("event", time_us, event.camera_id, text, name))
    for tag in client.list_tags(
        camera_ids=camera_ids, start_us=start_us, end_us=end_us, limit=MARKERS_LIMIT
    ):
        found.append(Marker("tag", us_from_timestamp(tag.time), tag.camera_id, tag.name))
    return sorted(found, key=lambda m: m.time_us)


def fetch_site_markers(
    site: SiteSession, site_camera_id: str, camera_id: int, start_us: int, end_us: int
) -> tuple[list[Marker], dict[str, str]]:
    """Blocking: the events and tags of a site camera in a range from every server
    that held it then, each within that server's custody, as markers of
    ``camera_id`` (the camera's id where it is shown); and the servers that could
    not be asked, with why."""
    found: list[Marker] = []
    unreachable: dict[str, str] = {}
    for part in site.custody_parts(site_camera_id, start_us, end_us)[1]:
        try:
            client, local = site.camera_on(part, site_camera_id)
            held = fetch_markers(client, [local], part.held_from_us, part.held_to_us)
        except VedetteError as exc:
            unreachable[part.server] = exc.message
            continue
        found.extend(
            replace(marker, camera_id=camera_id, server=part.server)
            for marker in held
            if part.started_in_custody(marker.time_us)
        )
    return sorted(found, key=lambda m: m.time_us), unreachable


def markers(
    *, parent: QObject | None, camera_ids: list[int], start_us: int, end_us: int
) -> ServerOp[list[Marker]]:
    return ServerOp(parent, lambda client: fetch_markers(client, camera_ids, start_us, end_us))


def search_events(
    *,
    parent: QObject | None,
    types: list[str],
    camera_ids: list[int],
    start_us: int,
    end_us: int,
    limit: int = 2000,
) -> ServerOp[list[search_pb2.Event]]:
    """Events by type, camera (none: all) and time range (SEARCH-04)."""

    def work(client: Client) -> list[search_pb2.Event]:
        return list(
            client.search_events(
                types=types, camera_ids=camera_ids, start_us=start_us, end_us=end_us, limit=limit
            )
        )

    return ServerOp(parent, work)


@dataclass(frozen=True)
class FoundEvent:
    """An event found, as the search lists it: the camera's id where it is shown,
    and at a site the member server that recorded it ("" for this server)."""

    event: search_pb2.Event
    camera_id: int
    server: str = ""


@dataclass
class SiteEventSearch:
    """Events across a site's servers, and the servers that did not answer."""

    events: list[FoundEvent]
    unreachable: dict[str, str]


def search_site_events(
    *,
    parent: QObject | None,
    site: SiteSession,
    types: list[str],
    cameras: list[tuple[int, str]],
    start_us: int,
    end_us: int,
    limit: int = 2000,
) -> ServerOp[SiteEventSearch]:
    """At a site, the events of ``cameras`` ((the camera's id on this server, its
    site id or "" for a camera of this server's own)) in a range, newest first: a
    site camera's from every server that held it then (``SiteSession.camera_events``,
    each server within its custody, a server late past the deadline named), a
    camera of this server's own from this server."""

    def work(client: Client) -> SiteEventSearch:
        found: list[FoundEvent] = []
        unreachable: dict[str, str] = {}
        own = [camera_id for camera_id, site_id in cameras if not site_id]
        if own:
            found.extend(
                FoundEvent(event, event.camera_id)
                for event in client.search_events(
                    types=types, camera_ids=own, start_us=start_us, end_us=end_us, limit=limit
                )
            )
        for camera_id, site_id in cameras:
            if not site_id:
                continue
            events = site.camera_events(site_id, start_us, end_us, types=types, limit=limit)
            unreachable.update(events.unreachable)
            found.extend(FoundEvent(e.event, camera_id, e.server) for e in events.events)
        found.sort(key=lambda f: us_from_timestamp(f.event.start_time), reverse=True)
        return SiteEventSearch(found[:limit], unreachable)

    return ServerOp(parent, work)


def time_slices(
    *,
    parent: QObject | None,
    camera_id: int,
    unit: str,
    time_us: int,
    motion_only: bool = False,
    motion_instant: bool = False,
) -> ServerOp[list[images_pb2.Thumbnail]]:
    """A camera's slices of ``unit`` (year … hour) around ``time_us``, one thumbnail
    each, cut in the server's zone (SEARCH-01), with their motion; ``motion_only``:
    only the slices with motion, ``motion_instant``: each at its first motion."""

    def work(client: Client) -> list[images_pb2.Thumbnail]:
        return list(
            client.time_slices(
                [camera_id],
                unit,
                time_us,
                max_width=THUMBNAIL_WIDTH,
                motion_only=motion_only,
                motion_instant=motion_instant,
            )
        )

    return ServerOp(parent, work)


def site_timeline_runs(
    *,
    parent: QObject | None,
    site: SiteSession,
    cameras: list[tuple[int, str]],
    start_us: int,
    end_us: int,
    resolution_us: int,
) -> ServerOp[list[Run]]:
    """At a site, the recorded runs of ``cameras`` ((id on this server, site id or
    "")): a site camera's from every server that held it, each within its custody
    (``SiteSession.camera_timeline``), a camera of this server's own from here."""

    def work(client: Client) -> list[Run]:
        own = [camera_id for camera_id, site_id in cameras if not site_id]
        runs = (
            runs_from_timelines(
                client.get_timeline(own, start_us, end_us, resolution_us=resolution_us)
            )
            if own
            else []
        )
        for _, site_id in cameras:
            if site_id:
                found = site.camera_timeline(site_id, start_us, end_us, resolution_us=resolution_us)
                runs.extend(Run(r.start_us, r.end_us, r.reasons) for r in found.runs)
        return sorted(runs, key=lambda r: r.start_us)

    return ServerOp(parent, work)


def site_thumbnails_at(
    *, parent: QObject | None, site: SiteSession, cameras: list[tuple[int, str]], time_us: int
) -> ServerOp[list[images_pb2.Thumbnail]]:
    """At a site, each camera's picture at ``time_us``: a site camera's from the
    server that held it then (named in ``error`` when it did not answer), as a
    thumbnail of its id on this server; a camera of this server's own from here."""

    def work(client: Client) -> list[images_pb2.Thumbnail]:
        own = [camera_id for camera_id, site_id in cameras if not site_id]
        found = {
            thumb.camera_id: thumb
            for thumb in (
                client.thumbnails_at(own, [time_us], max_width=THUMBNAIL_WIDTH) if own else []
            )
        }
        for camera_id, site_id in cameras:
            if site_id:
                answer = site.camera_thumbnails_at(site_id, [time_us], max_width=THUMBNAIL_WIDTH)
                for item in answer.thumbnails[:1]:
                    thumb = images_pb2.Thumbnail()
                    thumb.CopyFrom(item.thumbnail)
                    thumb.camera_id = camera_id  # the id shown here, not the holder's
                    if item.server and thumb.error:
                        thumb.error = f"{item.server}: {thumb.error}"
                    found[camera_id] = thumb
        return [found[camera_id] for camera_id, _ in cameras if camera_id in found]

    return ServerOp(parent, work)


def thumbnails_at(
    *, parent: QObject | None, camera_ids: list[int], time_us: int
) -> ServerOp[list[images_pb2.Thumbnail]]:
    """Each camera's picture at ``time_us`` (SEARCH-02, SEARCH-03)."""

    def work(client: Client) -> list[images_pb2.Thumbnail]:
        return list(client.thumbnails_at(camera_ids, [time_us], max_width=THUMBNAIL_WIDTH))

    return ServerOp(parent, work)
