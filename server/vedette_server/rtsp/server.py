"""Vedette's RTSP 1.0 server (RFC 2326): mounts, sessions, timeouts and sender reports.

Used by camsim (simulated cameras) and by the recording server's re-streaming.

Invariants:
- The server owns every session; a session ends by TEARDOWN, by its connection
  closing, or by staying silent (no request, no RTCP) longer than its timeout.
- Mounts can be added and removed while clients are connected; removing a mount
  ends its sessions.
- The listener keeps its ``RtspLimits``: at most ``max_connections`` connections, and
  ``max_connections_per_address`` from one address, are open at once (others are
  answered 503 and closed as they arrive); a connection is closed when a request takes
  longer than ``header_timeout_s`` to arrive, or when it has no session and has sent
  no request for ``idle_timeout_s``. Refusals and closures are counted in
  ``counters`` and logged at most once per ``report_interval_s``.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

from vedette_server.rtsp.auth import AuthGuard, RtspAuthenticator
from vedette_server.rtsp.connection import RtspConnection
from vedette_server.rtsp.limits import DropReason, ListenerCounters, RtspLimits
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
        guard: AuthGuard | None = None,
        authorizer: Callable[[str | None, Mount], bool] | None = None,
        resolver: Callable[[str], Mount | Awaitable[Mount | None] | None] | None = None,
        session_timeout_s: float = 60.0,
        sender_report_interval_s: float = 5.0,
        udp_port_range: tuple[int, int] = (40000, 60000),
        high_water_bytes: int = DEFAULT_HIGH_WATER_BYTES,
        low_water_bytes: int = DEFAULT_LOW_WATER_BYTES,
        socket_send_buffer: int = 512 << 10,
        server_name: str = "Vedette RTSP",
        limits: RtspLimits | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.authenticator = authenticator
        #: Throttles, locks out and logs credential checks (None: checks are free).
        self.guard = guard
        self.authorizer = authorizer
        self.resolver = resolver
        self.session_timeout_s = session_timeout_s
        self.sender_report_interval_s = sender_report_interval_s
        self.udp_port_range = udp_port_range
        self.high_water_bytes = high_water_bytes
        self.low_water_bytes = low_water_bytes
        self.socket_send_buffer = socket_send_buffer
        self.server_name = server_name
        self.limits = limits or RtspLimits()
        #: Connections refused or closed by the limits (logged once per interval).
        self.counters = ListenerCounters(self.limits.report_interval_s)
        self.mounts: dict[str, Mount] = {}
        self.sessions: dict[str, RtspSession] = {}
        self.connections: set[RtspConnection] = set()
        self.auth_failures = 0
        self._server: asyncio.Server | None = None
        self._housekeeping: asyncio.Task[None] | None = None
        self._limits_task: asyncio.Task[None] | None = None
        self._per_address: dict[str, int] = {}

    # -- lifecycle --------------------------------------------------------------

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: RtspConnection(self), self.host, self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._housekeeping = loop.create_task(self._housekeep())
        self._limits_task = loop.create_task(self._enforce_limits())
        log.info("RTSP server listening on %s:%d", self.host, self.port)

    async def aclose(self) -> None:
        for task in (self._housekeeping, self._limits_task):
            if task is not None:
                task.cancel()
        if self._server is not None:
            self._server.close()
        for session in list(self.sessions.values()):
            self.end_session(session)
        for connection in list(self.connections):
            connection.close()
        if self._server is not None:
            await self._server.wait_closed()

    # -- connections and their limits --------------------------------------------

    def admit(self, connection: RtspConnection) -> DropReason | None:
        """Register a new connection, or say why it is refused (and count that)."""
        reason: DropReason | None = None
        if len(self.connections) >= self.limits.max_connections:
            reason = DropReason.MAX_CONNECTIONS
        elif (
            self._per_address.get(connection.peer_host, 0)
            >= self.limits.max_connections_per_address
        ):
            reason = DropReason.MAX_CONNECTIONS_PER_ADDRESS
        if reason is not None:
            self.counters.count(reason)
            return reason
        self.connections.add(connection)
        host = connection.peer_host
        self._per_address[host] = self._per_address.get(host, 0) + 1
        return None

    def release(self, connection: RtspConnection) -> None:
        """Forget a closed connection that ``admit`` registered."""
        if connection not in self.connections:
            return
        self.connections.discard(connection)
        host = connection.peer_host
        left = self._per_address.get(host, 0) - 1
        if left > 0:
            self._per_address[host] = left
        else:
            self._per_address.pop(host, None)

    async def _enforce_limits(self) -> None:
        """Close connections past their header or idle timeout; report the counters."""
        limits = self.limits
        while True:
            await asyncio.sleep(limits.check_interval_s)
            try:
                self._close_overdue(time.monotonic())
            except Exception:  # a bug here must not switch the limits off for good
                log.exception(
                    "RTSP server on %s:%d: checking the limits failed", self.host, self.port
                )

    def _close_overdue(self, now: float) -> None:
        for connection in list(self.connections):
            reason = connection.overdue(now, self.limits)
            if reason is not None:
                self.counters.count(reason)
                connection.drop()
        line = self.counters.report(now)
        if line is not None:
            log.warning("RTSP server on %s:%d %s", self.host, self.port, line)

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
