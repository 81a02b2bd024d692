"""``SiteSession``: one sign-in at a site directory, and sessions on its member
servers opened with site tokens (single sign-on), for what spans servers: the merged
timeline, calendar and events of a camera that moved between servers, and its export
as one signed file per server (docs/sites.md).

    with SiteSession.connect("directory:7443", username="alice", password=…) as site:
        timeline = site.camera_timeline(camera_id, start_us, end_us)
        for run in timeline.runs: print(run.server, run.start_us, run.end_us)

Invariants:
- A member server's session is opened once and reused; a site token is asked for
  when none is held or the held one is about to expire.
- A camera's timeline asks each server that held the camera (the directory's custody
  index) for its part, clipped to the time that server held it: a run another
  server recorded while not holding the camera (a failed server recording until it
  was fenced) is not counted twice. A server that does not answer is named in
  ``unreachable`` and its part left out, never guessed.
- The calendar and the event search ask every server at once and wait at most
  ``deadline_s`` for them all; a server that has not answered by then is named in
  ``unreachable`` and what the others said is returned. An event counts for the
  server that held the camera when it started (one event is never listed twice).
- Thumbnails (``camera_thumbnails``, ``camera_thumbnails_at``): each instant is
  asked of the server that held the camera at that instant, each server once for
  all its instants, all at once within ``deadline_s``. Every instant comes back, in
  time order: an instant no server held, or whose server did not answer, as a
  thumbnail without a picture whose ``error`` says why, never a picture from
  another server.
- An export (``site_export.export_camera(session, …)``) is one file per custody
  part, each streamed from and signed by the server that recorded it (its ``.vsig``
  beside it), never re-encoded into one; a JSON manifest lists the parts in time
  order, the gaps between them, and every part that failed with why.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vedette_api.client.closing import Closeable
from vedette_api.client.session import Client
from vedette_api.client.site_members import SiteTokens, connect_member
from vedette_api.client.streams import StreamArg
from vedette_api.errors import InvalidArgument, NotFound, VedetteError
from vedette_api.timestamps import timestamp_from_us, us_from_timestamp
from vedette_api.v1 import images_pb2, search_pb2, site_pb2

#: How long a calendar or an event search waits for the servers by default.
DEFAULT_DEADLINE_S = 5.0
#: The most thumbnails one call gives (a server's limit per request).
MAX_THUMBNAILS = 1000
_Answer = TypeVar("_Answer")
#: A custody interval: server, its address, start, end (None: still held).
_Interval = tuple[str, str, int, int | None]


@dataclass(frozen=True)
class CustodyPart:
    """A member server's custody of a camera, within a range asked for: it held the
    camera in [custody_start_us, custody_end_us) (``None``: still holds it), of
    which [held_from_us, held_to_us) is in the range."""

    server: str
    address: str
    held_from_us: int
    held_to_us: int
    custody_start_us: int
    custody_end_us: int | None

    def started_in_custody(self, instant_us: int) -> bool:
        end = self.custody_end_us
        return self.custody_start_us <= instant_us and (end is None or instant_us < end)


@dataclass(frozen=True)
class SiteRun:
    """A stretch a member server recorded, in its custody of the camera."""

    server: str
    start_us: int
    end_us: int
    #: Why it was recorded (``common_pb2.RecordReason`` values).
    reasons: frozenset[int] = frozenset()


@dataclass
class SiteTimeline:
    site_camera_id: str
    runs: list[SiteRun] = field(default_factory=list)
    #: Who held the camera over the range asked, oldest first.
    parts: list[CustodyPart] = field(default_factory=list)
    #: Servers that held the camera in the range but could not be asked, with why.
    unreachable: dict[str, str] = field(default_factory=dict)

    def recorded_us(self) -> int:
        return sum(run.end_us - run.start_us for run in self.runs)


@dataclass
class SiteDays:
    """The days of a month on which the servers that held a camera recorded it (a
    day counts for a server that recorded that day and held the camera some time
    of it), in ``time_zone``."""

    site_camera_id: str
    time_zone: str
    #: Day of the month → the servers that recorded it then, in custody order.
    days: dict[int, list[str]] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteEvent:
    """An event of a site camera, as the server that held the camera recorded it
    (``event.camera_id`` and ``event.id`` are that server's)."""

    server: str
    event: search_pb2.Event

    @property
    def start_us(self) -> int:
        return us_from_timestamp(self.event.start_time)


@dataclass
class SiteEvents:
    site_camera_id: str
    #: Newest first, as a server's search lists them.
    events: list[SiteEvent] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteThumbnail:
    """A thumbnail of a site camera at an instant. ``server``: the server that held
    the camera then (empty when none did). ``thumbnail``: that server's answer (its
    ``camera_id`` is that server's), or, when no server held the camera then or its
    server did not answer, one made here with no picture and ``error`` saying why
    (``no_recording`` set only when no server held the camera)."""

    server: str
    thumbnail: images_pb2.Thumbnail

    @property
    def time_us(self) -> int:
        return us_from_timestamp(self.thumbnail.time)

    @property
    def jpeg(self) -> bytes:
        return self.thumbnail.jpeg

    @property
    def error(self) -> str:
        return self.thumbnail.error


@dataclass
class SiteThumbnails:
    site_camera_id: str
    #: One per instant asked, in time order.
    thumbnails: list[SiteThumbnail] = field(default_factory=list)
    #: Who held the camera over the instants asked, oldest first.
    parts: list[CustodyPart] = field(default_factory=list)
    #: Servers that held the camera at some instant but did not answer, with why.
    unreachable: dict[str, str] = field(default_factory=dict)


class SiteSession(Closeable):
    def __init__(
        self,
        directory: Client,
        *,
        known_servers_path: Path | None = None,
        trust_new: bool = False,
        timeout_s: float = 10.0,
        members: Callable[[str], Client | None] | None = None,
    ) -> None:
        """``members``: the sessions the caller already holds on member servers, by
        member name (the console's); used before opening one, never closed here."""
        self.directory = directory
        self._held = members
        self._known = known_servers_path
        self._trust_new = trust_new
        self._timeout_s = timeout_s
        self._servers: dict[str, Client] = {}
        #: (server name, site camera id) → the camera's id on that server.
        self._local_ids: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        #: One lock per member server, so a server slow to connect holds up no other.
        self._connecting: dict[str, threading.Lock] = {}
        #: Per camera (its id at the directory): its site id and custody intervals
        #: (server, address, start, end or None) as the directory last gave them.
        self._custody_seen: dict[int | str, tuple[str, tuple[_Interval, ...]]] = {}
        #: Threads asking servers ahead of the directory's answer (``camera_timeline``).
        self._pool: ThreadPoolExecutor | None = None
        #: The directory's member records by name (``_member``).
        self._members: dict[str, site_pb2.SiteServer] = {}
        #: Whether ``close`` closes the directory's client too (``connect`` made it).
        self.owns_directory = False
        self._tokens = SiteTokens(directory)

    @classmethod
    def connect(
        cls,
        address: str,
        *,
        username: str,
        password: str,
        known_servers_path: Path | None = None,
        trust_new: bool = False,
        timeout_s: float = 10.0,
    ) -> Self:
        directory = Client.connect(
            address,
            username=username,
            password=password,
            known_servers_path=known_servers_path,
            trust_new=trust_new,
            timeout_s=timeout_s,
        )
        return cls(
            directory, known_servers_path=known_servers_path, trust_new=trust_new,
            timeout_s=timeout_s,
        )  # fmt: skip

    def site_token(self) -> str:
        """A site token for this session's user (``site_members.SiteTokens``)."""
        return self._tokens()

    def server(self, name: str, address: str) -> Client:
        """The session on member ``name`` at ``address`` (opened on first use). Its
        certificate is checked against the fingerprint the directory vouches for
        (``site_members.connect_member``); only a member that has not told the
        directory one (an older server) is pinned on first use."""
        if self._held is not None and (held := self._held(name)) is not None:
            return held
        with self._lock:
            connecting = self._connecting.setdefault(name, threading.Lock())
        with connecting:
            client = self._servers.get(name)
            if client is None:
                member = self._member(name)
                if member is not None and member.api_certificate_sha256:
                    client = connect_member(
                        member,
                        self.site_token(),
                        known_servers_path=self._known,
                        timeout_s=self._timeout_s,
                    )
                else:
                    client = Client.connect_with_site_token(
                        address,
                        self.site_token(),
                        known_servers_path=self._known,
                        trust_new=self._trust_new,
                        timeout_s=self._timeout_s,
                    )
                with self._lock:
                    self._servers[name] = client
            return client

    def _member(self, name: str) -> site_pb2.SiteServer | None:
        """The directory's record of member ``name`` (read again when not known)."""
        with self._lock:
            found = self._members.get(name)
        if found is None:
            listed = self.directory.list_site_servers().servers
            with self._lock:
                self._members = {server.name: server for server in listed}
                found = self._members.get(name)
        return found

    def custody_parts(
        self, camera_id: int | str, start_us: int, end_us: int
    ) -> tuple[str, list[CustodyPart]]:
        """The site camera id of a camera and who held it in [start_us, end_us),
        oldest first (blocks on the directory). Here and below a camera is given by
        its id at the directory (an int) or its id across the site (a str)."""
        custody = self.directory.get_custody(camera_id, start_us, end_us)
        intervals = tuple(
            (
                interval.server,
                interval.address,
                us_from_timestamp(interval.start_time),
                us_from_timestamp(interval.end_time) if interval.HasField("end_time") else None,
            )
            for interval in custody.intervals
        )
        with self._lock:
            self._custody_seen[camera_id] = (custody.site_camera_id, intervals)
        return custody.site_camera_id, _clip(intervals, start_us, end_us)

    def camera_timeline(
        self,
        camera_id: int | str,
        start_us: int,
        end_us: int,
        *,
        stream: StreamArg = "main",
        resolution_us: int = 0,
    ) -> SiteTimeline:
        """What the site recorded of a camera in [start_us, end_us), from every
        server that held it then (runs closer than ``resolution_us`` merged by each
        server, as ``Client.get_timeline`` does).

        The servers the camera's last custody named are asked at the same time as
        the directory (a timeline is asked again and again while it is shown, and
        custody rarely changes): their answers are used only when the directory's
        fresh custody gives the same parts, else the servers it names are asked."""
        with self._lock:
            seen = self._custody_seen.get(camera_id)
        guessed: Future[list[tuple[list[SiteRun] | None, str | None]]] | None = None
        guess: tuple[str, list[CustodyPart]] | None = None
        if seen is not None and (parts_seen := _clip(seen[1], start_us, end_us)):
            guess = (seen[0], parts_seen)
            guessed = self._executor().submit(
                self._ask_all,
                parts_seen,
                lambda part: self._runs(seen[0], part, stream, resolution_us),
                None,
            )
        site_id, parts = self.custody_parts(camera_id, start_us, end_us)
        if guessed is not None and guess == (site_id, parts):
            answers = guessed.result()
        else:
            answers = self._ask_all(
                parts, lambda part: self._runs(site_id, part, stream, resolution_us), None
            )
        result = SiteTimeline(site_id, parts=parts)
        for part, (runs, error) in zip(parts, answers, strict=True):
            if error is not None:
                result.unreachable[part.server] = error
            result.runs.extend(runs or ())
        result.runs.sort(key=lambda run: (run.start_us, run.end_us))
        return result

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="site-ask")
            return self._pool

    def camera_days(
        self,
        camera_id: int | str,
        year: int,
        month: int,
        *,
        stream: StreamArg = "main",
        time_zone: str = "",
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> SiteDays:
        """The calendar of a camera for a month, merged over
        the servers that held it. Days are counted in ``time_zone`` (empty: the
        servers' own; when they disagree, all are asked again in the zone of the last
        one that held the camera and answered)."""
        # The month in any zone lies within a day of the month in UTC.
        first = dt.datetime(year, month, 1, tzinfo=dt.UTC)
        after = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=dt.UTC)
        day_us = 86_400_000_000
        site_id, parts = self.custody_parts(camera_id, _us(first) - day_us, _us(after) + day_us)

        def ask(zone: str) -> Callable[[CustodyPart], search_pb2.ListRecordingDaysResponse]:
            def one(part: CustodyPart) -> search_pb2.ListRecordingDaysResponse:
                client, local = self._camera_on(part.server, part.address, site_id)
                return client.list_recording_days(
                    [local], year, month, stream=stream, time_zone=zone
                )

            return one

        answers = self._ask_all(parts, ask(time_zone), deadline_s)
        zones = {
            answer.time_zone for answer, error in answers if error is None and answer is not None
        }
        if len(zones) > 1:  # servers in different zones: count every day in one
            zone = next(a.time_zone for a, e in reversed(answers) if e is None and a is not None)
            answers = self._ask_all(parts, ask(zone), deadline_s)
            zones = {zone}
        result = SiteDays(site_id, next(iter(zones), time_zone))
        for part, (answer, error) in zip(parts, answers, strict=True):
            if error is not None or answer is None:
                result.unreachable[part.server] = error or "no answer"
                continue
            zone_info = _zone(answer.time_zone)
            for entry in answer.cameras:
                for day in entry.days:
                    day_from = dt.datetime(year, month, day, tzinfo=zone_info)
                    day_to = day_from + dt.timedelta(days=1)
                    held = part.custody_end_us is None or part.custody_end_us > _us(day_from)
                    if held and part.custody_start_us < _us(day_to):
                        servers = result.days.setdefault(int(day), [])
                        if part.server not in servers:
                            servers.append(part.server)
        result.days = dict(sorted(result.days.items()))
        return result

    def camera_events(
        self,
        camera_id: int | str,
        start_us: int,
        end_us: int,
        *,
        types: list[str] | None = None,
        subtypes: list[str] | None = None,
        limit: int = 1000,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> SiteEvents:
        """The events of a camera in [start_us, end_us),
        from every server that held it then, newest first, at most ``limit``; each
        event from the server that held the camera when it started."""
        site_id, parts = self.custody_parts(camera_id, start_us, end_us)

        def one(part: CustodyPart) -> list[SiteEvent]:
            client, local = self._camera_on(part.server, part.address, site_id)
            found = client.search_events(
                types=types,
                subtypes=subtypes,
                camera_ids=[local],
                start_us=part.held_from_us,
                end_us=part.held_to_us,
                limit=limit,
            )
            return [
                SiteEvent(part.server, event)
                for event in found
                if part.started_in_custody(us_from_timestamp(event.start_time))
            ]

        result = SiteEvents(site_id)
        for part, (events, error) in zip(parts, self._ask_all(parts, one, deadline_s), strict=True):
            if error is not None:
                result.unreachable[part.server] = error
            result.events.extend(events or ())
        result.events.sort(key=lambda found: found.start_us, reverse=True)
        del result.events[limit:]
        return result

    def camera_thumbnails(
        self,
        camera_id: int | str,
        start_us: int,
        end_us: int,
        count: int,
        *,
        max_width: int = 0,
        max_height: int = 0,
        stream: StreamArg | None = None,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> SiteThumbnails:
        """``count`` thumbnails of a camera spread evenly over [start_us, end_us) at
        the instants a server's ``Client.thumbnails_between`` uses (each stands for
        the slice up to the next: ``slice_end_time``), each from the server that
        held the camera at that instant. The instants are asked of the servers as
        instants (``thumbnails_at``): each shows the keyframe nearest it, and an
        instant not recorded shows nothing even when its slice holds a recording."""
        if end_us <= start_us:
            raise InvalidArgument("the end of the range must be after its start")
        if not 1 <= count <= MAX_THUMBNAILS:
            raise InvalidArgument(f"count {count} is not 1 to {MAX_THUMBNAILS}")
        span = end_us - start_us
        bounds = [*(start_us + span * i // count for i in range(count)), end_us]
        slices: list[tuple[int, int | None]] = list(itertools.pairwise(bounds))
        return self._thumbnails(camera_id, slices, max_width, max_height, stream, deadline_s)

    def camera_thumbnails_at(
        self,
        camera_id: int | str,
        instants_us: list[int],
        *,
        max_width: int = 0,
        max_height: int = 0,
        stream: StreamArg | None = None,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> SiteThumbnails:
        """A thumbnail of a camera per instant (each once, in time order), each from
        the server that held the camera at that instant (``Client.thumbnails_at``)."""
        instants = sorted(set(instants_us))
        if not 1 <= len(instants) <= MAX_THUMBNAILS:
            raise InvalidArgument(f"1 to {MAX_THUMBNAILS} instants, not {len(instants)}")
        slices: list[tuple[int, int | None]] = [(t, None) for t in instants]
        return self._thumbnails(camera_id, slices, max_width, max_height, stream, deadline_s)

    def _thumbnails(
        self,
        camera_id: int | str,
        slices: list[tuple[int, int | None]],
        max_width: int,
        max_height: int,
        stream: StreamArg | None,
        deadline_s: float,
    ) -> SiteThumbnails:
        """The thumbnails of (instant, slice end or None), in that order."""
        site_id, parts = self.custody_parts(camera_id, slices[0][0], slices[-1][0] + 1)
        holders = [next((p for p in parts if p.started_in_custody(t)), None) for t, _ in slices]
        # Each server asked once, for all its instants (its custody parts' together).
        instants: dict[str, list[int]] = {}
        asked: dict[str, CustodyPart] = {}
        for (t, _), part in zip(slices, holders, strict=True):
            if part is not None:
                asked.setdefault(part.server, part)
                instants.setdefault(part.server, []).append(t)

        def one(part: CustodyPart) -> dict[int, images_pb2.Thumbnail]:
            client, local = self._camera_on(part.server, part.address, site_id)
            found = client.thumbnails_at(
                [local], instants[part.server], max_width=max_width, max_height=max_height,
                stream=stream,
            )  # fmt: skip
            return {us_from_timestamp(thumb.time): thumb for thumb in found}

        servers = list(asked.values())
        answers = dict(zip(asked, self._ask_all(servers, one, deadline_s), strict=True))
        result = SiteThumbnails(site_id, parts=parts)
        for (t, slice_end), part in zip(slices, holders, strict=True):
            server = "" if part is None else part.server
            got, why = (None, None) if part is None else answers[server]
            if part is None:
                thumb = images_pb2.Thumbnail(
                    no_recording=True, error="no server held the camera then"
                )
            elif got is None:
                why = why or "no answer"
                result.unreachable[server] = why
                thumb = images_pb2.Thumbnail(error=f"{server}: {why}")
            elif t in got:
                thumb = got[t]
            else:
                thumb = images_pb2.Thumbnail(error=f"{server} gave no thumbnail of it")
            thumb.time.CopyFrom(timestamp_from_us(t))
            if slice_end is not None:
                thumb.slice_end_time.CopyFrom(timestamp_from_us(slice_end))
            result.thumbnails.append(SiteThumbnail(server, thumb))
        return result

    def _ask_all(
        self,
        parts: list[CustodyPart],
        ask: Callable[[CustodyPart], _Answer],
        deadline_s: float | None,
    ) -> list[tuple[_Answer | None, str | None]]:
        """``ask`` each part's server at once: per part, (its answer, None) or (None,
        why not). With ``deadline_s``, a server that has not answered in that time
        is left behind (its thread ends with its call's own timeout)."""
        late = "did not answer" if deadline_s is None else f"did not answer within {deadline_s:g} s"
        answers: list[tuple[_Answer | None, str | None]] = [(None, late) for _ in parts]
        if deadline_s is None and len(parts) == 1:
            # The usual case, one server and no deadline: asked on this thread (a
            # thread's start and hand-back cost more than the call on a busy machine).
            try:
                return [(ask(parts[0]), None)]
            except VedetteError as exc:
                return [(None, exc.message)]
        done = threading.Semaphore(0)

        def run(index: int, part: CustodyPart) -> None:
            try:
                answers[index] = (ask(part), None)
            except VedetteError as exc:
                answers[index] = (None, exc.message)
            finally:
                done.release()

        threads = [
            threading.Thread(target=run, args=(i, part), daemon=True, name=f"site-{part.server}")
            for i, part in enumerate(parts)
        ]
        for thread in threads:
            thread.start()
        until_s = None if deadline_s is None else time.monotonic() + deadline_s
        for _ in threads:
            left_s = None if until_s is None else max(0.0, until_s - time.monotonic())
            if not done.acquire(timeout=left_s):
                break
        # What a thread still running writes from now on is not read.
        return list(answers)

    def camera_on(self, part: CustodyPart, site_camera_id: str) -> tuple[Client, int]:
        """The session on the server of a custody part and the camera's id there
        (``NotFound`` when that server has not received the camera)."""
        return self._camera_on(part.server, part.address, site_camera_id)

    def _camera_on(self, server: str, address: str, site_camera_id: str) -> tuple[Client, int]:
        """The session on ``server`` and the camera's id there."""
        client = self.server(server, address)
        local = self._local_id(server, client, site_camera_id)
        if local is None:
            raise NotFound(f"{server} has not received the camera yet")
        return client, local

    def _local_id(self, server: str, client: Client, site_camera_id: str) -> int | None:
        key = (server, site_camera_id)
        if key not in self._local_ids:
            for camera in client.list_cameras():
                if camera.site_camera_id:
                    self._local_ids[(server, camera.site_camera_id)] = camera.id
        return self._local_ids.get(key)

    def _runs(
        self, site_camera_id: str, part: CustodyPart, stream: StreamArg, resolution_us: int = 0
    ) -> list[SiteRun]:
        """One server's runs of the camera, clipped to its custody, in order."""
        client, local = self._camera_on(part.server, part.address, site_camera_id)
        found = client.get_timeline(
            [local], part.held_from_us, part.held_to_us, stream=stream, resolution_us=resolution_us
        )
        runs = []
        for line in found:
            for run in line.runs:
                run_from = max(part.held_from_us, us_from_timestamp(run.start_time))
                run_to = min(part.held_to_us, us_from_timestamp(run.end_time))
                if run_to > run_from:
                    reasons = frozenset(int(reason) for reason in run.record_reasons)
                    runs.append(SiteRun(part.server, run_from, run_to, reasons))
        runs.sort(key=lambda run: run.start_us)
        return runs

    def close(self) -> None:
        with self._lock:
            clients = list(self._servers.values())
            self._servers.clear()
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)
        for client in clients:
            client.close()
        if self.owns_directory:
            self.directory.close()


def _clip(intervals: tuple[_Interval, ...], start_us: int, end_us: int) -> list[CustodyPart]:
    """The custody intervals' parts within [start_us, end_us), oldest first."""
    parts = []
    for server, address, custody_start, custody_end in intervals:
        held_from = max(start_us, custody_start)
        held_to = end_us if custody_end is None else min(end_us, custody_end)
        if held_to > held_from:
            parts.append(
                CustodyPart(server, address, held_from, held_to, custody_start, custody_end)
            )
    return parts


def _us(instant: dt.datetime) -> int:
    return (instant - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC
