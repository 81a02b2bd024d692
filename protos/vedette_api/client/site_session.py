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
- An export is one file per custody part, each streamed from and signed by the
  server that recorded it (its ``.vsig`` beside it), never re-encoded into one; a
  JSON manifest lists the parts in time order, the gaps between them, and every
  part that failed with why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vedette_api.client.closing import Closeable
from vedette_api.client.session import Client
from vedette_api.client.site_members import connect_member
from vedette_api.client.streams import StreamArg
from vedette_api.errors import InvalidArgument, NotFound, VedetteError
from vedette_api.evidence import SIGNATURE_SUFFIX, file_sha256
from vedette_api.evidence import verify as verify_export
from vedette_api.timestamps import us_from_timestamp
from vedette_api.v1 import export_pb2, search_pb2, site_pb2

#: A site token is asked for again when it has less than this left.
TOKEN_MARGIN_S = 60.0
#: How long a calendar or an event search waits for the servers by default.
DEFAULT_DEADLINE_S = 5.0
#: The ``format`` of a site export's JSON manifest.
SITE_EXPORT_FORMAT = "vedette-site-export"
EXPORT_SUFFIXES: dict[int, str] = {
    export_pb2.EXPORT_FORMAT_MP4: "mp4",
    export_pb2.EXPORT_FORMAT_MKV: "mkv",
    export_pb2.EXPORT_FORMAT_AVI: "avi",
}
_Answer = TypeVar("_Answer")


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


@dataclass
class SiteTimeline:
    site_camera_id: str
    runs: list[SiteRun] = field(default_factory=list)
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


@dataclass
class ExportPart:
    """One server's part of a site export: [start_us, end_us) of its recordings in
    its custody, in ``file`` (signed by ``file``.vsig) or, when ``error`` is set,
    not exported."""

    index: int
    server: str
    start_us: int
    end_us: int
    file: str = ""
    size_bytes: int = 0
    sha256: str = ""
    #: Where the server was asked (its API address, as the directory has it).
    address: str = ""
    #: The server's id and export-signing key, as it gave them over this session
    #: (``GetServerInfo``; "" from a server too old to say).
    server_id: str = ""
    server_key_fingerprint: str = ""
    #: The key that signed the file (its ``.vsig``, checked); "" when not signed.
    signer_fingerprint: str = ""
    error: str = ""

    @property
    def exported(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class ExportGap:
    """Part of the range asked for that no part holds, and why."""

    start_us: int
    end_us: int
    why: str


@dataclass
class SiteExport:
    site_camera_id: str
    folder: Path
    manifest: str
    parts: list[ExportPart] = field(default_factory=list)
    gaps: list[ExportGap] = field(default_factory=list)

    @property
    def failed(self) -> list[ExportPart]:
        return [part for part in self.parts if not part.exported]


class SiteSession(Closeable):
    def __init__(
        self,
        directory: Client,
        *,
        known_servers_path: Path | None = None,
        trust_new: bool = False,
        timeout_s: float = 10.0,
    ) -> None:
        self.directory = directory
        self._known = known_servers_path
        self._trust_new = trust_new
        self._timeout_s = timeout_s
        self._servers: dict[str, Client] = {}
        #: (server name, site camera id) → the camera's id on that server.
        self._local_ids: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        #: One lock per member server, so a server slow to connect holds up no other.
        self._connecting: dict[str, threading.Lock] = {}
        #: The directory's member records by name (``_member``).
        self._members: dict[str, site_pb2.SiteServer] = {}
        #: Whether ``close`` closes the directory's client too (``connect`` made it).
        self.owns_directory = False
        self._token = ""
        self._token_expires_s = 0.0

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
        with self._lock:
            if time.time() > self._token_expires_s - TOKEN_MARGIN_S:
                issued = self.directory.issue_site_token()
                self._token = issued.site_token
                self._token_expires_s = us_from_timestamp(issued.expire_time) / 1e6
            return self._token

    def server(self, name: str, address: str) -> Client:
        """The session on member ``name`` at ``address`` (opened on first use). Its
        certificate is checked against the fingerprint the directory vouches for
        (``site_members.connect_member``); only a member that has not told the
        directory one (an older server) is pinned on first use."""
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
        self, camera_id: int, start_us: int, end_us: int
    ) -> tuple[str, list[CustodyPart]]:
        """The site camera id of a camera (its id at the directory) and who held it
        in [start_us, end_us), oldest first (blocks on the directory)."""
        custody = self.directory.get_custody(camera_id, start_us, end_us)
        parts = []
        for interval in custody.intervals:
            custody_start = us_from_timestamp(interval.start_time)
            custody_end = None
            held_to = end_us
            if interval.HasField("end_time"):
                custody_end = us_from_timestamp(interval.end_time)
                held_to = min(end_us, custody_end)
            held_from = max(start_us, custody_start)
            if held_to > held_from:
                parts.append(
                    CustodyPart(
                        interval.server,
                        interval.address,
                        held_from,
                        held_to,
                        custody_start,
                        custody_end,
                    )
                )
        return custody.site_camera_id, parts

    def camera_timeline(
        self, camera_id: int, start_us: int, end_us: int, *, stream: StreamArg = "main"
    ) -> SiteTimeline:
        """What the site recorded of a camera (its id at the directory) in
        [start_us, end_us), from every server that held it then."""
        site_id, parts = self.custody_parts(camera_id, start_us, end_us)
        result = SiteTimeline(site_id)
        answers = self._ask_all(parts, lambda part: self._runs(site_id, part, stream), None)
        for part, (runs, error) in zip(parts, answers, strict=True):
            if error is not None:
                result.unreachable[part.server] = error
            result.runs.extend(runs or ())
        result.runs.sort(key=lambda run: (run.start_us, run.end_us))
        return result

    def camera_days(
        self,
        camera_id: int,
        year: int,
        month: int,
        *,
        stream: StreamArg = "main",
        time_zone: str = "",
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> SiteDays:
        """The calendar of a camera (its id at the directory) for a month, merged over
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
        camera_id: int,
        start_us: int,
        end_us: int,
        *,
        types: list[str] | None = None,
        subtypes: list[str] | None = None,
        limit: int = 1000,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> SiteEvents:
        """The events of a camera (its id at the directory) in [start_us, end_us),
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

    def export_camera(
        self,
        camera_id: int,
        start_us: int,
        end_us: int,
        folder: Path,
        *,
        prefix: str = "export",
        export_format: export_pb2.ExportFormat = export_pb2.EXPORT_FORMAT_MP4,
        stream: StreamArg = "main",
    ) -> SiteExport:
        """Export a camera (its id at the directory) in [start_us, end_us) into
        ``folder``: for each server that held it, what it recorded in its custody, as
        ``<prefix>-<NN>-<server>.<ext>`` with the server's signature beside it
        (``.vsig``), and ``<prefix>.json``, the manifest. Parts are exported one
        after the other; a part that fails is in the manifest with why, and the
        others are still exported. Blocks for as long as the exports take."""
        suffix = EXPORT_SUFFIXES.get(export_format)
        if suffix is None:
            raise InvalidArgument("a site export streams one file per server: mp4, mkv or avi")
        site_id, custody = self.custody_parts(camera_id, start_us, end_us)
        result = SiteExport(site_id, folder, f"{prefix}.json")
        folder.mkdir(parents=True, exist_ok=True)
        covered: list[tuple[int, int]] = []
        for held in custody:
            try:
                runs, error = self._runs(site_id, held, stream), None
            except VedetteError as exc:
                runs, error = [], exc.message
            if error is not None:
                part = ExportPart(
                    len(result.parts) + 1,
                    held.server,
                    held.held_from_us,
                    held.held_to_us,
                    address=held.address,
                    error=error,
                )
                result.parts.append(part)
                result.gaps.append(
                    ExportGap(
                        held.held_from_us, held.held_to_us, f"part {part.index} failed: {error}"
                    )
                )
                continue
            if not runs:
                continue
            part = ExportPart(
                len(result.parts) + 1,
                held.server,
                runs[0].start_us,
                max(run.end_us for run in runs),
                address=held.address,
            )
            part.file = f"{prefix}-{part.index:02d}-{held.server}.{suffix}"
            self._export_part(site_id, held, part, folder, export_format, stream)
            result.parts.append(part)
            if part.exported:
                covered.extend((run.start_us, run.end_us) for run in runs)
            else:
                result.gaps.append(
                    ExportGap(part.start_us, part.end_us, f"part {part.index} failed: {part.error}")
                )
        failed = [(gap.start_us, gap.end_us) for gap in result.gaps]
        custody_spans = [(part.held_from_us, part.held_to_us) for part in custody]
        for gap_from, gap_to in _uncovered(start_us, end_us, covered + failed):
            unheld = _uncovered(gap_from, gap_to, custody_spans)
            for piece_from, piece_to in _uncovered(gap_from, gap_to, unheld):
                result.gaps.append(ExportGap(piece_from, piece_to, "not recorded"))
            for piece_from, piece_to in unheld:
                result.gaps.append(ExportGap(piece_from, piece_to, "no server held the camera"))
        result.gaps.sort(key=lambda gap: gap.start_us)
        _write_manifest(result, camera_id, start_us, end_us, suffix, stream)
        return result

    def _export_part(
        self,
        site_id: str,
        held: CustodyPart,
        part: ExportPart,
        folder: Path,
        export_format: export_pb2.ExportFormat,
        stream: StreamArg,
    ) -> None:
        """Stream ``part`` from its server into ``folder``; fills in what the file and
        its signature say, or ``part.error``."""
        path = folder / part.file
        try:
            client, local = self._camera_on(held.server, held.address, site_id)
            # An older server may not say its key: the signature is still checked intact.
            with contextlib.suppress(VedetteError):
                info = client.get_server_info()
                part.server_id = info.server_id
                part.server_key_fingerprint = info.signing_key_fingerprint
            part.size_bytes = client.export_to_file(
                local,
                part.start_us,
                part.end_us,
                path,
                export_format=export_format,
                stream=stream,
            )
        except (VedetteError, OSError) as exc:
            part.error = exc.message if isinstance(exc, VedetteError) else str(exc)
            part.file = ""
            return
        part.sha256 = file_sha256(path)
        if path.with_name(path.name + SIGNATURE_SUFFIX).exists():
            verdict = verify_export(path, expected_key=part.server_key_fingerprint or None)
            part.signer_fingerprint = verdict.signer_fingerprint
            if not verdict.intact:
                part.error = "; ".join(verdict.lines())
            elif part.server_id and verdict.server_id != part.server_id:
                part.error = f"the signature names server {verdict.server_id}, not {part.server_id}"

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

    def _runs(self, site_camera_id: str, part: CustodyPart, stream: StreamArg) -> list[SiteRun]:
        """One server's runs of the camera, clipped to its custody, in order."""
        client, local = self._camera_on(part.server, part.address, site_camera_id)
        found = client.get_timeline([local], part.held_from_us, part.held_to_us, stream=stream)
        runs = []
        for line in found:
            for run in line.runs:
                run_from = max(part.held_from_us, us_from_timestamp(run.start_time))
                run_to = min(part.held_to_us, us_from_timestamp(run.end_time))
                if run_to > run_from:
                    runs.append(SiteRun(part.server, run_from, run_to))
        runs.sort(key=lambda run: run.start_us)
        return runs

    def close(self) -> None:
        with self._lock:
            clients = list(self._servers.values())
            self._servers.clear()
        for client in clients:
            client.close()
        if self.owns_directory:
            self.directory.close()


def _us(instant: dt.datetime) -> int:
    return (instant - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _uncovered(start_us: int, end_us: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of [start_us, end_us) that no span covers, in order."""
    holes = []
    at_us = start_us
    for span_from, span_to in sorted(spans):
        if span_from > at_us:
            holes.append((at_us, min(span_from, end_us)))
        at_us = max(at_us, span_to)
        if at_us >= end_us:
            break
    if at_us < end_us:
        holes.append((at_us, end_us))
    return [(a, b) for a, b in holes if b > a]


def _instant(instant_us: int) -> dict[str, Any]:
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=instant_us)
    return {"us": instant_us, "utc": moment.isoformat().replace("+00:00", "Z")}


def _write_manifest(
    export: SiteExport,
    camera_id: int,
    start_us: int,
    end_us: int,
    suffix: str,
    stream: StreamArg,
) -> None:
    """``export.manifest`` in ``export.folder``: what was asked, the parts in time
    order (failed ones with why) and the gaps. Not signed: each part's own ``.vsig``
    is the evidence; this says how the parts fit together."""
    document = {
        "format": SITE_EXPORT_FORMAT,
        "version": 1,
        "site_camera_id": export.site_camera_id,
        "directory_camera_id": camera_id,
        "start": _instant(start_us),
        "end": _instant(end_us),
        "container": suffix,
        "stream": stream if isinstance(stream, str) else int(stream),
        "complete": not export.failed,
        "parts": [
            {
                "index": part.index,
                "server": part.server,
                "start": _instant(part.start_us),
                "end": _instant(part.end_us),
                "exported": part.exported,
                "file": part.file or None,
                "signature": part.file + SIGNATURE_SUFFIX if part.signer_fingerprint else None,
                "size_bytes": part.size_bytes,
                "sha256": part.sha256 or None,
                "server_id": part.server_id or None,
                "signer_fingerprint": part.signer_fingerprint or None,
                "server_key_fingerprint": part.server_key_fingerprint or None,
                "error": part.error or None,
            }
            for part in export.parts
        ],
        "gaps": [
            {"start": _instant(gap.start_us), "end": _instant(gap.end_us), "why": gap.why}
            for gap in export.gaps
        ],
    }
    path = export.folder / export.manifest
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(document, indent=1) + "\n")
    partial.replace(path)
