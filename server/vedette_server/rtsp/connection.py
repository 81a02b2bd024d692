"""One client's RTSP control connection: requests in, responses and interleaved RTP out.

Invariants:
- Every request gets exactly one response, in order, with the request's CSeq.
- Nothing a client sends can raise out of this module or disturb another session:
  malformed requests get 400/505/413 and the connection goes on.
- Responses and interleaved RTP share the transport; each write is whole, so a
  response never lands inside an RTP frame.
- What a client makes the connection hold is bounded by the server's ``RtspLimits``:
  at most ``max_queued_requests`` requests wait for their response (past that the
  socket is not read, and TCP holds the client back), and no request is answered
  while more than ``max_pending_write_bytes`` wait to be sent. When the client goes,
  what it queued is dropped unanswered.
- A connection the server refused (over a connection cap) is answered 503, closed,
  and never reads a request.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import re
import socket
from collections.abc import Awaitable, Callable
from typing import Protocol
from urllib.parse import unquote, urlsplit

from vedette_server.rtsp.auth import AuthAttempt, AuthGuard, AuthThrottled, RtspAuthenticator
from vedette_server.rtsp.intake import RequestIntake
from vedette_server.rtsp.limits import DropReason, RtspLimits
from vedette_server.rtsp.message import (
    Headers,
    InterleavedFrame,
    RequestError,
    RtspRequest,
    RtspResponse,
    TransportSpec,
    parse_session_header,
    parse_transport,
)
from vedette_server.rtsp.sdp import SdpTrack, build_sdp
from vedette_server.rtsp.session import RtspSession, SessionState, TrackSetup, open_udp_pair
from vedette_server.rtsp.stream import Mount, TcpSubscriber, UdpSubscriber

log = logging.getLogger(__name__)

PUBLIC_METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER"
_NOT_ALLOWED = {"ANNOUNCE", "RECORD", "REDIRECT"}
_TRACK_RE = re.compile(r"^(?P<mount>.*?)/?trackID=(?P<index>\d+)$")
# What a connection over a cap is told before it is closed (no request read: no CSeq).
_SERVICE_UNAVAILABLE = RtspResponse(503).encode()


class RtspError(Exception):
    """A request that ends in an error status; ``headers`` are added to the response."""

    def __init__(self, status: int, detail: str, headers: Headers | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or Headers()


def request_path(uri: str) -> str:
    """The mount-relative path of a request URI (``rtsp://h:p/cam1/main`` → ``cam1/main``)."""
    if uri == "*":
        return ""
    parts = urlsplit(uri)
    path = parts.path if parts.scheme else uri.split("?", 1)[0]
    return unquote(path).strip("/")


class ConnectionHost(Protocol):
    """What a connection needs of its server (``RtspServer`` is one): its settings,
    the admission of connections, the mounts and the sessions, whose registry is the
    server's because a session outlives the connection that set it up."""

    limits: RtspLimits
    server_name: str
    authenticator: RtspAuthenticator | None
    guard: AuthGuard | None
    sessions: dict[str, RtspSession]
    udp_port_range: tuple[int, int]
    socket_send_buffer: int
    high_water_bytes: int
    low_water_bytes: int

    def admit(self, connection: RtspConnection) -> DropReason | None: ...

    def release(self, connection: RtspConnection) -> None: ...

    async def find_mount(self, path: str) -> Mount | None: ...

    def may_access(self, user: str | None, mount: Mount) -> bool: ...

    def note_auth_failure(self, peer: str, path: str) -> None: ...

    def new_session(self, mount: Mount, peer: str, user: str | None) -> RtspSession: ...

    def end_session(self, session: RtspSession) -> None: ...


class RtspConnection(asyncio.Protocol):
    """asyncio protocol for one TCP connection of an RTSP client."""

    def __init__(self, server: ConnectionHost) -> None:
        self.server = server
        self.intake = RequestIntake(server.limits.max_queued_requests, self._on_frame)
        self.transport: asyncio.Transport | None = None
        self.peer_host = ""
        self.local_host = ""
        self.sessions: dict[str, RtspSession] = {}
        self._worker: asyncio.Task[None] | None = None
        self._work = asyncio.Event()  # set when a request is queued or the client left
        self._writable = asyncio.Event()  # clear while too much output waits to be sent
        self._writable.set()
        self._admitted = False
        self._lost = False
        self._dropped = False
        # Work that must follow the response on the wire (PLAY's first packets).
        self._after_response: Callable[[], None] | None = None

    # -- asyncio.Protocol -------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername") or ("", 0)
        local = transport.get_extra_info("sockname") or ("", 0)
        self.peer_host, self.local_host = peer[0], local[0]
        if self.server.admit(self) is not None:
            # One write of a constant and a close: a flood costs no more than its accepts.
            transport.write(_SERVICE_UNAVAILABLE)
            transport.close()
            return
        self._admitted = True
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # A bounded kernel buffer bounds a slow client's latency: past it (and the
            # high-water mark) the client is skipped to the next keyframe.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.server.socket_send_buffer)
        # Interleaved RTP never waits for the buffer (subscribers check its size and
        # skip to a keyframe); the request worker waits while it is past the pending
        # limit, until it is back at the RTP low-water mark, where video resumes too.
        high = self.server.limits.max_pending_write_bytes
        transport.set_write_buffer_limits(high=high, low=min(high, self.server.low_water_bytes))
        self._worker = asyncio.get_running_loop().create_task(self._serve_requests())

    def data_received(self, data: bytes) -> None:
        self.intake.receive(data)
        self._after_intake()

    def _on_frame(self, frame: InterleavedFrame) -> None:
        # Client RTCP (receiver reports) over the connection: a keep-alive.
        for session in self.sessions.values():
            session.touch()

    def _after_intake(self) -> None:
        """Wake the worker, and read the socket only while the request queue has room."""
        if self.intake.queued:
            self._work.set()
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        if self.intake.wants_more:
            if not transport.is_reading():
                transport.resume_reading()
        elif transport.is_reading():
            transport.pause_reading()

    def pause_writing(self) -> None:
        self._writable.clear()

    def resume_writing(self) -> None:
        self._writable.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self.intake.clear()  # queued requests of a client that left are not answered
        self._work.set()
        self._writable.set()
        self._end_sessions()
        if self._admitted:
            self.server.release(self)

    def _end_sessions(self) -> None:
        for session in list(self.sessions.values()):
            self.server.end_session(session)
        self.sessions.clear()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def drop(self) -> None:
        """Close now; unsent bytes are discarded when there are any (a client that does
        not read would otherwise keep the socket open until it did)."""
        transport = self.transport
        if transport is None:
            return
        self._dropped = True
        if transport.is_closing() or transport.get_write_buffer_size():
            transport.abort()
        else:
            transport.close()

    def overdue(self, now_s: float, limits: RtspLimits) -> DropReason | None:
        """Which timeout this connection is past at ``now_s`` (monotonic), if any: a
        request arriving for longer than the header timeout, or no session and no
        request for longer than the idle timeout. None once dropped."""
        if self._dropped:
            return None
        intake = self.intake
        started = intake.partial_since
        if started is not None and now_s - started > limits.header_timeout_s:
            return DropReason.HEADER_TIMEOUT
        if not self.sessions and now_s - intake.last_request_s > limits.idle_timeout_s:
            return DropReason.IDLE_TIMEOUT
        return None

    # -- request handling -------------------------------------------------------

    async def _serve_requests(self) -> None:
        while not self._lost:
            if not self._writable.is_set():
                await self._writable.wait()  # the client is not reading its responses
                continue
            event = self.intake.take()
            if event is None:
                self._work.clear()
                await self._work.wait()
                continue
            self._after_intake()  # the queue has room again
            if isinstance(event, RequestError):
                self._send(RtspResponse(event.status, _cseq_headers(event.cseq)))
                if event.status == 413 and self.transport is not None:
                    self.transport.close()  # resynchronising after a flood is not worth it
                    return
                continue
            try:
                await self._handle(event)
            except Exception:  # a bug must cost one request, never the server
                log.exception("RTSP %s %s from %s failed", event.method, event.uri, self.peer_host)
                self._send(RtspResponse(500, _cseq_headers(event.cseq)))
        self._end_sessions()  # one a request set up while its client was leaving

    async def _handle(self, request: RtspRequest) -> None:
        handler = self._handlers().get(request.method)
        try:
            if handler is None:
                status = 405 if request.method in _NOT_ALLOWED else 501
                raise RtspError(status, f"method {request.method} not supported")
            if "Require" in request.headers:
                raise RtspError(
                    551,
                    "no option is supported",
                    Headers([("Unsupported", request.headers.get("Require") or "")]),
                )
            response = await handler(request)
        except RtspError as error:
            response = RtspResponse(error.status, error.headers)
            if error.status in (405, 501):
                response.headers.set("Allow", PUBLIC_METHODS)
            log.debug("RTSP %s %s → %d %s", request.method, request.uri, error.status, error.detail)
        cseq = request.cseq
        if cseq is not None:
            response.headers.set("CSeq", cseq)
        response.headers.set("Server", self.server.server_name)
        response.headers.set("Date", email.utils.formatdate(usegmt=True))
        self._send(response)
        after, self._after_response = self._after_response, None
        if after is not None and response.status == 200:
            after()

    def _handlers(self) -> dict[str, Callable[[RtspRequest], Awaitable[RtspResponse]]]:
        return {
            "OPTIONS": self._options,
            "DESCRIBE": self._describe,
            "SETUP": self._setup,
            "PLAY": self._play,
            "PAUSE": self._pause,
            "TEARDOWN": self._teardown,
            "GET_PARAMETER": self._get_parameter,
            "SET_PARAMETER": self._get_parameter,
        }

    def _send(self, response: RtspResponse) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(response.encode())

    # -- helpers ----------------------------------------------------------------

    async def _mount(self, path: str) -> Mount:
        mount = await self.server.find_mount(path)
        if mount is None:
            raise RtspError(404, f"no stream at {path!r}")
        return mount

    def _authenticate(self, request: RtspRequest, mount: Mount) -> str | None:
        """The authenticated user allowed to view ``mount`` (None when the server is
        open); raises 401 or 503 (see ``_credentials`` and ``_allow``)."""
        user = self._credentials(request, mount.path)
        self._allow(user, mount)
        return user

    def _credentials(self, request: RtspRequest, path: str) -> str | None:
        """The user whose credentials the request carries (None when the server is
        open); raises 401 or 503. Checked before the path is looked up, so a client
        without credentials learns nothing of which streams exist (401 for any path)
        and costs no lookup.

        Credentials go through the server's guard (when it has one) before they are
        checked: a throttled user or address gets 503 with Retry-After and nothing
        is checked.
        """
        authenticator = self.server.authenticator
        if authenticator is None:
            return None
        header = request.headers.get("Authorization")
        user: str | None = None
        stale = False
        if header is not None and header.strip():
            attempt = self._admit_credentials(authenticator.claimed_user(header))
            result = authenticator.authenticate(request.method, header)
            user, stale = result.user, result.stale
            if attempt is not None:
                if user is not None:
                    attempt.succeeded()
                elif stale:
                    attempt.abandon()  # right credentials on an old nonce: not a guess
                else:
                    attempt.failed(result.reason)
        if user is not None:
            return user
        if header is not None and not stale:
            self.server.note_auth_failure(self.peer_host, path)
        raise self._challenge(stale)

    def _allow(self, user: str | None, mount: Mount) -> None:
        """Raise the same 401 as for wrong credentials when ``user`` may not view
        ``mount``, so a guess never learns that its password was right."""
        if mount.refuse_auth or (
            self.server.authenticator is not None and not self.server.may_access(user, mount)
        ):
            raise self._challenge(stale=False)

    def _challenge(self, stale: bool) -> RtspError:
        challenge = Headers()
        authenticator = self.server.authenticator
        if authenticator is not None:
            for value in authenticator.challenge(stale=stale):
                challenge.add("WWW-Authenticate", value)
        else:
            challenge.add("WWW-Authenticate", 'Basic realm="vedette"')
        return RtspError(401, "authentication required", challenge)

    def _admit_credentials(self, claimed: str) -> AuthAttempt | None:
        guard = self.server.guard
        if guard is None:
            return None
        try:
            return guard.begin(claimed, self.peer_host)
        except AuthThrottled as throttled:
            retry = str(max(1, math.ceil(throttled.retry_after_s)))
            raise RtspError(
                503, "too many failed logins", Headers([("Retry-After", retry)])
            ) from None

    def _session(self, request: RtspRequest) -> RtspSession:
        value = request.headers.get("Session")
        if value is None:
            raise RtspError(454, "no Session header")
        try:
            session_id = parse_session_header(value)
        except ValueError:
            raise RtspError(454, "malformed Session header") from None
        session = self.server.sessions.get(session_id)
        if session is None or session.state is SessionState.CLOSED:
            raise RtspError(454, "unknown session")
        session.touch()
        return session

    def _session_header(self, session: RtspSession) -> str:
        return f"{session.id};timeout={int(session.timeout_s)}"

    # -- methods ----------------------------------------------------------------

    async def _options(self, request: RtspRequest) -> RtspResponse:
        if "Session" in request.headers:
            self._session(request)
        return RtspResponse(200, Headers([("Public", PUBLIC_METHODS)]))

    async def _describe(self, request: RtspRequest) -> RtspResponse:
        path = request_path(request.uri)
        user = self._credentials(request, path)
        mount = await self._mount(path)
        self._allow(user, mount)
        if mount.unavailable:
            raise RtspError(503, f"{mount.path} is unavailable")
        tracks = [
            SdpTrack(mount.track_control(i), track.payloader, track.params.frame_rate or None)
            for i, track in enumerate(mount.tracks)
        ]
        sdp = build_sdp(
            mount.title or mount.path, tracks, origin_address=self.local_host or "127.0.0.1"
        )
        base = request.uri if request.uri.endswith("/") else request.uri + "/"
        headers = Headers([("Content-Type", "application/sdp"), ("Content-Base", base)])
        return RtspResponse(200, headers, sdp.encode())

    async def _setup_target(self, request: RtspRequest) -> tuple[str | None, Mount, int]:
        """(the user, the mount, the track index) of a SETUP; credentials first."""
        path = request_path(request.uri)
        user = self._credentials(request, path)
        match = _TRACK_RE.match(path)
        if match:
            mount = await self._mount(match["mount"])
            index = int(match["index"])
        else:
            mount = await self._mount(path)
            index = 0
        self._allow(user, mount)
        if index >= len(mount.tracks):
            raise RtspError(404, f"{mount.path} has no track {index}")
        return user, mount, index

    def _check_session_room(self, user: str | None) -> None:
        """Refuse (503) a new session past the connection's or the user's bound."""
        limits = self.server.limits
        if len(self.sessions) >= limits.max_sessions_per_connection:
            raise RtspError(
                503, f"at most {limits.max_sessions_per_connection} sessions per connection"
            )
        most = limits.max_sessions_per_user
        if user is not None and most is not None:
            open_now = sum(1 for s in self.server.sessions.values() if s.user == user)
            if open_now >= most:
                raise RtspError(503, f"user {user!r} already has {open_now} RTSP sessions")

    async def _setup(self, request: RtspRequest) -> RtspResponse:
        user, mount, index = await self._setup_target(request)
        if mount.unavailable:
            raise RtspError(503, f"{mount.path} is unavailable")
        session: RtspSession | None = None
        if "Session" in request.headers:
            session = self._session(request)
            if session.mount is not mount:
                raise RtspError(459, "aggregate operation not allowed across streams")
            if session.state is SessionState.PLAYING:
                raise RtspError(455, "cannot SETUP while playing")
        value = request.headers.get("Transport")
        if value is None:
            raise RtspError(461, "missing Transport header")
        try:
            specs = parse_transport(value)
        except ValueError as error:
            raise RtspError(461, f"bad Transport: {error}") from None
        if session is None:
            self._check_session_room(user)
            session = self.server.new_session(mount, self.peer_host, user)
            self.sessions[session.id] = session
        try:
            setup = await self._choose_transport(session, index, specs)
        except RtspError:
            if not session.setups:
                self.server.end_session(session)
                self.sessions.pop(session.id, None)
            raise
        old = session.setups.get(index)
        if old is not None and isinstance(old.subscriber, UdpSubscriber):
            old.subscriber.close()
        session.setups[index] = setup
        headers = Headers(
            [("Transport", setup.transport_header), ("Session", self._session_header(session))]
        )
        return RtspResponse(200, headers)

    async def _choose_transport(
        self, session: RtspSession, index: int, specs: list[TransportSpec]
    ) -> TrackSetup:
        track = session.mount.tracks[index]
        for spec in specs:
            if spec.profile != "RTP/AVP" or not spec.unicast:
                continue
            if spec.destination not in (None, "", self.peer_host):
                continue  # never send media to a third party
            if spec.lower == "TCP":
                channels = spec.interleaved or (2 * index, 2 * index + 1)
                if channels[0] > 254:
                    continue
                assert self.transport is not None
                tcp = TcpSubscriber(
                    self.transport,
                    channels[0],
                    high_water_bytes=self.server.high_water_bytes,
                    low_water_bytes=self.server.low_water_bytes,
                )
                reply = TransportSpec(
                    profile="RTP/AVP",
                    lower="TCP",
                    unicast=True,
                    interleaved=(channels[0], channels[0] + 1),
                    ssrc=track.ssrc,
                )
                return TrackSetup(index, tcp, reply.header_value())
            if spec.lower == "UDP" and spec.client_port is not None:
                ref: list[RtspSession | None] = [session]
                rtp, rtcp, ports = await open_udp_pair(
                    self.local_host or "0.0.0.0", self.server.udp_port_range, ref
                )
                udp = UdpSubscriber(rtp, rtcp, self.peer_host, spec.client_port)
                reply = TransportSpec(
                    profile="RTP/AVP",
                    lower="UDP",
                    unicast=True,
                    client_port=spec.client_port,
                    server_port=ports,
                    ssrc=track.ssrc,
                )
                return TrackSetup(index, udp, reply.header_value())
        raise RtspError(461, "no supported transport (unicast RTP/AVP over UDP or TCP)")

    async def _play(self, request: RtspRequest) -> RtspResponse:
        session = self._session(request)
        self._authenticate(request, session.mount)
        if not session.setups:
            raise RtspError(455, "PLAY before SETUP")
        base = request.uri.rstrip("/")
        if _TRACK_RE.match(request_path(request.uri)):
            base = base.rsplit("/", 1)[0]
        info = session.play()
        rtp_info = ",".join(
            f"url={base}/{session.mount.track_control(i)};seq={seq};rtptime={rtptime}"
            for i, seq, rtptime in info
        )
        headers = Headers(
            [
                ("Session", self._session_header(session)),
                ("Range", "npt=now-"),
                ("RTP-Info", rtp_info),
            ]
        )
        cname = f"vedette@{self.local_host}"
        self._after_response = lambda: session.start_delivery(cname)
        return RtspResponse(200, headers)

    async def _pause(self, request: RtspRequest) -> RtspResponse:
        session = self._session(request)
        self._authenticate(request, session.mount)
        if not session.setups:
            raise RtspError(455, "PAUSE before SETUP")
        session.pause()
        return RtspResponse(200, Headers([("Session", self._session_header(session))]))

    async def _teardown(self, request: RtspRequest) -> RtspResponse:
        session = self._session(request)
        self._authenticate(request, session.mount)
        self.server.end_session(session)
        self.sessions.pop(session.id, None)
        return RtspResponse(200, Headers([("Session", session.id)]))

    async def _get_parameter(self, request: RtspRequest) -> RtspResponse:
        headers = Headers()
        if "Session" in request.headers:
            session = self._session(request)
            headers.set("Session", self._session_header(session))
        return RtspResponse(200, headers)


def _cseq_headers(cseq: str | None) -> Headers:
    headers = Headers()
    if cseq is not None:
        headers.set("CSeq", cseq)
    headers.set("Date", email.utils.formatdate(usegmt=True))
    return headers
