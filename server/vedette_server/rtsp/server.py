"""Vedette's RTSP 1.0 server (RFC 2326): mounts, sessions, timeouts and sender reports.

Used by camsim (simulated cameras) and by the recording server's re-streaming.

Invariants:
- The server owns every session; a session ends by TEARDOWN, by its connection
  closing, or by staying silent (no request, no RTCP) longer than its timeout.
- Mounts can be added and removed while clients are connected; removing a mount
  ends its sessions.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

from vedette_server.rtsp.auth import RtspAuthenticator
from vedette_server.rtsp.connection import RtspConnection
from vedette_server.rtsp.session import RtspSession
from vedette_server.rtsp.stream import (
    DEFAULT_HIGH_WATER_BYTES,
    DEFAULT_LOW_WATER_BYTES,
    Mount,
)

log = logging.getLogger(__name__)


class RtspServer:
    """Serves mounts (``cam1/main``) to RTSP clients over TCP-interleaved or UDP RTP."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8554,
        authenticator: RtspAuthenticator | None = None,
        authorizer: Callable[[str | None, Mount], bool] | None = None,
        resolver: Callable[[str], Mount | Awaitable[Mount | None] | None] | None = None,
        session_timeout_s: float = 60.0,
        sender_report_interval_s: float = 5.0,
        udp_port_range: tuple[int, int] = (40000, 60000),
        high_water_bytes: int = DEFAULT_HIGH_WATER_BYTES,
        low_water_bytes: int = DEFAULT_LOW_WATER_BYTES,
        socket_send_buffer: int = 512 << 10,
        server_name: str = "Vedette RTSP",
    ) -> None:
        self.host = host
        self.port = port
        self.authenticator = authenticator
        self.authorizer = authorizer
        self.resolver = resolver
        self.session_timeout_s = session_timeout_s
        self.sender_report_interval_s = sender_report_interval_s
        self.udp_port_range = udp_port_range
        self.high_water_bytes = high_water_bytes
        self.low_water_bytes = low_water_bytes
        self.socket_send_buffer = socket_send_buffer
        self.server_name = server_name
        self.mounts: dict[str, Mount] = {}
        self.sessions: dict[str, RtspSession] = {}
        self.connections: set[RtspConnection] = set()
        self.auth_failures = 0
        self._server: asyncio.Server | None = None
        self._housekeeping: asyncio.Task[None] | None = None

    # -- lifecycle --------------------------------------------------------------

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: RtspConnection(self), self.host, self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._housekeeping = loop.create_task(self._housekeep())
        log.info("RTSP server listening on %s:%d", self.host, self.port)

    async def aclose(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping.cancel()
        if self._server is not None:
            self._server.close()
        for session in list(self.sessions.values()):
            self.end_session(session)
        for connection in list(self.connections):
            connection.close()
        if self._server is not None:
            await self._server.wait_closed()

    # -- mounts -----------------------------------------------------------------

    def add_mount(self, mount: Mount) -> None:
        self.mounts[mount.path.strip("/")] = mount

    def remove_mount(self, path: str) -> None:
        mount = self.mounts.pop(path.strip("/"), None)
        if mount is not None:
            self.close_mount_sessions(mount)

    async def find_mount(self, path: str) -> Mount | None:
        """The mount at ``path``: an added one, else what the resolver (which may be a
        coroutine function, e.g. one that looks the path up in a database) makes of it."""
        mount = self.mounts.get(path)
        if mount is None and self.resolver is not None:
            found = self.resolver(path)
            mount = await found if inspect.isawaitable(found) else found
        return mount

    def close_mount_sessions(self, mount: Mount) -> int:
        """Drop every client of ``mount`` by closing its connection; returns how many."""
        closed = 0
        for connection in list(self.connections):
            if any(s.mount is mount for s in connection.sessions.values()):
                connection.close()
                closed += 1
        return closed

    # -- sessions ---------------------------------------------------------------

    def new_session(self, mount: Mount, peer: str, user: str | None) -> RtspSession:
        session = RtspSession(mount, peer, user, self.session_timeout_s)
        self.sessions[session.id] = session
        return session

    def end_session(self, session: RtspSession) -> None:
        session.close()
        self.sessions.pop(session.id, None)

    def may_access(self, user: str | None, mount: Mount) -> bool:
        return self.authorizer is None or self.authorizer(user, mount)

    def note_auth_failure(self, peer: str, path: str) -> None:
        self.auth_failures += 1
        log.info("RTSP authentication failed from %s for %s", peer, path)

    async def _housekeep(self) -> None:
        last_report = time.monotonic()
        while True:
            await asyncio.sleep(1.0)
            now = time.monotonic()
            for session in list(self.sessions.values()):
                if session.expired(now):
                    log.info("RTSP session %s of %s timed out", session.id, session.peer)
                    self.end_session(session)
                    for connection in self.connections:
                        connection.sessions.pop(session.id, None)
            if now - last_report >= self.sender_report_interval_s:
                last_report = now
                for session in self.sessions.values():
                    session.send_sender_reports(f"vedette@{self.host}")
