"""``SiteSession``: one sign-in at a site directory, and sessions on its member
servers opened with site tokens (single sign-on), for what spans servers: the merged
timeline of a camera that moved between servers (docs/sites.md).

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
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from vedette_api.client.closing import Closeable
from vedette_api.client.session import Client
from vedette_api.client.streams import StreamArg
from vedette_api.errors import VedetteError
from vedette_api.timestamps import us_from_timestamp

#: A site token is asked for again when it has less than this left.
TOKEN_MARGIN_S = 60.0


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
        if time.time() > self._token_expires_s - TOKEN_MARGIN_S:
            issued = self.directory.issue_site_token()
            self._token = issued.site_token
            self._token_expires_s = us_from_timestamp(issued.expire_time) / 1e6
        return self._token

    def server(self, name: str, address: str) -> Client:
        """The session on member ``name`` at ``address`` (opened on first use)."""
        with self._lock:
            return self._server(name, address)

    def _server(self, name: str, address: str) -> Client:
        client = self._servers.get(name)
        if client is None:
            client = Client.connect_with_site_token(
                address,
                self.site_token(),
                known_servers_path=self._known,
                trust_new=self._trust_new,
                timeout_s=self._timeout_s,
            )
            self._servers[name] = client
        return client

    def camera_timeline(
        self, camera_id: int, start_us: int, end_us: int, *, stream: StreamArg = "main"
    ) -> SiteTimeline:
        """What the site recorded of a camera (its id at the directory) in
        [start_us, end_us), from every server that held it then."""
        custody = self.directory.get_custody(camera_id, start_us, end_us)
        result = SiteTimeline(custody.site_camera_id)
        parts: list[tuple[str, str, int, int]] = []
        for interval in custody.intervals:
            held_from = max(start_us, us_from_timestamp(interval.start_time))
            held_to = end_us
            if interval.HasField("end_time"):
                held_to = min(end_us, us_from_timestamp(interval.end_time))
            if held_to > held_from:
                parts.append((interval.server, interval.address, held_from, held_to))
        site_id = custody.site_camera_id
        if len(parts) <= 1:  # the usual case: one server, asked on this thread
            answers = [self._part(site_id, part, stream) for part in parts]
        else:  # several servers: asked at once
            with ThreadPoolExecutor(max_workers=min(8, len(parts))) as pool:
                answers = list(pool.map(lambda part: self._part(site_id, part, stream), parts))
        for (server, _, _, _), (runs, error) in zip(parts, answers, strict=True):
            if error is not None:
                result.unreachable[server] = error
            result.runs.extend(runs)
        result.runs.sort(key=lambda run: (run.start_us, run.end_us))
        return result

    def _local_id(self, server: str, client: Client, site_camera_id: str) -> int | None:
        key = (server, site_camera_id)
        if key not in self._local_ids:
            for camera in client.list_cameras():
                if camera.site_camera_id:
                    self._local_ids[(server, camera.site_camera_id)] = camera.id
        return self._local_ids.get(key)

    def _part(
        self, site_camera_id: str, part: tuple[str, str, int, int], stream: StreamArg
    ) -> tuple[list[SiteRun], str | None]:
        """One server's runs of the camera, clipped to its custody; or why not."""
        server, address, held_from, held_to = part
        try:
            client = self.server(server, address)
            local = self._local_id(server, client, site_camera_id)
            if local is None:
                return [], "has not received the camera yet"
            found = client.get_timeline([local], held_from, held_to, stream=stream)
        except VedetteError as exc:
            return [], exc.message
        runs = []
        for line in found:
            for run in line.runs:
                run_from = max(held_from, us_from_timestamp(run.start_time))
                run_to = min(held_to, us_from_timestamp(run.end_time))
                if run_to > run_from:
                    runs.append(SiteRun(server, run_from, run_to))
        return runs, None

    def close(self) -> None:
        for client in self._servers.values():
            client.close()
        self._servers.clear()
        if self.owns_directory:
            self.directory.close()
